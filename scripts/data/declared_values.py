"""The values the prose quotes, declared in YAML: `data/values/<family>.yaml`. Adding one needs no Python.

A file declares a family of values under `values:`, each a key (with `{placeholders}`) and its
computation. A count is of the rows of a raw file (`count: FILE`), only those matching
`where: {COLUMN: VALUE}`, or of the distinct filled values of a column (`distinct: COLUMN`);
`per: COLUMN` gives one count per allowed value of the column in the contract (key placeholder
`{COLUMN}`); `flagged: COLUMN` with `table: NAME` counts the rows of a declared table that the
column flags. A cell (`cell: COLUMN`, `type:` text, percent, date, handle or range) is taken from
the rows of the family's `file`, as the family walks them: one value per row named by a key
column (`rows: COLUMN`, placeholder `{COLUMN}`), rows by a number, largest first (`ranked:
COLUMN`, `{rank}`; equal numbers in file order, or in the order of `ties: COLUMN`), within
groups of rows sharing a column (`groups: COLUMN`, `{group}`, in order of first appearance).
A key a row names twice keeps its first row; an empty cell gives no value.

Standard library and PyYAML only: the Snakefile reads the declarations on every run.
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.core import yamlfile
from scripts.core.errors import Finding, UserError, finding
from scripts.core.paths import VALUE_DECLARATIONS as FOLDER
from scripts.data import contract as schema
from scripts.data.declared_tables import YamlDeclaration

RULE = "value-declaration"
CELL_TYPES = ("text", "percent", "date", "handle", "range")
FAMILY_KEYS = {"file", "rows", "ranked", "ties", "groups", "values"}
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


class Family(YamlDeclaration):
    """A value declaration file (data/values/<name>.yaml)."""

    @property
    def file(self) -> str | None:
        return None if self.data.get("file") is None else str(self.data["file"])

    @property
    def values(self) -> dict[str, dict]:
        return {str(key): spec for key, spec in self.data["values"].items()}

    def raw_files(self) -> list[str]:
        """The raw files (stems) its values read."""
        counted = [str(spec["count"]) for spec in self.values.values() if "count" in spec]
        return list(dict.fromkeys([*([self.file] if self.file else []), *counted]))

    def tables(self) -> list[str]:
        """The declared tables whose flags its values count."""
        return list(dict.fromkeys(str(spec["table"]) for spec in self.values.values() if "table" in spec))

    def placeholders(self) -> set[str]:
        """What the family's walk names: `{rank}`, `{group}`, `{<rows column>}`."""
        return (
            ({"rank"} if "ranked" in self.data else set())
            | ({"group"} if "groups" in self.data else set())
            | ({str(self.data["rows"])} if "rows" in self.data else set())
        )


def _problems(fam: Family, tables: dict[str, schema.Table]) -> list[Finding]:
    """What is wrong with a value declaration itself, each at its line; `tables`: the contract."""
    data, out = fam.data, []

    def bad(message, *keys):
        out.append(finding(fam.path, RULE, message, line=fam.line(*keys) or 1))

    for key in sorted(set(data) - FAMILY_KEYS):
        bad(f"unknown key '{key}' (one of {', '.join(sorted(FAMILY_KEYS))})", key)
    if not isinstance(data.get("values"), dict) or not data["values"]:
        bad("'values' must map each key to its computation", "values")
        return out
    source = tables.get(fam.file) if fam.file else None
    if fam.file and source is None:
        bad(f"file: data/raw/{fam.file}.csv is not in the contract ({schema.CONTRACT})", "file")
    if "rows" in data and ("ranked" in data or "groups" in data):
        bad("rows names each row by its key: it goes with neither ranked nor groups", "rows")
    for option in ("rows", "ranked", "ties", "groups"):
        if option in data and (not fam.file or source and str(data[option]) not in {c.name for c in source.columns}):
            bad(f"{option}: '{data[option]}' is not a column of the family's file", option)
    for key, spec in fam.values.items():
        for message in _value_problems(fam, key, spec, tables):
            bad(f"{key}: {message}", "values", key)
    return out


def _value_problems(fam: Family, key: str, spec, tables: dict[str, schema.Table]) -> list[str]:
    """What is wrong with the computation `spec` of value `key`."""
    if not isinstance(spec, dict):
        return ["the computation must be a mapping"]
    out = []
    if "count" in spec:
        counted = tables.get(str(spec["count"]))
        if counted is None:
            return [f"data/raw/{spec['count']}.csv is not in the contract"]
        columns = {c.name: c for c in counted.columns}
        named = [
            *(str(spec[option]) for option in ("distinct", "per") if option in spec),
            *map(str, spec.get("where") or {}),
        ]
        out += [f"'{column}' is not a column of {spec['count']}.csv" for column in named if column not in columns]
        if "per" in spec and str(spec["per"]) in columns and not columns[str(spec["per"])].allowed:
            out.append(f"per '{spec['per']}' needs a column with allowed values in the contract")
        walked = {str(spec["per"])} if "per" in spec else set()
    elif "flagged" in spec:
        if "table" not in spec:
            out.append("flagged needs 'table', the declared table whose column flags the rows")
        walked = set()
    elif "cell" in spec:
        if spec.get("type") not in CELL_TYPES:
            out.append(f"type must be one of {', '.join(CELL_TYPES)}")
        if not fam.file:
            out.append("a cell needs the family's 'file'")
        walked = fam.placeholders()
    else:
        return ["needs one of count, flagged, cell"]
    return out + [
        f"nothing names the placeholder '{{{name}}}'" for name in sorted(set(PLACEHOLDER.findall(key)) - walked)
    ]


def load(path: str | Path, tables: dict[str, schema.Table]) -> Family:
    data = yamlfile.load(path)
    fam = Family(Path(path).stem, str(path), data, yamlfile.KeyLines(path))
    problems = _problems(fam, tables)
    if problems:
        raise UserError(problems)
    return fam


def load_all(folder: str | Path = FOLDER, tables: dict[str, schema.Table] | None = None) -> dict[str, Family]:
    """Every value declaration of `folder` by name, checked against the contract `tables` (None:
    data/contract.yaml); UserError with every problem of every file."""
    tables = schema.load() if tables is None else tables
    return yamlfile.load_each(folder, lambda path: load(path, tables))
