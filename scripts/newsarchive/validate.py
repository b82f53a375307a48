"""`newsarchive validate`: every article page checked against the page format.

Structural checks (fields present and well typed) come from `archive.parse_page`; this module adds
the rules that need the whole archive or the project's vocabulary: tags and events exist, ids and
URLs are unique, the folder matches the date, dates are not in the future, no raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .archive import UNDATED_DIR, Problem, iter_pages, parse_page
from .config import LANG_RE
from .model import Article, Project

FUTURE_SLACK = timedelta(days=1)
# Code is allowed to show HTML: drop fenced blocks and inline code spans before looking for tags.
_FENCED = re.compile(r"^( {0,3})(`{3,}|~{3,}).*?^\1\2[`~]*[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_RAW_HTML = re.compile(
    r"<(?!(?:https?://|mailto:)[^>\s]*>)(?:!--|/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?/?>|![A-Za-z]|\?)"
)


def raw_html(markdown: str) -> str | None:
    """The first raw HTML tag in Markdown text, outside code; autolinks are fine."""
    text = _INLINE_CODE.sub("", _FENCED.sub("", markdown))
    m = _RAW_HTML.search(text)
    return m.group(0)[:40] if m else None


def check_article(article: Article, project: Project, text: str, now: datetime) -> list[Problem]:
    """Rules for one page that need the project's vocabulary (pure)."""
    path = article.path
    problems: list[Problem] = []
    lines = text.split("\n")

    def line_of(key: str) -> int:
        for number, line in enumerate(lines, start=1):
            if line.startswith(f"{key}:"):
                return number
        return 1

    def error(key: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(path, line_of(key), message, severity))

    if article.lang != "und" and not LANG_RE.match(article.lang):
        error("lang", f"lang '{article.lang}' is not a BCP 47 tag such as 'en' or 'fr-FR'")
    for tag in article.tags:
        if tag not in project.tags:
            known = ", ".join(sorted(project.tags)) or "none defined"
            error("tags", f"unknown tag '{tag}' (known tags, in feeds/tags.yml: {known})")
    for event in article.events:
        if event not in project.events:
            known = ", ".join(project.events) or "none defined"
            error("events", f"unknown event '{event}' (known events, in feeds/events.yml: {known})")
    if article.date is not None:
        if article.date > now + FUTURE_SLACK:
            error("date", f"date {article.date:%Y-%m-%d} is in the future")
        expected = f"{article.date.year:04d}/{article.date.month:02d}"
    else:
        expected = UNDATED_DIR
    try:
        folder = path.parent.relative_to(project.articles_dir).as_posix()
    except ValueError:
        folder = None
    if folder is not None and folder != expected:
        error("date", f"page is in articles/{folder}/ but its date puts it in "
                      f"articles/{expected}/: move the file or fix the date")
    if re.search(r"<[a-zA-Z/!]", article.summary):
        error("summary", "summary must be plain text, not HTML")
    tag = raw_html(article.body)
    if tag:
        body_start = next(i for i, line in enumerate(lines) if i and line.rstrip() == "---")
        line = next((i for i, text in enumerate(lines[body_start:], body_start + 1) if tag in text),
                    body_start + 1)
        problems.append(Problem(path, line, f"raw HTML in the body ({tag!r}): write Markdown "
                                            "instead (or put it in `code`)"))
    return problems


def validate(project: Project, paths: Iterable[Path] | None = None,
             now: datetime | None = None) -> list[Problem]:
    """Problems for the given pages (default: the whole archive), sorted by file and line.

    Duplicate ids and URLs are always checked against the whole archive.
    """
    now = now or datetime.now(UTC)
    all_pages = list(iter_pages(project.articles_dir))
    wanted = _expand(paths) if paths else set(all_pages)
    problems: list[Problem] = []
    first_by_id: dict[str, Path] = {}
    first_by_url: dict[str, Path] = {}
    for path in sorted(set(all_pages) | wanted):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            if path in wanted:
                problems.append(Problem(path, 1, f"cannot read: {exc}"))
            continue
        article, found = parse_page(path, text)
        report = path in wanted
        if report:
            problems.extend(found)
        if article is None:
            continue
        if report:
            problems.extend(check_article(article, project, text, now))
        for key, seen, name in ((article.id, first_by_id, "id"), (article.url, first_by_url, "url")):
            if not key:
                continue
            if key in seen and report:
                problems.append(Problem(path, 1, f"duplicate {name} '{key}': "
                                                 f"already used by {seen[key]}"))
            seen.setdefault(key, path)
    return sorted(problems, key=lambda p: (str(p.path), p.line))


def _expand(paths: Iterable[Path]) -> set[Path]:
    out: set[Path] = set()
    for p in paths:
        p = Path(p).resolve()
        if p.is_dir():
            out.update(q.resolve() for q in iter_pages(p))
        else:
            out.add(p)
    return out
