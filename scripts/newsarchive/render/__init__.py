"""What readers see, as strings: articles in, Markdown/HTML/SVG/XML/JSON out.

Every function here is pure (no files, no MkDocs objects), so each generated page can be tested
on its own and the MkDocs plugin (`plugin.py`) stays a thin adapter that only moves strings.
One module per view:

    index.py      the archive sorted once and grouped by source, tag, language and event
    rows.py       one article in a list; lists grouped by year and month
    pages.py      how a generated page is built (Markdown headings + HTML blocks), pagination
    timeline.py   /timeline/
    lists.py      /sources/, /tags/, /languages/ and a page per source, tag and language
    events.py     /events/ (the key events) and a page per event
    chart.py      the coverage chart (inline SVG and its table)
    home.py       placeholders in hand-written pages, a default home page
    article.py    an article page's header, summary, body and older/newer links
    feeds.py      feed.xml (Atom) and articles.json
    site.py       every generated page of an edition at once, and its navigation
    i18n.py       the interface's words per language, dates, and the editions (en, fr/)
    common.py     text escaping, URLs and links, slugs, language names, dates

Links are relative to the page they appear on (`href(from_url, to_url)`), so the site works
under any sub-path and without `site_url`. URLs are "site URLs": relative to the site root,
as MkDocs' `File.url` gives them (`articles/2026/02/slug/`, `timeline/page/2/`, `` for home).

Generated pages are Markdown for their headings (so the table of contents works) with the
HTML kept aside in `Page.blocks`, put back after conversion (`Page.html`): Markdown never
re-parses thousands of rows. Text that reaches HTML goes through `text()` (whitespace
collapsed, characters XML forbids removed, HTML-escaped), so a blank line or stray `<` from a
feed can neither end a raw HTML block early (home page placeholders) nor open a tag. Article
bodies, which come from feeds and hand edits, are cleaned by `sanitize_body()`.

The names below are the package's interface; the plugin, search and the tests use them.
"""

from .article import (
    archived_copies,
    article_header,
    article_html,
    original_links,
    per_edition,
    prev_next,
    sanitize_body,
    summary_html,
)
from .chart import Bin, coverage_bins, coverage_chart, coverage_svg
from .common import (
    SITE_LANG,
    clean,
    front_matter,
    href,
    human_date,
    iso,
    lang_attr,
    language_label,
    language_label_html,
    language_names,
    md_text,
    normalize_lang,
    page_url,
    slugify,
    text,
    text_dir,
    title_text,
    unique_slugs,
)
from .events import EVENT_OPEN_LIST, event_pages, events_page
from .feeds import FEED_SIZE, Feed, articles_json, atom_feed, site_feeds
from .home import (
    LATEST_DEFAULT,
    PlaceholderError,
    counts_html,
    default_home,
    fill_placeholders,
    latest_html,
)
from .i18n import ENGLISH, WORDS, Edition, Words, edition
from .index import ArchiveIndex, Item, build_index, event_src, feed_path, sort_key
from .lists import language_pages, source_pages, tag_pages
from .pages import PER_PAGE, AnyPage, Blocks, FeedLink, LazyPage, Page, listing_pages
from .rows import article_list, article_row, grouped_list
from .site import NAV, default_nav, site_pages
from .timeline import timeline_pages

__all__ = [
    "ENGLISH", "EVENT_OPEN_LIST", "FEED_SIZE", "LATEST_DEFAULT", "NAV", "PER_PAGE", "SITE_LANG",
    "WORDS", "AnyPage", "ArchiveIndex", "Bin", "Blocks", "Edition", "Feed", "FeedLink", "Item",
    "LazyPage", "Page", "PlaceholderError", "Words", "archived_copies", "article_header",
    "article_html", "article_list", "article_row", "articles_json", "atom_feed", "build_index",
    "clean", "counts_html", "coverage_bins", "coverage_chart", "coverage_svg", "default_home",
    "default_nav", "edition", "event_pages", "event_src", "events_page", "feed_path",
    "fill_placeholders", "front_matter", "grouped_list", "href", "human_date", "iso",
    "lang_attr", "language_label", "language_label_html", "language_names", "language_pages",
    "latest_html", "listing_pages", "md_text", "normalize_lang", "original_links", "page_url",
    "per_edition", "prev_next", "sanitize_body", "site_feeds", "site_pages", "slugify",
    "sort_key", "source_pages", "summary_html", "tag_pages", "text", "text_dir", "timeline_pages",
    "title_text", "unique_slugs",
]
