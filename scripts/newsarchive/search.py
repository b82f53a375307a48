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
listings such as the timeline are not, since they only repeat article summaries. An index
can be built in parts, each by its own Pagefind process, which the search page merges: for
an archive too large for one Pagefind process's memory (see `SearchIndex`).
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from html import escape
from pathlib import Path

from . import render
from .model import Article
from .sanitize import html_to_text

SEARCH_SRC = "search.md"  # an edition's search page: "search.md", "fr/search.md"
SEARCH_ROOT_ID = "na-search"
BUNDLE = "pagefind"  # folder of an edition's index in the built site: "pagefind", "fr/pagefind"
TIMEOUT = 600  # seconds to wait for one Pagefind process; 10,000 pages take a few seconds
SITE_LANG = "en"  # the first edition's; an index finds articles in every language alike


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
                bundle: str = f"{BUNDLE}/", parts: Sequence[str] = ()) -> str:
    """An edition's search page: Pagefind's interface mounts on the empty `div`, from the
    edition's index (`bundle`, from the site's root) and the other `parts` of it, if any
    (`part_path`), which it merges."""
    timeline = f'<a href="{escape(timeline_href)}">{escape(words("search_timeline"))}</a>'
    noscript = words.html("search_noscript", timeline=timeline)
    merged = " ".join(bundle + p for p in parts if p)
    merged = f' data-na-parts="{escape(merged)}"' if merged else ""
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


class SearchIndex:
    """An edition's Pagefind index, built while the site is built.

    Each search document goes straight to a `pagefind --service` process as its page is
    rendered: nothing is written to disk for Pagefind to read back, and Pagefind parses on the
    second core while MkDocs renders on the first.

    Pagefind keeps every page it indexes in memory until it writes the index (about 130 KB
    for an article's 200-odd words: 1.3 GB for 10,000). With `part_size`, the index is built
    in parts of at most that many pages, each in its own process, one after the other, so
    memory stays that of one part whatever the archive's size; the search page merges them
    (Pagefind's `mergeIndex`). The price is in the ranking: a part that lacks a word answers
    with pages holding the longest word that starts it ("quin" for "quintessence"), which
    Pagefind's merge ranks beside the real matches of the other parts. So an index is one
    part unless memory leaves no choice.
    """

    def __init__(self, output: Path, *, expected: int, part_size: int | None = None) -> None:
        if part_size is not None and part_size < 1:
            raise ValueError("part_size must be at least 1")
        self.output = Path(output)  # <site>/pagefind, <site>/fr/pagefind
        count = 1 if part_size is None else max(1, math.ceil(expected / part_size))
        self.per_part = max(1, math.ceil(expected / count))  # balanced; the last takes extras
        self.parts = [part_path(n) for n in range(1, count + 1)]  # "", "part-2/", ...
        self._next = 0  # the next part to start
        self._current: _Part | None = None  # being fed
        self._first: _Part | None = None
        self._writing: _Part | None = None  # being written
        self._done: list[_Part] = []
        self.pages = 0

    def add(self, dest_uri: str, document: str) -> None:
        """`dest_uri`: the page's path in the site (`articles/2026/02/x/index.html`)."""
        if self._current is None:
            self._current = _Part(self.output / self.parts[self._next])
            if self._next == 0:
                self._first = self._current  # it carries Pagefind's scripts for all
            self._next += 1
        self._current.add(search_url(dest_uri), document)
        self.pages += 1
        if self._current.count >= self.per_part and self._next < len(self.parts):
            self._rotate()

    def _rotate(self) -> None:
        """Write the full part and let the next one start: at most one part is being written
        while the next fills, so at most two Pagefind processes per edition are alive."""
        if self._writing is not None:
            self._done.append(self._writing.wait())
        assert self._current is not None
        self._current.write(scripts=self._current is self._first)
        self._writing, self._current = self._current, None

    def build(self) -> None:
        """Ask for what is left and wait for Pagefind to have built it (its files may still
        be being written: `written`)."""
        if self._current is not None:
            self._current.write(scripts=self._current is self._first)
            pending, self._current = self._current, None
            if self._writing is not None:
                self._done.append(self._writing.wait())
            self._writing = pending.built()

    def written(self) -> str:
        """Wait for every part to be written; returns a summary."""
        if self._writing is not None:
            self._done.append(self._writing.wait())
            self._writing = None
        n = len(self._done)
        return f"indexed {self.pages:,} pages" + (f" in {n} parts" if n > 1 else "")

    def finish(self) -> str:
        """`build` and `written`."""
        self.build()
        return self.written()

    def abort(self) -> None:
        for part in (self._current, self._writing):
            if part is not None:
                part.kill()
        self._current = self._writing = None


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
        self.count = 0
        self.errors: list[str] = []
        self._index_only = False
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
            try:
                self._writer = subprocess.run(
                    command + (["--index-only"] if self._index_only else []), input=message,
                    capture_output=True, timeout=TIMEOUT, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                self.errors.append(f"could not write the index: {exc}")
            return
        if b'"type":"Error"' in message:  # the rest (IndexedFile, NewIndex) say all is well
            payload = json.loads(message).get("payload", {})
            self.errors.append(payload.get("message", "unknown error"))

    def add(self, url: str, document: str) -> None:
        self._send({"type": "AddFile", "index_id": 0, "file_path": None, "url": url,
                    "file_contents": document})
        self.count += 1

    def write(self, *, scripts: bool = True) -> None:
        """Ask for the index, to be written to `output` when it comes (without `scripts`, only
        what a merged part needs); `built`, then `wait` for it."""
        self._index_only = not scripts
        self._send({"type": "GetFiles", "index_id": 0}, flush=True)

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
