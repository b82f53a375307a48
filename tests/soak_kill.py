"""Kill `newsarchive fetch` with SIGKILL at random moments, again and again; the archive survives.

    .venv/bin/python tests/soak_kill.py --iterations 200 --seconds 600

Sets up a throw-away project and a feed server on 127.0.0.1 with several feeds full of matching
entries (some answer slowly, and every iteration adds new entries, so kills land while pages
are being written). Each iteration starts `python -m newsarchive fetch --root TMP`, kills it with
SIGKILL after a random delay, then checks the archive:

- every page under docs/articles/ parses and validates (no half-written page, no duplicate);
- temp files (`.tmp-<pid>-...`) belong only to killed runs: a run removes them when it starts
  (archive.remove_stale_temp_files, under the lock), so none may outlive the next run;
- feeds/state.json, when present, is readable.

Finally one run is left to finish: it must exit 0 and leave exactly one page per article served,
no temp file, and a clean `validate`. Exit status 0 when every check held, 1 otherwise, with a
summary on stdout. `run()` is also used by tests/test_faults.py for a short version.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from feedserver import FeedServer, Response  # noqa: E402
from newsarchive.archive import TEMP_PREFIX, load_archive  # noqa: E402
from newsarchive.config import load_project  # noqa: E402
from newsarchive.fetch import FeedState, StateError  # noqa: E402
from newsarchive.validate import validate  # noqa: E402

FEEDS = 4
BASE_ENTRIES = 40  # per feed, before any iteration adds more
NEW_PER_ITERATION = 15  # per feed and iteration
DELAYS = (0.0, 0.2, 0.5, 0.8)  # seconds before each feed answers


@dataclass
class Outcome:
    iterations: int = 0
    killed: int = 0  # runs that were still going when killed
    finished_early: int = 0  # runs that ended before the kill
    temps_seen: int = 0  # temp files found right after a kill: kills did land mid-write
    problems: list[str] = field(default_factory=list)
    pages: int = 0
    expected: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        head = "OK" if self.ok else f"FAILED ({len(self.problems)} problem(s))"
        lines = [f"soak_kill: {head}: {self.iterations} iteration(s), {self.killed} killed "
                 f"mid-run, {self.finished_early} finished before the kill, "
                 f"{self.temps_seen} temp file(s) left by kills; final archive "
                 f"{self.pages} page(s) for {self.expected} article(s)"]
        lines += [f"  - {p}" for p in self.problems[:50]]
        return "\n".join(lines)


def feed_body(feed: int, entries: int) -> bytes:
    items = []
    for n in range(entries):
        day = 1 + n % 13
        items.append(
            f"<item><title>GPT-4o coverage, feed {feed}, story {n}</title>"
            f"<link>https://example.com/soak/{feed}/{n}?utm_source=rss</link>"
            f"<guid>soak-{feed}-{n}</guid>"
            f"<pubDate>Fri, {day:02d} Feb 2026 08:00:00 GMT</pubDate>"
            f"<description><![CDATA[<p>Story {n} about <b>GPT-4o</b> leaving ChatGPT. "
            + "More words about the retirement of the model. " * 20
            + "</p>]]></description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Soak {feed}</title>{''.join(items)}</channel></rss>").encode()


def serve(server: FeedServer, entries: int, version: int) -> None:
    for feed in range(FEEDS):
        server.add_sequence(f"/soak-{feed}.rss", [Response(
            feed_body(feed, entries), etag=f'"v{version}"', delay=DELAYS[feed % len(DELAYS)])])


def write_project(root: Path, server: FeedServer) -> None:
    (root / "feeds").mkdir(parents=True)
    (root / "docs" / "articles").mkdir(parents=True)
    sources = "".join(f"  - id: soak-{f}\n    name: Soak {f}\n"
                      f"    url: {server.url(f'/soak-{f}.rss')}\n" for f in range(FEEDS))
    (root / "feeds" / "sources.yml").write_text("sources:\n" + sources, encoding="utf-8")
    (root / "feeds" / "topics.yml").write_text("include: [GPT-4o]\n", encoding="utf-8")


def start_fetch(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newsarchive", "fetch", "--root", str(root), "--timeout", "10"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "CI": "1", "NEWSARCHIVE_ARCHIVE_COPIES": "0"})


def temp_files(root: Path) -> list[Path]:
    return sorted(p for folder in ("docs/articles", "feeds")
                  for p in (root / folder).rglob(f"{TEMP_PREFIX}*"))


def check_archive(root: Path, label: str, killed_pids: set[int]) -> list[str]:
    """Every finding about the archive right now, each prefixed with `label`."""
    problems: list[str] = []
    project = load_project(root)
    load = load_archive(project.articles_dir)
    problems += [f"{label}: unreadable page {e}" for e in load.errors]
    problems += [f"{label}: {p}" for p in validate(project) if p.severity == "error"]
    for tmp in temp_files(root):
        pid = tmp.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) not in killed_pids:
            problems.append(f"{label}: temp file from a run that was not killed: {tmp}")
    try:
        FeedState.load(project.state_path)
    except StateError as exc:
        problems.append(f"{label}: {exc}")
    return problems


def wait_for_writes(root: Path, before: int, proc: subprocess.Popen, until: float) -> None:
    """Return once the archive has more pages than `before` (or the run ended, or `until`)."""
    while proc.poll() is None and time.monotonic() < until:
        if len(list((root / "docs" / "articles").rglob("*.md"))) > before:
            return
        time.sleep(0.005)


def run(iterations: int = 20, seconds: float = 120.0, seed: int | None = None,
        min_delay: float = 0.4, max_delay: float = 3.0) -> Outcome:
    """The soak loop; stops after `iterations` kills or when `seconds` have passed."""
    rng = random.Random(seed)
    outcome = Outcome()
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory(prefix="soak-kill-") as tmp, FeedServer() as server:
        root = Path(tmp) / "project"
        entries = BASE_ENTRIES
        serve(server, entries, 0)
        write_project(root, server)
        killed_pids: set[int] = set()
        previous_temps: set[Path] = set()
        for i in range(iterations):
            if time.monotonic() >= deadline:
                break
            outcome.iterations += 1
            before = len(list((root / "docs" / "articles").rglob("*.md")))
            proc = start_fetch(root)
            if rng.random() < 0.5:  # anywhere: start-up, lock, download, writing, state
                time.sleep(rng.uniform(min_delay, max_delay))
            else:  # while pages are being written: once the first new page appears
                wait_for_writes(root, before, proc, time.monotonic() + max_delay + 5)
                time.sleep(rng.uniform(0, 0.05))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                outcome.killed += 1
                killed_pids.add(proc.pid)
            else:
                outcome.finished_early += 1
                if proc.returncode != 0:
                    outcome.problems.append(f"iteration {i}: fetch exited {proc.returncode}: "
                                            f"{proc.stderr.read()[-500:]}")
            proc.wait()
            proc.stderr.close()
            temps = set(temp_files(root))
            outcome.temps_seen += len(temps - previous_temps)
            if proc.returncode != -signal.SIGKILL:  # a whole run cleans what others left
                stale = previous_temps & temps
                outcome.problems += [f"iteration {i}: temp file survived a run: {t}"
                                     for t in sorted(stale)]
            previous_temps = temps
            outcome.problems += check_archive(root, f"iteration {i}", killed_pids)
            entries += NEW_PER_ITERATION
            serve(server, entries, i + 1)

        final = start_fetch(root)
        try:
            _, err = final.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            final.kill()
            _, err = final.communicate()
        if final.returncode != 0:
            outcome.problems.append(f"final run exited {final.returncode}: {err[-500:]}")
        outcome.problems += check_archive(root, "final", set())
        outcome.problems += [f"final: temp file left: {t}" for t in temp_files(root)]
        articles = load_archive(root / "docs" / "articles").articles
        urls = [a.url for a in articles]
        expected = {f"https://example.com/soak/{f}/{n}" for f in range(FEEDS)
                    for n in range(entries)}
        outcome.pages, outcome.expected = len(urls), len(expected)
        if len(urls) != len(set(urls)):
            outcome.problems.append("final: the same article has several pages")
        if set(urls) != expected:
            missing, extra = expected - set(urls), set(urls) - expected
            outcome.problems.append(f"final: {len(missing)} article(s) without a page, "
                                    f"{len(extra)} unexpected page(s)")
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=50, help="kills to perform (50)")
    parser.add_argument("--seconds", type=float, default=300.0,
                        help="time budget for the kill loop, in seconds (300)")
    parser.add_argument("--seed", type=int, default=None, help="random seed, for a replay")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(f"soak_kill: seed {seed}", flush=True)
    outcome = run(args.iterations, args.seconds, seed)
    print(outcome.summary())
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
