"""The scale benchmark: `python bench/run.py [--sizes 1000,10000] [--quick]` (or `make bench`).

Generates synthetic archives (bench/synth.py) in a temporary folder and prints ONE table, every
row measured side by side in the same run:

1. `mkdocs build` wall time and peak memory, with the newsarchive plugin vs. the same pages
   built by plain Material (plugin off, Material's `search` plugin on), as a child process
   whose peak RSS comes from wait4 (its reaped children included, as a maximum, e.g. the
   Pagefind indexer), after a sync of the disk. The plugin and plain builds run twice each,
   alternating (`--repeat`), and each keeps its fastest run: on this shared machine the same
   build's time moves by 10-25 % from one run to the next, the slower runs carrying the noise;
   the table shows every run. The other builds (English only, no search, one index) run once.
   Plus the plugin's own work timed in-process (read, index, generated pages, feeds, article
   pages) per article, to show it is linear.
2. Largest generated HTML page, total site size, number of files.
3. Search: bytes a reader downloads before the first result appears (real headless Chromium
   on /search/, Pagefind UI), vs. Material's search/search_index.json which lunr downloads
   whole; and whether probe articles are found by title word, source, summary word, body word
   and tag, in English and in French.
4. Fetch of N feeds with a fixed latency from a local server: wall time vs. the ideal
   (N / concurrency x latency); then an unchanged re-run: 304s, files written, feeds parsed.
5. Convert throughput (parse + select + sanitize + convert + write, entries per second) vs.
   raw `feedparser.parse` of the same bytes.

Nothing leaves 127.0.0.1. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata as md
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))  # FeedServer

import synth  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PAYLOAD_QUERY = "retirement"


# ---------------------------------------------------------------------------------------------
# Builds


# Runs `mkdocs build` and, at exit, writes its own peak RSS and its children's (the Pagefind
# indexer) to the file named by $BENCH_RUSAGE: wait4 alone gives only the larger of the two.
WRAPPER = """
import atexit, os, resource, runpy, sys
def report():
    with open(os.environ["BENCH_RUSAGE"], "w") as fh:
        fh.write(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} "
                 f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
atexit.register(report)
sys.argv = ["mkdocs", *sys.argv[1:]]
runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
"""


@dataclass
class Build:
    wall: float
    max_rss_kb: int  # wait4: the build process or any child it waited for, whichever is larger
    returncode: int
    warnings: list[str]
    site: Path
    self_rss_kb: int = 0  # the MkDocs (Python) process alone
    child_rss_kb: int = 0  # its largest child (Pagefind), 0 without one
    files: int = 0
    total_bytes: int = 0
    largest: tuple[int, str] = (0, "")
    runs: list[float] = field(default_factory=list)  # every run's wall time, when repeated


def best_of(builds: list[Build]) -> Build:
    """The fastest of the same build run again (this machine's noise is in the slower runs),
    with the most memory any run reached."""
    best = min(builds, key=lambda b: b.wall)
    best.runs = [b.wall for b in builds]
    best.max_rss_kb = max(b.max_rss_kb for b in builds)
    best.self_rss_kb = max(b.self_rss_kb for b in builds)
    best.child_rss_kb = max(b.child_rss_kb for b in builds)
    return best


def run_build(config: Path, site: Path) -> Build:
    """`mkdocs build` as a child process; wall time and peak RSS from wait4."""
    rusage = site.parent / f".rusage-{site.name}"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BENCH_RUSAGE=str(rusage))
    if site.exists():
        shutil.rmtree(site)
    os.sync()  # what earlier steps wrote (an archive, a site) is not written during this one
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", WRAPPER, "build", "-q", "-f", str(config), "-d", str(site)],
            cwd=config.parent, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        log = err.read().decode("utf-8", "replace")
    warnings = [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    build = Build(wall, usage.ru_maxrss, proc.returncode, warnings, site)
    if rusage.exists():
        build.self_rss_kb, build.child_rss_kb = map(int, rusage.read_text().split())
        rusage.unlink()
    if proc.returncode:
        print(f"  ! build failed ({config.name}):\n{log[-3000:]}", file=sys.stderr)
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            build.files += 1
            build.total_bytes += size
            if path.suffix == ".html" and size > build.largest[0]:
                build.largest = (size, path.relative_to(site).as_posix())
    return build


def plugin_core(root: Path) -> tuple[float, dict[str, float]]:
    """The plugin's own work, in-process, with the steps it runs during a build."""
    import markdown as md_lib
    from newsarchive import render
    from newsarchive.archive import load_archive
    from newsarchive.config import load_events, load_tags

    steps: dict[str, float] = {}

    def step(name, fn):
        t = time.perf_counter()
        out = fn()
        steps[name] = time.perf_counter() - t
        return out

    feeds = root / "feeds"
    tags, events = load_tags(feeds / "tags.yml"), load_events(feeds / "events.yml")
    load = step("read pages", lambda: load_archive(root / "docs" / "articles"))
    articles_dir = root / "docs" / "articles"
    pages = [(a, render.page_url("articles/" + a.path.relative_to(articles_dir).as_posix()))
             for a in load.articles]
    index = step("index", lambda: render.build_index(pages, tags, events))
    editions = [render.ENGLISH, render.edition("fr")]  # as the project's mkdocs.yml has them

    def lists():  # built one by one and dropped, as the plugin does
        for ed in editions:
            for page in render.site_pages(index, ed=ed):
                page.content  # noqa: B018 - building it is the work measured
                page.release()

    step("listing pages", lists)
    step("feeds + articles.json", lambda: (
        [render.atom_feed(index, site_name="x", feed=f) for ed in editions
         for f in render.site_feeds(index, ed=ed)], render.articles_json(index)))
    conv = md_lib.Markdown()
    bodies = {id(i): conv.reset().convert(i.article.body) for i in index.items}
    step("article pages", lambda: [render.article_html(index, i, bodies[id(i)], editions)
                                   for i in index.items])
    return sum(steps.values()), steps


def site_stats_line(b: Build) -> str:
    return f"{b.largest[0] / 1024:,.0f} KB / {b.total_bytes / 2**20:,.0f} MB / {b.files:,}"


# ---------------------------------------------------------------------------------------------
# Search in a real browser


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                     daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@dataclass
class SearchResult:
    available: bool
    note: str = ""
    payload_raw: int = 0
    payload_gzip: int = 0
    requests: int = 0
    first_result_s: float = 0.0
    found: dict[str, bool] = field(default_factory=dict)
    # The French edition's search page: (seconds, bytes raw, bytes gzip, requests).
    fr: tuple[float, int, int, int] | None = None


def _wait_results(page, timeout: float = 20.0) -> list[str]:
    """Hrefs of the results once some show, or [] once Pagefind says there are none."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        links = page.locator(".pagefind-ui__result-link")
        if links.count():
            return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
        msg = page.locator(".pagefind-ui__message")
        if msg.count() and "no results" in (msg.first.inner_text() or "").lower():
            return []
        page.wait_for_timeout(50)
    return []


def _cold_search(browser, base: str, path: str) -> tuple[float, int, int, int]:
    """Everything downloaded from opening a search page to the first result, cold cache:
    (seconds, bytes raw, bytes gzip-compressed, requests)."""
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r))
    start = time.perf_counter()
    page.goto(base + path)
    box = page.locator(".pagefind-ui__search-input")
    box.press_sequentially(PAYLOAD_QUERY, delay=50)
    page.locator(".pagefind-ui__result").first.wait_for(timeout=30000)
    seconds = time.perf_counter() - start
    before = list(responses)
    raw = packed = 0
    for r in before:
        try:
            body = r.body()
        except Exception:  # noqa: BLE001 - a redirect or aborted request has none
            continue
        raw += len(body)
        packed += min(len(body), len(gzip.compress(body, 6)))
    context.close()
    return seconds, raw, packed, len(before)


def browser_search(site: Path, probes: list) -> SearchResult:
    if not (site / "pagefind").is_dir() or not (site / "search" / "index.html").is_file():
        return SearchResult(False, "no Pagefind index or /search/ page in the plugin build")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return SearchResult(False, "playwright not installed")
    if not Path(CHROMIUM).exists():
        return SearchResult(False, f"{CHROMIUM} not found")
    httpd, base = serve(site)
    out = SearchResult(True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # 1. Cold cache: everything downloaded from opening /search/ to the first result,
            # in each edition (each has its own index).
            out.first_result_s, out.payload_raw, out.payload_gzip, out.requests = _cold_search(
                browser, base, "/search/")
            if (site / "fr" / "search" / "index.html").is_file():
                out.fr = _cold_search(browser, base, "/fr/search/")
            # 2. Findability: each probe by title word, source, summary, body word and tag.
            context = browser.new_context()
            page = context.new_page()
            for probe in probes:
                lang = probe.lang
                slug = probe.path.stem
                tag_label = next(v["tag_label"] for v in synth.PROBES.values()
                                 if v["tag"] == probe.tags[0])
                queries = {"title word": synth.PROBES[lang]["title"],
                           "source": synth.PROBES[lang]["source"],
                           "summary word": synth.PROBES[lang]["summary"],
                           "body word": synth.PROBES[lang]["body"],
                           "tag": tag_label}
                for kind, q in queries.items():
                    for edition in ("", "fr/") if out.fr else ("",):
                        page.goto(f"{base}/{edition}search/")
                        page.locator(".pagefind-ui__search-input").press_sequentially(
                            q, delay=50)
                        hrefs = _wait_results(page)
                        key = f"{lang} {kind}" if not edition else f"{edition}: {lang} {kind}"
                        out.found[key] = any(f"/{slug}/" in h for h in hrefs)
            context.close()
            browser.close()
    except Exception as exc:  # noqa: BLE001 - report, keep the other rows
        out.available, out.note = False, f"browser run failed: {type(exc).__name__}: {exc}"
    finally:
        httpd.shutdown()
        httpd.server_close()
    return out


# ---------------------------------------------------------------------------------------------
# Fetch and convert


@dataclass
class FetchBench:
    feeds: int
    latency: float
    concurrency: int
    fetch_wall: float = 0.0
    run_wall: float = 0.0
    ok: int = 0
    written: int = 0
    rerun_304: int = 0
    rerun_written: int = 0
    rerun_parsed: int = 0
    rerun_wall: float = 0.0

    @property
    def ideal(self) -> float:
        return self.feeds / self.concurrency * self.latency


def _project(root: Path, sources):
    from newsarchive.config import load_rules, load_tags
    from newsarchive.model import Project

    (root / "feeds").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "articles").mkdir(parents=True, exist_ok=True)
    return Project(root=root, sources=sources, rules=load_rules(REPO / "feeds" / "topics.yml"),
                   tags=load_tags(REPO / "feeds" / "tags.yml"), events={}, rejected=[])


def _sources(feeds, server):
    from newsarchive.model import Source

    out = []
    for src, body, etag in feeds:
        url = server.add(f"/{src.id}.xml", body, etag=etag,
                         last_modified="Fri, 13 Feb 2026 09:00:00 GMT",
                         content_type="application/rss+xml", delay=0)
        # Every other source declares its language; the rest are detected.
        out.append(Source(id=src.id, name=src.name, url=url,
                          lang=src.lang if int(src.id[-3:]) % 2 else None,
                          whole_feed=src.whole_feed))
    return out


def fetch_bench(work: Path, feeds, latency: float, concurrency: int) -> FetchBench:
    from feedserver import FeedServer
    from newsarchive import pipeline
    from newsarchive.fetch import FetchOptions

    out = FetchBench(len(feeds), latency, concurrency)
    calls = {"parse": 0, "fetch": 0.0}
    real_fetch, real_parse = pipeline.fetch_feeds, pipeline.parse_feed

    def timed_fetch(*a, **k):
        t = time.perf_counter()
        try:
            return real_fetch(*a, **k)
        finally:
            calls["fetch"] = time.perf_counter() - t

    def counted_parse(*a, **k):
        calls["parse"] += 1
        return real_parse(*a, **k)

    pipeline.fetch_feeds, pipeline.parse_feed = timed_fetch, counted_parse
    # All feeds share one host here; in production they sit on different hosts, so the
    # per-host limit is raised to the overall one for a fair comparison with the ideal.
    options = FetchOptions(concurrency=concurrency, per_host=concurrency, retries=0)
    try:
        with FeedServer() as server:
            sources = _sources(feeds, server)
            for route in server._routes.values():
                for response in route:
                    response.delay = latency
            project = _project(work / "fetch", sources)
            t = time.perf_counter()
            report = pipeline.run_fetch(project, options=options)
            out.run_wall, out.fetch_wall = time.perf_counter() - t, calls["fetch"]
            out.ok = sum(f.status == "ok" for f in report.feeds)
            out.written = report.written
            before = len(server.requests)
            calls["parse"] = 0
            t = time.perf_counter()
            report = pipeline.run_fetch(project, options=options)
            out.rerun_wall = time.perf_counter() - t
            out.rerun_304 = sum(r.status == 304 for r in server.requests[before:])
            out.rerun_written, out.rerun_parsed = report.written, calls["parse"]
    finally:
        pipeline.fetch_feeds, pipeline.parse_feed = real_fetch, real_parse
    return out


@dataclass
class ConvertBench:
    entries: int
    written: int
    ours: float  # seconds
    raw: float

    @property
    def ratio(self) -> float:
        return (self.entries / self.ours) / (self.entries / self.raw)


def convert_bench(work: Path, feeds) -> ConvertBench:
    import feedparser
    from newsarchive import pipeline
    from newsarchive.model import FetchResult, Source
    from newsarchive.select import ArchiveIndex, Rules

    sources = [Source(id=s.id, name=s.name, url=f"https://{s.host}/feed.xml",
                      lang=s.lang if int(s.id[-3:]) % 2 else None, whole_feed=s.whole_feed)
               for s, _, _ in feeds]
    results = [FetchResult(source=src, status="ok", body=body,
                           content_type="application/rss+xml", http_status=200)
               for src, (_, body, _) in zip(sources, feeds, strict=True)]
    now = datetime(2026, 3, 1, tzinfo=UTC)

    def run(root: Path, batch) -> tuple[float, int, int]:
        project = _project(root, sources)
        rules = Rules.compile(project.rules, project.tags)
        index = ArchiveIndex.build([], [])
        t = time.perf_counter()
        seen = written = 0
        for result in batch:
            report = pipeline.process_feed(result, project, rules, index, now=now,
                                           dry_run=False)
            seen += report.seen
            written += report.written
        return time.perf_counter() - t, seen, written

    run(work / "convert-warm", results[:2])  # load the language model etc. once
    for body in (r.body for r in results[:2]):
        feedparser.parse(body)
    ours, seen, written = run(work / "convert", results)
    t = time.perf_counter()
    raw_entries = sum(len(feedparser.parse(r.body).entries) for r in results)
    raw = time.perf_counter() - t
    assert raw_entries == seen, (raw_entries, seen)
    return ConvertBench(seen, written, ours, raw)


# ---------------------------------------------------------------------------------------------
# The table


def versions() -> str:
    def v(name: str) -> str:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return "-"

    return (f"Python {platform.python_version()}, MkDocs {v('mkdocs')}, "
            f"Material {v('mkdocs-material')}, Pagefind {v('pagefind_bin')}, "
            f"feedparser {v('feedparser')}, {os.cpu_count()} cores")


def wall(build: Build) -> str:
    """A build's time; repeated, its fastest run's and every run's."""
    if len(build.runs) < 2:
        return f"{build.wall:.1f} s"
    return f"{build.wall:.1f} s (fastest of {', '.join(f'{w:.1f}' for w in build.runs)} s)"


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("met" if ok else "MISSED")


def print_table(sizes, results, fetch: FetchBench | None, conv: ConvertBench | None,
                total: float) -> None:
    big = sizes[-1]
    rows: list[tuple[str, list[str], str, bool | None]] = []

    def row(label, values, target="", ok=None):
        rows.append((label, values, target, ok))

    r = {n: results[n] for n in sizes}
    row("1. build: plain Material (search plugin)", [wall(r[n]["plain"]) for n in sizes])
    row("   build: newsarchive plugin", [wall(r[n]["plugin"]) for n in sizes])
    ratio = {n: r[n]["plugin"].wall / r[n]["plain"].wall for n in sizes}
    row("   build time ratio (plugin / plain)", [f"{ratio[n]:.2f}x" for n in sizes],
        "<= 2.5x at 1,000; <= 2.0x from 10,000",
        all(ratio[n] <= (2.5 if n < 10_000 else 2.0) for n in sizes))
    if all("english" in r[n] for n in sizes):
        row("   ... English edition only (what French adds)",
            [f"{r[n]['english'].wall:.1f} s (French: "
             f"+{r[n]['plugin'].wall - r[n]['english'].wall:.1f} s, "
             f"{r[n]['plugin'].wall / r[n]['english'].wall - 1:+.0%})" for n in sizes])
    if all("nosearch" in r[n] for n in sizes):
        row("   plugin build, search: none",
            [f"{r[n]['nosearch'].wall:.1f} s ({r[n]['nosearch'].wall / r[n]['plain'].wall:.2f}x);"
             f" Pagefind adds {r[n]['plugin'].wall - r[n]['nosearch'].wall:.1f} s"
             for n in sizes])
    if one := [n for n in sizes if "oneindex" in r[n]]:
        row("   plugin build, search in one index (no parts)",
            [f"{r[n]['oneindex'].wall:.1f} s ({r[n]['oneindex'].wall / r[n]['plain'].wall:.2f}x), "
             f"peak {r[n]['oneindex'].max_rss_kb / 1024:,.0f} MB "
             f"({r[n]['oneindex'].max_rss_kb / r[n]['plain'].max_rss_kb:.2f}x)"
             if n in one else "(one index anyway)" for n in sizes])
    per = {n: r[n]["plugin"].wall / n * 1e3 for n in sizes}
    row("   build time per article (plugin)", [f"{per[n]:.2f} ms" for n in sizes])
    if len(sizes) > 1 and sizes[0] >= 10_000:
        growth = per[big] / per[sizes[0]]
        row(f"   ... at {big:,} vs {sizes[0]:,}", [f"{per[n] / per[sizes[0]]:.2f}x" for n in sizes],
            "<= 1.2x", growth <= 1.2)
    row("   peak memory: plain", [f"{r[n]['plain'].max_rss_kb / 1024:,.0f} MB" for n in sizes])
    row("   peak memory: plugin (largest process)",
        [f"{r[n]['plugin'].max_rss_kb / 1024:,.0f} MB" for n in sizes])
    row("   ... plugin: MkDocs process / largest child (Pagefind)",
        [f"{r[n]['plugin'].self_rss_kb / 1024:,.0f} MB / {r[n]['plugin'].child_rss_kb / 1024:,.0f}"
         " MB" for n in sizes])
    mem = {n: r[n]["plugin"].max_rss_kb / r[n]["plain"].max_rss_kb for n in sizes}
    row("   peak memory ratio", [f"{mem[n]:.2f}x" for n in sizes], "<= 3x", mem[big] <= 3)
    mkdocs_mem = {n: r[n]["plugin"].self_rss_kb / r[n]["plain"].max_rss_kb for n in sizes}
    row("   ... MkDocs process alone", [f"{mkdocs_mem[n]:.2f}x" for n in sizes])
    if all("core" in r[n] for n in sizes):
        core = {n: r[n]["core"][0] / n * 1e6 for n in sizes}
        row("   plugin own work (in-process)", [f"{r[n]['core'][0]:.1f} s" for n in sizes])
        lin = core[big] / core[sizes[0]] if len(sizes) > 1 else None
        row("   ... per article", [f"{core[n]:,.0f} us" for n in sizes],
            "linear (per-article cost flat)", None if lin is None else lin <= 1.5)
    row("   warnings (plugin / plain)",
        [f"{len(r[n]['plugin'].warnings)} / {len(r[n]['plain'].warnings)}" for n in sizes])
    row("2. largest page / site / files: plain", [site_stats_line(r[n]["plain"]) for n in sizes])
    row("   largest page / site / files: plugin",
        [site_stats_line(r[n]["plugin"]) for n in sizes], "largest <= 500 KB",
        r[big]["plugin"].largest[0] <= 500 * 1024)
    row("   largest plugin page", [r[n]["plugin"].largest[1] for n in sizes])
    per10k = {n: r[n]["plugin"].total_bytes / n * 10_000 / 2**20 for n in sizes}
    row("   site on disk per 10,000 articles (plugin / plain)",
        [f"{per10k[n]:,.0f} MB / {r[n]['plain'].total_bytes / n * 10_000 / 2**20:,.0f} MB"
         for n in sizes], "< 200 MB at 10,000",
        per10k[10_000] < 200 if 10_000 in sizes else None)
    row("3. Material search_index.json (raw / gzip)",
        [f"{r[n]['lunr'][0] / 1024:,.0f} KB / {r[n]['lunr'][1] / 1024:,.0f} KB" for n in sizes])
    s = {n: r[n]["search"] for n in sizes}
    row("   Pagefind: bytes before 1st result (raw / gzip)",
        [f"{s[n].payload_raw / 1024:,.0f} KB / {s[n].payload_gzip / 1024:,.0f} KB "
         f"({s[n].requests} req)" if s[n].available else f"n/a: {s[n].note}" for n in sizes],
        "<= 1 MB", s[big].payload_raw <= 2**20 if s[big].available else None)
    row("   Pagefind: time to 1st result (cold)",
        [f"{s[n].first_result_s:.1f} s" if s[n].available else "n/a" for n in sizes])
    row("   French edition (/fr/search/): bytes before 1st result",
        [f"{s[n].fr[1] / 1024:,.0f} KB / {s[n].fr[2] / 1024:,.0f} KB ({s[n].fr[3]} req), "
         f"{s[n].fr[0]:.1f} s" if s[n].available and s[n].fr else "n/a" for n in sizes],
        "<= 1 MB", s[big].fr[1] <= 2**20 if s[big].available and s[big].fr else None)
    fr_keys = {n: [k for k in s[n].found if k.startswith("fr/: ")] for n in sizes}
    row("   French edition: probes found from /fr/search/",
        [f"{sum(s[n].found[k] for k in fr_keys[n])}/{len(fr_keys[n])}" if fr_keys[n] else "n/a"
         for n in sizes], "all",
        all(s[big].found[k] for k in fr_keys[big]) if fr_keys[big] else None)
    for key in [f"{lang} {kind}" for lang in ("en", "fr")
                for kind in ("title word", "source", "summary word", "body word", "tag")]:
        vals = [("found" if s[n].found.get(key) else "NOT FOUND") if s[n].available else "n/a"
                for n in sizes]
        row(f"   findable by {key}", vals, "found",
            s[big].found.get(key) if s[big].available else None)
    if fetch is None or conv is None:
        _print_rows(sizes, rows, total, single_runs=False)
        return
    row(f"4. fetch {fetch.feeds} feeds, {fetch.latency * 1000:.0f} ms each, "
        f"concurrency {fetch.concurrency}",
        [f"{fetch.fetch_wall:.1f} s (ideal {fetch.ideal:.1f} s, "
         f"{fetch.fetch_wall / fetch.ideal:.2f}x); {fetch.ok} ok"],
        "<= 1.5x ideal", fetch.fetch_wall <= 1.5 * fetch.ideal)
    row("   whole first run (fetch + archive)",
        [f"{fetch.run_wall:.1f} s, {fetch.written:,} pages written"])
    row("   unchanged re-run",
        [f"{fetch.rerun_304}/{fetch.feeds} answered 304, {fetch.rerun_written} written, "
         f"{fetch.rerun_parsed} parsed, {fetch.rerun_wall:.1f} s"],
        "0 written, 0 parsed",
        fetch.rerun_written == 0 and fetch.rerun_parsed == 0
        and fetch.rerun_304 == fetch.feeds)
    row("5. convert: parse+select+sanitize+convert+write",
        [f"{conv.entries / conv.ours:,.0f} entries/s ({conv.entries:,} entries, "
         f"{conv.written:,} written)"])
    row("   raw feedparser.parse, same bytes", [f"{conv.entries / conv.raw:,.0f} entries/s"])
    row("   ratio", [f"{conv.ratio:.2f}x"], ">= 0.7x", conv.ratio >= 0.7)

    _print_rows(sizes, rows, total, single_runs=True)


def _print_rows(sizes, rows, total: float, *, single_runs: bool) -> None:
    big = sizes[-1]
    heads = ["", *[f"{n:,} articles" for n in sizes], f"target ({big:,})", "verdict"]
    wide = [[label, *vals, target, verdict(ok)] for label, vals, target, ok in rows]
    ncols = len(heads)
    for line in wide:  # single-run rows span the size columns
        while len(line) < ncols:
            line.insert(2, "")
    widths = [max(len(str(line[i])) for line in [heads, *wide]) for i in range(ncols)]

    def fmt(line):
        return " | ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()

    print()
    print(versions())
    print(fmt(heads))
    print("-+-".join("-" * w for w in widths))
    for line in wide:
        print(fmt(line))
    if single_runs:
        print("(rows 4 and 5 do not depend on the archive size: their one value is in the first "
              f"column; benchmark wall time {total / 60:.1f} min)")
    else:
        print(f"(benchmark wall time {total / 60:.1f} min)")


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated archive sizes (default 1000,10000)")
    parser.add_argument("--quick", action="store_true",
                        help="one small archive (1,000) and 50 feeds: a smoke run")
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per feed request")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    parser.add_argument("--repeat", type=int, default=None,
                        help="run the plugin and plain builds N times each, alternating, and "
                             "keep each one's fastest (default 2; 1 with --large)")
    parser.add_argument("--large", action="store_true",
                        help="10,000 and 50,000 articles, plugin and plain builds, search and "
                             "size on disk only: how the cost grows (make bench-large)")
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 1 if args.large else 2
    from newsarchive import search
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    if args.quick:
        sizes, args.feeds = [min(sizes[0], 1000)], min(args.feeds, 50)
    if args.large:
        sizes = [10_000, 50_000] if args.sizes == parser.get_default("sizes") else sizes
    start = time.perf_counter()
    work = Path(args.keep or tempfile.mkdtemp(prefix="newsarchive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(versions())
    try:
        results = {}
        for n in sizes:
            root = work / f"archive-{n}"
            print(f"- {n:,} articles: generating", flush=True)
            probes = synth.write_project(root, n, REPO)
            res = results[n] = {}
            print(f"- {n:,} articles: plugin build", flush=True)
            res["plugin"] = run_build(synth.mkdocs_config(root, plugin=True), root / "site")
            if not args.large:
                print(f"- {n:,} articles: plugin build, English edition only", flush=True)
                res["english"] = run_build(synth.mkdocs_config_english_only(root),
                                           root / "site-en")
                print(f"- {n:,} articles: plugin build without search", flush=True)
                res["nosearch"] = run_build(synth.mkdocs_config_without_search(root),
                                            root / "site-nosearch")
                if n > search.PART_SIZE:  # parts by default: what they cost and save
                    print(f"- {n:,} articles: plugin build, search in one index", flush=True)
                    res["oneindex"] = run_build(synth.mkdocs_config_one_index(root),
                                                root / "site-oneindex")
            print(f"- {n:,} articles: plain Material build", flush=True)
            res["plain"] = run_build(synth.mkdocs_config(root, plugin=False),
                                     root / "site-plain")
            if args.repeat > 1:  # again, alternating, each keeping its fastest run
                plugin, plain = [res["plugin"]], [res["plain"]]
                for _ in range(args.repeat - 1):
                    print(f"- {n:,} articles: plugin and plain builds again", flush=True)
                    plugin.append(run_build(synth.mkdocs_config(root, plugin=True),
                                            root / "site"))
                    plain.append(run_build(synth.mkdocs_config(root, plugin=False),
                                           root / "site-plain"))
                res["plugin"], res["plain"] = best_of(plugin), best_of(plain)
            lunr = root / "site-plain" / "search" / "search_index.json"
            data = lunr.read_bytes() if lunr.exists() else b""
            res["lunr"] = (len(data), len(gzip.compress(data, 6)))
            if not args.large:
                print(f"- {n:,} articles: plugin work in-process", flush=True)
                res["core"] = plugin_core(root)
            print(f"- {n:,} articles: search in Chromium", flush=True)
            res["search"] = browser_search(root / "site", probes)
            if not args.keep:  # keep the disk small between sizes
                for name in ("site", "site-plain", "site-nosearch", "site-en", "site-oneindex"):
                    shutil.rmtree(root / name, ignore_errors=True)
        fetch = conv = None
        if not args.large:
            print(f"- fetch: {args.feeds} feeds", flush=True)
            feeds = synth.feeds(args.feeds)
            fetch = fetch_bench(work, feeds, args.latency, args.concurrency)
            print("- convert throughput", flush=True)
            conv = convert_bench(work, feeds)
        print_table(sizes, results, fetch, conv, time.perf_counter() - start)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
