"""Contributions by hand: `newsarchive add`, `new`, `reject`, and the validate rules they rely on.

Article pages are served over real HTTP on 127.0.0.1 (tests/feedserver.py); the made-up outlet
"La Revue Exemple" lives on example.org.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from feedserver import FeedServer, Response
from newsarchive import cli as cli_module
from newsarchive import contribute
from newsarchive import validate as validate_module
from newsarchive.archive import load_archive, parse_page, render_page
from newsarchive.cli import cli
from newsarchive.config import load_project, load_rejected
from newsarchive.fetch import FetchOptions
from newsarchive.links import LinkOptions
from newsarchive.model import Article, ArticleText, Carrier, Project
from newsarchive.pipeline import run_fetch
from newsarchive.urls import article_id
from newsarchive.validate import validate

REPO = Path(__file__).resolve().parents[1]
FAST = FetchOptions(connect_timeout=2, read_timeout=2, total_timeout=5, retries=0, backoff=0.01)
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

ARTICLE_URL = "https://example.org/numerique/gpt-4o-quitte-chatgpt"
ARTICLE_ID = article_id(ARTICLE_URL)
PAGE_REL = "docs/articles/2026/02/gpt-4o-quitte-chatgpt-les-utilisateurs-protestent.md"
HTML_TYPE = "text/html; charset=utf-8"

PARAGRAPHS = [
    "OpenAI a confirmé que <b>GPT-4o</b> quittera ChatGPT le 13 février, en même temps que "
    "GPT-4.1 et o4-mini. L'entreprise affirme que la plupart des utilisateurs préfèrent "
    "désormais GPT-5.2.",
    "Des milliers d'utilisateurs protestent sous le mot-dièse #keep4o. Certains comparent la "
    "perte du modèle à celle d'un ami, et jugent cruel le choix d'une date tombant la veille "
    "de la Saint-Valentin.",
    "Selon OpenAI, seuls 0,1 % des utilisateurs choisissent encore GPT-4o chaque jour, soit "
    "environ 800 000 personnes. <a href=\"/numerique/gpt-5-2\">Lire aussi notre article sur "
    "GPT-5.2</a>.",
]


def article_html(*, dated: bool = True, lang: str = "fr",
                 title: str = "GPT-4o quitte ChatGPT : les utilisateurs protestent") -> str:
    """A newsroom article page: Open Graph and article: meta, JSON-LD, scripts, an onclick."""
    published = "2026-02-12T09:30:00+01:00"
    date_meta = (f'<meta property="article:published_time" content="{published}">'
                 if dated else "")
    ld_date = f'"datePublished": "{published}",' if dated else ""
    byline = "le 12 février 2026" if dated else "pour La Revue Exemple"
    paragraphs = "\n".join(
        f'<p onclick="alert(\'click\')">{p}</p>' if i == 1 else f"<p>{p}</p>"
        for i, p in enumerate(PARAGRAPHS))
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} - La Revue Exemple</title>
<meta name="description" content="OpenAI retire GPT-4o de ChatGPT le 13 février ; des
milliers d'utilisateurs protestent.">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="La Revue Exemple">
<meta property="og:type" content="article">
<meta property="og:url" content="{ARTICLE_URL}">
{date_meta}
<meta name="author" content="Camille Martin">
<link rel="canonical" href="{ARTICLE_URL}">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "{title}", {ld_date}
 "author": [{{"@type": "Person", "name": "Camille Martin"}},
            {{"@type": "Person", "name": "Louis Durand"}}],
 "publisher": {{"@type": "Organization", "name": "La Revue Exemple"}}}}
</script>
<script>window.tracker = function () {{ alert("tracked"); }};</script>
</head>
<body>
<nav><a href="/">Accueil</a> <a href="/numerique">Numérique</a></nav>
<article>
<h1>{title}</h1>
<p class="byline">Par Camille Martin et Louis Durand, {byline}</p>
{paragraphs}
<script>document.write("<p>injected by script</p>");</script>
</article>
<footer>La Revue Exemple, tous droits réservés</footer>
</body>
</html>
"""


FEEDS = {
    "topics.yml": "include: [GPT-4o, keep4o]\n",
    "settings.yml": "title: Test archive\nexcerpt_words: 30\n",
    "tags.yml": textwrap.dedent("""\
        tags:
          - id: retirement
            label: Retirement
            keywords: [quitte, retire, retirement]
          - id: user-protests
            label: User protests
            keywords: [protestent, keep4o]
          - id: ai-companions
            label: AI companions
        """),
    "events.yml": textwrap.dedent("""\
        events:
          - id: gpt-4o-launch
            date: "2024-05"
            precision: month
            title: OpenAI launches GPT-4o
          - id: gpt-4o-retired-from-chatgpt
            date: "2026-02-13"
            title: GPT-4o leaves ChatGPT
        """),
    "rejected.yml": textwrap.dedent("""\
        # Articles a maintainer has turned down.
        #
        # Give a reason.

        rejected: []
        """),
}


@pytest.fixture
def root(tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose one feed is on the local server; the working folder is the project."""
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (tmp_path / "docs" / "articles").mkdir(parents=True)
    for name, text in FEEDS.items():
        (feeds / name).write_text(text, encoding="utf-8")
    (feeds / "sources.yml").write_text(
        "sources:\n  - id: revue\n    name: La Revue Exemple\n"
        f"    url: {feed_server.url('/revue.rss')}\n    whole_feed: true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(root: Path, *args: str, input: str | None = None):  # noqa: A002 - click's name
    return CliRunner().invoke(cli, [*args, "--root", str(root)], input=input)


def pages(root: Path) -> list[Article]:
    return load_archive(root / "docs" / "articles").articles


def front_lines(text: str) -> list[str]:
    return text.split("---\n")[1].splitlines()


# ---------------------------------------------------------------------------------------------
# add


def test_add_fetches_the_page_and_writes_a_clean_page(root: Path, feed_server: FeedServer) -> None:
    url = feed_server.add("/numerique/gpt-4o", article_html().encode(), content_type=HTML_TYPE)

    result = run(root, "add", url + "?utm_source=newsletter#top",
                 "--event", "gpt-4o-retired-from-chatgpt")

    assert result.exit_code == 0, result.output
    [page] = pages(root)
    rel = "docs/articles/2026/02/gpt-4o-quitte-chatgpt-les-utilisateurs-protestent.md"
    assert result.output == f"wrote {rel}\n"
    assert page.path == root / rel
    assert page.title == "GPT-4o quitte ChatGPT : les utilisateurs protestent"
    assert page.date == datetime(2026, 2, 12, 8, 30, tzinfo=UTC)
    assert page.source == "La Revue Exemple"
    assert page.url == url  # the address fetched, tracking and fragment dropped
    assert page.id == article_id(url)
    assert page.lang == "fr"
    assert page.authors == ["Camille Martin", "Louis Durand"]
    assert page.summary == ("OpenAI retire GPT-4o de ChatGPT le 13 février ; des milliers "
                            "d'utilisateurs protestent.")
    assert page.tags == ["retirement", "user-protests"]  # keywords, as fetch would
    assert page.events == ["gpt-4o-retired-from-chatgpt"]
    assert page.selected_by == "added by hand: newsarchive add"
    assert page.feed is None and page.fetched is None

    text = page.path.read_text(encoding="utf-8")
    assert front_lines(text)[0] == ("# yaml-language-server: $schema=../../../../scripts/"
                                    "newsarchive/schema/article.schema.json")
    assert "feed:" not in text
    for unsafe in ("alert", "onclick", "script", "tracker", "injected", "<p", "<b>"):
        assert unsafe not in page.body, unsafe
    # The headline is the page title, not repeated as a heading; then at most 30 words.
    assert not page.body.startswith("#")
    excerpt, link = page.body.rstrip("\n").rsplit("\n\n", 1)
    assert link == f"[Read the original article at La Revue Exemple]({url})"
    assert excerpt.startswith("OpenAI a confirmé que **GPT-4o** quittera ChatGPT le 13 février")
    assert len(excerpt.split()) == 30 and excerpt.endswith("…")
    # The fetch stage's client made the request.
    [request] = feed_server.requests_for("/numerique/gpt-4o?utm_source=newsletter")
    assert request.headers["user-agent"].startswith("newsarchive/")
    assert validate(load_project(root)) == []


def test_add_from_a_saved_file_works_offline(root: Path, tmp_path: Path) -> None:
    (root / "feeds/settings.yml").write_text("excerpt_words: 200\n", encoding="utf-8")
    saved = tmp_path / "saved.html"
    saved.write_bytes(article_html().encode("utf-8"))

    result = run(root, "add", "--from-file", str(saved), "--url", ARTICLE_URL + "?utm_medium=x")

    assert result.exit_code == 0, result.output
    [page] = pages(root)
    assert page.url == ARTICLE_URL and page.id == ARTICLE_ID
    assert page.title == "GPT-4o quitte ChatGPT : les utilisateurs protestent"
    # The whole text fits in 200 words: no "…"; a relative link is resolved against the address.
    assert page.body.endswith(
        "[Lire aussi notre article sur GPT-5.2](https://example.org/numerique/gpt-5-2).\n\n"
        f"[Read the original article at La Revue Exemple]({ARTICLE_URL})\n")
    assert "…" not in page.body


def test_from_file_needs_the_url(root: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(article_html(), encoding="utf-8")

    result = run(root, "add", "--from-file", str(saved))

    assert result.exit_code == 2
    assert "missing the article's URL (with --from-file, pass --url URL)" in result.output


def test_flags_override_what_the_page_says(root: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(article_html(), encoding="utf-8")

    result = run(root, "add", "--from-file", str(saved), "--url", ARTICLE_URL,
                 "--title", "GPT-4o leaves ChatGPT", "--date", "2026-02-13",
                 "--source", "Example Review", "--lang", "en-us",
                 "--summary", "  Users protest   the end of GPT-4o. ",
                 "--author", "Jane Doe", "--author", "John Roe",
                 "--tag", "ai-companions", "--event", "gpt-4o-retired-from-chatgpt",
                 "--date-note", " the page's date is the French\nedition's; this one came out "
                                "the same day ")

    assert result.exit_code == 0, result.output
    [page] = pages(root)
    assert page.title == "GPT-4o leaves ChatGPT"
    assert page.date_note == ("the page's date is the French edition's; this one came out the "
                              "same day")
    assert page.date == datetime(2026, 2, 13, tzinfo=UTC)
    assert page.source == "Example Review"
    assert page.lang == "en-US"
    assert page.summary == "Users protest the end of GPT-4o."
    assert page.authors == ["Jane Doe", "John Roe"]
    assert page.tags == ["ai-companions"]  # given tags replace the keyword tags
    assert page.body.endswith(f"[Read the original article at Example Review]({ARTICLE_URL})\n")
    assert page.path.relative_to(root).as_posix() == \
        "docs/articles/2026/02/gpt-4o-leaves-chatgpt.md"


def test_add_refuses_an_article_already_archived(root: Path, feed_server: FeedServer) -> None:
    url = feed_server.add("/numerique/gpt-4o", article_html().encode(), content_type=HTML_TYPE)
    first = run(root, "add", url)
    assert first.exit_code == 0, first.output

    again = run(root, "add", url + "?utm_campaign=repost")
    renamed = feed_server.add("/numerique/gpt-4o-v2", article_html().encode(),
                              content_type=HTML_TYPE)
    same_headline = run(root, "add", renamed)

    assert again.exit_code == 1
    assert again.output == (f"Error: already archived (same id {article_id(url)}): "
                            f"{PAGE_REL}\n")
    # Another address (whose own canonical link is not archived either): the same headline
    # from the same outlet.
    assert same_headline.exit_code == 1
    assert same_headline.output == f"Error: already archived (same title and source): {PAGE_REL}\n"
    assert len(pages(root)) == 1


def test_add_recognises_the_pages_own_canonical_address(root: Path, tmp_path: Path,
                                                        feed_server: FeedServer) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(article_html(), encoding="utf-8")
    assert run(root, "add", "--from-file", str(saved), "--url", ARTICLE_URL).exit_code == 0
    # The same article reached through a mirror, under another headline: its canonical link
    # still names the archived address.
    mirror = feed_server.add("/mirror", article_html(title="Autre titre").encode(),
                             content_type=HTML_TYPE)

    result = run(root, "add", mirror)

    assert result.exit_code == 1
    assert result.output == f"Error: already archived (same URL {ARTICLE_URL}): {PAGE_REL}\n"


def test_add_without_a_date_names_the_flag(root: Path, feed_server: FeedServer) -> None:
    url = feed_server.add("/numerique/sans-date", article_html(dated=False).encode(),
                          content_type=HTML_TYPE)

    missing = run(root, "add", url)
    given = run(root, "add", url, "--date", "2026-02-12T10:00:00+01:00")

    assert missing.exit_code == 2
    assert missing.output == ("Error: could not find the article's date in the page: "
                              "pass --date YYYY-MM-DD\n")
    assert given.exit_code == 0, given.output
    [page] = pages(root)
    assert page.date == datetime(2026, 2, 12, 9, 0, tzinfo=UTC)


def test_add_without_a_language_names_the_flag(root: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    # No lang attribute, and too little text for a reliable guess.
    saved.write_text("<html><head><title>GPT-4o</title></head><body><p>Fin.</p></body></html>",
                     encoding="utf-8")

    result = run(root, "add", "--from-file", str(saved), "--url", ARTICLE_URL,
                 "--date", "2026-02-12")

    assert result.exit_code == 2
    assert result.output == ("Error: could not find the article's language in the page: "
                             "pass --lang CODE\n")


def test_add_names_every_flag_an_empty_page_needs(root: Path, tmp_path: Path) -> None:
    saved = tmp_path / "empty.html"
    saved.write_text("<html><body></body></html>", encoding="utf-8")
    base = ["add", "--from-file", str(saved), "--url", ARTICLE_URL]

    bare = run(root, *base)
    flagged = run(root, *base, "--title", "GPT-4o in print", "--date", "2026-02-12",
                  "--lang", "fr", "--summary", "Un court résumé.")

    assert bare.exit_code == 2
    assert bare.output == ("Error: could not find the article's title, date, language, "
                           "description or text in the page: pass --title TEXT --date YYYY-MM-DD "
                           "--lang CODE --summary TEXT\n")
    assert flagged.exit_code == 0, flagged.output
    [page] = pages(root)
    assert page.source == "example.org"  # no site name in the page: the host
    assert page.body == f"[Read the original article at example.org]({ARTICLE_URL})\n"


def test_add_checks_flags_against_the_vocabulary(root: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(article_html(), encoding="utf-8")
    base = ["add", "--from-file", str(saved), "--url", ARTICLE_URL]

    tag = run(root, *base, "--tag", "retired")
    event = run(root, *base, "--event", "launch")
    lang = run(root, *base, "--lang", "french")
    future = run(root, *base, "--date", "2999-01-01")
    early = run(root, *base, "--date", "2019-01-01")
    bad_date = run(root, *base, "--date", "12/02/2026")

    assert tag.exit_code == event.exit_code == lang.exit_code == future.exit_code == 2
    assert tag.output == ("Error: --tag 'retired' is not a known tag (known tags, in "
                          "feeds/tags.yml: ai-companions, retirement, user-protests)\n")
    assert event.output == ("Error: --event 'launch' is not a known event (known events, in "
                            "feeds/events.yml: gpt-4o-launch, gpt-4o-retired-from-chatgpt)\n")
    assert lang.output.startswith("Error: --lang 'french' is not a BCP 47 language tag")
    assert future.output == ("Error: date 2999-01-01 is in the future: pass --date with the "
                             "publication date\n")
    assert early.exit_code == 2
    assert early.output == ("Error: date 2019-01-01 is before the story's first event "
                            "(gpt-4o-launch, 2024-05): check the date (--date)\n")
    assert bad_date.exit_code == 2
    assert "--date '12/02/2026' is not a date: write YYYY-MM-DD" in bad_date.output
    assert pages(root) == []


def test_add_refuses_a_rejected_article(root: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(article_html(), encoding="utf-8")
    assert run(root, "reject", ARTICLE_URL, "--reason", "Off topic").exit_code == 0

    result = run(root, "add", "--from-file", str(saved), "--url", ARTICLE_URL)

    assert result.exit_code == 1
    assert result.output == ("Error: this article was rejected (Off topic): remove it from "
                             "feeds/rejected.yml first if it belongs in the archive\n")


def test_add_dry_run_prints_the_page_and_writes_nothing(root: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(article_html(), encoding="utf-8")

    result = run(root, "add", "--from-file", str(saved), "--url", ARTICLE_URL, "--dry-run")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("---\n# yaml-language-server: $schema=")
    assert "title: 'GPT-4o quitte ChatGPT : les utilisateurs protestent'" in result.stdout
    assert f"would write {PAGE_REL}" in result.stderr
    assert pages(root) == []


def test_add_reports_a_page_it_cannot_fetch(root: Path, feed_server: FeedServer) -> None:
    gone = feed_server.add("/gone", b"not here", status=404, content_type="text/plain")
    pdf = feed_server.add("/paper.pdf", b"%PDF-1.7", content_type="application/pdf")

    missing = run(root, "add", gone)
    not_html = run(root, "add", pdf)

    assert missing.exit_code == 1
    assert missing.output.startswith(f"Error: cannot fetch {gone}: HTTP 404 Not Found")
    assert "newsarchive add --from-file FILE --url URL" in missing.output
    assert not_html.exit_code == 1
    assert f"{pdf} is not a web page (content type application/pdf)" in not_html.output


def test_add_decodes_the_charset_the_server_names(root: Path, feed_server: FeedServer) -> None:
    body = article_html().replace('<meta charset="utf-8">', "").encode("iso-8859-1",
                                                                       "xmlcharrefreplace")
    url = feed_server.add("/latin1", body, content_type="text/html; charset=iso-8859-1")

    result = run(root, "add", url)

    assert result.exit_code == 0, result.output
    [page] = pages(root)
    assert "février" in page.summary


# ---------------------------------------------------------------------------------------------
# new


NEW_FLAGS = ["--title", "GPT-4o's last day in print", "--date", "2026-02-13",
             "--source", "Example Weekly", "--lang", "en",
             "--summary", "The print edition looks back at GPT-4o as it leaves ChatGPT."]


def test_new_writes_a_page_from_flags(root: Path) -> None:
    result = run(root, "new", *NEW_FLAGS, "--author", "Jane Doe", "--tag", "retirement",
                 "--event", "gpt-4o-retired-from-chatgpt",
                 "--body", "A two-page feature on the model's **last day**.")

    assert result.exit_code == 0, result.output
    [page] = pages(root)
    rel = "docs/articles/2026/02/gpt-4o-s-last-day-in-print.md"
    assert result.stdout == f"wrote {rel}\n"
    assert result.stderr == ("warning: 'url' is empty: allowed for a hand-added page, add it if "
                             "known\n")
    assert page.id == "hand-gpt-4o-s-last-day-in-print-20260213"
    assert page.url is None
    assert page.date == datetime(2026, 2, 13, tzinfo=UTC)
    assert page.authors == ["Jane Doe"] and page.tags == ["retirement"]
    assert page.selected_by == "added by hand: newsarchive new"
    assert page.body == "A two-page feature on the model's **last day**.\n"
    text = page.path.read_text(encoding="utf-8")
    assert front_lines(text)[0].startswith("# yaml-language-server: $schema=../../../../")
    assert "date: '2026-02-13T00:00:00Z'" in text
    problems = validate(load_project(root))
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "'url' is empty: allowed for a hand-added page, add it if known")]


def test_new_with_a_url_uses_the_url_id_and_links_to_it(root: Path) -> None:
    result = run(root, "new", *NEW_FLAGS, "--date", "2026-02-13T09:30:00+01:00",
                 "--url", "https://example.net/print/last-day?utm_source=x")

    assert result.exit_code == 0, result.output
    [page] = pages(root)
    assert page.url == "https://example.net/print/last-day"
    assert page.id == article_id("https://example.net/print/last-day")
    assert page.date == datetime(2026, 2, 13, 8, 30, tzinfo=UTC)
    assert page.body == ("[Read the original article at Example Weekly]"
                         "(https://example.net/print/last-day)\n")
    assert page.tags == []  # no keyword of feeds/tags.yml in the title or summary


def test_new_names_missing_flags_when_nobody_can_answer(root: Path) -> None:
    result = run(root, "new", "--title", "GPT-4o in print", "--source", "Example Weekly",
                 "--summary", "A look back.")

    assert result.exit_code == 2
    assert result.output == ("Error: missing --date, --lang: pass them, or run the command on a "
                             "terminal to be asked\n")
    assert pages(root) == []


def test_new_asks_for_missing_fields_on_a_terminal(root: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_module, "_interactive", lambda: True)

    result = run(root, "new", "--title", "GPT-4o in print", "--source", "Example Weekly",
                 input="2026-02-14\nen\nA look back at the model.\n")

    assert result.exit_code == 0, result.output
    assert "Date (YYYY-MM-DD, or 'unknown'): " in result.output
    assert "Language (BCP 47: en, fr, pt-BR...): " in result.output
    [page] = pages(root)
    assert (page.date, page.lang, page.summary) == (
        datetime(2026, 2, 14, tzinfo=UTC), "en", "A look back at the model.")


def test_new_with_an_unknown_date_writes_an_undated_page(root: Path) -> None:
    result = run(root, "new", *NEW_FLAGS, "--date", "unknown")

    assert result.exit_code == 0, result.output
    assert "warning: 'date' is empty: allowed for a hand-added page of unknown date" in \
        result.output
    [page] = pages(root)
    assert page.date is None
    assert page.id == "hand-gpt-4o-s-last-day-in-print-undated"
    assert page.path.parent == root / "docs/articles/undated"
    assert front_lines(page.path.read_text(encoding="utf-8"))[0] == (
        "# yaml-language-server: $schema=../../../scripts/newsarchive/schema/article.schema.json")


def test_new_refuses_a_duplicate_headline(root: Path) -> None:
    assert run(root, "new", *NEW_FLAGS).exit_code == 0

    again = run(root, "new", *NEW_FLAGS, "--date", "2026-02-14")

    assert again.exit_code == 1
    assert again.output == ("Error: already archived (same title and source): "
                            "docs/articles/2026/02/gpt-4o-s-last-day-in-print.md\n")


def test_new_writes_the_date_note_on_one_line_beside_what_it_explains(root: Path) -> None:
    note = "the issue is dated 13 February;\n  the cover says it went to press a day earlier"

    result = run(root, "new", *NEW_FLAGS, "--date-inferred", "--date-note", note)

    assert result.exit_code == 0, result.output
    [page] = pages(root)
    assert page.date_inferred is True
    assert page.date_note == ("the issue is dated 13 February; the cover says it went to press "
                              "a day earlier")
    lines = front_lines(page.path.read_text(encoding="utf-8"))
    keys = [line.split(":")[0] for line in lines if not line.startswith(("#", " ", "-"))]
    assert keys[keys.index("date_inferred") + 1] == "date_note"
    assert [p for p in validate(load_project(root)) if p.severity == "error"] == []


def test_new_refuses_a_date_note_in_html(root: Path) -> None:
    result = run(root, "new", *NEW_FLAGS, "--date-note", "the <b>cover</b> says so")

    assert result.exit_code == 2
    assert result.output == ("Error: the page would not be valid: date_note must be plain "
                             "text, not HTML\n")
    assert pages(root) == []


def test_new_refuses_body_html(root: Path) -> None:
    result = run(root, "new", *NEW_FLAGS, "--body", "<script>alert(1)</script>")

    assert result.exit_code == 2
    assert "the page would not be valid: raw HTML in the body ('<script>')" in result.output
    assert pages(root) == []


def test_hand_ids() -> None:
    when = datetime(2026, 2, 13, tzinfo=UTC)
    assert contribute.hand_id("GPT-4o: la fin !", when) == "hand-gpt-4o-la-fin-20260213"
    assert contribute.hand_id("GPT-4o", None) == "hand-gpt-4o-undated"
    long = contribute.hand_id("A very long headline " * 10, when)
    assert len(long) <= len("hand--20260213") + contribute.HAND_SLUG_MAX
    cjk = contribute.hand_id("再见", when)
    assert re.fullmatch(r"hand-article-[0-9a-f]{12}-20260213", cjk)
    assert cjk != contribute.hand_id("你好", when)


# ---------------------------------------------------------------------------------------------
# reject


def write_fetched_page(root: Path, url: str = ARTICLE_URL) -> Path:
    article = Article(title="GPT-4o quitte ChatGPT", date=datetime(2026, 2, 12, tzinfo=UTC),
                      source="La Revue Exemple", url=url, lang="fr", id=article_id(url),
                      summary="OpenAI retire GPT-4o.", feed="revue",
                      fetched=datetime(2026, 2, 12, 6, tzinfo=UTC), selected_by="whole feed")
    path = root / "docs/articles/2026/02/gpt-4o-quitte-chatgpt.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(article), encoding="utf-8")
    return path


def rejected_items(root: Path) -> list[dict]:
    return yaml.safe_load((root / "feeds/rejected.yml").read_text(encoding="utf-8"))["rejected"]


def test_reject_by_url_records_the_canonical_url_and_removes_the_page(root: Path) -> None:
    page = write_fetched_page(root)

    result = run(root, "reject", ARTICLE_URL + "?utm_source=rss&utm_medium=feed#comments",
                 "--reason", "About French politics, not GPT-4o")

    assert result.exit_code == 0, result.output
    assert result.output == (
        f"rejected url {ARTICLE_URL} id {ARTICLE_ID}: recorded in feeds/rejected.yml\n"
        "removed docs/articles/2026/02/gpt-4o-quitte-chatgpt.md\n")
    assert not page.exists()
    [item] = rejected_items(root)
    assert item["url"] == ARTICLE_URL and item["id"] == ARTICLE_ID
    assert item["reason"] == "About French politics, not GPT-4o"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["date"])
    text = (root / "feeds/rejected.yml").read_text(encoding="utf-8")
    assert text.startswith("# Articles a maintainer has turned down.\n#\n# Give a reason.\n\n"
                           "rejected:\n  - url: ")
    assert [r.url for r in load_rejected(root / "feeds/rejected.yml")] == [ARTICLE_URL]


def test_reject_by_id_uses_the_pages_url_too(root: Path) -> None:
    page = write_fetched_page(root)

    result = run(root, "reject", ARTICLE_ID, "--reason", "Duplicate")

    assert result.exit_code == 0, result.output
    assert not page.exists()
    assert rejected_items(root) == [{"url": ARTICLE_URL, "id": ARTICLE_ID, "reason": "Duplicate",
                                     "date": rejected_items(root)[0]["date"]}]


def test_reject_without_a_page_still_records(root: Path) -> None:
    result = run(root, "reject", "hand-some-print-article-20260213")

    assert result.exit_code == 0, result.output
    assert result.output == (
        "rejected id hand-some-print-article-20260213: recorded in feeds/rejected.yml\n"
        "warning: no --reason given: add one in feeds/rejected.yml so the next reviewer knows "
        "why\nno page for it in the archive\n")
    [item] = rejected_items(root)
    assert "url" not in item and item["reason"] == ""


def test_rejecting_twice_records_once(root: Path) -> None:
    write_fetched_page(root)
    assert run(root, "reject", ARTICLE_URL, "--reason", "Off topic").exit_code == 0
    before = (root / "feeds/rejected.yml").read_text(encoding="utf-8")

    by_url = run(root, "reject", ARTICLE_URL + "?fbclid=abc", "--reason", "Again")
    by_id = run(root, "reject", ARTICLE_ID)

    assert by_url.exit_code == 0 and by_id.exit_code == 0
    assert by_url.output == (f"already rejected in feeds/rejected.yml: url {ARTICLE_URL} "
                             f"id {ARTICLE_ID}\nno page for it in the archive\n")
    assert (root / "feeds/rejected.yml").read_text(encoding="utf-8") == before


def test_reject_keeps_existing_items(root: Path) -> None:
    path = root / "feeds/rejected.yml"
    path.write_text(FEEDS["rejected.yml"].replace(
        "rejected: []", "rejected:\n  - url: https://example.com/other\n    reason: Spam\n"
        "    date: 2026-01-02\n"), encoding="utf-8")

    assert run(root, "reject", ARTICLE_URL, "--reason", "Off topic").exit_code == 0

    items = rejected_items(root)
    assert items[0] == {"url": "https://example.com/other", "reason": "Spam",
                        "date": datetime(2026, 1, 2).date()}
    assert items[1]["url"] == ARTICLE_URL
    assert len(load_rejected(path)) == 2


def test_reject_refuses_what_is_neither_url_nor_id(root: Path) -> None:
    result = run(root, "reject", "Not An Id!", "--reason", "x")

    assert result.exit_code == 2
    assert result.output == ("Error: 'Not An Id!' is neither an http(s) URL nor an article id "
                             "(the `id` of a page's front matter)\n")


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>La Revue Exemple</title><link>https://example.org/</link>
<language>fr</language>
<item><title>GPT-4o quitte ChatGPT</title><link>{url}?utm_source=rss</link>
<pubDate>Thu, 12 Feb 2026 09:30:00 +0100</pubDate><description>OpenAI retire GPT-4o.</description>
</item>
<item><title>Les fans de GPT-4o se mobilisent</title><link>https://example.org/numerique/keep4o</link>
<pubDate>Fri, 13 Feb 2026 09:30:00 +0100</pubDate><description>#keep4o</description></item>
</channel></rss>
"""


def test_a_rejected_article_is_not_fetched_again(root: Path, feed_server: FeedServer) -> None:
    feed_server.add("/revue.rss", RSS.format(url=ARTICLE_URL).encode())
    page = write_fetched_page(root)
    assert run(root, "reject", ARTICLE_URL, "--reason", "Off topic").exit_code == 0
    assert not page.exists()

    report = run_fetch(load_project(root), options=FAST)

    [feed] = report.feeds
    assert (feed.status, feed.seen, feed.rejected, feed.written) == ("ok", 2, 1, 1)
    assert [a.url for a in pages(root)] == ["https://example.org/numerique/keep4o"]


def test_rejected_text_keeps_the_header_comment() -> None:
    original = "# One\n# Two\n\nrejected: []\n"
    text = contribute.rejected_text(original, [{"id": "abc", "reason": "r"}])
    assert text == "# One\n# Two\n\nrejected:\n  - id: abc\n    reason: r\n"
    assert contribute.rejected_text(None, []).startswith("# Articles a maintainer")


# ---------------------------------------------------------------------------------------------
# Page format: the schema comment, and the validate rules added for hand-added pages


def make_article(**changes) -> Article:
    fields = dict(title="GPT-4o leaves ChatGPT", date=datetime(2026, 2, 13, 9, 30, tzinfo=UTC),
                  source="Example Daily", url="https://example.com/tech/gpt-4o-leaves",
                  lang="en", id="1111aaaa2222bbbb", summary="The model is retired.",
                  tags=["retirement"], selected_by="added by hand: newsarchive add",
                  body="An excerpt.")
    fields.update(changes)
    return Article(**fields)


def test_the_schema_comment_round_trips_and_keeps_line_numbers() -> None:
    article = make_article()
    text = render_page(article, schema_comment="../../../../x.schema.json")
    plain = render_page(article)

    parsed, problems = parse_page(Path("p.md"), text)

    assert problems == []
    assert text == plain.replace("---\n", "---\n# yaml-language-server: "
                                 "$schema=../../../../x.schema.json\n", 1)
    assert render_page(parsed, schema_comment="../../../../x.schema.json") == text
    _, bad = parse_page(Path("p.md"), text.replace("lang: en", "lang: 12"))
    assert [(p.line, p.message) for p in bad] == [(7, "'lang' must be text, got int")]


def test_schema_ref_points_at_the_schema_from_the_page_folder() -> None:
    project = load_project(REPO)
    for article in (make_article(), make_article(date=None)):
        folder = (project.articles_dir / "2026/02") if article.date else (
            project.articles_dir / "undated")
        ref = contribute.schema_ref(project, article)
        assert (folder / ref).resolve() == REPO / "scripts/newsarchive/schema/article.schema.json"


@pytest.fixture
def project(root: Path) -> Project:
    return load_project(root)


def put(project: Project, rel: str, article: Article) -> Path:
    path = project.articles_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(article), encoding="utf-8")
    return path


def test_validate_refuses_a_date_before_the_story(project: Project) -> None:
    path = put(project, "2019/01/old.md", make_article(date=datetime(2019, 1, 1, tzinfo=UTC)))
    put(project, "2019/02/guess.md", make_article(
        date=datetime(2019, 2, 1, tzinfo=UTC), date_inferred=True, id="2222bbbb3333cccc",
        url="https://example.com/guess", title="A guess"))
    put(project, "2024/05/launch.md", make_article(
        date=datetime(2024, 5, 1, tzinfo=UTC), id="3333cccc4444dddd",
        url="https://example.com/launch", title="GPT-4o launches"))

    problems = validate(project, now=NOW)

    assert [(p.path, p.line, p.message) for p in problems] == [
        (path, 3, "date 2019-01-01 is before the story's first event (gpt-4o-launch, 2024-05): "
                  "check the date")]


def test_validate_checks_the_id_form(project: Project) -> None:
    path = put(project, "2026/02/odd.md", make_article(id="Hand_Added"))

    problems = validate(project, now=NOW)

    assert [(p.path, p.line, p.message) for p in problems] == [
        (path, 7, "id 'Hand_Added' must be lowercase letters, digits and '-' (fetch writes 16 "
                  "hex digits; a hand-added page without URL uses hand-<slug>-<yyyymmdd>)")]


def test_validate_online_warns_about_dead_links(root: Path, project: Project,
                                                feed_server: FeedServer,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    alive = feed_server.add("/alive", b"<html></html>", content_type="text/html")
    gone = feed_server.add("/gone", b"", status=404, content_type="text/plain")
    # Refuses HEAD, answers GET: reachable.
    picky = feed_server.add_sequence("/picky", [Response(status=405, content_type=None),
                                                Response(b"<html></html>")])
    put(project, "2026/02/alive.md", make_article(url=alive, id="aaaa000000000001", title="A"))
    dead = put(project, "2026/02/gone.md", make_article(url=gone, id="aaaa000000000002",
                                                        title="B"))
    put(project, "2026/02/picky.md", make_article(url=picky, id="aaaa000000000003", title="C"))

    # Marked dead already: not reported again.
    put(project, "2026/02/known.md", make_article(url=gone + "?known", id="aaaa000000000004",
                                                  title="D", link_status="dead",
                                                  link_checked=date(2026, 2, 20)))
    feed_server.add("/gone?known", b"", status=410, content_type="text/plain")
    monkeypatch.setattr(validate_module, "ONLINE_OPTIONS",
                        replace(validate_module.ONLINE_OPTIONS, host_interval=0.0))

    offline = run(root, "validate")
    online = run(root, "validate", "--online")

    assert offline.output == "0 error(s), 0 warning(s)\n"
    assert online.exit_code == 0, online.output
    rel = dead.relative_to(root)
    assert online.output == (
        f"{rel}:5: warning: url {gone} is unreachable (HTTP 404 Not Found): fix the address, "
        "or run `newsarchive links` to mark it dead and find an archived copy\n"
        "0 error(s), 1 warning(s)\n")
    assert [r.method for r in feed_server.requests_for("/gone?known")] == ["HEAD", "GET"]
    assert [r.method for r in feed_server.requests_for("/picky")] == ["HEAD", "GET"]
    assert [r.method for r in feed_server.requests_for("/alive")] == ["HEAD"]


def test_validate_online_reports_a_refused_connection(project: Project) -> None:
    with FeedServer() as closed:
        url = closed.url("/article")
    put(project, "2026/02/a.md", make_article(url=url))

    problems = validate(project, now=NOW, online=True, options=LinkOptions(FAST, 0.0))

    assert [p.message for p in problems] == [
        f"url {url} is unreachable (connection refused): fix the address if it moved; "
        "`newsarchive links` retries such links"]
    assert problems[0].severity == "warning"


# ---------------------------------------------------------------------------------------------
# Contribution docs and hooks


def test_pre_commit_runs_validate_and_ruff_from_the_venv() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    assert repo["repo"] == "local"  # nothing fetched from the network
    hooks = {h["id"]: h for h in repo["hooks"]}
    validate_hook = hooks["newsarchive-validate"]
    assert validate_hook["entry"] == ".venv/bin/newsarchive validate"
    assert validate_hook["language"] == "system"
    assert validate_hook["pass_filenames"] is True
    pattern = re.compile(validate_hook["files"])
    assert pattern.search("docs/articles/2026/02/gpt-4o.md")
    assert not pattern.search("docs/index.md") and not pattern.search("scripts/x.py")
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check"
    assert hooks["ruff"]["language"] == "system"


def test_contributing_lists_every_tag_and_event() -> None:
    project = load_project(REPO)
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    fresh = contribute.vocabulary_markdown(project)
    for key in [*project.tags, *project.events]:
        assert f"| `{key}` |" in guide, (
            f"CONTRIBUTING.md does not list '{key}'; the tables from feeds/ are:\n{fresh}")


def test_contributing_documents_the_commands_and_the_template() -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for text in ("make site", ".venv/bin/newsarchive add", "make validate", "newsarchive new",
                 "newsarchive reject", ".github/article-template.md",
                 "# yaml-language-server: $schema=", "hand-<short-title>-<yyyymmdd>"):
        assert text in guide, text
    assert (REPO / ".github/article-template.md").is_file()


# ---------------------------------------------------------------------------------------------
# `import`: a curated batch

BATCH = """\
articles:
  - url: https://example.org/numerique/2026/01/30/gpt-4o-tire-sa-reverence?utm_source=rss
    title: "GPT-4o tire sa révérence le 13 février"
    title_en: GPT-4o takes its bow on 13 February
    date: 2026-01-30
    source: La Revue Exemple
    lang: fr
    summary: >-
      The paper reports OpenAI's notice that GPT-4o leaves ChatGPT in two weeks and weighs
      what the model's fans stand to lose.
    summary_lang: en
    tags: [retirement]
    events: [gpt-4o-retired-from-chatgpt]
    selected_by: "curated: French coverage of the announcement"
  - url: https://example.com/2026/02/14/a-quiet-goodbye
    title: A quiet goodbye to GPT-4o
    date: "2026-02-14"
    date_inferred: true
    source: Example Daily
    lang: en
    summary: A column on the day after the model left the app, and on the users who miss it.
    date_note: >-
      the column gives no date; the paper's index lists it
      on 14 February
    tagz: [retirement]
  - url: https://example.net/print/gpt-4o-last-day
    title: GPT-4o's last day
    date: "2026-02-13"
    source: Example Weekly
    lang: en
    summary: The print edition looks back at the model on the day it leaves ChatGPT.
"""


def test_import_writes_each_record_and_names_the_line_of_a_bad_one(root: Path) -> None:
    batch = root / "curated.yml"
    batch.write_text(BATCH, encoding="utf-8")

    result = run(root, "import", str(batch))

    assert result.exit_code == 2, result.output  # an unknown key is a configuration error
    assert "curated.yml:25: unknown field 'tagz'" in result.output
    assert pages(root) == []  # nothing is written from a file that does not read cleanly

    batch.write_text(BATCH.replace("tagz", "tags"), encoding="utf-8")
    result = run(root, "import", str(batch))

    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("wrote 3 page(s); 0 already archived, 0 refused\n")
    by_url = {p.url: p for p in pages(root)}
    french = by_url["https://example.org/numerique/2026/01/30/gpt-4o-tire-sa-reverence"]
    assert french.title_en == "GPT-4o takes its bow on 13 February"
    assert (french.lang, french.summary_lang) == ("fr", "en")
    assert french.selected_by == "curated: French coverage of the announcement"
    assert french.date == datetime(2026, 1, 30, tzinfo=UTC) and not french.date_inferred
    column = by_url["https://example.com/2026/02/14/a-quiet-goodbye"]
    assert column.date_inferred is True
    assert column.date_note == "the column gives no date; the paper's index lists it on 14 February"
    assert french.date_note is None
    assert [p for p in validate(load_project(root)) if p.severity == "error"] == []

    again = run(root, "import", str(batch))  # a batch can be re-run: nothing is duplicated

    assert again.exit_code == 0, again.output
    assert again.stderr.count("skipped: already archived (same id") == 3, again.output
    assert len(pages(root)) == 3


def test_import_reports_a_refused_record_and_writes_the_others(root: Path) -> None:
    batch = root / "curated.yml"
    batch.write_text(BATCH.replace("tagz", "tags").replace('date: "2026-02-13"',
                                                           'date: "2099-01-01"'),
                     encoding="utf-8")

    result = run(root, "import", str(batch))

    assert result.exit_code == 1
    assert "curated.yml:26: error: date 2099-01-01 is in the future" in result.stderr
    assert len(pages(root)) == 2


@pytest.mark.parametrize(("value", "message"), [
    ("[the feed, a copy]", "'date_note' must be text"),
    ("{by: the index}", "'date_note' must be text"),
    ("12", "'date_note' must be text"),
])
def test_import_names_the_line_of_a_date_note_that_is_not_text(root: Path, value: str,
                                                               message: str) -> None:
    batch = root / "curated.yml"
    batch.write_text(BATCH.replace("tagz", "tags").replace(
        "date_note: >-\n      the column gives no date; the paper's index lists it\n"
        "      on 14 February", f"date_note: {value}"), encoding="utf-8")

    result = run(root, "import", str(batch))

    assert result.exit_code == 2, result.output
    assert f"curated.yml:22: {message}" in result.output
    assert pages(root) == []


def test_title_en_and_summary_lang_reach_the_built_page(root: Path) -> None:
    from newsarchive import render

    assert run(root, "new", *NEW_FLAGS, "--lang", "fr", "--title", "GPT-4o tire sa révérence",
               "--title-en", "GPT-4o takes its bow", "--summary-lang", "en").exit_code == 0
    [page] = pages(root)
    project = load_project(root)
    index = render.build_index([(page, "articles/2026/02/x/")], project.tags, project.events)
    item = index.items[0]
    header = render.article_header(index, item)
    row = render.article_row(index, item, "timeline/")

    assert '<dt>Title in English</dt><dd><span lang="en">GPT-4o takes its bow</span>' in header
    assert '<span class="na-item__title-en" lang="en">(GPT-4o takes its bow)</span>' in row
    assert '<p>The print edition' in row  # English: no lang="fr"
    page_html = render.article_html(index, item, "<p>Corps</p>")
    assert ('<p class="na-summary"><strong class="na-summary__label">Summary.</strong> The print '
            "edition looks back") in page_html
    page.feed = "example-feed"  # a fetched page's summary is the feed's, shown by its excerpt
    assert "na-summary" not in render.article_html(index, item, "<p>Corps</p>")


def test_validate_warns_when_the_summary_copies_the_text(root: Path) -> None:
    copied = ("Des milliers d'utilisateurs protestent sous le mot-dièse #keep4o, certains "
              "comparent la perte du modèle")
    assert run(root, "new", *NEW_FLAGS, "--summary", f"«{copied.upper()}» selon l'article.",
               "--body", f"{PARAGRAPHS[1]} Et [un lien](https://example.org/x).").exit_code == 0
    assert run(root, "new", *NEW_FLAGS, "--title", "Another one", "--summary",
               "Users rally under a hashtag and compare losing the model to losing a friend.",
               "--body", PARAGRAPHS[1]).exit_code == 0

    problems = validate(load_project(root))

    copies = [p for p in problems if "own words" in p.message]
    assert [(p.severity, p.path.name) for p in copies] == [
        ("warning", "gpt-4o-s-last-day-in-print.md")]
    assert ('summary shares 12 words in a row with the page\'s text ("DES MILLIERS '
            "D'UTILISATEURS PROTESTENT SOUS LE MOT DIÈSE KEEP4O CERTAINS COMPARENT LA\")"
            in copies[0].message)


# ---------------------------------------------------------------------------------------------
# A headline not seen, a syndicated copy, highlights, our words for each edition

COPY_URL = "https://portal.example.com/ext/revue/gpt-4o-quitte-chatgpt"


def test_new_writes_the_curated_fields_from_their_flags(root: Path) -> None:
    result = run(root, "new", *NEW_FLAGS, "--lang", "de", "--summary-lang", "en",
                 "--title", "Report on the last day of GPT-4o in the print edition",
                 "--headline-not-seen", "--highlight",
                 "--url", "https://example.net/print/last-day",
                 "--carried-by", " Example  Portal ",
                 "--carried-by-url", COPY_URL + "?utm_source=x",
                 "--summary-fr", "L'édition imprimée revient sur GPT-4o le jour de son départ.",
                 "--title-fr", "Reportage sur le dernier jour de GPT-4o")

    assert result.exit_code == 0, result.output
    [page] = pages(root)
    assert page.headline_seen is False and page.highlight is True
    assert page.carried_by == Carrier("Example Portal", COPY_URL)
    assert page.translations == {"fr": ArticleText(
        summary="L'édition imprimée revient sur GPT-4o le jour de son départ.",
        title="Reportage sur le dernier jour de GPT-4o")}
    lines = front_lines(page.path.read_text(encoding="utf-8"))
    assert lines[1:3] == ["title: Report on the last day of GPT-4o in the print edition",
                          "headline_seen: false"]
    assert [p for p in validate(load_project(root)) if p.severity == "error"] == []


def test_new_refuses_a_carrier_without_its_address_and_a_rendering_of_an_unseen_headline(
        root: Path) -> None:
    half = run(root, "new", *NEW_FLAGS, "--carried-by", "Example Portal")
    rendered = run(root, "new", *NEW_FLAGS, "--lang", "de", "--headline-not-seen",
                   "--title-en", "GPT-4o's last day")

    assert half.exit_code == 2
    assert half.output == ("Error: a syndicated copy needs both --carried-by NAME (the outlet "
                           "that carried it) and --carried-by-url URL (the copy's address)\n")
    assert rendered.exit_code == 2
    assert "title_en on a page whose headline was not seen" in rendered.output
    assert pages(root) == []


def test_a_syndicated_copy_of_an_archived_story_is_already_archived(root: Path,
                                                                    tmp_path: Path) -> None:
    assert run(root, "new", *NEW_FLAGS, "--url", "https://example.net/print/last-day",
               "--carried-by", "Example Portal", "--carried-by-url", COPY_URL).exit_code == 0
    saved = tmp_path / "saved.html"
    saved.write_text(article_html(), encoding="utf-8")

    copy = run(root, "add", "--from-file", str(saved), "--url", COPY_URL)
    other = run(root, "new", *NEW_FLAGS, "--title", "Another report", "--url",
                "https://example.org/wire/gpt-4o", "--carried-by", "Example Portal",
                "--carried-by-url", COPY_URL)

    page = "docs/articles/2026/02/gpt-4o-s-last-day-in-print.md"
    assert copy.exit_code == 1
    assert copy.output == (f"Error: already archived (same URL {COPY_URL} (a syndicated copy "
                           f"of it)): {page}\n")
    assert other.exit_code == 1 and "(a syndicated copy of it)" in other.output
    assert len(pages(root)) == 1


def test_add_of_a_page_whose_headline_was_not_seen_needs_our_description(
        root: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(article_html(), encoding="utf-8")

    missing = run(root, "add", "--from-file", str(saved), "--url", ARTICLE_URL,
                  "--headline-not-seen")
    given = run(root, "add", "--from-file", str(saved), "--url", ARTICLE_URL,
                "--headline-not-seen", "--title", "Report on the protests at GPT-4o's exit")

    assert missing.exit_code == 2
    assert missing.output == ("Error: could not find the article's description of the article "
                              "(the headline was not seen) in the page: pass --title TEXT\n")
    assert given.exit_code == 0, given.output
    [page] = pages(root)
    assert (page.title, page.headline_seen) == ("Report on the protests at GPT-4o's exit", False)


CURATED_BATCH = """\
articles:
  - url: https://example.org/2026/02/16/gpt-4o-api
    title: Report on GPT-4o's removal from the API
    headline_seen: false
    date: "2026-02-16"
    date_inferred: true
    date_note: the date is the one in the article's own address
    source: La Revue Exemple
    carried_by: {source: Example Portal, url: "https://portal.example.com/ext/gpt-4o-api"}
    lang: fr
    summary: The paper reports that developers lost access to GPT-4o through the API.
    summary_lang: en
    highlight: true
    translations:
      fr:
        summary: Le journal rapporte que les développeurs ont perdu l'accès à GPT-4o.
        title: Article sur la fin de GPT-4o dans l'API
"""


def test_import_takes_the_curated_fields_as_a_page_writes_them(root: Path) -> None:
    batch = root / "curated.yml"
    batch.write_text(CURATED_BATCH, encoding="utf-8")

    result = run(root, "import", str(batch))

    assert result.exit_code == 0, result.output
    [page] = pages(root)
    assert page.headline_seen is False and page.highlight is True and page.date_inferred
    assert page.carried_by == Carrier("Example Portal", "https://portal.example.com/ext/gpt-4o-api")
    assert page.translations["fr"].title == "Article sur la fin de GPT-4o dans l'API"
    assert [p for p in validate(load_project(root)) if p.severity == "error"] == []


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    highlight: true", "    highlight: 'yes'", "13: 'highlight' must be true or false"),
    ("    headline_seen: false", "    headline_seen: maybe", "4: 'headline_seen' must be true "
                                                            "or false"),
    ("carried_by: {source: Example Portal,", "carried_by: {name: Example Portal,",
     "9: unknown field 'carried_by.name' (allowed: source, url)"),
    ("      fr:\n", "      French:\n", "15: 'translations.French': not a language tag such as "
                                        "'fr'"),
    ("        title: Article", "        titre: Article",
     "17: unknown field 'translations.fr.titre' (allowed: summary, title)"),
])
def test_import_names_the_line_of_a_curated_field_it_cannot_read(root: Path, old: str, new: str,
                                                                 message: str) -> None:
    batch = root / "curated.yml"
    assert old in CURATED_BATCH
    batch.write_text(CURATED_BATCH.replace(old, new), encoding="utf-8")

    result = run(root, "import", str(batch))

    assert result.exit_code == 2, result.output
    assert f"curated.yml:{message}" in result.output
    assert pages(root) == []
