"""What a page tells machines about itself, in its `<head>`: link previews (Open Graph and the
Twitter card) and structured data (schema.org as JSON-LD).

- Every page: `og:title`, `og:description`, `og:url` (with the site's address: Open Graph
  wants absolute URLs, so a local build leaves it out), `og:site_name`, `og:locale` and
  `og:locale:alternate`, `og:type`, and `twitter:card` = `summary`.
- An article's page: `og:type` `article` and `article:published_time` (the original's date,
  unless it is only estimated), `og:description` our summary in the page's (first) edition,
  and JSON-LD describing the original report (a `NewsArticle`: its headline as published, or
  none when it was not seen, date, publisher, authors, language, address, and where it is
  archived) inside the page itself, an `ItemPage`: the archive's record of it.
- A key event's page: an `Event`. The home page of an edition: a `WebSite` with a
  `SearchAction` pointing at its search page.

Feed text reaches these attributes only as text: escaped for an attribute by `text()`, and in
JSON-LD with `<`, `>` and `&` written as JSON escapes, so no headline can close the
`<script type="application/ld+json">` block. JSON-LD is data: browsers do not run it, and the
Content-Security-Policy (`csp.py`) neither hashes nor needs to allow it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..model import Article, Event
from .article import archived_copies
from .common import clean, http_url, iso, normalize_lang, text

SCHEMA = "https://schema.org"
SEARCH_TERM = "search_term_string"


@dataclass(frozen=True)
class PageMeta:
    """What a page's link preview says."""

    title: str  # plain text
    description: str  # plain text
    site_name: str
    locale: str  # the page's edition's, as Open Graph writes it: "en_US"
    url: str | None = None  # the page's absolute address, when the site has one
    alternate_locales: Sequence[str] = ()  # the other editions the page is in
    kind: str = "website"  # og:type: "article" for an article's page
    published: datetime | None = None  # article:published_time


def open_graph(meta: PageMeta) -> list[tuple[str, str]]:
    """(property, content) pairs, in the order Open Graph lists them."""
    pairs = [("og:title", meta.title), ("og:type", meta.kind)]
    if meta.url:
        pairs.append(("og:url", meta.url))
    if clean(meta.description):
        pairs.append(("og:description", meta.description))
    pairs += [("og:site_name", meta.site_name), ("og:locale", meta.locale)]
    pairs += [("og:locale:alternate", locale) for locale in dict.fromkeys(meta.alternate_locales)
              if locale != meta.locale]
    if meta.kind == "article" and meta.published is not None:
        pairs.append(("article:published_time", iso(meta.published)))
    return [(prop, clean(value)) for prop, value in pairs]


def json_ld(data: dict) -> str:
    """A `<script type="application/ld+json">` block: JSON whose `<`, `>` and `&` are escapes,
    so its text can neither end the block nor open a comment."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{body}</script>'


def head_html(meta: PageMeta, data: dict | None = None) -> str:
    """The tags a page's `<head>` gets: Open Graph, the Twitter card, and its JSON-LD."""
    tags = [f'<meta property="{prop}" content="{text(value)}">'
            for prop, value in open_graph(meta)]
    tags.append('<meta name="twitter:card" content="summary">')
    if data:
        tags.append(json_ld(data))
    return "\n".join(tags)


def published(article: Article) -> datetime | None:
    """The original's publication date as machines should take it: none when it is estimated
    (`date_inferred`), since the page itself only offers it as an estimate."""
    return None if article.date_inferred else article.date


def _drop_empty(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def news_article(article: Article, *, record: str | None = None) -> dict:
    """The original report a page records, as a schema.org `NewsArticle`: its headline as
    published (none when the copy we read showed none: `title` is then our description), date,
    language, publisher, authors and address, and where it is archived (this page, `record`,
    and any copy in a web archive). Nothing the page does not know."""
    a = article
    when = published(a)
    lang = normalize_lang(a.lang)
    url = http_url(a.url) if a.url_resolved else None  # never the aggregator's link
    copies = [record] if record else []
    copies += [url for url, _ in archived_copies(a)]
    return _drop_empty({
        "@type": "NewsArticle",
        "headline": clean(a.title) if a.headline_seen else None,
        "datePublished": iso(when) if when else None,
        "inLanguage": lang if lang != "und" else None,
        "url": url,
        "publisher": {"@type": "Organization", "name": clean(a.source)},
        "author": [{"@type": "Person", "name": clean(name)} for name in a.authors
                   if clean(name)],
        "archivedAt": copies,
    })


def website_ref(name: str, url: str | None) -> dict:
    return _drop_empty({"@type": "WebSite", "name": clean(name), "url": url})


def article_record(article: Article, *, title: str, description: str, lang: str,
                   site: dict, url: str | None = None,
                   license_url: str | None = None) -> dict:
    """An article's page as the archive's record of a report (`ItemPage`), the report its main
    entity; `title` and `description` as the page shows them."""
    return _drop_empty({
        "@context": SCHEMA,
        "@type": "ItemPage",
        "@id": url,
        "url": url,
        "name": clean(title),
        "description": clean(description),
        "inLanguage": lang,
        "isPartOf": site,
        "license": license_url,
        "mainEntity": news_article(article, record=url),
    })


def event_data(event: Event, *, name: str, description: str, start: str,
               url: str | None = None) -> dict:
    """A key event (`Event`), identified by its id in feeds/events.yml and dated at the
    precision it is known (`start`: "2026-02-13", "2024-05"); its page is the one about it."""
    return _drop_empty({
        "@context": SCHEMA,
        "@type": "Event",
        "@id": f"{url}#event" if url else None,
        "identifier": event.id,
        "name": clean(name),
        "description": clean(description),
        "startDate": start,
        "url": url,
        "mainEntityOfPage": url,
    })


def website_data(*, name: str, description: str, lang: str, url: str | None = None,
                 search: str | None = None, license_url: str | None = None) -> dict:
    """An edition's home page: the site (`WebSite`), and how to search it (`SearchAction` on
    its search page's `?q=`, which runs the query at once) when its address is known."""
    action = None
    if search:
        action = {"@type": "SearchAction",
                  "target": {"@type": "EntryPoint",
                             "urlTemplate": f"{search}?q={{{SEARCH_TERM}}}"},
                  "query-input": f"required name={SEARCH_TERM}"}
    return _drop_empty({
        "@context": SCHEMA,
        "@type": "WebSite",
        "@id": url,
        "url": url,
        "name": clean(name),
        "description": clean(description),
        "inLanguage": lang,
        "license": license_url,
        "potentialAction": action,
    })
