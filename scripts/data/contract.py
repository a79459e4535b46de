"""The raw data contract's engine: data/contract.yaml read into Tables (the dictionary is scripts/data/dictionary.py).

The contract itself is data, beside the data: `data/contract.yaml` lists every file of
data/raw, its columns and the rules they obey (`load()` reads it, each mistake in it one
finding at its line). scripts/data/validate.py checks the files against it, the table
declarations (data/tables/) read their source files' columns from it, and
`python -m scripts.data.dictionary --markdown` prints the data dictionary that data/README.md
carries between its `schema` markers (a test keeps the two equal).

Why the checks are written by hand rather than with a schema library (measured again for
issue 10 on this 2-core machine under load ≈ 3, frictionless 5.21.0 and pandera 0.35.0 tried on
the real files; docs/data-contract.md, "Why not a schema library", has the table):

    import scripts.data.validate         0.09 s  (standard library; pandas only in `load()`)
    import frictionless                  0.30–0.45 s   (0.47 s with one validate call)
    import pandera.pandas                0.65–0.75 s   (pandas 0.41 s of it; 0.70 s with one validate)
    validating one file, warm            0.3–0.8 ms here, 6–9 ms with either library

Every rule of the workflow is one Python process, so a library costs its import on each
validation job. Neither covers what this contract needs without custom code: pandera locates
a failure by DataFrame index (not by the spreadsheet row once blank rows or multi-line cells
are involved) and has no cross-file foreign keys; frictionless reports an optional column the
descriptor does not list as an error; neither has the per-group share sums, the coverage of
another file's keys, or the per-language fields. Both would also need their own encoding,
empty-file and missing-file handling around them. What is left is a few small named
functions (TYPES below, the checks in validate.py) over plain strings, with messages in
the project's one format.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from scripts.core import rule_ids
from scripts.core.paths import CONTRACT

# ---------------------------------------------------------------- rules

# Every rule id a finding about the raw data can carry, with its meaning from scripts/core/rule_ids.py.
RULES: dict[str, str] = {
    rule: rule_ids.meaning(rule)
    for rule in (
        "missing-file",
        "encoding",
        "empty-file",
        "csv-syntax",
        "header",
        "field-count",
        "missing-column",
        "required",
        "whitespace",
        "type",
        "pattern",
        "allowed-value",
        "range",
        "unique",
        "foreign-key",
        "coverage",
        "share-sum",
        "translation",
        "date-order",
    )
}

# ---------------------------------------------------------------- types


@dataclass(frozen=True)
class ValueType:
    """How a cell of a type is written: a check returning None or what is wrong, and the rule it breaks."""

    name: str
    description: str
    rule: str
    check: Callable[[str], str | None]


_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_HANDLE = re.compile(r"@[A-Za-z0-9._-]+")
_CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
_AGE_RANGE = re.compile(r"(\d+)-(\d+)|(\d+)\+")
# An edition's language code as config.yaml's `languages:` writes it: `id`, `en`, `fr`, `pt-br`.
LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)?")


def check_text(value: str) -> str | None:
    return None


def check_integer(value: str) -> str | None:
    if _INTEGER.fullmatch(value):
        return None
    return f"'{value}' is not an integer (digits only, e.g. 3)"


def check_number(value: str) -> str | None:
    if _NUMBER.fullmatch(value):
        return None
    hint = "; write the decimal point as '.', not ','" if re.fullmatch(r"-?\d+,\d+", value) else ""
    hint = hint or ("; leave out the '%' sign" if value.endswith("%") else "")
    return f"'{value}' is not a number (e.g. 40 or 12.5){hint}"


def date_bounds(value: str) -> tuple[str, str] | None:
    """(first day, last day) of an ISO 8601 date `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; None if not one."""
    match = _DATE.fullmatch(value)
    if not match:
        return None
    year, month, day = match.groups()
    y = int(year)
    if month is None:
        return f"{year}-01-01", f"{year}-12-31"
    m = int(month)
    if not 1 <= m <= 12:
        return None
    last = calendar.monthrange(y, m)[1]
    if day is None:
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    if not 1 <= int(day) <= last:
        return None
    return value, value


def check_date(value: str) -> str | None:
    if date_bounds(value):
        return None
    return f"'{value}' is not an ISO 8601 date: write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2022-11-20)"


def check_handle(value: str) -> str | None:
    if _HANDLE.fullmatch(value):
        return None
    return f"'{value}' is not an account handle: it starts with '@', then letters, digits, '.', '_' or '-'"


def check_code(value: str) -> str | None:
    if _CODE.fullmatch(value):
        return None
    return f"'{value}' is not a snake_case code (lower-case letters, digits and '_', e.g. main_theme)"


def check_age_range(value: str) -> str | None:
    match = _AGE_RANGE.fullmatch(value)
    if match and (match.group(3) or int(match.group(1)) <= int(match.group(2))):
        return None
    if match:
        return f"'{value}': the lower bound is above the upper bound"
    return f"'{value}' is not an age range: write LOWER-UPPER with a hyphen (e.g. 18-24) or LOWER+ (e.g. 65+)"


TEXT, INTEGER, NUMBER, DATE, HANDLE, CODE, AGE_RANGE = (
    "text",
    "integer",
    "number",
    "date",
    "handle",
    "code",
    "age_range",
)

TYPES: dict[str, ValueType] = {
    t.name: t
    for t in (
        ValueType(TEXT, "any text", "type", check_text),
        ValueType(INTEGER, "whole number, digits only: `3`", "type", check_integer),
        ValueType(NUMBER, "number with `.` as decimal point, no `%`: `40`, `12.5`", "type", check_number),
        ValueType(DATE, "ISO 8601 date: `2022-11-20`, `2022-11` or `2022`", "pattern", check_date),
        ValueType(HANDLE, "account handle: `@` then letters, digits, `.`, `_`, `-`", "pattern", check_handle),
        ValueType(CODE, "snake_case code: `main_theme`", "pattern", check_code),
        ValueType(AGE_RANGE, "age range in years: `18-24`, or `65+` for an open upper end", "pattern", check_age_range),
    )
}

# ---------------------------------------------------------------- the contract


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    required: bool = True  # every cell must be filled
    allowed: tuple[str, ...] = ()  # the only values a cell may take (when filled)
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    in_contract: bool = True  # False: the file may lack this column (it is checked when present)
    localized: bool = False  # one column per edition language, named `<name>_<lang>`


@dataclass(frozen=True)
class ForeignKey:
    """Each filled `column` cell must be a value of `table`.`ref_column`."""

    column: str
    table: str
    ref_column: str


@dataclass(frozen=True)
class Coverage:
    """Each value of `table`.`ref_column` must appear in `column` (at least once)."""

    column: str
    table: str
    ref_column: str


@dataclass(frozen=True)
class ShareSum:
    """`column` sums to `total` ± `tolerance` within each group of rows sharing `by` (all rows if empty)."""

    column: str
    by: tuple[str, ...] = ()
    total: float = 100.0
    tolerance: float = 0.5


@dataclass(frozen=True)
class Table:
    name: str  # the file stem: data/raw/<name>.csv
    description: str
    columns: tuple[Column, ...]
    unique: tuple[tuple[str, ...], ...] = ()  # keys: one column or several together
    foreign_keys: tuple[ForeignKey, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    complete: tuple[str, ...] = ()  # columns whose allowed values must each have a row
    share_sums: tuple[ShareSum, ...] = ()
    date_order: tuple[tuple[str, str], ...] = ()  # (start, end) columns
    # Set by `for_languages`: the columns of each localized field, one per language.
    translations: tuple[tuple[str, ...], ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def languages_in(self, header: list[str]) -> list[str]:
        """The languages whose columns of a localized field `header` has, in header order."""
        fields = [c.name for c in self.columns if c.localized]
        found = [name[len(field) + 1 :] for name in header for field in fields if name.startswith(f"{field}_")]
        return list(dict.fromkeys(lang for lang in found if LANGUAGE.fullmatch(lang)))

    def for_languages(self, languages: list[str]) -> Table:
        """This table with each localized field as one column per language (`<field>_<lang>`)."""

        def names(column: str) -> list[str]:
            field = next((c for c in self.columns if c.name == column and c.localized), None)
            return [localized(column, lang) for lang in languages] if field else [column]

        columns = tuple(
            replace(c, name=localized(c.name, lang), localized=False, description=f"{c.description} (edition '{lang}')")
            for c in self.columns
            for lang in (languages if c.localized else [None])
        )
        unique = tuple(key for keys in self.unique for key in _expand_key(keys, names))
        return replace(
            self,
            columns=columns,
            unique=unique,
            translations=tuple(tuple(names(c.name)) for c in self.columns if c.localized and len(languages) > 1),
        )


def localized(field: str, lang: str | None) -> str:
    """The column of `field` in edition `lang`: the schema's one convention, `<field>_<lang>`."""
    return field if lang is None else f"{field}_{lang}"


def _expand_key(key: tuple[str, ...], names) -> list[tuple[str, ...]]:
    """A key naming a localized field is unique in each language on its own."""
    expanded = [names(column) for column in key]
    width = max(len(n) for n in expanded)
    return [tuple(n[i] if len(n) > 1 else n[0] for n in expanded) for i in range(width)]


# ---------------------------------------------------------------- reading data/contract.yaml

RULE = "contract"
COLUMN_KEYS = {
    "type",
    "description",
    "required",
    "allowed",
    "minimum",
    "maximum",
    "unit",
    "optional_column",
    "localized",
}
FILE_KEYS = {"description", "columns", "unique", "references", "coverage", "complete", "share_sums", "date_order"}


def _column(name: str, spec: dict) -> Column:
    return Column(
        name,
        spec.get("type", TEXT),
        str(spec.get("description", "")),
        required=spec.get("required", True),
        allowed=tuple(str(v) for v in spec.get("allowed", ())),
        minimum=spec.get("minimum"),
        maximum=spec.get("maximum"),
        unit=str(spec.get("unit", "")),
        in_contract=not spec.get("optional_column", False),
        localized=spec.get("localized", False),
    )


def _pairs(spec: dict, kind):
    """`COLUMN: FILE.COLUMN` entries as `kind(column, file, ref_column)`."""
    return tuple(kind(str(column), *str(target).split(".", 1)) for column, target in (spec or {}).items())


def _table(name: str, spec: dict) -> Table:
    return Table(
        name,
        str(spec.get("description", "")),
        tuple(_column(str(column), col or {}) for column, col in spec["columns"].items()),
        unique=tuple((key,) if isinstance(key, str) else tuple(key) for key in spec.get("unique", ())),
        foreign_keys=_pairs(spec.get("references"), ForeignKey),
        coverage=_pairs(spec.get("coverage"), Coverage),
        complete=tuple(spec.get("complete", ())),
        share_sums=tuple(
            ShareSum(s["column"], tuple(s.get("by", ())), float(s.get("total", 100)), float(s.get("tolerance", 0.5)))
            for s in spec.get("share_sums", ())
        ),
        date_order=tuple(tuple(pair) for pair in spec.get("date_order", ())),
    )


# A problem of the contract file: its message and the key path of the line it is on.
Problem = tuple[str, tuple]


def _column_problems(name: str, columns: dict) -> list[Problem]:
    out = []
    for column, spec in columns.items():
        spec = spec or {}
        where = (name, "columns", column)
        if not isinstance(spec, dict):
            out.append((f"{name}.{column}: the column's rules must be a mapping", where))
            continue
        out += [
            (f"{name}.{column}: unknown key '{key}' (one of {', '.join(sorted(COLUMN_KEYS))})", (*where, key))
            for key in sorted(set(spec) - COLUMN_KEYS)
        ]
        if spec.get("type", TEXT) not in TYPES:
            out.append((f"{name}.{column}: type '{spec['type']}' is not one of {', '.join(TYPES)}", (*where, "type")))
    return out


def _rule_problems(name: str, spec: dict, data: dict) -> list[Problem]:
    """The file's rules naming a column it lacks, a reference to no FILE.COLUMN, a malformed entry."""
    named: list[tuple[str, tuple]] = []  # (column, key path) of every column a rule names
    out = []
    for i, key in enumerate(spec.get("unique", ())):
        named += [(column, ("unique", i)) for column in ([key] if isinstance(key, str) else key)]
    for what in ("references", "coverage"):
        for column, target in (spec.get(what) or {}).items():
            named.append((column, (what, column)))
            table, _, ref = str(target).partition(".")
            if ref not in (((data.get(table) or {}).get("columns") or {}) if isinstance(data.get(table), dict) else {}):
                out.append((f"{name}: {what} '{target}' is not a FILE.COLUMN of the contract", (name, what, column)))
    named += [(column, ("complete", i)) for i, column in enumerate(spec.get("complete", ()))]
    for i, share in enumerate(spec.get("share_sums", ())):
        if not isinstance(share, dict) or "column" not in share:
            out.append((f"{name}: each of share_sums needs 'column'", (name, "share_sums", i)))
            continue
        named += [(column, ("share_sums", i)) for column in [share["column"], *share.get("by", ())]]
    for i, pair in enumerate(spec.get("date_order", ())):
        if not isinstance(pair, list) or len(pair) != 2:
            out.append((f"{name}: each of date_order is a pair [start, end]", (name, "date_order", i)))
            continue
        named += [(column, ("date_order", i)) for column in pair]
    out += [
        (f"{name}: '{column}' is not a column of the file", (name, *keys))
        for column, keys in named
        if column not in spec["columns"]
    ]
    return out


def _problems(data: dict, path: str, lines) -> list:
    """What is wrong with the contract file itself, each a finding at its line."""
    from scripts.core.errors import finding

    problems: list[Problem] = []
    for name, spec in data.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("columns"), dict) or not spec["columns"]:
            problems.append((f"{name}: needs 'columns', a mapping of each column to its rules", (name,)))
            continue
        problems += [
            (f"{name}: unknown key '{key}' (one of {', '.join(sorted(FILE_KEYS))})", (name, key))
            for key in sorted(set(spec) - FILE_KEYS)
        ]
        problems += _column_problems(name, spec["columns"]) + _rule_problems(name, spec, data)
    return [
        finding(path, RULE, message, line=lines.get(tuple(str(k) for k in keys)) or 1) for message, keys in problems
    ]


@functools.lru_cache(maxsize=8)
def _load(path: str, _stamp: tuple) -> dict[str, Table]:
    from scripts.core import yamlfile
    from scripts.core.errors import UserError

    data = yamlfile.load(path)
    problems = _problems(data, path, yamlfile.KeyLines(path))
    if problems:
        raise UserError(problems)
    return {str(name): _table(str(name), spec) for name, spec in data.items()}


def load(path: str | Path = CONTRACT) -> dict[str, Table]:
    """The contract of data/contract.yaml (or `path`): each raw file's Table by name, in file
    order; UserError with every problem of the file, each at its line."""
    file = Path(path)
    stat = file.stat() if file.is_file() else None
    return _load(str(path), (stat.st_mtime_ns, stat.st_size) if stat else ())


def with_references(names: list[str], tables: dict[str, Table]) -> list[str]:
    """`names` and every file they refer to (foreign keys, coverage), in contract order.

    Validating a file means checking its references too, so these are read together.
    """
    wanted = set(names)
    while True:
        more = {ref.table for name in wanted for ref in tables[name].foreign_keys + tables[name].coverage}
        if more <= wanted:
            return [name for name in tables if name in wanted]
        wanted |= more


def bounds(column: Column) -> str:
    """The range a number column allows, in words: `0 to 100`, `at least 1`, `at most 9`."""
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


# ---------------------------------------------------------------- the data dictionary
