"""Search: facets an article is filed under, the search page, and running Pagefind."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest
from newsarchive import render, search
from newsarchive.model import Article


def article(**kw) -> Article:
    fields = dict(title="La fin de GPT-4o", date=datetime(2026, 2, 13, 9, tzinfo=UTC),
                  source="Le Quotidien Exemple", url="https://example.org/fr/gpt-4o",
                  lang="fr", id="00000000000000a1", summary="OpenAI retire GPT-4o.")
    fields.update(kw)
    return Article(**fields)


def test_facets():
    found = search.facets(article(), source="Le Quotidien Exemple", language="French",
                          tags=["Retirement", "User protests"])
    assert [(f.name, f.value) for f in found] == [
        ("Source", "Le Quotidien Exemple"), ("Language", "French"), ("Year", "2026"),
        ("Tag", "Retirement"), ("Tag", "User protests")]


def test_undated_article_has_no_year_and_blank_values_are_dropped():
    found = search.facets(article(date=None), source="Example", language=" ", tags=[""])
    assert [(f.name, f.value) for f in found] == [("Source", "Example")]


def test_search_page_mounts_the_interface_and_links_the_timeline():
    page = search.search_page("../timeline/")
    assert (f'<div id="{search.SEARCH_ROOT_ID}" class="na-search" data-na-bundle="pagefind/" '
            'data-na-open="Language"></div>') in page
    assert '<a href="../timeline/">timeline</a>' in page
    french = search.search_page("../timeline/", render.WORDS["fr"], bundle="fr/pagefind/")
    assert "title: Recherche\n" in french
    assert "# Rechercher dans l'archive { #na-search-title }" in french
    assert 'data-na-bundle="fr/pagefind/" data-na-open="Langue"' in french
    assert '<a href="../timeline/">chronologie</a>' in french


def test_the_french_edition_files_articles_under_french_facets():
    a = article(tags=["retirement"])
    doc = search.article_document(a, language="Français", tags=["Retrait"],
                                  words=render.WORDS["fr"], body="Les abonnés regrettent.")
    assert doc.startswith('<!doctype html><html lang="fr">')
    for facet in ("Source:Le Quotidien Exemple", "Langue:Français", "Année:2026",
                  "Étiquette:Retrait"):
        assert f'<span data-pagefind-filter="{facet}"></span>' in doc
    # The labels Pagefind shows beside each result ("Publié le: 13 févr. 2026") are French too.
    assert '<span data-pagefind-meta="Publié le:13 févr. 2026 à 09:00 UTC"></span>' in doc
    assert '<span data-pagefind-meta="Source:Le Quotidien Exemple"></span>' in doc
    assert "<p>Les abonnés regrettent.</p>" in doc


def test_index_site_writes_a_bundle(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<html lang="en"><body><main data-pagefind-body><h1>GPT-4o retired</h1>'
        '<p>OpenAI ends GPT-4o.</p><span hidden data-pagefind-filter="Source:Example News">'
        "</span></main></body></html>", encoding="utf-8")
    summary = search.index_site(tmp_path)
    assert summary == "indexed 1 page, 7 words, 1 filter"
    fragment = next((tmp_path / "pagefind" / "fragment").iterdir())
    record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
    assert record["url"] == "/a/" and record["filters"] == {"Source": ["Example News"]}


def test_index_site_reports_pagefind_failure(tmp_path):
    with pytest.raises(search.SearchIndexError, match="Pagefind failed"):
        search.index_site(tmp_path / "missing")


def test_summary_reads_pagefind_report():
    report = "Total:\n  Indexed 1 language\n  Indexed 12 pages\n  Indexed 340 words\n" \
             "  Indexed 4 filters\n  Indexed 0 sorts\n"
    assert search._summary(report) == "indexed 12 pages, 340 words, 4 filters"


def test_indexed_text_joins_source_summary_and_tags():
    a = article(summary="OpenAI retire  GPT-4o\nde ChatGPT.")
    assert search.indexed_text(a, ["Retirement", ""]) == (
        "Le Quotidien Exemple. OpenAI retire GPT-4o de ChatGPT. Retirement.")


def test_search_document_carries_facets_meta_and_escaped_text():
    a = article(title="GPT-4o <script>x()</script>")
    doc = search.article_document(a, language="French", tags=["Retirement"])
    assert "<h1>GPT-4o &lt;script&gt;x()&lt;/script&gt;</h1>" in doc
    assert '<span data-pagefind-filter="Language:French"></span>' in doc
    assert '<span data-pagefind-meta="Published:13 Feb 2026, 09:00 UTC"></span>' in doc
    assert '<span data-pagefind-sort="date:2026-02-13T09:00:00Z"></span>' in doc
    assert "<p>Le Quotidien Exemple. OpenAI retire GPT-4o. Retirement.</p>" in doc


def test_each_edition_s_documents_become_its_own_index(tmp_path):
    """Both editions' indexes are written side by side, each in its language, with the same
    article URLs (article pages are shared)."""
    site = tmp_path / "site"
    site.mkdir()
    editions = [search.SearchDocuments(), search.SearchDocuments("fr/pagefind")]
    for docs, lang in zip(editions, ("en", "fr"), strict=True):
        docs.add("articles/2026/02/a/index.html",
                 search.search_document("GPT-4o retired", "<p>x</p>", lang=lang))
    editions[1].add("fr/index.html", search.search_document("Accueil", "<p>L'histoire.</p>",
                                                            lang="fr"))
    summaries = search.index_all(editions, site)
    assert [s.split(",")[0] for s in summaries] == ["indexed 1 page", "indexed 2 pages"]
    for bundle, lang, urls in (("pagefind", "en", {"/articles/2026/02/a/"}),
                               ("fr/pagefind", "fr", {"/articles/2026/02/a/", "/fr/"})):
        entry = json.loads((site / bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [lang]
        found = {json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
                 for f in (site / bundle / "fragment").iterdir()}
        assert found == urls
    for docs in editions:
        docs.remove()


def test_search_documents_are_indexed_into_the_site_and_removed(tmp_path):
    docs = search.SearchDocuments()
    docs.add("articles/2026/02/a/index.html", search.search_document("GPT-4o retired", "<p>x</p>"))
    docs.add("index.html", search.search_document("Home", "<p>The story.</p>"))
    site = tmp_path / "site"
    site.mkdir()
    assert docs.index_into(site).startswith("indexed 2 pages")
    urls = set()
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.add(json.loads(data)["url"])
    assert urls == {"/", "/articles/2026/02/a/"}
    assert not list(site.glob("*.html"))  # the documents never land in the site
    docs.remove()
    assert not docs.folder.exists()


def test_indexed_text_has_the_english_title_when_there_is_one():
    a = article(title_en="The end of GPT-4o in ChatGPT")  # optional: absent on most pages
    assert search.indexed_text(a, []) == (
        "Le Quotidien Exemple. The end of GPT-4o in ChatGPT. OpenAI retire GPT-4o.")


def test_article_document_indexes_the_body_as_text():
    body = ('<p>Les abonnés <strong>regrettent</strong> GPT-4o &amp; son ton.</p>\n'
            '<p><a href="https://example.org/fr/gpt-4o">Lire l\'original</a></p>'
            "<script>steal()</script>")
    doc = search.article_document(article(), language="French", tags=[], body_html=body)
    assert "<p>Les abonnés regrettent GPT-4o &amp; son ton. Lire l&#x27;original</p>" in doc
    assert "steal" not in doc and "href" not in doc and "<strong>" not in doc
