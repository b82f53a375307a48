"""An article's page: the metadata header (source, date, language, the original and its
archived copy, tags, key events), our summary, the body sanitised again and marked with its
language, and links to the older and newer article."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import nh3

from ..model import LINK_DEAD, Article
from .common import (
    SITE_LANG,
    clean,
    href,
    human_date,
    iso,
    lang_attr,
    language_label_html,
    normalize_lang,
    text,
)
from .index import ArchiveIndex, Item
from .rows import inferred_note, tag_links

SANITIZE_TAGS = {"p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
                 "h2", "h3", "h4", "h5", "h6", "hr", "br",
                 "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"}
SANITIZE_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"},
                       **{f"h{n}": {"id"} for n in range(2, 7)}}


def sanitize_body(html: str) -> str:
    """Keep only what Markdown produces; drop scripts, handlers, styles and odd URL schemes.

    The `headerlink` class survives so heading permalinks keep Material's styling.
    """
    cleaned = nh3.clean(
        html, tags=SANITIZE_TAGS, attributes=SANITIZE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
        allowed_classes={"a": {"headerlink"}}, strip_comments=True,
    )
    return cleaned.replace(' class=""', "")  # what a filtered-out class leaves behind


def _http_url(value: str | None) -> str | None:
    value = clean(value)
    return value if re.match(r"^https?://[^\s/]", value, re.IGNORECASE) else None


def archived_copies(a: Article) -> list[tuple[str, str]]:
    """(address, where and when) of each copy of the original: the Wayback Machine snapshot the
    tools found, then a copy a person named in `archive_url`."""
    copies: list[tuple[str, str]] = []
    if a.archived is not None and (url := _http_url(a.archived.url)):
        copies.append((url, f"Wayback Machine, {human_date(a.archived.timestamp)}"))
    hand = _http_url(a.archive_url)
    if hand and all(hand != url for url, _ in copies):
        copies.append((hand, f"on {urlsplit(hand).hostname or hand}"))
    return copies


def original_links(a: Article) -> str:
    """The link to the original and, beside it, "Archived copy"; once the original is dead,
    the archived copy comes first and the original is marked as dead."""
    copies = [f'<a href="{text(url)}" rel="noopener noreferrer" class="na-archived">'
              f'Archived copy</a> <span class="na-note">({text(where)})</span>'
              for url, where in archived_copies(a)]
    url = _http_url(a.url)
    if not url:
        return " · ".join(["Address not known", *copies])
    if not a.url_resolved:  # the aggregator's link: never shown as the article's address
        through = (f'<a href="{text(url)}" rel="noopener noreferrer">Find it through Google '
                   "News</a> (the publisher's own address is not known)")
        return " · ".join([through, *copies])
    host = text(urlsplit(url).hostname or url)
    if a.link_status != LINK_DEAD:
        original = (f'<a href="{text(url)}" rel="noopener noreferrer" '
                    f'hreflang="{text(a.lang)}">Read it on {host}</a>')
        return " · ".join([original, *copies])
    since = f" since {human_date(_midnight(a.link_checked))}" if a.link_checked else ""
    dead = (f'<a href="{text(url)}" rel="noopener noreferrer" hreflang="{text(a.lang)}" '
            f'class="na-dead">Original on {host}</a> '
            f'<span class="na-note na-dead-note">(dead link{since})</span>')
    return " · ".join([*copies, dead])


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def article_header(index: ArchiveIndex, item: Item) -> str:
    """The metadata block above an article's body."""
    a, here = item.article, item.url
    rows: list[tuple[str, str]] = []
    if clean(a.title_en):
        rows.append(("Title in English", f'<span lang="en">{text(a.title_en)}</span>'))
    rows += [
        ("Source", f'<a href="{href(here, index.source_url(a.source))}">{text(a.source)}</a>'),
        ("Published", f'<time datetime="{iso(a.date)}">{human_date(a.date)}</time>'
                      f"{inferred_note(a)}" if a.date else "Date unknown"),
    ]
    if a.authors:
        rows.append(("By" if len(a.authors) == 1 else "Authors",
                     ", ".join(text(x) for x in a.authors)))
    rows.append(("Language", f'<a href="{href(here, index.lang_url(a.lang))}">'
                             f"{language_label_html(normalize_lang(a.lang))}</a>"))
    rows.append(("Original", original_links(a)))
    if a.tags:
        rows.append(("Tags", tag_links(index, a.tags, here)))
    if a.events:
        links = []
        for eid in dict.fromkeys(a.events):
            event = index.events.get(eid)
            target = href(here, index.url("events/index.md")) + f"#{text(eid)}"
            links.append(f'<li><a href="{target}">{text(event.title)}</a></li>' if event else
                         f"<li>{text(eid)}</li>")
        rows.append(("Key events", f'<ul class="na-events-list">{"".join(links)}</ul>'))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<div class="na-meta"><dl>{body}</dl></div>'


def prev_next(index: ArchiveIndex, item: Item) -> str:
    """Links to the articles just older and just newer in time (dated articles only)."""
    if item.article.date is None:
        return ""
    # `dated` is newest first and every dated item precedes the undated ones, so pos indexes it.
    older = index.dated[item.pos + 1] if item.pos + 1 < len(index.dated) else None
    newer = index.dated[item.pos - 1] if item.pos > 0 else None
    links = []
    for other, rel, words in ((older, "prev", "Older"), (newer, "next", "Newer")):
        if other is None:
            continue
        links.append(f'<a class="na-prevnext__{words.lower()}" href="{href(item.url, other.url)}"'
                     f' rel="{rel}"><span class="na-prevnext__dir">{words} article</span> '
                     f'<span{lang_attr(other.article.lang)}>{text(other.article.title)}</span></a>')
    if not links:
        return ""
    return f'<nav class="na-prevnext" aria-label="Older and newer articles">{"".join(links)}</nav>'


def summary_html(article: Article) -> str:
    """Our summary of a hand-added article, in its own language (a fetched page's summary is the
    feed's description, which its excerpt already shows)."""
    if article.feed is not None or not clean(article.summary):
        return ""
    la = lang_attr(article.summary_lang or article.lang)
    return (f'<p class="na-summary"{la}><strong class="na-summary__label">Summary.</strong> '
            f"{text(article.summary)}</p>\n")


def article_html(index: ArchiveIndex, item: Item, body_html: str) -> str:
    """Header, our summary, the body (sanitised here) in its language, then older/newer links."""
    lang = text(item.article.lang) or SITE_LANG
    return (f"{article_header(index, item)}\n{summary_html(item.article)}"
            f'<div class="na-body" lang="{lang}">\n{sanitize_body(body_html)}\n</div>\n'
            f"{prev_next(index, item)}")


