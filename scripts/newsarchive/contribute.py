"""Contributions by hand: `newsarchive add`, `new` and `reject`.

Fetch archives what the feeds offer; people find the rest. `add` turns an article's own web page
into an archive page (metadata by trafilatura, excerpt by the same rules as fetch), `new` writes a
page from what a person types (an article that cannot be fetched: paywalled, printed), and
`reject` records an article the archive must never propose again and removes its page.

Hand-added pages are ordinary pages: same format, same checks, same no-clobber writes under the
same lock as fetch. They differ only in `selected_by`, in having no `feed`, and in a first
front matter line pointing editors at the JSON Schema of the page format.

The functions that decide (what a page says, which flags are missing, whether it duplicates
another page) are pure; reading the archive, fetching and writing happen in `fetch_page`,
`save_article` and `reject`.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

from .archive import (
    CARRIER_KEYS,
    TRANSLATION_KEYS,
    Problem,
    archive_lock,
    load_archive,
    page_dir,
    page_path,
    parse_datetime,
    parse_page,
    render_page,
    slugify,
    write_article,
    write_replace,
)
from .config import ID_RE, LANG_RE, ConfigError, YamlNode, load_rejected, load_yaml
from .convert import article_body, escape_markdown, markdown_href, summary_text
from .fetch import FetchOptions, fetch_url
from .model import Article, ArticleText, Carrier, Entry, Project, Rejection
from .parse import detect_lang, normalise_lang
from .pipeline import LOCK_NAME, clean_title
from .sanitize import html_to_text
from .select import Rules, title_key
from .urls import UrlError, article_id, canonical_url
from .validate import FUTURE_SLACK, before_story, check_article

SCHEMA_PATH = Path("scripts/newsarchive/schema/article.schema.json")
REJECTED_FILE = "rejected.yml"
ADDED_BY = "added by hand: newsarchive add"
NEW_BY = "added by hand: newsarchive new"
UNKNOWN_DATE = "unknown"
HAND_SLUG_MAX = 40
# Flags `new` cannot do without, in the order a person is asked for them.
NEW_REQUIRED = ("title", "date", "source", "lang", "summary")
DATE_HINT = "YYYY-MM-DD or 2026-02-13T09:30:00Z"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_HTML_TYPES = ("html", "xml")
REJECTED_HEADER = """\
# Articles a maintainer has turned down. `newsarchive fetch` never writes a page for them
# again; `newsarchive reject URL|ID --reason TEXT` adds an item here and removes the page.

"""


class ContributeError(Exception):
    """A contribution refused; the message says what to do about it. `exit_code` for the CLI."""

    exit_code = 1


class MissingFields(ContributeError):
    """Required data neither given as a flag nor found in the page: names the flags to pass."""

    exit_code = 2

    def __init__(self, message: str, flags: list[str]):
        super().__init__(message)
        self.flags = flags


class BadValue(ContributeError):
    """A flag's value (or what the page says) the archive cannot accept."""

    exit_code = 2


class AlreadyArchived(ContributeError):
    """The article has a page already, or was rejected: names the page or the rejection."""


class PageFetchError(ContributeError):
    """The article's web page could not be downloaded or is not HTML."""


@dataclass
class Fields:
    """What the contributor gave on the command line; None or empty means "not given"."""

    title: str | None = None
    date: str | None = None
    source: str | None = None
    lang: str | None = None
    summary: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    body: str | None = None
    title_en: str | None = None
    summary_lang: str | None = None
    date_inferred: bool = False
    selected_by: str | None = None
    date_note: str | None = None
    headline_seen: bool = True  # False: `title` is our own description (the copy showed none)
    carried_by: str | None = None  # the outlet a licensed copy was read at...
    carried_by_url: str | None = None  # ...and the copy's address
    highlight: bool = False
    # Our words for other editions: `--title-fr`, `--summary-fr`, `--summary-en`, or a batch
    # record's `translations:` (language -> {summary, title}); the flags win.
    title_fr: str | None = None
    summary_fr: str | None = None
    summary_en: str | None = None
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def translated(self) -> dict[str, ArticleText]:
        """`translations` with the flags folded in, on one line each, empty ones left out."""
        merged = {lang: dict(texts) for lang, texts in self.translations.items()}
        for lang, key, value in (("fr", "title", self.title_fr), ("fr", "summary", self.summary_fr),
                                 ("en", "summary", self.summary_en)):
            if value is not None:
                merged.setdefault(lang, {})[key] = value
        out = {}
        for lang, texts in merged.items():
            words = {k: _one_line(v) for k, v in texts.items() if _one_line(v)}
            if words:
                out[lang] = ArticleText(**words)
        return out

    def carrier(self) -> Carrier | None:
        """`--carried-by NAME --carried-by-url URL`: both or neither."""
        name, url = _one_line(self.carried_by), (self.carried_by_url or "").strip()
        if not name and not url:
            return None
        if not (name and url):
            raise BadValue("a syndicated copy needs both --carried-by NAME (the outlet that "
                           "carried it) and --carried-by-url URL (the copy's address)")
        return Carrier(source=name, url=_url_flag(url, "--carried-by-url"))


@dataclass
class PageMetadata:
    """What an article's own HTML says about it."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: datetime | None = None
    site_name: str | None = None
    lang: str | None = None
    description: str | None = None
    canonical: str | None = None  # the page's own canonical link / og:url, canonicalised
    categories: list[str] = field(default_factory=list)
    content_html: str = ""  # the main text as HTML, not yet sanitised


@dataclass
class Saved:
    """A page `save_article` wrote (or, in a dry run, would write)."""

    article: Article
    path: Path
    text: str
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class RejectOutcome:
    """What `reject` did: the item recorded (or found), and the pages removed."""

    item: dict[str, Any]
    already: bool
    removed: list[Path] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Reading an article's web page


def fetch_page(url: str, options: FetchOptions = FetchOptions()) -> tuple[str, str]:  # noqa: B008
    """Download an article page with the fetch stage's client; return (html, final URL)."""
    result = fetch_url(url, options)
    hint = ("save the page from your browser and run `newsarchive add --from-file FILE --url "
            "URL`, or write the page with `newsarchive new`")
    if result.status != "ok" or result.body is None:
        raise PageFetchError(f"cannot fetch {url}: {result.error or result.status}: {hint}")
    kind = (result.content_type or "").split(";")[0].strip().lower()
    if kind and not any(t in kind for t in _HTML_TYPES):
        raise PageFetchError(f"{url} is not a web page (content type {kind}): {hint}")
    return decode_html(result.body, result.content_type), result.final_url or url


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Bytes to text: the charset the server names, else the page's <meta>, else UTF-8."""
    candidates = []
    if body.startswith(codecs.BOM_UTF8):
        candidates.append("utf-8-sig")
    if content_type and (m := _HEADER_CHARSET.search(content_type)):
        candidates.append(m.group(1))
    if m := _META_CHARSET.search(body[:4096]):
        candidates.append(m.group(1).decode("ascii"))
    for name in [*candidates, "utf-8"]:
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        return body.decode(name, errors="replace")
    return body.decode("utf-8", errors="replace")


def extract_page(html_text: str, url: str) -> PageMetadata:
    """Metadata and main text of an article page, with trafilatura (which never fetches here).

    Dates keep their time of day when the page gives one (htmldate's original-date search:
    JSON-LD, `article:published_time`, then the text). The language comes from the page's
    `lang` attributes, else from its text.
    """
    try:
        return _extract(html_text, url)
    except Exception as exc:  # noqa: BLE001 - a parser bug on odd HTML must not be a traceback
        raise PageFetchError(f"cannot read the page's HTML ({type(exc).__name__}: {exc}): write "
                             "the page with `newsarchive new`") from exc


def _extract(html_text: str, url: str) -> PageMetadata:
    import trafilatura  # heavy import, only needed by `add`

    date_config = {"original_date": True, "extensive_search": True,
                   "max_date": datetime.now(UTC).date().isoformat(),
                   "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
    doc = trafilatura.extract_metadata(html_text, default_url=url, date_config=date_config)
    content = trafilatura.extract(
        html_text, url=url, output_format="html", include_links=True, include_formatting=True,
        include_comments=False, include_images=False, include_tables=True,
    ) or ""
    site = _text(doc.sitename)
    title = _text(doc.title, tag_standin=False)
    if title:
        title = clean_title(title, site)
    when = None
    if doc.date:
        try:
            when = parse_datetime(doc.date)
        except ValueError:
            when = None
    canonical = None
    if doc.url:
        try:
            canonical = canonical_url(doc.url)
        except UrlError:
            canonical = None
    meta = PageMetadata(
        title=title or None,
        authors=_unique_texts((doc.author or "").split(";")),
        date=when,
        site_name=site or None,
        description=_text(doc.description) or None,
        canonical=canonical,
        categories=_unique_texts([*(doc.categories or []), *(doc.tags or [])]),
        content_html=_drop_headline(content, title),
    )
    text = " ".join(filter(None, (meta.title, meta.description, html_to_text(content))))
    meta.lang = _declared_lang(html_text) or detect_lang(text)
    return meta


def _text(value: str | None, *, tag_standin: bool = True) -> str:
    """Page text as one plain line (entities already decoded by the HTML parser); a headline
    keeps a "<" as written (`tag_standin=False`, see `sanitize.html_to_text`)."""
    return html_to_text(html.escape(value, quote=False), tag_standin=tag_standin) if value else ""


def _unique_texts(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        value = _text(value)
        if value and value.casefold() not in {v.casefold() for v in out}:
            out.append(value)
    return out


def _declared_lang(html_text: str) -> str | None:
    """`<html lang>`, else `og:locale`, else a Content-Language <meta>, as BCP 47."""
    soup = BeautifulSoup(html_text[:200_000], "html.parser")
    candidates = []
    if soup.html is not None:
        candidates += [soup.html.get("lang"), soup.html.get("xml:lang")]
    for attrs in ({"property": "og:locale"}, {"http-equiv": re.compile("^content-language$",
                                                                         re.I)}):
        tag = soup.find("meta", attrs=attrs)
        if tag is not None:
            candidates.append(tag.get("content"))
    for value in candidates:
        if isinstance(value, str) and (lang := normalise_lang(value.split(",")[0])):
            return lang
    return None


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _drop_headline(content_html: str, title: str) -> str:
    """Remove a heading that repeats the title: the page shows the title already."""
    if not content_html or not title:
        return content_html
    soup = BeautifulSoup(content_html, "html.parser")
    for heading in soup.find_all(["h1", "h2"]):
        if _words(heading.get_text(" ")) == _words(title):
            heading.decompose()
    return str(soup)


# ---------------------------------------------------------------------------------------------
# Building the article (pure)


def parse_date_flag(value: str, flag: str = "--date") -> datetime | None:
    """A date as a person types it: YYYY-MM-DD or full ISO 8601; "unknown" gives None."""
    if value.strip().lower() == UNKNOWN_DATE:
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        raise BadValue(f"{flag} '{value}' is not a date: write {DATE_HINT} "
                       f"(or '{UNKNOWN_DATE}')") from None


def _lang_flag(value: str, flag: str = "--lang") -> str:
    if value.strip() == "und":
        return "und"
    lang = normalise_lang(value)
    if lang is None or not LANG_RE.match(lang):
        raise BadValue(f"{flag} '{value}' is not a BCP 47 language tag such as 'en', 'fr' or "
                       "'pt-BR' (use 'und' when unknown)")
    return lang


def _url_flag(value: str, flag: str = "--url") -> str:
    try:
        return canonical_url(value)
    except UrlError as exc:
        raise BadValue(f"{flag}: {exc}") from None


def check_vocabulary(tags: list[str], events: list[str], project: Project) -> None:
    """Refuse tags and events that feeds/tags.yml and feeds/events.yml do not define."""
    for tag in tags:
        if tag not in project.tags:
            known = ", ".join(sorted(project.tags)) or "none defined"
            raise BadValue(f"--tag '{tag}' is not a known tag (known tags, in feeds/tags.yml: "
                           f"{known})")
    for event in events:
        if event not in project.events:
            known = ", ".join(project.events) or "none defined"
            raise BadValue(f"--event '{event}' is not a known event (known events, in "
                           f"feeds/events.yml: {known})")


def check_date(when: datetime | None, project: Project, now: datetime, flag: str) -> None:
    """Refuse a date in the future or before the story began, naming what to pass."""
    if when is None:
        return
    if when > now + FUTURE_SLACK:
        raise BadValue(f"date {when:%Y-%m-%d} is in the future: pass {flag} with the "
                       "publication date")
    if early := before_story(when, project):
        raise BadValue(f"{early} ({flag})")


def auto_tags(project: Project, text: str, categories: list[str]) -> list[str]:
    """The tags fetch would give this text: keywords from feeds/tags.yml and known categories."""
    return Rules.compile(project.rules, project.tags).tags_for(text, categories)


def article_from_page(meta: PageMetadata, url: str, fields: Fields, project: Project,
                      now: datetime) -> Article:
    """The page `add` writes: what the article's HTML says, each field overridable by a flag.

    Raises MissingFields naming the flags to pass for what the page does not say.
    """
    canonical = _url_flag(url, "URL")
    missing = []
    # A headline not seen: the title is our description, never what the page's HTML calls it.
    title = _one_line(fields.title) or (meta.title if fields.headline_seen else None)
    if not title:
        missing.append(("title" if fields.headline_seen else "description of the article "
                        "(the headline was not seen)", "--title TEXT"))
    if fields.date:
        when = parse_date_flag(fields.date)
    else:
        when = meta.date
        if when is None:
            missing.append(("date", f"--date {DATE_HINT.split(' or ')[0]}"))
    lang = _lang_flag(fields.lang) if fields.lang else meta.lang
    if not lang:
        missing.append(("language", "--lang CODE"))
    if not fields.summary and not (meta.description or html_to_text(meta.content_html)):
        missing.append(("description or text", "--summary TEXT"))
    if missing:
        what = ", ".join(name for name, _ in missing)
        flags = " ".join(flag for _, flag in missing)
        raise MissingFields(f"could not find the article's {what} in the page: pass {flags}",
                            [flag.split()[0] for _, flag in missing])
    check_date(when, project, now, "--date")
    source = _one_line(fields.source) or meta.site_name or _host(canonical)
    tags = list(dict.fromkeys(fields.tags))
    events = list(dict.fromkeys(fields.events))
    check_vocabulary(tags, events, project)
    entry = Entry(
        feed_id="add", title=title, link=url, url=canonical, id=article_id(canonical),
        date=when, lang=lang, authors=_unique_texts(list(fields.authors)) or meta.authors,
        categories=meta.categories,
        summary_html=html.escape(meta.description or "", quote=False),
        content_html=meta.content_html, source_name=source,
    )
    if not tags:
        text = " ".join((title, meta.description or "", html_to_text(meta.content_html)))
        tags = auto_tags(project, text, meta.categories)
    return Article(
        title=title,
        date=when,
        source=source,
        url=canonical,
        lang=lang,
        id=entry.id,
        summary=_one_line(fields.summary) if fields.summary else summary_text(entry),
        authors=list(entry.authors),
        tags=tags,
        events=events,
        selected_by=ADDED_BY,
        title_en=_one_line(fields.title_en) or None,
        summary_lang=(_lang_flag(fields.summary_lang, "--summary-lang")
                      if fields.summary_lang else None),
        date_note=_one_line(fields.date_note) or None,
        headline_seen=fields.headline_seen,
        carried_by=fields.carrier(),
        highlight=fields.highlight,
        translations=fields.translated(),
        body=article_body(entry, max_words=project.excerpt_words, source=source),
    )


def missing_for_new(fields: Fields) -> list[str]:
    """The required flags of `new` that were not given, as `--flag` names."""
    return [f"--{name}" for name in NEW_REQUIRED if not (getattr(fields, name) or "").strip()]


def article_from_fields(fields: Fields, project: Project, now: datetime) -> Article:
    """The page `new` writes, from flags alone (pure)."""
    missing = missing_for_new(fields)
    if missing:
        them = "them" if len(missing) > 1 else "it"
        raise MissingFields(f"missing {', '.join(missing)}: pass {them}, or run the command on a "
                            "terminal to be asked", missing)
    when = parse_date_flag(fields.date)
    check_date(when, project, now, "--date")
    lang = _lang_flag(fields.lang)
    url = _url_flag(fields.url) if fields.url and fields.url.strip() else None
    tags = list(dict.fromkeys(fields.tags))
    events = list(dict.fromkeys(fields.events))
    check_vocabulary(tags, events, project)
    title, source = _one_line(fields.title), _one_line(fields.source)
    summary = _one_line(fields.summary)
    summary_lang = _lang_flag(fields.summary_lang, "--summary-lang") if fields.summary_lang \
        else None
    body = (fields.body or "").strip()
    if url:
        label = escape_markdown(f"Read the original article at {source}")
        link = f"[{label}]({markdown_href(url)})"
        body = f"{body}\n\n{link}" if body else link
    if not tags:
        tags = auto_tags(project, f"{title} {summary} {body}", [])
    return Article(
        title=title,
        date=when,
        source=source,
        url=url,
        lang=lang,
        id=article_id(url) if url else hand_id(title, when),
        summary=summary,
        authors=[a for a in (_one_line(a) for a in fields.authors) if a],
        tags=tags,
        events=events,
        selected_by=_one_line(fields.selected_by) or NEW_BY,
        date_inferred=bool(fields.date_inferred and when is not None),
        date_note=_one_line(fields.date_note) or None,
        title_en=_one_line(fields.title_en) or None,
        summary_lang=summary_lang if summary_lang != lang else None,
        headline_seen=fields.headline_seen,
        carried_by=fields.carrier(),
        highlight=fields.highlight,
        translations=fields.translated(),
        body=body,
    )


def hand_id(title: str, when: datetime | None) -> str:
    """The id of a page without URL: `hand-<slug>-<yyyymmdd>` (or `-undated`)."""
    # A title with no Latin letters slugs to "article-<hash of the title>", not a shared name.
    slug = slugify(title, hashlib.sha256(title.encode("utf-8")).hexdigest())
    slug = slug[:HAND_SLUG_MAX].strip("-")
    day = f"{when:%Y%m%d}" if when else "undated"
    return f"hand-{slug}-{day}"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def schema_ref(project: Project, article: Article) -> str:
    """The schema's path relative to the folder the page goes in, for the editor comment."""
    folder = page_dir(project.articles_dir, article)
    return Path(os.path.relpath(project.root / SCHEMA_PATH, folder)).as_posix()


# ---------------------------------------------------------------------------------------------
# Duplicates and rejections (pure)


def _canonical_or_none(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return canonical_url(url)
    except UrlError:
        return url


def find_existing(article: Article, articles: list[Article],
                  also_urls: tuple[str, ...] = ()) -> tuple[Article, str] | None:
    """The archived page this article duplicates, and why: same URL, same id, or same headline
    from the same source. `also_urls` are other addresses of the article (its page's canonical).
    """
    urls = {u for u in (article.url, *also_urls, _carried_url(article)) if u}
    urls |= {_canonical_or_none(u) for u in urls}
    # Our description of an article whose headline was not seen identifies nothing.
    key = title_key(article.title, article.source) if article.headline_seen else ""
    for other in articles:
        if other.id == article.id:
            return other, f"same id {article.id}"
        for theirs in (other.url, _carried_url(other)):
            if (url := _canonical_or_none(theirs)) and url in urls:
                return other, f"same URL {url}" + (" (a syndicated copy of it)"
                                                    if theirs != other.url else "")
    for other in articles:
        if key and other.headline_seen and title_key(other.title, other.source) == key:
            return other, "same title and source"
    return None


def _carried_url(article: Article) -> str | None:
    return article.carried_by.url if article.carried_by else None


def find_rejection(ids: set[str], urls: set[str],
                   rejections: list[Rejection]) -> Rejection | None:
    """The recorded rejection matching any of these ids or (canonical) URLs."""
    for r in rejections:
        if (r.id and r.id in ids) or (r.url and _canonical_or_none(r.url) in urls):
            return r
    return None


# ---------------------------------------------------------------------------------------------
# Writing


def page_problems(project: Project, article: Article, text: str, path: Path,
                  now: datetime) -> list[Problem]:
    """What `newsarchive validate` would say about this page text at this path."""
    parsed, problems = parse_page(path, text)
    if parsed is not None:
        problems = problems + check_article(parsed, project, text, now)
    return problems


def save_article(project: Project, article: Article, *, now: datetime, dry_run: bool = False,
                 lock_wait: float = 0.0, also_urls: tuple[str, ...] = ()) -> Saved:
    """Check the page against the archive and the page format, then write it under the lock.

    Raises AlreadyArchived (naming the page or the rejection) or BadValue (the page would not
    validate). A dry run checks everything and writes nothing.
    """
    schema = schema_ref(project, article)

    def check_and_write() -> Saved:
        existing = load_archive(project.articles_dir)
        found = find_existing(article, existing.articles, also_urls)
        if found is not None:
            other, why = found
            raise AlreadyArchived(f"already archived ({why}): {_shown(other.path, project)}")
        urls = {u for u in (article.url, *also_urls) if u}
        rejection = find_rejection({article.id}, urls,
                                   load_rejected(project.feeds_dir / REJECTED_FILE))
        if rejection is not None:
            reason = f" ({rejection.reason})" if rejection.reason else ""
            raise AlreadyArchived(f"this article was rejected{reason}: remove it from "
                                  f"feeds/{REJECTED_FILE} first if it belongs in the archive")
        text = render_page(article, schema_comment=schema)
        path = page_path(project.articles_dir, article)
        problems = page_problems(project, article, text, path, now)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise BadValue("the page would not be valid: "
                           + "; ".join(p.message for p in errors))
        warnings = [p for p in problems if p.severity != "error"]
        if not dry_run:
            path = write_article(project.articles_dir, article, schema_comment=schema)
        return Saved(article, path, text, warnings, dry_run)

    if dry_run:
        return check_and_write()
    with archive_lock(project.feeds_dir / LOCK_NAME, wait=lock_wait):
        return check_and_write()


def _shown(path: Path | None, project: Project) -> str:
    if path is None:
        return "?"
    try:
        return Path(path).resolve().relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------
# Importing a batch of hand-curated pages

BATCH_TEXT = ("title", "title_en", "date", "date_note", "source", "lang", "summary",
              "summary_lang", "url", "body", "selected_by")
BATCH_LISTS = ("tags", "events", "authors")
BATCH_FLAGS = ("date_inferred", "headline_seen", "highlight")
BATCH_MAPS = ("carried_by", "translations")  # the shapes a page's front matter gives them
BATCH_KEYS = (*BATCH_TEXT, *BATCH_LISTS, *BATCH_FLAGS, *BATCH_MAPS)


@dataclass
class BatchRecord:
    """One page to write from a batch file, and the line it starts on (for messages)."""

    line: int
    fields: Fields


def read_batch(path: Path) -> list[BatchRecord]:
    """The records of a batch file (`articles:` list of mappings with `new`'s fields).

    A curator researches many articles, then writes them in one go: one YAML file is easier to
    review than a hundred command lines. Raises ConfigError naming the file and line of the
    first malformed record; unknown keys are errors, so a typo never drops a field silently.
    """
    data = load_yaml(path, required=True)
    node = data.get("articles")
    if node is None or not isinstance(node.value, list):
        raise ConfigError(path, node.line if node else 1, "expected a list under 'articles:'")
    records = []
    for item in node.value:
        if not isinstance(item.value, dict):
            raise ConfigError(path, item.line, "each article must be a mapping of fields")
        values: dict[str, Any] = {}
        for key, field_node in item.value.items():
            if key not in BATCH_KEYS:
                raise ConfigError(path, field_node.line, f"unknown field '{key}' (allowed: "
                                  f"{', '.join(BATCH_KEYS)})")
            raw = field_node.value
            if key in BATCH_LISTS:
                items = raw if isinstance(raw, list) else None
                if items is None or not all(isinstance(v.value, str) for v in items):
                    raise ConfigError(path, field_node.line, f"'{key}' must be a list of text")
                values[key] = tuple(v.value for v in items)
            elif key in BATCH_FLAGS:
                if not isinstance(raw, bool):
                    raise ConfigError(path, field_node.line, f"'{key}' must be true or false")
                values[key] = raw
            elif key == "carried_by":
                values.update(_batch_carrier(path, field_node))
            elif key == "translations":
                values[key] = _batch_translations(path, field_node)
            elif raw is not None:
                if isinstance(raw, (date, datetime)):
                    raw = raw.isoformat()
                if not isinstance(raw, str):
                    raise ConfigError(path, field_node.line, f"'{key}' must be text")
                values[key] = raw
        records.append(BatchRecord(item.line, Fields(**values)))
    return records


def _batch_carrier(path: Path, node: YamlNode) -> dict[str, str]:
    """`carried_by: {source: NAME, url: URL}` -> the fields `--carried-by` and
    `--carried-by-url` set (their values are checked when the page is built)."""
    texts = _text_mapping(path, node, "carried_by", CARRIER_KEYS)
    return {"carried_by": texts.get("source", ""), "carried_by_url": texts.get("url", "")}


def _batch_translations(path: Path, node: YamlNode) -> dict[str, dict[str, str]]:
    """`translations: {fr: {summary: ..., title: ...}, en: {summary: ...}}`, as on a page."""
    if not isinstance(node.value, dict):
        raise ConfigError(path, node.line, "'translations' must map language tags to "
                          "{summary: ..., title: ...}")
    out = {}
    for lang, sub in node.value.items():
        if not isinstance(lang, str) or not LANG_RE.match(lang):
            raise ConfigError(path, sub.line, f"'translations.{lang}': not a language tag "
                              "such as 'fr'")
        out[lang] = _text_mapping(path, sub, f"translations.{lang}", TRANSLATION_KEYS)
    return out


def _text_mapping(path: Path, node: YamlNode, where: str,
                  allowed: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(node.value, dict):
        raise ConfigError(path, node.line, f"'{where}' must be a mapping of "
                          f"{', '.join(allowed)}")
    out = {}
    for key, sub in node.value.items():
        if key not in allowed:
            raise ConfigError(path, sub.line, f"unknown field '{where}.{key}' (allowed: "
                              f"{', '.join(allowed)})")
        if not isinstance(sub.value, str):
            raise ConfigError(path, sub.line, f"'{where}.{key}' must be text")
        out[key] = sub.value
    return out


# ---------------------------------------------------------------------------------------------
# Rejecting


def parse_target(target: str) -> tuple[str | None, str | None]:
    """(canonical URL, id) for what a person passed to `reject`: an http(s) URL or an id."""
    text = target.strip()
    if re.match(r"^https?://", text, re.I):
        return _url_flag(text, "URL"), None
    if ID_RE.match(text):
        return None, text
    raise BadValue(f"'{target}' is neither an http(s) URL nor an article id (the `id` of a "
                   "page's front matter)")


class _ListIndentDumper(yaml.SafeDumper):
    """Indents list items under their key, as the hand-written files in feeds/ do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def rejected_text(original: str | None, items: list[dict[str, Any]]) -> str:
    """feeds/rejected.yml with `items`, keeping the file's leading comment block (pure)."""
    header = REJECTED_HEADER
    if original is not None:
        lines = original.split("\n")
        keep = []
        for line in lines:
            if line.strip() and not line.lstrip().startswith("#"):
                break
            keep.append(line)
        header = "\n".join(keep).rstrip("\n") + "\n\n" if any(keep) else ""
    body = yaml.dump({"rejected": items}, Dumper=_ListIndentDumper, sort_keys=False,
                     allow_unicode=True, default_flow_style=False, width=100)
    return header + body


def reject(project: Project, target: str, reason: str = "", *, today: date | None = None,
           lock_wait: float = 0.0) -> RejectOutcome:
    """Record a rejection in feeds/rejected.yml (once) and remove the article's pages.

    Existing items are kept as they are; comments between items are not (the file is
    rewritten with a YAML dumper), only the comment block at the top.
    """
    url, id_ = parse_target(target)
    today = today or datetime.now(UTC).date()
    path = project.feeds_dir / REJECTED_FILE
    with archive_lock(project.feeds_dir / LOCK_NAME, wait=lock_wait):
        rejections = load_rejected(path)  # ConfigError if a person broke the file
        original = path.read_text(encoding="utf-8") if path.exists() else None
        ids = {id_} if id_ else {article_id(url)}
        urls = {url} if url else set()
        pages = [a for a in load_archive(project.articles_dir).articles
                 if a.id in ids or (a.url and _canonical_or_none(a.url) in urls)]
        for page in pages:
            ids.add(page.id)
            if page.url:
                urls.add(_canonical_or_none(page.url))
        found = find_rejection(ids, urls, rejections)
        if found is not None:
            item = {k: v for k, v in (("url", found.url), ("id", found.id),
                                      ("reason", found.reason)) if v}
            already = True
        else:
            item = {}
            if urls:
                item["url"] = sorted(urls)[0] if not url else url
            page_id = id_ or (pages[0].id if pages else (article_id(url) if url else None))
            if page_id:
                item["id"] = page_id
            item["reason"] = " ".join(reason.split())
            item["date"] = today.isoformat()
            data = yaml.safe_load(original) if original else None
            items = list((data or {}).get("rejected") or [])
            write_replace(path, rejected_text(original, [*items, item]))
            already = False
        removed = []
        for page in pages:
            if page.path is not None and page.path.exists():
                page.path.unlink()
                removed.append(page.path)
    return RejectOutcome(item=item, already=already, removed=removed)


# ---------------------------------------------------------------------------------------------
# Documentation


def vocabulary_markdown(project: Project) -> str:
    """The tag and event tables of CONTRIBUTING.md, from feeds/tags.yml and feeds/events.yml."""
    lines = ["| tag | label | what it covers |", "|---|---|---|"]
    lines += [f"| `{t.id}` | {t.label} | {_cell(t.description)} |" for t in project.tags.values()]
    lines += ["", "| event | date | what happened |", "|---|---|---|"]
    for e in project.events.values():
        shown = {"day": f"{e.date:%Y-%m-%d}", "month": f"{e.date:%Y-%m}"}.get(
            e.precision, f"about {e.date:%Y-%m}")
        lines.append(f"| `{e.id}` | {shown} | {_cell(e.title)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
