"""The MkDocs plugin: reads the archive, hands it to `render`, and adds the results to the site.

    plugins:
      - newsarchive:  # options: root, per_page (100), feed_size (50), chart (true),
                      #          search (pagefind | none), search_part_size (3000; 0: one index),
                      #          csp (true), editions ({}), license
          editions:
            fr: {site_name: Archive du retrait de GPT-4o, site_description: ...}
          license: {name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}

Everything a reader sees is built in the `render` package; this module only moves strings in
and out of MkDocs. Generated pages exist in memory only (`File.generated`), never in docs/:
timeline/, sources/, tags/, languages/, events/, the Atom feeds (feed.xml, and one per tag and
per key event), articles.json and articles.csv, robots.txt, and sitemap.xml.

- Articles are read from `<root>/docs/articles` (root: the folder holding mkdocs.yml, or the
  `root` option); tags and key events from `<root>/feeds/tags.yml` and `events.yml`.
- A page whose front matter is broken is reported as a warning `path:line: message`, so
  `mkdocs build --strict` fails on it; so does an article naming an unknown key event.
- Article pages get a metadata header, older/newer links and their body in `<div lang=..>`,
  and every page under articles/ is sanitised with nh3 whatever its front matter says.
- Placeholders in other pages (`<!-- newsarchive:counts -->`, `<!-- newsarchive:latest 10 -->`,
  `<!-- newsarchive:chart -->`, `highlights`, `unverified`...) are filled in; see `render`.
  `unverified` lists `<root>/feeds/unverified.yml`.
- The theme overrides in `templates/` (Material) are added to the theme's search path, so a
  project needs no `custom_dir`. When mkdocs.yml has no `nav:`, the plugin supplies one.
- The site's address is mkdocs.yml's `site_url`, else the `SITE_URL` environment variable (the
  Pages workflow passes the address it deploys to). With one, pages get canonical links
  (Material's), absolute hreflang alternates and `og:url`, and the feeds, exports, sitemap.xml
  and robots.txt use absolute URLs; without one, they are relative to the file's place and
  there is no sitemap (it needs absolute addresses).
- Every page gets link previews (Open Graph, the Twitter card) and, for an article, a key event
  or an edition's home, structured data (JSON-LD): `render/meta.py`, through `na_page.head`.
- `license` names the licence of the archive's own text: shown in every page's footer (in the
  page's edition), carried in articles.json and articles.csv, and on the page that has the
  `<!-- newsarchive:exports -->` placeholder (the About page), with a line to cite the archive.
- Search is Pagefind's (`search.py`): a generated search/ page, a header link to it, and a
  small search document for each page handed to Pagefind in `on_page_content` (where an
  article's body is at hand), and each edition's index written from `on_env` on (every page
  converted), one after the other, while MkDocs renders the pages; `on_post_build` waits for
  them. An index of more than `search_part_size` pages (3,000 unless set; 0: never) is built
  in parts, one after the other, so Pagefind's memory stays that of one part; the search page
  merges them. The first edition's parts are built while the pages are converted, from the
  words its articles will be found by, foreseen from the archive (`_foreseen_words`); so that
  the story pages' words are known by then too, the article pages are converted last.
  Material's `search` plugin is not needed; `search: none` leaves search to whatever the
  project configures.
- Every page gets a Content-Security-Policy `<meta>` (`csp.py`); `csp: false` turns it off.
- `editions` adds an edition of the site per language (words in `render/i18n.py`): the
  generated pages again under `<lang>/` with that language's words, its own navigation
  (an `on_nav` Navigation handed to the theme per page in `on_page_context`), search page and
  index, and feeds; its story pages are the project's `docs/<lang>/*.md`. Article pages exist
  once and carry every edition's header; the theme shows the reader's (see templates/).
"""

from __future__ import annotations

import functools
import html
import os
import re
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

from . import csp, fragments, render, search, sharedmd
from .archive import front_matter, load_archive, split_front_matter
from .config import ConfigError, load_events, load_tags, load_unverified
from .model import Article, Event, Unverified
from .validate import before_start, story_start

log = get_plugin_logger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
ARTICLES = "articles/"  # where article pages sit in docs/
STORY_PAGES = {"events/index.md"}  # generated pages that search indexes (the others are lists)
SITE_URL_ENV = "SITE_URL"  # the site's address when mkdocs.yml gives none (the Pages workflow's)


class EditionConfig(base.Config):
    site_name = c.Optional(c.Type(str))  # the site's name in that language
    site_description = c.Optional(c.Type(str))  # what the site is, in that language


class LicenseConfig(base.Config):
    name = c.Optional(c.Type(str))  # "CC BY 4.0"
    url = c.Optional(c.URL())  # "https://creativecommons.org/licenses/by/4.0/"


class NewsArchiveConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))
    per_page = c.Type(int, default=render.PER_PAGE)
    feed_size = c.Type(int, default=render.FEED_SIZE)
    chart = c.Type(bool, default=True)
    search = c.Choice(("pagefind", "none"), default="pagefind")
    # Pages per part of a search index (see search.SearchIndex): bounds Pagefind's memory.
    # Unset: search.PART_SIZE; 0: one index whatever the archive's size.
    search_part_size = c.Optional(c.Type(int))
    csp = c.Type(bool, default=True)
    # Language tag -> another edition of the site, under `<lang>/` (see render/i18n.py).
    editions = c.DictOfItems(c.SubConfig(EditionConfig), default={})
    # The licence of the archive's own text (not of the articles it links to).
    license = c.SubConfig(LicenseConfig)  # none unless both are given


class NewsArchivePlugin(BasePlugin[NewsArchiveConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root = Path()
        self.index = render.build_index([])
        self.items: dict[str, render.Item] = {}  # src_uri -> article
        self.generated: dict[str, render.AnyPage] = {}  # src_uri -> generated page
        self.articles_prefix = ARTICLES  # src_uri prefix of article pages
        self.editions: list[render.Edition] = [render.ENGLISH]  # the first at the site's root
        self.nav_specs: dict[str, list] = {}  # other edition's language -> its nav config
        self.navs: dict[str, Navigation] = {}  # other edition's language -> its Navigation
        self.sources: set[str] = set()  # every documentation page's src_uri
        self.search_docs: dict[str, search.SearchIndex] = {}  # edition language -> its index
        self.finishing: Future | None = None  # the indexes being written (search.finish_...)
        self.shared_editions: list[dict] | None = None  # na_page.editions of article pages
        self.shared_md: sharedmd.SharedMarkdown | None = None
        self.site_url: str | None = None  # the site's address, with a trailing slash
        self.license: render.License | None = None
        self.citation = render.Citation(get_build_datetime().date())
        self.event_pages: dict[str, tuple[Event, render.Edition]] = {}  # src_uri -> its event
        self.filled: set[str] = set()  # story pages whose placeholders show the archive
        self.page_urls: dict[str, str] = {}  # every documentation page's src_uri -> site URL
        self.unverified: list[Unverified] = []  # feeds/unverified.yml, for the About pages
        self.icons: fragments.IconSprite | None = None  # the theme's icons, written once

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.per_page < 1:
            raise PluginError("newsarchive: 'per_page' must be at least 1")
        if self.config.feed_size < 0:
            raise PluginError("newsarchive: 'feed_size' must not be negative")
        if self.config.search_part_size is not None and self.config.search_part_size < 0:
            raise PluginError("newsarchive: 'search_part_size' must be 0 (one index) or more")
        self.root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        if not config.site_url and os.environ.get(SITE_URL_ENV, "").strip():
            config.site_url = self._site_url(os.environ[SITE_URL_ENV].strip())
        self.site_url = config.site_url or None
        name, url = self.config.license.name, self.config.license.url
        if bool(name) != bool(url):
            raise PluginError("newsarchive: license needs both a name and a url")
        self.license = render.License(name, url) if name and url else None
        self.citation = render.Citation(get_build_datetime().date(), self.site_url, self.license)
        if config.theme.name == "material":
            # After a project's own custom_dir (which can still override ours), before Material.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        else:
            log.info("theme is not 'material': article pages keep the theme's own layout")
        self.editions = [render.Edition(render.ENGLISH.words, "", config.site_name,
                                        config.site_description or "")]
        for lang, options in self.config.editions.items():
            if lang == render.SITE_LANG or not render.normalize_lang(lang) == lang:
                raise PluginError(f"newsarchive: editions: '{lang}' is not another language "
                                  "tag in lower case, such as 'fr'")
            try:
                self.editions.append(render.edition(
                    lang, site_name=options.site_name or config.site_name,
                    site_description=options.site_description or config.site_description
                    or ""))
            except KeyError as exc:
                raise PluginError(f"newsarchive: editions: {exc.args[0]}") from None
        docs = Path(config.docs_dir)

        def top_pages(folder: str) -> list[str]:
            return sorted(f"{folder}{p.name}" for p in (docs / folder).glob("*.md")
                          if p.name not in ("index.md", "README.md"))

        if config.nav is None:
            config.nav = render.default_nav(top_pages(""), lambda src: (docs / src).is_file())
        self.nav_specs = {ed.lang: render.default_nav(top_pages(ed.prefix),
                                                      lambda src: (docs / src).is_file(), ed)
                          for ed in self.editions[1:]}
        try:
            feeds = self.root / "feeds"
            self.tags = load_tags(feeds / "tags.yml")
            self.events = load_events(feeds / "events.yml")
            self.unverified = load_unverified(feeds / "unverified.yml")
        except ConfigError as exc:
            raise PluginError(f"newsarchive: {exc}") from exc
        return config

    @staticmethod
    def _site_url(value: str) -> str:
        """`SITE_URL` checked as MkDocs checks `site_url`, with the trailing slash it adds."""
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
                or parts.fragment:
            raise PluginError(f"newsarchive: {SITE_URL_ENV}='{value}' is not the address of a "
                              "site, such as https://example.org/archive/")
        return value if value.endswith("/") else value + "/"

    @event_priority(-50)  # after other plugins added their files, like Material's blog plugin
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        articles_dir = (self.root / "docs" / "articles").resolve()
        load = load_archive(articles_dir)
        for err in load.errors:
            log.warning(self._where(err.path, err.line, err.message))
        for problem in load.problems:
            if problem.severity != "error":
                log.info(self._where(problem.path, problem.line, problem.message))
        start = story_start(self.events.values())  # found once, not once per article
        for article in load.articles:  # the rule fetch and validate apply: strict fails on it
            if article.date is not None and not article.date_inferred:
                if early := before_start(article.date, start):
                    log.warning(self._where(article.path, 1, early))

        docs = Path(config.docs_dir).resolve()
        try:  # resolved once: pages are under articles_dir, so no per-file resolve() needed
            prefix = self.articles_prefix = articles_dir.relative_to(docs).as_posix() + "/"
        except ValueError:
            raise PluginError(f"newsarchive: the articles folder {articles_dir} is not inside "
                              f"docs_dir ({docs}); check the 'root' option") from None
        pages: list[tuple[Article, str]] = []
        src_of: dict[int, str] = {}  # id(article) -> src_uri
        seen: dict[str, Path] = {}
        for article in load.articles:
            src = prefix + article.path.relative_to(articles_dir).as_posix()
            file = files.get_file_from_path(src)
            if file is None:  # excluded by exclude_docs or a draft setting
                continue
            if article.id in seen:
                log.warning(self._where(article.path, 1, f"duplicate id '{article.id}' "
                                                           f"(also in {seen[article.id]})"))
            seen[article.id] = article.path
            pages.append((article, file.url))
            src_of[id(article)] = src

        self.index = render.build_index(pages, self.tags, self.events,
                                        directory_urls=config.use_directory_urls)
        self.items = {src_of[id(item.article)]: item for item in self.index.items}
        for item, eid in self.index.unknown_events():
            log.warning(self._where(item.article.path, 1,
                                    f"unknown key event '{eid}' (not in feeds/events.yml)"))

        others = tuple(ed.prefix for ed in self.editions[1:])
        for file in files:
            # Articles are reached from lists; another edition's pages from its own nav.
            if file.is_documentation_page() and file.src_uri.startswith((prefix, *others)):
                file.inclusion = InclusionLevel.NOT_IN_NAV
        self.generated = {}
        self.filled = set()
        self._drop_search_docs()
        self.shared_md = sharedmd.SharedMarkdown(config) if sharedmd.available() else None
        site_url = self.site_url
        for ed in self.editions:
            self._add_edition(files, config, ed, site_url)
        self.event_pages = {ed.src(render.event_src(e.id)): (e, ed)
                            for ed in self.editions for e in self.index.sorted_events()}
        self._add(files, config, "articles.json", render.articles_json(
            self.index, site_url=site_url, title=config.site_name, license=self.license))
        self._add(files, config, "articles.csv", render.articles_csv(
            self.index, site_url=site_url, license=self.license))
        self._add(files, config, "robots.txt", render.robots_txt(site_url))
        for src in src_of.values():  # converted after every other page: `_foreseen_words`
            file = files.get_file_from_path(src)
            files.remove(file)
            files.append(file)
        self.sources = {f.src_uri for f in files if f.is_documentation_page()}
        self.page_urls = {f.src_uri: f.url for f in files if f.is_documentation_page()}
        return files

    def _add_edition(self, files: Files, config: MkDocsConfig, ed: render.Edition,
                     site_url: str | None) -> None:
        """One edition's generated pages, search page (and search documents), home page when
        docs/ has none, and feeds."""
        main = ed is self.editions[0]
        for page in render.site_pages(self.index, per_page=self.config.per_page,
                                      chart=self.config.chart, ed=ed):
            # Content is handed over in on_page_read_source: list pages are built one by one.
            self._add(files, config, page.src_uri, "", in_nav=main and page.in_nav)
            self.generated[page.src_uri] = page
        if self.config.search == "pagefind":
            index = self.search_docs[ed.lang] = search.SearchIndex(
                Path(config.site_dir) / ed.prefix / search.BUNDLE,
                expected=len(self.index.items), lang=ed.lang,
                part_size=search.part_size(self.config.search_part_size))
            if main and len(index.parts) > 1:  # built while the pages are converted
                index.foresee(self._foreseen_words(ed))
            src = ed.src(search.SEARCH_SRC)
            timeline = render.href(render.page_url(src), self.index.page("timeline/index.md", ed))
            self._add(files, config, src, search.search_page(
                timeline, ed.words, bundle=f"{ed.prefix}{search.BUNDLE}/", parts=index.parts,
                module=index.module))
        if files.get_file_from_path(ed.src("index.md")) is None:
            self._add(files, config, ed.src("index.md"),
                      render.default_home(ed.site_name, ed), in_nav=main)
        for feed in render.site_feeds(self.index, ed=ed):
            self._add(files, config, feed.path, render.atom_feed(
                self.index, site_name=config.site_name, site_url=site_url,
                size=self.config.feed_size, feed=feed))

    def _foreseen_words(self, ed: render.Edition) -> set[str]:
        """The words edition `ed`'s search index will find the articles by, from the archive
        (their bodies from Markdown); the story pages are converted before the articles
        (`on_files`), so their words are known before a part of the index is built."""
        words: set[str] = set()
        for item in self.index.items:
            a = item.article
            words |= search.article_words(a, tags=self._search_tags(a, ed), words=ed.words)
            words |= search.markdown_words(a.body)
        return words

    def _search_tags(self, a: Article, ed: render.Edition) -> list[str]:
        """An article's tags as edition `ed` names them in its search index."""
        return [self.index.tag_label(t, ed.lang) for t in a.tags]

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Each other edition's navigation, from the same pages MkDocs made (so the theme marks
        the page being read as active), handed to the theme in on_page_context."""
        self.navs = {}
        self.shared_editions = None
        for ed in self.editions[1:]:
            pages: list[Page] = []
            for entry in self.nav_specs[ed.lang]:
                title, src = next(iter(entry.items())) if isinstance(entry, dict) else (None,
                                                                                         entry)
                file = files.get_file_from_path(src)
                if file is None or not isinstance(file.page, Page):
                    log.warning(f"newsarchive: the {ed.lang} navigation names {src}, which is "
                                "not a page of the site")
                    continue
                if title:
                    file.page.title = title
                pages.append(file.page)
            for before, after in zip(pages, pages[1:], strict=False):
                before.next_page, after.previous_page = after, before
            edition_nav = Navigation(pages, pages)
            edition_nav.homepage = next(
                (p for p in pages if p.file.src_uri == ed.src("index.md")), None)
            self.navs[ed.lang] = edition_nav
        return nav

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Every page's Markdown through one Python-Markdown instance (sharedmd.py)."""
        if self.shared_md is not None and sharedmd.applies_to(page):
            page.render = functools.partial(self.shared_md.render, page)  # type: ignore[method-assign]
        return page

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """A generated page's Markdown, built now (so list pages exist one at a time), or an
        article's body as on_files read it, so MkDocs neither reads the file nor parses its
        front matter again (10,000 times at scale). The empty YAML block keeps MkDocs from
        taking a body's first `Word: text` line for MultiMarkdown metadata."""
        src = page.file.src_uri
        generated = self.generated.get(src)
        if generated is not None:
            return generated.content
        item = self.items.get(src)
        if item is not None:
            return "---\n{}\n---\n" + item.article.body
        if src.startswith(self.articles_prefix) and page.file.abs_src_path:
            # A page on_files could not read as an article (a warning named its file and
            # line): its front matter is left out, so none of its values reaches a template.
            try:
                text = Path(page.file.abs_src_path).read_text(encoding="utf-8",
                                                              errors="replace")
            except OSError:
                return None  # MkDocs reports it
            parts = split_front_matter(text)
            return "---\n{}\n---\n" + (parts[1] if parts else text)
        return None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        src = page.file.src_uri
        if src.startswith(self.articles_prefix):
            item = self.items.get(src)
            if item is not None:  # its front matter was parsed in on_files, not by MkDocs
                page.meta = {**front_matter(item.article), **page.meta}
                # A headline not seen: our description, marked as ours, in <title> too.
                page.meta["title"] = render.shown_title(item.article)
            # Titles reach templates unescaped (Material prints page.title as is): escape once.
            title = page.meta.get("title")
            if isinstance(title, str):
                page.meta["title"] = render.title_text(title)
            if item is not None:
                heading, lang = render.article_title(item.article, self.editions)
                # Per edition, for <title> and the header (our description of a headline not
                # seen is in each edition's words).
                titles = {ed.lang: render.title_text(render.shown_title(item.article, ed.words))
                          for ed in self.editions}
                page.meta["newsarchive"] = {"lang": lang, "dir": render.text_dir(lang),
                                            "title_html": heading, "titles": titles}
                summary, _ = render.summary_shown(item.article, self.editions[0])
                if render.clean(summary):
                    page.meta["description"] = render.text(summary)
            return markdown
        ed = self._edition_of(src) or self.editions[0]
        if src == ed.src(search.SEARCH_SRC):
            page.meta["newsarchive_search"] = True
        if "description" not in page.meta and (description := self._description(src, ed)):
            page.meta["description"] = render.text(description)  # Material prints it as is
        if src in self.generated or "newsarchive:" not in markdown:
            return markdown
        try:
            filled = render.fill_placeholders(markdown, self.index, page.file.url,
                                              chart=self.config.chart, ed=ed,
                                              citation=self.citation,
                                              unverified=self.unverified,
                                              repo_url=config.repo_url)
        except render.PlaceholderError as exc:
            log.warning(f"{page.file.src_uri}: {exc}")
            return markdown
        if filled != markdown:  # it shows the archive: it changes with the newest article
            self.filled.add(src)
        return filled

    def _description(self, src: str, ed: render.Edition) -> str:
        """What a page other than an article is about, as plain text: a key event's own words
        on its page, else the edition's description of the site."""
        found = self.event_pages.get(src)
        if found is not None:
            event, event_ed = found
            return render.clean(event.text(event_ed.lang).description)
        return render.clean(ed.site_description)

    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        src = page.file.src_uri
        ed = self._edition_of(src)
        if ed is not None and ed is not self.editions[0]:
            html_text = self._translate_permalinks(html_text, ed, config)
        generated = self.generated.get(src)
        if self.search_docs and not src.startswith(self.articles_prefix):
            self._add_search_document(page, html_text, generated)
        if generated is not None:
            if page.present_anchor_ids is not None:  # so links to events/#id validate
                page.present_anchor_ids |= generated.anchors()
            # The blocks replace their markers in on_post_page: MkDocs converts every page
            # before it renders any, so filled in here, every list's HTML would be in memory
            # at once (a few hundred MB at 10,000 articles).
            generated.release()
            return html_text
        if not src.startswith(self.articles_prefix):
            return html_text
        item = self.items.get(src)
        if item is None:  # a page that is not a valid article: still never unsanitised
            return render.sanitize_body(html_text)
        if self.search_docs:  # its body is at hand only here, before the header
            self._add_article_search_documents(page, item, html_text)
        return render.article_html(self.index, item, html_text, self.editions)

    @staticmethod
    def _translate_permalinks(html_text: str, ed: render.Edition, config: MkDocsConfig) -> str:
        """Headings' permalinks titled in the edition's language (the toc extension has one
        title for the whole site)."""
        title = (config.mdx_configs.get("toc") or {}).get("permalink_title", "Permanent link")
        words = ed.words.config_words()
        if title not in words:
            return html_text
        link = re.compile(r'(<a class="headerlink" href="[^"]*" title=")' + re.escape(
            html.escape(title)) + '"')
        return link.sub(lambda m: m.group(1) + html.escape(words[title]) + '"', html_text)

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict:
        """What the theme needs to show a page in its edition: that edition's navigation, and
        `na_page` (see `_page_context`)."""
        ed = self._edition_of(page.file.src_uri)
        if ed is not None and ed.lang in self.navs:
            context["nav"] = self.navs[ed.lang]
        context["na_page"] = self._page_context(page, ed, nav, config)
        return context

    def _page_context(self, page: Page, ed: render.Edition | None, nav: Navigation,
                      config: MkDocsConfig) -> dict:
        """`na_page` for the templates: the page's edition (`lang`, None on an article page,
        which every edition shares) and, per edition, where this page is in it, its home,
        search page, feed, words for the switch and the theme, and navigation. URLs are site
        URLs (the templates make them relative with `| url`)."""
        src = page.file.src_uri
        if ed is None and self.shared_editions is not None:  # the same on every article page
            editions = self.shared_editions
        else:
            editions = self._editions_context(src, ed, nav, config)
            if ed is None:
                self.shared_editions = editions
        current = next((x for x in editions if ed is not None and x["lang"] == ed.lang), None)
        in_editions = [e for e, x in zip(self.editions, editions, strict=True)
                       if ed is None or x["url"]]
        return {"lang": ed.lang if ed is not None else None, "edition": current or editions[0],
                "editions": editions, "shared": ed is None,
                "head": self._head(page, ed, in_editions),
                "license": self._license_html(ed)}

    def _editions_context(self, src: str, ed: render.Edition | None, nav: Navigation,
                          config: MkDocsConfig) -> list[dict]:
        permalink = (config.mdx_configs.get("toc") or {}).get("permalink_title",
                                                               "Permanent link")
        bare = src.removeprefix(ed.prefix) if ed is not None else None
        editions = []
        for e in self.editions:
            same = e.src(bare) if bare is not None and e.src(bare) in self.sources else None
            editions.append({
                "lang": e.lang, "default": e is self.editions[0], "site_name": e.site_name,
                "url": render.page_url(same) if same else None,
                # Absolute, for hreflang, when the site's address is known.
                "href": render.absolute(render.page_url(same), self.site_url)
                if same and self.site_url else None,
                "home": self.index.page("index.md", e),
                "search": render.page_url(e.src(search.SEARCH_SRC))
                if self.config.search == "pagefind" else None,
                "bundle": f"{e.prefix}{search.BUNDLE}/",
                "search_title": e.words("search"),
                "feed": e.src("feed.xml"),
                "feed_title": e.words("feed_latest", site=e.site_name),
                "name": e.words("switch_name"), "label": e.words("switch_label"),
                "article_label": e.words("switch_article_label"),
                "config_words": e.words.config_words(),
                "permalink": e.words.config_words().get(permalink, permalink),
                "made_with": e.words("made_with"),
                "nav": self.navs.get(e.lang, nav),
            })
        return editions

    def _license_html(self, ed: render.Edition | None) -> str:
        """The footer's licence line in the page's edition; on an article page, in each."""
        if self.license is None:
            return ""
        if ed is not None:
            return render.license_html(self.license, ed)
        return render.per_edition(self.editions,
                                  lambda e: render.license_html(self.license, e), tag="span")

    def _head(self, page: Page, ed: render.Edition | None,
              in_editions: list[render.Edition]) -> str:
        """A page's link previews and structured data (`render/meta.py`). `in_editions`: the
        editions it exists in (all of them for an article's page, which they share)."""
        src = page.file.src_uri
        url = page.canonical_url if self.site_url else None
        license_url = self.license.url if self.license else None
        locales = [e.words("og_locale") for e in in_editions]
        item = self.items.get(src)
        if ed is None or item is not None:  # an article's page, shared by every edition
            first = self.editions[0]
            if item is None:  # not a valid article: a title, nothing from its front matter
                return render.head_html(render.PageMeta(
                    self._title(page), "", first.site_name,
                    first.words("og_locale"), url, locales))
            a = item.article
            # As the page shows them in its first edition: the headline (or our description,
            # marked as ours, when it was not seen), our summary in that edition's language
            # when we have it.
            title = render.clean(render.shown_title(a, first.words))
            summary = render.clean(a.summary_in(first.lang)[0])
            meta = render.PageMeta(title, summary, first.site_name, first.words("og_locale"),
                                   url, locales, kind="article",
                                   published=render.published(a))
            data = render.article_record(
                a, title=title, description=summary, lang=first.lang,
                site=render.website_ref(first.site_name, self.site_url), url=url,
                license_url=license_url)
            return render.head_html(meta, data)
        home = src == ed.src("index.md")
        title = ed.site_name if home else self._title(page)
        description = self._description(src, ed)
        meta = render.PageMeta(title, description, ed.site_name, ed.words("og_locale"), url,
                               locales)
        data = None
        if home:
            search_url = (render.absolute(render.page_url(ed.src(search.SEARCH_SRC)),
                                          self.site_url)
                          if self.site_url and self.config.search == "pagefind" else None)
            data = render.website_data(name=ed.site_name, description=ed.site_description,
                                       lang=ed.lang, url=url, search=search_url,
                                       license_url=license_url)
        elif (found := self.event_pages.get(src)) is not None:
            event = found[0]
            data = render.event_data(event, name=event.text(ed.lang).title,
                                     description=description,
                                     start=render.event_when(event, ed)[0], url=url)
        return render.head_html(meta, data)

    @staticmethod
    def _title(page: Page) -> str:
        """A page's title as plain text, as its <title> has it (front matter first; generated
        pages' titles are HTML-escaped there, see `render.title_text`)."""
        title = page.meta.get("title") if page.meta else None
        return html.unescape(render.clean(title if isinstance(title, str) else page.title))

    def _edition_of(self, src: str) -> render.Edition | None:
        """The edition a page belongs to; None for an article page, which they all share."""
        if src.startswith(self.articles_prefix):
            return None
        for ed in self.editions[1:]:
            if src.startswith(ed.prefix):
                return ed
        return self.editions[0]

    @event_priority(-100)  # last: other plugins may still want the page's content
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.config.csp:
            output = csp.add_policy(output, page.content or "")
        src = page.file.src_uri
        generated = self.generated.get(src)
        if generated is not None:
            output = generated.html(output)
            generated.release()
            # MkDocs keeps every page's HTML until the build ends; a list page is ours, written
            # now and needed by nothing after, so let it go.
            page.content = None
        return output

    def on_template_context(self, context: dict, *, template_name: str,
                            config: MkDocsConfig) -> dict:
        """The page any address that is no page of the site shows (404.html, at absolute
        URLs): every edition's header, navigation and message (`templates/404.html`), shown
        in the reader's edition, as on an article page, or in the edition whose folder the
        address is in."""
        if template_name != "404.html":
            return context
        editions = self._editions_context(template_name, None, context["nav"], config)
        base = (context.get("base_url") or "/").rstrip("/") + "/"  # a path: error pages' URLs

        def link(url: str, label: str) -> str:
            return f'<a href="{html.escape(base + url)}">{render.text(label)}</a>'

        searches = {e["lang"]: e["search"] for e in editions}  # None without Pagefind

        def message(ed: render.Edition) -> str:
            w = ed.words
            timeline = link(self.index.page("timeline/index.md", ed), w("search_timeline"))
            if searches[ed.lang]:
                text = w.html("not_found_text", timeline=timeline,
                              search=link(searches[ed.lang], w("not_found_search")))
            else:
                text = w.html("not_found_text_timeline", timeline=timeline)
            return f"<h1>{render.text(w('not_found_heading'))}</h1><p>{text}</p>"

        # Each other edition's folder: a missing address in it is answered in its language.
        prefixes = " ".join(f"{ed.lang} {base}{ed.prefix}" for ed in self.editions[1:])
        context["na_page"] = {"lang": None, "edition": editions[0], "editions": editions,
                              "shared": True, "head": "", "license": self._license_html(None),
                              "prefixes": prefixes,
                              "not_found": render.per_edition(self.editions, message)}
        return context

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if template_name == "sitemap.xml":
            return self._sitemap()  # empty without an address: MkDocs then writes no file
        if not self.config.csp or not template_name.endswith(".html"):
            return output_content
        return csp.add_policy(output_content)  # 404.html and other static pages

    def _sitemap(self) -> str:
        """Every page of every edition once, with its versions in the other editions and the
        date of the newest article it shows (`render/sitemap.py`)."""
        if not self.site_url:
            return ""
        newest = self.index.dated[0].article.date if self.index.dated else None
        entries = []
        for src, url in self.page_urls.items():
            item, generated = self.items.get(src), self.generated.get(src)
            if item is not None:
                lastmod: datetime | None = item.article.date
            elif generated is not None:
                lastmod = generated.lastmod
            else:
                lastmod = newest if src in self.filled else None
            versions = []
            ed = self._edition_of(src)
            if ed is not None:
                bare = src.removeprefix(ed.prefix)
                versions = [(e.lang, self.page_urls[e.src(bare)]) for e in self.editions
                            if e.src(bare) in self.page_urls]
            entries.append(render.SitemapEntry(url, lastmod, render.alternates(versions)))
        if len(entries) > render.MAX_URLS:
            log.warning(f"sitemap.xml lists {len(entries)} pages, more than the "
                        f"{render.MAX_URLS} a sitemap may hold: search engines will ignore it")
        return render.sitemap_xml(entries, self.site_url)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Every page is converted and its search document handed over: what is left of the
        indexes (the last part of one built as pages came, or all of one) is built now, one
        edition after the other, while MkDocs renders the pages. The theme
        renders once what article pages share, and its icons once for the site
        (`fragments.py`)."""
        env.add_extension(fragments.CompactTemplates)
        env.add_extension(fragments.FragmentCache)
        env.add_extension(fragments.IconSprite)
        self.icons = env.extensions[fragments.IconSprite.identifier]
        if self.search_docs and self.finishing is None:
            self.finishing = search.finish_in_background(list(self.search_docs.values()))
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.icons is not None:  # every icon the pages refer to (fragments.py)
            self.icons.write_sprite(config.site_dir)
        if not self.search_docs:
            return
        langs = list(self.search_docs)
        finishing = self.finishing or search.finish_in_background(list(self.search_docs.values()))
        try:
            summaries = finishing.result()
        except search.SearchIndexError as exc:
            raise PluginError(f"newsarchive: search index: {exc}") from exc
        finally:
            self.search_docs, self.finishing = {}, None
        for lang, summary in zip(langs, summaries, strict=True):
            log.info(f"search ({lang}): {summary}")

    def on_build_error(self, *, error: Exception) -> None:
        self._drop_search_docs()

    def _drop_search_docs(self) -> None:
        """Stop the Pagefind processes of a build that did not finish."""
        for index in self.search_docs.values():
            index.abort()
        if self.finishing is not None:
            self.finishing.exception()  # wait for it to see its processes gone
        self.search_docs, self.finishing = {}, None

    def _add_article_search_documents(self, page: Page, item: render.Item,
                                      body_html: str) -> None:
        """An article by the text its page shows (title, source, summary, tags and body), once
        per edition: filed under that edition's facets, in its index."""
        a = item.article
        body = search.body_text(body_html)
        for ed in self.editions:
            docs = self.search_docs.get(ed.lang)
            if docs is None:
                continue
            language = ed.words.language_label(render.normalize_lang(a.lang)).split(" (")[0]
            document = search.article_document(a, language=language,
                                               tags=self._search_tags(a, ed), body=body,
                                               words=ed.words)
            self._index(docs, page, document)

    def _add_search_document(self, page: Page, content: str,
                             generated: render.AnyPage | None) -> None:
        """Story pages in full, in their edition's index; lists not at all (articles are added
        by `_add_article_search_documents`)."""
        src = page.file.src_uri
        ed = self._edition_of(src)
        if ed is None or src == ed.src(search.SEARCH_SRC) or (
                generated is not None and src.removeprefix(ed.prefix) not in STORY_PAGES):
            return
        if generated is not None:
            content = generated.html(content)
        document = search.search_document(html.unescape(page.title or ""), content,
                                          lang=ed.lang)
        self._index(self.search_docs[ed.lang], page, document)

    @staticmethod
    def _index(index: search.SearchIndex, page: Page, document: str) -> None:
        try:
            index.add(page.file.dest_uri, document)
        except search.SearchIndexError as exc:
            raise PluginError(f"newsarchive: search index: {exc}") from exc

    # -----------------------------------------------------------------------------------------

    def _where(self, path: Path | None, line: int | None, message: str) -> str:
        shown = path
        if path is not None:
            try:
                shown = Path(path).resolve().relative_to(self.root)
            except ValueError:
                pass
        return f"{shown}:{line}: {message}" if line else f"{shown}: {message}"

    @staticmethod
    def _add(files: Files, config: MkDocsConfig, src_uri: str, content: str, *,
             in_nav: bool = False) -> None:
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            if existing.generated_by is None:
                log.warning(f"docs/{src_uri} exists, but newsarchive generates this page at "
                            "build time: remove the file")
            files.remove(existing)
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))

