"""Every page's Markdown converted by one Python-Markdown instance, instead of one per page.

MkDocs builds a new `markdown.Markdown`, extensions and all, for each page (`Page.render`):
a tenth of the build's own time at 10,000 articles, before a word is converted.
`SharedMarkdown.render` is that method with one instance per build, reset between pages
(Python-Markdown's documented way to reuse one), and MkDocs' own steps for each page
registered on it as MkDocs registers them: links to other pages made relative and checked,
the page's anchors and title collected. Those steps are MkDocs 1.6's private classes; without
them (another MkDocs), or for a page of another engine (ProperDocs has its own `Page`), pages
render as their engine renders them (`available`, `applies_to`).
`NEWSARCHIVE_SHORTCUTS=0` (fragments.py) turns this off too; the test suite compares the
two builds byte for byte.
"""

from __future__ import annotations

import logging
import os

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .fragments import ENV_SWITCH

_STEPS = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor", "_RelativePathTreeprocessor",
          "_ExtractTitleTreeprocessor")


def available() -> bool:
    return os.environ.get(ENV_SWITCH) != "0" and all(hasattr(mkdocs_pages, n) for n in _STEPS)


def applies_to(page: Page) -> bool:
    """Only where the page renders with the very method `render` copies (not under another
    engine's Page class, such as ProperDocs')."""
    return getattr(type(page), "render", None) is mkdocs_pages.Page.render


class SharedMarkdown:
    def __init__(self, config: MkDocsConfig) -> None:
        self.md = markdown.Markdown(extensions=config.markdown_extensions,
                                    extension_configs=config.mdx_configs or {})

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """`Page.render` (MkDocs 1.6), with the shared instance."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self.md
        md.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors
