"""What an aggregator (Google News) puts in a feed: its link forms, the token inside a link, and
the description it writes in place of the article's own. Pure: `resolve.py` does the asking.

Every link form Google News has used for an item, on `news.google.com` or a national edition
(`news.google.fr`, `news.google.co.uk`, `news.google.com.au`), with or without `?oc=5`, `hl=`,
`gl=`, `ceid=` and similar parameters:

| form | where it came from | what it holds |
|---|---|---|
| `/rss/articles/<token>` | RSS feeds, 2020 to now | a token |
| `/__i/rss/rd/articles/<token>` | RSS feeds, about 2018 to 2020 | a token |
| `/articles/<token>` | the web app, 2018 to now | a token |
| `/read/<token>` | the web app, 2024 to now | a token |
| `/news/url?…&url=<address>` | RSS feeds until 2017 (`sa=t&fd=R&usg=…`) | the address |

A token is base64url of a small protobuf (`decode_token`): older ones (`CBMi…`) carry the
publisher's address, newer ones an id only Google resolves (`CBMi…` around `AU_yqL…`; in the web
app `CAIi…` and `CCAi…` too). The same item reached through two forms is one item: pages record
every token form as `https://news.google.com/rss/articles/<token>` (`AggregatorLink.via`). Any
other address on a Google News host (a story cluster `/stories/…`, a topic, a search) names no
article: it is kept as an aggregator address that cannot be resolved.

The forms `googlenewsdecoder` (0.2.2: a path ending in `/articles/<id>` or `/read/<id>`) and
`gnews-decoder` (0.1.1: whatever follows `/articles/`) know are all in the table.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from bs4 import BeautifulSoup, Comment

from .urls import UrlError, canonical_url

GOOGLE_NEWS = "https://news.google.com"
TOKEN_MAX = 4096  # real tokens are a few hundred characters
# news.google.com and its national editions: news.google.fr, news.google.co.uk, news.google.com.au.
_GOOGLE_HOST = re.compile(r"^news\.google\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$")
# The token forms: /rss/articles/, /__i/rss/rd/articles/, /articles/, /read/ (a trailing slash
# is tolerated: some clients add one).
_TOKEN_PATH = re.compile(r"^(?:/__i/rss/rd)?(?:/rss)?/(?:articles|read)/([A-Za-z0-9_-]+)/?$")
_LEGACY_PATH = "/news/url"
# Google's grey publisher label beside each related headline.
_PUBLISHER_LABEL = "#6f6f6f"
# Fewer words than this left once Google's links and labels are gone: nothing of the article's.
MIN_DESCRIPTION_WORDS = 4


@dataclass(frozen=True)
class AggregatorLink:
    """An item's link on an aggregator: the token it carries, or the publisher's address the
    link itself spells out (the pre-2018 form), and the one form pages record (`via`)."""

    via: str
    token: str | None = None
    url: str | None = None


def is_google_host(host: str) -> bool:
    return bool(_GOOGLE_HOST.match(host.lower().rstrip(".")))


def _host_of(link: str) -> tuple[str, str] | None:
    """(host, host:port) of a link, lower case; None when it cannot be parsed."""
    try:
        parts = urlsplit(link.strip())
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except (ValueError, AttributeError):
        return None
    return host, f"{host}:{port}" if port else host


def is_aggregator_url(link: str, hosts: Iterable[str] = ()) -> bool:
    """Whether `link` is on Google News (any path), or on one of `hosts` (`host` or
    `host:port`: a loopback fake in tests)."""
    found = _host_of(link) if isinstance(link, str) else None
    if found is None:
        return False
    names = {h.lower() for h in hosts}
    return is_google_host(found[0]) or found[0] in names or found[1] in names


def hosts_for(base_url: str = GOOGLE_NEWS) -> frozenset[str]:
    """The hosts aggregator links are recognised on besides Google News' own: where the
    project says Google News is reached (`google_news_url`; a loopback fake in tests)."""
    try:
        netloc = urlsplit(base_url).netloc.lower()
    except ValueError:
        netloc = ""
    return frozenset({"news.google.com", netloc} - {""})


def parse_link(link: str, hosts: Iterable[str] = ()) -> AggregatorLink | None:
    """What an item's link says, if it is on an aggregator (None: a publisher's own link)."""
    if not is_aggregator_url(link, hosts):
        return None
    parts = urlsplit(link.strip())
    google = is_google_host(parts.hostname or "")
    origin = GOOGLE_NEWS if google else f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    match = _TOKEN_PATH.match(parts.path)
    if match and len(match.group(1)) <= TOKEN_MAX:
        token = match.group(1)
        return AggregatorLink(via=f"{origin}/rss/articles/{token}", token=token)
    if parts.path.rstrip("/") == _LEGACY_PATH:
        target = next(iter(parse_qs(parts.query).get("url", [])), "").strip()
        if target.startswith(("http://", "https://")):
            via = f"{origin}{_LEGACY_PATH}?url={quote(target, safe=':/')}"
            return AggregatorLink(via=via, url=target)
    try:
        via = canonical_url(link)
    except UrlError:
        via = link.strip()
    return AggregatorLink(via=via)


def aggregator_token(link: str, hosts: Iterable[str] = ("news.google.com",)) -> str | None:
    """The token of a Google News article link, whichever of the token forms it takes."""
    found = parse_link(link, hosts)
    return found.token if found else None


def token_key(token: str) -> str:
    """The short key a token is remembered under in the feed state."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True)
class TokenContents:
    """What a token carries: the publisher URL (older tokens) or an opaque id (newer ones)."""

    url: str | None = None
    amp_url: str | None = None
    opaque_id: str | None = None


def decode_token(token: str) -> TokenContents:
    """Read a token's protobuf: field 4 is the URL or the opaque id, field 26 an AMP URL.

    Anything that is not such a protobuf gives an empty `TokenContents` (resolve it online).
    """
    try:
        data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return TokenContents()
    fields: dict[int, bytes] = {}
    pos = 0
    try:
        while pos < len(data):
            key, pos = _varint(data, pos)
            number, wire = key >> 3, key & 7
            if wire == 0:
                _, pos = _varint(data, pos)
            elif wire == 2:
                length, pos = _varint(data, pos)
                if pos + length > len(data):
                    break
                fields.setdefault(number, data[pos:pos + length])
                pos += length
            elif wire in (1, 5):
                pos += 8 if wire == 1 else 4
            else:
                break
    except IndexError:
        pass
    main = _text(fields.get(4))
    amp = _text(fields.get(26))
    amp = amp if amp and is_http(amp) else None
    if main and is_http(main):
        return TokenContents(url=main, amp_url=amp)
    if main and re.fullmatch(r"[A-Za-z0-9_\-]+", main):
        return TokenContents(opaque_id=main, amp_url=amp)
    return TokenContents(amp_url=amp)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80 or shift > 63:
            return value, pos
        shift += 7


def _text(raw: bytes | None) -> str | None:
    if not raw:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def is_http(text: str) -> bool:
    return text.startswith(("https://", "http://")) and not any(c.isspace() for c in text)


# ---------------------------------------------------------------------------------------------
# Descriptions


def publisher_name(html: str) -> str | None:
    """The publisher Google names first in an item's description (its grey label): the only
    place the pre-2018 feeds named it, with no `<source>` element."""
    if not html or _PUBLISHER_LABEL not in html.lower():
        return None
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all("font"):
        if str(tag.get("color", "")).lower() == _PUBLISHER_LABEL:
            name = " ".join(tag.get_text(" ").split())
            if name:
                return name
    return None


def publisher_description(html: str) -> str:
    """What is left of an aggregator item's description once Google's own parts are gone.

    Google News writes, in place of the article's description, the headline as a link and the
    publisher's name in grey (`<a>…</a>&nbsp;&nbsp;<font color="#6f6f6f">…</font>`), or a
    list of such links to other coverage closed by "View Full coverage on Google News". Until
    2017 it also quoted the article's opening (`<font size="-1">…</font>` in a table), which is
    the publisher's text and is kept. Links and publisher labels are removed; under
    MIN_DESCRIPTION_WORDS words left, the description is "" (the summary is left for curation).
    """
    if not html or not html.strip():
        return ""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(["a", "img", "script", "style"]):
        tag.decompose()
    for tag in soup.find_all("font"):
        if str(tag.get("color", "")).lower() == _PUBLISHER_LABEL:
            tag.decompose()
    if len(soup.get_text(" ").split()) < MIN_DESCRIPTION_WORDS:
        return ""
    return str(soup).strip()
