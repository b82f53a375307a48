"""Parse: feed bytes (RSS 2.0, RSS 1.0, Atom, JSON Feed) into normalised `Entry` objects.

feedparser reads the XML formats and copes with broken feeds and wrong encodings; JSON Feed
(which feedparser 6.0 does not read) has its own small adapter. Both adapters fill the same
`_Item`, and one function turns an `_Item` into an `Entry`: plain-text title, canonical URL,
stable id, a UTC date (or the fetch time, marked as inferred), a language.

feedparser only ever gets bytes wrapped in a stream: given a string it may open a file or a
URL, and all network access belongs to the fetch stage.
"""

from __future__ import annotations

import calendar
import codecs
import email.utils
import html
import io
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from urllib.parse import urljoin

import charset_normalizer
import feedparser

from .model import Entry, Source
from .sanitize import html_to_text
from .urls import UrlError, article_id, canonical_or, canonical_url, identity_key

# A date further ahead of "now" than this is a feed bug (or a time zone typo), not news.
FUTURE_SLACK = timedelta(days=1)
# Below this many characters, language detection is a guess: leave lang empty instead.
MIN_DETECT_CHARS = 20
# ... and below this confidence (py3langid's normalised probability).
MIN_DETECT_CONFIDENCE = 0.5
JSON_FEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/1(\.\d+)?/?$")

_LANG = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|\d{3}))?(?:[-_].*)?$", re.I)
_NOT_A_LANGUAGE = {"und", "mul", "zxx", "mis"}
# Words of an untitled entry's text that make our description of it (its page's title).
DESCRIPTION_WORDS = 10
# An HTML field longer than this is cut (with a warning). Pages keep a short excerpt, and the
# sanitizer's HTML parser slows down quadratically on deeply nested markup: an uncut 1 MB field
# of nested <div>s would take minutes per entry.
MAX_FIELD_CHARS = 100_000
# The start of an XML declaration naming its encoding, and a charset in a Content-Type.
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", re.I)
# The same declaration as text, to rewrite its encoding once the text is UTF-8.
_XML_DECL_ENCODING = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[A-Za-z0-9._-]+\2")
# What a wrong character encoding leaves in text: the replacement character, C1 controls, and
# UTF-8 read as windows-1252 or Latin-1 ("Ã©", "Â«", "â€™", "â€”").
_GARBLED = re.compile("[\ufffd\x80-\x9f]|[\u00c2\u00c3][\u00a0-\u00bf]|\u00e2\u20ac"
                      "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                      "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
                      "\u2039\u203a\u20ac\u2122]")
# Byte order marks, the longer first: UTF-32 LE's begins with UTF-16 LE's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# A UTF-8 letter of the Latin-1 Supplement between two ASCII letters ("r\xc3\xa9v"): Latin text
# in UTF-8. Legacy encodings of other scripts almost never put those bytes between letters.
_UTF8_IN_LATIN_WORDS = re.compile(rb"[A-Za-z][\xc2-\xdf][\x80-\xbf][A-Za-z]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                             rb"[\xf0-\xf4][\x80-\xbf]{3}")
# Start and end tags of an entry (RSS 2.0 and 1.0 <item>, Atom <entry>, with any prefix).
_ENTRY_START = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)(?:\s[^<>]*)?(?<!/)>")
_ENTRY_END = re.compile(r"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>")
# feedparser flags these, but they say nothing about the content.
_HARMLESS_BOZO = (feedparser.NonXMLContentType,)
_ENCODING_BOZO = (feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown)


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: bytes that are not UTF-8 are read as windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("newsarchive-cp1252", _cp1252_bytes)


class ParseError(Exception):
    """A body that is not a feed at all, or one so broken that no entry could be read."""


@dataclass
class ParsedFeed:
    title: str
    lang: str | None
    entries: list[Entry]
    warnings: list[str] = field(default_factory=list)
    # The document ended inside an entry (a transfer cut short): that entry was skipped, and
    # the feed's validators must not be kept, or the next run would get a 304 for it.
    cut_off: bool = False


@dataclass
class _Item:
    """One entry as a format adapter found it, before normalisation."""

    # Titles are read as HTML whatever the feed declares: tags go, entities are decoded (feeds
    # that escape twice are common; a headline that means a literal "<b>" is not).
    title_html: str = ""
    link: str | None = None
    guid: str | None = None
    published: datetime | None = None
    published_text: str | None = None
    updated: datetime | None = None
    updated_text: str | None = None
    langs: list[str | None] = field(default_factory=list)  # most specific first
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    summary_html: str = ""
    content_html: str = ""
    source_name: str | None = None
    source_url: str | None = None


@dataclass
class _Feed:
    title: str = ""
    lang: str | None = None
    items: list[_Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cut_off: bool = False
    # No character encoding reads the bytes cleanly: text outside ASCII is a guess.
    doubtful: bool = False


def parse_feed(
    body: bytes,
    source: Source,
    *,
    fetched_at: datetime,
    content_type: str | None = None,
    now: datetime | None = None,
) -> ParsedFeed:
    """Parse one fetched feed. Raises ParseError when `body` is not a feed.

    Entries that cannot be used (no title nor text, no http(s) link, a duplicate, one the
    document ends inside, a headline that cannot be decoded cleanly) are skipped; an entry
    without a title but with text is kept under our description (`headline_seen` false).
    Every skip or repair is reported in `warnings`, each naming the feed and the entry.
    """
    fetched_at = _as_utc(fetched_at)
    now = _as_utc(now) if now is not None else fetched_at
    if not body or not body.strip():
        raise ParseError(f"feed {source.id}: empty response body, not a feed")
    if _looks_like_json(body):
        raw = _read_json_feed(body, source)
    else:
        raw = _read_xml_feed(body, source, content_type)

    feed_lang = normalise_lang(raw.lang)
    warnings = list(raw.warnings)
    entries: list[Entry] = []
    by_guid: dict[str, Entry] = {}
    seen_urls: set[str] = set()
    for number, item in enumerate(raw.items, start=1):
        entry = _to_entry(item, number, source, feed_lang, fetched_at, now, warnings,
                          doubtful=raw.doubtful)
        if entry is None:
            continue
        label = _label(item, number)
        prefix = f"feed {source.id}: entry {label}"
        key = identity_key(entry.url, canonical=True)
        if key in seen_urls:
            warnings.append(f"{prefix}: same URL as an earlier entry ({entry.url}); skipped")
            continue
        # A GUID is the feed's word, and feeds reuse them by mistake: only the link says which
        # article an entry is. Same GUID and same headline: the article moved, keep the first.
        earlier = by_guid.get(entry.guid) if entry.guid else None
        if earlier is not None:
            if earlier.title.casefold() == entry.title.casefold():
                warnings.append(f"{prefix}: same guid and title as an earlier entry, new link "
                                f"{entry.url}; skipped")
                continue
            warnings.append(f"{prefix}: same guid {entry.guid!r} as {earlier.title!r} "
                            f"({earlier.url}), but another link and title: both kept")
        elif entry.guid:
            by_guid[entry.guid] = entry
        seen_urls.add(key)
        entries.append(entry)
    return ParsedFeed(title=html_to_text(raw.title), lang=feed_lang, entries=entries,
                      warnings=warnings, cut_off=raw.cut_off)


# --- XML: RSS 2.0, RSS 1.0, Atom, through feedparser ---------------------------------------


def _read_xml_feed(body: bytes, source: Source, content_type: str | None) -> _Feed:
    decoded = _decode(body, content_type)
    body, content_type, repaired = decoded.body, decoded.content_type, decoded.repaired
    headers = {"content-location": source.url}
    if content_type:
        headers["content-type"] = content_type
    # A stream, never a str: feedparser would treat a str as a path or URL and open it.
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers=headers,
        resolve_relative_uris=True,
        sanitize_html=True,  # defence in depth; sanitize.py runs later regardless
    )
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, _HARMLESS_BOZO):
        problem = None
    if not parsed.entries:
        if not parsed.get("version"):
            why = f" ({_describe(problem)})" if problem else ""
            raise ParseError(f"feed {source.id}: not an RSS, Atom or JSON feed; it looks like "
                             f"{_sniff(body)}{why}")
        if problem is not None:
            raise ParseError(f"feed {source.id}: broken feed, no entry could be recovered: "
                             f"{_describe(problem)}") from problem
    feed = _Feed(title=parsed.feed.get("title", ""), lang=parsed.feed.get("language"),
                 doubtful=decoded.doubtful)
    if decoded.note:
        feed.warnings.append(f"feed {source.id}: {decoded.note}")
    if repaired:
        feed.warnings.append(f"feed {source.id}: mixed character encodings: {repaired} byte(s) "
                             "that are not UTF-8 in a UTF-8 feed were read as windows-1252")
    if problem is not None:
        if isinstance(problem, _ENCODING_BOZO):
            what = f"character encoding problem, read as {parsed.get('encoding')}"
        else:
            what = "malformed feed, recovered what could be read"
        feed.warnings.append(f"feed {source.id}: {what} ({len(parsed.entries)} entries): "
                             f"{_describe(problem)}")
    feed.items = [_xml_item(e) for e in parsed.entries]
    if parsed.get("bozo") and feed.items and _ends_inside_entry(body, parsed.get("encoding")):
        # feedparser keeps what it read of the last entry, which looks whole: a title and a
        # link, with its text missing or cut mid-sentence. The next fetch brings it entire.
        cut = feed.items.pop()
        feed.cut_off = True
        feed.warnings.append(f"feed {source.id}: entry {_label(cut, len(feed.items) + 1)}: "
                             "the document ends inside this entry (cut off in transfer?); "
                             "skipped")
    return feed


def _ends_inside_entry(body: bytes, encoding: str | None) -> bool:
    """Whether the document stops before its last entry's end tag (a cut-off transfer).

    Only asked of documents feedparser flagged as malformed: a well-formed one closes every
    entry. The last entry start tag must be followed by an entry end tag.
    """
    try:
        text = body.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    starts = [m.end() for m in _ENTRY_START.finditer(text)]
    return bool(starts) and _ENTRY_END.search(text, starts[-1]) is None


@dataclass
class _Decoded:
    """The bytes feedparser is given, with the Content-Type to match, and what was done."""

    body: bytes
    content_type: str | None
    note: str | None = None  # a warning: the encoding was detected, or bytes were replaced
    repaired: int = 0  # stray windows-1252 bytes in a UTF-8 feed, read as such
    doubtful: bool = False  # no encoding reads the bytes cleanly (feedparser guesses)


def _decode(body: bytes, content_type: str | None) -> _Decoded:
    """How a feed's bytes become text, decided before feedparser reads them.

    1. A byte order mark decides (RFC 7303, whatever the Content-Type or the XML declaration
       says): UTF-8, UTF-16 or UTF-32, handed on as UTF-8.
    2. A UTF-8 feed with a few stray windows-1252 bytes is repaired (`_repair_mixed_utf8`).
    3. A declared encoding that reads the bytes, or UTF-8 when none is declared, is left to
       feedparser's own rules.
    4. Otherwise (nothing declared and not UTF-8, or no declared encoding reads the bytes) the
       encoding is detected by charset-normalizer: text in one non-Latin writing system
       (KOI8-R, Shift_JIS, EUC-KR...) is handed on as UTF-8, with a warning; Latin text is left
       to feedparser's fallback, windows-1252. When nothing reads the bytes, or what does mixes
       writing systems, feedparser guesses and the feed is `doubtful`: headlines outside ASCII
       are then held back (`_garbled`).

    `text/xml` without a charset is read as XML without one (RFC 7303), not as US-ASCII.
    """
    content_type = _without_ascii_default(content_type)
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = body[len(bom):].decode(codec, errors="replace")
            note = (f"bytes that are not {codec.upper()} in a feed whose byte order mark says "
                    "it is were replaced" if "\ufffd" in text else None)
            return _Decoded(_as_utf8(text), _with_utf8(content_type), note)
    repaired, odd = _repair_mixed_utf8(body, content_type)
    if odd:
        return _Decoded(repaired, content_type, repaired=odd)
    declared = _declared(body, content_type)
    if any(_reads(body, name) for name in declared) or (not declared and _reads(body, "utf-8")):
        return _Decoded(body, content_type)
    names = " or ".join(dict.fromkeys(n.lower() for n in declared))
    said = (f"character encoding declared as {names}, but the bytes are not {names}"
            if declared else "no character encoding declared, and the bytes are not UTF-8")
    if len(_UTF8_IN_LATIN_WORDS.findall(body)) >= 2:
        # Words like "r\xc3\xa9v\xc3\xa9rence" beside bytes UTF-8 cannot read: two encodings in
        # one document (items pasted from two sources), which no one encoding reads.
        return _Decoded(body, content_type, f"{said}, though some are (two encodings in one "
                        "document): no character encoding reads them cleanly, headlines that are "
                        "not plain ASCII are held back", doubtful=True)
    best = charset_normalizer.from_bytes(body).best()
    systems = _writing_systems(str(best)) if best is not None and best.encoding else set()
    if systems == {"Latin"}:
        # Among Latin code pages detection is a guess (short texts read as well in Baltic
        # as in Western European): feedparser's fallback, windows-1252, is the web's default.
        return _Decoded(body, content_type)
    if len(systems) != 1:  # nothing reads the bytes, or what does mixes writing systems
        return _Decoded(body, content_type, f"{said}, and no character encoding reads them "
                        "cleanly: headlines that are not plain ASCII are held back",
                        doubtful=True)
    name = codecs.lookup(best.encoding).name
    return _Decoded(_as_utf8(str(best)), _with_utf8(content_type),
                    f"{said}: read as {name} (character encoding detected)")


# Unicode names of letters that belong to the same writing system as another's.
_SYSTEM_OF = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "KATAKANA-HIRAGANA": "CJK", "CJK": "CJK",
              "IDEOGRAPHIC": "CJK", "FULLWIDTH": None, "HALFWIDTH": None}


def _writing_systems(text: str) -> set[str]:
    """The writing systems of the letters outside ASCII in `text` ("Cyrillic", "CJK",
    "Latin"...): a feed in one language uses one, a wrong decoding often mixes several."""
    systems: set[str] = set()
    for char in set(text):
        if char.isascii() or not char.isalpha():
            continue
        first = unicodedata.name(char, "").split(" ", 1)[0]
        system = _SYSTEM_OF.get(first, first.title())
        if system:
            systems.add(system)
    return systems


def _declared(body: bytes, content_type: str | None) -> list[str]:
    """The encodings a feed declares: in its XML declaration and its Content-Type."""
    found = _XML_ENCODING.match(body[:512])
    charset = _CHARSET.search(content_type or "")
    return [n for n in (found.group(1).decode("ascii") if found else None,
                        charset.group(1) if charset else None) if n]


def _reads(body: bytes, name: str) -> bool:
    """Whether `body` decodes without error in the encoding called `name`."""
    try:
        body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _as_utf8(text: str) -> bytes:
    """Text as UTF-8 bytes whose XML declaration (if it names an encoding) says UTF-8."""
    return _XML_DECL_ENCODING.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8")


def _with_utf8(content_type: str | None) -> str | None:
    """The Content-Type with its charset (if any) replaced by utf-8."""
    if content_type is None:
        return None
    media = content_type.split(";", 1)[0].strip()
    return f"{media}; charset=utf-8"


def _without_ascii_default(content_type: str | None) -> str | None:
    """`text/xml` (or `text/*+xml`) without a charset as `application/xml`: RFC 3023 read it as
    US-ASCII, RFC 7303 (which replaced it) by its byte order mark and XML declaration."""
    if content_type is None or _CHARSET.search(content_type):
        return content_type
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "text/xml" or (media.startswith("text/") and media.endswith("+xml")):
        return "application/xml"
    return content_type


def _repair_mixed_utf8(body: bytes, content_type: str | None) -> tuple[bytes, int]:
    """A UTF-8 feed with a few stray windows-1252 bytes, as UTF-8; and how many bytes were odd.

    feedparser would decode the whole feed as windows-1252 and turn every correct "é" into
    "Ã©". Only a feed declared as UTF-8 (or not declared at all) that really holds UTF-8
    sequences is repaired; anything else is left to feedparser's own encoding rules.
    """
    if body.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00")):
        return body, 0  # UTF-16 or UTF-32
    declared = _XML_ENCODING.match(body[:512])
    charset = _CHARSET.search(content_type or "")
    names = [declared.group(1).decode("ascii") if declared else None,
             charset.group(1) if charset else None]
    if any(name is not None and _codec(name) != "utf-8" for name in names):
        return body, 0
    try:
        body.decode("utf-8")
        return body, 0
    except UnicodeDecodeError:
        pass
    if not _UTF8_MULTIBYTE.search(body):
        return body, 0  # no UTF-8 in it at all: a single-byte feed, wrongly labelled
    valid = body.decode("utf-8", errors="ignore")
    odd = len(body) - len(valid.encode("utf-8"))
    if sum(1 for c in valid if ord(c) > 0x7F) < odd:
        return body, 0  # a few byte pairs that happen to look like UTF-8 (Shift_JIS, KOI8-R)
    text = body.decode("utf-8", errors="newsarchive-cp1252")
    return text.encode("utf-8"), odd


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _xml_item(e: Any) -> _Item:
    link = e.get("link")
    if not link:
        alternates = [x for x in e.get("links", []) if x.get("rel", "alternate") == "alternate"]
        link = alternates[0].get("href") if alternates else None
    details = [e.get("title_detail"), *e.get("content", []), e.get("summary_detail")]
    return _Item(
        title_html=e.get("title", ""),
        link=link,
        guid=e.get("id") or None,
        published=_from_struct(e.get("published_parsed")),
        published_text=e.get("published"),
        # dict.get: FeedParserDict.get("updated") falls back to "published", with a warning.
        updated=_from_struct(dict.get(e, "updated_parsed")),
        updated_text=dict.get(e, "updated"),
        langs=[e.get("language"), *(d.get("language") for d in details if d)],
        authors=[a.get("name", "") for a in e.get("authors", [])],
        categories=[t.get("term") or t.get("label") or "" for t in e.get("tags", [])],
        summary_html=_as_html(e.get("summary_detail")),
        content_html=_pick_content(e.get("content", [])),
        source_name=(e.get("source") or {}).get("title") or None,
        source_url=(e.get("source") or {}).get("href") or None,
    )


def _pick_content(contents: list[Any]) -> str:
    """The first HTML content value, else the first of any type."""
    for content in contents:
        if content.get("type") in ("text/html", "application/xhtml+xml"):
            return content.get("value", "")
    return _as_html(contents[0]) if contents else ""


def _as_html(detail: Any) -> str:
    """A feedparser text construct as HTML (plain text is escaped, paragraphs kept)."""
    if not detail:
        return ""
    value = detail.get("value", "") or ""
    if detail.get("type") == "text/plain":
        return _text_to_html(value)
    return value


def _from_struct(value: time.struct_time | None) -> datetime | None:
    # feedparser's *_parsed values are already in UTC.
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


# --- JSON Feed 1.0 / 1.1 -------------------------------------------------------------------


def _looks_like_json(body: bytes) -> bool:
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _read_json_feed(body: bytes, source: Source) -> _Feed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ParseError(f"feed {source.id}: looks like JSON but cannot be read: {exc}") from exc
    if not isinstance(data, dict) or not JSON_FEED_VERSION.match(str(data.get("version", ""))):
        raise ParseError(f"feed {source.id}: JSON document is not a JSON Feed "
                         "(no https://jsonfeed.org/version/1.x \"version\")")
    items = data.get("items")
    if not isinstance(items, list):
        raise ParseError(f"feed {source.id}: JSON Feed has no \"items\" list")
    feed_authors = _json_authors(data)
    feed = _Feed(title=_json_str(data.get("title")), lang=_json_str(data.get("language")) or None)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            feed.warnings.append(f"feed {source.id}: entry #{number}: not a JSON object; skipped")
            continue
        feed.items.append(_json_item(item, feed_authors))
    return feed


def _json_item(item: dict[str, Any], feed_authors: list[str]) -> _Item:
    published_text = _json_str(item.get("date_published")) or None
    updated_text = _json_str(item.get("date_modified")) or None
    content = _json_str(item.get("content_html"))
    if not content and item.get("content_text"):
        content = _text_to_html(_json_str(item.get("content_text")))
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    return _Item(
        title_html=_json_str(item.get("title")),
        link=_json_str(item.get("url")) or _json_str(item.get("external_url")) or None,
        guid=_json_str(item.get("id")) or None,
        published=_parse_date_text(published_text),
        published_text=published_text,
        updated=_parse_date_text(updated_text),
        updated_text=updated_text,
        langs=[_json_str(item.get("language")) or None],
        authors=_json_authors(item) or feed_authors,  # the spec: feed authors are the default
        categories=[_json_str(t) for t in tags],
        summary_html=_text_to_html(_json_str(item.get("summary"))),
        content_html=content,
    )


def _json_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _json_authors(obj: dict[str, Any]) -> list[str]:
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj["author"]] if isinstance(obj.get("author"), dict) else []
    return [_json_str(a.get("name")) for a in authors if isinstance(a, dict)]


# --- From _Item to Entry --------------------------------------------------------------------


def _to_entry(
    item: _Item, number: int, source: Source, feed_lang: str | None,
    fetched_at: datetime, now: datetime, warnings: list[str], *, doubtful: bool = False,
) -> Entry | None:
    cut = _bound_fields(item)
    label = _label(item, number)
    prefix = f"feed {source.id}: entry {label}"
    if cut:
        warnings.append(f"{prefix}: {', '.join(cut)} longer than {MAX_FIELD_CHARS} characters; "
                        "cut")
    # The headline as published: a "<" it shows stays one (every view escapes it).
    title = html_to_text(item.title_html, tag_standin=False)
    headline_seen = bool(title)
    if not title:
        # JSON Feed 1.1 and RSS 2.0 allow an item without a title: kept, under our description.
        title = _description(html_to_text(item.summary_html, tag_standin=False)
                             or html_to_text(item.content_html, tag_standin=False))
        if not title:
            warnings.append(f"{prefix}: no title, and no text to describe it by; skipped")
            return None
        warnings.append(f"{prefix}: no title: kept under our description from its first words, "
                        f"{title!r} (headline_seen: false)")
    if why := _garbled(title, doubtful):
        warnings.append(f"{prefix}: the headline cannot be decoded cleanly ({why}); held back "
                        "rather than published garbled")
        return None
    if not item.link or not item.link.strip():
        warnings.append(f"{prefix}: no link; skipped")
        return None
    link = urljoin(source.url, item.link.strip())
    try:
        url = canonical_url(link)
    except UrlError as exc:
        warnings.append(f"{prefix}: unusable link: {exc}; skipped")
        return None
    date, inferred = _entry_date(item, fetched_at, now, prefix, warnings)
    summary_text = html_to_text(item.summary_html) or html_to_text(item.content_html)
    return Entry(
        feed_id=source.id,
        title=title,
        link=link,
        url=url,
        id=article_id(url),
        date=date,
        date_inferred=inferred,
        lang=_entry_lang(item, feed_lang, source, f"{title} {summary_text}"),
        authors=_clean_list(item.authors),
        categories=_clean_list(item.categories),
        summary_html=item.summary_html or "",
        content_html=item.content_html or "",
        # Read as HTML like titles: a publisher name is shown on pages and listed as a source.
        source_name=html_to_text(item.source_name or "") or None,
        guid=item.guid,
        source_url=canonical_or(item.source_url.strip(), None) if item.source_url else None,
        headline_seen=headline_seen,
    )


def _description(text: str, words: int = DESCRIPTION_WORDS) -> str:
    """Our short description of an entry without a title: its first words, "…" when cut."""
    found = text.split()
    if len(found) <= words:
        return " ".join(found)
    return " ".join(found[:words]).rstrip(" ,;:.!?–—-") + "…"


def _garbled(title: str, doubtful: bool) -> str | None:
    """Why a headline is not text as published, or None: a replacement character or a C1
    control (bytes no encoding read), UTF-8 read as windows-1252 ("Ã©", "â€™"), or any
    character outside ASCII in a feed whose encoding nothing could establish (`doubtful`)."""
    if found := _GARBLED.search(title):
        return f"{found.group()!r} is what a wrong character encoding leaves"
    if doubtful and not title.isascii():
        return "no character encoding reads the feed's bytes cleanly"
    return None


def _bound_fields(item: _Item) -> list[str]:
    """Cut HTML fields longer than MAX_FIELD_CHARS, so a hostile entry cannot stall the run."""
    cut = []
    for name in ("title_html", "summary_html", "content_html", "source_name"):
        value = getattr(item, name) or ""
        if len(value) > MAX_FIELD_CHARS:
            setattr(item, name, value[:MAX_FIELD_CHARS])
            cut.append(name.removesuffix("_html"))
    for name in ("authors", "categories"):
        values = getattr(item, name)
        if any(len(v or "") > MAX_FIELD_CHARS for v in values):
            setattr(item, name, [(v or "")[:MAX_FIELD_CHARS] for v in values])
            cut.append(name)
    return cut


def _label(item: _Item, number: int) -> str:
    """How warnings name an entry: its title, else its guid or link, else its position."""
    title = html_to_text(item.title_html)
    if title:
        return repr(title if len(title) <= 80 else title[:77] + "...")
    return repr(item.guid or item.link) if (item.guid or item.link) else f"#{number}"


def _entry_date(
    item: _Item, fetched_at: datetime, now: datetime, prefix: str, warnings: list[str],
) -> tuple[datetime, bool]:
    """Published, else updated, else the fetch time (inferred). Future dates are refused, and
    so is a date the parser had to invent: one whose written fields are impossible
    ("2025-13-45T99:99:99Z", which feedparser reads as 1 January 2026) or that is not the
    date written ("Mon, 01 Jan 0000", read as the year 2000)."""
    unreadable: list[str] = []
    invented: set[str] = set()
    for parsed, text in ((item.published, item.published_text), (item.updated, item.updated_text)):
        when = parsed or _parse_date_text(text)
        if when is None:
            if text and text.strip() and text not in unreadable:
                unreadable.append(text)
            continue
        if text and (why := _not_as_written(text, when)):
            if text not in invented:
                invented.add(text)
                warnings.append(f"{prefix}: date {text.strip()!r} {why}: the date is unknown; "
                                "using fetch time")
            continue
        if when > now + FUTURE_SLACK:
            warnings.append(f"{prefix}: date {when:%Y-%m-%d} is in the future; using fetch time")
            return fetched_at, True
        return when, False
    for text in unreadable:
        warnings.append(f"{prefix}: date {text.strip()!r} cannot be read; using fetch time")
    return fetched_at, True


_MONTHS = {name: n for n, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# "Fri, 13 Feb 2026 14:07:00 GMT" (RFC 822 and its variants: full names, two-digit years).
_RFC822_FIELDS = re.compile(r"^\s*(?:[A-Za-z]+\.?,?\s+)?(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+"
                            r"(\d{1,5})(?:[\sT]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")
# "2026-02-13T14:07:00Z", "2026-02-13", "20260213T140700Z" (ISO 8601 / RFC 3339).
_ISO_FIELDS = re.compile(r"^\s*([+-]?\d{4,5})(?:-(\d{1,2})(?:-(\d{1,2}))?|(\d{2})(\d{2}))"
                         r"(?:[T\s]+(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?)?")
# The widest gap between the date written and the one read in UTC: time zones (±14 h), 24:00.
_ZONE_SLACK = timedelta(hours=38)


def _not_as_written(text: str, when: datetime) -> str | None:
    """Why `when` cannot be the date `text` writes, or None (pure).

    Parsers repair impossible fields rather than refuse them: feedparser carries month 13 and
    day 45 over into the next year, and a year written 0000 is read as 2000. The fields are read
    from the text again: a month, day, hour, minute or second out of range, or a date read more
    than a time zone away from the one written, is no date. A text in neither RFC 822 nor ISO
    8601 shape is checked by its year alone.
    """
    fields = _written_fields(text)
    if fields is None:
        years = {int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)}
        if years and not any(abs(when.year - y) <= 1 for y in years):
            return f"was read as the year {when.year}, which it does not write"
        return None
    year, month, day, hour, minute, second = fields
    if not 1 <= year <= 9999:
        return f"has an impossible year ({year})"
    if not 1 <= month <= 12:
        return f"has an impossible month ({month})"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"has an impossible day ({day} in {calendar.month_name[month]} {year})"
    if hour > 24 or (hour == 24 and minute + second) or minute > 59 or second > 60:
        return f"has an impossible time ({hour:02d}:{minute:02d}:{second:02d})"
    written = datetime(year, month, day, min(hour, 23), minute, min(second, 59), tzinfo=UTC)
    if abs(when - written) > _ZONE_SLACK:
        return f"was read as {when:%Y-%m-%d}, which is not the date it writes"
    return None


def _written_fields(text: str) -> tuple[int, int, int, int, int, int] | None:
    """Year, month, day, hour, minute, second as `text` writes them (0 for a missing time)."""
    if m := _ISO_FIELDS.match(text):
        year, month, day, month8, day8, hour, minute, second = m.groups()
        month, day = (month, day) if month8 is None else (month8, day8)
        return (int(year), int(month), int(day or 1), int(hour or 0), int(minute or 0),
                int(second or 0))
    if (m := _RFC822_FIELDS.match(text)) and (month := _MONTHS.get(m.group(2)[:3].lower())):
        day, _, year, hour, minute, second = m.groups()
        number = int(year)
        if len(year) <= 3:  # RFC 2822: 00-49 are 2000-2049, 50-999 are 1950-2899
            number += 2000 if number < 50 else 1900
        return number, month, int(day), int(hour or 0), int(minute or 0), int(second or 0)
    return None


def _parse_date_text(text: str | None) -> datetime | None:
    """RFC 3339 / ISO 8601 or RFC 822 dates that feedparser did not read (or JSON Feed's)."""
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return _as_utc(when)


def _as_utc(when: datetime) -> datetime:
    """Aware UTC; a naive datetime is taken to be UTC already."""
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _entry_lang(item: _Item, feed_lang: str | None, source: Source, text: str) -> str | None:
    for candidate in (*item.langs, feed_lang, source.lang):
        lang = normalise_lang(candidate)
        if lang:
            return lang
    return detect_lang(text)


def normalise_lang(value: str | None) -> str | None:
    """A language tag as BCP 47 ("EN" -> "en", "fr_FR" -> "fr-FR"); None if it is not one.

    Keeps the primary language, a script ("zh-Hant") and a region; drops variants.
    """
    if not value or not isinstance(value, str):
        return None
    match = _LANG.match(value.strip())
    if not match:
        return None
    primary, script, region = match.groups()
    primary = primary.lower()
    if primary in _NOT_A_LANGUAGE:
        return None
    tag = primary
    if script:
        tag += "-" + script.title()
    if region:
        tag += "-" + region.upper()
    return tag


def detect_lang(text: str) -> str | None:
    """The language of `text` by py3langid, or None when the text is short or the guess weak."""
    text = " ".join(text.split())
    if len(text) < MIN_DETECT_CHARS:
        return None
    try:
        identifier = _identifier()
    except OSError:  # py3langid unpacks its model to a temp file: a full disk must not stop a run
        return None
    lang, confidence = identifier.classify(text)
    if confidence < MIN_DETECT_CONFIDENCE:
        return None
    return normalise_lang(lang)


@cache
def _identifier() -> Any:
    # Loaded on first use (about a second); its own instance, so the module-wide one is untouched.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# --- Small helpers --------------------------------------------------------------------------


def _text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs (blank lines separate paragraphs)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def _clean_list(values: list[str]) -> list[str]:
    """Whitespace-collapsed, non-empty, first occurrence of each (case-insensitively)."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = " ".join(html_to_text(value or "").split())
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def _describe(exc: BaseException) -> str:
    line = getattr(exc, "getLineNumber", None)
    where = f" at line {line()}" if callable(line) else ""
    return f"{type(exc).__name__}{where}: {exc}"


def _sniff(body: bytes) -> str:
    head = body[:2048].lstrip().lower()
    if b"<html" in head or head.startswith(b"<!doctype html"):
        return "an HTML page"
    if head.startswith(b"<"):
        return "XML that is not a feed"
    return "something else"
