"""The `newsarchive` command: a thin click layer over the library.

Exit codes: 0 success; 1 a feed failed or a page is invalid; 2 bad usage or bad configuration;
3 another run holds the archive lock.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .archive import LockBusy
from .config import ConfigError, load_project
from .model import FetchResult, Project

EXIT_FAILED, EXIT_CONFIG, EXIT_LOCKED = 1, 2, 3


class ConfigProblem(click.ClickException):
    exit_code = EXIT_CONFIG


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
              help="Only fetch this feed (repeatable).")
@click.option("--wait", type=click.FloatRange(0, 3600), default=0.0, show_default=True,
              help="Seconds to wait for another run's lock before giving up.")
def fetch(project: Project, dry_run: bool, as_json: bool, concurrency: int, timeout: float,
          feed_ids: tuple[str, ...], wait: float) -> None:
    """Fetch the configured feeds and write a page for each new article about the story.

    Example: newsarchive fetch --root . --json > report.json
    """
    from .fetch import FetchOptions
    from .pipeline import run_fetch

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
    show_bar = not as_json and sys.stderr.isatty() and not os.environ.get("CI")
    try:
        if show_bar:
            with click.progressbar(length=len(sources), label="Fetching feeds",
                                   file=sys.stderr) as bar:
                def tick(result: FetchResult) -> None:
                    bar.update(1)
                report = run_fetch(project, options=options, dry_run=dry_run, lock_wait=wait,
                                   on_result=tick, sources=sources)
        else:
            report = run_fetch(project, options=options, dry_run=dry_run, lock_wait=wait,
                               sources=sources)
    except LockBusy as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_fetch_summary(report)
    sys.exit(EXIT_FAILED if report.failed else 0)


def _print_fetch_summary(report) -> None:
    labels = {"ok": "ok", "not_modified": "not modified", "error": "ERROR", "gone": "GONE"}
    width = max((len(f.feed) for f in report.feeds), default=4)
    for f in report.feeds:
        line = f"{f.feed:<{width}}  {labels.get(f.status, f.status):<12}"
        if f.status == "ok":
            line += (f" seen {f.seen}, selected {f.selected}, written {f.written}, "
                     f"duplicates {f.duplicates}, rejected {f.rejected}, off-topic {f.off_topic}")
        elif f.error:
            line += f" {f.error}"
        click.echo(line)
        for warning in f.warnings:
            click.echo(f"{'':<{width}}  warning: {warning}")
    verb = "would write" if report.dry_run else "wrote"
    click.echo(f"{verb} {report.written if not report.dry_run else _would(report)} page(s); "
               f"{len(report.feeds)} feed(s), {len(report.failed)} failed")
    for f in report.feeds:
        for page in f.pages:
            click.echo(f"  {page}")


def _would(report) -> int:
    return sum(len(f.pages) for f in report.feeds)


@cli.command()
@root_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--github/--no-github", default=None,
              help="Also print GitHub Actions annotations (default: when GITHUB_ACTIONS is set).")
def validate(project: Project, paths: tuple[Path, ...], github: bool | None) -> None:
    """Check article pages against the page format (default: the whole archive).

    Example: newsarchive validate docs/articles/2026/02/
    """
    from .validate import validate as run_validate

    problems = run_validate(project, paths or None)
    annotate = github if github is not None else bool(os.environ.get("GITHUB_ACTIONS"))
    cwd = Path.cwd()
    for p in problems:
        shown = _relative(p.path, cwd)
        click.echo(f"{shown}:{p.line}: {p.severity}: {p.message}",
                   err=p.severity == "error")
        if annotate:
            kind = "error" if p.severity == "error" else "warning"
            click.echo(f"::{kind} file={shown},line={p.line}::{p.message}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=bool(errors))
    sys.exit(EXIT_FAILED if errors else 0)


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def main() -> None:
    cli(prog_name="newsarchive")
