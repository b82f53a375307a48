"""The site's interface in each language it is built in: one table of words per language, and
dates and numbers written the way that language writes them.

The site has one edition per language (`Edition`): English at the root, French under `/fr/`.
Every render function takes the edition it writes for, so a page's words, dates and links all
come from it; article pages exist once and carry what differs per edition (see `article.py`).

Month names are written here rather than taken from the machine's locale, so a build gives the
same bytes everywhere; language names come from Babel's CLDR data, which Material already needs.
A table's entries are plain text, `{name}` marking where a value goes; an entry that depends on
a number is a pair (one, many) chosen by the language's own rule (French says "0 article").
`tests/test_i18n.py` checks that every language has every entry, with the same `{names}`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from html import escape

Entry = str | tuple[str, str]

EN: dict[str, Entry] = {
    # navigation and page titles
    "home": "Home",
    "timeline": "Timeline",
    "key_events": "Key events",
    "sources": "Sources",
    "tags": "Tags",
    "languages": "Languages",
    "about": "About",
    "search": "Search",
    "latest_articles": "Latest articles",
    # lists of articles
    "date_unknown": "Date unknown",
    "date_estimated": "(date estimated)",
    "date_estimated_fetched": "The source gave no publication date: this is when the archive "
                              "first saw the article.",
    "date_estimated_hand": "The article shows no date of its own: this one comes from its text "
                           "or from another listing of it.",
    # an article page's date and the note saying how it was established (`date_note`)
    "date_estimated_note": "(date estimated: {note})",
    "date_note": "(how it was dated: {note})",
    "date_unknown_note": "({note})",
    "date_from_fetch": "the feed gave no date; this is when the article was first fetched",
    "no_articles": "No articles yet.",
    "archive_empty": "No articles yet: the archive is empty for now. Articles appear here as "
                     "soon as they are added.",
    "page_of": "{title} (page {number} of {total})",
    "pager_label": "{title}: pages",
    "pager_here": "Page {number} of {total}",
    "pager_newest": "Newest",
    "pager_newer": "\u2190 Newer articles",
    "pager_older": "Older articles \u2192",
    "pager_oldest": "Oldest",
    "n_articles": ("{count} article", "{count} articles"),
    "timeline_intro": ("{count} article, newest first.", "{count} articles, newest first."),
    "timeline_intro_undated": ("{count} article, newest first, then those of unknown date.",
                               "{count} articles, newest first, then those of unknown date."),
    # sources, tags, languages
    "sources_intro": ("{count} source in the archive.", "{count} sources in the archive."),
    "sources_caption": "Sources and how many of their articles are archived",
    "col_source": "Source",
    "col_articles": "Articles",
    "col_latest": "Latest",
    "col_tag": "Tag",
    "col_description": "Description",
    "col_language": "Language",
    "col_code": "Code",
    "no_sources": "No sources yet: the archive is empty for now.",
    "source_intro": ("{count} article from {source}, newest first.",
                     "{count} articles from {source}, newest first."),
    "tags_intro": "Every article is tagged with the parts of the story it covers.",
    "tags_caption": "Tags, what they mean and how many articles carry them",
    "no_tags": "No tags yet.",
    "tag_title": "Tag: {tag}",
    "tag_intro": ("{count} article tagged {tag}.", "{count} articles tagged {tag}."),
    "tag_feed_link": "Follow this tag with its Atom feed",
    "languages_intro": ("Articles in {count} language.", "Articles in {count} languages."),
    "languages_caption": "Languages of the archived articles",
    "no_languages": "No languages yet: the archive is empty for now.",
    "language_intro": ("{count} article in {language}.", "{count} articles in {language}."),
    # key events
    "events_intro": "The milestones of the story, oldest first. Dates that are not known "
                    "exactly are marked as such, with what is known about them.",
    "no_events": "No key events recorded yet.",
    "other_events": "Other events",
    "around_day": "around {day}",
    "around_month": "around {month}",
    "date_not_exact": "(date not known exactly: {note})",
    "exact_date_unknown": "The exact date is not known.",
    "event_coverage": ("{count} archived article about this event",
                       "{count} archived articles about this event"),
    "event_earliest_here": ", the {count} earliest here",
    "event_all": "All {count} articles about this event",
    "event_none": "No archived article about this event yet.",
    "event_title": "Key event: {title}",
    "event_intro": ("{count} article about this event, newest first.",
                    "{count} articles about this event, newest first."),
    "all_key_events": "All key events",
    "event_feed_link": "Follow this event with its Atom feed",
    # coverage chart
    "chart_title_week": "Articles per week",
    "chart_title_month": "Articles per month",
    "chart_desc_week": "{count} from week of {first} to week of {last}, counted per week. The "
                       "busiest week was week of {peak} with {peak_count}.",
    "chart_desc_month": "{count} from {first} to {last}, counted per month. The busiest month "
                        "was {peak} with {peak_count}.",
    "n_dated_articles": ("{count} dated article", "{count} dated articles"),
    "chart_none": "No dated articles yet.",
    "chart_week_of": "week of {day}",
    "chart_numbers": "The numbers behind the chart",
    "chart_col_week": "Week of",
    "chart_col_month": "Month",
    "chart_empty": "The coverage chart appears here once dated articles are archived.",
    # home page placeholders
    "counts": "{articles} from {sources} in {languages}.",
    "n_sources": ("{count} source", "{count} sources"),
    "n_languages": ("{count} language", "{count} languages"),
    "latest_none": "No articles archived yet.",
    "full_timeline": "The full timeline ({articles})",
    # an article's page
    "title_en": "Title in English",
    "title_in_edition": "Title in English",
    "title_ours": "[{title}] (headline not recorded)",
    "carried_by": "Carried by",
    "source": "Source",
    "published": "Published",
    "by": "By",
    "authors": "Authors",
    "language": "Language",
    "original": "Original",
    "address_unknown": "Address not known",
    "through_aggregator": "Find it through Google News",
    "aggregator_note": "(the publisher's own address is not known)",
    "archived_copy": "Archived copy",
    "wayback_copy": "Wayback Machine, {date}",
    "copy_on": "on {host}",
    "read_on": "Read it on {host}",
    "original_on": "Original on {host}",
    "dead_link": "(dead link)",
    "dead_link_since": "(dead link since {date})",
    "older_article": "Older article",
    "newer_article": "Newer article",
    "older_newer": "Older and newer articles",
    "summary": "Summary.",
    # the rest of the story, under an article's summary (render/story.py)
    "also_reported": "Also reported",
    "same_subject": "On the same subject",
    "story_events": "Key events covered",
    "summary_pending": "No summary yet: the source gave no description of the article, and "
                       "ours is still to be written.",
    # feeds
    "feed_subtitle": "The newest articles in the archive",
    "feed_latest": "{site}: latest articles",
    "feed_title": "{site}: {name}",
    "feed_tag_subtitle": "Articles tagged {tag}",
    "feed_event_subtitle": "Articles about a key event: {title}",
    # search
    "search_heading": "Search the archive",
    "search_intro": "Search the articles' titles, sources, summaries, tags and text, in English "
                    "or French; narrow the results by source, language, year or tag.",
    "search_noscript": "Search needs JavaScript. Every article is also listed on the {timeline}, "
                       "by source, tag and language.",
    "search_timeline": "timeline",
    "facet_year": "Year",
    # the page any address that is no page of the site shows (404.html)
    "not_found_heading": "Page not found",
    "not_found_text": "There is no page at this address. Every article of the archive is "
                      "listed on the {timeline}, and {search} finds it by any of its words.",
    "not_found_search": "search",
    "not_found_text_timeline": "There is no page at this address. Every article of the "
                               "archive is listed on the {timeline}.",
    # words a project writes in mkdocs.yml, translated when they are these (see `config_words`)
    "dark_mode": "Switch to dark mode",
    "light_mode": "Switch to light mode",
    "permalink": "Permanent link",
    # Material's footer, which it writes in English whatever the language ("Made with Material
    # for MkDocs")
    "made_with": "Made with",
    # the switch between editions, as the other edition's reader reads it
    "switch_name": "English",
    "switch_label": "Read this page in English",
    "switch_article_label": "Show this page's details in English",
    # link previews (Open Graph): the edition's locale, as language_TERRITORY
    "og_locale": "en_US",
    # the licence of the archive's own text, in every page's footer ({license}: its link)
    "license_line": "Our text (summaries, story pages, key events) is under {license}. The "
                    "linked articles and their headlines remain their publishers'.",
    # the exports and how to cite the archive (<!-- newsarchive:exports -->, the About page)
    "exports": "The archive's data, for researchers: {csv} (a spreadsheet, one row per "
               "article) and {json}, with the same fields.",
    "exports_license": "Our text in them is under {license}; the articles and headlines they "
                       "list remain their publishers'.",
    "cite_label": "Cite this archive:",
    "cite": "{title}, {address}, built {date}.",
    "cite_no_address": "{title}, built {date}.",
    # the essential reading on the home page (<!-- newsarchive:highlights -->) and in search
    "highlights_heading": "Essential reading",
    "highlights_intro": "The reports that tell the story best, in the order it happened.",
    "facet_selection": "Selection",
    "facet_essential": "Essential reading",
    # articles not archived for want of a fact (<!-- newsarchive:unverified -->, About page)
    "unverified_heading": "Articles we could not verify",
    "unverified_intro": "These articles are about the story, but something every page of the "
                        "archive needs could not be established, most often their date of "
                        "publication, so they are not in the archive. If you know it (from a "
                        "print edition, the publisher's own archive or another listing of the "
                        "article), {how}: say what the fact is and where it comes from, and "
                        "the article can join the archive.",
    "unverified_how": "open an issue or a pull request on the project's repository",
    "unverified_caption": ("{count} article whose date or another fact is not known",
                           "{count} articles whose date or another fact is not known"),
    "col_article": "Article",
    "col_missing": "What is missing",
    "col_seen": "Read on",
    "missing_date": "the date of publication",
}

# French typography: a no-break space before a colon, a narrow one before ; ! ?
_NB = "\u00a0"
_NNB = "\u202f"

FR: dict[str, Entry] = {
    "home": "Accueil",
    "timeline": "Chronologie",
    "key_events": "Événements clés",
    "sources": "Sources",
    "tags": "Étiquettes",
    "languages": "Langues",
    "about": "À propos",
    "search": "Recherche",
    "latest_articles": "Derniers articles",
    "date_unknown": "Date inconnue",
    "date_estimated": "(date estimée)",
    "date_estimated_fetched": f"La source ne donnait pas de date de publication{_NB}: c'est le "
                              "jour où l'archive a vu l'article pour la première fois.",
    "date_estimated_hand": f"L'article n'affiche pas de date{_NB}: celle-ci vient de son texte "
                           "ou d'une autre mention de l'article.",
    "date_estimated_note": f"(date estimée{_NB}: {{note}})",
    "date_note": f"(datation{_NB}: {{note}})",
    "date_unknown_note": "({note})",
    "date_from_fetch": f"le flux ne donnait pas de date{_NNB}; c'est le moment où l'archive a "
                       "récupéré l'article pour la première fois",
    "no_articles": "Aucun article pour l'instant.",
    "archive_empty": f"Aucun article pour l'instant{_NB}: l'archive est encore vide. Les "
                     "articles apparaissent ici dès qu'ils sont ajoutés.",
    "page_of": "{title} (page {number} sur {total})",
    "pager_label": f"{{title}}{_NB}: pages",
    "pager_here": "Page {number} sur {total}",
    "pager_newest": "Les plus récents",
    "pager_newer": "\u2190 Articles plus récents",
    "pager_older": "Articles plus anciens \u2192",
    "pager_oldest": "Les plus anciens",
    "n_articles": ("{count} article", "{count} articles"),
    "timeline_intro": ("{count} article, du plus récent au plus ancien.",
                       "{count} articles, du plus récent au plus ancien."),
    "timeline_intro_undated": (
        "{count} article, du plus récent au plus ancien, puis ceux dont la date est inconnue.",
        "{count} articles, du plus récent au plus ancien, puis ceux dont la date est inconnue."),
    "sources_intro": ("{count} source dans l'archive.", "{count} sources dans l'archive."),
    "sources_caption": "Les sources et le nombre de leurs articles archivés",
    "col_source": "Source",
    "col_articles": "Articles",
    "col_latest": "Le plus récent",
    "col_tag": "Étiquette",
    "col_description": "Description",
    "col_language": "Langue",
    "col_code": "Code",
    "no_sources": f"Aucune source pour l'instant{_NB}: l'archive est encore vide.",
    "source_intro": ("{count} article de {source}, du plus récent au plus ancien.",
                     "{count} articles de {source}, du plus récent au plus ancien."),
    "tags_intro": "Chaque article porte les étiquettes des parties de l'histoire qu'il couvre.",
    "tags_caption": "Les étiquettes, ce qu'elles désignent et le nombre d'articles qui les "
                    "portent",
    "no_tags": "Aucune étiquette pour l'instant.",
    "tag_title": f"Étiquette{_NB}: {{tag}}",
    "tag_intro": ("{count} article porte l'étiquette {tag}.",
                  "{count} articles portent l'étiquette {tag}."),
    "tag_feed_link": "Suivre cette étiquette par son flux Atom",
    "languages_intro": ("Des articles en {count} langue.", "Des articles en {count} langues."),
    "languages_caption": "Les langues des articles archivés",
    "no_languages": f"Aucune langue pour l'instant{_NB}: l'archive est encore vide.",
    "language_intro": ("{count} article en {language}.", "{count} articles en {language}."),
    "events_intro": "Les grandes étapes de l'histoire, de la plus ancienne à la plus récente. "
                    "Les dates qui ne sont pas connues avec précision sont signalées comme "
                    "telles, avec ce que l'on en sait.",
    "no_events": "Aucun événement clé pour l'instant.",
    "other_events": "Autres événements",
    "around_day": "vers le {day}",
    "around_month": "vers {month}",
    "date_not_exact": f"(date approximative{_NB}: {{note}})",
    "exact_date_unknown": "La date exacte n'est pas connue.",
    "event_coverage": ("{count} article archivé sur cet événement",
                       "{count} articles archivés sur cet événement"),
    "event_earliest_here": ", les {count} premiers ici",
    "event_all": "Les {count} articles sur cet événement",
    "event_none": "Aucun article archivé sur cet événement pour l'instant.",
    "event_title": f"Événement clé{_NB}: {{title}}",
    "event_intro": ("{count} article sur cet événement, du plus récent au plus ancien.",
                    "{count} articles sur cet événement, du plus récent au plus ancien."),
    "all_key_events": "Tous les événements clés",
    "event_feed_link": "Suivre cet événement par son flux Atom",
    "chart_title_week": "Articles par semaine",
    "chart_title_month": "Articles par mois",
    "chart_desc_week": "{count}, de la semaine du {first} à celle du {last}, comptés par "
                       "semaine. La semaine la plus chargée est celle du {peak}, avec "
                       "{peak_count}.",
    "chart_desc_month": "{count}, de {first} à {last}, comptés par mois. Le mois le plus chargé "
                        "est {peak}, avec {peak_count}.",
    "n_dated_articles": ("{count} article daté", "{count} articles datés"),
    "chart_none": "Aucun article daté pour l'instant.",
    "chart_week_of": "semaine du {day}",
    "chart_numbers": "Les chiffres du graphique",
    "chart_col_week": "Semaine du",
    "chart_col_month": "Mois",
    "chart_empty": "Le graphique de la couverture apparaîtra ici dès que des articles datés "
                   "seront archivés.",
    "counts": "{articles} de {sources} en {languages}.",
    "n_sources": ("{count} source", "{count} sources"),
    "n_languages": ("{count} langue", "{count} langues"),
    "latest_none": "Aucun article archivé pour l'instant.",
    "full_timeline": "Toute la chronologie ({articles})",
    "title_en": "Titre en anglais",
    "title_in_edition": "Titre en français",
    "title_ours": "[{title}] (titre non relevé)",
    "carried_by": "Repris par",
    "source": "Source",
    "published": "Publié le",
    "by": "Par",
    "authors": "Auteurs",
    "language": "Langue",
    "original": "Original",
    "address_unknown": "Adresse inconnue",
    "through_aggregator": "Le trouver par Google Actualités",
    "aggregator_note": "(l'adresse de l'éditeur n'est pas connue)",
    "archived_copy": "Copie archivée",
    "wayback_copy": "Wayback Machine, {date}",
    "copy_on": "sur {host}",
    "read_on": "Le lire sur {host}",
    "original_on": "Original sur {host}",
    "dead_link": "(lien mort)",
    "dead_link_since": "(lien mort depuis le {date})",
    "older_article": "Article plus ancien",
    "newer_article": "Article plus récent",
    "older_newer": "Articles plus anciens et plus récents",
    "summary": "Résumé.",
    "also_reported": "Également rapporté",
    "same_subject": "Sur le même sujet",
    "story_events": "Événements clés abordés",
    "summary_pending": f"Pas encore de résumé{_NB}: la source ne décrivait pas l'article, et "
                       "le nôtre reste à écrire.",
    "feed_subtitle": "Les articles les plus récents de l'archive",
    "feed_latest": f"{{site}}{_NB}: derniers articles",
    "feed_title": f"{{site}}{_NB}: {{name}}",
    "feed_tag_subtitle": "Articles portant l'étiquette {tag}",
    "feed_event_subtitle": f"Articles sur un événement clé{_NB}: {{title}}",
    "search_heading": "Rechercher dans l'archive",
    "search_intro": "Cherchez dans les titres, les sources, les résumés, les étiquettes et le "
                    f"texte des articles, en français ou en anglais{_NNB}; affinez les "
                    "résultats par source, langue, année ou étiquette.",
    "search_noscript": "La recherche a besoin de JavaScript. Tous les articles figurent aussi "
                       "dans la {timeline}, par source, étiquette et langue.",
    "search_timeline": "chronologie",
    "facet_year": "Année",
    "not_found_heading": "Page introuvable",
    "not_found_text": "Il n'y a pas de page à cette adresse. Tous les articles de l'archive "
                      "figurent dans la {timeline}, et la {search} les retrouve par n'importe "
                      "lequel de leurs mots.",
    "not_found_search": "recherche",
    "not_found_text_timeline": "Il n'y a pas de page à cette adresse. Tous les articles de "
                               "l'archive figurent dans la {timeline}.",
    "dark_mode": "Passer au thème sombre",
    "light_mode": "Passer au thème clair",
    "permalink": "Lien permanent",
    "made_with": "Fait avec",
    "switch_name": "Français",
    "switch_label": "Lire cette page en français",
    "switch_article_label": "Afficher les informations de cette page en français",
    "og_locale": "fr_FR",
    "license_line": "Nos textes (résumés, pages de récit, événements clés) sont publiés sous "
                    "licence {license}. Les articles cités et leurs titres restent la propriété "
                    "de leurs éditeurs.",
    "exports": f"Les données de l'archive, pour les chercheurs{_NB}: {{csv}} (un tableur, une "
               "ligne par article) et {json}, avec les mêmes champs.",
    "exports_license": f"Nos textes y sont publiés sous licence {{license}}{_NNB}; les "
                       "articles et les titres qu'ils recensent restent la propriété de leurs "
                       "éditeurs.",
    "cite_label": f"Citer cette archive{_NB}:",
    "cite": "{title}, {address}, version du {date}.",
    "cite_no_address": "{title}, version du {date}.",
    "highlights_heading": "À lire en priorité",
    "highlights_intro": "Les articles qui racontent le mieux l'histoire, dans l'ordre des faits.",
    "facet_selection": "Sélection",
    "facet_essential": "À lire en priorité",
    "unverified_heading": "Articles que nous n'avons pas pu vérifier",
    "unverified_intro": "Ces articles portent sur cette histoire, mais un élément que toute "
                        "fiche de l'archive exige n'a pas pu être établi, le plus souvent leur "
                        f"date de publication{_NB}: ils ne figurent donc pas dans l'archive. Si "
                        "vous le connaissez (par une édition imprimée, les archives de l'éditeur "
                        f"ou une autre mention de l'article), {{how}}{_NB}: dites de quoi il "
                        "s'agit et d'où vous le tenez, et l'article pourra rejoindre l'archive.",
    "unverified_how": "ouvrez un ticket (issue) ou une demande de fusion (pull request) sur le "
                      "dépôt du projet",
    "unverified_caption": ("{count} article dont la date ou un autre élément n'est pas connu",
                           "{count} articles dont la date ou un autre élément n'est pas connu"),
    "col_article": "Article",
    "col_missing": "Ce qui manque",
    "col_seen": "Lu le",
    "missing_date": "la date de publication",
}

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}
MONTHS_SHORT = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."),
}

_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Words:
    """One language's interface: its table, plural rule, numbers and dates."""

    lang: str
    table: Mapping[str, Entry]
    one: Callable[[int], bool]  # is `n` grammatically singular?
    thousands: str  # between groups of three digits
    time_joiner: str  # between a date and its time of day: ", " / " à "

    def __call__(self, key: str, **values: object) -> str:
        """The entry `key` as plain text, `{names}` filled with `values` (plain text)."""
        entry = self.table[key]
        if isinstance(entry, tuple):
            raise TypeError(f"'{key}' depends on a number: use .count()")
        return entry.format(**values) if values else entry

    def html(self, key: str, **values: str) -> str:
        """The entry `key` as HTML: its words escaped, `{names}` filled with `values`, which
        are HTML already (escape text with `text()` first)."""
        entry = self.table[key]
        if isinstance(entry, tuple):
            raise TypeError(f"'{key}' depends on a number: use .count_html()")
        return _fill(escape(entry, quote=False), values)

    def count(self, key: str, n: int, **values: object) -> str:
        """A (one, many) entry for `n` as plain text; `{count}` is `n` written out."""
        return self._form(key, n).format(count=self.number(n), **values)

    def count_html(self, key: str, n: int, *, strong: bool = False, **values: str) -> str:
        """`count()` as HTML, the number in `<strong>` when `strong`; `values` are HTML."""
        number = self.number(n)
        return _fill(escape(self._form(key, n), quote=False),
                     {"count": f"<strong>{number}</strong>" if strong else number, **values})

    def _form(self, key: str, n: int) -> str:
        entry = self.table[key]
        if not isinstance(entry, tuple):
            raise TypeError(f"'{key}' does not depend on a number: call it directly")
        return entry[0] if self.one(n) else entry[1]

    def number(self, n: int) -> str:
        return f"{n:,}".replace(",", self.thousands)

    def month(self, month: int, *, short: bool = False) -> str:
        return (MONTHS_SHORT if short else MONTHS)[self.lang][month - 1]

    def month_year(self, year: int, month: int, *, heading: bool = False,
                   short: bool = False) -> str:
        """'February 2026' / 'février 2026' ('Février 2026' as a heading)."""
        words = f"{self.month(month, short=short)} {year}"
        return capitalize(words) if heading else words

    def day(self, value: date, *, short: bool = False) -> str:
        """'13 February 2026' / '13 février 2026', '1er février 2026'; short: '13 Feb 2026'."""
        n = f"{value.day}er" if self.lang == "fr" and value.day == 1 else str(value.day)
        return f"{n} {self.month(value.month, short=short)} {value.year}"

    def date(self, value: datetime, *, short: bool = False) -> str:
        """'13 February 2026, 09:30 UTC' / '13 février 2026 à 09:30 UTC'; midnight reads as a
        date only (hand-added pages)."""
        value = value.astimezone(UTC)
        day = self.day(value.date(), short=short)
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return day
        return f"{day}{self.time_joiner}{value:%H:%M} UTC"

    def language_name(self, code: str) -> str:
        """A language's name in this language ('French', 'français'), or the code."""
        return language_name(code, self.lang) or code

    def language_label(self, code: str, *, heading: bool = True) -> str:
        """'French (français)' / 'Allemand (Deutsch)', just 'English' / 'Français' when the
        native name is the same; lower case in running French text ('en allemand')."""
        name, native = language_name(code, self.lang), language_name(code, code)
        if not name:
            return code
        if heading:
            name = capitalize(name)
        if not native or native.casefold() == name.casefold():
            return name
        return f"{name} ({native})"

    def config_words(self) -> dict[str, str]:
        """English words a project commonly writes in mkdocs.yml (palette toggles, the
        permalink's title) -> the same in this language, for the theme to show."""
        return {EN[k]: self(k) for k in ("dark_mode", "light_mode", "permalink")}  # type: ignore[misc]

    def sort_key(self, value: str) -> str:
        """For sorting names as a reader expects: case and accents ignored ('Égypte' with E)."""
        decomposed = unicodedata.normalize("NFKD", value.casefold())
        return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fill(template: str, values: Mapping[str, str]) -> str:
    """Fill `{names}` without str.format, so braces in values are never read as fields."""
    return _FIELD.sub(lambda m: values[m.group(1)], template)


def capitalize(value: str) -> str:
    return value[:1].upper() + value[1:]


@lru_cache(maxsize=1024)
def language_name(code: str, in_lang: str) -> str:
    """The name of language `code` in language `in_lang`, from Babel's CLDR data; "" when
    either is unknown."""
    try:
        from babel import Locale, UnknownLocaleError

        try:
            locale = Locale.parse(code, sep="-")
        except (UnknownLocaleError, ValueError):
            locale = Locale.parse(code.split("-")[0])
        try:
            target = Locale.parse(in_lang, sep="-")
        except (UnknownLocaleError, ValueError):
            target = Locale.parse(in_lang.split("-")[0])
        return locale.get_display_name(target) or ""
    except Exception:  # noqa: BLE001 - unknown or malformed tag: the caller shows the code
        return ""


ENGLISH_WORDS = Words("en", EN, one=lambda n: n == 1, thousands=",", time_joiner=", ")
FRENCH_WORDS = Words("fr", FR, one=lambda n: n in (0, 1), thousands="\u202f",
                     time_joiner=" à ")
WORDS = {w.lang: w for w in (ENGLISH_WORDS, FRENCH_WORDS)}


@dataclass(frozen=True)
class Edition:
    """One language the site is built in: its words, where its pages live, the site's name.

    The first edition is at the site's root (`prefix` ""); another one under its language
    (`fr/`): `fr/timeline/`, `fr/tags/lawsuits/`. Article pages are shared by all editions.
    """

    words: Words
    prefix: str = ""
    site_name: str = "News archive"
    site_description: str = ""  # what the site is, in this language (link previews, <meta>)

    @property
    def lang(self) -> str:
        return self.words.lang

    def src(self, src_uri: str) -> str:
        """A page's source path in this edition: `timeline/index.md` -> `fr/timeline/index.md`."""
        return self.prefix + src_uri


ENGLISH = Edition(ENGLISH_WORDS)


def edition(lang: str, *, prefix: str | None = None, site_name: str = "News archive",
            site_description: str = "") -> Edition:
    """The edition in `lang` (its pages under `<lang>/` unless `prefix` says otherwise)."""
    if lang not in WORDS:
        raise KeyError(f"no interface words for '{lang}' (available: {', '.join(sorted(WORDS))})")
    return Edition(WORDS[lang], f"{lang}/" if prefix is None else prefix, site_name,
                   site_description)
