"""The archive on disk: article pages in `docs/articles/`, read and written safely.

The pages themselves are the source of truth for what exists (no side database that can drift).
Writes are atomic and never replace an existing file: a page a person edited stays as it is.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from .config import LANG_RE, ConfigError, YamlNode, parse_yaml
from .model import LINK_DEAD, Article, ArticleText, Carrier, Snapshot

REQUIRED = ("title", "date", "source", "url", "lang", "id", "summary")
OPTIONAL = ("headline_seen", "title_en", "summary_lang", "translations", "carried_by", "authors",
            "tags", "feed", "fetched", "selected_by", "archive_url", "events", "highlight",
            "date_inferred", "date_note", "archived", "link_status", "link_checked", "via",
            "url_resolved")
# The keys of `archived:`, a snapshot of the original in a web archive.
SNAPSHOT_KEYS = ("url", "timestamp")
# The keys of `carried_by:`, the licensed copy an article was read at.
CARRIER_KEYS = ("source", "url")
# The keys of each language under `translations:` (the same shape as feeds/events.yml's).
TRANSLATION_KEYS = ("summary", "title")
FIELDS = REQUIRED + OPTIONAL
UNDATED_DIR = "undated"
SLUG_MAX = 80
# Windows device names: a file called con.md cannot be checked out there.
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                  *(f"lpt{i}" for i in range(10))}
TEMP_PREFIX = ".tmp-"
# The lock every command that writes pages takes (in feeds/): one writer at a time.
LOCK_NAME = ".fetch.lock"
# Letters NFKD does not split into a base letter and an accent, spelt the usual ASCII way.
_TRANSLITERATE = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                                "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i"})
# Lone UTF-16 halves (a JSON feed can carry them): they cannot be written as UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Characters YAML reads as line breaks: written raw they would come back as a space or "\n".
_YAML_BREAKS = re.compile("[\x85\u2028\u2029]")


class ArchiveError(Exception):
    """A page that cannot be read as an article, or a write that failed; names file and line."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


# Characters that would break a `file:line: message` line apart (or garble a terminal).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with line breaks and control characters escaped, as Python would write them."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass
class Problem:
    """One finding about a page: an error makes the page invalid, a warning does not.

    The message is kept on one line whatever value it quotes (`date: "\n"`), so every
    finding prints as one `file:line: severity: message` line.
    """

    path: Path
    line: int
    message: str
    severity: str = "error"  # or "warning"

    def __post_init__(self) -> None:
        self.message = one_line(self.message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


# ---------------------------------------------------------------------------------------------
# Dates


def format_datetime(value: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second: the only form the archive writes.

    A naive datetime is taken as UTC, as `parse_datetime` does, not as the machine's local time.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC).replace(microsecond=0, tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"  # isoformat pads years < 1000, strftime not


def parse_datetime(value: Any) -> datetime:
    """Accept what a person may type in front matter; return an aware UTC datetime."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            msg = f"'{value}' is not an ISO 8601 date like 2026-02-13T09:30:00Z"
            raise ValueError(msg) from None
    else:
        raise ValueError(f"expected an ISO 8601 date, got {type(value).__name__}")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        return dt.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+05:00 is before year 1 in UTC
        raise ValueError(f"'{value}' is out of the range of dates") from None


# ---------------------------------------------------------------------------------------------
# Reading


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (yaml, body, body_first_line), or None when the page has no front matter."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return None


def check_front_matter(
    path: Path, data: dict[str, YamlNode]
) -> tuple[Article | None, list[Problem]]:
    """Build an Article from parsed front matter, collecting every structural problem.

    Hand-added pages (no `feed`) may leave `url` and `date` empty: that is a warning, not an error.
    """
    problems: list[Problem] = []

    def problem(key: str | None, message: str, severity: str = "error") -> None:
        node = data.get(key) if key else None
        problems.append(Problem(path, node.line if node else 1, message, severity))

    def value(key: str) -> Any:
        node = data.get(key)
        return None if node is None else _plain(node.value)

    for key in data:
        if key not in FIELDS:
            problem(key, f"unknown field '{key}' (allowed: {', '.join(FIELDS)})")
    for key in REQUIRED:
        if key not in data:
            problem(None, f"missing required field '{key}'")

    hand_added = value("feed") is None
    out: dict[str, Any] = {}
    for key in ("title", "source", "lang", "id", "summary"):
        raw = value(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if key == "summary" and key in data and not hand_added:
                # Fetch leaves it empty when the feed carried no description of the article's
                # own (an aggregator's list of related headlines is none): curation writes it.
                problem(key, "'summary' is empty: the feed gave no description of the "
                             "article's own; write one in your own words", "warning")
                out[key] = ""
            elif key in data:
                problem(key, f"'{key}' must not be empty")
            continue
        if not isinstance(raw, str):
            problem(key, f"'{key}' must be text, got {type(raw).__name__}")
            continue
        out[key] = raw
    for key in ("title_en", "summary_lang", "feed", "selected_by", "archive_url", "via",
                "date_note"):
        raw = value(key)
        if raw is not None and not isinstance(raw, str):
            problem(key, f"'{key}' must be text, got {type(raw).__name__}")
        else:
            out[key] = raw or None

    url = value("url")
    if url is None or url == "":
        if "url" in data:
            if hand_added:
                problem("url", "'url' is empty: allowed for a hand-added page, add it if known",
                        "warning")
            else:
                problem("url", "'url' is empty but the page came from a feed")
        out["url"] = None
    elif not isinstance(url, str) or not re.match(r"^https?://", url, re.IGNORECASE):
        problem("url", f"'url' must be an http(s) URL, got {url!r}")
    else:
        out["url"] = url

    for key in ("date", "fetched"):
        raw = value(key)
        if raw is None or raw == "":
            if key == "date" and "date" in data:
                if hand_added:
                    problem("date", "'date' is empty: allowed for a hand-added page "
                            "of unknown date", "warning")
                else:
                    problem("date", "'date' is empty but the page came from a feed")
            out[key] = None
            continue
        try:
            out[key] = parse_datetime(raw)
        except ValueError as exc:
            problem(key, f"'{key}': {exc}")

    for key in ("authors", "tags", "events"):
        raw = value(key)
        if raw is None:
            out[key] = []
        elif not isinstance(raw, list):
            problem(key, f"'{key}' must be a list of text items")
        elif bad := [n for n in data[key].value
                     if not (isinstance(n.value, str) and n.value.strip())]:
            problems.append(Problem(path, bad[0].line, f"'{key}' must be a list of text items"))
        else:
            out[key] = list(raw)

    for key, default in (("date_inferred", False), ("url_resolved", True),
                         ("headline_seen", True), ("highlight", False)):
        flag = value(key)
        if flag is not None and not isinstance(flag, bool):
            problem(key, f"'{key}' must be true or false")
        out[key] = default if flag is None or not isinstance(flag, bool) else flag

    out["archived"] = _check_snapshot(path, data.get("archived"), problems)
    out["carried_by"] = _check_carrier(path, data.get("carried_by"), problems)
    out["translations"] = _check_translations(path, data.get("translations"), problems)
    out.update(_check_link_status(data, problem))

    if any(p.severity == "error" for p in problems):
        return None, problems
    return Article(**out, path=path), problems


def _fields(path: Path, node: YamlNode, name: str, keys: tuple[str, ...], shape: str,
            problems: list[Problem]) -> dict[str, YamlNode] | None:
    """A mapping with exactly `keys` (`archived`, `carried_by`): its fields, each unknown or
    missing key reported, or None when it is no mapping at all."""
    if not isinstance(node.value, dict):
        problems.append(Problem(path, node.line, shape))
        return None
    fields = node.value
    for key, sub in fields.items():
        if key not in keys:
            problems.append(Problem(path, sub.line, f"unknown field '{name}.{key}' "
                                                    f"(allowed: {', '.join(keys)})"))
    for key in keys:
        if key not in fields:
            problems.append(Problem(path, node.line, f"missing '{name}.{key}': {shape}"))
    return fields


def _http_url(path: Path, fields: dict[str, YamlNode], name: str, pattern: str,
              problems: list[Problem]) -> object:
    """`fields['url']`, reported unless it matches `pattern` (an http(s) address)."""
    if "url" not in fields:
        return None
    url = fields["url"].value
    if not (isinstance(url, str) and re.match(pattern, url, re.IGNORECASE)):
        problems.append(Problem(path, fields["url"].line,
                                f"'{name}.url' must be an http(s) URL, got {_plain(url)!r}"))
    return url


def _check_snapshot(path: Path, node: YamlNode | None,
                    problems: list[Problem]) -> Snapshot | None:
    """`archived: {url: ..., timestamp: ...}`: the copy's address and when it was taken."""
    if node is None or node.value is None:
        return None
    bad = len(problems)
    shape = ("'archived' must be a mapping with 'url' (the copy's address) and 'timestamp' "
             "(when it was taken, ISO 8601 in UTC)")
    if (fields := _fields(path, node, "archived", SNAPSHOT_KEYS, shape, problems)) is None:
        return None
    url = _http_url(path, fields, "archived", r"^https?://\S", problems)
    when = None
    if "timestamp" in fields:
        try:
            when = parse_datetime(fields["timestamp"].value)
        except ValueError as exc:
            problems.append(Problem(path, fields["timestamp"].line, f"'archived.timestamp': {exc}"))
    if len(problems) > bad or when is None:
        return None
    return Snapshot(url=url, timestamp=when)


def _check_carrier(path: Path, node: YamlNode | None, problems: list[Problem]) -> Carrier | None:
    """`carried_by: {source: ..., url: ...}`: the outlet a licensed copy was read at, and the
    copy's address."""
    if node is None or node.value is None:
        return None
    bad = len(problems)
    shape = ("'carried_by' must be a mapping with 'source' (the outlet that carried the copy) "
             "and 'url' (the copy's address)")
    if (fields := _fields(path, node, "carried_by", CARRIER_KEYS, shape, problems)) is None:
        return None
    source = fields["source"].value if "source" in fields else None
    if "source" in fields and not (isinstance(source, str) and source.strip()):
        problems.append(Problem(path, fields["source"].line,
                                "'carried_by.source' must be the carrying outlet's name, got "
                                f"{_plain(source)!r}"))
    url = _http_url(path, fields, "carried_by", r"^https?://[^\s/]", problems)
    if len(problems) > bad:
        return None
    return Carrier(source=source, url=url)


def _check_translations(path: Path, node: YamlNode | None,
                        problems: list[Problem]) -> dict[str, ArticleText]:
    """`translations: {fr: {summary: ..., title: ...}, en: {summary: ...}}`: our words for each
    edition of the site, the shape feeds/events.yml uses. English headlines go in `title_en`."""
    if node is None or node.value is None:
        return {}
    if not isinstance(node.value, dict):
        problems.append(Problem(path, node.line, "'translations' must map language tags to "
                                "our words in that language: translations: {fr: {summary: "
                                "..., title: ...}}"))
        return {}
    out: dict[str, ArticleText] = {}
    for lang, sub in node.value.items():
        where = f"translations.{lang}"
        if not isinstance(lang, str) or not LANG_RE.match(lang):
            problems.append(Problem(path, sub.line, f"'{where}': {lang!r} is not a language "
                                                    "tag such as 'fr'"))
            continue
        if not isinstance(sub.value, dict):
            problems.append(Problem(path, sub.line, f"'{where}' must be a mapping with "
                                                    f"{' and/or '.join(TRANSLATION_KEYS)}"))
            continue
        texts: dict[str, str] = {}
        for key, item in sub.value.items():
            if key not in TRANSLATION_KEYS:
                problems.append(Problem(path, item.line, f"unknown field '{where}.{key}' "
                                        f"(allowed: {', '.join(TRANSLATION_KEYS)})"))
            elif key == "title" and lang.split("-")[0] == "en":
                problems.append(Problem(path, item.line, f"'{where}.title': the English "
                                        "rendering of a headline goes in 'title_en'"))
            elif not (isinstance(item.value, str) and item.value.strip()):
                problems.append(Problem(path, item.line, f"'{where}.{key}' must be text, got "
                                                         f"{_plain(item.value)!r}"))
            else:
                texts[key] = item.value
        if not sub.value:
            problems.append(Problem(path, sub.line, f"'{where}' is empty: give its summary "
                                                    "and/or title, or remove it"))
        out[lang] = ArticleText(**texts)
    return out


def _check_link_status(data: dict[str, YamlNode], problem: Any) -> dict[str, Any]:
    """`link_status: dead` and `link_checked: YYYY-MM-DD`, written by `newsarchive links`."""
    out: dict[str, Any] = {"link_status": None, "link_checked": None}
    status = data.get("link_status")
    if status is not None and status.value is not None:
        if status.value != LINK_DEAD:
            problem("link_status", f"'link_status' must be '{LINK_DEAD}' (or left out), "
                                   f"got {_plain(status.value)!r}")
        else:
            out["link_status"] = LINK_DEAD
    checked = data.get("link_checked")
    if checked is not None and checked.value is not None:
        raw = checked.value
        try:
            if isinstance(raw, datetime):
                raise ValueError
            out["link_checked"] = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        except ValueError:
            problem("link_checked", f"'link_checked' must be a date like 2026-03-01, "
                                    f"got {_plain(raw)!r}")
    if out["link_status"] and not out["link_checked"] and "link_checked" not in data:
        problem("link_status", "'link_status: dead' without 'link_checked': add the date the "
                               "link was found dead (YYYY-MM-DD)", "warning")
    if out["link_checked"] and not out["link_status"] and "link_status" not in data:
        problem("link_checked", "'link_checked' without 'link_status': remove it, or add "
                                f"'link_status: {LINK_DEAD}'", "warning")
    return out


def _plain(value: Any) -> Any:
    """Strip the line-number wrappers from a parsed YAML value."""
    if isinstance(value, list):
        return [_plain(v.value) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v.value) for k, v in value.items()}
    return value


def parse_page(path: Path, text: str) -> tuple[Article | None, list[Problem]]:
    """Parse one page's text; never raises for bad content, returns the problems instead."""
    parts = split_front_matter(text)
    if parts is None:
        if text.lstrip("\ufeff").split("\n", 1)[0].rstrip() == "---":
            return None, [Problem(path, 1, "front matter is not closed: end the YAML block "
                                           "with a '---' line")]
        return None, [Problem(path, 1, "no front matter: the page must start with a '---' line "
                                       "and the YAML block must end with '---'")]
    front, body, _ = parts
    try:
        data = parse_yaml(front, path, first_line=2)
    except ConfigError as exc:
        return None, [Problem(path, exc.line or 1, exc.message)]
    article, problems = check_front_matter(path, data)
    if article is not None:
        article.body = body.lstrip("\n")
    return article, problems


def read_article(path: Path) -> Article:
    """Read one page; raise ArchiveError naming file and line if it is not a valid article."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ArchiveError(path, None, f"not UTF-8 text ({exc.reason})") from exc
    article, problems = parse_page(Path(path), text)
    if article is None:
        first = next(p for p in problems if p.severity == "error")
        raise ArchiveError(first.path, first.line, first.message)
    return article


def iter_pages(articles_dir: Path) -> Iterator[Path]:
    """Every article page, in a stable order, skipping temp and hidden files."""
    if not articles_dir.is_dir():
        return
    for path in sorted(articles_dir.rglob("*.md")):
        rel = path.relative_to(articles_dir)
        if any(part.startswith(".") for part in rel.parts) or path.name.lower() == "index.md":
            continue
        yield path


@dataclass
class ArchiveLoad:
    """All readable articles, and an error for each page that is not one."""

    articles: list[Article] = field(default_factory=list)
    errors: list[ArchiveError] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # every finding, warnings included


def load_archive(articles_dir: Path) -> ArchiveLoad:
    """Read every page; a bad page is reported with its path and skipped, the rest still load."""
    load = ArchiveLoad()
    for path in iter_pages(Path(articles_dir)):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError) as exc:
            load.errors.append(ArchiveError(path, None, f"cannot read: {exc}"))
            continue
        article, problems = parse_page(path, text)
        load.problems.extend(problems)
        if article is None:
            first = next(p for p in problems if p.severity == "error")
            load.errors.append(ArchiveError(path, first.line, first.message))
        else:
            load.articles.append(article)
    return load


# ---------------------------------------------------------------------------------------------
# Writing


def yaml_value(value: Any) -> Any:
    """A field's value as the page writes it: dates as quoted ISO text, a snapshot as a mapping."""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Snapshot):
        return {"url": value.url, "timestamp": format_datetime(value.timestamp)}
    if isinstance(value, Carrier):
        return {"source": value.source, "url": value.url}
    if isinstance(value, dict) and all(isinstance(v, ArticleText) for v in value.values()):
        return {lang: {k: v for k in TRANSLATION_KEYS if (v := getattr(text, k))}
                for lang, text in value.items()}
    return value


# Written only when false: the default says nothing a reader needs.
_WRITTEN_WHEN_FALSE = ("url_resolved", "headline_seen")


def front_matter(article: Article) -> dict[str, Any]:
    """The YAML mapping for a page, in the documented key order, empty optionals left out.

    A few keys sit beside what they explain, so a person reading the page finds them there:
    `headline_seen: false` under `title` (which is then ours), `carried_by` under `url`, and
    `date_note` under `date_inferred` when that is written, else under `date`.
    """
    out: dict[str, Any] = {}
    for key in FIELDS:
        value = yaml_value(getattr(article, key))
        if key in _WRITTEN_WHEN_FALSE:
            if value is not False:
                continue
        elif key in OPTIONAL and value in (None, [], {}, False):
            continue
        out[key] = value
    for key, after in (("headline_seen", "title"), ("carried_by", "url")):
        if key in out:
            moved = out.pop(key)
            out = dict(_inserted_after(out, after, (key, moved)))
    if "date_note" in out and "date_inferred" not in out:
        note = out.pop("date_note")
        out = dict(_inserted_after(out, "date", ("date_note", note)))
    return out


def _inserted_after(data: dict[str, Any], key: str,
                    item: tuple[str, Any]) -> Iterator[tuple[str, Any]]:
    for pair in data.items():
        yield pair
        if pair[0] == key:
            yield item


class _PageDumper(yaml.SafeDumper):
    """Safe dumper that double-quotes (escapes) text holding YAML line-break characters."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if _YAML_BREAKS.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_PageDumper.add_representer(str, _represent_str)

_CDumper = getattr(yaml, "CSafeDumper", None)
if _CDumper is not None:
    class _FastPageDumper(_CDumper):
        """libyaml's emitter (about 5x faster), used only where it writes the same bytes."""

    _FastPageDumper.add_representer(str, _represent_str)
# Text for which both emitters pick the plain or single-quoted style and write the same bytes.
# Anything else (line breaks, tabs, control characters, a BOM, characters beyond U+FFFF, which
# libyaml escapes) takes the pure-Python emitter, whose double-quoted lines fold differently.
_FAST_YAML_TEXT = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


def _dumper_for(values: Iterable[Any]) -> type[yaml.SafeDumper]:
    for value in values:
        if any(not _FAST_YAML_TEXT.fullmatch(v) for v in _texts(value)):
            return _PageDumper
    return _FastPageDumper if _CDumper is not None else _PageDumper


def _texts(value: Any) -> Iterator[str]:
    """Every string in a value, nested lists and mappings (`translations`) included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)


SCHEMA_COMMENT = "# yaml-language-server: $schema={}\n"


def render_page(article: Article, *, schema_comment: str | None = None) -> str:
    """Front matter (safe dumper) plus body: the exact bytes a page is written with.

    `schema_comment`: the JSON Schema's path relative to the page's folder. When given, the front
    matter opens with a `# yaml-language-server: $schema=...` comment, so editors that read it
    check and explain the fields as a person types (hand-added pages; fetch leaves it off).
    """
    data = front_matter(article)
    yaml_text = yaml.dump(data, Dumper=_dumper_for(data.values()), allow_unicode=True,
                          sort_keys=False, default_flow_style=False, width=100)
    if schema_comment:
        yaml_text = SCHEMA_COMMENT.format(schema_comment) + yaml_text
    body = _SURROGATES.sub("\ufffd", article.body.strip("\n"))
    return f"---\n{yaml_text}---\n\n{body}\n" if body else f"---\n{yaml_text}---\n"


def field_lines(key: str, value: Any) -> list[str]:
    """The front matter lines of one top-level key, as `render_page` writes them."""
    value = yaml_value(value)
    text = yaml.dump({key: value}, Dumper=_dumper_for([value]), allow_unicode=True,
                     sort_keys=False, default_flow_style=False, width=100)
    return text.rstrip("\n").split("\n")


def with_fields(path: Path, text: str, changes: Mapping[str, Any]) -> str:
    """`text` with the top-level front matter keys in `changes` set (None: removed); every other
    byte, comments and a person's formatting included, stays as it was (pure).

    A key already there is replaced where it stands; a new one goes at the end of the front
    matter. Raises ArchiveError when the page has no front matter, or when the result would
    read back differently in any other field (then the page needs a person, not a tool).
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text[len(bom):].split("\n")
    eol = "\r" if lines[0].endswith("\r") else ""  # a page saved with CRLF keeps CRLF
    if lines[0].rstrip() != "---":
        raise ArchiveError(path, 1, "no front matter to update")
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        raise ArchiveError(path, 1, "front matter is not closed: cannot update it")
    front = lines[1:close]
    spans = _key_spans(path, front)
    edits: list[tuple[tuple[int, int], list[str]]] = []
    appended: list[str] = []
    for key, value in changes.items():
        new = [] if value is None else [line + eol for line in field_lines(key, value)]
        if key in spans:
            edits.append((spans[key], new))
        else:
            appended += new
    for (start, end), new in sorted(edits, key=lambda e: e[0], reverse=True):
        front[start:end] = new
    result = bom + "\n".join([lines[0], *front, *appended, *lines[close:]])
    _check_only_changed(path, text, result, changes)
    return result


def _key_spans(path: Path, front: list[str]) -> dict[str, tuple[int, int]]:
    """For each top-level key, the lines (start, end exclusive) its key and value take."""
    try:
        root = yaml.compose("\n".join(front), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ArchiveError(path, None, f"cannot update: invalid YAML: {exc}") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise ArchiveError(path, 2, "cannot update: the front matter is not a mapping")
    spans: dict[str, tuple[int, int]] = {}
    for key_node, value_node in root.value:
        start, mark = key_node.start_mark.line, value_node.end_mark
        end = mark.line if mark.column == 0 else mark.line + 1
        if not (isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">")):
            # A block value ends where the next key begins: blank and comment lines before
            # that key are not part of it.
            while end > start + 1 and (not front[end - 1].strip()
                                       or front[end - 1].lstrip().startswith("#")):
                end -= 1
        spans[str(key_node.value)] = (start, end)
    return spans


def _check_only_changed(path: Path, before: str, after: str, changes: Mapping[str, Any]) -> None:
    def fields(text: str) -> dict[str, Any]:
        parts = split_front_matter(text)
        data = parse_yaml(parts[0], path, first_line=2) if parts else {}
        return {k: _plain(v.value) for k, v in data.items()}

    old, new = fields(before), fields(after)
    expected = {k: v for k, v in old.items() if k not in changes}
    expected.update({k: yaml_value(v) for k, v in changes.items() if v is not None})
    body = split_front_matter(before), split_front_matter(after)
    order = [k for k in old if k in new] + [k for k in new if k not in old]
    if new != expected or list(new) != order or (body[0] and body[1]
                                                 and body[0][1] != body[1][1]):
        raise ArchiveError(path, None, "cannot update the front matter without changing other "
                                       f"fields ({', '.join(changes)}): edit the page by hand")


def update_page(path: Path, changes: Mapping[str, Any]) -> bool:
    """Set (None: remove) a few front matter keys of an existing page; False if nothing changed.

    Everything else in the page stays byte for byte, so a person's edits are kept, never
    overwritten. The new text is written to a temp file, flushed, then renamed over the page
    (never half a page); if the page changed while this ran, it is left as it is.
    """
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArchiveError(path, None, f"not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise ArchiveError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    new = with_fields(path, text, changes)
    if new == text:
        return False
    try:
        tmp = _write_temp(path, new)
        try:
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
            if path.read_bytes() != text.encode("utf-8"):
                raise ArchiveError(path, None, "changed while being updated: left as it is")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise ArchiveError(path, None, f"cannot update page: {exc.strerror or exc}") from exc
    _fsync_dir(path.parent)
    return True


def slugify(title: str, fallback: str) -> str:
    """ASCII slug of bounded length; never empty, never a path, never a reserved device name."""
    text = unicodedata.normalize("NFKD", title.translate(_TRANSLITERATE))
    ascii_text = text.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug[:SLUG_MAX]
        at_word_end = slug[SLUG_MAX] == "-"
        slug = cut.rsplit("-", 1)[0] if not at_word_end and "-" in cut[SLUG_MAX // 2:] else cut
        slug = slug.strip("-")
    if not slug:
        slug = "-".join(filter(None, ("article", _id_part(fallback))))
    if slug in RESERVED_NAMES:
        slug += "-article"
    return slug


def page_dir(articles_dir: Path, article: Article) -> Path:
    if article.date is None:
        return articles_dir / UNDATED_DIR
    return articles_dir / f"{article.date.year:04d}" / f"{article.date.month:02d}"


def _id_part(article_id: str) -> str:
    """Up to 12 characters of an id that are safe in a file name (ids of hand-added pages vary)."""
    return re.sub(r"[^a-z0-9]", "", article_id.lower())[:12]


def _slug_text(article: Article) -> str:
    """The headline the file name is made from: the English rendering when the original is
    mostly in a non-Latin script, which an ASCII slug would reduce to "gpt-4o" or nothing.

    "Mostly" by letters or by words: a Korean headline has few letters per word, so
    "OpenAI, GPT-4o 등 구형 모델 단계적 퇴장" is half Latin by letters but not by words.
    """
    if not article.title_en:
        return article.title
    letters = [c for c in article.title if c.isalpha()]
    words = _LETTER_RUN.findall(article.title)
    latin_letters = sum(_is_latin(c) for c in letters)
    latin_words = sum(_is_latin(w[0]) for w in words)
    if latin_letters * 2 < len(letters) or latin_words * 2 < len(words):
        return article.title_en
    return article.title


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _is_latin(char: str) -> bool:
    return unicodedata.normalize("NFKD", char)[0].isascii()


def page_path(articles_dir: Path, article: Article) -> Path:
    """Where a new page goes; a slug already taken by another page gets the article id appended.

    If that name is taken too (a page a person added, or a race), a counter follows the id.
    """
    folder = page_dir(articles_dir, article)
    slug = slugify(_slug_text(article), article.id)
    suffix = "-".join(filter(None, (slug, _id_part(article.id))))
    candidates = [slug, suffix, *(f"{suffix}-{n}" for n in range(2, 100))]
    for name in candidates:
        path = folder / f"{name}.md"
        if not path.exists():
            return path
    return path


def _write_temp(path: Path, text: str) -> Path:
    """Write `text` to a hidden temp file beside `path`, flushed to disk; return the temp path."""
    _make_dirs(path.parent)
    tmp = path.parent / f"{TEMP_PREFIX}{os.getpid()}-{path.name}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _make_dirs(folder: Path) -> None:
    """`mkdir -p`, flushing each parent that gains a folder: a page's durable name is no use
    if a power cut can lose the new `YYYY/MM` folder that holds it."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for new in reversed(missing):
        try:
            new.mkdir()
        except FileExistsError:
            continue  # made meanwhile by another writer, which flushes it
        _fsync_dir(new.parent)


def write_new(path: Path, text: str, *, sync_dir: bool = True) -> None:
    """Atomically create `path` with `text`; raise FileExistsError rather than replace anything.

    The page is written to a hidden temp file, flushed to disk, then hard-linked into place:
    a link never replaces an existing file, and a crash leaves either nothing or a whole page.
    `sync_dir=False` leaves flushing the folder's entry to the caller (`sync_dirs`, once for a
    batch of pages): until then a power cut may lose the new name, never half a page.
    """
    tmp = _write_temp(path, text)
    try:
        os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    if sync_dir:
        _fsync_dir(path.parent)


def write_replace(path: Path, text: str) -> None:
    """Atomically write `path`, replacing it: for files the tool owns (state, config lists)."""
    tmp = _write_temp(path, text)
    try:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def sync_dirs(folders: Iterable[Path]) -> None:
    """Flush the entries of folders that `write_new(..., sync_dir=False)` added pages to.

    Call it before recording anything that assumes those pages are on disk (feed state).
    """
    for folder in sorted(set(folders)):
        _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_article(articles_dir: Path, article: Article, *,
                  schema_comment: str | None = None, sync_dir: bool = True) -> Path:
    """Write a new page for `article` and return its path; existing pages are never touched.

    `sync_dir=False`: the caller flushes the page's folder later with `sync_dirs`.
    """
    text = render_page(article, schema_comment=schema_comment)
    for _ in range(3):
        path = page_path(articles_dir, article)
        try:
            write_new(path, text, sync_dir=sync_dir)
        except FileExistsError:
            continue  # another page took the name between the check and the link: pick again
        except OSError as exc:
            raise ArchiveError(path, None, f"cannot write page: {exc.strerror or exc}") from exc
        article.path = path
        return path
    raise ArchiveError(path, None, "cannot find a free file name for this page")


def remove_stale_temp_files(articles_dir: Path, max_age: float = 0.0) -> int:
    """Delete temp files a killed run left behind (only call while holding the archive lock)."""
    removed = 0
    if not articles_dir.is_dir():
        return 0
    now = time.time()
    for tmp in articles_dir.rglob(f"{TEMP_PREFIX}*"):
        try:
            if now - tmp.stat().st_mtime >= max_age:
                tmp.unlink()
                removed += 1
        except FileNotFoundError:
            pass
    return removed


# ---------------------------------------------------------------------------------------------
# Locking


class LockBusy(Exception):
    """Another process holds the archive lock."""


@contextmanager
def archive_lock(lock_path: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock so two fetches never interleave writes.

    `flock` is released by the kernel when the process dies, even by SIGKILL: no stale locks.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
                    who = f" by process {holder}" if holder else ""
                    raise LockBusy(f"another run holds the archive lock{who} ({lock_path}); "
                                   "wait for it or use --wait SECONDS") from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
