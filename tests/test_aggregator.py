"""What Google News puts in a feed, read without a network: every link form it has used, the
tokens inside them, and the descriptions it writes instead of the article's own.

The link and token shapes are those of real feeds (2017, 2019 and current captures, and the
forms the two decoder packages on the index know), with made-up publishers on
example.com/.org/.net; the feeds are `tests/fixtures/feeds/google_news_*.xml`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from googlenews import make_token
from newsarchive.aggregator import (
    AggregatorLink,
    decode_token,
    is_aggregator_url,
    parse_link,
    publisher_description,
    publisher_name,
)
from newsarchive.model import Source
from newsarchive.parse import parse_feed
from newsarchive.sanitize import html_to_text

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
FETCHED = datetime(2026, 2, 14, 9, 0, tzinfo=UTC)
# An older token: the publisher's URL, then its AMP URL (field 26).
URL_TOKEN = ("CBMiRWh0dHBzOi8vd3d3LmV4YW1wbGUub3JnL3RlY2gvMjAyNi8wMi8xMy9vcGVuYWktcmV0aXJlcy1ncHQt"
             "NG8tY2hhdGdwdNIBSWh0dHBzOi8vd3d3LmV4YW1wbGUub3JnL3RlY2gvMjAyNi8wMi8xMy9vcGVuYWktcmV0"
             "aXJlcy1ncHQtNG8tY2hhdGdwdC9hbXA")
URL = "https://www.example.org/tech/2026/02/13/openai-retires-gpt-4o-chatgpt"
# A newer token: a 164-character id only Google resolves, in the same CBMi… envelope.
OPAQUE_TOKEN = ("CBMipAFBVV95cUxGUFp5c2xTaE5oMHBpTnBuQ1pKWk82eEpNMUNNMnk0bVUwZE5heFlSUl9ONkE2OVA5"
                "X3YyWEFmTEQ3dzVPaFE4azV6bFY3NG1uRkphbjFNN0k3NUNXM2pKS1FWM2s3T1o4STJUQnhsRnRnYWhv"
                "SERqYUlabDdScGhuazI5SGNURjZPTWg3d3Bxdlg0cU01MEZ1TG8zdTZ1RmxoakxjeQ")
# The web app's article ids: a short one (CCAi…) and a binary one (CAIi…).
SHORT_TOKEN = "CCAiCzI3WEl6RDVnajV4mAEB"
BINARY_TOKEN = "CAIiEKEw90PKTBjIbnkwKbJK9csqGQgEKhAIACoHCAowzrL9CjDC7vQCMJHmnQY"
VIA = f"https://news.google.com/rss/articles/{URL_TOKEN}"
LEGACY = ("http://news.google.com/news/url?sa=t&fd=R&ct2=us&usg=AFQjCNHq1x0E3mGvK8rTbPz2c5YwL9dR4Q"
          "&clid=c3a7d30bb8a4878e06b80cf16b898331&cid=52779912345678&ei=kQ5fWpXzGIeq3QGh7aDoBg"
          "&url=https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/")
STORY = ("https://news.google.com/stories/CAAqNggKIjBDQklTSGpvSmMzUnZjbmt0TXpZd1NoRUtEd2o0d3N2SkVo"
         "R2dfTlpYd0dlX2V5Z0FQAQ?hl=en-US&gl=US&ceid=US:en&oc=5")


# --- link forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("link", [
    f"https://news.google.com/rss/articles/{URL_TOKEN}?oc=5",
    f"https://news.google.com/rss/articles/{URL_TOKEN}",
    f"https://news.google.com/rss/articles/{URL_TOKEN}?oc=5&hl=en-US&gl=US&ceid=US:en",
    f"https://news.google.com/__i/rss/rd/articles/{URL_TOKEN}?oc=5",
    f"https://news.google.com/__i/rss/rd/articles/{URL_TOKEN}",
    f"https://news.google.com/articles/{URL_TOKEN}?hl=en-GB&gl=GB&ceid=GB%3Aen",
    f"https://news.google.com/read/{URL_TOKEN}?hl=fr&gl=FR&ceid=FR%3Afr",
    f"https://news.google.com/rss/articles/{URL_TOKEN}/?oc=5",
    f"http://news.google.com/rss/articles/{URL_TOKEN}?oc=5",
    f"https://NEWS.GOOGLE.COM/rss/articles/{URL_TOKEN}?oc=5",
    f"https://news.google.fr/__i/rss/rd/articles/{URL_TOKEN}?oc=5",
    f"https://news.google.co.uk/articles/{URL_TOKEN}",
    f"https://news.google.com.au/rss/articles/{URL_TOKEN}?oc=5",
])
def test_every_token_form_names_one_item(link: str) -> None:
    assert parse_link(link) == AggregatorLink(via=VIA, token=URL_TOKEN)
    assert decode_token(parse_link(link).token).url == URL


def test_the_pre_2018_form_carries_the_address_itself() -> None:
    found = parse_link(LEGACY)
    assert found.token is None
    assert found.url == "https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/"
    # The click-tracking parameters (usg, ei, cid...) change from one fetch to the next: the
    # recorded form keeps only the address.
    assert found.via == ("https://news.google.com/news/url?url="
                         "https://www.example.com/technology/2026/02/13/users-mourn-gpt-4o/")
    encoded = parse_link("https://news.google.co.uk/news/url?sa=T&fd=R&url=https%3A%2F%2F"
                         "www.example.net%2Fa%3Fid%3D7&cid=0&usg=AFQjCNGoJPPna5rShA9HErrM9RAUYbtnmg")
    assert encoded.url == "https://www.example.net/a?id=7"


@pytest.mark.parametrize("link", [
    STORY,
    "https://news.google.com/topics/CAAqJggKIiBDQkFTRWdvSUwyMHZNRGRqTVhZU0FtVnVHZ0pWVXlnQVAB",
    "https://news.google.com/search?q=GPT-4o&hl=en-US",
    "https://news.google.com/",
    "https://news.google.com/news/url?sa=t&url=javascript:alert(1)",
])
def test_other_google_news_addresses_name_no_article(link: str) -> None:
    found = parse_link(link)
    assert found is not None and found.token is None and found.url is None
    assert is_aggregator_url(link)


@pytest.mark.parametrize("link", [
    f"https://evil.example/rss/articles/{URL_TOKEN}",
    f"https://news.google.com.evil.example/rss/articles/{URL_TOKEN}",
    f"https://news-google.com/rss/articles/{URL_TOKEN}",
    "https://www.example.com/rss/articles/x",
    "https://google.com/url?q=https://www.example.com/a",
    "not a link",
])
def test_publisher_links_are_not_aggregator_links(link: str) -> None:
    assert parse_link(link) is None and not is_aggregator_url(link)


def test_a_project_host_counts_as_google_news() -> None:
    fake = "127.0.0.1:8123"
    link = f"http://{fake}/__i/rss/rd/articles/{URL_TOKEN}?oc=5"
    assert parse_link(link) is None
    assert parse_link(link, {fake}) == AggregatorLink(
        via=f"http://{fake}/rss/articles/{URL_TOKEN}", token=URL_TOKEN)


@pytest.mark.parametrize(("token", "url", "opaque"), [
    (URL_TOKEN, URL, None),
    (make_token("https://www.example.com/a") + "0gEA", "https://www.example.com/a", None),
    (OPAQUE_TOKEN, None, "AU_yqLFPZyslShNh0piNpnCZJZO6xJM1CM2y4mU0dNaxYRR_N6A69P9_v2XAfLD7w5OhQ8k5z"
                         "lV74mnFJan1M7I75CW3jJKQV3k7OZ8I2TBxlFtgahoHDjaIZl7Rphnk29HcTF6OMh7wpqvX4q"
                         "M50FuLo3u6uFlhjLcy"),
    (SHORT_TOKEN, None, "27XIzD5gj5x"),
    (BINARY_TOKEN, None, None),
])
def test_tokens_of_every_shape(token: str, url: str | None, opaque: str | None) -> None:
    contents = decode_token(token)
    assert (contents.url, contents.opaque_id) == (url, opaque)


# --- descriptions -------------------------------------------------------------------------------


def parsed(name: str):
    source = Source(id="gn", name="Google News", url="https://news.google.com/rss/search?q=x")
    return parse_feed((FEEDS / name).read_bytes(), source, fetched_at=FETCHED).entries


def test_related_headlines_are_not_the_articles_description() -> None:
    for name in ("google_news.xml", "google_news_rd.xml", "google_news_coverage.xml"):
        for entry in parsed(name):
            assert "<a" in entry.summary_html or "font" in entry.summary_html  # Google's markup
            assert publisher_description(entry.summary_html) == "", (name, entry.title)


def test_the_pre_2018_snippet_is_the_publishers_and_is_kept() -> None:
    first, second = parsed("google_news_legacy.xml")
    kept = publisher_description(first.summary_html)
    assert "<a" not in kept and "The Example Times" not in kept
    assert html_to_text(kept) == (
        "Longtime subscribers describe losing a chatbot they had talked to every day, and some "
        "say they will not follow OpenAI to its newer model ...")
    # The related coverage (another outlet's headline, "all 2 news articles") goes.
    assert html_to_text(publisher_description(second.summary_html)) == (
        "The default model in ChatGPT changes for everyone this week; we compare what paying "
        "and free users get now ...")
    assert [publisher_name(e.summary_html) for e in (first, second)] == [
        "The Example Times", "Example Net News"]


def test_a_description_of_the_articles_own_is_kept_whatever_its_markup() -> None:
    own = "<p>OpenAI says <b>GPT-4o</b> leaves ChatGPT on 13 February, with GPT-4.1.</p>"
    assert publisher_description(own) == own
    assert publisher_description("") == publisher_description("<p>  </p>") == ""
    assert publisher_name(own) is None
