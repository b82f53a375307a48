"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from feedserver import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A fresh local HTTP server on 127.0.0.1 (see tests/feedserver.py)."""
    server = FeedServer()
    try:
        yield server
    finally:
        server.close()
