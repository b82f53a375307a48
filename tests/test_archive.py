"""Tests for `newsarchive.archive`: page format, file names, safe writes and the archive lock."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsarchive import archive
from newsarchive.archive import (
    ArchiveError,
    LockBusy,
    Problem,
    archive_lock,
    format_datetime,
    load_archive,
    page_path,
    parse_datetime,
    parse_page,
    read_article,
    remove_stale_temp_files,
    render_page,
    slugify,
    update_page,
    with_fields,
    write_article,
    write_new,
)
from newsarchive.model import Article, ArticleText, Carrier, Snapshot

FETCHED = datetime(2026, 2, 14, 6, 0, tzinfo=UTC)
PAGE = Path("docs/articles/2026/02/page.md")


def make_article(**changes) -> Article:
    article = Article(
        title="OpenAI retires GPT-4o from ChatGPT",
        date=datetime(2026, 2, 13, 9, 30, tzinfo=UTC),
        source="Example News",
        url="https://example.com/news/openai-retires-gpt-4o",
        lang="en",
        id="3f2a9c0d1e4b5a67",
        summary="OpenAI removed GPT-4o from ChatGPT on 13 February 2026.",
        authors=["Alex Example"],
        tags=["retirement"],
        feed="example-news",
        fetched=FETCHED,
        selected_by="keyword: GPT-4o",
        body="OpenAI removed **GPT-4o** from ChatGPT.\n\nUsers protested under #keep4o.",
    )
    return replace(article, **changes)


def round_trip(article: Article) -> Article:
    parsed, problems = parse_page(PAGE, render_page(article))
    assert problems == []
    assert parsed is not None
    return parsed


def page(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# ---------------------------------------------------------------------------------------------
# Rendering and parsing


def test_render_page_writes_documented_format() -> None:
    article = make_article(archive_url="https://web.archive.org/web/2026/https://example.com/x")
    assert render_page(article) == page("""
        ---
        title: OpenAI retires GPT-4o from ChatGPT
        date: '2026-02-13T09:30:00Z'
        source: Example News
        url: https://example.com/news/openai-retires-gpt-4o
        lang: en
        id: 3f2a9c0d1e4b5a67
        summary: OpenAI removed GPT-4o from ChatGPT on 13 February 2026.
        authors:
        - Alex Example
        tags:
        - retirement
        feed: example-news
        fetched: '2026-02-14T06:00:00Z'
        selected_by: 'keyword: GPT-4o'
        archive_url: https://web.archive.org/web/2026/https://example.com/x
        ---

        OpenAI removed **GPT-4o** from ChatGPT.

        Users protested under #keep4o.
        """)


def test_round_trip_keeps_every_field() -> None:
    article = make_article(events=["retirement-effective"], date_inferred=True,
                           date_note="the feed gave none; a syndicated copy is dated 13 February",
                           archive_url="https://web.archive.org/web/2026/https://example.com/x")
    parsed = round_trip(article)
    article.body += "\n"  # a page ends with one newline
    assert parsed == replace(article, path=PAGE)


def test_render_of_parsed_page_is_stable() -> None:
    text = render_page(make_article())
    assert render_page(round_trip(make_article())) == text


def test_the_date_note_sits_after_date_inferred_or_else_after_the_date() -> None:
    """A person reading the front matter finds the note beside what it explains."""
    note = "the article says the announcement came on Monday 29 September"

    def keys(article: Article) -> list[str]:
        text = render_page(article)
        parsed, _ = parse_page(PAGE, text)
        assert parsed is not None and render_page(parsed) == text  # it reads back the same
        return [line.split(":")[0] for line in text.split("\n")[1:] if re.match(r"\w+:", line)]

    precise = keys(make_article(date_note=note))
    assert precise[:3] == ["title", "date", "date_note"]
    assert precise.count("date_note") == 1
    estimated = keys(make_article(date_note=note, date_inferred=True))
    assert estimated[estimated.index("date_inferred") + 1] == "date_note"
    assert estimated[:3] == ["title", "date", "source"]
    undated = keys(make_article(date=None, feed=None, fetched=None, date_note=note))
    assert undated[:3] == ["title", "date", "date_note"]
    assert "date_note" not in keys(make_article())
    # Written by hand anywhere in the front matter, it is read all the same.
    moved = render_page(make_article()).replace("---\n\n", f"date_note: {note}\n---\n\n", 1)
    parsed, problems = parse_page(PAGE, moved)
    assert problems == [] and parsed is not None and parsed.date_note == note


def _pure_python_page(article: Article) -> str:
    """The page as the pure-Python YAML emitter alone writes it (the reference bytes)."""
    yaml_text = yaml.dump(archive.front_matter(article), Dumper=archive._PageDumper,
                          allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    return f"---\n{yaml_text}---\n\n{article.body.strip()}\n"


# Plain and single-quoted scalars, folding at 100 columns, YAML-significant words and marks:
# the text for which libyaml's emitter is used.
_emitter_text = st.lists(st.sampled_from([
    "a", "word", " ", "  ", "-", "- ", ": ", "#", " #", "'", '"', "?", ",", "[", "]", "{", "}",
    "!", "&", "*", "|", ">", "%", "@", "`", "~", "null", "yes", "1e3", "0x1F", "2026-02-13",
    "...", "---", "\\", "é", "中文", "\u00a0", "\u3000", "\ufffd", "\ue000", "\u200b", "…",
    "GPT-4o", "x" * 30,
]), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(title=_emitter_text, summary=_emitter_text, author=_emitter_text)
def test_libyaml_writes_the_same_front_matter_as_pure_python(title, summary, author) -> None:
    article = make_article(title=title or "t", summary=(summary + " ") * 3 + summary or "s",
                           authors=[author or "a"], source=author or "s")
    dumper = archive._dumper_for(archive.front_matter(article).values())
    if archive._CDumper is not None:  # PyYAML built with libyaml, as the lock pins it
        assert dumper is not archive._PageDumper
    assert render_page(article) == _pure_python_page(article)


@pytest.mark.parametrize("title", ["Adieu GPT-4o \U0001F622", "tab\there", "BOM \ufeff",
                                   "line\nbreak", "bell \x07", "next \x85 line"])
def test_text_libyaml_writes_differently_takes_the_pure_python_emitter(title: str) -> None:
    article = make_article(title=title)
    assert archive._dumper_for(archive.front_matter(article).values()) is archive._PageDumper
    assert render_page(article) == _pure_python_page(article)


TRICKY_TEXT = [
    "../../etc/passwd",
    "..\\..\\windows",
    "---",
    "...",
    "GPT-4o\n---\nretired",
    "GPT-4o\n...\nretired",
    "---\ntitle: injected\n---",
    'OpenAI says "goodbye" to GPT-4o',
    "It's the end of GPT-4o's era",
    "'quoted' and \"double\" and `back`",
    "first line\nsecond line\n",
    "a\r\nb\rc",
    "Adieu GPT-4o 😢🤖 — « fin »",
    "nul \x00 byte",
    "bell \x07 escape \x1b[31m del \x7f c1 \x9b",
    "next line \x85 here",
    "line separator \u2028 paragraph separator \u2029",
    "bom \ufeff inside",
    "zero width \u200b joiner \u200d",
    "yes",
    "No",
    "null",
    "~",
    "true",
    "0o17",
    "1e3",
    ".inf",
    "2026-01-01",
    "2026-02-13T09:30:00Z",
    "!!python/object/apply:os.system",
    "!!python/object/apply:os.system ['touch /tmp/x']",
    "&anchor",
    "*alias",
    "key: value",
    "- item",
    "? question",
    "[a, b]",
    "{a: 1}",
    "# not a comment",
    "%YAML 1.2",
    "|",
    ">-",
    "@handle",
    "  leading and trailing spaces  ",
    "tab\tinside",
    "back\\slash \\n not a newline",
    "x" * 5000,
    "word " * 2000,
]


@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_round_trip_is_exact_for_tricky_text(text: str) -> None:
    article = make_article(title=text, summary=text, source=text, authors=[text, "Alex Example"],
                           selected_by=text, date_note=text)
    parsed = round_trip(article)
    assert parsed.title == text
    assert parsed.date_note == text
    assert parsed.summary == text
    assert parsed.source == text
    assert parsed.authors == [text, "Alex Example"]
    assert parsed.selected_by == text
    assert parsed.body == article.body + "\n"


def test_yaml_looking_title_is_written_as_text(tmp_path: Path) -> None:
    text = render_page(make_article(title="!!python/object/apply:os.system ['touch x']"))
    assert "title: '!!python/object/apply:os.system [''touch x'']'\n" in text


def test_front_matter_delimiter_inside_title_does_not_end_front_matter() -> None:
    text = render_page(make_article(title="GPT-4o\n---\nretired"))
    # Only the two delimiters are bare '---' lines; the title's is indented inside a quoted scalar.
    assert [line for line in text.split("\n") if line.rstrip() == "---"] == ["---", "---"]


non_blank_text = st.text(st.characters(exclude_categories=())).filter(lambda s: s.strip())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=non_blank_text, summary=non_blank_text, authors=st.lists(non_blank_text, max_size=3))
def test_round_trip_is_exact_for_any_text(title: str, summary: str, authors: list[str]) -> None:
    """Any text, lone surrogates and control characters included, comes back unchanged."""
    parsed = round_trip(make_article(title=title, summary=summary, authors=authors))
    assert (parsed.title, parsed.summary, parsed.authors) == (title, summary, authors)


@settings(max_examples=100, deadline=None)
@given(body=st.text(st.characters(exclude_categories=())))
def test_any_body_renders_to_utf8_and_parses(body: str) -> None:
    text = render_page(make_article(body=body))
    text.encode("utf-8")  # lone surrogates were replaced, so a page can always be written
    parsed, problems = parse_page(PAGE, text)
    assert problems == []
    assert parsed is not None
    expected = re.sub("[\ud800-\udfff]", "\ufffd", body.strip("\n"))
    assert parsed.body == (expected + "\n" if expected else "")


def test_lone_surrogates_are_written_and_read_back(tmp_path: Path) -> None:
    """A JSON feed can carry lone surrogates: the page must still be written, not crash."""
    article = make_article(title="broken \ud83d emoji", body="text \udca9 here")
    path = write_article(tmp_path, article)
    read = read_article(path)
    assert read.title == "broken \ud83d emoji"
    assert read.body == "text \ufffd here\n"


def test_dates_are_normalised_to_utc_z() -> None:
    paris = timezone(timedelta(hours=2))
    new_york = timezone(timedelta(hours=-5))
    article = make_article(date=datetime(2026, 2, 13, 10, 30, 15, 999, tzinfo=paris),
                           fetched=datetime(2026, 2, 13, 23, 0, tzinfo=new_york))
    text = render_page(article)
    assert "\ndate: '2026-02-13T08:30:15Z'\n" in text
    assert "\nfetched: '2026-02-14T04:00:00Z'\n" in text
    parsed = round_trip(article)
    assert parsed.date == datetime(2026, 2, 13, 8, 30, 15, tzinfo=UTC)
    assert parsed.date.tzinfo is UTC
    assert parsed.fetched == datetime(2026, 2, 14, 4, 0, tzinfo=UTC)


def test_naive_datetime_is_taken_as_utc_whatever_the_local_zone(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert format_datetime(datetime(2026, 2, 13, 9, 30)) == "2026-02-13T09:30:00Z"
        assert parse_datetime("2026-02-13T09:30:00") == datetime(2026, 2, 13, 9, 30, tzinfo=UTC)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_early_years_are_padded() -> None:
    value = datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert format_datetime(value) == "0999-01-02T03:04:05Z"
    assert parse_datetime(format_datetime(value)) == value


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-02-13T10:30:00+02:00", datetime(2026, 2, 13, 8, 30, tzinfo=UTC)),
        ("'2026-02-13T10:30:00+02:00'", datetime(2026, 2, 13, 8, 30, tzinfo=UTC)),
        ("2026-02-13T09:30:00Z", datetime(2026, 2, 13, 9, 30, tzinfo=UTC)),
        ("'2026-02-13t09:30:00z'", datetime(2026, 2, 13, 9, 30, tzinfo=UTC)),
        ("2026-02-13 09:30:00", datetime(2026, 2, 13, 9, 30, tzinfo=UTC)),
        ("2026-02-13", datetime(2026, 2, 13, tzinfo=UTC)),
        ("'2026-02-13'", datetime(2026, 2, 13, tzinfo=UTC)),
    ],
)
def test_hand_written_dates_are_read_as_utc(written: str, expected: datetime) -> None:
    text = render_page(make_article()).replace("'2026-02-13T09:30:00Z'", written)
    parsed = round_trip_text(text)
    assert parsed.date == expected
    assert parsed.date.utcoffset() == timedelta(0)


def round_trip_text(text: str) -> Article:
    parsed, problems = parse_page(PAGE, text)
    assert problems == []
    assert parsed is not None
    return parsed


# ---------------------------------------------------------------------------------------------
# Problems in pages


def problems_of(text: str) -> list[Problem]:
    article, problems = parse_page(PAGE, text)
    if any(p.severity == "error" for p in problems):
        assert article is None
    return problems


def test_page_without_front_matter() -> None:
    assert problems_of("# OpenAI retires GPT-4o\n\nNo front matter here.\n") == [
        Problem(PAGE, 1, "no front matter: the page must start with a '---' line and the YAML "
                         "block must end with '---'")
    ]


def test_page_with_unclosed_front_matter() -> None:
    text = "---\ntitle: OpenAI retires GPT-4o\nsource: Example News\n\nBody text.\n"
    assert problems_of(text) == [
        Problem(PAGE, 1, "front matter is not closed: end the YAML block with a '---' line")
    ]


def test_page_with_invalid_yaml_points_at_the_line() -> None:
    text = page("""
        ---
        title: OpenAI retires GPT-4o
        date: 2026-02-13T09:30:00Z
        source: Example News: Tech
        url: https://example.com/a
        ---
        """)
    assert problems_of(text) == [
        Problem(PAGE, 4, "invalid YAML: mapping values are not allowed here")
    ]


def test_page_with_duplicate_key_points_at_the_second() -> None:
    text = render_page(make_article()).replace("lang: en\n", "lang: en\ntitle: Again\n")
    assert problems_of(text) == [Problem(PAGE, 7, "invalid YAML: duplicate key 'title'")]


def test_page_with_python_tag_is_refused() -> None:
    text = render_page(make_article()).replace(
        "source: Example News", "source: !!python/object/apply:os.system ['true']")
    [problem] = problems_of(text)
    assert problem.line == 4
    assert problem.message.startswith("invalid YAML: could not determine a constructor")


def test_page_with_impossible_unquoted_date_is_an_error_on_its_line() -> None:
    text = render_page(make_article()).replace("date: '2026-02-13T09:30:00Z'",
                                               "date: 2026-02-30T25:00:00Z")
    assert problems_of(text) == [Problem(
        PAGE, 3, "'2026-02-30T25:00:00Z' is not a real date (day is out of range for month): "
                 "write a date that exists, such as '2026-02-13T09:30:00Z'")]


def test_page_with_date_beyond_utc_range_is_an_error() -> None:
    """0001-01-01 at +05:00 is a real YAML timestamp, but before year 1 once in UTC."""
    text = render_page(make_article()).replace("date: '2026-02-13T09:30:00Z'",
                                               "date: 0001-01-01T00:00:00+05:00")
    [problem] = problems_of(text)
    assert (problem.line, problem.severity) == (3, "error")
    assert problem.message.endswith("is out of the range of dates")


def test_page_with_yaml_bomb_is_refused_quickly() -> None:
    """Nested aliases would expand to 10^8 items; they are refused at the first alias."""
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
    text = "---\n" + bomb + "tags: *a8\n---\n"
    assert problems_of(text) == [
        Problem(PAGE, 3, "invalid YAML: aliases such as '*a0' are not allowed")
    ]


def test_unknown_field_is_an_error_on_its_line() -> None:
    text = render_page(make_article()).replace("lang: en\n", "lang: en\nlayout: post\n")
    [problem] = problems_of(text)
    assert problem.line == 7
    assert problem.severity == "error"
    assert problem.message.startswith("unknown field 'layout' (allowed: title, date, source,")


def test_missing_required_field() -> None:
    text = render_page(make_article()).replace("summary: OpenAI removed GPT-4o from ChatGPT on "
                                               "13 February 2026.\n", "")
    assert problems_of(text) == [Problem(PAGE, 1, "missing required field 'summary'")]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("title: OpenAI retires GPT-4o from ChatGPT", "title: ''", 2, "'title' must not be empty"),
        ("title: OpenAI retires GPT-4o from ChatGPT", "title: 2026", 2,
         "'title' must be text, got int"),
        ("date: '2026-02-13T09:30:00Z'", "date: 13/02/2026", 3,
         "'date': '13/02/2026' is not an ISO 8601 date like 2026-02-13T09:30:00Z"),
        ("date: '2026-02-13T09:30:00Z'", "date: yes", 3,
         "'date': expected an ISO 8601 date, got bool"),
        ("url: https://example.com/news/openai-retires-gpt-4o", "url: ftp://example.com/a", 5,
         "'url' must be an http(s) URL, got 'ftp://example.com/a'"),
        ("- retirement", "- [retirement]", 12, "'tags' must be a list of text items"),
        ("tags:\n- retirement", "tags: retirement", 11, "'tags' must be a list of text items"),
        ("feed: example-news", "feed: [example-news]", 13, "'feed' must be text, got list"),
        ("feed: example-news", "feed: example-news\ndate_inferred: maybe", 14,
         "'date_inferred' must be true or false"),
        ("feed: example-news", "feed: example-news\ndate_note:\n- the feed\n- a copy", 14,
         "'date_note' must be text, got list"),
        ("date: '2026-02-13T09:30:00Z'", "date: '2026-02-13T09:30:00Z'\ndate_note: 2026-02-13", 4,
         "'date_note' must be text, got date"),
        ("feed: example-news", "feed: example-news\narchived: https://web.archive.org/x", 14,
         "'archived' must be a mapping with 'url' (the copy's address) and 'timestamp' (when "
         "it was taken, ISO 8601 in UTC)"),
        ("feed: example-news", "feed: example-news\narchived:\n  url: https://web.archive.org/x"
         "\n  timestamp: yesterday", 16,
         "'archived.timestamp': 'yesterday' is not an ISO 8601 date like 2026-02-13T09:30:00Z"),
        ("feed: example-news", "feed: example-news\narchived:\n  url: javascript:alert(1)"
         "\n  timestamp: '2026-02-13T10:00:00Z'", 15,
         "'archived.url' must be an http(s) URL, got 'javascript:alert(1)'"),
        ("feed: example-news", "feed: example-news\narchived:\n  url: https://web.archive.org/x"
         "\n  timestamp: '2026-02-13T10:00:00Z'\n  status: '200'", 17,
         "unknown field 'archived.status' (allowed: url, timestamp)"),
        ("feed: example-news", "feed: example-news\nlink_status: gone\nlink_checked: "
         "'2026-03-01'", 14, "'link_status' must be 'dead' (or left out), got 'gone'"),
        ("feed: example-news", "feed: example-news\nlink_status: dead\nlink_checked: "
         "March", 15, "'link_checked' must be a date like 2026-03-01, got 'March'"),
    ],
)
def test_bad_field_values(old: str, new: str, line: int, message: str) -> None:
    text = render_page(make_article())
    assert old in text
    assert problems_of(text.replace(old, new)) == [Problem(PAGE, line, message)]


def test_archived_copy_and_link_status_round_trip() -> None:
    snapshot = Snapshot("https://web.archive.org/web/20260213101500/https://example.com/x",
                        datetime(2026, 2, 13, 10, 15, tzinfo=UTC))
    article = make_article(archived=snapshot, link_status="dead", link_checked=date(2026, 3, 1))
    text = render_page(article)
    assert text.split("selected_by: 'keyword: GPT-4o'\n")[1].split("---")[0] == (
        "archived:\n"
        "  url: https://web.archive.org/web/20260213101500/https://example.com/x\n"
        "  timestamp: '2026-02-13T10:15:00Z'\n"
        "link_status: dead\n"
        "link_checked: '2026-03-01'\n")
    assert round_trip(article) == replace(article, path=PAGE, body=article.body + "\n")
    # Hand-typed forms: an unquoted date, a timestamp with an offset.
    typed = text.replace("link_checked: '2026-03-01'", "link_checked: 2026-03-01").replace(
        "'2026-02-13T10:15:00Z'", "2026-02-13T11:15:00+01:00")
    assert round_trip_text(typed).archived == snapshot
    assert round_trip_text(typed).link_checked == date(2026, 3, 1)


CURATED = dict(
    title="Report on GPT-4o's last day in ChatGPT", headline_seen=False, feed=None, fetched=None,
    carried_by=Carrier("Example Portal", "https://portal.example.net/ext/gpt-4o-last-day"),
    highlight=True, lang="de", summary_lang="en",
    translations={"fr": ArticleText(summary="Le journal raconte le dernier jour de GPT-4o.",
                                    title="Reportage sur le dernier jour de GPT-4o"),
                  "de": ArticleText(summary="Die Zeitung berichtet vom letzten Tag.")},
)


def test_curated_fields_round_trip_beside_what_they_explain() -> None:
    """headline_seen under the title it qualifies, carried_by under the url it qualifies, the
    translations in the shape feeds/events.yml uses."""
    article = make_article(**CURATED)
    text = render_page(article)
    assert text.split("---\n")[1] == page("""
        title: Report on GPT-4o's last day in ChatGPT
        headline_seen: false
        date: '2026-02-13T09:30:00Z'
        source: Example News
        url: https://example.com/news/openai-retires-gpt-4o
        carried_by:
          source: Example Portal
          url: https://portal.example.net/ext/gpt-4o-last-day
        lang: de
        id: 3f2a9c0d1e4b5a67
        summary: OpenAI removed GPT-4o from ChatGPT on 13 February 2026.
        summary_lang: en
        translations:
          fr:
            summary: Le journal raconte le dernier jour de GPT-4o.
            title: Reportage sur le dernier jour de GPT-4o
          de:
            summary: Die Zeitung berichtet vom letzten Tag.
        authors:
        - Alex Example
        tags:
        - retirement
        selected_by: 'keyword: GPT-4o'
        highlight: true
        """)
    assert round_trip(article) == replace(article, path=PAGE, body=article.body + "\n")
    # The defaults are not written: a headline seen, no highlight, no copy, no translations.
    plain = render_page(make_article())
    for key in ("headline_seen", "highlight", "carried_by", "translations"):
        assert f"{key}:" not in plain
    assert round_trip(make_article()).headline_seen is True


def test_translations_with_text_libyaml_writes_differently_take_the_pure_python_emitter() -> None:
    """Nested text is looked at too: a line separator deep in `translations` stays escaped."""
    article = make_article(translations={"fr": ArticleText(summary="Adieu\u2028GPT-4o \U0001F622")})
    assert archive._dumper_for(archive.front_matter(article).values()) is archive._PageDumper
    assert round_trip(article).translations == article.translations


@pytest.mark.parametrize(
    ("added", "line", "message"),
    [
        ("headline_seen: 'false'", 14, "'headline_seen' must be true or false"),
        ("highlight: 'yes'", 14, "'highlight' must be true or false"),
        ("carried_by: Example Portal", 14, "'carried_by' must be a mapping with 'source' (the "
         "outlet that carried the copy) and 'url' (the copy's address)"),
        ("carried_by:\n  source: Example Portal", 14, "missing 'carried_by.url': 'carried_by' "
         "must be a mapping with 'source' (the outlet that carried the copy) and 'url' (the "
         "copy's address)"),
        ("carried_by:\n  source: ''\n  url: https://portal.example.net/x", 15,
         "'carried_by.source' must be the carrying outlet's name, got ''"),
        ("carried_by:\n  source: Example Portal\n  url: portal.example.net/x", 16,
         "'carried_by.url' must be an http(s) URL, got 'portal.example.net/x'"),
        ("carried_by:\n  source: Example Portal\n  url: https://portal.example.net/x\n"
         "  seen: '2026-02-13'", 17, "unknown field 'carried_by.seen' (allowed: source, url)"),
        ("translations: Le journal raconte.", 14, "'translations' must map language tags to "
         "our words in that language: translations: {fr: {summary: ..., title: ...}}"),
        ("translations:\n  French:\n    summary: Le journal raconte.", 15,
         "'translations.French': 'French' is not a language tag such as 'fr'"),
        ("translations:\n  fr: Le journal raconte.", 15,
         "'translations.fr' must be a mapping with summary and/or title"),
        ("translations:\n  fr:\n    resume: Le journal raconte.", 16,
         "unknown field 'translations.fr.resume' (allowed: summary, title)"),
        ("translations:\n  fr:\n    summary: [Le journal, raconte]", 16,
         "'translations.fr.summary' must be text, got ['Le journal', 'raconte']"),
        ("translations:\n  fr: {}", 15,
         "'translations.fr' is empty: give its summary and/or title, or remove it"),
        ("translations:\n  en:\n    title: OpenAI retires GPT-4o", 16,
         "'translations.en.title': the English rendering of a headline goes in 'title_en'"),
    ],
)
def test_bad_curated_field_values_are_errors_on_their_line(added: str, line: int,
                                                           message: str) -> None:
    text = render_page(make_article()).replace("feed: example-news",
                                               f"feed: example-news\n{added}")
    assert problems_of(text) == [Problem(PAGE, line, message)]


def test_the_summary_in_each_language_and_the_title_a_reader_sees() -> None:
    article = make_article(**CURATED)
    assert article.summary_in("en") == (article.summary, "en")
    assert article.summary_in("fr") == ("Le journal raconte le dernier jour de GPT-4o.", "fr")
    assert article.summary_in("de") == ("Die Zeitung berichtet vom letzten Tag.", "de")
    assert article.summary_in("es") == (article.summary, "en")  # no Spanish: the page's own
    # Our description in the reader's language when the page gives it, else in English.
    assert article.title_in("fr") == ("Reportage sur le dernier jour de GPT-4o", "fr")
    assert article.title_in("en") == (article.title, "en")
    assert article.title_in("es") == (article.title, "en")
    # Fetch's description of an entry without a title is its first words, in its language.
    assert replace(article, feed="example-news").title_in("es") == (article.title, "de")
    seen = replace(article, headline_seen=True, title="Der letzte Tag von GPT-4o",
                   title_en="GPT-4o's last day")
    assert seen.title_in("fr") == ("Der letzte Tag von GPT-4o", "de")
    assert seen.rendering_in("fr") == "Reportage sur le dernier jour de GPT-4o"
    assert seen.rendering_in("en-GB") == "GPT-4o's last day"
    # A French summary: the English edition takes translations.en.
    french = make_article(lang="fr", summary="Le journal raconte.",
                          translations={"en": ArticleText(summary="The paper reports.")})
    assert french.summary_in("en") == ("The paper reports.", "en")
    assert french.summary_in("fr-CA") == ("Le journal raconte.", "fr")


def test_link_status_and_its_date_go_together() -> None:
    text = render_page(make_article())
    lone_status = text.replace("feed: example-news", "feed: example-news\nlink_status: dead")
    lone_date = text.replace("feed: example-news", "feed: example-news\nlink_checked: "
                                                   "'2026-03-01'")
    assert problems_of(lone_status) == [Problem(
        PAGE, 14, "'link_status: dead' without 'link_checked': add the date the link was found "
                  "dead (YYYY-MM-DD)", "warning")]
    assert problems_of(lone_date) == [Problem(
        PAGE, 14, "'link_checked' without 'link_status': remove it, or add 'link_status: dead'",
        "warning")]


def test_hand_added_page_may_leave_url_and_date_empty() -> None:
    text = page("""
        ---
        title: Interview with a keep4o campaigner
        date: null
        source: Example Radio
        url:
        lang: en
        id: interview-keep4o
        summary: A campaigner explains why users want GPT-4o back.
        ---

        Transcript.
        """)
    article, problems = parse_page(PAGE, text)
    assert article is not None
    assert (article.url, article.date, article.feed) == (None, None, None)
    assert sorted(problems, key=lambda p: p.line) == [
        Problem(PAGE, 3, "'date' is empty: allowed for a hand-added page of unknown date",
                "warning"),
        Problem(PAGE, 5, "'url' is empty: allowed for a hand-added page, add it if known",
                "warning"),
    ]
    assert str(min(problems, key=lambda p: p.line)) == (
        f"{PAGE}:3: warning: 'date' is empty: allowed for a hand-added page of unknown date"
    )


def test_feed_page_with_empty_url_or_date_is_an_error() -> None:
    text = render_page(make_article(url=None))
    assert "\nurl: null\n" in text
    assert problems_of(text) == [
        Problem(PAGE, 5, "'url' is empty but the page came from a feed")
    ]
    text = render_page(make_article(date=None))
    assert problems_of(text) == [
        Problem(PAGE, 3, "'date' is empty but the page came from a feed")
    ]


def test_windows_line_endings_and_bom_are_read() -> None:
    text = "\ufeff" + render_page(make_article()).replace("\n", "\r\n")
    parsed = round_trip_text(text)
    assert parsed.title == "OpenAI retires GPT-4o from ChatGPT"
    assert parsed.date == datetime(2026, 2, 13, 9, 30, tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# File names


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("OpenAI retires GPT-4o from ChatGPT", "openai-retires-gpt-4o-from-chatgpt"),
        ("Café crème: adieu à GPT-4o", "cafe-creme-adieu-a-gpt-4o"),
        ("Größe? Straße! Æon, Øre, Łódź, Œuvre", "grosse-strasse-aeon-ore-lodz-oeuvre"),
        ("ＧＰＴ－４ｏ (full width)", "gpt-4o-full-width"),
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\windows\\system32", "windows-system32"),
        ("?!…—«»", "article-3f2a9c0d1e4b"),
        ("", "article-3f2a9c0d1e4b"),
        ("日本語のニュース", "article-3f2a9c0d1e4b"),
        ("con", "con-article"),
        ("NUL", "nul-article"),
        ("Com1", "com1-article"),
        ("lpt1", "lpt1-article"),
        ("  --GPT-4o--  ", "gpt-4o"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title, "3f2a9c0d1e4b") == slug


def test_slugify_cuts_long_titles_at_a_word() -> None:
    title = "OpenAI retires GPT-4o " * 10
    slug = slugify(title, "x")
    assert len(slug) <= archive.SLUG_MAX
    assert slug == "openai-retires-gpt-4o-" * 3 + "openai-retires"
    assert slugify("x" * 200, "id") == "x" * archive.SLUG_MAX
    assert slugify("keep4o-now " * 10, "id") == "keep4o-now-" * 6 + "keep4o-now"


def test_slugify_fallback_is_made_safe() -> None:
    assert slugify("???", "../../Etc/..") == "article-etc"
    assert slugify("???", "/") == "article"


SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@settings(max_examples=300, deadline=None)
@given(title=st.text(st.characters(exclude_categories=())), fallback=st.text(max_size=40))
def test_slugify_is_always_safe(title: str, fallback: str) -> None:
    slug = slugify(title, fallback)
    assert SLUG_RE.match(slug)
    assert len(slug) <= archive.SLUG_MAX
    assert slug not in archive.RESERVED_NAMES
    assert slug.isascii()


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(st.characters(exclude_categories=())), id_=st.text(min_size=1),
       day=st.datetimes(min_value=datetime(1, 1, 2), timezones=st.just(UTC)) | st.none())
def test_page_path_stays_inside_articles_dir(tmp_path: Path, title: str, id_: str,
                                             day: datetime | None) -> None:
    articles = tmp_path / "docs" / "articles"
    path = page_path(articles, make_article(title=title, id=id_, date=day))
    assert path.resolve().is_relative_to(articles.resolve())
    expected = "undated" if day is None else f"{day.year:04d}/{day.month:02d}"
    assert path.parent == articles / expected
    assert path.suffix == ".md"
    assert SLUG_RE.match(path.stem)


@pytest.mark.parametrize(("title", "title_en", "name"), [
    ("美國家長控告聊天機器人 ChatGPT", "US parents sue over ChatGPT",
     "us-parents-sue-over-chatgpt"),
    ("Иск против OpenAI", "A suit against OpenAI", "a-suit-against-openai"),
    ("GPT-4o: retrait définitif", "GPT-4o: final withdrawal", "gpt-4o-retrait-definitif"),
    ("GPT-4o 退役", None, "gpt-4o"),
    # Half Latin by letters, but three words of eight: the slug would keep only "openai-gpt-4o".
    ("OpenAI, GPT-4o 등 구형 모델 단계적 퇴장", "OpenAI phases out GPT-4o and other older models",
     "openai-phases-out-gpt-4o-and-other-older-models"),
    # Mostly Latin by both counts: the original headline names the file.
    ("OpenAI retira GPT-4o de ChatGPT 😢", "OpenAI withdraws GPT-4o",
     "openai-retira-gpt-4o-de-chatgpt"),
])
def test_a_non_latin_headline_names_its_file_after_the_english_title(
        tmp_path: Path, title: str, title_en: str | None, name: str) -> None:
    article = make_article(title=title, title_en=title_en, date=datetime(2026, 2, 13, tzinfo=UTC))

    assert page_path(tmp_path, article) == tmp_path / "2026" / "02" / f"{name}.md"


# ---------------------------------------------------------------------------------------------
# Writing


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_write_article_writes_a_readable_page(tmp_path: Path) -> None:
    article = make_article()
    path = write_article(tmp_path, article)
    assert path == tmp_path / "2026" / "02" / "openai-retires-gpt-4o-from-chatgpt.md"
    assert article.path == path
    assert path.read_bytes() == render_page(article).encode("utf-8")
    assert read_article(path) == replace(article, body=article.body + "\n")
    assert files_in(tmp_path) == ["2026/02/openai-retires-gpt-4o-from-chatgpt.md"]


def test_undated_article_goes_to_undated_folder(tmp_path: Path) -> None:
    path = write_article(tmp_path, make_article(date=None, feed=None))
    assert path == tmp_path / "undated" / "openai-retires-gpt-4o-from-chatgpt.md"


def test_write_article_never_overwrites_an_existing_page(tmp_path: Path) -> None:
    taken = tmp_path / "2026" / "02" / "openai-retires-gpt-4o-from-chatgpt.md"
    taken.parent.mkdir(parents=True)
    taken.write_text("edited by hand\n", encoding="utf-8")

    path = write_article(tmp_path, make_article())

    assert path == taken.with_name("openai-retires-gpt-4o-from-chatgpt-3f2a9c0d1e4b.md")
    assert taken.read_text(encoding="utf-8") == "edited by hand\n"
    assert read_article(path).id == "3f2a9c0d1e4b5a67"


def test_write_article_when_the_id_name_is_taken_too(tmp_path: Path) -> None:
    folder = tmp_path / "2026" / "02"
    folder.mkdir(parents=True)
    for name in ("openai-retires-gpt-4o-from-chatgpt.md",
                 "openai-retires-gpt-4o-from-chatgpt-3f2a9c0d1e4b.md"):
        (folder / name).write_text("taken\n", encoding="utf-8")

    path = write_article(tmp_path, make_article())

    assert path.name == "openai-retires-gpt-4o-from-chatgpt-3f2a9c0d1e4b-2.md"
    assert [(folder / n).read_text() for n in sorted(os.listdir(folder)) if n != path.name] == [
        "taken\n", "taken\n"]


def test_slug_collision_between_two_new_articles(tmp_path: Path) -> None:
    first = write_article(tmp_path, make_article())
    second = write_article(tmp_path, make_article(id="99aa88bb77cc66dd",
                                                  url="https://example.org/other"))
    assert first.name == "openai-retires-gpt-4o-from-chatgpt.md"
    assert second.name == "openai-retires-gpt-4o-from-chatgpt-99aa88bb77cc.md"
    assert read_article(first).id == "3f2a9c0d1e4b5a67"
    assert read_article(second).id == "99aa88bb77cc66dd"


def test_write_article_retries_when_another_writer_takes_the_name(tmp_path, monkeypatch) -> None:
    """The name is free when checked but taken when linked: the page goes to the next name."""
    real_link = os.link
    calls = []

    def racing_link(src, dst):
        calls.append(Path(dst).name)
        if len(calls) == 1:
            Path(dst).write_text("the other writer's page\n", encoding="utf-8")
        return real_link(src, dst)

    monkeypatch.setattr(archive.os, "link", racing_link)
    path = write_article(tmp_path, make_article())

    assert calls == ["openai-retires-gpt-4o-from-chatgpt.md",
                     "openai-retires-gpt-4o-from-chatgpt-3f2a9c0d1e4b.md"]
    assert path.name == calls[1]
    assert path.with_name(calls[0]).read_text() == "the other writer's page\n"
    assert not [p for p in files_in(tmp_path) if ".tmp-" in p]


def test_write_new_refuses_to_replace(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    target.write_text("original\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_new(target, "new\n")
    assert target.read_text(encoding="utf-8") == "original\n"
    assert files_in(tmp_path) == ["page.md"]


@pytest.mark.parametrize("failing", ["fsync", "link"])
def test_failed_write_leaves_no_file(tmp_path: Path, monkeypatch, failing: str) -> None:
    """Disk full (simulated: tests run as root, so a read-only folder would not stop a write)."""

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(archive.os, failing, no_space)
    with pytest.raises(ArchiveError) as info:
        write_article(tmp_path, make_article())
    expected = tmp_path / "2026" / "02" / "openai-retires-gpt-4o-from-chatgpt.md"
    assert str(info.value) == f"{expected}: cannot write page: No space left on device"
    assert files_in(tmp_path) == []


def test_pages_written_without_a_folder_sync_are_synced_once_per_folder(
    tmp_path: Path, monkeypatch
) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(archive, "_fsync_dir", synced.append)
    first = write_article(tmp_path, make_article(), sync_dir=False)
    second = write_article(tmp_path, make_article(id="99aa88bb77cc66dd"), sync_dir=False)
    other = write_article(tmp_path, make_article(id="11aa22bb33cc44dd",
                                                 date=datetime(2025, 8, 7, tzinfo=UTC)),
                          sync_dir=False)
    # Only the folders that gained a new YYYY or MM folder were flushed, once each.
    assert synced == [tmp_path, tmp_path / "2026", tmp_path, tmp_path / "2025"]
    synced.clear()
    archive.sync_dirs([first.parent, second.parent, other.parent])
    assert synced == [tmp_path / "2025" / "08", tmp_path / "2026" / "02"]
    write_article(tmp_path, make_article(id="55aa66bb77cc88dd"))
    assert synced[-1] == tmp_path / "2026" / "02"  # by default each page syncs its folder


def test_write_replace_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("{}", encoding="utf-8")
    archive.write_replace(target, '{"feeds": {}}\n')
    assert target.read_text(encoding="utf-8") == '{"feeds": {}}\n'
    assert files_in(tmp_path) == ["state.json"]


# ---------------------------------------------------------------------------------------------
# Updating a few keys of an existing page


SNAPSHOT = Snapshot("https://web.archive.org/web/20260213101500/https://example.com/news/x",
                    datetime(2026, 2, 13, 10, 15, tzinfo=UTC))
DEAD = {"link_status": "dead", "link_checked": date(2026, 3, 1)}
ALIVE = {"link_status": None, "link_checked": None}

HAND_EDITED = page("""
    ---
    # yaml-language-server: $schema=../../../../scripts/newsarchive/schema/article.schema.json
    title:   "OpenAI retires GPT-4o"   # a person's comment, odd spacing and quotes
    date: 2026-02-13T09:30:00Z
    source: Example News
    url: https://example.com/news/x
    lang: en
    id: 3f2a9c0d1e4b5a67
    summary: >-
      A folded summary
      on two lines.
    tags: [retirement]

    # the events were checked by hand
    events:
      - gpt-4o-retired-from-chatgpt
    ---

    A body with *Markdown* and trailing spaces.\x20\x20
    """)


def test_update_changes_only_the_keys_and_keeps_every_other_byte(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text(HAND_EDITED, encoding="utf-8")

    assert update_page(path, {"archived": SNAPSHOT, **DEAD}) is True
    text = path.read_text(encoding="utf-8")
    assert text == HAND_EDITED.replace("\n---\n\nA body", (
        "\narchived:\n"
        "  url: https://web.archive.org/web/20260213101500/https://example.com/news/x\n"
        "  timestamp: '2026-02-13T10:15:00Z'\n"
        "link_status: dead\n"
        "link_checked: '2026-03-01'\n"
        "---\n\nA body"))
    article = read_article(path)
    assert (article.archived, article.link_status) == (SNAPSHOT, "dead")

    # Set again to the same values: nothing written. Removed: the page as the person left it,
    # but for the copy.
    assert update_page(path, {"archived": SNAPSHOT, **DEAD}) is False
    assert update_page(path, ALIVE) is True
    assert update_page(path, {"archived": None}) is True
    assert path.read_text(encoding="utf-8") == HAND_EDITED
    assert files_in(tmp_path) == ["page.md"]


def test_update_replaces_a_key_where_it_stands(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    moved = HAND_EDITED.replace("tags: [retirement]\n", "tags: [retirement]\nlink_status: dead\n"
                                "link_checked: '2026-01-01'  # first seen\n")
    path.write_text(moved, encoding="utf-8")
    update_page(path, {"link_checked": date(2026, 3, 1)})
    assert path.read_text(encoding="utf-8") == moved.replace(
        "link_checked: '2026-01-01'  # first seen", "link_checked: '2026-03-01'")


def test_update_keeps_crlf_bom_and_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    original = ("\ufeff" + HAND_EDITED.replace("\n", "\r\n")).encode("utf-8")
    path.write_bytes(original)
    path.chmod(0o640)
    update_page(path, DEAD)
    written = path.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"link_status: dead\r\nlink_checked: '2026-03-01'\r\n---\r\n" in written
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert path.stat().st_mode & 0o777 == 0o640
    update_page(path, ALIVE)
    assert path.read_bytes() == original


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=non_blank_text, summary=non_blank_text, authors=st.lists(non_blank_text, max_size=2))
def test_update_then_undo_is_the_identity_for_any_page(title: str, summary: str,
                                                        authors: list[str]) -> None:
    text = render_page(make_article(title=title, summary=summary, authors=authors,
                                    date_inferred=True))
    updated = with_fields(PAGE, text, {"archived": SNAPSHOT, **DEAD})
    parsed = round_trip_text(updated)
    assert (parsed.title, parsed.summary, parsed.authors) == (title, summary, authors)
    assert (parsed.archived, parsed.link_checked) == (SNAPSHOT, date(2026, 3, 1))
    assert with_fields(PAGE, updated, {"archived": None, **ALIVE}) == text


def test_update_refuses_a_page_it_cannot_read_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    for broken in ("no front matter\n", "---\ntitle: [unclosed\n---\n", "---\ntitle: x\n",
                   "---\n- a list\n---\n"):
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(ArchiveError):
            update_page(path, DEAD)
        assert path.read_text(encoding="utf-8") == broken
    with pytest.raises(ArchiveError, match="cannot read"):
        update_page(tmp_path / "missing.md", DEAD)


def test_update_never_overwrites_an_edit_made_meanwhile(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "page.md"
    path.write_text(HAND_EDITED, encoding="utf-8")
    edited = HAND_EDITED.replace("Example News", "Example Daily")
    real = archive._write_temp

    def person_saves_meanwhile(target: Path, text: str) -> Path:
        tmp = real(target, text)
        target.write_text(edited, encoding="utf-8")
        return tmp

    monkeypatch.setattr(archive, "_write_temp", person_saves_meanwhile)
    with pytest.raises(ArchiveError, match="changed while being updated"):
        update_page(path, DEAD)
    assert path.read_text(encoding="utf-8") == edited
    assert files_in(tmp_path) == ["page.md"]


def test_a_failed_update_leaves_the_page_whole(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "page.md"
    path.write_text(HAND_EDITED, encoding="utf-8")

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archive.os, "replace", disk_full)
    with pytest.raises(ArchiveError, match="No space left on device"):
        update_page(path, DEAD)
    assert path.read_text(encoding="utf-8") == HAND_EDITED
    assert files_in(tmp_path) == ["page.md"]


def test_remove_stale_temp_files(tmp_path: Path) -> None:
    folder = tmp_path / "2026" / "02"
    folder.mkdir(parents=True)
    old = folder / ".tmp-4242-old-page.md"
    new = tmp_path / ".tmp-4243-new-page.md"
    keep = folder / "page.md"
    for p in (old, new, keep):
        p.write_text("x", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))

    assert remove_stale_temp_files(tmp_path, max_age=600) == 1
    assert not old.exists()
    assert new.exists()
    assert remove_stale_temp_files(tmp_path) == 1
    assert files_in(tmp_path) == ["2026/02/page.md"]
    assert remove_stale_temp_files(tmp_path / "missing") == 0


# ---------------------------------------------------------------------------------------------
# Reading the archive


def test_load_archive_reports_bad_pages_and_loads_the_rest(tmp_path: Path) -> None:
    good = write_article(tmp_path, make_article())
    other = write_article(tmp_path, make_article(title="Users rally under #keep4o",
                                                 id="99aa88bb77cc66dd",
                                                 url="https://example.org/keep4o"))
    bad = tmp_path / "2026" / "02" / "broken.md"
    bad.write_text("---\ntitle: Broken\ndate: [2026\n---\n", encoding="utf-8")
    latin1 = tmp_path / "2026" / "02" / "latin1.md"
    latin1.write_bytes("---\ntitle: Retraité\n---\n".encode("latin-1"))
    # Not pages: a temp file of a killed run, a section index, a hidden folder.
    (tmp_path / "2026" / "02" / ".tmp-123-page.md").write_text("---\nhalf", encoding="utf-8")
    (tmp_path / "index.md").write_text("# Articles\n", encoding="utf-8")
    (tmp_path / "2026" / "index.md").write_text("# 2026\n", encoding="utf-8")
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "draft.md").write_text("no front matter", encoding="utf-8")

    load = load_archive(tmp_path)

    assert sorted(a.path for a in load.articles) == sorted([good, other])
    assert [(e.path, e.line) for e in load.errors] == [(bad, 3), (latin1, None)]
    assert str(load.errors[0]).startswith(f"{bad}:3: invalid YAML: ")
    assert str(load.errors[1]).startswith(f"{latin1}: cannot read: ")
    assert list(archive.iter_pages(tmp_path)) == sorted([good, other, bad, latin1])


def test_load_archive_collects_warnings(tmp_path: Path) -> None:
    write_article(tmp_path, make_article(url=None, feed=None, selected_by=None))
    load = load_archive(tmp_path)
    assert len(load.articles) == 1
    assert load.errors == []
    assert [(p.line, p.severity) for p in load.problems] == [(5, "warning")]


def test_load_archive_of_missing_folder_is_empty(tmp_path: Path) -> None:
    load = load_archive(tmp_path / "docs" / "articles")
    assert (load.articles, load.errors, load.problems) == ([], [], [])


def test_read_article_raises_with_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text(render_page(make_article()).replace("lang: en", "lang: [en]"), "utf-8")
    with pytest.raises(ArchiveError) as info:
        read_article(path)
    assert str(info.value) == f"{path}:6: 'lang' must be text, got list"
    assert (info.value.path, info.value.line) == (path, 6)


# ---------------------------------------------------------------------------------------------
# The archive lock


HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from newsarchive.archive import archive_lock

    with archive_lock(Path(sys.argv[1])):
        print("locked", flush=True)
        sys.stdin.read()  # hold until the test closes our stdin (or kills us)
""")


@pytest.fixture
def lock_holder(tmp_path: Path):
    """Start a process holding the lock; yields (process, lock path)."""
    lock = tmp_path / "feeds" / ".fetch.lock"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "locked\n"
        yield proc, lock
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        proc.stdout.close()
        if proc.stdin and not proc.stdin.closed:
            proc.stdin.close()


def test_lock_busy_names_the_holder(lock_holder) -> None:
    proc, lock = lock_holder
    with pytest.raises(LockBusy) as info:
        with archive_lock(lock, wait=0):
            pytest.fail("the lock was taken twice")
    assert str(info.value) == (
        f"another run holds the archive lock by process {proc.pid} ({lock}); "
        "wait for it or use --wait SECONDS"
    )


def test_lock_with_wait_succeeds_once_released(lock_holder) -> None:
    proc, lock = lock_holder
    releaser = threading.Timer(0.3, proc.stdin.close)
    releaser.start()
    try:
        with archive_lock(lock, wait=30):
            assert lock.read_text() == str(os.getpid())
    finally:
        releaser.cancel()
    assert proc.wait(timeout=10) == 0


def test_killed_holder_releases_the_lock(lock_holder) -> None:
    proc, lock = lock_holder
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL
    with archive_lock(lock, wait=0):
        assert lock.read_text() == str(os.getpid())


def test_lock_is_released_on_error_and_reusable(tmp_path: Path) -> None:
    lock = tmp_path / ".fetch.lock"
    with pytest.raises(RuntimeError):
        with archive_lock(lock):
            raise RuntimeError("boom")
    with archive_lock(lock):
        pass
