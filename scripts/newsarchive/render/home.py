"""Placeholders in hand-written pages, and the home page of a project that has none.

Each placeholder stands alone on its line, in any non-article page, and is replaced by
`fill_placeholders()`:

    <!-- newsarchive:counts -->      "N articles from N sources in N languages", with links
    <!-- newsarchive:latest 10 -->   the newest N articles (N defaults to 10)
    <!-- newsarchive:chart -->       the coverage chart (inline SVG + data table)

An empty archive renders a friendly "no articles yet" message in place of each.
"""

from __future__ import annotations

import re

from .chart import coverage_chart
from .common import count_words, href, md_text
from .index import ArchiveIndex
from .rows import article_list

LATEST_DEFAULT = 10
PLACEHOLDER = re.compile(r"^[ \t]*<!--[ \t]*newsarchive:([a-z]+)(?:[ \t]+(\S+))?[ \t]*-->[ \t]*$",
                         re.MULTILINE)


class PlaceholderError(ValueError):
    """A `<!-- newsarchive:... -->` line names an unknown placeholder or a bad argument."""


def counts_html(index: ArchiveIndex, here: str) -> str:
    n = len(index.items)
    if not n:
        return ('<p class="na-counts na-empty">No articles yet: the archive is empty for now. '
                "Articles appear here as soon as they are added.</p>")
    return (f'<p class="na-counts">'
            f'<a href="{href(here, index.url("timeline/index.md"))}">'
            f"<strong>{n:,}</strong> {'article' if n == 1 else 'articles'}</a> from "
            f'<a href="{href(here, index.url("sources/index.md"))}">'
            f"<strong>{len(index.by_source):,}</strong> "
            f"{'source' if len(index.by_source) == 1 else 'sources'}</a> in "
            f'<a href="{href(here, index.url("languages/index.md"))}">'
            f"<strong>{len(index.by_lang):,}</strong> "
            f"{'language' if len(index.by_lang) == 1 else 'languages'}</a>.</p>")


def latest_html(index: ArchiveIndex, here: str, n: int = LATEST_DEFAULT) -> str:
    if not index.items:
        return '<p class="na-empty">No articles archived yet.</p>'
    items = index.items[:n]
    more = (f'<p class="na-more"><a href="{href(here, index.url("timeline/index.md"))}">'
            f"The full timeline ({count_words(len(index.items), 'article')})</a></p>")
    return f'<div class="na-latest">\n{article_list(index, items, here)}\n{more}\n</div>'


def fill_placeholders(markdown: str, index: ArchiveIndex, here: str, *,
                      chart: bool = True) -> str:
    """Replace each placeholder line with its HTML block (blank lines around, no blank inside)."""

    def replace(m: re.Match) -> str:
        name, arg = m.group(1), m.group(2)
        if name == "counts" and arg is None:
            html = counts_html(index, here)
        elif name == "latest":
            if arg is not None and not arg.isdigit():
                raise PlaceholderError(f"'{m.group(0).strip()}': the count must be a number")
            html = latest_html(index, here, int(arg) if arg else LATEST_DEFAULT)
        elif name == "chart" and arg is None:
            html = coverage_chart(index, chart_id="na-chart-home") if chart else ""
        else:
            raise PlaceholderError(f"unknown placeholder '{m.group(0).strip()}' (known: "
                                   "counts, latest N, chart)")
        return f"\n{html}\n"

    return PLACEHOLDER.sub(replace, markdown)


DEFAULT_HOME = """---
title: Home
---

# {title}

<!-- newsarchive:counts -->

<!-- newsarchive:chart -->

## Latest articles

<!-- newsarchive:latest 10 -->
"""


def default_home(site_name: str) -> str:
    """A home page for a project whose docs/ has no index.md yet."""
    return DEFAULT_HOME.format(title=md_text(site_name))


