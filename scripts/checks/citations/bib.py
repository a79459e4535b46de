"""Reading the bibliography: bibtexparser for fields and line numbers, the pandoc view for
which entries exist.

bibtexparser 2 (default parse stack, no LaTeX decoding: about 0.2 s on a 1.5 MB file) gives
every entry with its fields and line, and reports what it cannot take: failed blocks,
duplicate keys, entries with a field given twice (which it drops from `library.entries`).
`pandocbib.scan` says which entries pandoc reads. Where the two differ, the checker follows
pandoc, because pandoc's citeproc makes the reference list, and records the difference so
that a rule can report it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser import model

from scripts.checks.citations import pandocbib
from scripts.core.errors import UserError, finding


@dataclass
class BibEntry:
    key: str
    entry_type: str  # lower case
    line: int  # 1-based line of the `@`
    fields: dict[str, str] | None  # lower-case name -> value (last one wins, as in pandoc); None: unknown
    field_lines: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Problem:
    """Something found while reading; a rule turns it into a finding (or not)."""

    line: int | None
    column: int | None
    message: str


@dataclass
class Bibliography:
    path: str
    entries: list[BibEntry] = field(default_factory=list)  # what pandoc reads, in file order
    encoding: list[Problem] = field(default_factory=list)
    parse_errors: list[Problem] = field(default_factory=list)
    duplicate_fields: list[Problem] = field(default_factory=list)
    commented: list[Problem] = field(default_factory=list)
    mismatches: list[Problem] = field(default_factory=list)
    rejected_by_pandoc: bool = False
    ignored: dict[str, int] = field(default_factory=dict)  # key -> line: read by bibtexparser only

    def keys(self) -> set[str]:
        return {e.key for e in self.entries}

    def by_key(self) -> dict[str, BibEntry]:
        """Key -> entry; for a duplicated key the last one, as pandoc uses the last."""
        return {e.key: e for e in self.entries}


def decode(raw: bytes, path: str) -> tuple[str, Problem | None]:
    """UTF-8 text (a BOM is dropped); other bytes are read as Latin-1, as pandoc does, and named."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        hint = ""
        try:
            raw.decode("gbk")
            hint = " (it reads as GBK, a Chinese encoding)"
        except UnicodeDecodeError:
            pass
        message = (
            f"file is not UTF-8: byte 0x{raw[err.start]:02x} cannot be decoded{hint}; "
            "pandoc would misread it as Latin-1. Save the file as UTF-8"
        )
        return raw.decode("latin-1"), Problem(line, column, message)


def read_text(path: str, what: str) -> tuple[str, Problem | None]:
    """A file's text (see `decode`); a missing or unreadable file is a UserError naming `what`."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise UserError(finding(path, "input", f"{what} not found")) from None
    except OSError as err:
        raise UserError(finding(path, "input", f"cannot read the {what}: {err.strerror}")) from None
    return decode(raw, path)


def read_bibliography(path: str | Path) -> Bibliography:
    path = str(path)
    text, problem = read_text(path, "bibliography file")
    bib = Bibliography(path)
    if problem:
        bib.encoding.append(problem)

    view = pandocbib.scan(text)
    if view.error:
        view = pandocbib.confirm_with_pandoc(path, view)
    library = _parse_with_bibtexparser(text)

    # Every entry bibtexparser read, including those it set aside as failed blocks.
    real_line = _line_mapper(text)
    bp_entries: list[model.Entry] = list(library.entries)
    failures: list[tuple[int, str, model.Entry | None]] = []
    for block in library.failed_blocks:
        inner = block.ignore_error_block
        line = real_line(block.start_line)
        if isinstance(block, model.DuplicateFieldKeyBlock) and isinstance(inner, model.Entry):
            bp_entries.append(inner)
            bib.duplicate_fields.append(Problem(line, None, _duplicate_fields_message(inner, block, real_line)))
        elif isinstance(block, model.DuplicateBlockKeyBlock) and isinstance(inner, model.Entry):
            bp_entries.append(inner)  # the duplicate-key rule reports it from the pandoc view
        elif isinstance(inner, model.Entry):
            bp_entries.append(inner)
            failures.append((line, _describe(block), inner))
        else:
            failures.append((line, _describe(block), None))
    bp_entries.sort(key=lambda e: e.start_line or 0)
    converted = [_convert(e, real_line) for e in bp_entries]

    if view.error:
        line, column, message = view.error
        bib.rejected_by_pandoc = True
        bib.parse_errors.append(
            Problem(
                line, column, f"pandoc rejects the whole file here ({message}), so the build gets no reference from it"
            )
        )
        for fline, message, _ in failures:
            if fline != line:
                bib.parse_errors.append(Problem(fline, None, message))
        # Best effort, so that one syntax error does not make every citation "undefined".
        bib.entries = converted
        return bib

    for fline, message, _ in failures:
        bib.mismatches.append(
            Problem(
                fline,
                None,
                f"bibtexparser cannot read this block ({message}); pandoc reads it, but its fields are not checked",
            )
        )
    # Pair each entry pandoc reads with bibtexparser's entry of the same key nearest to it.
    unmatched: dict[str, list[BibEntry]] = {}
    for entry in converted:
        unmatched.setdefault(entry.key, []).append(entry)
    for pe in view.entries:
        candidates = unmatched.get(pe.key)
        if candidates:
            entry = min(candidates, key=lambda e: abs(e.line - pe.line))
            candidates.remove(entry)
            if pe.line:
                entry.line = pe.line  # pandoc's view has exact lines
        else:
            entry = BibEntry(pe.key, pe.entry_type, pe.line or 1, None)
            bib.mismatches.append(
                Problem(
                    pe.line or None,
                    pe.column or None,
                    f"pandoc reads an entry '{pe.key}' here that bibtexparser does not see; its fields are not checked",
                )
            )
        bib.entries.append(entry)
    leftovers = sorted((e for entries in unmatched.values() for e in entries), key=lambda e: e.line)
    for entry in leftovers:
        bib.ignored.setdefault(entry.key, entry.line)
        if entry.line in view.commented_at_lines:
            bib.commented.append(
                Problem(
                    entry.line,
                    None,
                    f"entry '{entry.key}' is commented out with '%': pandoc ignores it "
                    "(bibtexparser would read it), so it cannot be cited",
                )
            )
        else:
            bib.mismatches.append(
                Problem(
                    entry.line,
                    None,
                    f"bibtexparser reads an entry '{entry.key}' here that pandoc does not; it cannot be cited",
                )
            )
    return bib


def _line_mapper(text: str):
    """bibtexparser 2.1 counts lines by the newlines NOT preceded by a backslash (its splitter's
    pattern is `(?<!\\)[...\n]`), so after a line ending in `\\` its line numbers fall behind.
    Returns a function from its 0-based line to the real 1-based line."""
    counted: list[int] = []  # real 1-based line number ending at each counted newline
    line = 1
    start = 0
    while True:
        i = text.find("\n", start)
        if i < 0:
            break
        if i == 0 or text[i - 1] != "\\":
            counted.append(line)
        line += 1
        start = i + 1

    def real(bp_line: int | None) -> int:
        bp_line = bp_line or 0
        if bp_line <= 0:
            return 1
        if bp_line - 1 < len(counted):
            return counted[bp_line - 1] + 1
        return bp_line + 1

    return real


def _duplicate_fields_message(entry: model.Entry, block: model.DuplicateFieldKeyBlock, real_line) -> str:
    parts = []
    for name in sorted({k.lower() for k in block.duplicate_keys}):
        lines = sorted({real_line(f.start_line) for f in entry.fields if f.key.lower() == name})
        where = f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(map(str, lines))}"
        parts.append(f"'{name}' ({where})")
    return (
        f"entry '{entry.key}' gives the field {' and '.join(parts)} twice; pandoc keeps the last value, "
        "bibtexparser drops the whole entry. Keep one"
    )


def _parse_with_bibtexparser(text: str) -> bibtexparser.Library:
    logger = logging.getLogger("bibtexparser")  # its modules log to children of this logger
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)  # its messages about failed blocks become findings instead
    try:
        return bibtexparser.parse_string(text)
    finally:
        logger.setLevel(level)


def _describe(block: model.ParsingFailedBlock) -> str:
    error = block.error
    text = str(error).strip()
    name = type(error).__name__
    if name == "BlockAbortedException" or not text:
        head = (block.raw or "").strip().splitlines()[:1]
        shown = f" `{head[0][:60]}`" if head else ""
        text = f"block{shown} is not closed before the next '@' (a missing '}}' or ',')"
    return text


def _convert(entry: model.Entry, real_line) -> BibEntry:
    fields: dict[str, str] = {}
    lines: dict[str, list[int]] = {}
    for f in entry.fields:
        name = f.key.strip().lower()
        if "%" in name:
            # bibtexparser keeps a `%` comment before a field name as part of the name; pandoc
            # skips it as a comment (and a field that is all comment, `% note = {x}`, too)
            name = _COMMENT.sub("", name).strip()
            if not name:
                continue
        fields[name] = f.value if isinstance(f.value, str) else str(f.value)
        lines.setdefault(name, []).append(real_line(f.start_line if f.start_line is not None else entry.start_line))
    return BibEntry(entry.key, entry.entry_type.lower(), real_line(entry.start_line), fields, lines)


_BRACES = re.compile(r"[{}]")
_COMMENT = re.compile(r"%[^\n]*")


def plain(value: str | None) -> str:
    """A field value without braces and surrounding white space (no LaTeX decoding)."""
    return _BRACES.sub("", value or "").strip()
