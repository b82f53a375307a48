"""The GitHub Actions workflows, the body of the fetch pull request, and the script behind the
scheduled fetch (`scripts/ci/fetch-pr.sh`), run for real against a local feed server, a bare
"origin" repository and a fake `gh` that records what it was asked to do.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from feedserver import FeedServer
from newsarchive.model import Article
from newsarchive.pr_body import BODY_BUDGET, WORD_JOINER, inline, link_target, main, pr_body

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
FETCH_PR = REPO / "scripts" / "ci" / "fetch-pr.sh"
LINKS_PR = REPO / "scripts" / "ci" / "links-pr.sh"
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s+v\d+\.\d+\.\d+\s*$")

def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(wf: dict) -> list[dict]:
    return [step for job in wf["jobs"].values() for step in job.get("steps", [])]


# ---------------------------------------------------------------------------------------------
# Workflow structure


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml", "fetch.yml", "links.yml"])
def test_workflow_is_least_privilege_pinned_and_never_inlines_expressions(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    wf = workflow(name)

    assert wf["permissions"] in ({}, {"contents": "read"}), "top level must grant (almost) nothing"
    assert "concurrency" in wf
    for line in text.splitlines():
        match = USES.match(line)
        if match:
            assert PINNED.match(match.group(1)), f"{name}: not pinned to a commit: {line}"
            assert VERSION_COMMENT.match(match.group(2)), f"{name}: no '# vX.Y.Z': {line}"
    for step in steps(wf):
        assert "${{" not in step.get("run", ""), f"{name}: expression inlined in run: {step}"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    for job in wf["jobs"].values():
        assert "timeout-minutes" in job


def test_one_commit_per_action_across_workflows() -> None:
    seen: dict[str, set[str]] = {}
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = USES.match(line)
            if match:
                action, sha = match.group(1).split("@")
                seen.setdefault(action, set()).add(sha)
    assert seen and all(len(shas) == 1 for shas in seen.values()), seen


def test_ci_runs_tests_validation_and_strict_build_on_pull_requests() -> None:
    wf = workflow("ci.yml")
    assert {"pull_request", "push"} <= set(wf["on"])
    runs = "\n".join(step.get("run", "") for step in steps(wf))
    assert "make test" in runs and "make site" in runs and "make engines" in runs
    assert runs.index("make site") < runs.index("make test"), "the README's path comes first"
    assert "pip install" not in runs, "nothing may upgrade pip before the README's path runs"
    assert any("cron" in item for item in wf["on"]["schedule"]), "weekly drift check"
    assert "newsarchive validate --github" in runs
    assert "apt-get install" in runs and "chromium" in runs
    assert "scripts/ci/lint-workflows.sh" in runs


def test_pages_builds_read_only_and_deploys_from_one_job() -> None:
    wf = workflow("pages.yml")
    assert wf["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in wf["on"]
    assert wf["concurrency"]["cancel-in-progress"] is False
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    # The site is built for the address Pages gives (canonical links, sitemap, feeds).
    pages = next(s for s in build["steps"] if "configure-pages" in s.get("uses", ""))
    make = next(s for s in build["steps"] if "make site" in s.get("run", ""))
    assert build["steps"].index(pages) < build["steps"].index(make)
    assert make["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages" and deploy["needs"] == "build"
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"
    assert any("make site" in s.get("run", "") for s in build["steps"])
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])


def test_fetch_is_scheduled_serialised_and_may_only_push_branches_and_open_prs() -> None:
    wf = workflow("fetch.yml")
    assert wf["on"]["schedule"] == [{"cron": "17 */6 * * *"}] and "workflow_dispatch" in wf["on"]
    assert wf["concurrency"]["cancel-in-progress"] is False
    (job,) = wf["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    (step,) = [s for s in job["steps"] if "fetch-pr.sh" in s.get("run", "")]
    assert step["env"]["BRANCH"] == "fetch/new-coverage" and step["env"]["BASE"] == "main"
    assert step["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert "git push" not in (WORKFLOWS / "fetch.yml").read_text(encoding="utf-8")


def test_links_is_monthly_serialised_and_may_only_push_branches_and_open_prs() -> None:
    wf = workflow("links.yml")
    [schedule] = wf["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("3", "*", "*") and "workflow_dispatch" in wf["on"]
    assert wf["permissions"] == {} and wf["concurrency"]["cancel-in-progress"] is False
    (job,) = wf["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    (step,) = [s for s in job["steps"] if "links-pr.sh" in s.get("run", "")]
    assert step["env"]["BRANCH"] == "links/dead-links" and step["env"]["BASE"] == "main"
    assert step["env"]["LINKS_PR_CHECK"] == "make site"
    assert "git push" not in (WORKFLOWS / "links.yml").read_text(encoding="utf-8")
    # The same pinned actions as the fetch workflow.
    fetch_uses = [s["uses"] for s in steps(workflow("fetch.yml")) if "uses" in s]
    assert [s["uses"] for s in job["steps"] if "uses" in s] == fetch_uses


# ---------------------------------------------------------------------------------------------
# The pull request body


def article(title: str, *, url: str | None = "https://example.com/a", summary: str = "S.",
            page: str = "docs/articles/2026/02/a.md", day: int = 13) -> Article:
    return Article(title=title, date=datetime(2026, 2, day, 9, tzinfo=UTC), source="Example Daily",
                   url=url, lang="en", id=page[-8:], summary=summary, path=Path("/r") / page)


def report(*feeds: dict) -> dict:
    return {"started": "2026-02-13T12:17:00Z", "dry_run": False, "feeds": list(feeds)}


def feed(ident: str, status: str = "ok", pages: tuple[str, ...] = (), error: str | None = None,
         **counts: object) -> dict:
    return {"feed": ident, "name": ident.title(), "status": status, "error": error,
            "http_status": 200 if status == "ok" else 403, "warnings": [], "pages": list(pages),
            **counts}


def test_inline_text_cannot_add_html_links_mentions_or_references() -> None:
    text = inline("<img src=x onerror=alert(1)> [x](javascript:y) @octocat @org/team #12 "
                  "GH-7 &#64;admin | $x$ \u202eevil\nnext")
    # Every character that opens HTML, a link, an entity, a table cell or math is escaped.
    assert re.search(r"(?<!\\)[<>\[\]&|$`*_]", text) is None, text
    assert not re.search(r"@[A-Za-z0-9]", text) and not re.search(r"#[0-9]", text)
    assert not re.search(r"GH-[0-9]", text) and "\\&" in text and "\\|" in text
    assert "\u202e" not in text and "\n" not in text
    assert f"@{WORD_JOINER}octocat" in text  # still reads as @octocat


def test_only_http_links_and_encoded_for_markdown() -> None:
    assert link_target("javascript:alert(1)") is None
    assert link_target("data:text/html,x") is None
    assert link_target("https://example.com/a b(c)?x=1&y=2") == (
        "https://example.com/a%20b%28c%29?x=1&amp;y=2")


def test_body_lists_articles_with_source_date_link_summary_and_failed_feeds() -> None:
    new = article("GPT-4o leaves ChatGPT", summary="The model is retired @sama.")
    old = article("Users protest", url="https://example.com/b", page="docs/articles/2026/02/b.md",
                  day=1)
    body = pr_body(report(feed("daily", pages=("docs/articles/2026/02/a.md",)),
                          feed("broken", "error", error="HTTP 403 Forbidden")), [old, new])

    fresh, earlier = body.split("### New in this run (1)")[1].split("### From earlier runs (1)")
    assert "[GPT-4o leaves ChatGPT](https://example.com/a)" in fresh
    assert "**Example Daily** · 2026-02-13" in fresh
    assert f"The model is retired @{WORD_JOINER}sama." in fresh
    assert "[Users protest](https://example.com/b)" in earlier and "2026-02-01" in earlier
    assert ("| Broken (`broken`) | error · HTTP 403 | HTTP 403 Forbidden | next run |"
            in body)
    assert "feeds/state.json" in body


def test_body_lists_feeds_waiting_for_their_next_attempt_and_link_counts() -> None:
    waiting = feed("dead", "deferred", error="failed 3 run(s) in a row, last: HTTP 500",
                   failures=3, next_attempt="2026-02-14T09:00:00Z")
    failing = feed("flaky", "error", error="HTTP 502 Bad Gateway", failures=1,
                   next_attempt="2026-02-13T13:17:00Z")
    data = report(feed("daily"), waiting, failing)
    data["links"] = {"resolved": 7, "pending": 2, "given_up": 1}
    body = pr_body(data, [])
    section = body.split("### Feeds that keep failing, not requested in this run (1)")[1]
    assert "| Dead (`dead`) | 3 | 2026-02-14T09:00:00Z | failed 3 run(s) in a row" in section
    assert "| Flaky (`flaky`) | error · HTTP 403 | HTTP 502 Bad Gateway | 2026-02-13T13:17:00Z |" \
        in body
    assert "7 resolved" in body and "2 pending" in body and "1 given up" in body


def test_body_stays_under_githubs_limit_with_many_articles() -> None:
    many = [article(f"GPT-4o story {i} " + "word " * 30, summary="x " * 300,
                    page=f"docs/articles/2026/02/s{i}.md") for i in range(600)]
    pages = tuple(f"docs/articles/2026/02/s{i}.md" for i in range(600))
    body = pr_body(report(feed("daily", pages=pages)), many)
    assert len(body) <= BODY_BUDGET
    assert re.search(r"…and \d+ more articles: see the \*Files changed\* tab", body)


def test_main_reads_the_report_and_the_pages(tmp_path: Path, capsys) -> None:
    page = tmp_path / "docs/articles/2026/02/a.md"
    page.parent.mkdir(parents=True)
    page.write_text(textwrap.dedent("""\
        ---
        title: GPT-4o is retired
        date: '2026-02-13T09:00:00Z'
        source: Example Daily
        url: https://example.com/a
        lang: en
        id: 1111aaaa2222bbbb
        summary: The model leaves ChatGPT.
        feed: daily
        ---
        """), encoding="utf-8")
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report(feed("daily", pages=("docs/articles/2026/02/a.md",)),
                                      feed("gone", "gone", error="HTTP 404: feed not found"))),
                    encoding="utf-8")

    assert main([str(path), "--root", str(tmp_path), "--github"]) == 0
    out, err = capsys.readouterr()
    assert "[GPT-4o is retired](https://example.com/a)" in out
    assert "The model leaves ChatGPT." in out
    assert "::warning title=Feed failed::feed gone (gone): HTTP 404: feed not found" in err


# ---------------------------------------------------------------------------------------------
# scripts/ci/fetch-pr.sh, end to end

FAKE_GH = """\
#!{python}
# A stand-in for the GitHub CLI: records each call (and the body it was given) as a JSON line.
import json, pathlib, sys
here = pathlib.Path(__file__).resolve().parent
args = sys.argv[1:]
call = {{"args": args}}
if "--body-file" in args:
    call["body"] = pathlib.Path(args[args.index("--body-file") + 1]).read_text(encoding="utf-8")
with open(here / "gh.log", "a", encoding="utf-8") as log:
    log.write(json.dumps(call) + "\\n")
state = here / "open-pr"
if args[:2] == ["pr", "list"]:
    print(state.read_text() if state.exists() else "")
elif args[:2] == ["pr", "create"]:
    state.write_text("7")
    print("https://github.example.com/o/r/pull/7")
elif args[:2] != ["pr", "edit"]:
    sys.exit("fake gh: unexpected call " + " ".join(args))
"""

ITEM = """\
<item><title>{title}</title><link>https://example.com/news/{slug}</link>
<guid>https://example.com/news/{slug}</guid><pubDate>{date}</pubDate>
<description>{summary}</description></item>
"""

ARTICLES = {
    "retired": ("OpenAI retires GPT-4o from ChatGPT", "Fri, 13 Feb 2026 09:00:00 +0000",
                "GPT-4o leaves the ChatGPT model picker today, OpenAI said."),
    "protest": ("Users protest the end of GPT-4o", "Sat, 14 Feb 2026 10:30:00 +0000",
                "Hundreds of GPT-4o users signed an open letter asking OpenAI to keep it."),
    "after": ("A week without GPT-4o", "Fri, 20 Feb 2026 08:00:00 +0000",
              "Former GPT-4o users describe their first week with the newer models."),
}


def rss(*slugs: str) -> bytes:
    items = "".join(ITEM.format(slug=s, title=ARTICLES[s][0], date=ARTICLES[s][1],
                                summary=ARTICLES[s][2]) for s in slugs)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Example Daily</title><link>https://example.com/</link>"
            f"<description>News</description>{items}</channel></rss>").encode()


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


class Archive:
    """A tiny project in a git clone whose "origin" is a bare repository in the same folder."""

    def __init__(self, tmp: Path, server: FeedServer) -> None:
        self.origin, self.work, self.bin = tmp / "origin.git", tmp / "work", tmp / "bin"
        self.bin.mkdir()
        gh = self.bin / "gh"
        gh.write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
        gh.chmod(0o755)
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("GITHUB_", "GH_", "GIT_")) and k != "CI"}
        self.env.update(
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{self.env.get('PATH', '')}",
            GH=str(gh), FETCH_WAIT="0", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
            GIT_AUTHOR_NAME="Maintainer", GIT_AUTHOR_EMAIL="maintainer@example.org",
            GIT_COMMITTER_NAME="Maintainer", GIT_COMMITTER_EMAIL="maintainer@example.org")
        git(tmp, "init", "-q", "--bare", "-b", "main", str(self.origin), env=self.env)
        git(tmp, "init", "-q", "-b", "main", str(self.work), env=self.env)
        (self.work / "feeds").mkdir()
        (self.work / "feeds/sources.yml").write_text(textwrap.dedent(f"""\
            sources:
              - id: example-daily
                name: Example Daily
                url: {server.url("/daily.xml")}
                lang: en
              - id: example-broken
                name: Example Broken
                url: {server.url("/broken.xml")}
            """), encoding="utf-8")
        (self.work / "feeds/topics.yml").write_text("include: [GPT-4o]\n", encoding="utf-8")
        (self.work / "docs/articles").mkdir(parents=True)
        (self.work / "docs/articles/.gitkeep").write_text("", encoding="utf-8")
        (self.work / ".gitignore").write_text("feeds/.fetch.lock\n", encoding="utf-8")
        git(self.work, "add", "-A", env=self.env)
        git(self.work, "commit", "-q", "-m", "archive", env=self.env)
        git(self.work, "remote", "add", "origin", str(self.origin), env=self.env)
        git(self.work, "push", "-q", "origin", "main", env=self.env)
        self.main = git(self.origin, "rev-parse", "refs/heads/main", env=self.env)

    def fetch_pr(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", str(FETCH_PR)], cwd=self.work, env=self.env,
                              capture_output=True, text=True, timeout=120)

    def gh_calls(self) -> list[dict]:
        log = self.bin / "gh.log"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

    def origin_files(self, ref: str) -> list[str]:
        return git(self.origin, "ls-tree", "-r", "--name-only", ref, env=self.env).splitlines()


@pytest.fixture
def archive(tmp_path: Path, feed_server: FeedServer) -> Archive:
    feed_server.add("/broken.xml", b"no", status=403, content_type="text/plain")
    return Archive(tmp_path, feed_server)


def test_fetch_pr_opens_then_updates_one_pull_request(archive: Archive,
                                                      feed_server: FeedServer) -> None:
    feed_server.add("/daily.xml", rss("retired", "protest"))
    first = archive.fetch_pr()
    assert first.returncode == 0, first.stderr

    calls = archive.gh_calls()
    assert [c["args"][:2] for c in calls] == [["pr", "list"], ["pr", "create"]]
    create = calls[1]["args"]
    assert create[create.index("--base") + 1] == "main"
    assert create[create.index("--head") + 1] == "fetch/new-coverage"
    body = calls[1]["body"]
    for slug in ("retired", "protest"):
        title, _, summary = ARTICLES[slug]
        assert f"[{title}](https://example.com/news/{slug})" in body
        assert summary in body
    assert "**Example Daily** · 2026-02-13" in body and "**Example Daily** · 2026-02-14" in body
    assert "| Example Broken (`example-broken`) | error · HTTP 403 | HTTP 403" in body
    files = archive.origin_files("refs/heads/fetch/new-coverage")
    assert "feeds/state.json" in files
    assert len([f for f in files if f.startswith("docs/articles/2026/02/")]) == 2
    assert git(archive.origin, "rev-parse", "refs/heads/main") == archive.main

    # A maintainer reviews the pull request: the protest piece is off-topic, so they delete its
    # page and reject it on the branch. The feed then drops the first article, still offers the
    # rejected one, and has a new one.
    work, env = archive.work, archive.env
    (protest,) = (work / "docs/articles/2026/02").glob("users-protest*.md")
    protest.unlink()
    (work / "feeds/rejected.yml").write_text(
        "rejected:\n  - url: https://example.com/news/protest\n    reason: Off-topic.\n",
        encoding="utf-8")
    git(work, "add", "-A", env=env)
    git(work, "commit", "-q", "-m", "Reject the protest piece", env=env)
    git(work, "push", "-q", "origin", "HEAD:refs/heads/fetch/new-coverage", env=env)
    feed_server.add("/daily.xml", rss("protest", "after"))

    second = archive.fetch_pr()
    assert second.returncode == 0, second.stderr

    calls = archive.gh_calls()[2:]
    assert [c["args"][:3] for c in calls] == [["pr", "list", "--head"], ["pr", "edit", "7"]]
    body = calls[1]["body"]
    fresh, earlier = body.split("### New in this run (1)")[1].split("### From earlier runs (1)")
    assert "[A week without GPT-4o](https://example.com/news/after)" in fresh
    assert ARTICLES["after"][2] in fresh and "**Example Daily** · 2026-02-20" in fresh
    assert "[OpenAI retires GPT-4o from ChatGPT](https://example.com/news/retired)" in earlier
    assert "protest" not in body.lower() and "Example Broken" in body
    # The run started from the pull request's feed state, not main's: the broken feed, which
    # failed an instant ago, waits for its next attempt instead of being downloaded again.
    assert "### Feeds that keep failing, not requested in this run (1)" in body
    state = json.loads(git(archive.origin, "show", "fetch/new-coverage:feeds/state.json"))
    assert state["feeds"]["example-broken"]["failures"] == 1
    # The branch is rebuilt as main plus one commit: the earlier page and the maintainer's
    # rejection are kept, the rejected page stays out; main is untouched.
    files = archive.origin_files("refs/heads/fetch/new-coverage")
    pages = sorted(f for f in files if f.startswith("docs/articles/2026/02/"))
    assert [Path(p).stem for p in pages] == ["a-week-without-gpt-4o",
                                             "openai-retires-gpt-4o-from-chatgpt"]
    assert "feeds/rejected.yml" in files
    assert git(archive.origin, "rev-list", "--count", "main..fetch/new-coverage") == "1"
    assert git(archive.origin, "rev-parse", "refs/heads/main") == archive.main
    assert git(archive.origin, "for-each-ref", "--format=%(refname)").splitlines() == [
        "refs/heads/fetch/new-coverage", "refs/heads/main"]


def test_fetch_pr_stops_on_bad_configuration_and_pushes_nothing(archive: Archive) -> None:
    (archive.work / "feeds/sources.yml").write_text("sources: 3\n", encoding="utf-8")
    git(archive.work, "commit", "-q", "-am", "break the config", env=archive.env)
    git(archive.work, "push", "-q", "origin", "main", env=archive.env)

    done = archive.fetch_pr()

    assert done.returncode == 2, done.stderr
    assert [c["args"][:2] for c in archive.gh_calls()] == [["pr", "list"]]
    assert archive.origin_files("refs/heads/main") and "fetch/new-coverage" not in git(
        archive.origin, "branch", "--list", env=archive.env)


def test_fetch_pr_proposes_nothing_and_fails_when_every_feed_fails(
        archive: Archive, feed_server: FeedServer) -> None:
    feed_server.add("/daily.xml", b"down", status=404, content_type="text/plain")

    done = archive.fetch_pr()

    assert done.returncode == 1, done.stderr
    assert "only feeds/state.json changed" in done.stderr
    assert [c["args"][:2] for c in archive.gh_calls()] == [["pr", "list"]]
    assert git(archive.origin, "for-each-ref", "--format=%(refname)") == "refs/heads/main"


def test_fetch_pr_in_github_actions_masks_the_token_header_and_still_pushes(
        archive: Archive, feed_server: FeedServer) -> None:
    # As in the workflow: GITHUB_ACTIONS and GH_TOKEN set, so git gets the token as a header
    # (for https://github.com/ only: this origin is a local folder). The mask must reach the log
    # once, and never end up in what the script reads back from git (the branch's commit).
    archive.env.update(GITHUB_ACTIONS="true", GH_TOKEN="ghs_exampleToken123")
    header = base64.b64encode(b"x-access-token:ghs_exampleToken123").decode()
    feed_server.add("/daily.xml", rss("retired"))
    first = archive.fetch_pr()
    feed_server.add("/daily.xml", rss("retired", "after"))
    second = archive.fetch_pr()

    for done in (first, second):
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines().count(f"::add-mask::{header}") == 1
        assert header not in done.stdout.replace(f"::add-mask::{header}", "")
        assert header not in done.stderr and "ghs_exampleToken123" not in done.stdout + done.stderr
    assert [c["args"][:2] for c in archive.gh_calls()] == [
        ["pr", "list"], ["pr", "create"], ["pr", "list"], ["pr", "edit"]]
    assert git(archive.origin, "rev-list", "--count", "main..fetch/new-coverage") == "1"
    files = archive.origin_files("refs/heads/fetch/new-coverage")
    assert len([f for f in files if f.startswith("docs/articles/2026/02/")]) == 2


GOOGLE_TOKEN = ("CBMiQWh0dHBzOi8vd3d3LmV4YW1wbGUuY29tL3RlY2hub2xvZ3kvMjAyNi8wMi8xMy91c2Vycy1tb3Vy"
                "bi1ncHQtNG8v0gEA")
UNRESOLVED_PAGE = f"""\
---
title: Users mourn GPT-4o as OpenAI pulls the model
date: '2026-02-13T16:30:00Z'
source: The Example Times
url: https://news.google.com/rss/articles/{GOOGLE_TOKEN}
lang: en-US
id: 5c0ffee5c0ffee00
summary: ''
feed: example-daily
via: https://news.google.com/rss/articles/{GOOGLE_TOKEN}
url_resolved: false
---

[Find the article at The Example Times through Google News](https://news.google.com/rss/articles/{GOOGLE_TOKEN})
"""


def test_fetch_pr_proposes_a_publisher_address_found_for_an_archived_page(
        archive: Archive, feed_server: FeedServer) -> None:
    work, env = archive.work, archive.env
    page = work / "docs/articles/2026/02/users-mourn-gpt-4o.md"
    page.parent.mkdir(parents=True)
    page.write_text(UNRESOLVED_PAGE, encoding="utf-8")
    git(work, "add", "-A", env=env)
    git(work, "commit", "-q", "-m", "An article whose address was unknown", env=env)
    git(work, "push", "-q", "origin", "main", env=env)
    link = f"https://news.google.com/__i/rss/rd/articles/{GOOGLE_TOKEN}?oc=5"
    feed_server.add("/daily.xml", (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Google News'
        f"</title><item><title>Users mourn GPT-4o as OpenAI pulls the model - The Example Times"
        f"</title><link>{link}</link><guid isPermaLink=\"false\">52781239551127</guid>"
        "<pubDate>Fri, 13 Feb 2026 16:30:00 GMT</pubDate><description>&lt;a href=\""
        f"{link}\"&gt;Users mourn GPT-4o&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color=\"#6f6f6f"
        "\"&gt;The Example Times&lt;/font&gt;</description><source url=\"https://www.example."
        "com\">The Example Times</source></item></channel></rss>").encode())

    done = archive.fetch_pr()

    assert done.returncode == 0, done.stderr
    create = archive.gh_calls()[1]
    assert create["args"][:2] == ["pr", "create"]
    title = create["args"][create["args"].index("--title") + 1]
    assert title == ("Add the publisher's address to 1 archived page(s) from the scheduled "
                     "fetch")
    assert "### Publisher addresses found for pages written earlier (1)" in create["body"]
    assert "`docs/articles/2026/02/users-mourn-gpt-4o.md`" in create["body"]
    changed = git(archive.origin, "diff", "main", "fetch/new-coverage", "--", str(
        page.relative_to(work)))
    assert [line for line in changed.splitlines() if line[:1] in "+-"
            and line[:3] not in ("+++", "---")] == [
        f"-url: https://news.google.com/rss/articles/{GOOGLE_TOKEN}",
        "+url: https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/",
        "-url_resolved: false"]


def test_body_says_which_pages_wait_for_a_summary_and_which_were_given_an_address() -> None:
    pending = article("GPT-4o leaves ChatGPT", summary="")
    data = report(feed("gn", pages=("docs/articles/2026/02/a.md",)))
    data["feeds"][0]["updated"] = ["docs/articles/2026/01/old.md"]
    body = pr_body(data, [pending])
    assert "1 page has no summary yet: the feed gave no description" in body
    assert "*No summary yet: the feed gave no description of the article's own.*" in body
    assert ("### Publisher addresses found for pages written earlier (1)" in body
            and "- `docs/articles/2026/01/old.md`" in body)
    assert pr_body(report(feed("gn", updated=["docs/articles/2026/01/old.md"])), []).startswith(
        "## Publisher addresses for 1 archived page\n")


def test_body_marks_a_title_that_is_our_description() -> None:
    untitled = article("Goodbye, GPT-4o.")
    untitled.headline_seen = False
    body = pr_body(report(feed("notes", pages=("docs/articles/2026/02/a.md",))), [untitled])
    assert ("- [Goodbye, GPT-4o.](https://example.com/a) *(no headline in the feed: our "
            "description)* \\") in body


# ---------------------------------------------------------------------------------------------
# scripts/ci/links-pr.sh, end to end

PAGE = """\
---
title: {title}
date: '2026-02-{day}T09:00:00Z'
source: Example Daily
url: {url}
lang: en
id: {id}
summary: GPT-4o leaves ChatGPT.
---

A few words of our own.
"""


def links_pr(archive: Archive) -> subprocess.CompletedProcess[str]:
    env = {**archive.env, "LINKS_WAIT": "0", "LINKS_ARGS": "--host-interval 0 --retries 0"}
    return subprocess.run(["bash", str(LINKS_PR)], cwd=archive.work, env=env,
                          capture_output=True, text=True, timeout=120)


def test_links_pr_proposes_dead_links_in_one_pull_request(archive: Archive,
                                                          feed_server: FeedServer) -> None:
    work, env = archive.work, archive.env
    alive = feed_server.add("/news/alive", b"<html></html>", content_type="text/html")
    gone = feed_server.add("/news/gone", b"", status=404, content_type="text/plain")
    folder = work / "docs/articles/2026/02"
    folder.mkdir(parents=True)
    for n, (name, url) in enumerate((("alive", alive), ("gone", gone)), start=1):
        (folder / f"{name}.md").write_text(PAGE.format(title=f"Story {name}", day=10 + n,
                                                       url=url, id=f"aaaa00000000000{n}"),
                                           encoding="utf-8")
    git(work, "add", "-A", env=env)
    git(work, "commit", "-q", "-m", "two pages", env=env)
    git(work, "push", "-q", "origin", "main", env=env)
    main = git(archive.origin, "rev-parse", "refs/heads/main")

    first = links_pr(archive)

    assert first.returncode == 0, first.stderr
    calls = archive.gh_calls()
    assert [c["args"][:2] for c in calls] == [["pr", "list"], ["pr", "create"]]
    create = calls[1]["args"]
    assert create[create.index("--head") + 1] == "links/dead-links"
    assert create[create.index("--title") + 1].endswith(": 1 dead link(s), 0 archived copies")
    body = calls[1]["body"]
    assert "### Newly dead (1)" in body and f"[{gone}]({gone})" in body
    assert "HTTP 404 Not Found" in body and alive not in body
    changed = git(archive.origin, "diff", "--name-only", "main", "links/dead-links")
    assert changed.splitlines() == ["docs/articles/2026/02/gone.md"]
    diff = git(archive.origin, "diff", "main", "links/dead-links")
    added = [line for line in diff.splitlines() if line.startswith(("+", "-"))
             and not line.startswith(("+++", "---"))]
    assert [line.split(":")[0] for line in added] == ["+link_status", "+link_checked"]
    assert git(archive.origin, "rev-parse", "refs/heads/main") == main

    # Next month: the same finding, the pull request is updated, not duplicated.
    second = links_pr(archive)
    assert second.returncode == 0, second.stderr
    assert [c["args"][:3] for c in archive.gh_calls()[2:]] == [
        ["pr", "list", "--head"], ["pr", "edit", "7"]]
    assert git(archive.origin, "rev-list", "--count", "main..links/dead-links") == "1"


def test_links_pr_proposes_nothing_when_every_link_answers(archive: Archive,
                                                           feed_server: FeedServer) -> None:
    work, env = archive.work, archive.env
    alive = feed_server.add("/news/alive", b"<html></html>", content_type="text/html")
    folder = work / "docs/articles/2026/02"
    folder.mkdir(parents=True)
    (folder / "alive.md").write_text(PAGE.format(title="Story", day=11, url=alive,
                                                 id="aaaa000000000001"), encoding="utf-8")
    git(work, "add", "-A", env=env)
    git(work, "commit", "-q", "-m", "a page", env=env)
    git(work, "push", "-q", "origin", "main", env=env)

    done = links_pr(archive)

    assert done.returncode == 0, done.stderr
    assert "no page changed: nothing to propose" in done.stderr
    assert [c["args"][:2] for c in archive.gh_calls()] == [["pr", "list"]]
    assert git(archive.origin, "for-each-ref", "--format=%(refname)") == "refs/heads/main"
