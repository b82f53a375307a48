"""The JSON Schema of the page format: valid, in step with archive.py, and met by every page.

The schema helps people who edit front matter by hand (editors read it through the
`# yaml-language-server` comment); `newsarchive validate` stays the authority. These tests keep
the two from drifting apart.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from newsarchive.archive import FIELDS, REQUIRED, iter_pages, render_page, split_front_matter
from newsarchive.config import ID_RE, LANG_RE
from newsarchive.model import Article, ArticleText, Carrier, Snapshot

REPO = Path(__file__).resolve().parents[1]
SCHEMA_PATH = REPO / "scripts/newsarchive/schema/article.schema.json"
TEMPLATE = REPO / ".github/article-template.md"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


class _JsonLikeLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it against a JSON Schema: no timestamp type,
    so an unquoted 2026-02-13 is a string."""


_JsonLikeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def front_matter(text: str) -> dict:
    parts = split_front_matter(text)
    assert parts is not None
    return yaml.load(parts[0], Loader=_JsonLikeLoader)  # noqa: S506 - a SafeLoader subclass


def errors(data: dict) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in VALIDATOR.iter_errors(data))


def full_article(**changes) -> Article:
    fields = dict(
        title="OpenAI sets a date for GPT-4o's exit", date=datetime(2026, 1, 30, 14, 5, tzinfo=UTC),
        source="Example Daily", url="https://example.com/tech/gpt-4o-exit", lang="en",
        id="3f2a9c1b7d4e8a60", summary="GPT-4o leaves ChatGPT on 13 February.",
        authors=["Jane Doe"], tags=["retirement"], feed="example-daily",
        fetched=datetime(2026, 1, 30, 15, tzinfo=UTC), selected_by="keyword: GPT-4o",
        archive_url="https://web.archive.org/web/2026/https://example.com/tech/gpt-4o-exit",
        events=["gpt-4o-retired-from-chatgpt"], date_inferred=True,
        date_note="the feed gave no date; a syndicated copy is dated 30 January",
        archived=Snapshot("https://web.archive.org/web/20260130151207/https://example.com/tech/"
                          "gpt-4o-exit", datetime(2026, 1, 30, 15, 12, 7, tzinfo=UTC)),
        link_status="dead", link_checked=date(2026, 3, 1), body="Excerpt.")
    fields.update(changes)
    return Article(**fields)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_schema_and_archive_agree_on_the_fields() -> None:
    """archive.FIELDS / REQUIRED are the one source of truth; the schema must follow them."""
    assert list(SCHEMA["properties"]) == list(FIELDS)
    assert SCHEMA["required"] == list(REQUIRED)
    assert SCHEMA["additionalProperties"] is False
    for name, prop in SCHEMA["properties"].items():
        assert prop.get("description", "").strip(), f"{name} has no description for editors"


def test_schema_patterns_match_the_config_patterns() -> None:
    props = SCHEMA["properties"]
    assert props["id"]["pattern"] == ID_RE.pattern
    for key in ("tags", "events"):
        assert props[key]["items"]["pattern"] == ID_RE.pattern
    lang = re.compile(props["lang"]["pattern"])
    samples = ["en", "fr", "fr-FR", "pt-BR", "zh-Hant", "zh-Hant-TW", "es-419", "und", "EN",
               "en_US", "english", "fr-fr", "e", "en-", ""]
    for sample in samples:
        expected = sample == "und" or bool(LANG_RE.match(sample))
        assert bool(lang.match(sample)) == expected, sample


CURATED = dict(
    carried_by=Carrier("Example Portal", "https://portal.example.net/ext/gpt-4o-exit"),
    highlight=True, lang="de", summary_lang="en",
    translations={"fr": ArticleText(summary="GPT-4o quitte ChatGPT le 13 février.",
                                    title="OpenAI fixe la date du départ de GPT-4o"),
                  "en": ArticleText(summary="GPT-4o leaves ChatGPT on 13 February.")})


def test_a_page_with_every_field_validates() -> None:
    for article in (full_article(), full_article(date=None, url=None, feed=None, fetched=None),
                    full_article(**CURATED, title_en="OpenAI sets a date"),
                    full_article(**CURATED, headline_seen=False)):
        assert errors(front_matter(render_page(article))) == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"mood": "happy"}, ": Additional properties are not allowed ('mood' was unexpected)"),
    ({"lang": "english"}, "lang: 'english' does not match"),
    ({"url": "ftp://example.com/a"}, "url: 'ftp://example.com/a' does not match"),
    ({"id": "Hand_Added"}, "id: 'Hand_Added' does not match"),
    ({"date": "13/02/2026"}, "date: '13/02/2026' does not match"),
    ({"tags": "retirement"}, "tags: 'retirement' is not of type 'array'"),
    ({"date_inferred": "yes"}, "date_inferred: 'yes' is not of type 'boolean'"),
    ({"date_note": ["the feed"]}, "date_note: ['the feed'] is not of type 'string', 'null'"),
    ({"date_note": "dated from\na copy"}, "date_note: 'dated from\\na copy' does not match"),
    ({"link_status": "gone"}, "link_status: 'gone' is not one of ['dead', None]"),
    ({"link_checked": "1 March 2026"}, "link_checked: '1 March 2026' does not match"),
    ({"archived": {"url": "https://web.archive.org/web/2026/x"}},
     "archived: 'timestamp' is a required property"),
    ({"archived": "https://web.archive.org/web/2026/x"},
     "archived: 'https://web.archive.org/web/2026/x' is not of type 'object', 'null'"),
    ({"headline_seen": "no"}, "headline_seen: 'no' is not of type 'boolean'"),
    ({"headline_seen": False, "title_en": "OpenAI sets a date"},
     "title_en: 'OpenAI sets a date' is not of type 'null'"),
    ({"highlight": 1}, "highlight: 1 is not of type 'boolean'"),
    ({"carried_by": {"source": "Example Portal"}}, "carried_by: 'url' is a required property"),
    ({"carried_by": {"source": "Example Portal", "url": "portal.example.net/x"}},
     "carried_by/url: 'portal.example.net/x' does not match"),
    ({"translations": {"French": {"summary": "Le journal raconte."}}},
     "translations: 'French' does not match"),
    ({"translations": {"fr": {"resume": "Le journal raconte."}}},
     "translations/fr: Additional properties are not allowed ('resume' was unexpected)"),
    ({"translations": {"fr": {}}}, "translations/fr: {} should be non-empty"),
    ({"translations": {"en": {"title": "OpenAI sets a date"}}},
     "translations/en: {'title': 'OpenAI sets a date'} should not be valid"),
    ({"translations": {"fr": {"title": "Le titre\nsur deux lignes"}}},
     "translations/fr/title: 'Le titre\\nsur deux lignes' does not match"),
])
def test_the_schema_refuses_what_validate_refuses(change: dict, expected: str) -> None:
    data = front_matter(render_page(full_article()))
    data.update(change)
    [message] = errors(data)
    assert message.startswith(expected)


def test_only_a_fetched_page_may_leave_its_summary_empty() -> None:
    data = front_matter(render_page(full_article(summary="")))
    assert data["summary"] == "" and errors(data) == []
    del data["feed"]
    assert errors(data) == ["summary: '' should be non-empty"]


def test_a_missing_required_field_is_named() -> None:
    data = front_matter(render_page(full_article()))
    del data["summary"]
    assert errors(data) == [": 'summary' is a required property"]


def test_every_committed_page_validates_against_the_schema() -> None:
    paths = list(iter_pages(REPO / "docs" / "articles"))
    assert paths, "no committed pages found"
    for path in paths:
        data = front_matter(path.read_text(encoding="utf-8"))
        assert errors(data) == [], path


def test_the_template_validates_and_points_at_the_schema() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    assert errors(front_matter(text)) == []
    first = text.split("\n")[1]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    # Copied to docs/articles/YYYY/MM/, the relative path reaches the schema.
    page_folder = REPO / "docs/articles/2026/02"
    assert (page_folder / first.removeprefix(prefix)).resolve() == SCHEMA_PATH


def test_the_template_is_a_valid_page_of_this_archive() -> None:
    """Copied as is to docs/articles/2026/02/, it passes validate (its tags and events exist)."""
    from newsarchive.archive import parse_page
    from newsarchive.config import load_project
    from newsarchive.validate import check_article

    project = load_project(REPO)
    path = project.articles_dir / "2026/02/headline-of-the-article.md"
    text = TEMPLATE.read_text(encoding="utf-8")
    article, problems = parse_page(path, text)
    assert problems == [] and article is not None
    assert check_article(article, project, text, datetime(2026, 3, 1, tzinfo=UTC)) == []
