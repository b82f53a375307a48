"""GitHub Actions workflow commands (`::error file=…,line=…::message`), escaped so that a
message holding `%`, `:`, `,` or a line break still reaches the run's annotations whole."""

from __future__ import annotations


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(kind: str, message: str, **properties: object) -> str:
    """One `::kind key=value,…::message` line; properties that are None are left out."""
    props = ",".join(f"{key}={_property(str(value))}" for key, value in properties.items()
                     if value is not None)
    return f"::{kind}{' ' + props if props else ''}::{_data(message)}"
