"""sanitize_html and html_to_text: the allowlist, URL rules, and the hostile fixture."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from newsarchive.sanitize import ALLOWED_TAGS, html_to_text, sanitize_html

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
SAFE_SCHEMES = ("http://", "https://", "mailto:")
FORBIDDEN_TAGS = {
    "script", "style", "iframe", "frame", "svg", "math", "img", "object", "embed", "form",
    "input", "button", "link", "meta", "base", "textarea", "noscript", "template", "video",
    "audio", "source", "xmp", "title", "body", "html", "details",
}


@dataclass
class Scan:
    """What an HTML parser finds in a document: tags, attributes, comments."""

    tags: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str, str]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    def problems(self, allowed_tags: set[str] | frozenset[str]) -> list[str]:
        found = [f"<{t}> not allowed" for t in self.tags if t not in allowed_tags]
        for tag, name, value in self.attributes:
            if name.startswith("on"):
                found.append(f"event handler {name}= on <{tag}>")
            elif name in ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"):
                if not value.strip().lower().startswith(SAFE_SCHEMES):
                    found.append(f"unsafe {name}={value!r} on <{tag}>")
            elif (tag, name) not in {("a", "title"), ("a", "rel"), ("h2", "id"), ("h3", "id")}:
                found.append(f"attribute {name}= on <{tag}>")
        found += [f"comment {c!r}" for c in self.comments]
        return found


class _Scanner(HTMLParser):
    def __init__(self, scan: Scan) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = scan

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scan.tags.append(tag)
        self.scan.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.scan.comments.append(data)


def scan_html(document: str) -> Scan:
    """Every tag and attribute an HTML parser sees in `document` (attributes, not substrings)."""
    scan = Scan()
    parser = _Scanner(scan)
    parser.feed(document)
    parser.close()
    return scan


def xss_payloads() -> list[tuple[str, str]]:
    """(name, raw HTML) for every title, description and content:encoded in xss.xml."""
    root = ET.parse(FEEDS / "xss.xml").getroot()
    payloads = []
    for number, item in enumerate(root.iter("item"), start=1):
        for tag in ("title", "description", "{http://purl.org/rss/1.0/modules/content/}encoded"):
            element = item.find(tag)
            if element is not None and element.text:
                payloads.append((f"item{number}-{tag.rsplit('}', 1)[-1]}", element.text))
    return payloads


XSS = xss_payloads()


def test_fixture_has_payloads() -> None:
    assert len(XSS) >= 20


@pytest.mark.parametrize(("name", "payload"), XSS, ids=[n for n, _ in XSS])
@pytest.mark.parametrize("base", [None, "https://hostile.example.net/2026/02/01/item"])
def test_xss_payloads_come_out_harmless(name: str, payload: str, base: str | None) -> None:
    clean = sanitize_html(payload, base)
    scan = scan_html(clean)
    assert scan.problems(ALLOWED_TAGS) == []
    assert "javascript" not in " ".join(v.lower() for _, _, v in scan.attributes)
    assert sanitize_html(clean, base) == clean  # stable: sanitizing twice changes nothing


def test_allowlist_keeps_structure_and_links() -> None:
    html = (
        '<h2>Timeline</h2><p>OpenAI <strong>retired</strong> <em>GPT-4o</em> '
        '<a href="https://www.example.com/a" title="The post">on Friday</a>.</p>'
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
        "<pre><code>x = 1</code></pre><table><thead><tr><th>h</th></tr></thead>"
        "<tbody><tr><td>d</td></tr></tbody></table><hr><p>H<sub>2</sub>O x<sup>2</sup> "
        "<del>old</del> <ins>new</ins> <q>q</q> <cite>c</cite> <b>b</b> <i>i</i><br></p>"
        "<figure><figcaption>caption</figcaption></figure>"
    )
    clean = sanitize_html(html)
    scan = scan_html(clean)
    assert scan.problems(ALLOWED_TAGS) == []
    assert set(scan.tags) == {
        "h2", "p", "strong", "em", "a", "ul", "ol", "li", "blockquote", "pre", "code", "table",
        "thead", "tbody", "tr", "th", "td", "hr", "sub", "sup", "del", "ins", "q", "cite", "b",
        "i", "br", "figure", "figcaption",
    }
    assert ("a", "href", "https://www.example.com/a") in scan.attributes
    assert ("a", "title", "The post") in scan.attributes


def test_h1_is_demoted_to_h2() -> None:
    assert sanitize_html("<h1>Big</h1><h3>Small</h3>") == "<h2>Big</h2><h3>Small</h3>"


@pytest.mark.parametrize(
    "html",
    [
        '<p>a<img src="https://tracker.example.net/p.gif" width="1">b</p>',
        "<p>a<iframe src='https://www.example.com/embed'></iframe>b</p>",
        "<p>a<script>alert(1)</script>b</p>",
        "<p>a<style>p { color: red }</style>b</p>",
        "<p>a<svg><circle r='1'/></svg>b</p>",
        "<p>a<math><mi>x</mi></math>b</p>",
        "<p>a<object data='https://www.example.com/x.swf'></object>b</p>",
        "<p>a<embed src='https://www.example.com/x.swf'>b</p>",
        "<p>a<form action='https://www.example.com/'><input name=q></form>b</p>",
    ],
)
def test_dangerous_elements_go_with_their_content(html: str) -> None:
    clean = sanitize_html(html)
    scan = scan_html(clean)
    assert set(scan.tags) == {"p"}
    assert scan.attributes == []
    assert html_to_text(clean).replace(" ", "") == "ab"  # nothing of the element is left


def test_event_handlers_never_survive() -> None:
    html = (
        '<p onclick="alert(1)" ONMOUSEOVER=alert(2)>text</p>'
        '<a href="https://www.example.com/" onfocus="alert(3)" style="x">link</a>'
    )
    scan = scan_html(sanitize_html(html))
    assert [a for a in scan.attributes if a[1].startswith("on") or a[1] == "style"] == []
    assert scan.tags == ["p", "a"]


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java&#x09;script:alert(1)",
        "  javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "ftp://files.example.com/",
        "file:///etc/passwd",
    ],
)
def test_unsafe_link_schemes_lose_their_href(href: str) -> None:
    clean = sanitize_html(f'<a href="{href}">x</a>', "https://www.example.com/a/b")
    assert [a for a in scan_html(clean).attributes if a[1] == "href"] == []
    assert ">x</a>" in clean


def test_safe_schemes_kept() -> None:
    clean = sanitize_html('<a href="mailto:desk@example.com">m</a> <a href="http://example.org/">h</a>')
    hrefs = [v for _, n, v in scan_html(clean).attributes if n == "href"]
    assert hrefs == ["mailto:desk@example.com", "http://example.org/"]


def test_relative_links_resolved_against_base_or_dropped() -> None:
    html = (
        '<a href="/tech/story">abs</a> <a href="next">rel</a> '
        '<a href="//cdn.example.net/x">pr</a>'
    )
    with_base = scan_html(sanitize_html(html, "https://www.example.com/news/today/"))
    assert [v for _, n, v in with_base.attributes if n == "href"] == [
        "https://www.example.com/tech/story",
        "https://www.example.com/news/today/next",
        "https://cdn.example.net/x",
    ]
    without = scan_html(sanitize_html(html))
    assert [v for _, n, v in without.attributes if n == "href"] == []
    assert [v for _, n, v in scan_html(sanitize_html('<a href="">x</a>', "https://e.example/")).attributes
            if n == "href"] == []


def test_html_to_text() -> None:
    html = (
        "<h2>GPT-4o</h2><p>Retired&nbsp;on <b>Feb</b>ruary&#160;13 &amp; gone.</p>"
        "<script>alert(1)</script><style>p{}</style><ul><li>one</li><li>two</li></ul>"
        "<p>caf&eacute; &lt;3 &#x263A;</p>"
    )
    assert html_to_text(html) == "GPT-4o Retired on February 13 & gone. one two café <3 ☺"


def test_html_to_text_plain_input_and_whitespace() -> None:
    assert html_to_text("  A headline\n   split over\tlines  ") == "A headline split over lines"
    assert html_to_text("") == ""
    assert html_to_text("AT&amp;amp;T") == "AT&amp;T"  # one level of escaping is decoded


def test_html_to_text_never_contains_a_tag_opener() -> None:
    # The text "<script>" is legitimate text, but a template that forgets to escape must not
    # turn it into a tag: the "<" is replaced by a look-alike that opens nothing.
    text = html_to_text(
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;!-- x --&gt; and a &lt; b</p>"
    )
    assert "<script" not in text and "<!--" not in text and "</" not in text
    assert "a < b" in text
    assert scan_html(text).tags == []
