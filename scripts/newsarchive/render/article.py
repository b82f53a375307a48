"""An article's page: the metadata header (source, date, language, the original and its
archived copy, tags, key events), our summary, the body sanitised again and marked with its
language, and links to the older and newer article."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import nh3

from ..aggregator import parse_link
from ..model import LINK_DEAD, Article
from .common import (
    SITE_LANG,
    clean,
    href,
    http_url,
    iso,
    lang_attr,
    language_label_html,
    normalize_lang,
    rendering_shown,
    summary_shown,
    text,
    text_dir,
    title_html,
    title_text,
)
from .i18n import ENGLISH, Edition
from .index import ArchiveIndex, Item
from .rows import inferred_note, tag_links
from .story import story_html, story_of

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


_LAST_LINK = re.compile(r'\s*<p><a href="([^"]*)"[^>]*>[^<]*</a></p>\s*$')


def without_original_link(body_html: str, article: Article) -> str:
    """The body without its closing "Read the original article at …" line when that line only
    links to the article's own address: the header already links it, in the reader's language,
    whereas the line is English inside a body marked with the article's language. A line that
    links to the aggregator (Google News) the page came through goes too: it was written when
    the publisher's address was unknown, and the header now links the publisher."""
    found = _LAST_LINK.search(body_html)
    if not found:
        return body_html
    target = htmllib.unescape(found.group(1))
    if target not in {article.url, article.via} - {None} and not _same_item(target, article.via):
        return body_html
    return body_html[:found.start()]


def _same_item(link: str, via: str | None) -> bool:
    """Whether `link` is the aggregator item `via` names, in another of its link forms."""
    found = parse_link(link) if via else None
    return found is not None and found.via == via


def archived_copies(a: Article, ed: Edition = ENGLISH) -> list[tuple[str, str]]:
    """(address, where and when) of each copy of the original: the Wayback Machine snapshot the
    tools found, then a copy a person named in `archive_url`."""
    w = ed.words
    copies: list[tuple[str, str]] = []
    if a.archived is not None and (url := http_url(a.archived.url)):
        copies.append((url, w("wayback_copy", date=w.date(a.archived.timestamp))))
    hand = http_url(a.archive_url)
    if hand and all(hand != url for url, _ in copies):
        copies.append((hand, w("copy_on", host=urlsplit(hand).hostname or hand)))
    return copies


def original_links(a: Article, ed: Edition = ENGLISH) -> str:
    """The link to the original and, beside it, "Archived copy"; once the original is dead,
    the archived copy comes first and the original is marked as dead."""
    w = ed.words
    copies = [f'<a href="{text(url)}" rel="noopener noreferrer" class="na-archived">'
              f'{text(w("archived_copy"))}</a> <span class="na-note">({text(where)})</span>'
              for url, where in archived_copies(a, ed)]
    url = http_url(a.url)
    if not url or (a.carried_by is not None and a.carried_by.url == a.url):
        # No address, or only the syndicated copy's: "Carried by" links that one.
        return " · ".join([text(w("address_unknown")), *copies])
    if not a.url_resolved:  # the aggregator's link: never shown as the article's address
        through = (f'<a href="{text(url)}" rel="noopener noreferrer">'
                   f'{w.html("through_aggregator")}</a> {w.html("aggregator_note")}')
        return " · ".join([through, *copies])
    host = urlsplit(url).hostname or url
    if a.link_status != LINK_DEAD:
        original = (f'<a href="{text(url)}" rel="noopener noreferrer" '
                    f'hreflang="{text(a.lang)}">{text(w("read_on", host=host))}</a>')
        return " · ".join([original, *copies])
    since = (w("dead_link_since", date=w.date(_midnight(a.link_checked))) if a.link_checked
             else w("dead_link"))
    dead = (f'<a href="{text(url)}" rel="noopener noreferrer" hreflang="{text(a.lang)}" '
            f'class="na-dead">{text(w("original_on", host=host))}</a> '
            f'<span class="na-note na-dead-note">{text(since)}</span>')
    return " · ".join([*copies, dead])


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def published_date(a: Article, ed: Edition = ENGLISH) -> str:
    """The date and, beside it, how it was established: the page's `date_note` (our words, in
    English: marked so in another edition), or for a fetched page whose feed gave no date, that
    this is when the article was first fetched. Lists show "(date estimated)" alone."""
    w = ed.words
    when = (f'<time datetime="{iso(a.date)}">{text(w.date(a.date))}</time>' if a.date
            else text(w("date_unknown")))
    if note := text(a.date_note):
        if la := lang_attr("en", ed.lang):
            note = f"<span{la}>{note}</span>"
    elif a.date and a.date_inferred and a.feed:
        note = w.html("date_from_fetch")
    else:
        return when + (inferred_note(a, ed) if a.date else "")
    if a.date is None:
        key, cls = "date_unknown_note", "na-note na-date-note"
    elif a.date_inferred:
        key, cls = "date_estimated_note", "na-note na-inferred na-date-note"
    else:
        key, cls = "date_note", "na-note na-date-note"
    return f'{when} <span class="{cls}">{w.html(key, note=note)}</span>'


def article_header(index: ArchiveIndex, item: Item, ed: Edition = ENGLISH) -> str:
    """The metadata block above an article's body, in the words of edition `ed` and linking to
    that edition's pages."""
    a, here, w = item.article, item.url, ed.words
    rows: list[tuple[str, str]] = []
    if rendering := rendering_shown(a, ed):
        key, words, lang = rendering
        la = f' lang="{text(lang)}"' if lang == "en" else lang_attr(lang, ed.lang)
        rows.append((key, f"<span{la}>{text(words)}</span>"))
    rows += [
        ("source", f'<a href="{href(here, index.source_url(a.source, ed))}">{text(a.source)}'
                   "</a>"),
        ("published", published_date(a, ed)),
    ]
    if a.authors:
        rows.append(("by" if len(a.authors) == 1 else "authors",
                     ", ".join(text(x) for x in a.authors)))
    rows.append(("language", f'<a href="{href(here, index.lang_url(a.lang, ed))}">'
                             f"{language_label_html(normalize_lang(a.lang), w)}</a>"))
    rows.append(("original", original_links(a, ed)))
    if a.carried_by is not None and (copy := http_url(a.carried_by.url)):
        rows.append(("carried_by", f'<a href="{text(copy)}" rel="noopener noreferrer" '
                                   f'class="na-carrier">{text(a.carried_by.source)}</a>'))
    if a.tags:
        rows.append(("tags", tag_links(index, a.tags, here, ed)))
    body = "".join(f"<dt>{text(w(k))}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<div class="na-meta"><dl>{body}</dl></div>'


def prev_next(index: ArchiveIndex, item: Item, ed: Edition | Sequence[Edition] = ENGLISH
              ) -> str:
    """Links to the articles just older and just newer in time (dated articles only).

    For several editions (an article page, which they share), the links are written once:
    their words per edition (`per_edition`), the label as the first edition's with
    `data-na-aria-label-<lang>` for the others (newsarchive-edition.js), and each headline
    marked with its language, which then holds in every edition."""
    editions = [ed] if isinstance(ed, Edition) else list(ed)
    if item.article.date is None:
        return ""
    first = editions[0]
    shared = len(editions) > 1
    # `dated` is newest first and every dated item precedes the undated ones, so pos indexes it.
    older = index.dated[item.pos + 1] if item.pos + 1 < len(index.dated) else None
    newer = index.dated[item.pos - 1] if item.pos > 0 else None
    links = []
    for other, rel, side, key in ((older, "prev", "older", "older_article"),
                                  (newer, "next", "newer", "newer_article")):
        if other is None:
            continue

        def headline(e: Edition, other: Item = other) -> str:
            title, lang = title_html(other.article, e)
            return f"<span{lang_attr(lang, '' if shared else e.lang)}>{title}</span>"

        headlines = [headline(e) for e in editions]
        shown = headlines[0] if len(set(headlines)) == 1 else per_edition(editions, headline,
                                                                          tag="span")
        words = per_edition(editions, lambda e, key=key: text(e.words(key)), tag="span")
        links.append(f'<a class="na-prevnext__{side}" href="{href(item.url, other.url)}"'
                     f' rel="{rel}"><span class="na-prevnext__dir">{words}</span> {shown}</a>')
    if not links:
        return ""
    label = text(first.words("older_newer"))
    labels = "".join(f' data-na-aria-label-{text(e.lang)}="{text(e.words("older_newer"))}"'
                     for e in editions[1:] if text(e.words("older_newer")) != label)
    return (f'<nav class="na-prevnext" aria-label="{label}"{labels}>{"".join(links)}'
            "</nav>")


def summary_html(article: Article, editions: Sequence[Edition] = (ENGLISH,), *,
                 excerpt: bool = True) -> str:
    """Our summary of a hand-added article: in each edition, ours in its language when the page
    has it (`translations`), else the page's own, marked with its language; the same text in
    every edition is written once, its label in each edition's words. A fetched page's summary
    is the feed's description, which its excerpt already shows: it is shown only when the page
    has no `excerpt`; when the feed gave none and the summary is still empty (left for
    curation), the page says so."""
    if article.feed is not None and not clean(article.summary):
        note = per_edition(editions, lambda ed: text(ed.words("summary_pending")), tag="span")
        return f'<p class="na-summary na-summary--pending">{note}</p>\n'
    if (article.feed is not None and excerpt) or not clean(article.summary):
        return ""
    shown = [summary_shown(article, ed) for ed in editions]
    if len(set(shown)) == 1:
        said, lang = shown[0]
        label = per_edition(editions, lambda ed: text(ed.words("summary")), tag="span")
        if lang_attr(lang):  # the label is in the editions' words, not the summary's language
            label = f'<span lang="{SITE_LANG}">{label}</span>'
        # With several editions the page's language is the reader's: the summary says its own.
        la = lang_attr(lang, "" if len(editions) > 1 else SITE_LANG)
        return (f'<p class="na-summary"{la}><strong class="na-summary__label">'
                f"{label}</strong> {text(said)}</p>\n")

    def one(ed: Edition) -> str:
        said, lang = summary_shown(article, ed)
        return (f'<p class="na-summary"{lang_attr(lang, ed.lang)}><strong '
                f'class="na-summary__label"{lang_attr(ed.lang, lang)}>{text(ed.words("summary"))}'
                f"</strong> {text(said)}</p>")

    return per_edition(editions, one) + "\n"


def article_title(article: Article, editions: Sequence[Edition] = (ENGLISH,)) -> tuple[str, str]:
    """(HTML, its language) of an article page's `<h1>`: the headline in its language, or,
    when it was not seen, our description marked as ours in each edition's words."""
    if article.headline_seen:
        return title_text(article.title), article.lang
    return per_edition(editions, lambda ed: title_html(article, ed)[0], tag="span"), SITE_LANG


def per_edition(editions: Sequence[Edition], make: Callable[[Edition], str], *,
                tag: str = "div") -> str:
    """What `make` writes for each edition, each in its own `<tag class="na-ed na-ed--fr"
    lang="fr">` (the theme shows the reader's edition and hides the others, and gives the page
    its language); with one edition, as is."""
    if len(editions) == 1:
        return make(editions[0])
    out = []
    for n, ed in enumerate(editions):
        html = make(ed)
        if html:
            cls = f"na-ed na-ed--{text(ed.lang)}" + (" na-ed--default" if n == 0 else "")
            out.append(f'<{tag} class="{cls}" lang="{text(ed.lang)}">{html}</{tag}>')
    return "".join(out)


def article_html(index: ArchiveIndex, item: Item, body_html: str,
                 editions: Sequence[Edition] = (ENGLISH,)) -> str:
    """Header, our summary, the body (sanitised here) in its language, then older/newer links.

    An article page exists once for every edition: it carries the header and the story of
    each (`per_edition`), and the older/newer links once in each one's words; the reader
    sees those of the edition they chose.
    """
    lang = text(item.article.lang) or SITE_LANG
    direction = f' dir="{text_dir(lang)}"' if text_dir(lang) else ""
    header = per_edition(editions, lambda ed: article_header(index, item, ed))
    told = story_of(index, item)  # once, for every edition
    story = per_edition(editions, lambda ed: story_html(index, item, told, ed))
    neighbours = prev_next(index, item, editions)  # written once, in every edition's words
    body = without_original_link(sanitize_body(body_html), item.article).strip()
    summary = summary_html(item.article, editions, excerpt=bool(body))
    body = f'<div class="na-body" lang="{lang}"{direction}>\n{body}\n</div>\n' if body else ""
    return f"{header}\n{summary}{body}{story}{neighbours}"
