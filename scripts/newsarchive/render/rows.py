"""One article in a list (date, linked title, source, language, tags, summary), and lists of
them grouped under year and month headings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC
from functools import partial
from typing import TYPE_CHECKING

from ..model import Article
from .common import (
    clean,
    href,
    iso,
    lang_attr,
    normalize_lang,
    rendering_shown,
    summary_shown,
    text,
    title_html,
)
from .i18n import ENGLISH, Edition
from .index import ArchiveIndex, Item

if TYPE_CHECKING:
    from .pages import Blocks

Link = Callable[[str], str]  # site URL -> href on the page being written


def lang_badge(index: ArchiveIndex, lang: str, here: str, ed: Edition = ENGLISH) -> str:
    return _lang_badge(index, lang, _link_from(here), ed)


def _lang_badge(index: ArchiveIndex, lang: str, link: Link, ed: Edition) -> str:
    name = ed.words.language_label(normalize_lang(lang)).split(" (")[0]
    return (f'<a class="na-lang" href="{link(index.lang_url(lang, ed))}">'
            f'<abbr title="{text(name)}">{text(lang)}</abbr></a>')


def tag_links(index: ArchiveIndex, tags: Sequence[str], here: str, ed: Edition = ENGLISH) -> str:
    return _tag_links(index, tags, _link_from(here), ed)


def _tag_links(index: ArchiveIndex, tags: Sequence[str], link: Link, ed: Edition) -> str:
    links = [f'<li><a href="{link(index.tag_url(t, ed))}">{text(index.tag_label(t, ed.lang))}'
             "</a></li>" for t in dict.fromkeys(tags)]
    return (f'<ul class="na-tags" aria-label="{text(ed.words("tags"))}">{"".join(links)}</ul>'
            if links else "")


def _link_from(here: str) -> Link:
    return lambda to: href(here, to)


# An article is listed on up to ~6 pages (timeline, source, language, each tag): its row is
# built once with this mark where the relative prefix ("../../") goes, then each page only
# swaps the mark for its own prefix. `text()` removes NUL, so the mark never occurs in content.
_PREFIX = "\x00"


class _NotRelocatable(Exception):
    """A link `href()` words specially (to the home page): build that row directly."""


def _relocatable(to: str) -> str:
    if to in ("", "./"):
        raise _NotRelocatable
    return _PREFIX + to


def _prefix(here: str) -> str:
    """What `href(here, to)` puts before any `to` other than the home page."""
    return "../" * ("" if here == "./" else here).count("/")


def inferred_note(article: Article, ed: Edition = ENGLISH) -> str:
    if not article.date_inferred:
        return ""
    why = ed.words("date_estimated_fetched" if article.feed else "date_estimated_hand")
    return (f' <span class="na-inferred" title="{text(why)}">'
            f'{text(ed.words("date_estimated"))}</span>')


def article_row(index: ArchiveIndex, item: Item, here: str, ed: Edition = ENGLISH) -> str:
    """One article in a list: date, linked title, source, language badge, tags, summary.

    `<li><p>date title</p><p>source language</p><ul>tags</ul><p>summary</p></li>`"""
    key = (id(item), ed.lang)
    cached = index.row_cache.get(key)
    if cached is None or cached[0] is not item:  # the item is kept, so its id is never reused
        try:
            row = _article_row(index, item, _relocatable, ed)
        except _NotRelocatable:
            row = None
        cached = index.row_cache[key] = (item, row)
    if cached[1] is None:
        return _article_row(index, item, _link_from(here), ed)
    return cached[1].replace(_PREFIX, _prefix(here))


def _article_row(index: ArchiveIndex, item: Item, link: Link, ed: Edition) -> str:
    a = item.article
    w = ed.words
    title, title_lang = title_html(a, ed)
    la = lang_attr(title_lang, ed.lang)
    when = (f'<time datetime="{iso(a.date)}">{text(w.date(a.date, short=True))}</time>'
            f"{inferred_note(a, ed)}" if a.date else
            f'<span class="na-nodate">{text(w("date_unknown"))}</span>')
    source = f'<a href="{link(index.source_url(a.source, ed))}">{text(a.source)}</a>'
    said, said_lang = summary_shown(a, ed)
    summary = (f'<p{lang_attr(said_lang, ed.lang)}>'
               f"{text(said)}</p>" if clean(said) else "")
    rendering = ""
    if found := rendering_shown(a, ed):
        _, words, lang = found
        # English is always marked, as it always was; another edition's own words need not be.
        la_words = f' lang="{text(lang)}"' if lang == "en" else lang_attr(lang, ed.lang)
        rendering = f' <span class="na-item__title-en"{la_words}>({text(words)})</span>'
    # Its parts are styled by their place in the row (newsarchive.css), not by a class each:
    # an article is listed ~11 times (both editions), a class name costs 10,000 times that.
    return (
        f'<li><p>{when} '
        f'<a class="na-item__title" href="{link(item.url)}"{la}>{title}</a>{rendering}</p>'
        f"<p>{source} {_lang_badge(index, a.lang, link, ed)}</p>"
        f"{_tag_links(index, a.tags, link, ed)}{summary}</li>"
    )


def article_list(index: ArchiveIndex, items: Sequence[Item], here: str, cls: str = "",
                 ed: Edition = ENGLISH) -> str:
    rows = "\n".join(article_row(index, item, here, ed) for item in items)
    return f'<ol class="na-list{" " + cls if cls else ""}">\n{rows}\n</ol>'


def group_heading(item: Item, ed: Edition = ENGLISH) -> tuple[str, str]:
    """(year heading, month heading) an article is listed under."""
    d = item.article.date
    if d is None:
        return ed.words("date_unknown"), ""
    d = d.astimezone(UTC)
    return str(d.year), ed.words.month_year(d.year, d.month, heading=True)


def grouped_list(index: ArchiveIndex, items: Sequence[Item], here: str, blocks: Blocks,
                 ed: Edition = ENGLISH) -> str:
    """Markdown: `## year` / `### Month year` headings, each over a list of rows (as a block)."""
    out: list[str] = []
    year = month = None
    run: list[Item] = []

    def flush() -> None:
        if run:
            out.append(blocks.add(partial(article_list, index, tuple(run), here, ed=ed)))
            run.clear()

    for item in items:
        y, m = group_heading(item, ed)
        if y != year:
            flush()
            out.append(f"## {y}")
            year, month = y, None
        if m and m != month:
            flush()
            out.append(f"### {m}")
            month = m
        run.append(item)
    flush()
    return "\n\n".join(out)

