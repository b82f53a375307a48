"""Deterministic synthetic archives and feeds for the scale benchmark (`bench/run.py`).

Same seed, same bytes: two runs of the benchmark measure the same archive. Articles mix four
languages, ~60 sources of very uneven size, the project's real tags and key events, and dates
over two years that cluster around the story's milestones. Lengths follow what `newsarchive
fetch` writes for a ~430-word article: a summary of up to 300 characters and an excerpt of
`excerpt_words` (150) words, then the link to the original. Words are drawn from a Zipf-like
vocabulary (common words plus a long tail of rarer ones), so search indexes grow as with
real text, not as with a handful of repeated words.

A few "probe" articles carry words found nowhere else (title word, source name, summary word,
body word, tag), in English and in French, so the browser check can prove each is findable.
"""

from __future__ import annotations

import itertools
import random
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime as http_date
from html import escape
from pathlib import Path

import yaml
from newsarchive import archive
from newsarchive.model import Article

SEED = 20260213
START = datetime(2024, 5, 13, tzinfo=UTC)  # GPT-4o's launch
SPAN_DAYS = 730  # two years of coverage
EXCERPT_WORDS = 150
ARTICLE_WORDS = 430  # a feed entry's full text

# Dates cluster around the milestones of the story (the project's events.yml).
MILESTONES = [date(2024, 5, 13), date(2025, 8, 7), date(2025, 8, 12), date(2026, 1, 29),
              date(2026, 2, 13)]
TAGS = ["retirement", "gpt-5-launch", "reinstatement", "user-protests", "ai-companions",
        "mental-health", "lawsuits", "model-lineup", "guardrails", "usage-figures", "industry",
        "sam-altman"]
EVENTS = ["gpt-4o-launch", "gpt-4o-removed-at-gpt-5-launch", "gpt-4o-reinstated",
          "seven-lawsuits", "user-protests", "gpt-4o-retired-from-chatgpt"]

COMMON = {
    "en": """the of and to in a is that for on with as was at by it from be this have are
        his has but not they an were which users model company people said their new more
        would had been will about after one its who than also when chatgpt openai gpt-4o
        model's retirement feature friend launch warmer voice update week month version
        protest petition subscribers assistant companion developers replacement access
        decision statement interview chatbot researchers community announced criticism
        conversation emotional support personality release plan paying customers older
        response executives policy changes""".split(),
    "fr": """le la les de des du et à en un une est que pour dans sur avec par au aux plus
        pas ce qui se ont été sont il elle ils leur modèle entreprise utilisateurs
        retrait annonce mise jour réponse colère soutien semaine mois version assistant
        compagnon développeurs remplacement accès décision déclaration entretien agent
        conversationnel chercheurs communauté critique émotionnel personnalité sortie
        abonnés clients dirigeants politique changements également après avant très fin
        lancement voix ami pétition février août""".split(),
    "de": """der die das und zu den in von mit ist für auf nicht dem des sich ein eine als
        auch es an wurde werden hat bei nach aus wie um modell unternehmen nutzer nutzerinnen
        abschaltung ankündigung aktualisierung antwort kritik unterstützung woche monat
        version assistent begleiter entwickler ersatz zugang entscheidung erklärung
        interview chatbot forscher gemeinschaft emotional persönlichkeit veröffentlichung
        abonnenten kunden führung änderungen außerdem stimme freund petition""".split(),
    "es": """el la los las de del y a en un una es que para por con se no al lo su sus más
        como fue han sido son pero modelo empresa usuarios retirada anuncio actualización
        respuesta críticas apoyo semana mes versión asistente compañero desarrolladores
        reemplazo acceso decisión declaración entrevista chatbot investigadores comunidad
        emocional personalidad lanzamiento suscriptores clientes directivos política
        cambios también después antes voz amigo petición""".split(),
}
LANG_WEIGHTS = {"en": 60, "fr": 20, "de": 10, "es": 10}
SYLLABLES = ("ka ri to mo lan ver sel dor pa qui nes tal ro mi cha ben gor fi lu sta tre "
             "ne zo pe ham vi cor del sun bra mel tis ond rak jul pri").split()

# Words, a source and tags found in no other article: each must find its probe article.
PROBES = {
    "en": {"title": "Zephyrquill", "source": "Marrowgate Ledger", "summary": "quintessorial",
           "body": "snollygoster", "tag": "bench-halcyon", "tag_label": "Halcyonwatch"},
    "fr": {"title": "Ébouriffade", "source": "Gazette de Valromey", "summary": "chafouinerie",
           "body": "rocambolesque", "tag": "bench-alcyon", "tag_label": "Veillalcyon"},
}


@dataclass(frozen=True)
class SynthSource:
    id: str
    name: str
    host: str
    lang: str
    whole_feed: bool
    weight: float


class Words:
    """Zipf-like word sampler per language: common words first, then a long tail."""

    def __init__(self, rng: random.Random, lang: str, tail: int = 6000):
        tail_words: list[str] = []
        seen: set[str] = set()
        while len(tail_words) < tail:
            w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                tail_words.append(w)
        self.words = COMMON[lang] + tail_words
        self.cum = list(itertools.accumulate(1.0 / (r + 1) ** 1.05
                                             for r in range(len(self.words))))

    def take(self, rng: random.Random, n: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=n)


def _sentence(rng: random.Random, words: Words, n: int) -> str:
    out = words.take(rng, n)
    if rng.random() < 0.3:
        out[rng.randrange(n)] = "GPT-4o"
    return _upper_first(" ".join(out)) + "."


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def paragraphs(rng: random.Random, words: Words, total: int) -> list[str]:
    """Paragraphs of sentences, `total` words in all."""
    out, left = [], total
    while left > 0:
        para, n = [], min(left, rng.randint(50, 110))
        left -= n
        while n > 0:
            k = min(n, rng.randint(8, 24))
            para.append(_sentence(rng, words, k))
            n -= k
        out.append(" ".join(para))
    return out


def make_sources(rng: random.Random, n: int = 60) -> list[SynthSource]:
    kinds = {"en": ["Daily", "Tribune", "Review", "Post", "Wire", "Journal", "Times"],
             "fr": ["Le Courrier", "La Dépêche", "Le Journal", "L'Écho", "La Revue"],
             "de": ["Zeitung", "Rundschau", "Anzeiger", "Kurier"],
             "es": ["El Diario", "La Crónica", "El Heraldo", "La Gaceta"]}
    out = []
    langs, weights = zip(*LANG_WEIGHTS.items(), strict=True)
    for i in range(n):
        lang = rng.choices(langs, weights)[0]
        place = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
        kind = rng.choice(kinds[lang])
        name = f"{kind} {place}" if lang in ("fr", "es") else f"The {place} {kind}"
        if lang == "de":
            name = f"{place}er {kind}"
        out.append(SynthSource(id=f"src-{i:03d}", name=name, host=f"{place.lower()}{i}.example.com",
                               lang=lang, whole_feed=rng.random() < 0.4,
                               weight=1.0 / (i + 1) ** 0.8))
    return out


def _when(rng: random.Random) -> datetime:
    if rng.random() < 0.5:
        day = START + timedelta(days=rng.uniform(0, SPAN_DAYS))
    else:
        m = rng.choice(MILESTONES)
        offset = max(-30.0, min(30.0, rng.gauss(0, 8)))
        day = datetime(m.year, m.month, m.day, tzinfo=UTC) + timedelta(days=offset)
    # Not before the story's first event: `mkdocs build --strict` refuses such a date.
    return max(START, (day + timedelta(seconds=rng.randrange(86400))).replace(microsecond=0))


def _cut(text: str, limit: int = 300) -> str:
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit - 1)].rstrip(" ,.") + "…"


class Generator:
    """Articles and feeds from one seeded random stream."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.words = {lang: Words(self.rng, lang) for lang in COMMON}
        self.sources = make_sources(self.rng)
        self.counter = itertools.count()

    def article(self, source: SynthSource | None = None, *, dated: bool = True) -> Article:
        rng = self.rng
        if source is None:
            source = rng.choices(self.sources, [s.weight for s in self.sources])[0]
        words = self.words[source.lang]
        n = next(self.counter)
        title = _upper_first(" ".join(words.take(rng, rng.randint(7, 13))))
        if rng.random() < 0.6:
            title = f"GPT-4o: {title}"
        when = _when(rng) if dated else None
        text = paragraphs(rng, words, EXCERPT_WORDS)
        text[-1] = text[-1].rstrip(".") + "…"
        url = f"https://{source.host}/{when.year if when else 'x'}/{n:06d}-story"
        body = "\n\n".join(text) + (f"\n\n[Read the original article at {source.name}]({url})")
        summary = _cut(_upper_first(" ".join(words.take(rng, rng.randint(30, 55)))) + ".")
        return Article(
            title=title, date=when, source=source.name, url=url, lang=source.lang,
            id=f"{rng.getrandbits(64):016x}", summary=summary,
            authors=[f"{rng.choice(SYLLABLES).capitalize()} "
                     f"{''.join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()}"
                     for _ in range(rng.choice((0, 1, 1, 2)))],
            tags=rng.sample(TAGS, rng.randint(1, 4)),
            feed=source.id if dated else None,
            fetched=when + timedelta(hours=rng.randint(1, 20)) if when else None,
            selected_by="whole feed" if source.whole_feed else "keyword: GPT-4o",
            events=[rng.choice(EVENTS)] if rng.random() < 0.1 else [],
            body=body,
        )

    def probe(self, lang: str) -> Article:
        """An article whose title word, source, summary word, body word and tag occur nowhere
        else; the body word sits mid-excerpt, after the words a summary could repeat."""
        p = PROBES[lang]
        src = SynthSource(id=f"probe-{lang}", name=p["source"], host=f"probe-{lang}.example.org",
                          lang=lang, whole_feed=True, weight=0)
        a = self.article(src)
        a.title = f"{a.title.split(':')[-1].strip()} {p['title']}"
        a.summary = _cut(f"{p['summary']} {a.summary}")
        words = a.body.split(" ")
        words.insert(len(words) // 2, p["body"])
        a.body = " ".join(words)
        a.tags = [p["tag"], *a.tags[:1]]
        return a

    # -- feeds ------------------------------------------------------------------------------

    def feed(self, number: int, entries: int = 10) -> tuple[SynthSource, bytes]:
        """One feed (RSS 2.0, or Atom for every fifth) of full-text entries (~430 words)."""
        rng = self.rng
        lang = rng.choices(list(LANG_WEIGHTS), list(LANG_WEIGHTS.values()))[0]
        src = SynthSource(id=f"feed-{number:03d}", name=f"Feed {number}",
                          host=f"feed{number}.example.net", lang=lang,
                          whole_feed=rng.random() < 0.4, weight=1)
        words = self.words[lang]
        items = []
        for i in range(entries):
            when = _when(rng)
            title = _upper_first(" ".join(words.take(rng, rng.randint(7, 13))))
            if rng.random() < 0.8:
                title = f"GPT-4o: {title}"
            paras = paragraphs(rng, words, ARTICLE_WORDS)
            html = "".join(f"<p>{escape(p)}</p>" for p in paras[:-1])
            html += (f'<p>{escape(paras[-1])} <a href="/related/{i}">More</a> '
                     f"<strong>{escape(' '.join(words.take(rng, 3)))}</strong></p>")
            items.append((title, when, f"https://{src.host}/{when:%Y/%m}/{number}-{i}", html,
                          " ".join(words.take(rng, 40))))
        if number % 5 == 4:
            body = _atom(src, items)
        else:
            body = _rss(src, items)
        return src, body.encode("utf-8")


def _rss(src: SynthSource, items) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           f"<channel><title>{escape(src.name)}</title><link>https://{src.host}/</link>"
           f"<description>News</description><language>{src.lang}</language>"]
    for title, when, link, html, summary in items:
        out.append(f"<item><title>{escape(title)}</title><link>{link}</link>"
                   f"<guid>{link}</guid><pubDate>{http_date(when)}</pubDate>"
                   f"<description>{escape(summary)}</description>"
                   f"<content:encoded><![CDATA[{html}]]></content:encoded></item>")
    out.append("</channel></rss>")
    return "\n".join(out)


def _atom(src: SynthSource, items) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{src.lang}">',
           f"<title>{escape(src.name)}</title><id>https://{src.host}/</id>"
           f"<updated>2026-02-13T00:00:00Z</updated>"]
    for title, when, link, html, summary in items:
        out.append(f"<entry><title>{escape(title)}</title><id>{link}</id>"
                   f'<link rel="alternate" href="{link}"/>'
                   f"<updated>{when.isoformat()}</updated><published>{when.isoformat()}"
                   f"</published><summary>{escape(summary)}</summary>"
                   f'<content type="html">{escape(html)}</content></entry>')
    out.append("</feed>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# A whole project on disk


def write_project(root: Path, n: int, repo: Path, *, seed: int = SEED) -> list[Article]:
    """A project at `root` (mkdocs.yml, feeds/, docs/) with `n` articles; returns the probes.

    feeds/ and docs/ (minus articles) are the repository's own, plus the probe tags; the
    articles are synthetic. Pages are the exact bytes `archive.render_page` writes.
    """
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(repo / "docs", root / "docs", ignore=shutil.ignore_patterns("articles"))
    (root / "feeds").mkdir(parents=True)
    for name in ("events.yml", "topics.yml", "settings.yml", "sources.yml"):
        if (repo / "feeds" / name).exists():
            shutil.copy(repo / "feeds" / name, root / "feeds" / name)
    tags = (repo / "feeds" / "tags.yml").read_text(encoding="utf-8").rstrip("\n") + "\n"
    for p in PROBES.values():
        tags += (f"\n  - id: {p['tag']}\n    label: {p['tag_label']}\n"
                 "    description: A tag only the benchmark's probe articles carry.\n")
    (root / "feeds" / "tags.yml").write_text(tags, encoding="utf-8")
    shutil.copy(repo / "mkdocs.yml", root / "mkdocs.yml")

    gen = Generator(seed)
    articles_dir = root / "docs" / "articles"
    probes = [gen.probe("en"), gen.probe("fr")]
    undated_every = 200  # a hand-added page of unknown date now and then
    arts = probes + [gen.article(dated=bool(i % undated_every)) for i in range(n - len(probes))]
    taken: set[Path] = set()
    for a in arts:
        folder = archive.page_dir(articles_dir, a)
        slug = archive.slugify(a.title, a.id)
        path = folder / f"{slug}.md"
        if path in taken:
            path = folder / f"{slug}-{a.id[:12]}.md"
        taken.add(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(archive.render_page(a), encoding="utf-8")
        a.path = path
    return probes


def _plugin_variant(root: Path, name: str, **options) -> Path:
    """The project's mkdocs.yml with the plugin's `options` changed, building into site-NAME."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [{"newsarchive": {**(p["newsarchive"] if isinstance(p, dict) else {}),
                                          **options}}
                         if (p if isinstance(p, str) else next(iter(p))) == "newsarchive" else p
                         for p in config.get("plugins", [])]
    config["site_dir"] = f"site-{name}"
    out = root / f"mkdocs-{name}.yml"
    out.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def mkdocs_config_without_search(root: Path) -> Path:
    """The plugin build with `search: none`: what the plugin costs apart from Pagefind."""
    return _plugin_variant(root, "nosearch", search="none")


def mkdocs_config_english_only(root: Path) -> Path:
    """The plugin build with no other edition than English: what the French edition costs."""
    return _plugin_variant(root, "en", editions={})


def mkdocs_config_one_index(root: Path) -> Path:
    """The plugin build with each edition's search index in one part (`search_part_size: 0`):
    what building it in parts costs in time and saves in memory."""
    return _plugin_variant(root, "oneindex", search_part_size=0)


def mkdocs_config(root: Path, *, plugin: bool) -> Path:
    """mkdocs.yml for the plugin build (the project's own) or for plain Material.

    Plain Material: the same theme, extensions and pages, without the newsarchive plugin and
    with Material's default `search` plugin (lunr), as a plain Material site would have.
    """
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    if plugin:
        return root / "mkdocs.yml"
    plugins = [p for p in config.get("plugins", [])
               if (p if isinstance(p, str) else next(iter(p))) != "newsarchive"]
    if not any((p if isinstance(p, str) else next(iter(p))) == "search" for p in plugins):
        plugins.insert(0, {"search": {"lang": ["en", "fr"]}})
    config["plugins"] = plugins
    config["site_dir"] = "site-plain"
    out = root / "mkdocs-plain.yml"
    out.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def feeds(count: int, entries: int = 10, *, seed: int = SEED + 1) -> list[tuple[SynthSource, bytes,
                                                                                 str]]:
    """`count` feeds with their bytes and an ETag derived from their number."""
    gen = Generator(seed)
    out = []
    for i in range(count):
        src, body = gen.feed(i, entries)
        out.append((src, body, f'"v1-{i}"'))
    return out
