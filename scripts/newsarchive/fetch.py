"""The HTTP stage: download feeds politely and hand their bytes on.

For each feed the flow is:

1. conditional request: send the ETag / Last-Modified remembered in `feeds/state.json`
   (`If-None-Match` / `If-Modified-Since`), so an unchanged feed costs one 304 and no body;
2. modified? a 304 becomes status "not_modified" and the feed is not parsed at all;
   404/410 become "gone" (the maintainer should drop or fix the source); anything else
   that is not a 2xx is an "error" with a short reason;
3. capped read: the body is streamed and counted *after* gzip decoding, and the download
   is aborted as soon as it passes `max_bytes`, or when the whole download takes longer than
   `total_timeout` (a server dripping one byte a second never trips the read timeout);
4. hand bytes on: the `FetchResult` carries raw bytes; parsing is the next stage's job and
   feedparser never fetches anything itself, so every network rule lives here.

Timeouts, connection failures, 5xx and 429 are retried with exponential backoff (honouring
`Retry-After` up to a cap); other 4xx are not. A feed that keeps failing from run to run is
not requested at every run: `FeedState` counts its failures in a row and sets its next attempt
further off each time (1 hour, 4, 16, 64, then at most a week), and the run reports it as
"deferred" until then. Redirects are followed by hand so that only
http(s) targets are accepted and loops end after `max_redirects`. Feeds are fetched
concurrently with an overall limit and a per-host limit, and one failing feed never stops
the others: per-feed failures are results, never exceptions.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import random
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from . import __version__
from .archive import write_replace
from .model import FetchResult, Source

# No contact URL is invented here: a deployment can name its own with FetchOptions.user_agent.
USER_AGENT = f"newsarchive/{__version__} (static news archive generator)"

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
GONE_CODES = frozenset({404, 410})
RETRY_AFTER_CODES = frozenset({429, 503})
STATE_VERSION = 1

# Indirection so tests can see the delays chosen between attempts.
_sleep = asyncio.sleep


@dataclass(frozen=True)
class FetchOptions:
    """Limits for one run. The defaults suit a daily run over a few dozen feeds."""

    concurrency: int = 8  # feeds fetched at once overall
    per_host: int = 2  # at most this many at a time per host
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # between bytes
    total_timeout: float = 60.0  # whole download, defeats a slow drip
    max_bytes: int = 10 * 1024 * 1024  # abort the download past this (decoded bytes)
    max_redirects: int = 5
    retries: int = 2  # extra attempts on transient failure
    backoff: float = 1.0  # base seconds, doubled per attempt (1, 2, 4...)
    max_retry_after: float = 60.0  # never sleep longer than this for Retry-After
    user_agent: str = USER_AGENT
    # Between runs: a feed that failed n runs in a row waits base * 4**(n-1), at most max.
    feed_backoff: float = 3600.0
    feed_backoff_max: float = 7 * 24 * 3600.0


class FetchError(Exception):
    """One attempt failed. `transient` says whether trying again may help."""

    def __init__(
        self,
        message: str,
        *,
        transient: bool = False,
        retry_after: float | None = None,
        http_status: int | None = None,
        final_url: str | None = None,
        content_type: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.retry_after = retry_after
        self.http_status = http_status
        self.final_url = final_url
        self.content_type = content_type


class StateError(Exception):
    """`feeds/state.json` cannot be read or written."""


class FeedState:
    """What runs remember, by feed id, in `feeds/state.json`.

    Per feed: validators (ETag / Last-Modified) for conditional requests, the last outcome, and
    for a feed that keeps failing, its failures in a row and when to try it again. For links:
    `resolved`, aggregator tokens already resolved to a publisher URL (never asked twice), and
    `pending`, entries whose link could not be resolved yet (see `resolve.py`).
    """

    def __init__(self, feeds: dict[str, dict[str, Any]] | None = None, *,
                 resolved: dict[str, str] | None = None,
                 pending: dict[str, dict[str, Any]] | None = None) -> None:
        self.feeds: dict[str, dict[str, Any]] = feeds if feeds is not None else {}
        self.resolved: dict[str, str] = resolved if resolved is not None else {}
        self.pending: dict[str, dict[str, Any]] = pending if pending is not None else {}

    @classmethod
    def load(cls, path: Path) -> FeedState:
        """Read the state; a missing file is an empty state, a broken one is an error."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError) as exc:
            raise StateError(f"{path}: cannot read feed state: {exc}") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StateError(f"{path}: feed state is not valid JSON: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("feeds", {}), dict):
            raise StateError(f'{path}: feed state must be an object with a "feeds" object')
        feeds = data.get("feeds", {})
        for feed_id, entry in feeds.items():
            if not isinstance(entry, dict):
                raise StateError(f"{path}: state of feed {feed_id!r} must be an object")
        resolved = data.get("resolved", {})
        if not isinstance(resolved, dict) or not all(
                isinstance(v, str) for v in resolved.values()):
            raise StateError(f'{path}: "resolved" must map link keys to URLs')
        pending = data.get("pending", {})
        if not isinstance(pending, dict) or not all(isinstance(v, dict) for v in pending.values()):
            raise StateError(f'{path}: "pending" must map link keys to objects')
        return cls({str(k): dict(v) for k, v in feeds.items()}, resolved=dict(resolved),
                   pending={str(k): dict(v) for k, v in pending.items()})

    def validators(self, feed_id: str, url: str | None = None) -> tuple[str | None, str | None]:
        """(etag, last_modified) for a conditional request.

        With `url`, validators remembered for a different URL (the source was edited)
        are not used: they describe another document.
        """
        entry = self.feeds.get(feed_id)
        if not entry:
            return None, None
        if url is not None and entry.get("url") not in (None, url):
            return None, None
        return entry.get("etag"), entry.get("last_modified")

    def deferred_until(self, source: Source, now: datetime) -> datetime | None:
        """When a feed that keeps failing may be tried again, if that is after `now`.

        An edited source URL is a new feed: it is tried at once.
        """
        entry = self.feeds.get(source.id)
        if not entry or entry.get("url") not in (None, source.url):
            return None
        text = entry.get("next_attempt")
        if not isinstance(text, str):
            return None
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return when if when > now else None

    def failures(self, feed_id: str) -> int:
        value = self.feeds.get(feed_id, {}).get("failures", 0)
        return value if isinstance(value, int) else 0

    def record(self, result: FetchResult, options: FetchOptions | None = None,
               now: datetime | None = None) -> None:
        """Remember what a fetch learned about its feed.

        A failure (error or gone) adds one to the feed's failures in a row and puts its next
        attempt `options.feed_backoff * 4**(failures-1)` seconds later (at most
        `feed_backoff_max`); a success clears both.
        """
        options = options or FetchOptions()
        now = (now or datetime.now(UTC)).replace(microsecond=0)
        stamp = _stamp(now)
        source = result.source
        entry = self.feeds.setdefault(source.id, {})
        if entry.get("url") not in (None, source.url):
            entry.clear()  # the source now points elsewhere; old validators are meaningless
        entry["url"] = source.url
        entry["checked"] = stamp
        entry["status"] = result.status
        if result.http_status is not None:
            entry["http_status"] = result.http_status
        else:
            entry.pop("http_status", None)
        if result.status == "ok":
            # The new response is the truth: a validator it no longer sends is dropped.
            _set_or_drop(entry, "etag", result.etag)
            _set_or_drop(entry, "last_modified", result.last_modified)
        elif result.status == "not_modified":
            if result.etag:
                entry["etag"] = result.etag
            if result.last_modified:
                entry["last_modified"] = result.last_modified
        if result.status in ("ok", "not_modified"):
            entry["last_ok"] = stamp
            for key in ("error", "failures", "next_attempt"):
                entry.pop(key, None)
        else:
            entry["error"] = result.error or result.status
            failures = self.failures(source.id) + 1
            delay = min(options.feed_backoff * 4 ** min(failures - 1, 30),
                        options.feed_backoff_max)
            entry["failures"] = failures
            entry["next_attempt"] = _stamp(now + timedelta(seconds=delay))

    def save(self, path: Path) -> None:
        """Write atomically (temp file, fsync, rename) with a stable layout for clean diffs."""
        data: dict[str, Any] = {"version": STATE_VERSION, "feeds": self.feeds}
        if self.resolved:
            data["resolved"] = self.resolved
        if self.pending:
            data["pending"] = self.pending
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        try:
            write_replace(path, text)
        except OSError as exc:
            raise StateError(f"{path}: cannot write feed state: {exc}") from exc


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _set_or_drop(entry: dict[str, Any], key: str, value: str | None) -> None:
    if value:
        entry[key] = value
    else:
        entry.pop(key, None)


def fetch_feeds(
    sources: list[Source],
    state: FeedState,
    options: FetchOptions = FetchOptions(),  # noqa: B008 - frozen, so sharing is safe
    on_result: Callable[[FetchResult], None] | None = None,
) -> list[FetchResult]:
    """Fetch every source; results come back in the order of `sources`.

    `on_result` is called as each feed finishes (for a progress bar). The state is only
    read here; call `state.record` for each result and `state.save` once the run's
    results have been handled, so a crash mid-run never skips unprocessed entries.
    Must not be called from a running event loop; use `fetch_feeds_async` there.
    """
    return asyncio.run(fetch_feeds_async(sources, state, options, on_result))


async def fetch_feeds_async(
    sources: list[Source],
    state: FeedState,
    options: FetchOptions = FetchOptions(),  # noqa: B008
    on_result: Callable[[FetchResult], None] | None = None,
) -> list[FetchResult]:
    """The async core of `fetch_feeds`."""
    overall = asyncio.Semaphore(max(1, options.concurrency))
    per_host: dict[str, asyncio.Semaphore] = {}

    async def one(source: Source) -> FetchResult:
        etag, last_modified = state.validators(source.id, source.url)
        host = host_key(source.url)
        host_limit = per_host.setdefault(host, asyncio.Semaphore(max(1, options.per_host)))
        result = await _fetch(
            client,
            source,
            options,
            accept=FEED_ACCEPT,
            etag=etag,
            last_modified=last_modified,
            limits=(host_limit, overall),
        )
        if on_result is not None:
            on_result(result)
        return result

    async with _client(options) as client:
        return list(await asyncio.gather(*(one(source) for source in sources)))


def fetch_url(
    url: str,
    options: FetchOptions = FetchOptions(),  # noqa: B008
    *,
    accept: str = PAGE_ACCEPT,
) -> FetchResult:
    """One unconditional GET, for `newsarchive add URL`, with the same caps and retries.

    The result's source is synthetic: id "url", named after the host.
    """
    source = Source(id="url", name=host_key(url) or url, url=url)

    async def run() -> FetchResult:
        async with _client(options) as client:
            return await _fetch(client, source, options, accept=accept)

    return asyncio.run(run())


def open_client(options: FetchOptions) -> httpx.AsyncClient:
    """The one HTTP client configuration of the project (timeouts, User-Agent, gzip, no automatic
    redirects), for the stages that talk to other servers: feeds, link checks, web archives."""
    return _client(options)


async def request(
    client: httpx.AsyncClient,
    url: str,
    options: FetchOptions,
    *,
    accept: str = PAGE_ACCEPT,
    method: str = "GET",
    form: dict[str, str] | None = None,
    limits: tuple[asyncio.Semaphore, ...] = (),
) -> FetchResult:
    """One request with the fetch stage's rules (caps, redirects, retries), never raising for a
    failure of the server: `HEAD` for a cheap link check, `POST` of a form to an API.

    The result's source is synthetic: id "url", named after the host.
    """
    source = Source(id="url", name=host_key(url) or url, url=url)
    return await _fetch(client, source, options, accept=accept, limits=limits, method=method,
                        form=form)


def _client(options: FetchOptions) -> httpx.AsyncClient:
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=None,  # our semaphores already bound how many requests wait for a connection
    )
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=False,  # followed by hand: scheme check and a clear loop error
        headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=options.concurrency),
    )


def host_key(url: str) -> str:
    """The lower-case host of `url` ("" when it has none): what per-host limits count by."""
    try:
        return httpx.URL(url).host.lower()
    except (httpx.InvalidURL, TypeError):
        return ""


async def _fetch(
    client: httpx.AsyncClient,
    source: Source,
    options: FetchOptions,
    *,
    accept: str,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: tuple[asyncio.Semaphore, ...] = (),
    method: str = "GET",
    form: dict[str, str] | None = None,
) -> FetchResult:
    """All attempts for one feed. Never raises for a failure of the feed itself."""
    max_attempts = 1 + max(0, options.retries)
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    attempt = 0
    while True:
        attempt += 1
        try:
            async with contextlib.AsyncExitStack() as stack:
                # Host slot first, then an overall slot: a feed waiting for its busy host
                # must not hold one of the overall slots other hosts could use.
                for semaphore in limits:
                    await stack.enter_async_context(semaphore)
                result = await _attempt(client, source, options, headers, method, form)
            result.attempts = attempt
            return result
        except FetchError as exc:
            failure = exc
        except Exception as exc:  # one odd feed must not stop the run
            failure = FetchError(f"unexpected {type(exc).__name__}: {exc}")
        if not failure.transient or attempt >= max_attempts:
            break
        delay = failure.retry_after
        if delay is None:
            base = options.backoff * 2 ** (attempt - 1)
            delay = base + random.uniform(0, base / 10)
        await _sleep(delay)
    message = failure.message
    if attempt > 1:
        message = f"{message}; gave up after {attempt} attempts"
    return FetchResult(
        source=source,
        status="error",
        error=message,
        http_status=failure.http_status,
        final_url=failure.final_url,
        content_type=failure.content_type,
        attempts=attempt,
    )


async def _attempt(
    client: httpx.AsyncClient, source: Source, options: FetchOptions, headers: dict[str, str],
    method: str = "GET", form: dict[str, str] | None = None,
) -> FetchResult:
    """One attempt: follow redirects, read the body under the caps, classify the outcome."""
    url = _check_url(source.url)
    try:
        async with asyncio.timeout(options.total_timeout):
            return await _follow(client, source, url, options, headers, method, form)
    except TimeoutError:
        raise FetchError(
            f"timed out after {options.total_timeout:g} s (total download time)", transient=True
        ) from None
    except httpx.TimeoutException as exc:
        raise FetchError(_describe_timeout(exc, options), transient=True) from exc
    except httpx.DecodingError as exc:
        raise FetchError(f"cannot decode the compressed body: {exc}") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(f"not a valid URL: {exc}") from exc
    except httpx.ConnectError as exc:
        raise _connect_failure(exc) from exc
    except httpx.TransportError as exc:  # reset, server hung up, malformed response...
        raise FetchError(_transport_message(exc), transient=True) from exc


def _check_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(f"not a valid URL: {url!r}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"not a valid URL: {url!r} (need http:// or https:// and a host)")
    return parsed


async def _follow(
    client: httpx.AsyncClient,
    source: Source,
    url: httpx.URL,
    options: FetchOptions,
    headers: dict[str, str],
    method: str = "GET",
    form: dict[str, str] | None = None,
) -> FetchResult:
    redirects = 0
    while True:
        outgoing = client.build_request(method, url, headers=headers, data=form)
        response = await client.send(outgoing, stream=True)
        try:
            status = response.status_code
            if status in REDIRECT_CODES and "location" in response.headers:
                url = _redirect_target(url, response.headers["location"], status)
                if method == "POST" and status in (301, 302, 303):
                    method, form = "GET", None  # as browsers do: the form is not sent again
                redirects += 1
                if redirects > options.max_redirects:
                    raise FetchError(
                        f"too many redirects (more than {options.max_redirects})",
                        http_status=status,
                        final_url=str(url),
                    )
                continue
            return await _outcome(source, url, response, options)
        finally:
            await response.aclose()  # unread body: httpx drops the connection, aborting it


def _redirect_target(current: httpx.URL, location: str, status: int) -> httpx.URL:
    try:
        target = current.join(location)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"HTTP {status} redirect to an invalid URL {location!r}") from exc
    if target.scheme not in ("http", "https"):
        raise FetchError(f"redirect to non-http URL {target}", http_status=status)
    return target


async def _outcome(
    source: Source, url: httpx.URL, response: httpx.Response, options: FetchOptions
) -> FetchResult:
    status = response.status_code
    final_url = str(url)
    content_type = response.headers.get("content-type")
    common: dict[str, Any] = {
        "source": source,
        "http_status": status,
        "final_url": final_url,
        "content_type": content_type,
        "etag": response.headers.get("etag"),
        "last_modified": response.headers.get("last-modified"),
    }
    if status == 304:
        return FetchResult(status="not_modified", **common)
    if status in GONE_CODES:
        what = "feed removed" if status == 410 else "feed not found"
        return FetchResult(status="gone", error=f"HTTP {_status_text(status)}: {what}", **common)
    if not 200 <= status < 300:
        raise _status_failure(response, options, final_url)
    body = await _read_capped(response, options)
    return FetchResult(status="ok", body=body, **common)


def _status_failure(response: httpx.Response, options: FetchOptions, final_url: str) -> FetchError:
    status = response.status_code
    text = f"HTTP {_status_text(status)}"
    context = {
        "http_status": status,
        "final_url": final_url,
        "content_type": response.headers.get("content-type"),
    }
    transient = status >= 500 or status == 429
    retry_after = None
    if status in RETRY_AFTER_CODES:
        retry_after = _retry_after(response.headers.get("retry-after"))
        if retry_after is not None and retry_after > options.max_retry_after:
            return FetchError(
                f"{text}, asked to retry after {retry_after:g} s "
                f"(more than the {options.max_retry_after:g} s limit)",
                **context,
            )
    if status in REDIRECT_CODES:
        text = f"{text} without a Location header"
    return FetchError(text, transient=transient, retry_after=retry_after, **context)


def _status_text(status: int) -> str:
    reason = httpx.codes.get_reason_phrase(status)
    return f"{status} {reason}" if reason else str(status)


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


async def _read_capped(response: httpx.Response, options: FetchOptions) -> bytes:
    """The decoded body, refusing anything past `max_bytes` as early as possible."""
    cap = options.max_bytes
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > cap:
        raise FetchError(
            f"body larger than {_size(cap)} cap (Content-Length {int(declared)})",
            http_status=response.status_code,
            final_url=str(response.url),
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():  # decoded: a gzip bomb is caught too
        size += len(chunk)
        if size > cap:
            raise FetchError(
                f"body larger than {_size(cap)} cap",
                http_status=response.status_code,
                final_url=str(response.url),
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _size(n: int) -> str:
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if n >= factor and n % factor == 0:
            return f"{n // factor} {unit}"
    return f"{n} bytes"


def _describe_timeout(exc: httpx.TimeoutException, options: FetchOptions) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out after {options.connect_timeout:g} s connecting"
    if isinstance(exc, httpx.WriteTimeout):
        return f"timed out after {options.read_timeout:g} s sending the request"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection"
    return f"timed out after {options.read_timeout:g} s reading"


def _connect_failure(exc: httpx.ConnectError) -> FetchError:
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            reason = cause.verify_message or cause.reason or str(cause)
            return FetchError(f"TLS error: certificate verify failed: {reason}")
        if isinstance(cause, ssl.SSLError):
            return FetchError(f"TLS error: {cause.reason or cause}")
        if isinstance(cause, socket.gaierror):
            return FetchError(f"host name lookup failed: {cause.strerror or cause}", transient=True)
        if isinstance(cause, ConnectionRefusedError):
            return FetchError("connection refused", transient=True)
    return FetchError(f"cannot connect: {_transport_message(exc)}", transient=True)


def _transport_message(exc: BaseException) -> str:
    for cause in _causes(exc):
        if isinstance(cause, ConnectionResetError):
            return "connection reset by the server"
    text = str(exc).strip()
    return text or type(exc).__name__


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
