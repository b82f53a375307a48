"""Tests for `newsarchive.validate`: one test per rule, with the exact message and line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from newsarchive.archive import Problem
from newsarchive.config import load_project
from newsarchive.model import Project
from newsarchive.validate import raw_html, validate

NOW = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)

# Line numbers of the page below, used by the assertions.
TITLE, DATE, URL, LANG, ID, SUMMARY, TAGS, EVENTS, BODY = 2, 3, 5, 6, 7, 8, 11, 13, 18
PAGE = """\
---
title: OpenAI retires GPT-4o from ChatGPT
date: '{date}'
source: Example News
url: {url}
lang: {lang}
id: {id}
summary: {summary}
authors:
- Alex Example
tags: {tags}
feed: example-news
events: {events}
fetched: '2026-02-14T06:00:00Z'
selected_by: 'keyword: GPT-4o'
---

{body}
"""
DEFAULTS = {
    "date": "2026-02-13T09:30:00Z",
    "url": "https://example.com/news/openai-retires-gpt-4o",
    "lang": "en",
    "id": "3f2a9c0d1e4b5a67",
    "summary": "OpenAI removed GPT-4o from ChatGPT on 13 February 2026.",
    "tags": "[retirement]",
    "events": "[retirement-effective]",
    "body": "OpenAI removed **GPT-4o** from ChatGPT.\n\nUsers protested under #keep4o.",
}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "sources.yml").write_text(
        "sources:\n  - id: example-news\n    name: Example News\n"
        "    url: https://example.com/feed.xml\n", encoding="utf-8")
    (feeds / "topics.yml").write_text("include: [GPT-4o]\n", encoding="utf-8")
    (feeds / "tags.yml").write_text(
        "tags:\n  - id: retirement\n    label: Retirement\n"
        "  - id: user-backlash\n    label: User backlash\n", encoding="utf-8")
    (feeds / "events.yml").write_text(
        "events:\n"
        "  - id: retirement-effective\n    date: '2026-02-13'\n    title: GPT-4o retired\n"
        "  - id: retirement-announced\n    date: '2026-01-29'\n    title: Retirement announced\n",
        encoding="utf-8")
    return load_project(tmp_path)


def write_page(project: Project, rel: str = "2026/02/openai-retires-gpt-4o.md", **fields) -> Path:
    path = project.articles_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(**{**DEFAULTS, **fields}), encoding="utf-8")
    return path


def test_clean_page_has_no_problems(project: Project) -> None:
    write_page(project)
    write_page(project, "2026/01/announced.md", date="2026-01-29T18:00:00+01:00",
               url="https://example.org/announced", id="99aa88bb77cc66dd", tags="[]",
               events="[retirement-announced]", lang="fr-FR")
    assert validate(project, now=NOW) == []


def test_unknown_tag(project: Project) -> None:
    path = write_page(project, tags="[retirement, gpt-5]")
    assert validate(project, now=NOW) == [
        Problem(path, TAGS, "unknown tag 'gpt-5' (known tags, in feeds/tags.yml: "
                            "retirement, user-backlash)")
    ]


def test_unknown_event(project: Project) -> None:
    path = write_page(project, events="[retirement-effective, shutdown]")
    assert validate(project, now=NOW) == [
        Problem(path, EVENTS, "unknown event 'shutdown' (known events, in feeds/events.yml: "
                              "retirement-announced, retirement-effective)")
    ]


def test_future_date(project: Project) -> None:
    path = write_page(project, "2026/03/future.md", date="2026-03-01T00:00:00Z")
    assert validate(project, now=NOW) == [
        Problem(path, DATE, "date 2026-03-01 is in the future")
    ]


def test_date_within_a_day_ahead_is_not_future(project: Project) -> None:
    """Time zones: a page dated tomorrow morning UTC may be today somewhere."""
    ahead = NOW + timedelta(hours=20)
    write_page(project, "2026/02/tomorrow.md", date=ahead.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert validate(project, now=NOW) == []


def test_path_does_not_match_date(project: Project) -> None:
    path = write_page(project, "2026/01/misplaced.md")
    assert validate(project, now=NOW) == [
        Problem(path, DATE, "page is in articles/2026/01/ but its date puts it in "
                            "articles/2026/02/: move the file or fix the date")
    ]


def test_date_offset_decides_the_folder_in_utc(project: Project) -> None:
    """23:30 on 31 January in New York is 1 February in UTC: the page belongs in 2026/02."""
    path = write_page(project, "2026/01/late.md", date="2026-01-31T23:30:00-05:00")
    [problem] = validate(project, now=NOW)
    assert problem == Problem(path, DATE, "page is in articles/2026/01/ but its date puts it in "
                                          "articles/2026/02/: move the file or fix the date")


def test_undated_page_belongs_in_undated(project: Project) -> None:
    text = PAGE.format(**DEFAULTS).replace("date: '2026-02-13T09:30:00Z'", "date:").replace(
        "feed: example-news\n", "")
    good = project.articles_dir / "undated" / "interview.md"
    bad = project.articles_dir / "2026" / "02" / "interview.md"
    for path, id_ in ((good, "interview-1"), (bad, "interview-2")):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(DEFAULTS["id"], id_).replace(
            DEFAULTS["url"], f"https://example.com/{id_}"), encoding="utf-8")
    warning = "'date' is empty: allowed for a hand-added page of unknown date"
    assert validate(project, now=NOW) == [
        Problem(bad, DATE, warning, "warning"),
        Problem(bad, DATE, "page is in articles/2026/02/ but its date puts it in "
                           "articles/undated/: move the file or fix the date"),
        Problem(good, DATE, warning, "warning"),
    ]


def test_raw_html_in_body(project: Project) -> None:
    body = ("OpenAI removed GPT-4o.\n\n"
            "Users protested.\n"
            '<div class="note">Kept for the record.</div>')
    path = write_page(project, body=body)
    assert validate(project, now=NOW) == [
        Problem(path, BODY + 3, "raw HTML in the body ('<div class=\"note\">'): write Markdown "
                                "instead (or put it in `code`)")
    ]


def test_raw_html_line_counts_blank_lines_after_front_matter(project: Project) -> None:
    path = write_page(project, body="\n\n\nFirst line.\n<br>")
    [problem] = validate(project, now=NOW)
    assert (problem.path, problem.line) == (path, BODY + 4)


def test_raw_html_found_after_code_that_shows_the_same_tag(project: Project) -> None:
    body = "Write `<br>` for a break.\n\nOr not: <br>"
    path = write_page(project, body=body)
    [problem] = validate(project, now=NOW)
    assert (problem.path, problem.line) == (path, BODY + 2)


def test_raw_html_with_front_matter_closed_by_dots(project: Project) -> None:
    path = write_page(project, body="Intro.\n\n<p>HTML</p>")
    text = path.read_text(encoding="utf-8").replace("'keyword: GPT-4o'\n---\n",
                                                    "'keyword: GPT-4o'\n...\n")
    path.write_text(text, encoding="utf-8")
    assert validate(project, now=NOW) == [
        Problem(path, BODY + 2, "raw HTML in the body ('<p>'): write Markdown instead "
                                "(or put it in `code`)")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Plain text about GPT-4o.",
        "Inline code: `<div>` and ``<span class=\"x\">``.",
        "```html\n<div>\n  <p>kept as code</p>\n</div>\n```",
        "~~~\n<script>alert(1)</script>\n~~~",
        "````markdown\n```\n<b>still code</b>\n```\n````",
        "```\n<b>an unclosed fence runs to the end</b>",
        "Read <https://example.com/gpt-4o> or write to <mailto:press@example.com>.",
        "Email autolink: <press@example.com>.",
        "Compare: 4o < 5 and 5 > 4o.",
        "Escaped: \\<div>.",
    ],
)
def test_not_raw_html(body: str) -> None:
    assert raw_html(body) is None


@pytest.mark.parametrize(
    ("body", "tag"),
    [
        ("A <b>bold</b> claim.", "<b>"),
        ("Line<br/>break", "<br/>"),
        ("Closing only </p>", "</p>"),
        ("<!-- a comment -->", "<!--"),
        ("<?xml version='1.0'?>", "<?"),
        ("<!DOCTYPE html>", "<!D"),
        ('<a href="https://example.com">link</a>', '<a href="https://example.com">'),
        ("Code then HTML: `x` <i>y</i>", "<i>"),
        ("<`x`div> is not joined into a tag; <em>this is</em>", "<em>"),
        ("```\ncode\n```\n\n<table>", "<table>"),
    ],
)
def test_raw_html_detected(body: str, tag: str) -> None:
    assert raw_html(body) == tag


def test_summary_with_html(project: Project) -> None:
    path = write_page(project, summary="'OpenAI removed <b>GPT-4o</b>.'")
    assert validate(project, now=NOW) == [
        Problem(path, SUMMARY, "summary must be plain text, not HTML")
    ]


def test_summary_with_comparison_is_plain_text(project: Project) -> None:
    write_page(project, summary="'GPT-4o < GPT-5, say some; 4o > 5, say others.'")
    assert validate(project, now=NOW) == []


GOOGLE_LINK = ("https://news.google.com/rss/articles/CBMiQWh0dHBzOi8vd3d3LmV4YW1wbGUuY29tL3RlY2hu"
               "b2xvZ3kvMjAyNi8wMi8xMy91c2Vycy1tb3Vybi1ncHQtNG8v0gEA")


@pytest.mark.parametrize("url", [
    GOOGLE_LINK,
    GOOGLE_LINK.replace("/rss/articles/", "/__i/rss/rd/articles/") + "?oc=5",
    GOOGLE_LINK.replace("news.google.com", "news.google.co.uk"),
    "http://news.google.com/news/url?sa=t&fd=R&url=https://example.com/news/a",
    "https://news.google.com/stories/CAAqNggKIjBDQklTSGpvSmMzUnZjbmt0TXpZd1NoRUtEd2o0d3N2SkVoR2c",
])
def test_an_aggregator_address_must_say_it_is_unresolved(project: Project, url: str) -> None:
    path = write_page(project, url=url)
    assert validate(project, now=NOW) == [Problem(
        path, URL, f"url {url} is a Google News address, not the publisher's: put the "
                   "article's own address in url, or, if it is unknown, say 'url_resolved: "
                   "false' (and keep the Google link in 'via')")]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("feed: example-news\n", f"feed: example-news\nvia: {url}\n"
                                 "url_resolved: false\n"), encoding="utf-8")
    assert validate(project, now=NOW) == []


def test_a_fetched_page_may_leave_its_summary_for_curation(project: Project) -> None:
    path = write_page(project, summary="''")
    assert validate(project, now=NOW) == [Problem(
        path, SUMMARY, "'summary' is empty: the feed gave no description of the article's own; "
                       "write one in your own words", "warning")]
    text = path.read_text(encoding="utf-8").replace("feed: example-news\n", "")
    path.write_text(text, encoding="utf-8")
    assert validate(project, now=NOW) == [Problem(path, SUMMARY, "'summary' must not be empty")]


DATE_NOTE = 16  # the line a date note takes after selected_by


def write_with_date_note(project: Project, note_yaml: str, **fields) -> Path:
    """A page whose front matter ends with `date_note: <note_yaml>` (YAML as written)."""
    path = write_page(project, **fields)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("selected_by: 'keyword: GPT-4o'\n",
                                 f"selected_by: 'keyword: GPT-4o'\ndate_note: {note_yaml}\n"),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("note_yaml", [
    "the article says the retirement took effect that Friday",
    "'a copy on example.org is dated 13 February: the original gives no date'",
    ">-\n  folded by YAML\n  onto one line",
    "''",
])
def test_a_date_note_of_one_line_of_text_is_accepted(project: Project, note_yaml: str) -> None:
    write_with_date_note(project, note_yaml)
    assert validate(project, now=NOW) == []


@pytest.mark.parametrize(("note_yaml", "message"), [
    ("|\n  two lines\n  of note", "date_note must be one line of plain text (write it on one "
                                   "line, or fold it with '>-')"),
    ('"one\\u2028line separator"', "date_note must be one line of plain text (write it on one "
                                    "line, or fold it with '>-')"),
    ("the article says <b>Monday</b>", "date_note must be plain text, not HTML"),
    ("[the feed, a copy]", "'date_note' must be text, got list"),
    ("2026-02-13", "'date_note' must be text, got date"),
    ("{by: the feed}", "'date_note' must be text, got dict"),
])
def test_a_date_note_that_is_not_one_line_of_text_is_an_error_on_its_line(
        project: Project, note_yaml: str, message: str) -> None:
    path = write_with_date_note(project, note_yaml)
    [problem] = validate(project, now=NOW)
    assert problem == Problem(path, DATE_NOTE, message)
    assert str(problem) == f"{path}:{DATE_NOTE}: error: {message}"


def test_a_date_note_copied_from_the_text_is_a_warning(project: Project) -> None:
    sentence = ("The company confirmed on Thursday that the model would leave the app the next "
                "day for good")
    path = write_with_date_note(project, f"'{sentence}'", body=f"{sentence}.\n\nMore text.")
    [problem] = validate(project, now=NOW)
    assert (problem.path, problem.line, problem.severity) == (path, DATE_NOTE, "warning")
    assert problem.message == ("date_note shares 12 words in a row with the page's text (\"The "
                               "company confirmed on Thursday that the model would leave the "
                               "app\"): say in your own words how the date was established")


def test_duplicate_id_across_two_pages(project: Project) -> None:
    first = write_page(project, "2026/02/a-first.md")
    second = write_page(project, "2026/02/b-second.md", url="https://example.org/other")
    assert validate(project, now=NOW) == [
        Problem(second, ID, f"duplicate id '3f2a9c0d1e4b5a67': already used by {first}")
    ]


def test_duplicate_url_across_two_pages(project: Project) -> None:
    first = write_page(project, "2026/02/a-first.md")
    second = write_page(project, "2026/02/b-second.md", id="99aa88bb77cc66dd")
    assert validate(project, now=NOW) == [
        Problem(second, URL, "duplicate url 'https://example.com/news/openai-retires-gpt-4o': "
                             f"already used by {first}")
    ]


def test_duplicates_are_checked_against_the_whole_archive(project: Project) -> None:
    first = write_page(project, "2026/02/a-first.md")
    second = write_page(project, "2026/02/b-second.md", url="https://example.org/other")
    assert validate(project, [first], now=NOW) == []
    assert validate(project, [second], now=NOW) == [
        Problem(second, ID, f"duplicate id '3f2a9c0d1e4b5a67': already used by {first}")
    ]


@pytest.mark.parametrize("lang", ["english", "EN", "en_US", "e"])
def test_bad_lang(project: Project, lang: str) -> None:
    path = write_page(project, lang=lang)
    assert validate(project, now=NOW) == [
        Problem(path, LANG, f"lang '{lang}' is not a BCP 47 tag such as 'en' or 'fr-FR'")
    ]


@pytest.mark.parametrize("lang", ["en", "fr-FR", "es-419", "zh-Hant-TW", "und"])
def test_good_lang(project: Project, lang: str) -> None:
    write_page(project, lang=lang)
    assert validate(project, now=NOW) == []


def test_structural_problems_are_reported_with_the_others(project: Project) -> None:
    path = write_page(project, tags="[gpt-5]")
    text = path.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\nlayout: post\n")
    path.write_text(text, encoding="utf-8")
    broken = project.articles_dir / "2026" / "02" / "broken.md"
    broken.write_text("No front matter.\n", encoding="utf-8")
    problems = validate(project, now=NOW)
    assert [(p.path.name, p.line, p.message.split(" (")[0]) for p in problems] == [
        ("broken.md", 1, "no front matter: the page must start with a '---' line and the YAML "
                         "block must end with '---'"),
        ("openai-retires-gpt-4o.md", LANG + 1, "unknown field 'layout'"),
    ]


def test_given_paths_only_are_reported(project: Project) -> None:
    good = write_page(project, "2026/02/good.md")
    bad = write_page(project, "2026/02/bad.md", tags="[gpt-5]", id="99aa88bb77cc66dd",
                     url="https://example.org/bad")
    assert validate(project, [good], now=NOW) == []
    assert [p.path for p in validate(project, [bad], now=NOW)] == [bad]
    assert [p.path for p in validate(project, [project.articles_dir / "2026"], now=NOW)] == [bad]


def test_relative_paths_give_the_same_problems(project: Project, monkeypatch) -> None:
    """A page named relative to the current folder is the same page, not a duplicate of itself."""
    path = write_page(project, "2026/01/misplaced.md")
    monkeypatch.chdir(project.root)
    relative = Path("docs/articles/2026/01/misplaced.md")
    expected = [Problem(path, DATE, "page is in articles/2026/01/ but its date puts it in "
                                    "articles/2026/02/: move the file or fix the date")]
    assert validate(project, [relative], now=NOW) == expected
    relative_project = Project(**{**project.__dict__, "root": Path(".")})
    assert [(p.line, p.message) for p in validate(relative_project, now=NOW)] == [
        (p.line, p.message) for p in expected]


def test_unreadable_page(project: Project) -> None:
    path = project.articles_dir / "2026" / "02" / "latin1.md"
    path.parent.mkdir(parents=True)
    path.write_bytes("---\ntitle: Retraité\n---\n".encode("latin-1"))
    [problem] = validate(project, now=NOW)
    assert (problem.path, problem.line) == (path, 1)
    assert problem.message.startswith("cannot read: 'utf-8' codec can't decode")


def test_problems_are_sorted_by_file_and_line(project: Project) -> None:
    b = write_page(project, "2026/01/b.md", tags="[gpt-5]", events="[shutdown]")
    a = write_page(project, "2026/02/a.md", lang="english", id="99aa88bb77cc66dd",
                   url="https://example.org/a", summary="'<i>x</i>'")
    assert [(p.path, p.line) for p in validate(project, now=NOW)] == [
        (b, DATE), (b, TAGS), (b, EVENTS), (a, LANG), (a, SUMMARY)
    ]


def test_empty_archive(project: Project) -> None:
    assert validate(project, now=NOW) == []


def test_page_under_a_symlinked_folder_is_not_its_own_duplicate(project: Project) -> None:
    store = project.root / "store"
    store.mkdir()
    project.articles_dir.parent.mkdir(parents=True, exist_ok=True)
    project.articles_dir.symlink_to(store, target_is_directory=True)
    path = write_page(project, "2026/01/misplaced.md")
    expected = [Problem(path, DATE, "page is in articles/2026/01/ but its date puts it in "
                                    "articles/2026/02/: move the file or fix the date")]
    assert validate(project, [path], now=NOW) == expected
    assert validate(project, now=NOW) == expected


def test_unknown_tag_and_event_point_at_the_item(project: Project) -> None:
    path = write_page(project, tags="\n- retirement\n- gpt-5", events="\n- shutdown")
    # tags: on line 11, its items on 12 and 13; events: on 15, its item on 16.
    assert [(p.line, p.message.split(" (")[0]) for p in validate(project, now=NOW)] == [
        (TAGS + 2, "unknown tag 'gpt-5'"),
        (EVENTS + 3, "unknown event 'shutdown'"),
    ]
    assert path.read_text(encoding="utf-8").split("\n")[TAGS + 1] == "- gpt-5"


# ---------------------------------------------------------------------------------------------
# Curated fields: a headline not seen, syndicated copies, highlights, our words per edition

FR_SUMMARY = "Le journal raconte que GPT-4o a quitté ChatGPT le 13 février."


def write_curated(project: Project, extra: str, rel: str = "2026/02/curated.md",
                  **fields) -> Path:
    """A hand-added page (no feed) whose front matter ends with the YAML lines `extra`."""
    path = write_page(project, rel, **fields)
    text = path.read_text(encoding="utf-8").replace("feed: example-news\n", "")
    path.write_text(text.replace("selected_by: 'keyword: GPT-4o'\n",
                                 f"selected_by: 'keyword: GPT-4o'\n{extra}\n"), encoding="utf-8")
    return path


def test_a_headline_not_seen_has_no_english_rendering(project: Project) -> None:
    ok = write_curated(project, "headline_seen: false", lang="de")
    assert validate(project, now=NOW) == []
    path = write_curated(project, "headline_seen: false\ntitle_en: GPT-4o retired", lang="de",
                         rel="2026/02/rendered.md", id="99aa88bb77cc66dd",
                         url="https://example.org/other")
    assert validate(project, [ok, path], now=NOW) == [
        Problem(path, 16, "title_en on a page whose headline was not seen: there is no headline "
                          "to render (title is our own description, in English): remove it")]


def test_a_syndicated_copy_is_one_page_per_original_story(project: Project) -> None:
    """No page's url or carried_by.url may be another's, in any of the URL's variants."""
    copy = "https://portal.example.net/ext/gpt-4o-retired"
    first = write_curated(project, f"carried_by:\n  source: Example Portal\n  url: {copy}",
                          rel="2026/02/a-original.md")
    # The copy's address as the page's url when the original's is unknown: the same page.
    alone = write_curated(project, f"carried_by:\n  source: Example Portal\n  url: {copy}2",
                          rel="2026/02/b-alone.md", url=f"{copy}2", id="aa11bb22cc33dd44")
    assert validate(project, now=NOW) == []
    second = write_curated(project, "carried_by:\n  source: Example Wire\n  url: http://www."
                                    "portal.example.net/ext/gpt-4o-retired?utm_source=x",
                           rel="2026/02/c-second.md", url="https://example.org/wire",
                           id="99aa88bb77cc66dd")
    third = write_page(project, "2026/02/d-third.md", url=f"{copy}2/", id="77aa88bb77cc66dd")
    assert validate(project, now=NOW) == [
        Problem(second, 17, "duplicate carried_by.url 'http://www.portal.example.net/ext/"
                            f"gpt-4o-retired?utm_source=x': already the address of {first} (one "
                            "page per original story, whoever carried it)"),
        Problem(third, URL, f"duplicate url '{copy}2/': already used by {alone}"),
    ]
    assert alone.exists()


def test_more_than_twelve_highlights_is_one_warning(project: Project) -> None:
    paths = [write_curated(project, "highlight: true", rel=f"2026/02/h{n:02}.md",
                           url=f"https://example.org/{n}", id=f"h{n:02}")
             for n in range(12)]
    assert validate(project, now=NOW) == []
    paths.append(write_curated(project, "highlight: true", rel="2026/02/h12.md",
                               url="https://example.org/12", id="h12"))
    assert validate(project, now=NOW) == [
        Problem(paths[0], 15, "13 pages are highlighted: keep 'highlight: true' for at most 12, "
                              "the essential reading the home page lists", "warning")]
    assert validate(project, [paths[5]], now=NOW)[0].path == paths[5]


def test_translations_follow_the_summary_rules(project: Project) -> None:
    copied = ("La société a confirmé jeudi que le modèle quitterait l'application le lendemain "
              "pour de bon")
    body = f"{copied}.\n\nMore text."
    ok = write_curated(project, f"translations:\n  fr:\n    summary: {FR_SUMMARY}\n"
                                "    title: OpenAI retire GPT-4o de ChatGPT", lang="es",
                       rel="2026/02/ok.md")
    assert validate(project, now=NOW) == []
    ok.unlink()
    write_curated(project, "translations:\n  fr:\n    summary: |\n      Un paragraphe.\n\n"
                           "      Un autre.\n    title: <b>OpenAI</b>\n  es:\n"
                           f"    summary: \"{copied}\"\n  en:\n    summary: Ours.\n"
                           "summary_lang: en", lang="es", body=body)
    assert [(p.line, p.severity, p.message) for p in validate(project, now=NOW)] == [
        (17, "error", "translations.fr.summary must be one paragraph (no blank line)"),
        (21, "error", "translations.fr.title must be one line of plain text"),
        (23, "warning", "translations.es.summary shares 12 words in a row with the page's text "
                        "(\"La société a confirmé jeudi que le modèle quitterait l'application "
                        "le lendemain\"): write it in your own words"),
        (25, "warning", "translations.en.summary is never shown: the page's summary is in en "
                        "already"),
    ]


def test_a_summary_is_one_paragraph(project: Project) -> None:
    path = write_page(project, summary="|\n  One paragraph.\n\n  And another.")
    assert validate(project, now=NOW) == [
        Problem(path, SUMMARY, "summary must be one paragraph (no blank line)")]


def test_strict_editions_asks_each_edition_for_its_own_text(project: Project) -> None:
    """A page shows another language's summary where its edition has none: --strict-editions
    names those pages; plain validate does not."""
    english = write_page(project, "2026/02/english.md")
    spanish = write_curated(project, "title_en: OpenAI retires GPT-4o\nsummary_lang: en",
                            rel="2026/02/spanish.md", lang="es", url="https://example.org/es",
                            id="es11bb22cc33dd44")
    french = write_curated(project, "title_en: GPT-4o leaves", rel="2026/02/french.md", lang="fr",
                           url="https://example.org/fr", id="fr11bb22cc33dd44",
                           summary=FR_SUMMARY)
    assert validate(project, now=NOW) == []
    strict = validate(project, now=NOW, strict_editions=("en", "fr"))
    assert [(p.path.name, p.line, p.message) for p in strict] == [
        ("english.md", SUMMARY, "no summary in fr for the fr edition: add translations: {fr: "
                                "{summary: ...}} in your own words (--strict-editions)"),
        ("french.md", SUMMARY, "no summary in en for the en edition: add translations: {en: "
                               "{summary: ...}} in your own words (--strict-editions)"),
        ("spanish.md", TITLE, "no rendering in fr of the headline in es for the fr edition: add "
                              "translations: {fr: {title: ...}} (--strict-editions)"),
        ("spanish.md", SUMMARY, "no summary in fr for the fr edition: add translations: {fr: "
                                "{summary: ...}} in your own words (--strict-editions)"),
    ]
    assert all(p.severity == "error" for p in strict)
    for path, words in ((english, f"summary: {FR_SUMMARY}"),
                        (spanish, f"summary: {FR_SUMMARY}\n    title: OpenAI retire GPT-4o"),
                        (french, "summary: The paper says GPT-4o left ChatGPT on 13 February.")):
        lang = "en" if path is french else "fr"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("---\n\n", f"translations:\n  {lang}:\n    {words}\n---\n\n",
                                     1), encoding="utf-8")
    assert validate(project, now=NOW, strict_editions=("en", "fr")) == []
    # A headline not seen is our English description: no rendering is needed.
    write_curated(project, "headline_seen: false\nsummary_lang: en\ntranslations:\n  fr:\n"
                           f"    summary: {FR_SUMMARY}", rel="2026/02/unseen.md", lang="ko",
                  url="https://example.org/ko", id="ko11bb22cc33dd44")
    assert validate(project, now=NOW, strict_editions=("en", "fr")) == []
