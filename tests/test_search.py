"""Search: facets an article is filed under, the search page, and running Pagefind."""

from __future__ import annotations

import gzip
import json
import string
from datetime import UTC, datetime
from pathlib import Path

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


def test_essential_reading_is_a_filter_in_each_edition():
    essential = article(highlight=True)
    assert search.facets(essential, source="Le Quotidien Exemple", language="French",
                         tags=[])[-1] == search.Facet("Selection", "Essential reading")
    french = search.article_document(essential, language="Français", tags=[],
                                     words=render.edition("fr").words)
    assert ('<span data-pagefind-filter="Sélection:À lire en priorité"></span>' in french)
    assert "data-pagefind-filter=\"Selection" not in search.article_document(
        article(), language="French", tags=[])


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


def fragments(bundle) -> dict[str, dict]:
    """Pagefind's per-page records in a bundle folder, by URL."""
    out = {}
    for path in (bundle / "fragment").iterdir():
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        out[record["url"]] = record
    return out


def test_an_index_is_built_from_documents_in_memory(tmp_path):
    site = tmp_path / "site"
    index = search.SearchIndex(site / "pagefind", expected=1)
    assert index.parts == [""]
    index.add("articles/2026/02/a/index.html", search.article_document(
        article(), language="French", tags=["Retirement"], body="Les abonnés regrettent."))
    index.add("index.html", search.search_document("Home", "<p>The story.</p>"))
    assert index.finish() == "indexed 2 pages"
    records = fragments(site / "pagefind")
    assert set(records) == {"/", "/articles/2026/02/a/"}
    assert records["/articles/2026/02/a/"]["filters"]["Tag"] == ["Retirement"]
    assert "Les abonnés regrettent." in records["/articles/2026/02/a/"]["content"]
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert not list(site.rglob("*.html"))  # the documents never land in the site
    assert not list(tmp_path.glob("newsarchive-search-*"))


def test_each_edition_s_documents_become_its_own_index(tmp_path):
    """Both editions' indexes are written, each in its language, with the same article URLs
    (article pages are shared)."""
    site = tmp_path / "site"
    editions = [search.SearchIndex(site / "pagefind", expected=1),
                search.SearchIndex(site / "fr" / "pagefind", expected=1)]
    for index, lang in zip(editions, ("en", "fr"), strict=True):
        index.add("articles/2026/02/a/index.html",
                  search.search_document("GPT-4o retired", "<p>x</p>", lang=lang))
    editions[1].add("fr/index.html", search.search_document("Accueil", "<p>L'histoire.</p>",
                                                            lang="fr"))
    summaries = search.finish_all(editions)
    assert summaries == ["indexed 1 pages", "indexed 2 pages"]
    for bundle, lang, urls in (("pagefind", "en", {"/articles/2026/02/a/"}),
                               ("fr/pagefind", "fr", {"/articles/2026/02/a/", "/fr/"})):
        entry = json.loads((site / bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [lang]
        assert set(fragments(site / bundle)) == urls


def test_a_large_index_is_built_in_parts_that_the_search_page_merges(tmp_path):
    """Parts of at most `part_size` pages, balanced, the last taking what comes after the
    articles (story pages); every page in exactly one part; only the first part keeps
    Pagefind's scripts; each part has a hidden page with the words its pages lack, whose
    record is not written and whose id the search page's module hides."""
    bundle = tmp_path / "site" / "pagefind"
    index = search.SearchIndex(bundle, expected=5, part_size=2)
    assert index.parts == ["", "part-2/", "part-3/"] and index.per_part == 2
    assert index.module == "merged/"
    urls = [f"articles/2026/02/a{n}/index.html" for n in range(5)] + ["about/index.html"]
    for n, url in enumerate(urls):
        index.add(url, search.search_document(f"Article {n}", f"<p>Text {n}.</p>"))
    assert not list(tmp_path.rglob("*"))  # in parts, nothing is built before the last page
    assert index.finish().endswith(" in 3 parts")
    seen = {}
    for part, expected in (("", 2), ("part-2/", 2), ("part-3/", 2)):
        records = fragments(bundle / part)
        assert len(records) == expected, part
        assert not set(records) & set(seen)
        seen.update(records)
        assert (bundle / part / "pagefind-entry.json").is_file()
        assert list((bundle / part).glob("*.pf_meta"))
    assert set(seen) == {"/" + u.removesuffix("index.html") for u in urls}
    assert (bundle / "pagefind-ui.js").is_file() and (bundle / "pagefind.js").is_file()
    for part in ("part-2", "part-3"):
        assert not list((bundle / part).glob("*.js")), part
        assert not list((bundle / part).glob("wasm.*")), part
    # Each part lacks the other parts' numbers: each has a hidden page, never written.
    assert len(index.hidden) == 3 and len(set(index.hidden)) == 3
    assert not {f"{h}.pf_fragment" for h in index.hidden} & {
        p.name for p in bundle.rglob("*.pf_fragment")}
    module = (bundle / "merged" / "pagefind.js").read_text(encoding="utf-8")
    assert f"const hidden = new Set({json.dumps(index.hidden)});" in module
    assert 'import * as pagefind from "../pagefind.js";' in module
    page = search.search_page(bundle="pagefind/", parts=index.parts, module=index.module)
    assert ('data-na-bundle="pagefind/merged/" data-na-parts="pagefind/part-2/ '
            'pagefind/part-3/" data-na-open="Language"') in page


def _parts_documents() -> list[tuple[str, str]]:
    """Five articles and a story page, each with a word of its own and words in common."""
    docs = [(f"articles/2026/02/a{n}/index.html", search.search_document(
        f"Article {n}", f"<p>GPT-4o retired, report number{n} of five.</p>"))
        for n in range(5)]
    return [("about/index.html", search.search_document("About", "<p>How it works.</p>")),
            *docs]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _in_parts(bundle: Path, documents, foreseen: set[str] | None) -> search.SearchIndex:
    index = search.SearchIndex(bundle, expected=5, part_size=2)
    if foreseen is not None:
        index.foresee(foreseen)
    for url, document in documents:
        index.add(url, document)
    index.finish()
    return index


def test_an_index_told_its_words_builds_its_parts_as_pages_come(tmp_path, monkeypatch):
    """With every word foreseen, each part is built once full, while the next is fed, never
    more than two Pagefind processes at once; the index is the one built once every page is
    in, file for file (hidden pages' words included)."""
    documents = _parts_documents()
    foreseen = set().union(*(search.indexed_words(d) for _, d in documents[1:]))
    alive, most = set(), [0]
    start, built = search._Part.__init__, search._Part.built

    def started(part, output):
        start(part, output)
        alive.add(id(part))
        most[0] = max(most[0], len(alive))

    def ended(part):
        alive.discard(id(part))
        return built(part)

    monkeypatch.setattr(search._Part, "__init__", started)
    monkeypatch.setattr(search._Part, "built", ended)
    streamed = _in_parts(tmp_path / "streamed" / "pagefind", documents, foreseen)
    assert streamed.streamed and not streamed.unforeseen
    assert most[0] == 2
    monkeypatch.undo()
    at_once = _in_parts(tmp_path / "at-once" / "pagefind", documents, None)
    assert not at_once.streamed
    assert _tree(tmp_path / "streamed") == _tree(tmp_path / "at-once")
    assert streamed.hidden == at_once.hidden and len(streamed.hidden) == 3


def test_a_word_not_foreseen_has_every_part_built_again(tmp_path):
    """A part built without a word another part holds would answer a query for it with the
    wrong pages: once the last page shows the word, every part is built again, and no file of
    the first build is left."""
    documents = _parts_documents()
    foreseen = set().union(*(search.indexed_words(d) for _, d in documents[1:4]))
    index = _in_parts(tmp_path / "again" / "pagefind", documents, foreseen)
    assert not index.streamed and index.unforeseen == 4  # 3, number3, 4, number4
    assert index.written().endswith("3 parts, built once the pages were converted: "
                                    "4 words were not foreseen")
    _in_parts(tmp_path / "at-once" / "pagefind", documents, None)
    assert _tree(tmp_path / "again") == _tree(tmp_path / "at-once")


def test_an_article_s_words_are_foreseen_from_the_archive():
    """`article_words` and `markdown_words`, from the archive, are the words Pagefind finds in
    the article's document once its page is converted."""
    import markdown

    body = ("Les abonnés **regrettent** GPT-4o &amp; son ton\\_chaleureux, "
            "[lire *l'original*](https://example.org/fr/gpt-4o \"titre\") "
            "<span>x</span>y.\n\n* un\n* deux\n\n> cité")
    rendered = markdown.markdown(body)
    cases = [(article(body=body), "en"), (article(body=body, title_en="The end"), "fr"),
             (article(body=body, headline_seen=False, date=None), "fr")]
    for a, lang in cases:
        words = render.WORDS[lang]
        document = search.article_document(a, language="French", tags=["Retrait", "Légal"],
                                           body_html=rendered, words=words)
        foreseen = search.article_words(a, tags=["Retrait", "Légal"], words=words)
        assert foreseen | search.markdown_words(a.body) == search.indexed_words(document), lang


def test_an_index_is_one_part_up_to_part_size_pages_unless_the_site_says_otherwise():
    assert search.part_size(None) == search.PART_SIZE == 3000
    assert search.part_size(0) is None  # one index, however large
    assert search.part_size(500) == 500
    small = search.SearchIndex(Path("unused"), expected=3000, part_size=search.PART_SIZE)
    assert small.parts == [""] and small.module == ""
    large = search.SearchIndex(Path("unused"), expected=3001, part_size=search.PART_SIZE)
    assert large.parts == ["", "part-2/"] and large.per_part == 1501


def pagefind_words(record: dict) -> set[str]:
    """The words of a page's record as Pagefind wrote it: its text and its meta values."""
    words = {w.strip(string.punctuation) for w in record["content"].split()}
    words |= {w.strip(string.punctuation) for v in record["meta"].values() for w in v.split()}
    return words - {""}


def test_the_words_we_find_in_a_document_are_the_ones_pagefind_indexes(tmp_path):
    """`indexed_words` reads a document as Pagefind does (a vocabulary page that missed a word
    would let a part answer with a prefix of it): inline elements join words, blocks part
    them, what Pagefind drops is dropped, meta values and a picture's address count."""
    documents = {
        "/articles/2026/02/a/": search.article_document(
            article(title="La fin de GPT-4o « chaleureux »", title_en="OpenAI's farewell",
                    summary="L'archive débranche GPT‑4o; ThreeAntelopes & co."),
            language="Français", tags=["Retrait"], body="Les abonnés <regrettent> x&y.",
            words=render.WORDS["fr"]),
        "/events/": search.search_document("Key events", (
            '<h2 id="launch">Launch<a class="headerlink" href="#launch" title="Permanent link">'
            '¶</a></h2>\n<p>Read <b>bo</b>ld and <em>it</em>alic.</p>\n'
            "<table><tr><th>Head</th><th>Row</th></tr></table><script>hidden()</script>"
            "<nav>menu</nav><p>a<br>b &amp; c&nbsp;d</p>"
            '<p><img src="../chart.png" alt="Coverage by month"></p>'
            "<ol><li>one</li><li>two</li></ol><!-- note --><dl><dt>term</dt><dd>gloss</dd></dl>")),
    }
    index = search.SearchIndex(tmp_path / "pagefind", expected=2)
    for url, document in documents.items():
        index.add(url.lstrip("/") + "index.html", document)
    index.finish()
    records = fragments(tmp_path / "pagefind")
    for url, document in documents.items():
        assert search.indexed_words(document) == pagefind_words(records[url]), url
    events = search.indexed_words(documents["/events/"])
    assert {"Launch¶", "bold", "italic", "HeadRow", "Coverage", "chart.png"} <= events
    assert not {"hidden", "menu", "note", "bo"} & events


def test_a_vocabulary_page_holds_its_words_and_nothing_else():
    words = {"quintessence", "GPT-4o", "x<b>y", "x&y", "Événement", "l'archive"}
    page = search.vocabulary_document(words, lang="fr")
    assert page.startswith('<!doctype html><html lang="fr">')
    assert search.indexed_words(page) == words
    assert "data-pagefind-filter" not in page and "data-pagefind-meta" not in page
    assert "<h1>" not in page and "<title>" not in page


def test_a_failing_pagefind_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "executable", lambda: Path("/bin/false"))
    index = search.SearchIndex(tmp_path / "pagefind", expected=1)
    with pytest.raises(search.SearchIndexError, match="Pagefind (failed|stopped)"):
        index.add("index.html", search.search_document("Home", "<p>x</p>"))
        index.finish()
    monkeypatch.setattr(search, "executable", lambda: tmp_path / "no-such-pagefind")
    index = search.SearchIndex(tmp_path / "pagefind", expected=1)
    with pytest.raises(search.SearchIndexError, match="Pagefind did not run"):
        index.add("index.html", search.search_document("Home", "<p>x</p>"))
    # In parts built as pages come, it is reported while they come, or at the end.
    monkeypatch.setattr(search, "executable", lambda: Path("/bin/false"))
    index = search.SearchIndex(tmp_path / "parts", expected=4, part_size=2)
    index.foresee({"Home", "x"})
    with pytest.raises(search.SearchIndexError, match="Pagefind (failed|stopped)"):
        for n in range(4):
            index.add(f"a{n}/index.html", search.search_document("Home", "<p>x</p>"))
        index.finish()
    index.abort()


def test_search_urls_are_the_pages_own():
    assert search.search_url("index.html") == "/"
    assert search.search_url("articles/2026/02/a/index.html") == "/articles/2026/02/a/"
    assert search.search_url("articles/2026/02/a.html") == "/articles/2026/02/a.html"


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


def test_the_index_files_are_written_by_a_process_of_their_own(tmp_path):
    """pagefind_files writes the files of Pagefind's answer, and refuses what is no index or
    names a file outside its folder."""
    import base64
    import subprocess
    import sys

    from newsarchive import pagefind_files

    def answer(*files: tuple[str, bytes]) -> bytes:
        return json.dumps({"message_id": 3, "payload": {"type": "GetFiles", "files": [
            {"path": name, "content": base64.b64encode(data).decode()} for name, data in files
        ]}}, separators=(",", ":")).encode()

    index = answer(("pagefind-entry.json", b"{}"), ("fragment/en_1.pf_fragment", b"\x1f\x8b"),
                   ("pagefind-ui.js", b"ui"))
    done = subprocess.run([sys.executable, "-m", "newsarchive.pagefind_files",
                           str(tmp_path / "a")], input=index, capture_output=True, check=True)
    assert done.stdout.decode().split() == ["pagefind-entry.json", "fragment/en_1.pf_fragment",
                                            "pagefind-ui.js"]
    assert (tmp_path / "a" / "fragment" / "en_1.pf_fragment").read_bytes() == b"\x1f\x8b"
    assert pagefind_files.write_index(index, tmp_path / "b", index_only=True).files == [
        "pagefind-entry.json", "fragment/en_1.pf_fragment"]
    with pytest.raises(ValueError, match="outside its folder"):
        pagefind_files.write_index(answer(("../evil.js", b"x")), tmp_path / "c")
    failed = subprocess.run([sys.executable, "-m", "newsarchive.pagefind_files",
                             str(tmp_path / "d")], input=answer(("x.js", b"x")),
                            capture_output=True, check=False)
    assert failed.returncode == 1 and b"holds no index" in failed.stderr


def test_the_writer_leaves_out_the_hidden_page_and_names_its_id(tmp_path):
    import base64
    import subprocess
    import sys

    def record(url: str) -> bytes:
        return gzip.compress(b"pagefind_dcd" + json.dumps(
            {"url": url, "content": "x", "word_count": 1}, separators=(",", ":")).encode())

    answer = json.dumps({"message_id": 3, "payload": {"type": "GetFiles", "files": [
        {"path": name, "content": base64.b64encode(data).decode()} for name, data in (
            ("pagefind-entry.json", b"{}"), ("fragment/en_1a.pf_fragment", record("/a/")),
            ("fragment/en_2b.pf_fragment", record("/na-vocabulary/2/")))]}},
        separators=(",", ":")).encode()
    command = [sys.executable, "-m", "newsarchive.pagefind_files", str(tmp_path / "a")]
    done = subprocess.run(command + ["--hidden", "/na-vocabulary/2/"], input=answer,
                          capture_output=True, check=True)
    assert done.stdout.decode().splitlines() == [
        "pagefind-entry.json", "fragment/en_1a.pf_fragment", "hidden: en_2b"]
    assert not (tmp_path / "a" / "fragment" / "en_2b.pf_fragment").exists()
    failed = subprocess.run(command + ["--hidden", "/na-vocabulary/3/"], input=answer,
                            capture_output=True, check=False)
    assert failed.returncode == 1 and b"holds no page /na-vocabulary/3/" in failed.stderr
