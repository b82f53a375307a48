"""The whole chain as a maintainer runs it: fetch from feeds, validate, build the site.

Feeds are served on 127.0.0.1 (test_pipeline's made-up English and French coverage); every step
is the real command in a subprocess, as CI runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from feedserver import FeedServer
from test_build import REPO, mkdocs_build, search_fragments
from test_pipeline import serve_feeds, write_project

INDEX = "# The archive\n\n<!-- newsarchive:counts -->\n\n<!-- newsarchive:latest 5 -->\n"


def newsarchive(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "newsarchive", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_fetch_validate_build(tmp_path: Path, feed_server: FeedServer) -> None:
    serve_feeds(feed_server)
    root = write_project(tmp_path / "story", feed_server)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "docs" / "index.md").write_text(INDEX, encoding="utf-8")

    fetched = newsarchive("fetch", "--root", str(root), "--timeout", "5")
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    pages = sorted((root / "docs" / "articles").rglob("*.md"))
    assert len(pages) == 3

    checked = newsarchive("validate", "--root", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 error(s), 0 warning(s)" in checked.stdout

    built = mkdocs_build(root / "mkdocs.yml")
    output = built.stdout + built.stderr
    assert built.returncode == 0, output
    assert "WARNING" not in output

    site = root / "site"
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'class="na-item__title" href="[^"]*"[^>]*>([^<]*)</a>', timeline)
    assert titles == ["GPT‑4o quitte ChatGPT la veille de la Saint-Valentin",
                      "Users rally under #keep4o as the deadline nears",
                      "OpenAI sets a date for GPT-4o&#x27;s exit from ChatGPT"]
    for page in pages:
        rel = page.relative_to(root / "docs").with_suffix("")
        assert (site / rel / "index.html").is_file(), rel
    indexed = {f["meta"]["title"] for f in search_fragments(site)}
    assert "Users rally under #keep4o as the deadline nears" in indexed
    feed_xml = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed_xml.count("</entry>") == 3

    # A second fetch over unchanged feeds writes nothing, so the build stays the same.
    again = newsarchive("fetch", "--root", str(root), "--timeout", "5")
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted((root / "docs" / "articles").rglob("*.md")) == pages
