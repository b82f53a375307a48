"""The sources, tags and languages: an index page with a table each, and a paginated list of
articles per source, tag and language."""

from __future__ import annotations

from collections.abc import Sequence

from .common import (
    clean,
    count_words,
    href,
    human_date,
    iso,
    language_label,
    language_label_html,
    language_names,
    text,
)
from .feeds import DEFAULT_SITE_NAME, tag_feed
from .index import ArchiveIndex, Item
from .pages import PER_PAGE, AnyPage, index_page, listing_pages, table


def latest_date(items: Sequence[Item]) -> str:
    for item in items:  # newest first: the first dated one
        if item.article.date:
            d = item.article.date
            return f'<time datetime="{iso(d)}">{human_date(d, short=True)}</time>'
    return "&ndash;"


def source_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE) -> list[AnyPage]:
    here = index.url("sources/index.md")
    names = sorted(index.by_source, key=lambda s: (clean(s).casefold(), s))
    rows = [(f'<a href="{href(here, index.source_url(s))}">{text(s)}</a>',
             f"{len(index.by_source[s]):,}", latest_date(index.by_source[s])) for s in names]
    body = (table("Sources and how many of their articles are archived",
                  ("Source", "Articles", "Latest"), rows, numeric=(1,))
            if rows else '<p class="na-empty">No sources yet: the archive is empty for now.</p>')
    pages: list[AnyPage] = [index_page(
        "sources/index.md", "Sources",
        f"<p>{count_words(len(names), 'source')} in the archive.</p>", body)]
    for s in names:
        items = index.by_source[s]
        pages += listing_pages(
            index, items, folder=f"sources/{index.source_slugs[s]}", title=s, per_page=per_page,
            intro_html=f"<p>{count_words(len(items), 'article')} from {text(s)}, newest first."
                       "</p>")
    return pages


def tag_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE,
              site_name: str = DEFAULT_SITE_NAME) -> list[AnyPage]:
    """/tags/ and a page per tag, each followed by its own Atom feed."""
    here = index.url("tags/index.md")
    ids = index.tag_ids()
    rows = []
    for t in ids:
        desc = index.tags[t].description if t in index.tags else ""
        rows.append((f'<a href="{href(here, index.tag_url(t))}">{text(index.tag_label(t))}</a>',
                     text(desc), f"{len(index.by_tag.get(t, [])):,}"))
    body = (table("Tags, what they mean and how many articles carry them",
                  ("Tag", "Description", "Articles"), rows, numeric=(2,))
            if rows else '<p class="na-empty">No tags yet.</p>')
    pages: list[AnyPage] = [index_page(
        "tags/index.md", "Tags",
        "<p>Every article is tagged with the parts of the story it covers.</p>", body)]
    for t in ids:
        items = index.by_tag.get(t, [])
        desc = index.tags[t].description if t in index.tags else ""
        intro = (f"<p>{text(desc)}</p>" if clean(desc) else "") + \
            f"<p>{count_words(len(items), 'article')} tagged {text(index.tag_label(t))}.</p>"
        feed = tag_feed(index, t, site_name=site_name)
        pages += listing_pages(index, items, folder=f"tags/{index.tag_slugs[t]}",
                               title=f"Tag: {index.tag_label(t)}", per_page=per_page,
                               intro_html=intro,
                               feed=feed.link("Follow this tag with its Atom feed"))
    return pages


def language_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE) -> list[AnyPage]:
    here = index.url("languages/index.md")
    codes = sorted(index.by_lang, key=lambda c: (language_names(c)[0].casefold(), c))
    rows = [(f'<a href="{href(here, index.lang_url(c))}">{language_label_html(c)}</a>',
             f"<code>{text(c)}</code>", f"{len(index.by_lang[c]):,}") for c in codes]
    body = (table("Languages of the archived articles",
                  ("Language", "Code", "Articles"), rows, numeric=(2,))
            if rows else '<p class="na-empty">No languages yet: the archive is empty for now.</p>')
    pages: list[AnyPage] = [index_page(
        "languages/index.md", "Languages",
        f"<p>Articles in {count_words(len(codes), 'language')}.</p>", body)]
    for c in codes:
        items = index.by_lang[c]
        pages += listing_pages(
            index, items, folder=f"languages/{index.lang_slugs[c]}", title=language_label(c),
            per_page=per_page,
            intro_html=f"<p>{count_words(len(items), 'article')} in {language_label_html(c)}."
                       "</p>")
    return pages


