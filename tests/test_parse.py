"""parse_feed on every fixture format, encodings, broken input, dates and languages."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from newsarchive.model import Source
from newsarchive.parse import ParsedFeed, ParseError, detect_lang, normalise_lang, parse_feed
from newsarchive.urls import article_id, canonical_url

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
FETCHED = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)


def source(feed_id: str = "example-times", url: str = "https://www.example.com/feed/",
           lang: str | None = None) -> Source:
    return Source(id=feed_id, name="The Example Times", url=url, lang=lang)


def parse(name: str, **kwargs) -> ParsedFeed:
    kwargs.setdefault("fetched_at", FETCHED)
    src = kwargs.pop("source", None) or source(name.split(".")[0])
    return parse_feed((FEEDS / name).read_bytes(), src, **kwargs)


def by_title(feed: ParsedFeed) -> dict:
    return {e.title: e for e in feed.entries}


def rss(items: str, channel_extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Inline</title>'
        f"<link>https://www.example.com/</link>{channel_extra}{items}</channel></rss>"
    ).encode()


# --- RSS 2.0 --------------------------------------------------------------------------------


def test_rss2_entries() -> None:
    feed = parse("rss2.xml")
    assert feed.title == "The Example Times — Technology"
    assert feed.lang == "en-US"
    assert [e.title for e in feed.entries] == [
        "OpenAI sets a date to retire GPT-4o from ChatGPT",
        "Users petition OpenAI to keep GPT-4o",
        "Update: Petition to keep GPT-4o passes 30,000 signatures",
        "What GPT-4o's retirement means for ChatGPT Plus subscribers",
        "OpenAI confirms GPT-4o is gone from ChatGPT",
        "Letters: readers on losing GPT-4o",
    ]
    first = feed.entries[0]
    assert first.feed_id == "rss2"
    assert first.link.endswith(
        "?utm_source=rss&utm_medium=rss&utm_campaign=openai-retire-gpt-4o#comments"
    )
    assert first.url == "https://www.example.com/technology/2026/01/29/openai-retire-gpt-4o-chatgpt/"
    assert first.id == article_id(first.url)
    assert first.guid == "https://www.example.com/technology/?p=48120"
    assert first.date == datetime(2026, 1, 29, 17, 5, tzinfo=UTC)
    assert first.date_inferred is False
    assert first.lang == "en-US"
    assert first.authors == ["Dana Reyes"]
    assert first.categories == ["Artificial intelligence", "OpenAI", "ChatGPT"]
    assert first.summary_html.startswith("<p>The model that many ChatGPT users")
    assert "<strong>GPT-4o</strong>" in first.content_html
    assert first.source_name is None


def test_rss2_dates_are_aware_utc() -> None:
    entries = by_title(parse("rss2.xml"))
    petition = entries["Users petition OpenAI to keep GPT-4o"]
    assert petition.date == datetime(2026, 2, 2, 14, 30, tzinfo=UTC)  # 09:30 -0500
    assert petition.date.utcoffset() == timedelta(0)
    assert entries["Letters: readers on losing GPT-4o"].date == datetime(2026, 2, 12, 6, tzinfo=UTC)


def test_rss2_same_guid_with_another_link_and_title_is_kept_with_a_warning() -> None:
    """A GUID is the feed's word; two links and two headlines are two articles."""
    feed = parse("rss2.xml")
    titles = [e.title for e in feed.entries]
    assert "Users petition OpenAI to keep GPT-4o" in titles
    assert "Update: Petition to keep GPT-4o passes 30,000 signatures" in titles
    warning = next(w for w in feed.warnings if "guid" in w)
    assert "rss2" in warning and "both kept" in warning
    assert "Update: Petition to keep GPT-4o" in warning  # names both entries
    assert "Users petition OpenAI to keep GPT-4o" in warning


def test_same_guid_and_title_with_a_new_link_is_one_entry() -> None:
    items = "".join(
        f"<item><title>OpenAI retires GPT-4o</title><link>https://example.com/{path}</link>"
        "<guid isPermaLink='false'>g-1</guid></item>" for path in ("a", "a-moved"))
    feed = parse_feed(rss(items), source(), fetched_at=FETCHED)
    assert [e.url for e in feed.entries] == ["https://example.com/a"]
    assert any("same guid and title" in w for w in feed.warnings)


def test_rss2_missing_date_uses_fetch_time_inferred() -> None:
    feed = parse("rss2.xml")
    entry = by_title(feed)["What GPT-4o's retirement means for ChatGPT Plus subscribers"]
    assert entry.date == FETCHED and entry.date_inferred is True
    assert not any("Plus subscribers" in w for w in feed.warnings)  # no date is normal


def test_rss2_unreadable_date_uses_fetch_time_and_warns() -> None:
    feed = parse("rss2.xml")
    entry = by_title(feed)["OpenAI confirms GPT-4o is gone from ChatGPT"]
    assert entry.date == FETCHED and entry.date_inferred is True
    assert entry.authors == ["Priya Natarajan"]
    [warning] = [w for w in feed.warnings if "cannot be read" in w]
    assert "OpenAI confirms GPT-4o is gone" in warning and "around noon" in warning


@pytest.mark.parametrize(("written", "why"), [
    ("2025-13-45T99:99:99Z", "has an impossible month (13)"),  # feedparser: 1 January 2026
    ("Mon, 01 Jan 0000 00:00:00 GMT", "has an impossible year (0)"),  # read as 2000
    ("2026-02-30T10:00:00Z", "has an impossible day (30 in February 2026)"),  # 2 March
    ("Fri, 13 Feb 2026 14:61:00 GMT", "has an impossible time (14:61:00)"),
])
def test_a_date_the_parser_had_to_invent_is_unknown(written: str, why: str) -> None:
    items = (f"<item><title>GPT-4o leaves ChatGPT</title><link>https://www.example.com/a</link>"
             f"<pubDate>{written}</pubDate></item>")
    feed = parse_feed(rss(items), source(), fetched_at=FETCHED)
    [entry] = feed.entries  # kept, never dropped
    assert entry.date == FETCHED and entry.date_inferred is True
    [warning] = [w for w in feed.warnings if "date" in w]
    if "impossible time" not in why:  # feedparser refuses that one itself: "cannot be read"
        assert warning == (f"feed example-times: entry 'GPT-4o leaves ChatGPT': date {written!r} "
                           f"{why}: the date is unknown; using fetch time")
    else:
        assert "GPT-4o leaves ChatGPT" in warning and written in warning


@pytest.mark.parametrize("written", [
    "Fri, 13 Feb 26 14:07:00 GMT", "Sat, 14 Feb 2026 03:07:00 +1300", "2026-02-13T24:00:00Z",
    "Fri, 13 Feb 2026 14:07:00 EST", "Friday, 13 February 2026 14:07", "2026-02-13",
    "20260213T140700Z", "Sat, 31 Dec 2025 23:30:00 -0500"])
def test_dates_as_written_are_kept(written: str) -> None:
    items = (f"<item><title>GPT-4o leaves ChatGPT</title><link>https://www.example.com/a</link>"
             f"<pubDate>{written}</pubDate></item>")
    feed = parse_feed(rss(items), source(), fetched_at=FETCHED)
    [entry] = feed.entries
    assert entry.date_inferred is False and feed.warnings == [], written
    assert datetime(2025, 12, 31, tzinfo=UTC) < entry.date < datetime(2026, 2, 15, tzinfo=UTC)


def test_an_invented_published_date_leaves_the_updated_one() -> None:
    atom = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            b"<title>Example</title><entry><title>GPT-4o leaves ChatGPT</title>"
            b'<link href="https://www.example.com/a"/><id>tag:example.com,2026:a</id>'
            b"<published>2025-13-45T99:99:99Z</published><updated>2026-02-13T09:00:00Z</updated>"
            b"</entry></feed>")
    feed = parse_feed(atom, source(), fetched_at=FETCHED)
    [entry] = feed.entries
    assert entry.date == datetime(2026, 2, 13, 9, tzinfo=UTC) and not entry.date_inferred
    assert any("impossible month" in w for w in feed.warnings)


def test_rss2_permalink_guid_is_the_link() -> None:
    entry = by_title(parse("rss2.xml"))["Letters: readers on losing GPT-4o"]
    assert entry.url == "https://www.example.com/opinion/2026/02/12/letters-gpt-4o/"


# --- Atom, RSS 1.0, JSON Feed ---------------------------------------------------------------


def test_atom_french_feed() -> None:
    feed = parse("atom.xml")
    assert feed.title == "Le Quotidien Exemple – Numérique"
    assert feed.lang == "fr"
    first, second, third = feed.entries
    assert first.title == "OpenAI retire GPT-4o de ChatGPT : les utilisateurs déçus"
    assert first.date == datetime(2026, 1, 30, 9, 15, tzinfo=UTC)  # published, not updated
    assert first.authors == ["Élodie Mercier", "Théo Garnier"]
    assert first.categories == ["Intelligence artificielle", "OpenAI"]
    assert first.lang == "fr"
    assert first.summary_html == (
        "<p>Le modèle préféré de nombreux utilisateurs disparaîtra le 13 février, "
        "a annoncé l'entreprise.</p>"
    )
    assert "« C'est comme perdre un collègue »" in first.content_html
    # only <updated>: a real date, not an inferred one
    assert second.date == datetime(2026, 2, 3, 7, 45, tzinfo=UTC)
    assert second.date_inferred is False
    assert "<em>#keep4o</em>" in second.summary_html
    # xml:lang on the entry wins over the feed's
    assert third.lang == "en"
    assert feed.warnings == []


def test_rss1_rdf() -> None:
    feed = parse("rss1.rdf")
    assert feed.lang == "en-GB"
    first, second = feed.entries
    assert first.title == "ChatGPT users say goodbye as GPT-4o is retired"
    assert first.date == datetime(2026, 2, 13, 15, 20, tzinfo=UTC)
    assert first.date_inferred is False
    assert first.lang == "en-GB"
    assert first.categories == ["ChatGPT"]
    assert second.authors == ["Hannah Whitfield", "Owen Price"]
    assert second.date == datetime(2026, 2, 6, 7, 5, tzinfo=UTC)


def test_json_feed() -> None:
    feed = parse("feed.json")
    assert feed.title == "Example Dispatch"
    assert feed.lang == "en"
    last_day, explainer, german = feed.entries
    assert last_day.url == "https://dispatch.example.com/2026/02/gpt-4o-last-day"  # tracking gone
    assert last_day.guid == "https://dispatch.example.com/2026/02/gpt-4o-last-day"
    assert last_day.date == datetime(2026, 2, 13, 6, 30, tzinfo=UTC)  # 22:30 -08:00
    assert last_day.authors == ["Maya Lindqvist", "Jonah Reed"]
    assert last_day.categories == ["ChatGPT", "GPT-4o", "OpenAI"]
    assert last_day.content_html.startswith("<p>On its final day")
    assert last_day.summary_html == (
        "<p>Loyal users spent the model's final day trading screenshots.</p>"
    )
    assert last_day.lang == "en"
    assert explainer.date == datetime(2026, 2, 2, 12, tzinfo=UTC)  # date_modified only
    assert explainer.authors == ["Jonah Reed"]
    assert explainer.content_html.count("<p>") == 2  # content_text paragraphs
    assert german.lang == "de-DE"
    assert german.authors == ["Example Dispatch staff"]  # the feed's authors are the default
    assert german.date == datetime(2026, 2, 10, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"title": "not a feed", "items": []}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "x"}', "items"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "cannot be read"),
    ],
)
def test_json_that_is_not_a_feed(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        parse_feed(body, source("dispatch"), fetched_at=FETCHED)
    assert "dispatch" in str(caught.value)


# --- Encodings ------------------------------------------------------------------------------


def test_latin1_feed_reads_as_unicode() -> None:
    feed = parse("latin1.xml")
    assert feed.title == "Le Café Numérique"
    first, second = feed.entries
    assert first.title == "Au café, on regrette déjà GPT-4o"
    assert first.authors == ["Jean-Noël Dupré"]
    assert "« Il était plus chaleureux », soupire Hélène" in first.summary_html
    assert second.title == "Dupré : « GPT-4o n'était qu'un outil »"
    assert first.lang == "fr-FR"
    assert feed.warnings == []


def test_cp1252_feed_reads_as_unicode() -> None:
    feed = parse("cp1252.xml")
    [entry] = feed.entries
    assert entry.title == "“Legacy” model or €20 habit? Subscribers weigh GPT-4o’s exit"
    assert entry.authors == ["Ciarán O’Neill"]
    assert "“mostly for GPT-4o” — and they’re reconsidering…" in entry.summary_html
    assert feed.warnings == []


def test_wrongly_declared_encoding_keeps_entries_and_warns() -> None:
    body = (FEEDS / "cp1252.xml").read_bytes().replace(b' encoding="windows-1252"', b"")
    feed = parse_feed(body, source("markets"), fetched_at=FETCHED,
                      content_type="application/rss+xml; charset=utf-8")
    [entry] = feed.entries
    assert entry.title == "“Legacy” model or €20 habit? Subscribers weigh GPT-4o’s exit"
    [warning] = feed.warnings
    assert "markets" in warning and "encoding" in warning


@pytest.mark.parametrize("content_type", ["text/xml", "application/rss+xml", None])
@pytest.mark.parametrize(("name", "encoding", "titles"), [
    ("koi8r.xml", "koi8-r", ["Как пережить уход GPT-4o из ChatGPT",
                             "OpenAI отключает GPT-4o 13 февраля",
                             '"Верните старую модель": петиция собрала тысячи подписей']),
    ("shift_jis.xml", "cp932", ["ChatGPTのGPT-4o提供終了、利用者に波紋",
                                "「GPT-4oを返して」署名活動が広がる"]),
])
def test_an_undeclared_encoding_is_detected(name: str, encoding: str, titles: list[str],
                                            content_type: str | None) -> None:
    feed = parse(name, content_type=content_type)
    assert [e.title for e in feed.entries] == titles
    assert feed.warnings == [f"feed {name.split('.')[0]}: no character encoding declared, and the "
                             f"bytes are not UTF-8: read as {encoding} (character encoding "
                             "detected)"]
    assert "\ufffd" not in feed.entries[0].summary_html


def test_a_wrongly_declared_encoding_is_detected_too() -> None:
    feed = parse("koi8r.xml", content_type="application/rss+xml; charset=utf-8")
    assert feed.entries[0].title == "Как пережить уход GPT-4o из ChatGPT"
    assert feed.warnings == ["feed koi8r: character encoding declared as utf-8, but the "
                             "bytes are not utf-8: read as koi8-r (character encoding detected)"]


def test_a_headline_no_encoding_reads_is_held_back() -> None:
    """A press review that pastes items from a UTF-8 and a KOI8-R source into one feed: no
    encoding reads it, so only headlines in plain ASCII are published; the others are held
    back, each with a warning, never written garbled."""
    items = [
        ("Café : les fidèles de GPT-4o pleurent déjà leur modèle préféré", "utf-8", "fr/cafe",
         "À Paris, élèves et salariés racontent ce qu'ils perdent : une voix, une écoute."),
        ("Как пережить уход GPT-4o из ChatGPT", "koi8-r", "ru/uhod",
         "Пользователи прощаются с моделью, к которой привыкли за два года."),
        ("GPT-4o leaves ChatGPT today", "ascii", "en/today",
         "The model is retired from the chatbot's picker."),
    ]
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Revue de presse</title>'
    for title, codec, path, text in items:
        body += (f"<item><title>{title}</title><link>https://example.org/{path}</link>"
                 f"<description>{text}</description>"
                 "<pubDate>Fri, 13 Feb 2026 09:00:00 GMT</pubDate></item>").encode(codec)
    feed = parse_feed(body + b"</channel></rss>", source(), fetched_at=FETCHED,
                      content_type="text/xml")
    assert [e.title for e in feed.entries] == ["GPT-4o leaves ChatGPT today"]
    held = [w for w in feed.warnings if "held back rather than published garbled" in w]
    assert len(held) == 2 and all("cannot be decoded cleanly" in w for w in held)
    assert any("no character encoding reads them cleanly" in w for w in feed.warnings)


@pytest.mark.parametrize("title", ["CafÃ© : GPT-4o tire sa révérence",
                                   "GPT-4oâ€™s last day", "Â«Â GPT-4o Â» s’en va",
                                   "GPT-4o \ufffd adieu"])
def test_a_headline_left_garbled_by_its_publisher_is_held_back(title: str) -> None:
    items = (f"<item><title>{title}</title><link>https://example.com/tech/a</link></item>"
             "<item><title>Dupré : « GPT-4o n'était qu'un outil »</title>"
             "<link>https://example.com/tech/b</link></item>")
    feed = parse_feed(rss(items), source(), fetched_at=FETCHED)
    assert [e.title for e in feed.entries] == ["Dupré : « GPT-4o n'était qu'un outil »"]
    [warning] = [w for w in feed.warnings if "held back" in w]
    assert "what a wrong character encoding leaves" in warning


# --- Broken input ---------------------------------------------------------------------------


def test_html_page_is_not_a_feed() -> None:
    with pytest.raises(ParseError, match="notafeed") as caught:
        parse("notafeed.html", content_type="text/html; charset=utf-8")
    assert "HTML" in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [b"", b"   \n", b"<note><to>Tove</to></note>", b"plain text, not a feed", b"\x00\x01\x02"],
)
def test_other_non_feeds(body: bytes) -> None:
    with pytest.raises(ParseError, match="example-times"):
        parse_feed(body, source(), fetched_at=FETCHED)


def test_broken_xml_with_no_entries_is_an_error() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title><ite'
    with pytest.raises(ParseError, match="example-times"):
        parse_feed(body, source(), fetched_at=FETCHED)


def test_empty_but_valid_feed_is_fine() -> None:
    feed = parse_feed(rss(""), source(), fetched_at=FETCHED)
    assert feed.entries == [] and feed.title == "Inline"


def test_malformed_feed_recovers_entries_and_warns() -> None:
    """A bare '&' in the second item, and the file cut off inside the third: the two whole
    items are kept, the cut one is skipped, each with a warning."""
    feed = parse("malformed.xml")
    assert [e.title for e in feed.entries] == [
        "OpenAI to retire GPT-4o from ChatGPT next month",
        "GPT-4o users start #keep4o campaign",
    ]
    assert feed.entries[0].date == datetime(2026, 1, 29, 18, 12, tzinfo=UTC)
    malformed, cut = feed.warnings
    assert malformed.startswith("feed malformed:") and "malformed" in malformed
    assert cut == ("feed malformed: entry 'OpenAI answers questions on GPT-4o retirement': the "
                   "document ends inside this entry (cut off in transfer?); skipped")


WHOLE_ITEM = ("<item><title>OpenAI retires GPT-4o</title><link>https://www.example.com/a</link>"
              "<description>The whole text of the first entry.</description></item>")
CUT_ITEM = ("<item><title>Users protest GPT-4o's exit</title><link>https://www.example.com/b"
            "</link><description>Thousands of users say they will")
WHOLE_ENTRY = ('<entry><title>OpenAI retires GPT-4o</title><link href="https://www.example.com/a"/>'
               "<id>urn:a</id><updated>2026-02-13T09:00:00Z</updated>"
               "<summary>The whole text.</summary></entry>")
CUT_ENTRY = ('<entry><title>Users protest GPT-4o\'s exit</title>'
             '<link href="https://www.example.com/b"/><id>urn:b</id>'
             '<updated>2026-02-13T10:00:00Z</updated><content type="html">&lt;p&gt;Thousands')
RSS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Cut</title>'
            "<link>https://www.example.com/</link>")
ATOM_HEAD = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
             "<title>Cut</title><id>urn:feed</id><updated>2026-02-13T10:00:00Z</updated>")
RDF_HEAD = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-'
            'ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://www.example.com/">'
            "<title>Cut</title><link>https://www.example.com/</link></channel>")


@pytest.mark.parametrize("body", [
    pytest.param(RSS_HEAD + WHOLE_ITEM + CUT_ITEM, id="rss2-in-the-text"),
    pytest.param(RSS_HEAD + WHOLE_ITEM + CUT_ITEM.split("<description>")[0], id="rss2-after-link"),
    pytest.param(RSS_HEAD + WHOLE_ITEM + CUT_ITEM.replace(
        "<description>", "<description><![CDATA[<p>"), id="rss2-in-cdata"),
    pytest.param(RSS_HEAD + WHOLE_ITEM + CUT_ITEM.replace("<item>", "<item>\n  "),
                 id="rss2-item-on-lines"),
    pytest.param(ATOM_HEAD + WHOLE_ENTRY + CUT_ENTRY, id="atom"),
    pytest.param(RDF_HEAD + WHOLE_ITEM.replace("<item>", '<item rdf:about="https://www.example.'
                                                         'com/a">')
                 + CUT_ITEM.replace("<item>", '<item rdf:about="https://www.example.com/b">'),
                 id="rss1"),
])
def test_entry_cut_off_by_the_end_of_the_document_is_skipped(body: str) -> None:
    """The cut entry has a title and a link, so it would pass for whole: it is skipped, with a
    warning naming the feed and the entry; the whole entry before it is kept."""
    feed = parse_feed(body.encode(), source(), fetched_at=FETCHED)
    assert [e.title for e in feed.entries] == ["OpenAI retires GPT-4o"]
    assert ("feed example-times: entry \"Users protest GPT-4o's exit\": the document ends "
            "inside this entry (cut off in transfer?); skipped") in feed.warnings


def test_document_cut_after_its_last_entry_keeps_every_entry() -> None:
    body = RSS_HEAD + WHOLE_ITEM + CUT_ITEM.replace("Thousands", "All.</description></item>")
    feed = parse_feed((body + "</chan").encode(), source(), fetched_at=FETCHED)
    assert [e.title for e in feed.entries] == ["OpenAI retires GPT-4o",
                                               "Users protest GPT-4o's exit"]
    assert not any("ends inside" in w for w in feed.warnings)


def test_entry_markup_quoted_in_a_whole_feed_is_not_taken_for_a_cut() -> None:
    """A well-formed feed whose last entry quotes "<item>" in its text loses nothing."""
    quoted = WHOLE_ITEM.replace("The whole text", "Write &lt;item&gt; or <![CDATA[<item>]]>")
    feed = parse_feed(rss(quoted), source(), fetched_at=FETCHED)
    assert [e.title for e in feed.entries] == ["OpenAI retires GPT-4o"] and feed.warnings == []


def test_bytes_that_name_a_file_are_not_opened(tmp_path: Path) -> None:
    # feedparser opens a string that names a file or URL; parse_feed must never let it.
    path = tmp_path / "feed.xml"
    path.write_bytes((FEEDS / "rss2.xml").read_bytes())
    for body in (str(path).encode(), b"https://www.example.com/feed/", b"file:///etc/passwd"):
        with pytest.raises(ParseError):
            parse_feed(body, source(), fetched_at=FETCHED)


def test_an_entry_without_a_title_is_kept_under_our_description() -> None:
    """RSS 2.0 needs a title or a description, JSON Feed 1.1 neither (a micro-blog's notes have
    none): the entry is kept, its title our description from its first words, marked as ours."""
    body = rss("<item><description>&lt;p&gt;OpenAI turned GPT-4o off in ChatGPT this morning; "
               "the model picker now opens on its successor.&lt;/p&gt;</description>"
               "<link>https://www.example.com/notes/2026/02/13/0915</link>"
               "<pubDate>Fri, 13 Feb 2026 09:15:00 GMT</pubDate></item>")
    feed = parse_feed(body, source(), fetched_at=FETCHED)
    [entry] = feed.entries
    assert entry.title == "OpenAI turned GPT-4o off in ChatGPT this morning; the model…"
    assert entry.headline_seen is False
    assert feed.warnings == ["feed example-times: entry 'https://www.example.com/notes/2026/02/"
                             "13/0915': no title: kept under our description from its first "
                             "words, 'OpenAI turned GPT-4o off in ChatGPT this morning; the "
                             "model…' (headline_seen: false)"]
    note = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Notes",
                       "items": [{"id": "2026/02/13/1020",
                                  "url": "https://notes.example.org/2026/02/13/1020",
                                  "content_text": "Goodbye, GPT-4o.",
                                  "date_published": "2026-02-13T10:20:00+01:00"}]}).encode()
    [entry] = parse_feed(note, source(), fetched_at=FETCHED).entries
    assert (entry.title, entry.headline_seen) == ("Goodbye, GPT-4o.", False)


def test_entries_without_title_or_link_are_skipped_with_warnings() -> None:
    body = rss(
        "<item><title>Kept</title><link>https://www.example.com/kept</link></item>"
        "<item><link>https://www.example.com/untitled</link></item>"
        "<item><title>   </title><guid isPermaLink='false'>g-7</guid>"
        "<link>https://www.example.com/blank-title</link></item>"
        "<item><title>No link at all</title></item>"
        "<item><title>Mail link</title><link>mailto:desk@example.com</link></item>"
    )
    feed = parse_feed(body, source(), fetched_at=FETCHED)
    assert [e.title for e in feed.entries] == ["Kept"]
    assert len(feed.warnings) == 4
    assert all(w.startswith("feed example-times: entry ") for w in feed.warnings)
    joined = "\n".join(feed.warnings)
    assert "'https://www.example.com/untitled'" in joined and "no title" in joined
    assert "'g-7'" in joined
    assert "'No link at all': no link" in joined
    assert "'Mail link': unusable link" in joined


def test_relative_links_resolve_against_the_feed_url() -> None:
    body = rss("<item><title>Relative</title><link>/technology/relative-story/</link></item>")
    [entry] = parse_feed(body, source(url="https://www.example.com/technology/feed/"),
                         fetched_at=FETCHED).entries
    assert entry.url == "https://www.example.com/technology/relative-story/"


def test_same_url_twice_is_one_entry() -> None:
    body = rss(
        "<item><title>One</title><link>https://www.example.com/a?utm_source=x</link></item>"
        "<item><title>One again</title><link>https://www.example.com/a#top</link></item>"
    )
    feed = parse_feed(body, source(), fetched_at=FETCHED)
    assert [e.title for e in feed.entries] == ["One"]
    assert "same URL" in feed.warnings[0] and "One again" in feed.warnings[0]


# --- Dates ----------------------------------------------------------------------------------


def test_future_date_is_refused_with_a_warning() -> None:
    body = rss(
        "<item><title>From the future</title><link>https://www.example.com/future</link>"
        "<pubDate>Wed, 01 Jan 2031 09:00:00 +0000</pubDate></item>"
        "<item><title>Later today</title><link>https://www.example.com/today</link>"
        "<pubDate>Fri, 20 Feb 2026 20:00:00 +0000</pubDate></item>"
    )
    feed = parse_feed(body, source(), fetched_at=FETCHED)
    future, today = feed.entries
    assert future.date == FETCHED and future.date_inferred is True
    assert today.date == datetime(2026, 2, 20, 20, tzinfo=UTC) and not today.date_inferred
    [warning] = feed.warnings
    assert "From the future" in warning
    assert "date 2031-01-01 is in the future; using fetch time" in warning


def test_now_can_differ_from_fetch_time() -> None:
    body = rss("<item><title>T</title><link>https://www.example.com/t</link>"
               "<pubDate>Sat, 28 Feb 2026 09:00:00 +0000</pubDate></item>")
    later = datetime(2026, 3, 1, tzinfo=UTC)
    [entry] = parse_feed(body, source(), fetched_at=FETCHED, now=later).entries
    assert entry.date == datetime(2026, 2, 28, 9, tzinfo=UTC)


def test_dates_feedparser_cannot_read_fall_back() -> None:
    body = rss("<item><title>T</title><link>https://www.example.com/t</link>"
               "<pubDate>2026-02-13 14:07:00+01:00</pubDate></item>")
    [entry] = parse_feed(body, source(), fetched_at=FETCHED).entries
    assert entry.date == datetime(2026, 2, 13, 13, 7, tzinfo=UTC)
    assert entry.date_inferred is False


def test_naive_fetch_time_is_taken_as_utc() -> None:
    body = rss("<item><title>T</title><link>https://www.example.com/t</link></item>")
    [entry] = parse_feed(body, source(), fetched_at=datetime(2026, 2, 20, 12)).entries
    assert entry.date == FETCHED and entry.date.tzinfo is not None


# --- Languages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("en-US", "en-US"), ("en-us", "en-US"), ("EN", "en"), ("fr_FR", "fr-FR"),
        ("fr-fr", "fr-FR"), ("zh-hant-tw", "zh-Hant-TW"), ("es-419", "es-419"),
        ("en-GB-oxendict", "en-GB"), (" de ", "de"), ("english", None), ("", None),
        (None, None), ("und", None), ("x", None), ("*", None),
    ],
)
def test_normalise_lang(raw: str | None, expected: str | None) -> None:
    assert normalise_lang(raw) == expected


def test_lang_falls_back_to_source_then_detection() -> None:
    body = rss(
        "<item><title>Le retrait de GPT-4o</title><link>https://www.example.com/fr</link>"
        "<description>OpenAI a retiré le modèle de ChatGPT vendredi, au grand regret de "
        "nombreux utilisateurs qui y étaient très attachés.</description></item>"
        "<item><title>GPT-4o</title><link>https://www.example.com/short</link></item>"
    )
    detected, short = parse_feed(body, source(), fetched_at=FETCHED).entries
    assert detected.lang == "fr"
    assert short.lang is None  # too little text to guess
    from_source = parse_feed(body, source(lang="fr_CA"), fetched_at=FETCHED).entries
    assert [e.lang for e in from_source] == ["fr-CA", "fr-CA"]


def test_detect_lang() -> None:
    assert detect_lang("OpenAI sets a date to retire GPT-4o from ChatGPT, it said.") == "en"
    assert detect_lang("Abschied von GPT-4o: Was Nutzer jetzt wissen müssen") == "de"
    assert detect_lang("GPT-4o 👋") is None


# --- Other fixtures -------------------------------------------------------------------------


def test_google_news_source_names() -> None:
    feed = parse("google_news.xml")
    assert len(feed.entries) == 5  # two redirect URLs for one story: dedup is select's job
    first = feed.entries[0]
    assert first.source_name == "Example Daily"
    assert first.title == (
        "OpenAI retires GPT-4o from ChatGPT, ending a months-long reprieve - Example Daily"
    )
    assert first.link.startswith("https://news.google.com/rss/articles/")
    assert first.url == canonical_url(first.link)
    assert [e.source_name for e in feed.entries][1:3] == ["The Example Times", "Example Net News"]
    assert first.lang == "en-US"


def test_a_headline_keeps_the_less_than_sign_it_shows() -> None:
    items = ("<item><title>Why &amp;lt;gpt-4o&amp;gt; still answers in the API &lt;b&gt;today"
             "&lt;/b&gt;</title><link>https://www.example.com/dev/gpt-4o-api</link></item>")
    [entry] = parse_feed(rss(items), source(), fetched_at=FETCHED).entries
    assert entry.title == "Why <gpt-4o> still answers in the API today"  # markup goes, text stays


def test_tricky_titles() -> None:
    titles = [e.title for e in parse("tricky_titles.xml").entries]
    assert titles[0] == "../../etc/passwd: GPT-4o path traversal in the headline"
    assert titles[1] == "---"
    assert titles[2] == "\"GPT-4o isn't going anywhere,\" she said: 'until it is'"
    assert titles[3] == "GPT-4o retirement: a headline split over lines"
    assert titles[4] == "Goodbye GPT-4o 👋🤖💔 #keep4o"
    assert len(titles[5]) > 250 and "\n" not in titles[5]
    assert titles[6] == "?!… — :: ***"
    assert titles[7] == "GPT-4o: key: value # not a comment & [not, a, list] {not: a map}"


def test_topic_mix() -> None:
    feed = parse("topic_mix.xml")
    assert len(feed.entries) == 11
    entries = by_title(feed)
    assert "GPT\u20114o’s fans are not giving up" in entries
    assert entries["OpenAI met fin à GPT-4o dans ChatGPT"].lang == "fr"
    assert entries["Storm warning for the coast this weekend"].lang == "en"


def test_xss_titles_lose_their_markup_and_hostile_links_are_skipped() -> None:
    feed = parse("xss.xml")
    titles = [e.title for e in feed.entries]
    assert "Headline with a link about GPT-4o" in titles
    assert all("<" not in t and "javascript" not in t.lower() for t in titles)
    assert "Hostile link" not in titles
    assert any("'Hostile link': unusable link" in w for w in feed.warnings)
