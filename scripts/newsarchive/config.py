"""Load and check the project's configuration in `feeds/`.

Every problem is reported as `file:line: key.path: what is wrong`, so a contributor who broke a
YAML file by pull request knows exactly where to look. Nothing is written while loading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .model import (
    Event,
    EventText,
    Project,
    Rejection,
    Source,
    Tag,
    TagText,
    TopicRules,
    Unverified,
)

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# BCP 47, the subset used in practice: language, optional script, optional region.
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
DEFAULT_EXCERPT_WORDS = 150
DEFAULT_LINK_RETRY_DAYS = 3
DEFAULT_GOOGLE_NEWS_URL = "https://news.google.com"


class ConfigError(Exception):
    """A configuration file is missing, unparsable, or holds a bad value."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


class YamlNode:
    """A YAML value with the line it came from (1-based)."""

    __slots__ = ("value", "line")

    def __init__(self, value: Any, line: int):
        self.value, self.line = value, line


# What a value that YAML reads as a typed scalar should have been, for the error message.
_SCALAR_KINDS = {"timestamp": "a real date", "int": "a whole number", "float": "a number",
                 "bool": "true or false", "binary": "base64 data", "null": "null"}
# Tagged collections PyYAML builds as sets and lists of pairs: no file here has a use for them,
# and they would reach the checks as types no field expects.
_REFUSED_TAGS = ("set", "omap", "pairs")


class _BadValue(yaml.constructor.ConstructorError):
    """A value YAML could parse but not build; its message needs no "invalid YAML" prefix."""


def _bad_value(node: yaml.Node, exc: Exception) -> str:
    """'2026-02-30' is not a real date (day is out of range for month): write ..."""
    kind = node.tag.rsplit(":", 1)[-1]
    wanted = _SCALAR_KINDS.get(kind, f"a valid !!{kind} value")
    # repr: a value holding a line break or a control character still prints on one line.
    shown = repr(node.value[:60]) if isinstance(node.value, str) else "this value"
    if kind != "timestamp":
        return f"{shown} is not {wanted}"
    why = f" ({exc})" if isinstance(exc, ValueError) and str(exc) else ""
    return (f"{shown} is not {wanted}{why}: write a date that exists, such as "
            "'2026-02-13T09:30:00Z'")


class _CheckedValues:
    """A loader mixin: a value YAML cannot build (an impossible date written without quotes,
    `!!int abc`, `!!bool maybe`) raises a YAML error marked with its line. PyYAML lets the
    ValueError or KeyError of its constructors escape, unmarked, to whoever called `load`."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as exc:  # noqa: BLE001 - any constructor failure is the value's fault
            raise _BadValue(None, None, _bad_value(node, exc), node.start_mark) from exc


def _refuse_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise _BadValue(None, None, f"'!!{node.tag.rsplit(':', 1)[-1]}' is not allowed here: "
                                "write a plain list or mapping", node.start_mark)


class _LineLoader(_CheckedValues, yaml.SafeLoader):
    """Safe loader that wraps every mapping and sequence item in `YamlNode` to keep line numbers.

    Aliases (`*name`) are refused: no file here needs them, and a few nested ones expand into
    billions of values once walked (the "billion laughs" attack) in a page submitted for review.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"aliases such as '*{event.anchor}' are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    out: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool, date)) and key is not None:
            raise yaml.MarkedYAMLError(
                problem="a key must be plain text", problem_mark=key_node.start_mark
            )
        if key in out:
            raise yaml.MarkedYAMLError(
                problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
            )
        value = loader.construct_object(value_node, deep=True)
        out[key] = YamlNode(value, key_node.start_mark.line + 1)
    return out


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> list:
    return [
        YamlNode(loader.construct_object(child, deep=True), child.start_mark.line + 1)
        for child in node.value
    ]


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
for _tag in _REFUSED_TAGS:
    _LineLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)

# libyaml's parser, with the same constructors: about 4x faster than the pure-Python parser,
# which is most of a 10,000-page build's reading time. It cannot refuse aliases while
# composing, so `_fast_load` checks the composed graph instead.
_CLoader = getattr(yaml, "CSafeLoader", None)
if _CLoader is not None:
    class _FastLineLoader(_CheckedValues, _CLoader):
        """C-parsed twin of `_LineLoader` (same `YamlNode` wrapping, same line numbers)."""

    _FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                    _construct_mapping)
    _FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                                    _construct_sequence)
    for _tag in _REFUSED_TAGS:
        _FastLineLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


class _Refused(Exception):
    """The fast path declines a document; the pure loader decides (and words any error)."""


def _fast_load(text: str) -> Any:
    """Parse with libyaml; raise `_Refused` (or anything) when the pure loader must decide.

    Whatever goes wrong here (a syntax error, a duplicate key, a lone surrogate libyaml cannot
    take, an alias) is not reported from here: `parse_yaml` re-parses with `_LineLoader`,
    whose messages and line numbers are the documented ones and whose verdict is final.
    """
    if _CLoader is None:
        raise _Refused
    loader = _FastLineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text:  # no alias without a '*'
            _refuse_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _refuse_aliases(root: yaml.Node) -> None:
    """An alias makes libyaml hand back the anchored node again: a node seen twice is one."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise _Refused
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def parse_yaml(text: str, path: Path, *, first_line: int = 1) -> dict[str, YamlNode]:
    """Parse YAML safely, keeping each key's line (offset by `first_line` for front matter).

    libyaml parses first; anything it refuses or fails on is parsed again by the pure-Python
    loader, which gives the precise `file:line:` message (or reads what libyaml cannot, such
    as an escaped lone surrogate).
    """
    try:
        data = _fast_load(text)
    except Exception:  # noqa: BLE001 - the pure loader below decides and explains
        data = _pure_load(text, path, first_line)
    return _top_mapping(data, path, first_line)


def _pure_load(text: str, path: Path, first_line: int) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + first_line if mark else None
        message = exc.problem if isinstance(exc, _BadValue) else f"invalid YAML: {exc.problem}"
        if exc.context and exc.context_mark and exc.context_mark.line != (mark and mark.line):
            message += f" ({exc.context} on line {exc.context_mark.line + first_line})"
        raise ConfigError(path, line, message) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(path, None, f"invalid YAML: {exc}") from exc
    except RecursionError:
        raise ConfigError(path, None, "invalid YAML: nested too deeply") from None


def _top_mapping(data: Any, path: Path, first_line: int) -> dict[str, YamlNode]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(path, first_line, "expected a mapping at the top level")
    if first_line != 1:
        _shift(data, first_line - 1)
    return data


def _shift(value: Any, by: int) -> None:
    for node in value.values() if isinstance(value, dict) else value:
        node.line += by
        if isinstance(node.value, (dict, list)):
            _shift(node.value, by)


def load_yaml(path: Path, *, required: bool) -> dict[str, YamlNode] | None:
    """A YAML file's top mapping with line numbers; None for a missing optional file. Every
    failure is a ConfigError naming the file (and the line, for bad YAML)."""
    if not path.exists():
        if required:
            raise ConfigError(path, None, "file not found")
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, None, f"not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    return parse_yaml(text, path)


@dataclass
class _Fields:
    """Typed access to one mapping of a config file, with errors that name file, line and key."""

    path: Path
    where: str  # key path from the top of the file, e.g. "sources[2]"; "" for the top itself
    line: int
    data: dict[str, YamlNode]

    def error(self, key: str | None, message: str) -> ConfigError:
        node = self.data.get(key) if key else None
        line = node.line if node else self.line
        name = _key_path(self.where, key) if key else self.where
        return ConfigError(self.path, line, f"{name}: {message}")

    def only(self, *allowed: str) -> None:
        for key in self.data:
            if key not in allowed:
                raise self.error(key, f"unknown key (allowed: {', '.join(allowed)})")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., *, empty_ok=True):
        node = self.data.get(key)
        if node is None or node.value is None:
            if default is ...:
                raise self.error(None, f"missing required key '{key}'")
            return default
        value = node.value
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(key, f"expected {_kind_name(kind)}, got {_kind_name(type(value))}")
        if isinstance(value, str):
            value = value.strip()
            if not value and not empty_ok:
                raise self.error(key, "must not be empty")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        items = self.get(key, list, [])
        out = []
        for i, item in enumerate(items):
            if not isinstance(item.value, str) or not item.value.strip():
                raise ConfigError(self.path, item.line,
                                  f"{_key_path(self.where, key)}[{i}]: expected text")
            out.append(item.value.strip())
        return tuple(out)

    def ident(self, key: str = "id") -> str:
        value = self.get(key, str)
        if not ID_RE.match(value):
            raise self.error(key, f"'{value}' must be lowercase letters, digits and '-'")
        return value


def _key_path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else str(key)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list",
             dict: "a mapping", float: "a number", type(None): "nothing", date: "a date"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def _items(path: Path, data: dict[str, YamlNode] | None, key: str) -> list[_Fields]:
    """The mappings listed under `key`, each wrapped for typed access."""
    if data is None:
        return []
    top = _Fields(path, "", 1, data)
    top.only(key)  # a misspelt top-level key would otherwise load as an empty list
    out = []
    for i, node in enumerate(top.get(key, list, [])):
        if not isinstance(node.value, dict):
            raise ConfigError(path, node.line, f"{key}[{i}]: expected a mapping")
        out.append(_Fields(path, f"{key}[{i}]", node.line, node.value))
    return out


def _unique(items: list[tuple[str, _Fields]]) -> None:
    seen: set[str] = set()
    for value, fields in items:
        if value in seen:
            raise fields.error("id", f"duplicate id '{value}'")
        seen.add(value)


def load_sources(path: Path) -> list[Source]:
    items = _items(path, load_yaml(path, required=True), "sources")
    sources = []
    for f in items:
        f.only("id", "name", "url", "lang", "whole_feed")
        url = f.get("url", str)
        if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
            raise f.error("url", f"'{url}' is not an http(s) URL")
        sources.append(
            Source(id=f.ident(), name=f.get("name", str, empty_ok=False), url=url,
                   lang=_lang(f, "lang"), whole_feed=f.get("whole_feed", bool, False))
        )
    _unique([(s.id, f) for s, f in zip(sources, items, strict=True)])
    return sources


def _lang(f: _Fields, key: str) -> str | None:
    value = f.get(key, str, None)
    if value is not None and not LANG_RE.match(value):
        raise f.error(key, f"'{value}' is not a BCP 47 language tag such as 'en' or 'fr-FR'")
    return value


def load_rules(path: Path) -> TopicRules:
    data = load_yaml(path, required=True)
    top = _Fields(path, "", 1, data)
    top.only("include", "exclude")
    include = top.strings("include")
    if not include:
        raise top.error("include", "must list at least one keyword")
    return TopicRules(include=include, exclude=top.strings("exclude"))


def load_tags(path: Path) -> dict[str, Tag]:
    items = _items(path, load_yaml(path, required=False), "tags")
    tags = []
    for f in items:
        f.only("id", "label", "description", "keywords", "translations")
        tags.append(Tag(id=f.ident(), label=f.get("label", str, empty_ok=False),
                        description=f.get("description", str, ""), keywords=f.strings("keywords"),
                        translations=_translations(f, ("label", "description"), TagText)))
    _unique([(t.id, f) for t, f in zip(tags, items, strict=True)])
    return {t.id: t for t in tags}


def load_events(path: Path) -> dict[str, Event]:
    items = _items(path, load_yaml(path, required=False), "events")
    events = []
    for f in items:
        f.only("id", "date", "precision", "date_note", "era", "title", "description",
               "translations")
        precision = f.get("precision", str, "day")
        if precision not in ("day", "month", "approximate"):
            raise f.error("precision", f"'{precision}' must be day, month or approximate")
        events.append(Event(
            id=f.ident(), date=_event_date(f, precision), precision=precision,
            date_note=f.get("date_note", str, ""), era=f.get("era", str, ""),
            title=f.get("title", str, empty_ok=False), description=f.get("description", str, ""),
            translations=_translations(f, ("title", "description", "date_note", "era"),
                                       EventText),
        ))
    _unique([(e.id, f) for e, f in zip(events, items, strict=True)])
    return {e.id: e for e in sorted(events, key=lambda e: e.date)}


def _translations(f: _Fields, keys: tuple[str, ...], kind: type) -> dict:
    """`translations:` maps a language tag to the same entry's words in that language (`keys`,
    the first of them required), read into `kind` (TagText, EventText)."""
    out: dict = {}
    for lang, node in f.get("translations", dict, {}).items():
        where = _key_path(f.where, f"translations.{lang}")
        if not isinstance(lang, str) or not LANG_RE.match(lang):
            raise ConfigError(f.path, node.line, f"{where}: '{lang}' is not a language tag "
                              "such as 'fr'")
        if not isinstance(node.value, dict):
            raise ConfigError(f.path, node.line, f"{where}: expected a mapping")
        t = _Fields(f.path, where, node.line, node.value)
        t.only(*keys)
        out[lang] = kind(**{key: t.get(key, str, empty_ok=False) if n == 0 else
                            t.get(key, str, "") for n, key in enumerate(keys)})
    return out


def _event_date(f: _Fields, precision: str) -> date:
    raw = f.get("date", (str, date))
    if isinstance(raw, datetime):  # a date with a time of day: events are dated by day at most
        raise f.error("date", f"'{raw}' has a time of day: write the date alone (YYYY-MM-DD)")
    if isinstance(raw, date):
        return raw
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", raw)
    try:
        if not m:
            raise ValueError
        if m.group(3) is None and precision == "day":
            raise f.error("date", f"'{raw}' gives no day: use precision 'month' or 'approximate'")
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        raise f.error("date", f"'{raw}' is not a date (YYYY-MM-DD or YYYY-MM)") from None


def load_rejected(path: Path) -> list[Rejection]:
    out = []
    for f in _items(path, load_yaml(path, required=False), "rejected"):
        f.only("url", "id", "reason", "date")
        rejection = Rejection(url=f.get("url", str, None), id=f.get("id", str, None),
                              reason=f.get("reason", str, ""))
        if not rejection.url and not rejection.id:
            raise f.error(None, "give the rejected article's 'url' or 'id'")
        out.append(rejection)
    return out


def load_unverified(path: Path) -> list[Unverified]:
    """feeds/unverified.yml: real articles about the story not archived because a fact a page
    needs (their date, mostly) could not be established. A missing file is an empty list."""
    out: list[Unverified] = []
    seen_urls: dict[str, int] = {}
    for f in _items(path, load_yaml(path, required=False), "unverified"):
        f.only("url", "source", "lang", "missing", "seen")
        url = f.get("url", str, empty_ok=False)
        if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
            raise f.error("url", f"'{url}' is not an http(s) URL")
        if url in seen_urls:
            raise f.error("url", f"'{url}' is listed already (line {seen_urls[url]})")
        seen_urls[url] = f.data["url"].line
        lang = f.get("lang", str, empty_ok=False)
        if lang != "und" and not LANG_RE.match(lang):
            raise f.error("lang", f"'{lang}' is not a BCP 47 language tag such as 'en' or "
                                  "'pt-BR' (use 'und' when unknown)")
        out.append(Unverified(url=url, source=f.get("source", str, empty_ok=False), lang=lang,
                              missing=f.get("missing", str, empty_ok=False),
                              seen=_day(f, "seen")))
    return out


def _day(f: _Fields, key: str) -> date:
    """A day, YYYY-MM-DD (quoted or not)."""
    raw = f.get(key, (str, date))
    if isinstance(raw, datetime):
        raise f.error(key, f"'{raw}' has a time of day: write the date alone (YYYY-MM-DD)")
    if isinstance(raw, date):
        return raw
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise f.error(key, f"'{raw}' is not a date (YYYY-MM-DD)") from None


def load_project(root: Path) -> Project:
    """Read every file under `root/feeds/`; raise ConfigError on the first problem."""
    root = Path(root).resolve()
    feeds = root / "feeds"
    if not feeds.is_dir():
        raise ConfigError(feeds, None, "no feeds/ folder: pass --root DIR or run from the project")
    settings_path = feeds / "settings.yml"
    settings = _Fields(settings_path, "", 1, load_yaml(settings_path, required=False) or {})
    settings.only("title", "excerpt_words", "archive_copies", "link_retry_days",
                  "google_news_url")
    words = settings.get("excerpt_words", int, DEFAULT_EXCERPT_WORDS)
    if words < 10:
        raise settings.error("excerpt_words", "must be at least 10")
    retry_days = settings.get("link_retry_days", int, DEFAULT_LINK_RETRY_DAYS)
    if retry_days < 0:
        raise settings.error("link_retry_days", "must be 0 or more")
    google = settings.get("google_news_url", str, DEFAULT_GOOGLE_NEWS_URL, empty_ok=False)
    if not re.match(r"^https?://[^\s/]+/?$", google, re.IGNORECASE):
        raise settings.error("google_news_url", f"'{google}' is not an http(s) address of a "
                                                "site (scheme and host, no path)")
    return Project(
        root=root,
        sources=load_sources(feeds / "sources.yml"),
        rules=load_rules(feeds / "topics.yml"),
        tags=load_tags(feeds / "tags.yml"),
        events=load_events(feeds / "events.yml"),
        rejected=load_rejected(feeds / "rejected.yml"),
        excerpt_words=words,
        title=settings.get("title", str, "News archive"),
        archive_copies=settings.get("archive_copies", bool, True),
        link_retry_days=retry_days,
        google_news_url=google.rstrip("/"),
        unverified=load_unverified(feeds / "unverified.yml"),
    )
