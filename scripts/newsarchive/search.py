"""Site search with Pagefind: a chunked static index, so readers download only what they query.

Material's own search ships the whole full-text index to every reader before the first result
(tens of megabytes at 10,000 articles); Pagefind splits its index into small fragments fetched
per query (see the README's figures).

Pagefind is not pointed at the built site. As each page is written, the plugin writes a small
*search document* for it (`search_document`: the title, the words to find it by, its facets)
at the same path in a scratch folder, and Pagefind indexes that folder into the site's
`pagefind/`. Result URLs come out the same, the index holds exactly what we chose rather than
whatever the theme puts around it, and Pagefind reads a tenth of the bytes: at 10,000
articles it runs in half the time. What is indexed: each article by the text its page shows
(title, English title, source, summary, tags and the body excerpt), and the hand-written
story pages in full; generated listings such as the timeline are not, since they only repeat
article summaries.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from . import render
from .model import Article
from .sanitize import html_to_text

SEARCH_SRC = "search.md"
SEARCH_ROOT_ID = "na-search"
BUNDLE = "pagefind"  # folder of the index in the built site
TIMEOUT = 600  # seconds; 10,000 articles index in a few seconds
SITE_LANG = "en"  # one index for every language: a query finds French and English alike


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
    """Words searchable on an article page besides its body: source, English title, summary and
    tags."""
    parts = (" ".join(p.split()).rstrip(".")
             for p in (article.source, article.title_en or "", article.summary, *tags))
    return "".join(f"{p}. " for p in parts if p).rstrip()


def body_text(body_html: str) -> str:
    """The excerpt as the article page shows it, as plain text (tags gone, entities decoded)."""
    return html_to_text(body_html)


def search_page(timeline_href: str = "../timeline/") -> str:
    """The generated search page: Pagefind's interface mounts on the empty `div`."""
    return f"""---
title: Search
hide: [toc]
---

# Search the archive {{ #na-search-title }}

Search the articles' titles, sources, summaries, tags and text, in English or French;
narrow the results by source, language, year or tag.

<div id="{SEARCH_ROOT_ID}" class="na-search"></div>

<noscript>Search needs JavaScript. Every article is also listed on the
<a href="{timeline_href}">timeline</a>, by source, tag and language.</noscript>
"""


def search_document(title: str, text_html: str, *, facets: Sequence[Facet] = (),
                    meta: dict[str, str] | None = None, sort: dict[str, str] | None = None) -> str:
    """The HTML Pagefind indexes for one page. `title` is text; `text_html` is trusted HTML
    (sanitised article text, or a story page's content)."""
    attrs = "".join(f'<span data-pagefind-filter="{escape(f.name)}:{escape(f.value)}"></span>'
                    for f in facets)
    attrs += "".join(f'<span data-pagefind-meta="{escape(k)}:{escape(v)}"></span>'
                     for k, v in (meta or {}).items() if v)
    attrs += "".join(f'<span data-pagefind-sort="{escape(k)}:{escape(v)}"></span>'
                     for k, v in (sort or {}).items() if v)
    return (f'<!doctype html><html lang="{SITE_LANG}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body><main data-pagefind-body>"
            f"<h1>{escape(title)}</h1>{attrs}\n{text_html}</main></body></html>\n")


def article_document(article: Article, *, language: str, tags: list[str],
                     body_html: str = "") -> str:
    """An article's search document; `language` and `tags` are the names readers see,
    `body_html` the article's body as rendered on its page (escaped here as text)."""
    when = article.date
    text_html = f"<p>{escape(indexed_text(article, tags))}</p>"
    if body := body_text(body_html):
        text_html += f"\n<p>{escape(body)}</p>"
    return search_document(
        render.clean(article.title), text_html,
        facets=facets(article, source=article.source, language=language, tags=tags),
        meta={"Source": article.source,
              "Published": render.human_date(when, short=True) if when else ""},
        sort={"date": render.iso(when) if when else ""})


class SearchDocuments:
    """The scratch folder of search documents for one build, indexed into the site at the end."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="newsarchive-search-"))
        self.count = 0

    def add(self, dest_uri: str, document: str) -> None:
        """`dest_uri`: the page's path in the site (`articles/2026/02/x/index.html`)."""
        path = self.folder / dest_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document, encoding="utf-8")
        self.count += 1

    def index_into(self, site_dir: Path) -> str:
        """Write the Pagefind bundle to `<site_dir>/pagefind/`; returns Pagefind's summary."""
        return index_site(self.folder, output=Path(site_dir) / BUNDLE)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError("the Pagefind binary is missing: install 'pagefind[bin]' "
                               f"({exc})") from exc


def index_site(site_dir: Path, *, output: Path | None = None) -> str:
    """Index the HTML under `site_dir` into `output` (default `<site_dir>/pagefind/`);
    returns Pagefind's summary."""
    command = [str(executable()), "--site", str(site_dir)]
    command += ["--output-path", str(output)] if output else ["--output-subdir", BUNDLE]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind did not run: {exc}") from exc
    output_text = f"{done.stdout}\n{done.stderr}".strip()
    if done.returncode != 0:
        tail = "\n".join(output_text.splitlines()[-5:])
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}): {tail}")
    return _summary(output_text)


def _summary(output: str) -> str:
    """'indexed 123 pages, 4567 words, 4 filters' from Pagefind's report."""
    wanted = ("page", "pages", "word", "words", "filter", "filters")
    found = []
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("Indexed ") and line.split()[-1] in wanted:
            found.append(line.removeprefix("Indexed "))
    return "indexed " + ", ".join(found) if found else "index written"
