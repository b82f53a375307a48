"""Writes an index Pagefind's service sent (its answer to GetFiles) into a folder, as a process
of its own: `python -m newsarchive.pagefind_files OUTPUT [--index-only] [--hidden URL]
< answer.json`.

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
import zlib
from dataclasses import dataclass, field
from pathlib import Path

# The answer to GetFiles, as serde_json writes it: {"path":"...","content":"<base64>"} each.
_FILE = re.compile(rb'\{"path":"((?:[^"\\]|\\.)*)","content":"([A-Za-z0-9+/=]*)"\}')
# What a merged part needs (the first part's copy of Pagefind's scripts and WebAssembly serves
# them all): its entry, metadata, word index, filters and fragments.
INDEX_FILES = ("pagefind-entry.json", "index/", "filter/", "fragment/")
ENTRY = "pagefind-entry.json"
HIDDEN_LINE = "hidden: "
# A page's record (fragment/<id>.pf_fragment): gzip of this prefix and JSON that opens with the
# page's URL, as serde_json writes it.
_FRAGMENT = ("fragment/", ".pf_fragment")
_RECORD = b'pagefind_dcd{"url":'


@dataclass
class Written:
    files: list[str] = field(default_factory=list)  # in order
    hidden: str | None = None  # the id of the page not written


def page_url(fragment: bytes) -> str | None:
    """The URL a page's record names, reading no more of it than needed."""
    head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fragment, 4096)
    if not head.startswith(_RECORD):
        return None
    found = re.match(rb'"((?:[^"\\]|\\.)*)"', head[len(_RECORD):])
    return json.loads(found.group()) if found else None


def write_index(answer: bytes, output: Path, *, index_only: bool = False,
                hidden: str | None = None) -> Written:
    """Write the files of `answer` under `output`, but the record of the page at URL `hidden`."""
    written = Written()
    folders: set[Path] = set()
    for found in _FILE.finditer(answer):
        name = Path(json.loads(b'"' + found.group(1) + b'"'))
        if name.is_absolute() or ".." in name.parts:
            raise ValueError(f"Pagefind named a file outside its folder: {name}")
        posix = name.as_posix()
        if index_only and not (posix.startswith(INDEX_FILES) or name.suffix == ".pf_meta"):
            continue
        data = base64.b64decode(found.group(2))
        if (hidden and written.hidden is None and posix.startswith(_FRAGMENT[0])
                and posix.endswith(_FRAGMENT[1]) and page_url(data) == hidden):
            written.hidden = posix.removeprefix(_FRAGMENT[0]).removesuffix(_FRAGMENT[1])
            continue
        path = output / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        with open(path, "wb") as fh:
            fh.write(data)
        written.files.append(posix)
    if ENTRY not in written.files:
        raise ValueError("Pagefind's answer holds no index")
    if hidden and written.hidden is None:
        raise ValueError(f"Pagefind's answer holds no page {hidden}")
    return written


def main(argv: list[str]) -> int:
    output = Path(argv[0])
    hidden = argv[argv.index("--hidden") + 1] if "--hidden" in argv[:-1] else None
    try:
        written = write_index(sys.stdin.buffer.read(), output,
                              index_only="--index-only" in argv, hidden=hidden)
    except (OSError, ValueError, zlib.error) as exc:
        print(f"could not write the index to {output}: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write("".join(f"{name}\n" for name in written.files))
    if written.hidden is not None:
        sys.stdout.write(f"{HIDDEN_LINE}{written.hidden}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
