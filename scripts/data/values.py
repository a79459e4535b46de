"""The values the prose quotes through placeholders, computed from the raw data as data/values/ declares them.

`compute(raw, families, tables, contract)` returns a flat, language-neutral mapping
    key → {"type": "count" | "percent" | "date" | "text" | "handle" | "range", "value": ...}
(count: int; percent: the share as plain decimal text, precision as written in the data;
date: ISO 8601 text at its precision; text: {<lang>: ...} for each language of the data's
`<field>_<lang>` columns; handle: as written; range: a range as the data writes it).
`localize(values, strings, lang)` turns it into key → the text a reader of edition `lang` sees.
Which keys there are, and what each computes, is data: scripts/data/declared_values.py.

CLI:
    python -m scripts.data.values compute --raw data/raw --tables build/tables --out build/values.json
    python -m scripts.data.values localize --values build/values.json --lang id \
        --strings templates/i18n/id.yaml --out build/id/values.json
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path

from scripts.core import yamlfile
from scripts.core.errors import UserError, finding, run_cli
from scripts.core.files import write_atomic
from scripts.core.formatting import (
    MissingString,
    age_sort_key,
    count_in_words,
    count_with_noun,
    format_age_range,
    format_date,
    format_number,
    format_percent,
    parse_date,
    plain_number,
)
from scripts.data import contract as schema
from scripts.data import declared_tables as declared
from scripts.data import declared_values
from scripts.data.declared_values import PLACEHOLDER, Family
from scripts.data.tables import RowProblem, per_language, read_table

TYPES = ("count", "percent", "date", "text", "handle", "range")


def _number(file: str, column: str, row: int, text: str) -> Decimal:
    try:
        return Decimal(plain_number(text))
    except ValueError:
        raise RowProblem(file, f"{column} is not a number: {text!r}", row, column) from None


def _sort_key(contract_type: str, file: str, column: str):
    """How the cells of a column of `contract_type` order (ranges by their bounds, numbers by value)."""

    def key(row: int, text: str):
        if contract_type == schema.AGE_RANGE:
            try:
                return age_sort_key(text)
            except ValueError as err:
                raise RowProblem(file, str(err), row, column) from None
        if contract_type in (schema.INTEGER, schema.NUMBER):
            return _number(file, column, row, text)
        return text

    return key


def _count(spec: dict, raw: dict, tables: dict, contract: dict[str, schema.Table]) -> list[tuple[dict, int]]:
    """(placeholders, count) of a count or flagged spec: one, or one per allowed value of `per`."""
    if "flagged" in spec:
        return [({}, sum(cell == declared.TRUE for cell in tables[str(spec["table"])][str(spec["flagged"])]))]
    name = str(spec["count"])
    frame = raw[name]
    where = {str(c): str(v) for c, v in (spec.get("where") or {}).items()}
    cells = {
        column: list(frame[column]) for column in [*where, *(str(spec[k]) for k in ("distinct", "per") if k in spec)]
    }
    matching = [i for i in range(len(frame)) if all(cells[c][i] == v for c, v in where.items())]
    if "per" in spec:
        per = str(spec["per"])
        allowed = next(c.allowed for c in contract[name].columns if c.name == per)
        return [({per: value}, sum(cells[per][i] == value for i in matching)) for value in allowed]
    if "distinct" in spec:
        values = {cells[str(spec["distinct"])][i].strip() for i in matching}
        return [({}, len(values - {""}))]
    return [({}, len(matching))]


def _walk(family: Family, frame, contract: dict[str, schema.Table]) -> list[tuple[dict, int]]:
    """(placeholders, row) of each row the family visits, in order."""
    data, file = family.data, family.file
    types = {c.name: c.type for c in contract[file].columns}
    order = list(range(len(frame)))
    if "ties" in data:
        column = str(data["ties"])
        key = _sort_key(types[column], file, column)
        cells = list(frame[column])
        order.sort(key=lambda i: (key(i, cells[i]), i))
    if "ranked" in data:
        column = str(data["ranked"])
        numbers = {i: _number(file, column, i, cell) for i, cell in enumerate(frame[column])}
        order.sort(key=lambda i: -numbers[i])
    if "groups" in data:
        of_row = list(frame[str(data["groups"])])
        groups: dict[str, list[int]] = {value: [] for value in of_row}  # in order of first appearance
        for i in order:
            groups[of_row[i]].append(i)
        return [
            ({"group": n, "rank": k}, i)
            for n, rows in enumerate(groups.values(), start=1)
            for k, i in enumerate(rows, start=1)
        ]
    if "rows" in data:
        column = str(data["rows"])
        seen: set[str] = set()
        out = []
        for i, value in enumerate(frame[column]):
            value = value.strip()
            if not value:
                raise RowProblem(file, f"{column} is empty", i, column)
            if value in seen:
                raise RowProblem(file, f"{column} {value!r} appears twice", i, column)
            seen.add(value)
            out.append(({column: value}, i))
        return out
    return [({"rank": k}, i) for k, i in enumerate(order, start=1)]


def _cell(kind: str, frame, file: str, column: str, row: int) -> dict | None:
    """The value of a cell as type `kind`; None for an empty cell."""
    if kind == "text":
        texts = {name.removeprefix(f"{column}_"): frame[name].iat[row] for name in per_language(frame, column)}
        if not texts:
            raise RowProblem(file, f"no column {column}_<lang>", None, column)
        return {"type": "text", "value": texts}
    text = frame[column].iat[row]
    if not text.strip():
        return None
    if kind == "percent":
        _number(file, column, row, text)
        return {"type": "percent", "value": plain_number(text)}
    if kind == "date":
        try:
            parse_date(text)
        except ValueError as err:
            raise RowProblem(file, str(err), row, column) from None
        return {"type": "date", "value": text.strip()}
    return {"type": kind, "value": text.strip() if kind == "range" else text}


def _key(template: str, names: dict) -> str:
    """A value's key: `template` with each `{placeholder}` replaced by what `names` gives it."""
    return PLACEHOLDER.sub(lambda m: str(names[m[1]]), template)


def compute(
    raw: dict, families: dict[str, Family], tables: dict[str, dict[str, list[str]]], contract: dict[str, schema.Table]
) -> dict[str, dict]:
    """Every declared value, sorted by key: from the raw files `raw` (by stem; columns of text
    cells), the neutral cells of the declared tables `tables` whose flags a value counts, and
    the contract (the allowed values a `per` count walks, the types a `ties` column sorts by)."""
    values: dict[str, dict] = {}
    for family in families.values():
        walk = _walk(family, raw[family.file], contract) if family.file else []
        for template, spec in family.values.items():
            if "cell" not in spec:
                for names, n in _count(spec, raw, tables, contract):
                    values[_key(template, names)] = {"type": "count", "value": int(n)}
                continue
            for names, row in walk:
                key = _key(template, names)
                value = (
                    None
                    if key in values
                    else _cell(spec["type"], raw[family.file], family.file, str(spec["cell"]), row)
                )
                if value is not None:
                    values[key] = value
    return dict(sorted(values.items()))


def localize(values: dict[str, dict], strings: dict, lang: str) -> dict[str, str]:
    """Each value as edition `lang` prints it. KeyError(key) for a text value lacking `lang`;
    MissingString for a pattern absent from `strings`; ValueError for an unknown type."""
    out = {}
    for key, entry in sorted(values.items()):
        kind, value = entry["type"], entry["value"]
        if kind == "count":
            out[key] = format_number(value, strings)
            out[f"{key}.words"] = count_in_words(value, strings)  # prose: "seven", "tujuh"; tables keep numerals
            # `<key>.noun`: the count with its noun in the right number (strings `count_nouns`).
            nouns = strings.get("count_nouns") or {}
            if key in nouns:
                out[f"{key}.noun"] = count_with_noun(value, nouns[key], strings)
        elif kind == "percent":
            out[key] = format_percent(value, strings)
        elif kind == "date":
            out[key] = format_date(value, strings)
        elif kind == "text":
            if lang not in value:
                raise KeyError(key)
            out[key] = value[lang]
        elif kind == "handle":
            out[key] = value
        elif kind == "range":
            out[key] = format_age_range(value)
        else:
            raise ValueError(f"{key}: unknown value type {kind!r}")
    return out


def computed(
    raw_dir: str | Path, neutral: dict[str, str | Path], families: dict[str, Family], contract: dict[str, schema.Table]
) -> dict[str, dict]:
    """`compute` over the raw files of `raw_dir` and the neutral tables `neutral` (name → CSV path)."""
    from scripts.data.rawdata import read_cells

    missing = [name for fam in families.values() for name in fam.tables() if name not in neutral]
    if missing:
        raise UserError(finding(raw_dir, "missing-input", f"no neutral table '{missing[0]}' among the inputs"))
    raw = {stem: read_cells(Path(raw_dir) / f"{stem}.csv") for fam in families.values() for stem in fam.raw_files()}
    tables = {name: read_table(neutral[name], []) for fam in families.values() for name in fam.tables()}
    try:
        return compute(raw, families, tables, contract)
    except RowProblem as problem:
        raise problem.to_user_error(raw_dir) from None


def dumps(data: dict) -> str:
    """Deterministic JSON text: sorted keys, UTF-8 characters as they are, trailing newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _load_values(path: str | Path) -> dict:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(finding(path, "missing-file", "file not found")) from None
    except json.JSONDecodeError as err:
        raise UserError(
            finding(path, "json-syntax", f"not valid JSON: {err.msg}", line=err.lineno, column=err.colno)
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(finding(path, "unreadable-file", f"cannot read: {err}")) from None
    bad = (
        [k for k, v in data.items() if not isinstance(v, dict) or v.get("type") not in TYPES or "value" not in v]
        if isinstance(data, dict)
        else ["(top level)"]
    )
    if bad:
        raise UserError(finding(path, "values-structure", f"not a value entry: {bad[0]}"))
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.data.values", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    comp = sub.add_parser("compute", help="write the language-neutral values")
    comp.add_argument("--raw", required=True, help="folder of the raw CSV files")
    comp.add_argument(
        "--tables",
        nargs="*",
        default=[],
        help="the neutral CSV of each declared table whose flags a value counts, named <table>.csv",
    )
    comp.add_argument("--contract", default=schema.CONTRACT, help=f"the contract (default {schema.CONTRACT})")
    comp.add_argument(
        "--declared",
        default=declared_values.FOLDER,
        help=f"the folder of value declarations (default {declared_values.FOLDER})",
    )
    comp.add_argument("--out", required=True)
    loc = sub.add_parser("localize", help="write one edition's values")
    loc.add_argument("--values", required=True, help="the neutral values JSON")
    loc.add_argument("--lang", required=True)
    loc.add_argument("--strings", required=True, help="the edition's strings YAML")
    loc.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    if args.command == "compute":
        contract = schema.load(args.contract)
        neutral = {Path(path).stem: path for path in args.tables}
        write_atomic(
            args.out, dumps(computed(args.raw, neutral, declared_values.load_all(args.declared, contract), contract))
        )
        return 0
    write_atomic(args.out, localized(args.values, args.strings, args.lang))
    return 0


def localized(values_path: str | Path, strings_path: str | Path, lang: str) -> str:
    """The JSON text of edition `lang`'s values, from the neutral values file `values_path`."""
    values = _load_values(values_path)
    strings = yamlfile.load(strings_path)
    try:
        text = localize(values, strings, lang)
    except MissingString as missing:
        raise UserError(finding(strings_path, "missing-string", f"no string '{missing.key}'")) from None
    except KeyError as err:
        raise UserError(finding(values_path, "missing-language", f"{err.args[0]}: no text for '{lang}'")) from None
    except ValueError as err:
        raise UserError(finding(values_path, "bad-value", str(err))) from None
    return dumps(text)


if __name__ == "__main__":
    raise SystemExit(run_cli(main))
