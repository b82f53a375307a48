"""The pull request a scheduled fetch opens: what is new, what failed, what to check.

Reviewers read this body instead of the raw diff, so it lists each article with its source,
date, a link to the original and its summary, then the feeds that failed and why.

Everything that came from a feed (titles, summaries, publisher names, error messages) is
untrusted text rendered by GitHub. It is escaped so it cannot add HTML, links, images or
formatting, and it cannot notify anyone: `@user` / `@org/team` mentions and `#123` / `GH-123`
issue references get an invisible WORD JOINER (U+2060) after the `@` or `#`, which reads the same
but no longer matches GitHub's patterns.

    python -m newsarchive.pr_body report.json [--root DIR] [--pages-file FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from .archive import ArchiveError, read_article
from .github import workflow_command
from .model import Article

# GitHub rejects a body over 65,536 characters; stop listing articles well before that.
BODY_BUDGET = 60_000
TITLE_MAX = 200
SUMMARY_MAX = 400
REASON_MAX = 300
WORD_JOINER = "\u2060"
NO_SUMMARY = "*No summary yet: the feed gave no description of the article's own.*"

# Characters that start Markdown or HTML syntax inline: code, emphasis, links and images,
# raw HTML and entities, table cells, strikethrough, math. Escaped with a backslash.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>&|~$])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_ISSUE_REF = re.compile(r"#(?=[0-9])")
_GH_REF = re.compile(r"\b(GH-)(?=[0-9])", re.IGNORECASE)
# Control and format characters (bidi overrides, zero-width spaces...) and line separators.
_DROP = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_CODE_SAFE = re.compile(r"^[A-Za-z0-9._/+-]+$")
_URL_SAFE = "%/:=&?#+!$,;'@*~-._"
_FAILED = ("error", "gone")


def plain(text: Any, limit: int | None = None) -> str:
    """One line of text: control and format characters dropped, whitespace collapsed."""
    if text is None:
        return ""
    cleaned = "".join(" " if unicodedata.category(c) in _DROP else c for c in str(text))
    cleaned = " ".join(cleaned.split())
    if limit is not None and len(cleaned) > limit:
        cut = cleaned[:limit]
        if " " in cut[limit // 2:]:
            cut = cut.rsplit(" ", 1)[0]
        cleaned = cut.rstrip(" .,;:") + "…"
    return cleaned


def inline(text: Any, limit: int | None = None) -> str:
    """Untrusted text made safe to drop anywhere inline in GitHub Markdown (table cells too)."""
    escaped = _MARKDOWN.sub(r"\\\1", plain(text, limit))
    escaped = _MENTION.sub("@" + WORD_JOINER, escaped)
    escaped = _ISSUE_REF.sub("#" + WORD_JOINER, escaped)
    return _GH_REF.sub(lambda m: m.group(1) + WORD_JOINER, escaped)


def code(text: Any) -> str:
    """A file path or feed id as inline code, when it is plain enough to be one."""
    value = plain(text)
    return f"`{value}`" if _CODE_SAFE.match(value) else inline(value)


def link_target(url: Any) -> str | None:
    """An http(s) URL made safe as a Markdown link destination, or None: never a script link."""
    value = plain(url)
    if not value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Spaces, brackets, parentheses, quotes and non-ASCII are percent-encoded; `&` becomes an
    # entity, which CommonMark decodes back to `&` in a link destination.
    return quote(value, safe=_URL_SAFE).replace("&", "&amp;")


def _day(article: Article) -> str:
    if article.date is None:
        return "undated"
    day = article.date.strftime("%Y-%m-%d")
    return f"{day} (date inferred)" if article.date_inferred else day


def _sort_key(article: Article) -> tuple[int, float, str]:
    when = article.date.timestamp() if article.date is not None else 0.0
    return (article.date is None, -when, plain(article.title).lower())


def _article_item(article: Article) -> str:
    title = inline(article.title, TITLE_MAX) or "(untitled)"
    target = link_target(article.url)
    heading = f"[{title}]({target})" if target else title
    if not article.headline_seen:
        heading += " *(no headline in the feed: our description)*"
    facts = [f"**{inline(article.source, 100) or 'unknown source'}**", _day(article)]
    if article.lang:
        facts.append(code(article.lang))
    lines = [f"- {heading} \\", f"  {' · '.join(facts)}"]
    summary = inline(article.summary, SUMMARY_MAX) or NO_SUMMARY
    lines[-1] += " \\"
    lines.append(f"  {summary}")
    return "\n".join(lines)


def _page_of(article: Article, pages: Iterable[str]) -> str | None:
    if article.path is None:
        return None
    path = article.path.as_posix()
    return next((p for p in pages if path == p or path.endswith("/" + p)), None)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _feed_label(feed: dict[str, Any]) -> str:
    name = inline(feed.get("name"), 100)
    ident = code(feed.get("feed", ""))
    return f"{name} ({ident})" if name else ident


def _status(feed: dict[str, Any]) -> str:
    status = inline(feed.get("status", "?"))
    http = feed.get("http_status")
    return f"{status} · HTTP {int(http)}" if isinstance(http, int) else status


def _retry(feed: dict[str, Any]) -> str:
    return inline(feed.get("next_attempt") or "next run")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _list_articles(out: list[str], articles: list[Article], *, budget: int) -> None:
    """Append article items until the body would grow past `budget`, then say what is left."""
    used = sum(len(line) + 1 for line in out)
    for index, article in enumerate(articles):
        item = _article_item(article)
        if used + len(item) > budget:
            rest = len(articles) - index
            out.append(f"- …and {_plural(rest, 'more article')}: see the *Files changed* tab.")
            return
        out.append(item)
        used += len(item) + 1


def pr_body(report: dict[str, Any], articles: list[Article]) -> str:
    """The Markdown body for the fetch pull request (pure: no I/O).

    `report` is `newsarchive fetch --json` output; `articles` are every page the pull request
    adds, those written by this run (listed in the report) and any kept from earlier runs.
    """
    feeds = [f for f in report.get("feeds", []) if isinstance(f, dict)]
    new_pages = {str(p) for f in feeds for p in f.get("pages", []) or []}
    updated = [str(p) for f in feeds for p in f.get("updated", []) or []]
    failed = [f for f in feeds if f.get("status") in _FAILED]
    ordered = sorted(articles, key=_sort_key)
    fresh = [a for a in ordered if _page_of(a, new_pages) is not None]
    earlier = [a for a in ordered if _page_of(a, new_pages) is None]
    started = inline(report.get("started", "?"))

    out: list[str] = []
    if ordered:
        out.append(f"## {_plural(len(ordered), 'new article')} for the archive")
    elif updated:
        out.append(f"## Publisher addresses for {_plural(len(updated), 'archived page')}")
    else:
        out.append("## Feed state update")
    out.append("")
    sentence = f"The scheduled fetch started at {started} wrote {_plural(len(fresh), 'page')}"
    if earlier:
        verb = "is" if len(earlier) == 1 else "are"
        sentence += f"; {_plural(len(earlier), 'page')} from earlier runs {verb} still here"
    sentence += f". {len(failed)} of {_plural(len(feeds), 'feed')} failed."
    out += [sentence, ""]
    if ordered:
        out += [
            "Check that each article is about the story. To drop one, delete its page and "
            "list its `url` or `id` in `feeds/rejected.yml` with a reason, on this branch: "
            "deleting the page alone brings it back at the next fetch. The next run rebuilds "
            "this branch from `main` and keeps such edits (pages and `feeds/rejected.yml`).",
            "",
        ]

    unsummarised = sum(1 for a in ordered if not plain(a.summary))
    if unsummarised:
        out += [f"{_plural(unsummarised, 'page')} {'has' if unsummarised == 1 else 'have'} no "
                "summary yet: the feed gave no description of the article's own (Google News "
                "lists related headlines instead, which are not kept). Write one in your own "
                "words in each page's `summary`; `validate` warns until then.", ""]

    budget = BODY_BUDGET - 6_000  # keep room for the feed tables below
    if fresh:
        out += [f"### New in this run ({len(fresh)})", ""]
        _list_articles(out, fresh, budget=budget)
        out.append("")
    if updated:
        out += [f"### Publisher addresses found for pages written earlier ({len(updated)})", "",
                "These pages were written with a Google News link because the publisher's "
                "address was unknown; only their `url`, `url_resolved` and `via` lines change.",
                ""]
        out += [f"- {code(p)}" for p in updated[:100]]
        if len(updated) > 100:
            out.append(f"- …and {len(updated) - 100} more")
        out.append("")
    if earlier:
        out += [f"### From earlier runs ({len(earlier)})", ""]
        _list_articles(out, earlier, budget=budget)
        out.append("")

    if failed:
        out += [f"### Feeds that failed ({len(failed)})", ""]
        rows = ([_feed_label(f), _status(f), inline(f.get("error") or "no reason given",
                                                     REASON_MAX), _retry(f)] for f in failed)
        out += _table(["Feed", "Status", "Reason", "Next attempt"], rows)
        out.append("")
    deferred = [f for f in feeds if f.get("status") == "deferred"]
    if deferred:
        out += [f"### Feeds that keep failing, not requested in this run ({len(deferred)})", "",
                "Each failure in a row puts the next attempt further off (1 hour, 4, 16, 64, "
                "then at most a week). Fix or remove the source in `feeds/sources.yml`; "
                "`newsarchive fetch --feed ID` tries one at once.", ""]
        rows = ([_feed_label(f), str(int(f.get("failures") or 0)), _retry(f),
                 inline(f.get("error") or "", REASON_MAX)] for f in deferred)
        out += _table(["Feed", "Failures in a row", "Next attempt", "Last error"], rows)
        out.append("")
    links = report.get("links") if isinstance(report.get("links"), dict) else {}
    if any(int(links.get(k) or 0) for k in ("resolved", "pending", "given_up")):
        out += [f"Google News links: {int(links.get('resolved') or 0)} resolved to the "
                f"publisher's address, {int(links.get('pending') or 0)} pending (retried at "
                f"the next runs), {int(links.get('given_up') or 0)} given up (their pages say "
                "`url_resolved: false`: find the publisher's address if you can).", ""]

    warnings = [(f, w) for f in feeds for w in f.get("warnings", []) or []]
    if feeds:
        out += [f"<details><summary>All feeds ({len(feeds)})</summary>", ""]
        counts = ("seen", "selected", "written", "duplicates", "rejected", "off_topic")
        rows = ([_feed_label(f), _status(f), *(str(int(f.get(k) or 0)) for k in counts)]
                for f in feeds)
        out += _table(["Feed", "Status", "Seen", "Selected", "Written", "Duplicates",
                       "Rejected", "Off-topic"], rows)
        out += ["", "</details>", ""]
    if warnings:
        out += [f"<details><summary>Warnings ({len(warnings)})</summary>", ""]
        shown = warnings[:50]
        out += [f"- {code(f.get('feed', ''))}: {inline(w, REASON_MAX)}" for f, w in shown]
        if len(warnings) > len(shown):
            out.append(f"- …and {len(warnings) - len(shown)} more")
        out += ["", "</details>", ""]

    if not report.get("dry_run"):
        out += ["`feeds/state.json` is updated too: each feed's ETag/Last-Modified, so the next "
                "run asks only for what changed, and its last status.", ""]
    out.append("<sub>Opened by the scheduled fetch workflow "
               "(`scripts/ci/fetch-pr.sh`, body by `python -m newsarchive.pr_body`).</sub>")
    body = "\n".join(out) + "\n"
    return body if len(body) <= BODY_BUDGET else body[:BODY_BUDGET] + "\n…\n"


def annotations(report: dict[str, Any]) -> list[str]:
    """`::warning` annotation lines for failed feeds, escaped per the workflow command rules."""
    lines = []
    for feed in report.get("feeds", []):
        if isinstance(feed, dict) and feed.get("status") in _FAILED:
            message = plain(f"feed {feed.get('feed')} ({feed.get('status')}): "
                            f"{feed.get('error') or 'no reason given'}", REASON_MAX)
            lines.append(workflow_command("warning", message, title="Feed failed"))
    return lines


def load_articles(root: Path, pages: Iterable[str]) -> tuple[list[Article], list[ArchiveError]]:
    """Read each listed page (relative to `root`) once; a page that cannot be read is returned
    as an error, so the body still lists the rest."""
    articles: list[Article] = []
    errors: list[ArchiveError] = []
    seen: set[str] = set()
    for page in pages:
        page = page.strip()
        if not page or page in seen:
            continue
        seen.add(page)
        try:
            articles.append(read_article(root / page))
        except ArchiveError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(ArchiveError(root / page, None, f"cannot read: {exc}"))
    return articles, errors


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsarchive.pr_body",
        description="Print the pull request body for a `newsarchive fetch --json` report.")
    parser.add_argument("report", type=Path, help="the JSON report of the fetch")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="project folder the report's page paths are relative to")
    parser.add_argument("--pages-file", type=Path,
                        help="more pages the pull request adds (one path a line, relative "
                             "to --root), e.g. kept from earlier runs")
    parser.add_argument("--github", action=argparse.BooleanOptionalAction, default=None,
                        help="also print ::warning annotations for failed feeds on stderr "
                             "(default: when GITHUB_ACTIONS is set)")
    args = parser.parse_args(argv)

    try:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"error: {args.report}: cannot read the fetch report: {exc}", file=sys.stderr)
        return 2
    if not isinstance(report, dict) or not isinstance(report.get("feeds", []), list):
        print(f"error: {args.report}: not a fetch report (no feeds list)", file=sys.stderr)
        return 2
    pages = [str(p) for f in report.get("feeds", []) if isinstance(f, dict)
             for p in f.get("pages", []) or []]
    if args.pages_file is not None:
        pages += args.pages_file.read_text(encoding="utf-8").splitlines()
    articles, errors = load_articles(args.root, pages)
    for error in errors:
        print(f"warning: {error} (left out of the body)", file=sys.stderr)
    github = args.github if args.github is not None else bool(os.environ.get("GITHUB_ACTIONS"))
    if github:
        for line in annotations(report):
            print(line, file=sys.stderr)
    sys.stdout.write(pr_body(report, articles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
