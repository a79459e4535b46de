"""A synthetic manuscript N times the article: text, citations, references and data rows grown together.

In a copy of the repository, `grow(repo, n)` makes every section of every edition hold its
body n times and gives the data and the bibliography n times the rows and entries:

- copy k (2..n) of a section drops the lines that place a table or figure (each is placed
  once) and cites copy k of every reference, `@key` → `@keyxk`;
- bib/references.bib gets copy k of every entry under that key;
- sources.csv, coded_segments.csv and accounts.csv get copy k of every row with fresh ids
  (`S01` → `S01x2`, `SEG01` → `SEG01x2`, `@tangerangtv` → `@tangerangtv_2`), so the
  findings and accounts tables, the values and the reference list all grow with the text.

n = 1 leaves the repository as it is. The data stays valid against
`python -m scripts.data.validate data/raw`; `check_data` runs it.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import yaml

BLOCK = re.compile(r"^\s*\{\{(table|figure):[A-Za-z0-9_-]+\}\}\s*$")
# A pandoc citation key after `@`: starts and ends with a word character, internal punctuation
# allowed. Escaped `\@handle` and `@tbl:`/`@fig:` labels are left alone (not bibliography keys).
CITATION = re.compile(r"(?<![\\\w])@(\w(?:[\w:.#$%&\-+?<>~/]*\w)?)")
ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.M)
NOT_ENTRIES = {"comment", "string", "preamble"}


def copy_key(key: str, k: int) -> str:
    return f"{key}x{k}"


def grow(repo: Path, n: int) -> None:
    if n < 1:
        raise ValueError("the scale is a whole number from 1 up")
    if n == 1:
        return
    keys = grow_bibliography(repo / "bib" / "references.bib", n)
    config = yaml.safe_load((repo / "config.yaml").read_text(encoding="utf-8"))
    for lang in config["languages"]:
        for section in config["sections"]:
            path = repo / "manuscript" / lang / f"{section}.md"
            path.write_text(grow_section(path.read_text(encoding="utf-8"), n, keys), encoding="utf-8")
    raw = repo / "data" / "raw"
    grow_rows(raw / "sources.csv", n, {"source_id": lambda v, k: f"{v}x{k}"})
    grow_rows(
        raw / "coded_segments.csv", n, {"segment_id": lambda v, k: f"{v}x{k}", "source_id": lambda v, k: f"{v}x{k}"}
    )
    grow_rows(raw / "accounts.csv", n, {"handle": lambda v, k: f"{v}_{k}"})


def grow_section(text: str, n: int, keys: set[str]) -> str:
    body = text.rstrip("\n")
    copies = [body]
    for k in range(2, n + 1):
        lines = [line for line in body.splitlines() if not BLOCK.match(line)]
        copy = "\n".join(lines)
        copies.append(CITATION.sub(lambda m, k=k: f"@{copy_key(m[1], k)}" if m[1] in keys else m[0], copy))
    return "\n\n".join(copies) + "\n"


def grow_bibliography(path: Path, n: int) -> set[str]:
    """Append copies 2..n of every entry; return the keys of the original entries."""
    text = path.read_text(encoding="utf-8")
    found = list(ENTRY.finditer(text))
    starts = [m.start() for m in found]
    entries = [
        text[a:b].rstrip()
        for m, a, b in zip(found, starts, starts[1:] + [len(text)])
        if m[1].lower() not in NOT_ENTRIES
    ]
    keys = {m[2] for m in found if m[1].lower() not in NOT_ENTRIES}
    extra = []
    for k in range(2, n + 1):
        for entry in entries:
            extra.append(ENTRY.sub(lambda m, k=k: f"@{m[1]}{{{copy_key(m[2], k)},", entry, count=1))
    path.write_text(text.rstrip("\n") + "\n\n" + "\n\n".join(extra) + "\n", encoding="utf-8")
    return keys


def grow_rows(path: Path, n: int, fresh: dict) -> None:
    """Append copies 2..n of every data row, with fresh values in the key columns."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    header, data = rows[0], [r for r in rows[1:] if any(cell for cell in r)]
    columns = {name: header.index(name) for name in fresh}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(data)
    for k in range(2, n + 1):
        for row in data:
            row = list(row)
            for name, index in columns.items():
                row[index] = fresh[name](row[index], k)
            writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")


def check_data(repo: Path) -> None:
    """The grown data must pass the project's validator, or the benchmark would time an error."""
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.data.validate", "data/raw"], cwd=repo, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise ValueError(f"synthetic data in {repo} is not valid:\n{proc.stdout}{proc.stderr}")
