"""What differs between two versions of an output, said where it can be read.

`explain(path, old, new)` returns notes (findings of severity "note") for the changed cells of
a table CSV (at their row and column), the changed values of a values.json, the first
differing paragraph of an article (DOCX paragraphs, PDF text, Markdown) and, in a DOCX, each
changed table cell (by table, row and column) and the first changed header, footer or
footnote. Other files, such as images, get no note: their hashes already say they differ.
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


def docx_cells(document) -> list[tuple[str, str]]:
    """Each table cell of a DOCX with where it is: table number, row number, column (its heading, when it has one)."""
    cells = []
    for number, table in enumerate(document.tables, start=1):
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        heading = rows[0] if rows else []
        for row_number, row in enumerate(rows, start=1):
            for column, text in enumerate(row):
                name = heading[column] if row_number > 1 and column < len(heading) and heading[column].strip() else None
                where = repr(" ".join(name.split())) if name else str(column + 1)
                cells.append((f"table {number}, row {row_number}, column {where}", text))
    return cells


def docx_margins(document, data: bytes) -> list[tuple[str, str]]:
    """The text of each section's header and footer, and of each footnote (python-docx reads no footnotes)."""
    import zipfile

    from lxml import etree

    texts = []
    for number, section in enumerate(document.sections, start=1):
        for kind, part in (("header", section.header), ("footer", section.footer)):
            texts.append((f"the {kind} of section {number}", "\n".join(p.text for p in part.paragraphs)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/footnotes.xml" in archive.namelist():
            w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
            for note in etree.fromstring(archive.read("word/footnotes.xml")).iter(f"{w}footnote"):
                if note.get(f"{w}type") is None:  # not the separator lines Word keeps as footnotes
                    texts.append((f"footnote {note.get(f'{w}id')}", "".join(t.text or "" for t in note.iter(f"{w}t"))))
    return texts


def docx_changes(path: str, old: bytes, new: bytes) -> list[Finding]:
    """The first changed body paragraph, each changed table cell, the first changed header, footer or footnote."""
    import docx

    before, after = docx.Document(io.BytesIO(old)), docx.Document(io.BytesIO(new))
    notes = first_paragraph_change(path, *(paragraphs(".docx", data) for data in (old, new)))
    cells_before, cells_after = docx_cells(before), docx_cells(after)
    if [where for where, _ in cells_before] != [where for where, _ in cells_after]:
        notes.append(
            _note(
                path,
                "changed-tables",
                f"the tables differ in shape: {len(before.tables)} table(s) with "
                f"{len(cells_before)} cell(s) → {len(after.tables)} with {len(cells_after)}",
            )
        )
    else:
        notes += _capped(
            path,
            [
                _note(path, "changed-cell", f"{where}: {_short(a)} → {_short(b)}")
                for (where, a), (_, b) in zip(cells_before, cells_after)
                if a != b
            ],
            "cells",
        )
    margins = zip(docx_margins(before, old), docx_margins(after, new))
    notes += [
        _note(path, "changed-text", f"{where}: {_short(a)} → {_short(b)}") for (where, a), (_, b) in margins if a != b
    ][:1]
    return notes


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
    if suffix == ".docx":
        found, same = docx_changes(path, old, new), "the text, tables, headers, footers and footnotes are the same"
    else:
        before, after = paragraphs(suffix, old), paragraphs(suffix, new)
        if before is None or after is None:
            return []
        unit = "text line" if suffix == ".pdf" else "paragraph"  # PDF text comes as lines, not paragraphs
        found, same = first_paragraph_change(path, before, after, unit), "the text is the same"
    return found or [_note(path, "changed-text", f"{same}; the difference is in layout, images or file structure")]
