"""The built site in a real headless Chromium: search, timeline, article pages, CSP and axe.

The archive is test_build's (made-up articles in English, French and German, plus a page with
hostile markup), built with the real `mkdocs build --strict` and served on 127.0.0.1. The
repository's own archive (docs/ as committed) is built once too, and every kind of page it has
is checked with axe in the light and the dark scheme: pages are picked from what the build
produced (the newest article, the first tag...), so the checks follow the archive as it grows.
Debian's `chromium` is driven by Playwright; `playwright install` is never used. Without a
browser the tests skip, with the reason, unless NEWSARCHIVE_REQUIRE_BROWSER=1 (set by .ci/run)
makes that a failure. Screenshots go to tests/artifacts/ for review.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from newsarchive import render
from newsarchive.archive import load_archive, write_article
from newsarchive.model import Article
from test_build import (
    ARTICLES,
    CURATED,
    EVIL,
    FR_UNSEEN,
    REPO,
    make_curated_project,
    make_project,
    mkdocs_build,
)

playwright_api = pytest.importorskip("playwright.sync_api")

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Serious and critical axe findings fail the test; moderate and minor ones are reported only.
AXE_FAILING = {"serious", "critical"}
# Records CSP violations before any page script runs (init scripts bypass the policy).
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        reason = "no Chromium on this machine (apt-get install chromium)"
        if os.environ.get("NEWSARCHIVE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}, and NEWSARCHIVE_REQUIRE_BROWSER=1")
        pytest.skip(reason)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        """A missing address answered with the site's 404.html, as GitHub Pages does."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served on 127.0.0.1; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _built_archive(root: Path, *, search_part_size: int) -> Path:
    """The test archive (ARTICLES and the hostile page) built in `root`."""
    config = make_project(root, search_part_size=search_part_size)
    for a in ARTICLES:
        write_article(root / "docs" / "articles", a)
    (root / "docs" / "articles" / "2026" / "02" / "evil.md").write_text(EVIL, encoding="utf-8")
    result = mkdocs_build(config)
    assert result.returncode == 0, result.stdout + result.stderr
    if search_part_size:  # the parts queried below were built as the pages were converted
        assert "search (en): indexed 10 pages in 3 parts, built while the pages were " \
               "converted" in result.stderr, result.stderr
    return root


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory) -> Path:
    """The test archive, built. Its search indexes come in parts of three pages, as a large
    archive's do, so every search below goes through Pagefind's merging of parts (results and
    filters)."""
    root = _built_archive(tmp_path_factory.mktemp("browser-project"), search_part_size=3)
    for bundle in ("pagefind", "fr/pagefind"):  # 7 articles in parts of 3, story pages first
        assert [(root / "site" / bundle / p / "pagefind-entry.json").is_file()
                for p in ("", "part-2", "part-3", "part-4")] == [True, True, True, False]
    return root / "site"


@pytest.fixture(scope="module")
def site(site_folder) -> Iterator[str]:
    """The test archive served; yields its base URL."""
    with served(site_folder) as base:
        yield base


@pytest.fixture(scope="module")
def hosted(tmp_path_factory) -> Iterator[str]:
    """The test archive built with an address, as the Pages workflow builds it (SITE_URL), and
    served at that address: canonical links, absolute hreflang, link previews, JSON-LD."""
    root = tmp_path_factory.mktemp("hosted-project")
    config = make_project(root)
    for a in ARTICLES:
        write_article(root / "docs" / "articles", a)
    (root / "docs" / "articles" / "2026" / "02" / "evil.md").write_text(EVIL, encoding="utf-8")
    (root / "site").mkdir()
    with served(root / "site") as base:  # its port is the address the site is built with
        result = mkdocs_build(config, SITE_URL=base)
        assert result.returncode == 0, result.stdout + result.stderr
        yield base


@dataclass
class Watched:
    """A page plus everything that went wrong in it: console errors, exceptions, dialogs."""

    page: object
    errors: list[str] = field(default_factory=list)
    scheme: str = "light"  # the colour scheme the reader prefers

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__csp")

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.csp_violations() == []


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    w = Watched(page)
    page.on("console", lambda m: w.errors.append(f"console: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(f"exception: {e}"))
    page.on("dialog", lambda d: (w.errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield w
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_accessible(page, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe
    violations = Axe().run(page).response["violations"]
    failing = [f"{v['id']} ({v['impact']}): {v['help']}, e.g. {v['nodes'][0]['html'][:120]}"
               for v in violations if v["impact"] in AXE_FAILING]
    assert failing == [], f"axe on {name}"


def search(w: Watched, site: str, query: str) -> list[str]:
    """Open search from the home page's header, type like a reader, return result titles."""
    page = w.page
    page.goto(site)
    page.click("a.na-search-link")
    page.wait_for_url("**/search/")
    box = page.locator("input.pagefind-ui__search-input")
    box.wait_for()
    page.wait_for_load_state("networkidle")
    box.press_sequentially(query, delay=50)
    return result_titles(page)


def result_titles(page) -> list[str]:
    """Titles of the results, once Pagefind has replaced its loading placeholders."""
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    # A function, not an expression: Playwright evaluates expressions with eval(), which the
    # site's CSP rightly forbids.
    page.wait_for_function("() => !document.querySelector('.pagefind-ui__loading')",
                           timeout=10_000)
    return page.locator(".pagefind-ui__result-title").all_inner_texts()


# ---------------------------------------------------------------------------------------------


def test_home_page(watched, site):
    page = watched.page
    page.goto(site)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().startswith("The test archive")
    assert page.locator("#na-chart-home").count() == 1
    watched.assert_clean()
    screenshot(page, "home")
    assert_accessible(page, "home")


@pytest.mark.parametrize(("query", "expected"), [
    ("chaleureux", "La fin de GPT-4o dans ChatGPT"),  # French summary
    ("fin", "La fin de GPT-4o dans ChatGPT"),          # French title
    ("Quotidien", "Users campaign to #keep4o"),        # source name
    ("retires", "OpenAI retires GPT-4o"),              # English title
    ("Story 4", "GPT-4o is back"),                     # English summary
    ("protests", "GPT-4o is back"),                    # tag
    ("abgeschaltet", "GPT-4o wird abgeschaltet"),      # German title
    ("celebrate", "GPT-4o is back"),                   # English, only in the body
    ("utilisateurs", "La fin de GPT-4o dans ChatGPT"), # French, only in the body
])
def test_search_finds_articles(watched, site, query, expected):
    titles = search(watched, site, query)
    assert expected in titles, titles
    watched.assert_clean()


def test_search_page_filters_and_accessibility(watched, site):
    search(watched, site, "GPT-4o")
    page = watched.page
    facets = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert {"Source", "Language", "Year", "Tag"} <= {f.strip() for f in facets}, facets
    before = page.locator(".pagefind-ui__result").count()
    page.locator(".pagefind-ui__filter-checkbox[id$='French']").first.check()
    page.wait_for_function(
        "n => document.querySelectorAll('.pagefind-ui__result').length < n", arg=before)
    titles = result_titles(page)
    assert set(titles) == {"La fin de GPT-4o dans ChatGPT", "Users campaign to #keep4o"}
    watched.assert_clean()
    screenshot(page, "search")
    assert_accessible(page, "search")


def test_hostile_title_is_shown_as_text_in_results(watched, site):
    titles = search(watched, site, "friends")
    assert "GPT-4o <script>alert('title')</script> & friends" in titles
    assert watched.page.locator(".pagefind-ui__results script").count() == 0
    watched.assert_clean()  # no dialog opened, no CSP violation


def test_search_results_from_every_part_link_under_a_sub_path(watched, site_folder, tmp_path):
    """Served from a sub-folder, as GitHub project pages are: results from the merged parts
    link there too, not to the host's root."""
    (tmp_path / "archive").symlink_to(site_folder, target_is_directory=True)
    page = watched.page
    with served(tmp_path) as host:
        for edition in ("", "fr/"):  # the French index's parts sit under fr/pagefind/
            page.goto(f"{host}archive/{edition}search/?q=GPT-4o")
            result_titles(page)
            while page.locator("button.pagefind-ui__button").count():  # "Load more results"
                page.locator("button.pagefind-ui__button").click()
            page.wait_for_load_state("networkidle")
            hrefs = page.locator(".pagefind-ui__result-link").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))")
            articles = [h for h in hrefs if h.startswith("/archive/articles/")]
            assert len(articles) == 7, hrefs  # every article, from all three parts
            assert all(h.startswith(f"/archive/{edition}") or h in articles for h in hrefs)
    watched.assert_clean()


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Iterator[str]:
    """The same archive with each edition's search in one index (`search_part_size: 0`),
    served: what the parts of `site` must answer as."""
    root = _built_archive(tmp_path_factory.mktemp("single-index-project"), search_part_size=0)
    assert not (root / "site" / "pagefind" / "part-2").exists()
    with served(root / "site") as base:
        yield base


# Runs queries through the module the search page's interface imports, merging the parts the
# way it does (options, then mergeIndex for each part), on the edition's home page; returns,
# per query, what the interface would get: result URLs in rank order, ids, the counts.
PAGEFIND_QUERIES = """async ([module, parts, base, queries]) => {
  const pagefind = await import(module);
  if (!window.__naMerged) {
    await pagefind.options({ baseUrl: base, excerptLength: 30 });
    for (const part of parts) {
      await pagefind.mergeIndex(part, { baseUrl: base });
    }
    window.__naMerged = true;
  }
  const answers = [];
  for (const [query, filters] of queries) {
    const response = await pagefind.search(query, { filters });
    const urls = [];
    for (const result of response.results) {
      urls.push((await result.data()).url);
    }
    answers.push({ urls, ids: response.results.map((r) => r.id),
                   unfiltered: response.unfilteredResultCount,
                   filters: response.filters, totalFilters: response.totalFilters });
  }
  return answers;
}"""


def pagefind_answers(w: Watched, base: str, edition: str, queries) -> list[dict]:
    """`queries` ((query, filters) pairs) asked of an edition's index as its search page asks."""
    page = w.page
    page.goto(f"{base}{edition}search/")
    root = page.locator("#na-search")
    module = root.get_attribute("data-na-bundle")  # where the interface imports pagefind.js
    parts = (root.get_attribute("data-na-parts") or "").split()
    page.goto(f"{base}{edition}")  # a page without the interface: the module is ours alone
    page.wait_for_load_state("networkidle")
    path = urlsplit(base).path
    return page.evaluate(PAGEFIND_QUERIES, [f"{base}{module}pagefind.js",
                                            [path + p for p in parts], path, queries])


# Words found in one page only, in each edition's index, and the page.
ONE_PAGE = {
    "": [("celebrate", "GPT-4o is back"), ("subscribers", "GPT-4o is back"),
         ("utilisateurs", "La fin de GPT-4o dans ChatGPT"),
         ("friends", "GPT-4o <script>alert('title')</script> & friends")],
    "fr/": [("celebrate", "GPT-4o is back"), ("subscribers", "GPT-4o is back"),
            ("utilisateurs", "La fin de GPT-4o dans ChatGPT")],
}


@pytest.mark.parametrize("edition", ["", "fr/"])
def test_a_word_of_one_page_finds_that_page_alone_from_the_merged_parts(
        watched, site, single, edition):
    """In parts, a part where no word starts with the query would answer with the pages of
    the longest word the query starts with ("a" for "abgeschaltet"): each part's hidden
    vocabulary page prevents it, and is never shown."""
    page = watched.page
    one = "1 result for" if edition == "" else "1 résultat pour"
    for base in (single, site):
        for query, title in ONE_PAGE[edition]:
            page.goto(f"{base}{edition}search/?q={query}")
            assert result_titles(page) == [title], (base, query)
            assert page.locator(".pagefind-ui__message").inner_text().startswith(one), query
    watched.assert_clean()


@pytest.mark.parametrize("edition", ["", "fr/"])
def test_merged_parts_answer_as_one_index_would(watched, site, single, edition):
    """Against the same pages in one index: the same pages for a word of one page, a word of
    none (Pagefind then answers with the longest indexed word the query starts with), prefixes
    and several words; the same counts, filters' counts included; no hidden page."""
    language, french = ("Language", "French") if edition == "" else ("Langue", "Français")
    queries = [[query, {}] for query, _ in ONE_PAGE[edition]]
    queries += [[q, {}] for q in ("abgeschalteter", "quintessence", "zzyzx", "celebr", "ut",
                                  "GPT-4o", "OpenAI retires", "warmer model returns",
                                  "utilisateurs GPT-4o", "fin ChatGPT")]
    queries += [["GPT-4o", {language: [french]}], ["OpenAI", {language: [french]}],
                [None, {language: [french]}], [None, {}]]  # filters alone; everything
    merged = pagefind_answers(watched, site, edition, queries)
    alone = pagefind_answers(watched, single, edition, queries)
    for (query, filters), got, expected in zip(queries, merged, alone, strict=True):
        assert not any("na-vocabulary" in url for url in got["urls"]), query
        assert sorted(got["urls"]) == sorted(expected["urls"]), (query, filters)
        for count in ("unfiltered", "filters", "totalFilters"):
            assert got[count] == expected[count], (query, filters, count)
    for (query, _), got in zip(queries, merged, strict=True):
        if query in dict(ONE_PAGE[edition]):
            assert len(got["urls"]) == got["unfiltered"] == 1, query
    watched.assert_clean()


def test_a_missing_address_is_answered_in_its_edition(watched, hosted):
    """The error page answers in English, in French under /fr/, and elsewhere in the edition
    the reader chose; it leads back to the edition's timeline, and its header and navigation
    are the edition's, as on an article page."""
    page = watched.page
    missing = "articles/2026/02/no-such-article/"
    for path, heading, timeline, lang in (
            (missing, "Page not found", "timeline", "en"),
            ("fr/no-such-page/", "Page introuvable", "chronologie", "fr"),
            (missing, "Page introuvable", "chronologie", "fr")):  # the French timeline was read
        assert page.goto(hosted + path).status == 404
        shown = page.locator("article h1").filter(visible=True)
        assert shown.all_inner_texts() == [heading], path
        assert page.evaluate("document.documentElement.lang") == lang, path
        assert page.locator(".md-nav--primary .md-nav__link").filter(visible=True).first \
            .inner_text() == ("Accueil" if lang == "fr" else "Home"), path
        page.locator("article a").filter(visible=True).filter(has_text=timeline).click()
        page.wait_for_url(hosted + ("fr/" if lang == "fr" else "") + "timeline/")
    # Not a console error of ours: the browser's report of the 404 status itself.
    assert all("status of 404" in e for e in watched.errors), watched.errors
    assert watched.csp_violations() == []
    assert_accessible(page, "404")


def test_linked_search_runs_the_query(watched, site):
    page = watched.page
    page.goto(site + "search/?q=abgeschaltet")
    assert result_titles(page)[0] == "GPT-4o wird abgeschaltet"
    assert page.locator("input.pagefind-ui__search-input").input_value() == "abgeschaltet"


def test_timeline_in_date_order(watched, site):
    page = watched.page
    page.goto(site + "timeline/")
    stamps = page.locator(".na-list time[datetime]").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))")
    assert len(stamps) == 3  # per_page is 3 in the test project
    dates = [datetime.fromisoformat(s.replace("Z", "+00:00")) for s in stamps]
    assert dates == sorted(dates, reverse=True)
    # Page 2 continues where page 1 ended.
    page.locator("a[rel='next']").first.click()
    more = page.locator(".na-list time[datetime]").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))")
    assert datetime.fromisoformat(more[0].replace("Z", "+00:00")) <= dates[-1]
    watched.assert_clean()
    page.goto(site + "timeline/")
    screenshot(page, "timeline")
    assert_accessible(page, "timeline")


def test_french_article_page(watched, site):
    page = watched.page
    page.goto(site + "timeline/")
    page.get_by_role("link", name="La fin de GPT-4o dans ChatGPT").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.get_attribute("lang") == "fr"
    assert page.locator(".na-body").get_attribute("lang") == "fr"
    original = page.locator(".na-meta a[hreflang='fr']:visible")
    assert original.get_attribute("rel") == "noopener noreferrer"
    watched.assert_clean()
    screenshot(page, "article")
    assert_accessible(page, "article")
    # Back to the timeline from the article's navigation.
    page.get_by_role("navigation", name="Navigation").get_by_role(
        "link", name="Timeline").first.click()
    page.wait_for_url("**/timeline/")
    assert page.locator("h1").first.inner_text().startswith("Timeline")


def test_dead_link_page_offers_the_archived_copy_first(watched, site):
    page = watched.page
    page.goto(site + "timeline/")
    page.get_by_role("link", name="GPT-4o wird abgeschaltet").first.click()
    page.wait_for_load_state("networkidle")
    links = page.locator(".na-meta dd a[rel='noopener noreferrer']:visible")
    assert links.evaluate_all("els => els.map(e => e.textContent)") == [
        "Archived copy", "Original on example.net"]
    assert links.first.get_attribute("href").startswith("https://web.archive.org/web/")
    dead = page.locator(".na-meta a.na-dead:visible")
    assert dead.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert "dead link since 1 March 2026" in page.locator(".na-meta:visible").inner_text()
    watched.assert_clean()
    screenshot(page, "article-dead-link")
    assert_accessible(page, "article with a dead link")


def test_hostile_page_runs_nothing(watched, site):
    page = watched.page
    page.goto(site + "articles/2026/02/evil/")
    page.wait_for_load_state("networkidle")
    assert "<script>" in page.locator("h1").first.inner_text()  # shown as text
    page.get_by_text("hover").first.hover()
    page.get_by_text("click").first.click()
    watched.assert_clean()


@pytest.mark.parametrize(("path", "kind"), [
    ("", "WebSite"), ("fr/", "WebSite"), ("events/retired/", "Event"),
    ("fr/events/retired/", "Event"), ("articles/2026/02/evil/", "ItemPage"),
    ("timeline/", None),
])
def test_structured_data_is_data_under_the_same_policy(watched, hosted, path, kind):
    """JSON-LD, a hostile headline in it included, is read as data: the browser logs no CSP
    violation and no error, runs nothing and opens no dialog, under the policy of every page."""
    page = watched.page
    page.goto(hosted + path)
    page.wait_for_load_state("networkidle")
    assert page.locator('link[rel="canonical"]').get_attribute("href") == hosted + path
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    # The theme's scripts are files: no inline script is allowed, by hash or otherwise.
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy
    assert "unsafe-inline" not in policy.split("; ")[1]
    blocks = page.locator('script[type="application/ld+json"]').evaluate_all(
        "els => els.map(e => JSON.parse(e.textContent))")
    assert [b["@type"] for b in blocks] == ([kind] if kind else [])
    if kind == "ItemPage":
        assert blocks[0]["mainEntity"]["headline"] == ("GPT-4o <script>alert('title')</script>"
                                                       " & friends")
        assert "<script>" in page.locator("h1").first.inner_text()  # shown as text
    watched.assert_clean()


# ---------------------------------------------------------------------------------------------
# The French edition


def visible_nav(page) -> list[str]:
    """The words of the primary navigation's links a reader sees."""
    return [t.strip() for t in page.locator(
        "nav.md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link:visible, "
        "nav.md-nav--primary .na-ed:visible > .md-nav__list > .md-nav__item > "
        ".md-nav__link:visible").all_inner_texts()]


def test_french_edition_in_french_and_the_switch_goes_both_ways(watched, site):
    page = watched.page
    page.goto(site + "fr/timeline/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1").first.inner_text().startswith("Chronologie")
    assert visible_nav(page) == ["Accueil", "Chronologie", "Événements clés", "Sources",
                                 "Étiquettes", "Langues", "À propos"]
    assert page.locator("h3").first.inner_text().startswith("Février 2026")
    assert page.locator(".md-skip").get_attribute("href") is not None  # Material's, in French
    assert page.locator(".md-skip").inner_text() == "Aller au contenu"
    footer = page.locator(".md-copyright").inner_text()
    assert "Fait avec Material for MkDocs" in footer and "Made with" not in footer
    watched.assert_clean()
    screenshot(page, "fr-timeline")
    assert_accessible(page, "fr/timeline/")
    # The switch: the same page in English, and back.
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/timeline/")
    assert not page.url.endswith("/fr/timeline/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").first.inner_text().startswith("Timeline")
    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**/fr/timeline/")
    assert page.locator("h1").first.inner_text().startswith("Chronologie")
    watched.assert_clean()


def test_french_search_finds_articles_with_a_french_interface(watched, site):
    page = watched.page
    page.goto(site + "fr/")
    page.click("a.na-search-link")
    page.wait_for_url("**/fr/search/")
    box = page.locator("input.pagefind-ui__search-input")
    box.wait_for()
    assert box.get_attribute("placeholder") == "Rechercher"
    page.wait_for_load_state("networkidle")
    box.press_sequentially("GPT-4o", delay=50)
    result_titles(page)
    facets = {f.strip() for f in page.locator(".pagefind-ui__filter-name").all_inner_texts()}
    assert {"Source", "Langue", "Année", "Étiquette"} <= facets, facets
    assert "résultats pour GPT-4o" in page.locator(".pagefind-ui__message").inner_text()
    # Each result's source and date, labelled in French.
    labels = {t.split(":")[0] for t in page.locator(".pagefind-ui__result-tag").all_inner_texts()}
    assert labels == {"Source", "Publié le"}, labels
    before = page.locator(".pagefind-ui__result").count()
    page.locator(".pagefind-ui__filter-checkbox[id$='Français']").first.check()
    page.wait_for_function(
        "n => document.querySelectorAll('.pagefind-ui__result').length < n", arg=before)
    assert set(result_titles(page)) == {"La fin de GPT-4o dans ChatGPT",
                                        "Users campaign to #keep4o"}
    watched.assert_clean()
    screenshot(page, "fr-search")
    assert_accessible(page, "fr/search/")
    # A result is the article's one page, its header in French.
    page.get_by_role("link", name="La fin de GPT-4o dans ChatGPT").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".na-meta:visible dt").first.inner_text() == "Source"
    assert "Publié le" in page.locator(".na-meta:visible").inner_text()


def test_an_article_follows_the_reader_s_edition(watched, site):
    page = watched.page
    page.goto(site + "fr/timeline/")
    page.get_by_role("link", name="GPT-4o wird abgeschaltet").first.click()
    page.wait_for_load_state("networkidle")
    meta = page.locator(".na-meta:visible")
    assert meta.count() == 1 and "Publié le" in meta.inner_text()
    assert "lien mort depuis le 1er mars 2026" in meta.inner_text()
    assert meta.evaluate("e => e.closest('[lang]').lang") == "fr"
    # How the date was established: our English words, marked so inside the French header.
    note = page.locator(".na-meta:visible .na-date-note")
    assert note.inner_text() == ("(datation\u00a0: the article's byline gives the day and its "
                                 "feed the hour)")
    assert note.locator("[lang]").evaluate("e => e.lang") == "en"
    assert visible_nav(page)[:2] == ["Accueil", "Chronologie"]
    assert page.locator("a.md-logo").first.get_attribute("href").endswith("fr/")
    # The page takes the edition's language and names itself after the French site.
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.title() == "GPT-4o wird abgeschaltet - Archive du retrait de GPT-4o"
    assert page.locator("nav.md-header__inner").get_attribute("aria-label") == "En-tête"
    toggle = page.locator("label[for=__palette_1]")
    assert toggle.get_attribute("title") == "Passer au thème sombre"
    search = page.locator("a.na-search-link")  # one link, to the reader's edition's search
    assert search.get_attribute("href") == "../../../../fr/search/"
    assert search.get_attribute("aria-label") == "Recherche"
    screenshot(page, "fr-article")
    assert_accessible(page, "article, French edition")
    # The switch shows the English words in place, and the choice is remembered.
    switch = page.get_by_role("button", name="English")
    switch.focus()
    switch.press("Enter")
    assert "Published" in page.locator(".na-meta:visible").inner_text()
    assert page.locator(".na-meta:visible .na-date-note").inner_text() == (
        "(how it was dated: the article's byline gives the day and its feed the hour)")
    assert visible_nav(page)[:2] == ["Home", "Timeline"]
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == "GPT-4o wird abgeschaltet - The GPT-4o Retirement Archive"
    assert page.locator("nav.md-header__inner").get_attribute("aria-label") == "Header"
    # The first edition's values are the page's own attributes, not written twice: back too.
    assert toggle.get_attribute("title") == "Switch to dark mode"
    assert search.get_attribute("href") == "../../../../search/"
    assert search.get_attribute("aria-label") == "Search"
    assert page.locator("a.md-logo").first.get_attribute("href") == "../../../../"
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Français"  # the keyboard stays on the switch
    page.reload()
    assert "Published" in page.locator(".na-meta:visible").inner_text()
    watched.assert_clean()


def test_the_front_door_remembers_the_reader_s_choice(watched, site):
    """No cookie: the choice lives in this browser's storage, and a reader coming back to the
    site's address lands in the edition they chose; a link inside the site is obeyed."""
    page = watched.page
    page.goto(site + "fr/about/")
    assert page.context.cookies() == []
    page.goto(site)  # typed or bookmarked: no referrer
    page.wait_for_url("**/fr/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    page.get_by_role("link", name="English").click()  # from within the site: obeyed
    page.wait_for_url(site)
    assert page.locator("h1").first.inner_text().startswith("The test archive")
    page.goto(site)  # English is now the remembered choice
    assert page.url == site
    assert page.context.cookies() == []
    watched.assert_clean()


# ---------------------------------------------------------------------------------------------
# Curated pages: each edition shows our words, and a headline not seen is shown as ours


@pytest.fixture(scope="module")
def curated_site(tmp_path_factory) -> Iterator[str]:
    """test_build's curated pages (a headline not seen, our words in French and English, a
    syndicated copy), built and served."""
    root = tmp_path_factory.mktemp("browser-curated")
    config = make_curated_project(root)
    for a in ARTICLES[:2] + CURATED:
        write_article(root / "docs" / "articles", a)
    result = mkdocs_build(config)
    assert result.returncode == 0, result.stdout + result.stderr
    with served(root / "site") as base:
        yield base


def test_a_french_reader_reads_our_french_words_and_an_english_reader_ours_in_english(
        watched, curated_site):
    page = watched.page
    page.goto(curated_site + "fr/timeline/")
    page.get_by_role("link", name=f"[{FR_UNSEEN}] (titre non relevé)").click()
    page.wait_for_load_state("networkidle")
    heading = page.locator("h1 .na-ed:visible")
    assert heading.inner_text() == f"[{FR_UNSEEN}] (titre non relevé)"
    assert heading.evaluate("e => e.closest('[lang]').lang") == "fr"
    summary = page.locator(".na-summary:visible")
    assert summary.inner_text() == ("Résumé. Le journal décrit les adieux des utilisateurs à "
                                    "GPT-4o.")
    assert "Repris par\nExample Portal" in page.locator(".na-meta:visible").inner_text()
    watched.assert_clean()
    assert_accessible(page, "article whose headline was not seen, French edition")
    page.go_back()
    page.get_by_role("link", name="Adiós a GPT-4o").click()
    page.wait_for_load_state("networkidle")
    meta = page.locator(".na-meta:visible").inner_text()
    assert "Titre en français\nAdieu à GPT-4o" in meta and "Goodbye" not in meta
    assert page.locator(".na-summary:visible").inner_text() == (
        "Résumé. Le quotidien raconte la réaction des hispanophones au retrait.")
    # The same page for an English reader: the English words, in place.
    page.get_by_role("button", name="English").click()
    assert "Title in English\nGoodbye to GPT-4o" in page.locator(".na-meta:visible").inner_text()
    assert page.locator(".na-summary:visible").inner_text() == (
        "Summary. The daily reports how Spanish-speaking users reacted to the retirement.")
    page.goto(curated_site + "timeline/")
    page.get_by_role("link", name="[Report on GPT-4o's last day in the Korean press] (headline "
                                  "not recorded)").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1 .na-ed:visible").inner_text() == (
        "[Report on GPT-4o's last day in the Korean press] (headline not recorded)")
    assert page.title().startswith("[Report on GPT-4o's last day in the Korean press] (headline "
                                   "not recorded) - ")
    watched.assert_clean()
    assert_accessible(page, "article whose headline was not seen")


def test_search_narrows_to_the_essential_reading_and_the_about_page_asks_for_facts(
        watched, curated_site):
    page = watched.page
    page.goto(curated_site + "fr/search/?q=GPT-4o")
    result_titles(page)
    before = page.locator(".pagefind-ui__result").count()
    page.locator(".pagefind-ui__filter-name", has_text="Sélection").first.click()  # open it
    page.locator(".pagefind-ui__filter-checkbox[id$='À lire en priorité']").first.check()
    page.wait_for_function(
        "n => document.querySelectorAll('.pagefind-ui__result').length < n", arg=before)
    assert set(result_titles(page)) == {f"[{FR_UNSEEN}] (titre non relevé)", "Adiós a GPT-4o"}
    watched.assert_clean()
    page.goto(curated_site + "fr/about/")
    table = page.locator(".na-unverified table")
    assert table.locator("caption").inner_text().startswith("1 article dont la date")
    assert "la date de publication" in table.inner_text()
    watched.assert_clean()
    assert_accessible(page, "fr/about/ with the articles we could not verify")


# ---------------------------------------------------------------------------------------------
# The committed archive: the repository's own docs/, as readers get it


@dataclass
class CommittedSite:
    base: str
    pages: dict[str, str]  # kind of page -> path under the site root
    query: str  # a word from the newest article's excerpt, rare across the archive
    expected: dict[str, str]  # that article's title as each edition's search results show it
    listed: list[dict]  # articles.json's records, newest first
    articles: list[Article]  # the committed pages, as read from docs/articles/


def rare_word(text: str, articles: list[Article], where: str) -> str:
    """The word of `text` found in the fewest pages (title, source, summary and excerpt
    counted), so a search for it lists the article it comes from among the first results."""
    def words(value: str) -> set[str]:
        tokens = (t.strip(".,;:!?()[]«»\"'*_") for t in value.split())
        return {t.casefold() for t in tokens if len(t) >= 5 and t.isalpha()}

    mine = words(re.sub(r"\]\([^)]*\)", "]", text))  # a link's text, not its address
    assert mine, f"{where}: no word to search for"
    frequency = Counter(w for a in articles
                        for w in words(f"{a.title} {a.source} {a.summary} {a.body}") & mine)
    return min(sorted(mine), key=lambda w: frequency[w])


@pytest.fixture(scope="module")
def committed(tmp_path_factory) -> Iterator[CommittedSite]:
    """The repository's own archive built once (into a temporary folder) and served."""
    site_dir = tmp_path_factory.mktemp("committed") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    for bundle in ("pagefind", "fr/pagefind"):  # a few hundred articles: one index each
        assert not (site_dir / bundle / "part-2").exists()
        assert not (site_dir / bundle / "merged").exists()
    listed = json.loads((site_dir / "articles.json").read_text(encoding="utf-8"))["articles"]
    assert listed, "the committed archive has no article"
    newest = listed[0]  # articles.json lists the newest first
    articles = load_archive(REPO / "docs" / "articles").articles
    article = next(a for a in articles if a.id == newest["id"])

    def first(folder: str) -> str | None:
        found = sorted(p.parent.relative_to(site_dir).as_posix()
                       for p in (site_dir / folder).glob("*/index.html"))
        return f"{found[0]}/" if found else None

    query = rare_word(article.body, articles, f"{article.path}'s excerpt")
    pages = {"home": "", "about": "about/", "timeline": "timeline/", "key events": "events/",
             "key event": first("events"), "article": newest["page"], "sources": "sources/",
             "tag": first("tags"), "search": f"search/?q={query}",
             "fr home": "fr/", "fr about": "fr/about/", "fr key events": "fr/events/",
             "fr tag": first("fr/tags"), "fr search": f"fr/search/?q={query}"}
    pages = {kind: path for kind, path in pages.items()
             if path is not None and (site_dir / path.split("?")[0] / "index.html").is_file()}
    with served(site_dir) as base:
        expected = {lang: render.clean(render.shown_title(article, render.WORDS[lang]))
                    for lang in ("en", "fr")}
        yield CommittedSite(base, pages, query, expected, listed, articles)


@pytest.fixture(params=["light", "dark"])
def schemed(browser, request) -> Iterator[Watched]:
    """A watched page in the reader's preferred colour scheme."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  color_scheme=request.param)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    w = Watched(page, scheme=request.param)
    page.on("console", lambda m: w.errors.append(f"console: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(f"exception: {e}"))
    yield w
    context.close()


COMMITTED_KINDS = ["home", "about", "timeline", "key events", "key event", "article", "sources",
                   "tag", "search", "fr home", "fr about", "fr key events", "fr tag",
                   "fr search"]


@pytest.mark.parametrize("kind", COMMITTED_KINDS)
def test_committed_archive_is_accessible(schemed, committed, kind):
    """axe finds nothing serious on each kind of page of the real archive, in both schemes."""
    if kind not in committed.pages:
        if kind in ("home", "timeline", "key events", "article", "sources", "search",
                    "fr home", "fr about", "fr key events", "fr search"):
            pytest.fail(f"the committed archive has no {kind} page")
        pytest.skip(f"the committed archive has no {kind} page yet")
    page = schemed.page
    page.goto(committed.base + committed.pages[kind])  # waits for "load": scripts have run
    # Material picks the palette from the reader's preference: slate is its dark scheme.
    shown = page.evaluate("() => document.body.dataset.mdColorScheme")
    assert shown == {"light": "default", "dark": "slate"}[schemed.scheme]
    if kind.endswith("search"):
        titles = result_titles(page)
        expected = committed.expected["fr" if kind.startswith("fr") else "en"]
        assert expected in titles, (committed.query, titles)
    schemed.assert_clean()
    assert_accessible(page, f"{kind} ({committed.pages[kind]}, {schemed.scheme})")


# ---------------------------------------------------------------------------------------------
# The committed archive as a reader meets it: real articles, real languages, real search

def _committed_article(committed: CommittedSite, wanted) -> tuple[Article, str]:
    """The newest committed article matching `wanted`, and its page path on the built site."""
    by_id = {a.id: a for a in committed.articles}
    for record in committed.listed:  # newest first
        if wanted(by_id[record["id"]]):
            return by_id[record["id"]], record["page"]
    pytest.fail("the committed archive has no such article")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_committed_search_finds_real_articles_by_a_headline_word(watched, committed, lang):
    """A word from a French (English) headline finds that real article in the archive."""
    article, _ = _committed_article(
        committed, lambda a: a.lang.split("-")[0] == lang and a.headline_seen)
    word = rare_word(article.title, committed.articles, f"{article.path}'s headline")
    titles = search(watched, committed.base, word)
    assert render.clean(article.title) in titles, (word, titles)


def test_committed_search_finds_our_description_of_an_unseen_headline_marked_as_ours(
        watched, committed):
    """A page whose headline was not seen is found by a word of our description, and the
    result says the title is ours."""
    article, _ = _committed_article(committed, lambda a: not a.headline_seen)
    word = rare_word(article.title, committed.articles, f"{article.path}'s description")
    titles = search(watched, committed.base, word)
    assert f"[{render.clean(article.title)}] (headline not recorded)" in titles, (word, titles)
    watched.assert_clean()


@pytest.mark.parametrize("script", ["Latin", "non-Latin"])
def test_committed_article_in_another_language(watched, committed, script):
    """A French article and one in a non-Latin script: marked with their language, with the
    English headline and our English summary beside them, and a safe link to the original."""
    if script == "Latin":
        article, path = _committed_article(committed,
                                           lambda a: a.lang == "fr" and a.headline_seen)
    else:
        article, path = _committed_article(
            committed, lambda a: any(ord(c) > 0x2FF and c.isalpha() for c in a.title))
    page = watched.page
    page.goto(committed.base + path)
    assert page.locator("h1").first.get_attribute("lang") == article.lang
    assert page.locator("h1").first.inner_text().strip() == render.clean(article.title)
    meta = page.locator(".na-meta:visible")
    assert render.clean(article.title_en) in meta.inner_text()
    summary = page.locator(".na-summary:visible")
    # English, and says so: the page takes the language of the edition the reader chose.
    assert summary.evaluate("e => e.closest('[lang]').lang") == "en"
    assert render.clean(article.summary) in summary.inner_text()
    original = meta.locator(f"a[hreflang='{article.lang}']")
    assert original.get_attribute("href") == article.url
    assert original.get_attribute("rel") == "noopener noreferrer"
    watched.assert_clean()
    screenshot(page, f"committed-article-{script}")
    assert_accessible(page, f"committed {script} article {path}")


def english_interface_words() -> list[str]:
    """Phrases of the English interface that the French one never uses: ours (render/i18n.py)
    and Material's (its en.html against its fr.html), cut where a value goes in. Left out:
    the words "English" and "Next", which are also in publications' names ("... (English)")."""
    import material
    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"

    def material_words(code: str) -> list[str]:
        found = re.findall(r'^\s*"([\w.]+)": "(.*)",?$',
                           (folder / f"{code}.html").read_text(encoding="utf-8"), re.M)
        return [v for k, v in found if k not in ("language", "direction")
                and not k.startswith("search.config")]

    def values(table) -> list[str]:
        return [v for entry in table for v in (entry if isinstance(entry, tuple) else (entry,))]

    french = values([*render.i18n.FR.values(), *material_words("fr")])
    phrases = set()
    for value in values([*render.i18n.EN.values(), *material_words("en")]):
        for part in re.split(r"\{\w+\}", value):
            part = part.strip(" .,:;()!?#\u2190\u2192")
            if re.search(r"[A-Za-z]{3}", part) and (" " in part or part[0].isupper()):
                phrases.add(part)
    return sorted(p for p in phrases - {"English", "Next"} if not any(p in f for f in french))


# The words a reader of the French edition is given: visible text and the names of visible
# controls (aria-label, title...), wherever the page says they are French (its `lang`).
FRENCH_CONTEXT_WORDS = """() => {
  const french = (el) => ((el.closest("[lang]") || document.documentElement).lang
                          .split("-")[0] === "fr");
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (n.textContent.trim() && el.checkVisibility() && french(el)) out.push(n.textContent);
  }
  for (const el of document.body.querySelectorAll("[aria-label], [title], [placeholder]")) {
    if (!el.checkVisibility() || !french(el)) continue;
    for (const name of ["aria-label", "title", "placeholder"]) {
      if (el.hasAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  return out;
}"""


def test_committed_article_from_the_french_timeline_reads_in_french(schemed, committed):
    """A reader of the French edition opens an article in neither English nor French from the
    French timeline: the page, Material's words included (back to top, footer, labels), speaks
    French; what is not French says so (`lang`); the tab is named after the French site."""
    import yaml
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["newsarchive"] for p in config["plugins"] if "newsarchive" in p)
    french_site = options["editions"]["fr"]["site_name"]
    article, path = _committed_article(
        committed, lambda a: a.events and a.lang.split("-")[0] not in ("en", "fr"))
    page = schemed.page
    page.goto(committed.base + "fr/timeline/")
    page.locator(f".na-list a.na-item__title[href$='{path}']").first.click()
    page.wait_for_url(f"**/{path}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "fr"
    shown = render.clean(render.shown_title(article, render.WORDS["fr"]))  # ours in brackets
    assert page.title() == f"{shown} - {french_site}"
    assert page.locator(".na-meta:visible dt").first.is_visible()
    page.evaluate("() => { document.querySelector('.md-top').hidden = false; }")  # on scroll
    said = "\n".join(page.evaluate(FRENCH_CONTEXT_WORDS))
    assert "Retour en haut de la page" in said and "Fait avec" in said
    english = [p for p in english_interface_words()
               if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", said)]
    assert english == [], said
    # The rest of the story, in French: other reports of its key events (in any language,
    # each marked with its own), then the events, dated, each leading to its French page.
    story = page.locator(".na-story:visible")
    assert story.locator("h2").all_inner_texts() == ["Également rapporté",
                                                     "Événements clés abordés"]
    assert 1 <= story.locator(".na-related > li").count() <= 6
    events = story.locator(".na-story__events a")
    assert events.count() == len(set(article.events))
    schemed.assert_clean()
    screenshot(page, f"fr-committed-article-{schemed.scheme}")
    assert_accessible(page, f"{path}, French edition ({schemed.scheme})")
    events.first.click()
    page.wait_for_url("**/fr/events/*/")
    assert page.locator("h1").first.inner_text().startswith("Événement clé")


def test_committed_key_event_lists_the_articles_that_cite_it(watched, committed):
    """Each key event on the events page shows its date note and links to archived articles."""
    page = watched.page
    page.goto(committed.base + "events/")
    events = page.locator(".na-event")
    assert events.count() >= 15
    first = events.first
    assert first.locator("a[href*='articles/']").count() >= 2
    watched.assert_clean()
