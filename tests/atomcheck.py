"""An Atom 1.0 checker for the tests: feedparser's strict parser, then RFC 4287's rules.

feedparser reads a feed with its strict (XML) parser only when the document is well-formed,
and says so with `bozo == 0` and `version == "atom10"`; it forgives everything else. So the
rules of RFC 4287 a reader relies on are checked here as well, each named by its section:
the elements a feed and an entry must have exactly once, dates in RFC 3339 form, ids that are
absolute IRIs, links with an href, categories with a term, text constructs of a known type,
an author for every entry, and language tags that are well-formed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RFC 3339 date-time, as section 3.3 requires (an uppercase T and Z, per its recommendation).
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# atomLanguageTag (RFC 4287 appendix B).
LANGUAGE_TAG = re.compile(r"^([A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)?$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


class AtomError(AssertionError):
    """The document breaks a rule of RFC 4287 (the message names the section)."""


def check_atom(raw: bytes) -> feedparser.FeedParserDict:
    """Fail unless `raw` is a valid Atom 1.0 feed document; return feedparser's reading of it."""
    parsed = feedparser.parse(raw)
    if parsed.bozo:
        raise AtomError(f"feedparser's strict parser refused it: {parsed.get('bozo_exception')}")
    if parsed.version != "atom10":
        raise AtomError(f"feedparser read it as {parsed.version!r}, not Atom 1.0")
    root = ET.fromstring(raw)
    if root.tag != f"{ATOM}feed":
        raise AtomError(f"4.1.1: the root element is {root.tag}, not atom:feed")
    _common(root, "feed")
    _exactly_one(root, ("id", "title", "updated"), "4.1.1")
    _at_most_one(root, ("subtitle", "icon", "logo", "rights", "generator"), "4.1.1")
    entries = root.findall(f"{ATOM}entry")
    if not root.findall(f"{ATOM}author") and any(
            not e.findall(f"{ATOM}author") for e in entries):
        raise AtomError("4.1.1: the feed has no atom:author, and an entry has none either")
    _links(root, "feed")
    ids = set()
    for n, entry in enumerate(entries, start=1):
        where = f"entry {n}"
        _common(entry, where)
        _exactly_one(entry, ("id", "title", "updated"), f"4.1.2 ({where})")
        _at_most_one(entry, ("published", "summary", "content", "rights", "source"),
                     f"4.1.2 ({where})")
        if entry.find(f"{ATOM}content") is None and not any(
                link.get("rel", "alternate") == "alternate"
                for link in entry.findall(f"{ATOM}link")):
            raise AtomError(f"4.1.2 ({where}): no atom:content and no alternate link")
        _links(entry, where)
        entry_id = entry.findtext(f"{ATOM}id")
        if entry_id in ids:
            raise AtomError(f"4.1.1: two entries share the id {entry_id}")
        ids.add(entry_id)
    return parsed


def _exactly_one(parent: ET.Element, names: tuple[str, ...], section: str) -> None:
    for name in names:
        found = parent.findall(f"{ATOM}{name}")
        if len(found) != 1:
            raise AtomError(f"{section}: atom:{name} appears {len(found)} times, not once")
        if not (found[0].text or "").strip():
            raise AtomError(f"{section}: atom:{name} is empty")


def _at_most_one(parent: ET.Element, names: tuple[str, ...], section: str) -> None:
    for name in names:
        if len(parent.findall(f"{ATOM}{name}")) > 1:
            raise AtomError(f"{section}: atom:{name} appears more than once")


def _common(el: ET.Element, where: str) -> None:
    """Rules every feed or entry element shares: its id, dates, texts, people, categories."""
    lang = el.get(XML_LANG)
    if lang is not None and not LANGUAGE_TAG.match(lang):
        raise AtomError(f"2 ({where}): xml:lang {lang!r} is not a language tag")
    for child in el:
        name = child.tag.removeprefix(ATOM)
        value = (child.text or "").strip()
        if name == "id" and not IRI.match(value):
            raise AtomError(f"4.2.6 ({where}): id {value!r} is not an absolute IRI")
        if name in ("updated", "published") and not DATE.match(value):
            raise AtomError(f"3.3 ({where}): {name} {value!r} is not an RFC 3339 date-time")
        if name in ("title", "subtitle", "summary", "rights") and \
                child.get("type", "text") not in ("text", "html", "xhtml"):
            raise AtomError(f"3.1.1 ({where}): {name} has type {child.get('type')!r}")
        if name in ("author", "contributor"):
            names = child.findall(f"{ATOM}name")
            if len(names) != 1 or not (names[0].text or "").strip():
                raise AtomError(f"3.2.1 ({where}): a person without exactly one name")
        if name == "category" and not (child.get("term") or "").strip():
            raise AtomError(f"4.2.2.1 ({where}): a category without a term")


def _links(el: ET.Element, where: str) -> None:
    """4.2.7: every link has an href; at most one alternate link per type and hreflang."""
    seen = set()
    for link in el.findall(f"{ATOM}link"):
        if not (link.get("href") or "").strip():
            raise AtomError(f"4.2.7.1 ({where}): a link without href")
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in seen:
                raise AtomError(f"4.1.1 ({where}): two alternate links with type and hreflang "
                                f"{key}")
            seen.add(key)
