"""Site search with Pagefind: a chunked static index, so readers download only what they query.

Material's own search ships the whole full-text index to every reader before the first result
(tens of megabytes at 10,000 articles); Pagefind splits its index into small fragments fetched
per query (see the README's figures). This module holds the pure parts (the search page, the
facets an article is filed under) and the one I/O step: running the Pagefind binary from the
`pagefind[bin]` wheel over the built site.

What is indexed: article pages and the hand-written story pages (their content carries
`data-pagefind-body`); generated listings such as the timeline are left out, since they only
repeat article summaries and would crowd the results.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .model import Article

SEARCH_SRC = "search.md"
SEARCH_ROOT_ID = "na-search"
BUNDLE = "pagefind"  # folder of the index in the built site
TIMEOUT = 600  # seconds; 10,000 articles index in a few seconds
# Left out of the indexed text: an article's metadata header (its source and tags are indexed
# from attributes instead, see main.html, so excerpts show the article, not "SourceLe Monde"),
# the older/newer links, which name other articles, and the body excerpt: an article is found
# by its title, source, summary and tags, and leaving its body out keeps Pagefind's memory at
# 10,000 articles to a third (see the README's benchmark).
EXCLUDE = (".na-meta", ".na-prevnext", ".na-body")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the built site."""


@dataclass(frozen=True)
class Facet:
    name: str  # Pagefind filter name, shown as a facet heading
    value: str


def facets(article: Article, *, source: str, language: str,
           tags: list[str]) -> list[Facet]:
    """The filters one article is filed under: source, language, year and each tag."""
    found = [Facet("Source", source), Facet("Language", language)]
    if article.date is not None:
        found.append(Facet("Year", str(article.date.year)))
    found.extend(Facet("Tag", tag) for tag in tags)
    return [f for f in found if f.value.strip()]


def indexed_text(article: Article, tags: list[str]) -> str:
    """Words searchable on an article page besides its body: source, summary and tags."""
    parts = (" ".join(p.split()).rstrip(".") for p in (article.source, article.summary, *tags))
    return "".join(f"{p}. " for p in parts if p).rstrip()


def search_page(timeline_href: str = "../timeline/") -> str:
    """The generated search page: Pagefind's interface mounts on the empty `div`."""
    return f"""---
title: Search
hide: [toc]
---

# Search the archive {{ #na-search-title }}

Search titles, sources, summaries and tags, in English or French; narrow the results by
source, language, year or tag.

<div id="{SEARCH_ROOT_ID}" class="na-search"></div>

<noscript>Search needs JavaScript. Every article is also listed on the
<a href="{timeline_href}">timeline</a>, by source, tag and language.</noscript>
"""


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError("the Pagefind binary is missing: install 'pagefind[bin]' "
                               f"({exc})") from exc


def index_site(site_dir: Path, pages: list[str] | None = None) -> str:
    """Index the built site in place (writes `<site_dir>/pagefind/`); returns Pagefind's summary.

    `pages`: globs relative to the site of the HTML files to index; by default all of them.
    Naming them matters at scale: Pagefind reads every file it is given, and at 10,000
    articles skipping the listings cuts its time by a third and its memory by 40 %.
    """
    command = [str(executable()), "--site", str(site_dir), "--output-subdir", BUNDLE]
    if pages:
        command += ["--glob", pages[0] if len(pages) == 1 else "{" + ",".join(sorted(pages)) + "}"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind did not run: {exc}") from exc
    output = f"{done.stdout}\n{done.stderr}".strip()
    if done.returncode != 0:
        tail = "\n".join(output.splitlines()[-5:])
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}): {tail}")
    return _summary(output)


def _summary(output: str) -> str:
    """'Indexed 123 pages, 4567 words, 4 filters' from Pagefind's report."""
    wanted = ("page", "pages", "word", "words", "filter", "filters")
    found = []
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("Indexed ") and line.split()[-1] in wanted:
            found.append(line.removeprefix("Indexed "))
    return "indexed " + ", ".join(found) if found else "index written"
