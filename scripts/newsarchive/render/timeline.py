"""The timeline: every article, newest first, grouped by year and month, paginated."""

from __future__ import annotations

from .chart import coverage_chart
from .common import count_words
from .index import ArchiveIndex
from .pages import PER_PAGE, LazyPage, listing_pages


def timeline_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE,
                   chart: bool = True) -> list[LazyPage]:
    n = len(index.items)
    intro = (f"<p>{count_words(n, 'article')}, newest first"
             + (", then those of unknown date" if len(index.dated) < n else "") + ".</p>"
             if n else "")
    return listing_pages(
        index, index.items, folder="timeline", title="Timeline", intro_html=intro,
        per_page=per_page, in_nav=True,
        first_page_html=coverage_chart(index, chart_id="na-chart-timeline") if chart else "",
        empty_html="No articles yet: the archive is empty for now. "
                   "Articles appear here as soon as they are added.",
    )


