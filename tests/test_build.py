"""Build a small archive with the real `mkdocs build --strict` and check the site readers get.

The test project's mkdocs.yml is the repository's own, copied, with a small `per_page` so that
pagination is exercised: the real configuration is what is tested.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
import yaml
from atomcheck import check_atom
from newsarchive.archive import render_page, write_article
from newsarchive.model import Article, ArticleText, Carrier, Snapshot

REPO = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
PER_PAGE = 3


def mkdocs_build(config: Path, site: Path | None = None,
                 **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`, with `env` added to the environment (SITE_URL=...)."""
    cmd = [str(MKDOCS), "build", "--strict", "-f", str(config)]
    if site is not None:
        cmd += ["-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)


def article(n: int, when: datetime | None, **kw) -> Article:
    fields = dict(
        title=f"GPT-4o retirement story {n}", date=when, source="Example News",
        url=f"https://example.com/news/gpt-4o-{n}", lang="en", id=f"{n:016x}",
        summary=f"Story {n}: OpenAI retires GPT-4o from ChatGPT.", feed="example-news",
        fetched=datetime(2026, 2, 14, 6, 0, tzinfo=UTC), selected_by="keyword: GPT-4o",
        body=f"OpenAI retires **GPT-4o** (story {n}).\n\n"
             f"[Read the original](https://example.com/news/gpt-4o-{n})",
    )
    fields.update(kw)
    return Article(**fields)


def d(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 2, day, hour, 0, tzinfo=UTC)


ARTICLES = [
    article(1, d(13, 9), title="OpenAI retires GPT-4o", tags=["retirement"],
            events=["retired"], authors=["Alex Example"]),
    article(2, d(13, 15), title="La fin de GPT-4o dans ChatGPT", source="Le Quotidien Exemple",
            lang="fr", tags=["retirement", "protests"], url="https://example.org/fr/gpt-4o",
            summary="OpenAI débranche GPT-4o ; les abonnés regrettent son ton chaleureux.",
            body="Les utilisateurs protestent contre la fin de **GPT-4o**.\n\n"
                 "[Lire l'original](https://example.org/fr/gpt-4o)",
            archived=Snapshot("https://web.archive.org/web/20260213160000/https://example.org/fr/"
                              "gpt-4o", datetime(2026, 2, 13, 16, tzinfo=UTC))),
    # Its original is gone: the page offers the archived copy first. Its date note is ours.
    article(3, d(12), title="GPT-4o wird abgeschaltet", source="Beispiel Zeitung", lang="de",
            url="https://example.net/de/gpt-4o", link_status="dead", link_checked=date(2026, 3, 1),
            date_note="the article's byline gives the day and its feed the hour",
            archived=Snapshot("https://web.archive.org/web/20260212100000/https://example.net/de/"
                              "gpt-4o", datetime(2026, 2, 12, 10, tzinfo=UTC))),
    article(4, datetime(2025, 8, 8, 10, tzinfo=UTC), title="GPT-4o is back", tags=["protests"],
            events=["reinstated"],
            body="Subscribers celebrate as the *warmer* model returns to ChatGPT.\n\n"
                 "[Read the original](https://example.com/news/gpt-4o-4)"),
    # Its feed gave no date: the fetch time stands in, and the page says so.
    article(5, d(10), title="Users campaign to #keep4o", source="Le Quotidien Exemple",
            lang="fr", date_inferred=True, fetched=d(10)),
    article(6, None, title="An undated GPT-4o piece", feed=None, fetched=None, url=None,
            selected_by="hand-added"),
]

# A hand-edited page whose body carries raw HTML: nothing of it may reach the built site.
EVIL = """\
---
title: "GPT-4o <script>alert('title')</script> & friends"
date: 2026-02-11T08:00:00Z
source: Example News
url: https://example.com/news/evil
lang: en
id: evil0000000000000
summary: "A page with raw <b>HTML</b> in it."
tags: [retirement]
date_note: "<script>alert('note')</script> & co"
---

Hello <script>alert('body')</script> <span onclick="steal()">click</span>
<img src="https://example.com/x.gif" onerror="alert(1)">
<a href="javascript:alert(2)">bad link</a>

<div onmouseover="alert(3)">hover</div>
"""

TAGS = """\
tags:
  - id: retirement
    label: Retirement
    description: OpenAI withdraws GPT-4o from ChatGPT.
    translations:
      fr: {label: Retrait, description: OpenAI retire GPT-4o de ChatGPT.}
  - id: protests
    label: User protests
    description: Users push back.
  - id: lawsuits
    label: Lawsuits
"""

EVENTS = """\
events:
  - id: launch
    date: "2024-05"
    precision: month
    era: Launch
    title: OpenAI launches GPT-4o
    description: A warmer model.
  - id: reinstated
    date: "2025-08"
    precision: approximate
    date_note: No exact date is known.
    era: GPT-5
    title: OpenAI restores GPT-4o
    description: After the backlash.
  - id: retired
    date: "2026-02-13"
    era: Retirement
    title: GPT-4o leaves ChatGPT
    description: The retirement takes effect.
    translations:
      fr: {era: Retrait, title: GPT-4o quitte ChatGPT, description: Le retrait prend effet.}
"""

SOURCES = """\
sources:
  - id: example-news
    name: Example News
    url: https://example.com/feed.xml
    lang: en
"""

INDEX = """\
---
title: Home
---

# The test archive

<!-- newsarchive:counts -->

<!-- newsarchive:chart -->

## Latest

<!-- newsarchive:latest 3 -->

See the [timeline](timeline/index.md) and the [key events](events/index.md), such as
[the retirement](events/index.md#retired).
"""


def make_project(root: Path, *, per_page: int = PER_PAGE, **plugin_options) -> Path:
    """A project like the repository's: feeds/, docs/ and the real mkdocs.yml, adapted
    (`per_page`, and any other plugin option given)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p for p in config["plugins"] if "newsarchive" in p]
    assert len(plugins) == 1, config["plugins"]
    options = plugins[0]["newsarchive"] if isinstance(plugins[0], dict) else {}
    assert set(options["editions"]) == {"fr"}  # the French edition is tested as configured
    config["plugins"] = [{"newsarchive": {**options, "per_page": per_page, **plugin_options}}
                         if p in plugins else p for p in config["plugins"]]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    feeds = root / "feeds"
    feeds.mkdir(parents=True)
    (feeds / "sources.yml").write_text(SOURCES, encoding="utf-8")
    (feeds / "topics.yml").write_text("include: [GPT-4o]\n", encoding="utf-8")
    (feeds / "tags.yml").write_text(TAGS, encoding="utf-8")
    (feeds / "events.yml").write_text(EVENTS, encoding="utf-8")
    docs = root / "docs"
    (docs / "articles").mkdir(parents=True)
    (docs / "index.md").write_text(INDEX, encoding="utf-8")
    (docs / "about.md").write_text("# About\n\nHow this archive works.\n\n## Data\n\n"
                                   "<!-- newsarchive:exports -->\n", encoding="utf-8")
    # The French edition's story page (its home page is generated: there is no fr/index.md).
    (docs / "fr").mkdir()
    (docs / "fr" / "about.md").write_text("# À propos\n\nComment l'archive fonctionne.\n\n"
                                          "<!-- newsarchive:counts -->\n\n## Données\n\n"
                                          "<!-- newsarchive:exports -->\n", encoding="utf-8")
    return root / "mkdocs.yml"


@dataclass
class Built:
    root: Path
    site: Path
    output: str
    paths: dict[str, Path]  # article id -> page file


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("project")
    config = make_project(root)
    paths = {a.id: write_article(root / "docs" / "articles", a) for a in ARTICLES}
    evil = root / "docs" / "articles" / "2026" / "02" / "evil.md"
    evil.write_text(EVIL, encoding="utf-8")
    paths["evil0000000000000"] = evil
    result = mkdocs_build(config)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return Built(root, root / "site", output, paths)


def page_html(built: Built, article_id: str) -> str:
    rel = built.paths[article_id].relative_to(built.root / "docs").with_suffix("")
    return (built.site / rel / "index.html").read_text(encoding="utf-8")


def content_of(html: str) -> str:
    """The page's main article element, without Material's chrome."""
    start = html.index('<article class="md-content__inner')
    return html[start:html.index("</article>", start)]


def search_fragments(site: Path, bundle: str = "pagefind") -> list[dict]:
    """Pagefind's per-page records: gzip, a signature, then JSON (title, text, filters)."""
    records = []
    for path in sorted((site / bundle / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        records.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return records


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") == "preconnect"):
                self.links.append(a[key])


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    """The file an internal link points to (None for external links)."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
        return None
    base = "/" + page.relative_to(site).as_posix()
    resolved = urlsplit(urljoin(base, link))
    target = site / unquote(resolved.path).lstrip("/")
    if resolved.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, resolved.fragment


# ---------------------------------------------------------------------------------------------


def test_build_is_clean(built):
    assert "WARNING" not in built.output
    assert "ERROR" not in built.output
    # generated pages exist only in the site, never in docs/
    docs = sorted(p.relative_to(built.root / "docs").as_posix()
                  for p in (built.root / "docs").rglob("*") if p.is_file())
    assert all(p.startswith("articles/") or p in ("index.md", "about.md", "fr/about.md")
               for p in docs)
    for path in ("timeline/index.html", "timeline/page/2/index.html", "events/index.html",
                 "sources/index.html", "tags/index.html", "languages/index.html",
                 "languages/fr/index.html", "tags/retirement/index.html", "feed.xml",
                 "articles.json", "assets/stylesheets/newsarchive.css"):
        assert (built.site / path).is_file(), path


def test_the_fragment_cache_changes_no_byte(built, tmp_path, monkeypatch):
    """Article pages share their frame (header, navigation, footer), rendered once per depth
    (fragments.py): the same project built with every fragment rendered on every page gives
    the same pages, byte for byte."""
    monkeypatch.setenv("NEWSARCHIVE_SHORTCUTS", "0")
    result = mkdocs_build(built.root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(p.relative_to(built.site) for p in built.site.rglob("*.html"))
    assert pages == sorted(p.relative_to(tmp_path / "site")
                           for p in (tmp_path / "site").rglob("*.html"))
    assert len([p for p in pages if p.parts[0] == "articles"]) == len(ARTICLES) + 1
    for page in pages:
        assert (tmp_path / "site" / page).read_bytes() == (built.site / page).read_bytes(), page


def test_timeline_order_and_pagination(built):
    titles = []
    for n in (1, 2, 3):
        path = built.site / ("timeline/index.html" if n == 1 else f"timeline/page/{n}/index.html")
        html = content_of(path.read_text(encoding="utf-8"))
        titles += re.findall(r'class="na-item__title" href="[^"]*"[^>]*>([^<]*)</a>', html)
    assert titles == [
        "La fin de GPT-4o dans ChatGPT", "OpenAI retires GPT-4o", "GPT-4o wird abgeschaltet",
        "GPT-4o &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &amp; friends",
        "Users campaign to #keep4o", "GPT-4o is back", "An undated GPT-4o piece"]
    assert not (built.site / "timeline/page/4").exists()
    last = (built.site / "timeline/page/3/index.html").read_text(encoding="utf-8")
    assert "Date unknown" in last and 'rel="prev"' in last
    first = (built.site / "timeline/index.html").read_text(encoding="utf-8")
    assert 'class="na-chart"' in first and "<svg" in first


def test_every_internal_link_resolves(built):
    checked = 0
    pages = sorted(built.site.rglob("*.html"))
    ids = {}
    for page in pages:
        for link in parse(page).links:
            found = target_file(built.site, page, link)
            if found is None:
                continue
            target, fragment = found
            assert target.is_file(), f"{page.relative_to(built.site)}: broken link {link}"
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                assert fragment in ids[target], f"{page}: no #{fragment} in {target}"
            checked += 1
    assert checked > 500


def test_navigation(built):
    home = (built.site / "index.html").read_text(encoding="utf-8")
    nav = re.findall(r'<a href="([^"#]*)" class="md-nav__link[^"]*">\s*'
                     r'<span class="md-ellipsis">\s*(.*?)\s*</span>', home, re.S)
    assert nav == [(".", "Home"), ("timeline/", "Timeline"), ("events/", "Key events"),
                   ("sources/", "Sources"), ("tags/", "Tags"), ("languages/", "Languages"),
                   ("about/", "About")]
    assert '<link rel="alternate" type="application/atom+xml"' in home
    # Search is Pagefind's page, linked from the header; Material's dialog is not built.
    assert re.search(r'<a class="md-header__button md-icon na-search-link" href="search/"'
                     r' title="Search" aria-label="Search">', home)
    assert 'data-md-component="search"' not in home
    assert not (built.site / "search" / "search_index.json").exists()
    assert "fonts.googleapis.com" not in home


def nav_links(html: str) -> list[tuple[str, str]]:
    """The primary navigation's links (href, words), once per edition it shows."""
    return re.findall(r'<a href="([^"#]*)" class="md-nav__link[^"]*">\s*'
                      r'<span class="md-ellipsis">\s*(.*?)\s*</span>', html, re.S)


FRENCH_NAV = ["Accueil", "Chronologie", "Événements clés", "Sources", "Étiquettes", "Langues",
              "À propos"]


def test_the_french_edition(built):
    """Every generated page again under /fr/, in French: navigation, headings, dates, key
    events and tags in their French words, Material's own words, <html lang="fr">; each page
    linked to the same page in English (switch and hreflang) and back."""
    pages = ["", "about/", "timeline/", "timeline/page/3/", "events/", "events/retired/",
             "sources/", "sources/le-quotidien-exemple/", "tags/", "tags/retirement/",
             "languages/", "languages/de/", "search/"]
    for path in pages:
        english = (built.site / path / "index.html").read_text(encoding="utf-8")
        french = (built.site / "fr" / path / "index.html").read_text(encoding="utf-8")
        where = f"fr/{path}"
        assert french.lstrip().startswith('<!doctype html>\n<html lang="fr"'), where
        assert '<nav class="md-header__inner md-grid" aria-label="En-tête">' in french, where
        shown = [words for _, words in nav_links(french)]
        # The page being read is a label, not a link, in Material's navigation.
        assert [w for w in FRENCH_NAV if w in shown or w in french] == FRENCH_NAV, where
        assert not {"Timeline", "Key events", "Languages"} & set(shown), where
        back = "../" * where.count("/") + path
        assert re.search(rf'<a class="na-switch__link" href="{re.escape(back or "./")}" '
                         r'hreflang="en" lang="en" title="Read this page in English">English</a>',
                         french), where
        there = "../" * path.count("/") + where
        assert (f'<a class="na-switch__link" href="{there}" hreflang="fr" lang="fr" '
                'title="Lire cette page en français">Français</a>') in english, path
        for html, here in ((english, path), (french, where)):
            found = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]*)">',
                                    html))
            resolved = {lang: urljoin(f"/{here}", link) for lang, link in found.items()}
            assert resolved == {"en": f"/{path}", "fr": f"/{where}", "x-default": f"/{path}"}
        assert "Archive du retrait de GPT-4o</title>" in french, where
    timeline = content_of((built.site / "fr/timeline/index.html").read_text(encoding="utf-8"))
    assert '<h1 id="chronologie">Chronologie' in timeline
    assert "<p>7 articles, du plus récent au plus ancien, puis ceux dont la date est inconnue." \
        in timeline
    assert '<h3 id="fevrier-2026">Février 2026' in timeline
    assert '<time datetime="2026-02-13T15:00:00Z">13 févr. 2026 à 15:00 UTC</time>' in timeline
    assert 'href="../../fr/tags/retirement/">Retrait</a>' in timeline
    assert 'title="Lien permanent"' in timeline and "Permanent link" not in timeline
    assert "Page 1 sur 3" in timeline and "Articles plus anciens" in timeline
    last = (built.site / "fr/timeline/page/3/index.html").read_text(encoding="utf-8")
    assert '<h2 id="date-inconnue">Date inconnue' in last
    events = content_of((built.site / "fr/events/index.html").read_text(encoding="utf-8"))
    assert '<h2 id="retrait">Retrait' in events  # the era, translated
    assert '<a href="../../fr/events/retired/">GPT-4o quitte ChatGPT</a>' in events
    assert '<time datetime="2025-08">vers août 2025</time>' in events
    assert '<time datetime="2024-05">mai 2024</time>' in events
    assert "OpenAI restores GPT-4o" in events  # not translated: English words stand in
    tag = content_of((built.site / "fr/tags/retirement/index.html").read_text(encoding="utf-8"))
    assert '<h1 id="etiquette-retrait">Étiquette\u00a0: Retrait<a class="headerlink"' in tag
    assert "<p>OpenAI retire GPT-4o de ChatGPT.</p>" in tag
    assert "3 articles portent l'étiquette Retrait." in tag
    languages = content_of((built.site / "fr/languages/index.html").read_text(encoding="utf-8"))
    assert 'Allemand (<span lang="de">Deutsch</span>)' in languages
    assert ">Français</a>" in languages
    assert 'Anglais (<span lang="en">English</span>)' in languages
    home = content_of((built.site / "fr/index.html").read_text(encoding="utf-8"))
    assert re.search(r"<strong>7</strong> articles</a> de .*?<strong>3</strong> sources</a> en "
                     r".*?<strong>3</strong> langues</a>\.", home)
    about = content_of((built.site / "fr/about/index.html").read_text(encoding="utf-8"))
    assert "Comment l" in about and "<strong>7</strong> articles" in about


def test_an_article_page_carries_both_editions(built):
    """One page per article: the English header and navigation show by default, the French
    ones are there for a reader who chose French, linking to the French edition's pages."""
    html = page_html(built, f"{2:016x}")
    assert html.lstrip().startswith('<!doctype html>\n<html lang="en"')
    assert '<meta name="newsarchive:edition" content="">' in html
    content = content_of(html)
    english = "".join(re.findall(r'<div class="na-ed na-ed--en na-ed--default" lang="en">'
                                 r'(.*?)</div><div class="na-ed', content, re.S))
    french = "".join(re.findall(r'<div class="na-ed na-ed--fr" lang="fr">(.*?)</div>(?:\n|$)',
                                content, re.S))
    assert "<dt>Published</dt>" in english and "<dt>Publié le</dt>" in french
    assert "13 février 2026 à 15:00 UTC" in french
    assert 'href="../../../../fr/sources/le-quotidien-exemple/">Le Quotidien Exemple' in french
    assert 'href="../../../../fr/tags/retirement/">Retrait</a>' in french
    # Older and newer: the links once, their words in each edition, the label switched.
    (neighbours,) = re.findall(r'<nav class="na-prevnext".*?</nav>', content)
    assert ('<span class="na-prevnext__dir"><span class="na-ed na-ed--en na-ed--default" '
            'lang="en">Older article</span><span class="na-ed na-ed--fr" lang="fr">Article plus '
            'ancien</span></span>') in neighbours
    assert ('aria-label="Older and newer articles" data-na-aria-label-fr="Articles plus anciens '
            'et plus récents"') in neighbours
    shown = [words for _, words in nav_links(html)]
    assert shown == ["Home", "Timeline", "Key events", "Sources", "Tags", "Languages", "About",
                     *FRENCH_NAV]
    assert ('data-na-switch="fr" lang="fr" title="Afficher les informations de cette page en '
            'français">Français</button>') in html
    assert 'data-na-href-fr="../../../../fr/"' in html  # the logo: the reader's home
    assert 'data-na-aria-label-fr="En-tête"' in html  # Material's words, in each edition
    assert html.count("na-search-link") == 1  # one link; its address is the reader's edition's
    assert 'data-na-href-fr="../../../../fr/search/"' in html
    assert not re.search(r'<link rel="alternate" hreflang=', html)  # one page, one address
    assert "newsarchive-edition.js" in html


def test_search_index(built):
    """Pagefind indexed articles (title, source, summary, tags, body, facets) and story pages."""
    bundle = built.site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 7 + 3  # articles + home, about, events
    assert (bundle / "pagefind-ui.js").is_file() and list((bundle / "filter").iterdir())
    records = {r["url"]: r for r in search_fragments(built.site)}
    assert {"/", "/about/", "/events/"} <= set(records)
    assert not [u for u in records if u.split("/")[1] in ("timeline", "sources", "tags",
                                                          "languages", "search")]
    french = next(r for r in records.values()
                  if r["meta"]["title"] == "La fin de GPT-4o dans ChatGPT")
    assert french["url"].startswith("/articles/2026/02/")
    assert french["filters"] == {"Source": ["Le Quotidien Exemple"], "Language": ["French"],
                                 "Year": ["2026"], "Tag": ["Retirement", "User protests"]}
    assert french["meta"]["Source"] == "Le Quotidien Exemple"
    assert french["meta"]["Published"] == "13 Feb 2026, 15:00 UTC"
    # Found by title, source, summary, tags and the body excerpt, as text (no Markdown).
    for words in ("La fin de GPT-4o", "Le Quotidien Exemple", "regrettent son ton chaleureux",
                  "User protests", "Les utilisateurs protestent contre la fin de GPT-4o.",
                  "Lire l'original"):
        assert words in french["content"], words
    assert "**" not in french["content"] and "https://example.org" not in french["content"]
    assert "OpenAI launches GPT-4o" in records["/events/"]["content"]
    # The published pages carry no indexing markup: Pagefind reads search documents instead.
    for page in built.site.rglob("*.html"):
        assert "data-pagefind" not in page.read_text(encoding="utf-8"), page
    search = (built.site / "search" / "index.html").read_text(encoding="utf-8")
    assert ('<div id="na-search" class="na-search" data-na-bundle="pagefind/" '
            'data-na-open="Language"></div>') in search
    assert '<script src="../pagefind/pagefind-ui.js"></script>' in search
    assert '<a href="../timeline/">timeline</a>' in search


def test_the_french_edition_has_its_own_search_index(built):
    """fr/pagefind/: every article under French facets, and the French story pages only."""
    entry = json.loads((built.site / "fr/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["fr"]
    records = {r["url"]: r for r in search_fragments(built.site, "fr/pagefind")}
    assert {u for u in records if not u.startswith("/articles/")} == {"/fr/", "/fr/about/",
                                                                     "/fr/events/"}
    assert len([u for u in records if u.startswith("/articles/")]) == 7
    french = next(r for r in records.values()
                  if r["meta"]["title"] == "La fin de GPT-4o dans ChatGPT")
    assert french["filters"] == {"Source": ["Le Quotidien Exemple"], "Langue": ["Français"],
                                 "Année": ["2026"], "Étiquette": ["Retrait", "User protests"]}
    assert french["meta"]["Publié le"] == "13 févr. 2026 à 15:00 UTC"
    assert "GPT-4o quitte ChatGPT" in records["/fr/events/"]["content"]
    search = (built.site / "fr" / "search" / "index.html").read_text(encoding="utf-8")
    assert ('<div id="na-search" class="na-search" data-na-bundle="fr/pagefind/" '
            'data-na-open="Langue"></div>') in search
    assert '<script src="../pagefind/pagefind-ui.js"></script>' in search  # fr/pagefind/
    assert '<a href="../../fr/timeline/">chronologie</a>' in search


def test_every_page_carries_the_content_security_policy(built):
    """The CSP meta comes before any script, and allows exactly the template's inline scripts."""
    from newsarchive.csp import inline_script_hashes
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert policy, page
        assert html.index(policy.group(0)) < html.find("<script"), page
        script_src = next(d for d in policy.group(1).split("; ") if d.startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        hashes = set(re.findall(r"'sha256-[^']+'", script_src))
        assert hashes == set(inline_script_hashes(html)), page
        assert "object-src 'none'" in policy.group(1)


def test_the_theme_runs_no_inline_script(built):
    """The scripts every page runs (Material's helpers, palette and tab links, the reader's
    edition) are files, cached once, so no page's policy carries a hash; Material's are its
    own, byte for byte, and run where Material runs them."""
    material = Path(importlib.util.find_spec("material").origin).parent / "templates" / "partials"
    assets = built.site / "assets" / "javascripts"
    for name, script in (("palette", "palette.html"), ("content", "content.html")):
        inline = re.findall(r"<script>(.*?)</script>",
                            (material / "javascripts" / script).read_text(encoding="utf-8"))
        assert inline[-1] in (assets / f"newsarchive-{name}.js").read_text(encoding="utf-8")
    (helpers,) = re.findall(r"<script>(.*?)</script>", (material / "javascripts" / "base.html")
                            .read_text(encoding="utf-8"))
    assert helpers.split("location),", 1)[1] in (assets / "newsarchive-scope.js").read_text(
        encoding="utf-8")
    for page in sorted(built.site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script>", html), page
        assert "'sha256-" not in html, page
    article = page_html(built, f"{2:016x}")
    order = [article.index(f'assets/javascripts/newsarchive-{name}.js"></script>')
             for name in ("scope", "edition-head", "palette", "content", "edition")]
    assert order == sorted(order)
    assert article.index("newsarchive-edition-head.js") < article.index("</head>") \
        < article.index('<form class="md-header__option" data-md-component="palette">') \
        < order[2] < article.index('<article class="md-content__inner') < order[3]


def test_icons_are_drawn_once_for_the_site(built):
    """Every icon a page shows is a reference into the site's one file of icons, each found
    there with its drawing as Material has it (fragments.py)."""
    from xml.etree import ElementTree
    sprite = ElementTree.parse(built.site / "assets" / "images" / "newsarchive-icons.svg")
    symbols = {s.get("id"): s for s in sprite.getroot()}
    material = Path(importlib.util.find_spec("material").origin).parent / "templates" / ".icons"
    for ident in ("material-magnify", "material-library", "material-menu", "material-arrow-up"):
        path = material / (ident.replace("-", "/", 1) + ".svg")
        (drawing,) = re.findall(r"<path d=\"([^\"]+)\"", path.read_text(encoding="utf-8"))
        assert symbols[ident][0].get("d") == drawing
    used = 0
    for page in sorted(built.site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for href, ident in re.findall(r'<use href="([^"#]*)#([^"]+)"></use>', html):
            assert ident in symbols, (page, ident)
            assert (page.parent / href).resolve() == (
                built.site / "assets/images/newsarchive-icons.svg").resolve() or \
                page.name == "404.html", (page, href)
            used += 1
        assert "<path" not in html.split('<div class="md-content"')[0], page  # none inline
    assert used > 100


def test_home_placeholders(built):
    home = content_of((built.site / "index.html").read_text(encoding="utf-8"))
    assert "newsarchive:" not in home
    assert re.search(r"<strong>7</strong> articles</a> from .*?<strong>3</strong> sources</a> "
                     r"in .*?<strong>3</strong> languages</a>", home)
    latest = re.findall(r'class="na-item__title" href="([^"]*)"[^>]*>([^<]*)</a>', home)
    assert [t for _, t in latest] == ["La fin de GPT-4o dans ChatGPT", "OpenAI retires GPT-4o",
                                      "GPT-4o wird abgeschaltet"]
    assert latest[0][0].startswith("articles/2026/02/")
    assert 'id="na-chart-home"' in home


def test_article_page(built):
    html = page_html(built, f"{2:016x}")
    content = content_of(html)
    assert '<h1 lang="fr">La fin de GPT-4o dans ChatGPT</h1>' in content
    assert '<div class="na-body" lang="fr">' in content
    body = content[content.index('<div class="na-body" lang="fr">'):]
    assert "Les utilisateurs protestent" in body[:body.index("</div>")]
    assert ('<a href="https://example.org/fr/gpt-4o" rel="noopener noreferrer" hreflang="fr">'
            'Read it on example.org</a> · <a href="https://web.archive.org/web/20260213160000/'
            'https://example.org/fr/gpt-4o" rel="noopener noreferrer" class="na-archived">'
            'Archived copy</a> <span class="na-note">(Wayback Machine, 13 February 2026, '
            '16:00 UTC)</span>' in content)
    dead = content_of(page_html(built, f"{3:016x}"))
    original = dead.split("<dt>Original</dt><dd>")[1].split("</dd>")[0]
    assert original.startswith('<a href="https://web.archive.org/web/20260212100000/https://'
                               'example.net/de/gpt-4o" rel="noopener noreferrer" '
                               'class="na-archived">Archived copy</a>')
    assert original.endswith('<a href="https://example.net/de/gpt-4o" rel="noopener noreferrer" '
                             'hreflang="de" class="na-dead">Original on example.net</a> '
                             '<span class="na-note na-dead-note">(dead link since 1 March '
                             '2026)</span>')
    assert 'href="../../../../tags/protests/">User protests</a>' in content
    assert 'href="../../../../sources/le-quotidien-exemple/">Le Quotidien Exemple</a>' in content
    assert 'rel="prev"' in content and 'rel="next"' not in content  # the newest article
    with_event = content_of(page_html(built, f"{1:016x}"))
    assert "na-date-note" not in with_event  # a date from the feed, no note: nothing to say
    assert 'href="../../../../events/retired/">GPT-4o leaves ChatGPT</a>' in with_event
    assert 'href="../../../../fr/events/retired/">GPT-4o quitte ChatGPT</a>' in with_event
    # No other article reports its key event: those nearest in date sharing a tag follow it,
    # in both editions.
    for heading in ("On the same subject", "Sur le même sujet"):
        story = with_event.split(f'<h2 class="na-story__heading">{heading}</h2>')[1]
        assert re.findall(r'<a href="[^"]*"[^>]*>([^<]*)</a>', story.split("</ul>")[0]) == [
            "La fin de GPT-4o dans ChatGPT", "GPT-4o &lt;script&gt;alert(&#x27;title&#x27;)"
            "&lt;/script&gt; &amp; friends"]
    assert "<dt>By</dt><dd>Alex Example</dd>" in with_event


def test_an_article_page_says_how_its_date_was_established(built):
    """The note in our words after the date, marked as English in the French header; a fetched
    page whose feed gave no date says so in each edition."""
    content = content_of(page_html(built, f"{3:016x}"))
    english, french = (published_of(content, "Published"), published_of(content, "Publié le"))
    note = "the article&#x27;s byline gives the day and its feed the hour"
    assert english == ('<time datetime="2026-02-12T09:00:00Z">12 February 2026, 09:00 UTC</time> '
                       f'<span class="na-note na-date-note">(how it was dated: {note})</span>')
    assert french == ('<time datetime="2026-02-12T09:00:00Z">12 février 2026 à 09:00 UTC</time> '
                      '<span class="na-note na-date-note">(datation\u00a0: <span lang="en">'
                      f"{note}</span>)</span>")
    fetched = content_of(page_html(built, f"{5:016x}"))
    assert published_of(fetched, "Published").endswith(
        '<span class="na-note na-inferred na-date-note">(date estimated: the feed gave no date; '
        "this is when the article was first fetched)</span>")
    assert published_of(fetched, "Publié le").endswith(
        '<span class="na-note na-inferred na-date-note">(date estimée\u00a0: le flux ne donnait '
        "pas de date\u202f; c'est le moment où l'archive a récupéré l'article "
        "pour la première fois)</span>")
    # Lists keep their rows compact: "(date estimated)", no note.
    for page, estimated in (("sources/le-quotidien-exemple", 1), ("sources/beispiel-zeitung", 0)):
        rows = content_of((built.site / page / "index.html").read_text(encoding="utf-8"))
        assert rows.count(">(date estimated)</span>") == estimated, page
        assert "na-date-note" not in rows and "byline" not in rows and "fetched" not in rows


def published_of(content: str, label: str) -> str:
    return content.split(f"<dt>{label}</dt><dd>")[1].split("</dd>")[0]


def test_raw_html_in_a_page_is_sanitised(built):
    html = page_html(built, "evil0000000000000")
    content = content_of(html)
    for bad in ("<script", "onclick", "onerror", "onmouseover", "javascript:", "<img", "alert(2)"):
        assert bad not in content, bad
    assert "click" in content and "hover" in content
    assert "(how it was dated: &lt;script&gt;alert(&#x27;note&#x27;)&lt;/script&gt; &amp; co)" \
        in content
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.startswith("GPT-4o &lt;script&gt;alert('title')&lt;/script&gt; &amp; friends")
    assert "alert('title')</script>" not in html
    fragments = search_fragments(built.site)
    evil = next(f for f in fragments if "friends" in f["meta"]["title"])
    text = json.dumps(fragments)
    # The index holds text: the title's "<script>" is words (Pagefind escapes it on display,
    # see test_browser), while the body's markup is gone altogether.
    assert "onclick" not in text and "steal()" not in text and "alert(2)" not in text
    assert text.count("<script>") == 2  # the evil title, as content and as meta
    assert "A page with raw <b>HTML</b> in it." in evil["content"]  # its summary, as text
    assert "Hello click bad link" in evil["content"]  # its body: the words, not the markup


def test_events_page(built):
    html = content_of((built.site / "events/index.html").read_text(encoding="utf-8"))
    assert re.findall(r'<li class="na-event" id="([^"]+)"', html) == [
        "launch", "reinstated", "retired"]
    assert '<time datetime="2024-05">May 2024</time>' in html
    assert "around August 2025" in html and "No exact date is known." in html
    retired = html[html.index('id="retired"'):]
    assert "OpenAI retires GPT-4o" in retired


def test_feed_xml(built):
    raw = (built.site / "feed.xml").read_bytes()
    ET.fromstring(raw)
    feed = feedparser.parse(raw)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [
        "La fin de GPT-4o dans ChatGPT", "OpenAI retires GPT-4o", "GPT-4o wird abgeschaltet",
        "GPT-4o <script>alert('title')</script> & friends", "Users campaign to #keep4o",
        "GPT-4o is back"]
    for entry in feed.entries:
        page = next(link.href for link in entry.links if link.rel == "alternate")
        assert (built.site / page / "index.html").is_file()  # relative: no site_url configured
    assert feed.entries[0].updated == "2026-02-13T15:00:00Z"
    assert {link.rel: link.href for link in feed.entries[0].links}["related"] == \
        "https://example.org/fr/gpt-4o"


def test_every_feed_is_valid_atom_and_announced_by_its_page(built):
    """feed.xml, and one per tag and per key event: valid Atom, linked from their pages'
    <head> and text, their links resolving to pages of the site."""
    feeds = sorted(built.site.rglob("feed.xml"))
    names = {f.relative_to(built.site).as_posix() for f in feeds}
    english = {"feed.xml", "tags/retirement/feed.xml", "tags/protests/feed.xml",
               "tags/lawsuits/feed.xml", "events/launch/feed.xml", "events/reinstated/feed.xml",
               "events/retired/feed.xml"}
    assert names == english | {f"fr/{name}" for name in english}
    for feed in feeds:
        parsed = check_atom(feed.read_bytes())
        where = "/" + feed.relative_to(built.site).as_posix()
        for link in [*parsed.feed.links, *(x for e in parsed.entries for x in e.links)]:
            if link.rel == "related":
                continue
            target = built.site / urljoin(where, link.href).lstrip("/")
            assert (target / "index.html").is_file() or target.is_file(), (feed, link.href)
        if feed.parent.parent.name in ("tags", "events"):  # announced by its page
            page = (feed.parent / "index.html").read_text(encoding="utf-8")
            link = re.search(r'<link rel="alternate" type="application/atom\+xml" '
                             r'title="([^"]*)" href="feed.xml">', page)
            assert link and link.group(1) == escape(parsed.feed.title), feed
            assert re.search(r'type="application/atom\+xml">(Follow|Suivre) (this|cette|cet) ',
                             page), feed
    protests = check_atom((built.site / "tags/protests/feed.xml").read_bytes())
    assert [e.title for e in protests.entries] == ["La fin de GPT-4o dans ChatGPT",
                                                   "GPT-4o is back"]
    retired = check_atom((built.site / "events/retired/feed.xml").read_bytes())
    assert [e.title for e in retired.entries] == ["OpenAI retires GPT-4o"]
    assert retired.feed.title == "The GPT-4o Retirement Archive: GPT-4o leaves ChatGPT"
    french = check_atom((built.site / "fr/events/retired/feed.xml").read_bytes())
    assert french.feed.title == "Archive du retrait de GPT-4o\u00a0: GPT-4o quitte ChatGPT"
    assert french.feed.language == "fr"
    assert [e.id for e in french.entries] == [e.id for e in retired.entries]  # same articles
    assert french.feed.id != retired.feed.id
    assert french.entries[0].link == "../../../articles/2026/02/openai-retires-gpt-4o/"


def test_articles_json(built):
    doc = json.loads((built.site / "articles.json").read_text(encoding="utf-8"))
    assert doc["count"] == 7 == len(doc["articles"])
    assert [r["title"] for r in doc["articles"]][-1] == "An undated GPT-4o piece"
    for record in doc["articles"]:
        assert (built.site / record["page"] / "index.html").is_file()
    fr = next(r for r in doc["articles"] if r["lang"] == "fr" and r["tags"])
    assert fr["date"] == "2026-02-13T15:00:00Z" and fr["feed"] == "example-news"
    assert fr["fetched"] == "2026-02-14T06:00:00Z"


def test_a_local_build_has_no_address(built):
    """Without SITE_URL (a plain `make site`): no canonical link, no og:url and no sitemap,
    which need absolute addresses; feeds, exports and hreflang stay relative (see the tests
    above), and pages still have link previews and structured data, without addresses."""
    assert not (built.site / "sitemap.xml").exists()
    assert not (built.site / "sitemap.xml.gz").exists()
    assert (built.site / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nDisallow:\n")
    for page in built.site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert 'rel="canonical"' not in html and 'property="og:url"' not in html, page
        assert '<meta property="og:title" content="' in html, page
        assert '<meta name="twitter:card" content="summary">' in html, page
    home = (built.site / "index.html").read_text(encoding="utf-8")
    site = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                home).group(1))
    assert site["@type"] == "WebSite" and "url" not in site and "potentialAction" not in site
    rows = csv.DictReader(io.StringIO((built.site / "articles.csv").read_text(
        encoding="utf-8-sig"), newline=""))
    for row in rows:
        assert (built.site / row["page"] / "index.html").is_file(), row["page"]
    about = content_of((built.site / "about/index.html").read_text(encoding="utf-8"))
    assert re.search(r"<cite>The GPT-4o Retirement Archive</cite>, built \d+ \w+ \d{4}\.",
                     about)


# ---------------------------------------------------------------------------------------------
# Curated pages: a headline not seen, syndicated copies, highlights, our words per edition

COPY = "https://portal.example.com/ko/gpt-4o"
WIRE = "https://portal.example.com/wire/gpt-4o"
FR_UNSEEN = "Article sur le dernier jour de GPT-4o dans la presse coréenne"


def curated(n: int, when: datetime, **kw) -> Article:
    """A hand-curated page: no feed, our summary in English, a page body of our own."""
    fields = dict(feed=None, fetched=None, selected_by="curated: test", summary_lang="en",
                  body="A few words of our own about the article.")
    return article(n, when, **{**fields, **kw})


CURATED = [
    # The stored copy showed no headline: the title is our description. Read at a carrier.
    curated(11, d(14, 8), title="Report on GPT-4o's last day in the Korean press",
            headline_seen=False, lang="ko", source="Example Ilbo",
            url="https://example.net/ko/gpt-4o", carried_by=Carrier("Example Portal", COPY),
            summary="The paper describes users saying goodbye to GPT-4o on its last day.",
            translations={"fr": ArticleText(
                summary="Le journal décrit les adieux des utilisateurs à GPT-4o.",
                title=FR_UNSEEN)},
            tags=["retirement"], events=["retired"], highlight=True),
    # A Spanish headline with our words for both editions.
    curated(12, d(14, 10), title="Adiós a GPT-4o", lang="es", source="Diario Ejemplo",
            url="https://example.org/es/adios", title_en="Goodbye to GPT-4o",
            summary="The daily reports how Spanish-speaking users reacted to the retirement.",
            translations={"fr": ArticleText(
                summary="Le quotidien raconte la réaction des hispanophones au retrait.",
                title="Adieu à GPT-4o")}, highlight=True),
    # Summarised in French: the English edition shows its English translation.
    curated(13, d(14, 12), title="GPT-4o tire sa révérence", lang="fr", summary_lang=None,
            source="La Revue Exemple", url="https://example.org/fr/reverence",
            title_en="GPT-4o takes its bow", summary="La revue raconte le départ de GPT-4o.",
            translations={"en": ArticleText(summary="The review tells of GPT-4o's departure.")}),
    # A wire story known only by its copy: url is the copy's address.
    curated(14, d(14, 14), title="GPT-4o retires for good", source="Example Wire", url=WIRE,
            carried_by=Carrier("Example Portal", WIRE),
            summary="The agency reports that GPT-4o has left ChatGPT for good."),
]


UNVERIFIED = """\
unverified:
  - url: https://example.org/2026/gpt-4o-adieu
    source: Le Matin Exemple
    lang: fr
    missing: date
    seen: "2026-12-07"
"""


def make_curated_project(root: Path) -> Path:
    """make_project's, with the essential reading on the home page and the articles we could
    not verify on the About pages (hand-written text around the placeholders)."""
    config = make_project(root, per_page=100)
    docs = root / "docs"
    (docs / "index.md").write_text(INDEX.replace("<!-- newsarchive:chart -->",
                                                 "<!-- newsarchive:highlights -->"),
                                   encoding="utf-8")
    for about in (docs / "about.md", docs / "fr" / "about.md"):
        about.write_text(about.read_text(encoding="utf-8")
                         + "\n<!-- newsarchive:unverified -->\n\nOur closing words.\n",
                         encoding="utf-8")
    (root / "feeds" / "unverified.yml").write_text(UNVERIFIED, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def curated_site(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("curated")
    config = make_curated_project(root)
    paths = {a.id: write_article(root / "docs" / "articles", a) for a in ARTICLES[:2] + CURATED}
    result = mkdocs_build(config)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    return Built(root, root / "site", output, paths)


def test_a_headline_not_seen_is_shown_as_ours_on_every_page_that_shows_it(curated_site):
    site = curated_site.site
    html = page_html(curated_site, f"{11:016x}")
    ours = "[Report on GPT-4o's last day in the Korean press] (headline not recorded)"
    assert f"<title>{ours} - The GPT-4o Retirement Archive</title>" in html
    assert ('<h1 lang="en"><span class="na-ed na-ed--en na-ed--default" lang="en">[Report on '
            "GPT-4o&#x27;s last day in the Korean press] (headline not recorded)</span><span "
            f'class="na-ed na-ed--fr" lang="fr">[{FR_UNSEEN}] (titre non relevé)</span></h1>'
            ) in html
    # A reader of the French edition gets our French description in the header and the tab's
    # title too.
    assert html.count(f'lang="fr">[{FR_UNSEEN}] (titre non relevé)</span>') == 2
    assert (f'data-na-doctitle-fr="[{FR_UNSEEN}] (titre non relevé) - Archive du retrait de '
            'GPT-4o"') in html
    listed = {
        "timeline/index.html": "[Report on GPT-4o&#x27;s last day in the Korean press] "
                               "(headline not recorded)</a>",
        "events/index.html": "[Report on GPT-4o&#x27;s last day in the Korean press] (headline "
                             "not recorded)</a>",
        "fr/timeline/index.html": f"[{FR_UNSEEN}] (titre non relevé)</a>",
        "fr/events/retired/index.html": f"[{FR_UNSEEN}] (titre non relevé)</a>",
    }
    for path, shown in listed.items():
        assert shown in content_of((site / path).read_text(encoding="utf-8")), path
    for path, title in (("feed.xml", ours), ("fr/feed.xml", f"[{FR_UNSEEN}] (titre non relevé)"),
                        ("events/retired/feed.xml", ours)):
        check_atom((site / path).read_text(encoding="utf-8"))
        parsed = feedparser.parse((site / path).read_bytes())
        assert title in [e.title for e in parsed.entries], path
    doc = json.loads((site / "articles.json").read_text(encoding="utf-8"))
    record = next(r for r in doc["articles"] if r["id"] == f"{11:016x}")
    assert (record["title"], record["headline_seen"]) == (ours, False)
    assert record["carried_by"] == {"source": "Example Portal", "url": COPY}
    titles = {r["meta"]["title"] for r in search_fragments(site)}
    assert ours in titles
    assert f"[{FR_UNSEEN}] (titre non relevé)" in {
        r["meta"]["title"] for r in search_fragments(site, "fr/pagefind")}


def test_each_edition_shows_our_words_and_the_copy_an_article_was_read_at(curated_site):
    spanish = content_of(page_html(curated_site, f"{12:016x}"))
    french_header = spanish.split('<div class="na-ed na-ed--fr" lang="fr">')[1]
    assert "<dt>Titre en français</dt><dd><span>Adieu à GPT-4o</span></dd>" in french_header
    assert ('<strong class="na-summary__label">Résumé.</strong> Le quotidien raconte la réaction '
            "des hispanophones au retrait.</p>") in spanish
    assert ('<strong class="na-summary__label">Summary.</strong> The daily reports how '
            "Spanish-speaking users reacted to the retirement.</p>") in spanish
    french = content_of(page_html(curated_site, f"{13:016x}"))
    assert "The review tells of GPT-4o&#x27;s departure." in french
    unseen = content_of(page_html(curated_site, f"{11:016x}"))
    assert (f'<dt>Carried by</dt><dd><a href="{COPY}" rel="noopener noreferrer" '
            'class="na-carrier">Example Portal</a></dd>') in unseen
    assert (f'<dt>Repris par</dt><dd><a href="{COPY}" rel="noopener noreferrer" '
            'class="na-carrier">Example Portal</a></dd>') in unseen
    wire = content_of(page_html(curated_site, f"{14:016x}"))
    assert "<dt>Original</dt><dd>Address not known</dd>" in wire
    fr_timeline = content_of((curated_site.site / "fr/timeline/index.html").read_text(
        encoding="utf-8"))
    assert ('<p>Le quotidien raconte la réaction des hispanophones au '
            "retrait.</p>") in fr_timeline
    records = {r["meta"]["title"]: r for r in search_fragments(curated_site.site, "fr/pagefind")}
    assert "Le quotidien raconte la réaction des hispanophones" in records["Adiós a GPT-4o"][
        "content"]


def test_each_home_page_lists_the_essential_reading_and_search_filters_on_it(curated_site):
    site = curated_site.site
    home = content_of((site / "index.html").read_text(encoding="utf-8"))
    assert '<h2 id="essential-reading">Essential reading' in home
    section = home.split('<div class="na-highlights">')[1].split("</div>")[0]
    assert re.findall(r'class="na-item__title" href="[^"]*"[^>]*>([^<]*)</a>', section) == [
        "[Report on GPT-4o&#x27;s last day in the Korean press] (headline not recorded)",
        "Adiós a GPT-4o"]  # in the order of the story
    assert "See the <a" in home  # the page's own words stay
    # The French home page is generated: it has the section too, in French.
    fr_home = content_of((site / "fr/index.html").read_text(encoding="utf-8"))
    assert '<h2 id="a-lire-en-priorite">À lire en priorité' in fr_home
    assert f"[{FR_UNSEEN}] (titre non relevé)</a>" in fr_home
    docs = curated_site.root / "docs"
    highlighted = sorted(f"/{curated_site.paths[f'{n:016x}'].relative_to(docs).with_suffix('')}/"
                         for n in (11, 12))
    for bundle, facet, value in (("pagefind", "Selection", "Essential reading"),
                                 ("fr/pagefind", "Sélection", "À lire en priorité")):
        records = search_fragments(site, bundle)
        essential = sorted(r["url"] for r in records if r["filters"].get(facet) == [value])
        assert essential == highlighted, bundle


def test_the_about_pages_list_the_articles_we_could_not_verify(curated_site):
    for path, heading, words in (
            ("about/index.html", "Articles we could not verify", "the date of publication"),
            ("fr/about/index.html", "Articles que nous n'avons pas pu vérifier",
             "la date de publication")):
        about = content_of((curated_site.site / path).read_text(encoding="utf-8"))
        assert f">{heading}<a class=\"headerlink\"" in about, path
        assert ('<a href="https://example.org/2026/gpt-4o-adieu" rel="noopener noreferrer" '
                'hreflang="fr">example.org/2026/gpt-4o-adieu</a>') in about
        assert f"<td>{words}</td>" in about
        assert about.index(heading) < about.index("Our closing words.")


def test_broken_page_fails_the_strict_build(tmp_path):
    config = make_project(tmp_path)
    write_article(tmp_path / "docs" / "articles", ARTICLES[0])
    bad = tmp_path / "docs" / "articles" / "2026" / "02" / "bad.md"
    bad.write_text(render_page(ARTICLES[1]).replace("lang: fr\n", "lang: fr\nmood: happy\n"),
                   encoding="utf-8")
    unknown = tmp_path / "docs" / "articles" / "2026" / "02" / "unknown-event.md"
    unknown.write_text(render_page(article(9, d(1), events=["no-such-event"])), encoding="utf-8")
    # An impossible date without quotes (PyYAML's own ValueError), and a key MkDocs reads
    # itself on a page that is no valid article: warnings, not tracebacks.
    impossible = tmp_path / "docs" / "articles" / "2026" / "02" / "impossible.md"
    impossible.write_text(render_page(article(10, d(2))).replace(
        "date: '2026-02-02T09:00:00Z'", "date: 2026-02-30T25:00:00Z"), encoding="utf-8")
    template = tmp_path / "docs" / "articles" / "2026" / "02" / "template.md"
    template.write_text(render_page(article(11, d(3))).replace("lang: en\n",
                                                               "lang: en\ntemplate: 5\n"),
                        encoding="utf-8")
    # Dated before the story's first event: validate refuses it, fetch never writes it, and
    # the build says so too (one rule for all three).
    write_article(tmp_path / "docs" / "articles",
                  article(8, datetime(2019, 1, 1, tzinfo=UTC), title="Too early"))
    result = mkdocs_build(config)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert re.search(r"WARNING +- +newsarchive: docs/articles/2026/02/bad\.md:\d+: unknown field "
                     r"'mood'", output), output
    assert "docs/articles/2026/02/unknown-event.md:1: unknown key event 'no-such-event'" in output
    assert ("docs/articles/2026/02/impossible.md:3: '2026-02-30T25:00:00Z' is not a real date "
            "(day is out of range for month)") in output
    assert "docs/articles/2026/02/template.md:7: unknown field 'template'" in output
    assert "Aborted with 5 warnings in strict mode" in output
    assert re.search(r"docs/articles/2019/01/too-early\.md:1: date 2019-01-01 is before the "
                     r"story's first event", output), output


def test_links_in_pages_are_still_checked_and_made_relative(tmp_path):
    """MkDocs' own steps on each page's Markdown run with the shared Markdown instance too
    (sharedmd.py): a link to a missing page or anchor is a warning, a link to another page
    becomes its address, an article body's heading gets its anchor and permalink."""
    config = make_project(tmp_path)
    write_article(tmp_path / "docs" / "articles", article(
        1, d(13), body="## What happened\n\nSee [the about page](../../../about.md) and "
                       "[nothing](../../../missing.md)."))
    (tmp_path / "docs" / "about.md").write_text(
        "# About\n\nThe [timeline](timeline/index.md#nowhere) and [home](index.md).\n",
        encoding="utf-8")
    result = mkdocs_build(config)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"Doc file 'articles/2026/02/[^']+\.md' contains a link "
                     r"'\.\./\.\./\.\./missing\.md', but the target", output), output
    assert re.search(r"Doc file 'about\.md' contains a link 'timeline/index\.md#nowhere', but "
                     r"the doc 'timeline/index\.md' does not contain an anchor '#nowhere'", output)
    about = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../">home</a>' in about
    page = next((tmp_path / "site" / "articles" / "2026" / "02").glob("*/index.html"))
    html = page.read_text(encoding="utf-8")
    assert '<h2 id="what-happened">What happened' in html
    assert '<a href="../../../../about/" rel="noopener noreferrer">the about page</a>' in html


@pytest.mark.parametrize(("editions", "message"), [
    ({"de": {}}, "editions: no interface words for 'de' (available: en, fr)"),
    ({"en": {}}, "editions: 'en' is not another language tag"),
])
def test_an_edition_without_interface_words_is_refused(tmp_path, editions, message):
    config = make_project(tmp_path)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["plugins"] = [{"newsarchive": {"editions": editions}}]
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(config)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


def test_empty_project_builds(tmp_path):
    """No articles, no index.md, no feeds/ folder: still a clean build with a home page."""
    config = make_project(tmp_path)
    (tmp_path / "docs" / "index.md").unlink()
    for path in (tmp_path / "feeds").iterdir():
        path.unlink()
    (tmp_path / "feeds").rmdir()
    result = mkdocs_build(config)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in output, output
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "No articles yet" in home
    timeline = (tmp_path / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "No articles yet" in timeline


def test_repository_site_builds(tmp_path):
    """The repository's own site builds with --strict (into a temporary folder)."""
    result = mkdocs_build(REPO / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    assert (tmp_path / "site" / "timeline" / "index.html").is_file()


@pytest.mark.parametrize("text", [textwrap.dedent("""\
    # Home

    <!-- newsarchive:cuonts -->
    """)])
def test_unknown_placeholder_is_a_warning(tmp_path, text):
    config = make_project(tmp_path)
    (tmp_path / "docs" / "index.md").write_text(text, encoding="utf-8")
    result = mkdocs_build(config)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "index.md: unknown placeholder '<!-- newsarchive:cuonts -->'" in output
