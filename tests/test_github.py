"""Workflow commands keep a message whole, whatever characters it holds."""

from __future__ import annotations

from newsarchive.github import workflow_command


def test_message_and_properties_are_escaped():
    line = workflow_command("error", "100% sure:\nline two\r", file="docs/a,b:c.md", line=3)
    assert line == "::error file=docs/a%2Cb%3Ac.md,line=3::100%25 sure:%0Aline two%0D"


def test_no_properties_and_none_left_out():
    assert workflow_command("warning", "plain") == "::warning::plain"
    assert workflow_command("warning", "x", title=None, line=1) == "::warning line=1::x"
