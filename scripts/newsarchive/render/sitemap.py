"""sitemap.xml and robots.txt: where a search engine finds every page of the hosted site.

The sitemap (sitemaps.org 0.9) lists every page of every edition once, an article's page once
(the editions share it); a page that exists in several editions names each of them and itself
with `<xhtml:link rel="alternate" hreflang>`, plus `x-default` (the first edition's), as Google
reads localised versions. `lastmod` is the date of the newest article the page shows. A sitemap
needs absolute addresses: without the site's address there is none, and robots.txt names none.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from .common import absolute, iso

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000  # per sitemap file (sitemaps.org)
X_DEFAULT = "x-default"


@dataclass(frozen=True)
class SitemapEntry:
    """One page: its site URL, the newest article it shows, and the same page in each edition
    ((hreflang, site URL) pairs, itself and x-default included; none for a page in one)."""

    url: str
    lastmod: datetime | None = None
    alternates: Sequence[tuple[str, str]] = ()


def sitemap_xml(entries: Iterable[SitemapEntry], site_url: str) -> str:
    """The sitemap of `entries`, with absolute addresses under `site_url`."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in entries:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute(entry.url, site_url)
        if entry.lastmod is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = iso(entry.lastmod)
        for lang, other in entry.alternates:
            ET.SubElement(url, f"{{{XHTML_NS}}}link", {
                "rel": "alternate", "hreflang": lang, "href": absolute(other, site_url)})
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def alternates(versions: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """A page's versions ((language, site URL), the first edition's first) as hreflang
    alternates: each of them, then x-default for the first; none for a page in one edition."""
    if len(versions) < 2:
        return []
    return [*versions, (X_DEFAULT, versions[0][1])]


def robots_txt(site_url: str | None) -> str:
    """Every page may be crawled; with the site's address, where its sitemap is. (Crawlers read
    robots.txt only at the root of a host: for a site under a sub-path, such as a GitHub Pages
    project site, submit the sitemap's address to the search engine instead.)"""
    lines = ["User-agent: *", "Disallow:"]
    if site_url:
        lines += ["", f"Sitemap: {absolute('sitemap.xml', site_url)}"]
    return "\n".join(lines) + "\n"
