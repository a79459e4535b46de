"""The build configuration (config.yaml) and the build date derived from it."""

from __future__ import annotations

import datetime as dt
import subprocess

from scripts import paths, yamlfile
from scripts.errors import UserError, finding


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
