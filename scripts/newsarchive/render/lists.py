"""The sources, tags and languages: an index page with a table each, and a paginated list of
articles per source, tag and language (a tag's followed by its Atom feed)."""

from __future__ import annotations

from collections.abc import Sequence

from .common import clean, href, iso, language_label_html, text
from .feeds import tag_feed
from .i18n import ENGLISH, Edition
from .index import ArchiveIndex, Item
from .pages import PER_PAGE, AnyPage, index_page, listing_pages, newest, table


def latest_date(items: Sequence[Item], ed: Edition = ENGLISH) -> str:
    for item in items:  # newest first: the first dated one
        if item.article.date:
            d = item.article.date
            return f'<time datetime="{iso(d)}">{text(ed.words.date(d, short=True))}</time>'
    return "&ndash;"


def source_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE,
                 ed: Edition = ENGLISH) -> list[AnyPage]:
    w = ed.words
    here = index.page("sources/index.md", ed)
    names = sorted(index.by_source, key=lambda s: (w.sort_key(clean(s)), s))
    rows = [(f'<a href="{href(here, index.source_url(s, ed))}">{text(s)}</a>',
             w.number(len(index.by_source[s])), latest_date(index.by_source[s], ed))
            for s in names]
    body = (table(text(w("sources_caption")),
                  [text(w(k)) for k in ("col_source", "col_articles", "col_latest")], rows,
                  numeric=(1,))
            if rows else f'<p class="na-empty">{text(w("no_sources"))}</p>')
    pages: list[AnyPage] = [index_page(
        ed.src("sources/index.md"), w("sources"),
        f"<p>{text(w.count('sources_intro', len(names)))}</p>", body,
        lastmod=newest(index.dated[:1]))]
    for s in names:
        items = index.by_source[s]
        pages += listing_pages(
            index, items, folder=ed.src(f"sources/{index.source_slugs[s]}"), title=s,
            per_page=per_page, ed=ed,
            intro_html=f"<p>{w.count_html('source_intro', len(items), source=text(s))}</p>")
    return pages


def tag_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE,
              ed: Edition = ENGLISH) -> list[AnyPage]:
    """/tags/ and a page per tag, each followed by its own Atom feed."""
    w = ed.words
    here = index.page("tags/index.md", ed)
    ids = index.tag_ids(ed.lang)
    rows = []
    for t in ids:
        rows.append((f'<a href="{href(here, index.tag_url(t, ed))}">'
                     f"{text(index.tag_label(t, ed.lang))}</a>",
                     text(index.tag_description(t, ed.lang)),
                     w.number(len(index.by_tag.get(t, [])))))
    body = (table(text(w("tags_caption")),
                  [text(w(k)) for k in ("col_tag", "col_description", "col_articles")], rows,
                  numeric=(2,))
            if rows else f'<p class="na-empty">{text(w("no_tags"))}</p>')
    pages: list[AnyPage] = [index_page(ed.src("tags/index.md"), w("tags"),
                                       f"<p>{text(w('tags_intro'))}</p>", body,
                                       lastmod=newest(index.dated[:1]))]
    for t in ids:
        items = index.by_tag.get(t, [])
        label = index.tag_label(t, ed.lang)
        desc = index.tag_description(t, ed.lang)
        intro = (f"<p>{text(desc)}</p>" if clean(desc) else "") + \
            f"<p>{w.count_html('tag_intro', len(items), tag=text(label))}</p>"
        feed = tag_feed(index, t, ed=ed)
        pages += listing_pages(index, items, folder=ed.src(f"tags/{index.tag_slugs[t]}"),
                               title=w("tag_title", tag=label), per_page=per_page,
                               intro_html=intro, feed=feed.link(w("tag_feed_link")), ed=ed)
    return pages


def language_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE,
                   ed: Edition = ENGLISH) -> list[AnyPage]:
    w = ed.words
    here = index.page("languages/index.md", ed)
    codes = sorted(index.by_lang, key=lambda c: (w.sort_key(w.language_name(c)), c))
    rows = [(f'<a href="{href(here, index.lang_url(c, ed))}">{language_label_html(c, w)}</a>',
             f"<code>{text(c)}</code>", w.number(len(index.by_lang[c]))) for c in codes]
    body = (table(text(w("languages_caption")),
                  [text(w(k)) for k in ("col_language", "col_code", "col_articles")], rows,
                  numeric=(2,))
            if rows else f'<p class="na-empty">{text(w("no_languages"))}</p>')
    pages: list[AnyPage] = [index_page(
        ed.src("languages/index.md"), w("languages"),
        f"<p>{text(w.count('languages_intro', len(codes)))}</p>", body,
        lastmod=newest(index.dated[:1]))]
    for c in codes:
        items = index.by_lang[c]
        running = language_label_html(c, w, heading=False)
        pages += listing_pages(
            index, items, folder=ed.src(f"languages/{index.lang_slugs[c]}"),
            title=w.language_label(c), per_page=per_page, ed=ed,
            intro_html=f"<p>{w.count_html('language_intro', len(items), language=running)}</p>")
    return pages
