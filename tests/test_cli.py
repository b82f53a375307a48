"""The command line: help, --root, validate output and exit codes, and docs that match the code."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from newsarchive.cli import cli

REPO = Path(__file__).resolve().parents[1]

PAGE = """\
---
title: GPT-4o leaves ChatGPT
date: '2026-02-13T09:00:00Z'
source: Example Daily
url: https://example.com/tech/gpt-4o-leaves
lang: en
id: 1111aaaa2222bbbb
summary: The model is retired from ChatGPT.
tags:
- retirement
feed: example-daily
---

A short excerpt.

[Read the original article at Example Daily](https://example.com/tech/gpt-4o-leaves)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "sources.yml").write_text(
        "sources:\n  - id: example-daily\n    name: Example Daily\n"
        "    url: https://example.com/feed.xml\n", encoding="utf-8")
    (feeds / "topics.yml").write_text("include: [GPT-4o]\n", encoding="utf-8")
    (feeds / "tags.yml").write_text("tags:\n  - id: retirement\n    label: Retirement\n",
                                    encoding="utf-8")
    page = tmp_path / "docs/articles/2026/02/gpt-4o-leaves-chatgpt.md"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    return tmp_path


def test_validate_accepts_a_good_archive(project: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--root", str(project)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "0 error(s), 0 warning(s)"


def test_validate_names_file_line_and_fix_and_exits_1(project: Path) -> None:
    page = project / "docs/articles/2026/02/gpt-4o-leaves-chatgpt.md"
    page.write_text(PAGE.replace("- retirement", "- retired"), encoding="utf-8")

    result = CliRunner().invoke(cli, ["validate", "--root", str(project), "--github"])

    assert result.exit_code == 1
    assert (f"{page}:10: error: unknown tag 'retired' (known tags, in feeds/tags.yml: retirement)"
            in result.output)
    assert f"::error file={page},line=10::unknown tag 'retired'" in result.output
    assert "1 error(s), 0 warning(s)" in result.output


def test_validate_reports_an_impossible_unquoted_date_without_a_traceback(project: Path) -> None:
    page = project / "docs/articles/2026/02/gpt-4o-leaves-chatgpt.md"
    page.write_text(PAGE.replace("date: '2026-02-13T09:00:00Z'", "date: 2026-02-30T25:00:00Z"),
                    encoding="utf-8")

    result = CliRunner().invoke(cli, ["validate", "--root", str(project)])

    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert (f"{page}:3: error: '2026-02-30T25:00:00Z' is not a real date (day is out of range "
            "for month): write a date that exists, such as '2026-02-13T09:30:00Z'"
            in result.output)
    assert "1 error(s), 0 warning(s)" in result.output


def test_validate_accepts_explicit_paths(project: Path) -> None:
    other = project / "docs/articles/2026/01/broken.md"
    other.parent.mkdir(parents=True)
    other.write_text("no front matter\n", encoding="utf-8")
    good = project / "docs/articles/2026/02"

    only_good = CliRunner().invoke(cli, ["validate", "--root", str(project), str(good)])
    everything = CliRunner().invoke(cli, ["validate", "--root", str(project)])

    assert only_good.exit_code == 0, only_good.output
    assert everything.exit_code == 1
    assert "broken.md:1: error: no front matter" in everything.output


def test_strict_editions_asks_for_the_text_of_each_edition_mkdocs_yml_declares(
        project: Path) -> None:
    page = project / "docs/articles/2026/02/gpt-4o-leaves-chatgpt.md"
    mkdocs = project / "mkdocs.yml"

    def strict():
        return CliRunner().invoke(cli, ["validate", "--root", str(project), "--strict-editions"])

    assert strict().exit_code == 0  # no mkdocs.yml: English alone, and the page is English
    mkdocs.write_text(textwrap.dedent("""\
        site_name: !ENV [SITE_NAME, "Example archive"]
        plugins:
          - newsarchive:
              editions:
                fr: {site_name: Archive exemple}
        """), encoding="utf-8")
    result = strict()
    assert result.exit_code == 1
    assert (f"{page}:8: error: no summary in fr for the fr edition: add translations: {{fr: "
            "{summary: ...}} in your own words (--strict-editions)") in result.output
    assert CliRunner().invoke(cli, ["validate", "--root", str(project)]).exit_code == 0
    page.write_text(PAGE.replace("tags:", "translations:\n  fr:\n    summary: Le modèle quitte "
                                          "ChatGPT.\ntags:"), encoding="utf-8")
    assert strict().exit_code == 0, strict().output
    mkdocs.write_text("plugins: [newsarchive\n", encoding="utf-8")
    broken = strict()
    assert broken.exit_code == 2 and "cannot read the site's editions" in broken.output


def test_missing_feeds_folder_is_a_configuration_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "no feeds/ folder" in result.output


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run([sys.executable, "-m", "newsarchive", "--help"],
                            capture_output=True, text=True, check=True)
    assert "fetch" in result.stdout and "validate" in result.stdout


def test_every_command_is_documented_in_the_readme() -> None:
    """The README cannot drift from the code: each command and each fetch option appears."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"newsarchive {name}" in readme, f"README does not show `newsarchive {name}`"
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--help",):
                    assert opt in readme, f"README does not mention {name} {opt}"


def test_readme_quick_start_is_make_site_and_make_test() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)", textwrap.dedent(quick), re.MULTILINE)
    assert commands == ["make site", "make test"]
    assert "make test" in (REPO / ".ci/run").read_text(encoding="utf-8")
