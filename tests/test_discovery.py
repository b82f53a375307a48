"""The hosted site as search engines, link previews and researchers meet it: built with an
address (`SITE_URL`, as the Pages workflow does), every page's canonical link, hreflang
alternates, Open Graph and JSON-LD (parsed with extruct and lxml, never matched as strings),
the sitemap (validated against the sitemaps.org schema, and Google's hreflang rules checked),
robots.txt, the feeds and the exports (articles.json, articles.csv); and the pure functions
behind them.

The project is test_build's (the repository's own mkdocs.yml, English and French editions),
with two more articles: one whose fields would start spreadsheet formulas, and one whose
headline was not seen (its title is our description) with our words in French.
"""

from __future__ import annotations

import base64
import csv
import gzip
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import extruct
import lxml.html
import pytest
from atomcheck import check_atom
from lxml import etree
from newsarchive import render
from newsarchive.archive import write_article
from newsarchive.model import Article, ArticleText, Event, Snapshot
from test_build import ARTICLES, EVIL, article, d, make_project, mkdocs_build

SITE = "https://example.org/gpt-4o/"
BUILT = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # SOURCE_DATE_EPOCH: the day the build says
SCHEMAS = Path(__file__).parent / "fixtures" / "sitemap"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
              "x": "http://www.w3.org/1999/xhtml"}
NAMES = {"en": "The GPT-4o Retirement Archive", "fr": "Archive du retrait de GPT-4o"}
LOCALES = {"en": "en_US", "fr": "fr_FR"}
EVIL_TITLE = "GPT-4o <script>alert('title')</script> & friends"

# Every field a spreadsheet could take for a formula: the CSV must show them as text.
FORMULA = article(7, d(14), title='=HYPERLINK("https://example.net/x","GPT-4o")',
                  source="@Example Wire", summary="+1 for GPT-4o: it leaves ChatGPT, says the AP.",
                  authors=["-Dash Example"], tags=["retirement"])
# The stored copy showed no headline: `title` is ours, and the report has no headline.
UNSEEN = article(8, d(5), title="An essay on the people who mourned GPT-4o", lang="de",
                 source="Beispiel Zeitung", url="https://example.net/de/essay", headline_seen=False,
                 summary="A German essayist looks at why so many users grieved for GPT-4o.",
                 summary_lang="en",
                 translations={"fr": ArticleText(
                     summary="Un essayiste allemand se demande pourquoi tant d'utilisateurs ont "
                             "pleuré GPT-4o.",
                     title="Un essai sur ceux qui ont pleuré GPT-4o")})
EXTRA = [FORMULA, UNSEEN]


@dataclass
class Hosted:
    site: Path
    output: str
    urls: dict[str, Path]  # every page's address -> its file
    articles: dict[str, Article]  # page address -> article


def address_of(site: Path, page: Path) -> str:
    folder = page.parent.relative_to(site).as_posix()
    return SITE + ("" if folder == "." else f"{folder}/")


@pytest.fixture(scope="module")
def hosted(tmp_path_factory) -> Hosted:
    root = tmp_path_factory.mktemp("hosted")
    config = make_project(root)
    paths = {a.id: write_article(root / "docs" / "articles", a) for a in [*ARTICLES, *EXTRA]}
    evil = root / "docs" / "articles" / "2026" / "02" / "evil.md"
    evil.write_text(EVIL, encoding="utf-8")
    # The address as configure-pages gives it, without the trailing slash.
    result = mkdocs_build(config, SITE_URL=SITE.rstrip("/"),
                          SOURCE_DATE_EPOCH=str(int(BUILT.timestamp())))
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in output, output
    site = root / "site"
    urls = {address_of(site, p): p for p in sorted(site.rglob("index.html"))}
    by_id = {a.id: a for a in [*ARTICLES, *EXTRA]}
    articles = {}
    for article_id, path in paths.items():
        rel = path.relative_to(root / "docs").with_suffix("").as_posix()
        articles[f"{SITE}{rel}/"] = by_id[article_id]
    articles[f"{SITE}articles/2026/02/evil/"] = None  # read from its page below
    return Hosted(site, output, urls, articles)


def head(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(path)).getroot().head


def open_graph(path: Path) -> list[tuple[str, str]]:
    found = extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["opengraph"])
    return [p for item in found["opengraph"] for p in item["properties"]]


def structured(path: Path) -> list[dict]:
    return extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld"])["json-ld"]


def edition_of(url: str) -> str:
    return "fr" if url.startswith(f"{SITE}fr/") else "en"


def is_article(url: str) -> bool:
    return url.startswith(f"{SITE}articles/")


def sitemap(hosted: Hosted) -> etree._ElementTree:
    return etree.parse(str(hosted.site / "sitemap.xml"))


def sitemap_alternates(tree) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} of every <url>."""
    out = {}
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    for url in root.findall("s:url", SITEMAP_NS):
        links = url.findall("x:link", SITEMAP_NS)
        hreflangs = [x.get("hreflang") for x in links]
        assert len(hreflangs) == len(set(hreflangs)), f"repeated hreflang in {url}"
        out[url.findtext("s:loc", namespaces=SITEMAP_NS)] = {x.get("hreflang"): x.get("href")
                                                           for x in links}
    return out


# ---------------------------------------------------------------------------------------------
# Addresses: canonical links, hreflang alternates


def test_the_address_comes_from_site_url_and_every_page_has_one_canonical_link(hosted):
    assert len(hosted.urls) >= 50
    for url, path in hosted.urls.items():
        assert head(path).xpath('link[@rel="canonical"]/@href') == [url], url
    # An article page has one address, shared by both editions: no /fr/ copy of it.
    assert not (hosted.site / "fr" / "articles").exists()
    assert sum(is_article(u) for u in hosted.urls) == len(hosted.articles) == 9


def test_hreflang_alternates_are_absolute_and_point_back(hosted):
    alternates = {}
    for url, path in hosted.urls.items():
        links = head(path).xpath('link[@rel="alternate"][@hreflang]')
        alternates[url] = {x.get("hreflang"): x.get("href") for x in links}
    with_versions = {u: a for u, a in alternates.items() if a}
    assert len(with_versions) > 40
    assert not any(alternates[u] for u in hosted.urls if is_article(u))
    for url, versions in with_versions.items():
        assert set(versions) == {"en", "fr", "x-default"}, url
        assert versions[edition_of(url)] == url, url  # itself, in its own language
        assert versions["x-default"] == versions["en"]
        for href in versions.values():
            assert href.startswith(SITE) and href in hosted.urls, (url, href)
            assert alternates[href] == versions, (url, href)  # the other page points back


# ---------------------------------------------------------------------------------------------
# Link previews


def test_every_page_has_a_link_preview(hosted):
    for url, path in hosted.urls.items():
        og = open_graph(path)
        props = dict(og)
        lang = edition_of(url)
        assert [p for p, _ in og if p == "og:title"] == ["og:title"], url
        assert props["og:title"].strip() and props["og:description"].strip(), url
        assert props["og:url"] == url
        assert props["og:type"] == ("article" if is_article(url) else "website"), url
        assert props["og:site_name"] == NAMES[lang]
        assert props["og:locale"] == LOCALES[lang]
        others = [v for p, v in og if p == "og:locale:alternate"]
        has_other = is_article(url) or bool(head(path).xpath('link[@hreflang="fr"]'))
        assert others == ([LOCALES["fr" if lang == "en" else "en"]] if has_other else []), url
        assert head(path).xpath('meta[@name="twitter:card"]/@content') == ["summary"], url
    home = dict(open_graph(hosted.urls[SITE]))
    assert home["og:title"] == NAMES["en"]
    assert home["og:description"].startswith("A dated, searchable archive")
    french = dict(open_graph(hosted.urls[f"{SITE}fr/"]))
    assert french["og:title"] == NAMES["fr"]
    assert french["og:description"].startswith("Une archive datée et consultable")
    event = dict(open_graph(hosted.urls[f"{SITE}fr/events/retired/"]))
    assert event["og:title"] == "Événement clé\u00a0: GPT-4o quitte ChatGPT"
    assert event["og:description"] == "Le retrait prend effet."


def test_an_article_s_preview_is_our_summary_and_the_original_s_date(hosted):
    for url, a in hosted.articles.items():
        og = open_graph(hosted.urls[url])
        props = dict(og)
        if a is None:  # the hostile page: its title is text, exactly as written
            assert props["og:title"] == EVIL_TITLE
            assert props["og:description"] == "A page with raw <b>HTML</b> in it."
            continue
        assert props["og:title"] == render.clean(render.shown_title(a))  # ours marked so
        assert props["og:description"] == render.clean(a.summary)
        published = [v for p, v in og if p == "article:published_time"]
        # No date, or one the page itself only estimates: none given as the original's.
        expected = [] if a.date is None or a.date_inferred else [render.iso(a.date)]
        assert published == expected, url


# ---------------------------------------------------------------------------------------------
# Structured data


def test_an_article_page_records_the_original_report(hosted):
    for url, a in hosted.articles.items():
        (record,) = structured(hosted.urls[url])
        assert record["@context"] == "https://schema.org" and record["@type"] == "ItemPage"
        assert record["url"] == record["@id"] == url
        assert record["inLanguage"] == "en"
        assert record["isPartOf"] == {"@type": "WebSite", "name": NAMES["en"], "url": SITE}
        assert record["license"] == "https://creativecommons.org/licenses/by/4.0/"
        report = record["mainEntity"]
        assert report["@type"] == "NewsArticle"
        assert report["archivedAt"][0] == url
        if a is None:
            assert report["headline"] == EVIL_TITLE  # a headline, not markup
            assert report["datePublished"] == "2026-02-11T08:00:00Z"
            continue
        if a.headline_seen:
            assert report["headline"] == render.clean(a.title)
        else:  # our description, marked as ours, is the page's name, never the headline
            assert "headline" not in report and record["name"] == (
                "[An essay on the people who mourned GPT-4o] (headline not recorded)")
        assert report["inLanguage"] == a.lang
        assert report["publisher"] == {"@type": "Organization", "name": a.source}
        assert report.get("author", []) == [{"@type": "Person", "name": n} for n in a.authors]
        assert report.get("url") == a.url
        assert report.get("datePublished") == (
            render.iso(a.date) if a.date and not a.date_inferred else None)
        copies = [a.archived.url] if a.archived else []
        assert report["archivedAt"] == [url, *copies]
        assert record["description"] == render.clean(a.summary)


def test_key_event_pages_are_events(hosted):
    cases = [("events/retired/", "GPT-4o leaves ChatGPT", "2026-02-13"),
             ("fr/events/retired/", "GPT-4o quitte ChatGPT", "2026-02-13"),
             ("events/launch/", "OpenAI launches GPT-4o", "2024-05"),
             ("events/reinstated/", "OpenAI restores GPT-4o", "2025-08")]
    for path, name, start in cases:
        (event,) = structured(hosted.urls[SITE + path])
        assert event["@type"] == "Event" and event["name"] == name
        assert event["startDate"] == start and event["url"] == SITE + path
        assert event["identifier"] == path.rstrip("/").rsplit("/", 1)[1]
        assert event["description"]


def test_each_edition_s_home_page_is_a_website_that_can_be_searched(hosted):
    for lang, path in (("en", ""), ("fr", "fr/")):
        (site,) = structured(hosted.urls[SITE + path])
        assert site["@type"] == "WebSite" and site["url"] == SITE + path
        assert site["name"] == NAMES[lang] and site["inLanguage"] == lang
        action = site["potentialAction"]
        assert action["@type"] == "SearchAction"
        assert action["query-input"] == "required name=search_term_string"
        template = action["target"]["urlTemplate"]
        assert template == f"{SITE}{path}search/?q={{search_term_string}}"
        assert template.split("?")[0] in hosted.urls  # the search page, which runs ?q=


def test_other_pages_carry_no_structured_data(hosted):
    kinds = {"events/": None, "timeline/": None, "fr/tags/retirement/": None, "about/": None,
             "events/retired/": "Event"}
    for path, kind in kinds.items():
        found = [x["@type"] for x in structured(hosted.urls[SITE + path])]
        assert found == ([kind] if kind else []), path


def sha256(value: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(value.encode()).digest()).decode() + "'"


def test_structured_data_leaves_the_content_security_policy_as_strict(hosted):
    """The policy allows exactly the page's executable inline scripts (the theme's), by hash:
    JSON-LD is data, not among them, and nothing else was loosened."""
    checked = 0
    for url, path in hosted.urls.items():
        text = path.read_text(encoding="utf-8")
        tree = lxml.html.fromstring(text)
        (policy,) = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
        directives = dict(part.split(" ", 1) for part in policy.split("; "))
        scripts = directives["script-src"].split()
        assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"]
        executable = {sha256(s.text or "") for s in tree.xpath("//script[not(@src)]")
                      if s.get("type") in (None, "", "text/javascript", "module")}
        assert set(scripts[2:]) == executable, url
        for block in tree.xpath('//script[@type="application/ld+json"]'):
            assert sha256(block.text) not in scripts
            checked += 1
        assert "unsafe-inline" not in directives["script-src"]
        assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert checked >= len(hosted.articles) + 2 + 2 * 3


# ---------------------------------------------------------------------------------------------
# Feeds, exports, robots.txt


def test_feeds_use_absolute_addresses(hosted):
    feeds = sorted(hosted.site.rglob("feed.xml"))
    assert len(feeds) == 14
    for feed in feeds:
        parsed = check_atom(feed.read_bytes())
        links = [*parsed.feed.links, *(x for e in parsed.entries for x in e.links)]
        for link in links:
            if link.rel == "related":  # the original, elsewhere
                continue
            assert link.href.startswith(SITE), (feed, link.href)
            target = hosted.site / urlsplit(link.href).path.removeprefix("/gpt-4o/")
            assert (target / "index.html").is_file() or target.is_file(), link.href
    main = check_atom((hosted.site / "feed.xml").read_bytes())
    assert main.feed.link == SITE
    assert {x.rel: x.href for x in main.feed.links}["self"] == f"{SITE}feed.xml"


def test_articles_json_uses_absolute_addresses_and_carries_the_licence(hosted):
    doc = json.loads((hosted.site / "articles.json").read_text(encoding="utf-8"))
    assert doc["title"] == NAMES["en"] and doc["url"] == SITE
    assert doc["license"]["name"] == "CC BY 4.0"
    assert doc["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "publishers'" in doc["license"]["not_covered"]
    assert doc["count"] == len(doc["articles"]) == 9
    unseen = next(r for r in doc["articles"] if r["id"] == UNSEEN.id)
    assert unseen["headline_seen"] is False
    assert unseen["title"] == "[An essay on the people who mourned GPT-4o] (headline not recorded)"
    assert unseen["translations"] == {"fr": {"summary": UNSEEN.translations["fr"].summary,
                                             "title": UNSEEN.translations["fr"].title}}
    assert {r["page"] for r in doc["articles"]} == set(hosted.articles)


def read_csv(path: Path) -> tuple[bytes, list[list[str]]]:
    raw = path.read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_articles_csv_is_a_spreadsheet_that_runs_nothing(hosted):
    raw, rows = read_csv(hosted.site / "articles.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8, said so for Excel
    assert raw.count(b"\r\n") >= 10 and b"\n" not in raw.replace(b"\r\n", b"")
    header, body = rows[0], rows[1:]
    doc = json.loads((hosted.site / "articles.json").read_text(encoding="utf-8"))
    assert len(body) == doc["count"] == 9  # one row per article
    assert header[:7] == ["title", "date", "source", "url", "lang", "id", "summary"]
    assert header[-2:] == ["page", "license"]
    assert "archived.url" in header and "archived.timestamp" in header
    cells = [dict(zip(header, row, strict=True)) for row in body]
    for cell, record in zip(cells, doc["articles"], strict=True):
        assert cell["id"] == record["id"] and cell["page"] == record["page"]
        assert cell["authors"] == render.neutralise("; ".join(record["authors"]))
        assert cell["license"].startswith("the archive's own text")
        assert "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in cell["license"]
        for value in cell.values():  # no cell a spreadsheet would evaluate
            assert not re.match(r"[\s\x00-\x1f]*[=+\-@]", value), value
    wire = next(c for c in cells if c["id"] == FORMULA.id)
    assert wire["title"] == "'" + FORMULA.title  # shown as written, after the quote
    assert wire["source"] == "'@Example Wire" and wire["authors"] == "'-Dash Example"
    assert wire["summary"] == "'" + FORMULA.summary
    unseen = next(c for c in cells if c["id"] == UNSEEN.id)
    assert unseen["headline_seen"] == "false"
    assert unseen["translations.fr.title"] == "Un essai sur ceux qui ont pleuré GPT-4o"
    german = next(c for c in cells if c["id"] == f"{3:016x}")
    assert german["archived.url"].startswith("https://web.archive.org/web/20260212100000/")
    assert german["link_status"] == "dead" and german["date_inferred"] == "false"


def test_robots_txt_points_at_the_sitemap(hosted):
    robots = (hosted.site / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines() == ["User-agent: *", "Disallow:", "",
                                   f"Sitemap: {SITE}sitemap.xml"]


# ---------------------------------------------------------------------------------------------
# The sitemap


def sitemap_schema() -> etree.XMLSchema:
    """sitemaps.org's schema, with the one XHTML element Google allows in it (see the
    fixtures' README)."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xhtml-link.xsd")))


def test_the_sitemap_is_valid_against_the_sitemaps_org_schema(hosted):
    schema = sitemap_schema()
    tree = sitemap(hosted)
    assert schema.validate(tree), schema.error_log
    gz = (hosted.site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(gz) == (hosted.site / "sitemap.xml").read_bytes()


@pytest.mark.parametrize("damage", [
    (f"<loc>{SITE}</loc>", "<loc>/gpt-4o/</loc>", "not a URI of 12 characters or more"),
    ('hreflang="fr"', 'hreflang="french"', "not a language"),
    ('href="https://example.org/gpt-4o/fr/"', 'href="fr/"', "a relative alternate"),
    ("<lastmod>2026", "<lastmod>26", "not a date"),
    ("</urlset>", "<x:extra xmlns:x='urn:x'/></urlset>", "an undeclared element"),
    ('rel="alternate"', 'rel="canonical"', "another rel"),
])
def test_the_schema_check_can_fail(hosted, damage):
    old, new, _ = damage
    text = (hosted.site / "sitemap.xml").read_text(encoding="utf-8")
    assert old in text
    damaged = etree.fromstring(text.replace(old, new, 1).encode())
    assert not sitemap_schema().validate(damaged)


def test_the_sitemap_lists_every_page_of_both_editions_once(hosted):
    locs = [x.text for x in sitemap(hosted).getroot().iterfind("s:url/s:loc", SITEMAP_NS)]
    assert len(locs) == len(set(locs))
    assert set(locs) == set(hosted.urls)  # every page, articles once (they have one address)
    assert {f"{SITE}fr/", f"{SITE}fr/timeline/page/3/", f"{SITE}search/",
            f"{SITE}fr/events/retired/", f"{SITE}fr/sources/"} <= set(locs)


def test_each_page_s_lastmod_is_its_newest_article(hosted):
    dates = {x.findtext("s:loc", namespaces=SITEMAP_NS): x.findtext("s:lastmod",
                                                                    namespaces=SITEMAP_NS)
             for x in sitemap(hosted).getroot().iterfind("s:url", SITEMAP_NS)}
    newest = "2026-02-14T09:00:00Z"  # FORMULA's
    for url, a in hosted.articles.items():
        expected = "2026-02-11T08:00:00Z" if a is None else (
            render.iso(a.date) if a.date else None)
        assert dates[url] == expected, url
    assert dates[SITE] == dates[f"{SITE}fr/"] == newest  # placeholders show the newest
    assert dates[f"{SITE}about/"] == dates[f"{SITE}fr/about/"] == newest
    assert dates[f"{SITE}timeline/"] == dates[f"{SITE}fr/timeline/"] == newest
    # Page 2 of 3 of the timeline (three a page, newest first): its first row is the fourth.
    assert dates[f"{SITE}timeline/page/2/"] == "2026-02-12T09:00:00Z"
    assert dates[f"{SITE}timeline/page/3/"] == "2026-02-05T09:00:00Z"  # UNSEEN, 4, undated
    assert dates[f"{SITE}events/reinstated/"] == "2025-08-08T10:00:00Z"
    assert dates[f"{SITE}tags/lawsuits/"] is None  # shows no article
    assert dates[f"{SITE}search/"] is None


def test_the_sitemap_follows_google_s_hreflang_rules(hosted):
    """Each version lists itself and every other version with absolute addresses, each of which
    lists it back; one x-default per group; the same alternates as the pages' <head>."""
    alternates = sitemap_alternates(sitemap(hosted))
    grouped = {loc: links for loc, links in alternates.items() if links}
    assert len(grouped) > 40 and all(not alternates[u] for u in hosted.articles)
    for loc, links in grouped.items():
        assert loc in links.values(), f"{loc} does not list itself"
        assert links[edition_of(loc)] == loc
        assert list(links).count("x-default") == 1
        for lang, href in links.items():
            assert re.fullmatch(r"[a-z]{2}|x-default", lang)
            assert href.startswith(SITE) and href in alternates, (loc, href)
            assert alternates[href] == links, f"{href} does not point back to {loc}"
        page = head(hosted.urls[loc]).xpath('link[@rel="alternate"][@hreflang]')
        assert {x.get("hreflang"): x.get("href") for x in page} == links, loc


# ---------------------------------------------------------------------------------------------
# Licence and citation


def test_the_about_page_links_the_exports_and_says_how_to_cite(hosted):
    for path, cite in (("about/", f"The GPT-4o Retirement Archive, {SITE}, built 7 December "
                                  "2026."),
                       ("fr/about/", f"Archive du retrait de GPT-4o, {SITE}fr/, version du "
                                     "7 décembre 2026.")):
        page = lxml.html.parse(str(hosted.urls[SITE + path])).getroot()
        (block,) = page.find_class("na-exports")
        links = {a.text_content(): urljoin(SITE + path, a.get("href"))
                 for a in block.iter("a")}
        assert links["articles.csv"] == f"{SITE}articles.csv"
        assert links["articles.json"] == f"{SITE}articles.json"
        assert links["CC BY 4.0"] == "https://creativecommons.org/licenses/by/4.0/"
        assert block.xpath('.//a[@rel="license"]')
        (line,) = block.find_class("na-cite")
        text = " ".join(line.text_content().split())
        assert text.endswith(cite), text


def test_the_footer_states_the_licence_in_each_edition(hosted):
    def footer(url: str) -> list[tuple[str, str]]:
        page = lxml.html.parse(str(hosted.urls[url])).getroot()
        (line,) = page.find_class("na-license")
        parts = line.find_class("na-ed") or [line]
        return [(p.get("lang") or page.get("lang"), " ".join(p.text_content().split()))
                for p in parts]

    english = ("en", "Our text (summaries, story pages, key events) is under CC BY 4.0. The "
                     "linked articles and their headlines remain their publishers'.")
    french = ("fr", "Nos textes (résumés, pages de récit, événements clés) sont publiés sous "
                    "licence CC BY 4.0. Les articles cités et leurs titres restent la "
                    "propriété de leurs éditeurs.")
    assert footer(SITE) == footer(f"{SITE}timeline/") == [english]
    assert footer(f"{SITE}fr/") == footer(f"{SITE}fr/tags/") == [french]
    assert footer(next(iter(hosted.articles))) == [english, french]  # the reader's shows


# ---------------------------------------------------------------------------------------------
# The pure functions


def test_json_ld_cannot_close_its_script_block():
    data = {"headline": "</script><script>alert(1)</script><!-- & -->"}
    html = render.json_ld(data)
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == data


def test_link_preview_attributes_are_escaped_text():
    meta = render.PageMeta('A "quoted" <b>headline</b>', "x' onmouseover='y", "Site",
                           "en_US", "https://example.org/a/", ["fr_FR", "en_US"],
                           kind="article", published=datetime(2026, 2, 13, 9, tzinfo=UTC))
    html = render.head_html(meta)
    tree = lxml.html.fragment_fromstring(f"<div>{html}</div>")
    props = [(m.get("property") or m.get("name"), m.get("content")) for m in tree.iter("meta")]
    assert props == [
        ("og:title", 'A "quoted" <b>headline</b>'), ("og:type", "article"),
        ("og:url", "https://example.org/a/"), ("og:description", "x' onmouseover='y"),
        ("og:site_name", "Site"), ("og:locale", "en_US"), ("og:locale:alternate", "fr_FR"),
        ("article:published_time", "2026-02-13T09:00:00Z"), ("twitter:card", "summary")]
    assert all(set(m.attrib) <= {"property", "name", "content"} for m in tree.iter("meta"))


def test_the_original_report_says_only_what_the_page_knows():
    when = datetime(2026, 2, 13, 9, tzinfo=UTC)
    a = Article(title="  GPT-4o\nleaves ChatGPT ", date=when, source="Example Daily",
                url="https://news.google.com/rss/articles/CBMi", lang="fr-fr", id="x",
                summary="s", authors=["Jane Doe", " "], url_resolved=False, date_inferred=True,
                archived=Snapshot("https://web.archive.org/web/2026/https://example.com/a",
                                  when))
    report = render.news_article(a, record="https://example.org/a/")
    assert report == {
        "@type": "NewsArticle", "headline": "GPT-4o leaves ChatGPT", "inLanguage": "fr-FR",
        "publisher": {"@type": "Organization", "name": "Example Daily"},
        "author": [{"@type": "Person", "name": "Jane Doe"}],
        "archivedAt": ["https://example.org/a/",
                       "https://web.archive.org/web/2026/https://example.com/a"]}
    # No estimated date, no aggregator link given as the article's address.
    bare = Article(title="t", date=None, source="s", url=None, lang="und", id="y", summary="")
    assert render.news_article(bare) == {"@type": "NewsArticle", "headline": "t",
                                         "publisher": {"@type": "Organization", "name": "s"}}


def test_an_event_is_dated_at_the_precision_it_is_known():
    month = Event("launch", date(2024, 5, 1), "Launch", "d", precision="month")
    data = render.event_data(month, name="Launch", description="d",
                             start=render.event_when(month)[0])
    assert data["startDate"] == "2024-05" and "url" not in data
    site = render.website_data(name="N", description="", lang="en")
    assert site == {"@context": "https://schema.org", "@type": "WebSite", "name": "N",
                    "inLanguage": "en"}  # no address: nothing to search, no url


def test_sitemap_of_a_page_in_two_editions():
    entries = [render.SitemapEntry("", datetime(2026, 2, 13, tzinfo=UTC),
                                   render.alternates([("en", "./"), ("fr", "fr/")])),
               render.SitemapEntry("fr/", None, render.alternates([("en", "./"), ("fr", "fr/")])),
               render.SitemapEntry("articles/a/", None, render.alternates([("en", "a/")]))]
    xml = render.sitemap_xml(entries, "https://example.org/a/")
    tree = etree.fromstring(xml.encode())
    assert sitemap_schema().validate(tree), sitemap_schema().error_log
    assert sitemap_alternates(tree) == {
        "https://example.org/a/": {"en": "https://example.org/a/",
                                   "fr": "https://example.org/a/fr/",
                                   "x-default": "https://example.org/a/"},
        "https://example.org/a/fr/": {"en": "https://example.org/a/",
                                      "fr": "https://example.org/a/fr/",
                                      "x-default": "https://example.org/a/"},
        "https://example.org/a/articles/a/": {}}
    assert render.robots_txt(None) == "User-agent: *\nDisallow:\n"
    ET.fromstring(xml)  # well-formed for the standard library too


def test_the_cite_line_without_an_address():
    index = render.build_index([])
    html = render.exports_html(index, "about/", render.Citation(date(2026, 12, 7)),
                               render.edition("fr", site_name="Archive"))
    assert "<cite>Archive</cite>, version du 7 décembre 2026." in html
    assert 'href="../articles.csv"' in html and "licence" not in html


@pytest.mark.parametrize(("cell", "shown"), [
    ("=1+1", "'=1+1"), ("+972 Magazine", "'+972 Magazine"), ("-5", "'-5"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=cmd", "'\t=cmd"), ("\r=cmd", "'\r=cmd"), ("  =1", "'  =1"),
    ("\uff1d1+1", "'\uff1d1+1"), ("GPT-4o = gone", "GPT-4o = gone"),
    ("2026-02-13T09:00:00Z", "2026-02-13T09:00:00Z"), ("", ""),
])
def test_a_cell_that_would_start_a_formula_starts_with_a_quote(cell, shown):
    assert render.neutralise(cell) == shown


def test_articles_csv_quotes_as_rfc_4180_says():
    tricky = article(1, d(13), title='Says "GPT-4o", then, goodbye', summary="Line one\nline two",
                     authors=["Doe, Jane", "Roe; Rick"], tags=["a", "b"],
                     archived=Snapshot("https://web.archive.org/web/1/x", d(13)))
    index = render.build_index([(tricky, "articles/2026/02/x/")])
    text = render.articles_csv(index, license=render.License("CC BY 4.0", "https://c.example/"))
    body = text.removeprefix("\ufeff")
    assert body.splitlines()[0].startswith("title,date,source,url,lang,id,summary,authors,")
    assert '"Says ""GPT-4o"", then, goodbye"' in body and '"Line one\nline two"' in body
    (row,) = csv.DictReader(io.StringIO(body, newline=""))
    assert row["title"] == 'Says "GPT-4o", then, goodbye'
    assert row["summary"] == "Line one\nline two"
    assert row["authors"] == "Doe, Jane; Roe; Rick" and row["tags"] == "a; b"
    assert row["archived.url"] == "https://web.archive.org/web/1/x"
    assert row["archived.timestamp"] == "2026-02-13T09:00:00Z"
    assert row["page"] == "articles/2026/02/x/"  # relative to articles.csv: no address
    assert "CC BY 4.0 (https://c.example/)" in row["license"]
    assert text.endswith("\r\n") and "\r\n" in body
