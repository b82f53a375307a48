"""Tests for `newsarchive.select`: keyword matching, tags, and what counts as already archived."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsarchive.model import (
    WHOLE_FEED,
    Article,
    Carrier,
    Entry,
    Rejection,
    Source,
    Tag,
    TopicRules,
)
from newsarchive.select import (
    ArchiveIndex,
    Matcher,
    Rules,
    TagMatcher,
    normalise,
    select_entries,
    title_key,
)
from newsarchive.urls import article_id, canonical_url, identity_key

NEWS = Source(id="example-news", name="Example News", url="https://example.com/feed.xml",
              lang="en")
BLOG = Source(id="keep4o-blog", name="Keep4o Blog", url="https://example.org/feed.json",
              whole_feed=True)
GOOGLE = Source(id="google-news-en", name="Google News (English)",
                url="https://news.google.com/rss/search?q=GPT-4o")

TOPICS = TopicRules(include=("GPT-4o", "GPT 4o", "#keep4o"), exclude=("GPT-4o mini",))
TAGS = {
    "retirement": Tag(id="retirement", label="Retirement",
                      keywords=("retire", "retirement", "retiring")),
    "user-backlash": Tag(id="user-backlash", label="User backlash", keywords=("#keep4o",)),
    "companions": Tag(id="companions", label="AI companions"),
}
RULES = Rules.compile(TOPICS, TAGS)


def entry(title: str, link: str, *, feed: str = "example-news", summary: str = "",
          source_name: str | None = None, categories: list[str] | None = None) -> Entry:
    url = canonical_url(link)
    return Entry(feed_id=feed, title=title, link=link, url=url, id=article_id(url),
                 date=datetime(2026, 2, 13, 9, 30, tzinfo=UTC), summary_html=summary,
                 source_name=source_name, categories=categories or [])


def text_of(e: Entry) -> str:
    return f"{e.title}\n{e.summary_html}"


def article(title: str, url: str | None, *, source: str = "Example News",
            id_: str | None = None) -> Article:
    return Article(title=title, date=datetime(2026, 2, 13, tzinfo=UTC), source=source, url=url,
                   lang="en", id=id_ or article_id(canonical_url(url or "https://example.com/")),
                   summary="Already archived.")


def select(entries: list[Entry], source: Source = NEWS, index: ArchiveIndex | None = None):
    return select_entries(entries, source, RULES, index or ArchiveIndex(), text_of)


def titles(result) -> list[str]:
    return [s.entry.title for s in result.selected]


# ---------------------------------------------------------------------------------------------
# Normalising and matching


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GPT-4o", "gpt-4o"),
        ("GPT\u20114o", "gpt-4o"),  # non-breaking hyphen
        ("GPT\u20104o", "gpt-4o"),  # hyphen
        ("GPT\u20134o", "gpt-4o"),  # en dash
        ("GPT\u22124o", "gpt-4o"),  # minus sign
        ("\uff27\uff30\uff34\uff0d\uff14\uff4f", "gpt-4o"),  # full-width
        ("GPT\u00a04o", "gpt 4o"),  # no-break space
        ("GPT\u202f4o", "gpt 4o"),  # narrow no-break space
        ("GPT\u00ad-\u200b4o", "gpt-4o"),  # soft hyphen, zero-width space
        ("Stra\u00dfe", "strasse"),  # casefold, not just lower()
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


MATCHER = Matcher.compile(["GPT-4o", "#keep4o"])


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI retires GPT-4o",
        "OpenAI retires GPT 4o",
        "OpenAI retires GPT\u20114o",
        "openai retires gpt\u20114o",
        "OpenAI retires GPT\u00a04o",
        "OpenAI retires gpt\u00a0-\u00a04o",
        "OpenAI retires GPT\u202f\u20114o",
        "OpenAI retires GPT-4O",
        "OpenAI retires GPT--4o",
        "(GPT-4o)",
        "GPT-4o's last day",
        "Adieu, GPT-4o!",
        "the GPT-4o-based voice mode",
        "GPT-4o\nretired",
    ],
)
def test_matcher_finds_gpt_4o_however_typeset(text: str) -> None:
    assert MATCHER.first(text) == "GPT-4o"


@pytest.mark.parametrize(
    "text",
    [
        "GPT-4omega is a different thing",
        "xGPT-4o",
        "ChatGPT-4o",  # no word boundary between "Chat" and "GPT": listed separately in topics
        "GPT_4o",
        "GPT4o",
        "GPT-4",
        "GPT-40",
        "GPT-4 o",
        "keep4o",  # the keyword is the hashtag
        "#keep4oforever",
        "",
    ],
)
def test_matcher_respects_word_boundaries(text: str) -> None:
    assert MATCHER.first(text) is None


@pytest.mark.parametrize("text", ["Users rally under #keep4o", "#Keep4o", "(#KEEP4O)"])
def test_matcher_finds_hashtag(text: str) -> None:
    assert MATCHER.first(text) == "#keep4o"


def test_matcher_reports_keyword_as_configured() -> None:
    matcher = Matcher.compile(["gpt\u20114O", "Keep4o"])
    assert matcher.first("Farewell GPT-4o") == "gpt\u20114O"
    assert matcher.first("#KEEP4O trends") == "Keep4o"
    assert matcher.all("GPT 4o and #keep4o") == {"gpt\u20114O", "Keep4o"}


def test_matcher_returns_the_first_keyword_in_the_text() -> None:
    assert MATCHER.first("#keep4o: fans of GPT-4o protest") == "#keep4o"


def test_matcher_treats_keywords_as_text_not_regex() -> None:
    matcher = Matcher.compile(["GPT-4o (omni)", "C++"])
    assert matcher.first("the GPT-4o (omni) model") == "GPT-4o (omni)"
    assert matcher.first("the GPT-4o omni model") is None
    assert matcher.first("written in C++ today") == "C++"
    assert matcher.first("written in C today") is None


@pytest.mark.parametrize("keywords", [[], ["", "  "], ["-"], [" - ", "\u2011"]])
def test_matcher_without_real_keywords_matches_nothing(keywords: list[str]) -> None:
    matcher = Matcher.compile(keywords)
    assert matcher.keywords == ()
    assert matcher.first("GPT-4o - anything -- at all !") is None
    assert matcher.all("GPT-4o - anything") == set()


def test_exclude_wins_over_include() -> None:
    assert RULES.topic("GPT-4o mini replaces GPT-4o") == ("GPT-4o", "GPT-4o mini")
    result = select([entry("GPT-4o mini replaces GPT-4o", "https://example.com/mini"),
                     entry("OpenAI retires GPT-4o", "https://example.com/retired")])
    assert titles(result) == ["OpenAI retires GPT-4o"]
    assert result.off_topic == 1


# ---------------------------------------------------------------------------------------------
# Tags


def test_tags_from_keywords() -> None:
    assert RULES.tags_for("OpenAI will retire GPT-4o; users answer with #keep4o", []) == [
        "retirement", "user-backlash"]
    assert RULES.tags_for("GPT-4o retirees and retired models", []) == []


def test_tags_from_categories_matching_id_or_label() -> None:
    categories = ["Retirement", "user-backlash", "AI Companions ", "OpenAI", "Technology"]
    assert RULES.tags_for("nothing here", categories) == [
        "companions", "retirement", "user-backlash"]
    assert RULES.tags_for("", ["USER BACKLASH"]) == ["user-backlash"]
    assert RULES.tags_for("", ["ai-companions", "companions"]) == ["companions"]
    assert RULES.tags_for("", ["", "!!!", "—"]) == []


def test_selection_carries_tags() -> None:
    e = entry("OpenAI is retiring GPT-4o", "https://example.com/a", categories=["AI companions"])
    [selection] = select([e]).selected
    assert selection.tags == ["companions", "retirement"]
    assert selection.selected_by == "keyword: GPT-4o"


# The combined patterns against the plain one-regex-per-keyword form they replace


def _reference_pattern(keywords: list[str]) -> re.Pattern[str] | None:
    """The matcher as first written: lookbehind inside every alternative, one group each."""
    alternatives = []
    for i, keyword in enumerate(keywords):
        parts = [re.escape(p) for p in re.split(r"[\s\-]+", normalise(keyword).strip()) if p]
        if parts:
            body = r"[\s\-]+".join(parts)
            alternatives.append(rf"(?P<k{i}>(?<!\w){body}(?!\w))")
    return re.compile("|".join(alternatives)) if alternatives else None


def reference_first(keywords: list[str], text: str) -> str | None:
    pattern = _reference_pattern(keywords)
    m = pattern.search(normalise(text)) if pattern else None
    return keywords[int(m.lastgroup[1:])] if m else None


def reference_all(keywords: list[str], text: str) -> set[str]:
    pattern = _reference_pattern(keywords)
    found = pattern.finditer(normalise(text)) if pattern else ()
    return {keywords[int(m.lastgroup[1:])] for m in found}


def reference_tags(tags: dict[str, list[str]], text: str) -> set[str]:
    return {tag_id for tag_id, keywords in tags.items() if reference_first(keywords, text)}


# Keywords that share first characters, nest inside each other or end in punctuation.
KEYWORDS = ["retire", "retired", "re", "shut down", "down", "down-to-earth", "ai", "ai companion",
            "a", "fin de GPT-4o", "de", "demanda", "Valentine's Day", "valentine", "s", "800,000",
            "800 000", "800", "GPT-4.1", "GPT-4.1 mini", "4.1", "#keep4o", "keep4o", "C++", "c"]
TAG_VOCABULARY = {
    "retirement": ["retire", "retired", "shut down", "fin de GPT-4o"],
    "calm": ["down", "down-to-earth"],
    "companions": ["ai companion", "Valentine's Day"],
    "ai": ["ai", "a"],
    "lawsuits": ["demanda", "de"],
    "valentine": ["valentine", "s"],
    "figures": ["800,000", "800 000", "800"],
    "lineup": ["GPT-4.1 mini", "GPT-4.1", "4.1"],
    "backlash": ["#keep4o", "keep4o", "C++", "c"],
}
TAG_RULES = Rules.compile(TopicRules(), {k: Tag(id=k, label=k, keywords=tuple(v))
                                         for k, v in TAG_VOCABULARY.items()})


@pytest.mark.parametrize(
    ("text", "first", "tags"),
    [
        ("They retired it", "retired", {"retirement"}),
        ("retire-ment", "retire", {"retirement"}),
        ("shut down; calm down", "shut down", {"retirement", "calm"}),
        ("shut - down-to-earth", "shut down", {"retirement", "calm"}),
        ("an AI companion", "ai", {"ai", "companions"}),
        ("AI\u00a0companion", "ai", {"ai", "companions"}),
        ("la fin de GPT\u20114o", "fin de GPT-4o", {"retirement", "lawsuits"}),
        ("demanda de", "demanda", {"lawsuits"}),
        ("Valentine's Day", "Valentine's Day", {"companions", "valentine"}),
        ("valentine's", "valentine", {"valentine"}),
        ("800,000 users", "800,000", {"figures"}),
        ("800 000", "800 000", {"figures"}),
        ("GPT-4.1 mini", "GPT-4.1", {"lineup"}),  # listed first
        ("GPT-4.10", None, set()),
        ("#keep4o", "#keep4o", {"backlash"}),
        ("C++ and c", "C++", {"backlash"}),
        ("retirement", None, set()),
        ("", None, set()),
    ],
)
def test_combined_patterns_match_like_one_regex_per_keyword(
    text: str, first: str | None, tags: set[str]
) -> None:
    # `first`: the keyword the plain alternation reports (leftmost match, then listed order).
    assert reference_first(KEYWORDS, text) == first
    assert Matcher.compile(KEYWORDS).first(text) == first
    assert Matcher.compile(KEYWORDS).all(text) == reference_all(KEYWORDS, text)
    assert reference_tags(TAG_VOCABULARY, text) == tags
    assert set(TAG_RULES.tags_for(text, [])) == tags


def test_tag_keywords_that_can_hide_each_other_go_to_separate_patterns() -> None:
    layered = TagMatcher.compile([("a", ["shut down"]), ("b", ["down"]), ("c", ["up"])])
    assert [ids for _, ids in layered.layers] == [("a", "c"), ("b",)]
    assert layered.found("shut down") == {"a", "b"}
    same_tag = TagMatcher.compile([("a", ["shut down", "down", "up"])])
    assert len(same_tag.layers) == 1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*KEYWORDS, " ", "-", "\u2011", "\u00a0", "'", ".", "x", "é",
                                 "_", "(", "\n"]), max_size=20).map("".join))
def test_combined_patterns_agree_with_one_regex_per_keyword(text: str) -> None:
    assert Matcher.compile(KEYWORDS).first(text) == reference_first(KEYWORDS, text)
    assert Matcher.compile(KEYWORDS).all(text) == reference_all(KEYWORDS, text)
    assert set(TAG_RULES.tags_for(text, [])) == reference_tags(TAG_VOCABULARY, text)


def test_already_normalised_text_is_matched_as_given() -> None:
    folded = normalise("OpenAI will retire GPT\u20114o, fans answer #KEEP4O")
    assert RULES.topic(folded, normalised=True) == ("GPT-4o", None)
    assert RULES.tags_for(folded, [], normalised=True) == ["retirement", "user-backlash"]
    assert MATCHER.all(folded, normalised=True) == {"GPT-4o", "#keep4o"}


# ---------------------------------------------------------------------------------------------
# Topic rules per source


def test_keyword_source_keeps_matching_entries_only() -> None:
    entries = [
        entry("OpenAI retires GPT-4o", "https://example.com/a"),
        entry("A new phone is out", "https://example.com/b"),
        entry("What users lose", "https://example.com/c", summary="Fans post #keep4o."),
    ]
    result = select(entries)
    assert [(s.entry.title, s.selected_by) for s in result.selected] == [
        ("OpenAI retires GPT-4o", "keyword: GPT-4o"),
        ("What users lose", "keyword: #keep4o"),
    ]
    assert (result.off_topic, result.duplicates, result.rejected) == (1, 0, 0)


def test_whole_feed_source_keeps_every_entry_but_still_excludes() -> None:
    entries = [
        entry("Day 3 of the campaign", "https://example.org/day-3", feed=BLOG.id),
        entry("GPT-4o mini is not the same", "https://example.org/mini", feed=BLOG.id),
        entry("OpenAI retires GPT-4o", "https://example.org/retired", feed=BLOG.id),
    ]
    result = select(entries, BLOG)
    assert [(s.entry.title, s.selected_by) for s in result.selected] == [
        ("Day 3 of the campaign", WHOLE_FEED),
        ("OpenAI retires GPT-4o", WHOLE_FEED),
    ]
    assert result.off_topic == 1


# ---------------------------------------------------------------------------------------------
# Duplicates and rejections


def test_title_key() -> None:
    assert title_key("OpenAI retires GPT\u20114o!", "Example News") == (
        "openai retires gpt 4o|example news")
    assert title_key("OPENAI RETIRES GPT 4O", " example  news ") == (
        "openai retires gpt 4o|example news")
    assert title_key("???", "Example News") == ""
    assert title_key("", "Example News") == ""


def test_same_url_twice_in_one_run_is_selected_once() -> None:
    result = select([
        entry("OpenAI retires GPT-4o", "https://example.com/a?utm_source=rss"),
        entry("OpenAI retires GPT-4o (updated)", "https://EXAMPLE.com/a#comments"),
    ])
    assert titles(result) == ["OpenAI retires GPT-4o"]
    assert result.duplicates == 1


def unresolved(e: Entry) -> Entry:
    """An aggregator entry whose publisher URL fetch could not learn."""
    e.url_resolved, e.via = False, e.url
    return e


def test_unresolved_google_news_items_with_same_title_and_source_are_selected_once() -> None:
    """Unresolved Google News links say nothing about the article: headline and publisher do."""
    entries = [unresolved(e) for e in (
        entry("OpenAI retires GPT-4o", "https://news.google.com/rss/articles/CBMiAAA?oc=5",
              feed=GOOGLE.id, source_name="Example News"),
        entry("OpenAI Retires GPT\u20114o", "https://news.google.com/rss/articles/CBMiBBB?oc=5",
              feed=GOOGLE.id, source_name="Example News"),
        entry("OpenAI retires GPT-4o", "https://news.google.com/rss/articles/CBMiCCC?oc=5",
              feed=GOOGLE.id, source_name="Example Daily"),
    )]
    assert entries[0].id != entries[1].id
    result = select(entries, GOOGLE)
    assert [s.entry for s in result.selected] == [entries[0], entries[2]]
    assert result.duplicates == 1


def test_articles_whose_headlines_differ_only_in_case_and_punctuation_are_all_kept() -> None:
    """Four articles of one outlet, four URLs: the headline key never merges resolved URLs."""
    headlines = ["OpenAI retires GPT-4o", "OpenAI Retires GPT-4o", "OpenAI retires GPT-4o!",
                 "OpenAI retires: GPT-4o"]
    entries = [entry(h, f"https://example.com/2026/02/{n}", source_name="Example News")
               for n, h in enumerate(headlines)]
    result = select(entries, GOOGLE)
    assert len(result.selected) == 4 and result.duplicates == 0


def test_the_headline_key_matches_only_entries_whose_url_is_unknown() -> None:
    index = ArchiveIndex.build([article("OpenAI retires GPT-4o", "https://example.net/x",
                                        source="Example News")], [])
    # A resolved URL new to the archive is a new article, whatever its headline.
    result = select([entry("OpenAI retires GPT-4o", "https://example.com/other")], NEWS, index)
    assert result.duplicates == 0 and len(result.selected) == 1
    # An unresolved aggregator link with the same headline and outlet is that article.
    google = unresolved(entry("OpenAI retires GPT-4o", "https://news.google.com/rss/articles/X",
                              feed=GOOGLE.id, source_name="Example News"))
    result = select([google], GOOGLE, index)
    assert result.duplicates == 1


@pytest.mark.parametrize("variant", [
    "http://example.com/tech/gpt-4o?utm_source=rss",
    "https://www.example.com/tech/gpt-4o?utm_campaign=x",
    "https://example.com/amp/tech/gpt-4o",
    "https://example.com/tech/gpt-4o/amp",
    "https://amp.example.com/tech/gpt-4o",
    "https://example.com/tech/gpt-4o?outputType=amp",
    "https://example.com/tech/gpt-4o?amp",
    "https://m.example.com/tech/gpt-4o",
])
def test_url_variants_of_one_article_are_one_article(variant: str) -> None:
    index = ArchiveIndex.build([article("Anything", "https://example.com/tech/gpt-4o")], [])
    result = select([entry("GPT-4o goes, in other words", variant)], NEWS, index)
    assert result.duplicates == 1 and not result.selected
    # ...within one run too
    result = select([entry("GPT-4o", "https://example.com/tech/gpt-4o"),
                     entry("GPT-4o again", variant)])
    assert result.duplicates == 1 and len(result.selected) == 1


def test_an_aggregator_link_already_archived_as_via_is_a_duplicate() -> None:
    archived = article("OpenAI retires GPT-4o", "https://example.com/tech/gpt-4o")
    archived.via = "https://news.google.com/rss/articles/CBMiAAA"
    index = ArchiveIndex.build([archived], [])
    again = entry("Another headline about GPT-4o", "https://news.google.com/rss/articles/CBMiAAA")
    again.via = "https://news.google.com/rss/articles/CBMiAAA"
    assert select([again], GOOGLE, index).duplicates == 1


def test_a_syndicated_copy_of_an_archived_story_is_a_duplicate() -> None:
    """A page records the original outlet's story and the copy it was read at: a feed that
    offers the copy again offers that story."""
    archived = article("OpenAI retires GPT-4o", "https://example.com/tech/gpt-4o")
    archived.carried_by = Carrier("Example Portal", "https://portal.example.net/ext/gpt-4o")
    index = ArchiveIndex.build([archived], [])
    copy = entry("OpenAI retires GPT-4o", "http://www.portal.example.net/ext/gpt-4o?utm_source=x")
    assert select([copy], NEWS, index).duplicates == 1


def test_our_description_of_an_unseen_headline_identifies_no_article() -> None:
    """`headline_seen: false`: the title is ours, so an unresolved entry with the same words
    from the same outlet is not that article."""
    ours = article("Report on GPT-4o's retirement", "https://example.com/tech/report")
    ours.headline_seen = False
    index = ArchiveIndex.build([ours], [])
    google = unresolved(entry("Report on GPT-4o's retirement",
                              "https://news.google.com/rss/articles/Y", feed=GOOGLE.id,
                              source_name="Example News"))
    assert select([google], GOOGLE, index).duplicates == 0


def test_entries_dated_before_the_story_are_skipped_and_counted() -> None:
    from datetime import date

    old = entry("GPT-4o in 2019?", "https://example.org/old", feed=BLOG.id)
    old.date = datetime(2019, 1, 1, tzinfo=UTC)
    guessed = entry("GPT-4o undated", "https://example.org/guess", feed=BLOG.id)
    guessed.date, guessed.date_inferred = datetime(2019, 1, 1, tzinfo=UTC), True
    fresh = entry("GPT-4o today", "https://example.org/new", feed=BLOG.id)
    result = select_entries([old, guessed, fresh], BLOG, RULES, ArchiveIndex(), text_of,
                            story_start=date(2024, 5, 13))
    assert [s.entry for s in result.selected] == [guessed, fresh]
    assert result.before_story == 1


def test_titles_without_words_are_not_duplicates() -> None:
    result = select([entry("???", "https://example.org/1", feed=BLOG.id),
                     entry("!!!", "https://example.org/2", feed=BLOG.id),
                     entry("", "https://example.org/3", feed=BLOG.id)], BLOG)
    assert len(result.selected) == 3
    assert result.duplicates == 0


def test_duplicates_of_archived_articles() -> None:
    archived = [
        article("OpenAI retires GPT-4o", "https://example.com/archived"),
        # A hand-added page whose URL was pasted with tracking and an upper-case host.
        article("Interview: why we fought for GPT-4o", "https://Example.com/interview?utm_medium=x",
                id_="hand-added-interview"),
        article("GPT-4o is gone", None, source="Example Radio", id_="radio-segment"),
    ]
    index = ArchiveIndex.build(archived, [])
    by_id = entry("Different title about GPT-4o", "https://example.com/archived?utm_source=rss")
    by_url = entry("A renamed GPT-4o interview", "https://example.com/interview")
    # Same headline and outlet, but a URL new to the archive: a new article (the outlet may
    # well reuse a headline); the headline key only matches entries whose URL is unknown.
    same_title = entry("OpenAI retires GPT-4o", "https://example.com/moved-to-new-url")
    by_title = unresolved(entry("OpenAI retires GPT-4o", "https://news.google.com/rss/articles/Z",
                                source_name="Example News"))
    new = entry("GPT-4o is gone", "https://example.com/new")  # same title, other publisher

    result = select([by_id, by_url, same_title, by_title, new], NEWS, index)

    assert titles(result) == ["OpenAI retires GPT-4o", "GPT-4o is gone"]
    assert result.duplicates == 3
    assert new.id in index.ids
    assert identity_key(new.url) in index.urls


def test_rejected_by_id_and_by_canonical_url() -> None:
    by_id = entry("GPT-4o in a listicle", "https://example.net/listicle")
    by_url = entry("GPT-4o mentioned in passing", "https://example.net/passing")
    kept = entry("OpenAI retires GPT-4o", "https://example.net/kept")
    rejected = [
        Rejection(id=by_id.id, reason="not about the retirement"),
        Rejection(url="HTTPS://EXAMPLE.NET/passing?utm_source=newsletter#top"),
        Rejection(url="not a url at all"),
    ]
    index = ArchiveIndex.build([], rejected)
    assert index.rejected_urls == {"example.net/passing", "not a url at all"}

    result = select([by_id, by_url, kept, by_id], NEWS, index)

    assert titles(result) == ["OpenAI retires GPT-4o"]
    assert result.rejected == 3
    assert result.duplicates == 0
    assert by_id.id not in index.ids


def test_rejection_is_checked_before_duplicates_and_topic() -> None:
    e = entry("A phone review", "https://example.net/phone")
    index = ArchiveIndex.build([article("A phone review", "https://example.net/phone")],
                               [Rejection(url="https://example.net/phone")])
    result = select([e], NEWS, index)
    assert (result.rejected, result.duplicates, result.off_topic) == (1, 0, 0)


def test_off_topic_entries_are_not_indexed() -> None:
    index = ArchiveIndex()
    off = entry("A phone review", "https://example.net/phone")
    select([off], NEWS, index)
    assert off.id not in index.ids
    # The same entry from a whole-feed source is then new, not a duplicate.
    result = select([off], BLOG, index)
    assert len(result.selected) == 1
