"""`newsarchive fetch` as one straight line: fetch -> parse -> resolve links -> select ->
convert -> check -> write.

Each feed is handled on its own: a feed that fails is reported and the others go on. Aggregator
links of all feeds are resolved in one step between parsing and selection, so identity is
always the publisher's URL. Each page is checked with validate's rules before it is written.
Validators (ETag/Last-Modified) are saved only after a feed's pages are written, so a crash can
never make a later run skip entries it has not archived yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from . import archive, wayback
from .aggregator import hosts_for
from .convert import article_body, summary_text
from .fetch import FeedState, FetchOptions, fetch_feeds
from .model import Article, Entry, FetchResult, Project, Selection, Source
from .parse import ParseError, parse_feed
from .resolve import LinkCounts, Links, ResolverOptions
from .sanitize import html_to_text
from .select import ArchiveIndex, Rules, Update, before_start, select_entries, title_key
from .validate import check_article, story_start

LOCK_NAME = archive.LOCK_NAME  # kept here too: add, new, reject and the CLI import it
TITLE_MAX = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class FeedReport:
    """One line of the fetch summary."""

    feed: str
    name: str
    status: str  # ok | not_modified | error | gone | deferred
    error: str | None = None
    http_status: int | None = None
    seen: int = 0
    selected: int = 0
    written: int = 0
    duplicates: int = 0
    rejected: int = 0
    off_topic: int = 0
    before_story: int = 0  # dated before the story's first event
    invalid: int = 0  # pages that would not validate: not written
    resolved: int = 0  # aggregator links replaced by the publisher's URL
    pending: int = 0  # aggregator links not resolved yet: kept in the feed state
    given_up: int = 0  # aggregator links written as they are (url_resolved: false)
    failures: int = 0  # runs in a row this feed failed (error, gone)
    next_attempt: str | None = None  # when a failing feed is requested again
    warnings: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # paths relative to the project root
    cut_off: bool = False  # the document ended inside an entry, which was skipped
    # Pages written earlier with a Google News link whose publisher address this run found:
    # their url, url_resolved and via keys are updated in place (paths as in `pages`).
    updated: list[str] = field(default_factory=list)


@dataclass
class RunReport:
    """The whole run, as printed and as `--json`."""

    started: datetime
    dry_run: bool
    feeds: list[FeedReport] = field(default_factory=list)
    archive: wayback.CopiesReport | None = None  # archived copies of the new pages, if looked up

    @property
    def failed(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.status in ("error", "gone")]

    @property
    def deferred(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.status == "deferred"]

    @property
    def written(self) -> int:
        return sum(f.written for f in self.feeds)

    @property
    def updated(self) -> int:
        return sum(len(f.updated) for f in self.feeds)

    def links(self) -> dict[str, int]:
        return {key: sum(getattr(f, key) for f in self.feeds)
                for key in ("resolved", "pending", "given_up")}

    def to_json(self) -> dict:
        return {
            "started": archive.format_datetime(self.started),
            "dry_run": self.dry_run,
            "written": self.written,
            "updated": self.updated,
            "failed": len(self.failed),
            "deferred": len(self.deferred),
            "links": self.links(),
            "feeds": [asdict(f) for f in self.feeds],
            "archive": self.archive.to_json() if self.archive is not None else None,
        }


def clean_title(title: str, publisher: str | None) -> str:
    """One line of plain text; drops the " - Publisher" suffix aggregators append."""
    title = " ".join(_CONTROL.sub(" ", title).split())
    if publisher and title.endswith(f" - {publisher}") and len(title) > len(publisher) + 3:
        title = title[: -len(publisher) - 3].rstrip()
    if len(title) > TITLE_MAX:
        title = title[:TITLE_MAX].rsplit(" ", 1)[0] + "…"
    return title


def entry_text(entry: Entry) -> str:
    """The plain text topic rules are matched against: title, summary and content."""
    parts = (entry.title, html_to_text(entry.summary_html), html_to_text(entry.content_html))
    return "\n".join(parts)


def to_article(selection: Selection, source: Source, *, fetched: datetime, words: int) -> Article:
    """The page for a selected entry (pure: no I/O)."""
    entry = selection.entry
    publisher = entry.source_name or source.name
    return Article(
        title=entry.title,
        date=entry.date or fetched,
        source=publisher,
        url=entry.url,
        lang=entry.lang or source.lang or "und",
        id=entry.id,
        summary=summary_text(entry),
        authors=list(entry.authors),
        tags=list(selection.tags),
        feed=source.id,
        fetched=fetched,
        selected_by=selection.selected_by,
        date_inferred=entry.date_inferred or entry.date is None,
        via=entry.via,
        url_resolved=entry.url_resolved,
        headline_seen=entry.headline_seen,
        body=article_body(entry, max_words=words, source=publisher),
    )


def resolver_options(project: Project) -> ResolverOptions:
    return ResolverOptions(base_url=project.google_news_url,
                           retry_days=project.link_retry_days)


def parse_result(result: FetchResult, *, now: datetime) -> tuple[FeedReport, list[Entry]]:
    """Parse one fetched feed into entries with clean titles; never raises for bad content."""
    source = result.source
    report = FeedReport(feed=source.id, name=source.name, status=result.status,
                        error=result.error, http_status=result.http_status)
    if result.status != "ok" or result.body is None:
        return report, []
    try:
        parsed = parse_feed(result.body, source, fetched_at=now, content_type=result.content_type)
    except ParseError as exc:
        report.status, report.error = "error", str(exc)
        return report, []
    report.warnings.extend(parsed.warnings)
    report.cut_off = parsed.cut_off
    report.seen = len(parsed.entries)
    for entry in parsed.entries:
        entry.title = clean_title(entry.title, entry.source_name)
    return report, parsed.entries


def wanted_by(source: Source, rules: Rules, index: ArchiveIndex,
              start: date | None) -> Callable[[Entry], bool]:
    """Whether an entry would be archived if its publisher URL were known: only those are
    worth a request to resolve their aggregator link."""
    def wanted(entry: Entry) -> bool:
        if index.is_rejected(entry) or index.has_link(entry) or before_start(entry, start):
            return False
        if source.whole_feed:
            return True
        included, excluded = rules.topic(entry_text(entry))
        return bool(included) and not excluded
    return wanted


def known_by(source: Source, index: ArchiveIndex) -> Callable[[Entry], bool]:
    """Whether an entry's page was written with its aggregator link (the publisher's address
    unknown then): resolving the link now updates that page."""
    def known(entry: Entry) -> bool:
        key = (title_key(entry.title, entry.source_name or source.name)
               if entry.headline_seen else "")
        return not index.is_rejected(entry) and index.unresolved_page(entry, key) is not None
    return known


def archive_entries(
    entries: list[Entry], source: Source, project: Project, rules: Rules, index: ArchiveIndex,
    report: FeedReport, *, now: datetime, dry_run: bool, start: date | None,
) -> None:
    """Select, convert and write one feed's entries (links already resolved)."""
    chosen = select_entries(entries, source, rules, index, entry_text, story_start=start)
    report.duplicates += chosen.duplicates
    report.rejected += chosen.rejected
    report.off_topic += chosen.off_topic
    report.before_story += chosen.before_story
    report.selected += len(chosen.selected)
    for update in chosen.updates:
        _update_page(update, project, report, dry_run=dry_run)
    folders: set[Path] = set()
    try:
        _convert_and_write(chosen.selected, source, project, report, folders, now=now,
                           dry_run=dry_run)
    finally:
        # One fsync per folder, not per page: the pages are durable before the caller can
        # save this feed's state (and after a write error too, for the pages already written).
        archive.sync_dirs(folders)


def _update_page(update: Update, project: Project, report: FeedReport, *,
                 dry_run: bool) -> None:
    """Put the publisher's address found for `update.entry` on the page written without it:
    its `url`, `url_resolved` and `via` keys, every other byte of the page kept."""
    page, entry = update.page, update.entry
    assert page.path is not None
    changes = {"url": entry.url, "url_resolved": None, "via": update.via}
    try:
        if not dry_run:
            archive.update_page(page.path, changes)
    except archive.ArchiveError as exc:
        report.warnings.append(f"feed {report.feed}: entry {entry.title!r}: the publisher's "
                               f"address {entry.url} was found, but {exc}")
        return
    report.updated.append(str(page.path.relative_to(project.root)))


def _add_counts(report: FeedReport, counts: LinkCounts) -> None:
    report.resolved += counts.resolved
    report.pending += counts.pending
    report.given_up += counts.given_up
    report.warnings.extend(f"feed {report.feed}: {w}" for w in counts.warnings)


def _start_day(project: Project) -> date | None:
    start = story_start(project)
    return start[1] if start else None


def process_feed(
    result: FetchResult, project: Project, rules: Rules, index: ArchiveIndex, *,
    now: datetime, dry_run: bool, links: Links | None = None,
) -> FeedReport:
    """Parse, resolve links, select, convert and write one fetched feed; never raises for bad
    feed content. Without `links`, aggregator links are only decoded offline (no request)."""
    source = result.source
    report, entries = parse_result(result, now=now)
    if report.status != "ok":
        return report
    start = _start_day(project)
    if links is None:
        links = Links(FeedState(), resolver_options(project), FetchOptions(), now, online=False)
    links.add(entries, source, wanted_by(source, rules, index, start), known_by(source, index))
    links.resolve()
    entries, counts = links.settle(entries)
    _add_counts(report, counts)
    archive_entries(entries, source, project, rules, index, report, now=now, dry_run=dry_run,
                    start=start)
    return report


def _convert_and_write(
    selected: list[Selection], source: Source, project: Project, report: FeedReport,
    folders: set[Path], *, now: datetime, dry_run: bool,
) -> None:
    for selection in selected:
        try:
            article = to_article(selection, source, fetched=now, words=project.excerpt_words)
        except Exception as exc:  # noqa: BLE001 - one bad entry must not lose the others
            report.warnings.append(f"entry {selection.entry.link}: cannot convert: {exc}")
            continue
        # The page is checked by validate's own rules before it is written: a page that fetch
        # writes always validates. Only the folder matters to the check (the file name is
        # chosen when writing).
        article.path = archive.page_dir(project.articles_dir, article) / "new.md"
        errors = [p.message for p in check_article(article, project, None, now)
                  if p.severity == "error"]
        if errors:
            report.invalid += 1
            report.warnings.append(f"feed {source.id}: entry {selection.entry.link}: the page "
                                   f"would not validate ({'; '.join(errors)}); not written")
            continue
        if dry_run:
            path = archive.page_path(project.articles_dir, article)
        else:
            try:
                path = archive.write_article(project.articles_dir, article, sync_dir=False)
            except archive.ArchiveError as exc:
                # Disk full or read-only: stop this feed; its validators stay unsaved.
                report.status, report.error = "error", str(exc)
                return
            folders.add(path.parent)
            report.written += 1
        report.pages.append(str(path.relative_to(project.root)))


def run_fetch(
    project: Project,
    *,
    options: FetchOptions | None = None,
    dry_run: bool = False,
    lock_wait: float = 0.0,
    now: datetime | None = None,
    on_result: Callable[[FetchResult], None] | None = None,
    sources: list[Source] | None = None,
    copies: wayback.WaybackOptions | None = None,
    force: bool = False,
) -> RunReport:
    """Fetch every configured feed and archive the new articles about the story.

    A feed that keeps failing is not requested before its next attempt (see
    `FeedState.record`) unless `force`; it is reported as "deferred". Aggregator links of
    every feed are resolved in one step before selection (`resolve.Links`), and entries whose
    link earlier runs could not resolve are retried with their feed.
    `copies`: also look up an archived copy of each new page's original (after the feed state
    is saved: the pages are complete without it, and a run killed meanwhile loses nothing).
    """
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    options = options or FetchOptions()
    report = RunReport(started=now, dry_run=dry_run)
    with archive.archive_lock(project.feeds_dir / LOCK_NAME, wait=lock_wait):
        if not dry_run:  # what a killed run left behind: we hold the lock, nobody else writes
            archive.remove_stale_temp_files(project.articles_dir)
            archive.remove_stale_temp_files(project.feeds_dir)
        state = FeedState.load(project.state_path)
        existing = archive.load_archive(project.articles_dir)
        index = ArchiveIndex.build(existing.articles, project.rejected,
                                   hosts_for(project.google_news_url))
        rules = Rules.compile(project.rules, project.tags)
        start = _start_day(project)
        chosen = sources if sources is not None else project.sources
        due = [s for s in chosen if force or state.deferred_until(s, now) is None]
        results = {r.source.id: r for r in fetch_feeds(due, state, options, on_result)}
        links = Links(state, resolver_options(project), options, now)
        batches: list[tuple[Source, FeedReport, list[Entry]]] = []
        unreadable: set[str] = set()  # downloaded, but not a feed: a failure like any other
        for source in chosen:
            result = results.get(source.id)
            if result is not None:
                feed_report, entries = parse_result(result, now=now)
                if result.status == "ok" and feed_report.status == "error":
                    unreadable.add(source.id)
            else:
                feed_report, entries = _deferred_report(source, state), []
            entries += links.pending_entries(source.id, entries)
            links.add(entries, source, wanted_by(source, rules, index, start),
                      known_by(source, index))
            batches.append((source, feed_report, entries))
        links.resolve()
        for source, feed_report, entries in batches:
            entries, counts = links.settle(entries)
            _add_counts(feed_report, counts)
            if entries:
                archive_entries(entries, source, project, rules, index, feed_report, now=now,
                                dry_run=dry_run, start=start)
            report.feeds.append(feed_report)
            result = results.get(source.id)
            if source.id in unreadable:
                state.record(replace(result, status="error", error=feed_report.error),
                             options, now)
            elif result is not None and not (result.status == "ok"
                                             and feed_report.status != "ok"):
                if feed_report.cut_off:  # the validators describe the whole document, not
                    # the cut copy we read: without them the next run downloads it entire
                    result = replace(result, etag=None, last_modified=None)
                state.record(result, options, now)
            # (A feed that downloaded but could not be written keeps its old validators, so
            # the next run downloads it again instead of getting a 304.)
            if result is not None and feed_report.status in ("error", "gone"):
                feed_report.failures = state.failures(source.id)
                feed_report.next_attempt = state.feeds.get(source.id, {}).get("next_attempt")
        known = {s.id for s in project.sources}
        if known <= {s.id for s in chosen}:  # pending links of feeds no longer configured
            for key in [k for k, v in state.pending.items() if v.get("feed") not in known]:
                del state.pending[key]
        if not dry_run:
            state.save(project.state_path)
            if copies is not None:
                report.archive = wayback.record_copies(_written(project, report), copies,
                                                       root=project.root)
    return report


def _written(project: Project, report: RunReport) -> list[Article]:
    """The pages this run wrote or gave a publisher address, read back (a page that cannot be
    read is left out)."""
    articles = []
    for page in (p for f in report.feeds for p in (*f.pages, *f.updated)):
        try:
            articles.append(archive.read_article(project.root / page))
        except archive.ArchiveError:
            continue
    return articles


def _deferred_report(source: Source, state: FeedState) -> FeedReport:
    entry = state.feeds.get(source.id, {})
    failures = state.failures(source.id)
    when = entry.get("next_attempt")
    last = entry.get("error") or entry.get("status") or "failed"
    return FeedReport(
        feed=source.id, name=source.name, status="deferred", failures=failures,
        next_attempt=when,
        error=f"failed {failures} run(s) in a row, last: {last}; not requested before {when}",
    )
