"""The key events (feeds/events.yml): a vertical timeline on /events/, each event with its
first reports, and a page per event with all of them and its Atom feed. An event's words are
in the edition's language (`translations:` in events.yml), English where they are missing."""

from __future__ import annotations

import re
from functools import partial

from ..model import Event, EventText
from .common import (
    clean,
    front_matter,
    href,
    lang_attr,
    md_text,
    text,
    title_html,
    title_text,
)
from .feeds import event_feed
from .i18n import ENGLISH, Edition
from .index import ArchiveIndex, event_src
from .pages import PER_PAGE, Blocks, LazyPage, Page, listing_pages, newest

# Up to this many covering articles are listed under an event, the earliest first: the reports
# of the event itself rather than later pieces that recall it. When there are more, all of them
# are on the event's own paginated page, so the events page stays small.
EVENT_OPEN_LIST = 10


def event_when(event: Event, ed: Edition = ENGLISH) -> tuple[str, str]:
    """(datetime attribute, words) for an event's date at the precision it is known."""
    w = ed.words
    d = event.date
    if event.precision == "day":
        return d.isoformat(), w.day(d)
    if event.precision == "month":
        return f"{d.year:04d}-{d.month:02d}", w.month_year(d.year, d.month)
    # approximate: a day other than the 1st was given on purpose, keep it
    if d.day != 1:
        return d.isoformat(), w("around_day", day=w.day(d))
    return f"{d.year:04d}-{d.month:02d}", w("around_month", month=w.month_year(d.year, d.month))


def event_date_html(event: Event, ed: Edition = ENGLISH) -> str:
    """The event's date and, in brackets, what is known about it (its date note)."""
    stamp, words = event_when(event, ed)
    note = clean(event.text(ed.lang).date_note)
    if event.precision == "approximate":
        extra = note or ed.words("exact_date_unknown")
        return (f'<p class="na-event__date"><time datetime="{stamp}">{text(words)}</time> '
                f'<span class="na-event__note">{text(ed.words("date_not_exact", note=extra))}'
                "</span></p>")
    suffix = f' <span class="na-event__note">({text(note)})</span>' if note else ""
    return (f'<p class="na-event__date"><time datetime="{stamp}">{text(words)}</time>'
            f"{suffix}</p>")


def paragraphs(value: str, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return "".join(f"<p{c}>{text(p)}</p>" for p in re.split(r"\n\s*\n", value or "") if clean(p))


def event_item(index: ArchiveIndex, event: Event, level: int, here: str,
               ed: Edition = ENGLISH) -> str:
    """An event on /events/: its date, its title (linked to its own page), what happened, and
    the first reports of it."""
    w = ed.words
    words: EventText = event.text(ed.lang)
    covered = index.by_event.get(event.id, [])  # newest first, undated last
    own = href(here, index.event_url(event.id, ed))
    if covered:
        dated = [i for i in covered if i.article.date is not None]
        earliest = [*reversed(dated), *covered[len(dated):]]
        links = "".join(
            f'<li><a href="{href(here, i.url)}"{lang_attr(title[1], ed.lang)}>'
            f"{title[0]}</a> <span class=\"na-event__src\">"
            f"({text(i.article.source)}"
            + (f", {text(w.date(i.article.date, short=True))}" if i.article.date else "")
            + ")</span></li>"
            for i in earliest[:EVENT_OPEN_LIST] for title in (title_html(i.article, ed),))
        label = w.count("event_coverage", len(covered))
        more = ""
        if len(covered) > EVENT_OPEN_LIST:
            label += w("event_earliest_here", count=EVENT_OPEN_LIST)
            more = (f'<p class="na-event__more"><a href="{own}">'
                    f'{text(w("event_all", count=w.number(len(covered))))}</a></p>')
        coverage = (f'<div class="na-event__coverage"><p>{text(label)}{_colon(ed)}</p>'
                    f"<ul>{links}</ul>{more}</div>")
    else:
        coverage = f'<p class="na-event__coverage">{text(w("event_none"))}</p>'
    return (f'<li class="na-event" id="{text(event.id)}">{event_date_html(event, ed)}'
            f'<h{level} class="na-event__title"><a href="{own}">{text(words.title)}</a>'
            f"</h{level}>{paragraphs(words.description, 'na-event__desc')}{coverage}</li>")


def _colon(ed: Edition) -> str:
    return "\u00a0:" if ed.lang == "fr" else ":"


def event_intro(index: ArchiveIndex, event: Event, count: int, here: str,
                ed: Edition = ENGLISH) -> str:
    """What an event's own page says above its articles (`here`: which of its pages)."""
    w = ed.words
    back = href(here, index.page("events/index.md", ed))
    return (f"{event_date_html(event, ed)}{paragraphs(event.text(ed.lang).description)}"
            f"<p>{text(w.count('event_intro', count))} "
            f'<a href="{back}#{text(event.id)}">{text(w("all_key_events"))}</a>.</p>')


def event_pages(index: ArchiveIndex, *, per_page: int = PER_PAGE,
                ed: Edition = ENGLISH) -> list[LazyPage]:
    """A page for each key event: what happened, then every article about it, paginated, and
    its Atom feed."""
    w = ed.words
    pages: list[LazyPage] = []
    for event in index.sorted_events():
        items = index.by_event.get(event.id, [])
        feed = event_feed(index, event, ed=ed)
        pages += listing_pages(
            index, items, folder=ed.src(event_src(event.id)).removesuffix("/index.md"),
            title=w("event_title", title=event.text(ed.lang).title), per_page=per_page,
            intro_html=partial(event_intro, index, event, len(items), ed=ed),
            empty_html=text(w("event_none")), feed=feed.link(w("event_feed_link")), ed=ed)
    return pages


def events_page(index: ArchiveIndex, ed: Edition = ENGLISH) -> Page:
    """Key events as a vertical timeline: `<ol>` per era, `<time>` per event, no JavaScript."""
    w = ed.words
    src = ed.src("events/index.md")
    here = index.url(src)
    events = index.sorted_events()
    use_eras = any(clean(e.era) for e in events)
    groups: list[tuple[str, list[Event]]] = []
    for e in events:
        era = clean(e.text(ed.lang).era) or (w("other_events") if use_eras else "")
        if not groups or groups[-1][0] != era:
            groups.append((era, []))
        groups[-1][1].append(e)
    title = w("key_events")
    blocks = Blocks()
    parts = [front_matter({"title": title_text(title)}) + f"# {md_text(title)}",
             blocks.add(f'<div class="na-intro"><p>{text(w("events_intro"))}</p></div>')]
    if not events:
        parts.append(blocks.add(f'<p class="na-empty">{text(w("no_events"))}</p>'))
    for era, members in groups:
        if era:
            parts.append(f"## {md_text(era)}")
        level = 3 if use_eras else 2
        items = "\n".join(event_item(index, e, level, here, ed) for e in members)
        parts.append(blocks.add(f'<ol class="na-events">\n{items}\n</ol>'))
    covered = (i for e in events for i in index.by_event.get(e.id, []))
    return Page(src, "\n\n".join(parts) + "\n", in_nav=True, parts=tuple(blocks.items),
                lastmod=newest(covered))
