"""Aggregator links to publisher URLs: Google News items resolved before selection.

Every item of a Google News feed links to Google (the link forms: `aggregator.py`), never to
the article. The link's token is base64url of a small protobuf:

- older tokens (`CBMi…`) hold the publisher's URL in field 4, sometimes followed by an AMP URL
  in field 26, and the pre-2018 form spells the address out (`/news/url?…&url=`): read with no
  request;
- newer tokens hold an opaque id (`AU_yqL…`) in that field, which only Google resolves. This
  module asks the way Google's own article page does: GET the article page for its signature
  and timestamp (`data-n-a-sg`, `data-n-a-ts`), then one `batchexecute` POST (RPC `Fbv4je`,
  `garturlreq`, each naming the article by its whole token, as the page's `data-n-a-id` does)
  resolves a whole batch. Requests are spaced (`interval`), at most `per_host` at once, each
  under the fetch timeouts, and the whole step under a time `budget`; a 429 or a consent wall
  stops asking for the rest of the run.

The item's `<source url>` checks the answer: the resolved host must belong to that publisher.
A token resolved once is kept in the feed state (`FeedState.resolved`) and never asked again.
An item that cannot be resolved is kept as pending in the feed state and retried at later runs
for `retry_days`; after that it is written with the aggregator link, marked `url_resolved:
false`. An item whose page was written that way already is asked about again whenever its feed
carries it, never kept pending: the page is then updated in place (`select.py`, `pipeline.py`).
A Google News address that names no article (a story cluster) is handed on unresolved at once.
`Links` does this bookkeeping for one run; the pure parts (request body, response parsing,
publisher check) are plain functions, tested without a network.

Neither package on the index is used: `googlenewsdecoder` hard-codes Google's host (tests could
not point it at a loopback fake) and brings its own HTTP client and an HTML parser with a C
extension; `gnews-decoder` (one release) uses `requests` in threads, a browser User-Agent and a
built-in consent cookie. Neither decodes the older tokens offline, nor knows the
`/__i/rss/rd/articles/` or `/news/url` forms by name. The protocol is small; the shapes here
follow both packages' sources.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from ipaddress import ip_address
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from .aggregator import (
    GOOGLE_NEWS,
    aggregator_token,
    decode_token,
    hosts_for,
    is_http,
    parse_link,
    publisher_description,
    publisher_name,
    token_key,
)
from .fetch import FeedState, FetchOptions
from .model import Entry, Source
from .urls import UrlError, article_id, canonical_url

BATCH_PATH = "/_/DotsSplashUi/data/batchexecute"
RPC_ID = "Fbv4je"
PAGE_MAX = 2 * 1024 * 1024  # an article page is about 1 MB at most
# The fixed context of a garturlreq call; the locale (ceid) is the feed's edition.
_CONTEXT = ["X", "X", ["X", "X"], None, None, 1, 1, "US:en", None, 1, None, None, None, None,
            None, 0, 1]
# Second-level labels under which a country code's sites register (bbc.co.uk, abc.net.au).
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go",
                           "gv", "nic", "ltd", "plc", "info"})


class ResolveError(Exception):
    """One token could not be resolved in this run (the reason is shown in the report)."""


# ---------------------------------------------------------------------------------------------
# Pure parts: the request, the response, the publisher check (link forms and tokens:
# aggregator.py)


def locale_of(feed_url: str) -> dict[str, str]:
    """The edition a Google News feed was asked in (hl, gl, ceid), for the article page."""
    try:
        query = parse_qs(urlsplit(feed_url).query)
    except ValueError:
        query = {}
    hl = (query.get("hl") or ["en-US"])[0]
    gl = (query.get("gl") or ["US"])[0]
    ceid = (query.get("ceid") or [f"{gl}:{hl.split('-')[0]}"])[0]
    return {"hl": hl, "gl": gl, "ceid": ceid}


class _SignatureParser(HTMLParser):
    """Finds the first element carrying both data-n-a-sg and data-n-a-ts (never from two
    different elements, and never from a comment or a script's text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is None:
            values = dict(attrs)
            sg, ts = values.get("data-n-a-sg"), values.get("data-n-a-ts")
            if sg and ts:
                self.found = (sg, ts)

    handle_startendtag = handle_starttag


def parse_signature(page: str) -> tuple[str, str] | None:
    """(signature, timestamp) from a Google News article page, or None."""
    if "data-n-a-sg" not in page:
        return None
    parser = _SignatureParser()
    parser.feed(page)
    parser.close()
    return parser.found


def batch_body(items: list[tuple[str, str, str, str]], ceid: str) -> str:
    """The form body of one batchexecute POST: `f.req=[[rpc, rpc, …]]`.

    `items` are (tag, token, timestamp, signature): the article is named by its whole token
    (`CBMi…`, as in its link and in the page's `data-n-a-id`), never by the id inside it.
    Google answers each RPC with the tag it was sent with, in any order. All RPCs sit in ONE
    inner list: one list per RPC is accepted too, but only the first is answered.
    """
    context = list(_CONTEXT)
    context[7] = ceid
    rpcs = []
    for tag, token, timestamp, signature in items:
        stamp: int | str = int(timestamp) if timestamp.isdigit() else timestamp
        inner = ["garturlreq", [context, "X", "X", 1, [1, 1, 1], 1, 1, None, 0, 0, None, 0],
                 token, stamp, signature]
        rpcs.append([RPC_ID, json.dumps(inner, separators=(",", ":")), None, tag])
    return "f.req=" + quote(json.dumps([rpcs], separators=(",", ":")), safe="")


def parse_batch(text: str) -> dict[str, str]:
    """{tag: publisher URL} from a batchexecute response.

    The body opens with `)]}'` and holds JSON arrays of frames, one line each (or length-prefixed
    chunks); an answer is `["wrb.fr", "Fbv4je", "[\\"garturlres\\",\\"<url>\\",1]", null, null,
    null, "<tag>"]`. A tag answered twice with different URLs is dropped: a visible failure
    beats another article's address.
    """
    found: dict[str, str] = {}
    conflicted: set[str] = set()
    for frame in _frames(text):
        if not (isinstance(frame, list) and len(frame) >= 3 and frame[0] == "wrb.fr"
                and frame[1] == RPC_ID and isinstance(frame[2], str)):
            continue
        tag = frame[6] if len(frame) > 6 else None
        if not isinstance(tag, str):
            continue
        try:
            payload = json.loads(frame[2])
        except ValueError:
            continue
        if not (isinstance(payload, list) and len(payload) > 1 and payload[0] == "garturlres"):
            continue
        url = payload[1]
        if not (isinstance(url, str) and is_http(url)):
            continue
        if tag in found and found[tag] != url:
            conflicted.add(tag)
        found[tag] = url
    for tag in conflicted:
        found.pop(tag, None)
    return found


def _frames(text: str) -> Iterable[Any]:
    body = text[4:] if text.startswith(")]}'") else text
    candidates = [body.strip()] + [line.strip() for line in body.splitlines()]
    for candidate in candidates:
        if not candidate.startswith("[["):
            continue
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, list):
            yield from value
        if candidate is candidates[0]:
            return  # the whole body was one JSON value: the lines are its parts


def site_name(host: str) -> str:
    """The name a site registers under: `bbc` for www.bbc.co.uk and bbc.com, `example` for
    news.example.net. IP addresses and single labels are their own name."""
    host = host.lower().rstrip(".")
    try:
        ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) < 2:
        return host
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2]


def same_publisher(url: str, publisher_url: str | None) -> bool:
    """Whether `url` is on the publisher's site (`<source url>`); True when none is named."""
    if not publisher_url:
        return True
    try:
        host, home = urlsplit(url).hostname, urlsplit(publisher_url).hostname
    except ValueError:
        return False
    if not host or not home:
        return False
    return site_name(host) == site_name(home)


# ---------------------------------------------------------------------------------------------
# The network step


@dataclass(frozen=True)
class ResolverOptions:
    """How hard to ask Google in one run."""

    base_url: str = GOOGLE_NEWS  # tests point this at a loopback fake
    batch_size: int = 20  # articles per batchexecute POST
    interval: float = 0.25  # seconds between two requests to the resolver
    budget: float = 90.0  # seconds the whole network step may take per run
    retry_days: int = 3  # days an unresolved link stays pending before it is written as is


@dataclass
class Lookup:
    """One token to resolve online (one that carries no address)."""

    key: str
    token: str
    locale: dict[str, str]
    answer: str | None = None
    error: str | None = None


class _Pacer:
    """Spaces request starts at least `interval` seconds apart."""

    def __init__(self, interval: float) -> None:
        self.interval, self.next = interval, 0.0

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        start = max(now, self.next)
        self.next = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)


async def resolve_online(lookups: list[Lookup], options: ResolverOptions,
                         fetch: FetchOptions) -> None:
    """Fill each lookup's `answer` (a URL) or `error`; never raises for a failed lookup."""
    if not lookups:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + options.budget
    base = options.base_url.rstrip("/")
    pacer = _Pacer(options.interval)
    slots = asyncio.Semaphore(max(1, fetch.per_host))
    stopped: list[str] = []  # why the resolver stopped answering for this run

    async def request(method: str, url: str, **kwargs: Any) -> httpx.Response:
        async with slots:
            await pacer.wait()
            if stopped:  # checked once a slot is ours: others may have been told to stop
                raise ResolveError(stopped[0])
            left = deadline - loop.time()
            if left <= 0:
                raise ResolveError(f"not tried: the {options.budget:g} s budget for resolving "
                                   "links in one run is spent")
            try:
                async with asyncio.timeout(min(fetch.total_timeout, max(left, 0.1))):
                    response = await client.request(method, url, **kwargs)
            except TimeoutError:
                raise ResolveError("timed out") from None
            except httpx.HTTPError as exc:
                raise ResolveError(f"{type(exc).__name__}: {exc}".rstrip(": ")) from exc
        if response.status_code in (429, 403):
            stopped.append(f"Google News answered HTTP {response.status_code}; no more links "
                           "resolved in this run")
            raise ResolveError(stopped[0])
        return response

    async def signature(lookup: Lookup) -> tuple[str, str] | None:
        url = f"{base}/rss/articles/{lookup.token}"
        params = lookup.locale
        for _ in range(3):  # Google may hop within its own host (locale, trailing slash)
            try:
                response = await request("GET", url, params=params)
            except ResolveError as exc:
                lookup.error = str(exc)
                return None
            if response.status_code in (301, 302, 303, 307, 308):
                target = response.headers.get("location", "")
                nxt = httpx.URL(url).join(target)
                if nxt.host != httpx.URL(base).host:
                    if "consent." in (nxt.host or ""):
                        stopped.append("Google News sent a consent page instead of the "
                                       "article; no more links resolved in this run")
                    lookup.error = f"redirected to {nxt.host or target!r}, not an article page"
                    return None
                url, params = str(nxt), None
                continue
            if response.status_code != 200:
                lookup.error = f"article page answered HTTP {response.status_code}"
                return None
            found = parse_signature(response.text[:PAGE_MAX])
            if found is None:
                lookup.error = "article page carries no signature (data-n-a-sg)"
            return found
        lookup.error = "too many redirects on the article page"
        return None

    headers = {"User-Agent": fetch.user_agent, "Accept-Encoding": "gzip, deflate"}
    timeout = httpx.Timeout(connect=fetch.connect_timeout, read=fetch.read_timeout,
                            write=fetch.read_timeout, pool=None)
    async with httpx.AsyncClient(headers=headers, timeout=timeout,
                                 follow_redirects=False) as client:
        signatures = await asyncio.gather(*(signature(lookup) for lookup in lookups))
        ready = [(lookup, sig) for lookup, sig in zip(lookups, signatures, strict=True) if sig]
        by_ceid: dict[str, list[tuple[Lookup, tuple[str, str]]]] = {}
        for lookup, sig in ready:
            by_ceid.setdefault(lookup.locale["ceid"], []).append((lookup, sig))
        for ceid, group in by_ceid.items():
            for start in range(0, len(group), max(1, options.batch_size)):
                chunk = group[start:start + max(1, options.batch_size)]
                items = [(str(n), lk.token, ts, sg) for n, (lk, (sg, ts)) in enumerate(chunk)]
                try:
                    response = await request(
                        "POST", f"{base}{BATCH_PATH}", content=batch_body(items, ceid),
                        headers={"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"})
                    if response.status_code != 200:
                        raise ResolveError(f"batchexecute answered HTTP {response.status_code}")
                    answers = parse_batch(response.text)
                except ResolveError as exc:
                    for lookup, _ in chunk:
                        lookup.error = str(exc)
                    continue
                for n, (lookup, _) in enumerate(chunk):
                    lookup.answer = answers.get(str(n))
                    if lookup.answer is None:
                        lookup.error = "batchexecute gave no URL for this article"


# ---------------------------------------------------------------------------------------------
# One run's bookkeeping


@dataclass
class LinkCounts:
    """What happened to one feed's aggregator links, for the fetch report."""

    resolved: int = 0
    pending: int = 0
    given_up: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    entry: Entry
    source: Source
    token: str | None  # None: a link that carries its address, or names no article
    key: str | None
    url: str | None = None  # decoded offline or found in the cache
    wanted: bool = True
    known: bool = False  # its page was written with the aggregator link already
    lookup: Lookup | None = None


class Links:
    """One run's link resolution over the feed state: `add` every feed's entries (and the
    pending ones from earlier runs, `pending_entries`), `resolve` once, then `settle` each feed.
    """

    def __init__(self, state: FeedState, options: ResolverOptions, fetch: FetchOptions,
                 now: datetime, *, online: bool = True) -> None:
        self.state, self.options, self.fetch, self.now = state, options, fetch, now
        self.online = online
        self.hosts = hosts_for(options.base_url)
        self.plans: dict[int, _Plan] = {}  # id(entry) -> plan
        self.lookups: dict[str, Lookup] = {}

    def pending_entries(self, feed_id: str, fresh: Iterable[Entry] = ()) -> list[Entry]:
        """Entries of this feed whose link earlier runs could not resolve, but for those that
        are among the `fresh` entries of this run's copy of the feed."""
        seen = {token_key(t) for e in fresh if (t := aggregator_token(e.link, self.hosts))}
        out = []
        for key, record in self.state.pending.items():
            if key in seen:
                continue
            if record.get("feed") == feed_id and isinstance(record.get("entry"), dict):
                with contextlib.suppress(TypeError, ValueError, KeyError):
                    out.append(_entry_from_json(record["entry"]))
        return out

    def add(self, entries: Iterable[Entry], source: Source, wanted: Callable[[Entry], bool],
            known: Callable[[Entry], bool] = lambda entry: False) -> None:
        """Decode what can be decoded offline and queue the rest; `wanted(entry)` says whether
        an entry would be archived if its link were known (no request is spent otherwise),
        `known(entry)` whether its page was written with the aggregator link already (it is
        asked about, to update that page, but never kept pending).

        An aggregator's description is cut down to the publisher's own words first
        (`aggregator.publisher_description`): the related headlines Google lists are neither
        the article's summary nor text for the topic rules.
        """
        for entry in entries:
            found = parse_link(entry.link, self.hosts)
            if found is None:
                continue
            if not entry.source_name and (name := publisher_name(entry.summary_html)):
                entry.source_name = name  # pre-2018 items name it only there
                entry.title = _without_suffix(entry.title, name)
            entry.summary_html = publisher_description(entry.summary_html)
            entry.content_html = publisher_description(entry.content_html)
            entry.via = found.via
            key = token_key(found.token) if found.token else None
            plan = _Plan(entry, source, found.token, key, url=found.url)
            self.plans[id(entry)] = plan
            plan.known = known(entry)
            plan.wanted = plan.known or wanted(entry)
            if found.token is None:
                continue  # the address is in the link, or there is no article to find
            plan.url = decode_token(found.token).url or self.state.resolved.get(key)
            if plan.url is not None or not plan.wanted or not self.online:
                continue
            plan.lookup = self.lookups.setdefault(
                key, Lookup(key, found.token, locale_of(source.url)))

    def resolve(self) -> None:
        """Ask Google for every queued token (one network step for the whole run)."""
        todo = [lk for lk in self.lookups.values() if lk.answer is None and lk.error is None]
        if todo:
            asyncio.run(resolve_online(todo, self.options, self.fetch))

    def settle(self, entries: list[Entry]) -> tuple[list[Entry], LinkCounts]:
        """The entries to select from, links replaced by publisher URLs; pending ones left out.

        An entry that cannot be resolved yet is kept in the feed state and retried for
        `retry_days`; after that it is handed on with `url_resolved` false and its aggregator
        link as `url` and `via`. A resolved host that is not the publisher's is not trusted:
        the entry is handed on the same way at once, with a warning; so is a Google News
        address that names no article. An entry whose page exists already is never kept
        pending: unresolved, selection counts it as archived.
        """
        counts = LinkCounts()
        out: list[Entry] = []
        for entry in entries:
            plan = self.plans.get(id(entry))
            if plan is None:
                out.append(entry)
                continue
            url = plan.url or (plan.lookup.answer if plan.lookup else None)
            if url is not None:
                # An entry selection drops anyway is not reported as given up.
                if self._apply(plan, url, counts.warnings if plan.wanted else []):
                    counts.resolved += 1
                    out.append(entry)
                    continue
                if plan.wanted and not plan.known:
                    counts.given_up += 1
                out.append(_unresolved(entry))
                continue
            if plan.key is not None:
                if not plan.wanted or plan.known:  # dropped anyway, or its page is written
                    self.state.pending.pop(plan.key, None)
                    out.append(_unresolved(entry))
                    continue
                reason = ((plan.lookup.error if plan.lookup else None)
                          or "not resolved in this run")
                if self._keep_pending(plan, reason):
                    counts.pending += 1
                    continue
                warning = (f"publisher address still unknown after {self.options.retry_days} "
                           f"day(s) ({reason})")
            else:
                warning = "this Google News address names no article (not an article link)"
            if plan.wanted and not plan.known:
                counts.given_up += 1
                counts.warnings.append(f"entry {entry.title!r}: {warning}; written with the "
                                       f"Google News link {entry.via}, marked url_resolved: "
                                       "false")
            out.append(_unresolved(entry))
        return out, counts

    def _apply(self, plan: _Plan, url: str, warnings: list[str]) -> bool:
        """Put the publisher's URL on the entry, if it can be trusted; else say why not."""
        entry = plan.entry
        try:
            canonical = canonical_url(url)
        except UrlError as exc:
            warnings.append(f"entry {entry.title!r}: Google News gave an unusable "
                            f"address ({exc}); written with the Google News link")
            self._forget(plan)
            return False
        if not same_publisher(canonical, entry.source_url):
            warnings.append(
                f"entry {entry.title!r}: Google News link resolves to {canonical}, which is not "
                f"on the publisher's site {entry.source_url}; written with the Google News link")
            self._forget(plan)
            return False
        if plan.url is None and plan.key is not None:  # answered online: never asked again
            self.state.resolved[plan.key] = url
        self._forget(plan)
        entry.link, entry.url, entry.id = url, canonical, article_id(canonical)
        entry.url_resolved = True
        return True

    def _forget(self, plan: _Plan) -> None:
        if plan.key is not None:
            self.state.pending.pop(plan.key, None)

    def _keep_pending(self, plan: _Plan, reason: str) -> bool:
        assert plan.key is not None
        record = self.state.pending.get(plan.key)
        first = _when(record.get("first_seen")) if record else None
        first = first or self.now
        if self.now - first >= timedelta(days=self.options.retry_days):
            self.state.pending.pop(plan.key, None)
            return False
        attempts = (record or {}).get("attempts", 0)
        self.state.pending[plan.key] = {
            "feed": plan.source.id,
            "first_seen": _stamp(first),
            "attempts": (attempts if isinstance(attempts, int) else 0) + 1,
            "error": reason,
            "entry": _entry_to_json(plan.entry),
        }
        return True


def _without_suffix(title: str, publisher: str) -> str:
    """The headline without the " - Publisher" Google appends (as `pipeline.clean_title`)."""
    suffix = f" - {publisher}"
    return title[:-len(suffix)].rstrip() if title.endswith(suffix) and title != suffix else title


def _unresolved(entry: Entry) -> Entry:
    entry.url_resolved = False
    if entry.via:
        with contextlib.suppress(UrlError):
            entry.url = canonical_url(entry.via)
            entry.id = article_id(entry.url)
    return entry


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _when(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


_ENTRY_FIELDS = set(Entry.__dataclass_fields__)


def _entry_to_json(entry: Entry) -> dict[str, Any]:
    data = asdict(entry)
    data["date"] = _stamp(entry.date) if entry.date else None
    return data


def _entry_from_json(data: dict[str, Any]) -> Entry:
    values = {k: v for k, v in data.items() if k in _ENTRY_FIELDS}
    values["date"] = _when(values.get("date"))
    return Entry(**values)
