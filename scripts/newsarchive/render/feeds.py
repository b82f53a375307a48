"""Feeds for readers: Atom, the newest entries of the archive, of a tag or of a key event, with
dates from front matter. (The exports for researchers are in `exports.py`.)"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from ..model import Event
from .common import absolute, clean, http_url, iso, shown_title
from .i18n import ENGLISH, WORDS, Edition
from .index import ArchiveIndex, Item, event_src, feed_path
from .pages import FeedLink

FEED_SIZE = 50
DEFAULT_SITE_NAME = "News archive"  # MkDocs' site_name is required: only tests use this
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Feed:
    """One Atom feed: where it is written, the page it follows, its words and its articles."""

    path: str  # site path of the feed file: "feed.xml", "fr/tags/lawsuits/feed.xml"
    page: str  # site URL of the page it follows: "", "fr/tags/lawsuits/"
    title: str
    subtitle: str
    key: str  # what its id is made from, with the site's address or name: "tag:lawsuits"
    items: Sequence[Item]  # newest first; undated articles are left out (Atom needs a date)
    lang: str = "en"  # the edition's: its title, subtitle and category labels
    site_name: str = DEFAULT_SITE_NAME  # the feed's author

    def link(self, words: str) -> FeedLink:
        return FeedLink(self.path, self.title, words)


def _dated(items: Sequence[Item]) -> list[Item]:
    return [i for i in items if i.article.date is not None]


def _key(ed: Edition, key: str) -> str:
    """Feed ids of the first edition are those the site had before it had editions."""
    return f"{ed.lang}:{key}" if ed.prefix else key


def main_feed(index: ArchiveIndex, ed: Edition = ENGLISH) -> Feed:
    return Feed(ed.src("feed.xml"), index.page("index.md", ed), ed.site_name,
                ed.words("feed_subtitle"), _key(ed, ""), index.dated, ed.lang, ed.site_name)


def tag_feed(index: ArchiveIndex, tag: str, ed: Edition = ENGLISH) -> Feed:
    label = index.tag_label(tag, ed.lang)
    subtitle = clean(index.tag_description(tag, ed.lang))
    return Feed(ed.src(feed_path(f"tags/{index.tag_slugs[tag]}/index.md")),
                index.tag_url(tag, ed), ed.words("feed_title", site=ed.site_name, name=label),
                subtitle or ed.words("feed_tag_subtitle", tag=label), _key(ed, f"tag:{tag}"),
                _dated(index.by_tag.get(tag, [])), ed.lang, ed.site_name)


def event_feed(index: ArchiveIndex, event: Event, ed: Edition = ENGLISH) -> Feed:
    title = event.text(ed.lang).title
    return Feed(ed.src(feed_path(event_src(event.id))), index.event_url(event.id, ed),
                ed.words("feed_title", site=ed.site_name, name=title),
                ed.words("feed_event_subtitle", title=title),
                _key(ed, f"event:{event.id}"), _dated(index.by_event.get(event.id, [])),
                ed.lang, ed.site_name)


def site_feeds(index: ArchiveIndex, *, site_name: str | None = None,
               ed: Edition = ENGLISH) -> list[Feed]:
    """An edition's feeds: the whole archive's, then one per tag (every tag that has a page)
    and per key event."""
    if site_name is not None:
        ed = replace(ed, site_name=site_name)
    return [main_feed(index, ed),
            *(tag_feed(index, t, ed) for t in index.tag_ids(ed.lang)),
            *(event_feed(index, e, ed) for e in index.sorted_events())]


def stable_uuid(kind: str, value: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'newsarchive:{kind}:{value}')}"


def atom_feed(index: ArchiveIndex, *, site_name: str, site_url: str | None = None,
              size: int = FEED_SIZE, feed: Feed | None = None) -> str:
    """Atom 1.0 of a feed's newest `size` articles (the site's feed by default); every date
    comes from front matter. Without `site_url`, links are relative to the feed's own place."""
    ET.register_namespace("", ATOM)
    feed = feed or main_feed(index, replace(ENGLISH, site_name=site_name))

    def sub(parent: ET.Element, tag: str, value: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if value is not None:
            el.text = clean(value)
        return el

    def link(url: str) -> str:
        return absolute(url, site_url, base=feed.path)

    items = feed.items[:size]
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: feed.lang})
    where = site_url or site_name
    sub(root, "id", stable_uuid("feed", f"{where}:{feed.key}" if feed.key else where))
    sub(root, "title", feed.title)
    sub(root, "subtitle", feed.subtitle)
    sub(root, "updated", iso(items[0].article.date if items else EPOCH))
    sub(root, "link", rel="alternate", type="text/html", href=link(feed.page))
    sub(root, "link", rel="self", type="application/atom+xml", href=link(feed.path))
    author = sub(root, "author")
    sub(author, "name", feed.site_name)
    sub(root, "generator", "newsarchive")
    words = WORDS.get(feed.lang, ENGLISH.words)
    for item in items:
        a = item.article
        entry = sub(root, "entry", **({XML_LANG: a.lang} if clean(a.lang) else {}))
        sub(entry, "id", stable_uuid("article", a.id))
        # A headline not seen: our description, marked as ours in the feed's language.
        title_lang = a.lang if a.headline_seen else feed.lang
        sub(entry, "title", shown_title(a, words),
            **({XML_LANG: title_lang} if title_lang != a.lang and clean(title_lang) else {}))
        sub(entry, "updated", iso(a.date))
        sub(entry, "published", iso(a.date))
        sub(entry, "link", rel="alternate", type="text/html", href=link(item.url))
        url = http_url(a.url)
        if url:
            sub(entry, "link", rel="related", href=url)
        for name in a.authors or [a.source]:
            sub(sub(entry, "author"), "name", name)
        for tag in dict.fromkeys(a.tags):
            sub(entry, "category", term=clean(tag), label=clean(index.tag_label(tag, feed.lang)))
        said, said_lang = a.summary_in(feed.lang)
        if clean(said):
            sub(entry, "summary", said, type="text",
                **({XML_LANG: said_lang} if said_lang != a.lang and clean(said_lang) else {}))
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
