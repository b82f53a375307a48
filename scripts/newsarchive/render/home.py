"""Placeholders in hand-written pages, and the home page of a project that has none.

Each placeholder stands alone on its line, in any non-article page, and is replaced by
`fill_placeholders()`:

    <!-- newsarchive:counts -->      "N articles from N sources in N languages", with links
    <!-- newsarchive:latest 10 -->   the newest N articles (N defaults to 10)
    <!-- newsarchive:chart -->       the coverage chart (inline SVG + data table)
    <!-- newsarchive:exports -->     links to articles.csv and articles.json, the licence of
                                     our text, and how to cite the archive (`Citation`)

An empty archive renders a friendly "no articles yet" message in place of each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .chart import coverage_chart
from .common import absolute, href, md_text, text
from .exports import License
from .i18n import ENGLISH, Edition
from .index import ArchiveIndex
from .rows import article_list

LATEST_DEFAULT = 10
PLACEHOLDER = re.compile(r"^[ \t]*<!--[ \t]*newsarchive:([a-z]+)(?:[ \t]+(\S+))?[ \t]*-->[ \t]*$",
                         re.MULTILINE)


class PlaceholderError(ValueError):
    """A `<!-- newsarchive:... -->` line names an unknown placeholder or a bad argument."""


def counts_html(index: ArchiveIndex, here: str, ed: Edition = ENGLISH) -> str:
    w = ed.words
    n = len(index.items)
    if not n:
        return f'<p class="na-counts na-empty">{text(w("archive_empty"))}</p>'

    def link(src: str, key: str, count: int) -> str:
        return (f'<a href="{href(here, index.page(src, ed))}">'
                f"{w.count_html(key, count, strong=True)}</a>")

    return '<p class="na-counts">' + w.html(
        "counts", articles=link("timeline/index.md", "n_articles", n),
        sources=link("sources/index.md", "n_sources", len(index.by_source)),
        languages=link("languages/index.md", "n_languages", len(index.by_lang))) + "</p>"


def latest_html(index: ArchiveIndex, here: str, n: int = LATEST_DEFAULT,
                ed: Edition = ENGLISH) -> str:
    w = ed.words
    if not index.items:
        return f'<p class="na-empty">{text(w("latest_none"))}</p>'
    items = index.items[:n]
    every = w.count("n_articles", len(index.items))
    more = (f'<p class="na-more"><a href="{href(here, index.page("timeline/index.md", ed))}">'
            f'{text(w("full_timeline", articles=every))}</a></p>')
    return f'<div class="na-latest">\n{article_list(index, items, here, ed=ed)}\n{more}\n</div>'


@dataclass(frozen=True)
class Citation:
    """What a reader needs to cite the archive and reuse its text: its address (None for a
    local build), the day it was built, and the licence of our text."""

    built: date
    site_url: str | None = None
    license: License | None = None


def license_link(license: License) -> str:
    return f'<a href="{text(license.url)}" rel="license">{text(license.name)}</a>'


def license_html(license: License, ed: Edition = ENGLISH) -> str:
    """The footer's line: our text's licence, and the articles and headlines their publishers'."""
    return ed.words.html("license_line", license=license_link(license))


def exports_html(index: ArchiveIndex, here: str, citation: Citation,
                 ed: Edition = ENGLISH) -> str:
    """The exports (links), the licence of our text in them, and a line to cite the archive:
    its name in the edition, the address of the edition's home, the day it was built."""
    w = ed.words
    links = w.html("exports", csv=f'<a href="{href(here, "articles.csv")}" type="text/csv">'
                                  "articles.csv</a>",
                   json=f'<a href="{href(here, "articles.json")}" type="application/json">'
                        "articles.json</a>")
    parts = [f"<p>{links}</p>"]
    if citation.license is not None:
        parts.append(f"<p>{w.html('exports_license', license=license_link(citation.license))}"
                     "</p>")
    title = f"<cite>{text(ed.site_name)}</cite>"
    day = text(w.day(citation.built))
    if citation.site_url:
        address = text(absolute(index.page("index.md", ed), citation.site_url))
        cite = w.html("cite", title=title, address=f'<a href="{address}">{address}</a>',
                      date=day)
    else:
        cite = w.html("cite_no_address", title=title, date=day)
    parts.append(f'<p class="na-cite"><strong>{text(w("cite_label"))}</strong> {cite}</p>')
    return f'<div class="na-exports">{"".join(parts)}</div>'


def fill_placeholders(markdown: str, index: ArchiveIndex, here: str, *,
                      chart: bool = True, ed: Edition = ENGLISH,
                      citation: Citation | None = None) -> str:
    """Replace each placeholder line with its HTML block (blank lines around, no blank inside),
    in the words of the page's edition `ed`."""

    def replace(m: re.Match) -> str:
        name, arg = m.group(1), m.group(2)
        if name == "counts" and arg is None:
            html = counts_html(index, here, ed)
        elif name == "latest":
            if arg is not None and not arg.isdigit():
                raise PlaceholderError(f"'{m.group(0).strip()}': the count must be a number")
            html = latest_html(index, here, int(arg) if arg else LATEST_DEFAULT, ed)
        elif name == "chart" and arg is None:
            html = coverage_chart(index, chart_id="na-chart-home", ed=ed) if chart else ""
        elif name == "exports" and arg is None:
            html = exports_html(index, here, citation or Citation(date.today()), ed)
        else:
            raise PlaceholderError(f"unknown placeholder '{m.group(0).strip()}' (known: "
                                   "counts, latest N, chart, exports)")
        return f"\n{html}\n"

    return PLACEHOLDER.sub(replace, markdown)


DEFAULT_HOME = """---
title: {home}
---

# {title}

<!-- newsarchive:counts -->

<!-- newsarchive:chart -->

## {latest}

<!-- newsarchive:latest 10 -->
"""


def default_home(site_name: str, ed: Edition = ENGLISH) -> str:
    """A home page for a project (or an edition) whose docs/ has no index.md yet."""
    return DEFAULT_HOME.format(home=md_text(ed.words("home")), title=md_text(site_name),
                               latest=md_text(ed.words("latest_articles")))
