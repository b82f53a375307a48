"""The theme's templates, rendered for less: fragments shared by many pages rendered once, and
templates without their indentation.

**Fragments.**
An archive's article pages share everything around the article: the header, both editions'
navigation, the footer, Material's configuration. Links in them are relative, so they are the
same on every page at the same depth (`articles/2026/02/<slug>/`). Rendering them anew for
each of 10,000 articles was half of the build's template time.

`{% na_cache key %}...{% endna_cache %}` in a template renders its body once per `key` and
reuses that output; a key of `none` renders it every time. The key must name everything the
body depends on (the plugin gives the page's depth and edition): the test suite builds the
same site with and without the cache and requires the same bytes. The body runs as a macro,
so nothing it sets leaks out, whether it ran or came from the cache.

**Indentation.** Material's templates are indented for their readers, and every page carried
that indentation: 12 % of an article page's bytes. `compact_template` removes it from the
templates' source when they are loaded, once: each line's leading whitespace, blank lines, and
the line break after a line holding a lone control tag (`{% if %}`, `{% endfor %}`, `{% set x
= ... %}`...). What stays is one line break wherever the source had one between two pieces of
content, so the page renders the same: HTML collapses white space outside `<pre>` and
`<textarea>`, which the templates leave alone, and the pages' own content is not a template.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Hashable

from jinja2 import Environment, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser

ENV_SWITCH = "NEWSARCHIVE_SHORTCUTS"  # "0": every fragment on every page, a Markdown per page


class FragmentCache(Extension):
    tags = {"na_cache"}

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.fragments: dict[Hashable, str] | None = (
            None if os.environ.get(ENV_SWITCH) == "0" else {})

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endna_cache",), drop_needle=True)
        call = self.call_method("_fragment", [key])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, key: Hashable | None, caller: Callable[[], str]) -> str:
        if key is None or self.fragments is None:
            return caller()
        found = self.fragments.get(key)
        if found is None:
            found = self.fragments[key] = caller()
        return found


# A line holding one control tag and nothing else; these write nothing, so the line break after
# them can go. Not a macro's opening (a macro called in running text would lose its leading
# break), blocks, includes or calls, which write content.
_LONE_TAG = re.compile(r"\{%-?\s*(?:(?:if|elif|else|endif|for|endfor|import|from|endmacro|with|"
                       r"endwith)\b|set\s+[\w\s,.]+=)(?:(?!%\}|\{%).)*?(?<!-)%\}")
_VERBATIM = re.compile(r"<(pre|textarea)\b|\{%-?\s*raw\b", re.IGNORECASE)
_VERBATIM_END = re.compile(r"</(pre|textarea)\s*>|\{%-?\s*endraw\b", re.IGNORECASE)


def compact_template(source: str) -> str:
    """A template's source without the white space its output does not need (see above)."""
    out: list[str] = []
    verbatim = False
    for line in source.splitlines(keepends=True):
        if verbatim:
            out.append(line)
            verbatim = not _VERBATIM_END.search(line)
            continue
        if opening := _VERBATIM.search(line):
            out.append(line)
            verbatim = not _VERBATIM_END.search(line, opening.end())
            continue
        stripped = line.lstrip(" \t")
        if not stripped.strip():
            continue  # a blank line: the previous line's break is kept
        body = stripped.rstrip("\r\n")
        if _LONE_TAG.fullmatch(body):
            out.append(body[:-2] + "-%}")  # and no line break: `-` takes the next line's
            continue
        out.append(stripped)
    return "".join(out)


class CompactTemplates(Extension):
    """Loads the theme's HTML templates through `compact_template`."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name is None or not name.endswith(".html"):
            return source
        return compact_template(source)
