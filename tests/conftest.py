"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from feedserver import FeedServer
from waybackfake import WaybackFake

# No test reaches the Internet Archive: archived copies are off (in this process and in every
# `newsarchive` subprocess a test starts) unless a test turns them on against `wayback_fake`.
os.environ["NEWSARCHIVE_ARCHIVE_COPIES"] = "0"
os.environ.pop("NEWSARCHIVE_WAYBACK_URL", None)
# Builds have no address unless a test gives one (SITE_URL, as the Pages workflow does).
os.environ.pop("SITE_URL", None)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A fresh local HTTP server on 127.0.0.1 (see tests/feedserver.py)."""
    server = FeedServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def wayback_fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[WaybackFake]:
    """The Wayback Machine's endpoints on 127.0.0.1 (tests/waybackfake.py), archived copies on,
    and its requests spaced by milliseconds instead of seconds."""
    from newsarchive import wayback

    fake = WaybackFake()
    monkeypatch.setenv(wayback.ENV_URL, fake.base_url)
    monkeypatch.setenv(wayback.ENV_SWITCH, "1")
    fast = dict(lookup_interval=0.0, save_interval=0.01, poll_interval=0.01, budget=10.0)
    real = wayback.WaybackOptions.from_env.__func__

    def from_env(cls, env=None, **overrides):
        return real(cls, env, **{**fast, **overrides})

    monkeypatch.setattr(wayback.WaybackOptions, "from_env", classmethod(from_env))
    try:
        yield fake
    finally:
        fake.close()
