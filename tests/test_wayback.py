"""Archived copies (newsarchive.wayback): the API's answers read from recorded shapes, then the
whole step over real HTTP against the loopback fake (tests/waybackfake.py), then `fetch` and
`add` with it. Nothing here reaches the Internet Archive."""

from __future__ import annotations

import json
import re
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from feedserver import FeedServer
from newsarchive import wayback
from newsarchive.archive import read_article, render_page, write_article
from newsarchive.cli import cli
from newsarchive.fetch import FetchOptions
from newsarchive.model import Article, Snapshot
from newsarchive.wayback import (
    CopiesReport,
    Target,
    WaybackError,
    WaybackOptions,
    find_copies,
    parse_availability,
    parse_save_page,
    parse_save_status,
    record_copies,
    wanted,
)
from waybackfake import FIXTURES, WaybackFake, fixture, job_id

ORIGINAL = "https://example.com/tech/gpt-4o-exit"
WEB = "https://web.archive.org"


def fast(fake: WaybackFake, **changes) -> WaybackOptions:
    settings = dict(lookup_interval=0.0, save_interval=0.0, poll_interval=0.01, budget=10.0)
    return WaybackOptions.from_env({wayback.ENV_URL: fake.base_url}, **{**settings, **changes})


# ---------------------------------------------------------------------------------------------
# The answers, as the Wayback Machine sends them


def test_availability_answer_gives_the_closest_snapshot_over_https() -> None:
    snapshot = parse_availability(fixture("available.json"))
    assert snapshot == Snapshot(f"{WEB}/web/20260130151207/{ORIGINAL}",
                                datetime(2026, 1, 30, 15, 12, 7, tzinfo=UTC))


def test_availability_without_a_usable_snapshot() -> None:
    assert parse_availability(fixture("available-none.json")) is None
    assert parse_availability(fixture("available-error-page.json")) is None  # a 404 capture
    unavailable = json.loads(fixture("available.json"))
    unavailable["archived_snapshots"]["closest"]["available"] = False
    assert parse_availability(json.dumps(unavailable).encode()) is None


@pytest.mark.parametrize(("body", "message"), [
    (b"<html>Service Unavailable</html>", "the availability answer is not JSON"),
    (b'{"url": "x"}', "no 'archived_snapshots' object"),
    (b'{"archived_snapshots": {"closest": {"available": true, "status": "200", '
     b'"url": "javascript:alert(1)", "timestamp": "20260130151207"}}}', "no http(s) url"),
    (b'{"archived_snapshots": {"closest": {"available": true, "status": "200", '
     b'"url": "http://web.archive.org/web/x/y", "timestamp": "2026-01-30"}}}',
     "not a Wayback timestamp"),
])
def test_unreadable_availability_answers_are_errors(body: bytes, message: str) -> None:
    with pytest.raises(WaybackError, match=re.escape(message)):
        parse_availability(body)


def test_save_page_names_the_capture_job_or_declines() -> None:
    assert parse_save_page(fixture("save.html")) == "spn2-8f2f2a8b5b6f0d6c1f9d3e6a0b7c4d2e9a1f3b5c"
    assert parse_save_page(fixture("save-recent.html")) is None
    assert parse_save_page(b"\xff\xfe not even utf-8") is None


def test_capture_status_pending_success_and_error() -> None:
    assert parse_save_status(fixture("status-pending.json"), WEB).state == "pending"
    done = parse_save_status(fixture("status-success.json"), WEB)
    assert done.snapshot == Snapshot(f"{WEB}/web/20260130151207/{ORIGINAL}",
                                     datetime(2026, 1, 30, 15, 12, 7, tzinfo=UTC))
    failed = parse_save_status(fixture("status-error.json"), WEB)
    assert (failed.state, failed.message) == ("error", f"Couldn't resolve host for {ORIGINAL}.")
    error_page = json.loads(fixture("status-success.json"))
    error_page["http_status"] = 404
    assert parse_save_status(json.dumps(error_page).encode(), WEB).message == (
        "the original answered HTTP 404 to the capture")
    with pytest.raises(WaybackError, match="unknown capture status"):
        parse_save_status(b'{"status": "queued"}', WEB)


def test_fixtures_are_documented() -> None:
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for path in FIXTURES.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name


def test_the_flag_beats_the_environment_which_beats_the_setting() -> None:
    assert wanted(True, None, {}) is True and wanted(False, None, {}) is False
    assert wanted(True, None, {wayback.ENV_SWITCH: "0"}) is False
    assert wanted(False, None, {wayback.ENV_SWITCH: "on"}) is True
    assert wanted(False, True, {wayback.ENV_SWITCH: "off"}) is True
    assert wanted(True, False, {}) is False
    assert WaybackOptions.from_env({}).api_base == "https://archive.org"
    moved = WaybackOptions.from_env({wayback.ENV_URL: "http://127.0.0.1:9/"})
    assert (moved.api_base, moved.web_base) == ("http://127.0.0.1:9", "http://127.0.0.1:9")


# ---------------------------------------------------------------------------------------------
# The step, over HTTP


def test_found_saved_declined_failed_and_not_asked(wayback_fake: WaybackFake) -> None:
    fake = wayback_fake
    fake.snapshots["https://example.com/a"] = "20260130151207"
    fake.pending = 2
    fake.failing.add("https://example.com/c")
    fake.recent.add("https://example.com/d")
    targets = [Target("https://example.com/a", datetime(2026, 1, 30, 14, 5, tzinfo=UTC)),
               Target("https://example.com/b"), Target("https://example.com/c"),
               Target("https://example.com/d"), Target("https://example.com/e", save=False)]

    report = find_copies(targets, fast(fake))

    assert [r.status for r in report.results] == ["found", "saved", "error", "none", "none"]
    assert report.results[0].snapshot.url == f"{WEB}/web/20260130151207/https://example.com/a"
    assert report.results[1].snapshot == Snapshot(
        f"{fake.base_url}/web/20260301120000/https://example.com/b",
        datetime(2026, 3, 1, 12, tzinfo=UTC))
    assert report.results[2].message == "capture failed: Couldn't resolve host for " \
                                        "https://example.com/c."
    assert "declined" in report.results[3].message
    assert report.stopped is None
    lookups = fake.asked("/wayback/available")
    assert [q.query for q in lookups[:2]] == [
        {"url": "https://example.com/a", "timestamp": "20260130140500"},
        {"url": "https://example.com/b"}]
    # One capture asked per original without a snapshot, none for the one not to be saved.
    assert [q.form for q in fake.asked("/save/") if q.method == "POST"] == [
        {"url": "https://example.com/b"}, {"url": "https://example.com/c"},
        {"url": "https://example.com/d"}]
    assert len(fake.asked(f"/save/status/{job_id('https://example.com/b')}")) == 3
    assert report.summary() == ("archived copies: 1 found, 1 captured now, 2 no copy, 1 failed; "
                                "0 page(s) updated")


def test_requests_are_spaced_and_captures_capped(wayback_fake: WaybackFake) -> None:
    targets = [Target(f"https://example.com/{n}") for n in range(4)]

    report = find_copies(targets, fast(wayback_fake, lookup_interval=0.3, save_interval=0.4,
                                       max_saves=2))

    lookups = [q.at for q in wayback_fake.asked("/wayback/available")]
    saves = [q.at for q in wayback_fake.asked("/save/") if q.method == "POST"]
    assert len(lookups) == 4 and len(saves) == 2
    # Spaced by the client (0.3 s, 0.4 s); arrival times at the server jitter, by tens of
    # milliseconds on a loaded 2-core machine, so the check keeps half the interval as margin.
    # Unspaced, the requests would arrive within a few milliseconds of each other.
    assert min(b - a for a, b in zip(lookups, lookups[1:], strict=False)) >= 0.15
    assert saves[1] - saves[0] >= 0.2
    assert [r.status for r in report.results] == ["saved", "saved", "none", "none"]


def test_the_budget_ends_the_step_and_what_is_left_is_not_tried(wayback_fake) -> None:
    wayback_fake.pending = 10_000  # captures never finish
    targets = [Target(f"https://example.com/{n}") for n in range(10)]

    started = time.monotonic()
    report = find_copies(targets, fast(wayback_fake, lookup_interval=0.1, budget=0.45))

    assert time.monotonic() - started < 2.0
    assert report.stopped == "out of time"
    statuses = [r.status for r in report.results]
    assert 3 <= statuses.count("none") + statuses.count("requested") <= 6
    assert statuses[-1] == "skipped"


def test_captures_still_running_at_the_end_are_requested(wayback_fake: WaybackFake) -> None:
    wayback_fake.pending = 10_000
    report = find_copies([Target("https://example.com/slow")],
                         fast(wayback_fake, budget=0.3, poll_interval=0.05))
    [result] = report.results
    assert (result.status, result.snapshot) == ("requested", None)
    assert report.stopped == "out of time with 1 capture(s) still running"
    assert 3 <= len(wayback_fake.asked("/save/status/")) <= 8  # polled, politely


def test_http_429_stops_the_step_at_once(wayback_fake: WaybackFake) -> None:
    wayback_fake.busy = True
    report = find_copies([Target(f"https://example.com/{n}") for n in range(5)],
                         fast(wayback_fake))
    assert report.stopped == "the Internet Archive asked to slow down (HTTP 429)"
    assert {r.status for r in report.results} == {"skipped"}
    assert len(wayback_fake.requests) == 1


def test_an_unreachable_archive_stops_the_step_at_once() -> None:
    with FeedServer() as closed:
        base = closed.base_url
    options = WaybackOptions.from_env({wayback.ENV_URL: base}, lookup_interval=0.0)
    report = find_copies([Target(f"https://example.com/{n}") for n in range(50)], options)
    assert report.stopped == "the Internet Archive cannot be reached (connection refused)"
    assert {r.status for r in report.results} == {"skipped"}


def test_a_slow_archive_is_timed_out_not_waited_for(wayback_fake: WaybackFake) -> None:
    wayback_fake.delay = 5.0
    http = FetchOptions(connect_timeout=0.3, read_timeout=0.3, total_timeout=0.5, retries=0)
    started = time.monotonic()
    report = find_copies([Target("https://example.com/a")], fast(wayback_fake, http=http))
    assert time.monotonic() - started < 2.0
    assert report.stopped.startswith("the Internet Archive cannot be reached (timed out")


def test_three_server_errors_in_a_row_stop_the_step(wayback_fake: WaybackFake) -> None:
    wayback_fake.broken = True
    report = find_copies([Target(f"https://example.com/{n}") for n in range(6)],
                         fast(wayback_fake))
    assert [r.status for r in report.results] == ["error", "error", "skipped", "skipped",
                                                  "skipped", "skipped"]
    assert report.stopped.startswith("3 failures in a row, the last: availability: HTTP 503")


# ---------------------------------------------------------------------------------------------
# Pages


def article(n: int, **changes) -> Article:
    fields = dict(title=f"GPT-4o story {n}", date=datetime(2026, 2, n, 9, tzinfo=UTC),
                  source="Example Daily", url=f"https://example.com/news/{n}", lang="en",
                  id=f"{n:016x}", summary="GPT-4o leaves ChatGPT.", feed="daily",
                  body="An excerpt.")
    fields.update(changes)
    return Article(**fields)


def test_record_copies_writes_only_archived_and_skips_pages_that_have_one(
        tmp_path: Path, wayback_fake: WaybackFake) -> None:
    wayback_fake.snapshots["https://example.com/news/1"] = "20260201100000"
    had = Snapshot("https://archive.example.org/copy", datetime(2026, 2, 3, tzinfo=UTC))
    pages = [write_article(tmp_path, article(1)), write_article(tmp_path, article(2)),
             write_article(tmp_path, article(3, archived=had)),
             write_article(tmp_path, article(4, url=None, feed=None))]
    before = [p.read_text(encoding="utf-8") for p in pages]
    articles = [read_article(p) for p in pages]

    report = record_copies(articles, fast(wayback_fake), root=tmp_path)

    assert report.recorded == ["2026/02/gpt-4o-story-2.md", "2026/02/gpt-4o-story-1.md"]
    assert [q.query["url"] for q in wayback_fake.asked("/wayback/available")] == [
        "https://example.com/news/2", "https://example.com/news/1"]  # newest first
    first = pages[0].read_text(encoding="utf-8")
    assert first == before[0].replace("---\n\nAn excerpt.", (
        "archived:\n"
        "  url: https://web.archive.org/web/20260201100000/https://example.com/news/1\n"
        "  timestamp: '2026-02-01T10:00:00Z'\n---\n\nAn excerpt."))
    assert read_article(pages[1]).archived.url.endswith("/web/20260301120000/"
                                                        "https://example.com/news/2")
    assert [p.read_text(encoding="utf-8") for p in pages[2:]] == before[2:]


def test_a_dead_original_is_looked_up_first_and_never_captured(
        tmp_path: Path, wayback_fake: WaybackFake) -> None:
    dead = read_article(write_article(tmp_path, article(1, link_status="dead")))
    alive = read_article(write_article(tmp_path, article(2)))

    report = record_copies([alive, dead], fast(wayback_fake))

    assert [q.query["url"] for q in wayback_fake.asked("/wayback/available")] == [
        "https://example.com/news/1", "https://example.com/news/2"]
    assert [q.form["url"] for q in wayback_fake.asked("/save/") if q.method == "POST"] == [
        "https://example.com/news/2"]
    assert [r.status for r in report.results] == ["none", "saved"]


def test_a_page_that_cannot_be_updated_is_a_warning(tmp_path: Path,
                                                    wayback_fake: WaybackFake) -> None:
    wayback_fake.snapshots["https://example.com/news/1"] = "20260201100000"
    path = write_article(tmp_path, article(1))
    stale = read_article(path)
    path.write_text("not a page any more\n", encoding="utf-8")

    report = record_copies([stale], fast(wayback_fake))

    assert report.recorded == [] and len(report.warnings) == 1
    assert "no front matter to update" in report.warnings[0]
    assert path.read_text(encoding="utf-8") == "not a page any more\n"


def test_report_json_names_every_outcome() -> None:
    report = CopiesReport()
    assert report.to_json() == {"found": 0, "saved": 0, "requested": 0, "none": 0, "error": 0,
                                "skipped": 0, "recorded": [], "stopped": None, "warnings": [],
                                "results": []}
    assert find_copies([], WaybackOptions()).results == []  # nothing asked of the network


# ---------------------------------------------------------------------------------------------
# fetch and add


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Daily</title><link>https://example.com/</link>
<item><title>OpenAI sets a date for GPT-4o's exit from ChatGPT</title>
<link>https://example.com/tech/gpt-4o-exit</link>
<pubDate>Fri, 30 Jan 2026 14:05:00 +0000</pubDate>
<description>GPT-4o leaves ChatGPT on 13 February.</description></item>
<item><title>Users rally under #keep4o</title><link>https://example.com/tech/keep4o</link>
<pubDate>Tue, 10 Feb 2026 08:00:00 GMT</pubDate>
<description>Thousands of posts ask OpenAI to keep GPT-4o.</description></item>
</channel></rss>
"""


@pytest.fixture
def project(tmp_path: Path, feed_server: FeedServer) -> Path:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (tmp_path / "docs" / "articles").mkdir(parents=True)
    (feeds / "sources.yml").write_text(textwrap.dedent(f"""\
        sources:
          - id: daily
            name: Example Daily
            url: {feed_server.url("/daily.xml")}
            whole_feed: true
        """), encoding="utf-8")
    (feeds / "topics.yml").write_text("include: [GPT-4o]\n", encoding="utf-8")
    feed_server.add("/daily.xml", RSS.encode())
    return tmp_path


def fetch(root: Path, *args: str):
    return CliRunner().invoke(cli, ["fetch", "--root", str(root), "--timeout", "5", *args])


def test_fetch_records_archived_copies_of_the_pages_it_writes(
        project: Path, wayback_fake: WaybackFake) -> None:
    wayback_fake.snapshots[ORIGINAL] = "20260130151207"

    done = fetch(project, "--json")

    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert (report["archive"]["found"], report["archive"]["saved"]) == (1, 1)
    assert sorted(report["archive"]["recorded"]) == sorted(report["feeds"][0]["pages"])
    exit_page = read_article(project / next(p for p in report["feeds"][0]["pages"]
                                            if "exit" in p))
    assert exit_page.archived == Snapshot(f"{WEB}/web/20260130151207/{ORIGINAL}",
                                          datetime(2026, 1, 30, 15, 12, 7, tzinfo=UTC))
    # Closest to the article's own date, and the page validates with its copy.
    asked = {q.query["url"]: q.query for q in wayback_fake.asked("/wayback/available")}
    assert asked[ORIGINAL]["timestamp"] == "20260130140500"
    checked = CliRunner().invoke(cli, ["validate", "--root", str(project)])
    assert checked.exit_code == 0 and checked.output == "0 error(s), 0 warning(s)\n"

    # The re-run writes nothing, so it asks the archive nothing.
    asked = len(wayback_fake.requests)
    assert fetch(project).exit_code == 0
    assert len(wayback_fake.requests) == asked


def test_fetch_goes_on_when_the_archive_fails(project: Path, wayback_fake: WaybackFake) -> None:
    wayback_fake.busy = True
    done = fetch(project)
    assert done.exit_code == 0, done.output
    assert ("archived copies: 2 not tried; 0 page(s) updated (stopped: the Internet Archive "
            "asked to slow down (HTTP 429))") in done.output
    assert "wrote 2 page(s)" in done.output


@pytest.mark.parametrize("how", ["--no-archive", "--dry-run", "setting", "env"])
def test_archived_copies_can_be_turned_off(project: Path, wayback_fake: WaybackFake,
                                           monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    args = [how] if how.startswith("--") else []
    if how == "setting":
        monkeypatch.delenv(wayback.ENV_SWITCH)
        (project / "feeds" / "settings.yml").write_text("archive_copies: false\n")
    if how == "env":
        monkeypatch.setenv(wayback.ENV_SWITCH, "0")
    done = fetch(project, *args)
    assert done.exit_code == 0, done.output
    assert "archived copies" not in done.output
    assert wayback_fake.requests == []


def test_add_records_the_archived_copy(project: Path, feed_server: FeedServer,
                                       wayback_fake: WaybackFake,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    page = render_page(article(5))  # any HTML page will do: its metadata comes from flags
    url = feed_server.add("/news/5", f"<html><body><p>{page}</p></body></html>".encode(),
                          content_type="text/html")
    monkeypatch.chdir(project)
    done = CliRunner().invoke(cli, [
        "add", url, "--root", str(project), "--title", "GPT-4o story five", "--date",
        "2026-02-05", "--source", "Example Daily", "--lang", "en", "--summary", "A story."])

    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[1] == ("archived copies: 1 captured now; 1 page(s) updated")
    [written] = (project / "docs" / "articles" / "2026" / "02").glob("*.md")
    assert read_article(written).archived.url == (
        f"{wayback_fake.base_url}/web/20260301120000/{url}")


def test_add_from_a_saved_file_stays_offline_unless_asked(project: Path, tmp_path: Path,
                                                         wayback_fake: WaybackFake,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text("<html><body><p>GPT-4o leaves ChatGPT.</p></body></html>", encoding="utf-8")
    monkeypatch.chdir(project)
    flags = ["--title", "GPT-4o story six", "--date", "2026-02-06", "--source", "Example Daily",
             "--lang", "en", "--summary", "A story."]

    done = CliRunner().invoke(cli, ["add", "--from-file", str(saved), "--url",
                                    "https://example.com/news/6", "--root", str(project), *flags])
    assert done.exit_code == 0, done.output
    assert wayback_fake.requests == [] and "archived copies" not in done.output

    again = CliRunner().invoke(cli, ["add", "--from-file", str(saved), "--url",
                                     "https://example.com/news/7", "--root", str(project),
                                     "--archive", *flags, "--title", "GPT-4o story seven"])
    assert again.exit_code == 0, again.output
    assert [q.query["url"] for q in wayback_fake.asked("/wayback/available")] == [
        "https://example.com/news/7"]
