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
    home.py       placeholders in hand-written pages (and the line to cite the archive), a
                  default home page
    article.py    an article page's header, summary, body and older/newer links
    story.py      under an article's summary: other reports of its key events, the events
    feeds.py      the Atom feeds (feed.xml, and one per tag and key event)
    exports.py    articles.json and articles.csv for researchers, and the licence of our text
    meta.py       link previews (Open Graph) and structured data (JSON-LD) for each page
    sitemap.py    sitemap.xml (both editions, hreflang alternates) and robots.txt
    site.py       every generated page of an edition at once, and its navigation
    i18n.py       the interface's words per language, dates, and the editions (en, fr/)
    common.py     text escaping, URLs and links, slugs, language names, dates

Links are relative to the page they appear on (`href(from_url, to_url)`), so the site works
under any sub-path and without `site_url`; only what must be absolute for the outside world
(feeds, exports, the sitemap, link previews, structured data) uses the site's address, when
the build has one (`absolute()`). URLs are "site URLs": relative to the site root,
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
    article_title,
    original_links,
    per_edition,
    prev_next,
    sanitize_body,
    summary_html,
)
from .chart import Bin, coverage_bins, coverage_chart, coverage_svg
from .common import (
    SITE_LANG,
    absolute,
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
    shown_title,
    slugify,
    summary_shown,
    text,
    text_dir,
    title_html,
    title_text,
    unique_slugs,
)
from .events import EVENT_OPEN_LIST, event_pages, event_when, events_page
from .exports import License, article_records, articles_csv, articles_json, neutralise
from .feeds import FEED_SIZE, Feed, atom_feed, site_feeds
from .home import (
    LATEST_DEFAULT,
    Citation,
    PlaceholderError,
    counts_html,
    default_home,
    exports_html,
    fill_placeholders,
    highlights_html,
    latest_html,
    license_html,
    unverified_html,
)
from .i18n import ENGLISH, WORDS, Edition, Words, edition
from .index import ArchiveIndex, Item, build_index, event_src, feed_path, sort_key
from .lists import language_pages, source_pages, tag_pages
from .meta import (
    PageMeta,
    article_record,
    event_data,
    head_html,
    json_ld,
    news_article,
    open_graph,
    published,
    website_data,
    website_ref,
)
from .pages import PER_PAGE, AnyPage, Blocks, FeedLink, LazyPage, Page, listing_pages, newest
from .rows import article_list, article_row, grouped_list
from .site import NAV, default_nav, site_pages
from .sitemap import MAX_URLS, SitemapEntry, alternates, robots_txt, sitemap_xml
from .story import ALSO_REPORTED, Story, story_html, story_of
from .timeline import timeline_pages

__all__ = [
    "ALSO_REPORTED", "AnyPage", "ArchiveIndex", "Bin", "Blocks", "Citation", "Edition", "ENGLISH",
    "EVENT_OPEN_LIST", "Feed", "FEED_SIZE", "FeedLink", "Item", "LATEST_DEFAULT", "LazyPage",
    "License", "MAX_URLS", "NAV", "Page", "PageMeta", "PER_PAGE", "PlaceholderError", "SITE_LANG",
    "SitemapEntry", "Story", "WORDS", "Words", "absolute", "alternates", "archived_copies",
    "article_header", "article_html", "article_list", "article_record", "article_records",
    "article_row", "article_title", "articles_csv", "articles_json", "atom_feed", "build_index",
    "clean", "counts_html", "coverage_bins", "coverage_chart", "coverage_svg", "default_home",
    "default_nav", "edition", "event_data", "event_pages", "event_src", "event_when",
    "events_page", "exports_html", "feed_path", "fill_placeholders", "front_matter",
    "grouped_list", "head_html", "highlights_html", "href", "human_date", "iso", "json_ld",
    "lang_attr", "language_label", "language_label_html", "language_names", "language_pages",
    "latest_html", "license_html", "listing_pages", "md_text", "neutralise", "newest",
    "news_article", "normalize_lang", "open_graph", "original_links", "page_url", "per_edition",
    "prev_next", "published", "robots_txt", "sanitize_body", "shown_title", "site_feeds",
    "site_pages", "sitemap_xml", "slugify", "sort_key", "source_pages", "story_html", "story_of",
    "summary_html", "summary_shown", "tag_pages", "text", "text_dir", "timeline_pages",
    "title_html", "title_text", "unique_slugs", "unverified_html", "website_data", "website_ref",
]
