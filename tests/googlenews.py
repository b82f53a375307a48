"""A fake Google News on 127.0.0.1 that resolves article links the way the real one does.

    with GoogleNews() as google:
        link = google.link("https://www.example.com/tech/gpt-4o")   # an opaque (newer) token
        ... project settings: google_news_url: google.base_url ...
        google.batch_posts  # how many batchexecute calls were made

`GET /rss/articles/<token>` answers the article page (`fixtures/google_news/article_page.html`)
with a signature and timestamp for that token; `POST /_/DotsSplashUi/data/batchexecute` checks
the request's shape (one list of `Fbv4je` RPCs, each `garturlreq` with the opaque id, the
timestamp as a number and the signature the page gave; the article named by its whole token, as
its page's `data-n-a-id` names it, as both decoder packages send it) and answers in the shape of
`fixtures/google_news/batchexecute.txt`, frames in reverse order. Behaviours for failure tests:
`fail_pages` (tokens whose page answers 500), `rate_limited` (every request answers 429),
`consent` (article pages redirect to a consent host), `answers` (override a token's URL).
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "google_news"
PAGE = (FIXTURES / "article_page.html").read_text(encoding="utf-8")


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def make_token(value: str, amp: str | None = None) -> str:
    """A token as Google writes them: field 1 = 19, field 4 = the URL (older tokens) or the
    opaque id (newer ones), optionally field 26 = an AMP URL."""
    raw = value.encode()
    data = b"\x08\x13\x22" + _varint(len(raw)) + raw
    if amp is not None:
        data += b"\xd2\x01" + _varint(len(amp.encode())) + amp.encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class GoogleNews:
    def __init__(self) -> None:
        self.targets: dict[str, str] = {}  # opaque id -> publisher URL
        self.tokens: dict[str, str] = {}  # token -> its opaque id (the key of the tables here)
        self.answers: dict[str, str] = {}  # opaque id -> URL answered instead (tests)
        self.fail_pages: set[str] = set()  # opaque ids whose page answers 500
        self.rate_limited = False
        self.consent = False
        self.requests: list[tuple[str, str]] = []  # (method, path with query)
        self.batch_sizes: list[int] = []
        self.errors: list[str] = []  # malformed requests seen (a test asserts none)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.google = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def link(self, publisher_url: str, *, opaque_id: str | None = None) -> str:
        """A feed item's link whose token only this server resolves (to `publisher_url`)."""
        opaque = opaque_id or f"AU_yqL{len(self.targets):04d}" + "x" * 40
        token = make_token(opaque)
        self.targets[opaque] = publisher_url
        self.tokens[token] = opaque
        return f"{self.base_url}/rss/articles/{token}?oc=5"

    def add_token(self, token: str, publisher_url: str) -> str:
        """Resolve `token` (any shape: `CCAi…`, `CAIi…`) to `publisher_url`; its key here is
        the token itself."""
        self.targets[token] = publisher_url
        self.tokens[token] = token
        return token

    @property
    def page_gets(self) -> int:
        return sum(1 for m, p in self.requests if m == "GET" and p.startswith("/rss/articles/"))

    @property
    def batch_posts(self) -> int:
        return sum(1 for m, _ in self.requests if m == "POST")

    @staticmethod
    def signature(opaque: str) -> tuple[str, str]:
        return f"sig-{opaque[-12:]}", str(1760000000 + len(opaque))

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> GoogleNews:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    @property
    def google(self) -> GoogleNews:
        return self.server.google  # type: ignore[attr-defined]

    def _send(self, status: int, body: str = "", headers: dict[str, str] | None = None,
              content_type: str = "text/html; charset=utf-8") -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        google = self.google
        with google._lock:
            google.requests.append(("GET", self.path))
        if google.rate_limited:
            return self._send(429, "Too Many Requests", {"Retry-After": "3600"})
        parts = urlsplit(self.path)
        if not parts.path.startswith("/rss/articles/"):
            return self._send(404, "not found")
        query = parse_qs(parts.query)
        if not all(query.get(k) for k in ("hl", "gl", "ceid")):
            google.errors.append(f"article page asked without hl/gl/ceid: {self.path}")
        if google.consent:
            return self._send(302, "", {"Location": "https://consent.google.invalid/ml?continue="})
        token = parts.path.rsplit("/", 1)[1]
        opaque = google.tokens.get(token, "")
        if opaque not in google.targets or opaque in google.fail_pages:
            return self._send(500 if opaque in google.fail_pages else 404, "error")
        signature, timestamp = google.signature(opaque)
        page = (PAGE.replace("{token}", token).replace("{signature}", signature)
                .replace("{timestamp}", timestamp)
                .replace("{publisher_url}", google.targets[opaque]))
        self._send(200, page)

    def do_POST(self) -> None:  # noqa: N802
        google = self.google
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        with google._lock:
            google.requests.append(("POST", self.path))
        if google.rate_limited:
            return self._send(429, "Too Many Requests")
        if urlsplit(self.path).path != "/_/DotsSplashUi/data/batchexecute":
            return self._send(404, "not found")
        if not self.headers.get("Content-Type", "").startswith(
                "application/x-www-form-urlencoded"):
            google.errors.append("batchexecute without a form content type")
        if not body.startswith("f.req="):
            google.errors.append(f"batchexecute body is not f.req=...: {body[:40]!r}")
            return self._send(400, "bad request")
        envelope = json.loads(unquote(body[len("f.req="):]))
        # One outer list holding ONE list of every RPC (one list per RPC: only the first
        # would be answered by the real service).
        if not (isinstance(envelope, list) and len(envelope) == 1 and isinstance(envelope[0], list)
                and all(isinstance(r, list) for r in envelope[0])):
            google.errors.append(f"batchexecute envelope has the wrong nesting: {envelope!r}")
            return self._send(400, "bad request")
        frames = []
        for rpc in envelope[0]:
            rpc_id, inner_text, _, tag = rpc
            inner = json.loads(inner_text)
            if rpc_id != "Fbv4je" or inner[0] != "garturlreq":
                google.errors.append(f"unexpected RPC {rpc_id} / {inner[0]}")
                continue
            token, timestamp, signature = inner[2], inner[3], inner[4]
            opaque = google.tokens.get(token)
            if opaque is None:
                google.errors.append(f"garturlreq names the article by {token!r}, not by its "
                                     "token")
                continue
            if not isinstance(timestamp, int):
                google.errors.append(f"timestamp sent as {type(timestamp).__name__}")
            if (signature, str(timestamp)) != google.signature(opaque):
                google.errors.append(f"signature for {opaque} does not match its page")
                continue
            url = google.answers.get(opaque) or google.targets.get(opaque)
            if url is None:
                continue
            payload = json.dumps(["garturlres", url, 1], separators=(",", ":"))
            frames.append(["wrb.fr", "Fbv4je", payload, None, None, None, tag])
        with google._lock:
            google.batch_sizes.append(len(envelope[0]))
        frames.reverse()  # any order: the client must key answers by tag
        frames += [["di", 36], ["af.httprm", 35, "-6289131478049306131", 24]]
        self._send(200, ")]}'\n\n" + json.dumps(frames, separators=(",", ":")),
                   content_type="application/json; charset=utf-8")
