"""Site search with Pagefind: a chunked static index, so readers download only what they query.

Material's own search ships the whole full-text index to every reader before the first result
(tens of megabytes at 10,000 articles); Pagefind splits its index into small fragments fetched
per query (see the README's figures).

Each edition of the site (English at the root, French under /fr/) has its own index, in its
own language: `pagefind/` and `fr/pagefind/`. Both hold every article, filed under facets in
the edition's words (Language/Langue, Tag/Étiquette), and the edition's own story pages; a
reader downloads only the index of the edition they search in, so a second edition adds
nothing to what a reader downloads, and its Pagefind interface speaks the index's language.

Pagefind is not pointed at the built site. As each page is rendered, the plugin makes a small
*search document* for it (`search_document`: the title, the words to find it by, its facets)
and hands it to a Pagefind process in memory (`SearchIndex`); nothing is written to disk for
Pagefind to read. Result URLs are the pages' own, the index holds exactly what we chose
rather than whatever the theme puts around it, and Pagefind parses a tenth of the bytes,
while MkDocs is still rendering. What is indexed: each article by the text its page shows
(title, English title, source, summary, tags and the body excerpt, each in the edition's
language where the page gives it), and the hand-written story pages in full; generated
listings such as the timeline are not, since they only repeat article summaries. An index of
more than `PART_SIZE` pages is built in parts, each by its own Pagefind process, which the
search page merges, so that Pagefind's memory stays that of one part (see `SearchIndex`).
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import math
import re
import shutil
import string
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from . import render
from .model import Article
from .pagefind_files import HIDDEN_LINE
from .sanitize import html_to_text

SEARCH_SRC = "search.md"  # an edition's search page: "search.md", "fr/search.md"
SEARCH_ROOT_ID = "na-search"
BUNDLE = "pagefind"  # folder of an edition's index in the built site: "pagefind", "fr/pagefind"
TIMEOUT = 600  # seconds to wait for one Pagefind process; 10,000 pages take a few seconds
SITE_LANG = "en"  # the first edition's; an index finds articles in every language alike
# Pages per part of an index unless the site says otherwise (`search_part_size`): Pagefind
# keeps ~135 KB per page until it writes the index, so ~450 MB at most (README, Benchmark).
PART_SIZE = 3000
VOCABULARY_URL = "/na-vocabulary/{}/"  # the hidden page of part N (`vocabulary_document`)
MODULE = "merged/"  # in an index in parts, Pagefind's module that hides those pages
MODULE_SOURCE = Path(__file__).with_name("pagefind_parts.js")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the built site."""


@dataclass(frozen=True)
class Facet:
    name: str  # Pagefind filter name, shown as a facet heading
    value: str


def facets(article: Article, *, source: str, language: str,
           tags: list[str], words: render.Words = render.ENGLISH.words) -> list[Facet]:
    """The filters one article is filed under: source, language, year, each tag, and the
    essential reading (`highlight`), named in the edition's words."""
    found = [Facet(words("col_source"), source), Facet(words("col_language"), language)]
    if article.date is not None:
        found.append(Facet(words("facet_year"), str(article.date.year)))
    found.extend(Facet(words("col_tag"), tag) for tag in tags)
    if article.highlight:
        found.append(Facet(words("facet_selection"), words("facet_essential")))
    return [f for f in found if f.value.strip()]


def indexed_text(article: Article, tags: list[str], lang: str = SITE_LANG) -> str:
    """Words searchable on an article page besides its body, as edition `lang` shows them:
    source, the English title and the headline's rendering in the edition's language, the
    summary in that language (`translations`, else the page's own) and tags."""
    summary, _ = article.summary_in(lang)
    renderings = dict.fromkeys((article.title_en or "", article.rendering_in(lang)))
    parts = (" ".join(p.split()).rstrip(".")
             for p in (article.source, *renderings, summary, *tags))
    return "".join(f"{p}. " for p in parts if p).rstrip()


def body_text(body_html: str) -> str:
    """The excerpt as the article page shows it, as plain text (tags gone, entities decoded)."""
    return html_to_text(body_html)


def search_page(timeline_href: str = "../timeline/", words: render.Words = render.ENGLISH.words,
                bundle: str = f"{BUNDLE}/", parts: Sequence[str] = (), module: str = "") -> str:
    """An edition's search page: Pagefind's interface mounts on the empty `div`, from the
    edition's index (`bundle`, from the site's root) and the other `parts` of it, if any
    (`part_path`), which it merges; it imports Pagefind's module (pagefind.js) from the
    folder `data-na-bundle` names: for an index in parts, ours in `module` (`MODULE`), which
    imports Pagefind's from the first part and finds that part's index by its own address."""
    timeline = f'<a href="{escape(timeline_href)}">{escape(words("search_timeline"))}</a>'
    noscript = words.html("search_noscript", timeline=timeline)
    merged = " ".join(bundle + p for p in parts if p)
    merged = f' data-na-parts="{escape(merged)}"' if merged else ""
    bundle += module if merged else ""
    return f"""---
title: {words("search")}
hide: [toc]
---

# {words("search_heading")} {{ #na-search-title }}

{escape(words("search_intro"), quote=False)}

<div id="{SEARCH_ROOT_ID}" class="na-search" data-na-bundle="{escape(bundle)}"{merged} \
data-na-open="{escape(words("col_language"))}"></div>

<noscript>{noscript}</noscript>
"""


def search_document(title: str, text_html: str, *, facets: Sequence[Facet] = (),
                    meta: dict[str, str] | None = None, sort: dict[str, str] | None = None,
                    lang: str = SITE_LANG) -> str:
    """The HTML Pagefind indexes for one page. `title` is text; `text_html` is trusted HTML
    (sanitised article text, or a story page's content); `lang`, the edition's language,
    picks the index (and its word stemming)."""
    attrs = "".join(f'<span data-pagefind-filter="{escape(f.name)}:{escape(f.value)}"></span>'
                    for f in facets)
    attrs += "".join(f'<span data-pagefind-meta="{escape(k)}:{escape(v)}"></span>'
                     for k, v in (meta or {}).items() if v)
    attrs += "".join(f'<span data-pagefind-sort="{escape(k)}:{escape(v)}"></span>'
                     for k, v in (sort or {}).items() if v)
    return (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body><main data-pagefind-body>"
            f"<h1>{escape(title)}</h1>{attrs}\n{text_html}</main></body></html>\n")


def article_document(article: Article, *, language: str, tags: list[str],
                     body_html: str = "", body: str | None = None,
                     words: render.Words = render.ENGLISH.words) -> str:
    """An article's search document in an edition (`words`); `language` and `tags` are the
    names readers of that edition see, `body_html` the article's body as rendered on its page
    (escaped here as text), or `body` that text already extracted."""
    when = article.date
    text_html = f"<p>{escape(indexed_text(article, tags, words.lang))}</p>"
    if body := (body_text(body_html) if body is None else body):
        text_html += f"\n<p>{escape(body)}</p>"
    return search_document(
        render.clean(render.shown_title(article, words)), text_html,
        facets=facets(article, source=article.source, language=language, tags=tags,
                      words=words),
        meta={words("source"): article.source,
              words("published"): words.date(when, short=True) if when else ""},
        sort={"date": render.iso(when) if when else ""}, lang=words.lang)


def article_words(article: Article, *, tags: list[str], body: str = "",
                  words: render.Words = render.ENGLISH.words) -> set[str]:
    """The words `article_document` makes an article findable by in an edition (`words_of`):
    its title, indexed text, body text and meta values, without building the document."""
    when = article.date
    texts = (render.clean(render.shown_title(article, words)),
             indexed_text(article, tags, words.lang), body, article.source,
             words.date(when, short=True) if when else "")
    return words_of(" ".join(texts).split())


_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def markdown_words(markdown: str) -> set[str]:
    """The words of an article's body foreseen from its Markdown, before it is converted: a
    link's text without its address, escapes undone, HTML read as Pagefind reads it. On the
    archive and the benchmark's, they are the words of the converted text; a word missed
    costs time, not a wrong answer (`SearchIndex`)."""
    text = _MD_LINK_RE.sub(r"\1", markdown).replace("\\", "")
    return words_of(html.unescape(_html_text(text)).split())


def part_size(option: int | None) -> int | None:
    """Pages per part of an index from the plugin's `search_part_size`: unset, `PART_SIZE`;
    0, one index whatever the archive's size."""
    if option is None:
        return PART_SIZE
    return option or None


# How Pagefind 1.5.2 reads a page (pagefind/src/fossick/parser.rs): only what is inside
# data-pagefind-body; these elements' text dropped; a space around the text of these others
# (and at a <br>), none around the rest's, so "<b>a</b>b" is one word; entities decoded; then
# words are what lies between white space. Meta values are words too (mod.rs, index/mod.rs).
_DROPPED = ("head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav",
            "iframe", "template")
_SPACED = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li",
                     "article", "section", "br"))
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_DROPPED_RE = re.compile(rf"<({'|'.join(_DROPPED)})\b{_ATTRS}>.*?</\1\s*>|<!--.*?-->",
                         re.S | re.I)
_SPACED_RE = re.compile(rf"</?(?:{'|'.join(sorted(_SPACED))})\b{_ATTRS}>", re.I)
_TAG_RE = re.compile(rf"</?[A-Za-z][^\s/>]*{_ATTRS}>|<![^>]*>")
_META_RE = re.compile(r'data-pagefind-meta="[^":]*:([^"]*)"')
_IMAGE_RE = re.compile(rf"<img\b{_ATTRS}>", re.I)
_IMAGE_ATTR_RE = re.compile(r"""\s(?:src|alt)=(?:"([^"]*)"|'([^']*)')""", re.I)


def document_text(document: str) -> str:
    """The text Pagefind finds words in, in a search document: its body's, then its meta
    values (a picture's address and description among them)."""
    start = document.find("data-pagefind-body")
    if start >= 0:
        end = document.rfind("</main>")
        document = document[document.index(">", start) + 1:end if end > start else None]
    meta = _META_RE.findall(document)
    if image := _IMAGE_RE.search(document):  # its address and text are the page's "image"
        meta.extend(a or b for a, b in _IMAGE_ATTR_RE.findall(image.group()))
    return " ".join(map(html.unescape, (_html_text(document), *meta)))


def _html_text(fragment: str) -> str:
    """The text of HTML as Pagefind reads it, entities left as they are."""
    return _TAG_RE.sub("", _SPACED_RE.sub(" ", _DROPPED_RE.sub("", fragment)))


def words_of(tokens: Iterable[str]) -> set[str]:
    """Words as Pagefind indexes them, as written (it lowercases and stems them itself),
    without the ASCII punctuation around them, which it drops too."""
    words = {token.strip(string.punctuation) for token in tokens}
    words.discard("")
    return words


def indexed_words(document: str) -> set[str]:
    """The words Pagefind indexes a search document by (`words_of`)."""
    return words_of(document_text(document).split())


def vocabulary_document(words: Iterable[str], lang: str = SITE_LANG) -> str:
    """A part's hidden page: `words`, nothing else; no title, filter or meta, so it adds to
    no filter's count and Pagefind's module can hide it from results (`SearchIndex`)."""
    return (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8"></head>'
            f"<body><main data-pagefind-body><p>{escape(' '.join(sorted(words)))}</p></main>"
            "</body></html>\n")


def write_module(folder: Path, hidden: Sequence[str]) -> None:
    """Pagefind's module for an index in parts (`pagefind_parts.js`), hiding the pages
    `hidden` (their ids), in `folder` as `pagefind.js`, the name Pagefind's interface loads."""
    source = MODULE_SOURCE.read_text(encoding="utf-8")
    marker = "new Set([])"
    if marker not in source:
        raise SearchIndexError(f"{MODULE_SOURCE.name} has no {marker}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pagefind.js").write_text(
        source.replace(marker, f"new Set({json.dumps(list(hidden))})", 1), encoding="utf-8")


class SearchIndex:
    """An edition's Pagefind index, built while the site is built.

    Each search document goes straight to a `pagefind --service` process as its page is
    rendered: nothing is written to disk for Pagefind to read back, and Pagefind parses on the
    second core while MkDocs renders on the first.

    Pagefind keeps every page it indexes in memory until it writes the index (about 135 KB
    for an article's 200-odd words: 1.3 GB for 10,000). With `part_size`, the index is built
    in parts of at most that many pages, each in its own process, one after the other, so
    memory stays that of one part whatever the archive's size; the search page merges them
    (Pagefind's `mergeIndex`). Merged parts would rank badly on their own: a part where no word
    starts with the query answers with the pages holding the longest word the query starts
    with ("quin" for "quintessence"), beside the real matches of the other parts. So every
    part gets one more page, hidden from readers (`vocabulary_document`): every word of the
    edition that the part's own pages lack. Every part then holds the same words, and answers
    a query exactly as one index would for its pages. The parts' documents are kept
    (compressed) until the last page is converted, since only then is every word known; the
    parts are then built one after the other, and Pagefind's module for the search page
    (`MODULE`) drops the hidden pages from results and counts (`pagefind_parts.js`).

    Built that way, Pagefind starts only once the pages are converted, and the second core
    sits idle while they are. An index told beforehand the words its pages will hold
    (`foresee`: every article's, from the archive, `article_words`) builds its parts while the
    pages are converted instead: each part goes to Pagefind as its pages come and is built
    once full, with the foreseen words it lacks (and those of the pages seen so far), while
    the next part is fed: two Pagefind processes at most. Every page's words are still noted
    as it comes, so once the last page is in, the index knows whether a part missed a word; if
    one did, every part is built again from the documents kept: a word not foreseen costs
    time, never a wrong answer.
    """

    def __init__(self, output: Path, *, expected: int, part_size: int | None = None,
                 lang: str = SITE_LANG) -> None:
        if part_size is not None and part_size < 1:
            raise ValueError("part_size must be at least 1")
        self.output = Path(output)  # <site>/pagefind, <site>/fr/pagefind
        self.lang = lang  # the edition's: every document of the index is in it
        count = 1 if part_size is None else max(1, math.ceil(expected / part_size))
        self.per_part = max(1, math.ceil(expected / count))  # balanced; the last takes extras
        self.parts = [part_path(n) for n in range(1, count + 1)]  # "", "part-2/", ...
        # Pagefind's module the search page imports, inside the bundle: its own for one part.
        self.module = MODULE if count > 1 else ""
        self._current: _Part | None = None  # one part: being fed
        self._pending: list[_Part] = []  # built, being written
        self._done: list[_Part] = []
        # In parts: each part's documents until every page is converted.
        self._waiting = [_Waiting() for _ in self.parts] if count > 1 else []
        self.hidden: list[str] = []  # ids of the parts' vocabulary pages, once written
        self.pages = 0
        # In parts with foreseen words (`foresee`): the parts fed as pages come, in order, the
        # one being built, and the words each was built knowing of.
        self._foreseen: set[str] | None = None
        self._streams: list[_Stream] = []  # fed or waiting to be, in order
        self._building: _Stream | None = None
        self._known: list[set[str]] = []
        self.streamed = False  # its parts were built while the pages were converted
        self.unforeseen = 0  # words no part was built knowing of: all built again

    def foresee(self, words: set[str]) -> None:
        """The words the index's pages will be found by, as far as known before the first
        page comes (`article_words`): an index in parts then builds them as pages come."""
        if self._waiting and not self.pages:
            self._foreseen = words

    def add(self, dest_uri: str, document: str) -> None:
        """`dest_uri`: the page's path in the site (`articles/2026/02/x/index.html`)."""
        url = search_url(dest_uri)
        if self._waiting:
            n = min(self.pages // self.per_part, len(self._waiting) - 1)
            self._waiting[n].add(url, document)
            if self._foreseen is not None:
                if not self._streams or self._streams[-1].n != n:
                    if self._streams:  # full: built knowing of those and the parts' so far
                        full = self._streams[-1]
                        self._foreseen = self._foreseen | self._waiting[full.n].words()
                        full.known = self._foreseen
                    self._streams.append(_Stream(n))
                self._streams[-1].backlog.append((url, document))
                self._stream()
        else:
            if self._current is None:
                self._current = _Part(self.output)
            self._current.add(url, document)
        self.pages += 1

    def build(self) -> None:
        """Ask for what is left and wait for Pagefind to have built it (its files may still
        be being written: `written`). In parts, feed them one after the other, each part's
        Pagefind process gone before the next starts; built as pages came (`foresee`), the
        last is built now, and all again if one missed a word."""
        if self._current is not None:
            self._current.write()
            part, self._current = self._current, None
            self._pending.append(part.built())
        if not self._waiting:
            return
        words = [waiting.words() for waiting in self._waiting]
        vocabulary = set().union(*words)
        if self._foreseen is not None:
            if self._streams and self._streams[-1].known is None:
                self._streams[-1].known = vocabulary
            self._stream(wait=True)
            # Each part knew of every word the others hold, or all are built again.
            self.unforeseen = len(set().union(*(vocabulary - k for k in self._known)))
            if not self.unforeseen and len(self._known) == len(self._waiting):
                self.streamed, self._waiting = True, []
                return
            while self._pending:
                self._pending.pop(0).wait()
            shutil.rmtree(self.output, ignore_errors=True)
        for n, waiting in enumerate(self._waiting):
            part = self._current = _Part(self.output / self.parts[n])
            for url, document in waiting.documents():
                part.add(url, document)
            self._write_part(part, n, vocabulary - words[n])
            self._current = None
            self._pending.append(part.built())
        self._waiting = []

    def _stream(self, *, wait: bool = False) -> None:
        """Move the parts built as pages come along without waiting (unless `wait`: till all
        are built): the oldest part not yet built is fed its documents, and built once full
        and the part before it has built; the parts after it wait in memory meanwhile."""
        while True:
            building = self._building
            if building is not None and (wait or building.part.answered):
                self._pending.append(building.part.built())
                self._building = building = None
            if not self._streams:
                return
            head = self._streams[0]
            if head.part is None:
                head.part = _Part(self.output / self.parts[head.n])
            for url, document in head.backlog:
                head.part.add(url, document)
            head.backlog = []
            if head.known is None or building is not None:
                return
            own = self._waiting[head.n].words()
            self._write_part(head.part, head.n, head.known - own)
            self._known.append(head.known | own)
            self._building = self._streams.pop(0)

    def _write_part(self, part: _Part, n: int, missing: set[str]) -> None:
        """Ask for part `n`, with a hidden page of the words `missing` from its own pages; the
        first part carries Pagefind's scripts for all."""
        hidden = None
        if missing:
            hidden = VOCABULARY_URL.format(n + 1)
            part.add(hidden, vocabulary_document(missing, self.lang))
        part.write(scripts=n == 0, hidden=hidden)

    def written(self) -> str:
        """Wait for every part to be written (and, in parts, Pagefind's module for them);
        returns a summary."""
        while self._pending:
            part = self._pending.pop(0).wait()
            self._done.append(part)
            if part.hidden is not None:
                self.hidden.append(part.hidden)
        n = len(self._done)
        if n > 1:
            write_module(self.output / self.module, self.hidden)
        summary = f"indexed {self.pages:,} pages" + (f" in {n} parts" if n > 1 else "")
        if self.streamed:
            return summary + ", built while the pages were converted"
        if self.unforeseen:
            return summary + (f", built once the pages were converted: {self.unforeseen:,} "
                              "words were not foreseen")
        return summary

    def finish(self) -> str:
        """`build` and `written`."""
        self.build()
        return self.written()

    def abort(self) -> None:
        streams = [s.part for s in (self._building, *self._streams) if s is not None]
        for part in (self._current, *streams, *self._pending):
            if part is not None:
                part.kill()
        self._current, self._building, self._streams, self._pending = None, None, [], []


@dataclass
class _Stream:
    """A part of an index built as pages come (`SearchIndex.foresee`)."""
    n: int  # its number, from 0
    backlog: list[tuple[str, str]] = field(default_factory=list)  # URL, document: not sent
    part: _Part | None = None  # its Pagefind process, once started
    known: set[str] | None = None  # once full: every word it is to be built knowing of


class _Waiting:
    """A part's documents until every page is converted, compressed as one stream (they
    repeat each other: a fifth of their size), and the words Pagefind will find in them."""

    def __init__(self) -> None:
        self._packer = zlib.compressobj(1)
        self._packed: list[bytes] = []
        self._entries: list[tuple[str, int]] = []  # URL, size in bytes
        self._tokens: set[str] = set()  # as split; `words` trims them once
        self._words: set[str] | None = None

    def add(self, url: str, document: str) -> None:
        data = document.encode("utf-8")
        self._entries.append((url, len(data)))
        if packed := self._packer.compress(data):
            self._packed.append(packed)
        self._tokens.update(document_text(document).split())

    def words(self) -> set[str]:
        """The words of its documents, once all are in (found once, then kept)."""
        if self._words is None:
            self._words, self._tokens = words_of(self._tokens), set()
        return self._words

    def documents(self) -> Iterator[tuple[str, str]]:
        """URL and document of each, in order, once: the stream is let go."""
        self._packed.append(self._packer.flush())
        data = zlib.decompress(b"".join(self._packed))
        self._packed = []
        start = 0
        for url, size in self._entries:
            yield url, data[start:start + size].decode("utf-8")
            start += size


def part_path(number: int) -> str:
    """Where part `number` of an edition's index goes, inside its bundle folder."""
    return "" if number == 1 else f"part-{number}/"


def search_url(dest_uri: str) -> str:
    """The URL Pagefind shows for a page at `dest_uri`, as it makes them from file paths."""
    url = dest_uri.removesuffix("index.html")
    return "/" + url


# The answer to GetFiles: the index, as files (written by `pagefind_files`).
_GET_FILES = b'"type":"GetFiles"'


class _Part:
    """One part of an index: a `pagefind --service` process fed documents over its stdin
    (base64 JSON messages separated by commas, the protocol of Pagefind's own Python and Node
    wrappers), answered on its stdout, read by a thread so neither pipe fills.

    The index comes back as files in the answer to GetFiles, which a process of its own
    writes (`pagefind_files`): the service's own WriteFiles answers before its last writes
    reach the disk, and the service exits the moment its input closes, so a file could be cut
    short; and written by a thread here, each file would wait for the interpreter's lock while
    MkDocs renders pages."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.errors: list[str] = []
        self.hidden: str | None = None  # the id Pagefind gave the vocabulary page, if any
        self._index_only = False
        self._hide: str | None = None  # the vocabulary page's URL
        self._writer: subprocess.CompletedProcess | None = None  # pagefind_files, once done
        self._ids = itertools.count(1)
        self._answered = threading.Event()
        self._log = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen([str(executable()), "--service"],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=self._log)
        except OSError as exc:
            self._log.close()
            raise SearchIndexError(f"Pagefind did not run: {exc}") from exc
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            self._send({"type": "NewIndex", "config": None})
        except SearchIndexError:
            self.kill()
            raise

    def _send(self, payload: dict, *, flush: bool = False) -> None:
        message = {"message_id": next(self._ids), "payload": payload}
        data = base64.b64encode(json.dumps(message, ensure_ascii=False).encode("utf-8"))
        try:
            assert self._proc.stdin is not None
            self._proc.stdin.write(data + b",")
            if flush:
                self._proc.stdin.flush()
        except (ValueError, OSError) as exc:  # BrokenPipeError: it exited
            raise SearchIndexError(f"Pagefind stopped: {self._tail() or exc}") from exc

    def _read(self) -> None:
        """Decode the answers as they arrive: the index's files come as one message of tens of
        megabytes, held here only once, decoded."""
        assert self._proc.stdout is not None
        message, pending = bytearray(), b""
        while chunk := self._proc.stdout.read1(1 << 20):
            start = 0
            while True:
                comma = chunk.find(b",", start)
                data = pending + chunk[start:] if comma < 0 else pending + chunk[start:comma]
                whole = len(data) if comma >= 0 else len(data) - len(data) % 4
                message += base64.b64decode(data[:whole])
                pending = data[whole:]
                if comma < 0:
                    break
                self._receive(message)
                message, pending, start = bytearray(), b"", comma + 1
        self._answered.set()  # the process ended: whoever waits has nothing more to wait for

    def _receive(self, message: bytearray) -> None:
        if _GET_FILES in message[:80]:
            self._answered.set()  # Pagefind is done: it can end while the files are written
            command = [sys.executable, "-m", "newsarchive.pagefind_files", str(self.output)]
            command += ["--index-only"] if self._index_only else []
            command += ["--hidden", self._hide] if self._hide else []
            try:
                self._writer = subprocess.run(command, input=message, capture_output=True,
                                              timeout=TIMEOUT, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                self.errors.append(f"could not write the index: {exc}")
            return
        if b'"type":"Error"' in message:  # the rest (IndexedFile, NewIndex) say all is well
            payload = json.loads(message).get("payload", {})
            self.errors.append(payload.get("message", "unknown error"))

    def add(self, url: str, document: str) -> None:
        self._send({"type": "AddFile", "index_id": 0, "file_path": None, "url": url,
                    "file_contents": document})

    def write(self, *, scripts: bool = True, hidden: str | None = None) -> None:
        """Ask for the index, to be written to `output` when it comes (without `scripts`, only
        what a merged part needs; without the page at URL `hidden`, whose id it then finds);
        `built`, then `wait` for it."""
        self._index_only = not scripts
        self._hide = hidden
        self._send({"type": "GetFiles", "index_id": 0}, flush=True)

    @property
    def answered(self) -> bool:
        """Pagefind has built the index (or ended)."""
        return self._answered.is_set()

    def built(self) -> _Part:
        """Wait for Pagefind to have built the index, and let its process end (its memory
        with it); the files may still be being written."""
        answered = self._answered.wait(TIMEOUT)
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.close()  # end of input: the service exits
        except OSError:
            pass
        try:
            code = self._proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise SearchIndexError(f"Pagefind did not finish in {TIMEOUT} s") from None
        if not answered or code != 0:
            self._reader.join(5)
            raise SearchIndexError(f"Pagefind failed (exit {code}): {self._tail()}")
        return self

    def wait(self) -> _Part:
        """The index built and written."""
        self.built()
        self._reader.join()
        tail = self._tail()
        self._log.close()
        if self.errors:
            raise SearchIndexError(f"Pagefind failed: {self.errors[0]}")
        if self._writer is None:
            raise SearchIndexError(f"Pagefind failed: {tail}")
        if self._writer.returncode != 0:
            raise SearchIndexError(self._writer.stderr.decode("utf-8", "replace").strip())
        if self._hide:
            found = self._writer.stdout.decode("utf-8").splitlines()[-1:]
            if not found or not found[0].startswith(HIDDEN_LINE):
                raise SearchIndexError(f"Pagefind's index has no page {self._hide}")
            self.hidden = found[0].removeprefix(HIDDEN_LINE)
        return self

    def kill(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._reader.join(5)
        self._log.close()

    def _tail(self) -> str:
        try:
            self._log.seek(0)
            lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return "\n".join(lines[-5:])


def finish_all(indexes: Sequence[SearchIndex]) -> list[str]:
    """Finish every edition's index: built one after the other (one Pagefind process building
    an index at a time), each written while the next is built; on a failure, stop the others'
    processes."""
    try:
        for index in indexes:
            index.build()
        return [index.written() for index in indexes]
    except BaseException:
        for index in indexes:
            index.abort()
        raise


def finish_in_background(indexes: Sequence[SearchIndex]) -> Future:
    """`finish_all` in a thread (Pagefind works in its own processes; the thread only waits and
    writes the files it gets back): its `result()` is the summaries, or raises."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(finish_all(indexes))
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the future
            future.set_exception(exc)

    threading.Thread(target=run, name="newsarchive-search", daemon=True).start()
    return future


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError("the Pagefind binary is missing: install 'pagefind[bin]' "
                               f"({exc})") from exc
