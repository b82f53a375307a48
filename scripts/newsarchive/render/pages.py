"""How a generated page is made: Markdown headings plus HTML blocks kept out of Markdown's way,
built lazily; paginated article lists with a pager; index pages with a table."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from .common import clean, front_matter, href, md_text, text, title_text
from .i18n import ENGLISH, Edition
from .index import ArchiveIndex, Item
from .rows import grouped_list

PER_PAGE = 100


@dataclass(frozen=True)
class FeedLink:
    """The Atom feed that follows a list page: announced in its `<head>` (`<link rel=alternate>`,
    by the theme from `page.meta.newsarchive_feed`) and linked in its text."""

    path: str  # site path of the feed file: "tags/lawsuits/feed.xml"
    title: str  # the feed's own title, as a feed reader lists it
    words: str  # the visible link's text: "Follow this tag with an Atom feed"

    def meta(self) -> dict[str, str]:
        return {"url": self.path, "title": clean(self.title)}

    def html(self, here: str) -> str:
        return (f'<p class="na-feed"><a href="{href(here, self.path)}" '
                f'type="application/atom+xml">{text(self.words)}</a></p>')

BLOCK = re.compile(r"<!-- newsarchive-block (\d+) -->")
ANCHOR = re.compile(r'\sid="([^"]+)"')


class Blocks:
    """HTML kept out of Markdown's way in a generated page.

    The page's Markdown holds only headings (for the table of contents) and a comment marker
    per block; `fill_blocks` puts the HTML back after conversion. Handing Markdown the raw
    HTML instead makes it re-parse every tag (md_in_html): seconds for 10,000 articles.
    """

    def __init__(self) -> None:
        self.items: list[Block] = []

    def add(self, html: Block) -> str:
        """`html`, or a function writing it when the page is written (a list's rows: a page's
        Markdown is needed first, for its headings, and its rows only once, at the end)."""
        self.items.append(html)
        return f"<!-- newsarchive-block {len(self.items) - 1} -->"


# A block's HTML, or a function that writes it; such a block carries no element ids.
Block = str | Callable[[], str]


def _html(block: Block) -> str:
    return block if isinstance(block, str) else block()


def fill_blocks(html: str, blocks: Sequence[Block]) -> str:
    """Put a generated page's HTML blocks in place of their markers in the converted page."""
    return BLOCK.sub(lambda m: _html(blocks[int(m.group(1))]), html)


@dataclass(frozen=True)
class Page:
    """A page the plugin adds to the site in memory: Markdown source at `src_uri`, plus the
    HTML blocks its markers stand for (see `Blocks`)."""

    src_uri: str
    content: str
    in_nav: bool = False
    parts: tuple[Block, ...] = ()  # the blocks, some still to be written (see `Blocks.add`)
    lastmod: datetime | None = None  # the newest article it shows (the sitemap's lastmod)

    @property
    def blocks(self) -> tuple[str, ...]:
        return tuple(_html(part) for part in self.parts)

    def html(self, converted: str) -> str:
        return fill_blocks(converted, self.parts)

    def anchors(self) -> set[str]:
        """Element ids inside the blocks, which Markdown never saw (for link checking); a
        block still to be written is a list's rows, which have none."""
        return {m for part in self.parts if isinstance(part, str) for m in ANCHOR.findall(part)}

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
          label: str, ed: Edition = ENGLISH) -> str:
    if total <= 1:
        return ""
    w = ed.words

    def link(n: int, key: str, rel: str = "") -> str:
        r = f' rel="{rel}"' if rel else ""
        return (f'<a href="{href(here, index.url(listing_src(folder, n)))}"{r}>'
                f"{text(w(key))}</a>")

    parts = []
    if number > 1:
        if number > 2:
            parts.append(link(1, "pager_newest"))
        parts.append(link(number - 1, "pager_newer", "prev"))
    parts.append(f'<span class="na-pager__here" aria-current="page">'
                 f'{text(w("pager_here", number=number, total=total))}</span>')
    if number < total:
        parts.append(link(number + 1, "pager_older", "next"))
        if number < total - 1:
            parts.append(link(total, "pager_oldest"))
    return (f'<nav class="na-pager" aria-label="{text(w("pager_label", title=label))}">'
            f'{" ".join(parts)}</nav>')


class LazyPage:
    """A generated list page, built when first used and dropped once written.

    At 10,000 articles the list pages hold a few hundred MB of HTML; built all at once they
    were the build's peak memory. Same interface as `Page`. Its rows are written only by
    `html`, when the page is written: its Markdown (headings and markers) comes first, and is
    all MkDocs needs until then.
    """

    def __init__(self, src_uri: str, make: Callable[[], Page], *, in_nav: bool = False,
                 lastmod: datetime | None = None) -> None:
        self.src_uri = src_uri
        self.in_nav = in_nav
        self.lastmod = lastmod  # known without building the page: see `newest`
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


def newest(items: Iterable[Item]) -> datetime | None:
    """The date of the newest dated article among `items`: when a page showing them last
    changed, as far as the sitemap is concerned."""
    return max((i.article.date for i in items if i.article.date is not None), default=None)


def listing_pages(
    index: ArchiveIndex,
    items: Sequence[Item],
    *,
    folder: str,
    title: str,
    intro_html: str | Callable[[str], str] = "",
    per_page: int = PER_PAGE,
    first_page_html: str = "",
    empty_html: str = "",
    in_nav: bool = False,
    feed: FeedLink | None = None,
    ed: Edition = ENGLISH,
) -> list[LazyPage]:
    """A paginated, grouped article list at `<folder>/` and `<folder>/page/N/`, with the
    `feed` that follows it announced on each of its pages. An intro with links is a function
    of the page's URL (each page of the list is at its own depth). `folder` is the edition's
    own (`fr/timeline`); `ed` gives the words."""
    chunks = paginate(items, per_page)

    def build(number: int, chunk: Sequence[Item]) -> Page:
        src = listing_src(folder, number)
        here = index.url(src)
        heading = title if number == 1 else ed.words("page_of", title=title, number=number,
                                                      total=len(chunks))
        meta: dict = {"title": title_text(heading), "search": {"exclude": True}}
        if feed is not None:
            meta["newsarchive_feed"] = feed.meta()
        blocks = Blocks()
        parts = [front_matter(meta) + f"# {md_text(heading)}"]
        intro = intro_html(here) if callable(intro_html) else intro_html
        intro += feed.html(here) if feed is not None else ""
        if intro:
            parts.append(blocks.add(f'<div class="na-intro">{intro}</div>'))
        if number == 1 and first_page_html:
            parts.append(blocks.add(first_page_html))
        nav = pager(index, folder, number, len(chunks), here, title, ed)
        if chunk:
            parts.append(grouped_list(index, chunk, here, blocks, ed))
        else:
            empty = empty_html or text(ed.words("no_articles"))
            parts.append(blocks.add(f'<p class="na-empty">{empty}</p>'))
        if nav:
            parts.append(blocks.add(nav))
        return Page(src, "\n\n".join(parts) + "\n", in_nav=in_nav and number == 1,
                    parts=tuple(blocks.items))

    return [LazyPage(listing_src(folder, n), partial(build, n, chunk),
                     in_nav=in_nav and n == 1, lastmod=newest(chunk))
            for n, chunk in enumerate(chunks, start=1)]


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


def index_page(src: str, title: str, intro: str, body_html: str, *,
               lastmod: datetime | None = None) -> Page:
    meta = {"title": title_text(title)}
    blocks = Blocks()
    parts = [front_matter(meta) + f"# {md_text(title)}",
             blocks.add(f'<div class="na-intro">{intro}</div>'),
             blocks.add(f'<div class="na-index">\n{body_html}\n</div>')]
    return Page(src, "\n\n".join(parts) + "\n", in_nav=True, parts=tuple(blocks.items),
                lastmod=lastmod)
