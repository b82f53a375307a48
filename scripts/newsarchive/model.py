"""The small typed objects that travel through the pipeline.

One article goes: `Source` -> `FetchResult` (bytes) -> `Entry` (parsed, normalised) ->
`Selection` (why it belongs to the story) -> `Article` (a page in `docs/articles/`).
The site side reads `Article`s back and never sees feeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

WHOLE_FEED = "whole feed"


@dataclass(frozen=True)
class Source:
    """One feed to poll, from `feeds/sources.yml`."""

    id: str
    name: str
    url: str
    lang: str | None = None
    # True: every entry belongs to the story. False: only entries matching the topic rules.
    whole_feed: bool = False


@dataclass(frozen=True)
class TopicRules:
    """Keywords and phrases, matched case-insensitively on word boundaries."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class TagText:
    """A tag's words in another language (`translations: {fr: {...}}` in feeds/tags.yml)."""

    label: str
    description: str = ""


@dataclass(frozen=True)
class Tag:
    """One entry of the tag vocabulary (`feeds/tags.yml`)."""

    id: str
    label: str
    description: str = ""
    # Keywords that put this tag on a fetched article automatically.
    keywords: tuple[str, ...] = ()
    # Language tag -> the tag's label and description in that language (English above).
    translations: dict[str, TagText] = field(default_factory=dict, hash=False, compare=False)

    def text(self, lang: str) -> TagText:
        """Label and description in `lang`, English for what is not translated."""
        found = self.translations.get(lang)
        return TagText(label=(found and found.label) or self.label,
                       description=(found and found.description) or self.description)


@dataclass(frozen=True)
class EventText:
    """An event's words in another language (`translations: {fr: {...}}` in feeds/events.yml)."""

    title: str
    description: str = ""
    date_note: str = ""
    era: str = ""


@dataclass(frozen=True)
class Event:
    """A milestone of the story (`feeds/events.yml`)."""

    id: str
    date: date
    title: str
    description: str
    era: str = ""
    # "day" when the exact day is known, "month" when only the month is, "approximate" otherwise.
    precision: Literal["day", "month", "approximate"] = "day"
    date_note: str = ""
    # Language tag -> the same event in that language; the fields above are the English ones.
    translations: dict[str, EventText] = field(default_factory=dict, hash=False, compare=False)

    def text(self, lang: str) -> EventText:
        """Title, description, date note and era in `lang`, English for what is not translated."""
        found = self.translations.get(lang)
        return EventText(
            title=(found and found.title) or self.title,
            description=(found and found.description) or self.description,
            date_note=(found and found.date_note) or self.date_note,
            era=(found and found.era) or self.era,
        )


@dataclass(frozen=True)
class Rejection:
    """An article a maintainer rejected (`feeds/rejected.yml`)."""

    url: str | None = None
    id: str | None = None
    reason: str = ""


# `missing:` in feeds/unverified.yml for the usual case; any other value is shown as written.
MISSING_DATE = "date"


@dataclass(frozen=True)
class Unverified:
    """A real article about the story that is not archived because a fact every page needs
    could not be established (`feeds/unverified.yml`): its date, mostly. Unlike a rejection it
    stops nothing; the site lists it and asks readers who know the fact."""

    url: str
    source: str
    lang: str
    missing: str  # MISSING_DATE, or in a few words of English what could not be established
    seen: date  # when we read it


@dataclass
class Project:
    """Everything under `feeds/` plus where the archive lives."""

    root: Path
    sources: list[Source]
    rules: TopicRules
    tags: dict[str, Tag]
    events: dict[str, Event]
    rejected: list[Rejection]
    excerpt_words: int = 150
    title: str = "News archive"
    # Look up (or ask for) an archived copy of each new page's original: wayback.py.
    archive_copies: bool = True
    # Aggregator links: days an unresolved Google News link is retried before the page is
    # written with it, and where Google News is reached (tests point it at a loopback fake).
    link_retry_days: int = 3
    google_news_url: str = "https://news.google.com"
    unverified: list[Unverified] = field(default_factory=list)

    @property
    def feeds_dir(self) -> Path:
        return self.root / "feeds"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def articles_dir(self) -> Path:
        return self.root / "docs" / "articles"

    @property
    def state_path(self) -> Path:
        return self.root / "feeds" / "state.json"


# "deferred": not requested in this run, the feed keeps failing and waits for its next attempt.
FetchStatus = Literal["ok", "not_modified", "error", "gone", "deferred"]


@dataclass
class FetchResult:
    """What the HTTP stage hands on: bytes to parse, or why there are none."""

    source: Source
    status: FetchStatus
    body: bytes | None = None
    content_type: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    attempts: int = 1


@dataclass
class Entry:
    """One feed entry, parsed and normalised, before selection."""

    feed_id: str
    title: str
    link: str  # as the feed gave it
    url: str  # canonical
    id: str  # stable, derived from the canonical URL
    date: datetime | None  # UTC, aware
    date_inferred: bool = False
    lang: str | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    summary_html: str = ""
    content_html: str = ""
    source_name: str | None = None  # publisher named by the entry (e.g. a news aggregator)
    guid: str | None = None
    source_url: str | None = None  # publisher's site, as an aggregator names it (<source url>)
    via: str | None = None  # the aggregator link the entry came through
    url_resolved: bool = True  # False: `url` is still the aggregator's link
    # False: the feed gave no title, and `title` is our description from the entry's first words.
    headline_seen: bool = True


@dataclass
class Selection:
    """An entry the selection stage kept, and the rule that kept it."""

    entry: Entry
    selected_by: str  # "whole feed" or "keyword: GPT-4o"
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Snapshot:
    """A copy of an original in a web archive (the Wayback Machine), and when it was taken."""

    url: str
    timestamp: datetime  # UTC, aware


LINK_DEAD = "dead"


@dataclass(frozen=True)
class Carrier:
    """A licensed copy of an article seen at another outlet (a portal carrying a trade paper's
    story, a wire story on a member paper's site): the page records the original outlet's
    article, and this says where the copy was read."""

    source: str
    url: str


@dataclass(frozen=True)
class ArticleText:
    """Our words for an article in one edition's language (`translations: {fr: {...}}`): a
    summary, and a rendering of the headline (or of our description of it)."""

    summary: str = ""
    title: str = ""


def primary_lang(tag: str | None) -> str:
    """'fr' for 'fr-CA': an edition reads any variety of its language as its own."""
    return (tag or "").split("-")[0].lower()


@dataclass
class Article:
    """One page of the archive: YAML front matter plus a Markdown body."""

    title: str
    date: datetime | None  # UTC, aware; None only for a hand-added page of unknown date
    source: str
    url: str | None
    lang: str
    id: str
    summary: str
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    feed: str | None = None
    fetched: datetime | None = None
    selected_by: str | None = None
    archive_url: str | None = None
    events: list[str] = field(default_factory=list)
    date_inferred: bool = False
    # How the date was established, in our words (never a quote): shown beside the date so a
    # reader who sees "date estimated" learns why, and why a precise date can be trusted.
    date_note: str | None = None
    # An English rendering of a headline in another language: shown under it and searchable.
    title_en: str | None = None
    # The summary's language when it differs from the article's: our own summaries of articles
    # in other languages are written in English.
    summary_lang: str | None = None
    archived: Snapshot | None = None  # found or requested by fetch/add/links (wayback.py)
    link_status: str | None = None  # LINK_DEAD once `newsarchive links` finds the original gone
    link_checked: date | None = None  # the day it was found dead
    via: str | None = None  # the aggregator link (Google News) the article was found through
    url_resolved: bool = True  # False: the publisher's address is unknown, `url` is `via`
    # False: the stored copy showed no headline, and `title` is our own short description in
    # English; every view marks it as ours ("[...] (headline not recorded)").
    headline_seen: bool = True
    # Where a licensed syndicated copy was read; `source` and `url` stay the original outlet's
    # (`url` is the copy's address when the original's is unknown).
    carried_by: Carrier | None = None
    highlight: bool = False  # essential reading: listed on the home page, a search filter
    # Language tag -> our summary (and headline rendering) in that language, so each edition
    # of the site shows a summary in its own language.
    translations: dict[str, ArticleText] = field(default_factory=dict)
    body: str = ""
    path: Path | None = None  # where it lives, once written or read

    def summary_in(self, lang: str) -> tuple[str, str]:
        """(summary, its language) for a reader of `lang`: ours in that language when the page
        has it, else the page's summary in its own language."""
        own = self.summary_lang or self.lang
        if primary_lang(own) != primary_lang(lang):
            found = self.translations.get(lang)
            if found is not None and found.summary.strip():
                return found.summary, lang
        return self.summary, own

    def rendering_in(self, lang: str) -> str:
        """Our rendering of the headline in `lang` (`title_en` for English), or ""."""
        if primary_lang(lang) == "en":
            return self.title_en or ""
        found = self.translations.get(lang)
        return found.title if found is not None else ""

    def title_in(self, lang: str) -> tuple[str, str]:
        """(title, its language) as a reader of `lang` sees it: the headline as published, or,
        when it was not seen, our description in their language if the page gives it (else as
        written: English on a hand-added page, the article's language on a fetched one)."""
        if self.headline_seen:
            return self.title, self.lang
        if primary_lang(lang) != "en" and (rendered := self.rendering_in(lang).strip()):
            return rendered, lang
        # A curator writes the description in English; fetch takes an entry's first words,
        # in the entry's language.
        return self.title, "en" if self.feed is None else self.lang
