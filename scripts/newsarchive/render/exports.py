"""The exports for researchers: every article's metadata as articles.json and as articles.csv
(the same fields, one row per article), with the terms of reuse of the archive's own text.

The CSV is written for spreadsheets first: RFC 4180 (comma, double quotes doubled, CRLF), UTF-8
with a byte-order mark so Excel does not read it as Latin-1, a header row, and every cell that
a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, carriage return first, the
OWASP rule, and their full-width forms) prefixed with `'`, so opening the file runs nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime

from ..model import Article
from .common import absolute, iso, shown_title
from .index import ArchiveIndex


@dataclass(frozen=True)
class License:
    """The licence of the archive's own text (our summaries, story pages, key events); never of
    the articles it links to, nor of their headlines."""

    name: str  # "CC BY 4.0"
    url: str  # "https://creativecommons.org/licenses/by/4.0/"

    def statement(self) -> dict[str, str]:
        """What articles.json says about reuse."""
        return {"name": self.name, "url": self.url,
                "applies_to": OUR_TEXT, "not_covered": NOT_OURS}

    def cell(self) -> str:
        """What each row of articles.csv says about reuse."""
        return f"{OUR_TEXT}: {self.name} ({self.url}); {NOT_OURS}"


OUR_TEXT = ("the archive's own text (summaries, renderings of headlines, date notes, story "
            "pages, key events)")
NOT_OURS = "the linked articles and their headlines remain their publishers'"

# Fields of a page that are not metadata: the excerpt, and where the file is on disk.
NOT_EXPORTED = ("body", "path")
LIST_JOINER = "; "  # a list (authors, tags, events) in one CSV cell
# What a spreadsheet reads as the start of a formula, after any leading spaces or controls.
_FORMULA = re.compile(r"^[\s\x00-\x1f]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]")


def _value(value):
    """A front matter value as JSON data: dates in ISO 8601, small dataclasses (an archived
    copy, a carrier, our words in a language) as objects of their non-empty fields."""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _value(getattr(value, f.name)) for f in fields(value)
                if getattr(value, f.name) not in ("", None)}
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value


def article_records(index: ArchiveIndex, *, site_url: str | None = None,
                    base: str = "articles.json") -> list[dict]:
    """Every article's front matter fields plus its page's address (`page`: absolute when the
    site's address is known, else relative to `base`), newest first, undated last. A title
    that is our description (`headline_seen: false`) is given as every page shows it, marked
    as ours: "[...] (headline not recorded)"."""
    names = [f.name for f in fields(Article) if f.name not in NOT_EXPORTED]
    records = []
    for item in index.items:
        record = {name: _value(getattr(item.article, name)) for name in names}
        record["title"] = shown_title(item.article)
        record["page"] = absolute(item.url, site_url, base=base)
        records.append(record)
    return records


def articles_json(index: ArchiveIndex, *, site_url: str | None = None,
                  title: str | None = None, license: License | None = None) -> str:
    """{title, url, license, count, articles}: the archive's name and address, the terms of
    reuse of its text, then every article (see `article_records`)."""
    records = article_records(index, site_url=site_url)
    doc: dict = {}
    if title:
        doc["title"] = title
    if site_url:
        doc["url"] = site_url
    if license is not None:
        doc["license"] = license.statement()
    doc.update(count=len(records), articles=records)
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _flatten(record: dict, prefix: str = "") -> dict[str, str]:
    """One CSV cell per scalar: nested objects as `archived.url`, lists joined by "; ",
    booleans as true/false, nothing for None."""
    out: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if value is None:
            continue
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            out[name] = LIST_JOINER.join(
                json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v)
                for v in value)
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        else:
            out[name] = str(value)
    return out


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading `'`."""
    return "'" + cell if _FORMULA.match(cell) else cell


def _columns(names: list[str], rows: list[dict[str, str]]) -> list[str]:
    """The records' fields in their order; a nested one as its parts (`archived.timestamp`,
    `archived.url`), sorted; a field no article has keeps its column, empty."""
    present = set().union(*rows) if rows else set()
    columns = []
    for name in names:
        parts = sorted(k for k in present if k.startswith(f"{name}."))
        columns += ([name] if name in present or not parts else []) + parts
    return columns


def articles_csv(index: ArchiveIndex, *, site_url: str | None = None,
                 license: License | None = None) -> str:
    """articles.json's records as a spreadsheet: a header, then one row per article (RFC 4180,
    UTF-8 with BOM, formulas neutralised); with a licence, a `license` column on every row."""
    records = article_records(index, site_url=site_url, base="articles.csv")
    names = [f.name for f in fields(Article) if f.name not in NOT_EXPORTED] + ["page"]
    rows = [_flatten(r) for r in records]
    columns = _columns(names, rows)
    if license is not None:
        columns.append("license")
        for row in rows:
            row["license"] = license.cell()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(c, "")) for c in columns])
    return "\ufeff" + buffer.getvalue()
