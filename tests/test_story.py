"""The rest of an article's story (newsarchive.render.story): the other reports of its key
events, nearest in date first and in any language, the events themselves, and, for an article
with no key event, the articles nearest in date that share a tag with it."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from newsarchive import render
from newsarchive.archive import load_archive
from newsarchive.config import load_events, load_tags
from newsarchive.model import Article, ArticleText, Event, EventText, Tag
from newsarchive.render import story as story_module
from newsarchive.render.story import ALSO_REPORTED, Story, nearest, story_html, story_of

FRENCH = render.edition("fr", site_name="Archive du retrait de GPT-4o")
T0 = datetime(2026, 2, 13, 9, 30, tzinfo=UTC)
EVENTS = {
    "announced": Event("announced", date(2026, 1, 29), "OpenAI announces the retirement",
                       "OpenAI says GPT-4o leaves ChatGPT on 13 February.",
                       translations={"fr": EventText("OpenAI annonce le retrait")}),
    "retired": Event("retired", date(2026, 2, 13), "GPT-4o leaves ChatGPT",
                     "The model is withdrawn.",
                     translations={"fr": EventText("GPT-4o quitte ChatGPT")}),
}
TAGS = {"retirement": Tag("retirement", "Retirement"), "lawsuits": Tag("lawsuits", "Lawsuits")}


def art(n: int, when: datetime | None, **kw) -> Article:
    fields = dict(title=f"GPT-4o story {n}", date=when, source=f"Example {n}",
                  url=f"https://example.com/news/{n}", lang="en", id=f"id{n:05d}",
                  summary=f"Summary of story {n}.")
    fields.update(kw)
    return Article(**fields)


def index_of(articles) -> render.ArchiveIndex:
    pages = [(a, f"articles/{a.date:%Y/%m}/{a.id}/" if a.date else f"articles/undated/{a.id}/")
             for a in articles]
    return render.build_index(pages, TAGS, EVENTS)


def item_of(index: render.ArchiveIndex, n: int) -> render.Item:
    return next(i for i in index.items if i.article.id == f"id{n:05d}")


def ids(items) -> list[int]:
    return [int(i.article.id[2:]) for i in items]


def test_also_reported_lists_the_nearest_reports_of_its_events_in_any_language():
    hours = {1: 0, 2: 5, 3: -3, 4: 30, 5: -50, 6: 100, 7: -200, 8: 400, 9: 1}
    langs = {3: "fr", 4: "tr", 5: "ko", 7: "de"}
    articles = [art(n, T0 + timedelta(hours=h), lang=langs.get(n, "en"),
                    events=["retired"] if n != 5 else ["announced"],
                    tags=["retirement"]) for n, h in hours.items() if n != 9]
    articles[0].events = ["retired", "announced"]  # article 1 covers both events
    articles.append(art(9, T0 + timedelta(hours=1), tags=["retirement"]))  # no key event
    index = index_of(articles)
    told = story_of(index, item_of(index, 1))
    # Nearest first, both events' reports, other languages included; never itself; article 9,
    # the nearest of all, reports no key event of its own. Six at most: 8 is left out.
    assert ids(told.related) == [3, 2, 4, 5, 6, 7]
    assert len(told.related) == ALSO_REPORTED and not told.by_tag
    assert [e.id for e in told.events] == ["announced", "retired"]  # oldest first


def test_an_article_without_a_key_event_shows_the_nearest_sharing_a_tag():
    articles = [art(1, T0, tags=["lawsuits", "retirement"]),
                art(2, T0 - timedelta(days=3), tags=["lawsuits"]),
                art(3, T0 + timedelta(days=1), tags=["retirement"], events=["retired"]),
                art(4, T0 + timedelta(hours=1)),  # nearest, but shares no tag
                art(5, T0 - timedelta(days=1), tags=["lawsuits"], lang="es")]
    index = index_of(articles)
    told = story_of(index, item_of(index, 1))
    assert told.by_tag and told.events == ()
    # 5 and 3 are a day away, but 4 sits between 1 and 3 on the timeline: 5 is the nearer.
    assert ids(told.related) == [5, 3, 2]
    # Sharing nothing at all: nothing to show.
    assert story_of(index, item_of(index, 4)) == Story((), (), False)


def test_undated_articles_come_after_every_dated_one():
    articles = [art(1, T0, events=["retired"]), art(2, None, events=["retired"]),
                art(3, T0 - timedelta(days=300), events=["retired"]),
                art(4, None, events=["retired"], title="Another undated piece")]
    index = index_of(articles)
    assert ids(story_of(index, item_of(index, 1)).related) == [3, 4, 2]
    # An undated article has no date to be near to: the newest reports, then other undated.
    assert ids(story_of(index, item_of(index, 2)).related) == [1, 3, 4]


def brute_force(index: render.ArchiveIndex, item: render.Item, limit: int) -> list:
    """Every pair compared: what `story_of` must find without doing so. Nearest in date; at
    equal distance, nearer on the timeline, then newer; an undated article's: the newest."""
    def far(other):
        a, b = item.article.date, other.article.date
        if a is None:
            return (float("inf"), 0, other.pos)
        seconds = abs((a - b).total_seconds()) if b is not None else float("inf")
        return (seconds, abs(other.pos - item.pos), other.pos)

    def among(keys, groups):
        pool = {id(o): o for k in keys for o in groups.get(k, []) if o is not item}
        return sorted(pool.values(), key=far)[:limit]

    found = among([e for e in item.article.events if e in index.events], index.by_event)
    return found or among(item.article.tags, index.by_tag)


def test_story_agrees_with_comparing_every_pair():
    rng = random.Random(17)
    articles = []
    for n in range(400):
        when = None if rng.random() < 0.08 else T0 - timedelta(minutes=rng.randrange(0, 60_000))
        articles.append(art(n, when, events=rng.sample(list(EVENTS), rng.randrange(0, 3)),
                            tags=rng.sample(list(TAGS), rng.randrange(0, 3))))
    for n in range(400, 410):  # ties in date
        articles.append(art(n, articles[n - 395].date, events=articles[n - 395].events,
                            tags=["lawsuits"]))
    index = index_of(articles)
    for item in index.items:
        assert list(story_of(index, item).related) == brute_force(index, item, ALSO_REPORTED)


def test_the_work_is_linear_in_the_archive(monkeypatch):
    """Each article looks at a few neighbours per key event, never at the whole event: the
    dates compared grow with the archive, not with its square (2,000 reports of one event:
    4 million comparisons for every pair)."""
    compared = 0
    real = story_module._distance

    def counting(a, b):
        nonlocal compared
        compared += 1
        return real(a, b)

    monkeypatch.setattr(story_module, "_distance", counting)
    articles = [art(n, T0 - timedelta(hours=n), events=["retired"]) for n in range(2000)]
    index = index_of(articles)
    for item in index.items:
        story_of(index, item)
    assert compared <= 2 * ALSO_REPORTED * len(articles)


def test_nearest_in_a_group_walks_outward_from_the_article():
    articles = [art(n, T0 - timedelta(hours=h)) for n, h in enumerate([0, 1, 2, 10, 11, 30])]
    index = index_of(articles)
    group = index.items
    found = nearest(group, group[3], 3)  # 10 hours back: 11, then 2 and 1 hours back
    assert [other.article.id for _, other in found] == ["id00004", "id00002", "id00001"]
    assert nearest(group, group[0], 0) == [] and nearest([], group[0], 3) == []


def test_the_story_in_each_edition():
    articles = [
        art(1, T0, events=["retired"], lang="tr", title="GPT-4o emekliye ayrıldı",
            title_en="GPT-4o retired",
            translations={"fr": ArticleText(title="GPT-4o à la retraite")}),
        art(2, T0 - timedelta(days=1), events=["retired"], lang="fr", source="Le Quotidien",
            title="La fin de GPT-4o"),
        art(3, T0 + timedelta(days=2), events=["retired", "announced"], lang="ko",
            title="GPT-4o 서비스 종료", title_en="GPT-4o service ends",
            translations={"fr": ArticleText(title="Fin du service GPT-4o")}),
        art(4, T0 - timedelta(days=3), events=["retired"], title="OpenAI retires GPT-4o",
            source="Example Daily"),
    ]
    index = index_of(articles)
    item = item_of(index, 1)
    told = story_of(index, item)
    english = story_html(index, item, told)
    french = story_html(index, item, told, FRENCH)
    assert '<h2 class="na-story__heading">Also reported</h2>' in english
    assert '<h2 class="na-story__heading">Également rapporté</h2>' in french
    # Each report: its headline marked with its language, our rendering of it in the edition's
    # language, then source, date and language.
    assert ('<a href="../../../../articles/2026/02/id00003/" lang="ko">GPT-4o 서비스 종료</a> '
            '<span class="na-related__rendering">(Fin du service GPT-4o)</span> '
            '<span class="na-related__meta">Example 3 · <time datetime="2026-02-15T09:30:00Z">'
            "15 févr. 2026 à 09:30 UTC</time> · coréen</span>") in french
    assert "(GPT-4o service ends)</span>" in english and "· Korean</span>" in english
    assert 'lang="fr">La fin de GPT-4o</a> <span class="na-related__meta">Le Quotidien' in english
    assert '<a href="../../../../articles/2026/02/id00002/">La fin de GPT-4o</a>' in french
    assert 'lang="en">OpenAI retires GPT-4o</a>' in french and "· anglais</span>" in french
    # The key events it covers, dated, each linking to its own page in the edition.
    assert ('<h2 class="na-story__heading">Événements clés abordés</h2>'
            '<ul class="na-story__events"><li><time datetime="2026-02-13">13 février 2026</time> '
            '<a href="../../../../fr/events/retired/">GPT-4o quitte ChatGPT</a></li></ul>'
            ) in french
    assert ('<time datetime="2026-02-13">13 February 2026</time> '
            '<a href="../../../../events/retired/">GPT-4o leaves ChatGPT</a>') in english


def test_the_article_page_leads_to_the_rest_of_its_story():
    articles = [art(1, T0, events=["retired"], lang="de", title="GPT-4o wird abgeschaltet",
                    summary="A German report."),
                art(2, T0 - timedelta(days=1), events=["retired"]),
                art(3, T0 - timedelta(days=2), tags=["retirement"])]
    index = index_of(articles)
    page = render.article_html(index, item_of(index, 1), "<p>Text.</p>",
                               [render.ENGLISH, FRENCH])
    # After the summary and the body, before the older and newer articles, in each edition.
    places = [page.index(mark) for mark in (
        'class="na-summary"', 'class="na-body"',
        '<div class="na-ed na-ed--en na-ed--default" lang="en"><div class="na-story">',
        '<div class="na-ed na-ed--fr" lang="fr"><div class="na-story">', 'class="na-prevnext"')]
    assert places == sorted(places)
    # The header no longer lists the key events: the story below does, with their dates.
    assert "<dt>Key events</dt>" not in page and "<dt>Événements clés</dt>" not in page
    single = render.article_html(index, item_of(index, 3), "<p>Text.</p>")
    assert "na-story" not in single  # no key event, no tag shared with another article


def test_every_committed_article_with_a_key_event_leads_to_other_reports_of_it():
    """The archive as committed: every page naming a key event lists other reports of it
    (each event is cited by at least two articles), and every other page with a tag that
    another page shares lists those."""
    repo = Path(__file__).resolve().parents[1]
    articles = load_archive(repo / "docs" / "articles").articles
    index = render.build_index([(a, a.id) for a in articles],
                               load_tags(repo / "feeds" / "tags.yml"),
                               load_events(repo / "feeds" / "events.yml"))
    lacking = []
    for item in index.items:
        told = story_of(index, item)
        shares_a_tag = any(len(index.by_tag[t]) > 1 for t in item.article.tags)
        if (told.events and (told.by_tag or not told.related)) or (
                not told.related and shares_a_tag):
            lacking.append(item.article.path.relative_to(repo).as_posix())
    assert lacking == []


def test_a_headline_not_seen_is_listed_as_ours():
    """Our description of a page whose copy showed no headline is never passed off as one."""
    articles = [art(1, T0, events=["retired"]),
                art(2, T0 - timedelta(days=1), events=["retired"], lang="ko",
                    headline_seen=False, title="Report on GPT-4o's last day",
                    translations={"fr": ArticleText(title="Article sur le dernier jour")})]
    index = index_of(articles)
    item = item_of(index, 1)
    told = story_of(index, item)
    assert ('>[Report on GPT-4o&#x27;s last day] (headline not recorded)</a> '
            '<span class="na-related__meta">') in story_html(index, item, told)
    assert ('>[Article sur le dernier jour] (titre non relevé)</a> <span '
            'class="na-related__meta">') in story_html(index, item, told, FRENCH)
