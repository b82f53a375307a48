"""The Content-Security-Policy meta: hashes only the template's inline scripts, placed first."""

from __future__ import annotations

import base64
import hashlib

from newsarchive.csp import add_policy, inline_script_hashes, policy


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>GPT-4o leaves ChatGPT</title>
    <script>__md_scope=new URL("..",location)</script>
  </head>
  <body>
    CONTENT
    <script id="__config" type="application/json">{"base": ".."}</script>
    <script src="assets/javascripts/bundle.js"></script>
    <script type="module">import "./x.js"</script>
  </body>
</html>"""


def test_hashes_executable_inline_scripts_only():
    assert inline_script_hashes(PAGE) == [sha('__md_scope=new URL("..",location)'),
                                          sha('import "./x.js"')]


def test_same_script_twice_is_hashed_once():
    assert inline_script_hashes("<script>a()</script><SCRIPT>a()</SCRIPT >") == [sha("a()")]


def test_policy_lists_hashes_in_script_src():
    text = policy([sha("a()")])
    assert f"script-src 'self' 'wasm-unsafe-eval' {sha('a()')};" in text
    assert "default-src 'self'" in text and "object-src 'none'" in text
    assert "'unsafe-inline'" not in text.split("; ")[1]


def test_meta_goes_right_after_charset_before_any_script():
    html = add_policy(PAGE.replace("CONTENT", "<p>Hello</p>"), "<p>Hello</p>")
    meta_at = html.index('<meta http-equiv="Content-Security-Policy"')
    assert html.index('<meta charset="utf-8">') < meta_at < html.index("<script")


def test_scripts_in_the_page_content_are_never_allowed():
    """Were a script to slip through sanitising into the content, its hash is not whitelisted."""
    content = "<p>Hi</p><script>steal()</script>"
    html = add_policy(PAGE.replace("CONTENT", content), content)
    assert sha("steal()") not in html
    assert sha('__md_scope=new URL("..",location)') in html


def test_page_without_head_is_unchanged():
    assert add_policy("<p>fragment</p>") == "<p>fragment</p>"
