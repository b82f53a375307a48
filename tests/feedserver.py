"""A real HTTP server on 127.0.0.1 for tests, with behaviours chosen per path.

Tests talk to it over real sockets, so timeouts, caps, redirects and retries are exercised
as they happen in production, without reaching outside the machine.

    server = FeedServer()
    server.add("/feed.xml", b"<rss/>", etag='"v1"')
    server.add_sequence("/flaky.xml", [Response(status=500), Response(b"<rss/>")])
    fetch(server.url("/feed.xml"))
    assert server.requests_for("/feed.xml")[0].headers["user-agent"].startswith("newsarchive/")
    server.close()

Every route is a list of `Response`s: each request takes the next one and the last one
repeats. Unknown paths get 404. The server speaks HTTP/1.0 (one request per connection),
so a body without Content-Length simply ends when the connection closes.
"""

from __future__ import annotations

import gzip as gzip_module
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# An "endless" body stops here, so a client that never hangs up cannot run forever.
ENDLESS_LIMIT = 256 * 1024 * 1024


@dataclass
class Response:
    """What the server does for one request."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "application/rss+xml"
    headers: dict[str, str] = field(default_factory=dict)
    # With either validator set, a matching If-None-Match / If-Modified-Since gets a 304.
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False  # compress the body and say Content-Encoding: gzip
    delay: float = 0.0  # seconds to wait before sending the status line
    drip_rate: float | None = None  # send the body at this many bytes per second
    endless: bool = False  # repeat `body` until the client hangs up (or ENDLESS_LIMIT)
    # True: the real length; an int: declare that length; False: no Content-Length.
    content_length: bool | int = True


@dataclass
class SeenRequest:
    """One request the server received, and how answering it went."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    status: int | None = None
    bytes_sent: int = 0  # body bytes written to the socket
    aborted: bool = False  # the client hung up before the body was complete
    at: float = field(default_factory=time.monotonic)  # when it arrived
    _answered: bool = field(default=False, repr=False, compare=False)


class FeedServer:
    """A threaded HTTP server on 127.0.0.1, port chosen by the OS."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.requests: list[SeenRequest] = []
        # Requests received and not yet being answered, and the most seen at once.
        self.in_flight = 0
        self.max_in_flight = 0
        self._active = 0  # handlers still running (an abort is recorded when they end)
        self._routes: dict[str, list[Response]] = {}
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._httpd = _Server((host, 0), _Handler)
        self._httpd.feed_server = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    # -- addresses -------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self._httpd.server_address[0]}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    # -- routes ----------------------------------------------------------------------

    def add(
        self,
        path: str,
        body: bytes = b"",
        *,
        content_type: str | None = "application/rss+xml",
        status: int = 200,
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        gzip: bool = False,
        delay: float = 0.0,
    ) -> str:
        """Serve `body` at `path`; returns the full URL."""
        response = Response(
            body=body,
            status=status,
            content_type=content_type,
            headers=dict(headers or {}),
            etag=etag,
            last_modified=last_modified,
            gzip=gzip,
            delay=delay,
        )
        return self.add_sequence(path, [response])

    def add_sequence(self, path: str, responses: list[Response]) -> str:
        """Answer successive requests with successive responses; the last one repeats."""
        if not responses:
            raise ValueError("add_sequence needs at least one response")
        with self._lock:
            self._routes[path] = list(responses)
        return self.url(path)

    def add_redirect(self, path: str, to: str, *, status: int = 302) -> str:
        """Redirect to `to`, sent verbatim as Location (a path, or any URL or scheme)."""
        return self.add_sequence(
            path, [Response(status=status, content_type=None, headers={"Location": to})]
        )

    def add_slow_headers(self, path: str, body: bytes, delay: float) -> str:
        """Wait `delay` seconds before sending anything."""
        return self.add_sequence(path, [Response(body=body, delay=delay)])

    def add_drip(self, path: str, body: bytes, rate: float) -> str:
        """Send headers at once, then the body at `rate` bytes per second."""
        return self.add_sequence(path, [Response(body=body, drip_rate=rate)])

    def add_endless(
        self,
        path: str,
        *,
        chunk: bytes = b"<!-- padding -->\n" * 1024,
        content_length: int | None = None,
    ) -> str:
        """A body that never ends; optionally declare a (large) Content-Length up front."""
        response = Response(
            body=chunk,
            endless=True,
            content_length=content_length if content_length is not None else False,
        )
        return self.add_sequence(path, [response])

    def add_retry_after(
        self, path: str, retry_after: str, then: Response, *, status: int = 429, times: int = 1
    ) -> str:
        """`times` answers of `status` with Retry-After, then `then`."""
        busy = Response(
            status=status,
            content_type="text/plain",
            body=b"slow down\n",
            headers={"Retry-After": retry_after},
        )
        return self.add_sequence(path, [busy] * times + [then])

    # -- what happened ---------------------------------------------------------------

    def requests_for(self, path: str) -> list[SeenRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no request is being answered (e.g. to see an abort recorded)."""
        with self._lock:
            return self._lock.wait_for(lambda: self._active == 0, timeout)

    def close(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FeedServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- used by the handler ---------------------------------------------------------

    def _begin(self, method: str, path: str, headers: dict[str, str]) -> SeenRequest:
        seen = SeenRequest(method=method, path=path, headers=headers)
        with self._lock:
            self.requests.append(seen)
            self._active += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        return seen

    def _answering(self, seen: SeenRequest) -> None:
        """The last bytes are about to go out: no longer count the request as in flight.

        Done before writing, so a client that has its whole answer and starts its next
        request can never be counted twice.
        """
        with self._lock:
            if not seen._answered:
                seen._answered = True
                self.in_flight -= 1

    def _end(self, seen: SeenRequest) -> None:
        self._answering(seen)
        with self._lock:
            self._active -= 1
            self._lock.notify_all()

    def _next_response(self, target: str) -> Response | None:
        path = urlsplit(target).path
        with self._lock:
            queue = self._routes.get(target) or self._routes.get(path)
            if not queue:
                return None
            return queue.pop(0) if len(queue) > 1 else queue[0]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    feed_server: FeedServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up is expected here; the handler records it


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"
    server_version = "FeedServer/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        owner = self.server.feed_server
        headers = {name.lower(): value for name, value in self.headers.items()}
        seen = owner._begin(self.command, self.path, headers)
        try:
            response = owner._next_response(self.path)
            if response is None:
                response = Response(status=404, content_type="text/plain", body=b"not found\n")
            self._respond(response, seen, send_body)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            seen.aborted = True
        finally:
            owner._end(seen)

    def _respond(self, response: Response, seen: SeenRequest, send_body: bool) -> None:
        owner = self.server.feed_server
        stop = owner._stop
        if response.delay and stop.wait(response.delay):
            return
        if self._not_modified(response):
            seen.status = 304
            self.send_response(304)
            for name, value in (("ETag", response.etag), ("Last-Modified", response.last_modified)):
                if value:
                    self.send_header(name, value)
            owner._answering(seen)
            self.end_headers()
            return

        body = response.body
        if response.gzip:
            body = gzip_module.compress(body)
        out: dict[str, str] = {}
        if response.content_type:
            out["Content-Type"] = response.content_type
        if response.gzip:
            out["Content-Encoding"] = "gzip"
        if response.content_length is True and not response.endless:
            out["Content-Length"] = str(len(body))
        elif response.content_length is not True and response.content_length is not False:
            out["Content-Length"] = str(response.content_length)
        if response.etag:
            out["ETag"] = response.etag
        if response.last_modified:
            out["Last-Modified"] = response.last_modified
        lower = {name.lower() for name in response.headers}
        out = {k: v for k, v in out.items() if k.lower() not in lower}
        out.update(response.headers)

        seen.status = response.status
        owner._answering(seen)
        self.send_response(response.status)
        for name, value in out.items():
            self.send_header(name, value)
        self.end_headers()
        if not send_body or not body:
            return
        if response.endless:
            limit = ENDLESS_LIMIT
            if response.content_length is not True and response.content_length is not False:
                limit = min(limit, int(response.content_length))
            while seen.bytes_sent < limit and not stop.is_set():
                piece = body[: limit - seen.bytes_sent]
                self.wfile.write(piece)
                seen.bytes_sent += len(piece)
        elif response.drip_rate:
            interval = 1.0 / response.drip_rate
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                seen.bytes_sent += 1
                if stop.wait(interval):
                    return
        else:
            self.wfile.write(body)
            seen.bytes_sent = len(body)

    def _not_modified(self, response: Response) -> bool:
        if response.status != 200 or not (response.etag or response.last_modified):
            return False
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:  # takes precedence over If-Modified-Since (RFC 9110)
            if not response.etag:
                return False
            tags = [tag.strip() for tag in if_none_match.split(",")]
            weak = response.etag.removeprefix("W/")
            return "*" in tags or any(tag.removeprefix("W/") == weak for tag in tags)
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is None or not response.last_modified:
            return False
        try:
            return parsedate_to_datetime(response.last_modified) <= parsedate_to_datetime(
                if_modified_since
            )
        except (TypeError, ValueError):
            return if_modified_since == response.last_modified
