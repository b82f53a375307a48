"""The theme's templates, rendered for less: fragments shared by many pages rendered once, and
templates without their indentation.

**Fragments.**
An archive's article pages share everything around the article: the header, both editions'
navigation, the footer, Material's configuration. Links in them are relative, so they are the
same on every page at the same depth (`articles/2026/02/<slug>/`). Rendering them anew for
each of 10,000 articles was half of the build's template time.

`{% na_cache key %}...{% endna_cache %}` in a template renders its body once per `key` and
reuses that output; a key of `none` renders it every time. Either way, its white space between
lines is one line break (`squeeze`). The key must name everything the
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

**Icons.** Material writes each icon's SVG into every page (the logo twice, the menu, both
palette toggles, the search link, back to top: 2.4 KB of an article page). `na_icon` writes
a reference instead, `<svg viewBox><use href="…/assets/images/newsarchive-icons.svg#id">`,
and records the icon; `write_sprite` writes the file holding every icon used, each as a
`<symbol>` with its drawing as Material has it, once for the site. The browser draws the same
pixels (the icon's `fill: currentcolor` reaches the drawing through `<use>`); an icon whose
`<svg>` carries more than its viewBox is left inline.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Hashable
from pathlib import Path

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
            return squeeze(caller())
        found = self.fragments.get(key)
        if found is None:
            found = self.fragments[key] = squeeze(caller())
        return found


_BREAK = re.compile(r"[ \t]*\n\s*")  # white space that holds a line break


def squeeze(html: str) -> str:
    """A fragment's white space between lines as one line break: what the browser shows of it
    (HTML collapses white space; a fragment with `<pre>` or `<textarea>` is left alone). The
    navigation's items carry blank lines from the templates' expressions, on every page."""
    if "<pre" in html or "<textarea" in html:
        return html
    return type(html)(_BREAK.sub("\n", html))


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


SPRITE = "assets/images/newsarchive-icons.svg"  # in the site, every icon na_icon wrote
_ICON = re.compile(r'\s*<svg xmlns="http://www.w3.org/2000/svg"( viewBox="[^"<>]*")>(.*)</svg>\s*',
                   re.DOTALL)


def icon_id(name: str) -> str:
    """`material/weather-night` -> `material-weather-night`, a fragment id."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)


class IconSprite(Extension):
    """`{{ svg | na_icon(name, sprite_href) }}`: a reference to the icon in the site's sprite."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.used: dict[str, str] = {}  # icon id -> its <symbol>
        environment.filters["na_icon"] = self.use

    def use(self, svg: str, name: str, sprite: str) -> str:
        found = _ICON.fullmatch(str(svg))
        if found is None:  # more than a viewBox on its <svg>: as Material writes it
            return str(svg)
        ident = icon_id(name)
        self.used.setdefault(ident, f'<symbol id="{ident}"{found.group(1)}>{found.group(2)}'
                                    "</symbol>")
        return f'<svg{found.group(1)}><use href="{sprite}#{ident}"></use></svg>'

    def sprite(self) -> str:
        """The sprite file: every icon used, by id (the same bytes whatever the pages' order)."""
        symbols = "\n".join(self.used[k] for k in sorted(self.used))
        return f'<svg xmlns="http://www.w3.org/2000/svg">\n{symbols}\n</svg>\n'

    def write_sprite(self, site_dir: str | Path) -> None:
        if self.used:
            path = Path(site_dir) / SPRITE
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.sprite(), encoding="utf-8")
