"""The lock files keep their promise: the same bytes install next year, with any pip.

The Makefile has the interpreter's own pip install only requirements-tools.lock (uv and
setuptools: no dependencies, no extras, nothing an old pip mishandles), then uv installs the
other locks. These checks read the files; CI's `.ci/run` runs the real install on a clean clone.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ("requirements-tools.lock", "requirements.lock", "requirements-dev.lock")
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)(?: ; (.+?))?\s*\\?$")


def pins(name: str) -> dict[tuple[str, str], str]:
    """(package, marker) -> version, checking every requirement line on the way."""
    found: dict[tuple[str, str], str] = {}
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line or line[0] in "# ":
            continue
        assert not line.startswith("-"), f"{name}:{number}: machine-specific option {line!r}"
        match = PIN.match(line)
        assert match, f"{name}:{number}: not pinned with == : {line!r}"
        following = lines[number] if number < len(lines) else ""
        assert "--hash=sha256:" in following, f"{name}:{number}: {match[1]} has no hash"
        found[(match[1].lower(), match[3] or "")] = match[2]
    return found


@pytest.mark.parametrize("name", LOCKS)
def test_every_requirement_is_pinned_hashed_and_index_neutral(name: str) -> None:
    assert pins(name)


def test_dev_lock_is_the_runtime_lock_plus_the_test_tools() -> None:
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {key: dev.get(key) for key in runtime} == runtime


def test_tools_lock_holds_only_what_an_old_pip_installs_safely() -> None:
    tools = pins("requirements-tools.lock")
    assert {package for package, _ in tools} == {"uv", "setuptools"}
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    for spec in build["requires"]:
        requirement = Requirement(spec)
        version = tools[(requirement.name, "")]
        assert SpecifierSet(str(requirement.specifier)).contains(version), (
            f"the pinned {requirement.name} {version} does not satisfy the build's {spec}")
