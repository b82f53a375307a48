"""URLs: one canonical form per article, its identity, a stable id, and the link-safety rule.

Two feeds (or one feed twice) often point at the same article through different URLs:
`?utm_source=rss`, a `#comments` fragment, an upper-case host, `http` in one feed and `https`
in another, `www.`, an AMP or mobile variant. `canonical_url` is the address a page stores (it
still works: scheme and host are kept); `identity_key` folds the variants of one article into
one key, which the archive dedups on. Pages are named with `article_id`. All are idempotent.
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from url_normalize import url_normalize

# Query parameters that only say how a reader arrived, never which page they asked for.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "mc_cid", "mc_eid", "igshid", "igsh", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
        "ref_src", "ref_url", "cmpid", "ocid", "icid", "s_cid", "wt_mc", "xtor",
        "__twitter_impression",
        "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
        "at_link", "at_link_id", "at_link_origin", "at_link_type", "at_format", "at_ptr_name",
        "at_bbc_team", "at_campaign_type", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv",
        "spm", "sr_share", "smid", "smtyp",
    }
)
# Any parameter starting with one of these is tracking too (utm_source, utm_medium, ...).
TRACKING_PREFIXES = ("utm_",)
# Query parameters that only ask for the AMP rendering of the same article.
AMP_PARAMS = frozenset({"amp", "outputtype=amp", "amp=1", "amp=true", "_amp=true"})
# Host prefixes that serve the same article as the bare host: www., AMP and mobile editions.
IDENTITY_HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")

SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_WEB_SCHEMES = ("http", "https")
# C0 controls, DEL, and the invisible characters browsers drop from URLs before reading the scheme.
_URL_JUNK = re.compile(
    r"[\x00-\x20\x7f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]"
)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


class UrlError(ValueError):
    """A URL that cannot identify a web article (wrong scheme, no host, unparsable)."""


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def _is_amp(param: str) -> bool:
    return param.lower() in AMP_PARAMS


def _strip_tracking(query: str) -> str:
    """Drop tracking and AMP parameters; keep the others verbatim and in their original order."""
    kept = [p for p in query.split("&")
            if p and not _is_tracking(p.split("=", 1)[0]) and not _is_amp(p)]
    return "&".join(kept)


def _once(url: str) -> str:
    try:
        normal = url_normalize(url)
        parts = urlsplit(normal or "")
        _port = parts.port  # raises ValueError for a port that is not a number
    except (ValueError, UnicodeError) as exc:
        raise UrlError(f"cannot parse URL {url!r}: {exc}") from exc
    if parts.scheme not in _WEB_SCHEMES or not parts.hostname:
        raise UrlError(f"not an http(s) URL: {url!r}")
    query = _strip_tracking(parts.query)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def canonical_url(url: str) -> str:
    """The one form of `url` the archive stores and dedups on.

    Normalises scheme, host, port, percent-encoding and IDN (url_normalize), then drops the
    fragment, tracking parameters and an empty query. The scheme is kept (http stays http).
    Raises UrlError for anything that is not an absolute http(s) URL.
    """
    if not isinstance(url, str):
        raise UrlError(f"not a URL: {url!r}")
    raw = url.strip()
    match = _SCHEME.match(raw)
    if not match or match.group(1).lower() not in _WEB_SCHEMES:
        raise UrlError(f"not an http(s) URL: {url!r}")
    try:
        host = urlsplit(raw).hostname
    except ValueError as exc:
        raise UrlError(f"cannot parse URL {url!r}: {exc}") from exc
    if not host:
        raise UrlError(f"URL has no host: {url!r}")
    result = _once(raw)
    # url_normalize is not a fixed point on every odd input; settle so the function is idempotent.
    for _ in range(3):
        again = _once(result)
        if again == result:
            return result
        result = again
    raise UrlError(f"URL does not settle on one canonical form: {url!r}")


def canonical_or(url: str, default: str | None) -> str | None:
    """`canonical_url(url)`, or `default` when `url` is not an absolute http(s) URL."""
    try:
        return canonical_url(url)
    except UrlError:
        return default


@lru_cache(maxsize=1 << 16)
def identity_key(url: str, *, canonical: bool = False) -> str:
    """What makes two URLs one article: the canonical URL without scheme, `www.`/`amp.`/`m.`
    host prefixes, an `amp` path segment (`/amp/story`, `/story/amp`) or a trailing slash.

    `http://www.example.com/a/amp/?amp` and `https://m.example.com/a` give one key. Used only to
    compare: the page keeps the URL the feed gave (canonicalised), which is known to work. A URL
    that is not absolute http(s) is its own key. `canonical=True`: `url` is a `canonical_url`
    already (entries' URLs are), so it is not normalised again.
    """
    if not canonical:
        normal = canonical_or(url, None)
        if normal is None:
            return url
        url = normal
    parts = urlsplit(url)
    host = parts.netloc
    changed = True
    while changed:
        changed = False
        for prefix in IDENTITY_HOST_PREFIXES:
            rest = host[len(prefix):]
            if host.startswith(prefix) and "." in rest.split(":", 1)[0]:
                host, changed = rest, True
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[0].lower() == "amp":
        segments = segments[1:]
    if segments and segments[-1].lower() == "amp":
        segments = segments[:-1]
    path = "/" + "/".join(segments)
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def article_id(canonical: str) -> str:
    """A short, stable id for an article: the first 16 hex digits of sha256(canonical URL)."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def link_scheme(url: str) -> str | None:
    """The scheme a browser would read in `url` (lower case), or None for a relative URL.

    Reads it the way a browser would: after decoding HTML entities and dropping whitespace and
    control characters, so `java&#x09;script:` and ` JAVASCRIPT:` both read "javascript".
    """
    if not isinstance(url, str):
        return None
    text = url
    for _ in range(3):  # entities can be nested: &amp;#106; -> &#106; -> j
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    match = _SCHEME.match(_URL_JUNK.sub("", text))
    return match.group(1).lower() if match else None


def is_safe_link(url: str) -> bool:
    """True only for absolute http, https and mailto URLs (relative ones: resolve them first)."""
    return link_scheme(url) in SAFE_LINK_SCHEMES
