"""`newsarchive validate`: every article page checked against the page format.

Structural checks (fields present and well typed) come from `archive.parse_page`; this module adds
the rules that need the whole archive or the project's vocabulary: tags and events exist, ids and
URLs are unique, the folder matches the date, dates are not in the future, no raw HTML.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .archive import UNDATED_DIR, Problem, iter_pages, parse_page, split_front_matter
from .config import LANG_RE, ConfigError, YamlNode, parse_yaml
from .model import Article, Project

FUTURE_SLACK = timedelta(days=1)
# Code is allowed to show HTML: blank out fenced blocks (an unclosed one runs to the end, as in
# CommonMark) and inline code spans before looking for tags.
_FENCED = re.compile(
    r"^ {0,3}(?P<fence>(?P<c>[`~])(?P=c){2,})[^\n]*$.*?(?:^ {0,3}(?P=fence)(?P=c)*[ \t]*$|\Z)",
    re.MULTILINE | re.DOTALL,
)
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_RAW_HTML = re.compile(
    r"(?<!\\)<(?!(?:https?://|mailto:)[^>\s]*>)"
    r"(?:!--|/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?/?>|![A-Za-z]|\?)"
)


def _blank(match: re.Match[str]) -> str:
    """Spaces for everything but line breaks, so offsets and line numbers stay as they were."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _find_raw_html(markdown: str) -> re.Match[str] | None:
    return _RAW_HTML.search(_INLINE_CODE.sub(_blank, _FENCED.sub(_blank, markdown)))


def raw_html(markdown: str) -> str | None:
    """The first raw HTML tag in Markdown text, outside code; autolinks are fine."""
    m = _find_raw_html(markdown)
    return m.group(0)[:40] if m else None


def _line_of(lines: list[str], key: str) -> int:
    """The line of a top-level front matter key (1 if absent)."""
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _front_matter_nodes(path: Path, text: str) -> dict[str, YamlNode]:
    """The front matter with line numbers, or {} (parse_page reports why it is unreadable)."""
    parts = split_front_matter(text)
    if parts is None:
        return {}
    try:
        return parse_yaml(parts[0], path, first_line=2)
    except ConfigError:
        return {}


def _absolute(path: Path) -> Path:
    """An absolute, normalised path (symlinks left as they are) so the same page compares equal."""
    return Path(os.path.abspath(path))


def check_article(article: Article, project: Project, text: str, now: datetime) -> list[Problem]:
    """Rules for one page that need the project's vocabulary (pure)."""
    path = article.path
    problems: list[Problem] = []
    lines = text.split("\n")
    nodes = _front_matter_nodes(path, text)

    def line_of(key: str, item: str | None = None) -> int:
        """The key's line, or the line of `item` in the key's list."""
        node = nodes.get(key)
        if node is None:
            return _line_of(lines, key)
        if item is not None and isinstance(node.value, list):
            return next((child.line for child in node.value if child.value == item), node.line)
        return node.line

    def error(key: str, message: str, item: str | None = None) -> None:
        problems.append(Problem(path, line_of(key, item), message))

    if article.lang != "und" and not LANG_RE.match(article.lang):
        error("lang", f"lang '{article.lang}' is not a BCP 47 tag such as 'en' or 'fr-FR'")
    for tag in article.tags:
        if tag not in project.tags:
            known = ", ".join(sorted(project.tags)) or "none defined"
            error("tags", f"unknown tag '{tag}' (known tags, in feeds/tags.yml: {known})", tag)
    for event in article.events:
        if event not in project.events:
            known = ", ".join(project.events) or "none defined"
            error("events", f"unknown event '{event}' (known events, in feeds/events.yml: "
                            f"{known})", event)
    if article.date is not None:
        if article.date > now + FUTURE_SLACK:
            error("date", f"date {article.date:%Y-%m-%d} is in the future")
        expected = f"{article.date.year:04d}/{article.date.month:02d}"
    else:
        expected = UNDATED_DIR
    try:
        folder = _absolute(path).parent.relative_to(_absolute(project.articles_dir)).as_posix()
    except ValueError:
        folder = None
    if folder is not None and folder != expected:
        error("date", f"page is in articles/{folder}/ but its date puts it in "
                      f"articles/{expected}/: move the file or fix the date")
    if re.search(r"<[a-zA-Z/!]", article.summary):
        error("summary", "summary must be plain text, not HTML")
    parts = split_front_matter(text)
    body, body_line = (parts[1], parts[2]) if parts else (article.body, 1)
    m = _find_raw_html(body)
    if m:
        line = body_line + body.count("\n", 0, m.start())
        problems.append(Problem(path, line, f"raw HTML in the body ({m.group(0)[:40]!r}): write "
                                            "Markdown instead (or put it in `code`)"))
    return problems


def validate(project: Project, paths: Iterable[Path] | None = None,
             now: datetime | None = None) -> list[Problem]:
    """Problems for the given pages (default: the whole archive), sorted by file and line.

    Duplicate ids and URLs are always checked against the whole archive.
    """
    now = now or datetime.now(UTC)
    all_pages = [_absolute(p) for p in iter_pages(project.articles_dir)]
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
        for key, seen, name in ((article.id, first_by_id, "id"),
                                (article.url, first_by_url, "url")):
            if not key:
                continue
            if key in seen and report:
                problems.append(Problem(path, _line_of(text.split("\n"), name),
                                        f"duplicate {name} '{key}': already used by {seen[key]}"))
            seen.setdefault(key, path)
    return sorted(problems, key=lambda p: (str(p.path), p.line))


def _expand(paths: Iterable[Path]) -> set[Path]:
    out: set[Path] = set()
    for p in paths:
        p = _absolute(p)
        if p.is_dir():
            out.update(_absolute(q) for q in iter_pages(p))
        else:
            out.add(p)
    return out
