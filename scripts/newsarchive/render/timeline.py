"""The timeline: every article, newest first, grouped by year and month, paginated."""

from __future__ import annotations

from .chart import coverage_chart
from .common import text
from .i18n import ENGLISH, Edition
from .index import ArchiveIndex
from .pages import PER_PAGE, LazyPage, listing_pages


def timeline_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE, chart: bool = True,
                   ed: Edition = ENGLISH) -> list[LazyPage]:
    n = len(index.items)
    w = ed.words
    key = "timeline_intro_undated" if len(index.dated) < n else "timeline_intro"
    return listing_pages(
        index, index.items, folder=ed.src("timeline"), title=w("timeline"),
        intro_html=f"<p>{text(w.count(key, n))}</p>" if n else "",
        per_page=per_page, in_nav=True,
        first_page_html=(coverage_chart(index, chart_id="na-chart-timeline", ed=ed)
                         if chart else ""),
        empty_html=text(w("archive_empty")), ed=ed,
    )
