"""Validate the raw data folder against the contract, data/contract.yaml (scripts/data/contract.py).

Every file, every row: each violation is one finding naming the file, the row as a
spreadsheet shows it (header = row 1), the column, the rule id and the offending value.

    python -m scripts.data.validate data/raw [--report build/reports/data.json]

Exit 0 when the data is valid (and with --report, a small JSON summary is written
atomically); exit 1 with the findings on stderr otherwise (and any old report is removed,
so the workflow's gate cannot pass on stale data).

For other modules: `validate(raw_dir)` returns the findings; `load(raw_dir)` returns the
validated tables keyed by file stem, typed by the schema (integer → int64, number → float64,
everything else text with "" for an empty cell), or raises UserError.
"""

from __future__ import annotations

import argparse
import difflib
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.core import config as config_mod
from scripts.core.errors import (
    ERROR,
    Finding,
    UserError,
    finding,
    run_cli,
    sort_findings,
)
from scripts.core.files import write_atomic
from scripts.data import contract
from scripts.data.contract import (
    INTEGER,
    NUMBER,
    TYPES,
    Table,
    bounds,
    date_bounds,
    with_references,
)
from scripts.data.rawdata import ROWS, Cells, read_cells

if TYPE_CHECKING:
    import pandas as pd

Cell = tuple[int, str]  # (0-based data row, column name)


class _Checked:
    """One file after reading and its own checks: the frame (None if unreadable) and its bad cells."""

    def __init__(self, table: Table, path: Path, frame: Cells | None):
        self.table, self.path, self.frame = table, path, frame
        self.bad: set[Cell] = set()
        self.rows: list[int] = frame.attrs.get(ROWS, list(range(2, len(frame) + 2))) if frame is not None else []

    def has(self, column: str) -> bool:
        return self.frame is not None and column in self.frame.columns

    def good(self, column: str) -> list[tuple[int, str]]:
        """(0-based row, value) of the filled cells of `column` that passed the cell checks."""
        if not self.has(column):
            return []
        return [(i, v) for i, v in enumerate(self.frame[column]) if v != "" and (i, column) not in self.bad]


# ---------------------------------------------------------------- reading


def _read(table: Table, raw_dir: Path, languages: list[str] | None) -> tuple[_Checked, list[Finding]]:
    """Read one file; its localized fields become one column per language: `languages`, or
    when None, the languages whose columns the file has."""
    path = raw_dir / table.file
    if not path.is_file():
        names = [p.name for p in raw_dir.iterdir()] if raw_dir.is_dir() else []
        near = [n for n in names if n.lower() == table.file.lower()]
        hint = f"; found '{near[0]}' (names are case-sensitive)" if near else ""
        columns = ", ".join(c.name for c in table.for_languages(languages or ["<lang>"]).columns if c.in_contract)
        return _Checked(table, path, None), [
            finding(
                path,
                "missing-file",
                f"the file is missing from the folder; the contract needs it with columns {columns}{hint}",
            )
        ]
    try:
        frame = read_cells(path)
    except UserError as err:
        return _Checked(table, path, None), list(err.findings)
    except OSError as err:
        return _Checked(table, path, None), [
            finding(path, "missing-file", f"the file cannot be opened: {err.strerror}")
        ]
    return _Checked(table.for_languages(languages or table.languages_in(frame.columns)), path, frame), []


# ---------------------------------------------------------------- checks within one file


def _header(c: _Checked) -> list[Finding]:
    out = []
    found = list(c.frame.columns)
    for column in c.table.columns:
        if column.in_contract and column.name not in found:
            near = difflib.get_close_matches(column.name, found, n=1, cutoff=0.6)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            out.append(
                finding(
                    c.path,
                    "missing-column",
                    f"column '{column.name}' is missing from the header (it has: {', '.join(found)}){hint}",
                    line=1,
                    column=column.name,
                )
            )
    if len(c.frame) == 0:
        out.append(finding(c.path, "empty-file", "the file has a header row but no data rows", line=1))
    return out


def _cells(c: _Checked) -> list[Finding]:
    """Each cell on its own: whitespace, required, type or format, allowed values, range."""
    out = []
    for column in c.table.columns:
        if not c.has(column.name):
            continue
        value_type = TYPES[column.type]
        for i, value in enumerate(c.frame[column.name]):
            problem = None
            if value != value.strip():
                problem = "whitespace", f"'{value}' starts or ends with spaces"
            elif value == "":
                if column.required:
                    problem = "required", f"{column.name} must not be empty"
            elif (message := value_type.check(value)) is not None:
                problem = value_type.rule, message
            elif column.allowed and value not in column.allowed:
                problem = "allowed-value", f"'{value}' is not allowed; use one of {', '.join(column.allowed)}"
            elif (
                column.minimum is not None
                and Decimal(value) < Decimal(str(column.minimum))
                or column.maximum is not None
                and Decimal(value) > Decimal(str(column.maximum))
            ):
                problem = "range", f"{value} is outside the allowed range: {bounds(column)}"
            if problem:
                c.bad.add((i, column.name))
                out.append(finding(c.path, problem[0], problem[1], line=c.rows[i], column=column.name))
    return out


def _translations(c: _Checked) -> list[Finding]:
    """A per-language field filled in one edition's column must be filled in every edition's."""
    out = []
    for columns in c.table.translations:
        present = [name for name in columns if c.has(name)]
        for i in range(len(c.frame)):
            filled = [name for name in present if c.frame[name].iat[i].strip()]
            if not filled:
                continue
            for empty in present:
                if c.frame[empty].iat[i] == "" and (i, empty) not in c.bad:
                    out.append(
                        finding(
                            c.path,
                            "translation",
                            f"{empty} is empty but {filled[0]} is filled: give the text in every edition's language",
                            line=c.rows[i],
                            column=empty,
                        )
                    )
    return out


def _unique(c: _Checked) -> list[Finding]:
    out = []
    for key in c.table.unique:
        if not all(c.has(k) for k in key):
            continue
        first: dict[tuple[str, ...], int] = {}
        for i in range(len(c.frame)):
            if any((i, k) in c.bad or c.frame[k].iat[i] == "" for k in key):
                continue
            value = tuple(c.frame[k].iat[i] for k in key)
            if value in first:
                shown = f"'{value[0]}'" if len(key) == 1 else "(" + ", ".join(f"'{v}'" for v in value) + ")"
                what = key[0] if len(key) == 1 else " + ".join(key) + " together"
                out.append(
                    finding(
                        c.path,
                        "unique",
                        f"{shown} repeats row {c.rows[first[value]]}; {what} must be unique",
                        line=c.rows[i],
                        column="+".join(key),
                    )
                )
            else:
                first[value] = i
    return out


def _complete(c: _Checked) -> list[Finding]:
    out = []
    for name in c.table.complete:
        if not c.has(name):
            continue
        column = c.table.column(name)
        present = set(c.frame[name])
        for value in column.allowed:
            if value not in present:
                out.append(
                    finding(
                        c.path,
                        "coverage",
                        f"{name} '{value}' has no row; the file must hold each of {', '.join(column.allowed)}",
                        column=name,
                    )
                )
    return out


def _share_sums(c: _Checked) -> list[Finding]:
    out = []
    for share in c.table.share_sums:
        if not (c.has(share.column) and all(c.has(b) for b in share.by)):
            continue
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(len(c.frame)):
            # Keys compare trimmed: a stray space is reported on its cell, not as a group of its own.
            key = tuple(c.frame[b].iat[i].strip() for b in share.by)
            if all(key):
                groups[key].append(i)
        for key, rows in groups.items():
            if any((i, share.column) in c.bad or c.frame[share.column].iat[i] == "" for i in rows):
                continue  # a bad share is reported on its own cell
            total = sum(Decimal(c.frame[share.column].iat[i]) for i in rows)
            if abs(total - Decimal(str(share.total))) > Decimal(str(share.tolerance)):
                group = " and ".join(f"{b} '{k}'" for b, k in zip(share.by, key)) or "all rows"
                numbers = ", ".join(str(c.rows[i]) for i in rows)
                out.append(
                    finding(
                        c.path,
                        "share-sum",
                        f"{share.column} of {group} (rows {numbers}) adds up to {total},"
                        f" not {share.total:g} ± {share.tolerance:g}",
                        line=c.rows[rows[0]],
                        column=share.column,
                    )
                )
    return out


def _date_order(c: _Checked) -> list[Finding]:
    out = []
    for start, end in c.table.date_order:
        if not (c.has(start) and c.has(end)):
            continue
        starts = dict(c.good(start))
        for i, value in c.good(end):
            if i in starts and date_bounds(value)[1] < date_bounds(starts[i])[0]:
                out.append(
                    finding(
                        c.path,
                        "date-order",
                        f"{end} '{value}' is before {start} '{starts[i]}'",
                        line=c.rows[i],
                        column=end,
                    )
                )
    return out


# ---------------------------------------------------------------- checks across files


def _foreign_keys(c: _Checked, checked: dict[str, _Checked]) -> list[Finding]:
    out = []
    for fk in c.table.foreign_keys:
        ref = checked[fk.table]
        if not ref.has(fk.ref_column):
            continue  # the referenced file's own finding says why
        known = set(ref.frame[fk.ref_column])
        for i, value in c.good(fk.column):
            if value not in known:
                near = difflib.get_close_matches(value, sorted(known), n=1)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                out.append(
                    finding(
                        c.path,
                        "foreign-key",
                        f"'{value}' is not a {fk.ref_column} in {ref.table.file}{hint}",
                        line=c.rows[i],
                        column=fk.column,
                    )
                )
    return out


def _coverage(c: _Checked, checked: dict[str, _Checked]) -> list[Finding]:
    out = []
    for cov in c.table.coverage:
        ref = checked[cov.table]
        if not c.has(cov.column) or not ref.has(cov.ref_column):
            continue
        present = set(c.frame[cov.column])
        for i, value in ref.good(cov.ref_column):
            if value not in present:
                out.append(
                    finding(
                        c.path,
                        "coverage",
                        f"{cov.ref_column} '{value}' of {ref.table.file} (row {ref.rows[i]}) has no row here",
                        column=cov.column,
                    )
                )
    return out


# ---------------------------------------------------------------- entry points


def _validate(
    raw_dir: str | Path,
    only: list[str] | None = None,
    languages: list[str] | None = None,
    tables: dict[str, Table] | None = None,
) -> tuple[list[Finding], dict[str, _Checked]]:
    """Check every file of the contract `tables` (None: data/contract.yaml), or only the files
    `only` names and those they refer to.

    `languages`: the editions whose per-language columns every file must have; None takes
    the languages each file has columns for.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        return [finding(raw_dir, "missing-file", "the data folder does not exist")], {}
    findings: list[Finding] = []
    checked: dict[str, _Checked] = {}
    by_name = contract.load() if tables is None else tables
    names = with_references(only, by_name) if only else list(by_name)
    for table in (by_name[name] for name in names):
        c, problems = _read(table, raw_dir, languages)
        findings += problems
        checked[table.name] = c
        if c.frame is not None:
            for check in (_header, _cells, _translations, _unique, _complete, _share_sums, _date_order):
                findings += check(c)
    for c in checked.values():
        if c.frame is not None:
            findings += _foreign_keys(c, checked) + _coverage(c, checked)
    return sort_findings(findings), checked


def validate(
    raw_dir: str | Path, languages: list[str] | None = None, tables: dict[str, Table] | None = None
) -> list[Finding]:
    """Every violation of the contract in the folder `raw_dir`; empty when the data is valid."""
    return _validate(raw_dir, languages=languages, tables=tables)[0]


def _typed(c: _Checked) -> pd.DataFrame:
    import pandas as pd  # only here: validating alone (the workflow's jobs) needs no pandas

    frame = c.frame.to_dataframe()
    for column in c.table.columns:
        if column.name not in frame.columns:
            continue
        if column.type == INTEGER:
            values = frame[column.name]
            frame[column.name] = (
                values.astype("int64")
                if (values != "").all()
                else pd.to_numeric(values.where(values != "")).astype("Int64")
            )
        elif column.type == NUMBER:
            values = frame[column.name]
            frame[column.name] = pd.to_numeric(values.where(values != "")).astype("float64")
    frame.attrs[ROWS] = list(c.rows)
    return frame


def load(raw_dir: str | Path, tables: dict[str, Table] | None = None) -> dict[str, pd.DataFrame]:
    """The validated tables of `raw_dir` keyed by file stem; UserError with every finding if invalid."""
    findings, checked = _validate(raw_dir, tables=tables)
    if any(f.severity == ERROR for f in findings):
        raise UserError(findings)
    return {name: _typed(c) for name, c in checked.items()}


def report(checked: dict[str, _Checked]) -> str:
    """The JSON summary of a valid folder: each file and its number of data rows."""
    files = {name: {"file": c.table.file, "rows": len(c.frame)} for name, c in checked.items()}
    return (
        json.dumps(
            {"valid": True, "files": files, "rows": sum(f["rows"] for f in files.values())},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def run(
    raw_dir: str | Path,
    report_path: str | Path | None = None,
    only: list[str] | None = None,
    languages: list[str] | None = None,
    tables: dict[str, Table] | None = None,
) -> str:
    """Validate `raw_dir` (only `only` and what they refer to, when given); UserError with every
    finding, and any old report removed, when invalid; else write the report and return a summary line."""
    tables = contract.load() if tables is None else tables
    unknown = sorted(set(only or ()) - set(tables))
    if unknown:
        raise UserError(finding(raw_dir, "missing-file", f"no file {', '.join(unknown)} in the contract"))
    findings, checked = _validate(raw_dir, only, languages, tables)
    if any(f.severity == ERROR for f in findings):
        if report_path:
            Path(report_path).unlink(missing_ok=True)
        raise UserError(findings)
    if report_path:
        write_atomic(report_path, report(checked))
    rows = sum(len(c.frame) for c in checked.values())
    return f"{raw_dir}: {len(checked)} files, {rows} data rows, valid"


def languages_of(config_path: str | Path | None) -> list[str] | None:
    """The editions of config.yaml (or the part of it holding `languages`); None without one."""
    return [str(lang) for lang in config_mod.load(config_path)["languages"]] if config_path else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.data.validate", description="Validate the raw data folder against the contract."
    )
    parser.add_argument("raw_dir", help="the folder of raw CSV files, e.g. data/raw")
    parser.add_argument("--report", metavar="OUT", help="write a JSON summary here when the data is valid")
    parser.add_argument(
        "--only", nargs="+", metavar="STEM", help="check only these files (and the files they refer to)"
    )
    parser.add_argument("--contract", default=contract.CONTRACT, help=f"the contract (default {contract.CONTRACT})")
    parser.add_argument(
        "--config",
        metavar="YAML",
        help="config.yaml (or the part of it holding `languages`): the editions whose columns "
        "(<field>_<lang>) each file must have; without it, the languages each file has columns for",
    )
    args = parser.parse_args(argv)
    print(run(args.raw_dir, args.report, args.only, languages_of(args.config), contract.load(args.contract)))
    return 0


if __name__ == "__main__":
    raise SystemExit(run_cli(main))
