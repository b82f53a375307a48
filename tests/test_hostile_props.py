"""Properties over hostile input, with Hypothesis.

test_archive.py already proves that `render_page`/`parse_page` round-trip any text and that
`page_path` stays inside the folder for any title. These properties go one level up, through the
pipeline's own steps:

(a) any title, summary and author text in a feed entry -> `clean_title` + `to_article` ->
    `write_article` -> `read_article`: the page reads back to exactly what was written,
    validates, and lives in docs/articles/YYYY/MM/.
(b) any set of entries, in any order, with any mix of URL variants and GUIDs, split across any
    number of runs -> exactly one page per canonical article.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsarchive.archive import load_archive, read_article, write_article
from newsarchive.config import load_project
from newsarchive.model import Entry, FetchResult, Selection, Source
from newsarchive.pipeline import clean_title, process_feed, to_article
from newsarchive.select import ArchiveIndex, Rules
from newsarchive.urls import article_id, canonical_url
from newsarchive.validate import validate
from test_hostile_feeds import make_project

NOW = datetime(2026, 2, 14, 6, 0, tzinfo=UTC)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Text as hostile as Hypothesis makes it, plus the shapes known to hurt YAML, Markdown, paths.
NASTY = st.sampled_from(["---", "...", "../", "/etc/passwd", "C:\\", "CON", "nul", "*a", "&a",
                         "!!python/object/apply:os.system", ": ", " #", "\n", "\r\n", "\x00",
                         "\u2028", "\x85", "\ufeff", "<script>", "[x](javascript:alert(1))",
                         "{: onclick=x}", "`", "'", '"', "|", ">", "%", "@", "\ud800"])
TEXT = st.lists(st.one_of(st.text(max_size=30), NASTY), max_size=8).map("".join)


def _entry(title: str, summary: str, authors: list[str]) -> Entry:
    url = "https://example.com/tech/gpt-4o-property"
    return Entry(feed_id="prop", title=title, link=url, url=url, id=article_id(url),
                 date=datetime(2026, 2, 13, 9, 0, tzinfo=UTC), lang="en", authors=authors,
                 summary_html=summary)


@SETTINGS
@given(title=TEXT, summary=TEXT, authors=st.lists(TEXT, max_size=3))
def test_any_entry_text_writes_reads_back_and_validates(title: str, summary: str,
                                                        authors: list[str]) -> None:
    source = Source(id="prop", name="Property Daily", url="https://example.com/feed")
    entry = _entry(clean_title(title, None) or "untitled", summary,
                   [a for a in authors if a.strip()])
    article = to_article(Selection(entry, "whole feed"), source, fetched=NOW, words=50)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp), [{"id": "prop", "name": "Property Daily",
                                         "url": "https://example.com/feed"}])
        articles_dir = root / "docs" / "articles"
        path = write_article(articles_dir, article)

        assert path.resolve().parent == (articles_dir / "2026" / "02").resolve()
        back = read_article(path)
        for name in ("title", "summary", "source", "url", "id", "lang", "feed", "selected_by",
                     "date", "fetched", "authors"):
            assert getattr(back, name) == getattr(article, name), name
        problems = validate(load_project(root), now=NOW)
        assert [str(p) for p in problems if p.severity == "error"] == []


# --- (b) one page per canonical article, whatever the order and the number of runs ----------

ARTICLES = [f"gpt-4o-story-{n}" for n in range(6)]
# Spellings of one article's address that canonicalise to the same URL.
VARIANTS = ["https://example.com/tech/{slug}",
            "https://EXAMPLE.com/tech/{slug}?utm_source=rss&utm_medium=feed",
            "https://example.com/tech/{slug}#comments",
            "https://example.com:443/tech/{slug}?fbclid=abc",
            "https://example.com/tech/%7E/../{slug}"]

ITEM = st.tuples(st.integers(0, len(ARTICLES) - 1), st.integers(0, len(VARIANTS) - 1),
                 st.integers(0, 3))  # (article, URL variant, GUID variant)
RUNS = st.lists(st.lists(ITEM, max_size=8), min_size=1, max_size=4)


def _feed(items: list[tuple[int, int, int]]) -> bytes:
    body = []
    for article, variant, guid in items:
        slug = ARTICLES[article]
        link = VARIANTS[variant].format(slug=slug)
        body.append(f"<item><title>OpenAI and GPT-4o, story {article}</title>"
                    f"<link>{escape(link)}</link><guid isPermaLink=\"false\">{slug}-g{guid}</guid>"
                    f"<pubDate>Fri, 13 Feb 2026 0{article}:00:00 GMT</pubDate>"
                    f"<description>Story {article} about GPT-4o.</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Prop</title>{''.join(body)}</channel></rss>").encode()


@SETTINGS
@given(runs=RUNS, feeds=st.integers(1, 2))
def test_any_split_into_runs_gives_one_page_per_article(
    runs: list[list[tuple[int, int, int]]], feeds: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sources = [{"id": f"feed-{n}", "name": "Property Daily", "url":
                    f"https://example.org/feed-{n}.xml", "whole_feed": True}
                   for n in range(feeds)]
        root = make_project(Path(tmp), sources)
        project = load_project(root)
        rules = Rules.compile(project.rules, project.tags)
        seen: set[str] = set()
        for number, items in enumerate(runs):
            # One run = what run_fetch does after the download, for each feed.
            index = ArchiveIndex.build(load_archive(project.articles_dir).articles,
                                       project.rejected)
            for n, source in enumerate(project.sources):
                half = items[n::feeds]  # the run's entries, split between the feeds
                result = FetchResult(source=source, status="ok", body=_feed(half))
                report = process_feed(result, project, rules, index, now=NOW, dry_run=False)
                assert report.status == "ok", (number, report.error)
            seen |= {ARTICLES[a] for a, _, _ in items}

        pages = load_archive(project.articles_dir)
        assert pages.errors == []
        urls = sorted(a.url for a in pages.articles)
        expected = sorted(canonical_url(f"https://example.com/tech/{slug}") for slug in seen)
        assert urls == expected
        assert [str(p) for p in validate(project, now=NOW) if p.severity == "error"] == []
