"""End to end: feeds served over real HTTP on 127.0.0.1 -> pages in docs/articles/.

The feeds here are small made-up newsroom feeds about the GPT-4o story on example.com/.org.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from feedserver import FeedServer
from newsarchive import archive
from newsarchive.archive import load_archive
from newsarchive.cli import cli
from newsarchive.config import load_project
from newsarchive.fetch import FeedState, FetchOptions
from newsarchive.pipeline import run_fetch
from newsarchive.validate import validate

FAST = FetchOptions(connect_timeout=2, read_timeout=2, total_timeout=5, retries=1, backoff=0.01)

DAILY_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example Daily — Technology</title>
  <link>https://example.com/tech</link>
  <language>en-us</language>
  <item>
    <title>OpenAI sets a date for GPT-4o's exit from ChatGPT</title>
    <link>https://example.com/tech/gpt-4o-exit?utm_source=rss&amp;utm_medium=feed</link>
    <guid isPermaLink="false">daily-1001</guid>
    <pubDate>Fri, 30 Jan 2026 14:05:00 +0000</pubDate>
    <dc:creator>Jane Doe</dc:creator>
    <category>AI</category>
    <description><![CDATA[<p>OpenAI says <b>GPT-4o</b> will leave ChatGPT on 13 February,
      together with GPT-4.1 and o4-mini.</p><script>alert(1)</script>
      <p><a href="javascript:alert(2)">Click</a> <img src=x onerror="alert(3)"></p>]]></description>
  </item>
  <item>
    <title>Users rally under #keep4o as the deadline nears</title>
    <link>https://example.com/tech/keep4o-rally</link>
    <guid>https://example.com/tech/keep4o-rally</guid>
    <pubDate>Tue, 10 Feb 2026 08:00:00 GMT</pubDate>
    <description>Thousands of posts ask OpenAI to keep the model available.</description>
  </item>
  <item>
    <title>A new phone with a bigger battery</title>
    <link>https://example.com/tech/phone-battery</link>
    <pubDate>Tue, 10 Feb 2026 09:00:00 GMT</pubDate>
    <description>Nothing to do with chatbots.</description>
  </item>
</channel>
</rss>
"""

REVUE_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>La Revue Exemple</title>
  <id>https://example.org/</id>
  <updated>2026-02-13T10:00:00Z</updated>
  <entry>
    <title>GPT‑4o quitte ChatGPT la veille de la Saint-Valentin</title>
    <link href="https://example.org/numerique/gpt-4o-saint-valentin#commentaires"/>
    <id>tag:example.org,2026:4o-1</id>
    <published>2026-02-13T09:30:00+01:00</published>
    <updated>2026-02-13T10:00:00+01:00</updated>
    <author><name>Camille Martin</name></author>
    <summary type="html">&lt;p&gt;Des lecteurs dénoncent un calendrier cruel.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>OpenAI sets a date for GPT-4o's exit from ChatGPT</title>
    <link href="https://EXAMPLE.com/tech/gpt-4o-exit?utm_campaign=partner"/>
    <id>tag:example.org,2026:reprise</id>
    <published>2026-01-30T15:00:00Z</published>
    <summary>Reprise d'un article anglais.</summary>
  </entry>
</feed>
"""


def source_yaml(id_: str, name: str, url: str) -> str:
    return f"  - id: {id_}\n    name: {name}\n    url: {url}\n"


def write_project(root: Path, server: FeedServer, extra_sources: str = "") -> Path:
    """A project folder with two feeds on the local server and the story's keyword rules."""
    feeds = root / "feeds"
    feeds.mkdir(parents=True)
    (root / "docs" / "articles").mkdir(parents=True)
    (feeds / "sources.yml").write_text(textwrap.dedent(f"""\
        sources:
          - id: example-daily
            name: Example Daily
            url: {server.url('/daily.rss')}
          - id: revue
            name: La Revue Exemple
            url: {server.url('/revue.atom')}
            lang: fr
        """) + extra_sources, encoding="utf-8")
    (feeds / "topics.yml").write_text(
        'include: ["GPT-4o", "GPT 4o", "#keep4o"]\nexclude: ["sponsored"]\n', encoding="utf-8")
    (feeds / "tags.yml").write_text(textwrap.dedent("""\
        tags:
          - id: retirement
            label: Retirement
            keywords: [retire, retirement, exit, quitte]
          - id: protests
            label: Protests
            keywords: ["#keep4o", rally]
        """), encoding="utf-8")
    return root


def serve_feeds(server: FeedServer) -> None:
    server.add("/daily.rss", DAILY_RSS.encode(), etag='"daily-v1"',
               last_modified="Fri, 13 Feb 2026 10:00:00 GMT")
    server.add("/revue.atom", REVUE_ATOM.encode(), content_type="application/atom+xml",
               etag='"revue-v1"')


def snapshot(root: Path) -> dict[str, str]:
    """Hash of every file under docs/: proves a re-run wrote nothing."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "docs").rglob("*")) if p.is_file()}


@pytest.fixture
def project_root(tmp_path: Path, feed_server: FeedServer) -> Path:
    serve_feeds(feed_server)
    return write_project(tmp_path / "story", feed_server)


def test_fetch_writes_one_page_per_article_and_they_validate(project_root: Path) -> None:
    project = load_project(project_root)
    report = run_fetch(project, options=FAST)

    assert [f.status for f in report.feeds] == ["ok", "ok"]
    daily, revue = report.feeds
    assert (daily.seen, daily.selected, daily.off_topic) == (3, 2, 1)
    # The English article reprinted by the French feed, other tracking parameters: a duplicate.
    assert (revue.seen, revue.selected, revue.duplicates) == (2, 1, 1)

    articles = {a.title: a for a in load_archive(project.articles_dir).articles}
    assert sorted(articles) == [
        "GPT‑4o quitte ChatGPT la veille de la Saint-Valentin",
        "OpenAI sets a date for GPT-4o's exit from ChatGPT",
        "Users rally under #keep4o as the deadline nears",
    ]
    exit_ = articles["OpenAI sets a date for GPT-4o's exit from ChatGPT"]
    assert exit_.url == "https://example.com/tech/gpt-4o-exit"
    slug = "openai-sets-a-date-for-gpt-4o-s-exit-from-chatgpt"
    assert exit_.path == project.articles_dir / "2026" / "01" / f"{slug}.md"
    assert exit_.authors == ["Jane Doe"]
    assert exit_.tags == ["retirement"]
    assert exit_.selected_by == "keyword: GPT-4o"
    assert exit_.lang == "en-US"
    assert exit_.feed == "example-daily"
    for needle in ("<script", "javascript:", "onerror", "alert("):
        assert needle not in exit_.path.read_text(encoding="utf-8")
    assert "[Read the original article at Example Daily](https://example.com/tech/gpt-4o-exit)" \
        in exit_.body

    french = articles["GPT‑4o quitte ChatGPT la veille de la Saint-Valentin"]
    assert french.lang == "fr"
    assert french.url == "https://example.org/numerique/gpt-4o-saint-valentin"
    assert french.date.isoformat() == "2026-02-13T08:30:00+00:00"  # +01:00 normalised to UTC
    assert french.path.parent == project.articles_dir / "2026" / "02"

    rally = articles["Users rally under #keep4o as the deadline nears"]
    assert rally.selected_by == "keyword: #keep4o"
    assert rally.tags == ["protests"]

    assert [str(p) for p in validate(project)] == []


def test_page_folders_are_synced_once_per_feed_before_the_state_is_saved(
    project_root: Path, monkeypatch
) -> None:
    events: list[str] = []
    real_save = FeedState.save
    monkeypatch.setattr(archive, "_fsync_dir", lambda folder: events.append(f"sync {folder.name}"))
    monkeypatch.setattr(FeedState, "save",
                        lambda self, path: (events.append("save state"), real_save(self, path)))
    project = load_project(project_root)
    report = run_fetch(project, options=FAST)

    assert report.written == 3
    # Creating 2026/, 2026/01/ and 2026/02/ flushes their parents; then example-daily's
    # folders (2026/01, 2026/02) once each, la-revue's (2026/02), then the state (its atomic
    # write syncs feeds/ itself).
    assert events == ["sync articles", "sync 2026", "sync 2026",
                      "sync 01", "sync 02", "sync 02", "save state", "sync feeds"]


def test_rerun_over_unchanged_feeds_is_conditional_and_writes_nothing(
    project_root: Path, feed_server: FeedServer
) -> None:
    project = load_project(project_root)
    run_fetch(project, options=FAST)
    before = snapshot(project_root)
    state = json.loads((project_root / "feeds/state.json").read_text())
    assert state  # validators were stored

    second = run_fetch(project, options=FAST)

    assert [f.status for f in second.feeds] == ["not_modified", "not_modified"]
    assert second.written == 0 and all(f.seen == 0 for f in second.feeds)
    assert snapshot(project_root) == before
    last = feed_server.requests_for("/daily.rss")[-1]
    assert last.headers.get("if-none-match") == '"daily-v1"'


def test_rerun_after_feed_changed_still_duplicates_nothing(
    project_root: Path, feed_server: FeedServer
) -> None:
    project = load_project(project_root)
    run_fetch(project, options=FAST)
    before = snapshot(project_root)
    # The feed is republished with a new ETag and new GUIDs, same articles.
    feed_server.add("/daily.rss", DAILY_RSS.replace("daily-1001", "daily-9999").encode(),
                    etag='"daily-v2"')

    report = run_fetch(project, options=FAST)

    assert report.feeds[0].status == "ok"
    assert report.feeds[0].duplicates == 2 and report.written == 0
    assert snapshot(project_root) == before


def test_a_hand_edited_page_is_left_alone(project_root: Path, feed_server: FeedServer) -> None:
    project = load_project(project_root)
    run_fetch(project, options=FAST)
    page = project.articles_dir / "2026/02/users-rally-under-keep4o-as-the-deadline-nears.md"
    edited = page.read_text(encoding="utf-8").replace(
        "summary: Thousands", "summary: Edited by a maintainer. Thousands")
    page.write_text(edited, encoding="utf-8")
    page.with_name("notes.txt").write_text("not a page", encoding="utf-8")
    feed_server.add("/daily.rss", DAILY_RSS.encode(), etag='"daily-v3"')

    run_fetch(project, options=FAST)

    assert page.read_text(encoding="utf-8") == edited
    assert len(load_archive(project.articles_dir).articles) == 3


def test_one_broken_feed_does_not_stop_the_others(tmp_path: Path, feed_server: FeedServer) -> None:
    serve_feeds(feed_server)
    feed_server.add("/html", b"<!doctype html><html><body><p>Not a feed</p></body></html>",
                    content_type="text/html")
    root = write_project(tmp_path / "story", feed_server, extra_sources=(
        source_yaml("html-page", "Not a feed", feed_server.url("/html"))
        + source_yaml("missing", "Gone feed", feed_server.url("/missing"))))

    result = CliRunner().invoke(cli, ["fetch", "--root", str(root), "--json", "--timeout", "2"])

    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    statuses = {f["feed"]: f["status"] for f in report["feeds"]}
    assert statuses == {"example-daily": "ok", "revue": "ok", "html-page": "error",
                        "missing": "gone"}
    errors = {f["feed"]: f["error"] for f in report["feeds"]}
    assert "html-page" in errors["html-page"]
    assert "404" in errors["missing"]
    assert report["written"] == 3
    # Both count as failures in a row (a page that is not a feed too): they wait for their
    # next attempt instead of being downloaded at every run.
    state = json.loads((root / "feeds" / "state.json").read_text())["feeds"]
    assert state["html-page"]["failures"] == 1 and state["missing"]["failures"] == 1
    again = CliRunner().invoke(cli, ["fetch", "--root", str(root), "--json"])
    statuses = {f["feed"]: f["status"] for f in json.loads(again.output)["feeds"]}
    assert statuses["html-page"] == statuses["missing"] == "deferred"
    assert again.exit_code == 0, again.output


def test_dry_run_writes_nothing_but_lists_the_pages(project_root: Path) -> None:
    result = CliRunner().invoke(cli, ["fetch", "--root", str(project_root), "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "would write 3 page(s); 2 feed(s), 0 failed" in result.output
    page = "docs/articles/2026/02/users-rally-under-keep4o-as-the-deadline-nears.md"
    assert page in result.output
    assert list((project_root / "docs/articles").rglob("*.md")) == []
    assert not (project_root / "feeds/state.json").exists()


def test_summary_lines_name_each_feed(project_root: Path) -> None:
    result = CliRunner().invoke(cli, ["fetch", "--root", str(project_root)])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["example-daily", "ok", "seen", "3,", "selected", "2,", "written",
                                "2,", "duplicates", "0,", "rejected", "0,", "off-topic", "1"]
    assert lines[1].startswith("revue ")
    assert "wrote 3 page(s); 2 feed(s), 0 failed" in result.output


def test_rejected_articles_are_never_proposed(project_root: Path) -> None:
    (project_root / "feeds/rejected.yml").write_text(
        "rejected:\n  - url: https://example.com/tech/keep4o-rally?utm_source=x\n"
        "    reason: opinion piece, off scope\n", encoding="utf-8")
    project = load_project(project_root)

    report = run_fetch(project, options=FAST)

    assert report.feeds[0].rejected == 1
    titles = [a.title for a in load_archive(project.articles_dir).articles]
    assert "Users rally under #keep4o as the deadline nears" not in titles


def test_bad_configuration_exits_2_naming_file_and_line(project_root: Path) -> None:
    sources = project_root / "feeds/sources.yml"
    sources.write_text(sources.read_text().replace("url: http", "url: ftp", 1), encoding="utf-8")

    result = CliRunner().invoke(cli, ["fetch", "--root", str(project_root)])

    assert result.exit_code == 2
    assert "sources.yml:4: sources[0].url: 'ftp://" in result.output
    assert not (project_root / "feeds/state.json").exists()


def test_a_second_fetch_while_one_runs_refuses_with_exit_3(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    serve_feeds(feed_server)
    feed_server.add_slow_headers("/slow.rss", DAILY_RSS.encode(), delay=3.0)
    root = write_project(tmp_path / "story", feed_server, extra_sources=source_yaml(
        "slow", "Slow feed", feed_server.url("/slow.rss")))
    first = subprocess.Popen(
        [sys.executable, "-m", "newsarchive", "fetch", "--root", str(root), "--timeout", "10"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = threading.Event()
    for _ in range(100):  # wait until the first run holds the lock and is fetching
        if feed_server.requests_for("/slow.rss"):
            started.set()
            break
        threading.Event().wait(0.05)
    assert started.is_set()

    second = subprocess.run(
        [sys.executable, "-m", "newsarchive", "fetch", "--root", str(root)],
        capture_output=True, text=True, timeout=60)
    out, err = first.communicate(timeout=60)

    assert second.returncode == 3
    assert "another run holds the archive lock by process" in second.stderr
    assert first.returncode == 0, out + err
    assert len(load_archive(root / "docs/articles").articles) == 3


def test_a_feed_that_keeps_failing_waits_longer_each_time(tmp_path: Path,
                                                          feed_server: FeedServer) -> None:
    """Failures in a row and the next attempt live in the feed state; until then the feed is
    reported as deferred and not requested (an unchanged re-run does not download it again)."""
    from datetime import UTC, datetime, timedelta

    serve_feeds(feed_server)
    feed_server.add("/broken", b"oops", status=500, content_type="text/plain")
    root = write_project(tmp_path / "story", feed_server,
                         extra_sources=source_yaml("broken", "Broken feed",
                                                   feed_server.url("/broken")))
    project = load_project(root)
    start = datetime(2026, 2, 14, 9, 0, tzinfo=UTC)

    def run(at: datetime, **kwargs):
        before = len(feed_server.requests_for("/broken"))
        report = run_fetch(project, options=FAST, now=at, **kwargs)
        broken = next(f for f in report.feeds if f.feed == "broken")
        return broken, len(feed_server.requests_for("/broken")) - before, report

    broken, asked, _ = run(start)
    assert (broken.status, broken.failures, asked) == ("error", 1, 2)  # 1 retry within the run
    assert broken.next_attempt == "2026-02-14T10:00:00Z"
    state = json.loads((root / "feeds" / "state.json").read_text())["feeds"]["broken"]
    assert state["failures"] == 1 and state["next_attempt"] == "2026-02-14T10:00:00Z"

    broken, asked, report = run(start + timedelta(minutes=5))
    assert (broken.status, asked) == ("deferred", 0)
    assert "failed 1 run(s) in a row" in broken.error and "HTTP 500" in broken.error
    assert report.failed == [] and len(report.deferred) == 1
    assert report.to_json()["deferred"] == 1

    broken, asked, _ = run(start + timedelta(hours=1))  # due again: fails again, waits 4 h
    assert (broken.status, broken.failures, asked) == ("error", 2, 2)
    assert broken.next_attempt == "2026-02-14T14:00:00Z"
    assert run(start + timedelta(hours=3))[1] == 0
    # Asking for the feed by name fetches it whatever its backoff.
    broken, asked, _ = run(start + timedelta(hours=3),
                           sources=[s for s in project.sources if s.id == "broken"], force=True)
    assert asked == 2 and broken.failures == 3

    feed_server.add("/broken", DAILY_RSS.encode())  # fixed: one success clears the count
    broken, _, _ = run(start + timedelta(days=30))
    assert broken.status == "ok"
    state = json.loads((root / "feeds" / "state.json").read_text())["feeds"]["broken"]
    assert "failures" not in state and "next_attempt" not in state


def test_entries_dated_before_the_story_are_skipped_and_every_page_validates(
        tmp_path: Path, feed_server: FeedServer) -> None:
    """A whole-feed source's old entries are not about the story: fetch skips them with a
    counted reason, so fetch, validate and the site build apply one rule."""
    old_and_new = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Keep4o Blog</title><link>https://example.org/</link>
<item><title>My first post, years ago</title><link>https://example.org/2019/hello</link>
<pubDate>Tue, 01 Jan 2019 10:00:00 GMT</pubDate></item>
<item><title>Goodbye, old friend</title><link>https://example.org/2026/goodbye</link>
<pubDate>Fri, 13 Feb 2026 10:00:00 GMT</pubDate></item>
</channel></rss>"""
    serve_feeds(feed_server)
    feed_server.add("/blog.rss", old_and_new.encode())
    root = write_project(tmp_path / "story", feed_server, extra_sources=(
        source_yaml("blog", "Keep4o Blog", feed_server.url("/blog.rss"))
        + "    whole_feed: true\n"))
    (root / "feeds" / "events.yml").write_text(textwrap.dedent("""\
        events:
          - id: gpt-4o-launch
            date: "2024-05-13"
            title: OpenAI launches GPT-4o
        """), encoding="utf-8")

    result = CliRunner().invoke(cli, ["fetch", "--root", str(root)])

    assert result.exit_code == 0, result.output
    blog = next(line for line in result.output.splitlines() if line.startswith("blog "))
    assert "written 1," in blog and "before the story 1" in blog
    assert [p for p in validate(load_project(root)) if p.severity == "error"] == []
    assert not list((root / "docs" / "articles").glob("2019/**/*.md"))
