"""What differs between two versions of an output, said where it can be read.

`explain(path, old, new)` returns notes (findings of severity "note") for the changed cells of
a table CSV (at their row and column), the changed values of a values.json, and the first
differing paragraph of an article (DOCX paragraphs, PDF text, Markdown). Other files, such as
images, get no note: their hashes already say they differ.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import PurePosixPath

from scripts.core.errors import NOTE, Finding, finding

# More than this many changed cells or values of one file are summed up in one note.
MAX_NOTES = 10
QUOTE = 80


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return repr(text if len(text) <= QUOTE else text[: QUOTE - 1] + "…")


def _note(path: str, rule: str, message: str, line: int | None = None, column=None) -> Finding:
    return finding(path, rule, message, line=line, column=column, severity=NOTE)


def _capped(path: str, notes: list[Finding], what: str) -> list[Finding]:
    if len(notes) <= MAX_NOTES:
        return notes
    return notes[:MAX_NOTES] + [_note(path, "more-changes", f"and {len(notes) - MAX_NOTES} more changed {what}")]


def csv_changes(path: str, old: str, new: str) -> list[Finding]:
    """Changed cells at their row (as a spreadsheet numbers it) and column; rows added or removed."""
    before, after = list(csv.reader(io.StringIO(old))), list(csv.reader(io.StringIO(new)))
    if not before or not after or before[0] != after[0]:
        header = ", ".join(after[0]) if after else "none"
        return [_note(path, "changed-columns", f"the columns are now: {header}", line=1)]
    header, notes = before[0], []
    for row, (a, b) in enumerate(zip(before[1:], after[1:]), start=2):
        notes += [
            _note(path, "changed-cell", f"{_short(x)} → {_short(y)}", line=row, column=name)
            for name, x, y in zip(header, a, b)
            if x != y
        ]
    extra = len(after) - len(before)
    if extra:
        first = min(len(before), len(after)) + 1
        notes.append(
            _note(
                path,
                "changed-rows",
                f"{abs(extra)} row(s) {'added' if extra > 0 else 'removed'} from row {first} on",
                line=first,
            )
        )
    return _capped(path, notes, "cells")


def _shown(entry) -> str:
    """A values.json entry as a note quotes it."""
    return "absent" if entry is None else _short(entry.get("value") if isinstance(entry, dict) else entry)


def values_changes(path: str, old: str, new: str) -> list[Finding]:
    """Each value whose entry changed, appeared or disappeared."""
    before, after = json.loads(old), json.loads(new)
    notes = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a != b:
            notes.append(_note(path, "changed-value", f"{key}: {_shown(a)} → {_shown(b)}"))
    return _capped(path, notes, "values")


def excerpts(old: str, new: str, before: int = 30) -> tuple[str, str]:
    """The two texts from a little before the first character where they part."""
    old, new = " ".join(old.split()), " ".join(new.split())
    same = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    start = max(0, same - before)
    cut = lambda text: ("…" if start else "") + text[start:]  # noqa: E731
    return _short(cut(old)), _short(cut(new))


def first_paragraph_change(path: str, old: list[str], new: list[str], unit: str = "paragraph") -> list[Finding]:
    """The first paragraph (1-based) where the two texts part, quoted from where they part."""
    for number, (a, b) in enumerate(zip(old, new), start=1):
        if a != b:
            was, now = excerpts(a, b)
            return [_note(path, "changed-text", f"{unit} {number}: {was} → {now}")]
    if len(old) != len(new):
        n = min(len(old), len(new)) + 1
        return [_note(path, "changed-text", f"from {unit} {n} on: {len(new) - len(old):+d} {unit}(s)")]
    return []


def paragraphs(suffix: str, data: bytes) -> list[str] | None:
    """The paragraphs of an article file; None for a file that is not one (or not readable here)."""
    if suffix == ".docx":
        import docx

        return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    if suffix == ".pdf":
        try:
            import pypdf
        except ImportError:
            return None
        text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)
        return [line for line in text.splitlines() if line.strip()]
    if suffix == ".md":
        return [block for block in data.decode("utf-8").split("\n\n") if block.strip()]
    return None


def explain(path: str, old: bytes, new: bytes) -> list[Finding]:
    """Notes on what differs between `old` and `new`, the two versions of the output `path`."""
    suffix = PurePosixPath(path).suffix
    if suffix == ".csv":
        return csv_changes(path, old.decode("utf-8"), new.decode("utf-8"))
    if PurePosixPath(path).name == "values.json":
        return values_changes(path, old.decode("utf-8"), new.decode("utf-8"))
    before, after = paragraphs(suffix, old), paragraphs(suffix, new)
    if before is None or after is None:
        return []
    unit = "text line" if suffix == ".pdf" else "paragraph"  # PDF text comes as lines, not paragraphs
    return first_paragraph_change(path, before, after, unit) or [
        _note(path, "changed-text", "the text is the same; the difference is in layout, images or file structure")
    ]
