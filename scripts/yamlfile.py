"""Reading a YAML file the user wrote: a syntax error becomes one finding with its line."""

from __future__ import annotations

from pathlib import Path

import yaml

from scripts.errors import UserError, finding

# libyaml's safe loader reads the same YAML ~10× faster than the pure-Python one (strings
# files and declarations are read in many jobs and while the Snakefile is read).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: str | Path) -> dict:
    file = Path(path)
    if not file.is_file():
        raise UserError(finding(file, "missing-file", "file not found"))
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
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
