"""newsarchive: archive the news coverage of one story as a searchable static site.

The pipeline, one module per stage: fetch -> parse -> select -> sanitize/convert -> archive
(pages on disk); validate checks pages; render and plugin build the site with MkDocs.
"""

__version__ = "0.1.0"
