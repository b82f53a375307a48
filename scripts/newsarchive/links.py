"""`newsarchive links`: is each page's original still online? A polite check, recorded on the page.

For each distinct original URL: a HEAD (no body to download), then a GET when the HEAD does not
succeed (many servers refuse or mishandle HEAD), both through the fetch stage's client and rules:
timeouts, a small body cap (a success is known from the status line), at most 5 redirects, and
retries with backoff on timeouts, 5xx and 429. At most 8 requests run at once, 2 per host, and
requests to one host start at least a second apart.

Verdicts: `ok` (2xx), `dead` (404 or 410: the server says the page is gone), `error` (anything
else: a timeout, a refused connection, 403, 5xx... the page may well be there; reported, never
recorded).

What changes on a page (`archive.update_page`: only these keys, every other byte kept):
- an original newly found dead gets `link_status: dead` and `link_checked: <today>`;
- a page already marked dead keeps its date (no monthly churn while it stays dead);
- a page marked dead whose original answers again loses both keys;
- unless `--no-archive`, a page without an archived copy gets one looked up (`wayback.py`),
  dead originals first (no capture is asked for a dead page: it would capture the error).

`validate --online` uses the same checker (`check_urls`), reporting warnings and writing nothing.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import httpx

from .archive import (
    LOCK_NAME,
    ArchiveError,
    archive_lock,
    iter_pages,
    read_article,
    update_page,
)
from .fetch import PAGE_ACCEPT, FetchOptions, host_key, open_client, request
from .model import LINK_DEAD, Article, FetchResult, Project
from .wayback import CopiesReport, WaybackOptions, record_copies

Verdict = Literal["ok", "dead", "error"]
DEAD_CODES = frozenset({404, 410})


@dataclass(frozen=True)
class LinkOptions:
    """How hard and how politely to check. The defaults suit a monthly run over the archive."""

    http: FetchOptions = FetchOptions(concurrency=8, per_host=2, connect_timeout=10.0,
                                      read_timeout=20.0, total_timeout=30.0,
                                      max_bytes=256 * 1024, retries=2, backoff=2.0)
    host_interval: float = 1.0  # seconds between two request starts on one host


@dataclass(frozen=True)
class LinkCheck:
    """What one original URL answered."""

    url: str
    verdict: Verdict
    http_status: int | None = None
    reason: str | None = None  # "HTTP 404 Not Found", "connection refused"; None when ok
    final_url: str | None = None  # where redirects led


# ---------------------------------------------------------------------------------------------
# Checking (HTTP through the fetch stage's client)


def _succeeded(result: FetchResult) -> bool:
    # A 2xx whose body was bigger than the cap still proves the page is there.
    status = result.http_status
    return result.status == "ok" or (status is not None and 200 <= status < 300)


def _status_text(status: int) -> str:
    return f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".rstrip()


def verdict(url: str, head: FetchResult, get: FetchResult | None) -> LinkCheck:
    """The verdict from a HEAD and, when the HEAD did not succeed, a GET (pure)."""
    for result in (head, get):
        if result is not None and _succeeded(result):
            return LinkCheck(url, "ok", result.http_status, None, result.final_url)
    last = get or head
    status = last.http_status
    if status in DEAD_CODES:
        return LinkCheck(url, "dead", status, _status_text(status), last.final_url)
    reason = last.error or (_status_text(status) if status else "no answer")
    return LinkCheck(url, "error", status, reason, last.final_url)


class _HostPacer:
    """Spaces request starts on one host by `interval` seconds (asyncio: no lock needed)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.next: dict[str, float] = {}

    async def wait(self, host: str) -> None:
        if self.interval <= 0:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        start = max(now, self.next.get(host, now))
        self.next[host] = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)


async def check_urls_async(urls: Iterable[str], options: LinkOptions = LinkOptions(),  # noqa: B008
                           on_result: Callable[[LinkCheck], None] | None = None,
                           ) -> dict[str, LinkCheck]:
    """Check each distinct URL once; never raises for what a server does."""
    unique = list(dict.fromkeys(u for u in urls if u))
    http = options.http
    overall = asyncio.Semaphore(max(1, http.concurrency))
    per_host: dict[str, asyncio.Semaphore] = {}
    pacer = _HostPacer(options.host_interval)

    async def one(url: str) -> LinkCheck:
        host = host_key(url)
        limits = (per_host.setdefault(host, asyncio.Semaphore(max(1, http.per_host))), overall)
        await pacer.wait(host)
        head = await request(client, url, http, accept=PAGE_ACCEPT, method="HEAD",
                             limits=limits)
        get = None
        if not _succeeded(head):
            await pacer.wait(host)
            get = await request(client, url, http, accept=PAGE_ACCEPT, limits=limits)
        check = verdict(url, head, get)
        if on_result is not None:
            on_result(check)
        return check

    async with open_client(http) as client:
        checks = await asyncio.gather(*(one(url) for url in unique))
    return dict(zip(unique, checks, strict=True))


def check_urls(urls: Iterable[str], options: LinkOptions = LinkOptions(),  # noqa: B008
               on_result: Callable[[LinkCheck], None] | None = None) -> dict[str, LinkCheck]:
    """`check_urls_async` from synchronous code (not from a running event loop)."""
    return asyncio.run(check_urls_async(urls, options, on_result))


# ---------------------------------------------------------------------------------------------
# What to record (pure)


Change = Literal["marked dead", "alive again"]


def link_changes(article: Article, check: LinkCheck,
                 today: date) -> tuple[Change, dict[str, Any]] | None:
    """The front matter keys to set on a page after its original was checked, or None."""
    dead = article.link_status == LINK_DEAD
    if check.verdict == "dead" and not dead:
        return "marked dead", {"link_status": LINK_DEAD, "link_checked": today}
    if check.verdict == "ok" and (dead or article.link_checked is not None):
        return "alive again", {"link_status": None, "link_checked": None}
    return None


# ---------------------------------------------------------------------------------------------
# The command


@dataclass
class PageLink:
    """One page's line in the report."""

    page: str  # relative to the project root
    url: str
    verdict: Verdict
    http_status: int | None = None
    reason: str | None = None
    final_url: str | None = None
    change: Change | None = None  # what was (or, in a dry run, would be) recorded
    dead_since: str | None = None  # link_checked of a page that stays dead


@dataclass
class LinksReport:
    """The whole run, as printed and as `--json`."""

    checked: date
    dry_run: bool
    pages: list[PageLink] = field(default_factory=list)
    without_url: int = 0
    errors: list[str] = field(default_factory=list)  # pages that could not be read or updated
    archive: CopiesReport | None = None

    def count(self, verdict: Verdict) -> int:
        return sum(p.verdict == verdict for p in self.pages)

    def changed(self, change: Change) -> list[str]:
        return [p.page for p in self.pages if p.change == change]

    def to_json(self) -> dict:
        return {
            "checked": self.checked.isoformat(),
            "dry_run": self.dry_run,
            "pages": len(self.pages),
            "without_url": self.without_url,
            "ok": self.count("ok"),
            "dead": self.count("dead"),
            "unreachable": self.count("error"),
            "marked_dead": self.changed("marked dead"),
            "alive_again": self.changed("alive again"),
            "errors": self.errors,
            "results": [asdict(p) for p in self.pages],
            "archive": self.archive.to_json() if self.archive is not None else None,
        }


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _pages(project: Project, paths: Sequence[Path] | None) -> list[Path]:
    if not paths:
        return list(iter_pages(project.articles_dir))
    out: list[Path] = []
    for path in paths:
        out.extend(iter_pages(path) if path.is_dir() else [path])
    return list(dict.fromkeys(out))


def run_links(project: Project, paths: Sequence[Path] | None = None, *,
              options: LinkOptions = LinkOptions(),  # noqa: B008 - frozen
              copies: WaybackOptions | None = None, dry_run: bool = False,
              today: date | None = None, lock_wait: float = 0.0,
              on_result: Callable[[LinkCheck], None] | None = None) -> LinksReport:
    """Check every page's original, record dead links, and (with `copies`) look up archived
    copies for the pages without one. The checks run without the archive lock (they take
    minutes); the writes take it."""
    today = today or datetime.now(UTC).date()
    report = LinksReport(checked=today, dry_run=dry_run)
    articles: list[Article] = []
    for path in _pages(project, paths):
        try:
            article = read_article(path)
        except (ArchiveError, OSError) as exc:
            report.errors.append(f"{exc}: not checked")
            continue
        if article.url and article.url_resolved:  # a Google News link is no address
            articles.append(article)
        else:
            report.without_url += 1
    checks = check_urls([a.url for a in articles], options, on_result)

    updates: list[tuple[Article, PageLink, dict[str, Any]]] = []
    for article in articles:
        check = checks[article.url]
        line = PageLink(_relative(article.path, project.root), article.url, check.verdict,
                        check.http_status, check.reason, check.final_url)
        if article.link_status == LINK_DEAD and check.verdict != "ok" and article.link_checked:
            line.dead_since = article.link_checked.isoformat()
        change = link_changes(article, check, today)
        if change is not None:
            line.change = change[0]
            updates.append((article, line, change[1]))
        report.pages.append(line)
    if dry_run:
        return report

    with archive_lock(project.feeds_dir / LOCK_NAME, wait=lock_wait):
        for article, line, keys in updates:
            try:
                update_page(article.path, keys)
            except ArchiveError as exc:
                report.errors.append(str(exc))
                line.change = None
                continue
            article.link_status, article.link_checked = keys["link_status"], keys["link_checked"]
        if copies is not None:
            report.archive = record_copies(articles, copies, root=project.root)
    return report


# ---------------------------------------------------------------------------------------------
# The pull request the monthly workflow opens


def pr_body(report: dict[str, Any]) -> str:
    """The Markdown body of the dead-links pull request, from `newsarchive links --json`
    (pure). Every URL and reason is escaped: they came from other people's servers."""
    from .pr_body import code, inline, link_target

    results = [r for r in report.get("results", []) if isinstance(r, dict)]
    marked = [r for r in results if r.get("change") == "marked dead"]
    revived = [r for r in results if r.get("change") == "alive again"]
    unreachable = [r for r in results if r.get("verdict") == "error"]
    copies = report.get("archive") or {}
    recorded = set(copies.get("recorded") or [])

    def item(r: dict[str, Any]) -> str:
        target = link_target(r.get("url"))
        url = inline(r.get("url"), 200)
        link = f"[{url}]({target})" if target else url
        facts = [link]
        if r.get("reason"):
            facts.append(inline(r.get("reason"), 100))
        if r.get("page") in recorded:
            facts.append("archived copy added")
        return f"- {code(r.get('page', ''))}: {' · '.join(facts)}"

    checked = inline(report.get("checked", "?"))
    out = [f"## Link check of {checked}", "",
           f"{report.get('pages', 0)} original(s) checked: {report.get('ok', 0)} answer, "
           f"{report.get('dead', 0)} are gone (404/410), {report.get('unreachable', 0)} could "
           "not be checked.", ""]
    if marked:
        out += [f"### Newly dead ({len(marked)})", "",
                "These pages now say `link_status: dead` with today's date; the site offers "
                "their archived copy first.", ""]
        out += [item(r) for r in marked[:300]] + [""]
    if revived:
        out += [f"### Answering again ({len(revived)})", "",
                "`link_status` and `link_checked` are removed from these pages.", ""]
        out += [item(r) for r in revived[:300]] + [""]
    others = sorted(recorded - {r.get("page") for r in marked + revived})
    if others:
        out += [f"### Archived copies added ({len(others)})", ""]
        out += [f"- {code(p)}" for p in others[:300]] + [""]
    if unreachable:
        out += [f"<details><summary>Could not be checked ({len(unreachable)}): left as they "
                "are</summary>", ""]
        out += [item(r) for r in unreachable[:300]] + ["", "</details>", ""]
    if copies.get("stopped"):
        out += [f"Archived copies: stopped early ({inline(copies['stopped'], 200)}); the next "
                "run goes on.", ""]
    out.append("<sub>Opened by the monthly link check (`scripts/ci/links-pr.sh`, "
               "`newsarchive links`). Only `link_status`, `link_checked` and `archived` "
               "change in the pages.</sub>")
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m newsarchive.links REPORT.json`: print the pull request body."""
    import json

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m newsarchive.links REPORT.json", file=sys.stderr)
        return 2
    try:
        report = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"error: {args[0]}: cannot read the links report: {exc}", file=sys.stderr)
        return 2
    if not isinstance(report, dict):
        print(f"error: {args[0]}: not a links report", file=sys.stderr)
        return 2
    sys.stdout.write(pr_body(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
