"""Feeds for readers and researchers: Atom (newest entries, dates from front matter) and
articles.json (every article's metadata)."""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import fields
from datetime import UTC, date, datetime

from ..model import Article, Snapshot
from .article import _http_url
from .common import SITE_LANG, clean, iso
from .index import ArchiveIndex

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def absolute(url: str, site_url: str | None) -> str:
    """An absolute URL when the site's address is known, else one relative to the site root
    (valid in /feed.xml and /articles.json, which sit at the root)."""
    if site_url:
        return site_url.rstrip("/") + "/" + url
    return url or "./"


def stable_uuid(kind: str, value: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'newsarchive:{kind}:{value}')}"


def atom_feed(index: ArchiveIndex, *, site_name: str, site_url: str | None = None,
              size: int = FEED_SIZE) -> str:
    """Atom 1.0 of the newest `size` dated articles; every date comes from front matter."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, value: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if value is not None:
            el.text = clean(value)
        return el

    items = index.dated[:size]
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: SITE_LANG})
    sub(feed, "id", stable_uuid("feed", site_url or site_name))
    sub(feed, "title", site_name)
    sub(feed, "subtitle", "The newest articles in the archive")
    sub(feed, "updated", iso(items[0].article.date if items else EPOCH))
    sub(feed, "link", rel="alternate", type="text/html", href=absolute("", site_url))
    sub(feed, "link", rel="self", type="application/atom+xml",
        href=absolute("feed.xml", site_url))
    author = sub(feed, "author")
    sub(author, "name", site_name)
    sub(feed, "generator", "newsarchive")
    for item in items:
        a = item.article
        entry = sub(feed, "entry", **({XML_LANG: a.lang} if clean(a.lang) else {}))
        sub(entry, "id", stable_uuid("article", a.id))
        sub(entry, "title", a.title)
        sub(entry, "updated", iso(a.date))
        sub(entry, "published", iso(a.date))
        sub(entry, "link", rel="alternate", type="text/html", href=absolute(item.url, site_url))
        url = _http_url(a.url)
        if url:
            sub(entry, "link", rel="related", href=url)
        for name in a.authors or [a.source]:
            sub(sub(entry, "author"), "name", name)
        for tag in dict.fromkeys(a.tags):
            sub(entry, "category", term=clean(tag), label=clean(index.tag_label(tag)))
        if clean(a.summary):
            sub(entry, "summary", a.summary, type="text")
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _json_value(value):
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Snapshot):
        return {"url": value.url, "timestamp": iso(value.timestamp)}
    return value


def articles_json(index: ArchiveIndex, *, site_url: str | None = None) -> str:
    """Every article's front matter fields plus its page URL, newest first, undated last."""
    names = [f.name for f in fields(Article) if f.name not in ("body", "path")]
    records = []
    for item in index.items:
        record = {name: _json_value(getattr(item.article, name)) for name in names}
        record["page"] = absolute(item.url, site_url)
        records.append(record)
    doc = {"count": len(records), "articles": records}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


