"""Sanitize: feed HTML cut down to a small, harmless allowlist before anything else reads it.

Feed content is written by strangers. It goes through nh3 (Ammonia, a real HTML5 parser)
with an explicit allowlist: text structure and links only. No images (third-party pixels),
no frames, scripts, styles, forms, SVG or MathML; links only to http, https and mailto.
Everything downstream (Markdown conversion, excerpts, summaries) starts from this output.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import urljoin

import nh3

from .urls import SAFE_LINK_SCHEMES, is_safe_link, link_scheme

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "a", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
        "h2", "h3", "h4", "h5", "h6", "hr", "q", "cite", "sub", "sup", "del", "ins",
        "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
        # Attribute-free containers: many feeds write paragraphs as <div>s, and dropping them
        # would run "<div>a</div><div>b</div>" together as "ab".
        "div", "section", "article",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Removed together with their content (the text of a script is not prose).
DROP_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "textarea", "select", "svg", "math"}
)
# Tags that separate words when turned into plain text (inline tags like <b> do not).
_TEXT_BLOCKS = frozenset({"h1", "header", "footer", "aside", "main", "nav", "address", "center",
                          "dl", "dt", "dd", "caption", "tfoot", "details", "summary"})
_BLOCK_TAGS = (ALLOWED_TAGS | _TEXT_BLOCKS) - {"a", "em", "strong", "b", "i", "code", "q", "cite",
                                               "sub", "sup", "del", "ins"}
_TAG = re.compile(r"</?([a-z0-9]+)[^>]*>")
_H1 = re.compile(r"<(/?)h1>")
# A "<" that an HTML parser would read as the start of a tag, comment or declaration.
_TAG_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
# Stands in for that "<" in plain text: looks the same to a reader, opens nothing in a browser.
TAG_OPENER_STANDIN = "\uff1c"
# Lone UTF-16 halves (a JSON feed can carry "\ud800"): nh3 cannot encode them and would raise.
_SURROGATES = re.compile("[\ud800-\udfff]")


def _rewrite_relative(base_url: str) -> Callable[[str], str | None]:
    def rewrite(url: str) -> str | None:
        if not url.strip():  # href="" would point back at the page itself
            return None
        try:
            absolute = urljoin(base_url, url.strip())
        except ValueError:
            return None
        return absolute if is_safe_link(absolute) else None

    return rewrite


def _keep_safe_href(tag: str, attr: str, value: str) -> str | None:
    # Defence in depth: nh3 already checks schemes; this also catches anything it let through.
    if attr == "href" and link_scheme(value) is not None and not is_safe_link(value):
        return None
    return value


def sanitize_html(html_text: str, base_url: str | None = None) -> str:
    """Feed HTML reduced to the allowlist; relative links resolved against `base_url`.

    Without a base URL, relative links are dropped (their text stays). An `<h1>` becomes an
    `<h2>`: the page title is the only h1.
    """
    if not html_text:
        return ""
    relative = _rewrite_relative(base_url) if base_url and is_safe_link(base_url) else "deny"
    cleaned = nh3.clean(
        _SURROGATES.sub("\ufffd", html_text),
        tags=set(ALLOWED_TAGS | {"h1"}),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_safe_href,
        url_schemes=set(SAFE_LINK_SCHEMES),
        url_relative=relative,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return _H1.sub(r"<\1h2>", cleaned)


def html_to_text(html_text: str, *, tag_standin: bool = True) -> str:
    """Plain text of an HTML fragment: no tags, entities decoded, whitespace collapsed.

    Block boundaries become spaces, so "<p>a</p><p>b</p>" reads "a b" and not "ab". The result
    is text, not HTML: whoever embeds it must still escape it (YAML, Markdown, templates). As a
    second line of defence for templates that forget (MkDocs does not autoescape), a "<" that
    would open a tag becomes U+FF1C "＜", so the text "<script>" can never start a script.
    `tag_standin=False` keeps the "<" as written: for a headline, which must stay as published
    (every view of the site escapes it).
    """
    if not html_text:
        return ""
    # Keep only bare structural tags (no attributes) so the serialised tags are trivial to read.
    cleaned = nh3.clean(
        _SURROGATES.sub("\ufffd", html_text),
        tags=set(_BLOCK_TAGS | ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={},
        link_rel=None,
        strip_comments=True,
    )
    spaced = _TAG.sub(lambda m: " " if m.group(1) in _BLOCK_TAGS else "", cleaned)
    text = " ".join(html.unescape(spaced).split())
    return _TAG_OPENER.sub(TAG_OPENER_STANDIN, text) if tag_standin else text
