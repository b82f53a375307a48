"""The rest of an article's story, under its summary: the other archived reports of the key
events it covers ("Also reported", nearest in date first, in any language), those key events
with their dates, linking to their pages; and for an article with no key event (or none that
another article reports), the articles nearest in date that share a tag with it.

Found from the index's groups (`by_event`, `by_tag`), which keep articles newest first and the
undated last: an article's nearest neighbours in date sit beside it there, so each group is
walked outward from the article's place (found by bisection), never scanned whole. The work
per article is its number of events (or tags) times a few steps: linear in the archive, with
no comparison of every pair of articles.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Event
from .common import clean, iso, lang_attr, normalize_lang, text, title_html
from .events import event_when
from .i18n import ENGLISH, Edition
from .index import ArchiveIndex, Item

ALSO_REPORTED = 6  # other articles listed under an article's summary
_UNDATED = float("inf")  # an undated article is farther than any dated one


@dataclass(frozen=True)
class Story:
    """What an article's page links to beyond itself."""

    events: tuple[Event, ...]  # the key events it covers, oldest first
    related: tuple[Item, ...]  # other articles, nearest in date first
    by_tag: bool = False  # `related` share a tag with it, not a key event


Nearness = tuple[float, int, int]


def _distance(item: Item, other: Item) -> float:
    a, b = item.article.date, other.article.date
    return abs((a - b).total_seconds()) if a is not None and b is not None else _UNDATED


def nearness(item: Item, other: Item) -> Nearness:
    """How near `other` is to `item`, smallest first: the seconds between them; at equal
    distance, the nearer on the timeline; then the newer. An undated `item` has no date to be
    near to: every other article is as far, the newest first."""
    step = abs(other.pos - item.pos) if item.article.date is not None else 0
    return (_distance(item, other), step, other.pos)


def nearest(group: Sequence[Item], item: Item, n: int) -> list[tuple[Nearness, Item]]:
    """The (up to) `n` members of `group` other than `item` nearest to it, nearest first.
    `group` is one of the index's lists, in timeline order (newest first, undated last), so
    the nearest dated ones are found by walking outward from `item`'s place in it."""
    if n <= 0 or not group:
        return []
    dated = bisect_left(group, True, key=lambda i: i.article.date is None)
    here = bisect_left(group, item.pos, key=lambda i: i.pos)
    found: list[tuple[Nearness, Item]] = []
    if item.article.date is not None:
        newer, older = here - 1, here + (here < len(group) and group[here] is item)
        while len(found) < n and (newer >= 0 or older < dated):
            near, k = min((nearness(item, group[k]), k) for k in (newer, older)
                          if 0 <= k < dated)
            found.append((near, group[k]))
            if k == newer:
                newer -= 1
            else:
                older += 1
        rest: Iterable[Item] = group[dated:]
    else:
        rest = group
    for other in rest:
        if len(found) >= n:
            break
        if other is not item:
            found.append((nearness(item, other), other))
    return found


def story_of(index: ArchiveIndex, item: Item, limit: int = ALSO_REPORTED) -> Story:
    """An article's key events and the `limit` other articles nearest to it in date among
    those reporting them (or, failing any, among those sharing a tag)."""
    a = item.article
    events = tuple(sorted((index.events[e] for e in dict.fromkeys(a.events)
                           if e in index.events), key=lambda e: e.date))
    related = _nearest_in(item, [index.by_event.get(e.id, []) for e in events], limit)
    by_tag = not related
    if by_tag:
        related = _nearest_in(item, [index.by_tag.get(t, []) for t in dict.fromkeys(a.tags)],
                              limit)
    return Story(events, tuple(related), by_tag and bool(related))


def _nearest_in(item: Item, groups: Sequence[Sequence[Item]], limit: int) -> list[Item]:
    """The `limit` articles nearest to `item` across `groups`: the nearest of all are among
    each group's nearest `limit`, so each group gives only those."""
    best: dict[int, tuple[Nearness, Item]] = {}
    for group in groups:
        for near, other in nearest(group, item, limit):
            best[id(other)] = (near, other)
    return [other for _, other in sorted(best.values(), key=lambda f: f[0])[:limit]]


def story_html(index: ArchiveIndex, item: Item, told: Story, ed: Edition = ENGLISH) -> str:
    """The story under an article's summary, in the words of edition `ed` and linking to its
    pages: other reports (source, date and language of each), then the key events."""
    w, up = ed.words, "../" * item.url.count("/")  # article pages are never the home page
    parts = []
    if told.related:
        rows = "".join(_cached(index, other, ed, _related_row) for other in told.related)
        heading = w("same_subject" if told.by_tag else "also_reported")
        parts.append(f'<h2 class="na-story__heading">{text(heading)}</h2>'
                     f'<ul class="na-related">{rows}</ul>')
    if told.events:
        rows = "".join(_cached(index, e, ed, _event_row) for e in told.events)
        parts.append(f'<h2 class="na-story__heading">{text(w("story_events"))}</h2>'
                     f'<ul class="na-story__events">{rows}</ul>')
    return f'<div class="na-story">{"".join(parts)}</div>'.replace(_SITE, up) if parts else ""


# An article is listed under some six others, and a key event under each of its reports: its
# row is built once per edition with this mark where the way up to the site's root goes, and
# each page puts its own in (every article page is as deep as its URL). `text()` removes NUL,
# so the mark never occurs in content.
_SITE = "\x00"


def _cached(index: ArchiveIndex, what: Item | Event, ed: Edition,
            row: Callable[[ArchiveIndex, Any, Edition], str]) -> str:
    key = ("story", id(what), ed.lang)
    cached = index.row_cache.get(key)
    if cached is None or cached[0] is not what:  # `what` is kept, so its id is never reused
        cached = index.row_cache[key] = (what, row(index, what, ed))
    return cached[1]


def _related_row(index: ArchiveIndex, other: Item, ed: Edition) -> str:
    """One other article: its headline (and our rendering of it in the edition's language),
    then its source, date and language."""
    a, w = other.article, ed.words
    title, title_lang = title_html(a, ed)
    rendering = clean(a.rendering_in(ed.lang)) if a.headline_seen else ""
    rendered = (f' <span class="na-related__rendering">({text(rendering)})</span>'
                if rendering and rendering != clean(a.title) else "")
    when = (f'<time datetime="{iso(a.date)}">{text(w.date(a.date, short=True))}</time>'
            if a.date else text(w("date_unknown")))
    language = w.language_name(normalize_lang(a.lang))
    return (f'<li><a href="{_SITE}{other.url}"{lang_attr(title_lang, ed.lang)}>{title}</a>'
            f'{rendered} <span class="na-related__meta">{text(a.source)} · {when} · '
            f"{text(language)}</span></li>")


def _event_row(index: ArchiveIndex, event: Event, ed: Edition) -> str:
    """A key event: its date (as precisely as it is known) and title, linking to its page."""
    stamp, day = event_when(event, ed)
    return (f'<li><time datetime="{stamp}">{text(day)}</time> '
            f'<a href="{_SITE}{index.event_url(event.id, ed)}">'
            f"{text(event.text(ed.lang).title)}</a></li>")
