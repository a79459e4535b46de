"""Figures declared in YAML, one file each: `data/figures/<name>.yaml`. Adding one needs no Python.

A declaration draws a bar chart over a declared table (data/tables/<table>.yaml): the
`category` column along the x axis (one group of bars per value), the `value` column as the
bar heights and, optionally, a `series` column (one bar per value in each group, with a
legend). Its texts are per edition: caption, alternative text (with `{{value}}`
placeholders, as in the prose), axis labels and the legend's title. Cells are formatted as
the table declares its columns (`percent`, `number`, `age_range`). scripts/data/figures.py draws
it; `draw: MODULE:FUNCTION` instead hands the table to a matplotlib function the author
writes in Python (README: Adding a figure).

Standard library and PyYAML only: the Snakefile reads the declarations on every run.
"""

from __future__ import annotations

from pathlib import Path

from scripts.core import yamlfile
from scripts.core.errors import Finding, UserError, finding
from scripts.data import declared_tables as declared

FOLDER = "data/figures"
RULE = "figure-declaration"
# Texts a figure needs in every edition; `legend` too when it has a series.
TEXTS = ("caption", "alt", "x_label", "y_label")
NUMERIC = ("number", "percent")


class Figure(declared.YamlDeclaration):
    """A figure declaration (data/figures/<name>.yaml)."""

    @property
    def table(self) -> str:
        return str(self.data["table"])

    def line(self, *keys) -> int:
        return super().line(*keys) or 1

    def text(self, key: str, lang: str) -> str:
        """The figure's `key` text in edition `lang`; absent, a UserError at the declaration."""
        value = (self.data.get(key) or {}).get(lang) if isinstance(self.data.get(key), dict) else None
        if value is None or not str(value).strip():
            raise UserError(
                finding(self.path, "missing-string", f"'{key}' has no text in '{lang}'", line=self.line(key))
            )
        return " ".join(str(value).split()) if key == "alt" else str(value)


def _problems(fig: Figure, tables: dict[str, declared.Declaration]) -> list[Finding]:
    """What is wrong with a figure declaration itself, each at its line."""
    data, out = fig.data, []

    def bad(message, *keys):
        out.append(finding(fig.path, RULE, message, line=fig.line(*keys)))

    drawn_by_python = "draw" in data
    needed = ("table", "caption", "alt") if drawn_by_python else ("table", "category", "value", *TEXTS)
    for key in needed:
        if key not in data:
            bad(f"'{key}' is required")
    for key in [k for k in (*TEXTS, "legend") if k in data and not isinstance(data[k], dict)]:
        bad(f"'{key}' must map each language to its text", key)
    if drawn_by_python and ":" not in str(data["draw"]):
        bad("draw: write MODULE:FUNCTION, e.g. scripts.my_figures:timeline", "draw")
    if "table" not in data:
        return out
    table = tables.get(str(data["table"]))
    if table is None:
        bad(f"no table '{data['table']}' is declared in {declared.FOLDER}/", "table")
        return out
    columns = {c["name"]: c for c in table.columns}
    for key in ("category", "value", "series"):
        if key in data and data[key] not in columns:
            bad(f"{key}: '{data[key]}' is not a column of the table '{table.name}'", key)
    if data.get("value") in columns and columns[data["value"]].get("format", "text") not in NUMERIC:
        bad(f"value: the column '{data['value']}' of '{table.name}' must have format number or percent", "value")
    if "series" in data and "legend" not in data:
        bad("a figure with a series needs 'legend' (the title of its legend, per language)", "series")
    return out


def load(path: str | Path, tables: dict[str, declared.Declaration]) -> Figure:
    fig = Figure(Path(path).stem, str(path), yamlfile.load(path), yamlfile.KeyLines(path))
    problems = _problems(fig, tables)
    if problems:
        raise UserError(problems)
    return fig


def load_all(folder: str | Path = FOLDER, tables: dict[str, declared.Declaration] | None = None) -> dict[str, Figure]:
    """Every figure declaration of `folder` by name; UserError with every problem of every file."""
    tables = declared.load_all() if tables is None else tables
    return yamlfile.load_each(folder, lambda path: load(path, tables))
