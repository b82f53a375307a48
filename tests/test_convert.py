"""to_markdown, excerpts, article bodies and summaries: safe Markdown, whatever the feed sent."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from newsarchive.convert import (
    article_body,
    escape_markdown,
    excerpt,
    excerpt_html,
    render_markdown_html,
    summary_text,
    to_markdown,
)
from newsarchive.model import Entry, Source
from newsarchive.parse import parse_feed
from newsarchive.sanitize import ALLOWED_TAGS, html_to_text
from test_sanitize import XSS, scan_html

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
FETCHED = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)
# What rendered bodies may contain: the sanitizer's allowlist as Markdown writes it (b -> strong,
# q -> quotes, figure -> paragraphs...), plus tables when the tables extension is on.
RENDERED_TAGS = frozenset({"p", "br", "a", "em", "strong", "code", "ul", "ol", "li", "blockquote",
                           "h2", "h3", "h4", "h5", "h6", "hr"})
assert RENDERED_TAGS < ALLOWED_TAGS
# Extensions a MkDocs site is likely to enable: the body must stay safe under them too.
SITE_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "def_list", "abbr",
                   "footnotes", "admonition"]


def renderings(md: str) -> list[str]:
    return [render_markdown_html(md), markdown.markdown(md, extensions=SITE_EXTENSIONS)]


def assert_safe(md: str) -> None:
    for rendered in renderings(md):
        scan = scan_html(rendered)
        assert scan.problems(RENDERED_TAGS | {"table", "thead", "tbody", "tr", "th", "td"}) == [], (
            md,
            rendered,
        )


def entry(**fields) -> Entry:
    values = dict(feed_id="example", title="OpenAI retires GPT-4o",
                  link="https://www.example.com/tech/gpt-4o?utm_source=rss",
                  url="https://www.example.com/tech/gpt-4o", id="0123456789abcdef",
                  date=FETCHED)
    values.update(fields)
    return Entry(**values)


def words(md: str) -> int:
    return len(html_to_text(render_markdown_html(md)).split())


# --- Conversion -----------------------------------------------------------------------------


def test_structure_converts_to_markdown() -> None:
    md = to_markdown(
        "<h1>Headline</h1><p>OpenAI <strong>retired</strong> <em>GPT-4o</em> "
        '<a href="https://www.example.com/post">on Friday</a>.</p>'
        "<ul><li>one</li><li>two</li></ul><blockquote><p>A quote.</p></blockquote>"
        "<p>Use <code>gpt-4o</code>.</p>"
    )
    assert md == (
        "## Headline\n\n"
        "OpenAI **retired** *GPT-4o* [on Friday](https://www.example.com/post).\n\n"
        "- one\n- two\n\n"
        "> A quote.\n\n"
        "Use `gpt-4o`."
    )


def test_relative_links_use_the_base_url() -> None:
    md = to_markdown('<p><a href="/tech/next">next</a></p>', "https://www.example.com/tech/a")
    assert md == "[next](https://www.example.com/tech/next)"
    assert to_markdown('<p><a href="/tech/next">next</a></p>') == "next"


def test_link_targets_are_encoded() -> None:
    md = to_markdown("<a href=\"https://www.example.com/a b/(c)?q='x'\">odd</a>")
    assert md == "[odd](https://www.example.com/a%20b/%28c%29?q=%27x%27)"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
        ("![x](https://evil.example.net/t.gif)", "![x](https://evil.example.net/t.gif)"),
        ("<https://evil.example.net/auto>", "<https://evil.example.net/auto>"),
        ("# not a heading", "# not a heading"),
        ("#keep4o", "#keep4o"),
        ("- not a list", "- not a list"),
        ("+ not a list", "+ not a list"),
        ("1. not a list", "1. not a list"),
        ("2026) not a list", "2026) not a list"),
        ("*not em* _not em_ `not code`", "*not em* _not em_ `not code`"),
        ("> not a quote", "> not a quote"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("AT&T &amp; &copy;", "AT&T &amp; &copy;"),
        ("{: onclick=\"alert(1)\" }", "{: onclick=\"alert(1)\" }"),
        ("--8<-- \"/etc/passwd\"", "--8<-- \"/etc/passwd\""),
        ("a \\ backslash \\*", "a \\ backslash \\*"),
        ("!!! note \"Admonition\"", "!!! note \"Admonition\""),
        (": definition", ": definition"),
        ("===", "==="),
        ("---", "---"),
        ("[^1]: footnote", "[^1]: footnote"),
        ("*[HTML]: abbreviation", "*[HTML]: abbreviation"),
    ],
)
def test_markdown_in_text_stays_text(text: str, shown: str) -> None:
    md = to_markdown(f"<p>{html.escape(text)}</p>")
    for rendered in renderings(md):
        scan = scan_html(rendered)
        assert scan.tags == ["p"], (md, rendered)
        assert scan.attributes == []
        assert html.unescape(re.sub(r"</?p>", "", rendered)).strip() == shown
    assert_safe(escape_markdown(text))


def test_bang_before_a_link_does_not_make_an_image() -> None:
    md = to_markdown('<p>Wow!<a href="https://www.example.com/x">pic</a></p>')
    assert "<img" not in render_markdown_html(md)
    assert scan_html(render_markdown_html(md)).tags == ["p", "a"]


def test_code_keeps_html_as_text() -> None:
    md = to_markdown("<p>Use <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> or "
                     "<code>``x``</code>.</p>")
    assert md == "Use `<script>alert(1)</script>` or ``` ``x`` ```."
    for rendered in renderings(md):
        assert scan_html(rendered).tags == ["p", "code", "code"]
        assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in rendered


def test_preformatted_text_cannot_escape_in_a_list() -> None:
    md = to_markdown("<ul><li>In a list:<pre>&lt;b onclick=alert(1)&gt;x&lt;/b&gt;\n\n"
                     "# &lt;script&gt;alert(2)&lt;/script&gt;\n```\n</pre></li></ul>")
    assert_safe(md)
    for rendered in renderings(md):
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in rendered
        assert scan_html(rendered).tags.count("code") == 3


def test_no_images_ever() -> None:
    md = to_markdown('<p>a<img src="https://www.example.com/i.png" alt="alt">b</p>')
    assert md == "ab"


# --- The hostile fixture --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "payload"), XSS, ids=[n for n, _ in XSS])
def test_xss_payloads_render_harmless(name: str, payload: str) -> None:
    for base in (None, "https://hostile.example.net/2026/02/01/item"):
        md = to_markdown(payload, base)
        assert_safe(md)
        for rendered in renderings(md):
            hrefs = [v for _, n, v in scan_html(rendered).attributes if n == "href"]
            assert not any(re.match(r"\s*(javascript|vbscript|data):", h, re.I) for h in hrefs)


def test_xss_feed_end_to_end() -> None:
    feed = parse_feed((FEEDS / "xss.xml").read_bytes(),
                      Source(id="xss", name="Hostile", url="https://hostile.example.net/feed"),
                      fetched_at=FETCHED)
    assert len(feed.entries) == 9
    for item in feed.entries:
        body = article_body(item, max_words=60)
        assert_safe(body)
        for text in (item.title, summary_text(item)):
            scan = scan_html(text)
            assert scan.tags == [] and scan.attributes == [], text
            assert_safe(escape_markdown(text))
    smuggled = next(e for e in feed.entries if e.title == "Markdown smuggled in plain text")
    rendered = render_markdown_html(article_body(smuggled))
    assert "[click](javascript:alert(1))" in html.unescape(rendered)


# --- Properties -----------------------------------------------------------------------------

_TOKENS = [
    "<", ">", "&", "&amp;", "\\", "`", "```", "*", "_", "[", "]", "(", ")", "!", "#", "-", "---",
    "+", "=", "1.", ":", "{", "}", "|", "~~", "\n", "\n\n", "    ", "\r", "\x0b", "\u2028",
    "<script>", "</script>", "<!--", "-->", "<b>", "</b>", "javascript:", "[x](javascript:x)",
    "<https://evil.example.net>", "<p>", "</p>", "<code>", "</code>", "<pre>", "</pre>",
    "<a href='javascript:x'>", "<a href='https://www.example.com/x'>", "</a>", "<ul><li>",
    "</li></ul>", "<br>", "<em>", "</em>", "<h1>", "</h1>", "<blockquote>", "</blockquote>",
    "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<style>", "<iframe>", "&#60;",
    "<!DOCTYPE html>", "<?php", "<table><tr><td>", "</td></tr></table>", "GPT-4o", "word", " ",
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_renders_as_text_only(text: str) -> None:
    md = to_markdown(f"<p>{html.escape(text)}</p>")
    for rendered in renderings(md):
        scan = scan_html(rendered)
        assert set(scan.tags) <= {"p", "br"}, (text, md, rendered)
        assert scan.attributes == [] and scan.comments == []


@example(["<", "<?php", "<ul><li>", "<", "<table><tr><td>"])  # a stray item held a table
@example(["<a href='https://www.example.com/x'>", "^", "]", ":"])  # link text read as a footnote
@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=3)), max_size=30))
def test_any_html_renders_within_the_allowlist(parts: list[str]) -> None:
    md = to_markdown("".join(parts), "https://www.example.com/a/")
    assert_safe(md)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=5)), max_size=20))
def test_escaped_text_renders_as_itself(parts: list[str]) -> None:
    text = " ".join("".join(parts).split())
    rendered = render_markdown_html(escape_markdown(text))
    assert scan_html(rendered).tags in ([], ["p"])
    # Control characters are invisible and become spaces; everything else comes out as typed.
    expected = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())
    assert " ".join(html.unescape(re.sub(r"</?p>", "", rendered)).split()) == expected


# --- Excerpts -------------------------------------------------------------------------------

LONG = "".join(
    f"<p>Paragraph {n} says that <em>GPT-4o</em> left ChatGPT on February 13 and that "
    f"<a href='https://www.example.com/{n}'>many readers wrote in about it</a> afterwards.</p>"
    for n in range(1, 21)
)


@pytest.mark.parametrize("limit", [1, 5, 17, 40, 150])
def test_excerpt_html_caps_words(limit: int) -> None:
    cut, truncated = excerpt_html(LONG, limit)
    assert truncated
    assert len(html_to_text(cut).split()) <= limit
    assert html_to_text(cut).endswith("…")
    md = to_markdown(cut)
    assert words(md) <= limit
    assert_safe(md)


def test_excerpt_cuts_inside_a_link_without_breaking_it() -> None:
    cut, truncated = excerpt_html(
        '<p>one two <a href="https://www.example.com/x">three four five</a> six</p>', 3)
    assert truncated
    assert to_markdown(cut) == "one two [three…](https://www.example.com/x)"


def test_excerpt_at_a_block_end_marks_the_cut() -> None:
    cut, truncated = excerpt_html("<p>one two</p><p>three</p>", 2)
    assert truncated and to_markdown(cut) == "one two…"


def test_short_text_is_not_truncated() -> None:
    assert excerpt_html("<p>one two</p>", 2) == ("<p>one two</p>", False)
    assert excerpt("one *two*", 5) == ("one *two*", False)


def test_excerpt_of_markdown() -> None:
    md = to_markdown(LONG)
    cut, truncated = excerpt(md, 30)
    assert truncated
    assert words(cut) <= 30
    assert_safe(cut)
    assert cut.startswith("Paragraph 1 says that *GPT-4o* left ChatGPT on February 13 and that "
                          "[many readers wrote in about it](https://www.example.com/1)")
    assert cut.endswith("\n\nParagraph 2 says that *GPT-4o* left ChatGPT on February 13 and…")


# --- Article body and summary ---------------------------------------------------------------


def test_article_body_is_capped_and_links_to_the_original() -> None:
    body = article_body(entry(content_html=LONG, summary_html="<p>Short summary.</p>"),
                        max_words=50)
    text, link = body.rsplit("\n\n", 1)
    assert words(text) <= 50
    assert html_to_text(render_markdown_html(text)).endswith("…")
    assert link == "[Read the original article at example.com](https://www.example.com/tech/gpt-4o)"
    assert_safe(body)


def test_article_body_prefers_content_and_falls_back_to_summary() -> None:
    both = article_body(entry(content_html="<p>Full text.</p>", summary_html="<p>Teaser.</p>"))
    assert both.startswith("Full text.\n\n")
    summary_only = article_body(entry(summary_html="<p>Teaser.</p>"))
    assert summary_only.startswith("Teaser.\n\n")
    image_only = article_body(entry(content_html="<img src=x>", summary_html="<p>Teaser.</p>"))
    assert image_only.startswith("Teaser.\n\n")


def test_article_body_without_text_is_just_the_link() -> None:
    assert article_body(entry()) == (
        "[Read the original article at example.com](https://www.example.com/tech/gpt-4o)"
    )


def test_article_body_link_text_is_escaped() -> None:
    body = article_body(entry(source_name="[Evil](javascript:alert(1)) <b>*Daily*</b>"))
    rendered = render_markdown_html(body)
    scan = scan_html(rendered)
    assert scan.tags == ["p", "a"]
    assert scan.attributes == [("a", "href", "https://www.example.com/tech/gpt-4o")]
    assert "Read the original article at [Evil](javascript:alert(1)) <b>*Daily*</b>" in (
        html.unescape(rendered)
    )
    assert article_body(entry(), source="Example Feed").startswith(
        "[Read the original article at Example Feed]")


def test_article_body_drops_a_blurb_that_only_repeats_the_headline() -> None:
    feed = parse_feed((FEEDS / "google_news.xml").read_bytes(),
                      Source(id="gn", name="Google News", url="https://news.google.com/rss"),
                      fetched_at=FETCHED)
    first = feed.entries[0]
    assert article_body(first) == (
        f"[Read the original article at Example Daily]({first.url})"
    )


def test_summary_text() -> None:
    long = "<p>" + " ".join(["Subscribers"] + ["wrote"] * 100) + "</p>"
    text = summary_text(entry(summary_html=long), max_chars=60)
    assert len(text) <= 60 and text.endswith("wrote…")
    short = entry(summary_html="<p>A <b>short</b>\n summary.</p>")
    assert summary_text(short) == "A short summary."
    assert summary_text(entry(content_html="<p>From content.</p>")) == "From content."
    assert summary_text(entry()) == "OpenAI retires GPT-4o"  # a page needs a summary
    assert summary_text(entry(summary_html="<p>" + "x" * 400 + "</p>"), max_chars=50) == (
        "x" * 49 + "…")


def test_summary_text_is_plain_text() -> None:
    text = summary_text(entry(summary_html="<p>&lt;script&gt;alert(1)&lt;/script&gt; text</p>"))
    assert not re.search(r"<[a-zA-Z/!]", text)  # the rule validate.py applies to summaries


def test_render_markdown_html_is_plain_python_markdown() -> None:
    assert render_markdown_html("*a*") == markdown.markdown("*a*") == "<p><em>a</em></p>"


def test_control_characters_never_indent_a_code_block() -> None:
    """Found by hypothesis: "\x1b \x1b <" became four spaces, then an indented code block."""
    rendered = render_markdown_html(escape_markdown("\x1b \x1b <"))
    assert scan_html(rendered).tags == ["p"] and html.unescape(rendered) == "<p><</p>"
