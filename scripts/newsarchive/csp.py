"""The Content-Security-Policy every built page carries, as a `<meta>` at the top of `<head>`.

The archive republishes text from the open web; sanitising is the first defence and the policy
the second: even if markup slipped through, the browser would run no script the site did not
ship. The theme's scripts, Material's bootstrap and palette included, are files
(templates/partials/javascripts/): on the theme's pages the policy allows no inline script at
all. An inline script a project's own template adds is allowed by its SHA-256 hash, computed
per page from the page *template* only: any script inside the page's own content is never
hashed, so it stays blocked.

Pagefind's search runs WebAssembly, hence `'wasm-unsafe-eval'` (which allows compiling wasm,
not `eval`). `style-src` keeps `'unsafe-inline'` because Material and Pagefind set style
attributes from script; styles cannot run code in current browsers.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

# An executable inline script: no src, and no type or a JavaScript type (JSON blocks such as
# Material's `__config` are data, which CSP does not govern).
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HEAD = re.compile(r"<head\b[^>]*>(?:\s*<meta\s+charset=[^>]*>)?", re.IGNORECASE)

BASE_POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("frame-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def inline_script_hashes(html: str, skip: tuple[int, int] = (0, 0)) -> list[str]:
    """`'sha256-…'` sources for each executable inline script, in order, without repeats;
    scripts inside `html[skip[0]:skip[1]]` are left out."""
    hashes: dict[str, None] = {}
    start, end = skip
    matches = [*_SCRIPT.finditer(html, 0, start), *_SCRIPT.finditer(html, end)] if end \
        else _SCRIPT.finditer(html)
    for match in matches:
        attrs, body = match.group(1), match.group(2)
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue
        hashes[_source(body)] = None
    return list(hashes)


@functools.lru_cache(maxsize=256)
def _source(script: str) -> str:
    """The theme's few scripts are the same on thousands of pages: hashed once each."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode()}'"


@functools.lru_cache(maxsize=64)
def _policy(script_hashes: tuple[str, ...]) -> str:
    return policy(list(script_hashes))


def policy(script_hashes: list[str]) -> str:
    parts = []
    for directive, sources in BASE_POLICY:
        if directive == "script-src" and script_hashes:
            sources = f"{sources} {' '.join(script_hashes)}"
        parts.append(f"{directive} {sources}")
    return "; ".join(parts)


def add_policy(html: str, content: str = "") -> str:
    """`html` with a CSP `<meta>` right after `<meta charset>` (or `<head>`).

    `content` is the page's own body HTML: scripts found in it are left out of the hashes.
    A page without `<head>` is returned unchanged.
    """
    if content and (start := html.find(content)) >= 0:
        if html.find(content, start + len(content)) >= 0:  # shown twice: neither is template
            hashes = inline_script_hashes(html.replace(content, ""))
        else:
            hashes = inline_script_hashes(html, (start, start + len(content)))
    else:
        hashes = inline_script_hashes(html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{_policy(tuple(hashes))}">'
    # The policy governs only what follows it, so it must precede every script.
    head = _HEAD.search(html)
    if head is None:
        return html
    return f"{html[:head.end()]}{meta}{html[head.end():]}"
