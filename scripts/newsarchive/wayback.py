"""Archived copies: a snapshot of each original in the Internet Archive's Wayback Machine.

For each page the flow is:

1. availability lookup (`GET {api}/wayback/available?url=...&timestamp=...`): the snapshot
   closest to the article's date, when the Wayback Machine holds one of a page that answered
   (2xx or a redirect; a capture of an error page is no copy);
2. none: ask for a capture with Save Page Now (`POST {web}/save/`, the form the Wayback
   Machine's own page sends). It answers at once with a job id; the job is polled
   (`{web}/save/status/<job>`) while the step's time lasts, and a finished job is the snapshot;
3. record it in the page's front matter, `archived: {url: ..., timestamp: ...}`, changing no
   other byte of the page (`archive.update_page`).

The network never blocks or fails a run. The whole step has a time budget; requests are spaced
(the Wayback Machine blocks an address that asks too fast: about 3 captures a minute without an
account); the first sign that the archive cannot be reached or wants us to slow down (a failed
connection, HTTP 429) ends the step for this run; every problem is a line in the report, never
an exit code. What a run leaves undone (pages not tried, captures not finished) is filled in by
the next `newsarchive links`, which looks up a copy for every page that has none.

Reading the API's answers is pure (`parse_availability`, `parse_save_page`, `parse_save_status`);
HTTP goes through the fetch stage's client and rules (`fetch.request`).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlencode

from .archive import ArchiveError, format_datetime, update_page
from .fetch import FetchOptions, open_client, request
from .model import LINK_DEAD, Article, FetchResult, Snapshot

DEFAULT_API = "https://archive.org"  # the availability API
DEFAULT_WEB = "https://web.archive.org"  # Save Page Now, and the snapshots themselves
# One base URL for every endpoint (tests point it at a fake on 127.0.0.1).
ENV_URL = "NEWSARCHIVE_WAYBACK_URL"
# "0", "off", "false" or "no": no archived copies, whatever feeds/settings.yml says (tests, CI
# jobs that must not reach the Internet Archive). A command's --archive/--no-archive wins.
ENV_SWITCH = "NEWSARCHIVE_ARCHIVE_COPIES"
JSON_ACCEPT = "application/json"
# Saving three captures in a row that all fail on the archive's side means it is having a bad
# day: stop asking.
MAX_FAILURES_IN_A_ROW = 3

_JOB = re.compile(r"""spn\.watchJob\(\s*["']([A-Za-z0-9_-]{4,100})["']""")
_TIMESTAMP = re.compile(r"^\d{14}$")
_HTTP_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)

# Indirections so tests can follow time without waiting for it.
_clock = time.monotonic
_sleep = asyncio.sleep


@dataclass(frozen=True)
class WaybackOptions:
    """Where the Wayback Machine is, and how politely and how long to ask it."""

    api_base: str = DEFAULT_API
    web_base: str = DEFAULT_WEB
    save: bool = True  # ask for a capture when there is no snapshot
    budget: float = 90.0  # seconds for the whole step
    lookup_interval: float = 2.0  # between availability requests (30 a minute)
    save_interval: float = 20.0  # between capture requests (3 a minute)
    poll_interval: float = 10.0  # between two looks at one capture job
    max_saves: int = 5  # capture requests per run
    http: FetchOptions = FetchOptions(concurrency=1, per_host=1, connect_timeout=10.0,
                                      read_timeout=20.0, total_timeout=30.0,
                                      max_bytes=1024 * 1024, retries=0)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> WaybackOptions:
        """The defaults, with the endpoints moved to `NEWSARCHIVE_WAYBACK_URL` when it is set."""
        env = os.environ if env is None else env
        base = (env.get(ENV_URL) or "").strip().rstrip("/")
        if base:
            overrides.setdefault("api_base", base)
            overrides.setdefault("web_base", base)
        return cls(**overrides)


def wanted(setting: bool, flag: bool | None, env: Mapping[str, str] | None = None) -> bool:
    """Whether to look for archived copies: the command's flag, else the environment
    (`NEWSARCHIVE_ARCHIVE_COPIES`), else `archive_copies` in feeds/settings.yml."""
    if flag is not None:
        return flag
    value = (os.environ if env is None else env).get(ENV_SWITCH, "").strip().lower()
    if value:
        return value not in ("0", "off", "false", "no")
    return setting


# ---------------------------------------------------------------------------------------------
# The API's answers (pure)


class WaybackError(Exception):
    """An answer from the Wayback Machine that cannot be read."""


@dataclass(frozen=True)
class SaveStatus:
    """Where a capture job stands."""

    state: Literal["pending", "success", "error"]
    snapshot: Snapshot | None = None
    message: str = ""


def parse_timestamp(value: object) -> datetime:
    """A Wayback timestamp (`20260130150212`, UTC) as an aware datetime."""
    text = str(value or "")
    if not _TIMESTAMP.match(text):
        raise WaybackError(f"not a Wayback timestamp (14 digits): {text[:40]!r}")
    try:
        return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        raise WaybackError(f"not a Wayback timestamp: {text!r}") from None


def wayback_timestamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def snapshot_url(web_base: str, timestamp: str, original: str) -> str:
    """The address of a snapshot: `{web}/web/<timestamp>/<original>`."""
    return f"{web_base.rstrip('/')}/web/{timestamp}/{original}"


def _https(url: str) -> str:
    """The availability API names snapshots with http://web.archive.org; the site is https."""
    if url.lower().startswith("http://web.archive.org/"):
        return "https://" + url[len("http://"):]
    return url


def _json(body: bytes, what: str) -> object:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise WaybackError(f"the {what} answer is not JSON: {body[:60]!r}") from None


def parse_availability(body: bytes) -> Snapshot | None:
    """The closest snapshot in an availability answer, or None when there is none worth using.

    `{"url": ..., "archived_snapshots": {"closest": {"available": true, "status": "200",
    "url": "http://web.archive.org/web/20260130150212/https://...", "timestamp": "2026..."}}}`;
    `{"archived_snapshots": {}}` when the Wayback Machine has nothing.
    """
    data = _json(body, "availability")
    if not isinstance(data, dict) or not isinstance(data.get("archived_snapshots"), dict):
        raise WaybackError("the availability answer has no 'archived_snapshots' object")
    closest = data["archived_snapshots"].get("closest")
    if not closest:
        return None
    if not isinstance(closest, dict):
        raise WaybackError("'archived_snapshots.closest' is not an object")
    if closest.get("available") is not True:
        return None
    if not str(closest.get("status", "")).startswith(("2", "3")):
        return None  # a capture of a 404 or a 500: no copy of the article
    url = closest.get("url")
    if not isinstance(url, str) or not _HTTP_URL.match(url):
        raise WaybackError(f"the closest snapshot has no http(s) url: {url!r}")
    return Snapshot(url=_https(url), timestamp=parse_timestamp(closest.get("timestamp")))


def parse_save_page(body: bytes) -> str | None:
    """The capture job's id in the page Save Page Now answers a form with, or None.

    The page follows the job with `spn.watchJob("spn2-<40 hex>", ...)`; without one, the
    archive declined (the same page was captured minutes ago, or it cannot be captured).
    """
    match = _JOB.search(body.decode("utf-8", "replace"))
    return match.group(1) if match else None


def parse_save_status(body: bytes, web_base: str) -> SaveStatus:
    """A capture job's status: `{"status": "pending"}`, `{"status": "success", "timestamp":
    ..., "original_url": ..., "http_status": 200}`, or `{"status": "error", "status_ext": ...,
    "message": ...}`."""
    data = _json(body, "capture status")
    if not isinstance(data, dict):
        raise WaybackError("the capture status is not an object")
    state = data.get("status")
    if state == "pending":
        return SaveStatus("pending")
    if state == "error":
        message = data.get("message") or data.get("status_ext") or "capture failed"
        return SaveStatus("error", message=" ".join(str(message).split())[:200])
    if state != "success":
        raise WaybackError(f"unknown capture status {str(state)[:40]!r}")
    original, timestamp = data.get("original_url"), data.get("timestamp")
    if not isinstance(original, str) or not _HTTP_URL.match(original):
        raise WaybackError(f"the finished capture has no http(s) original_url: {original!r}")
    http_status = data.get("http_status")
    if isinstance(http_status, int) and not 200 <= http_status < 400:
        return SaveStatus("error", message=f"the original answered HTTP {http_status} "
                                           "to the capture")
    when = parse_timestamp(timestamp)
    return SaveStatus("success", Snapshot(snapshot_url(web_base, str(timestamp), original), when))


# ---------------------------------------------------------------------------------------------
# Asking (HTTP through the fetch stage's client)


CopyStatus = Literal["found", "saved", "requested", "none", "error", "skipped"]


@dataclass(frozen=True)
class Target:
    """An original to find a copy of."""

    url: str
    when: datetime | None = None  # the article's date: the snapshot closest to it is wanted
    save: bool = True  # ask for a capture if there is no snapshot (not for a dead original)


@dataclass
class CopyResult:
    """What the step found for one original.

    found: a snapshot existed; saved: a capture was made in this run; requested: a capture was
    asked for and had not finished when the step ended; none: no snapshot and no capture asked
    for; error: the archive's answer for this original was an error; skipped: not tried (the
    step ran out of time or was stopped).
    """

    url: str
    status: CopyStatus = "skipped"
    snapshot: Snapshot | None = None
    message: str | None = None
    page: str | None = None  # the page it was recorded on, relative to the project root


@dataclass
class CopiesReport:
    """The step's outcome, printed and in `--json`."""

    results: list[CopyResult] = field(default_factory=list)
    stopped: str | None = None  # why the step ended early, if it did
    warnings: list[str] = field(default_factory=list)  # pages that could not be updated

    def count(self, status: CopyStatus) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def recorded(self) -> list[str]:
        return [r.page for r in self.results if r.page]

    def summary(self) -> str:
        words = {"found": "found", "saved": "captured now", "requested": "capture requested",
                 "none": "no copy", "error": "failed", "skipped": "not tried"}
        parts = [f"{self.count(s)} {w}" for s, w in words.items() if self.count(s)]
        text = f"archived copies: {', '.join(parts) or 'nothing to look up'}"
        text += f"; {len(self.recorded)} page(s) updated"
        return text + (f" (stopped: {self.stopped})" if self.stopped else "")

    def to_json(self) -> dict:
        def result(r: CopyResult) -> dict:
            out = asdict(r)
            if r.snapshot is not None:
                out["snapshot"] = {"url": r.snapshot.url,
                                   "timestamp": format_datetime(r.snapshot.timestamp)}
            return out

        counts = {s: self.count(s) for s in ("found", "saved", "requested", "none", "error",
                                             "skipped")}
        return {**counts, "recorded": self.recorded, "stopped": self.stopped,
                "warnings": self.warnings, "results": [result(r) for r in self.results]}


class _Stop(Exception):
    """The archive is unreachable, busy, or the time is up: end the step."""


class _Pace:
    """Starts requests to one endpoint at least `interval` seconds apart, never past `deadline`."""

    def __init__(self, interval: float, deadline: float) -> None:
        self.interval, self.deadline, self.next = interval, deadline, 0.0

    def due(self) -> float:
        return max(_clock(), self.next)

    async def wait(self) -> None:
        start = self.due()
        if start > self.deadline:
            raise _Stop("out of time")
        if start > _clock():
            await _sleep(start - _clock())
        self.next = start + self.interval


class _Session:
    """One run of the step: the client, the deadlines, and the failures counted so far."""

    def __init__(self, client, options: WaybackOptions) -> None:
        self.client, self.options = client, options
        self.deadline = _clock() + options.budget
        self.lookups = _Pace(options.lookup_interval, self.deadline)
        self.saves = _Pace(options.save_interval, self.deadline)
        self.failures = 0

    async def get(self, url: str, what: str, *, form: dict[str, str] | None = None,
                  accept: str = JSON_ACCEPT) -> FetchResult | None:
        """The answer, or None after a per-original failure; raises _Stop when the archive
        cannot be reached or asks us to slow down, or after several failures in a row."""
        result = await request(self.client, url, self.options.http, accept=accept,
                               method="POST" if form is not None else "GET", form=form)
        if result.status == "ok" and result.body is not None:
            self.failures = 0
            return result
        if result.http_status is None:
            raise _Stop(f"the Internet Archive cannot be reached ({result.error})")
        if result.http_status == 429:
            raise _Stop("the Internet Archive asked to slow down (HTTP 429)")
        self.failures += 1
        if self.failures >= MAX_FAILURES_IN_A_ROW:
            raise _Stop(f"{self.failures} failures in a row, the last: {what}: "
                        f"{result.error or result.http_status}")
        return None

    async def lookup(self, target: Target, result: CopyResult) -> None:
        await self.lookups.wait()
        query = {"url": target.url}
        if target.when is not None:
            query["timestamp"] = wayback_timestamp(target.when)
        url = f"{self.options.api_base}/wayback/available?{urlencode(query)}"
        answer = await self.get(url, "availability")
        if answer is None:
            result.status, result.message = "error", "availability lookup failed"
            return
        try:
            snapshot = parse_availability(answer.body)
        except WaybackError as exc:
            result.status, result.message = "error", str(exc)
            return
        result.status, result.snapshot = ("found", snapshot) if snapshot else ("none", None)

    async def save(self, target: Target, result: CopyResult) -> str | None:
        await self.saves.wait()
        answer = await self.get(f"{self.options.web_base}/save/", "capture",
                                form={"url": target.url}, accept="text/html")
        if answer is None:
            result.status, result.message = "error", "capture request failed"
            return None
        job = parse_save_page(answer.body)
        if job is None:
            result.message = "the Wayback Machine declined the capture (captured minutes ago?)"
            return None
        result.status, result.message = "requested", f"capture job {job}"
        return job

    async def poll(self, jobs: dict[str, tuple[CopyResult, float]], until: float) -> None:
        """Look at each unfinished job every `poll_interval` seconds until `until`."""
        while jobs:
            job, (result, due) = min(jobs.items(), key=lambda item: item[1][1])
            if due > min(until, self.deadline):
                return
            if due > _clock():
                await _sleep(due - _clock())
            answer = await self.get(f"{self.options.web_base}/save/status/{job}",
                                    "capture status")
            status = None
            if answer is not None:
                try:
                    status = parse_save_status(answer.body, self.options.web_base)
                except WaybackError as exc:
                    status = SaveStatus("error", message=str(exc))
            if status is None or status.state == "pending":
                jobs[job] = (result, _clock() + self.options.poll_interval)
                continue
            del jobs[job]
            if status.state == "success":
                result.status, result.snapshot, result.message = "saved", status.snapshot, None
            else:
                result.status, result.message = "error", f"capture failed: {status.message}"


async def find_copies_async(targets: Sequence[Target], options: WaybackOptions) -> CopiesReport:
    """Look up (and, when there is none, ask for) a snapshot of each target, in order, within
    the options' time budget. Never raises for anything the network does."""
    report = CopiesReport(results=[CopyResult(url=t.url) for t in targets])
    async with open_client(options.http) as client:
        session = _Session(client, options)
        jobs: dict[str, tuple[CopyResult, float]] = {}
        try:
            for target, result in zip(targets, report.results, strict=True):
                await session.lookup(target, result)
            wanted_saves = [(t, r) for t, r in zip(targets, report.results, strict=True)
                            if r.status == "none" and t.save and options.save]
            for target, result in wanted_saves[:max(0, options.max_saves)]:
                # Use the wait for the next capture slot to follow the jobs already running.
                await session.poll(jobs, until=session.saves.due())
                job = await session.save(target, result)
                if job is not None:
                    jobs[job] = (result, _clock() + options.poll_interval)
            await session.poll(jobs, until=session.deadline)
            if jobs:
                report.stopped = f"out of time with {len(jobs)} capture(s) still running"
        except _Stop as stop:
            report.stopped = str(stop)
    return report


def find_copies(targets: Sequence[Target], options: WaybackOptions) -> CopiesReport:
    """`find_copies_async` from synchronous code (not from a running event loop)."""
    if not targets:
        return CopiesReport()
    return asyncio.run(find_copies_async(targets, options))


# ---------------------------------------------------------------------------------------------
# Pages


def targets_for(articles: Sequence[Article]) -> list[Article]:
    """The pages worth a look: with an address and no copy yet; dead originals first (they
    need one most), then newest first."""
    # A page whose url is still the Google News link (url_resolved: false) has no original
    # to copy.
    todo = [a for a in articles if a.url and a.url_resolved and a.archived is None
            and a.path is not None]
    return sorted(todo, key=lambda a: (a.link_status != LINK_DEAD,
                                       -(a.date.timestamp() if a.date else 0.0)))


def record_copies(articles: Sequence[Article], options: WaybackOptions, *,
                  root: Path | None = None) -> CopiesReport:
    """Find a copy for each page without one and write it into the page's front matter.

    Only `archived` changes in a page (`archive.update_page`); a page that cannot be updated
    is a warning. Call it holding the archive lock. `root`: to report pages relative to it.
    """
    pages = targets_for(articles)
    targets = [Target(a.url, a.date, save=a.link_status != LINK_DEAD) for a in pages]
    report = find_copies(targets, options)
    for article, result in zip(pages, report.results, strict=True):
        if result.snapshot is None:
            continue
        try:
            update_page(article.path, {"archived": result.snapshot})
        except ArchiveError as exc:
            report.warnings.append(str(exc))
            continue
        article.archived = result.snapshot
        result.page = _shown(article.path, root)
    return report


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
