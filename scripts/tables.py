"""The article's tables: language-neutral tables from the raw data, then one Markdown table per edition.

Pure functions build each neutral table from the raw DataFrames (`findings_table`,
`accounts_table`; the audience table is declared: data/tables/audience_age.yaml); `to_csv` writes it deterministically; `localize`
turns a neutral table into headers and cells in one edition's language; `to_markdown`
makes a pandoc pipe table of them (no caption: the assembler adds the numbered one).

CLI:
    python -m scripts.tables neutral NAME --raw data/raw --out build/tables/NAME.csv
    python -m scripts.tables localize NAME --table build/tables/NAME.csv --lang id \
        --strings templates/i18n/id.yaml --out build/id/tables/NAME.md
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from scripts import colwidths, declared, yamlfile
from scripts.errors import UserError, finding, run_cli
from scripts.files import write_atomic
from scripts.formatting import MissingString, format_number, lookup, plain_number
from scripts.catalog import TABLES
from scripts.schema import LANGUAGE, SOURCE_TYPES  # the contract's source types, in the findings table's order

if TYPE_CHECKING:
    import pandas as pd

# Raw files (data/raw/<name>.csv) each neutral table reads; catalog.py is their one home.
INPUTS = TABLES

# Columns of the raw files this module reads (the contract's columns; files may have more).
# A per-language field (`<field>_<lang>`, scripts/schema.py) is read in every language the file has.
RAW_COLUMNS: dict[str, list[str]] = {
    "codebook": ["code", "order"],
    "findings": ["code"],
    "sources": ["source_id", "source_type"],
    "coded_segments": ["segment_id", "source_id", "code"],
    "audience_age": ["account", "age_range", "share_pct"],
    "accounts": ["handle", "platform", "managed_by"],
    "platforms": ["platform", "register"],  # and managed_by, when present
    "media_mix": ["share_pct"],
    "events": ["event_id", "start", "end"],
}

def per_language(frame: pd.DataFrame, field: str) -> list[str]:
    """The columns of `field` in each language `frame` has, e.g. label_id, label_en (schema.localized)."""
    return [name for name in frame.columns
            if name.startswith(f"{field}_") and LANGUAGE.fullmatch(name[len(field) + 1:])]


TRUE, FALSE = "true", "false"


class RowProblem(Exception):
    """A problem in one raw table the validator would normally have caught: table, 0-based row, column."""

    def __init__(self, table: str, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.table, self.message, self.row, self.column = table, message, row, column

    def to_user_error(self, raw_dir: str | Path) -> UserError:
        line = None if self.row is None else self.row + 2  # header is line 1
        return UserError(finding(Path(raw_dir) / f"{self.table}.csv", "data", self.message,
                                 line=line, column=self.column))


# ---------------------------------------------------------------- reading

def read_checked(path: str | Path, columns: list[str]) -> pd.DataFrame:
    """A raw CSV as a DataFrame of text cells (scripts.rawdata.read_csv), with `columns` present;
    a missing or unreadable file is a UserError."""
    import pandas as pd

    from scripts.rawdata import read_csv

    path = Path(path)
    if not path.is_file():
        raise UserError(finding(path, "missing-file", "file not found"))
    try:
        frame = read_csv(path)
    except UserError:
        raise
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise UserError(finding(path, "csv-syntax", f"cannot read CSV: {message}")) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise UserError(finding(path, "missing-column", f"missing column(s): {', '.join(missing)}", line=1))
    return frame


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


def read_raw(raw_dir: str | Path, names: list[str]) -> dict[str, pd.DataFrame]:
    """The raw tables `names` from `raw_dir`, keyed by name."""
    return {name: read_checked(Path(raw_dir) / f"{name}.csv", RAW_COLUMNS[name]) for name in names}


# ---------------------------------------------------------------- neutral tables

def _decimal(table: str, frame: pd.DataFrame, column: str) -> list[Decimal]:
    out = []
    for row, value in enumerate(frame[column]):
        try:
            out.append(Decimal(plain_number(value)))
        except ValueError:
            raise RowProblem(table, f"{column} is not a number: {value!r}", row, column) from None
    return out


def findings_table(codebook: pd.DataFrame, findings: pd.DataFrame, sources: pd.DataFrame,
                   coded_segments: pd.DataFrame) -> pd.DataFrame:
    """One row per code in codebook order: labels, finding, segment counts per source type,
    distinct sources, and whether two or more source types support it."""
    import pandas as pd

    orders = _decimal("codebook", codebook, "order")
    book = codebook.assign(_order=orders, _row=range(len(codebook))).sort_values(["_order", "_row"], kind="stable")
    finding_by_code = {row["code"]: row for row in findings.to_dict("records")}
    type_by_source = dict(zip(sources["source_id"], sources["source_type"]))
    for row, value in enumerate(sources["source_type"]):
        if value not in SOURCE_TYPES:
            raise RowProblem("sources", f"source_type {value!r} is not one of {', '.join(SOURCE_TYPES)}", row, "source_type")
    per_code: dict[str, dict[str, int]] = {}
    distinct: dict[str, set[str]] = {}
    for row, seg in enumerate(coded_segments.itertuples(index=False)):
        if seg.source_id not in type_by_source:
            raise RowProblem("coded_segments", f"source_id {seg.source_id!r} is not in sources.csv", row, "source_id")
        counts = per_code.setdefault(seg.code, dict.fromkeys(SOURCE_TYPES, 0))
        counts[type_by_source[seg.source_id]] += 1
        distinct.setdefault(seg.code, set()).add(seg.source_id)
    labels, texts = per_language(codebook, "label"), per_language(findings, "finding")
    rows = []
    for entry in book.to_dict("records"):
        if entry["code"] not in finding_by_code:
            raise RowProblem("findings", f"no finding for code {entry['code']!r} of the codebook")
        found = finding_by_code[entry["code"]]
        counts = per_code.get(entry["code"], dict.fromkeys(SOURCE_TYPES, 0))
        types_with_evidence = sum(1 for n in counts.values() if n > 0)
        rows.append({
            "code": entry["code"], **{c: entry[c] for c in labels}, **{c: found[c] for c in texts},
            **{t: counts[t] for t in SOURCE_TYPES},
            "distinct_sources": len(distinct.get(entry["code"], ())),
            "triangulated": TRUE if types_with_evidence >= 2 else FALSE,
        })
    return pd.DataFrame(rows, columns=["code", *labels, *texts, *SOURCE_TYPES, "distinct_sources", "triangulated"])


def accounts_table(accounts: pd.DataFrame, platforms: pd.DataFrame) -> pd.DataFrame:
    """Every platform in platforms.csv order with its register and audience, one row per account
    on it (accounts.csv order); a platform with no account gets one row with empty account cells,
    so that the register of every platform is shown."""
    import pandas as pd

    known = set(platforms["platform"])
    for row, platform in enumerate(accounts["platform"]):
        if platform not in known:
            raise RowProblem("accounts", f"platform {platform!r} is not in platforms.csv", row, "platform")
    audiences, focuses = per_language(platforms, "audience"), per_language(accounts, "focus")
    rows = []
    for plat in platforms.to_dict("records"):
        on_platform = accounts[accounts["platform"] == plat["platform"]].to_dict("records")
        base = {"platform": plat["platform"], "register": plat["register"], **{c: plat[c] for c in audiences}}
        if not on_platform:
            # The study may say who runs accounts there without naming them (platforms.managed_by).
            units = str(plat.get("managed_by", "") or "").strip()
            rows.append({**base, "handle": "", "managed_by": units, **dict.fromkeys(focuses, "")})
        for acc in on_platform:
            rows.append({**base, "handle": acc["handle"], "managed_by": acc["managed_by"], **{c: acc[c] for c in focuses}})
    return pd.DataFrame(rows, columns=["handle", "platform", "managed_by", *focuses, "register", *audiences])


BUILDERS = {"findings": findings_table, "accounts": accounts_table}


def build(name: str, raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The neutral table `name` from the raw tables it needs (`INPUTS[name]`)."""
    return BUILDERS[name](*(raw[n] for n in INPUTS[name]))


def to_csv(table: pd.DataFrame) -> str:
    """Deterministic CSV text: the table's column order, `\\n` line ends, plain numbers, no index."""
    text = table.astype(object).map(lambda v: v if isinstance(v, str) else plain_number(v))
    return text.to_csv(index=False, lineterminator="\n")


# ---------------------------------------------------------------- localized Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|@$~^&#])")


def md_escape(text: str) -> str:
    """Cell text as literal Markdown: specials backslash-escaped (`@handle` is no citation), one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _column(table, name: str) -> list:
    if name not in table:  # a DataFrame's columns or a mapping's keys
        raise KeyError(name)
    return list(table[name])


def localize(name: str, table, strings: dict, lang: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(headers, rows, column alignments) of the neutral table `name` (a DataFrame or a mapping
    column → cells) in edition `lang`.

    Raises MissingString for a key absent from `strings`, KeyError(column) for a column the
    table lacks (e.g. `label_<lang>` for an edition the data has no text for).
    """
    s = lambda key: lookup(strings, f"tables.{name}.{key}")  # noqa: E731
    if name == "findings":
        yes, no = s("yes"), s("no")
        headers = [s("dimension"), s("finding"), *(s(t) for t in SOURCE_TYPES), s("distinct_sources"), s("triangulated")]
        columns = [list(_column(table, f"label_{lang}")), list(_column(table, f"finding_{lang}"))]
        columns += [[format_number(v, strings) for v in _column(table, t)] for t in SOURCE_TYPES]
        columns.append([format_number(v, strings) for v in _column(table, "distinct_sources")])
        columns.append([yes if str(v).strip().lower() == TRUE else no for v in _column(table, "triangulated")])
        align = ["left", "left", *["right"] * len(SOURCE_TYPES), "right", "left"]
    elif name == "accounts":
        none = s("none")
        registers = lookup(strings, f"tables.{name}.registers")
        register = []
        for value in _column(table, "register"):
            if value not in registers:
                raise MissingString(f"tables.{name}.registers.{value}")
            register.append(registers[value])
        platform = list(_column(table, "platform"))
        # Platform-level cells appear once per platform group; account cells on every row.
        first = [i == 0 or platform[i] != platform[i - 1] for i in range(len(platform))]
        keep = lambda values: [v if f else "" for v, f in zip(values, first)]  # noqa: E731
        or_none = lambda values: [v if str(v).strip() else none for v in values]  # noqa: E731
        managed_by = list(_column(table, "managed_by"))
        # An account the study says exists but does not name is "not named", not "none".
        handle = [h if str(h).strip() else s("not_named") if str(m).strip() else none
                  for h, m in zip(_column(table, "handle"), managed_by)]
        headers = [s("platform"), s("register"), s("audience"), s("handle"), s("managed_by"), s("focus")]
        columns = [keep(platform), keep(register), keep(or_none(_column(table, f"audience_{lang}"))),
                   handle, or_none(managed_by),
                   or_none(_column(table, f"focus_{lang}"))]
        align = ["left"] * 6
    else:
        raise ValueError(f"unknown table {name!r}")
    rows = [list(r) for r in zip(*columns)]
    return headers, rows, align


# The column of each table that carries running text (index into localize()'s headers):
# it gets the width the other columns leave (scripts/colwidths.py).
LONG_TEXT = {"findings": 1, "accounts": 5}
# Dashes in a pipe table's separator line: pandoc reads the columns' relative widths from
# their dash counts when a line is longer than its --columns (72), so the line must be longer.
SEPARATOR_DASHES = 200


def separator(align: list[str], widths: list[float]) -> str:
    """A pipe table's separator line whose dash counts carry `widths` (fractions of the text width)."""
    cells = []
    for side, width in zip(align, widths):
        dashes = "-" * max(3, round(width * SEPARATOR_DASHES))
        cells.append(f"{':' if side in ('left', 'center') else ''}{dashes}{':' if side in ('right', 'center') else ''}")
    return "|" + "|".join(cells) + "|"


def to_markdown(headers: list[str], rows: list[list[str]], align: list[str], widths: list[float] | None = None) -> str:
    """A pandoc pipe table (tabulate `pipe`), cells escaped, ending with one newline; with
    `widths`, its separator line gives pandoc those relative column widths."""
    from tabulate import tabulate

    text = tabulate([[md_escape(c) for c in r] for r in rows], headers=[md_escape(h) for h in headers],
                    tablefmt="pipe", colalign=align, disable_numparse=True)
    lines = text.rstrip("\n").split("\n")
    if widths is not None:
        lines[1] = separator(align, widths)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- CLI

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scripts.tables", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    neutral = sub.add_parser("neutral", help="write the language-neutral CSV of a table")
    neutral.add_argument("name", help="a table built here, or declared in data/tables/<name>.yaml")
    neutral.add_argument("--raw", required=True, help="folder of the raw CSV files")
    neutral.add_argument("--out", required=True)
    loc = sub.add_parser("localize", help="write one edition's Markdown table")
    loc.add_argument("name", help="a table built here, or declared in data/tables/<name>.yaml")
    loc.add_argument("--table", required=True, help="the neutral CSV")
    loc.add_argument("--lang", required=True)
    loc.add_argument("--strings", required=True, help="the edition's strings YAML")
    loc.add_argument("--out", required=True)
    return parser


def _neutral_declared(decl: declared.Declaration, raw_dir: str) -> str:
    from scripts.rawdata import ROWS, read_cells

    raw = {stem: read_cells(Path(raw_dir) / f"{stem}.csv") for stem in decl.raw_files()}
    try:
        return declared.to_csv(declared.build(decl, raw))
    except declared.CellProblem as problem:
        line = None if problem.row is None else raw[problem.file].attrs[ROWS][problem.row]
        raise UserError(finding(Path(raw_dir) / f"{problem.file}.csv", "data", problem.message,
                                line=line if line is not None else 1, column=problem.column)) from None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    declarations = declared.load_all()
    if args.name not in INPUTS and args.name not in declarations:
        raise UserError(finding(declared.FOLDER, "unknown-table",
                                f"no table '{args.name}': neither built in Python nor declared in {declared.FOLDER}/"))
    decl = declarations.get(args.name)
    if args.command == "neutral":
        if decl:
            write_atomic(args.out, _neutral_declared(decl, args.raw))
            return 0
        raw = read_raw(args.raw, INPUTS[args.name])
        try:
            table = build(args.name, raw)
        except RowProblem as problem:
            raise problem.to_user_error(args.raw) from None
        write_atomic(args.out, to_csv(table))
        return 0
    table = read_table(args.table, [])
    strings = yamlfile.load(args.strings)
    try:
        if decl:
            headers, rows, align = declared.localize(decl, table, strings, args.lang)
        else:
            headers, rows, align = localize(args.name, table, strings, args.lang)
    except MissingString as missing:
        raise UserError(finding(args.strings, "missing-string", f"no string '{missing.key}' for table {args.name}")) from None
    except KeyError as err:
        raise UserError(finding(args.table, "missing-column",
                                f"no column '{err.args[0]}' (needed for the '{args.lang}' edition)", line=1)) from None
    long_text = decl.long_text_index() if decl else LONG_TEXT.get(args.name)
    widths = colwidths.relative_widths(headers, rows, long_text)
    write_atomic(args.out, to_markdown(headers, rows, align, widths))
    return 0


if __name__ == "__main__":
    raise SystemExit(run_cli(main))
