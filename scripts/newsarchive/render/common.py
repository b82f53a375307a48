"""Small helpers every view uses: text made safe for HTML, Markdown and XML, site URLs and
relative links, slugs, language tags and names, dates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape

import yaml

from ..model import Article, primary_lang
from .i18n import ENGLISH_WORDS, Edition, Words, language_name

SITE_LANG = "en"

# Characters XML 1.0 forbids; a feed title can carry them and would make feed.xml ill-formed.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Python-Markdown's backslash escapes; escaping any other character would leave the backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def clean(value: str | None) -> str:
    """Plain text on one line: whitespace runs collapsed, XML-forbidden characters removed.

    A no-break space standing alone is kept (French puts one before a colon, a narrow one
    before ; ! ?), so text that should not break there does not.
    """
    value = _XML_INVALID.sub("", value or "")
    if "\u00a0" not in value and "\u202f" not in value:
        return " ".join(value.split())
    return _SPACES.sub(_space, value).strip()


_SPACES = re.compile(r"\s+")


def _space(run: re.Match) -> str:
    return run.group() if run.group() in ("\u00a0", "\u202f") else " "


def text(value: str | None) -> str:
    """`clean()` then HTML-escaped, quotes included, safe in element content and attributes."""
    return escape(clean(value), quote=True)


def title_text(value: str | None) -> str:
    """A page title for `page.meta["title"]`: Material prints it unescaped as element content
    (and lunr indexes it), so `<` and `&` are escaped but quotes stay readable."""
    return escape(clean(value), quote=False)


def md_text(value: str | None) -> str:
    """Text for a Markdown heading: HTML-escaped and Markdown's special characters backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", escape(clean(value), quote=False))


def front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site URL MkDocs gives a page at `src_uri` (mirrors `mkdocs.structure.files.File`)."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    parent, _, name = stem.rpartition("/")
    prefix = f"{parent}/" if parent else ""
    if name in ("index", "README"):
        return (prefix or "./") if directory_urls else f"{prefix}index.html"
    return f"{prefix}{name}/" if directory_urls else f"{prefix}{name}.html"


def href(from_url: str, to_url: str) -> str:
    """Relative link from the page at site URL `from_url` to site URL `to_url`.

    MkDocs calls the home page "./"; it sits at the root like "".
    """
    from_url = "" if from_url == "./" else from_url
    to_url = "" if to_url == "./" else to_url
    out = "../" * from_url.count("/") + to_url
    return out or "./"


def absolute(url: str, site_url: str | None, *, base: str = "") -> str:
    """An absolute URL when the site's address is known, else one relative to `base`, the site
    path of the file it is written in (feeds, exports, the sitemap)."""
    if site_url:
        return site_url.rstrip("/") + "/" + ("" if url == "./" else url)
    return href(base, url)


def slugify(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def unique_slugs(names: Iterable[str], reserved: dict[str, str] | None = None) -> dict[str, str]:
    """Map each name to a URL slug no other name has; `reserved` pins some names' slugs first."""
    out = dict(reserved or {})
    taken = set(out.values())
    for name in sorted(set(names) - set(out), key=lambda n: (n.casefold(), n)):
        base = slugify(name) or "x"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        out[name] = slug
        taken.add(slug)
    return out


def normalize_lang(code: str) -> str:
    """BCP 47 case conventions (fr, fr-FR, zh-Hant), so 'fr-fr' and 'fr-FR' group together."""
    parts = code.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(p for p in out if p)


def language_names(code: str) -> tuple[str, str]:
    """(English name, native name) of a language tag; the code itself when it is unknown."""
    return (language_name(code, "en") or code, language_name(code, code))


def language_label(code: str, words: Words = ENGLISH_WORDS) -> str:
    """'French (français)' in English, 'Allemand (Deutsch)' in French; just 'English' or
    'Français' when both names are the same."""
    return words.language_label(code)


def language_label_html(code: str, words: Words = ENGLISH_WORDS, *, heading: bool = True) -> str:
    """Like `language_label`, with the native name marked up in its own language; in running
    text (`heading=False`) French writes the name in lower case ('en allemand')."""
    label = words.language_label(code, heading=heading)
    native = language_name(code, code)
    if not native or not label.endswith(f" ({native})"):
        return text(label)
    name = label[: -len(f" ({native})")]
    return f'{text(name)} (<span lang="{text(code)}">{text(native)}</span>)'


def http_url(value: str | None) -> str | None:
    """`value` when it is an http(s) address, else None (never a `javascript:` link)."""
    value = clean(value)
    return value if re.match(r"^https?://[^\s/]", value, re.IGNORECASE) else None


def iso(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def human_date(value: datetime, *, short: bool = False, words: Words = ENGLISH_WORDS) -> str:
    """'13 February 2026, 09:30 UTC' ('13 février 2026 à 09:30 UTC'); midnight reads as a date
    only (hand-added pages)."""
    return words.date(value, short=short)


# Languages written right to left: their text also needs `dir="rtl"`, or a headline's
# punctuation and embedded Latin words are laid out in the wrong order.
RTL_LANGS = frozenset({"ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})


def text_dir(lang: str | None) -> str:
    """"rtl" for a right-to-left language, else "" (the page's own direction applies)."""
    return "rtl" if (lang or "").split("-")[0].lower() in RTL_LANGS else ""


def lang_attr(lang: str | None, site_lang: str = SITE_LANG) -> str:
    """` lang="fr"` when the text's language differs from the page's, else nothing; with
    ` dir="rtl"` for a right-to-left language."""
    if not lang or normalize_lang(lang) == site_lang:
        return ""
    direction = f' dir="{text_dir(lang)}"' if text_dir(lang) else ""
    return f' lang="{text(lang)}"{direction}'



def shown_title(a: Article, words: Words = ENGLISH_WORDS) -> str:
    """The title as plain text in the words of an edition (feeds, search, `<title>`): the
    headline as published, or our description marked as ours when the headline was not seen:
    "[Report on ...] (headline not recorded)"."""
    title, _ = a.title_in(words.lang)
    return title if a.headline_seen else words("title_ours", title=clean(title))


def title_html(a: Article, ed: Edition) -> tuple[str, str]:
    """(HTML, language of the element that holds it) of an article's title in edition `ed`:
    the headline in its language, or our description marked as ours in the edition's words,
    the description itself marked with its language when that is another."""
    title, lang = a.title_in(ed.lang)
    if a.headline_seen:
        return text(title), lang
    inner = text(title)
    if la := lang_attr(lang, ed.lang):
        inner = f"<span{la}>{inner}</span>"
    return ed.words.html("title_ours", title=inner), ed.lang


def summary_shown(a: Article, ed: Edition) -> tuple[str, str]:
    """(summary, its language) that edition `ed` shows: ours in its language when the page has
    it (`translations`), else the page's own, to be marked with its language."""
    return a.summary_in(ed.lang)


def rendering_shown(a: Article, ed: Edition) -> tuple[str, str, str] | None:
    """(words key of its label, text, language) of the headline's rendering that edition `ed`
    shows beside the headline, or None: the edition's own (`title_en` in English,
    `translations.fr.title` in French), else the English one where the headline is not in the
    edition's language. A headline not seen has none: the title is ours already."""
    if not a.headline_seen:
        return None
    if own := clean(a.rendering_in(ed.lang)):
        return ("title_en" if primary_lang(ed.lang) == "en" else "title_in_edition", own,
                ed.lang)
    if clean(a.title_en) and primary_lang(a.lang) != primary_lang(ed.lang):
        return "title_en", clean(a.title_en), "en"
    return None
