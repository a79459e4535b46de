"""Tables declared in YAML, one file each: `data/tables/<name>.yaml`. Adding one needs no Python.

A declaration names its source file in data/raw/ (one table row per source row; the file is
described, as every raw file is, in the contract data/contract.yaml), its columns —
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

from scripts.core import yamlfile
from scripts.core.errors import WARNING, Finding, UserError, finding
from scripts.core.formatting import age_sort_key, format_age_range, format_number, format_percent
from scripts.data import contract as schema

FOLDER = "data/tables"
COMPUTATIONS = ("from", "from_each", "join", "count", "flag", "share")
TRUE, FALSE = "true", "false"  # a flag's cells
FORMATS = ("text", "number", "percent", "age_range")
UNDECLARED = "undeclared-data"


@dataclass(frozen=True)
class YamlDeclaration:
    """A declaration file: its name (the file's stem), path, content and the line of each key."""

    name: str
    path: str
    data: dict
    lines: dict = field(default_factory=dict, compare=False)

    def line(self, *keys) -> int | None:
        return self.lines.get(tuple(str(k) for k in keys))


class Declaration(YamlDeclaration):
    """A table declaration (data/tables/<name>.yaml)."""

    @property
    def source(self) -> str:
        return str(self.data["source"])

    @property
    def columns(self) -> list[dict]:
        return list(self.data["columns"])

    @property
    def long_text(self) -> str | None:
        return self.data.get("long_text")

    @property
    def each(self) -> dict | None:
        return self.data.get("each")

    def shown(self) -> list[dict]:
        """The columns an edition shows, in `show:` order (default: every column, as declared)."""
        by_name = {c["name"]: c for c in self.columns}
        return [by_name[name] for name in self.data.get("show") or by_name]

    def long_text_index(self) -> int | None:
        """The position of the long-text column among the shown ones (scripts/data/colwidths.py)."""
        names = [c["name"] for c in self.shown()]
        return names.index(self.long_text) if self.long_text else None

    def raw_files(self) -> list[str]:
        """The raw files (stems) the table reads: its source, then the files it iterates, joins, counts or looks up."""
        counts = [
            c["count"] if "count" in c else c["flag"]["count"] for c in self.columns if "count" in c or "flag" in c
        ]
        others = [
            *([self.each["file"]] if self.each else []),
            *(c["join"]["file"] for c in self.columns if "join" in c),
            *(f for spec in counts for f in (spec["file"], *([spec["lookup"]["file"]] if "lookup" in spec else []))),
        ]
        return list(dict.fromkeys([self.source, *others]))


# ---------------------------------------------------------------- reading and checking


def _count_problems(spec, where: str) -> list[str]:
    """What is wrong with a `count` spec (also a flag's), each as a message starting with `where`."""
    if not (isinstance(spec, dict) and all(k in spec for k in ("file", "key"))):
        return [f"{where}: count needs file, key"]
    out = []
    if "where" in spec and not isinstance(spec["where"], dict):
        out.append(f"{where}: count.where must map columns to values")
    if "lookup" in spec and not (
        isinstance(spec["lookup"], dict) and all(k in spec["lookup"] for k in ("file", "key"))
    ):
        out.append(f"{where}: count.lookup needs file, key")
    return out


def _per_language_map(value) -> bool:
    return isinstance(value, dict) and all(isinstance(v, (str, int, float)) for v in value.values())


# Where each column computation reads its raw column: the declaration's source, or its `each` file.
READS = (("from", "source"), ("placeholder_from", "source"), ("from_each", "each"))


def _read_columns(decl: Declaration, tables: dict[str, schema.Table]) -> list[tuple[str, int]]:
    """(message, line) for each `from:`, `from_each:`, `placeholder_from:` naming no column of the raw file it reads:
    found here, before any job, rather than by the data job at the raw file."""
    each = decl.data.get("each")
    files = {"source": str(decl.data.get("source")), "each": str(each.get("file")) if isinstance(each, dict) else None}
    out = []
    for i, column in enumerate(decl.data.get("columns") or []):
        for key, reads in READS if isinstance(column, dict) else ():
            table = tables.get(files[reads])
            if key in column and table is not None and str(column[key]) not in {c.name for c in table.columns}:
                known = ", ".join(c.name for c in table.columns)
                out.append(
                    (
                        f"column '{column.get('name')}': {key}: '{column[key]}' is not a column of "
                        f"data/raw/{files[reads]}.csv (its columns: {known})",
                        decl.line("columns", i, key) or 1,
                    )
                )
    return out


def _problems(decl: Declaration, tables: dict[str, schema.Table]) -> list[Finding]:
    """What is wrong with a declaration itself, each at its line; `tables`: the contract."""
    data, out = decl.data, []

    def bad(message, *keys):
        out.append(finding(decl.path, "table-declaration", message, line=decl.line(*keys) or 1))

    for key in ("source", "columns", "caption"):
        if key not in data:
            bad(f"'{key}' is required")
    if "source" in data and str(data["source"]) not in tables:
        raw = f"data/raw/{data['source']}.csv"
        missing = "" if Path(raw).is_file() else "does not exist and "
        bad(f"{raw} {missing}is not in the contract: check the name, or describe it in {schema.CONTRACT}", "source")
    if "schema" in data:
        bad(f"'schema' is not read: describe the source file's columns in {schema.CONTRACT}", "schema")
    each = data.get("each")
    if each is not None and not (isinstance(each, dict) and all(k in each for k in ("file", "key"))):
        bad("each needs file, key (one table row per row of file whose key matches)", "each")
    if not isinstance(data.get("columns", []), list) or not data.get("columns"):
        bad("'columns' must be a list of columns", "columns")
        return out
    names = []
    for i, column in enumerate(data["columns"]):
        if not isinstance(column, dict) or "name" not in column:
            bad("each column needs a 'name'", "columns", i)
            continue
        name = column["name"]
        kinds = [k for k in COMPUTATIONS if k in column]
        if len(kinds) != 1:
            bad(f"column '{name}' needs exactly one of {', '.join(COMPUTATIONS)}", "columns", i)
        if column.get("format", "text") not in FORMATS:
            bad(f"column '{name}': format must be one of {', '.join(FORMATS)}", "columns", i, "format")
        if "share" in column and column["share"] not in names:
            bad(f"column '{name}' shares column '{column['share']}', which is not declared before it", "columns", i)
        if "join" in column and not (
            isinstance(column["join"], dict) and all(k in column["join"] for k in ("file", "key", "take"))
        ):
            bad(f"column '{name}': join needs file, key, take", "columns", i, "join")
        if "count" in column:
            for message in _count_problems(column["count"], f"column '{name}'"):
                bad(message, "columns", i, "count")
        if "flag" in column:
            flag = column["flag"]
            if not (isinstance(flag, dict) and "count" in flag and isinstance(flag.get("at_least"), int)):
                bad(f"column '{name}': flag needs count and at_least (a whole number)", "columns", i, "flag")
            else:
                for message in _count_problems(flag["count"], f"column '{name}'"):
                    bad(message, "columns", i, "flag")
        if ("from_each" in column or "placeholder_from" in column) and each is None:
            bad(f"column '{name}': from_each and placeholder_from need an 'each' block", "columns", i)
        if "values" in column and not (
            isinstance(column["values"], dict) and all(isinstance(v, dict) for v in column["values"].values())
        ):
            bad(f"column '{name}': values must map each language to value: label", "columns", i, "values")
        if "empty" in column and not _per_language_map(column["empty"]):
            bad(f"column '{name}': empty must map each language to the text of an empty cell", "columns", i, "empty")
        filled = column.get("empty_where_filled")
        if filled is not None and not (
            isinstance(filled, dict) and "column" in filled and _per_language_map(filled.get("label"))
        ):
            bad(
                f"column '{name}': empty_where_filled needs column and label (per language)",
                "columns",
                i,
                "empty_where_filled",
            )
        names.append(name)
    for option in ("long_text", "group_by"):
        if data.get(option) and data[option] not in names:
            bad(f"{option}: '{data[option]}' is not a declared column", option)
    for i, column in enumerate(c for c in data["columns"] if isinstance(c, dict)):
        other = (
            (column.get("empty_where_filled") or {}).get("column")
            if isinstance(column.get("empty_where_filled"), dict)
            else None
        )
        if other is not None and other not in names:
            bad(
                f"column '{column.get('name')}': empty_where_filled names '{other}', which is not a declared column",
                "columns",
                i,
                "empty_where_filled",
            )
    for key in [k for k in data.get("show", []) if k not in names]:
        bad(f"show: '{key}' is not a declared column", "show")
    out += [
        finding(decl.path, "table-declaration", message, line=line) for message, line in _read_columns(decl, tables)
    ]
    source = tables.get(str(data.get("source")))
    source_columns = {c.name for c in source.columns} if source else None
    for key in [k.lstrip("-") for k in data.get("sort", []) if k.lstrip("-") not in names]:
        if source_columns is None or key not in source_columns:
            bad(f"sort: '{key}' is neither a declared column nor a column of data/raw/{data.get('source')}.csv", "sort")
    return out


def load(path: str | Path, tables: dict[str, schema.Table] | None = None) -> Declaration:
    """The declaration in `path`, checked against the contract `tables` (None: data/contract.yaml)."""
    data = yamlfile.load(path)
    decl = Declaration(Path(path).stem, str(path), data, yamlfile.KeyLines(path))
    problems = _problems(decl, schema.load() if tables is None else tables)
    if problems:
        raise UserError(problems)
    return decl


def load_all(folder: str | Path = FOLDER, tables: dict[str, schema.Table] | None = None) -> dict[str, Declaration]:
    """Every declaration of `folder` by table name, checked against the contract `tables` (None:
    data/contract.yaml); UserError with every problem of every file."""
    tables = schema.load() if tables is None else tables
    return yamlfile.load_each(folder, lambda path: load(path, tables))


def undeclared(raw_dir: str | Path, known: set[str]) -> list[Finding]:
    """A warning for each CSV of `raw_dir` that nothing reads (`known`: the stems read or validated)."""
    return [
        Finding(
            path.as_posix(),
            None,
            None,
            WARNING,
            UNDECLARED,
            f"no table is declared over '{path.name}' and the contract does not list it, so the build "
            f"does not read it; declare a table in {FOLDER}/ (README: Adding a table)",
        )
        for path in sorted(Path(raw_dir).glob("*.csv"))
        if path.stem not in known
    ]


# The keys whose value names a raw file (its stem): a table's `source:`, `each: file:`, a join's
# or a count's `file:`, a value family's `file:` or a value's `count:`.
NAMING_KEYS = ("source", "file", "count")


def missing_raw(path: str, stem: str, declarations: list[YamlDeclaration]) -> list[Finding]:
    """A raw file the workflow reads is not there: one finding at the first line of each
    declaration that names it, naming the file and the key; at the file itself when only the
    contract lists it."""
    found = []
    for decl in declarations:
        keys = next((keys for keys in decl.lines if keys[-1] in NAMING_KEYS and _at(decl.data, keys) == stem), None)
        if keys is not None:
            message = f"{path}, which `{keys[-1]}:` names, is not found"
            found.append(finding(decl.path, "missing-file", message, line=decl.line(*keys)))
    return found or [finding(path, "missing-file", "file not found; the workflow reads it")]


def _at(data, keys: tuple[str, ...]) -> str | None:
    """The value at a key path of `lines` (a list's items by their index), as text."""
    for key in keys:
        if isinstance(data, list) and key.isdigit() and int(key) < len(data):
            data = data[int(key)]
        elif isinstance(data, dict) and key in data:
            data = data[key]
        else:
            return None
    return str(data) if isinstance(data, str) else None


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
    found = {
        column[len(name) + 1 :]: column
        for column in cells.columns
        if column.startswith(f"{name}_") and schema.LANGUAGE.fullmatch(column[len(name) + 1 :])
    }
    return found


def _number(text: str, where: tuple[str, int, str]) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellProblem(*where, f"'{text}' is not a number") from None


def _rows(decl: Declaration, raw: dict) -> list[tuple[int, int | None]]:
    """The table's rows as (source row, `each` row or None): one per source row, or with an `each`
    block one per matching row of that file, in file order, and one placeholder row (None) for a
    source row that has none."""
    source = raw[decl.source]
    if not decl.each:
        return [(i, None) for i in range(len(source))]
    spec = decl.each
    children, to = raw[spec["file"]], spec.get("to", spec["key"])
    for name, frame, column in ((decl.source, source, spec["key"]), (spec["file"], children, to)):
        if column not in frame.columns:
            raise CellProblem(name, None, column, f"no column '{column}' (declared by {decl.path}, each)")
    parents = {key: i for i, key in reversed(list(enumerate(source[spec["key"]])))}
    of_parent: dict[int, list[int]] = {}
    for j, key in enumerate(children[to]):
        if key not in parents:
            raise CellProblem(spec["file"], j, to, f"'{key}' is not in {decl.source}.csv")
        of_parent.setdefault(parents[key], []).append(j)
    return [(i, j) for i in range(len(source)) for j in of_parent.get(i) or [None]]


def _count(spec: dict, raw: dict, keys: list[str]) -> list[int]:
    """For each key, the rows of `spec['file']` whose `to` (default `key`) column holds it, only
    those matching `where` ({column: value}); with `distinct`, the number of distinct values of
    that column among them. `lookup` brings in the columns of another file by a key of the row."""
    name = spec["file"]
    counted = raw[name]
    columns = {c: list(counted[c]) for c in counted.columns}
    if "lookup" in spec:
        other_name, by = spec["lookup"]["file"], spec["lookup"]["key"]
        other = raw[other_name]
        index = {key: r for r, key in reversed(list(enumerate(other[spec["lookup"].get("to", by)])))}
        for j, key in enumerate(columns.get(by, [])):
            if key not in index:
                raise CellProblem(name, j, by, f"'{key}' is not in {other_name}.csv")
        for c in other.columns:
            columns.setdefault(c, [other[c][index[key]] for key in columns.get(by, [])])
    where = {str(c): str(v) for c, v in (spec.get("where") or {}).items()}
    for column in [spec.get("to", spec["key"]), *where, *([spec["distinct"]] if "distinct" in spec else [])]:
        if column not in columns:
            raise CellProblem(name, None, column, f"no column '{column}' to count by")
    groups: dict[str, list[int]] = {}
    for j, key in enumerate(columns[spec.get("to", spec["key"])]):
        if all(columns[c][j] == v for c, v in where.items()):
            groups.setdefault(key, []).append(j)
    if "distinct" in spec:
        return [len({columns[spec["distinct"]][j] for j in groups.get(key, [])}) for key in keys]
    return [len(groups.get(key, [])) for key in keys]


def build(decl: Declaration, raw: dict, tables: dict[str, schema.Table] | None = None) -> dict[str, list[str]]:
    """The neutral table: output column → text cells (per-language fields as `<name>_<lang>`);
    `tables`: the contract, which types the source's columns a sort names (None: data/contract.yaml)."""
    source = raw[decl.source]
    pairs = _rows(decl, raw)
    parent = [i for i, _ in pairs]
    children = raw[decl.each["file"]] if decl.each else None
    out: dict[str, list[str]] = {}

    def keys_of(column: str) -> list[str]:
        if column not in source.columns:
            raise CellProblem(decl.source, None, column, f"no column '{column}' (declared by {decl.path})")
        cells = list(source[column])
        return [cells[i] for i in parent]

    for column in decl.columns:
        name = column["name"]
        if "from" in column:
            found = _per_language(source, column["from"])
            if not found:
                raise CellProblem(
                    decl.source, None, column["from"], f"no column '{column['from']}' (declared by {decl.path})"
                )
            for lang, src in found.items():
                out[schema.localized(name, lang)] = [list(source[src])[i] for i in parent]
        elif "from_each" in column:
            found = _per_language(children, column["from_each"])
            if not found:
                raise CellProblem(
                    decl.each["file"],
                    None,
                    column["from_each"],
                    f"no column '{column['from_each']}' (declared by {decl.path})",
                )
            # A placeholder row takes `placeholder_from` of the source row, empty if the file has no such column.
            fallback = _per_language(source, column["placeholder_from"]) if "placeholder_from" in column else {}
            for lang, src in found.items():
                cells, spare = list(children[src]), list(source[fallback[lang]]) if lang in fallback else None
                out[schema.localized(name, lang)] = [
                    cells[j] if j is not None else spare[i] if spare else "" for i, j in pairs
                ]
        elif "join" in column:
            spec = column["join"]
            other = raw[spec["file"]]
            found = _per_language(other, spec["take"])
            index = {key: r for r, key in reversed(list(enumerate(other[spec.get("to", spec["key"])])))}
            keys = keys_of(spec["key"])
            for r, key in enumerate(keys):
                if key not in index:
                    raise CellProblem(decl.source, parent[r], spec["key"], f"'{key}' is not in {spec['file']}.csv")
            for lang, src in found.items():
                cells = list(other[src])
                out[schema.localized(name, lang)] = [cells[index[key]] for key in keys]
        elif "count" in column:
            out[name] = [str(n) for n in _count(column["count"], raw, keys_of(column["count"]["key"]))]
        elif "flag" in column:
            spec = column["flag"]
            counts = _count(spec["count"], raw, keys_of(spec["count"]["key"]))
            out[name] = [TRUE if n >= spec["at_least"] else FALSE for n in counts]
        else:
            values = [_number(v, (decl.source, parent[r], column["share"])) for r, v in enumerate(out[column["share"]])]
            total = sum(values) or Decimal(1)
            out[name] = [format(v * 100 / total, "f") for v in values]
    order = list(range(len(pairs)))
    declared_formats = {c["name"]: c.get("format", "text") for c in decl.columns}
    for key in reversed(decl.data.get("sort", [])):
        name = key.lstrip("-")
        if name in declared_formats:
            fmt = declared_formats[name]
            cells = out[name] if name in out else next(v for k, v in out.items() if k.startswith(f"{name}_"))
        else:  # a column of the source file, sorted as its contract types it
            fmt, cells = _source_type(schema.load() if tables is None else tables, decl, name), keys_of(name)
        order.sort(key=lambda r: _sort_key(fmt, cells[r], (decl.source, parent[r], name)), reverse=key.startswith("-"))
    group = decl.data.get("group_by")
    if group:  # rows of one group together, groups in order of first appearance in the source
        first_seen: dict[str, int] = {}
        for r in range(len(pairs)):
            first_seen.setdefault(out[group][r], r)
        order.sort(key=lambda r: first_seen[out[group][r]])
    return {column: [cells[r] for r in order] for column, cells in out.items()}


def _source_type(tables: dict[str, schema.Table], decl: Declaration, column: str) -> str:
    """How a source column not shown sorts: as a number if its contract types it so, else as text."""
    table = tables.get(decl.source)
    kind = next((c.type for c in table.columns if c.name == column), schema.TEXT) if table else schema.TEXT
    return "number" if kind in (schema.INTEGER, schema.NUMBER) else "age_range" if kind == schema.AGE_RANGE else "text"


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


def _per_language_texts(column: dict) -> list[tuple[str, tuple[str, ...], dict]]:
    """(what, key path, {lang: ...}) of each per-language text a shown column needs."""
    texts = [("label", (), column.get("label") or {})]
    if "values" in column:
        texts.append(("value labels under 'values'", ("values",), column["values"]))
    if "empty" in column:
        texts.append(("text for an empty cell under 'empty'", ("empty",), column["empty"]))
    if "empty_where_filled" in column:
        texts.append(
            ("label under 'empty_where_filled'", ("empty_where_filled",), column["empty_where_filled"]["label"])
        )
    return texts


def _value_labels(decl: Declaration, index: int, column: dict, cells: list[str], lang: str) -> list[str]:
    """Cells through the column's `values` labels in `lang` (a flag's true/false, a code's name)."""
    labels = {_yaml_key(k): str(v) for k, v in ((column["values"] or {}).get(lang) or {}).items()}
    missing = sorted({v for v in cells if v != "" and v not in labels})
    if missing:
        raise UserError(
            finding(
                decl.path,
                "missing-string",
                f"column '{column['name']}' has no label in '{lang}' for "
                f"value(s) {', '.join(repr(v) for v in missing)} under 'values'",
                line=decl.line("columns", index, "values") or decl.line("columns", index) or 1,
            )
        )
    return [labels[v] if v != "" else v for v in cells]


def _yaml_key(key) -> str:
    """A `values:` key as the neutral cell writes it: YAML reads an unquoted true/false as a boolean."""
    return (TRUE if key else FALSE) if isinstance(key, bool) else str(key)


def _cells(table: dict[str, list[str]], name: str, lang: str) -> list[str]:
    key = name if name in table else schema.localized(name, lang)
    if key not in table:
        raise KeyError(key)
    return list(table[key])


def localize(
    decl: Declaration, table: dict[str, list[str]], strings: dict, lang: str
) -> tuple[list[str], list[list[str]], list[str]]:
    """(headers, rows, column alignments) of the neutral table in edition `lang`: the `show:`
    columns, formatted, through their value labels and empty-cell texts, a `repeat: false`
    column shown once per group (`group_by`) or where it differs from the row above.

    Raises UserError at the declaration for a label absent in `lang`, KeyError(column) for a
    per-language column the table lacks for `lang`.
    """
    index_of = {c["name"]: i for i, c in enumerate(decl.columns)}
    missing = [
        finding(
            decl.path,
            "missing-string",
            f"column '{c['name']}' has no {what} in '{lang}'",
            line=decl.line("columns", index_of[c["name"]], *key) or decl.line("columns", index_of[c["name"]]) or 1,
        )
        for c in decl.shown()
        for what, key, texts in _per_language_texts(c)
        if lang not in texts
    ]
    if missing:
        raise UserError(missing)
    group = decl.data.get("group_by")
    group_cells = _cells(table, group, lang) if group else None
    headers, columns, align = [], [], []
    for column in decl.shown():
        name, fmt = column["name"], column.get("format", "text")
        cells = [
            _rounded(v, column.get("decimals")) if fmt in ("number", "percent") and v != "" else v
            for v in _cells(table, name, lang)
        ]
        if fmt == "number":
            cells = [format_number(v, strings) if v != "" else v for v in cells]
        elif fmt == "percent":
            cells = [format_percent(v, strings) if v != "" else v for v in cells]
        elif fmt == "age_range":
            cells = [format_age_range(v) for v in cells]
        if "values" in column:
            cells = _value_labels(decl, index_of[name], column, cells, lang)
        if "empty_where_filled" in column:
            spec = column["empty_where_filled"]
            filled = _cells(table, spec["column"], lang)
            cells = [str(spec["label"][lang]) if v == "" and filled[r].strip() else v for r, v in enumerate(cells)]
        if "empty" in column:
            cells = [v if v.strip() else str(column["empty"][lang]) for v in cells]
        if column.get("repeat") is False:  # grouped rows: shown on a group's first row only
            first = [
                r == 0 or (group_cells[r] != group_cells[r - 1] if group_cells else cells[r] != cells[r - 1])
                for r in range(len(cells))
            ]
            cells = [v if keep else "" for v, keep in zip(cells, first)]
        headers.append(str(column["label"][lang]))
        columns.append(cells)
        align.append(column.get("align", "right" if fmt in ("number", "percent") else "left"))
    return headers, [list(row) for row in zip(*columns)], align


def caption(decl: Declaration, lang: str) -> str:
    text = (decl.data.get("caption") or {}).get(lang)
    if not text:
        raise UserError(finding(decl.path, "missing-string", f"no caption in '{lang}'", line=decl.line("caption") or 1))
    return str(text)
