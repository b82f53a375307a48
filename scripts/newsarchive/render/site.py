"""Everything at once: all generated pages of the site, and its navigation."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .events import event_pages, events_page
from .feeds import DEFAULT_SITE_NAME
from .index import ArchiveIndex
from .lists import language_pages, source_pages, tag_pages
from .pages import PER_PAGE, AnyPage
from .timeline import timeline_pages


def site_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE, chart: bool = True,
               site_name: str = DEFAULT_SITE_NAME) -> list[AnyPage]:
    """All generated Markdown pages: timeline, sources, tags, languages, key events."""
    return [
        *timeline_pages(index, per_page=per_page, chart=chart),
        events_page(index),
        *event_pages(index, per_page=per_page, site_name=site_name),
        *source_pages(index, per_page=per_page),
        *tag_pages(index, per_page=per_page, site_name=site_name),
        *language_pages(index, per_page=per_page),
    ]


NAV: list[tuple[str, str]] = [
    ("Home", "index.md"),
    ("Timeline", "timeline/index.md"),
    ("Key events", "events/index.md"),
    ("Sources", "sources/index.md"),
    ("Tags", "tags/index.md"),
    ("Languages", "languages/index.md"),
]


def default_nav(extra_pages: Sequence[str], exists: Callable[[str], bool]) -> list[dict | str]:
    """The site's navigation; About only when docs/about.md exists, then other top pages."""
    nav: list[dict | str] = [{title: src} for title, src in NAV]
    if exists("about.md"):
        nav.append({"About": "about.md"})
    taken = {src for _, src in NAV} | {"about.md"}
    nav += [src for src in extra_pages if src not in taken]
    return nav
