"""Reading a YAML file the user wrote: a syntax error becomes one finding with its line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import yaml

from scripts.core.errors import UserError, finding

T = TypeVar("T")

# libyaml's safe loader reads the same YAML ~10× faster than the pure-Python one (strings
# files and declarations are read in many jobs and while the Snakefile is read).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextDatesLoader(SAFE_LOADER):
    """The safe loader, reading an unquoted date such as 2026-11-28 as the text it is, as JSON and
    the command line give it: a schema can then check it, and an impossible date is no crash."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in SAFE_LOADER.yaml_implicit_resolvers.items()
}


def load(path: str | Path, loader=SAFE_LOADER) -> dict:
    file = Path(path)
    if not file.is_file():
        raise UserError(finding(file, "missing-file", "file not found"))
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=loader)
    except UnicodeDecodeError:
        raise UserError(finding(file, "encoding", "not UTF-8")) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(err, "problem", None) or str(err)
        raise UserError(finding(file, "yaml-syntax", f"invalid YAML: {problem}", line=line)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(finding(file, "yaml-syntax", "expected a mapping at the top level", line=1))
    return data


def key_lines(path: str | Path) -> dict[tuple[str, ...], int]:
    """Line (1-based) of every mapping key, by its path, so findings can point at it."""
    lines: dict[tuple[str, ...], int] = {}

    def walk(node, prefix):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path_ = prefix + (str(key.value),)
                lines[path_] = key.start_mark.line + 1
                walk(value, path_)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[prefix + (str(i),)] = item.start_mark.line + 1
                walk(item, prefix + (str(i),))

    walk(yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER), ())
    return lines


class KeyLines(Mapping):
    """key_lines(path), read when first asked: only a finding needs a line, and composing a
    file costs several times its loading (declarations are read on every Snakemake run)."""

    def __init__(self, path: str | Path):
        self._path = path
        self._lines: dict | None = None

    def _read(self) -> dict:
        if self._lines is None:
            self._lines = key_lines(self._path)
        return self._lines

    def __getitem__(self, key):
        return self._read()[key]

    def __iter__(self):
        return iter(self._read())

    def __len__(self):
        return len(self._read())


def load_each(folder: str | Path, load_one: Callable[[Path], T]) -> dict[str, T]:
    """`load_one` of every YAML file of `folder`, by file stem, in name order; UserError with every
    problem of every file, so one run reports them all."""
    found, problems = {}, []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            found[path.stem] = load_one(path)
        except UserError as err:
            problems += err.findings
    if problems:
        raise UserError(problems)
    return found
