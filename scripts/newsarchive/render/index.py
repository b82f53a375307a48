"""The index: every article sorted once and grouped in dicts, so no page scans the archive."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Article, Event, Tag
from .common import clean, normalize_lang, page_url, slugify, unique_slugs
from .i18n import ENGLISH, WORDS, Edition


def event_src(event_id: str) -> str:
    """Where a key event's own page is: `events/<id>/index.md`."""
    return f"events/{slugify(event_id)}/index.md"


def feed_path(src: str) -> str:
    """The Atom feed beside a list page: `tags/lawsuits/index.md` -> `tags/lawsuits/feed.xml`."""
    return src.removesuffix("index.md") + "feed.xml"


@dataclass
class Item:
    """An article with the site URL of its page and its position in the newest-first order."""

    article: Article
    url: str
    pos: int = 0


@dataclass
class ArchiveIndex:
    items: list[Item]  # newest first, undated last
    tags: dict[str, Tag]
    events: dict[str, Event]
    directory_urls: bool = True
    dated: list[Item] = field(default_factory=list)
    by_source: dict[str, list[Item]] = field(default_factory=dict)
    by_tag: dict[str, list[Item]] = field(default_factory=dict)
    by_lang: dict[str, list[Item]] = field(default_factory=dict)
    by_event: dict[str, list[Item]] = field(default_factory=dict)
    highlighted: list[Item] = field(default_factory=list)  # essential reading, newest first
    source_slugs: dict[str, str] = field(default_factory=dict)
    tag_slugs: dict[str, str] = field(default_factory=dict)
    lang_slugs: dict[str, str] = field(default_factory=dict)
    # (id(item), edition) -> (item, its list row with relocatable links): see `article_row`;
    # ("story", id(item or event), edition) -> the same for its row under other articles
    # (story.py).
    row_cache: dict[tuple, tuple[object, str | None]] = field(
        default_factory=dict, repr=False, compare=False)

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.directory_urls)

    def page(self, src_uri: str, ed: Edition = ENGLISH) -> str:
        """Site URL of a generated page in an edition: `timeline/index.md` -> `fr/timeline/`."""
        return self.url(ed.src(src_uri))

    def source_url(self, source: str, ed: Edition = ENGLISH) -> str:
        return self.page(f"sources/{self.source_slugs[source]}/index.md", ed)

    def tag_url(self, tag: str, ed: Edition = ENGLISH) -> str:
        return self.page(f"tags/{self.tag_slugs[tag]}/index.md", ed)

    def lang_url(self, lang: str, ed: Edition = ENGLISH) -> str:
        return self.page(f"languages/{self.lang_slugs[normalize_lang(lang)]}/index.md", ed)

    def event_url(self, event_id: str, ed: Edition = ENGLISH) -> str:
        return self.page(event_src(event_id), ed)

    def tag_ids(self, lang: str = "en") -> list[str]:
        """Every tag with a page: the vocabulary's and any other an article carries, by label."""
        return sorted(set(self.tags) | set(self.by_tag),
                      key=lambda t: (WORDS[lang].sort_key(clean(self.tag_label(t, lang))), t))

    def sorted_events(self) -> list[Event]:
        """Key events oldest first; a stable sort, so events on one date keep events.yml's
        order."""
        return sorted(self.events.values(), key=lambda e: e.date)

    def tag_label(self, tag: str, lang: str = "en") -> str:
        known = self.tags.get(tag)
        return known.text(lang).label if known else tag

    def tag_description(self, tag: str, lang: str = "en") -> str:
        known = self.tags.get(tag)
        return known.text(lang).description if known else ""

    def unknown_events(self) -> list[tuple[Item, str]]:
        """(article, event id) for each event an article names that events.yml does not."""
        return [(item, eid) for eid, items in self.by_event.items() if eid not in self.events
                for item in items]


def sort_key(article: Article) -> tuple:
    """Newest first; same instant broken by id; undated last, by title then id."""
    if article.date is None:
        return (1, 0.0, clean(article.title).casefold(), article.id)
    return (0, -article.date.timestamp(), article.id, "")


def build_index(
    pages: Iterable[tuple[Article, str]],
    tags: dict[str, Tag] | None = None,
    events: dict[str, Event] | None = None,
    *,
    directory_urls: bool = True,
) -> ArchiveIndex:
    """Sort (article, site URL) pairs once and group them by source, tag, language and event,
    and gather the highlighted ones."""
    items = [Item(a, url) for a, url in sorted(pages, key=lambda p: sort_key(p[0]))]
    index = ArchiveIndex(items=items, tags=dict(tags or {}), events=dict(events or {}),
                         directory_urls=directory_urls)
    for pos, item in enumerate(items):
        item.pos = pos
        a = item.article
        if a.date is not None:
            index.dated.append(item)
        index.by_source.setdefault(a.source, []).append(item)
        index.by_lang.setdefault(normalize_lang(a.lang), []).append(item)
        for tag in dict.fromkeys(a.tags):
            index.by_tag.setdefault(tag, []).append(item)
        for eid in dict.fromkeys(a.events):
            index.by_event.setdefault(eid, []).append(item)
        if a.highlight:
            index.highlighted.append(item)
    index.source_slugs = unique_slugs(index.by_source)
    index.tag_slugs = unique_slugs(
        set(index.by_tag) | set(index.tags),
        reserved={t: slugify(t) or t for t in index.tags},
    )
    index.lang_slugs = unique_slugs(index.by_lang, reserved={
        code: code.lower() for code in index.by_lang if re.fullmatch(r"[A-Za-z0-9-]+", code)})
    return index

