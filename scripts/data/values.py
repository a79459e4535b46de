"""The values the prose quotes through placeholders, computed from the raw data.

`compute(tables, findings)` returns a flat, language-neutral mapping
    key → {"type": "count" | "percent" | "date" | "text" | "handle" | "range", "value": ...}
(count: int; percent: the share as plain decimal text, precision as written in the data;
date: ISO 8601 text at its precision; text: {<lang>: ...} for each language of the data's
`<field>_<lang>` columns; handle: the account; range: an age range as the data writes it).
`localize(values, strings, lang)` turns it into key → the text a reader of edition `lang` sees.

Keys:
    count.accounts, count.platforms, count.managers, count.codes, count.triangulated,
    count.sources, count.sources.<source type>, count.segments,
    media_mix.<N>.channel, media_mix.<N>.share          (N = 1.. by share, ties in file order)
    audience.<N>.account                                (N = 1.. in order of first appearance)
    audience.<N>.top<K>.range, audience.<N>.top<K>.share (K = 1.. by share, ties in age order)
    event.<event_id>.start, event.<event_id>.end         (end only when given)
    source.<source_id>.date                              (sources with a date)

CLI:
    python -m scripts.data.values compute --raw data/raw --findings build/tables/findings.csv --out build/values.json
    python -m scripts.data.values localize --values build/values.json --lang id \
        --strings templates/i18n/id.yaml --out build/id/values.json
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path

from scripts.data import declared_tables as declared
from scripts.core import yamlfile
from scripts.core.errors import UserError, finding, run_cli
from scripts.core.files import write_atomic
from scripts.core.formatting import (
    MissingString,
    age_sort_key,
    count_with_noun,
    format_age_range,
    format_date,
    format_number,
    format_percent,
    parse_date,
    plain_number,
)
from scripts.data.catalog import VALUES
from scripts.data.contract import SOURCE_TYPES
from scripts.data.tables import RowProblem, per_language, read_raw, read_table

# Raw files (data/raw/<name>.csv) the values come from; catalog.py is their one home.
INPUTS = VALUES

TYPES = ("count", "percent", "date", "text", "handle", "range")


def _count(n: int) -> dict:
    return {"type": "count", "value": int(n)}


def _date(table: str, row: int, column: str, value: str) -> dict:
    try:
        parse_date(value)
    except ValueError as err:
        raise RowProblem(table, str(err), row, column) from None
    return {"type": "date", "value": value.strip()}


def _by_share_desc(shares: list[str]) -> list[int]:
    """Indices ordered by share, largest first; equal shares keep their given order."""
    numbers = [Decimal(plain_number(s)) for s in shares]
    return sorted(range(len(shares)), key=lambda i: -numbers[i])


def flagged(table: dict[str, list[str]], column: str) -> int:
    """How many rows of a declared table's neutral cells have the flag `column` set."""
    return sum(cell == declared.TRUE for cell in table[column])


def compute(tables: dict, findings: dict[str, list[str]]) -> dict[str, dict]:
    """All values from the raw tables (DataFrames keyed by file name without `.csv`) and the
    findings table's neutral cells: the dimensions the prose counts as triangulated are the
    ones the table flags, by the rule its declaration states (data/tables/findings.yaml)."""
    accounts, platforms, sources = tables["accounts"], tables["platforms"], tables["sources"]
    values: dict[str, dict] = {
        "count.accounts": _count(len(accounts)),
        "count.platforms": _count(platforms["platform"].nunique()),
        "count.managers": _count(accounts.loc[accounts["managed_by"].str.strip() != "", "managed_by"].nunique()),
        "count.codes": _count(len(tables["codebook"])),
        "count.sources": _count(len(sources)),
        "count.segments": _count(len(tables["coded_segments"])),
        "count.triangulated": _count(flagged(findings, "triangulated")),
    }
    for source_type in SOURCE_TYPES:
        values[f"count.sources.{source_type}"] = _count((sources["source_type"] == source_type).sum())

    mix = tables["media_mix"]
    try:
        ranked = _by_share_desc(list(mix["share_pct"]))
    except ValueError:
        bad = next(i for i, s in enumerate(mix["share_pct"]) if not _is_number(s))
        raise RowProblem("media_mix", f"share_pct is not a number: {mix['share_pct'].iat[bad]!r}", bad, "share_pct") from None
    for n, i in enumerate(ranked, start=1):
        values[f"media_mix.{n}.channel"] = {"type": "text", "value": {
            column.removeprefix("channel_"): mix[column].iat[i] for column in per_language(mix, "channel")}}
        values[f"media_mix.{n}.share"] = {"type": "percent", "value": plain_number(mix["share_pct"].iat[i])}

    audience = tables["audience_age"]
    for n, (account, rows) in enumerate(_accounts_in_age_order(audience).items(), start=1):
        values[f"audience.{n}.account"] = {"type": "handle", "value": account}
        for k, j in enumerate(_by_share_desc([audience["share_pct"].iat[i] for i in rows]), start=1):
            i = rows[j]
            values[f"audience.{n}.top{k}.range"] = {"type": "range", "value": audience["age_range"].iat[i].strip()}
            values[f"audience.{n}.top{k}.share"] = {"type": "percent", "value": plain_number(audience["share_pct"].iat[i])}

    events = tables["events"]
    seen: set[str] = set()
    for row, event in enumerate(events.itertuples(index=False)):
        event_id = event.event_id.strip()
        if not event_id:
            raise RowProblem("events", "event_id is empty", row, "event_id")
        if event_id in seen:
            raise RowProblem("events", f"event_id {event_id!r} appears twice", row, "event_id")
        seen.add(event_id)
        if not event.start.strip():
            raise RowProblem("events", "start is empty", row, "start")
        values[f"event.{event_id}.start"] = _date("events", row, "start", event.start)
        if event.end.strip():
            values[f"event.{event_id}.end"] = _date("events", row, "end", event.end)

    for row, source in enumerate(sources.itertuples(index=False)):
        if str(source.date).strip():
            values[f"source.{source.source_id}.date"] = _date("sources", row, "date", source.date)
    return dict(sorted(values.items()))


def _accounts_in_age_order(audience_age) -> dict[str, list[int]]:
    """Each account, in order of first appearance → its rows, youngest age range first."""
    keys = []
    for row, value in enumerate(audience_age["age_range"]):
        try:
            keys.append(age_sort_key(value))
        except ValueError as err:
            raise RowProblem("audience_age", str(err), row, "age_range") from None
    rows: dict[str, list[int]] = {}
    for i, account in enumerate(audience_age["account"]):
        rows.setdefault(account, []).append(i)
    return {account: sorted(indices, key=lambda i: (keys[i], i)) for account, indices in rows.items()}


def _is_number(text: str) -> bool:
    try:
        plain_number(text)
    except ValueError:
        return False
    return True


def localize(values: dict[str, dict], strings: dict, lang: str) -> dict[str, str]:
    """Each value as edition `lang` prints it. KeyError(key) for a text value lacking `lang`;
    MissingString for a pattern absent from `strings`; ValueError for an unknown type."""
    out = {}
    for key, entry in sorted(values.items()):
        kind, value = entry["type"], entry["value"]
        if kind == "count":
            out[key] = format_number(value, strings)
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
        raise UserError(finding(path, "json-syntax", f"not valid JSON: {err.msg}", line=err.lineno, column=err.colno)) from None
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(finding(path, "unreadable-file", f"cannot read: {err}")) from None
    bad = [k for k, v in data.items() if not isinstance(v, dict) or v.get("type") not in TYPES or "value" not in v] \
        if isinstance(data, dict) else ["(top level)"]
    if bad:
        raise UserError(finding(path, "values-structure", f"not a value entry: {bad[0]}"))
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.data.values", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    comp = sub.add_parser("compute", help="write the language-neutral values")
    comp.add_argument("--raw", required=True, help="folder of the raw CSV files")
    comp.add_argument("--findings", required=True, help="the neutral findings table (build/tables/findings.csv)")
    comp.add_argument("--out", required=True)
    loc = sub.add_parser("localize", help="write one edition's values")
    loc.add_argument("--values", required=True, help="the neutral values JSON")
    loc.add_argument("--lang", required=True)
    loc.add_argument("--strings", required=True, help="the edition's strings YAML")
    loc.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    if args.command == "compute":
        tables = read_raw(args.raw, INPUTS)
        findings = read_table(args.findings, ["triangulated"])
        try:
            values = compute(tables, findings)
        except RowProblem as problem:
            raise problem.to_user_error(args.raw) from None
        write_atomic(args.out, dumps(values))
        return 0
    values = _load_values(args.values)
    strings = yamlfile.load(args.strings)
    try:
        text = localize(values, strings, args.lang)
    except MissingString as missing:
        raise UserError(finding(args.strings, "missing-string", f"no string '{missing.key}'")) from None
    except KeyError as err:
        raise UserError(finding(args.values, "missing-language", f"{err.args[0]}: no text for '{args.lang}'")) from None
    except ValueError as err:
        raise UserError(finding(args.values, "bad-value", str(err))) from None
    write_atomic(args.out, dumps(text))
    return 0


if __name__ == "__main__":
    raise SystemExit(run_cli(main))
