"""Unit tests for the site's pure rendering functions (newsarchive.render)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import feedparser
import markdown
import pytest
from atomcheck import check_atom
from newsarchive import render
from newsarchive.model import Article, ArticleText, Carrier, Event, Snapshot, Tag

SVG = "{http://www.w3.org/2000/svg}"


def art(n: int, when: datetime | None, **kw) -> Article:
    fields = dict(
        title=f"GPT-4o story {n}", date=when, source="Example News",
        url=f"https://example.com/news/{n}", lang="en", id=f"id{n:05d}",
        summary=f"Summary of story {n} about GPT-4o.",
    )
    fields.update(kw)
    return Article(**fields)


def url_of(a: Article) -> str:
    if a.date is None:
        return f"articles/undated/{a.id}/"
    return f"articles/{a.date:%Y/%m}/{a.id}/"


def index_of(articles, tags=None, events=None) -> render.ArchiveIndex:
    return render.build_index([(a, url_of(a)) for a in articles], tags or {}, events or {})


def series(count: int, start=datetime(2026, 2, 13, 9, 30, tzinfo=UTC)) -> list[Article]:
    return [art(i, start - timedelta(hours=7 * i)) for i in range(count)]


def body(page: render.Page) -> str:
    """The page's Markdown without its front matter."""
    return page.content.split("---\n", 2)[2]


def html_of(page: render.Page) -> str:
    """Render a generated page the way MkDocs would (same extensions as mkdocs.yml)."""
    converted = markdown.markdown(body(page), extensions=["toc", "attr_list", "md_in_html"])
    assert "<!-- newsarchive-block" not in page.html(converted) or not page.blocks
    return page.html(converted)


def titles_in(html: str) -> list[str]:
    return re.findall(r'class="na-item__title" href="[^"]*"[^>]*>([^<]*)</a>', html)


class Checker(HTMLParser):
    """Fails on unbalanced tags, so a stray '<' from a feed cannot open an element."""

    VOID = {"br", "hr", "img", "meta", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def assert_balanced(html: str) -> None:
    checker = Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == []


# ---------------------------------------------------------------------------------------------
# Ordering, grouping, pagination


def test_index_is_newest_first_with_undated_last():
    articles = [art(1, datetime(2025, 8, 7, tzinfo=UTC)), art(2, None),
                art(3, datetime(2026, 2, 13, tzinfo=UTC)),
                art(4, datetime(2024, 5, 13, tzinfo=UTC))]
    index = index_of(articles)
    assert [i.article.id for i in index.items] == ["id00003", "id00001", "id00004", "id00002"]
    assert [i.pos for i in index.items] == [0, 1, 2, 3]
    assert [i.article.id for i in index.dated] == ["id00003", "id00001", "id00004"]


def test_same_day_sorted_by_time_and_ties_by_id():
    day = datetime(2026, 2, 13, tzinfo=UTC)
    articles = [art(1, day.replace(hour=8)), art(2, day.replace(hour=17)),
                art(3, day.replace(hour=12)), art(5, day.replace(hour=12)),
                art(4, day.replace(hour=12))]
    index = index_of(articles)
    assert [i.article.id for i in index.items] == [
        "id00002", "id00003", "id00004", "id00005", "id00001"]
    # The order does not depend on the input order.
    assert [i.article.id for i in index_of(reversed(articles)).items] == [
        i.article.id for i in index.items]


def test_timeline_groups_by_year_then_month_with_unknown_dates_last():
    articles = [art(1, datetime(2026, 2, 13, 9, tzinfo=UTC)),
                art(2, datetime(2026, 1, 30, tzinfo=UTC)),
                art(3, datetime(2025, 8, 8, tzinfo=UTC)),
                art(4, None, title="Undated GPT-4o piece")]
    [page] = render.timeline_pages(index_of(articles), chart=False)
    md = body(page)
    heads = re.findall(r"^(#{1,3}) (.+)$", md, re.MULTILINE)
    assert heads == [("#", "Timeline"), ("##", "2026"), ("###", "February 2026"),
                     ("###", "January 2026"), ("##", "2025"), ("###", "August 2025"),
                     ("##", "Date unknown")]
    html = html_of(page)
    assert titles_in(html) == ["GPT-4o story 1", "GPT-4o story 2", "GPT-4o story 3",
                               "Undated GPT-4o piece"]
    assert '<time datetime="2026-02-13T09:00:00Z">13 Feb 2026, 09:00 UTC</time>' in html
    # midnight is a date without a time (hand-added pages give only a day)
    assert ">30 Jan 2026</time>" in html
    assert '<h2 id="date-unknown">Date unknown</h2>' in html
    assert_balanced(html)


@pytest.mark.parametrize(("count", "pages"), [(0, 1), (1, 1), (100, 1), (101, 2), (200, 2),
                                              (201, 3)])
def test_pagination_boundaries(count, pages):
    result = render.timeline_pages(index_of(series(count)), per_page=100, chart=False)
    assert len(result) == pages
    assert [p.src_uri for p in result] == ["timeline/index.md"] + [
        f"timeline/page/{n}/index.md" for n in range(2, pages + 1)]
    # only the first page goes in the nav
    assert [p.in_nav for p in result] == [True] + [False] * (pages - 1)
    listed = [t for p in result for t in titles_in(html_of(p))]
    assert listed == [f"GPT-4o story {i}" for i in range(count)]
    assert all(len(titles_in(html_of(p))) <= 100 for p in result)


def test_pager_links_are_relative_and_stable():
    pages = render.timeline_pages(index_of(series(250)), per_page=100, chart=False)
    p1, p2, p3 = (html_of(p) for p in pages)
    assert "na-pager" in p1 and 'href="../timeline/page/2/" rel="next"' in p1
    assert 'rel="prev"' not in p1
    assert 'href="../timeline/page/3/">Oldest' in p1
    assert 'href="../../../timeline/" rel="prev"' in p2
    assert 'href="../../../timeline/page/3/" rel="next"' in p2
    assert 'href="../../../timeline/page/2/" rel="prev"' in p3
    assert 'rel="next"' not in p3
    assert "Page 3 of 3" in p3
    assert "title: Timeline (page 2 of 3)" in pages[1].content


def test_empty_archive_shows_a_friendly_message():
    index = index_of([])
    [page] = render.timeline_pages(index)
    html = html_of(page)
    assert "No articles yet" in html
    assert "na-pager" not in html
    assert "once dated articles are archived" in html
    assert "No articles yet" in render.counts_html(index, "")
    assert "No articles archived yet" in render.latest_html(index, "")
    for page in render.site_pages(index):
        assert_balanced(html_of(page))


def test_one_article():
    index = index_of([art(1, datetime(2026, 2, 13, 9, 30, tzinfo=UTC))])
    [page] = render.timeline_pages(index)
    html = html_of(page)
    assert titles_in(html) == ["GPT-4o story 1"]
    assert "1 article, newest first" in html
    assert 'href="../articles/2026/02/id00001/"' in html


def test_rows_escape_feed_text():
    evil = art(1, datetime(2026, 2, 13, tzinfo=UTC), title='<script>alert("x")</script> & *GPT*',
               summary="Line one\n\nline <b>two</b>", source="A <i>Source</i>")
    [page] = render.timeline_pages(index_of([evil]), chart=False)
    html = html_of(page)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; *GPT*" in html
    assert "Line one line &lt;b&gt;two&lt;/b&gt;" in html  # blank line does not break the block
    assert_balanced(html)


def test_a_row_is_its_words_and_links_with_little_markup_around_them():
    """An article is listed about eleven times (timeline, source, language and each tag, in
    each edition): its row carries classes only where the place in the row cannot style it."""
    a = art(1, datetime(2026, 2, 13, 9, 30, tzinfo=UTC), lang="fr", title="La fin de GPT-4o",
            source="Le Quotidien", tags=["retirement"])
    index = index_of([a], tags={"retirement": Tag("retirement", "Retirement")})
    assert render.article_row(index, index.items[0], "timeline/") == (
        '<li><p><time datetime="2026-02-13T09:30:00Z">13 Feb 2026, 09:30 UTC</time> '
        '<a class="na-item__title" href="../articles/2026/02/id00001/" lang="fr">'
        "La fin de GPT-4o</a></p>"
        '<p><a href="../sources/le-quotidien/">Le Quotidien</a> <a class="na-lang" '
        'href="../languages/fr/"><abbr title="French">fr</abbr></a></p>'
        '<ul class="na-tags" aria-label="Tags"><li><a href="../tags/retirement/">Retirement'
        '</a></li></ul><p lang="fr">Summary of story 1 about GPT-4o.</p></li>')


def test_foreign_language_rows_are_marked():
    a = art(1, datetime(2026, 2, 13, tzinfo=UTC), lang="fr", title="La fin de GPT-4o")
    [page] = render.timeline_pages(index_of([a]), chart=False)
    html = html_of(page)
    assert 'href="../articles/2026/02/id00001/" lang="fr">La fin de GPT-4o</a>' in html
    assert '<abbr title="French">fr</abbr>' in html
    assert '</a></p><p lang="fr">' in html  # the summary, after source and tags


# ---------------------------------------------------------------------------------------------
# Sources, tags, languages


def test_source_pages_with_counts():
    articles = [art(1, datetime(2026, 2, 1, tzinfo=UTC), source="Le Monde"),
                art(2, datetime(2026, 2, 2, tzinfo=UTC), source="Example News"),
                art(3, datetime(2026, 2, 3, tzinfo=UTC), source="Le Monde")]
    pages = {p.src_uri: p for p in render.source_pages(index_of(articles))}
    assert set(pages) == {"sources/index.md", "sources/le-monde/index.md",
                          "sources/example-news/index.md"}
    idx = html_of(pages["sources/index.md"])
    assert re.search(r'<a href="../sources/le-monde/">Le Monde</a></th><td class="na-num">2</td>',
                     idx)
    assert re.search(r'<a href="../sources/example-news/">Example News</a></th>'
                     r'<td class="na-num">1</td>', idx)
    assert idx.index("Example News") < idx.index("Le Monde")  # alphabetical
    assert titles_in(html_of(pages["sources/le-monde/index.md"])) == [
        "GPT-4o story 3", "GPT-4o story 1"]
    assert pages["sources/index.md"].in_nav and not pages["sources/le-monde/index.md"].in_nav


def test_source_slugs_never_collide():
    articles = [art(1, datetime(2026, 2, 1, tzinfo=UTC), source="Le Monde"),
                art(2, datetime(2026, 2, 2, tzinfo=UTC), source="Le  Monde!"),
                art(3, datetime(2026, 2, 3, tzinfo=UTC), source="日本")]
    index = index_of(articles)
    assert len(set(index.source_slugs.values())) == 3
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in index.source_slugs.values())


def test_tag_pages_use_the_vocabulary():
    tags = {"retirement": Tag("retirement", "Retirement", "OpenAI withdraws GPT-4o."),
            "lawsuits": Tag("lawsuits", "Lawsuits", "Court cases.")}
    articles = [art(1, datetime(2026, 2, 1, tzinfo=UTC), tags=["retirement", "hand-made"]),
                art(2, datetime(2026, 2, 2, tzinfo=UTC), tags=["retirement"])]
    pages = {p.src_uri: p for p in render.tag_pages(index_of(articles, tags=tags))}
    assert set(pages) == {"tags/index.md", "tags/retirement/index.md", "tags/lawsuits/index.md",
                          "tags/hand-made/index.md"}
    idx = html_of(pages["tags/index.md"])
    assert re.search(r'>Retirement</a></th><td>OpenAI withdraws GPT-4o.</td>'
                     r'<td class="na-num">2</td>', idx)
    assert re.search(r'>Lawsuits</a></th><td>Court cases.</td><td class="na-num">0</td>', idx)
    ret = html_of(pages["tags/retirement/index.md"])
    assert "<h1" in ret and "Tag: Retirement" in ret
    assert "OpenAI withdraws GPT-4o." in ret
    assert titles_in(ret) == ["GPT-4o story 2", "GPT-4o story 1"]
    assert "No articles yet" in html_of(pages["tags/lawsuits/index.md"])


def test_language_pages_name_languages_in_english_and_natively():
    articles = [art(1, datetime(2026, 2, 1, tzinfo=UTC), lang="fr"),
                art(2, datetime(2026, 2, 2, tzinfo=UTC), lang="de"),
                art(3, datetime(2026, 2, 3, tzinfo=UTC), lang="en"),
                art(4, datetime(2026, 2, 4, tzinfo=UTC), lang="fr-fr")]
    index = index_of(articles)
    assert set(index.by_lang) == {"fr", "de", "en", "fr-FR"}
    pages = {p.src_uri: p for p in render.language_pages(index)}
    assert "languages/fr/index.md" in pages and "languages/fr-fr/index.md" in pages
    idx = html_of(pages["languages/index.md"])
    assert 'French (<span lang="fr">français</span>)' in idx
    assert 'German (<span lang="de">Deutsch</span>)' in idx
    assert ">English</a>" in idx
    assert "title: French (français)" in pages["languages/fr/index.md"].content
    assert render.language_label("xx-unknown") == "xx-unknown"


# ---------------------------------------------------------------------------------------------
# Key events


EVENTS = {e.id: e for e in [
    Event("launch", date(2024, 5, 1), "OpenAI launches GPT-4o", "Warm tone.", era="Launch",
          precision="month", date_note="Month only."),
    Event("removed", date(2025, 8, 7), "GPT-4o removed", "With GPT-5.", era="GPT-5"),
    Event("reinstated", date(2025, 8, 1), "GPT-4o restored", "Backlash.", era="GPT-5",
          precision="approximate", date_note="Placed in the month of the removal."),
]}


def test_events_page_timeline_with_precision_and_coverage():
    articles = [art(1, datetime(2025, 8, 8, tzinfo=UTC), events=["removed", "reinstated"]),
                art(2, datetime(2025, 8, 9, tzinfo=UTC), events=["removed"], lang="de",
                    title="GPT-4o ist weg")]
    page = render.events_page(index_of(articles, events=EVENTS))
    assert page.src_uri == "events/index.md"
    html = html_of(page)
    assert_balanced(html)
    assert re.findall(r"<h2[^>]*>([^<]+)</h2>", html) == ["Launch", "GPT-5"]
    order = re.findall(r'<li class="na-event" id="([^"]+)"', html)
    assert order == ["launch", "reinstated", "removed"]
    assert '<time datetime="2024-05">May 2024</time>' in html
    assert "(Month only.)" in html
    assert '<time datetime="2025-08">around August 2025</time>' in html
    assert "date not known exactly: Placed in the month of the removal." in html
    assert '<time datetime="2025-08-07">7 August 2025</time>' in html
    removed = html[html.index('id="removed"'):]
    assert removed.index("GPT-4o story 1") < removed.index("GPT-4o ist weg")  # earliest first
    assert 'href="../articles/2025/08/id00002/" lang="de">GPT-4o ist weg</a>' in removed
    assert "2 archived articles about this event" in removed
    launch = html[html.index('id="launch"'):html.index('id="reinstated"')]
    assert "No archived article about this event yet" in launch
    assert "<script" not in html


def test_events_without_eras_use_h2_and_approximate_day_is_kept():
    events = {"x": Event("x", date(2026, 1, 20), "Protests", "Many users.",
                         precision="approximate")}
    html = html_of(render.events_page(index_of([], events=events)))
    assert '<h2 class="na-event__title"><a href="../events/x/">Protests</a></h2>' in html
    assert '<time datetime="2026-01-20">around 20 January 2026</time>' in html
    assert "The exact date is not known." in html


def test_many_covering_articles_are_on_the_event_s_own_paginated_page():
    n = render.EVENT_OPEN_LIST + 3
    articles = [art(i, datetime(2025, 8, 8, tzinfo=UTC) + timedelta(hours=i), events=["removed"])
                for i in range(n)]
    index = index_of(articles, events=EVENTS)
    html = html_of(render.events_page(index))
    assert f"{n} archived articles about this event, the 10 earliest here:" in html
    assert html.count('<span class="na-event__src">') == render.EVENT_OPEN_LIST
    # The first reports of the event, oldest first: articles 0 to 9, not the three latest.
    listed = re.findall(r"GPT-4o story (\d+)</a>", html)
    assert listed == [str(i) for i in range(10)], listed
    assert f'<a href="../events/removed/">All {n} articles about this event</a>' in html
    pages = render.event_pages(index, per_page=10)
    # Every key event has its page (and its feed); this one runs to two pages.
    assert [p.src_uri for p in pages] == ["events/launch/index.md", "events/reinstated/index.md",
                                          "events/removed/index.md",
                                          "events/removed/page/2/index.md"]
    removed = html_of(pages[2])
    assert removed.startswith('<h1 id="key-event-gpt-4o-removed">Key event: GPT-4o removed</h1>')
    assert '<time datetime="2025-08-07">7 August 2025</time>' in removed
    assert f"{n} articles about this event, newest first." in removed
    assert '<a href="../../events/#removed">All key events</a>' in removed
    assert ('<p class="na-feed"><a href="../../events/removed/feed.xml" '
            'type="application/atom+xml">Follow this '
            "event with its Atom feed</a></p>") in removed
    assert pages[2].content.split("---")[1].count("newsarchive_feed:") == 1
    assert len(titles_in(removed)) == 10
    assert "No archived article about this event yet." in html_of(pages[0])
    # Ten or fewer: all of them under the event, which still links to its page from its title.
    few = html_of(render.events_page(index_of(articles[:10], events=EVENTS)))
    assert "All 10 articles" not in few and "the 10 earliest here" not in few
    assert '<a href="../events/removed/">GPT-4o removed</a></h3>' in few


def test_unknown_events_are_reported():
    a = art(1, datetime(2025, 8, 8, tzinfo=UTC), events=["removed", "typo"])
    index = index_of([a], events=EVENTS)
    assert [(i.article.id, e) for i, e in index.unknown_events()] == [("id00001", "typo")]


# ---------------------------------------------------------------------------------------------
# Coverage chart


def test_chart_is_well_formed_accessible_svg():
    articles = series(40)
    chart = render.coverage_chart(index_of(articles), chart_id="c1")
    svg = chart[chart.index("<svg"):chart.index("</svg>") + len("</svg>")]
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").get("id") == "c1-title"
    assert root.find(f"{SVG}title").text == "Articles per week"
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("40 dated articles from week of ")
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert sum(int(r.find(f"{SVG}title").text.rsplit(": ", 1)[1]) for r in bars) == 40
    # the accessible alternative: every number in a table
    cells = re.findall(r'<td class="na-num">(\d+)</td>', chart)
    assert sum(map(int, cells)) == 40
    assert 'fill="currentColor"' in svg  # follows the text colour: contrast in both schemes


def test_chart_bins_weeks_then_months_for_long_spans():
    d0 = datetime(2026, 2, 9, 12, tzinfo=UTC)  # a Monday
    weekly = render.coverage_bins([d0, d0 + timedelta(days=6), d0 + timedelta(days=7),
                                   d0 + timedelta(days=21)])
    assert [(b.start, b.count) for b in weekly] == [
        (date(2026, 2, 9), 2), (date(2026, 2, 16), 1), (date(2026, 2, 23), 0),
        (date(2026, 3, 2), 1)]
    long = render.coverage_bins([datetime(2024, 5, 13, tzinfo=UTC),
                                 datetime(2026, 2, 13, tzinfo=UTC)])
    assert len(long) == 22 and long[0].label == "May 2024" and long[-1].label == "February 2026"
    assert [b.count for b in long].count(1) == 2
    assert render.coverage_bins([]) == []
    svg = render.coverage_svg(long, chart_id="m")
    assert ET.fromstring(svg).find(f"{SVG}title").text == "Articles per month"


def test_chart_with_one_article_and_empty():
    one = render.coverage_chart(index_of(series(1)))
    ET.fromstring(one[one.index("<svg"):one.index("</svg>") + 6])
    assert "No dated articles" not in one
    assert "na-empty" in render.coverage_chart(index_of([art(1, None)]))


# ---------------------------------------------------------------------------------------------
# Home page placeholders


def test_placeholders_are_filled():
    index = index_of(series(15) + [art(99, None, source="Le Monde", lang="fr")])
    md = ("# Home\n\n<!-- newsarchive:counts -->\n\nText.\n\n  <!-- newsarchive:latest 3 -->\n\n"
          "<!-- newsarchive:chart -->\n\nInline <!-- newsarchive:counts --> stays.\n")
    out = render.fill_placeholders(md, index, "")
    assert "<!-- newsarchive:counts --> stays" in out
    assert out.count("newsarchive:") == 1
    html = markdown.markdown(out, extensions=["toc", "attr_list", "md_in_html"])
    assert re.search(r"<strong>16</strong> articles</a> from .*<strong>2</strong> sources</a> in "
                     r".*<strong>2</strong> languages</a>", html)
    assert titles_in(html) == ["GPT-4o story 0", "GPT-4o story 1", "GPT-4o story 2"]
    assert 'href="timeline/"' in html and 'href="articles/2026/02/id00000/"' in html
    assert 'id="na-chart-home"' in html
    assert_balanced(html)


def test_latest_defaults_to_ten_and_bad_placeholders_are_errors():
    index = index_of(series(15))
    out = render.fill_placeholders("<!-- newsarchive:latest -->\n", index, "")
    assert len(titles_in(out)) == 10
    with pytest.raises(render.PlaceholderError, match="unknown placeholder"):
        render.fill_placeholders("<!-- newsarchive:cuonts -->\n", index, "")
    with pytest.raises(render.PlaceholderError, match="must be a number"):
        render.fill_placeholders("<!-- newsarchive:latest ten -->\n", index, "")


def test_chart_placeholder_can_be_disabled():
    out = render.fill_placeholders("<!-- newsarchive:chart -->\n", index_of(series(3)), "",
                                   chart=False)
    assert out.strip() == ""


# ---------------------------------------------------------------------------------------------
# Article pages


def test_article_page_header_body_and_neighbours():
    tags = {"retirement": Tag("retirement", "Retirement")}
    articles = [art(1, datetime(2026, 2, 12, tzinfo=UTC)),
                art(2, datetime(2026, 2, 13, 9, 30, tzinfo=UTC), lang="fr",
                    title="La fin de GPT-4o", source="Le Monde", authors=["A. Auteur"],
                    tags=["retirement"], events=["removed", "nope"],
                    archive_url="https://archive.example.org/x"),
                art(3, datetime(2026, 2, 14, tzinfo=UTC), lang="de", title="Neu"),
                art(4, None)]
    index = index_of(articles, tags=tags, events=EVENTS)
    item = next(i for i in index.items if i.article.id == "id00002")
    html = render.article_html(index, item, "<p>Extrait.</p>")
    assert_balanced(html)
    here = "../../../../"
    assert f'<a href="{here}sources/le-monde/">Le Monde</a>' in html
    assert '<time datetime="2026-02-13T09:30:00Z">13 February 2026, 09:30 UTC</time>' in html
    assert "<dt>By</dt><dd>A. Auteur</dd>" in html
    assert f'<a href="{here}languages/fr/">French (<span lang="fr">français</span>)</a>' in html
    assert ('<a href="https://example.com/news/2" rel="noopener noreferrer" hreflang="fr">'
            "Read it on example.com</a>") in html
    assert ('<a href="https://archive.example.org/x" rel="noopener noreferrer" '
            'class="na-archived">Archived copy</a> <span class="na-note">'
            "(on archive.example.org)</span>") in html
    assert f'<a href="{here}tags/retirement/">Retirement</a>' in html
    # Its key events, under the summary with their dates, each linking to its own page; an
    # unknown one is left out (the build warns about it).
    assert ('<ul class="na-story__events"><li><time datetime="2025-08-07">7 August 2025</time> '
            f'<a href="{here}events/removed/">GPT-4o removed</a></li></ul>') in html
    assert "nope" not in html
    assert '<div class="na-body" lang="fr">\n<p>Extrait.</p>\n</div>' in html
    assert (f'href="{here}articles/2026/02/id00001/" rel="prev">'
            '<span class="na-prevnext__dir">Older article</span> <span>GPT-4o story 1</span>'
            ) in html
    assert (f'href="{here}articles/2026/02/id00003/" rel="next">'
            '<span class="na-prevnext__dir">Newer article</span> <span lang="de">Neu</span>'
            ) in html


def test_closing_link_to_the_original_is_left_to_the_header():
    """The English "Read the original article at …" line would sit inside a body marked with the
    article's language; the header links the same address in the reader's edition instead."""
    a = art(1, datetime(2026, 2, 13, tzinfo=UTC), lang="fr", url="https://example.com/a?b=1&c=2")
    index = index_of([a])
    line = '<p><a href="https://example.com/a?b=1&amp;c=2">Read the original article at X</a></p>'
    html = render.article_html(index, index.items[0], f"<p>Extrait.</p>\n{line}")
    assert "Read the original article" not in html
    assert '<div class="na-body" lang="fr">\n<p>Extrait.</p>\n</div>' in html
    only_link = render.article_html(index, index.items[0], line)
    assert "na-body" not in only_link and "Read it on example.com" in only_link
    other = '<p><a href="https://example.org/elsewhere">Read the original article at X</a></p>'
    assert "example.org/elsewhere" in render.article_html(index, index.items[0], other)
    within = '<p>Voir <a href="https://example.com/a?b=1&amp;c=2">ici</a>.</p>'
    assert "Voir" in render.article_html(index, index.items[0], within)


GOOGLE_TOKEN = ("CBMiQWh0dHBzOi8vd3d3LmV4YW1wbGUuY29tL3RlY2hub2xvZ3kvMjAyNi8wMi8xMy91c2Vycy1tb3Vy"
                "bi1ncHQtNG8v0gEA")


def test_a_google_news_line_left_in_a_resolved_page_is_not_shown():
    """A page written with the Google News link and given the publisher's address later keeps
    every byte of its body: the old closing line, in whichever link form it was written,
    is not shown under a header that links the publisher."""
    via = f"https://news.google.com/rss/articles/{GOOGLE_TOKEN}"
    a = art(1, datetime(2026, 2, 13, tzinfo=UTC), feed="gn", via=via,
            url="https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/")
    index = index_of([a])
    for written in (via, f"https://news.google.com/__i/rss/rd/articles/{GOOGLE_TOKEN}?oc=5"):
        line = (f'<p><a href="{written}">Find the article at The Example Times through Google '
                "News</a></p>")
        html = render.article_html(index, index.items[0], line)
        assert "news.google.com" not in html and "Read it on www.example.com" in html
    other = f"https://news.google.com/rss/articles/{GOOGLE_TOKEN}x"
    assert other in render.article_html(index, index.items[0], f'<p><a href="{other}">x</a></p>')


def test_a_fetched_page_without_a_summary_says_it_is_still_to_be_written():
    pending = art(1, datetime(2026, 2, 13, tzinfo=UTC), feed="gn", summary="")
    done = art(2, datetime(2026, 2, 14, tzinfo=UTC), feed="gn", summary="Our own summary.")
    index = index_of([pending, done])
    link = '<p><a href="https://example.com/news/{}">Read the original article at X</a></p>'
    html = render.article_html(index, index.items[1], link.format(1))
    assert '<p class="na-summary na-summary--pending">No summary yet: the source gave no ' in html
    # Once written, the summary is shown where the page has no excerpt of its own...
    html = render.article_html(index, index.items[0], link.format(2))
    assert "Our own summary." in html and "na-summary--pending" not in html
    # ...and not repeated above an excerpt, which it comes from.
    html = render.article_html(index, index.items[0], "<p>Excerpt.</p>" + link.format(2))
    assert "Our own summary." not in html
    editions = (render.ENGLISH, render.edition("fr"))
    both = render.article_html(index, index.items[1], link.format(1), editions)
    assert "Pas encore de résumé" in both and "No summary yet" in both
    rows = html_of(render.timeline_pages(index, chart=False)[0])
    # A row's third paragraph is its summary (date and title, source and language, summary).
    summarised = [row for row in re.findall(r"^<li><p>.*$", rows, re.M) if row.count("<p") == 3]
    assert len(summarised) == 1 and "<p>Our own summary.</p>" in summarised[0]


def published_row(a: Article, ed: render.Edition = render.ENGLISH) -> str:
    index = index_of([a])
    header = render.article_header(index, index.items[0], ed)
    assert_balanced(header)
    return header.split(f"<dt>{ed.words('published')}</dt><dd>")[1].split("</dd>")[0]


def test_the_date_note_says_how_the_date_was_established():
    when = datetime(2026, 9, 30, tzinfo=UTC)
    time = '<time datetime="2026-09-30T00:00:00Z">30 September 2026</time>'
    note = "the article says the announcement came on Monday 29 September"
    # A precise date: the note, discreetly, after it.
    assert published_row(art(1, when, date_note=note)) == (
        f'{time} <span class="na-note na-date-note">(how it was dated: {note})</span>')
    # An estimated date: why it is estimated, in place of the bare "(date estimated)".
    assert published_row(art(1, when, date_note=note, date_inferred=True)) == (
        f'{time} <span class="na-note na-inferred na-date-note">(date estimated: {note})</span>')
    assert published_row(art(1, None, date_note="no listing of it gives a date")) == (
        'Date unknown <span class="na-note na-date-note">(no listing of it gives a date)</span>')
    # Our words are text, never markup; whitespace is folded onto one line.
    hostile = published_row(art(1, when, date_note='<img src=x onerror="alert(1)">\n & "so"'))
    assert hostile.endswith("(how it was dated: &lt;img src=x onerror=&quot;alert(1)&quot;&gt; "
                            "&amp; &quot;so&quot;)</span>")
    assert published_row(art(1, when, date_note=" \n ")) == time  # a blank note is no note


def test_a_fetched_page_without_a_date_says_the_feed_gave_none():
    when = datetime(2026, 2, 14, 6, tzinfo=UTC)
    time = '<time datetime="2026-02-14T06:00:00Z">14 February 2026, 06:00 UTC</time>'
    fetched = art(1, when, feed="example-news", fetched=when, date_inferred=True)
    assert published_row(fetched) == (
        f'{time} <span class="na-note na-inferred na-date-note">(date estimated: the feed gave '
        "no date; this is when the article was first fetched)</span>")
    # The page's own note wins over the default; a hand-added page has no default to give.
    fetched.date_note = "a copy on example.org is dated the same day"
    assert "the feed gave no date" not in published_row(fetched)
    assert "(date estimated: a copy on example.org is dated the same day)" in \
        published_row(fetched)
    hand = published_row(art(1, when, date_inferred=True))
    assert hand.startswith(f'{time} <span class="na-inferred" title="The article shows no date')
    assert hand.endswith(">(date estimated)</span>")
    assert published_row(art(1, when, feed="example-news")) == time  # a date the feed gave


def test_rows_say_date_estimated_without_the_note():
    when = datetime(2026, 2, 14, 6, tzinfo=UTC)
    index = index_of([art(1, when, feed="example-news", date_inferred=True,
                          date_note="the feed gave none; the publisher's sitemap says 06:00"),
                      art(2, when - timedelta(days=1), date_note="the byline is dated")])
    rows = [render.article_row(index, item, "timeline/") for item in index.items]
    assert '<span class="na-inferred" title="The source gave no publication date' in rows[0]
    assert ">(date estimated)</span>" in rows[0]
    assert not [r for r in rows if "sitemap" in r or "byline" in r or "na-date-note" in r]


def test_article_neighbours_at_the_ends_and_undated():
    articles = [art(1, datetime(2026, 2, 12, tzinfo=UTC)),
                art(2, datetime(2026, 2, 13, tzinfo=UTC)), art(3, None)]
    index = index_of(articles)
    newest, oldest, undated = index.items
    assert 'rel="next"' not in render.prev_next(index, newest)
    assert 'rel="prev"' in render.prev_next(index, newest)
    assert 'rel="prev"' not in render.prev_next(index, oldest)
    assert render.prev_next(index, undated) == ""
    header = render.article_header(index, undated)
    assert "Date unknown" in header


def test_article_without_url_and_with_bad_archive_url():
    a = art(1, None, url=None, archive_url="javascript:alert(1)")
    index = index_of([a])
    html = render.article_html(index, index.items[0], "<p>x</p>")
    assert "Address not known" in html
    assert "javascript:" not in html


SNAPSHOT = Snapshot("https://web.archive.org/web/20260213101500/https://example.com/news/1",
                    datetime(2026, 2, 13, 10, 15, tzinfo=UTC))


def original_row(a: Article) -> str:
    index = index_of([a])
    header = render.article_header(index, index.items[0])
    assert_balanced(header)
    return header.split("<dt>Original</dt><dd>")[1].split("</dd>")[0]


def test_archived_copy_sits_beside_the_original():
    row = original_row(art(1, datetime(2026, 2, 13, tzinfo=UTC), archived=SNAPSHOT))
    original, copy = row.split(" · ")
    assert original == ('<a href="https://example.com/news/1" rel="noopener noreferrer" '
                        'hreflang="en">Read it on example.com</a>')
    assert copy == (f'<a href="{SNAPSHOT.url}" rel="noopener noreferrer" class="na-archived">'
                    'Archived copy</a> <span class="na-note">(Wayback Machine, 13 February 2026, '
                    "10:15 UTC)</span>")


def test_a_dead_original_offers_the_archived_copy_first_and_says_it_is_dead():
    a = art(1, datetime(2026, 2, 13, tzinfo=UTC), archived=SNAPSHOT, link_status="dead",
            link_checked=date(2026, 3, 1), archive_url="https://archive.example.org/x")
    wayback, by_hand, original = original_row(a).split(" · ")
    assert wayback.startswith(f'<a href="{SNAPSHOT.url}" rel="noopener noreferrer" '
                              'class="na-archived">Archived copy</a>')
    assert by_hand.startswith('<a href="https://archive.example.org/x" rel="noopener noreferrer"')
    assert original == ('<a href="https://example.com/news/1" rel="noopener noreferrer" '
                        'hreflang="en" class="na-dead">Original on example.com</a> '
                        '<span class="na-note na-dead-note">(dead link since 1 March 2026)</span>')


def test_a_dead_original_without_a_copy_and_hostile_copies():
    a = art(1, None, link_status="dead", link_checked=None, archive_url="javascript:alert(1)",
            archived=Snapshot("javascript:alert(2)", datetime(2026, 2, 13, tzinfo=UTC)))
    row = original_row(a)
    assert row == ('<a href="https://example.com/news/1" rel="noopener noreferrer" '
                   'hreflang="en" class="na-dead">Original on example.com</a> '
                   '<span class="na-note na-dead-note">(dead link)</span>')
    same = art(1, None, url=None, archived=SNAPSHOT, archive_url=SNAPSHOT.url)
    assert original_row(same).count("Archived copy") == 1
    assert original_row(same).startswith("Address not known · <a ")


def test_an_unresolved_aggregator_link_is_never_shown_as_the_address():
    google = "https://news.google.com/rss/articles/CBMiAAA"
    resolved = art(1, datetime(2026, 2, 13, tzinfo=UTC), via=google)
    unresolved = art(2, datetime(2026, 2, 13, tzinfo=UTC), url=google, via=google,
                     url_resolved=False)
    index = index_of([resolved, unresolved])
    by_id = {item.article.id: item for item in index.items}
    header = render.article_header(index, by_id["id00001"])
    assert "Read it on example.com" in header and "Google" not in header
    header = render.article_header(index, by_id["id00002"])
    assert f'<a href="{google}" rel="noopener noreferrer">Find it through Google News</a>' in header
    assert "publisher's own address is not known" in header and "Read it on" not in header


def test_sanitize_body_keeps_markdown_and_drops_the_rest():
    dirty = ('<h1>Big</h1><h2 id="part">Part<a class="headerlink" href="#part" '
             'title="Permanent link">¶</a></h2>'
             '<p onclick="steal()">Hi <a href="javascript:alert(1)">bad</a> '
             '<a href="https://example.com/a" target="_blank" class="x">good</a> '
             '<img src="https://example.com/t.gif" onerror="x()"><em>e</em></p>'
             '<script>alert(1)</script><style>p{}</style><iframe src="https://example.net"></iframe>'
             '<!-- comment --><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td>'
             '</tr></tbody></table><ol start="3"><li>x</li></ol>'
             '<a href="mailto:x@example.org">mail</a><a href="../other/">rel</a>')
    out = render.sanitize_body(dirty)
    for bad in ("<h1", "onclick", "javascript:", "<img", "<script", "alert(1)", "<style",
                "<iframe", "comment", 'class="x"', "target="):
        assert bad not in out
    assert '<h2 id="part">' in out
    assert '<a class="headerlink" href="#part" title="Permanent link"' in out
    assert '<a href="https://example.com/a" rel="noopener noreferrer">good</a>' in out
    assert "<em>e</em>" in out and "<td>1</td>" in out and '<ol start="3">' in out
    assert 'href="mailto:x@example.org"' in out and 'href="../other/"' in out


# ---------------------------------------------------------------------------------------------
# Feeds for readers


def test_atom_feed_has_the_newest_entries_and_parses():
    articles = series(60)
    articles[0].title = 'Fin de <GPT-4o> & "amis"\x0b'
    articles[0].lang = "fr"
    articles[0].tags = ["retirement"]
    articles.append(art(999, None))
    index = index_of(articles, tags={"retirement": Tag("retirement", "Retirement")})
    xml = render.atom_feed(index, site_name="The GPT-4o Retirement Archive", size=50)
    ET.fromstring(xml.encode("utf-8"))  # well-formed
    feed = feedparser.parse(xml.encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "The GPT-4o Retirement Archive"
    assert len(feed.entries) == 50
    assert [e.title for e in feed.entries][1:] == [f"GPT-4o story {i}" for i in range(1, 50)]
    first = feed.entries[0]
    assert first.title == 'Fin de <GPT-4o> & "amis"'
    assert first.updated == "2026-02-13T09:30:00Z"
    links = {link.rel: link.href for link in first.links}
    assert links["alternate"].endswith("articles/2026/02/id00000/")
    assert links["related"] == "https://example.com/news/0"
    assert first.tags[0].term == "retirement" and first.tags[0].label == "Retirement"
    assert first.summary == "Summary of story 0 about GPT-4o."
    assert feed.feed.updated == "2026-02-13T09:30:00Z"  # newest article, not the clock
    assert len({e.id for e in feed.entries}) == 50


def test_atom_feed_uses_site_url_when_known_and_is_valid_when_empty():
    index = index_of(series(2))
    xml = render.atom_feed(index, site_name="A", site_url="https://archive.example.org/gpt/")
    feed = feedparser.parse(xml.encode())
    assert feed.entries[0].link == "https://archive.example.org/gpt/articles/2026/02/id00000/"
    empty = feedparser.parse(render.atom_feed(index_of([]), site_name="A").encode())
    assert not empty.bozo and empty.entries == []
    # deterministic: same input, same bytes
    assert render.atom_feed(index, site_name="A") == render.atom_feed(index, site_name="A")


def test_a_feed_per_tag_and_per_event_newest_fifty_each():
    tags = {"lawsuits": Tag("lawsuits", "Lawsuits", "Court cases."),
            "unused": Tag("unused", "Unused")}
    articles = [art(i, datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=i),
                    tags=["lawsuits"] if i % 2 else [], events=["removed"] if i < 3 else [])
                for i in range(120)]
    articles.append(art(999, None, tags=["lawsuits"]))  # undated: in lists, never in a feed
    index = index_of(articles, tags=tags, events=EVENTS)
    feeds = {f.path: f for f in render.site_feeds(index, site_name="The Archive")}
    assert list(feeds) == ["feed.xml", "tags/lawsuits/feed.xml", "tags/unused/feed.xml",
                           "events/launch/feed.xml", "events/reinstated/feed.xml",
                           "events/removed/feed.xml"]
    docs = {path: check_atom(render.atom_feed(index, site_name="The Archive", feed=feed,
                                              size=50).encode())
            for path, feed in feeds.items()}
    lawsuits = docs["tags/lawsuits/feed.xml"]
    assert lawsuits.feed.title == "The Archive: Lawsuits"
    assert lawsuits.feed.subtitle == "Court cases."
    assert [e.title for e in lawsuits.entries] == [f"GPT-4o story {i}"
                                                  for i in range(119, 19, -2)]
    # Without site_url, links are relative to the feed's own place.
    links = {link.rel: link.href for link in lawsuits.feed.links}
    assert links == {"alternate": "../../tags/lawsuits/", "self": "../../tags/lawsuits/feed.xml"}
    assert lawsuits.entries[0].link == "../../articles/2026/01/id00119/"
    assert docs["tags/unused/feed.xml"].entries == []
    removed = docs["events/removed/feed.xml"]
    assert removed.feed.title == "The Archive: GPT-4o removed"
    assert [e.title for e in removed.entries] == ["GPT-4o story 2", "GPT-4o story 1",
                                                 "GPT-4o story 0"]
    assert len({d.feed.id for d in docs.values()}) == len(docs)  # one id per feed
    assert docs["feed.xml"].entries[0].id == lawsuits.entries[0].id  # one id per article
    absolute = check_atom(render.atom_feed(index, site_name="A", site_url="https://a.example/x",
                                           feed=feeds["events/removed/feed.xml"]).encode())
    assert absolute.entries[0].link == "https://a.example/x/articles/2026/01/id00002/"
    assert absolute.feed.links[0].href == "https://a.example/x/events/removed/"


def test_the_atom_checker_refuses_what_rfc_4287_forbids():
    good = render.atom_feed(index_of(series(2)), site_name="A")
    check_atom(good.encode())
    broken = {
        "4.1.1": good.replace("<title>A</title>", "", 1),
        "3.3": good.replace("2026-02-13T09:30:00Z", "13 February 2026", 1),
        "4.2.6": good.replace("urn:uuid:", "", 1),
        "4.2.7.1": good.replace('rel="related" href="https://example.com/news/0"',
                                'rel="related" href=""', 1),
        "strict": good.replace("</feed>", "<feed>"),
    }
    for rule, xml in broken.items():
        with pytest.raises(AssertionError) as failed:
            check_atom(xml.encode())
        assert rule in str(failed.value) or rule == "strict", (rule, failed.value)


def test_tag_pages_announce_their_feed():
    index = index_of([art(1, datetime(2026, 2, 1, tzinfo=UTC), tags=["lawsuits"])],
                     tags={"lawsuits": Tag("lawsuits", "Lawsuits")})
    pages = render.tag_pages(index, ed=render.Edition(render.ENGLISH.words,
                                                     site_name="The Archive"))
    page = next(p for p in pages if p.src_uri == "tags/lawsuits/index.md")
    meta = page.content.split("---\n")[1]
    assert "newsarchive_feed:\n  url: tags/lawsuits/feed.xml\n  title: 'The Archive: Lawsuits'" \
        in meta
    assert ('<a href="../../tags/lawsuits/feed.xml" type="application/atom+xml">Follow this tag '
            'with its Atom feed') \
        in html_of(page)


def test_articles_json_is_complete_and_ordered():
    articles = series(3) + [art(9, None, authors=["Ann"], events=["removed"], feed="src",
                                fetched=datetime(2026, 2, 14, tzinfo=UTC), date_inferred=True,
                                date_note="no listing gives a date")]
    doc = json.loads(render.articles_json(index_of(articles)))
    assert doc["count"] == 4
    assert [r["id"] for r in doc["articles"]] == ["id00000", "id00001", "id00002", "id00009"]
    record = doc["articles"][3]
    assert set(record) == {"title", "date", "source", "url", "lang", "id", "summary", "authors",
                           "tags", "feed", "fetched", "selected_by", "archive_url", "events",
                           "date_inferred", "date_note", "title_en", "summary_lang", "archived",
                           "link_status", "link_checked", "via", "url_resolved", "headline_seen",
                           "carried_by", "highlight", "translations", "page"}
    assert record["date"] is None and record["fetched"] == "2026-02-14T00:00:00Z"
    assert record["date_note"] == "no listing gives a date"
    assert doc["articles"][0]["date_note"] is None
    assert record["page"] == "articles/undated/id00009/" and record["date_inferred"] is True
    assert doc["articles"][0]["date"] == "2026-02-13T09:30:00Z"
    assert record["archived"] is None and record["link_status"] is None
    dead = art(5, datetime(2026, 2, 1, tzinfo=UTC), archived=SNAPSHOT, link_status="dead",
               link_checked=date(2026, 3, 1))
    [record] = json.loads(render.articles_json(index_of([dead])))["articles"]
    assert record["archived"] == {"url": SNAPSHOT.url, "timestamp": "2026-02-13T10:15:00Z"}
    assert (record["link_status"], record["link_checked"]) == ("dead", "2026-03-01")
    assert (record["carried_by"], record["translations"], record["highlight"]) == (None, {}, False)
    copy = art(6, datetime(2026, 2, 1, tzinfo=UTC), highlight=True,
               carried_by=Carrier("Example Portal", "https://portal.example.net/6"),
               translations={"fr": ArticleText(summary="Résumé de l'article 6.")})
    [record] = json.loads(render.articles_json(index_of([copy])))["articles"]
    assert record["carried_by"] == {"source": "Example Portal",
                                    "url": "https://portal.example.net/6"}
    assert record["translations"] == {"fr": {"summary": "Résumé de l'article 6."}}
    assert (record["highlight"], record["headline_seen"]) == (True, True)
    with_url = json.loads(render.articles_json(index_of(series(1)), site_url="https://e.example.org"))
    assert with_url["articles"][0]["page"] == "https://e.example.org/articles/2026/02/id00000/"


# ---------------------------------------------------------------------------------------------
# Helpers


@pytest.mark.parametrize(("src", "dirs", "url"), [
    ("index.md", True, "./"), ("index.md", False, "index.html"),
    ("timeline/page/2/index.md", True, "timeline/page/2/"),
    ("articles/2026/02/x.md", True, "articles/2026/02/x/"),
    ("articles/2026/02/x.md", False, "articles/2026/02/x.html"),
])
def test_page_url_matches_mkdocs(src, dirs, url):
    from mkdocs.structure.files import File
    assert render.page_url(src, dirs) == url == File(src, "/d", "/s", dirs).url


def test_href_is_relative():
    assert render.href("", "timeline/") == "timeline/"
    assert render.href("timeline/page/2/", "timeline/") == "../../../timeline/"
    assert render.href("tags/", "") == "../"
    assert render.href("", "") == "./"
    assert render.href("./", "./") == "./"
    assert render.href("./", "tags/") == "tags/"
    assert render.href("tags/", "./") == "../"


def test_site_pages_are_unique_and_balanced():
    tags = {"retirement": Tag("retirement", "Retirement")}
    articles = [art(i, datetime(2026, 2, 1, tzinfo=UTC) + timedelta(days=i),
                    lang=["en", "fr", "de"][i % 3], source=["A", "B"][i % 2],
                    tags=["retirement"] if i % 2 else [], events=["removed"] if i == 1 else [])
                for i in range(7)]
    pages = render.site_pages(index_of(articles, tags=tags, events=EVENTS), per_page=3)
    uris = [p.src_uri for p in pages]
    assert len(uris) == len(set(uris))
    assert {p.src_uri for p in pages if p.in_nav} == {
        "timeline/index.md", "events/index.md", "sources/index.md", "tags/index.md",
        "languages/index.md"}
    for page in pages:
        assert page.content.startswith("---\ntitle: ")
        html = html_of(page)
        assert_balanced(html)
        assert "newsarchive-block" not in html
    events = next(p for p in pages if p.src_uri == "events/index.md")
    assert {"launch", "removed", "reinstated"} <= events.anchors()


def test_default_nav():
    nav = render.default_nav(["about.md", "contributing.md"], lambda src: src == "about.md")
    assert nav == [{"Home": "index.md"}, {"Timeline": "timeline/index.md"},
                   {"Key events": "events/index.md"}, {"Sources": "sources/index.md"},
                   {"Tags": "tags/index.md"}, {"Languages": "languages/index.md"},
                   {"About": "about.md"}, "contributing.md"]
    assert {"About": "about.md"} not in render.default_nav([], lambda src: False)


def test_list_pages_are_built_on_first_use_and_can_be_released():
    calls = []

    def make() -> render.Page:
        calls.append(1)
        return render.Page("timeline/index.md", "# Timeline\n\n<!-- newsarchive-block 0 -->\n",
                           parts=('<ol id="x"></ol>',))

    page = render.LazyPage("timeline/index.md", make, in_nav=True)
    assert calls == []  # nothing built until MkDocs reads the page
    assert page.anchors() == {"x"} and page.html("<!-- newsarchive-block 0 -->") == \
        '<ol id="x"></ol>'
    assert calls == [1]
    page.release()
    assert page.content.startswith("# Timeline") and calls == [1, 1]


def test_a_list_page_s_rows_are_written_once_when_the_page_is(monkeypatch):
    """MkDocs needs a list page's Markdown (its headings) long before the page is written:
    the rows, most of the work, are written only then, once."""
    from newsarchive.render import rows
    written = []
    article_list = rows.article_list
    monkeypatch.setattr(rows, "article_list",
                        lambda *a, **k: written.append(1) or article_list(*a, **k))
    page = render.timeline_pages(index_of(series(30)), per_page=100, chart=False)[0]
    assert "<!-- newsarchive-block" in page.content and page.anchors() == set()
    assert written == []
    html = page.html(page.content)
    assert html.count('<li><p>') == 30 and written and "newsarchive-block" not in html
    assert len(written) == html.count('<ol class="na-list')  # one list per month, once each


def test_timeline_pages_are_lazy_and_identical_when_built_twice():
    pages = render.timeline_pages(index_of(series(250)), per_page=100, chart=False)
    first = [p.content for p in pages]
    for p in pages:
        p.release()
    assert [p.content for p in pages] == first


@pytest.mark.parametrize(("lang", "attrs"), [
    ("ar", ' lang="ar" dir="rtl"'), ("he", ' lang="he" dir="rtl"'),
    ("fa-IR", ' lang="fa-IR" dir="rtl"'), ("fr", ' lang="fr"'), ("ja", ' lang="ja"'), ("en", ""),
])
def test_right_to_left_languages_also_get_their_direction(lang, attrs):
    assert render.lang_attr(lang) == attrs
    article = art(1, datetime(2026, 2, 16, tzinfo=UTC), lang=lang)
    index = index_of([article])
    body = render.article_html(index, index.items[0], "<p>x</p>")
    assert ('dir="rtl"' in body.split('class="na-body"')[1].split(">")[0]) is bool(
        render.text_dir(lang))
