"""Selection: which parsed entries belong to the story, and which are already archived.

Three filters, in this order: the reject list, duplicates (within the run and against the pages
already in the archive), then the topic rules. Each kept entry records the rule that kept it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import WHOLE_FEED, Article, Entry, Rejection, Selection, Source, Tag, TopicRules
from .urls import canonical_or

# Hyphens and spaces that news sites use inside "GPT-4o": U+2010..U+2015, minus sign, NBSPs.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)


def normalise(text: str) -> str:
    """Fold case, dash and space variants so keywords match however the text was typeset."""
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_DASHES).translate(_SPACES).translate(_INVISIBLE).casefold()


def _keyword_parts(keyword: str) -> list[str]:
    return [p for p in re.split(r"[\s\-]+", normalise(keyword).strip()) if p]


def _keyword_pattern(keyword: str) -> str:
    """A keyword as a regex: spaces/hyphens interchangeable, bounded by non-word characters."""
    parts = [re.escape(p) for p in _keyword_parts(keyword)]
    return r"(?<!\w)" + r"[\s\-]+".join(parts) + r"(?!\w)"


@dataclass(frozen=True)
class Matcher:
    """Compiled keywords: `first(text)` returns the keyword that matched, or None."""

    keywords: tuple[str, ...]
    pattern: re.Pattern[str] | None

    @classmethod
    def compile(cls, keywords: Iterable[str]) -> Matcher:
        # A keyword of only dashes and spaces would compile to an empty pattern matching anywhere.
        keywords = tuple(k for k in keywords if _keyword_parts(k))
        if not keywords:
            return cls((), None)
        groups = "|".join(f"(?P<k{i}>{_keyword_pattern(k)})" for i, k in enumerate(keywords))
        return cls(keywords, re.compile(groups))

    def first(self, text: str) -> str | None:
        if self.pattern is None:
            return None
        m = self.pattern.search(normalise(text))
        return self.keywords[int(m.lastgroup[1:])] if m else None

    def all(self, text: str) -> set[str]:
        if self.pattern is None:
            return set()
        return {self.keywords[int(m.lastgroup[1:])] for m in self.pattern.finditer(normalise(text))}


@dataclass(frozen=True)
class Rules:
    """Topic rules and tag vocabulary, compiled once per run."""

    include: Matcher
    exclude: Matcher
    tags: tuple[tuple[str, Matcher], ...]
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
            tags=tuple((t.id, Matcher.compile(t.keywords)) for t in tags.values()),
            tag_names=names,
        )

    def topic(self, text: str) -> tuple[str | None, str | None]:
        """(include keyword, exclude keyword) found in the text."""
        return self.include.first(text), self.exclude.first(text)

    def tags_for(self, text: str, categories: Iterable[str]) -> list[str]:
        found = {tag_id for tag_id, matcher in self.tags if matcher.first(text)}
        names = (_words(c) for c in categories)
        found.update(self.tag_names[n] for n in names if n and n in self.tag_names)
        return sorted(found)


def _words(text: str) -> str:
    """The words of a text, normalised: "AI-Companions " and "ai companions" are one name."""
    return " ".join(re.findall(r"\w+", normalise(text)))


def title_key(title: str, source: str) -> str:
    """Second identity for an article: the same headline from the same outlet.

    Aggregators such as Google News give each item its own redirect URL, so the URL alone cannot
    tell that two items are one story. A headline with no words at all ("???") gives "": such
    headlines say nothing about the story, so they are not used to match.
    """
    words = _words(title)
    return f"{words}|{_words(source)}" if words else ""


@dataclass
class ArchiveIndex:
    """What already exists: ids, canonical URLs and headline keys of archived and rejected pages."""

    ids: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    rejected_ids: set[str] = field(default_factory=set)
    rejected_urls: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, articles: Iterable[Article], rejected: Iterable[Rejection]) -> ArchiveIndex:
        index = cls()
        for article in articles:
            # A hand-added page may hold the URL as it was pasted, not in canonical form.
            url = canonical_or(article.url, article.url) if article.url else None
            index.add(article.id, url, title_key(article.title, article.source))
        for r in rejected:
            if r.id:
                index.rejected_ids.add(r.id)
            if r.url:
                index.rejected_urls.add(canonical_or(r.url, r.url))
        return index

    def add(self, id_: str, url: str | None, key: str) -> None:
        self.ids.add(id_)
        if url:
            self.urls.add(url)
        if key:
            self.titles.add(key)

    def is_rejected(self, entry: Entry) -> bool:
        return entry.id in self.rejected_ids or entry.url in self.rejected_urls

    def has(self, entry: Entry, key: str) -> bool:
        return entry.id in self.ids or entry.url in self.urls or bool(key and key in self.titles)


@dataclass
class SelectionResult:
    """What selection did with one feed's entries, for the report."""

    selected: list[Selection] = field(default_factory=list)
    duplicates: int = 0
    rejected: int = 0
    off_topic: int = 0


def select_entries(
    entries: Iterable[Entry], source: Source, rules: Rules, index: ArchiveIndex, text_of
) -> SelectionResult:
    """Keep the entries that belong to the story and are new; add them to `index` as they pass.

    `text_of(entry)` gives the plain text the topic rules and tag keywords are matched against.
    """
    result = SelectionResult()
    for entry in entries:
        publisher = entry.source_name or source.name
        key = title_key(entry.title, publisher)
        if index.is_rejected(entry):
            result.rejected += 1
            continue
        if index.has(entry, key):
            result.duplicates += 1
            continue
        text = text_of(entry)
        included, excluded = rules.topic(text)
        if excluded or not (source.whole_feed or included):
            result.off_topic += 1
            continue
        selected_by = WHOLE_FEED if source.whole_feed else f"keyword: {included}"
        result.selected.append(
            Selection(entry=entry, selected_by=selected_by,
                      tags=rules.tags_for(text, entry.categories))
        )
        index.add(entry.id, entry.url, key)
    return result
