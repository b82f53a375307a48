"""A stand-in for the Wayback Machine on 127.0.0.1: the availability API, Save Page Now and its
job status, answering with the shapes in tests/fixtures/wayback/ (only the per-request values
change: the original URL, timestamps, job ids).

    fake = WaybackFake()
    fake.snapshots["https://example.com/a"] = "20260130151207"   # archived already
    fake.pending = 1                   # each capture job answers "pending" once, then success
    env NEWSARCHIVE_WAYBACK_URL=fake.base_url
    fake.requests                      # what was asked, in order
    fake.close()
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "wayback"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict:
    return json.loads(fixture(name))


def job_id(url: str) -> str:
    return "spn2-" + hashlib.sha1(url.encode()).hexdigest()


@dataclass
class Asked:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)  # when it arrived


class WaybackFake:
    """The three endpoints newsarchive uses, with switches for the ways they go wrong."""

    def __init__(self) -> None:
        self.snapshots: dict[str, str] = {}  # original URL -> 14-digit timestamp
        self.error_pages: set[str] = set()  # originals whose closest capture is a 404 page
        self.capture_timestamp = "20260301120000"  # when captures made through the fake "happen"
        self.pending = 0  # "pending" answers per job before it finishes
        self.failing: set[str] = set()  # originals whose capture job fails
        self.recent: set[str] = set()  # originals Save Page Now declines (captured minutes ago)
        self.busy = False  # 429 to everything
        self.broken = False  # 503 to the availability API
        self.delay = 0.0  # seconds before each answer
        self.requests: list[Asked] = []
        self._polls: dict[str, int] = {}
        self._jobs: dict[str, str] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def asked(self, path_prefix: str) -> list[Asked]:
        with self._lock:
            return [r for r in self.requests if r.path.startswith(path_prefix)]

    def close(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> WaybackFake:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- answers ---------------------------------------------------------------------------

    def answer(self, asked: Asked) -> tuple[int, str, bytes]:
        with self._lock:
            self.requests.append(asked)
            if self.busy:
                return 429, "text/html", b"<html><body>Too Many Requests</body></html>"
            if asked.path == "/wayback/available" and asked.method == "GET":
                return self._available(asked.query.get("url", ""))
            if asked.path == "/save/" and asked.method == "POST":
                return self._save(asked.form.get("url", ""))
            if asked.path.startswith("/save/status/") and asked.method == "GET":
                return self._status(asked.path.removeprefix("/save/status/"))
        return 404, "text/plain", b"not found\n"

    def _available(self, url: str) -> tuple[int, str, bytes]:
        if self.broken:
            return 503, "text/html", b"<html><body>Service Unavailable</body></html>"
        if url in self.snapshots or url in self.error_pages:
            doc = fixture_json("available-error-page.json" if url in self.error_pages
                               else "available.json")
            closest = doc["archived_snapshots"]["closest"]
            stamp = self.snapshots.get(url, closest["timestamp"])
            closest["timestamp"] = stamp
            closest["url"] = f"http://web.archive.org/web/{stamp}/{url}"
        else:
            doc = fixture_json("available-none.json")
        doc["url"] = url
        return 200, "application/json", json.dumps(doc).encode()

    def _save(self, url: str) -> tuple[int, str, bytes]:
        if url in self.recent:
            return 200, "text/html; charset=utf-8", fixture("save-recent.html")
        job = job_id(url)
        self._jobs[job] = url
        self._polls[job] = 0
        page = fixture("save.html").decode()
        page = page.replace("spn2-8f2f2a8b5b6f0d6c1f9d3e6a0b7c4d2e9a1f3b5c", job)
        page = page.replace("https://example.com/tech/gpt-4o-exit", url)
        return 200, "text/html; charset=utf-8", page.encode()

    def _status(self, job: str) -> tuple[int, str, bytes]:
        url = self._jobs.get(job)
        if url is None:
            return 404, "application/json", b'{"status": "error", "message": "no such job"}'
        self._polls[job] += 1
        if self._polls[job] <= self.pending:
            doc = fixture_json("status-pending.json")
        elif url in self.failing:
            doc = fixture_json("status-error.json")
            doc["message"] = doc["message"].replace("https://example.com/tech/gpt-4o-exit", url)
        else:
            doc = copy.deepcopy(fixture_json("status-success.json"))
            doc["original_url"], doc["timestamp"] = url, self.capture_timestamp
            doc["resources"] = [url]
            self.snapshots[url] = self.capture_timestamp
        doc["job_id"] = job
        return 200, "application/json", json.dumps(doc).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve({})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        self._serve({k: v[0] for k, v in parse_qs(body).items()})

    def _serve(self, form: dict[str, str]) -> None:
        fake: WaybackFake = self.server.fake  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if fake.delay and fake._stop.wait(fake.delay):
            return
        status, kind, body = fake.answer(Asked(self.command, parts.path, query, form))
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
