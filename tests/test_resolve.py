"""Google News links resolved to publisher URLs: tokens, the resolver protocol, and fetch runs
against a fake Google News and feeds served on 127.0.0.1 (nothing reaches the internet)."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from feedserver import FeedServer
from googlenews import FIXTURES, GoogleNews, make_token
from newsarchive.archive import load_archive, read_article
from newsarchive.config import load_project
from newsarchive.fetch import FeedState, FetchOptions
from newsarchive.pipeline import run_fetch
from newsarchive.resolve import (
    aggregator_token,
    batch_body,
    decode_token,
    locale_of,
    parse_batch,
    parse_signature,
    same_publisher,
)
from newsarchive.validate import validate

FAST = FetchOptions(connect_timeout=2, read_timeout=2, total_timeout=5, retries=0, backoff=0.01)
NOW = datetime(2026, 2, 14, 9, 0, tzinfo=UTC)
FEED_QUERY = "?q=%22GPT-4o%22&hl=en-GB&gl=GB&ceid=GB:en"
OLD_TOKEN = ("CBMiRWh0dHBzOi8vd3d3LmV4YW1wbGUub3JnL3RlY2gvMjAyNi8wMi8xMy9vcGVuYWktcmV0aXJlcy1ncHQt"
             "NG8tY2hhdGdwdA")


# --- tokens -----------------------------------------------------------------------------------


def test_older_tokens_carry_the_url_and_are_decoded_offline() -> None:
    assert decode_token(OLD_TOKEN).url == (
        "https://www.example.org/tech/2026/02/13/openai-retires-gpt-4o-chatgpt")
    with_amp = make_token("https://www.example.com/a", amp="https://www.example.com/amp/a")
    contents = decode_token(with_amp)
    assert contents.url == "https://www.example.com/a"
    assert contents.amp_url == "https://www.example.com/amp/a"
    assert decode_token(OLD_TOKEN + "NIBAA").url is not None  # empty AMP field (d2 01 00)


def test_newer_tokens_hold_an_opaque_id_and_garbage_holds_nothing() -> None:
    opaque = "AU_yqLPcZUDXb1f6azV7f_eAPlu5NtYx1z610sV3Sh7jVhy0c3TAzZtuP4Dg9J3bcPPhGWad7xM3beJoaGd"
    contents = decode_token(make_token(opaque))
    assert contents.url is None and contents.opaque_id == opaque
    for junk in ("", "!!!", "CBMi", "AAAA", make_token("javascript:alert(1)")):
        assert decode_token(junk).url is None


@pytest.mark.parametrize(("link", "expected"), [
    (f"https://news.google.com/rss/articles/{OLD_TOKEN}?oc=5", OLD_TOKEN),
    (f"https://news.google.com/articles/{OLD_TOKEN}", OLD_TOKEN),
    (f"https://news.google.com/read/{OLD_TOKEN}?hl=en-US", OLD_TOKEN),
    (f"https://NEWS.GOOGLE.COM/rss/articles/{OLD_TOKEN}", OLD_TOKEN),
    (f"https://evil.example/rss/articles/{OLD_TOKEN}", None),
    (f"https://news.google.com.evil.example/rss/articles/{OLD_TOKEN}", None),
    ("https://news.google.com/rss/search?q=GPT-4o", None),
    ("https://news.google.com/", None),
    ("https://www.example.com/rss/articles/x", None),
])
def test_aggregator_links_are_recognised_by_host_and_path(link: str, expected: str | None) -> None:
    assert aggregator_token(link) == expected


def test_the_locale_comes_from_the_feed_url() -> None:
    assert locale_of(f"https://news.google.com/rss/search{FEED_QUERY}") == {
        "hl": "en-GB", "gl": "GB", "ceid": "GB:en"}
    assert locale_of("https://example.com/feed") == {"hl": "en-US", "gl": "US", "ceid": "US:en"}


# --- the protocol, on the recorded shapes ------------------------------------------------------


def test_the_signature_is_read_from_one_element_never_from_decoys() -> None:
    page = (FIXTURES / "article_page.html").read_text(encoding="utf-8")
    page = page.replace("{signature}", "SIG").replace("{timestamp}", "1760000000")
    assert parse_signature(page) == ("SIG", "1760000000")
    assert parse_signature('<div data-n-a-ts="9"></div><p data-n-a-sg="S" data-n-a-ts="7">') == (
        "S", "7")
    assert parse_signature("<html><!-- data-n-a-sg='x' data-n-a-ts='1' --></html>") is None
    assert parse_signature("") is None


def test_the_batch_request_holds_every_rpc_in_one_list() -> None:
    body = batch_body([("0", "AU_yqLa", "1760000000", "s0"), ("1", "AU_yqLb", "17", "s1")],
                      "FR:fr")
    envelope = json.loads(parse_qs(body)["f.req"][0])
    assert len(envelope) == 1 and [rpc[3] for rpc in envelope[0]] == ["0", "1"]
    inner = json.loads(envelope[0][0][1])
    assert envelope[0][0][0] == "Fbv4je" and inner[0] == "garturlreq"
    assert inner[2:] == ["AU_yqLa", 1760000000, "s0"]  # the timestamp is a number
    assert inner[1][0][7] == "FR:fr"


def test_answers_are_matched_by_tag_whatever_their_order() -> None:
    text = (FIXTURES / "batchexecute.txt").read_text(encoding="utf-8")
    assert parse_batch(text) == {
        "0": "https://news.example.net/ai/2026/02/13/what-replaces-gpt-4o",
        "1": "https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/",
    }
    # Length-prefixed chunks (the streaming form) read the same.
    frames = text.split("\n\n", 1)[1]
    assert parse_batch(f")]}}'\n\n{len(frames)}\n{frames}\n25\n[[\"e\",4,null,null,1]]\n") == \
        parse_batch(text)


def test_a_tag_answered_twice_differently_is_dropped_and_junk_gives_nothing() -> None:
    frame = '["wrb.fr","Fbv4je","[\\"garturlres\\",\\"https://example.com/{}\\",1]",null,null,null,"0"]'
    assert parse_batch(")]}'\n\n[" + frame.format("a") + "," + frame.format("b") + "]") == {}
    for junk in ("", "garbage", ")]}'\n\n[]", ")]}'\n\nnot json",
                 ')]}\'\n\n[["wrb.fr","Fbv4je","[\\"garturlres\\",\\"javascript:x\\"]",null,'
                 'null,null,"0"]]'):
        assert parse_batch(junk) == {}


@pytest.mark.parametrize(("url", "publisher", "same"), [
    ("https://www.example.com/tech/a", "https://www.example.com", True),
    ("https://example.com/tech/a", "https://www.example.com", True),
    ("https://news.example.net/a", "https://www.example.net", True),
    ("https://www.example.co.uk/news/a", "https://www.example.com", True),
    ("https://www.example.org/a", None, True),
    ("https://evil.example/a", "https://www.example.com", False),
    ("https://example.com.evil.example/a", "https://www.example.com", False),
])
def test_the_resolved_host_must_belong_to_the_publisher(url: str, publisher: str | None,
                                                        same: bool) -> None:
    assert same_publisher(url, publisher) is same


# --- fetch runs against the fake ---------------------------------------------------------------


def item(title: str, link: str, publisher: str, home: str, *, date: str = "Fri, 13 Feb 2026 "
         "14:07:00 GMT", guid: str | None = None) -> str:
    return (f"<item><title>{title} - {publisher}</title><link>{link}</link>"
            f"<guid isPermaLink=\"false\">{guid or link.rsplit('/', 1)[1].split('?')[0]}</guid>"
            f"<pubDate>{date}</pubDate><description>&lt;a href=\"{link}\"&gt;{title}&lt;/a&gt;"
            f"</description><source url=\"{home}\">{publisher}</source></item>")


def rss(items: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            '<title>"GPT-4o" - Google News</title><link>https://news.google.com/</link>'
            f"<language>en-GB</language>{''.join(items)}</channel></rss>").encode()


def make_root(tmp_path: Path, server: FeedServer, google: GoogleNews, *, feeds: list[str],
              retry_days: int = 3) -> Path:
    root = tmp_path / "story"
    (root / "feeds").mkdir(parents=True)
    (root / "docs" / "articles").mkdir(parents=True)
    sources = "sources:\n" + "".join(
        f"  - id: {name}\n    name: Google News {name}\n"
        f"    url: {server.url('/' + name + '.rss')}{FEED_QUERY}\n    lang: en\n"
        for name in feeds)
    (root / "feeds" / "sources.yml").write_text(sources, encoding="utf-8")
    (root / "feeds" / "topics.yml").write_text('include: ["GPT-4o"]\n', encoding="utf-8")
    (root / "feeds" / "events.yml").write_text(textwrap.dedent("""\
        events:
          - id: gpt-4o-launch
            date: "2024-05-13"
            title: OpenAI launches GPT-4o
        """), encoding="utf-8")
    (root / "feeds" / "settings.yml").write_text(
        f"title: Test\ngoogle_news_url: {google.base_url}\nlink_retry_days: {retry_days}\n",
        encoding="utf-8")
    return root


def assert_only_changed(before: str, after: str,
                        keys: tuple[str, ...] = ("url", "url_resolved", "via")) -> None:
    """`after` is `before` with at most the front matter lines of `keys` changed: every other
    line, body included, byte for byte and in order."""
    def rest(text: str) -> list[str]:
        return [line for line in text.split("\n") if not line.startswith(tuple(f"{k}:"
                                                                            for k in keys))]
    assert before != after and rest(before) == rest(after)


def fetch(root: Path, now: datetime = NOW, **kwargs):
    return run_fetch(load_project(root), options=FAST, now=now, **kwargs)


@pytest.fixture
def google():
    with GoogleNews() as server:
        yield server


def test_opaque_links_are_resolved_in_one_batch_and_pages_point_at_the_publisher(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    links = [google.link(f"https://www.example.com/tech/gpt-4o-{n}") for n in range(3)]
    items = [item(f"GPT-4o story {n}", link, "The Example Times", "https://www.example.com")
             for n, link in enumerate(links)]
    items.append(item("OpenAI retires GPT-4o", f"https://news.google.com/rss/articles/"
                      f"{OLD_TOKEN}?oc=5", "Example Daily", "https://www.example.org"))
    feed_server.add("/gn.rss", rss(items), etag='"v1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"])

    report = fetch(root)

    assert google.errors == []
    assert google.page_gets == 3 and google.batch_posts == 1  # the older token: no request
    feed = report.feeds[0]
    assert (feed.resolved, feed.pending, feed.given_up, feed.written) == (4, 0, 0, 4)
    articles = {a.url: a for a in load_archive(root / "docs" / "articles").articles}
    assert set(articles) == {*(f"https://www.example.com/tech/gpt-4o-{n}" for n in range(3)),
                             "https://www.example.org/tech/2026/02/13/openai-retires-gpt-4o-chatgpt"}
    for article in articles.values():
        assert article.via.startswith((google.base_url, "https://news.google.com/rss/articles/"))
        assert "?" not in article.via and article.url_resolved
        assert article.source in ("The Example Times", "Example Daily")
        assert not article.title.endswith(article.source)
        assert "news.google.com" not in article.body and google.base_url not in article.body
    assert [p for p in validate(load_project(root)) if p.severity == "error"] == []
    state = json.loads((root / "feeds" / "state.json").read_text())
    assert len(state["resolved"]) == 3 and "pending" not in state
    assert report.to_json()["links"] == {"resolved": 4, "pending": 0, "given_up": 0}

    # The feed changes (new ETag) but holds the same items: nothing is asked again.
    feed_server.add("/gn.rss", rss(items), etag='"v2"')
    before = len(google.requests)
    report = fetch(root, NOW + timedelta(hours=6))
    assert len(google.requests) == before
    assert report.written == 0 and report.feeds[0].duplicates == 4


def test_a_token_resolved_but_not_archived_is_never_asked_again(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    """Two editions carry one article under two tokens: both resolve, one page; the second
    token is cached in the feed state."""
    first = google.link("https://www.example.com/tech/gpt-4o-exit")
    second = google.link("https://www.example.com/tech/gpt-4o-exit?utm_source=gn")
    feed_server.add("/us.rss", rss([item("GPT-4o exits", first, "The Example Times",
                                         "https://www.example.com")]), etag='"1"')
    feed_server.add("/uk.rss", rss([item("GPT-4o exits ChatGPT", second, "The Example Times",
                                         "https://www.example.com")]), etag='"1"')
    root = make_root(tmp_path, feed_server, google, feeds=["us", "uk"])
    report = fetch(root)
    assert report.written == 1 and report.feeds[1].duplicates == 1
    assert google.batch_sizes == [2]
    feed_server.add("/uk.rss", rss([item("GPT-4o exits ChatGPT", second, "The Example Times",
                                         "https://www.example.com")]), etag='"2"')
    before = len(google.requests)
    fetch(root, NOW + timedelta(hours=1))
    assert len(google.requests) == before


def test_unresolved_links_wait_as_pending_then_resolve_on_a_later_run(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    link = google.link("https://news.example.net/ai/gpt-4o-gone")
    opaque = next(iter(google.targets))
    google.fail_pages.add(opaque)
    feed_server.add("/gn.rss", rss([item("GPT-4o is gone", link, "Example Net News",
                                         "https://news.example.net")]), etag='"v1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"])

    report = fetch(root)
    assert (report.feeds[0].pending, report.written) == (1, 0)
    state = json.loads((root / "feeds" / "state.json").read_text())
    [record] = state["pending"].values()
    assert record["feed"] == "gn" and record["attempts"] == 1 and "HTTP 500" in record["error"]

    # The next run gets a 304 for the feed: the pending entry is retried all the same.
    google.fail_pages.clear()
    report = fetch(root, NOW + timedelta(hours=6))
    assert report.feeds[0].status == "not_modified"
    assert (report.feeds[0].resolved, report.written) == (1, 1)
    [article] = load_archive(root / "docs" / "articles").articles
    assert article.url == "https://news.example.net/ai/gpt-4o-gone"
    assert "pending" not in json.loads((root / "feeds" / "state.json").read_text())


def test_links_unresolved_for_days_are_written_marked_never_as_the_address(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    link = google.link("https://news.example.net/ai/gpt-4o-gone")
    google.fail_pages.update(google.targets)
    feed_server.add("/gn.rss", rss([item("GPT-4o is gone", link, "Example Net News",
                                         "https://news.example.net")]), etag='"v1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"], retry_days=2)
    assert fetch(root).feeds[0].pending == 1
    assert fetch(root, NOW + timedelta(days=1)).feeds[0].pending == 1
    report = fetch(root, NOW + timedelta(days=2, hours=1))
    feed = report.feeds[0]
    assert (feed.pending, feed.given_up, feed.written) == (0, 1, 1)
    assert any("written with the Google News link" in w for w in feed.warnings)
    [article] = load_archive(root / "docs" / "articles").articles
    assert article.url_resolved is False and article.url == article.via
    assert article.url.startswith(google.base_url + "/rss/articles/")
    text = article.path.read_text(encoding="utf-8")
    assert "url_resolved: false" in text and "via: " in text
    assert "through Google News" in article.body and "original article" not in article.body
    assert [p for p in validate(load_project(root)) if p.severity == "error"] == []
    # Never pending again, never written twice: while its feed carries it, the link is asked
    # about once a run, and the page is updated in place once Google answers.
    before = len(google.requests)
    feed_server.add("/gn.rss", rss([item("GPT-4o is gone", link, "Example Net News",
                                         "https://news.example.net")]), etag='"v2"')
    report = fetch(root, NOW + timedelta(days=3))
    assert report.written == 0 and report.feeds[0].duplicates == 1
    assert report.to_json()["links"] == {"resolved": 0, "pending": 0, "given_up": 0}
    assert len(google.requests) == before + 1  # the article page, which still fails
    assert "pending" not in json.loads((root / "feeds" / "state.json").read_text())
    original = article.path.read_text(encoding="utf-8")
    google.fail_pages.clear()
    feed_server.add("/gn.rss", rss([item("GPT-4o is gone", link, "Example Net News",
                                         "https://news.example.net")]), etag='"v3"')
    report = fetch(root, NOW + timedelta(days=4))
    assert report.written == 0 and report.updated == 1
    [page] = report.feeds[0].updated
    assert root / page == article.path
    [updated] = load_archive(root / "docs" / "articles").articles
    assert updated.url == "https://news.example.net/ai/gpt-4o-gone" and updated.url_resolved
    assert updated.via == article.via and updated.id == article.id
    assert_only_changed(original, article.path.read_text(encoding="utf-8"))
    assert [p for p in validate(load_project(root)) if p.severity == "error"] == []
    before = len(google.requests)
    report = fetch(root, NOW + timedelta(days=5))
    assert report.written == 0 and report.updated == 0 and len(google.requests) == before


def test_an_answer_off_the_publishers_site_is_not_trusted(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    link = google.link("https://www.example.com/tech/gpt-4o")
    google.answers[next(iter(google.targets))] = "https://evil.example/phish"
    feed_server.add("/gn.rss", rss([item("GPT-4o story", link, "The Example Times",
                                         "https://www.example.com")]), etag='"v1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"])
    report = fetch(root)
    assert report.feeds[0].given_up == 1
    assert any("evil.example" in w and "not on the publisher's site" in w
               for w in report.feeds[0].warnings)
    [article] = load_archive(root / "docs" / "articles").articles
    assert not article.url_resolved and "evil.example" not in article.path.read_text()


def test_a_rate_limit_stops_asking_and_keeps_the_rest_pending(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    links = [google.link(f"https://www.example.com/tech/{n}") for n in range(6)]
    google.rate_limited = True
    feed_server.add("/gn.rss", rss([item(f"GPT-4o {n}", link, "The Example Times",
                                         "https://www.example.com")
                                    for n, link in enumerate(links)]), etag='"v1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"])
    report = fetch(root)
    assert report.feeds[0].pending == 6 and report.written == 0
    assert len(google.requests) <= 2  # the per-host limit: the first answers stop the rest
    state = json.loads((root / "feeds" / "state.json").read_text())
    assert all("429" in r["error"] for r in state["pending"].values())


def test_off_topic_items_cost_no_request(tmp_path: Path, feed_server: FeedServer,
                                         google: GoogleNews) -> None:
    link = google.link("https://www.example.com/weather/storm")
    feed_server.add("/gn.rss", rss([item("Storm warning for the weekend", link, "The Example "
                                         "Times", "https://www.example.com")]), etag='"v1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"])
    report = fetch(root)
    assert google.requests == [] and report.feeds[0].off_topic == 1
    assert "pending" not in json.loads((root / "feeds" / "state.json").read_text())


# --- what the held-out feeds showed -------------------------------------------------------------


def test_four_articles_whose_headlines_differ_in_case_and_punctuation_make_four_pages(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    headlines = ["OpenAI retires GPT-4o", "OpenAI Retires GPT-4o", "OpenAI retires GPT-4o!",
                 "OpenAI retires: GPT-4o"]
    items = [item(h, f"https://news.google.com/rss/articles/"
                     f"{make_token(f'https://www.example.com/live/{n}')}?oc=5",
                  "The Example Times", "https://www.example.com") for n, h in enumerate(headlines)]
    feed_server.add("/gn.rss", rss(items), etag='"v1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"])
    report = fetch(root)
    assert report.written == 4 and report.feeds[0].duplicates == 0


def test_two_articles_sharing_a_guid_make_two_pages(tmp_path: Path, feed_server: FeedServer,
                                                     google: GoogleNews) -> None:
    items = [item(title, f"https://news.google.com/rss/articles/{make_token(url)}",
                  "The Example Times", "https://www.example.com", guid="same-guid")
             for title, url in (("GPT-4o leaves ChatGPT", "https://www.example.com/a"),
                                ("Users rally for GPT-4o", "https://www.example.com/b"))]
    feed_server.add("/gn.rss", rss(items), etag='"v1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"])
    report = fetch(root)
    assert report.written == 2
    warning = next(w for w in report.feeds[0].warnings if "same guid" in w)
    assert "GPT-4o leaves ChatGPT" in warning and "Users rally for GPT-4o" in warning


def test_one_article_under_http_and_https_with_tracking_is_one_page(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    http = make_token("http://www.example.com/tech/gpt-4o?utm_source=gn")
    https = make_token("https://example.com/tech/gpt-4o?utm_campaign=gn")
    feed_server.add("/us.rss", rss([item("GPT-4o goes", f"https://news.google.com/rss/articles/"
                                         f"{http}", "The Example Times",
                                         "https://www.example.com")]), etag='"1"')
    feed_server.add("/uk.rss", rss([item("GPT-4o goes", f"https://news.google.com/rss/articles/"
                                         f"{https}", "The Example Times",
                                         "https://www.example.com")]), etag='"1"')
    root = make_root(tmp_path, feed_server, google, feeds=["us", "uk"])
    report = fetch(root)
    assert report.written == 1 and report.feeds[1].duplicates == 1


def test_the_state_file_keeps_what_links_need(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    state = FeedState(resolved={"k": "https://example.com/a"},
                      pending={"p": {"feed": "gn", "first_seen": "2026-02-14T09:00:00Z"}})
    state.save(path)
    again = FeedState.load(path)
    assert again.resolved == state.resolved and again.pending == state.pending


def test_a_consent_wall_stops_asking_and_keeps_the_links_pending(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    links = [google.link(f"https://www.example.com/tech/{n}") for n in range(4)]
    google.consent = True
    feed_server.add("/gn.rss", rss([item(f"GPT-4o {n}", link, "The Example Times",
                                         "https://www.example.com")
                                    for n, link in enumerate(links)]), etag='"v1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"])
    report = fetch(root)
    assert report.feeds[0].pending == 4 and google.batch_posts == 0
    assert google.page_gets <= 2  # the first answers stop the rest
    state = json.loads((root / "feeds" / "state.json").read_text())
    assert any("consent" in r["error"] for r in state["pending"].values())


def test_the_time_budget_bounds_the_network_step(google: GoogleNews) -> None:
    import asyncio

    from newsarchive.resolve import Lookup, ResolverOptions, resolve_online

    google.link("https://www.example.com/tech/a")
    [opaque] = google.targets
    lookups = [Lookup("k", make_token(opaque), locale_of("https://news.google.com/"))]
    asyncio.run(resolve_online(lookups, ResolverOptions(base_url=google.base_url, budget=0),
                               FAST))
    assert google.requests == [] and "budget" in lookups[0].error
    asyncio.run(resolve_online(lookups, ResolverOptions(base_url=google.base_url), FAST))
    assert lookups[0].answer == "https://www.example.com/tech/a" and google.batch_posts == 1


def test_no_archived_copy_is_sought_for_a_google_news_link(tmp_path: Path, wayback_fake) -> None:
    """A page whose url is still the Google News link has no original to copy or check."""
    from newsarchive.archive import read_article, write_article
    from newsarchive.model import Article
    from newsarchive.wayback import WaybackOptions, record_copies

    google_link = "https://news.google.com/rss/articles/CBMiAAA"
    page = write_article(tmp_path, Article(
        title="GPT-4o is gone", date=NOW, source="Example Net News", url=google_link,
        lang="en", id="0123456789abcdef", summary="GPT-4o leaves ChatGPT.", feed="gn",
        via=google_link, url_resolved=False))
    report = record_copies([read_article(page)], WaybackOptions.from_env())
    assert wayback_fake.requests == [] and read_article(page).archived is None
    assert report.to_json() is not None


# --- every link form Google News has used, through fetch ----------------------------------------

FEED_FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
TOKENS = {  # the tokens of google_news_*.xml and where they lead
    "users-mourn": ("CBMiQWh0dHBzOi8vd3d3LmV4YW1wbGUuY29tL3RlY2hub2xvZ3kvMjAyNi8wMi8xMy91c2Vycy1t"
                    "b3Vybi1ncHQtNG8v0gEA",
                    "https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/"),
    "opaque-mourn": ("CBMipAFBVV95cUxGUFp5c2xTaE5oMHBpTnBuQ1pKWk82eEpNMUNNMnk0bVUwZE5heFlSUl9O"
                     "NkE2OVA5X3YyWEFmTEQ3dzVPaFE4azV6bFY3NG1uRkphbjFNN0k3NUNXM2pKS1FWM2s3T1o4"
                     "STJUQnhsRnRnYWhvSERqYUlabDdScGhuazI5SGNURjZPTWg3d3Bxdlg0cU01MEZ1TG8zdTZ1"
                     "RmxoakxjeQ",
                     "https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/"),
    "opaque-cancel": ("CBMipAFBVV95cUxFVlY4TkxFM0ZScGZFallTZmxQNFFKNW56Y3ROZWhSczZjNW1INFBZSV9R"
                      "eGotczVHMkRjbmZOejFSZFQ2WDlMano0SUFlS2lmLVV5aDcyQ1JNVzJDaS1xZm5YSm1EUEpH"
                      "TDZJRUx3LW52cmpUUEhGdVhPci10ZzdOYUVWaXhvQ2EtSkQtZFdYVnhWSVlnTlYtMWFKM3NZ"
                      "b1RZQkZobg",
                      "https://markets.example.com/2026/02/14/chatgpt-cancellations-gpt-4o"),
    "short-replaces": ("CCAiCzI3WEl6RDVnajV4mAEB",
                       "https://news.example.net/ai/2026/02/13/what-replaces-gpt-4o"),
}


def serve_fixture(server: FeedServer, name: str, path: str, etag: str = '"1"',
                  rewrite: tuple[str, str] | None = None) -> None:
    body = (FEED_FIXTURES / name).read_bytes()
    if rewrite:
        body = body.replace(rewrite[0].encode(), rewrite[1].encode())
    server.add(path, body, etag=etag)


def errors_and_warnings(root: Path) -> tuple[list[str], list[str]]:
    problems = validate(load_project(root))
    return ([p.message for p in problems if p.severity == "error"],
            [p.message for p in problems if p.severity == "warning"])


def test_every_google_news_link_form_reaches_the_publisher_once(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    """A 2019-style feed (`/__i/rss/rd/articles/`, lists of related coverage), a pre-2018 one
    (`/news/url?…&url=`, a table with the article's opening) and a current one (opaque tokens
    of two shapes) carrying overlapping coverage: one page per article, each at its publisher."""
    for name in ("opaque-mourn", "opaque-cancel", "short-replaces"):
        google.add_token(*TOKENS[name])
    serve_fixture(feed_server, "google_news_rd.xml", "/rd.rss")
    serve_fixture(feed_server, "google_news_legacy.xml", "/legacy.rss")
    serve_fixture(feed_server, "google_news_coverage.xml", "/coverage.rss")
    root = make_root(tmp_path, feed_server, google, feeds=["rd", "legacy", "coverage"])

    report = fetch(root)

    assert google.errors == [] and google.page_gets == 3 and google.batch_sizes == [3]
    rd, legacy, coverage = report.feeds
    assert (rd.written, rd.off_topic) == (2, 1)  # the related headlines are not its topic
    assert (legacy.written, legacy.duplicates) == (1, 1)
    assert (coverage.written, coverage.duplicates) == (1, 2)
    assert [f.given_up for f in report.feeds] == [0, 0, 0]
    pages = {a.url: a for a in load_archive(root / "docs" / "articles").articles}
    assert set(pages) == {
        "https://www.example.org/tech/2026/02/13/openai-retires-gpt-4o-chatgpt",
        "https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/",
        "https://news.example.net/ai/2026/02/13/what-replaces-gpt-4o",
        "https://markets.example.com/2026/02/14/chatgpt-cancellations-gpt-4o"}
    for page in pages.values():
        assert page.url_resolved and page.via.startswith("https://news.google.com/")
        assert "/__i/" not in page.via and "usg=" not in page.via
        assert not page.title.endswith(page.source)
        text = page.path.read_text(encoding="utf-8")
        assert "View Full coverage" not in text and "news.google.com" not in page.body
    replaces = pages["https://news.example.net/ai/2026/02/13/what-replaces-gpt-4o"]
    assert replaces.source == "Example Net News"  # named only in the pre-2018 description
    assert replaces.title == "GPT-4o is gone. Here's what replaces it in ChatGPT"
    assert replaces.summary.startswith("The default model in ChatGPT changes for everyone")
    assert "default model in ChatGPT" in replaces.body
    # The others carried only Google's related headlines: their summary is left for curation.
    assert sorted(p.summary for p in pages.values()) == ["", "", "", replaces.summary]
    errors, warnings = errors_and_warnings(root)
    assert errors == []
    assert warnings == ["'summary' is empty: the feed gave no description of the article's "
                        "own; write one in your own words"] * 3

    for path in ("/rd.rss", "/legacy.rss", "/coverage.rss"):
        serve_fixture(feed_server, Path(path).stem.join(("google_news_", ".xml")), path,
                      etag='"2"')
    before = len(google.requests)
    again = fetch(root, NOW + timedelta(hours=6))
    assert again.written == 0 and again.updated == 0 and len(google.requests) == before


def old_page(root: Path, link: str, title: str, source: str) -> Path:
    """A page as fetch wrote it before the link form was known: the Google link as `url`."""
    from newsarchive.archive import write_article
    from newsarchive.model import Article
    from newsarchive.urls import article_id, canonical_url

    url = canonical_url(link)
    return write_article(root / "docs" / "articles", Article(
        title=title, date=datetime(2026, 2, 13, 16, 30, tzinfo=UTC), source=source, url=url,
        lang="en-US", id=article_id(url), summary=f"{title} {source}", feed="rd",
        fetched=NOW - timedelta(days=30), selected_by="keyword: GPT-4o",
        body=f"[Read the original article at {source}]({url})"))


def test_a_page_written_before_its_link_form_was_known_is_updated_in_place(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    token = TOKENS["users-mourn"][0]
    root = make_root(tmp_path, feed_server, google, feeds=["rd"])
    path = old_page(root, f"https://news.google.com/__i/rss/rd/articles/{token}?oc=5",
                    "Users mourn GPT-4o as OpenAI pulls the model", "The Example Times")
    before = path.read_text(encoding="utf-8")
    errors, _ = errors_and_warnings(root)
    assert len(errors) == 1 and "is a Google News address, not the publisher's" in errors[0]

    # The feed now writes its links in the current form.
    serve_fixture(feed_server, "google_news_rd.xml", "/rd.rss",
                  rewrite=("/__i/rss/rd/articles/", "/rss/articles/"))
    report = fetch(root)

    assert report.written == 1  # the other article; the one already archived is not again
    assert report.feeds[0].updated == [str(path.relative_to(root))]
    page = read_article(path)
    assert page.url == "https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/"
    assert page.via == f"https://news.google.com/rss/articles/{token}" and page.url_resolved
    assert_only_changed(before, path.read_text(encoding="utf-8"))
    assert errors_and_warnings(root)[0] == []
    assert len(load_archive(root / "docs" / "articles").articles) == 2


def test_an_unresolved_page_is_updated_when_its_feed_switches_link_forms(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    link = google.link("https://news.example.net/ai/gpt-4o-gone")
    google.fail_pages.update(google.targets)
    feed_server.add("/gn.rss", rss([item("GPT-4o is gone", link, "Example Net News",
                                         "https://news.example.net")]), etag='"v1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"], retry_days=1)
    fetch(root)
    assert fetch(root, NOW + timedelta(days=1, hours=1)).feeds[0].given_up == 1
    [written] = load_archive(root / "docs" / "articles").articles
    before = written.path.read_text(encoding="utf-8")

    # Google still fails, and the feed now writes the same item in the 2019 form: the page
    # exists, so nothing is pending or written twice.
    switched = link.replace("/rss/articles/", "/__i/rss/rd/articles/")
    feed_server.add("/gn.rss", rss([item("GPT-4o is gone", switched, "Example Net News",
                                         "https://news.example.net")]), etag='"v2"')
    report = fetch(root, NOW + timedelta(days=2))
    assert (report.written, report.updated, report.feeds[0].duplicates) == (0, 0, 1)
    assert report.feeds[0].pending == 0 and written.path.read_text(encoding="utf-8") == before

    google.fail_pages.clear()
    feed_server.add("/gn.rss", rss([item("GPT-4o is gone", switched, "Example Net News",
                                         "https://news.example.net")]), etag='"v3"')
    report = fetch(root, NOW + timedelta(days=3))
    assert (report.written, report.updated) == (0, 1)
    [page] = load_archive(root / "docs" / "articles").articles
    assert page.url == "https://news.example.net/ai/gpt-4o-gone" and page.url_resolved
    assert page.via == written.via  # the item the page came through, in its recorded form
    assert_only_changed(before, page.path.read_text(encoding="utf-8"))
    assert errors_and_warnings(root)[0] == []


def test_an_unresolved_page_is_updated_by_another_token_for_its_headline(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    """Google gave the article a new token: only the headline and outlet tie it to the page."""
    link = google.link("https://www.example.com/tech/gpt-4o-exit")
    google.fail_pages.update(google.targets)
    title, home = "OpenAI sets a date for GPT-4o's exit", "https://www.example.com"
    feed_server.add("/gn.rss", rss([item(title, link, "The Example Times", home)]), etag='"1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"], retry_days=0)
    assert fetch(root).feeds[0].given_up == 1
    [written] = load_archive(root / "docs" / "articles").articles
    before = written.path.read_text(encoding="utf-8")

    written_url = "https://www.example.com/tech/gpt-4o-exit"
    other = f"https://news.google.com/rss/articles/{make_token(written_url)}?oc=5"
    feed_server.add("/gn.rss", rss([item(title, other, "The Example Times", home)]), etag='"2"')
    report = fetch(root, NOW + timedelta(days=1))
    assert (report.written, report.updated) == (0, 1)
    [page] = load_archive(root / "docs" / "articles").articles
    assert page.url == written_url and page.via == written.via
    assert_only_changed(before, page.path.read_text(encoding="utf-8"))


def test_a_google_news_address_that_names_no_article_is_written_unresolved_at_once(
        tmp_path: Path, feed_server: FeedServer, google: GoogleNews) -> None:
    story = ("https://news.google.com/stories/CAAqNggKIjBDQklTSGpvSmMzUnZjbmt0TXpZd1NoRUtEd2o0d3N"
             "2SkVoR2dfTlpYd0dlX2V5Z0FQAQ?hl=en-US&gl=US&ceid=US:en&oc=5")
    feed_server.add("/gn.rss", rss([item("GPT-4o coverage", story, "Example Daily",
                                         "https://www.example.org", guid="52781239404815")]),
                    etag='"1"')
    root = make_root(tmp_path, feed_server, google, feeds=["gn"])
    report = fetch(root)
    assert google.requests == [] and report.feeds[0].given_up == 1
    assert any("names no article" in w for w in report.feeds[0].warnings)
    [page] = load_archive(root / "docs" / "articles").articles
    assert not page.url_resolved and page.url.startswith("https://news.google.com/stories/")
    assert errors_and_warnings(root)[0] == []
