"""The build configuration (config.yaml), checked against config.schema.yaml, and the build date derived from it.

Every script reads the configuration through `load`: config.yaml itself, or a part of it that
`write_part` wrote. A setting the schema does not allow is one finding at its line,
`config.yaml:LINE: error [config-schema] <key>: <what is allowed>`.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import subprocess
from pathlib import Path

from scripts.core import memo, paths, yamlfile
from scripts.core.errors import UserError, finding
from scripts.core.files import write_if_changed

SCHEMA_RULE = "config-schema"
# Settings that moved out of config.yaml: a leftover one is told where it lives now.
MOVED = {
    "csl_style": "the citation style now lives in the journal profile: set `citation_style:` in "
    "journals/<journal>/profile.yaml (docs/journals.md), or choose a journal with `journal:`",
}


def load(path: str | Path = paths.CONFIG, complete: bool = False) -> dict:
    """The settings of `path` with the schema's defaults for those it leaves out.

    config.yaml is checked against the schema (`complete`: its required settings too); a part
    (build/config/<part>.json) is read as written, from a configuration the Snakefile checked.
    A date stays the text YYYY-MM-DD, as the command line gives it.
    """
    if Path(path).suffix == ".json":
        return yamlfile.load(path)
    settings = yamlfile.load(path, loader=yamlfile.TextDatesLoader)
    check(settings, str(path), yamlfile.KeyLines(path), complete)
    return {**defaults(), **settings}


def check(settings: dict, source: str, lines=None, complete: bool = False) -> None:
    """Raise a UserError with schema_findings, if any: the Snakefile checks `--config key=value` with it."""
    problems = memo.clean(
        lambda: schema_findings(settings, source, lines, complete),
        lambda: ("config", settings, complete, SCHEMA_FILE.read_bytes(), memo.code_version(__file__)),
    )
    if problems:
        raise UserError(problems)


def validate(config: dict, snakemake_validate) -> None:
    """Snakemake's check of the whole configuration, `snakemake_validate()`, which also fills in the
    schema's defaults in `config`: when the same configuration passed it before (memo), the filled-in
    configuration it left is put back instead, without importing jsonschema."""
    name = memo.name_of(
        lambda: ("snakemake-config", config, SCHEMA_FILE.read_bytes(), memo.code_version(packages=VALIDATORS))
    )
    checked = memo.recall(name)
    if isinstance(checked, dict):
        config.update(checked)
        return
    snakemake_validate()
    memo.remember(name, dict(config))


# config.schema.yaml of this repository's code.
SCHEMA_FILE = paths.code_file(paths.CONFIG_SCHEMA)
# Whose versions decide what Snakemake's validate finds and fills in.
VALIDATORS = ("jsonschema", "snakemake")


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    return yamlfile.load(SCHEMA_FILE)


def defaults() -> dict:
    return copy.deepcopy({key: value["default"] for key, value in schema()["properties"].items() if "default" in value})


@functools.lru_cache(maxsize=2)
def _validator(complete: bool):
    import jsonschema  # only here: it takes longer to import than most jobs take to run

    rules = {key: value for key, value in schema().items() if complete or key != "required"}
    return jsonschema.Draft202012Validator(rules, format_checker=jsonschema.FormatChecker(formats=("date",)))


def schema_findings(settings: dict, source: str, lines=None, complete: bool = False) -> list:
    """One finding per setting the schema does not allow, at its line in `lines` (KeyLines) when known.

    `complete`: the settings are the whole configuration, so the schema's required ones must be there.
    """
    allowed = schema()["properties"]
    lines = lines or {}
    found = {}
    for error in _validator(complete).iter_errors(settings):
        if error.validator == "additionalProperties" and not error.path:
            for key in sorted(set(settings) - set(allowed)):
                message = MOVED.get(key) or f"not a setting of this build; the settings are {', '.join(allowed)}"
                found[key] = finding(source, SCHEMA_RULE, f"{key}: {message}", line=lines.get((key,)))
        elif error.validator == "required":
            for key in [key for key in schema()["required"] if key not in settings]:
                found[key] = finding(source, SCHEMA_RULE, f"{key}: missing: {allowed[key]['description']}", line=1)
        else:
            key, where = str(error.path[0]), ".".join(map(str, error.path))
            shown = "empty" if error.instance is None else repr(error.instance)
            place = f" at {where}" if where != key else ""
            line = lines.get(tuple(map(str, error.path))) or lines.get((key,))
            found.setdefault(
                key,
                finding(source, SCHEMA_RULE, f"{key}: {allowed[key]['description']} (not {shown}{place})", line=line),
            )
    return list(found.values())


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
        raise UserError(
            finding(source, "build-date", "build_date is empty and there is no git commit to take the date from")
        ) from None


def add_date_argument(parser) -> None:
    """`--date YYYY-MM-DD`: the build date, worked out once by the workflow (rules/common.smk) from build_date."""
    parser.add_argument(
        "--date",
        required=True,
        type=dt.date.fromisoformat,
        help="the build date YYYY-MM-DD printed in the article and stamped into the files",
    )


def epoch(date: dt.date) -> int:
    """Seconds since 1970 at midnight UTC of `date` (for SOURCE_DATE_EPOCH and typst's timestamp)."""
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())


def write_part(config: dict, keys: tuple[str, ...], path: str | Path) -> None:
    """Write the settings `keys` of `config` to `path`, leaving the file untouched when they are unchanged.

    A job that reads only these settings takes the part as its input instead of config.yaml,
    so an edit to another setting (say `sections:`) does not rerun it. Written while the
    Snakefile is read, before Snakemake compares modification times.
    """
    text = json.dumps({key: config.get(key) for key in keys}, sort_keys=True, default=str, indent=2) + "\n"
    write_if_changed(path, text)


def is_true(value) -> bool:
    """A yes/no setting, as config.yaml (true) or the command line (`--config final=true`, a string) gives it."""
    return value is True or str(value).strip().lower() == "true"
