"""Selection: which parsed entries belong to the story, and which are already archived.

Four filters, in this order: the reject list, duplicates (within the run and against the pages
already in the archive), the story's dates (nothing dated before its first event), then the
topic rules. Each kept entry records the rule that kept it.

An article's identity is its canonical publisher URL, with the variants of one address folded
(`urls.identity_key`: http/https, www., AMP, mobile hosts). The headline-and-outlet key is used
only where a publisher URL is missing (`url_resolved` false): it never drops an entry whose URL
is new to the archive.

A page written with an aggregator's link because the publisher's address was unknown is not
archived twice when that address turns up: an entry that comes through the same aggregator item
(the same token, in whichever link form) or, failing that, carries the page's headline and
outlet, and whose publisher URL is new to the archive, becomes an `Update` of that page instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .aggregator import is_aggregator_url, parse_link
from .model import WHOLE_FEED, Article, Entry, Rejection, Selection, Source, Tag, TopicRules
from .urls import identity_key

# Hyphens and spaces that news sites use inside "GPT-4o": U+2010..U+2015, minus sign, NBSPs.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# One table (no key maps to another key), and a scan that finds whether it is needed at all:
# str.translate looks every character up in a dict, the scan runs in C.
_FOLD = {**_DASHES, **_SPACES, **_INVISIBLE}
_FOLDED_CHARS = re.compile("[" + "".join(map(chr, _FOLD)) + "]")
_SEPARATOR = r"[\s\-]+"


def normalise(text: str) -> str:
    """Fold case, dash and space variants so keywords match however the text was typeset."""
    if not text.isascii():  # ASCII is already NFKC and holds none of the folded characters
        text = unicodedata.normalize("NFKC", text)
        if _FOLDED_CHARS.search(text):
            text = text.translate(_FOLD)
    return text.casefold()


def _keyword_parts(keyword: str) -> list[str]:
    return [p for p in re.split(_SEPARATOR, normalise(keyword).strip()) if p]


def _alternation(keywords: list[tuple[str, list[str]]]) -> str:
    r"""One regex for many keywords (name, parts); a match's `lastgroup` is the keyword's name.

    Same matches as `(?P<name>(?<!\w)part[\s\-]+part(?!\w))|...` in the given order, which
    Python's engine runs slowly: it tries every alternative at every position of the text.
    Here each alternative starts with its first character (the engine skips an alternative
    on a literal mismatch, and scans for the possible first characters in C), keywords that
    share a first character are grouped under it in their original order (alternatives with
    different first characters never match at the same position, so which keyword wins is
    unchanged), the word-boundary lookbehind follows that character ("x(?<!\wx)" is "(?<!\w)x"),
    and the named group is an empty marker at the end.
    """
    by_first: dict[str, list[str]] = {}
    for name, (first, *rest) in keywords:
        tail = re.escape(first[1:]) + "".join(_SEPARATOR + re.escape(p) for p in rest)
        by_first.setdefault(first[0], []).append(rf"{tail}(?!\w)(?P<{name}>)")
    return "|".join(
        rf"{re.escape(char)}(?<!\w{re.escape(char)})(?:{'|'.join(tails)})"
        for char, tails in by_first.items()
    )


@dataclass(frozen=True)
class Matcher:
    """Compiled keywords: `first(text)` returns the keyword that matched, or None.

    `normalised=True` says the text already went through `normalise` (once per entry, not
    once per matcher).
    """

    keywords: tuple[str, ...]
    pattern: re.Pattern[str] | None

    @classmethod
    def compile(cls, keywords: Iterable[str]) -> Matcher:
        # A keyword of only dashes and spaces would compile to an empty pattern matching anywhere.
        parts = [(k, _keyword_parts(k)) for k in keywords]
        parts = [(k, p) for k, p in parts if p]
        if not parts:
            return cls((), None)
        pattern = _alternation([(f"k{i}", p) for i, (_, p) in enumerate(parts)])
        return cls(tuple(k for k, _ in parts), re.compile(pattern))

    def first(self, text: str, *, normalised: bool = False) -> str | None:
        if self.pattern is None:
            return None
        m = self.pattern.search(text if normalised else normalise(text))
        return self.keywords[int(m.lastgroup[1:])] if m else None

    def all(self, text: str, *, normalised: bool = False) -> set[str]:
        if self.pattern is None:
            return set()
        text = text if normalised else normalise(text)
        return {self.keywords[int(m.lastgroup[1:])] for m in self.pattern.finditer(text)}


def _starts_within(outer: list[str], inner: list[str]) -> bool:
    """Can a match of keyword `inner` begin where one of `outer` begins, or inside it?

    A match begins after a non-word character, and a part holds no separator, so `inner`'s
    first part must begin at the start of one of `outer`'s parts or after a non-word character
    in it, and one of the two texts from there must be a prefix of the other. Errs on "yes".
    """
    head = inner[0]
    for part in outer:
        for i in range(len(part)):
            if i and re.match(r"\w", part[i - 1]):
                continue
            rest = part[i:]
            if rest.startswith(head) or head.startswith(rest):
                return True
    return False


@dataclass(frozen=True)
class TagMatcher:
    """Every tag's keywords in a few combined patterns: a text is scanned once per pattern.

    One pattern for all keywords could miss a tag: at a given position only the first
    alternative that matches is reported, and scanning resumes after it. So keywords of two
    tags that could match at the same position, or one inside the other, go to different
    layers; within a layer, whatever hides a keyword's match belongs to the same tag, and
    `found` is exactly the set of tags with at least one keyword in the text.
    """

    layers: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]  # pattern, tag id of k<i>

    @classmethod
    def compile(cls, tags: Iterable[tuple[str, Iterable[str]]]) -> TagMatcher:
        layers: list[list[tuple[str, list[str]]]] = []  # (tag id, keyword parts)
        for tag_id, keywords in tags:
            for keyword in keywords:
                parts = _keyword_parts(keyword)
                if not parts:
                    continue
                for layer in layers:
                    if not any(other != tag_id and (_starts_within(p, parts)
                                                   or _starts_within(parts, p))
                               for other, p in layer):
                        layer.append((tag_id, parts))
                        break
                else:
                    layers.append([(tag_id, parts)])
        return cls(tuple(
            (re.compile(_alternation([(f"k{i}", p) for i, (_, p) in enumerate(layer)])),
             tuple(tag_id for tag_id, _ in layer))
            for layer in layers
        ))

    def found(self, text: str) -> set[str]:
        """Ids of the tags with a keyword in `text`, which must already be `normalise`d."""
        return {ids[int(m.lastgroup[1:])] for pattern, ids in self.layers
                for m in pattern.finditer(text)}


@dataclass(frozen=True)
class Rules:
    """Topic rules and tag vocabulary, compiled once per run."""

    include: Matcher
    exclude: Matcher
    tags: TagMatcher  # every tag's keywords
    tag_names: dict[str, str]  # id or label as `_words` -> tag id, for feed categories

    @classmethod
    def compile(cls, rules: TopicRules, tags: dict[str, Tag]) -> Rules:
        names: dict[str, str] = {}
        for tag in tags.values():
            names[_words(tag.id)] = tag.id
            names[_words(tag.label)] = tag.id
        return cls(
            include=Matcher.compile(rules.include),
            exclude=Matcher.compile(rules.exclude),
            tags=TagMatcher.compile((t.id, t.keywords) for t in tags.values()),
            tag_names=names,
        )

    def topic(self, text: str, *, normalised: bool = False) -> tuple[str | None, str | None]:
        """(include keyword, exclude keyword) found in the text."""
        text = text if normalised else normalise(text)
        return (self.include.first(text, normalised=True),
                self.exclude.first(text, normalised=True))

    def tags_for(self, text: str, categories: Iterable[str], *,
                 normalised: bool = False) -> list[str]:
        found = self.tags.found(text if normalised else normalise(text))
        names = (_words(c) for c in categories)
        found.update(self.tag_names[n] for n in names if n and n in self.tag_names)
        return sorted(found)


def _words(text: str) -> str:
    """The words of a text, normalised: "AI-Companions " and "ai companions" are one name."""
    return " ".join(re.findall(r"\w+", normalise(text)))


def title_key(title: str, source: str) -> str:
    """Fallback identity for an entry whose publisher URL is unknown: headline plus outlet.

    An aggregator link that could not be resolved says nothing about which article it is, so
    only the headline can tell that it was archived already. A headline with no words at all
    ("???") gives "": such headlines say nothing about the story, so they are not used to match.
    """
    words = _words(title)
    return f"{words}|{_words(source)}" if words else ""


@dataclass
class ArchiveIndex:
    """What already exists: ids, URL identities and headline keys of archived pages, and what
    was rejected. `urls` holds `identity_key`s of pages' URLs and of the aggregator links
    (`via`) they were found through. `unresolved` and `unresolved_titles` find the pages whose
    `url` is still an aggregator's link, by that link (`aggregator.parse_link(...).via`, one
    form per item) and by headline key. `hosts`: aggregator hosts besides Google News' own."""

    ids: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    rejected_ids: set[str] = field(default_factory=set)
    rejected_urls: set[str] = field(default_factory=set)
    unresolved: dict[str, Article] = field(default_factory=dict)
    unresolved_titles: dict[str, Article] = field(default_factory=dict)
    hosts: frozenset[str] = frozenset()

    @classmethod
    def build(cls, articles: Iterable[Article], rejected: Iterable[Rejection],
              hosts: Iterable[str] = ()) -> ArchiveIndex:
        index = cls(hosts=frozenset(hosts))
        for article in articles:
            # Our description of an article whose headline was not seen is no headline.
            key = title_key(article.title, article.source) if article.headline_seen else ""
            via = index.aggregator_via(article)
            index.add(article.id, article.url, key, via=via)
            if article.carried_by:  # a syndicated copy of an archived story is that story
                index.urls.add(identity_key(article.carried_by.url))
            if via and article.path is not None and (
                    not article.url_resolved or index.on_aggregator(article.url)):
                index.unresolved[identity_key(via)] = article
                if key:
                    index.unresolved_titles[key] = article
        for r in rejected:
            if r.id:
                index.rejected_ids.add(r.id)
            if r.url:
                index.rejected_urls.add(identity_key(r.url))
        return index

    def on_aggregator(self, url: str | None) -> bool:
        return bool(url) and is_aggregator_url(url, self.hosts)

    def aggregator_via(self, article: Article) -> str | None:
        """The aggregator link a page came through, in the one form `parse_link` gives it:
        its `via`, or its `url` when that is an aggregator's (a page written before the link
        form was known has no `via`)."""
        for link in (article.via, article.url):
            found = parse_link(link, self.hosts) if link else None
            if found is not None:
                return found.via
        return article.via

    def add(self, id_: str, url: str | None, key: str, *, via: str | None = None,
            canonical: bool = False) -> None:
        """Remember one article; `canonical`: its URLs are `canonical_url`s (an entry's are;
        a hand-added page may hold a URL as it was pasted)."""
        self.ids.add(id_)
        for link in (url, via):
            if link:
                self.urls.add(identity_key(link, canonical=canonical))
        if key:
            self.titles.add(key)

    def is_rejected(self, entry: Entry) -> bool:
        return (entry.id in self.rejected_ids or _identity(entry.url) in self.rejected_urls
                or bool(entry.via and _identity(entry.via) in self.rejected_urls))

    def has_url(self, entry: Entry) -> bool:
        """Archived already by id or publisher URL."""
        return entry.id in self.ids or _identity(entry.url) in self.urls

    def has_link(self, entry: Entry) -> bool:
        """Archived already by id, URL or the aggregator link it came through."""
        return self.has_url(entry) or bool(entry.via and _identity(entry.via) in self.urls)

    def has(self, entry: Entry, key: str) -> bool:
        """`has_link`, or for an entry whose publisher URL is unknown, the same headline."""
        if self.has_link(entry):
            return True
        return not entry.url_resolved and bool(key and key in self.titles)

    def unresolved_page(self, entry: Entry, key: str) -> Article | None:
        """The page written with this entry's aggregator link, or with its headline and outlet
        while its publisher URL was unknown; None if there is none."""
        if entry.via and (page := self.unresolved.get(identity_key(entry.via))) is not None:
            return page
        return self.unresolved_titles.get(key) if key else None

    def settled(self, page: Article, entry: Entry) -> None:
        """`page` now holds the publisher URL of `entry`: it is no longer waiting for one."""
        for table in (self.unresolved, self.unresolved_titles):
            for k in [k for k, v in table.items() if v is page]:
                del table[k]
        self.add(page.id, entry.url, "", canonical=True)


@dataclass
class Update:
    """A page written with an aggregator's link, the entry that brings its publisher URL, and
    the aggregator link the page records as `via` (its own, kept)."""

    page: Article
    entry: Entry
    via: str | None = None


@dataclass
class SelectionResult:
    """What selection did with one feed's entries, for the report."""

    selected: list[Selection] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    duplicates: int = 0
    rejected: int = 0
    off_topic: int = 0
    before_story: int = 0


def before_start(entry: Entry, start: date | None) -> bool:
    """Dated before the story's first day (a date fetch had to guess is never too early)."""
    return (start is not None and entry.date is not None and not entry.date_inferred
            and entry.date.date() < start)


def select_entries(
    entries: Iterable[Entry], source: Source, rules: Rules, index: ArchiveIndex, text_of,
    *, story_start: date | None = None,
) -> SelectionResult:
    """Keep the entries that belong to the story and are new; add them to `index` as they pass.

    `text_of(entry)` gives the plain text the topic rules and tag keywords are matched against.
    `story_start`: the first day a page may carry (`validate.story_start`); an entry dated
    before it is not about the story, even from a `whole_feed` source, and `validate` would
    refuse its page. An entry that brings the publisher URL of a page written without one is
    an update of that page (`SelectionResult.updates`), whatever its topic or date: the page
    was selected when it was written.
    """
    result = SelectionResult()
    for entry in entries:
        publisher = entry.source_name or source.name
        # Our description of an entry without a title is no headline to match others by.
        key = title_key(entry.title, publisher) if entry.headline_seen else ""
        if index.is_rejected(entry):
            result.rejected += 1
            continue
        if entry.url_resolved and not index.has_url(entry) and (
                page := index.unresolved_page(entry, key)) is not None:
            result.updates.append(Update(page, entry, index.aggregator_via(page) or entry.via))
            index.settled(page, entry)
            continue
        if index.has(entry, key):
            result.duplicates += 1
            continue
        if before_start(entry, story_start):
            result.before_story += 1
            continue
        text = normalise(text_of(entry))  # once for the topic rules and every tag
        included, excluded = rules.topic(text, normalised=True)
        if excluded or not (source.whole_feed or included):
            result.off_topic += 1
            continue
        selected_by = WHOLE_FEED if source.whole_feed else f"keyword: {included}"
        result.selected.append(
            Selection(entry=entry, selected_by=selected_by,
                      tags=rules.tags_for(text, entry.categories, normalised=True))
        )
        index.add(entry.id, entry.url, key, via=entry.via, canonical=True)
    return result


def _identity(url: str) -> str:
    return identity_key(url, canonical=True)  # entries' URLs are canonical
