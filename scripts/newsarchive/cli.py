"""The `newsarchive` command: a thin click layer over the library.

Exit codes: 0 success; 1 a feed failed, a page is invalid, or (add/new) the article is already
archived, was rejected or cannot be fetched; 2 bad usage or bad configuration (including a flag
that add/new need and did not get); 3 another run holds the archive lock.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .archive import LockBusy
from .config import ConfigError, load_project
from .github import workflow_command
from .model import FetchResult, Project

EXIT_FAILED, EXIT_CONFIG, EXIT_LOCKED = 1, 2, 3


class ConfigProblem(click.ClickException):
    exit_code = EXIT_CONFIG


def archive_option(func):
    """`--archive/--no-archive`: look up archived copies of the originals (default: the
    `archive_copies` setting, unless NEWSARCHIVE_ARCHIVE_COPIES says otherwise)."""
    return click.option(
        "--archive/--no-archive", "archive", default=None,
        help="Look up the Internet Archive's copy of each original written, asking for a "
             "capture when there is none (default: archive_copies in feeds/settings.yml).")(func)


def root_option(func):
    """`--root DIR` on every command: the folder holding feeds/ and docs/ (default: here)."""

    @click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
                  show_default=True, help="Project folder holding feeds/ and docs/.")
    @functools.wraps(func)
    def wrapper(*args, root: Path, **kwargs):
        try:
            project = load_project(root)
        except ConfigError as exc:
            raise ConfigProblem(str(exc)) from exc
        return func(*args, project=project, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchive")
def cli() -> None:
    """Archive the news coverage of one story as a searchable static site."""


@cli.command()
@root_option
@click.option("--dry-run", is_flag=True, help="Fetch and select, but write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Feeds fetched at once (at most 2 per host).")
@click.option("--timeout", type=click.FloatRange(0.1, 300), default=20.0, show_default=True,
              help="Seconds to wait for a server to answer.")
@click.option("--feed", "feed_ids", multiple=True, metavar="ID",
              help="Only fetch this feed (repeatable); fetched even if it keeps failing.")
@click.option("--wait", type=click.FloatRange(0, 3600), default=0.0, show_default=True,
              help="Seconds to wait for another run's lock before giving up.")
@archive_option
def fetch(project: Project, dry_run: bool, as_json: bool, concurrency: int, timeout: float,
          feed_ids: tuple[str, ...], wait: float, archive: bool | None) -> None:
    """Fetch the configured feeds and write a page for each new article about the story.

    Example: newsarchive fetch --root . --json > report.json
    """
    from .fetch import FetchOptions, StateError
    from .pipeline import run_fetch
    from .wayback import WaybackOptions, wanted

    sources = project.sources
    if feed_ids:
        known = {s.id for s in sources}
        unknown = [f for f in feed_ids if f not in known]
        if unknown:
            raise click.UsageError(f"unknown feed id: {', '.join(unknown)} "
                                   f"(see feeds/sources.yml)")
        sources = [s for s in sources if s.id in feed_ids]
    options = FetchOptions(concurrency=concurrency, read_timeout=timeout,
                           connect_timeout=min(timeout, 10.0))
    copies = (WaybackOptions.from_env()
              if wanted(project.archive_copies, archive) and not dry_run else None)
    show_bar = not as_json and sys.stderr.isatty() and not os.environ.get("CI")
    try:
        if show_bar:
            with click.progressbar(length=len(sources), label="Fetching feeds",
                                   file=sys.stderr) as bar:
                def tick(result: FetchResult) -> None:
                    bar.update(1)
                report = run_fetch(project, options=options, dry_run=dry_run, lock_wait=wait,
                                   on_result=tick, sources=sources, copies=copies,
                                   force=bool(feed_ids))
        else:
            report = run_fetch(project, options=options, dry_run=dry_run, lock_wait=wait,
                               sources=sources, copies=copies,
                               force=bool(feed_ids))
    except LockBusy as exc:
        _fail(exc, EXIT_LOCKED)
    except StateError as exc:  # feeds/state.json unreadable or unwritable: name it, no traceback
        _fail(exc, EXIT_FAILED)
    _finish(report, as_json, _print_fetch_summary, failed=bool(report.failed))


def _finish(report, as_json: bool, summary: Callable[[Any], None], *, failed: bool) -> NoReturn:
    """End a run that writes a report (fetch, links): JSON for scripts, or a summary for people,
    then exit 1 if anything in the run failed, so a scheduled job can tell."""
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        summary(report)
    sys.exit(EXIT_FAILED if failed else 0)


def _print_fetch_summary(report) -> None:
    labels = {"ok": "ok", "not_modified": "not modified", "error": "ERROR", "gone": "GONE",
              "deferred": "deferred"}
    width = max((len(f.feed) for f in report.feeds), default=4)
    for f in report.feeds:
        line = f"{f.feed:<{width}}  {labels.get(f.status, f.status):<12}"
        if f.status == "ok":
            line += (f" seen {f.seen}, selected {f.selected}, written {f.written}, "
                     f"duplicates {f.duplicates}, rejected {f.rejected}, off-topic {f.off_topic}")
            extra = [f"{name} {n}" for name, n in (("before the story", f.before_story),
                                                   ("invalid", f.invalid)) if n]
            if extra:
                line += ", " + ", ".join(extra)
        elif f.error:
            line += f" {f.error}"
        if f.status in ("error", "gone") and f.next_attempt:
            line += f" (failed {f.failures} run(s) in a row; next attempt after {f.next_attempt})"
        if f.resolved or f.pending or f.given_up:
            line += (f"; links: {f.resolved} resolved, {f.pending} pending, "
                     f"{f.given_up} given up")
        if f.status != "ok" and f.written:
            line += f"; written {f.written} (links resolved from earlier runs)"
        if f.updated:
            line += f"; publisher's address found for {len(f.updated)} archived page(s)"
        click.echo(line)
        for warning in f.warnings:
            click.echo(f"{'':<{width}}  warning: {warning}")
    verb = "would write" if report.dry_run else "wrote"
    links = report.links()
    click.echo(f"{verb} {report.written if not report.dry_run else _would(report)} page(s); "
               f"{len(report.feeds)} feed(s), {len(report.failed)} failed, "
               f"{len(report.deferred)} deferred; links: {links['resolved']} resolved, "
               f"{links['pending']} pending, {links['given_up']} given up")
    for f in report.feeds:
        for page in f.pages:
            click.echo(f"  {page}")
    updated = [page for f in report.feeds for page in f.updated]
    if updated:
        verb = "would update" if report.dry_run else "updated"
        click.echo(f"{verb} {len(updated)} page(s) with the publisher's address "
                   "(url, url_resolved, via):")
        for page in updated:
            click.echo(f"  {page}")
    if report.archive is not None:
        _print_copies(report.archive)


def _print_copies(copies) -> None:
    """The archived-copies step in a few lines: never an error, whatever happened."""
    click.echo(copies.summary())
    for result in copies.results:
        if result.status == "error":
            click.echo(f"  warning: {result.url}: {result.message}")
    for warning in copies.warnings:
        click.echo(f"  warning: {warning}")


def _would(report) -> int:
    return sum(len(f.pages) for f in report.feeds)


@cli.command()
@root_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--github/--no-github", default=None,
              help="Also print GitHub Actions annotations (default: when GITHUB_ACTIONS is set).")
@click.option("--online", is_flag=True,
              help="Also check that each page's URL still answers (a dead link is a warning; "
                   "`newsarchive links` records it).")
@click.option("--strict-editions", is_flag=True,
              help="Also report as errors the pages without a summary in the language of each "
                   "edition of the site (mkdocs.yml), or without a rendering of a headline in "
                   "a third language.")
def validate(project: Project, paths: tuple[Path, ...], github: bool | None,
             online: bool, strict_editions: bool) -> None:
    """Check article pages against the page format (default: the whole archive).

    Example: newsarchive validate docs/articles/2026/02/
    """
    from .validate import site_editions
    from .validate import validate as run_validate

    try:
        editions = site_editions(project.root) if strict_editions else ()
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from exc
    problems = run_validate(project, paths or None, online=online, strict_editions=editions)
    annotate = github if github is not None else bool(os.environ.get("GITHUB_ACTIONS"))
    cwd = Path.cwd()
    for p in problems:
        shown = _relative(p.path, cwd)
        click.echo(f"{shown}:{p.line}: {p.severity}: {p.message}",
                   err=p.severity == "error")
        if annotate:
            kind = "error" if p.severity == "error" else "warning"
            click.echo(workflow_command(kind, p.message, file=shown, line=p.line))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=bool(errors))
    sys.exit(EXIT_FAILED if errors else 0)


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------
# Contributions by hand: add, new, reject


def page_options(func):
    """The flags that set a page's fields, shared by `add` (overrides) and `new` (the data)."""
    options = [
        click.option("--title", help="Headline, as published."),
        click.option("--date", metavar="DATE",
                     help="Publication date: YYYY-MM-DD or ISO 8601 (2026-02-13T09:30:00Z); "
                          "'unknown' for an undated page."),
        click.option("--source", help="Publication name, e.g. 'Example Daily'."),
        click.option("--lang", metavar="CODE", help="BCP 47 language tag: en, fr, pt-BR..."),
        click.option("--summary", help="One to three sentences in your own words."),
        click.option("--tag", "tags", multiple=True, metavar="ID",
                     help="A tag id from feeds/tags.yml (repeatable; default: the tags whose "
                          "keywords the article contains)."),
        click.option("--event", "events", multiple=True, metavar="ID",
                     help="An event id from feeds/events.yml the article covers (repeatable)."),
        click.option("--author", "authors", multiple=True, metavar="NAME",
                     help="An author's name (repeatable)."),
        click.option("--title-en", help="The headline in English, for an article in another "
                                        "language."),
        click.option("--summary-lang", metavar="CODE",
                     help="The summary's language when it is not the article's (e.g. 'en')."),
        click.option("--date-note", metavar="TEXT",
                     help="How the date was established, in your own words (never a quote), "
                          "e.g. 'the article says the announcement came on Monday "
                          "29 September'; shown beside the date."),
        click.option("--headline-not-seen", "headline_seen", is_flag=True, flag_value=False,
                     default=True,
                     help="The stored copy shows no headline: --title is then your own short "
                          "description in English (shown as '[...] (headline not recorded)')."),
        click.option("--carried-by", metavar="NAME",
                     help="A licensed syndicated copy was read at this outlet (--source and "
                          "--url stay the original's); with --carried-by-url."),
        click.option("--carried-by-url", metavar="URL",
                     help="The syndicated copy's address (with --carried-by)."),
        click.option("--highlight", is_flag=True,
                     help="Essential reading: listed on the home page, a search filter."),
        click.option("--title-fr", metavar="TEXT",
                     help="The headline in French, for an article neither in French nor in "
                          "English (shown in the French edition)."),
        click.option("--summary-fr", metavar="TEXT",
                     help="Our summary in French, in your own words (the French edition)."),
        click.option("--summary-en", metavar="TEXT",
                     help="Our summary in English, when --summary is in another language "
                          "(the English edition)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def lock_wait_option(func):
    return click.option("--wait", type=click.FloatRange(0, 3600), default=0.0, show_default=True,
                        help="Seconds to wait for another run's lock before giving up.")(func)


def _interactive() -> bool:
    """Whether a person can answer prompts (tests replace this)."""
    return sys.stdin.isatty()


def _fail(exc: Exception, code: int) -> NoReturn:
    click.echo(f"Error: {exc}", err=True)
    sys.exit(code)


def _fail_contribution(exc: Exception) -> None:
    """One exit code per failure kind, shared by add, new and reject."""
    if isinstance(exc, LockBusy):
        _fail(exc, EXIT_LOCKED)
    if isinstance(exc, ConfigError):
        _fail(exc, EXIT_CONFIG)
    _fail(exc, exc.exit_code)


def _report_saved(saved, cwd: Path) -> None:
    for warning in saved.warnings:
        click.echo(f"warning: {warning.message}", err=True)
    if saved.dry_run:
        click.echo(saved.text, nl=False)
        click.echo(f"would write {_relative(saved.path, cwd)}", err=True)
    else:
        click.echo(f"wrote {_relative(saved.path, cwd)}")


@cli.command()
@root_option
@click.argument("url", required=False)
@click.option("--from-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the article from this saved HTML file instead of fetching it "
                   "(give its address with --url).")
@click.option("--url", "url_option", metavar="URL",
              help="The article's address (with --from-file; same as the URL argument).")
@page_options
@click.option("--dry-run", is_flag=True, help="Print the page instead of writing it.")
@click.option("--timeout", type=click.FloatRange(0.1, 300), default=20.0, show_default=True,
              help="Seconds to wait for the server to answer.")
@lock_wait_option
@archive_option
def add(project: Project, url: str | None, from_file: Path | None, url_option: str | None,
        dry_run: bool, timeout: float, wait: float, archive: bool | None, **fields) -> None:
    """Archive one article from its web page: metadata and excerpt are read from the page.

    Any flag overrides what the page says. Refuses an article already archived or rejected.

    Example: newsarchive add https://example.com/tech/gpt-4o-exit --tag retirement
    """
    from datetime import UTC, datetime

    from . import contribute
    from .fetch import FetchOptions
    from .urls import canonical_or

    if url and url_option and url != url_option:
        raise click.UsageError("give the article's address once: as URL or as --url")
    address = url or url_option
    if not address:
        hint = " (with --from-file, pass --url URL)" if from_file else ""
        raise click.UsageError(f"missing the article's URL{hint}")
    now = datetime.now(UTC)
    try:
        if from_file is not None:
            html_text = contribute.decode_html(from_file.read_bytes())
            final = address
        else:
            options = FetchOptions(read_timeout=timeout, connect_timeout=min(timeout, 10.0),
                                   total_timeout=max(timeout, 60.0), retries=1)
            html_text, final = contribute.fetch_page(address, options)
        meta = contribute.extract_page(html_text, final)
        article = contribute.article_from_page(meta, final, contribute.Fields(**fields),
                                               project, now)
        also = tuple(u for u in {meta.canonical, canonical_or(address, None)} if u)
        saved = contribute.save_article(project, article, now=now, dry_run=dry_run,
                                        lock_wait=wait, also_urls=also)
    except (contribute.ContributeError, ConfigError, LockBusy) as exc:
        _fail_contribution(exc)
    _report_saved(saved, Path.cwd())
    if not dry_run:
        # --from-file stays offline unless --archive asks for the lookup.
        wanted_flag = False if from_file is not None and archive is None else archive
        _add_archived_copy(project, saved.article, wanted_flag, wait)


ADD_ARCHIVE_BUDGET = 45.0  # seconds: a person is waiting


def _add_archived_copy(project: Project, article, flag: bool | None, wait: float) -> None:
    """After `add` wrote a page: its original's archived copy, if wanted. The page is already
    written, so nothing here can fail the command; problems are printed as warnings."""
    from .archive import archive_lock
    from .pipeline import LOCK_NAME
    from .wayback import WaybackOptions, record_copies, wanted

    if not wanted(project.archive_copies, flag) or not article.url:
        return
    options = WaybackOptions.from_env(budget=ADD_ARCHIVE_BUDGET)
    try:
        with archive_lock(project.feeds_dir / LOCK_NAME, wait=wait):
            copies = record_copies([article], options, root=project.root)
    except LockBusy as exc:
        click.echo(f"warning: no archived copy looked up: {exc}", err=True)
        return
    _print_copies(copies)


PROMPTS = {
    "title": "Title (the headline, as published)",
    "date": "Date (YYYY-MM-DD, or 'unknown')",
    "source": "Source (the publication's name)",
    "lang": "Language (BCP 47: en, fr, pt-BR...)",
    "summary": "Summary (one to three sentences, in your own words)",
}


@cli.command()
@root_option
@page_options
@click.option("--url", metavar="URL", help="The article's address, if it has one.")
@click.option("--date-inferred", is_flag=True,
              help="The date comes from another listing of the article, not from the article.")
@click.option("--selected-by", metavar="TEXT",
              help="Why the article belongs, e.g. 'curated: original reporting on the API'.")
@click.option("--body", metavar="MARKDOWN",
              help="Page text in Markdown: a short description in your own words.")
@click.option("--dry-run", is_flag=True, help="Print the page instead of writing it.")
@lock_wait_option
def new(project: Project, dry_run: bool, wait: float, **fields) -> None:
    """Write a page by hand, for an article that cannot be fetched (paywalled, printed).

    Asks for missing required fields on a terminal; elsewhere, names the missing flags.

    Example: newsarchive new --title "..." --date 2026-02-13 --source "Example Weekly"
    --lang en --summary "..." --tag retirement
    """
    from datetime import UTC, datetime

    from . import contribute

    data = contribute.Fields(**fields)
    missing = contribute.missing_for_new(data)
    if missing and _interactive():
        for flag in missing:
            name = flag.removeprefix("--")
            setattr(data, name, click.prompt(PROMPTS[name]))
    now = datetime.now(UTC)
    try:
        article = contribute.article_from_fields(data, project, now)
        saved = contribute.save_article(project, article, now=now, dry_run=dry_run,
                                        lock_wait=wait)
    except (contribute.ContributeError, ConfigError, LockBusy) as exc:
        _fail_contribution(exc)
    _report_saved(saved, Path.cwd())


@cli.command(name="import")
@root_option
@click.argument("batch", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every record, write nothing.")
@lock_wait_option
def import_(project: Project, batch: Path, dry_run: bool, wait: float) -> None:
    """Write one page per record of a YAML batch file, each checked as `new` checks it.

    The file holds `articles:`, a list of mappings with `new`'s fields (title, title_en, date,
    date_inferred, date_note, source, lang, summary, summary_lang, url, tags, events, authors,
    selected_by, body, headline_seen, carried_by, highlight, translations; the last ones as a
    page's front matter writes them). An article already archived is skipped, so a batch can
    be re-run; a refused record is reported with its line and the others are still written.

    Example: newsarchive import curated-2026-02.yml
    """
    from datetime import UTC, datetime

    from . import contribute

    try:
        records = contribute.read_batch(batch)
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from exc
    now = datetime.now(UTC)
    cwd = Path.cwd()
    shown = _relative(batch, cwd)
    written = skipped = failed = 0
    for record in records:
        try:
            article = contribute.article_from_fields(record.fields, project, now)
            saved = contribute.save_article(project, article, now=now, dry_run=dry_run,
                                            lock_wait=wait)
        except contribute.AlreadyArchived as exc:
            skipped += 1
            click.echo(f"{shown}:{record.line}: skipped: {exc}", err=True)
            continue
        except (contribute.ContributeError, ConfigError) as exc:
            failed += 1
            click.echo(f"{shown}:{record.line}: error: {exc}", err=True)
            continue
        except LockBusy as exc:
            _fail(exc, EXIT_LOCKED)
        written += 1
        for warning in saved.warnings:
            click.echo(f"{shown}:{record.line}: warning: {warning.message}", err=True)
        if not dry_run:
            click.echo(f"wrote {_relative(saved.path, cwd)}")
    verb = "would write" if dry_run else "wrote"
    click.echo(f"{verb} {written} page(s); {skipped} already archived, {failed} refused",
               err=bool(failed))
    sys.exit(EXIT_FAILED if failed else 0)


@cli.command()
@root_option
@click.argument("target", metavar="URL|ID")
@click.option("--reason", default="", help="Why the article does not belong in the archive.")
@lock_wait_option
def reject(project: Project, target: str, reason: str, wait: float) -> None:
    """Record an article in feeds/rejected.yml so fetch never proposes it again; remove its page.

    Example: newsarchive reject https://example.com/tech/phone-battery --reason "Not about GPT-4o"
    """
    from . import contribute

    if not reason.strip() and _interactive():
        reason = click.prompt("Reason (why it does not belong in the archive)")
    try:
        outcome = contribute.reject(project, target, reason, lock_wait=wait)
    except (contribute.ContributeError, ConfigError, LockBusy) as exc:
        _fail_contribution(exc)
    cwd = Path.cwd()
    what = " ".join(f"{k} {outcome.item[k]}" for k in ("url", "id") if outcome.item.get(k))
    rejected_file = _relative(project.feeds_dir / contribute.REJECTED_FILE, cwd)
    if outcome.already:
        click.echo(f"already rejected in {rejected_file}: {what}")
    else:
        click.echo(f"rejected {what}: recorded in {rejected_file}")
        if not outcome.item.get("reason"):
            click.echo(f"warning: no --reason given: add one in {rejected_file} so the next "
                       "reviewer knows why", err=True)
    for path in outcome.removed:
        click.echo(f"removed {_relative(path, cwd)}")
    if not outcome.removed:
        click.echo("no page for it in the archive")


# ---------------------------------------------------------------------------------------------
# Links


@cli.command()
@root_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@click.option("--dry-run", is_flag=True, help="Check and report, but change no page.")
@click.option("--concurrency", type=click.IntRange(1, 32), default=8, show_default=True,
              help="Requests at once.")
@click.option("--per-host", type=click.IntRange(1, 8), default=2, show_default=True,
              help="Requests at once to one host.")
@click.option("--host-interval", type=click.FloatRange(0, 60), default=1.0, show_default=True,
              help="Seconds between two requests to one host.")
@click.option("--timeout", type=click.FloatRange(0.1, 300), default=20.0, show_default=True,
              help="Seconds to wait for a server to answer.")
@click.option("--retries", type=click.IntRange(0, 5), default=2, show_default=True,
              help="Extra attempts after a timeout, a 5xx or a 429.")
@archive_option
@click.option("--archive-budget", type=click.FloatRange(0, 3600), default=300.0,
              show_default=True, help="Seconds the archived-copies lookups may take in all.")
@lock_wait_option
def links(project: Project, paths: tuple[Path, ...], as_json: bool, dry_run: bool,
          concurrency: int, per_host: int, host_interval: float, timeout: float, retries: int,
          archive: bool | None, archive_budget: float, wait: float) -> None:
    """Check that each page's original still answers; record dead links on the pages.

    A newly dead original (HTTP 404/410) gets `link_status: dead` and `link_checked`; one that
    answers again loses them; nothing else in a page changes. Pages without an archived copy
    get one looked up (--no-archive: not). Links that cannot be checked are only reported.

    Example: newsarchive links --json > links.json
    """
    from .fetch import FetchOptions
    from .links import LinkOptions, run_links
    from .wayback import WaybackOptions, wanted

    http = FetchOptions(concurrency=concurrency, per_host=per_host, read_timeout=timeout,
                        connect_timeout=min(timeout, 10.0), total_timeout=max(timeout, 30.0),
                        max_bytes=256 * 1024, retries=retries, backoff=2.0)
    options = LinkOptions(http=http, host_interval=host_interval)
    copies = (WaybackOptions.from_env(budget=archive_budget)
              if wanted(project.archive_copies, archive) and not dry_run else None)
    try:
        report = run_links(project, list(paths) or None, options=options, copies=copies,
                           dry_run=dry_run, lock_wait=wait)
    except LockBusy as exc:
        _fail(exc, EXIT_LOCKED)
    _finish(report, as_json, _print_links, failed=bool(report.errors))


def _print_links(report) -> None:
    labels = {"dead": "DEAD", "error": "unreachable"}
    shown = [p for p in report.pages if p.verdict != "ok" or p.change]
    width = max((len(p.page) for p in shown), default=4)
    for p in shown:
        line = f"{p.page:<{width}}  {labels.get(p.verdict, p.verdict):<11}  {p.url}"
        if p.reason:
            line += f"  ({p.reason})"
        if p.change:
            line += f"  -> {'would be ' if report.dry_run else ''}{p.change}"
        elif p.dead_since:
            line += f"  (dead since {p.dead_since})"
        click.echo(line)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    verb = "would mark" if report.dry_run else "marked"
    click.echo(f"checked {len(report.pages)} original(s): {report.count('ok')} ok, "
               f"{report.count('dead')} dead, {report.count('error')} could not be checked; "
               f"{verb} {len(report.changed('marked dead'))} page(s) dead, "
               f"{len(report.changed('alive again'))} alive again"
               + (f"; {report.without_url} page(s) without URL" if report.without_url else ""))
    if report.archive is not None:
        _print_copies(report.archive)


def main() -> None:
    cli(prog_name="newsarchive")
