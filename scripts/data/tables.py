"""The article's tables: language-neutral tables from the raw data, then one Markdown table per edition.

Every table is declared in data/tables/<name>.yaml and computed by scripts/data/declared_tables.py; this
module reads the raw and neutral files, and `to_markdown` makes a pandoc pipe table of one
edition's cells (no caption: the assembler adds the numbered one). `neutral(name, ...)` and
`localized(name, ...)` are the two jobs, callable one table at a time.

CLI:
    python -m scripts.data.tables neutral NAME --raw data/raw --out build/tables/NAME.csv
    python -m scripts.data.tables localize NAME --table build/tables/NAME.csv --lang id \
        --strings templates/i18n/id.yaml --out build/id/tables/NAME.md
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.core import hyphenation, yamlfile
from scripts.core.errors import UserError, finding, run_cli
from scripts.core.files import write_atomic
from scripts.core.formatting import MissingString
from scripts.data import colwidths
from scripts.data import declared_tables as declared
from scripts.data.contract import LANGUAGE

if TYPE_CHECKING:
    import pandas as pd


def per_language(frame: pd.DataFrame, field: str) -> list[str]:
    """The columns of `field` in each language `frame` has, e.g. label_id, label_en (schema.localized)."""
    return [
        name for name in frame.columns if name.startswith(f"{field}_") and LANGUAGE.fullmatch(name[len(field) + 1 :])
    ]


class RowProblem(Exception):
    """A problem in one raw table the validator would normally have caught: table, 0-based row, column."""

    def __init__(self, table: str, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.table, self.message, self.row, self.column = table, message, row, column

    def to_user_error(self, raw_dir: str | Path) -> UserError:
        line = None if self.row is None else self.row + 2  # header is line 1
        return UserError(
            finding(Path(raw_dir) / f"{self.table}.csv", "data", self.message, line=line, column=self.column)
        )


# ---------------------------------------------------------------- reading


def read_table(path: str | Path, columns: list[str]) -> dict[str, list[str]]:
    """A generated (neutral) CSV as column → text cells, read with the csv module: the localize
    and figure jobs need no pandas. A missing or malformed file is a UserError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(finding(path, "missing-file", "file not found")) from None
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(finding(path, "unreadable-file", f"cannot read: {err}")) from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0] if rows else []
    missing = [c for c in columns if c not in header]
    if missing:
        raise UserError(finding(path, "missing-column", f"missing column(s): {', '.join(missing)}", line=1))
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise UserError(finding(path, "csv-syntax", f"{len(row)} cells, the header has {len(header)}", line=line))
    return {c: [row[i] for row in rows[1:]] for i, c in enumerate(header)}


# ---------------------------------------------------------------- localized Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|@$~^&#])")


def md_escape(text: str) -> str:
    """Cell text as literal Markdown: specials backslash-escaped (`@handle` is no citation), one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


# Dashes in a pipe table's separator line: pandoc reads the columns' relative widths from
# their dash counts when a line is longer than its --columns (72), so the line must be longer.
SEPARATOR_DASHES = 200


def separator(align: list[str], widths: list[float]) -> str:
    """A pipe table's separator line whose dash counts carry `widths` (fractions of the text width)."""
    cells = []
    for side, width in zip(align, widths, strict=True):
        before, after = (":" if side in ("left", "center") else ""), (":" if side in ("right", "center") else "")
        # pandoc counts a cell's alignment colons in its width, so they take the place of dashes.
        dashes = "-" * max(3, round(width * SEPARATOR_DASHES) - len(before + after))
        cells.append(f"{before}{dashes}{after}")
    return "|" + "|".join(cells) + "|"


def to_markdown(headers: list[str], rows: list[list[str]], align: list[str], widths: list[float] | None = None) -> str:
    """A pandoc pipe table (tabulate `pipe`), cells escaped, ending with one newline; with
    `widths`, its separator line gives pandoc those relative column widths."""
    from tabulate import tabulate

    text = tabulate(
        [[md_escape(c) for c in r] for r in rows],
        headers=[md_escape(h) for h in headers],
        tablefmt="pipe",
        colalign=align,
        disable_numparse=True,
    )
    lines = text.rstrip("\n").split("\n")
    if widths is not None:
        lines[1] = separator(align, widths)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- CLI


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scripts.data.tables", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    neutral = sub.add_parser("neutral", help="write the language-neutral CSV of a table")
    neutral.add_argument("name", help="a table declared in data/tables/<name>.yaml")
    neutral.add_argument("--raw", required=True, help="folder of the raw CSV files")
    neutral.add_argument("--out", required=True)
    loc = sub.add_parser("localize", help="write one edition's Markdown table")
    loc.add_argument("name", help="a table declared in data/tables/<name>.yaml")
    loc.add_argument("--table", required=True, help="the neutral CSV")
    loc.add_argument("--lang", required=True)
    loc.add_argument("--strings", required=True, help="the edition's strings YAML")
    loc.add_argument("--out", required=True)
    return parser


def declaration(name: str, folder: str | Path = declared.FOLDER) -> declared.Declaration:
    """The declaration of table `name`; an unknown name is a UserError."""
    declarations = declared.load_all(folder)
    if name not in declarations:
        raise UserError(finding(folder, "unknown-table", f"no table '{name}' is declared in {folder}/"))
    return declarations[name]


def neutral(name: str, raw_dir: str | Path, folder: str | Path = declared.FOLDER) -> str:
    """The neutral CSV text of table `name` from the raw files of `raw_dir`."""
    return declared.to_csv(neutral_cells(name, raw_dir, folder))


def neutral_cells(name: str, raw_dir: str | Path, folder: str | Path = declared.FOLDER) -> dict[str, list[str]]:
    """Table `name` from the raw files of `raw_dir`: column → text cells."""
    from scripts.data.rawdata import ROWS, read_cells

    decl = declaration(name, folder)
    raw = {stem: read_cells(Path(raw_dir) / f"{stem}.csv") for stem in decl.raw_files()}
    try:
        return declared.build(decl, raw)
    except declared.CellProblem as problem:
        line = None if problem.row is None else raw[problem.file].attrs[ROWS][problem.row]
        raise UserError(
            finding(
                Path(raw_dir) / f"{problem.file}.csv",
                "data",
                problem.message,
                line=line if line is not None else 1,
                column=problem.column,
            )
        ) from None


def localized(
    name: str, table_path: str | Path, strings_path: str | Path, lang: str, folder: str | Path = declared.FOLDER
) -> str:
    """Edition `lang`'s Markdown table of the neutral CSV `table_path`."""
    decl = declaration(name, folder)
    table = read_table(table_path, [])
    strings = yamlfile.load(strings_path)
    try:
        headers, rows, align = declared.localize(decl, table, strings, lang)
    except MissingString as missing:
        raise UserError(
            finding(strings_path, "missing-string", f"no string '{missing.key}' for table {name}")
        ) from None
    except KeyError as err:
        raise UserError(
            finding(
                table_path, "missing-column", f"no column '{err.args[0]}' (needed for the '{lang}' edition)", line=1
            )
        ) from None
    widths = colwidths.relative_widths(headers, rows, decl.long_text_index(), partial(hyphenation.breaks, lang=lang))
    return to_markdown(with_header_breaks(headers, widths, lang), rows, align, widths)


def with_header_breaks(headers: list[str], widths: list[float], lang: str) -> list[str]:
    """Each header word wider than its column, with soft hyphens where it may break (PDF and DOCX)."""

    def broken(header: str, width: float) -> str:
        wide = set(colwidths.header_breaks(header, width, partial(hyphenation.breaks, lang=lang)))
        return " ".join(hyphenation.with_soft_hyphens(word, lang) if word in wide else word for word in header.split())

    return [broken(header, width) for header, width in zip(headers, widths)]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "neutral":
        write_atomic(args.out, neutral(args.name, args.raw))
    else:
        write_atomic(args.out, localized(args.name, args.table, args.strings, args.lang))
    return 0


if __name__ == "__main__":
    raise SystemExit(run_cli(main))
