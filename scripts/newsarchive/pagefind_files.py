"""Writes an index Pagefind's service sent (its answer to GetFiles) into a folder, as a process
of its own: `python -m newsarchive.pagefind_files OUTPUT [--index-only] < answer.json`.

The answer holds every file of the index (10,000 fragments and more for 10,000 articles). Written
by a thread of the build, each file's write waited for the interpreter's lock while MkDocs
rendered pages: 14 s for one edition's index. A process of its own writes them on the second
core in a second. Only the standard library: it starts in a few milliseconds. Prints the files
written, one a line; exits 1 with the reason when the answer is not an index.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path

# The answer to GetFiles, as serde_json writes it: {"path":"...","content":"<base64>"} each.
_FILE = re.compile(rb'\{"path":"((?:[^"\\]|\\.)*)","content":"([A-Za-z0-9+/=]*)"\}')
# What a merged part needs (the first part's copy of Pagefind's scripts and WebAssembly serves
# them all): its entry, metadata, word index, filters and fragments.
INDEX_FILES = ("pagefind-entry.json", "index/", "filter/", "fragment/")
ENTRY = "pagefind-entry.json"


def write_index(answer: bytes, output: Path, *, index_only: bool = False) -> list[str]:
    """Write the files of `answer` under `output`; their names, in order."""
    written: list[str] = []
    folders: set[Path] = set()
    for found in _FILE.finditer(answer):
        name = Path(json.loads(b'"' + found.group(1) + b'"'))
        if name.is_absolute() or ".." in name.parts:
            raise ValueError(f"Pagefind named a file outside its folder: {name}")
        posix = name.as_posix()
        if index_only and not (posix.startswith(INDEX_FILES) or name.suffix == ".pf_meta"):
            continue
        path = output / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(found.group(2)))
        written.append(posix)
    if ENTRY not in written:
        raise ValueError("Pagefind's answer holds no index")
    return written


def main(argv: list[str]) -> int:
    output = Path(argv[0])
    try:
        written = write_index(sys.stdin.buffer.read(), output, index_only="--index-only" in argv)
    except (OSError, ValueError) as exc:
        print(f"could not write the index to {output}: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write("".join(f"{name}\n" for name in written))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
