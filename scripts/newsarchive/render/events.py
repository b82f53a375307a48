"""The key events (feeds/events.yml): a vertical timeline on /events/, and a paginated list of
the articles about an event when more cover it than its entry shows."""

from __future__ import annotations

import re
from functools import partial

from ..model import Event
from .common import (
    MONTHS,
    clean,
    count_words,
    front_matter,
    href,
    human_date,
    lang_attr,
    md_text,
    text,
)
from .feeds import DEFAULT_SITE_NAME, event_feed
from .index import ArchiveIndex
from .index import event_src as index_event_src
from .pages import PER_PAGE, Blocks, LazyPage, Page, listing_pages

# Up to this many covering articles (the newest) are listed under an event; when there are
# more, all of them are on the event's own paginated page, so the events page stays small.
EVENT_OPEN_LIST = 10


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
    """An event on /events/: its date, its title (linked to its own page), what happened, and
    the newest articles about it."""
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
    own = href(here, index.event_url(event.id))
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
            more = (f'<p class="na-event__more"><a href="{own}">'
                    f"All {len(covered):,} articles about this event</a></p>")
        coverage = (f'<div class="na-event__coverage"><p>{label}:</p>'
                    f"<ul>{links}</ul>{more}</div>")
    else:
        coverage = '<p class="na-event__coverage">No archived article about this event yet.</p>'
    return (f'<li class="na-event" id="{text(event.id)}">{when}'
            f'<h{level} class="na-event__title"><a href="{own}">{text(event.title)}</a>'
            f"</h{level}>{paragraphs(event.description, 'na-event__desc')}{coverage}</li>")


def event_src(event: Event) -> str:
    return index_event_src(event.id)


def event_intro(index: ArchiveIndex, event: Event, count: int, here: str) -> str:
    """What an event's own page says above its articles (`here`: which of its pages)."""
    stamp, words = event_when(event)
    return (f'<p class="na-event__date"><time datetime="{stamp}">{text(words)}</time></p>'
            f"{paragraphs(event.description)}"
            f"<p>{count_words(count, 'article')} about this event, newest first. "
            f'<a href="{href(here, index.url("events/index.md"))}#{text(event.id)}">'
            "All key events</a>.</p>")


def event_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE,
                site_name: str = DEFAULT_SITE_NAME) -> list[LazyPage]:
    """A page for each key event: what happened, then every article about it, paginated, and
    its Atom feed."""
    pages: list[LazyPage] = []
    for event in index.sorted_events():
        items = index.by_event.get(event.id, [])
        intro = partial(event_intro, index, event, len(items))
        feed = event_feed(index, event, site_name=site_name)
        pages += listing_pages(
            index, items, folder=event_src(event).removesuffix("/index.md"),
            title=f"Key event: {event.title}", per_page=per_page, intro_html=intro,
            empty_html="No archived article about this event yet.",
            feed=feed.link("Follow this event with its Atom feed"))
    return pages


def events_page(index: ArchiveIndex) -> Page:
    """Key events as a vertical timeline: `<ol>` per era, `<time>` per event, no JavaScript."""
    src = "events/index.md"
    here = index.url(src)
    # Stable sort: events on the same date keep the order events.yml gives them.
    events = index.sorted_events()
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


