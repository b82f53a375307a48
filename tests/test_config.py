"""Tests for `newsarchive.config`: loading feeds/*.yml, and errors that say file:line: key."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from newsarchive.config import ConfigError, load_project, load_unverified, parse_yaml
from newsarchive.model import Event, Project, Rejection, Source, Tag, TopicRules, Unverified

SOURCES = """\
sources:
  - id: example-news
    name: Example News
    url: https://example.com/feed.xml
    lang: en
  - id: example-blog
    name: Example Blog on GPT-4o
    url: https://blog.example.org/gpt-4o/atom.xml
    whole_feed: true
"""

TOPICS = """\
include:
  - GPT-4o
  - "#keep4o"
exclude:
  - GPT-4o mini
"""

TAGS = """\
tags:
  - id: retirement
    label: Retirement
    description: OpenAI retiring the model from ChatGPT.
    keywords: [retire, retirement, retiring]
  - id: backlash
    label: User backlash
"""

EVENTS = """\
events:
  - id: retirement-effective
    date: "2026-02-13"
    title: GPT-4o retired from ChatGPT
    description: The model is no longer offered.
    translations:
      fr:
        title: GPT-4o quitte ChatGPT
        description: Le modèle n'est plus proposé.
  - id: keep4o-campaign
    date: "2025-08"
    precision: month
    era: Backlash
    title: The keep4o campaign
  - id: gpt-4o-launch
    date: 2024-05-13
    title: GPT-4o launched
    date_note: Announced at a live event.
"""

REJECTED = """\
rejected:
  - url: https://example.net/unrelated-gpt-4o-mini-review
    reason: About GPT-4o mini, not the retirement.
  - id: 0123456789abcdef
"""

SETTINGS = """\
title: GPT-4o retirement archive
excerpt_words: 120
"""

VALID = {
    "sources.yml": SOURCES,
    "topics.yml": TOPICS,
    "tags.yml": TAGS,
    "events.yml": EVENTS,
    "rejected.yml": REJECTED,
    "settings.yml": SETTINGS,
}


def make_project(root: Path, **files: str | bytes | None) -> Path:
    """A project folder with the valid files above, each replaced (or removed, with None)."""
    feeds = root / "feeds"
    feeds.mkdir(parents=True, exist_ok=True)
    contents = {**VALID, **{name.replace("_", ".", 1): text for name, text in files.items()}}
    for name, text in contents.items():
        if text is None:
            continue
        path = feeds / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def config_error(root: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_project(root)
    return info.value


# ---------------------------------------------------------------------------------------------
# A valid project


def test_valid_project_loads_typed_objects(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path))

    assert isinstance(project, Project)
    assert project.root == tmp_path.resolve()
    assert project.title == "GPT-4o retirement archive"
    assert project.excerpt_words == 120
    assert project.sources == [
        Source(id="example-news", name="Example News", url="https://example.com/feed.xml",
               lang="en", whole_feed=False),
        Source(id="example-blog", name="Example Blog on GPT-4o",
               url="https://blog.example.org/gpt-4o/atom.xml", lang=None, whole_feed=True),
    ]
    assert project.rules == TopicRules(include=("GPT-4o", "#keep4o"), exclude=("GPT-4o mini",))
    assert project.tags == {
        "retirement": Tag(id="retirement", label="Retirement",
                          description="OpenAI retiring the model from ChatGPT.",
                          keywords=("retire", "retirement", "retiring")),
        "backlash": Tag(id="backlash", label="User backlash"),
    }
    assert project.rejected == [
        Rejection(url="https://example.net/unrelated-gpt-4o-mini-review",
                  reason="About GPT-4o mini, not the retirement."),
        Rejection(id="0123456789abcdef"),
    ]


def test_events_are_typed_and_sorted_by_date(tmp_path: Path) -> None:
    events = load_project(make_project(tmp_path)).events

    assert list(events) == ["gpt-4o-launch", "keep4o-campaign", "retirement-effective"]
    assert events["gpt-4o-launch"] == Event(
        id="gpt-4o-launch", date=date(2024, 5, 13), title="GPT-4o launched", description="",
        precision="day", date_note="Announced at a live event.",
    )
    # A month-precision date stands for the first of the month.
    assert events["keep4o-campaign"].date == date(2025, 8, 1)
    assert events["keep4o-campaign"].precision == "month"
    assert events["keep4o-campaign"].era == "Backlash"
    assert events["retirement-effective"].date == date(2026, 2, 13)
    # Translated words where given, the English ones for the rest.
    french = events["retirement-effective"].text("fr")
    assert (french.title, french.description, french.era) == (
        "GPT-4o quitte ChatGPT", "Le modèle n'est plus proposé.", "")
    assert events["gpt-4o-launch"].text("fr").title == "GPT-4o launched"


def test_optional_files_may_be_missing_or_empty(tmp_path: Path) -> None:
    root = make_project(tmp_path, tags_yml="", events_yml=None, rejected_yml="rejected: []\n",
                        settings_yml=None)
    project = load_project(root)
    assert project.tags == {}
    assert project.events == {}
    assert project.rejected == []
    assert project.title == "News archive"
    assert project.excerpt_words == 150


def test_unverified_articles_load_as_typed_items_and_a_missing_file_is_an_empty_list(
        tmp_path: Path) -> None:
    assert load_project(make_project(tmp_path)).unverified == []
    root = make_project(tmp_path, unverified_yml="""\
        unverified:
          - url: https://example.org/2026/gpt-4o-adieu
            source: Example Matin
            lang: fr
            missing: date
            seen: 2026-11-30
          - url: https://example.net/kr/gpt-4o
            source: Example Ilbo
            lang: und
            missing: the publisher's own name for the piece
            seen: "2026-12-01"
        """)
    assert load_project(root).unverified == [
        Unverified(url="https://example.org/2026/gpt-4o-adieu", source="Example Matin",
                   lang="fr", missing="date", seen=date(2026, 11, 30)),
        Unverified(url="https://example.net/kr/gpt-4o", source="Example Ilbo", lang="und",
                   missing="the publisher's own name for the piece", seen=date(2026, 12, 1)),
    ]


def test_the_committed_unverified_list_loads() -> None:
    """feeds/unverified.yml exists, with its explaining header, and loads."""
    path = Path(__file__).resolve().parents[1] / "feeds" / "unverified.yml"
    assert path.read_text(encoding="utf-8").startswith("# Real articles about the story")
    assert isinstance(load_unverified(path), list)


def test_numbers_are_accepted_as_text(tmp_path: Path) -> None:
    root = make_project(tmp_path, settings_yml="title: 2026\n")
    assert load_project(root).title == "2026"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    root = make_project(tmp_path, topics_yml=b"\xef\xbb\xbfinclude: [GPT-4o]\n")
    assert load_project(root).rules.include == ("GPT-4o",)


# ---------------------------------------------------------------------------------------------
# Bad configuration: file, line, key path and message


BAD_CASES = [
    pytest.param(
        "tags.yml",
        """\
        tags:
          - id: lawsuits
            label: Lawsuits
            translations:
              fr: {libelle: Procès}
        """,
        "5: tags[0].translations.fr.libelle: unknown key (allowed: label, description)",
        id="tag-translation-unknown-key",
    ),
    pytest.param(
        "tags.yml",
        """\
        tags:
          - id: lawsuits
            label: Lawsuits
            translations:
              fr: {description: Les procès.}
        """,
        "5: tags[0].translations.fr: missing required key 'label'",
        id="tag-translation-without-label",
    ),
    pytest.param(
        "events.yml",
        """\
        events:
          - id: launch
            date: "2024-05-13"
            title: GPT-4o launched
            translations:
              fr:
                titre: GPT-4o lancé
        """,
        "7: events[0].translations.fr.titre: unknown key (allowed: title, description, "
        "date_note, era)",
        id="event-translation-unknown-key",
    ),
    pytest.param(
        "events.yml",
        """\
        events:
          - id: launch
            date: "2024-05-13"
            title: GPT-4o launched
            translations:
              French: {title: GPT-4o lancé}
        """,
        "6: events[0].translations.French: 'French' is not a language tag such as 'fr'",
        id="event-translation-bad-language",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: Example News
            url: https://example.com/feed.xml
          - id: example-ftp
            name: Old FTP mirror
            url: ftp://x
        """,
        "7: sources[1].url: 'ftp://x' is not an http(s) URL",
        id="url-not-http",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: Example News
            url: https://example.com/feed.xml
            feed_url: https://example.com/other.xml
        """,
        "5: sources[0].feed_url: unknown key (allowed: id, name, url, lang, whole_feed)",
        id="unknown-key",
    ),
    pytest.param(
        "sources.yml",
        """\
        source:
          - id: example-news
            name: Example News
            url: https://example.com/feed.xml
        """,
        "1: source: unknown key (allowed: sources)",
        id="misspelt-top-level-key",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: Example News
            url: https://example.com/feed.xml
          - id: example-blog
            name: Example Blog
        """,
        "5: sources[1]: missing required key 'url'",
        id="missing-required-key",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: Example News
            url: https://example.com/feed.xml
            whole_feed: sometimes
        """,
        "5: sources[0].whole_feed: expected true or false, got text",
        id="wrong-type-bool",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: [Example, News]
            url: https://example.com/feed.xml
        """,
        "3: sources[0].name: expected text, got a list",
        id="wrong-type-text",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          id: example-news
        """,
        "1: sources: expected a list, got a mapping",
        id="wrong-type-list",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: Example News
            url: https://example.com/feed.xml
          - https://example.org/feed.xml
        """,
        "5: sources[1]: expected a mapping",
        id="item-not-a-mapping",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: "  "
            url: https://example.com/feed.xml
        """,
        "3: sources[0].name: must not be empty",
        id="empty-name",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: Example News
            url: https://example.com/feed.xml
          - id: example-news
            name: Example News again
            url: https://example.com/feed2.xml
        """,
        "5: sources[1].id: duplicate id 'example-news'",
        id="duplicate-id",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: Example_News
            name: Example News
            url: https://example.com/feed.xml
        """,
        "2: sources[0].id: 'Example_News' must be lowercase letters, digits and '-'",
        id="bad-id-chars",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: Example News
            url: https://example.com/feed.xml
            lang: english
        """,
        "5: sources[0].lang: 'english' is not a BCP 47 language tag such as 'en' or 'fr-FR'",
        id="bad-lang",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: Example News
            url: https://example.com/feed.xml
            name: Example News (duplicate)
        """,
        "5: invalid YAML: duplicate key 'name'",
        id="duplicate-key",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: Example News
          url: https://example.com/feed.xml
        """,
        "4: invalid YAML: expected <block end>, but found '?' "
        "(while parsing a block collection on line 2)",
        id="invalid-yaml-indentation",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - id: example-news
            name: "Example News
            url: https://example.com/feed.xml
        """,
        "5: invalid YAML: found unexpected end of stream "
        "(while scanning a quoted scalar on line 3)",
        id="invalid-yaml-unclosed-quote",
    ),
    pytest.param(
        "topics.yml",
        """\
        include:
          - GPT-4o
        exclude:
          - 42
        """,
        "4: exclude[0]: expected text",
        id="keyword-not-text",
    ),
    pytest.param(
        "topics.yml",
        """\
        # The model's names.
        include: []
        """,
        "2: include: must list at least one keyword",
        id="include-empty",
    ),
    pytest.param(
        "topics.yml",
        """\
        include: [GPT-4o]
        excludes: [GPT-4o mini]
        """,
        "2: excludes: unknown key (allowed: include, exclude)",
        id="topics-unknown-key",
    ),
    pytest.param(
        "tags.yml",
        """\
        tags:
          - id: retirement
            label: Retirement
          - id: retirement
            label: Retirement again
        """,
        "4: tags[1].id: duplicate id 'retirement'",
        id="duplicate-tag-id",
    ),
    pytest.param(
        "tags.yml",
        """\
        tags:
          - id: retirement
            label: Retirement
            keywords: retire
        """,
        "4: tags[0].keywords: expected a list, got text",
        id="tag-keywords-not-a-list",
    ),
    pytest.param(
        "events.yml",
        """\
        events:
          - id: retirement-effective
            date: "2026-13-01"
            title: GPT-4o retired
        """,
        "3: events[0].date: '2026-13-01' is not a date (YYYY-MM-DD or YYYY-MM)",
        id="event-date-invalid",
    ),
    pytest.param(
        "events.yml",
        """\
        events:
          - id: retirement-effective
            date: "February 2026"
            title: GPT-4o retired
        """,
        "3: events[0].date: 'February 2026' is not a date (YYYY-MM-DD or YYYY-MM)",
        id="event-date-words",
    ),
    pytest.param(
        "events.yml",
        """\
        events:
          - id: retirement-announced
            title: Retirement announced
            date: 2026-01
        """,
        "4: events[0].date: '2026-01' gives no day: use precision 'month' or 'approximate'",
        id="event-month-with-day-precision",
    ),
    pytest.param(
        "events.yml",
        """\
        events:
          - id: retirement-announced
            title: Retirement announced
            date: 2026-01
            precision: week
        """,
        "5: events[0].precision: 'week' must be day, month or approximate",
        id="event-bad-precision",
    ),
    pytest.param(
        "events.yml",
        """\
        events:
          - id: retirement-announced
            title: Retirement announced
            date: 2026-01-29 17:00:00
        """,
        "4: events[0].date: '2026-01-29 17:00:00' has a time of day: "
        "write the date alone (YYYY-MM-DD)",
        id="event-date-with-time",
    ),
    pytest.param(
        "events.yml",
        """\
        events:
          - id: retirement-announced
            date: 2026-01-29
        """,
        "2: events[0]: missing required key 'title'",
        id="event-missing-title",
    ),
    pytest.param(
        "rejected.yml",
        """\
        rejected:
          - url: https://example.net/off-topic
          - reason: not about the story
        """,
        "3: rejected[1]: give the rejected article's 'url' or 'id'",
        id="rejected-without-url-or-id",
    ),
    pytest.param(
        "unverified.yml",
        """\
        unverified:
          - url: https://example.org/2026/gpt-4o-adieu
            source: Example Matin
            lang: fr
            seen: "2026-11-30"
        """,
        "2: unverified[0]: missing required key 'missing'",
        id="unverified-without-missing",
    ),
    pytest.param(
        "unverified.yml",
        """\
        unverified:
          - url: example.org/2026/gpt-4o-adieu
            source: Example Matin
            lang: fr
            missing: date
            seen: "2026-11-30"
        """,
        "2: unverified[0].url: 'example.org/2026/gpt-4o-adieu' is not an http(s) URL",
        id="unverified-url-without-scheme",
    ),
    pytest.param(
        "unverified.yml",
        """\
        unverified:
          - url: https://example.org/2026/gpt-4o-adieu
            source: Example Matin
            lang: French
            missing: date
            seen: "2026-11-30"
        """,
        "4: unverified[0].lang: 'French' is not a BCP 47 language tag such as 'en' or 'pt-BR' "
        "(use 'und' when unknown)",
        id="unverified-bad-lang",
    ),
    pytest.param(
        "unverified.yml",
        """\
        unverified:
          - url: https://example.org/2026/gpt-4o-adieu
            source: Example Matin
            lang: fr
            missing: date
            seen: 30 November 2026
        """,
        "6: unverified[0].seen: '30 November 2026' is not a date (YYYY-MM-DD)",
        id="unverified-seen-not-a-date",
    ),
    pytest.param(
        "unverified.yml",
        """\
        unverified:
          - url: https://example.org/2026/gpt-4o-adieu
            source: Example Matin
            lang: fr
            missing: date
            seen: 2026-11-30
          - url: https://example.org/2026/gpt-4o-adieu
            source: Example Matin
            lang: fr
            missing: date
            seen: 2026-12-01
        """,
        "7: unverified[1].url: 'https://example.org/2026/gpt-4o-adieu' is listed already "
        "(line 2)",
        id="unverified-listed-twice",
    ),
    pytest.param(
        "unverified.yml",
        """\
        unverified:
          - url: https://example.org/2026/gpt-4o-adieu
            source: ""
            lang: fr
            missing: date
            seen: 2026-11-30
        """,
        "3: unverified[0].source: must not be empty",
        id="unverified-empty-source",
    ),
    pytest.param(
        "unverified.yml",
        """\
        unverified:
          - url: https://example.org/2026/gpt-4o-adieu
            publisher: Example Matin
        """,
        "3: unverified[0].publisher: unknown key (allowed: url, source, lang, missing, seen)",
        id="unverified-unknown-key",
    ),
    pytest.param(
        "settings.yml",
        """\
        title: Archive
        excerpt_words: 5
        """,
        "2: excerpt_words: must be at least 10",
        id="excerpt-words-too-small",
    ),
    pytest.param(
        "settings.yml",
        """\
        title: Archive
        excerpt_words: "many"
        """,
        "2: excerpt_words: expected a whole number, got text",
        id="excerpt-words-not-a-number",
    ),
    pytest.param(
        "settings.yml",
        """\
        excerpt_words: true
        """,
        "1: excerpt_words: expected a whole number, got true or false",
        id="excerpt-words-bool",
    ),
    pytest.param(
        "settings.yml",
        """\
        title: Archive
        theme: dark
        """,
        "2: theme: unknown key (allowed: title, excerpt_words, archive_copies, link_retry_days, "
        "google_news_url)",
        id="settings-unknown-key",
    ),
    pytest.param(
        "settings.yml",
        """\
        - title
        """,
        "1: expected a mapping at the top level",
        id="top-level-not-a-mapping",
    ),
    pytest.param(
        "sources.yml",
        """\
        sources:
          - &news
            id: example-news
            name: Example News
            url: https://example.com/feed.xml
          - *news
        """,
        "6: invalid YAML: aliases such as '*news' are not allowed",
        id="alias-refused",
    ),
    pytest.param(
        "tags.yml",
        """\
        tags:
          - id: retirement
            ? [label]
            : Retirement
        """,
        "3: invalid YAML: a key must be plain text",
        id="key-not-text",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), BAD_CASES)
def test_bad_configuration_names_file_line_and_key(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    root = make_project(tmp_path, **{name.replace(".", "_"): text})
    error = config_error(root)
    path = (tmp_path / "feeds" / name).resolve()
    assert str(error) == f"{path}:{expected}"
    assert error.path == path
    assert error.line == int(expected.split(":")[0])


def test_missing_feeds_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    feeds = tmp_path.resolve() / "feeds"
    assert str(info.value) == (
        f"{feeds}: no feeds/ folder: pass --root DIR or run from the project"
    )
    assert info.value.line is None


@pytest.mark.parametrize("name", ["sources.yml", "topics.yml"])
def test_missing_required_file(tmp_path: Path, name: str) -> None:
    error = config_error(make_project(tmp_path, **{name.replace(".", "_"): None}))
    assert str(error) == f"{(tmp_path / 'feeds' / name).resolve()}: file not found"


def test_non_utf8_file(tmp_path: Path) -> None:
    latin1 = "tags:\n  - id: retirement\n    label: Retraité\n".encode("latin-1")
    error = config_error(make_project(tmp_path, tags_yml=latin1))
    assert str(error) == (
        f"{(tmp_path / 'feeds' / 'tags.yml').resolve()}: not UTF-8 text (invalid continuation byte)"
    )


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    root = make_project(tmp_path, tags_yml=None)
    (root / "feeds" / "tags.yml").mkdir()
    error = config_error(root)
    assert str(error).startswith(f"{(root / 'feeds' / 'tags.yml').resolve()}: cannot read: ")


def test_python_tag_is_refused_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"""\
    sources:
      - id: example-news
        name: !!python/object/apply:os.system ["touch {marker}"]
        url: https://example.com/feed.xml
    """
    error = config_error(make_project(tmp_path, sources_yml=text))
    assert error.line == 3
    assert "could not determine a constructor for the tag" in error.message
    assert "python/object/apply:os.system" in error.message
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!python/object:pathlib.Path", "!!python/name:os.system"])
def test_other_python_tags_are_refused(tmp_path: Path, tag: str) -> None:
    error = config_error(make_project(tmp_path, settings_yml=f"title: {tag} {{}}\n"))
    assert error.line == 1
    assert error.message.startswith("invalid YAML: could not determine a constructor")


def test_deeply_nested_yaml_is_a_config_error(tmp_path: Path) -> None:
    deep = "title: " + "[" * 5000 + "]" * 5000 + "\n"
    error = config_error(make_project(tmp_path, settings_yml=deep))
    assert error.message == "invalid YAML: nested too deeply"


def test_parse_yaml_offsets_lines_for_front_matter() -> None:
    data = parse_yaml("title: A\ntags:\n  - retirement\n", Path("page.md"), first_line=2)
    assert data["title"].line == 2
    assert data["tags"].line == 3
    assert data["tags"].value[0].line == 4
    with pytest.raises(ConfigError) as info:
        parse_yaml("title: A\ntitle: B\n", Path("page.md"), first_line=2)
    assert str(info.value) == "page.md:3: invalid YAML: duplicate key 'title'"


def test_first_problem_is_reported_in_load_order(tmp_path: Path) -> None:
    """sources.yml is read before topics.yml, so its problem is the one reported."""
    root = make_project(tmp_path, sources_yml="sources: 3\n", topics_yml="include: 3\n")
    assert config_error(root).path.name == "sources.yml"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: A\ndate: 2026-02-30T25:00:00Z\n", 3,
     "'2026-02-30T25:00:00Z' is not a real date (day is out of range for month): write a date "
     "that exists, such as '2026-02-13T09:30:00Z'"),
    ("title: A\ntags: [a, 0000-01-01]\n", 3,
     "'0000-01-01' is not a real date (year 0 is out of range): write a date that exists, such "
     "as '2026-02-13T09:30:00Z'"),
    ("2026-13-01: A\n", 2, "'2026-13-01' is not a real date (month must be in 1..12): write a "
                           "date that exists, such as '2026-02-13T09:30:00Z'"),
    ("title: A\ncount: !!int ten\n", 3, "'ten' is not a whole number"),
    ("draft: !!bool maybe\n", 2, "'maybe' is not true or false"),
    ("when: !!timestamp soon\n", 2, "'soon' is not a real date: write a date that exists, "
                                    "such as '2026-02-13T09:30:00Z'"),
    ("authors:\n  - A\n  - !!float many\n", 4, "'many' is not a number"),
    ("tags: !!omap [a: 1]\n", 2, "'!!omap' is not allowed here: write a plain list or mapping"),
    ("tags: !!set {a, b}\n", 2, "'!!set' is not allowed here: write a plain list or mapping"),
])
def test_values_yaml_cannot_build_are_errors_on_their_line(text, line, message) -> None:
    """PyYAML's constructors raise ValueError, KeyError...: each becomes `file:line: message`."""
    with pytest.raises(ConfigError) as info:
        parse_yaml(text, Path("page.md"), first_line=2)
    assert (info.value.line, info.value.message) == (line, message)


def test_impossible_event_date_in_a_config_file_names_file_and_line(tmp_path: Path) -> None:
    events = "events:\n  - id: launch\n    date: 2024-02-30\n    title: Launch\n"
    error = config_error(make_project(tmp_path, events_yml=events))
    assert (error.path.name, error.line) == ("events.yml", 3)
    assert error.message.startswith("'2024-02-30' is not a real date (day is out of range")
