"""Build the committed archive with every supported engine and prove the sites are the same.

MkDocs 1.6.1 is the last MkDocs 1.x; ProperDocs continues it. The project's rendering is its own
(pure functions in newsarchive.render), so both engines must produce the same files: byte for byte,
except the `<meta name="generator">` line, and except Pagefind's index, whose fragment names
change from one build to the next with any engine (only its page counts are compared).

Usage: python scripts/ci/engines.py [OUT_DIR]    (default: site-engines/)
Exit 0 when every engine built with --strict and the sites match; 1 otherwise.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ENGINES = ("mkdocs", "properdocs")
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(engine: str, out: Path) -> list[str]:
    """Build into `out` with --strict; return the problems (a failed build, any warning)."""
    exe = Path(sys.executable).with_name(engine)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([str(exe), "build", "--strict", "--site-dir", str(out)],
                         capture_output=True, text=True, env=env)
    warnings = [line for line in run.stderr.splitlines() if line.startswith("WARNING")]
    problems = [f"{engine}: {line}" for line in warnings]
    if run.returncode != 0:
        tail = "\n".join(run.stderr.splitlines()[-5:])
        problems.append(f"{engine}: build failed (exit {run.returncode})\n{tail}")
    return problems


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def is_search_index(rel: str) -> bool:
    return "pagefind/" in rel and not rel.endswith(("pagefind-entry.json", ".js", ".css"))


def page_counts(path: Path) -> dict[str, int]:
    entry = json.loads(path.read_text(encoding="utf-8"))
    return {lang: info["page_count"] for lang, info in entry["languages"].items()}


def compare(a: Path, b: Path) -> list[str]:
    """What differs between two built sites, beyond the generator line and index fragments."""
    fa, fb = files(a), files(b)
    keys_a = {k for k in fa if not is_search_index(k)}
    keys_b = {k for k in fb if not is_search_index(k)}
    problems = [f"only in {a.name}: {k}" for k in sorted(keys_a - keys_b)]
    problems += [f"only in {b.name}: {k}" for k in sorted(keys_b - keys_a)]
    for rel in sorted(keys_a & keys_b):
        if rel.endswith("pagefind-entry.json"):
            if page_counts(fa[rel]) != page_counts(fb[rel]):
                problems.append(f"{rel}: search indexes hold different page counts")
            continue
        da, db = fa[rel].read_bytes(), fb[rel].read_bytes()
        if da != db and GENERATOR.sub(b"", da) != GENERATOR.sub(b"", db):
            problems.append(f"{rel}: differs")
    return problems


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "site-engines")
    shutil.rmtree(out, ignore_errors=True)
    problems: list[str] = []
    for engine in ENGINES:
        problems += build(engine, out / engine)
    if not problems:
        first, *others = (out / e for e in ENGINES)
        for other in others:
            problems += compare(first, other)
    for line in problems[:50]:
        print(line, file=sys.stderr)
    if problems:
        print(f"engines: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    count = len(files(out / ENGINES[0]))
    print(f"engines: {', '.join(ENGINES)} built {count} files each with --strict, 0 warnings, "
          "identical but for the generator line and Pagefind's fragment names")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
