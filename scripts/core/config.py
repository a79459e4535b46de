"""The build configuration (config.yaml) and the build date derived from it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from scripts.core import paths, yamlfile
from scripts.core.errors import UserError, finding


def load(path: str = paths.CONFIG) -> dict:
    return yamlfile.load(path)


def build_date(config: dict, repo: str = ".", source: str = paths.CONFIG) -> dt.date:
    """The date stamped into the outputs: config's build_date, else the last commit's date.

    The clock is never read, so the same commit builds the same bytes on any day.
    """
    value = config.get("build_date")
    if value:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise UserError(finding(source, "build-date", f"build_date {value!r} is not a YYYY-MM-DD date")) from None
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=repo, capture_output=True, text=True, check=True)
        return dt.date.fromisoformat(out.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        raise UserError(finding(source, "build-date", "build_date is empty and there is no git commit to take the date from")) from None


def epoch(date: dt.date) -> int:
    """Seconds since 1970 at midnight UTC of `date` (for SOURCE_DATE_EPOCH and typst's timestamp)."""
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc).timestamp())


def write_part(config: dict, keys: tuple[str, ...], path: str | Path) -> None:
    """Write the settings `keys` of `config` to `path`, leaving the file untouched when they are unchanged.

    A job that reads only these settings takes the part as its input instead of config.yaml,
    so an edit to another setting (say `sections:`) does not rerun it. Written while the
    Snakefile is read, before Snakemake compares modification times.
    """
    text = json.dumps({key: config.get(key) for key in keys}, sort_keys=True, default=str, indent=2) + "\n"
    target = Path(path)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
