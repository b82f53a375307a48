"""canonical_url, article_id and is_safe_link."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from newsarchive.urls import (
    TRACKING_PARAMS,
    UrlError,
    article_id,
    canonical_url,
    is_safe_link,
    link_scheme,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # tracking parameters go, whatever their case; the others stay, in order
        (
            "https://www.example.com/tech/gpt-4o/?utm_source=rss&utm_medium=rss&utm_campaign=x",
            "https://www.example.com/tech/gpt-4o/",
        ),
        ("https://example.com/a?b=2&utm_content=x&a=1", "https://example.com/a?b=2&a=1"),
        ("https://example.com/a?UTM_Source=x&id=7", "https://example.com/a?id=7"),
        (
            "https://example.com/a?fbclid=1&gclid=2&msclkid=3&mc_cid=4&mc_eid=5&igshid=6&_ga=7"
            "&ref_src=8&cmpid=9&ocid=10&yclid=11&dclid=12&at_medium=13&at_campaign=14&page=2",
            "https://example.com/a?page=2",
        ),
        ("https://example.com/a?z=1&a=2&z=1&empty=&flag", "https://example.com/a?z=1&a=2&z=1&empty=&flag"),
        # fragments, empty queries, trailing ? and #
        ("https://example.com/story#comments", "https://example.com/story"),
        ("https://example.com/story?", "https://example.com/story"),
        ("https://example.com/story#", "https://example.com/story"),
        ("https://example.com/story?utm_source=x#top", "https://example.com/story"),
        # scheme and host lower case, default port dropped, path normalised, http kept as http
        ("HTTPS://WWW.Example.COM:443/News/GPT-4o", "https://www.example.com/News/GPT-4o"),
        ("http://Example.org:80/a/./b/../c", "http://example.org/a/c"),
        ("https://example.net:8443/x", "https://example.net:8443/x"),
        ("https://example.com", "https://example.com/"),
        ("  https://example.com/padded  ", "https://example.com/padded"),
        # percent-encoding normalised, IDN to punycode
        ("https://example.com/%7euser/caf%c3%a9", "https://example.com/~user/caf%C3%A9"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected


def test_tracking_list_is_a_constant_with_the_usual_suspects() -> None:
    assert {"fbclid", "gclid", "msclkid", "igshid", "mc_cid", "at_medium"} <= TRACKING_PARAMS


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.com/a",
        "mailto:desk@example.com",
        "feed://example.com/rss",
        "/relative/path",
        "example.com/no-scheme",
        "//example.com/protocol-relative",
        "http://",
        "https:///no-host",
        "https://example.com:notaport/",
        "",
        "   ",
    ],
)
def test_canonical_url_refuses_what_is_not_a_web_url(url: str) -> None:
    with pytest.raises(UrlError):
        canonical_url(url)


def test_url_error_is_a_value_error() -> None:
    assert issubclass(UrlError, ValueError)


def test_article_id_is_sha256_prefix_of_the_canonical_url() -> None:
    url = "https://www.example.com/technology/2026/01/29/openai-retire-gpt-4o-chatgpt/"
    assert article_id(url) == hashlib.sha256(url.encode()).hexdigest()[:16]
    assert re.fullmatch(r"[0-9a-f]{16}", article_id(url))


def test_links_differing_only_by_tracking_or_fragment_get_one_id() -> None:
    a = "https://www.example.com/tech/gpt-4o-retired/?utm_source=rss&utm_medium=feed"
    b = "HTTPS://WWW.EXAMPLE.COM/tech/gpt-4o-retired/?utm_source=twitter#comments"
    c = "https://www.example.com/tech/gpt-4o-retired/"
    assert len({article_id(canonical_url(u)) for u in (a, b, c)}) == 1
    other = "https://www.example.com/tech/gpt-4o-retired/?page=2"
    assert article_id(canonical_url(other)) != article_id(canonical_url(a))


_host = st.from_regex(r"[A-Za-z0-9]{1,10}(\.[A-Za-z0-9]{1,8}){0,2}\.(com|org|net)", fullmatch=True)
_segment = st.text(alphabet="abcXYZ019-._~%!$&'()*+,;=:@ éü", max_size=8)
_param = st.tuples(
    st.sampled_from(["a", "B", "utm_source", "fbclid", "q", "page", "x y", "é"]),
    st.text(alphabet="abc123%&=+ /?é", max_size=6),
)


@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "Https"]),
    host=_host,
    port=st.sampled_from(["", ":80", ":443", ":8080"]),
    path=st.lists(_segment, max_size=4),
    params=st.lists(_param, max_size=4),
    fragment=st.sampled_from(["", "#", "#top", "#a=b"]),
)
def test_canonical_url_is_idempotent(scheme, host, port, path, params, fragment) -> None:
    query = "&".join(f"{k}={v}" for k, v in params)
    url = f"{scheme}://{host}{port}/{'/'.join(path)}" + (f"?{query}" if params else "") + fragment
    try:
        once = canonical_url(url)
    except UrlError:
        return
    assert canonical_url(once) == once
    assert "#" not in once
    assert "utm_source=" not in once and "fbclid=" not in once
    assert once.startswith(("http://", "https://"))
    assert article_id(canonical_url(once)) == article_id(once)


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.example.com/", True),
        ("http://example.org/a", True),
        ("HTTPS://EXAMPLE.NET/", True),
        ("mailto:tips@example.com", True),
        ("MailTo:tips@example.com", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        (" javascript:alert(1)", False),
        ("\tjava\nscript:alert(1)", False),
        ("java&#x09;script:alert(1)", False),
        ("java&Tab;script:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("&#x6A;avascript:alert(1)", False),
        ("java&amp;#x09;script:alert(1)", False),
        ("javascript&colon;alert(1)", False),
        ("\x00javascript:alert(1)", False),
        ("\u200bjavascript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("vbscript:msgbox(1)", False),
        ("VBScript:msgbox(1)", False),
        ("ftp://example.com/", False),
        ("file:///etc/passwd", False),
        ("/relative", False),
        ("#fragment", False),
        ("", False),
    ],
)
def test_is_safe_link(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_link_scheme_reads_like_a_browser() -> None:
    assert link_scheme(" JaVa&#x0A;Script:alert(1)") == "javascript"
    assert link_scheme("/path/only") is None


def test_canonical_or_falls_back_only_for_non_web_urls():
    from newsarchive.urls import canonical_or
    assert canonical_or("HTTPS://Example.com/a?utm_source=x#top", None) == "https://example.com/a"
    assert canonical_or("ftp://example.com/a", None) is None
    assert canonical_or("not a url", "not a url") == "not a url"
