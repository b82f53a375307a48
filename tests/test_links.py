"""`newsarchive links` (newsarchive.links): originals checked over real HTTP on 127.0.0.1,
dead links recorded on the pages and nothing else changed, archived copies looked up from the
loopback Wayback fake, and the body of the monthly pull request."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from feedserver import FeedServer, Response
from newsarchive import links
from newsarchive.archive import archive_lock, read_article, render_page
from newsarchive.cli import cli
from newsarchive.fetch import FetchOptions
from newsarchive.links import LinkCheck, LinkOptions, check_urls, link_changes, pr_body, verdict
from newsarchive.model import Article, FetchResult, Snapshot, Source
from waybackfake import WaybackFake

FAST = LinkOptions(FetchOptions(connect_timeout=2, read_timeout=2, total_timeout=5, retries=1,
                                backoff=0.01), host_interval=0.0)
TODAY = date(2026, 3, 1)
HTML = "text/html; charset=utf-8"


def result(status: str, http_status: int | None, error: str | None = None) -> FetchResult:
    return FetchResult(source=Source("url", "example.com", "https://example.com/a"),
                       status=status, http_status=http_status, error=error,
                       final_url="https://example.com/a")


# ---------------------------------------------------------------------------------------------
# Verdicts and changes (pure)


def test_verdict_from_head_then_get() -> None:
    url = "https://example.com/a"
    assert verdict(url, result("ok", 200), None).verdict == "ok"
    assert verdict(url, result("error", 405, "HTTP 405"), result("ok", 200)).verdict == "ok"
    too_big = result("error", 200, "body larger than 256 KiB cap")
    assert verdict(url, result("error", 403, "HTTP 403"), too_big).verdict == "ok"
    assert verdict(url, result("gone", 404), result("gone", 404)) == LinkCheck(
        url, "dead", 404, "HTTP 404 Not Found", "https://example.com/a")
    assert verdict(url, result("error", 405), result("gone", 410)).reason == "HTTP 410 Gone"
    forbidden = verdict(url, result("error", 403, "HTTP 403 Forbidden"),
                        result("error", 403, "HTTP 403 Forbidden"))
    assert (forbidden.verdict, forbidden.reason) == ("error", "HTTP 403 Forbidden")
    refused = verdict(url, result("error", None, "connection refused"),
                      result("error", None, "connection refused; gave up after 2 attempts"))
    assert refused.reason == "connection refused; gave up after 2 attempts"


def page_article(**changes) -> Article:
    fields = dict(title="GPT-4o leaves ChatGPT", date=datetime(2026, 2, 13, tzinfo=UTC),
                  source="Example Daily", url="https://example.com/a", lang="en",
                  id="1111aaaa2222bbbb", summary="It leaves.")
    fields.update(changes)
    return Article(**fields)


def test_link_changes() -> None:
    alive, dead = LinkCheck("u", "ok", 200), LinkCheck("u", "dead", 404, "HTTP 404 Not Found")
    unknown = LinkCheck("u", "error", None, "timed out")
    marked = page_article(link_status="dead", link_checked=date(2026, 1, 1))
    assert link_changes(page_article(), dead, TODAY) == (
        "marked dead", {"link_status": "dead", "link_checked": TODAY})
    assert link_changes(marked, dead, TODAY) is None  # keeps the day it was first found dead
    assert link_changes(marked, alive, TODAY) == (
        "alive again", {"link_status": None, "link_checked": None})
    assert link_changes(marked, unknown, TODAY) is None
    assert link_changes(page_article(), unknown, TODAY) is None
    assert link_changes(page_article(), alive, TODAY) is None


# ---------------------------------------------------------------------------------------------
# Checking, politely


def test_each_url_once_head_first_get_when_head_fails(feed_server: FeedServer) -> None:
    ok = feed_server.add("/ok", b"<html></html>", content_type=HTML)
    picky = feed_server.add_sequence("/picky", [Response(status=405, content_type=None),
                                                Response(b"<html></html>", content_type=HTML)])
    gone = feed_server.add("/gone", b"", status=404, content_type="text/plain")
    moved = feed_server.add_redirect("/moved", "/gone", status=301)
    flaky = feed_server.add_sequence("/flaky", [Response(status=503, content_type=None),
                                                Response(status=503, content_type=None),
                                                Response(b"<html></html>", content_type=HTML)])

    checks = check_urls([ok, picky, gone, moved, flaky, ok], FAST)

    assert {u: c.verdict for u, c in checks.items()} == {
        ok: "ok", picky: "ok", gone: "dead", moved: "dead", flaky: "ok"}
    assert checks[moved].final_url == gone
    assert [r.method for r in feed_server.requests_for("/ok")] == ["HEAD"]
    assert [r.method for r in feed_server.requests_for("/picky")] == ["HEAD", "GET"]
    # HEAD: 503, retried once, 503 again; then GET: 200.
    assert [r.method for r in feed_server.requests_for("/flaky")] == ["HEAD", "HEAD", "GET"]


def test_per_host_limit_and_spacing(feed_server: FeedServer) -> None:
    urls = [feed_server.add(f"/slow/{n}", b"<html></html>", content_type=HTML, delay=0.2)
            for n in range(6)]
    options = LinkOptions(FetchOptions(concurrency=8, per_host=2, retries=0), host_interval=0.0)
    assert {c.verdict for c in check_urls(urls, options).values()} == {"ok"}
    assert feed_server.max_in_flight == 2

    spaced = [feed_server.add(f"/spaced/{n}", b"<html></html>", content_type=HTML)
              for n in range(4)]
    starts = []
    check_urls(spaced, LinkOptions(FAST.http, host_interval=0.3),
               on_result=lambda c: starts.append(c))
    assert len(starts) == 4
    times = sorted(r for r in _arrivals(feed_server, "/spaced/"))
    # Spaced 0.3 s by the client; arrivals jitter by tens of milliseconds on a loaded machine,
    # so half the interval is kept as margin (unspaced, they would arrive together).
    assert all(b - a >= 0.15 for a, b in zip(times, times[1:], strict=False))


def _arrivals(server: FeedServer, prefix: str) -> list[float]:
    return [r.at for r in server.requests if r.path.startswith(prefix)]


# ---------------------------------------------------------------------------------------------
# The command


HAND_EDITED = """\
---
title:   GPT-4o leaves ChatGPT   # edited by hand
date: '2026-02-13T09:00:00Z'
source: Example Daily
url: {url}
lang: en
id: {id}
summary: >-
  OpenAI retires the model,
  users protest.
tags: [retirement]
---

A few words of our own.
"""


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "feeds").mkdir()
        (root / "feeds" / "sources.yml").write_text("sources: []\n", encoding="utf-8")
        (root / "feeds" / "topics.yml").write_text("include: [GPT-4o]\n", encoding="utf-8")
        self.articles = root / "docs" / "articles" / "2026" / "02"
        self.articles.mkdir(parents=True)

    def hand_page(self, name: str, url: str, n: int) -> Path:
        path = self.articles / f"{name}.md"
        path.write_text(HAND_EDITED.format(url=url, id=f"aaaa{n:012x}"), encoding="utf-8")
        return path

    def page(self, name: str, url: str | None, n: int, **changes) -> Path:
        path = self.articles / f"{name}.md"
        article = page_article(url=url, id=f"aaaa{n:012x}", title=f"Story {n}",
                               feed=None if url is None else "daily", **changes)
        path.write_text(render_page(article), encoding="utf-8")
        return path

    def links(self, *args: str):
        return CliRunner().invoke(cli, ["links", "--root", str(self.root), "--host-interval",
                                        "0", "--retries", "0", "--timeout", "2", *args])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)


@pytest.fixture
def archive_set(project: Project, feed_server: FeedServer) -> dict[str, Path]:
    """Pages whose originals answer, are gone, were gone and are back, cannot be reached."""
    with FeedServer() as closed:
        refused = closed.url("/article")
    urls = {
        "alive": feed_server.add("/alive", b"<html></html>", content_type=HTML),
        "gone": feed_server.add("/gone", b"", status=404, content_type="text/plain"),
        "still": feed_server.add("/still", b"", status=410, content_type="text/plain"),
        "back": feed_server.add("/back", b"<html></html>", content_type=HTML),
    }
    return {
        "alive": project.page("alive", urls["alive"], 1),
        "gone": project.hand_page("gone", urls["gone"], 2),
        "still": project.page("still", urls["still"], 3, link_status="dead",
                              link_checked=date(2026, 1, 5)),
        "back": project.page("back", urls["back"], 4, link_status="dead",
                             link_checked=date(2026, 1, 5)),
        "refused": project.page("refused", refused, 5),
        "nourl": project.page("nourl", None, 6),
    }


def test_links_records_dead_and_revived_links_and_touches_nothing_else(
        project: Project, archive_set: dict[str, Path]) -> None:
    before = {k: p.read_text(encoding="utf-8") for k, p in archive_set.items()}

    done = project.links("--no-archive")

    assert done.exit_code == 0, done.output
    after = {k: p.read_text(encoding="utf-8") for k, p in archive_set.items()}
    today = datetime.now(UTC).date().isoformat()
    # The hand-edited page gains two lines, every other byte as the person left it.
    assert after["gone"] == before["gone"].replace(
        "tags: [retirement]\n", f"tags: [retirement]\nlink_status: dead\nlink_checked: '{today}'\n")
    back = read_article(archive_set["back"])
    assert (back.link_status, back.link_checked) == (None, None)
    assert after["back"] == render_page(page_article(
        url=back.url, id=back.id, title="Story 4", feed="daily"))
    for unchanged in ("alive", "still", "refused", "nourl"):
        assert after[unchanged] == before[unchanged], unchanged

    lines = done.output.splitlines()
    assert re.fullmatch(r"docs/articles/2026/02/gone\.md +DEAD +http://\S+/gone  "
                        r"\(HTTP 404 Not Found\)  -> marked dead", lines[1]), lines
    assert "(dead since 2026-01-05)" in done.output
    assert "-> alive again" in done.output
    assert re.search(r"refused\.md +unreachable .*\(connection refused\)$", done.output, re.M)
    assert lines[-1] == ("checked 5 original(s): 2 ok, 2 dead, 1 could not be checked; marked "
                         "1 page(s) dead, 1 alive again; 1 page(s) without URL")

    # A second run finds nothing new to record.
    again = project.links("--no-archive", "--json")
    report = json.loads(again.output)
    assert (report["marked_dead"], report["alive_again"]) == ([], [])
    assert {k: p.read_text(encoding="utf-8") for k, p in archive_set.items()} == after


def test_links_json_and_dry_run(project: Project, archive_set: dict[str, Path]) -> None:
    before = {k: p.read_text(encoding="utf-8") for k, p in archive_set.items()}

    done = project.links("--dry-run", "--json")

    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert {k: report[k] for k in ("pages", "without_url", "ok", "dead", "unreachable")} == {
        "pages": 5, "without_url": 1, "ok": 2, "dead": 2, "unreachable": 1}
    assert report["dry_run"] is True and report["archive"] is None
    assert report["marked_dead"] == ["docs/articles/2026/02/gone.md"]
    assert report["alive_again"] == ["docs/articles/2026/02/back.md"]
    gone = next(r for r in report["results"] if r["page"].endswith("gone.md"))
    assert (gone["verdict"], gone["http_status"], gone["change"]) == ("dead", 404, "marked dead")
    assert {k: p.read_text(encoding="utf-8") for k, p in archive_set.items()} == before


def test_links_of_some_pages_only(project: Project, archive_set: dict[str, Path]) -> None:
    done = project.links("--no-archive", "--json", str(archive_set["gone"]))
    report = json.loads(done.output)
    assert [r["page"] for r in report["results"]] == ["docs/articles/2026/02/gone.md"]


def test_links_looks_up_copies_dead_first_and_captures_only_live_pages(
        project: Project, archive_set: dict[str, Path], wayback_fake: WaybackFake) -> None:
    gone = read_article(archive_set["gone"]).url
    wayback_fake.snapshots[gone] = "20260214080000"

    done = project.links()

    assert done.exit_code == 0, done.output
    page = read_article(archive_set["gone"])
    assert page.link_status == "dead"
    assert page.archived == Snapshot(f"https://web.archive.org/web/20260214080000/{gone}",
                                     datetime(2026, 2, 14, 8, tzinfo=UTC))
    asked = [q.query["url"] for q in wayback_fake.asked("/wayback/available")]
    dead_first = {read_article(archive_set[k]).url for k in ("gone", "still")}
    assert set(asked[:2]) == dead_first and len(asked) == 5
    captured = {q.form["url"] for q in wayback_fake.asked("/save/") if q.method == "POST"}
    assert captured == {read_article(archive_set[k]).url for k in ("alive", "back", "refused")}
    assert "archived copies: 1 found, 3 captured now, 1 no copy; 4 page(s) updated" in done.output


def test_links_waits_for_or_reports_the_archive_lock(project: Project,
                                                     archive_set: dict[str, Path]) -> None:
    with archive_lock(project.root / "feeds" / ".fetch.lock"):
        done = project.links("--no-archive")
    assert done.exit_code == 3
    assert "another run holds the archive lock" in done.output
    assert "link_status" not in archive_set["gone"].read_text(encoding="utf-8")


def test_a_page_that_cannot_be_read_is_reported_and_fails_the_run(
        project: Project, feed_server: FeedServer) -> None:
    project.page("alive", feed_server.add("/alive", b"<html></html>", content_type=HTML), 1)
    (project.articles / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    done = project.links("--no-archive")
    assert done.exit_code == 1
    assert "broken.md" in done.output and "not checked" in done.output


# ---------------------------------------------------------------------------------------------
# The pull request body


def test_pr_body_lists_changes_and_escapes_what_servers_said() -> None:
    report = {
        "checked": "2026-03-01", "pages": 3, "ok": 1, "dead": 1, "unreachable": 1,
        "results": [
            {"page": "docs/articles/2026/02/a.md", "url": "https://example.com/a",
             "verdict": "dead", "reason": "HTTP 404 Not Found", "change": "marked dead"},
            {"page": "docs/articles/2026/02/b.md", "url": "https://example.com/b)<img src=x>",
             "verdict": "error", "reason": "<script>alert(1)</script> @octocat #12",
             "change": None},
            {"page": "docs/articles/2026/02/c.md", "url": "javascript:alert(1)",
             "verdict": "ok", "reason": None, "change": "alive again"},
        ],
        "archive": {"recorded": ["docs/articles/2026/02/a.md", "docs/articles/2026/01/z.md"],
                    "stopped": "out of time"},
    }
    body = pr_body(report)
    assert "## Link check of 2026-03-01" in body
    assert ("- `docs/articles/2026/02/a.md`: [https://example.com/a](https://example.com/a) · "
            "HTTP 404 Not Found · archived copy added") in body
    assert "### Answering again (1)" in body and "](javascript:" not in body
    assert "### Archived copies added (1)" in body and "`docs/articles/2026/01/z.md`" in body
    assert not re.search(r"(?<!\\)<(?!/?details|/?summary|/?sub)", body), body
    assert "\\<script\\>" in body and "@\u2060octocat" in body and "#\u206012" in body
    assert "stopped early (out of time)" in body


def test_pr_body_from_the_command_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "links.json"
    path.write_text(json.dumps({"checked": "2026-03-01", "results": []}), encoding="utf-8")
    assert links.main([str(path)]) == 0
    assert capsys.readouterr().out.startswith("## Link check of 2026-03-01")
    assert links.main([str(tmp_path / "missing.json")]) == 2
    assert links.main([]) == 2


def test_the_readme_documents_the_links_command_and_the_page_keys() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for text in ("newsarchive links", "link_status", "link_checked", "archived",
                 "NEWSARCHIVE_ARCHIVE_COPIES", ".github/workflows/links.yml"):
        assert text in readme, text
