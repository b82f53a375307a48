"""What readers see, as strings: articles in, Markdown/HTML/SVG/XML/JSON out.

Every function here is pure (no files, no MkDocs objects), so each generated page can be tested
on its own and the MkDocs plugin (`plugin.py`) stays a thin adapter that only moves strings.

Links are relative to the page they appear on (`href(from_url, to_url)`), so the site works
under any sub-path and without `site_url`. URLs are "site URLs": relative to the site root,
as MkDocs' `File.url` gives them (`articles/2026/02/slug/`, `timeline/page/2/`, `` for home).

Generated pages are Markdown for their headings (so the table of contents works) with the
HTML kept aside in `Page.blocks`, put back after conversion (`Page.html`): Markdown never
re-parses thousands of rows. Text that reaches HTML goes through `text()` (whitespace
collapsed, characters XML forbids removed, HTML-escaped), so a blank line or stray `<` from a
feed can neither end a raw HTML block early (home page placeholders) nor open a tag. Article
bodies, which come from feeds and hand edits, are cleaned by `sanitize_body()`.

Home page placeholders (each alone on its line, in any non-article page, replaced by
`fill_placeholders()`):

    <!-- newsarchive:counts -->      "N articles from N sources in N languages", with links
    <!-- newsarchive:latest 10 -->   the newest N articles (N defaults to 10)
    <!-- newsarchive:chart -->       the coverage chart (inline SVG + data table)

An empty archive renders a friendly "no articles yet" message in place of each.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache, partial
from html import escape
from urllib.parse import urlsplit

import nh3
import yaml

from .model import LINK_DEAD, Article, Event, Snapshot, Tag

SITE_LANG = "en"
PER_PAGE = 100
FEED_SIZE = 50
LATEST_DEFAULT = 10
# Weekly bars up to this many weeks of coverage, monthly bars beyond.
MAX_WEEKLY_BARS = 60
# Up to this many covering articles (the newest) are listed under an event; when there are
# more, all of them are on the event's own paginated page, so the events page stays small.
EVENT_OPEN_LIST = 10

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# Characters XML 1.0 forbids; a feed title can carry them and would make feed.xml ill-formed.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Python-Markdown's backslash escapes; escaping any other character would leave the backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
PLACEHOLDER = re.compile(r"^[ \t]*<!--[ \t]*newsarchive:([a-z]+)(?:[ \t]+(\S+))?[ \t]*-->[ \t]*$",
                         re.MULTILINE)


# ---------------------------------------------------------------------------------------------
# Small helpers


def clean(value: str | None) -> str:
    """Plain text on one line: whitespace runs collapsed, XML-forbidden characters removed."""
    return " ".join(_XML_INVALID.sub("", value or "").split())


def text(value: str | None) -> str:
    """`clean()` then HTML-escaped, quotes included, safe in element content and attributes."""
    return escape(clean(value), quote=True)


def title_text(value: str | None) -> str:
    """A page title for `page.meta["title"]`: Material prints it unescaped as element content
    (and lunr indexes it), so `<` and `&` are escaped but quotes stay readable."""
    return escape(clean(value), quote=False)


def md_text(value: str | None) -> str:
    """Text for a Markdown heading: HTML-escaped and Markdown's special characters backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", escape(clean(value), quote=False))


def front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site URL MkDocs gives a page at `src_uri` (mirrors `mkdocs.structure.files.File`)."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    parent, _, name = stem.rpartition("/")
    prefix = f"{parent}/" if parent else ""
    if name in ("index", "README"):
        return (prefix or "./") if directory_urls else f"{prefix}index.html"
    return f"{prefix}{name}/" if directory_urls else f"{prefix}{name}.html"


def href(from_url: str, to_url: str) -> str:
    """Relative link from the page at site URL `from_url` to site URL `to_url`.

    MkDocs calls the home page "./"; it sits at the root like "".
    """
    from_url = "" if from_url == "./" else from_url
    to_url = "" if to_url == "./" else to_url
    out = "../" * from_url.count("/") + to_url
    return out or "./"


def slugify(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def unique_slugs(names: Iterable[str], reserved: dict[str, str] | None = None) -> dict[str, str]:
    """Map each name to a URL slug no other name has; `reserved` pins some names' slugs first."""
    out = dict(reserved or {})
    taken = set(out.values())
    for name in sorted(set(names) - set(out), key=lambda n: (n.casefold(), n)):
        base = slugify(name) or "x"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        out[name] = slug
        taken.add(slug)
    return out


def normalize_lang(code: str) -> str:
    """BCP 47 case conventions (fr, fr-FR, zh-Hant), so 'fr-fr' and 'fr-FR' group together."""
    parts = code.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(p for p in out if p)


@lru_cache(maxsize=512)
def language_names(code: str) -> tuple[str, str]:
    """(English name, native name) of a language tag; the code itself when it is unknown."""
    try:
        from babel import Locale, UnknownLocaleError

        try:
            locale = Locale.parse(code, sep="-")
        except (UnknownLocaleError, ValueError):
            locale = Locale.parse(code.split("-")[0])
        english = locale.get_display_name("en") or code
        native = locale.get_display_name(locale) or ""
    except Exception:  # noqa: BLE001 - unknown or malformed tag: show the code
        return code, ""
    return english, native


def language_label(code: str) -> str:
    """'French (français)'; just 'English' when both names are the same."""
    english, native = language_names(code)
    return english if not native or native == english else f"{english} ({native})"


def language_label_html(code: str) -> str:
    """Like `language_label`, with the native name marked up in its own language."""
    english, native = language_names(code)
    if not native or native == english:
        return text(english)
    return f'{text(english)} (<span lang="{text(code)}">{text(native)}</span>)'


def iso(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def human_date(value: datetime, *, short: bool = False) -> str:
    """'13 February 2026, 09:30 UTC'; midnight reads as a date only (hand-added pages)."""
    value = value.astimezone(UTC)
    month = MONTHS[value.month - 1]
    day = f"{value.day} {month[:3] if short else month} {value.year}"
    if (value.hour, value.minute, value.second) == (0, 0, 0):
        return day
    return f"{day}, {value:%H:%M} UTC"


def lang_attr(lang: str | None, site_lang: str = SITE_LANG) -> str:
    """` lang="fr"` when the text's language differs from the site's, else nothing."""
    if not lang or normalize_lang(lang) == site_lang:
        return ""
    return f' lang="{text(lang)}"'


# ---------------------------------------------------------------------------------------------
# The index: every article sorted once and grouped in dicts, so no page scans the archive.


@dataclass
class Item:
    """An article with the site URL of its page and its position in the newest-first order."""

    article: Article
    url: str
    pos: int = 0


@dataclass
class ArchiveIndex:
    items: list[Item]  # newest first, undated last
    tags: dict[str, Tag]
    events: dict[str, Event]
    directory_urls: bool = True
    dated: list[Item] = field(default_factory=list)
    by_source: dict[str, list[Item]] = field(default_factory=dict)
    by_tag: dict[str, list[Item]] = field(default_factory=dict)
    by_lang: dict[str, list[Item]] = field(default_factory=dict)
    by_event: dict[str, list[Item]] = field(default_factory=dict)
    source_slugs: dict[str, str] = field(default_factory=dict)
    tag_slugs: dict[str, str] = field(default_factory=dict)
    lang_slugs: dict[str, str] = field(default_factory=dict)
    # id(item) -> (item, its list row with relocatable links): see `article_row`.
    row_cache: dict[int, tuple[Item, str | None]] = field(default_factory=dict, repr=False,
                                                          compare=False)

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.directory_urls)

    def source_url(self, source: str) -> str:
        return self.url(f"sources/{self.source_slugs[source]}/index.md")

    def tag_url(self, tag: str) -> str:
        return self.url(f"tags/{self.tag_slugs[tag]}/index.md")

    def lang_url(self, lang: str) -> str:
        return self.url(f"languages/{self.lang_slugs[normalize_lang(lang)]}/index.md")

    def tag_label(self, tag: str) -> str:
        known = self.tags.get(tag)
        return known.label if known else tag

    def unknown_events(self) -> list[tuple[Item, str]]:
        """(article, event id) for each event an article names that events.yml does not."""
        return [(item, eid) for eid, items in self.by_event.items() if eid not in self.events
                for item in items]


def sort_key(article: Article) -> tuple:
    """Newest first; same instant broken by id; undated last, by title then id."""
    if article.date is None:
        return (1, 0.0, clean(article.title).casefold(), article.id)
    return (0, -article.date.timestamp(), article.id, "")


def build_index(
    pages: Iterable[tuple[Article, str]],
    tags: dict[str, Tag] | None = None,
    events: dict[str, Event] | None = None,
    *,
    directory_urls: bool = True,
) -> ArchiveIndex:
    """Sort (article, site URL) pairs once and group them by source, tag, language and event."""
    items = [Item(a, url) for a, url in sorted(pages, key=lambda p: sort_key(p[0]))]
    index = ArchiveIndex(items=items, tags=dict(tags or {}), events=dict(events or {}),
                         directory_urls=directory_urls)
    for pos, item in enumerate(items):
        item.pos = pos
        a = item.article
        if a.date is not None:
            index.dated.append(item)
        index.by_source.setdefault(a.source, []).append(item)
        index.by_lang.setdefault(normalize_lang(a.lang), []).append(item)
        for tag in dict.fromkeys(a.tags):
            index.by_tag.setdefault(tag, []).append(item)
        for eid in dict.fromkeys(a.events):
            index.by_event.setdefault(eid, []).append(item)
    index.source_slugs = unique_slugs(index.by_source)
    index.tag_slugs = unique_slugs(
        set(index.by_tag) | set(index.tags),
        reserved={t: slugify(t) or t for t in index.tags},
    )
    index.lang_slugs = unique_slugs(index.by_lang, reserved={
        code: code.lower() for code in index.by_lang if re.fullmatch(r"[A-Za-z0-9-]+", code)})
    return index


# ---------------------------------------------------------------------------------------------
# Rows and lists


Link = Callable[[str], str]  # site URL -> href on the page being written


def lang_badge(index: ArchiveIndex, lang: str, here: str) -> str:
    return _lang_badge(index, lang, _link_from(here))


def _lang_badge(index: ArchiveIndex, lang: str, link: Link) -> str:
    english, _ = language_names(normalize_lang(lang))
    return (f'<a class="na-lang" href="{link(index.lang_url(lang))}">'
            f'<abbr title="{text(english)}">{text(lang)}</abbr></a>')


def tag_links(index: ArchiveIndex, tags: Sequence[str], here: str) -> str:
    return _tag_links(index, tags, _link_from(here))


def _tag_links(index: ArchiveIndex, tags: Sequence[str], link: Link) -> str:
    links = [f'<li><a href="{link(index.tag_url(t))}">{text(index.tag_label(t))}</a></li>'
             for t in dict.fromkeys(tags)]
    return f'<ul class="na-tags" aria-label="Tags">{"".join(links)}</ul>' if links else ""


def _link_from(here: str) -> Link:
    return lambda to: href(here, to)


# An article is listed on up to ~6 pages (timeline, source, language, each tag): its row is
# built once with this mark where the relative prefix ("../../") goes, then each page only
# swaps the mark for its own prefix. `text()` removes NUL, so the mark never occurs in content.
_PREFIX = "\x00"


class _NotRelocatable(Exception):
    """A link `href()` words specially (to the home page): build that row directly."""


def _relocatable(to: str) -> str:
    if to in ("", "./"):
        raise _NotRelocatable
    return _PREFIX + to


def _prefix(here: str) -> str:
    """What `href(here, to)` puts before any `to` other than the home page."""
    return "../" * ("" if here == "./" else here).count("/")


def inferred_note(article: Article) -> str:
    if not article.date_inferred:
        return ""
    why = ("The source gave no publication date: this is when the archive first saw the "
           "article." if article.feed else
           "The article shows no date of its own: this one comes from its text or from another "
           "listing of it.")
    return f' <span class="na-inferred" title="{why}">(date estimated)</span>'


def article_row(index: ArchiveIndex, item: Item, here: str) -> str:
    """One article in a list: date, linked title, source, language badge, tags, summary."""
    cached = index.row_cache.get(id(item))
    if cached is None or cached[0] is not item:  # the item is kept, so its id is never reused
        try:
            row = _article_row(index, item, _relocatable)
        except _NotRelocatable:
            row = None
        cached = index.row_cache[id(item)] = (item, row)
    if cached[1] is None:
        return _article_row(index, item, _link_from(here))
    return cached[1].replace(_PREFIX, _prefix(here))


def _article_row(index: ArchiveIndex, item: Item, link: Link) -> str:
    a = item.article
    la = lang_attr(a.lang)
    when = (f'<time datetime="{iso(a.date)}">{human_date(a.date, short=True)}</time>'
            f"{inferred_note(a)}" if a.date else '<span class="na-nodate">Date unknown</span>')
    source = f'<a href="{link(index.source_url(a.source))}">{text(a.source)}</a>'
    summary = (f'<p class="na-item__summary"{lang_attr(a.summary_lang or a.lang)}>'
               f"{text(a.summary)}</p>" if clean(a.summary) else "")
    english = (f' <span class="na-item__title-en" lang="en">({text(a.title_en)})</span>'
               if clean(a.title_en) else "")
    return (
        '<li class="na-item">'
        f'<p class="na-item__head">{when} '
        f'<a class="na-item__title" href="{link(item.url)}"{la}>{text(a.title)}</a>{english}</p>'
        f'<p class="na-item__meta"><span class="na-item__source">{source}</span> '
        f"{_lang_badge(index, a.lang, link)}</p>"
        f"{_tag_links(index, a.tags, link)}{summary}</li>"
    )


def article_list(index: ArchiveIndex, items: Sequence[Item], here: str, cls: str = "") -> str:
    rows = "\n".join(article_row(index, item, here) for item in items)
    return f'<ol class="na-list{" " + cls if cls else ""}">\n{rows}\n</ol>'


def group_heading(item: Item) -> tuple[str, str]:
    """(year heading, month heading) an article is listed under."""
    d = item.article.date
    if d is None:
        return "Date unknown", ""
    d = d.astimezone(UTC)
    return str(d.year), f"{MONTHS[d.month - 1]} {d.year}"


def grouped_list(index: ArchiveIndex, items: Sequence[Item], here: str, blocks: Blocks) -> str:
    """Markdown: `## year` / `### Month year` headings, each over a list of rows (as a block)."""
    out: list[str] = []
    year = month = None
    run: list[Item] = []

    def flush() -> None:
        if run:
            out.append(blocks.add(article_list(index, run, here)))
            run.clear()

    for item in items:
        y, m = group_heading(item)
        if y != year:
            flush()
            out.append(f"## {y}")
            year, month = y, None
        if m and m != month:
            flush()
            out.append(f"### {m}")
            month = m
        run.append(item)
    flush()
    return "\n\n".join(out)


# ---------------------------------------------------------------------------------------------
# Generated pages


BLOCK = re.compile(r"<!-- newsarchive-block (\d+) -->")
ANCHOR = re.compile(r'\sid="([^"]+)"')


class Blocks:
    """HTML kept out of Markdown's way in a generated page.

    The page's Markdown holds only headings (for the table of contents) and a comment marker
    per block; `fill_blocks` puts the HTML back after conversion. Handing Markdown the raw
    HTML instead makes it re-parse every tag (md_in_html): seconds for 10,000 articles.
    """

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, html: str) -> str:
        self.items.append(html)
        return f"<!-- newsarchive-block {len(self.items) - 1} -->"


def fill_blocks(html: str, blocks: Sequence[str]) -> str:
    """Put a generated page's HTML blocks in place of their markers in the converted page."""
    return BLOCK.sub(lambda m: blocks[int(m.group(1))], html)


@dataclass(frozen=True)
class Page:
    """A page the plugin adds to the site in memory: Markdown source at `src_uri`, plus the
    HTML blocks its markers stand for (see `Blocks`)."""

    src_uri: str
    content: str
    in_nav: bool = False
    blocks: tuple[str, ...] = ()

    def html(self, converted: str) -> str:
        return fill_blocks(converted, self.blocks)

    def anchors(self) -> set[str]:
        """Element ids inside the blocks, which Markdown never saw (for link checking)."""
        return {m for block in self.blocks for m in ANCHOR.findall(block)}

    def release(self) -> None:
        """Nothing to drop: a page built eagerly is small (see `LazyPage`)."""


def paginate(items: Sequence[Item], per_page: int) -> list[Sequence[Item]]:
    """Chunks of `per_page`; an empty list still has one (empty) page."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    return [items[i:i + per_page] for i in range(0, len(items), per_page)] or [items[:0]]


def listing_src(folder: str, number: int) -> str:
    """`timeline/index.md` for page 1, `timeline/page/2/index.md` after: stable URLs."""
    return f"{folder}/index.md" if number == 1 else f"{folder}/page/{number}/index.md"


def pager(index: ArchiveIndex, folder: str, number: int, total: int, here: str,
          label: str) -> str:
    if total <= 1:
        return ""

    def link(n: int, words: str, rel: str = "") -> str:
        r = f' rel="{rel}"' if rel else ""
        return f'<a href="{href(here, index.url(listing_src(folder, n)))}"{r}>{words}</a>'

    parts = []
    if number > 1:
        if number > 2:
            parts.append(link(1, "Newest"))
        parts.append(link(number - 1, "&larr; Newer articles", "prev"))
    parts.append(f'<span class="na-pager__here" aria-current="page">Page {number} of {total}'
                 "</span>")
    if number < total:
        parts.append(link(number + 1, "Older articles &rarr;", "next"))
        if number < total - 1:
            parts.append(link(total, "Oldest"))
    return f'<nav class="na-pager" aria-label="{text(label)}">{" ".join(parts)}</nav>'


class LazyPage:
    """A generated list page, built when first used and dropped once written.

    At 10,000 articles the list pages hold a few hundred MB of HTML; built all at once they
    were the build's peak memory. Same interface as `Page`.
    """

    def __init__(self, src_uri: str, make: Callable[[], Page], *, in_nav: bool = False) -> None:
        self.src_uri = src_uri
        self.in_nav = in_nav
        self._make = make
        self._page: Page | None = None

    def _built(self) -> Page:
        if self._page is None:
            self._page = self._make()
        return self._page

    @property
    def content(self) -> str:
        return self._built().content

    @property
    def blocks(self) -> tuple[str, ...]:
        return self._built().blocks

    def html(self, converted: str) -> str:
        return self._built().html(converted)

    def anchors(self) -> set[str]:
        return self._built().anchors()

    def release(self) -> None:
        """Forget the built page (it is rebuilt if used again)."""
        self._page = None


AnyPage = Page | LazyPage


def listing_pages(
    index: ArchiveIndex,
    items: Sequence[Item],
    *,
    folder: str,
    title: str,
    intro_html: str = "",
    per_page: int = PER_PAGE,
    first_page_html: str = "",
    empty_html: str = "",
    in_nav: bool = False,
) -> list[LazyPage]:
    """A paginated, grouped article list at `<folder>/` and `<folder>/page/N/`."""
    chunks = paginate(items, per_page)

    def build(number: int, chunk: Sequence[Item]) -> Page:
        src = listing_src(folder, number)
        here = index.url(src)
        heading = title if number == 1 else f"{title} (page {number} of {len(chunks)})"
        meta = {"title": title_text(heading), "search": {"exclude": True}}
        blocks = Blocks()
        parts = [front_matter(meta) + f"# {md_text(heading)}"]
        if intro_html:
            parts.append(blocks.add(f'<div class="na-intro">{intro_html}</div>'))
        if number == 1 and first_page_html:
            parts.append(blocks.add(first_page_html))
        nav = pager(index, folder, number, len(chunks), here, f"{title}: pages")
        if chunk:
            parts.append(grouped_list(index, chunk, here, blocks))
        else:
            parts.append(blocks.add(f'<p class="na-empty">{empty_html or "No articles yet."}</p>'))
        if nav:
            parts.append(blocks.add(nav))
        return Page(src, "\n\n".join(parts) + "\n", in_nav=in_nav and number == 1,
                    blocks=tuple(blocks.items))

    return [LazyPage(listing_src(folder, n), partial(build, n, chunk),
                     in_nav=in_nav and n == 1)
            for n, chunk in enumerate(chunks, start=1)]


def count_words(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def timeline_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE,
                   chart: bool = True) -> list[LazyPage]:
    n = len(index.items)
    intro = (f"<p>{count_words(n, 'article')}, newest first"
             + (", then those of unknown date" if len(index.dated) < n else "") + ".</p>"
             if n else "")
    return listing_pages(
        index, index.items, folder="timeline", title="Timeline", intro_html=intro,
        per_page=per_page, in_nav=True,
        first_page_html=coverage_chart(index, chart_id="na-chart-timeline") if chart else "",
        empty_html="No articles yet: the archive is empty for now. "
                   "Articles appear here as soon as they are added.",
    )


def table(caption: str, head: Sequence[str], rows: Iterable[Sequence[str]],
          numeric: Sequence[int] = ()) -> str:
    ths = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if i == 0:
                cells.append(f'<th scope="row">{cell}</th>')
            else:
                cells.append(f'<td class="na-num">{cell}</td>' if i in numeric else
                             f"<td>{cell}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table><caption>{caption}</caption><thead><tr>{ths}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def index_page(src: str, title: str, intro: str, body_html: str) -> Page:
    meta = {"title": title_text(title)}
    blocks = Blocks()
    parts = [front_matter(meta) + f"# {md_text(title)}",
             blocks.add(f'<div class="na-intro">{intro}</div>'),
             blocks.add(f'<div class="na-index">\n{body_html}\n</div>')]
    return Page(src, "\n\n".join(parts) + "\n", in_nav=True, blocks=tuple(blocks.items))


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


def tag_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE) -> list[AnyPage]:
    here = index.url("tags/index.md")
    ids = sorted(set(index.tags) | set(index.by_tag),
                 key=lambda t: (clean(index.tag_label(t)).casefold(), t))
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
        pages += listing_pages(index, items, folder=f"tags/{index.tag_slugs[t]}",
                               title=f"Tag: {index.tag_label(t)}", per_page=per_page,
                               intro_html=intro)
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


# ---------------------------------------------------------------------------------------------
# Key events


def event_when(event: Event) -> tuple[str, str]:
    """(datetime attribute, words) for an event's date at the precision it is known."""
    d = event.date
    month = f"{MONTHS[d.month - 1]} {d.year}"
    if event.precision == "day":
        return d.isoformat(), f"{d.day} {month}"
    if event.precision == "month":
        return f"{d.year:04d}-{d.month:02d}", month
    # approximate: a day other than the 1st was given on purpose, keep it
    if d.day != 1:
        return d.isoformat(), f"around {d.day} {month}"
    return f"{d.year:04d}-{d.month:02d}", f"around {month}"


def paragraphs(value: str, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return "".join(f"<p{c}>{text(p)}</p>" for p in re.split(r"\n\s*\n", value or "") if clean(p))


def event_item(index: ArchiveIndex, event: Event, level: int, here: str) -> str:
    stamp, words = event_when(event)
    note = clean(event.date_note)
    if event.precision == "approximate":
        extra = note or "The exact date is not known."
        when = (f'<p class="na-event__date"><time datetime="{stamp}">{text(words)}</time> '
                f'<span class="na-event__note">(date not known exactly: {text(extra)})</span></p>')
    else:
        suffix = f' <span class="na-event__note">({text(note)})</span>' if note else ""
        when = (f'<p class="na-event__date"><time datetime="{stamp}">{text(words)}</time>'
                f"{suffix}</p>")
    covered = index.by_event.get(event.id, [])
    if covered:
        links = "".join(
            f'<li><a href="{href(here, i.url)}"{lang_attr(i.article.lang)}>'
            f"{text(i.article.title)}</a> <span class=\"na-event__src\">"
            f"({text(i.article.source)}"
            + (f", {human_date(i.article.date, short=True)}" if i.article.date else "")
            + ")</span></li>"
            for i in covered[:EVENT_OPEN_LIST])
        label = f"{count_words(len(covered), 'archived article')} about this event"
        more = ""
        if len(covered) > EVENT_OPEN_LIST:
            label += f", the {EVENT_OPEN_LIST} newest here"
            target = href(here, index.url(event_src(event)))
            more = (f'<p class="na-event__more"><a href="{target}">'
                    f"All {len(covered):,} articles about this event</a></p>")
        coverage = (f'<div class="na-event__coverage"><p>{label}:</p>'
                    f"<ul>{links}</ul>{more}</div>")
    else:
        coverage = '<p class="na-event__coverage">No archived article about this event yet.</p>'
    return (f'<li class="na-event" id="{text(event.id)}">{when}'
            f'<h{level} class="na-event__title">{text(event.title)}</h{level}>'
            f"{paragraphs(event.description, 'na-event__desc')}{coverage}</li>")


def event_src(event: Event) -> str:
    return f"events/{slugify(event.id)}/index.md"


def event_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE) -> list[LazyPage]:
    """A paginated list for each key event covered by more articles than its entry shows."""
    pages: list[LazyPage] = []
    for event in sorted(index.events.values(), key=lambda e: e.date):
        items = index.by_event.get(event.id, [])
        if len(items) > EVENT_OPEN_LIST:
            pages += listing_pages(
                index, items, folder=event_src(event).removesuffix("/index.md"),
                title=f"Key event: {event.title}", per_page=per_page,
                intro_html=f"{paragraphs(event.description)}<p>{count_words(len(items), 'article')}"
                           f" about this event, newest first.</p>")
    return pages


def events_page(index: ArchiveIndex) -> Page:
    """Key events as a vertical timeline: `<ol>` per era, `<time>` per event, no JavaScript."""
    src = "events/index.md"
    here = index.url(src)
    # Stable sort: events on the same date keep the order events.yml gives them.
    events = sorted(index.events.values(), key=lambda e: e.date)
    use_eras = any(clean(e.era) for e in events)
    groups: list[tuple[str, list[Event]]] = []
    for e in events:
        era = clean(e.era) or ("Other events" if use_eras else "")
        if not groups or groups[-1][0] != era:
            groups.append((era, []))
        groups[-1][1].append(e)
    meta = {"title": "Key events"}
    blocks = Blocks()
    parts = [front_matter(meta) + "# Key events", blocks.add(
        '<div class="na-intro"><p>The milestones of the story, oldest first. Dates that '
        "are not known exactly are marked as such, with what is known about them.</p></div>")]
    if not events:
        parts.append(blocks.add('<p class="na-empty">No key events recorded yet.</p>'))
    for era, members in groups:
        if era:
            parts.append(f"## {md_text(era)}")
        level = 3 if use_eras else 2
        items = "\n".join(event_item(index, e, level, here) for e in members)
        parts.append(blocks.add(f'<ol class="na-events">\n{items}\n</ol>'))
    return Page(src, "\n\n".join(parts) + "\n", in_nav=True, blocks=tuple(blocks.items))


# ---------------------------------------------------------------------------------------------
# Coverage chart


@dataclass(frozen=True)
class Bin:
    start: date
    count: int
    label: str  # "week of 9 Feb 2026" or "February 2026"
    short: str  # axis label


def coverage_bins(dates: Iterable[datetime], *, max_weekly: int = MAX_WEEKLY_BARS) -> list[Bin]:
    """Articles per week (Monday-based), or per month when that would be too many weeks."""
    days = sorted(d.astimezone(UTC).date() for d in dates)
    if not days:
        return []
    first, last = days[0], days[-1]
    monday0 = first - timedelta(days=first.weekday())
    monday1 = last - timedelta(days=last.weekday())
    weeks = (monday1 - monday0).days // 7 + 1
    counts: dict[date, int] = {}
    if weeks <= max_weekly:
        for d in days:
            key = d - timedelta(days=d.weekday())
            counts[key] = counts.get(key, 0) + 1
        out = []
        for i in range(weeks):
            start = monday0 + timedelta(weeks=i)
            label = f"{start.day} {MONTHS[start.month - 1][:3]} {start.year}"
            out.append(Bin(start, counts.get(start, 0), f"week of {label}", label))
        return out
    for d in days:
        key = d.replace(day=1)
        counts[key] = counts.get(key, 0) + 1
    out, cur = [], first.replace(day=1)
    while cur <= last:
        out.append(Bin(cur, counts.get(cur, 0), f"{MONTHS[cur.month - 1]} {cur.year}",
                       f"{MONTHS[cur.month - 1][:3]} {cur.year}"))
        cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
    return out


def coverage_svg(bins: Sequence[Bin], *, chart_id: str = "na-chart") -> str:
    """A bar chart as standalone, well-formed SVG; colours follow the text colour (currentColor),
    so bars and labels keep the text's contrast in both light and dark schemes."""
    weekly = bool(bins) and bins[0].label.startswith("week")
    unit = "week" if weekly else "month"
    total = sum(b.count for b in bins)
    peak = max(bins, key=lambda b: b.count) if bins else None
    top = max(peak.count if peak else 0, 1)
    width, height, left, right, upper, lower = 640, 200, 36, 8, 12, 40
    plot_w, plot_h = width - left - right, height - upper - lower
    step = plot_w / max(len(bins), 1)
    bar_w = max(step * 0.8, 1.0)
    title = f"Articles per {unit}"
    if bins:
        desc = (f"{count_words(total, 'dated article')} from {bins[0].label} to {bins[-1].label}"
                f", counted per {unit}. The busiest {unit} was {peak.label} with "
                f"{count_words(peak.count, 'article')}.")
    else:
        desc = "No dated articles yet."
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="na-chart__svg" role="img" '
           f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
           f'focusable="false">',
           f'<title id="{chart_id}-title">{text(title)}</title>',
           f'<desc id="{chart_id}-desc">{text(desc)}</desc>',
           '<g fill="currentColor" font-size="12" font-family="sans-serif">']
    base_y = upper + plot_h
    out.append(f'<text x="{left - 6}" y="{upper + 4}" text-anchor="end">{top}</text>')
    out.append(f'<text x="{left - 6}" y="{base_y + 4}" text-anchor="end">0</text>')
    for i, b in enumerate(bins):
        if not b.count:
            continue
        h = plot_h * b.count / top
        x = left + i * step + (step - bar_w) / 2
        out.append(f'<rect x="{x:.1f}" y="{base_y - h:.1f}" width="{bar_w:.1f}" '
                   f'height="{h:.1f}"><title>{text(b.label)}: {b.count}</title></rect>')
    out.append(f'<rect x="{left}" y="{base_y}" width="{plot_w}" height="1"/>')
    if bins:
        out.append(f'<text x="{left}" y="{base_y + 18}">{text(bins[0].short)}</text>')
        if len(bins) > 1:
            out.append(f'<text x="{width - right}" y="{base_y + 18}" text-anchor="end">'
                       f"{text(bins[-1].short)}</text>")
        out.append(f'<text x="{left + plot_w / 2:.1f}" y="{base_y + 34}" text-anchor="middle">'
                   f"Articles per {unit}</text>")
    out.append("</g></svg>")
    return "".join(out)


def coverage_chart(index: ArchiveIndex, *, chart_id: str = "na-chart") -> str:
    """The chart as an HTML `<figure>`: SVG plus the numbers in a table for every reader."""
    bins = coverage_bins(i.article.date for i in index.dated)
    if not bins:
        return ('<p class="na-empty">The coverage chart appears here once dated articles are '
                "archived.</p>")
    unit = "Week of" if bins[0].label.startswith("week") else "Month"
    rows = "".join(f'<tr><th scope="row">{text(b.short)}</th><td class="na-num">{b.count}</td>'
                   "</tr>" for b in bins)
    return (f'<figure class="na-chart" id="{chart_id}">{coverage_svg(bins, chart_id=chart_id)}'
            f'<details class="na-chart__data"><summary>The numbers behind the chart</summary>'
            f'<table><thead><tr><th scope="col">{unit}</th>'
            f'<th scope="col">Articles</th></tr></thead><tbody>{rows}</tbody></table></details>'
            "</figure>")


# ---------------------------------------------------------------------------------------------
# Home page placeholders


class PlaceholderError(ValueError):
    """A `<!-- newsarchive:... -->` line names an unknown placeholder or a bad argument."""


def counts_html(index: ArchiveIndex, here: str) -> str:
    n = len(index.items)
    if not n:
        return ('<p class="na-counts na-empty">No articles yet: the archive is empty for now. '
                "Articles appear here as soon as they are added.</p>")
    return (f'<p class="na-counts">'
            f'<a href="{href(here, index.url("timeline/index.md"))}">'
            f"<strong>{n:,}</strong> {'article' if n == 1 else 'articles'}</a> from "
            f'<a href="{href(here, index.url("sources/index.md"))}">'
            f"<strong>{len(index.by_source):,}</strong> "
            f"{'source' if len(index.by_source) == 1 else 'sources'}</a> in "
            f'<a href="{href(here, index.url("languages/index.md"))}">'
            f"<strong>{len(index.by_lang):,}</strong> "
            f"{'language' if len(index.by_lang) == 1 else 'languages'}</a>.</p>")


def latest_html(index: ArchiveIndex, here: str, n: int = LATEST_DEFAULT) -> str:
    if not index.items:
        return '<p class="na-empty">No articles archived yet.</p>'
    items = index.items[:n]
    more = (f'<p class="na-more"><a href="{href(here, index.url("timeline/index.md"))}">'
            f"The full timeline ({count_words(len(index.items), 'article')})</a></p>")
    return f'<div class="na-latest">\n{article_list(index, items, here)}\n{more}\n</div>'


def fill_placeholders(markdown: str, index: ArchiveIndex, here: str, *,
                      chart: bool = True) -> str:
    """Replace each placeholder line with its HTML block (blank lines around, no blank inside)."""

    def replace(m: re.Match) -> str:
        name, arg = m.group(1), m.group(2)
        if name == "counts" and arg is None:
            html = counts_html(index, here)
        elif name == "latest":
            if arg is not None and not arg.isdigit():
                raise PlaceholderError(f"'{m.group(0).strip()}': the count must be a number")
            html = latest_html(index, here, int(arg) if arg else LATEST_DEFAULT)
        elif name == "chart" and arg is None:
            html = coverage_chart(index, chart_id="na-chart-home") if chart else ""
        else:
            raise PlaceholderError(f"unknown placeholder '{m.group(0).strip()}' (known: "
                                   "counts, latest N, chart)")
        return f"\n{html}\n"

    return PLACEHOLDER.sub(replace, markdown)


DEFAULT_HOME = """---
title: Home
---

# {title}

<!-- newsarchive:counts -->

<!-- newsarchive:chart -->

## Latest articles

<!-- newsarchive:latest 10 -->
"""


def default_home(site_name: str) -> str:
    """A home page for a project whose docs/ has no index.md yet."""
    return DEFAULT_HOME.format(title=md_text(site_name))


# ---------------------------------------------------------------------------------------------
# Article pages


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


# ---------------------------------------------------------------------------------------------
# Feeds for readers

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def absolute(url: str, site_url: str | None) -> str:
    """An absolute URL when the site's address is known, else one relative to the site root
    (valid in /feed.xml and /articles.json, which sit at the root)."""
    if site_url:
        return site_url.rstrip("/") + "/" + url
    return url or "./"


def stable_uuid(kind: str, value: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'newsarchive:{kind}:{value}')}"


def atom_feed(index: ArchiveIndex, *, site_name: str, site_url: str | None = None,
              size: int = FEED_SIZE) -> str:
    """Atom 1.0 of the newest `size` dated articles; every date comes from front matter."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, value: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if value is not None:
            el.text = clean(value)
        return el

    items = index.dated[:size]
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: SITE_LANG})
    sub(feed, "id", stable_uuid("feed", site_url or site_name))
    sub(feed, "title", site_name)
    sub(feed, "subtitle", "The newest articles in the archive")
    sub(feed, "updated", iso(items[0].article.date if items else EPOCH))
    sub(feed, "link", rel="alternate", type="text/html", href=absolute("", site_url))
    sub(feed, "link", rel="self", type="application/atom+xml",
        href=absolute("feed.xml", site_url))
    author = sub(feed, "author")
    sub(author, "name", site_name)
    sub(feed, "generator", "newsarchive")
    for item in items:
        a = item.article
        entry = sub(feed, "entry", **({XML_LANG: a.lang} if clean(a.lang) else {}))
        sub(entry, "id", stable_uuid("article", a.id))
        sub(entry, "title", a.title)
        sub(entry, "updated", iso(a.date))
        sub(entry, "published", iso(a.date))
        sub(entry, "link", rel="alternate", type="text/html", href=absolute(item.url, site_url))
        url = _http_url(a.url)
        if url:
            sub(entry, "link", rel="related", href=url)
        for name in a.authors or [a.source]:
            sub(sub(entry, "author"), "name", name)
        for tag in dict.fromkeys(a.tags):
            sub(entry, "category", term=clean(tag), label=clean(index.tag_label(tag)))
        if clean(a.summary):
            sub(entry, "summary", a.summary, type="text")
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _json_value(value):
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Snapshot):
        return {"url": value.url, "timestamp": iso(value.timestamp)}
    return value


def articles_json(index: ArchiveIndex, *, site_url: str | None = None) -> str:
    """Every article's front matter fields plus its page URL, newest first, undated last."""
    names = [f.name for f in fields(Article) if f.name not in ("body", "path")]
    records = []
    for item in index.items:
        record = {name: _json_value(getattr(item.article, name)) for name in names}
        record["page"] = absolute(item.url, site_url)
        records.append(record)
    doc = {"count": len(records), "articles": records}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------------------------------------
# Everything at once


def site_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE,
               chart: bool = True) -> list[AnyPage]:
    """All generated Markdown pages: timeline, sources, tags, languages, key events."""
    return [
        *timeline_pages(index, per_page=per_page, chart=chart),
        events_page(index),
        *event_pages(index, per_page=per_page),
        *source_pages(index, per_page=per_page),
        *tag_pages(index, per_page=per_page),
        *language_pages(index, per_page=per_page),
    ]


NAV: list[tuple[str, str]] = [
    ("Home", "index.md"),
    ("Timeline", "timeline/index.md"),
    ("Key events", "events/index.md"),
    ("Sources", "sources/index.md"),
    ("Tags", "tags/index.md"),
    ("Languages", "languages/index.md"),
]


def default_nav(extra_pages: Sequence[str], exists: Callable[[str], bool]) -> list[dict | str]:
    """The site's navigation; About only when docs/about.md exists, then other top pages."""
    nav: list[dict | str] = [{title: src} for title, src in NAV]
    if exists("about.md"):
        nav.append({"About": "about.md"})
    taken = {src for _, src in NAV} | {"about.md"}
    nav += [src for src in extra_pages if src not in taken]
    return nav
