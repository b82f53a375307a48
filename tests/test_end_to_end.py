"""The whole chain as a maintainer runs it: fetch from feeds, validate, build the site.

Feeds are served on 127.0.0.1 (test_pipeline's made-up English and French coverage); every step
is the real command in a subprocess, as CI runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from feedserver import FeedServer
from test_build import REPO, mkdocs_build, search_fragments
from test_pipeline import serve_feeds, write_project

INDEX = "# The archive\n\n<!-- newsarchive:counts -->\n\n<!-- newsarchive:latest 5 -->\n"


def newsarchive(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "newsarchive", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_fetch_validate_build(tmp_path: Path, feed_server: FeedServer) -> None:
    serve_feeds(feed_server)
    root = write_project(tmp_path / "story", feed_server)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "docs" / "index.md").write_text(INDEX, encoding="utf-8")

    fetched = newsarchive("fetch", "--root", str(root), "--timeout", "5")
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    pages = sorted((root / "docs" / "articles").rglob("*.md"))
    assert len(pages) == 3

    checked = newsarchive("validate", "--root", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 error(s), 0 warning(s)" in checked.stdout

    built = mkdocs_build(root / "mkdocs.yml")
    output = built.stdout + built.stderr
    assert built.returncode == 0, output
    assert "WARNING" not in output

    site = root / "site"
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'class="na-item__title" href="[^"]*"[^>]*>([^<]*)</a>', timeline)
    assert titles == ["GPT‑4o quitte ChatGPT la veille de la Saint-Valentin",
                      "Users rally under #keep4o as the deadline nears",
                      "OpenAI sets a date for GPT-4o&#x27;s exit from ChatGPT"]
    for page in pages:
        rel = page.relative_to(root / "docs").with_suffix("")
        assert (site / rel / "index.html").is_file(), rel
    indexed = {f["meta"]["title"] for f in search_fragments(site)}
    assert "Users rally under #keep4o as the deadline nears" in indexed
    feed_xml = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed_xml.count("</entry>") == 3

    # A second fetch over unchanged feeds writes nothing, so the build stays the same.
    again = newsarchive("fetch", "--root", str(root), "--timeout", "5")
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted((root / "docs" / "articles").rglob("*.md")) == pages


def test_google_news_in_every_link_form_fetch_validate_build(tmp_path: Path,
                                                              feed_server: FeedServer) -> None:
    """A 2019-style and a current Google News feed, and a page an earlier version wrote with
    a Google link as its address: one page per article, the old page given the publisher's
    address in place, summaries left for curation where Google gave only related headlines,
    and a site that says so."""
    from googlenews import GoogleNews
    from test_resolve import TOKENS, old_page, serve_fixture

    root = tmp_path / "story"
    (root / "feeds").mkdir(parents=True)
    (root / "docs" / "articles").mkdir(parents=True)
    (root / "feeds" / "sources.yml").write_text(
        "sources:\n" + "".join(f"  - id: {n}\n    name: Google News {n}\n    url: "
                               f"{feed_server.url('/' + n + '.rss')}?hl=en-US&gl=US&ceid=US:en\n"
                               for n in ("rd", "coverage")), encoding="utf-8")
    (root / "feeds" / "topics.yml").write_text('include: ["GPT-4o"]\n', encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "docs" / "index.md").write_text(INDEX, encoding="utf-8")
    serve_fixture(feed_server, "google_news_rd.xml", "/rd.rss")
    serve_fixture(feed_server, "google_news_coverage.xml", "/coverage.rss")
    old = old_page(root, f"https://news.google.com/__i/rss/rd/articles/"
                         f"{TOKENS['users-mourn'][0]}?oc=5",
                   "Users mourn GPT-4o as OpenAI pulls the model", "The Example Times")
    with GoogleNews() as google:
        for name in ("opaque-mourn", "opaque-cancel", "short-replaces"):
            google.add_token(*TOKENS[name])
        (root / "feeds" / "settings.yml").write_text(
            f"title: Test\ngoogle_news_url: {google.base_url}\n", encoding="utf-8")
        fetched = newsarchive("fetch", "--root", str(root), "--timeout", "5")
        assert fetched.returncode == 0, fetched.stdout + fetched.stderr
        assert google.errors == []
    assert "updated 1 page(s) with the publisher's address" in fetched.stdout
    pages = sorted((root / "docs" / "articles").rglob("*.md"))
    assert len(pages) == 4 and old in pages

    checked = newsarchive("validate", "--root", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("'summary' is empty") == 3
    assert "0 error(s), 3 warning(s)" in checked.stdout

    built = mkdocs_build(root / "mkdocs.yml")
    assert built.returncode == 0, built.stdout + built.stderr
    site = root / "site"
    html = {p: (site / p.relative_to(root / "docs").with_suffix("") / "index.html")
            .read_text(encoding="utf-8") for p in pages}
    assert sum("No summary yet: the source gave no description" in h for h in html.values()) == 3
    assert 'href="https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/"' in html[old]
    body = html[old].split('<div class="na-body"', 1)[-1]
    assert "news.google.com" not in body and "Find the article" not in html[old]
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "View Full coverage" not in text and "View full coverage" not in text, page


def test_dates_a_parser_invents_are_unknown_fetch_validate_build(
        tmp_path: Path, feed_server: FeedServer) -> None:
    """Issue 22: feedparser reads "2025-13-45T99:99:99Z" as 1 January 2026 and our fallback read
    "Mon, 01 Jan 0000" as the year 2000, which made fetch drop a real entry as "before the
    story". Both entries are kept with their date unknown: the fetch time, marked as such."""
    items = "".join(
        f"<item><title>{title}</title><link>https://example.com/tech/{slug}</link>"
        f"<pubDate>{when}</pubDate><description>{title}, in a few words.</description></item>"
        for title, slug, when in (
            ("GPT-4o's last week in ChatGPT", "last-week", "2025-13-45T99:99:99Z"),
            ("Readers write about losing GPT-4o", "letters", "Mon, 01 Jan 0000 00:00:00 GMT"),
            ("OpenAI retires GPT-4o", "retired", "Fri, 13 Feb 2026 09:00:00 GMT")))
    feed_server.add("/daily.rss", ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
                                   f"<channel><title>Example Daily</title>{items}</channel>"
                                   "</rss>").encode())
    root = tmp_path / "story"
    (root / "feeds").mkdir(parents=True)
    (root / "docs" / "articles").mkdir(parents=True)
    (root / "feeds" / "sources.yml").write_text(
        f"sources:\n  - id: daily\n    name: Example Daily\n    url: "
        f"{feed_server.url('/daily.rss')}\n    lang: en\n", encoding="utf-8")
    (root / "feeds" / "topics.yml").write_text('include: ["GPT-4o"]\n', encoding="utf-8")
    (root / "feeds" / "events.yml").write_text(
        "events:\n  - id: gpt-4o-launch\n    date: '2024-05-13'\n    title: GPT-4o launches\n",
        encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "docs" / "index.md").write_text(INDEX, encoding="utf-8")

    fetched = newsarchive("fetch", "--root", str(root), "--timeout", "5")
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert "before the story" not in fetched.stdout
    for title, written in (("GPT-4o's last week in ChatGPT", "2025-13-45T99:99:99Z"),
                           ("Readers write about losing GPT-4o", "Mon, 01 Jan 0000 00:00:00 GMT")):
        assert (f"warning: feed daily: entry {title!r}: date {written!r} has an impossible"
                in fetched.stdout)
    pages = {p.stem: p for p in (root / "docs" / "articles").rglob("*.md")}
    assert len(pages) == 3
    checked = newsarchive("validate", "--root", str(root))
    assert checked.returncode == 0 and "0 error(s)" in checked.stdout, checked.stdout

    built = mkdocs_build(root / "mkdocs.yml")
    assert built.returncode == 0, built.stdout + built.stderr
    for stem in ("gpt-4o-s-last-week-in-chatgpt", "readers-write-about-losing-gpt-4o"):
        text = pages[stem].read_text(encoding="utf-8")
        assert "date_inferred: true" in text and "2000" not in text and "2025" not in text
        html = (root / "site" / pages[stem].relative_to(root / "docs").with_suffix("")
                / "index.html").read_text(encoding="utf-8")
        assert ("(date estimated: the feed gave no date; this is when the article was first "
                "fetched)") in html


def test_entries_without_a_title_fetch_validate_build(tmp_path: Path,
                                                     feed_server: FeedServer) -> None:
    """A JSON Feed of short notes (JSON Feed 1.1 needs no title) and an RSS item with only a
    description: each is a page whose title is our description from its first words, marked
    `headline_seen: false`; two notes with the same words are two pages; a re-run adds none."""
    import json

    notes = {"version": "https://jsonfeed.org/version/1.1", "title": "Example Notes",
             "home_page_url": "https://notes.example.org/", "language": "en", "items": [
                 {"id": f"https://notes.example.org/2026/02/13/{slug}",
                  "url": f"https://notes.example.org/2026/02/13/{slug}",
                  "content_html": f"<p>{text}</p>", "date_published": f"2026-02-13T{hour}Z"}
                 for slug, text, hour in (
                     ("0915", "GPT-4o is gone from ChatGPT. The picker opens on its successor "
                              "now, and the old conversations stay where they were.", "09:15:00"),
                     ("1020", "Goodbye, GPT-4o.", "10:20:00"),
                     ("1745", "Goodbye, GPT-4o.", "17:45:00"))]}
    feed_server.add("/notes.json", json.dumps(notes).encode(),
                    content_type="application/feed+json")
    feed_server.add("/daily.rss", (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Example Daily'
        b"</title><item><description>&lt;p&gt;Readers sent us their last GPT-4o conversations"
        b"; we publish a selection tomorrow.&lt;/p&gt;</description><link>https://example.com/"
        b"tech/gpt-4o-readers</link><pubDate>Fri, 13 Feb 2026 12:00:00 GMT</pubDate></item>"
        b"</channel></rss>"))
    root = tmp_path / "story"
    (root / "feeds").mkdir(parents=True)
    (root / "docs" / "articles").mkdir(parents=True)
    (root / "feeds" / "sources.yml").write_text(
        f"sources:\n  - id: notes\n    name: Example Notes\n    url: "
        f"{feed_server.url('/notes.json')}\n  - id: daily\n    name: Example Daily\n    url: "
        f"{feed_server.url('/daily.rss')}\n    lang: en\n", encoding="utf-8")
    (root / "feeds" / "topics.yml").write_text('include: ["GPT-4o"]\n', encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "docs" / "index.md").write_text(INDEX, encoding="utf-8")

    fetched = newsarchive("fetch", "--root", str(root), "--timeout", "5")
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert fetched.stdout.count("no title: kept under our description") == 4
    pages = sorted((root / "docs" / "articles").rglob("*.md"))
    assert len(pages) == 4
    fronts = [p.read_text(encoding="utf-8").split("---\n")[1] for p in pages]
    titles = sorted(yaml.safe_load(f)["title"] for f in fronts)
    assert titles == ["GPT-4o is gone from ChatGPT. The picker opens on its…",
                      "Goodbye, GPT-4o.", "Goodbye, GPT-4o.",
                      "Readers sent us their last GPT-4o conversations; we publish a…"]
    for front in fronts:  # marked as ours, right under the title it qualifies
        lines = front.split("\n")
        assert lines[lines.index(next(x for x in lines if x.startswith("title:"))) + 1] == (
            "headline_seen: false")
    checked = newsarchive("validate", "--root", str(root))
    assert checked.returncode == 0 and "0 error(s)" in checked.stdout, checked.stdout
    built = mkdocs_build(root / "mkdocs.yml")
    assert built.returncode == 0, built.stdout + built.stderr

    again = newsarchive("fetch", "--root", str(root), "--timeout", "5")
    assert again.returncode == 0 and sorted((root / "docs" / "articles").rglob("*.md")) == pages
