"""Any YAML value in any front-matter field: `file:line: error`, never a traceback.

A contributor types front matter by hand, and YAML reads unquoted values as typed scalars: an
impossible date such as `2026-02-30T25:00:00Z` used to stop both `newsarchive validate` and
`mkdocs build` with a Python traceback from inside PyYAML. Hypothesis writes arbitrary YAML
values (timestamps possible and impossible, numbers, booleans, nulls, lists, maps, tagged
values, and text) into each field of an otherwise valid page, then runs the real commands:

Each field of the page format is tried, and keys MkDocs itself reads (`template`, `hide`...).

(a) `newsarchive validate`: it exits 0 or 1, every line it prints is `file:line: severity:
    message` or the count, and a page that `parse_page` finds broken is reported as an error.
(b) `mkdocs build --strict` on a batch of such pages: no traceback, and every page that cannot
    be read as an article is a warning naming its file and line, so the build fails cleanly.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsarchive.archive import FIELDS, parse_page
from newsarchive.cli import cli
from test_build import mkdocs_build
from test_hostile_feeds import make_project

SOURCES = [{"id": "example-daily", "name": "Example Daily",
            "url": "https://example.com/feed.xml"}]
FOLDER = Path("docs") / "articles" / "2026" / "02"

# --- YAML values, as a person might type them after `key: ` -------------------------------

TIMESTAMPS = st.builds(
    lambda y, m, d, time, tz: f"{y:04d}-{m:02d}-{d:02d}{time}{tz}",
    st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32),
    st.one_of(st.just(""), st.builds(lambda sep, h, mi, s, frac: f"{sep}{h:02d}:{mi:02d}:{s:02d}"
                                     f"{frac}", st.sampled_from(["T", "t", " "]),
                                     st.integers(0, 25), st.integers(0, 61), st.integers(0, 61),
                                     st.sampled_from(["", ".5", ".123456789"]))),
    st.sampled_from(["", "Z", "+05:00", "-05:00", "+14:00", "-23:59", " +1"]))
NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from([".inf", "-.Inf", ".NaN", "0x1F", "0o17", "017", "0b101", "1_000", "1e400",
                     "-0", "+12", "1:20", "190:20:30", "6.8523015e+5", "0."]))
BOOLEANS = st.sampled_from(["true", "False", "TRUE", "yes", "No", "on", "OFF", "y", "n"])
NULLS = st.sampled_from(["~", "null", "Null", "NULL", ""])
TEXT = st.one_of(
    st.sampled_from(["GPT-4o", "retirement", "en", "fr-FR", "https://example.com/a",
                     "hand-page-20260213", "a: b", "- x", "#", "'", '"', "|", ">", "@x", "`x`",
                     "*anchor", "&anchor x", "<script>", "%TAG"]),
    st.text(max_size=20).map(lambda t: yaml.safe_dump(t, default_style='"').strip()))
SCALARS = st.one_of(TIMESTAMPS, NUMBERS, BOOLEANS, NULLS, TEXT)
TAGS = st.sampled_from(["!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp",
                        "!!binary", "!!set", "!!omap", "!!pairs", "!!seq", "!!map", "!custom",
                        "!!python/object/apply:os.system", "!<tag:yaml.org,2002:int>"])
TAGGED = st.builds(lambda tag, value: f"{tag} {value}", TAGS,
                   st.one_of(SCALARS, st.sampled_from(["[a, b]", "{a: 1}", "[a: 1]"])))


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(st.one_of(TEXT, TIMESTAMPS, NUMBERS), children), max_size=3).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"))


FLOW = st.recursive(st.one_of(SCALARS, TAGGED), _flow, max_leaves=6)
BLOCK_LIST = st.lists(st.one_of(SCALARS, TAGGED), min_size=1, max_size=3).map(
    lambda xs: "".join(f"\n  - {x}" for x in xs))
VALUES = st.one_of(FLOW, BLOCK_LIST)
# The page format's fields, plus keys MkDocs and Material read from front matter: a page
# that is not a valid article must not hand them to the theme (`template: 5` used to crash).
MKDOCS_KEYS = ("template", "hide", "description", "icon", "status", "search", "tags_extra")
# Fields that hold a mapping get their own keys too, each with any value.
NESTED = st.one_of(
    st.builds(lambda url, ts: f"{{url: {url}, timestamp: {ts}}}", FLOW, FLOW),
    st.builds(lambda url, ts: f"\n  url: {url}\n  timestamp: {ts}", FLOW, FLOW))
FIELD_VALUE = st.one_of(st.tuples(st.sampled_from(FIELDS + MKDOCS_KEYS), VALUES),
                        st.tuples(st.just("archived"), NESTED))


def page(n: int, field: str, value: str) -> str:
    """A valid page (its own title, URL and id) with `field` set to `value`, as typed."""
    lines = {"title": f"GPT-4o leaves ChatGPT, part {n}", "date": "'2026-02-13T09:00:00Z'",
             "source": "Example Daily", "url": f"https://example.com/tech/gpt-4o-{n}",
             "lang": "en", "id": f"hand-gpt-4o-{n}-20260213",
             "summary": "The model is retired from ChatGPT."}
    lines[field] = value
    front = "".join(f"{key}: {text}\n" for key, text in lines.items())
    return f"---\n{front}---\n\nA short excerpt of part {n}.\n"


PROBLEM_LINE = re.compile(r"^\S.*:\d+: (error|warning): \S")
COUNT_LINE = re.compile(r"^\d+ error\(s\), \d+ warning\(s\)$")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field_value=FIELD_VALUE)
def test_validate_reports_any_value_with_file_and_line(field_value: tuple[str, str]) -> None:
    field, value = field_value
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp), SOURCES)
        path = root / FOLDER / "page.md"
        path.parent.mkdir(parents=True)
        text = page(1, field, value)
        path.write_text(text, encoding="utf-8")

        result = CliRunner().invoke(cli, ["validate", "--root", str(root), str(path)])

        assert result.exit_code in (0, 1), (text, result.output, result.exception)
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit), (text, result.exception)
        lines = result.output.splitlines()  # a value quoted in a message must not split it
        assert lines and COUNT_LINE.match(lines[-1]), (text, result.output)
        assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), (text, result.output)
        article, problems = parse_page(path, text)
        if article is None:  # broken as a page: validate names the file, the line, the error
            first = next(p for p in problems if p.severity == "error")
            assert result.exit_code == 1
            assert f"page.md:{first.line}: error: {first.message}" in result.output, (
                text, result.output)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(FIELD_VALUE, min_size=8, max_size=16))
def test_build_reports_any_value_with_file_and_line(batch: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp), SOURCES, mkdocs=True)
        expected = []
        for n, (field, value) in enumerate(batch):
            path = root / FOLDER / f"p{n}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            text = page(n, field, value)
            path.write_text(text, encoding="utf-8")
            article, problems = parse_page(path, text)
            if article is None:
                first = next(p for p in problems if p.severity == "error")
                expected.append(f"newsarchive: {FOLDER.as_posix()}/p{n}.md:{first.line}: "
                                f"{first.message}")

        result = mkdocs_build(root / "mkdocs.yml")

        output = result.stdout + result.stderr
        assert "Traceback" not in output, output
        for warning in expected:
            assert warning in output, (warning, output)
        warned = re.search(r"^WARNING", output, re.MULTILINE) is not None
        assert result.returncode == (1 if warned else 0), output
        if warned:
            assert "Aborted with" in output and "warnings in strict mode" in output, output
