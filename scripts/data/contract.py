"""The raw data contract: every file of data/raw, its columns, and the rules they obey.

This module is the single definition of the contract. scripts/data/validate.py checks the
files against it, and `python -m scripts.data.contract --markdown` prints the data dictionary that
data/README.md carries between its `schema` markers (a test keeps the two equal).

Why the checks are written by hand rather than with a schema library (measured again for
issue 10 on this 2-core machine under load ≈ 3, frictionless 5.21.0 and pandera 0.35.0 tried on
the real files; README.md, "Why not a schema library", has the table):

    import scripts.data.validate         0.09 s  (standard library; pandas only in `load()`)
    import frictionless                  0.30–0.45 s   (0.47 s with one validate call)
    import pandera.pandas                0.65–0.75 s   (pandas 0.41 s of it; 0.70 s with one validate)
    validating one file, warm            0.3–0.8 ms here, 6–9 ms with either library

Every rule of the workflow is one Python process, so a library costs its import on each
validation job. Neither covers what this contract needs without custom code: pandera locates
a failure by DataFrame index (not by the spreadsheet row once blank rows or multi-line cells
are involved) and has no cross-file foreign keys; frictionless reports an optional column the
descriptor does not list as an error; neither has the per-account share sums, the "every code has a
finding" coverage, or the per-language fields. Both would also need their own encoding,
empty-file and missing-file handling around them. What is left is a few small named
functions (TYPES below, the checks in validate_data.py) over plain strings, with messages in
the project's one format.

The contract is data, not code: a new file, column, allowed value or foreign key is a line
in TABLES, and the validator, the dictionary and the tests follow.
"""

from __future__ import annotations

import argparse
import calendar
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from scripts.core import rule_ids

# ---------------------------------------------------------------- rules

# Every rule id a finding about the raw data can carry, with its meaning from scripts/core/rule_ids.py.
RULES: dict[str, str] = {rule: rule_ids.meaning(rule) for rule in (
    "missing-file", "encoding", "empty-file", "csv-syntax", "header", "field-count", "missing-column", "required",
    "whitespace", "type", "pattern", "allowed-value", "range", "unique", "foreign-key", "coverage", "share-sum",
    "translation", "date-order",
)}

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
    return f"'{value}' is not a snake_case code (lower-case letters, digits and '_', e.g. capability_audience)"


def check_age_range(value: str) -> str | None:
    match = _AGE_RANGE.fullmatch(value)
    if match and (match.group(3) or int(match.group(1)) <= int(match.group(2))):
        return None
    if match:
        return f"'{value}': the lower bound is above the upper bound"
    return f"'{value}' is not an age range: write LOWER-UPPER with a hyphen (e.g. 18-24) or LOWER+ (e.g. 65+)"


TEXT, INTEGER, NUMBER, DATE, HANDLE, CODE, AGE_RANGE = "text", "integer", "number", "date", "handle", "code", "age_range"

TYPES: dict[str, ValueType] = {t.name: t for t in (
    ValueType(TEXT, "any text", "type", check_text),
    ValueType(INTEGER, "whole number, digits only: `3`", "type", check_integer),
    ValueType(NUMBER, "number with `.` as decimal point, no `%`: `40`, `12.5`", "type", check_number),
    ValueType(DATE, "ISO 8601 date: `2022-11-20`, `2022-11` or `2022`", "pattern", check_date),
    ValueType(HANDLE, "account handle: `@` then letters, digits, `.`, `_`, `-`", "pattern", check_handle),
    ValueType(CODE, "snake_case code: `capability_audience`", "pattern", check_code),
    ValueType(AGE_RANGE, "age range in years: `18-24`, or `65+` for an open upper end", "pattern", check_age_range),
)}

# ---------------------------------------------------------------- the contract


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    required: bool = True            # every cell must be filled
    allowed: tuple[str, ...] = ()    # the only values a cell may take (when filled)
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    in_contract: bool = True         # False: the file may lack this column (it is checked when present)
    localized: bool = False          # one column per edition language, named `<name>_<lang>`


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
    name: str                                   # the file stem: data/raw/<name>.csv
    description: str
    columns: tuple[Column, ...]
    unique: tuple[tuple[str, ...], ...] = ()    # keys: one column or several together
    foreign_keys: tuple[ForeignKey, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    complete: tuple[str, ...] = ()              # columns whose allowed values must each have a row
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
        found = [name[len(field) + 1:] for name in header for field in fields if name.startswith(f"{field}_")]
        return list(dict.fromkeys(lang for lang in found if LANGUAGE.fullmatch(lang)))

    def for_languages(self, languages: list[str]) -> "Table":
        """This table with each localized field as one column per language (`<field>_<lang>`)."""
        def names(column: str) -> list[str]:
            field = next((c for c in self.columns if c.name == column and c.localized), None)
            return [localized(column, lang) for lang in languages] if field else [column]

        columns = tuple(replace(c, name=localized(c.name, lang), localized=False,
                                description=f"{c.description} (edition '{lang}')")
                        for c in self.columns for lang in (languages if c.localized else [None]))
        unique = tuple(key for keys in self.unique for key in _expand_key(keys, names))
        return replace(self, columns=columns, unique=unique,
                       translations=tuple(tuple(names(c.name)) for c in self.columns if c.localized and len(languages) > 1))


def localized(field: str, lang: str | None) -> str:
    """The column of `field` in edition `lang`: the schema's one convention, `<field>_<lang>`."""
    return field if lang is None else f"{field}_{lang}"


def _expand_key(key: tuple[str, ...], names) -> list[tuple[str, ...]]:
    """A key naming a localized field is unique in each language on its own."""
    expanded = [names(column) for column in key]
    width = max(len(n) for n in expanded)
    return [tuple(n[i] if len(n) > 1 else n[0] for n in expanded) for i in range(width)]


# The 7 Cs of Cutlip, Center & Broom, in the order the study discusses them: a fixed part of the contract.
SEVEN_CS = ("credibility", "context", "content", "clarity", "continuity_consistency", "channels", "capability_audience")
SOURCE_TYPES = ("interview", "observation", "document")
REGISTERS = ("casual", "semi_formal", "formal")
PERCENT = dict(type=NUMBER, minimum=0, maximum=100, unit="percent (0–100)")

TABLES: tuple[Table, ...] = (
    Table(
        "codebook",
        "The coding frame: the 7 Cs of communication of Cutlip, Center & Broom, one row per dimension.",
        (
            Column("code", CODE, "identifier of the dimension", allowed=SEVEN_CS),
            Column("order", INTEGER, "position of the dimension in tables", minimum=1, unit="rank, 1 = first"),
            Column("label", TEXT, "name of the dimension", localized=True),
            Column("definition", TEXT, "definition, paraphrasing the study", localized=True),
        ),
        unique=(("code",), ("order",)),
        complete=("code",),
    ),
    Table(
        "findings",
        "What the study found for each dimension: exactly one row per code of the codebook.",
        (
            Column("code", CODE, "dimension of the codebook"),
            Column("finding", TEXT, "the finding, paraphrasing the study", localized=True),
        ),
        unique=(("code",),),
        foreign_keys=(ForeignKey("code", "codebook", "code"),),
        coverage=(Coverage("code", "codebook", "code"),),
    ),
    Table(
        "sources",
        "Where the evidence comes from: interviews, observation and documents the study names.",
        (
            Column("source_id", TEXT, "identifier of the source, e.g. S01"),
            Column("source_type", TEXT, "kind of source", allowed=SOURCE_TYPES),
            Column("description", TEXT, "what the source is", localized=True),
            Column("date", DATE, "date of the source; empty where the study gives none", required=False),
        ),
        unique=(("source_id",),),
    ),
    Table(
        "coded_segments",
        "The evidence: one row per statement of the study tied to a dimension and a source.",
        (
            Column("segment_id", TEXT, "identifier of the segment, e.g. SEG01"),
            Column("source_id", TEXT, "source of the evidence (sources.csv)"),
            Column("code", CODE, "dimension it supports (codebook.csv)"),
            Column("note", TEXT, "the evidence, paraphrasing the study", localized=True),
        ),
        unique=(("segment_id",),),
        foreign_keys=(ForeignKey("source_id", "sources", "source_id"), ForeignKey("code", "codebook", "code")),
        coverage=(Coverage("code", "codebook", "code"),),
    ),
    Table(
        "audience_age",
        "Followers of an account by age group, as shares; only accounts the study gives figures for.",
        (
            Column("account", HANDLE, "account handle (accounts.csv)"),
            Column("age_range", AGE_RANGE, "age group in years"),
            Column("share_pct", description="share of the account's followers in the group", **PERCENT),
        ),
        unique=(("account", "age_range"),),
        foreign_keys=(ForeignKey("account", "accounts", "handle"),),
        share_sums=(ShareSum("share_pct", by=("account",)),),
    ),
    Table(
        "accounts",
        "The city government's official social media accounts and who runs them.",
        (
            Column("handle", HANDLE, "account handle"),
            Column("platform", TEXT, "platform of the account (platforms.csv)"),
            Column("managed_by", TEXT, "unit that runs the account, as the study abbreviates it"),
            Column("focus", TEXT, "whom or what its content is about", required=False, localized=True),
            Column("manager", TEXT, "full name of the managing unit", required=False, in_contract=False, localized=True),
        ),
        unique=(("handle", "platform"),),
        foreign_keys=(ForeignKey("platform", "platforms", "platform"),),
    ),
    Table(
        "platforms",
        "Social media platforms the city uses, the language register it writes in there, and their audience.",
        (
            Column("platform", TEXT, "platform name"),
            Column("register", TEXT, "language register of the city's posts there", allowed=REGISTERS),
            Column("audience", TEXT, "the platform's audience as the study describes it", required=False, localized=True),
            Column("managed_by", TEXT, "units the study says run accounts there without naming them, as it abbreviates "
                   "the units (Table 1 shows them for a platform with no account in accounts.csv)",
                   required=False, in_contract=False),
        ),
        unique=(("platform",),),
    ),
    Table(
        "media_mix",
        "How the publicity for the event was split across kinds of media, as shares.",
        (
            Column("channel", TEXT, "the kind of media (each language's name is a key)", localized=True),
            Column("share_pct", description="share of the publicity", **PERCENT),
        ),
        unique=(("channel",),),
        share_sums=(ShareSum("share_pct"),),
    ),
    Table(
        "events",
        "Dated events the article quotes (an addition to the design's eight files).",
        (
            Column("event_id", CODE, "identifier of the event (an identifier, not text in a language)"),
            Column("label", TEXT, "what happened", localized=True),
            Column("start", DATE, "first day, or the day of a one-day event"),
            Column("end", DATE, "last day; empty for a one-day or open-ended event", required=False),
        ),
        unique=(("event_id",),),
        date_order=(("start", "end"),),
    ),
)

TABLE_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def with_references(names: list[str], extra: tuple[Table, ...] = ()) -> list[str]:
    """`names` and every file they refer to (foreign keys, coverage), in contract order.

    Validating a file means checking its references too, so these are read together.
    `extra`: the source files declared tables bring along (scripts/data/declared_tables.py).
    """
    tables = (*TABLES, *extra)
    by_name = {t.name: t for t in tables}
    wanted = set(names)
    while True:
        more = {ref.table for name in wanted for ref in by_name[name].foreign_keys + by_name[name].coverage}
        if more <= wanted:
            return [t.name for t in tables if t.name in wanted]
        wanted |= more


def bounds(column: Column) -> str:
    """The range a number column allows, in words: `0 to 100`, `at least 1`, `at most 9`."""
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"

# ---------------------------------------------------------------- the data dictionary

BEGIN = "<!-- schema:begin (generated by `python -m scripts.data.contract --markdown`; do not edit by hand) -->"
END = "<!-- schema:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _key(columns: tuple[str, ...]) -> str:
    return " + ".join(f"`{c}`" for c in columns)


def _column_rules(table: Table, column: Column) -> str:
    rules = [f"one of {', '.join(f'`{v}`' for v in column.allowed)}"] if column.allowed else []
    if column.name in table.complete:
        rules.append("each allowed value has a row")
    if column.minimum is not None or column.maximum is not None:
        rules.append(bounds(column))
    rules += [f"unique" if len(key) == 1 else f"unique with {_key(tuple(c for c in key if c != column.name))}"
              for key in table.unique if column.name in key]
    rules += [f"exists in `{fk.table}.{fk.ref_column}`" for fk in table.foreign_keys if fk.column == column.name]
    rules += [f"every `{cov.table}.{cov.ref_column}` has a row" for cov in table.coverage if cov.column == column.name]
    for share in table.share_sums:
        if share.column == column.name:
            group = f"per {_key(share.by)}" if share.by else "over all rows"
            rules.append(f"sums to {share.total:g} ± {share.tolerance:g} {group}")
    rules += [f"not before `{start}`" for start, end in table.date_order if end == column.name]
    return "; ".join(rules)


def markdown(declarations: dict | None = None) -> str:
    """The data dictionary section of data/README.md, markers included, ending with a newline.

    `declarations`: the declared tables by name (scripts/data/declared_tables.py); None reads data/tables/.
    """
    from scripts.data import declared_tables as declared  # it builds on this module

    if declarations is None:
        declarations = declared.load_all()
    extra = tuple(t for t in map(declared.source_schema, declarations.values()) if t is not None)
    out = [BEGIN, "", "### Columns per edition", "",
           "A text the reader sees is given once per edition: a column named `<field>_<lang>`, where `<lang>` is",
           "an edition's code in `languages:` of config.yaml. The tables below write such a field `<field>_<lang>`;",
           "a file holds one column for each edition, and a new edition adds its own.", "",
           "### Types", "", "| type | written as | rule broken |", "|---|---|---|"]
    out += [f"| `{t.name}` | {_cell(t.description)} | `{t.rule}` |" for t in TYPES.values()]
    out += ["", "### Rule ids", "", "| rule | meaning |", "|---|---|"]
    out += [f"| `{rule}` | {_cell(meaning)} |" for rule, meaning in RULES.items()]
    for table in (*TABLES, *extra):
        out += ["", f"### {table.file}", "", table.description, ""]
        out += ["| column | type | cells | unit | rules | description |", "|---|---|---|---|---|---|"]
        for c in table.columns:
            cells = "required" if c.required else "may be empty"
            if not c.in_contract:
                cells += "; optional column"
            if c.localized:
                cells += "; one column per edition, filled in all or none"
            out.append(f"| `{localized(c.name, '<lang>' if c.localized else None)}` | `{c.type}` | {cells} | {_cell(c.unit)}"
                       f" | {_cell(_column_rules(table, c))} | {_cell(c.description)} |")
    out += _declared_markdown(declarations)
    out += ["", END]
    return "\n".join(out) + "\n"


def _declared_markdown(declarations: dict) -> list[str]:
    """The declared tables (data/tables/*.yaml): what each reads, and the schema a new source brings."""
    if not declarations:
        return []
    out = ["", "### Declared tables", "",
           "Tables declared in `data/tables/<name>.yaml` (README: Adding a table), and the raw files they read.", "",
           "| table | reads | columns |", "|---|---|---|"]
    for name, decl in sorted(declarations.items()):
        reads = ", ".join(f"`{stem}.csv`" for stem in decl.raw_files())
        out.append(f"| `{name}` | {reads} | {', '.join('`' + c['name'] + '`' for c in decl.columns)} |")
    return out


def dictionary(readme: str, declarations: dict | None = None) -> str:
    """data/README.md (`readme`) with its contract section, between the markers, generated anew:
    the build's data dictionary, current with every declared table whether or not the checked-in
    copy was refreshed. Raises ValueError when the markers are missing."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"no '{BEGIN}' … '{END}' section")
    return readme[:start] + markdown(declarations).rstrip("\n") + readme[end + len(END):]


def main(argv: list[str] | None = None) -> int:
    from scripts.core.errors import UserError, finding
    from scripts.core.files import write_atomic

    parser = argparse.ArgumentParser(prog="python -m scripts.data.contract", description="The raw data contract.")
    parser.add_argument("--markdown", action="store_true", help="print the data dictionary section of data/README.md")
    parser.add_argument("--dictionary", metavar="README", help="write README with its contract section generated to --out")
    parser.add_argument("--out", help="where --dictionary writes, e.g. build/data-dictionary.md")
    args = parser.parse_args(argv)
    if args.dictionary and args.out:
        try:
            write_atomic(args.out, dictionary(Path(args.dictionary).read_text(encoding="utf-8")))
        except ValueError as err:
            raise UserError(finding(args.dictionary, "dictionary-markers", str(err))) from None
    elif args.markdown:
        sys.stdout.write(markdown())
    else:
        parser.print_usage()
    return 0


if __name__ == "__main__":
    from scripts.core.errors import run_cli

    raise SystemExit(run_cli(main))
