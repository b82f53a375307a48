"""Placeholders in hand-written pages, and the home page of a project that has none.

Each placeholder stands alone on its line, in any non-article page, and is replaced by
`fill_placeholders()`:

    <!-- newsarchive:counts -->      "N articles from N sources in N languages", with links
    <!-- newsarchive:latest 10 -->   the newest N articles (N defaults to 10)
    <!-- newsarchive:chart -->       the coverage chart (inline SVG + data table)
    <!-- newsarchive:exports -->     links to articles.csv and articles.json, the licence of
                                     our text, and how to cite the archive (`Citation`)
    <!-- newsarchive:highlights -->  "Essential reading": a heading and the highlighted
                                     articles, in the order of the story
    <!-- newsarchive:unverified -->  "Articles we could not verify": a heading, an invitation
                                     to supply the missing fact, and feeds/unverified.yml

An empty archive renders a friendly "no articles yet" message in place of each, but the last
two: without highlighted (unverified) articles they leave nothing, their heading included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote

from ..model import MISSING_DATE, Unverified
from .chart import coverage_chart
from .common import absolute, clean, href, lang_attr, md_text, normalize_lang, text
from .exports import License
from .i18n import ENGLISH, Edition
from .index import ArchiveIndex
from .pages import table
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


def highlights_html(index: ArchiveIndex, here: str, ed: Edition = ENGLISH) -> str:
    """The essential reading (`highlight: true`), oldest first so it reads as the story went;
    "" when there is none."""
    if not index.highlighted:
        return ""
    dated = [i for i in index.highlighted if i.article.date is not None]
    items = [*reversed(dated), *(i for i in index.highlighted if i.article.date is None)]
    return (f'<div class="na-highlights"><p>{text(ed.words("highlights_intro"))}</p>\n'
            f'{article_list(index, items, here, "na-list--highlights", ed)}\n</div>')


def unverified_html(unverified: Sequence[Unverified], ed: Edition = ENGLISH,
                    repo_url: str | None = None) -> str:
    """The real articles not archived for want of a fact (feeds/unverified.yml): an invitation
    to readers who can supply it, then a table (publisher, address, language, what is missing,
    when we read it); "" when there is none. `missing: date` is said in the edition's words,
    anything else as the curator wrote it, in English."""
    if not unverified:
        return ""
    w = ed.words
    how = text(w("unverified_how"))
    if repo_url and re.match(r"^https?://", repo_url, re.IGNORECASE):
        how = f'<a href="{text(repo_url)}">{how}</a>'
    rows = []
    for u in sorted(unverified, key=lambda u: (w.sort_key(clean(u.source)), u.url)):
        known = u.lang != "und"
        address = unquote(u.url.split("://", 1)[-1])  # readable: 3dnews.ru/tags/ИИ-...
        address = address if len(address) <= 60 else address[:59] + "…"
        hreflang = f' hreflang="{text(u.lang)}"' if known else ""
        missing = text(w("missing_date") if u.missing == MISSING_DATE else u.missing)
        if u.missing != MISSING_DATE and (la := lang_attr("en", ed.lang)):
            missing = f"<span{la}>{missing}</span>"  # the curator's English words
        language = w.language_label(normalize_lang(u.lang)).split(" (")[0] if known else "?"
        rows.append((text(u.source),
                     f'<a href="{text(u.url)}" rel="noopener noreferrer"{hreflang}>'
                     f"{text(address)}</a>",
                     text(language), missing, text(w.day(u.seen, short=True))))
    caption = text(w.count("unverified_caption", len(unverified)))
    head = [text(w(k)) for k in ("col_source", "col_article", "col_language", "col_missing",
                                 "col_seen")]
    return (f'<div class="na-unverified"><p>{w.html("unverified_intro", how=how)}</p>\n'
            f"{table(caption, head, rows)}\n</div>")


def fill_placeholders(markdown: str, index: ArchiveIndex, here: str, *,
                      chart: bool = True, ed: Edition = ENGLISH,
                      citation: Citation | None = None,
                      unverified: Sequence[Unverified] = (),
                      repo_url: str | None = None) -> str:
    """Replace each placeholder line with its HTML block (blank lines around, no blank inside),
    in the words of the page's edition `ed`; a section placeholder (highlights, unverified)
    with its Markdown heading (so the table of contents lists it) and its block, or nothing."""

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
        elif name in ("highlights", "unverified") and arg is None:
            html = (highlights_html(index, here, ed) if name == "highlights" else
                    unverified_html(unverified, ed, repo_url))
            heading = ed.words(f"{name}_heading")
            return f"\n## {md_text(heading)}\n\n{html}\n" if html else "\n"
        else:
            raise PlaceholderError(f"unknown placeholder '{m.group(0).strip()}' (known: "
                                   "counts, latest N, chart, exports, highlights, unverified)")
        return f"\n{html}\n"

    return PLACEHOLDER.sub(replace, markdown)


DEFAULT_HOME = """---
title: {home}
---

# {title}

<!-- newsarchive:counts -->

<!-- newsarchive:highlights -->

<!-- newsarchive:chart -->

## {latest}

<!-- newsarchive:latest 10 -->
"""


def default_home(site_name: str, ed: Edition = ENGLISH) -> str:
    """A home page for a project (or an edition) whose docs/ has no index.md yet."""
    return DEFAULT_HOME.format(home=md_text(ed.words("home")), title=md_text(site_name),
                               latest=md_text(ed.words("latest_articles")))
