"""`newsarchive fetch` as one straight line: fetch -> parse -> select -> convert -> write.

Each feed is handled on its own: a feed that fails is reported and the others go on. Validators
(ETag/Last-Modified) are saved only after a feed's pages are written, so a crash can never make a
later run skip entries it has not archived yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from . import archive, wayback
from .convert import article_body, summary_text
from .fetch import FeedState, FetchOptions, fetch_feeds
from .model import Article, Entry, FetchResult, Project, Selection, Source
from .parse import ParseError, parse_feed
from .sanitize import html_to_text
from .select import ArchiveIndex, Rules, select_entries

LOCK_NAME = archive.LOCK_NAME  # kept here too: add, new, reject and the CLI import it
TITLE_MAX = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class FeedReport:
    """One line of the fetch summary."""

    feed: str
    name: str
    status: str  # ok | not_modified | error | gone
    error: str | None = None
    http_status: int | None = None
    seen: int = 0
    selected: int = 0
    written: int = 0
    duplicates: int = 0
    rejected: int = 0
    off_topic: int = 0
    warnings: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # paths relative to the project root
    cut_off: bool = False  # the document ended inside an entry, which was skipped


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
    def written(self) -> int:
        return sum(f.written for f in self.feeds)

    def to_json(self) -> dict:
        return {
            "started": archive.format_datetime(self.started),
            "dry_run": self.dry_run,
            "written": self.written,
            "failed": len(self.failed),
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
        body=article_body(entry, max_words=words, source=publisher),
    )


def process_feed(
    result: FetchResult, project: Project, rules: Rules, index: ArchiveIndex, *,
    now: datetime, dry_run: bool,
) -> FeedReport:
    """Parse, select, convert and write one fetched feed; never raises for bad feed content."""
    source = result.source
    report = FeedReport(feed=source.id, name=source.name, status=result.status,
                        error=result.error, http_status=result.http_status)
    if result.status != "ok" or result.body is None:
        return report
    try:
        parsed = parse_feed(result.body, source, fetched_at=now, content_type=result.content_type)
    except ParseError as exc:
        report.status, report.error = "error", str(exc)
        return report
    report.warnings.extend(parsed.warnings)
    report.cut_off = parsed.cut_off
    report.seen = len(parsed.entries)
    for entry in parsed.entries:
        entry.title = clean_title(entry.title, entry.source_name)
    chosen = select_entries(parsed.entries, source, rules, index, entry_text)
    report.duplicates, report.rejected = chosen.duplicates, chosen.rejected
    report.off_topic, report.selected = chosen.off_topic, len(chosen.selected)
    folders: set[Path] = set()
    try:
        _convert_and_write(chosen.selected, source, project, report, folders, now=now,
                           dry_run=dry_run)
    finally:
        # One fsync per folder, not per page: the pages are durable before the caller can
        # save this feed's state (and after a write error too, for the pages already written).
        archive.sync_dirs(folders)
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
) -> RunReport:
    """Fetch every configured feed and archive the new articles about the story.

    `copies`: also look up an archived copy of each new page's original (after the feed state
    is saved: the pages are complete without it, and a run killed meanwhile loses nothing).
    """
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    report = RunReport(started=now, dry_run=dry_run)
    with archive.archive_lock(project.feeds_dir / LOCK_NAME, wait=lock_wait):
        if not dry_run:  # what a killed run left behind: we hold the lock, nobody else writes
            archive.remove_stale_temp_files(project.articles_dir)
            archive.remove_stale_temp_files(project.feeds_dir)
        state = FeedState.load(project.state_path)
        existing = archive.load_archive(project.articles_dir)
        index = ArchiveIndex.build(existing.articles, project.rejected)
        rules = Rules.compile(project.rules, project.tags)
        results = fetch_feeds(sources if sources is not None else project.sources, state,
                              options or FetchOptions(), on_result)
        for result in results:
            feed_report = process_feed(result, project, rules, index, now=now, dry_run=dry_run)
            report.feeds.append(feed_report)
            # A feed that downloaded but could not be archived keeps its old validators,
            # so the next run downloads it again instead of getting a 304.
            if not (result.status == "ok" and feed_report.status != "ok"):
                if feed_report.cut_off:  # the validators describe the whole document, not
                    # the cut copy we read: without them the next run downloads it entire
                    result = replace(result, etag=None, last_modified=None)
                state.record(result)
        if not dry_run:
            state.save(project.state_path)
            if copies is not None:
                report.archive = wayback.record_copies(_written(project, report), copies,
                                                       root=project.root)
    return report


def _written(project: Project, report: RunReport) -> list[Article]:
    """The pages this run wrote, read back (a page that cannot be read is left out)."""
    articles = []
    for page in (p for f in report.feeds for p in f.pages):
        try:
            articles.append(archive.read_article(project.root / page))
        except archive.ArchiveError:
            continue
    return articles
