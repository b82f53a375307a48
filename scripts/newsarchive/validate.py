"""`newsarchive validate`: every article page checked against the page format.

Structural checks (fields present and well typed) come from `archive.parse_page`; this module adds
the rules that need the whole archive or the project's vocabulary: tags and events exist, ids and
URLs are unique, the folder matches the date, dates are neither in the future nor before the
story began, no raw HTML. With `online`, each page's URL is also checked to still answer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

from .aggregator import hosts_for, is_aggregator_url
from .archive import UNDATED_DIR, Problem, iter_pages, parse_page, split_front_matter
from .config import ID_RE, LANG_RE, ConfigError, YamlNode, parse_yaml
from .fetch import FetchOptions
from .links import LinkOptions, check_urls
from .model import LINK_DEAD, Article, Event, Project, primary_lang
from .urls import identity_key

FUTURE_SLACK = timedelta(days=1)
SITE_LANG = "en"  # the site's first edition, at its root
# `--online`: a quick look, not `newsarchive links`: short waits, no retries, a small body cap.
ONLINE_OPTIONS = LinkOptions(
    http=FetchOptions(concurrency=8, connect_timeout=5.0, read_timeout=10.0, total_timeout=15.0,
                      max_bytes=256 * 1024, retries=0),
    host_interval=0.5)
# Code is allowed to show HTML: blank out fenced blocks (an unclosed one runs to the end, as in
# CommonMark) and inline code spans before looking for tags.
_FENCED = re.compile(
    r"^ {0,3}(?P<fence>(?P<c>[`~])(?P=c){2,})[^\n]*$.*?(?:^ {0,3}(?P=fence)(?P=c)*[ \t]*$|\Z)",
    re.MULTILINE | re.DOTALL,
)
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_RAW_HTML = re.compile(
    r"(?<!\\)<(?!(?:https?://|mailto:)[^>\s]*>)"
    r"(?:!--|/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?/?>|![A-Za-z]|\?)"
)


# Characters YAML and browsers treat as a line break.
_LINE_BREAK = re.compile("[\r\n\x85\u2028\u2029]")
# The start of an HTML tag, comment or declaration in a field that must be plain text.
_HTML_TAG = re.compile(r"<[a-zA-Z/!]")
# A paragraph break in a field that must be one paragraph.
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

# A summary is ours: sharing this many words in a row with the article's text means copying.
COPIED_RUN = 12
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_MD_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def copied_run(summary: str, text: str, length: int = COPIED_RUN) -> str | None:
    """The first run of `length` words the summary shares with the text, or None (pure).

    Words are compared case-folded, ignoring punctuation and Markdown link targets, so a copy
    cannot hide behind a changed comma or an added link.
    """
    said = [w.casefold() for w in _WORD.findall(summary)]
    if len(said) < length:
        return None
    words = [w.casefold() for w in _WORD.findall(_MD_LINK_TARGET.sub("]", text))]
    runs = {tuple(words[i:i + length]) for i in range(len(words) - length + 1)}
    for i in range(len(said) - length + 1):
        if tuple(said[i:i + length]) in runs:
            return " ".join(_WORD.findall(summary)[i:i + length])
    return None


def _blank(match: re.Match[str]) -> str:
    """Spaces for everything but line breaks, so offsets and line numbers stay as they were."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _find_raw_html(markdown: str) -> re.Match[str] | None:
    return _RAW_HTML.search(_INLINE_CODE.sub(_blank, _FENCED.sub(_blank, markdown)))


def raw_html(markdown: str) -> str | None:
    """The first raw HTML tag in Markdown text, outside code; autolinks are fine."""
    m = _find_raw_html(markdown)
    return m.group(0)[:40] if m else None


def _line_of(lines: list[str], key: str) -> int:
    """The line of a top-level front matter key (1 if absent)."""
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _front_matter_nodes(path: Path, text: str) -> dict[str, YamlNode]:
    """The front matter with line numbers, or {} (parse_page reports why it is unreadable)."""
    parts = split_front_matter(text)
    if parts is None:
        return {}
    try:
        return parse_yaml(parts[0], path, first_line=2)
    except ConfigError:
        return {}


def _absolute(path: Path) -> Path:
    """An absolute, normalised path (symlinks left as they are) so the same page compares equal."""
    return Path(os.path.abspath(path))


def story_start(project: Project | Iterable[Event]) -> tuple[Event, date, str] | None:
    """The story's first event, the earliest day a page may carry, and that event's date as shown.

    An event of "month" precision counts from the first of its month; an "approximate" one from
    the first of its year, since its month is only a best placement. Fetch skips entries dated
    before that day, validate refuses such pages and the site build warns about them: one rule.
    """
    events = project.events.values() if isinstance(project, Project) else project
    best: tuple[Event, date, str] | None = None
    for event in events:
        if event.precision == "day":
            start, shown = event.date, f"{event.date:%Y-%m-%d}"
        elif event.precision == "month":
            start, shown = event.date.replace(day=1), f"{event.date:%Y-%m}"
        else:
            start, shown = event.date.replace(month=1, day=1), f"about {event.date:%Y-%m}"
        if best is None or start < best[1]:
            best = (event, start, shown)
    return best


def before_story(article_date: datetime, project: Project | Iterable[Event]) -> str | None:
    """The error for a date before the story's first event, or None (pure; shared with `add`,
    fetch and the site build)."""
    return before_start(article_date, story_start(project))


def before_start(article_date: datetime, start: tuple[Event, date, str] | None) -> str | None:
    """`before_story` with the story's start (`story_start`) found once for many articles."""
    if start is None or article_date.date() >= start[1]:
        return None
    event, _, shown = start
    return (f"date {article_date:%Y-%m-%d} is before the story's first event "
            f"({event.id}, {shown}): check the date")


def check_article(article: Article, project: Project, text: str | None,
                  now: datetime) -> list[Problem]:
    """Rules for one page that need the project's vocabulary (pure).

    `text` is the page as on disk, for line numbers; fetch checks a page before writing it
    with `text=None` (every problem is then on line 1, the body's on its own lines).
    """
    path = article.path
    problems: list[Problem] = []
    lines = text.split("\n") if text is not None else []
    nodes = _front_matter_nodes(path, text) if text is not None else {}

    def line_of(key: str, item: str | None = None) -> int:
        """The key's line, or the line of `item` in the key's list."""
        node = nodes.get(key)
        if node is None:
            return _line_of(lines, key)
        if item is not None and isinstance(node.value, list):
            return next((child.line for child in node.value if child.value == item), node.line)
        return node.line

    def error(key: str, message: str, item: str | None = None) -> None:
        problems.append(Problem(path, line_of(key, item), message))

    def nested_line(key: str, *keys: str) -> int:
        """The line of `translations.fr.summary` and the like (the top key's when absent)."""
        line, node = line_of(key), nodes.get(key)
        for sub in keys:
            if node is None or not isinstance(node.value, dict) or sub not in node.value:
                break
            node = node.value[sub]
            line = node.line
        return line

    if not ID_RE.match(article.id):
        error("id", f"id '{article.id}' must be lowercase letters, digits and '-' (fetch writes "
                    "16 hex digits; a hand-added page without URL uses hand-<slug>-<yyyymmdd>)")
    if article.lang != "und" and not LANG_RE.match(article.lang):
        error("lang", f"lang '{article.lang}' is not a BCP 47 tag such as 'en' or 'fr-FR'")
    if article.summary_lang and not LANG_RE.match(article.summary_lang):
        error("summary_lang", f"summary_lang '{article.summary_lang}' is not a BCP 47 tag such "
                              "as 'en'")
    for tag in article.tags:
        if tag not in project.tags:
            known = ", ".join(sorted(project.tags)) or "none defined"
            error("tags", f"unknown tag '{tag}' (known tags, in feeds/tags.yml: {known})", tag)
    for event in article.events:
        if event not in project.events:
            known = ", ".join(project.events) or "none defined"
            error("events", f"unknown event '{event}' (known events, in feeds/events.yml: "
                            f"{known})", event)
    if (article.url and article.url_resolved
            and is_aggregator_url(article.url, hosts_for(project.google_news_url))):
        error("url", f"url {article.url} is a Google News address, not the publisher's: put "
                     "the article's own address in url, or, if it is unknown, say "
                     "'url_resolved: false' (and keep the Google link in 'via')")
    if article.date is not None:
        if article.date > now + FUTURE_SLACK:
            error("date", f"date {article.date:%Y-%m-%d} is in the future")
        elif not article.date_inferred and (early := before_story(article.date, project)):
            error("date", early)
        expected = f"{article.date.year:04d}/{article.date.month:02d}"
    else:
        expected = UNDATED_DIR
    try:
        folder = _absolute(path).parent.relative_to(_absolute(project.articles_dir)).as_posix()
    except ValueError:
        folder = None
    if folder is not None and folder != expected:
        error("date", f"page is in articles/{folder}/ but its date puts it in "
                      f"articles/{expected}/: move the file or fix the date")
    if article.link_checked is not None and article.link_checked > (now + FUTURE_SLACK).date():
        error("link_checked", f"link_checked {article.link_checked} is in the future")
    if article.archived is not None and article.archived.timestamp > now + FUTURE_SLACK:
        error("archived", f"archived.timestamp {article.archived.timestamp:%Y-%m-%d} is in the "
                          "future")
    if _HTML_TAG.search(article.summary):
        error("summary", "summary must be plain text, not HTML")
    if _BLANK_LINE.search(article.summary):
        error("summary", "summary must be one paragraph (no blank line)")
    if not article.headline_seen and article.title_en is not None:
        error("title_en", "title_en on a page whose headline was not seen: there is no headline "
                          "to render (title is our own description, in English): remove it")
    # Our words for other editions: plain text like the summary; a title on one line.
    texts: list[tuple[str, str, int]] = []  # (where, text, line) of each summary we wrote
    for lang, words in article.translations.items():
        where = f"translations.{lang}"
        if words.summary:
            line = nested_line("translations", lang, "summary")
            if _HTML_TAG.search(words.summary):
                problems.append(Problem(path, line, f"{where}.summary must be plain text, not "
                                                    "HTML"))
            if _BLANK_LINE.search(words.summary):
                problems.append(Problem(path, line, f"{where}.summary must be one paragraph "
                                                    "(no blank line)"))
            own = article.summary_lang or article.lang
            if primary_lang(lang) == primary_lang(own):
                problems.append(Problem(path, line, f"{where}.summary is never shown: the "
                                        f"page's summary is in {own} already", "warning"))
            texts.append((f"{where}.summary", words.summary, line))
        if words.title:
            line = nested_line("translations", lang, "title")
            if _LINE_BREAK.search(words.title) or _HTML_TAG.search(words.title):
                problems.append(Problem(path, line, f"{where}.title must be one line of plain "
                                                    "text"))
            if article.headline_seen and primary_lang(lang) == primary_lang(article.lang):
                problems.append(Problem(path, line, f"{where}.title is never shown: the "
                                        f"headline is in {article.lang} already", "warning"))
    if article.date_note is not None:
        if _LINE_BREAK.search(article.date_note):
            error("date_note", "date_note must be one line of plain text (write it on one line, "
                               "or fold it with '>-')")
        if _HTML_TAG.search(article.date_note):
            error("date_note", "date_note must be plain text, not HTML")
    parts = split_front_matter(text) if text is not None else None
    body, body_line = (parts[1], parts[2]) if parts else (article.body, 1)
    # A fetched page's summary is the feed's own description, which its excerpt may repeat; a
    # summary a person wrote must be in their own words.
    if article.feed is None and (copied := copied_run(article.summary, body)):
        problems.append(Problem(path, line_of("summary"), f"summary shares {COPIED_RUN} words in "
                                f"a row with the page's text (\"{copied}\"): write it in your "
                                "own words", "warning"))
    # Translations and the date note are ours whatever the page's origin.
    for where, said, line in texts:
        if copied := copied_run(said, body):
            problems.append(Problem(path, line, f"{where} shares {COPIED_RUN} words in a row "
                                    f"with the page's text (\"{copied}\"): write it in your own "
                                    "words", "warning"))
    if article.date_note and (copied := copied_run(article.date_note, body)):
        problems.append(Problem(path, line_of("date_note"), f"date_note shares {COPIED_RUN} "
                                f"words in a row with the page's text (\"{copied}\"): say in "
                                "your own words how the date was established", "warning"))
    m = _find_raw_html(body)
    if m:
        line = body_line + body.count("\n", 0, m.start())
        problems.append(Problem(path, line, f"raw HTML in the body ({m.group(0)[:40]!r}): write "
                                            "Markdown instead (or put it in `code`)"))
    return problems


def edition_problems(article: Article, editions: Sequence[str], text: str | None) -> list[Problem]:
    """`--strict-editions`: an error for each edition of the site (language tags) that has no
    summary of this page in its language, or no rendering of a headline in a third language
    (pure). Without them the edition shows the other language's text, marked as such."""
    lines = text.split("\n") if text is not None else []
    problems = []
    for lang in editions:
        said, said_lang = article.summary_in(lang)
        if primary_lang(said_lang) != primary_lang(lang):
            key = "translations" if article.translations else "summary"
            problems.append(Problem(article.path, _line_of(lines, key),
                                    f"no summary in {lang} for the {lang} edition: add "
                                    f"translations: {{{lang}: {{summary: ...}}}} in your own "
                                    "words (--strict-editions)"))
        if (article.headline_seen and primary_lang(article.lang) not in (primary_lang(lang), "en")
                and not article.rendering_in(lang).strip()):
            wanted = ("title_en" if primary_lang(lang) == "en"
                      else f"translations: {{{lang}: {{title: ...}}}}")
            problems.append(Problem(article.path, _line_of(lines, "title"),
                                    f"no rendering in {lang} of the headline in {article.lang} "
                                    f"for the {lang} edition: add {wanted} (--strict-editions)"))
    return problems


class _SiteConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data: MkDocs' own tags (`!ENV`, `!relative`) and Python tags read as None."""


_SiteConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_editions(root: Path) -> tuple[str, ...]:
    """The languages of the site's editions: English, then those under the newsarchive
    plugin's `editions:` in `<root>/mkdocs.yml` (English alone without one)."""
    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        return (SITE_LANG,)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SiteConfigLoader)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(path, None, f"cannot read the site's editions: {exc}") from exc
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    options: object = None
    for plugin in plugins if isinstance(plugins, list) else []:
        if isinstance(plugin, dict) and "newsarchive" in plugin:
            options = plugin["newsarchive"]
    editions = options.get("editions") if isinstance(options, dict) else None
    return (SITE_LANG, *(lang for lang in editions or {} if isinstance(lang, str)))


# The home page lists the highlighted articles as essential reading: a short list stays useful.
HIGHLIGHT_MAX = 12


def validate(project: Project, paths: Iterable[Path] | None = None,
             now: datetime | None = None, *, online: bool = False,
             options: LinkOptions | None = None,
             strict_editions: Sequence[str] = ()) -> list[Problem]:
    """Problems for the given pages (default: the whole archive), sorted by file and line.

    Duplicate ids and URLs (a syndicated copy's `carried_by.url` included: one page per
    original story) and the number of highlighted pages are always checked against the whole
    archive. With `online`, each checked page's URL is requested (see `check_links`); a dead
    link is a warning. `strict_editions`: the languages of the site's editions, each of which
    must have its own summary (`edition_problems`).
    """
    now = now or datetime.now(UTC)
    all_pages = [_absolute(p) for p in iter_pages(project.articles_dir)]
    wanted = _expand(paths) if paths else set(all_pages)
    problems: list[Problem] = []
    first_by_id: dict[str, Path] = {}
    first_by_url: dict[str, Path] = {}  # a page's url and its carried_by.url, canonical
    highlighted: list[tuple[Path, str]] = []  # (page, its text)
    to_check: list[tuple[Article, str]] = []
    for path in sorted(set(all_pages) | wanted):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            if path in wanted:
                problems.append(Problem(path, 1, f"cannot read: {exc}"))
            continue
        article, found = parse_page(path, text)
        report = path in wanted
        if report:
            problems.extend(found)
        if article is None:
            continue
        if report:
            problems.extend(check_article(article, project, text, now))
            problems.extend(edition_problems(article, strict_editions, text))
            if online and article.url:
                to_check.append((article, text))
        lines = text.split("\n")
        if key := article.id:
            if key in first_by_id and report:
                problems.append(Problem(path, _line_of(lines, "id"), f"duplicate id '{key}': "
                                        f"already used by {first_by_id[key]}"))
            first_by_id.setdefault(key, path)
        carried = article.carried_by.url if article.carried_by else None
        for url, name in ((article.url, "url"), (carried, "carried_by")):
            if not url or (name == "carried_by" and _same_url(url, article.url)):
                continue
            key = _story_key(url)
            if key in first_by_url and first_by_url[key] != path and report:
                line = _line_of(lines, name)
                if name == "carried_by" and isinstance(
                        node := _front_matter_nodes(path, text).get(name), YamlNode):
                    line = getattr(node.value.get("url"), "line", line)
                problems.append(Problem(path, line, (
                    f"duplicate url '{url}': already used by {first_by_url[key]}"
                    if name == "url" else
                    f"duplicate carried_by.url '{url}': already the address of "
                    f"{first_by_url[key]} (one page per original story, whoever carried it)")))
            first_by_url.setdefault(key, path)
        if article.highlight:
            highlighted.append((path, text))
    if len(highlighted) > HIGHLIGHT_MAX:
        path, text = next(((p, t) for p, t in highlighted if p in wanted), (None, ""))
        if path is not None:
            problems.append(Problem(path, _line_of(text.split("\n"), "highlight"),
                                    f"{len(highlighted)} pages are highlighted: keep "
                                    f"'highlight: true' for at most {HIGHLIGHT_MAX}, the "
                                    "essential reading the home page lists", "warning"))
    if to_check:
        problems.extend(check_links(to_check, options or ONLINE_OPTIONS))
    return sorted(problems, key=lambda p: (str(p.path), p.line))


def _story_key(url: str) -> str:
    """A URL as the archive compares addresses (`http`/`https`, `www.`, AMP and tracking
    parameters folded), so one story cannot hide behind a variant of its address."""
    return identity_key(url)


def _same_url(a: str, b: str | None) -> bool:
    return b is not None and _story_key(a) == _story_key(b)


def check_links(pages: list[tuple[Article, str]],
                options: LinkOptions | None = None) -> list[Problem]:
    """A warning for each page whose URL does not answer with a success (`links.check_urls`:
    the checker `newsarchive links` uses, HEAD then GET, several at a time).

    A page can move or vanish after it was archived; that is worth knowing but does not make
    the page wrong, hence a warning. A page already marked `link_status: dead` is not
    reported again for being dead.
    """
    checks = check_urls([article.url for article, _ in pages], options)
    problems = []
    for article, text in pages:
        check = checks[article.url]
        if check.verdict == "ok" or (check.verdict == "dead"
                                     and article.link_status == LINK_DEAD):
            continue
        if check.verdict == "dead":
            hint = ("fix the address, or run `newsarchive links` to mark it dead and find an "
                    "archived copy")
        else:
            hint = "fix the address if it moved; `newsarchive links` retries such links"
        problems.append(Problem(article.path, _line_of(text.split("\n"), "url"),
                                f"url {article.url} is unreachable ({check.reason}): {hint}",
                                "warning"))
    return problems


def _expand(paths: Iterable[Path]) -> set[Path]:
    out: set[Path] = set()
    for p in paths:
        p = _absolute(p)
        if p.is_dir():
            out.update(_absolute(q) for q in iter_pages(p))
        else:
            out.add(p)
    return out
