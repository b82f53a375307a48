"""Faults around a fetch: a disk that refuses writes, two runs at once, a run killed mid-write.

Already covered elsewhere, not repeated: a failed temp write leaves no file
(test_archive.test_failed_write_leaves_no_file), a second run refuses with exit 3 and names the
holder (test_pipeline.test_a_second_fetch_while_one_runs_refuses_with_exit_3), a hand-edited page
is kept when its article comes again (test_pipeline.test_a_hand_edited_page_is_left_alone), a
killed lock holder releases the lock (test_archive.test_killed_holder_releases_the_lock).

Cases and expected outcomes:

- `os.link` fails with ENOSPC for one feed's pages -> exit 1; that feed "error", naming the page
  file and "No space left on device"; its validators not saved; no temp file, no page for it;
  the other feed written.
- a real size limit (RLIMIT_FSIZE) in a subprocess -> exit 1; the error names the file and
  "File too large"; no truncated page, no temp file; the other feed's small page written;
  language detection (py3langid unpacks its model to a temp file) does not crash the run; a
  rerun without the limit completes the archive.
- docs/articles read-only (skipped as root) -> exit 1; "Permission denied" naming the folder.
- state.json cannot be written -> exit 1 with "Error: ...state.json..." (was a traceback),
  pages kept.
- a second run with --wait while one runs -> waits, then finds every article archived:
  writes 0, no duplicate.
- 5 SIGKILLs at random moments (short tests/soak_kill.py) -> every page valid after each kill;
  the final run leaves one page per article.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import soak_kill
from click.testing import CliRunner
from feedserver import FeedServer
from newsarchive import archive
from newsarchive.archive import TEMP_PREFIX, load_archive
from newsarchive.cli import cli
from newsarchive.config import load_project
from newsarchive.validate import validate
from test_hostile_feeds import BENIGN_RSS, make_project, source

LONG_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Long Daily</title>
<item><title>GPT-4o: the long read</title><link>https://example.org/long/gpt-4o</link>
<pubDate>Thu, 12 Feb 2026 08:00:00 GMT</pubDate>
<description>{words}</description></item>
<item><title>GPT-4o: another long read</title><link>https://example.org/long/gpt-4o-2</link>
<pubDate>Thu, 12 Feb 2026 09:00:00 GMT</pubDate>
<description>{words}</description></item>
</channel></rss>
""".format(words="GPT-4o retirement words " * 400)


def _leftovers(root: Path) -> list[Path]:
    return sorted(root.rglob(f"{TEMP_PREFIX}*"))


@pytest.fixture
def two_feeds(tmp_path: Path, feed_server: FeedServer) -> Path:
    """'long' (two pages of several KB, fetched first) and 'daily' (one short page)."""
    feed_server.add("/long.rss", LONG_RSS.encode())
    feed_server.add("/daily.rss", BENIGN_RSS.encode(), etag='"daily-v1"')
    return make_project(tmp_path / "p", [source("long", feed_server.url("/long.rss")),
                                         source("daily", feed_server.url("/daily.rss"))])


def test_disk_full_fails_one_feed_clearly_and_the_others_go_on(
    two_feeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link

    def full_for_long_pages(src, dst, *args, **kwargs):
        if "long-read" in str(dst):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src))
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(archive.os, "link", full_for_long_pages)

    result = CliRunner().invoke(cli, ["fetch", "--root", str(two_feeds), "--json"])

    assert result.exit_code == 1, result.output
    report = {f["feed"]: f for f in json.loads(result.stdout)["feeds"]}
    long, daily = report["long"], report["daily"]
    assert long["status"] == "error" and long["written"] == 0
    assert "gpt-4o-the-long-read.md" in long["error"]
    assert "No space left on device" in long["error"]
    assert (daily["status"], daily["written"]) == ("ok", 1)
    assert _leftovers(two_feeds) == []
    assert [a.feed for a in load_archive(two_feeds / "docs/articles").articles] == ["daily"]
    state = json.loads((two_feeds / "feeds/state.json").read_text(encoding="utf-8"))
    assert "long" not in state["feeds"]  # not recorded: the next run downloads it again
    assert state["feeds"]["daily"]["etag"] == '"daily-v1"'


FSIZE_SCRIPT = """\
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
from newsarchive.cli import main
sys.argv = ["newsarchive", "fetch", "--root", sys.argv[1], "--json"]
main()
"""


def test_a_real_file_size_limit_leaves_no_partial_page(two_feeds: Path) -> None:
    """RLIMIT_FSIZE makes the kernel refuse the write half-way, as a full disk does."""
    limit = 1_200  # the long pages (~1.8 kB) are bigger; the daily page, state.json smaller
    result = subprocess.run([sys.executable, "-c", FSIZE_SCRIPT, str(two_feeds), str(limit)],
                            capture_output=True, text=True, timeout=60)

    assert result.returncode == 1, result.stderr
    report = {f["feed"]: f for f in json.loads(result.stdout)["feeds"]}
    assert report["long"]["status"] == "error"
    assert "gpt-4o-the-long-read.md" in report["long"]["error"]
    assert "File too large" in report["long"]["error"]
    assert report["daily"]["written"] == 1
    assert _leftovers(two_feeds) == []
    pages = sorted((two_feeds / "docs/articles").rglob("*.md"))
    assert len(pages) == 1 and load_archive(two_feeds / "docs/articles").errors == []

    again = CliRunner().invoke(cli, ["fetch", "--root", str(two_feeds), "--json"])

    assert again.exit_code == 0, again.output
    assert len(load_archive(two_feeds / "docs/articles").articles) == 3
    assert validate(load_project(two_feeds)) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders anyway")
def test_read_only_articles_folder(two_feeds: Path) -> None:
    folder = two_feeds / "docs/articles/2026/02"
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    try:
        result = CliRunner().invoke(cli, ["fetch", "--root", str(two_feeds), "--json"])
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    report = {f["feed"]: f for f in json.loads(result.stdout)["feeds"]}
    assert "Permission denied" in report["long"]["error"]
    assert "docs/articles/2026/02" in report["long"]["error"]
    assert _leftovers(two_feeds) == []


def test_state_file_that_cannot_be_written_is_named(
    two_feeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are written first; a failing state.json write then names the file. Expected: a
    non-zero exit with a message naming state.json (not a bare traceback), pages kept, and no
    temp file next to state.json."""
    real_replace = os.replace

    def refuse_state(src, dst, *args, **kwargs):
        if str(dst).endswith("state.json"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(archive.os, "replace", refuse_state)

    result = CliRunner().invoke(cli, ["fetch", "--root", str(two_feeds)])

    assert result.exit_code == 1
    assert "state.json" in result.output and "Read-only file system" in result.output
    assert "Traceback" not in result.output
    assert len(load_archive(two_feeds / "docs/articles").articles) == 3
    assert _leftovers(two_feeds) == []


def test_a_second_run_that_waits_adds_nothing_twice(tmp_path: Path,
                                                    feed_server: FeedServer) -> None:
    """test_pipeline covers the refusal (exit 3). Here the second run uses --wait: it must
    start only after the first one released the lock, and then see every page it wrote."""
    body = LONG_RSS.encode()
    feed_server.add_slow_headers("/slow.rss", body, delay=1.5)
    root = make_project(tmp_path / "p", [source("slow", feed_server.url("/slow.rss"))])
    cmd = [sys.executable, "-m", "newsarchive", "fetch", "--root", str(root), "--json"]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = threading.Event()
    for _ in range(200):
        if feed_server.requests_for("/slow.rss"):
            seen.set()
            break
        threading.Event().wait(0.05)
    assert seen.is_set()

    second = subprocess.run([*cmd, "--wait", "60"], capture_output=True, text=True, timeout=90)
    out, err = first.communicate(timeout=60)

    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert json.loads(out)["written"] == 2
    assert json.loads(second.stdout)["written"] == 0
    assert len(list((root / "docs/articles").rglob("*.md"))) == 2


def test_sigkill_at_random_moments_never_breaks_the_archive() -> None:
    """The short version of tests/soak_kill.py: 5 kills, then a clean run."""
    outcome = soak_kill.run(iterations=5, seconds=15, seed=20260213)

    assert outcome.ok, outcome.summary()
    assert outcome.killed >= 3, outcome.summary()
    assert outcome.pages == outcome.expected > 0
