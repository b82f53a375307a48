"""Everything at once: all generated pages of an edition of the site, and its navigation."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .events import event_pages, events_page
from .i18n import ENGLISH, Edition
from .index import ArchiveIndex
from .lists import language_pages, source_pages, tag_pages
from .pages import PER_PAGE, AnyPage
from .timeline import timeline_pages


def site_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE, chart: bool = True,
               ed: Edition = ENGLISH) -> list[AnyPage]:
    """An edition's generated Markdown pages: timeline, key events, sources, tags, languages."""
    return [
        *timeline_pages(index, per_page=per_page, chart=chart, ed=ed),
        events_page(index, ed),
        *event_pages(index, per_page=per_page, ed=ed),
        *source_pages(index, per_page=per_page, ed=ed),
        *tag_pages(index, per_page=per_page, ed=ed),
        *language_pages(index, per_page=per_page, ed=ed),
    ]


# (interface words, source path) of the navigation's first entries, in every edition.
NAV: list[tuple[str, str]] = [
    ("home", "index.md"),
    ("timeline", "timeline/index.md"),
    ("key_events", "events/index.md"),
    ("sources", "sources/index.md"),
    ("tags", "tags/index.md"),
    ("languages", "languages/index.md"),
]


def default_nav(extra_pages: Sequence[str], exists: Callable[[str], bool],
                ed: Edition = ENGLISH) -> list[dict | str]:
    """An edition's navigation: its generated pages, About when it has an about.md, then its
    other top pages (`extra_pages`, source paths)."""
    nav: list[dict | str] = [{ed.words(key): ed.src(src)} for key, src in NAV]
    if exists(ed.src("about.md")):
        nav.append({ed.words("about"): ed.src("about.md")})
    taken = {ed.src(src) for _, src in NAV} | {ed.src("about.md")}
    nav += [src for src in extra_pages if src not in taken]
    return nav
