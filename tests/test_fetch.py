"""The HTTP stage against a real server on 127.0.0.1: caps, timeouts, retries, redirects."""

from __future__ import annotations

import gzip
import json
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from feedserver import FeedServer, Response
from newsarchive import fetch
from newsarchive.fetch import FeedState, FetchOptions, StateError, fetch_feeds, fetch_url
from newsarchive.model import FetchResult, Source

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News</title><link>https://example.com/</link>
<item><title>OpenAI retires GPT-4o in ChatGPT</title>
<link>https://example.com/2025/gpt-4o-retired</link></item>
</channel></rss>
"""
ETAG = '"gpt4o-v1"'
LAST_MODIFIED = "Fri, 14 Feb 2025 10:00:00 GMT"

FAST = FetchOptions(
    connect_timeout=0.5,
    read_timeout=0.5,
    total_timeout=3.0,
    retries=2,
    backoff=0.01,
    max_retry_after=2.0,
)


def source(server: FeedServer, path: str, feed_id: str = "example") -> Source:
    return Source(id=feed_id, name="Example News", url=server.url(path))


def fetch_one(
    server: FeedServer,
    path: str,
    options: FetchOptions = FAST,
    state: FeedState | None = None,
) -> FetchResult:
    [result] = fetch_feeds([source(server, path)], state or FeedState(), options)
    return result


@pytest.fixture
def delays(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The delays the fetcher chose between attempts (it still really sleeps)."""
    seen: list[float] = []
    real_sleep = fetch._sleep

    async def recording_sleep(delay: float) -> None:
        seen.append(delay)
        await real_sleep(delay)

    monkeypatch.setattr(fetch, "_sleep", recording_sleep)
    yield seen


# -- plain success and conditional GET ------------------------------------------------


def test_ok_result_carries_body_and_metadata(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", RSS, etag=ETAG, last_modified=LAST_MODIFIED)

    result = fetch_one(feed_server, "/feed.xml")

    assert result.status == "ok"
    assert result.body == RSS
    assert result.http_status == 200
    assert result.content_type == "application/rss+xml"
    assert result.final_url == feed_server.url("/feed.xml")
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)
    assert result.attempts == 1
    assert result.error is None


def test_request_headers_name_newsarchive_and_ask_for_gzip(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", RSS)

    fetch_one(feed_server, "/feed.xml")

    [request] = feed_server.requests_for("/feed.xml")
    assert request.headers["user-agent"].startswith("newsarchive/")
    assert "gzip" in request.headers["accept-encoding"]
    assert "application/rss+xml" in request.headers["accept"]
    assert "if-none-match" not in request.headers
    assert "if-modified-since" not in request.headers


def test_conditional_get_gives_not_modified_and_state_round_trips(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.add("/feed.xml", RSS, etag=ETAG, last_modified=LAST_MODIFIED)
    state_path = tmp_path / "feeds" / "state.json"
    state = FeedState.load(state_path)  # missing file: empty state

    first = fetch_one(feed_server, "/feed.xml", state=state)
    state.record(first)
    state.save(state_path)

    reloaded = FeedState.load(state_path)
    assert reloaded.validators("example") == (ETAG, LAST_MODIFIED)
    second = fetch_one(feed_server, "/feed.xml", state=reloaded)

    assert first.status == "ok"
    assert second.status == "not_modified"
    assert second.body is None
    assert second.http_status == 304
    first_request, second_request = feed_server.requests_for("/feed.xml")
    assert "if-none-match" not in first_request.headers
    assert second_request.headers["if-none-match"] == ETAG
    assert second_request.headers["if-modified-since"] == LAST_MODIFIED
    assert second_request.status == 304
    assert second_request.bytes_sent == 0  # no second full download

    reloaded.record(second)
    assert reloaded.validators("example") == (ETAG, LAST_MODIFIED)
    assert reloaded.feeds["example"]["status"] == "not_modified"


def test_if_modified_since_alone_gives_not_modified(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", RSS, last_modified=LAST_MODIFIED)
    state = FeedState()
    state.record(fetch_one(feed_server, "/feed.xml", state=state))

    second = fetch_one(feed_server, "/feed.xml", state=state)

    assert second.status == "not_modified"
    assert "if-none-match" not in feed_server.requests_for("/feed.xml")[1].headers


def test_changed_feed_is_downloaded_again_and_new_validators_recorded(
    feed_server: FeedServer,
) -> None:
    feed_server.add_sequence(
        "/feed.xml",
        [Response(RSS, etag='"v1"'), Response(RSS + b"<!-- new -->", etag='"v2"')],
    )
    state = FeedState()
    state.record(fetch_one(feed_server, "/feed.xml", state=state))

    second = fetch_one(feed_server, "/feed.xml", state=state)
    state.record(second)

    assert second.status == "ok"
    assert second.body is not None and second.body.endswith(b"<!-- new -->")
    assert state.validators("example") == ('"v2"', None)


def test_validators_are_not_sent_when_the_source_url_changed(feed_server: FeedServer) -> None:
    feed_server.add("/old.xml", RSS, etag=ETAG)
    feed_server.add("/new.xml", RSS, etag=ETAG)
    state = FeedState()
    state.record(fetch_one(feed_server, "/old.xml", state=state))

    result = fetch_one(feed_server, "/new.xml", state=state)

    assert result.status == "ok"
    assert "if-none-match" not in feed_server.requests_for("/new.xml")[0].headers


# -- state file -----------------------------------------------------------------------


def test_state_file_is_stable_json_written_atomically(tmp_path: Path) -> None:
    state = FeedState()
    for feed_id in ("zeta", "alpha"):
        state.record(
            FetchResult(
                source=Source(id=feed_id, name=feed_id, url=f"https://example.org/{feed_id}.xml"),
                status="ok",
                body=RSS,
                http_status=200,
                etag=ETAG,
            )
        )
    path = tmp_path / "state.json"

    state.save(path)
    state.save(path)  # replacing an existing file works too

    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data["feeds"]) == ["alpha", "zeta"]
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]  # no temp file left
    assert FeedState.load(path).validators("zeta") == (ETAG, None)


def test_failures_keep_validators_and_record_the_error() -> None:
    feed = Source(id="example", name="Example", url="https://example.net/feed.xml")
    state = FeedState()
    state.record(FetchResult(source=feed, status="ok", body=RSS, etag=ETAG))

    state.record(FetchResult(source=feed, status="error", error="HTTP 500 Internal Server Error"))

    assert state.validators("example") == (ETAG, None)
    assert state.feeds["example"]["status"] == "error"
    assert state.feeds["example"]["error"] == "HTTP 500 Internal Server Error"


@pytest.mark.parametrize(
    "content",
    [b'{"feeds": {"example": {"etag": ', b"[1, 2]", b'{"feeds": []}', b"\xff\xfe\x00garbage"],
    ids=["truncated", "not-an-object", "feeds-not-an-object", "not-utf8"],
)
def test_corrupt_state_raises_state_error_naming_the_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)

    with pytest.raises(StateError, match="state.json") as info:
        FeedState.load(path)
    assert str(path) in str(info.value)


# -- timeouts -------------------------------------------------------------------------


def test_headers_slower_than_read_timeout_is_a_timeout_error(feed_server: FeedServer) -> None:
    feed_server.add_slow_headers("/slow.xml", RSS, delay=5.0)
    options = replace(FAST, read_timeout=0.3, retries=0)

    result = fetch_one(feed_server, "/slow.xml", options)

    assert result.status == "error"
    assert result.error == "timed out after 0.3 s reading"
    assert result.attempts == 1


def test_slow_drip_is_stopped_by_the_total_timeout(feed_server: FeedServer) -> None:
    # 20 bytes/s never trips a 2 s read timeout; only the total download time does.
    feed_server.add_drip("/drip.xml", RSS, rate=20)
    options = replace(FAST, read_timeout=2.0, total_timeout=0.5, retries=0)

    result = fetch_one(feed_server, "/drip.xml", options)

    assert result.status == "error"
    assert result.error is not None
    assert "timed out after 0.5 s" in result.error and "total" in result.error
    feed_server.wait_idle()
    [request] = feed_server.requests_for("/drip.xml")
    assert request.aborted


def test_timeouts_are_retried(feed_server: FeedServer) -> None:
    feed_server.add_sequence("/feed.xml", [Response(RSS, delay=5.0), Response(RSS)])
    options = replace(FAST, read_timeout=0.3)

    result = fetch_one(feed_server, "/feed.xml", options)

    assert result.status == "ok"
    assert result.attempts == 2


# -- size cap -------------------------------------------------------------------------


def test_declared_length_past_the_cap_is_refused_and_the_download_aborted(
    feed_server: FeedServer,
) -> None:
    declared = 64 * 1024 * 1024
    feed_server.add_endless("/huge.xml", content_length=declared)
    options = replace(FAST, max_bytes=64 * 1024)

    result = fetch_one(feed_server, "/huge.xml", options)

    assert result.status == "error"
    assert result.error == f"body larger than 64 KiB cap (Content-Length {declared})"
    assert result.attempts == 1  # a too-big feed will not shrink by asking again
    assert feed_server.wait_idle()
    [request] = feed_server.requests_for("/huge.xml")
    assert request.aborted
    assert request.bytes_sent < declared


def test_endless_body_without_length_is_cut_at_the_cap(feed_server: FeedServer) -> None:
    feed_server.add_endless("/endless.xml")
    options = replace(FAST, max_bytes=100_000)

    result = fetch_one(feed_server, "/endless.xml", options)

    assert result.status == "error"
    assert result.error == "body larger than 100000 bytes cap"
    assert feed_server.wait_idle()
    [request] = feed_server.requests_for("/endless.xml")
    assert request.aborted


def test_cap_counts_decoded_bytes_of_a_gzip_body(feed_server: FeedServer) -> None:
    bomb = b"0" * (2 * 1024 * 1024)  # compresses to a few KiB
    feed_server.add("/bomb.xml", bomb, gzip=True)
    options = replace(FAST, max_bytes=1024 * 1024)

    result = fetch_one(feed_server, "/bomb.xml", options)

    assert result.status == "error"
    assert result.error == "body larger than 1 MiB cap"


def test_body_exactly_at_the_cap_is_accepted(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", b"x" * 4096)

    result = fetch_one(feed_server, "/feed.xml", replace(FAST, max_bytes=4096))

    assert result.status == "ok"
    assert result.body == b"x" * 4096


def test_gzip_body_is_decoded(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", RSS, gzip=True)

    result = fetch_one(feed_server, "/feed.xml")

    assert result.status == "ok"
    assert result.body == RSS
    assert feed_server.requests_for("/feed.xml")[0].bytes_sent == len(gzip.compress(RSS))


# -- redirects ------------------------------------------------------------------------


def test_redirect_chain_ends_ok_with_final_url(feed_server: FeedServer) -> None:
    feed_server.add_redirect("/r1", feed_server.url("/r2"), status=301)
    feed_server.add_redirect("/r2", "/r3", status=307)  # relative Location
    feed_server.add_redirect("/r3", "feed.xml", status=308)
    feed_server.add("/feed.xml", RSS)

    result = fetch_one(feed_server, "/r1")

    assert result.status == "ok"
    assert result.body == RSS
    assert result.final_url == feed_server.url("/feed.xml")


def test_redirect_loop_is_an_error(feed_server: FeedServer) -> None:
    feed_server.add_redirect("/a", "/b")
    feed_server.add_redirect("/b", "/a")

    result = fetch_one(feed_server, "/a")

    assert result.status == "error"
    assert result.error == "too many redirects (more than 5)"
    assert len(feed_server.requests) == 6  # the first request and five redirects
    assert result.attempts == 1


def test_redirect_to_another_scheme_is_an_error(feed_server: FeedServer) -> None:
    feed_server.add_redirect("/feed.xml", "ftp://example.com/feed.xml")

    result = fetch_one(feed_server, "/feed.xml")

    assert result.status == "error"
    assert result.error == "redirect to non-http URL ftp://example.com/feed.xml"


# -- retries --------------------------------------------------------------------------


def test_server_error_then_success_is_ok_on_second_attempt(feed_server: FeedServer) -> None:
    feed_server.add_sequence("/feed.xml", [Response(status=500), Response(RSS)])

    result = fetch_one(feed_server, "/feed.xml")

    assert result.status == "ok"
    assert result.body == RSS
    assert result.attempts == 2


def test_persistent_server_error_gives_up_after_all_attempts(
    feed_server: FeedServer, delays: list[float]
) -> None:
    feed_server.add("/feed.xml", b"oops", status=500, content_type="text/plain")

    result = fetch_one(feed_server, "/feed.xml")

    assert result.status == "error"
    assert result.error == "HTTP 500 Internal Server Error; gave up after 3 attempts"
    assert result.http_status == 500
    assert result.attempts == 3
    assert len(feed_server.requests_for("/feed.xml")) == 3
    assert len(delays) == 2
    assert 0.01 <= delays[0] < 0.02 <= delays[1] < 0.03  # exponential backoff, small jitter


@pytest.mark.parametrize("retry_after", ["0", "1"])
def test_too_many_requests_honours_retry_after(
    feed_server: FeedServer, delays: list[float], retry_after: str
) -> None:
    feed_server.add_retry_after("/feed.xml", retry_after, then=Response(RSS))

    result = fetch_one(feed_server, "/feed.xml")

    assert result.status == "ok"
    assert result.attempts == 2
    assert delays == [float(retry_after)]


def test_retry_after_as_http_date(feed_server: FeedServer, delays: list[float]) -> None:
    past = format_datetime(datetime.now(UTC) - timedelta(minutes=5), usegmt=True)
    feed_server.add_retry_after("/feed.xml", past, then=Response(RSS), status=503)

    result = fetch_one(feed_server, "/feed.xml")

    assert result.status == "ok"
    assert delays == [0.0]


def test_retry_after_beyond_the_limit_is_an_error_without_waiting(
    feed_server: FeedServer, delays: list[float]
) -> None:
    feed_server.add_retry_after("/feed.xml", "3600", then=Response(RSS))

    result = fetch_one(feed_server, "/feed.xml")

    assert result.status == "error"
    assert result.error == (
        "HTTP 429 Too Many Requests, asked to retry after 3600 s (more than the 2 s limit)"
    )
    assert result.attempts == 1
    assert delays == []


@pytest.mark.parametrize(
    ("status", "message"),
    [(404, "HTTP 404 Not Found: feed not found"), (410, "HTTP 410 Gone: feed removed")],
)
def test_missing_feed_is_gone_and_not_retried(
    feed_server: FeedServer, status: int, message: str
) -> None:
    feed_server.add("/feed.xml", b"", status=status)

    result = fetch_one(feed_server, "/feed.xml")

    assert result.status == "gone"
    assert result.error == message
    assert result.http_status == status
    assert result.body is None
    assert result.attempts == 1


def test_other_client_errors_are_not_retried(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", b"no", status=403, content_type="text/plain")

    result = fetch_one(feed_server, "/feed.xml")

    assert result.status == "error"
    assert result.error == "HTTP 403 Forbidden"
    assert result.attempts == 1


def test_connection_refused_is_retried_then_an_error() -> None:
    with socket.socket() as sock:  # bound, never listening: connecting is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        feed = Source(id="down", name="Down", url=f"http://127.0.0.1:{port}/feed.xml")

        [result] = fetch_feeds([feed], FeedState(), FAST)

    assert result.status == "error"
    assert result.error == "connection refused; gave up after 3 attempts"
    assert result.attempts == 3


# -- many feeds -----------------------------------------------------------------------


def test_one_failing_feed_does_not_stop_the_others(feed_server: FeedServer) -> None:
    feed_server.add("/a.xml", RSS)
    feed_server.add("/broken.xml", b"", status=500)
    feed_server.add("/b.xml", RSS + b" ")
    feed_server.add("/gone.xml", b"", status=410)
    sources = [
        source(feed_server, "/a.xml", "a"),
        source(feed_server, "/broken.xml", "broken"),
        Source(id="bad-url", name="Bad", url="not a url"),
        source(feed_server, "/b.xml", "b"),
        source(feed_server, "/gone.xml", "gone"),
    ]
    finished: list[str] = []

    results = fetch_feeds(
        sources, FeedState(), FAST, on_result=lambda r: finished.append(r.source.id)
    )

    assert [r.source.id for r in results] == ["a", "broken", "bad-url", "b", "gone"]
    assert [r.status for r in results] == ["ok", "error", "error", "ok", "gone"]
    assert results[0].body == RSS and results[3].body == RSS + b" "
    assert results[2].error is not None and results[2].error.startswith("not a valid URL")
    assert sorted(finished) == sorted(s.id for s in sources)


def test_per_host_limit_is_respected(feed_server: FeedServer) -> None:
    for i in range(8):
        feed_server.add(f"/feed{i}.xml", RSS, delay=0.15)
    sources = [source(feed_server, f"/feed{i}.xml", f"feed{i}") for i in range(8)]

    results = fetch_feeds(sources, FeedState(), replace(FAST, concurrency=8, per_host=2))

    assert [r.status for r in results] == ["ok"] * 8
    assert feed_server.max_in_flight <= 2


def test_overall_limit_is_respected(feed_server: FeedServer) -> None:
    for i in range(6):
        feed_server.add(f"/feed{i}.xml", RSS, delay=0.1)
    sources = [source(feed_server, f"/feed{i}.xml", f"feed{i}") for i in range(6)]

    results = fetch_feeds(sources, FeedState(), replace(FAST, concurrency=1, per_host=4))

    assert [r.status for r in results] == ["ok"] * 6
    assert feed_server.max_in_flight == 1


# -- fetch_url ------------------------------------------------------------------------


def test_fetch_url_is_unconditional_and_names_the_host(feed_server: FeedServer) -> None:
    feed_server.add("/story.html", b"<html><title>GPT-4o</title></html>", content_type="text/html")

    result = fetch_url(feed_server.url("/story.html"), FAST)

    assert result.status == "ok"
    assert result.content_type == "text/html"
    assert result.source == Source(id="url", name="127.0.0.1", url=feed_server.url("/story.html"))
    [request] = feed_server.requests_for("/story.html")
    assert request.headers["accept"].startswith("text/html")
    assert "if-none-match" not in request.headers


@pytest.mark.parametrize("url", ["not a url", "ftp://example.com/feed.xml", "http://"])
def test_fetch_url_rejects_invalid_urls(url: str) -> None:
    result = fetch_url(url, FAST)

    assert result.status == "error"
    assert result.error is not None and result.error.startswith("not a valid URL")
    assert result.attempts == 1
