"""Tables declared in YAML, one file each: `data/tables/<name>.yaml`. Adding one needs no Python.

A declaration names its source file in data/raw/ (one table row per source row), the schema
of that file when the contract (scripts/schema.py) does not already have it, its columns —
each a source column (`from`), a column of another raw file looked up by a key (`join`), a
count of another file's rows with this row's key (`count`) or a share of a column's total
(`share`) — their labels and the caption per edition, number formats, sort order and the
column that carries long text. README.md, "Adding a table", shows one end to end.

The neutral table (build/tables/<name>.csv) holds the computed cells, language-neutral, with
one `<name>_<lang>` column per edition for a per-language field; `localize` turns it into the
(headers, rows, align) of one edition, like scripts/tables.localize. Standard library and
PyYAML only: the Snakefile reads the declarations on every run.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from scripts import schema, yamlfile
from scripts.errors import WARNING, Finding, UserError, finding
from scripts.formatting import age_sort_key, format_age_range, format_number, format_percent

FOLDER = "data/tables"
COMPUTATIONS = ("from", "join", "count", "share")
FORMATS = ("text", "number", "percent", "age_range")
UNDECLARED = "undeclared-data"


@dataclass(frozen=True)
class Declaration:
    name: str
    path: str
    data: dict
    lines: dict = field(default_factory=dict, compare=False)

    @property
    def source(self) -> str:
        return str(self.data["source"])

    @property
    def columns(self) -> list[dict]:
        return list(self.data["columns"])

    @property
    def long_text(self) -> str | None:
        return self.data.get("long_text")

    def long_text_index(self) -> int | None:
        """The position of the long-text column among the shown ones (scripts/colwidths.py)."""
        names = [c["name"] for c in self.columns]
        return names.index(self.long_text) if self.long_text else None

    def raw_files(self) -> list[str]:
        """The raw files (stems) the table reads: its source, then the files it joins or counts."""
        others = [c[kind]["file"] for c in self.columns for kind in ("join", "count") if kind in c]
        return list(dict.fromkeys([self.source, *others]))

    def line(self, *keys) -> int | None:
        return self.lines.get(tuple(str(k) for k in keys))


# ---------------------------------------------------------------- reading and checking


def _problems(decl: Declaration) -> list[Finding]:
    """What is wrong with a declaration itself, each at its line."""
    data, out = decl.data, []

    def bad(message, *keys):
        out.append(finding(decl.path, "table-declaration", message, line=decl.line(*keys) or 1))

    for key in ("source", "columns", "caption"):
        if key not in data:
            bad(f"'{key}' is required")
    if "source" in data and not data.get("schema") and str(data["source"]) not in schema.TABLE_BY_NAME:
        bad(f"data/raw/{data['source']}.csv is not in the contract (scripts/schema.py): give its columns under 'schema'",
            "source")
    if not isinstance(data.get("columns", []), list) or not data.get("columns"):
        bad("'columns' must be a list of columns", "columns")
        return out
    names = []
    for i, column in enumerate(data["columns"]):
        if not isinstance(column, dict) or "name" not in column:
            bad("each column needs a 'name'", "columns", i)
            continue
        kinds = [k for k in COMPUTATIONS if k in column]
        if len(kinds) != 1:
            bad(f"column '{column['name']}' needs exactly one of {', '.join(COMPUTATIONS)}", "columns", i)
        if column.get("format", "text") not in FORMATS:
            bad(f"column '{column['name']}': format must be one of {', '.join(FORMATS)}", "columns", i, "format")
        if "share" in column and column["share"] not in names:
            bad(f"column '{column['name']}' shares column '{column['share']}', which is not declared before it", "columns", i)
        for kind, needed in (("join", ("file", "key", "take")), ("count", ("file", "key"))):
            if kind in column and not (isinstance(column[kind], dict) and all(k in column[kind] for k in needed)):
                bad(f"column '{column['name']}': {kind} needs {', '.join(needed)}", "columns", i, kind)
        names.append(column["name"])
    for option in ("long_text", "group_by"):
        if data.get(option) and data[option] not in names:
            bad(f"{option}: '{data[option]}' is not a declared column", option)
    for key in [k.lstrip("-") for k in data.get("sort", []) if k.lstrip("-") not in names]:
        bad(f"'{key}' is not a declared column", "sort")
    return out


def load(path: str | Path) -> Declaration:
    from scripts.metadata import key_lines

    data = yamlfile.load(path)
    decl = Declaration(Path(path).stem, str(path), data, key_lines(path))
    problems = _problems(decl)
    if problems:
        raise UserError(problems)
    return decl


def files(folder: str | Path = FOLDER) -> list[Path]:
    return sorted(Path(folder).glob("*.yaml"))


def load_all(folder: str | Path = FOLDER) -> dict[str, Declaration]:
    """Every declaration of `folder` by table name; UserError with every problem of every file."""
    found, problems = {}, []
    for path in files(folder):
        try:
            found[path.stem] = load(path)
        except UserError as err:
            problems += err.findings
    if problems:
        raise UserError(problems)
    return found


def source_schema(decl: Declaration) -> schema.Table | None:
    """The contract of a source file the declaration brings along (`schema:`), None if it has none."""
    declared = decl.data.get("schema")
    if not declared:
        return None
    columns, unique, references = [], [], []
    for name, spec in declared.items():
        spec = spec or {}
        columns.append(schema.Column(
            name, spec.get("type", schema.TEXT), spec.get("description", ""), required=spec.get("required", True),
            allowed=tuple(spec.get("allowed", ())), minimum=spec.get("minimum"), maximum=spec.get("maximum"),
            unit=spec.get("unit", ""), localized=spec.get("localized", False)))
        if spec.get("unique"):
            unique.append((name,))
        if spec.get("references"):
            table, _, ref_column = str(spec["references"]).partition(".")
            references.append(schema.ForeignKey(name, table, ref_column))
    return schema.Table(decl.source, decl.data.get("description", f"The source of the declared table {decl.name}."),
                        tuple(columns), unique=tuple(unique), foreign_keys=tuple(references))


def undeclared(raw_dir: str | Path, known: set[str]) -> list[Finding]:
    """A warning for each CSV of `raw_dir` that neither the contract nor a declaration reads."""
    return [Finding(path.as_posix(), None, None, WARNING, UNDECLARED,
                    f"no table is declared over '{path.name}' and the contract does not list it, so the build "
                    f"does not read it; declare a table in {FOLDER}/ (README: Adding a table)")
            for path in sorted(Path(raw_dir).glob("*.csv")) if path.stem not in known]


# ---------------------------------------------------------------- the neutral table


class CellProblem(Exception):
    """A cell the table cannot be computed from: raw file, 0-based data row, column, message."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str):
        super().__init__(message)
        self.file, self.row, self.column, self.message = file, row, column, message


def _per_language(cells, name: str) -> dict[str | None, str]:
    """Column name by language for field `name` of a raw file: {None: name}, or {lang: name_lang, ...}."""
    if name in cells.columns:
        return {None: name}
    found = {column[len(name) + 1:]: column for column in cells.columns
             if column.startswith(f"{name}_") and schema.LANGUAGE.fullmatch(column[len(name) + 1:])}
    return found


def _number(text: str, where: tuple[str, int, str]) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellProblem(*where, f"'{text}' is not a number") from None


def build(decl: Declaration, raw: dict) -> dict[str, list[str]]:
    """The neutral table: output column → text cells (per-language fields as `<name>_<lang>`)."""
    source = raw[decl.source]
    rows = range(len(source))
    out: dict[str, list[str]] = {}
    for column in decl.columns:
        name = column["name"]
        if "from" in column:
            found = _per_language(source, column["from"])
            if not found:
                raise CellProblem(decl.source, None, column["from"], f"no column '{column['from']}' (declared by {decl.path})")
            for lang, src in found.items():
                out[schema.localized(name, lang)] = list(source[src])
        elif "join" in column:
            spec = column["join"]
            other = raw[spec["file"]]
            found = _per_language(other, spec["take"])
            index = {key: i for i, key in enumerate(other[spec.get("to", spec["key"])])}
            for i in rows:
                if source[spec["key"]][i] not in index:
                    raise CellProblem(decl.source, i, spec["key"], f"'{source[spec['key']][i]}' is not in {spec['file']}.csv")
            for lang, src in found.items():
                out[schema.localized(name, lang)] = [other[src][index[source[spec["key"]][i]]] for i in rows]
        elif "count" in column:
            spec = column["count"]
            keys = list(raw[spec["file"]][spec.get("to", spec["key"])])
            out[name] = [str(keys.count(source[spec["key"]][i])) for i in rows]
        else:
            values = [_number(v, (decl.source, i, column["share"])) for i, v in enumerate(out[column["share"]])]
            total = sum(values) or Decimal(1)
            out[name] = [format(v * 100 / total, "f") for v in values]
    order = list(rows)
    for key in reversed(decl.data.get("sort", [])):
        name = key.lstrip("-")
        spec = next(c for c in decl.columns if c["name"] == name)
        cells = out[name] if name in out else next(v for k, v in out.items() if k.startswith(f"{name}_"))
        order.sort(key=lambda i: _sort_key(spec.get("format", "text"), cells[i], (decl.source, i, name)),
                   reverse=key.startswith("-"))
    group = decl.data.get("group_by")
    if group:  # rows of one group together, groups in order of first appearance in the source
        first_seen: dict[str, int] = {}
        for i in rows:
            first_seen.setdefault(out[group][i], i)
        order.sort(key=lambda i: first_seen[out[group][i]])
    return {column: [cells[i] for i in order] for column, cells in out.items()}


def _sort_key(fmt: str, text: str, where: tuple[str, int, str]):
    if fmt == "text":
        return text
    if fmt == "age_range":
        try:
            return age_sort_key(text)
        except ValueError as err:
            raise CellProblem(*where, str(err)) from None
    return _number(text, where)


def to_csv(table: dict[str, list[str]]) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(table)
    writer.writerows(zip(*table.values()))
    return text.getvalue()


# ---------------------------------------------------------------- one edition


def _rounded(text: str, decimals) -> str:
    if decimals is None:
        return text
    return format(Decimal(text).quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP), "f")


def localize(decl: Declaration, table: dict[str, list[str]], strings: dict, lang: str
             ) -> tuple[list[str], list[list[str]], list[str]]:
    """(headers, rows, column alignments) of the neutral table in edition `lang`, as tables.localize.

    Raises UserError at the declaration for a label absent in `lang`, KeyError(column) for a
    per-language column the table lacks for `lang`.
    """
    missing = [finding(decl.path, "missing-string", f"column '{c['name']}' has no label in '{lang}'",
                       line=decl.line("columns", i) or 1)
               for i, c in enumerate(decl.columns) if lang not in (c.get("label") or {})]
    if missing:
        raise UserError(missing)
    headers, columns, align = [], [], []
    for column in decl.columns:
        name, fmt = column["name"], column.get("format", "text")
        key = name if name in table else schema.localized(name, lang)
        if key not in table:
            raise KeyError(key)
        cells = [_rounded(v, column.get("decimals")) if fmt in ("number", "percent") and v != "" else v
                 for v in table[key]]
        if fmt == "number":
            cells = [format_number(v, strings) if v != "" else v for v in cells]
        elif fmt == "percent":
            cells = [format_percent(v, strings) if v != "" else v for v in cells]
        elif fmt == "age_range":
            cells = [format_age_range(v) for v in cells]
        if column.get("repeat") is False:  # grouped rows: a value only where it differs from the row above
            cells = [v if i == 0 or v != cells[i - 1] else "" for i, v in enumerate(cells)]
        headers.append(str(column["label"][lang]))
        columns.append(cells)
        align.append(column.get("align", "right" if fmt in ("number", "percent") else "left"))
    return headers, [list(row) for row in zip(*columns)], align


def caption(decl: Declaration, lang: str) -> str:
    text = (decl.data.get("caption") or {}).get(lang)
    if not text:
        raise UserError(finding(decl.path, "missing-string", f"no caption in '{lang}'", line=decl.line("caption") or 1))
    return str(text)

