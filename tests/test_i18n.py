"""The interface in English and French (newsarchive.render.i18n) and the French edition's pure
rendering: words, plurals, numbers, dates, language names, and every view in French."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from atomcheck import check_atom
from newsarchive import render, search
from newsarchive.model import (
    Article,
    ArticleText,
    Carrier,
    Event,
    EventText,
    Tag,
    TagText,
    Unverified,
)
from newsarchive.render.i18n import EN, FR
from test_render import assert_balanced

FRENCH = render.edition("fr", site_name="Archive du retrait")
ENGLISH = render.ENGLISH
W = FRENCH.words
FIELD = re.compile(r"\{(\w+)\}")
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def art(n: int, when: datetime | None, **kw) -> Article:
    fields = dict(title=f"GPT-4o story {n}", date=when, source="Example News",
                  url=f"https://example.com/news/{n}", lang="en", id=f"id{n:05d}",
                  summary=f"Summary of story {n}.")
    fields.update(kw)
    return Article(**fields)


def index_of(articles, tags=None, events=None) -> render.ArchiveIndex:
    pages = [(a, f"articles/{a.date:%Y/%m}/{a.id}/" if a.date else f"articles/undated/{a.id}/")
             for a in articles]
    return render.build_index(pages, tags or {}, events or {})


TAGS = {"lawsuits": Tag("lawsuits", "Lawsuits", "Court cases.",
                        translations={"fr": TagText("Procès", "Les actions en justice.")}),
        "industry": Tag("industry", "Industry")}
EVENTS = {
    "retired": Event("retired", date(2026, 2, 1), "GPT-4o leaves ChatGPT", "It goes.",
                     era="Retirement",
                     translations={"fr": EventText("GPT-4o quitte ChatGPT", "Il s'en va.",
                                                   era="Retrait")}),
    "protests": Event("protests", date(2026, 2, 1), "Users protest", "They campaign.",
                      era="Retirement", precision="approximate", date_note="Late February."),
}


# ---------------------------------------------------------------------------------------------
# The tables


def test_every_language_has_every_entry_with_the_same_fields():
    assert set(FR) == set(EN)
    for key, english in EN.items():
        french = FR[key]
        assert isinstance(french, tuple) == isinstance(english, tuple), key
        forms = zip(english, french, strict=True) if isinstance(english, tuple) else [
            (english, french)]
        for en, fr in forms:
            assert set(FIELD.findall(en)) == set(FIELD.findall(fr)), key
            assert fr.strip() and fr == fr.strip(), key


def test_plurals_follow_each_language_s_rule():
    assert ENGLISH.words.count("n_articles", 0) == "0 articles"
    assert ENGLISH.words.count("n_articles", 1) == "1 article"
    assert W.count("n_articles", 0) == "0 article"  # French: singular for zero
    assert W.count("n_articles", 1) == "1 article"
    assert W.count("event_coverage", 2) == "2 articles archivés sur cet événement"
    assert W.count("n_articles", 12345) == "12\u202f345 articles"
    assert ENGLISH.words.count("n_articles", 12345) == "12,345 articles"
    with pytest.raises(TypeError):
        W("n_articles")
    with pytest.raises(TypeError):
        W.count("timeline", 2)


def test_html_entries_escape_the_words_but_not_the_values():
    assert W.html("full_timeline", articles="<b>7</b>") == "Toute la chronologie (<b>7</b>)"
    assert W.count_html("tag_intro", 3, strong=True, tag="<em>Procès</em>") == \
        "<strong>3</strong> articles portent l'étiquette <em>Procès</em>."
    # A value with braces is not read as a field.
    assert W.html("copy_on", host="{count}") == "sur {count}"


@pytest.mark.parametrize(("value", "english", "french"), [
    (datetime(2026, 2, 13, 9, 30, tzinfo=UTC), "13 February 2026, 09:30 UTC",
     "13 février 2026 à 09:30 UTC"),
    (datetime(2026, 2, 13, tzinfo=UTC), "13 February 2026", "13 février 2026"),
    (datetime(2025, 8, 1, tzinfo=UTC), "1 August 2025", "1er août 2025"),
    (datetime(2025, 12, 31, 23, 0, tzinfo=UTC), "31 December 2025, 23:00 UTC",
     "31 décembre 2025 à 23:00 UTC"),
])
def test_dates_are_written_in_each_language(value, english, french):
    assert ENGLISH.words.date(value) == english
    assert W.date(value) == french


def test_short_dates_and_month_headings():
    assert W.date(datetime(2026, 2, 13, tzinfo=UTC), short=True) == "13 févr. 2026"
    assert [W.month(m, short=True) for m in range(1, 13)] == [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
        "nov.", "déc."]
    assert W.month_year(2026, 2) == "février 2026"
    assert W.month_year(2026, 2, heading=True) == "Février 2026"
    assert ENGLISH.words.month_year(2026, 9, short=True) == "Sep 2026"


def test_language_names_in_each_language():
    assert ENGLISH.words.language_label("fr") == "French (français)"
    assert W.language_label("fr") == "Français"
    assert W.language_label("de") == "Allemand (Deutsch)"
    assert W.language_label("de", heading=False) == "allemand (Deutsch)"
    assert W.language_label("en") == "Anglais (English)"
    assert W.language_label("xx-unknown") == "xx-unknown"
    assert render.language_label_html("de", W, heading=False) == \
        'allemand (<span lang="de">Deutsch</span>)'


def test_names_sort_as_a_reader_expects():
    names = ["Zeit", "Écho", "avenir", "Étoile"]
    assert sorted(names, key=W.sort_key) == ["avenir", "Écho", "Étoile", "Zeit"]


def test_an_edition_is_made_only_for_a_language_with_words():
    assert FRENCH.prefix == "fr/" and FRENCH.src("timeline/index.md") == "fr/timeline/index.md"
    with pytest.raises(KeyError, match="no interface words for 'de'"):
        render.edition("de")


# ---------------------------------------------------------------------------------------------
# The French edition's views


def test_french_timeline_headings_pager_and_rows():
    articles = [art(i, datetime(2026, 2, 13, 9, tzinfo=UTC) - timedelta(days=20 * i),
                    tags=["lawsuits"], lang="fr" if i == 0 else "en") for i in range(4)]
    articles.append(art(9, None))
    index = index_of(articles, TAGS)
    pages = render.timeline_pages(index, per_page=3, chart=False, ed=FRENCH)
    assert [p.src_uri for p in pages] == ["fr/timeline/index.md", "fr/timeline/page/2/index.md"]
    first = pages[0]
    assert "title: Chronologie\n" in first.content
    assert re.findall(r"^#+ .*$", first.content, re.M) == [
        "# Chronologie", "## 2026", "### Février 2026", "### Janvier 2026"]
    blocks = "".join(first.blocks)
    assert "5 articles, du plus récent au plus ancien, puis ceux dont la date est inconnue." \
        in blocks
    assert '<time datetime="2026-02-13T09:00:00Z">13 févr. 2026 à 09:00 UTC</time>' in blocks
    assert '<a href="../../fr/tags/lawsuits/">Procès</a>' in blocks
    assert '<a href="../../fr/sources/example-news/">Example News</a>' in blocks
    assert '<abbr title="Anglais">en</abbr>' in blocks
    # The French title needs no lang on a French page; the English ones do.
    assert 'href="../../articles/2026/02/id00000/">GPT-4o story 0</a>' in blocks
    assert 'href="../../articles/2026/01/id00001/" lang="en">' in blocks
    assert '<nav class="na-pager" aria-label="Chronologie\u00a0: pages">' in blocks
    assert 'rel="next">Articles plus anciens \u2192</a>' in blocks
    assert "Page 1 sur 2" in blocks
    second = pages[1]
    assert "Chronologie (page 2 sur 2)" in second.content
    assert "## Date inconnue" in second.content


def test_french_rows_are_cached_apart_from_english_ones():
    index = index_of([art(1, datetime(2026, 2, 1, tzinfo=UTC), tags=["lawsuits"])], TAGS)
    item = index.items[0]
    english = render.article_row(index, item, "timeline/")
    french = render.article_row(index, item, "fr/timeline/", FRENCH)
    assert "Lawsuits" in english and "Procès" in french
    assert render.article_row(index, item, "timeline/") == english  # from the cache


def test_french_events_page_uses_the_translations_and_falls_back_to_english():
    index = index_of([art(1, datetime(2026, 2, 13, tzinfo=UTC), events=["retired"])],
                     events=EVENTS)
    page = render.events_page(index, FRENCH)
    assert page.src_uri == "fr/events/index.md"
    assert "# Événements clés" in page.content and "## Retrait" in page.content
    html = "".join(page.blocks)
    assert '<time datetime="2026-02-01">1er février 2026</time>' in html
    assert '<a href="../../fr/events/retired/">GPT-4o quitte ChatGPT</a>' in html
    assert '<p class="na-event__desc">Il s&#x27;en va.</p>' in html
    assert "1 article archivé sur cet événement\u00a0:" in html
    assert "Users protest" in html  # no French words: English stands in
    assert "vers février 2026" in html
    assert "(date approximative\u00a0: Late February.)" in html
    [retired, protests] = render.event_pages(index, ed=FRENCH)
    assert retired.src_uri == "fr/events/retired/index.md"
    assert "title: 'Événement clé\u00a0: GPT-4o quitte ChatGPT'\n" in retired.content
    assert "Aucun article archivé sur cet événement" in "".join(protests.blocks)


def test_french_lists_of_sources_tags_and_languages():
    articles = [art(1, datetime(2026, 2, 1, tzinfo=UTC), tags=["lawsuits"], lang="de"),
                art(2, datetime(2026, 2, 2, tzinfo=UTC), source="Écho du Web", lang="fr")]
    index = index_of(articles, TAGS)
    sources = {p.src_uri: p for p in render.source_pages(index, ed=FRENCH)}
    table = "".join(sources["fr/sources/index.md"].blocks)
    assert table.index("Écho du Web") < table.index("Example News")  # é sorts with e
    assert "<caption>Les sources et le nombre de leurs articles archivés</caption>" in table
    assert "2 sources dans l&#x27;archive." in table
    tags = {p.src_uri: p for p in render.tag_pages(index, ed=FRENCH)}
    assert list(tags) == ["fr/tags/index.md", "fr/tags/industry/index.md",
                          "fr/tags/lawsuits/index.md"]
    lawsuits = tags["fr/tags/lawsuits/index.md"]
    assert "# Étiquette\u00a0: Procès\n" in lawsuits.content
    assert "newsarchive_feed:\n  url: fr/tags/lawsuits/feed.xml" in lawsuits.content
    assert "Suivre cette étiquette par son flux Atom" in "".join(lawsuits.blocks)
    assert "1 article porte l'étiquette Procès." in "".join(lawsuits.blocks)
    languages = {p.src_uri: p for p in render.language_pages(index, ed=FRENCH)}
    german = "".join(languages["fr/languages/de/index.md"].blocks)
    assert 'en allemand (<span lang="de">Deutsch</span>).' in german


def test_french_chart_and_placeholders():
    articles = [art(i, datetime(2026, 2, 2, tzinfo=UTC) + timedelta(days=i)) for i in range(3)]
    index = index_of(articles)
    chart = render.coverage_chart(index, ed=FRENCH)
    assert "<title id=\"na-chart-title\">Articles par semaine</title>" in chart
    assert ("3 articles datés, de la semaine du 2 févr. 2026 à celle du 2 févr. 2026, comptés "
            "par semaine. La semaine la plus chargée est celle du 2 févr. 2026, avec 3 "
            "articles.") in chart
    assert "<summary>Les chiffres du graphique</summary>" in chart
    filled = render.fill_placeholders("<!-- newsarchive:counts -->\n<!-- newsarchive:latest 2 -->",
                                      index, "fr/", ed=FRENCH)
    assert re.search(r'<a href="../fr/timeline/"><strong>3</strong> articles</a> de <a href='
                     r'"../fr/sources/"><strong>1</strong> source</a> en <a href="../fr/'
                     r'languages/"><strong>1</strong> langue</a>\.', filled)
    assert "Toute la chronologie (3 articles)" in filled
    assert "title: Accueil" in render.default_home("Archive", FRENCH)


def test_an_article_carries_each_edition_s_header():
    a = art(1, datetime(2026, 2, 13, 9, 30, tzinfo=UTC), tags=["lawsuits"], lang="fr",
            events=["retired"], authors=["Ann"], feed=None, summary_lang="en",
            link_status="dead", link_checked=date(2026, 3, 1))
    b = art(2, datetime(2026, 2, 12, tzinfo=UTC))
    index = index_of([a, b], TAGS, EVENTS)
    item = index.items[0]
    html = render.article_html(index, item, "<p>Corps.</p>", [ENGLISH, FRENCH])
    english, french = re.findall(r'<div class="na-ed na-ed--(?:en na-ed--default|fr)" '
                                 r'lang="(?:en|fr)"><div class="na-meta">(.*?)</div></div>', html)
    assert "<dt>Published</dt>" in english and "<dt>Publié le</dt>" in french
    assert "13 février 2026 à 09:30 UTC" in french
    assert "<dt>Par</dt><dd>Ann</dd>" in french
    assert '<a href="../../../../fr/languages/fr/">Français</a>' in french
    assert ('<time datetime="2026-02-01">1er février 2026</time> '
            '<a href="../../../../fr/events/retired/">GPT-4o quitte ChatGPT</a>') in html
    assert "Original sur example.com</a>" in french
    assert "(lien mort depuis le 1er mars 2026)" in french
    assert ('<strong class="na-summary__label"><span class="na-ed na-ed--en na-ed--default" '
            'lang="en">Summary.</span><span class="na-ed na-ed--fr" lang="fr">Résumé.</span>'
            '</strong>') in html
    assert html.count('<div class="na-body" lang="fr">') == 1  # the body once
    assert "Article plus ancien" in html and "Older article" in html
    # One edition: the page as it always was, no wrappers.
    single = render.article_html(index, item, "<p>Corps.</p>")
    assert "na-ed" not in single and "<dt>Published</dt>" in single


def test_the_date_note_in_french_is_marked_as_english():
    """The note is our English prose: inside the French header it says so (lang="en"); the
    default note for a fetched page is interface text, in French."""
    note = "the article says the announcement came on Monday 29 September"
    a = art(1, datetime(2026, 9, 30, tzinfo=UTC), lang="de", date_note=note)
    b = art(2, datetime(2026, 9, 29, 6, tzinfo=UTC), feed="example-news", date_inferred=True)
    c = art(3, datetime(2026, 9, 28, tzinfo=UTC), date_inferred=True, date_note="<b>x</b> & y")
    index = index_of([a, b, c])
    by_id = {i.article.id: i for i in index.items}
    html = render.article_html(index, by_id["id00001"], "<p>Text.</p>", [ENGLISH, FRENCH])
    english, french = re.findall(r'<div class="na-ed na-ed--(?:en na-ed--default|fr)" '
                                 r'lang="(?:en|fr)"><div class="na-meta">(.*?)</div></div>', html)
    assert ('<time datetime="2026-09-30T00:00:00Z">30 September 2026</time> <span class="na-note '
            f'na-date-note">(how it was dated: {note})</span>') in english
    assert ('<time datetime="2026-09-30T00:00:00Z">30 septembre 2026</time> <span class="na-note '
            f'na-date-note">(datation\u00a0: <span lang="en">{note}</span>)</span>') in french
    fetched = render.article_header(index, by_id["id00002"], FRENCH)
    assert ('<span class="na-note na-inferred na-date-note">(date estimée\u00a0: le flux ne '
            "donnait pas de date\u202f; c'est le moment où l'archive a récupéré l'article pour "
            "la première fois)</span>") in fetched
    assert 'lang="en"' not in fetched.split("<dt>Publié le</dt>")[1].split("</dd>")[0]
    hostile = render.article_header(index, by_id["id00003"], FRENCH)
    assert ('(date estimée\u00a0: <span lang="en">&lt;b&gt;x&lt;/b&gt; &amp; y</span>)'
            in hostile)
    # The timeline stays compact: "(date estimée)" and no note, in French too.
    rows = render.article_list(index, index.items, "fr/timeline/", ed=FRENCH)
    assert rows.count(">(date estimée)</span>") == 2
    assert "annonce" not in rows and "announcement" not in rows and "&lt;b&gt;" not in rows


def test_an_unresolved_aggregator_link_in_french():
    google = "https://news.google.com/rss/articles/CBMiAAA"
    index = index_of([art(1, datetime(2026, 2, 13, tzinfo=UTC), url=google, via=google,
                          url_resolved=False)])
    header = render.article_header(index, index.items[0], FRENCH)
    assert f'<a href="{google}" rel="noopener noreferrer">Le trouver par Google Actualités</a> ' \
        "(l'adresse de l'éditeur n'est pas connue)" in header


def test_french_feeds_are_valid_and_their_own():
    articles = [art(i, datetime(2026, 2, 1, tzinfo=UTC) + timedelta(hours=i),
                    tags=["lawsuits"], events=["retired"]) for i in range(3)]
    index = index_of(articles, TAGS, EVENTS)
    english = {f.path: f for f in render.site_feeds(index, site_name="Archive")}
    french = {f.path: f for f in render.site_feeds(index, ed=FRENCH)}
    assert list(french) == ["fr/feed.xml", "fr/tags/industry/feed.xml",
                            "fr/tags/lawsuits/feed.xml", "fr/events/retired/feed.xml",
                            "fr/events/protests/feed.xml"]
    doc = check_atom(render.atom_feed(index, site_name="Archive",
                                      feed=french["fr/tags/lawsuits/feed.xml"]).encode())
    assert doc.feed.language == "fr"
    assert doc.feed.title == "Archive du retrait\u00a0: Procès"
    assert doc.feed.subtitle == "Les actions en justice."
    assert doc.entries[0].tags[0].label == "Procès"
    assert doc.entries[0].link == "../../../articles/2026/02/id00002/"
    en = check_atom(render.atom_feed(index, site_name="Archive",
                                     feed=english["tags/lawsuits/feed.xml"]).encode())
    assert en.feed.id != doc.feed.id and en.entries[0].id == doc.entries[0].id


def test_french_navigation():
    nav = render.default_nav(["fr/credits.md"], lambda src: src == "fr/about.md", FRENCH)
    assert nav == [{"Accueil": "fr/index.md"}, {"Chronologie": "fr/timeline/index.md"},
                   {"Événements clés": "fr/events/index.md"}, {"Sources": "fr/sources/index.md"},
                   {"Étiquettes": "fr/tags/index.md"}, {"Langues": "fr/languages/index.md"},
                   {"À propos": "fr/about.md"}, "fr/credits.md"]


# ---------------------------------------------------------------------------------------------
# A headline not seen, a syndicated copy, and our words in each edition

UNSEEN = dict(title="Report on GPT-4o's last day in the Korean press", headline_seen=False,
              lang="ko", feed=None, summary_lang="en",
              summary="The paper describes users saying goodbye to GPT-4o on its last day.",
              events=["retired"])
FR_UNSEEN = "Article sur le dernier jour de GPT-4o dans la presse coréenne"
FR_SUMMARY = "Le journal décrit les adieux des utilisateurs à GPT-4o."


def test_a_headline_not_seen_is_shown_as_ours_everywhere_in_both_editions():
    """Lists, key events, neighbours, the page's heading, feeds, articles.json and search:
    our description in brackets, "(headline not recorded)", "(titre non relevé)"; in French,
    our French description when the page gives one, else the English one marked so."""
    unseen = art(1, datetime(2026, 2, 14, 8, tzinfo=UTC), **UNSEEN)
    translated = art(2, datetime(2026, 2, 14, 9, tzinfo=UTC), **{
        **UNSEEN, "translations": {"fr": ArticleText(summary=FR_SUMMARY, title=FR_UNSEEN)}})
    other = art(3, datetime(2026, 2, 14, 10, tzinfo=UTC), events=["retired"])
    index = index_of([unseen, translated, other], TAGS, EVENTS)
    by_id = {i.article.id: i for i in index.items}
    ours_en = "[Report on GPT-4o&#x27;s last day in the Korean press] (headline not recorded)"

    english = render.article_list(index, index.items, "timeline/")
    french = render.article_list(index, index.items, "fr/timeline/", ed=FRENCH)
    assert english.count(f'class="na-item__title" href="../articles/2026/02/id00001/">'
                         f"{ours_en}</a></p>") == 1
    assert ('href="../../articles/2026/02/id00001/">[<span lang="en">Report on GPT-4o&#x27;s '
            "last day in the Korean press</span>] (titre non relevé)</a></p>") in french
    assert (f'href="../../articles/2026/02/id00002/">[{FR_UNSEEN}] (titre non relevé)</a></p>'
            in french)
    assert "na-item__title-en" not in english + french  # no rendering of an unseen headline
    events = "".join(render.events_page(index, FRENCH).blocks)
    assert f">[{FR_UNSEEN}] (titre non relevé)</a>" in events
    neighbours = render.prev_next(index, by_id["id00003"], ENGLISH)
    assert f'<span class="na-prevnext__dir">Older article</span> <span>{ours_en}</span>' \
        in neighbours
    # On the page both editions share: the links once; a headline not seen in each edition's
    # words.
    both = render.prev_next(index, by_id["id00003"], [ENGLISH, FRENCH])
    assert both.count('rel="prev"') == 1
    assert (f'<span class="na-ed na-ed--en na-ed--default" lang="en"><span lang="en">{ours_en}'
            f'</span></span><span class="na-ed na-ed--fr" lang="fr"><span lang="fr">[{FR_UNSEEN}]'
            " (titre non relevé)</span></span>") in both
    # The page's heading: one per edition, in English words by default.
    heading, lang = render.article_title(translated, [ENGLISH, FRENCH])
    assert lang == "en"
    assert heading == ('<span class="na-ed na-ed--en na-ed--default" lang="en">[Report on '
                       "GPT-4o&#x27;s last day in the Korean press] (headline not recorded)</span>"
                       f'<span class="na-ed na-ed--fr" lang="fr">[{FR_UNSEEN}] (titre non '
                       "relevé)</span>")
    assert render.article_title(other, [ENGLISH, FRENCH]) == ("GPT-4o story 3", "en")
    # Feeds, in each edition's words; the title's language is said when it is not the entry's.
    xml = render.atom_feed(index, site_name="A", feed=render.site_feeds(index, ed=FRENCH)[0])
    check_atom(xml)
    entries = {e.find(f"{ATOM}id").text: e for e in ET.fromstring(xml).iter(f"{ATOM}entry")}
    titles = [e.find(f"{ATOM}title") for e in entries.values()]
    assert [(t.text, t.get(XML_LANG)) for t in titles] == [
        ("GPT-4o story 3", None), (f"[{FR_UNSEEN}] (titre non relevé)", "fr"),
        ("[Report on GPT-4o's last day in the Korean press] (titre non relevé)", "fr")]
    english_xml = render.atom_feed(index, site_name="A")
    assert ("<title xml:lang=\"en\">[Report on GPT-4o's last day in the Korean press] (headline "
            "not recorded)</title>") in english_xml
    records = json.loads(render.articles_json(index))["articles"]
    assert [(r["title"], r["headline_seen"]) for r in records][1:] == [
        ("[Report on GPT-4o's last day in the Korean press] (headline not recorded)", False)] * 2
    # Search results: the document's title in the edition's words.
    doc = search.article_document(translated, language="Coréen", tags=[], words=FRENCH.words)
    assert f"<h1>[{FR_UNSEEN}] (titre non relevé)</h1>" in doc


def test_each_edition_shows_our_summary_and_the_headline_in_its_language():
    spanish = art(1, datetime(2026, 2, 14, 10, tzinfo=UTC), title="Adiós a GPT-4o", lang="es",
                  feed=None, title_en="Goodbye to GPT-4o", summary_lang="en",
                  summary="The daily reports how Spanish-speaking users reacted.",
                  translations={"fr": ArticleText(summary="Le quotidien raconte la réaction "
                                                          "des hispanophones.",
                                                  title="Adieu à GPT-4o")})
    french = art(2, datetime(2026, 2, 14, 12, tzinfo=UTC), title="GPT-4o tire sa révérence",
                 lang="fr", feed=None, title_en="GPT-4o takes its bow",
                 summary="La revue raconte le départ de GPT-4o.",
                 translations={"en": ArticleText(summary="The review tells of the departure.")})
    german = art(3, datetime(2026, 2, 14, 14, tzinfo=UTC), title="GPT-4o geht", lang="de",
                 feed=None, title_en="GPT-4o goes", summary_lang="en",
                 summary="The paper reports the model's exit.")
    index = index_of([spanish, french, german])
    by_id = {i.article.id: i for i in index.items}

    def editions(item: render.Item) -> tuple[str, str]:
        html = render.article_html(index, item, "<p>Texte.</p>", [ENGLISH, FRENCH])
        assert_balanced(html)
        return html, html.split('<div class="na-ed na-ed--fr" lang="fr"><div class="na-meta">'
                                )[1].split("</dl>")[0]

    html, header = editions(by_id["id00001"])
    assert "<dt>Titre en français</dt><dd><span>Adieu à GPT-4o</span></dd>" in header
    assert "Titre en anglais" not in header and "Goodbye" not in header
    assert ('<dt>Title in English</dt><dd><span lang="en">Goodbye to GPT-4o</span>'
            in render.article_header(index, by_id["id00001"], ENGLISH))
    assert ('<div class="na-ed na-ed--en na-ed--default" lang="en"><p class="na-summary">'
            '<strong class="na-summary__label">Summary.</strong> The daily reports how '
            "Spanish-speaking users reacted.</p></div>") in html
    assert ('<div class="na-ed na-ed--fr" lang="fr"><p class="na-summary"><strong '
            'class="na-summary__label">Résumé.</strong> Le quotidien raconte la réaction des '
            "hispanophones.</p></div>") in html
    # A French summary: English readers get its English translation; a French headline needs
    # no rendering in the French edition.
    html, header = editions(by_id["id00002"])
    assert ('<div class="na-ed na-ed--en na-ed--default" lang="en"><p class="na-summary">'
            '<strong class="na-summary__label">Summary.</strong> The review tells of the departure.'
            "</p></div>") in html
    assert ('<div class="na-ed na-ed--fr" lang="fr"><p class="na-summary"><strong '
            'class="na-summary__label">Résumé.</strong> La revue raconte le départ de GPT-4o.'
            "</p></div>") in html
    assert "<dt>Titre" not in header
    # Nothing in French yet: the English summary, marked so (the page takes the reader's
    # language), and the English rendering.
    html, header = editions(by_id["id00003"])
    assert '<dt>Titre en anglais</dt><dd><span lang="en">GPT-4o goes</span>' in header
    assert ('<p class="na-summary" lang="en"><strong class="na-summary__label"><span '
            'class="na-ed na-ed--en na-ed--default" lang="en">Summary.</span><span class="na-ed '
            'na-ed--fr" lang="fr">Résumé.</span></strong> The paper reports the model&#x27;s '
            "exit.</p>") in html
    # A French summary and no English one: the same words in both editions, marked French,
    # under labels in each edition's words.
    only_french = replace(french, translations={})
    html = render.article_html(index_of([only_french]), index_of([only_french]).items[0],
                               "<p>Texte.</p>", [ENGLISH, FRENCH])
    assert ('<p class="na-summary" lang="fr"><strong class="na-summary__label"><span lang="en">'
            '<span class="na-ed na-ed--en na-ed--default" lang="en">Summary.</span><span '
            'class="na-ed na-ed--fr" lang="fr">Résumé.</span></span></strong> La revue raconte '
            "le départ de GPT-4o.</p>") in html
    # Lists and feeds follow the edition too.
    rows = render.article_list(index, index.items, "fr/timeline/", ed=FRENCH)
    assert '<p>Le quotidien raconte la réaction des hispanophones.' \
        in rows
    assert '<span class="na-item__title-en">(Adieu à GPT-4o)</span>' in rows
    assert '<p lang="en">The paper reports' in rows
    assert "(GPT-4o takes its bow)" not in rows  # a French headline, for French readers
    english_rows = render.article_list(index, index.items, "timeline/")
    assert '<p>The review tells of the departure.</p>' in english_rows
    assert '<span class="na-item__title-en" lang="en">(GPT-4o takes its bow)</span>' \
        in english_rows
    xml = render.atom_feed(index, site_name="A", feed=render.site_feeds(index, ed=FRENCH)[0])
    check_atom(xml)
    assert '<summary type="text" xml:lang="en">The paper reports' in xml
    assert '<summary type="text">La revue raconte le départ de GPT-4o.</summary>' in xml
    assert ('<summary type="text" xml:lang="fr">Le quotidien raconte la réaction des '
            "hispanophones.</summary>") in xml
    # Search: each edition's index holds what its pages show.
    assert search.indexed_text(spanish, [], "fr") == (
        "Example News. Goodbye to GPT-4o. Adieu à GPT-4o. Le quotidien raconte la réaction "
        "des hispanophones.")
    assert search.indexed_text(spanish, []) == (
        "Example News. Goodbye to GPT-4o. The daily reports how Spanish-speaking users reacted.")


def test_a_syndicated_copy_is_shown_as_carried_by_its_outlet():
    copy = "https://portal.example.com/wire/gpt-4o"
    original = art(1, datetime(2026, 2, 14, tzinfo=UTC),
                   carried_by=Carrier("Example Portal", copy))
    alone = art(2, datetime(2026, 2, 13, tzinfo=UTC), url=copy,
                carried_by=Carrier("Example Portal", copy))
    index = index_of([original, alone])
    by_id = {i.article.id: i for i in index.items}
    header = render.article_header(index, by_id["id00001"], FRENCH)
    assert ('<dt>Original</dt><dd><a href="https://example.com/news/1" rel="noopener noreferrer" '
            'hreflang="en">Le lire sur example.com</a></dd>') in header
    assert (f'<dt>Repris par</dt><dd><a href="{copy}" rel="noopener noreferrer" '
            'class="na-carrier">Example Portal</a></dd>') in header
    # The original's own address unknown: the copy is linked once, as the copy.
    header = render.article_header(index, by_id["id00002"], ENGLISH)
    assert "<dt>Original</dt><dd>Address not known</dd>" in header
    assert header.count(copy) == 1 and "<dt>Carried by</dt>" in header


# ---------------------------------------------------------------------------------------------
# The essential reading on the home page, the articles we could not verify on the About page

def test_the_home_page_of_each_edition_lists_the_essential_reading_in_story_order():
    articles = [art(n, datetime(2026, 2, 1, tzinfo=UTC) + timedelta(days=n),
                    highlight=n in (1, 3)) for n in range(5)]
    articles.append(art(9, None, highlight=True))
    index = index_of(articles)
    md = "# Home\n\nOur words.\n\n<!-- newsarchive:highlights -->\n\n## The story\n"
    english = render.fill_placeholders(md, index, "")
    assert english.startswith("# Home\n\nOur words.\n\n\n## Essential reading\n\n"
                              '<div class="na-highlights"><p>The reports that tell the story '
                              "best, in the order it happened.</p>")
    assert english.endswith("</div>\n\n\n## The story\n")  # the hand-written text stays
    assert re.findall(r'class="na-item__title" href="[^"]*">([^<]*)</a>', english) == [
        "GPT-4o story 1", "GPT-4o story 3", "GPT-4o story 9"]  # oldest first, undated last
    french = render.fill_placeholders(md, index, "fr/", ed=FRENCH)
    assert "\n## À lire en priorité\n\n" in french
    assert "Les articles qui racontent le mieux l&#x27;histoire" in french
    assert 'href="../articles/2026/02/id00001/"' in french
    html = render.fill_placeholders(md, index, "")
    assert_balanced(html.split("## Essential reading")[1].split("## The story")[0])
    # Nothing highlighted: no section at all, the page's own text untouched.
    none = render.fill_placeholders(md, index_of(articles[:1]), "")
    assert none == "# Home\n\nOur words.\n\n\n\n\n## The story\n"
    assert "newsarchive:highlights" in render.default_home("Archive", FRENCH)


UNVERIFIED = [
    Unverified(url="https://example.org/2026/%C3%A9t%C3%A9/gpt-4o-adieu", source="Le Matin Exemple",
               lang="fr", missing="date", seen=date(2026, 12, 7)),
    Unverified(url="https://example.net/kr/" + "x" * 80, source="Example Ilbo", lang="und",
               missing="the headline and the date (the copy opens mid-body)",
               seen=date(2026, 12, 1)),
]


def test_the_about_page_lists_the_articles_we_could_not_verify_and_asks_for_the_fact():
    md = "# About\n\n<!-- newsarchive:unverified -->\n\n## Corrections\n"
    english = render.fill_placeholders(md, index_of([]), "about/", unverified=UNVERIFIED,
                                       repo_url="https://github.com/example/archive")
    assert "\n## Articles we could not verify\n\n" in english
    assert ("(from a print edition, the publisher's own archive or another listing of "
            'the article), <a href="https://github.com/example/archive">open an issue or a pull '
            "request on the project&#x27;s repository</a>: say what the fact is") in english
    table = english.split("<table>")[1].split("</table>")[0]
    assert_balanced(f"<table>{table}</table>")
    assert "<caption>2 articles whose date or another fact is not known</caption>" in table
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table)
    assert rows[0] == (  # by publisher: Example Ilbo, then Le Matin Exemple
        'Example Ilbo</th><td><a href="https://example.net/kr/' + "x" * 80 + '" rel="noopener '
        'noreferrer">example.net/kr/' + "x" * 44 + "…</a></td><td>?</td><td>the headline and "
        "the date (the copy opens mid-body)</td><td>1 Dec 2026</td>")
    assert rows[1] == (
        'Le Matin Exemple</th><td><a href="https://example.org/2026/%C3%A9t%C3%A9/gpt-4o-adieu" '
        'rel="noopener noreferrer" hreflang="fr">example.org/2026/été/gpt-4o-adieu</a></td>'
        "<td>French</td><td>the date of publication</td><td>7 Dec 2026</td>")
    french = render.fill_placeholders(md, index_of([]), "fr/about/", ed=FRENCH,
                                      unverified=UNVERIFIED)
    assert "\n## Articles que nous n'avons pas pu vérifier\n\n" in french
    assert "ouvrez un ticket (issue) ou une demande de fusion" in french  # no link: no repo_url
    assert "<td>Français</td><td>la date de publication</td><td>7 déc. 2026</td>" in french
    assert ('<td><span lang="en">the headline and the date (the copy opens mid-body)</span>'
            "</td>") in french
    assert render.fill_placeholders(md, index_of([]), "about/") == (
        "# About\n\n\n\n\n## Corrections\n")
