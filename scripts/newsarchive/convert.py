"""Convert: sanitized feed HTML to the Markdown body and plain-text summary of a page.

The guarantee is that no HTML from a feed ever reaches the built site. Markdown renderers pass
raw HTML through, so the converter never emits any: in text, `<`, `>` and `&` become entities
and every character Markdown could read as syntax (links, emphasis, code, headings, lists,
attribute lists) is escaped; links keep only http(s)/mailto targets; code becomes code spans,
inside which Python-Markdown escapes HTML itself.

Preformatted blocks become one code span per line rather than a fenced block: a fence is only
recognised at the start of a line, so inside a list item or a block quote (or with no
fenced_code extension) it would fall apart into text that is parsed as Markdown again.

Excerpts are cut at the HTML level, before conversion (`excerpt_html`): cutting the DOM at a
word boundary can never leave a link, emphasis or code span half open.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import markdown as markdown_lib
from bs4 import BeautifulSoup, NavigableString
from markdownify import ATX, MarkdownConverter

from .model import Entry
from .sanitize import TAG_OPENER_STANDIN, html_to_text, sanitize_html
from .urls import is_safe_link

ELLIPSIS = "…"

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Markdown syntax anywhere in a line: backslash first, so the escapes added next stay escapes.
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]{}])")
# Syntax that only counts at the start of a line. Text is whitespace-collapsed before escaping,
# so inside a text node a line can only start at the node's own start (after <br>, a bullet...).
# ("#" heading, "-"/"+" bullet or rule, "=" setext underline, "1." list, ":" definition, "!!!"
# admonition.)
_LINE_START = re.compile(
    r"^(\s*)(#|[-+](?=\s|$)|-{2,}|\+{2,}|=+(?=\s*$)|\d+[.)](?=\s|$)|:(?=\s|$)|!)", re.MULTILINE
)
# A "!" that ends a text node would turn a link right after it into an image.
_TRAILING_BANG = re.compile(r"!$")
# Control characters: invisible, and some (vertical tab, form feed) are stripped as whitespace
# by the renderer, which would move text to the start of a line after it was escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_BACKTICKS = re.compile(r"`+")
# Characters a Markdown link target must not contain raw (they end or confuse the target).
_HREF_SAFE = "/:?#@!$&*+,;=%~-._"


def escape_markdown(text: str) -> str:
    """Plain text made safe to drop into Markdown: it renders as exactly this text, nothing else.

    Use it for any plain text (titles, names) that goes into a Markdown page.
    """
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    # Runs of spaces render as one anyway, but four at a line start (control characters
    # included, now spaces) would open a Markdown code block.
    text = _SPACE_RUN.sub(" ", text)
    text = _INLINE_SYNTAX.sub(r"\\\1", text).translate(_ENTITIES)
    text = _TRAILING_BANG.sub(r"\\!", text)  # before the line starts, so "!" is escaped once
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker[0] in "=:":  # not escapable with a backslash: a character reference is
        return f"{indent}&#{ord(marker[0])};{marker[1:]}"
    if marker[0].isdigit():  # "1." -> "1\."
        return f"{indent}{marker[:-1]}\\{marker[-1]}"
    return f"{indent}\\{marker}"


def markdown_href(url: str) -> str | None:
    """`url` as a Markdown link target, or None when it is not an http(s)/mailto link."""
    url = url.strip()
    if not is_safe_link(url):
        return None
    return quote(url, safe=_HREF_SAFE)


def _code_span(text: str) -> str:
    """Inline code that nothing inside can close early: the fence outgrows every backtick run."""
    text = " ".join(text.split())
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    if text.startswith("`") or text.endswith("`") or len(fence) > 1:
        text = f" {text} "
    return f"{fence}{text}{fence}"


class _SafeConverter(MarkdownConverter):
    """markdownify, with escaping and link rules that let no HTML through."""

    class Options(MarkdownConverter.DefaultOptions):
        heading_style = ATX
        bullets = "-"
        strong_em_symbol = "*"
        autolinks = False
        wrap = True  # collapse newlines in text: a line start is only ever made by structure
        wrap_width = None
        escape_asterisks = False  # escape() below handles every character itself
        escape_underscores = False
        escape_misc = False

    def escape(self, text: str, parent_tags: set[str]) -> str:
        return escape_markdown(text) if text else ""

    def convert_a(self, el, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        href = markdown_href(el.get("href") or "")
        inner = text.strip()
        if not inner or not href:
            return text
        if inner.startswith("^"):  # "[^" opens a footnote; a character reference does not
            inner = f"&#{ord('^')};{inner[1:]}"
        lead = " " if text[:1].isspace() else ""
        tail = " " if text[-1:].isspace() else ""
        return f"{lead}[{inner}]({href}){tail}"

    def convert_code(self, el, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        lead = " " if text[:1].isspace() else ""
        tail = " " if text[-1:].isspace() else ""
        span = _code_span(text)
        return f"{lead}{span}{tail}" if span else ""

    convert_kbd = convert_code
    convert_samp = convert_code

    def convert_pre(self, el, text: str, parent_tags: set[str]) -> str:
        lines = [_code_span(line) for line in text.expandtabs(4).split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            return ""
        if "_inline" in parent_tags:
            return " " + " ".join(lines) + " "
        return "\n\n" + "  \n".join(lines) + "\n\n"

    def convert_li(self, el, text: str, parent_tags: set[str]) -> str:
        # Python-Markdown only keeps a paragraph or a nested list inside an item when it is
        # indented by four spaces (markdownify indents by the bullet's width).
        text = (text or "").strip()
        if not text:
            return "\n"
        if el.parent is None or el.parent.name not in ("ul", "ol"):
            # A stray item (no list around it) may follow text on the same line, where a bullet
            # is no list marker and its indented blocks would read as code: keep it as blocks.
            return f"\n\n{text}\n\n"
        if el.parent.name == "ol":
            bullet = f"{len(el.find_previous_siblings('li')) + 1}."
        else:
            bullet = "-"
        first, *rest = text.split("\n")
        rest = [f"    {line}" if line.strip() else "" for line in rest]
        # An item of several blocks needs a blank line after it, or the next bullet would be
        # read as a lazy continuation of its last paragraph.
        end = "\n\n" if "" in rest else "\n"
        return "\n".join([f"{bullet} {first}", *rest]) + end

    def convert_hN(self, n: int, el, text: str, parent_tags: set[str]) -> str:
        return super().convert_hN(max(2, n), el, text, parent_tags)

    def convert_img(self, el, text: str, parent_tags: set[str]) -> str:
        return ""  # the sanitizer removes images; never emit image syntax regardless

    convert_video = convert_img


# Keeps no state between documents but a per-tag method cache; building one costs more than
# converting a short excerpt.
_CONVERTER = _SafeConverter()


def to_markdown(html: str, base_url: str | None = None) -> str:
    """Feed HTML as safe Markdown: sanitized first, then converted with strict escaping."""
    clean = sanitize_html(html, base_url)
    if not clean.strip():
        return ""
    try:
        text = _CONVERTER.convert(clean)
    except RecursionError:  # markup nested deeper than the converter can walk: keep its text
        text = escape_markdown(html_to_text(clean))
    # Collapse runs of blank lines that removed elements leave behind.
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def render_markdown_html(md: str) -> str:
    """Markdown to HTML the way the site renders body text (used by tests to prove safety)."""
    return markdown_lib.markdown(md)


def _cut_words(text: str, words: int) -> str:
    """The first `words` words of `text`, keeping its leading whitespace."""
    match = re.match(rf"\s*(?:\S+\s+){{{words}}}", text)
    return match.group(0).rstrip() if match else text.rstrip()


def excerpt_html(html: str, max_words: int) -> tuple[str, bool]:
    """Keep the first `max_words` words of an HTML fragment, cut on a word boundary.

    Works on the DOM, so every element stays closed; what follows the cut is removed and "…"
    ends the last kept text. Returns (html, truncated).
    """
    soup = BeautifulSoup(html, "html.parser")
    budget = max(0, max_words)
    last: NavigableString | None = None
    for node in list(soup.descendants):
        if type(node) is not NavigableString:  # skip tags, comments, doctypes
            continue
        count = len(node.split())
        if not count:
            continue
        if count <= budget:
            budget -= count
            last = node
            continue
        if budget:
            cut = NavigableString(_cut_words(str(node), budget) + ELLIPSIS)
            node.replace_with(cut)
        elif last is not None:
            cut = NavigableString(str(last).rstrip() + ELLIPSIS)
            last.replace_with(cut)
        else:
            return "", True
        for element in [cut, *cut.parents]:
            for sibling in list(element.next_siblings):
                sibling.extract()
        return str(soup), True
    return html, False


def excerpt(markdown: str, max_words: int) -> tuple[str, bool]:
    """Cut Markdown to at most `max_words` words; returns (markdown, truncated).

    The Markdown is rendered, cut as HTML (`excerpt_html`) and converted back, so no link,
    emphasis or code span is ever left open. Text that fits is returned unchanged.
    """
    html, truncated = excerpt_html(render_markdown_html(markdown), max_words)
    if not truncated:
        return markdown, False
    return to_markdown(html), True


def _host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _redundant(text: str, entry: Entry) -> bool:
    """True when an excerpt only repeats the headline (aggregators' "Title - Publisher" blurbs)."""
    words = re.findall(r"\w+", text.casefold())
    headline = re.findall(r"\w+", f"{entry.title} {entry.source_name or ''}".casefold())
    return bool(words) and words == headline[: len(words)]


def article_body(entry: Entry, *, max_words: int = 150, source: str | None = None) -> str:
    """The Markdown body of an article page: an excerpt, then a link to the original.

    The excerpt comes from the entry's content, else its summary. The link names the publisher
    (`entry.source_name`, else `source`, else the host).
    """
    base = entry.link if is_safe_link(entry.link) else entry.url
    body = ""
    for html in (entry.content_html, entry.summary_html):
        clean = sanitize_html(html, base)
        text = html_to_text(clean)
        if not text or (entry.headline_seen and _redundant(text, entry)):
            continue
        cut, _ = excerpt_html(clean, max_words)
        body = to_markdown(cut, base)
        if body:
            break
    publisher = entry.source_name or source or _host(entry.url)
    if entry.url_resolved:
        label = escape_markdown(f"Read the original article at {publisher}")
    else:  # the publisher's own address is unknown: say where the link really goes
        label = escape_markdown(f"Find the article at {publisher} through Google News")
    href = markdown_href(entry.url)
    link = f"[{label}]({href})" if href else label
    return f"{body}\n\n{link}" if body else link


def summary_text(entry: Entry, *, max_chars: int = 300) -> str:
    """A one-paragraph plain-text summary, cut on a word boundary with "…".

    From the summary, else the content, else the title (a page must have a summary). An entry
    that came through an aggregator (`entry.via`) gets "" instead of its title: its summary is
    left for curation (a page from a feed may say so with an empty summary).
    """
    # The title is text already; only a "<" that would open a tag is replaced, as html_to_text does.
    title = "" if entry.via else re.sub(r"<(?=[A-Za-z/!?])", TAG_OPENER_STANDIN, entry.title)
    text = html_to_text(entry.summary_html) or html_to_text(entry.content_html) or title
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    room = max(1, max_chars - len(ELLIPSIS))
    cut = text[: room + 1]
    if " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]
    else:
        cut = cut[:room]
    return cut.rstrip(" ,;:–—-") + ELLIPSIS
