"""config.yaml against config.schema.yaml: one finding per bad setting, at its line; the same
schema passes the repository's config through Snakemake's own validate."""

from __future__ import annotations

import argparse
import datetime as dt
import io

import pytest
import yte
from conftest import REPO
from snakemake.utils import validate

from scripts.core import config
from scripts.core.errors import UserError

GOOD = """\
languages: [id, en]
formats: [pdf, docx]
sections: [introduction, method]
build_date: 2026-11-28
journal: default
citation_severity: {}
"""


def findings(tmp_path, text: str, complete: bool = True) -> list[str]:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as err:
        config.load(path, complete=complete)
    return [str(f).replace(f"{path}", "config.yaml") for f in err.value.findings]


def test_the_repository_config_passes_and_gets_the_defaults():
    settings = config.load(REPO / "config.yaml", complete=True)
    assert settings["languages"] == ["id", "en"]
    assert settings["build_date"] == "2026-11-28"  # as text, as the command line gives it
    assert (settings["journal"], settings["final"]) == ("default", False)


def test_snakemake_validate_takes_the_same_schema_with_yaml_dates_and_command_line_text():
    # Snakemake reads config.yaml with YAML's dates; `--config build_date=…` comes as text.
    settings = yte.process_yaml(io.StringIO((REPO / "config.yaml").read_text(encoding="utf-8")), require_use_yte=True)
    assert isinstance(settings["build_date"], dt.date)
    validate(settings, str(REPO / "config.schema.yaml"))
    assert (settings["journal"], settings["final"]) == ("default", False)
    validate({**settings, "build_date": "2026-01-02", "journal": "x", "final": True}, str(REPO / "config.schema.yaml"))


def test_unknown_key_at_its_line(tmp_path):
    assert findings(tmp_path, GOOD + "colour: red\n") == [
        "config.yaml:7: error [config-schema] colour: not a setting of this build; the settings are languages, "
        "formats, sections, build_date, citation_severity, journal, final, baseline"
    ]


def test_a_leftover_csl_style_says_the_style_now_lives_in_the_journal_profile(tmp_path):
    assert findings(tmp_path, GOOD + "csl_style: apa\n") == [
        "config.yaml:7: error [config-schema] csl_style: the citation style now lives in the journal profile: set "
        "`citation_style:` in journals/<journal>/profile.yaml (docs/journals.md), or choose a journal with `journal:`"
    ]


def test_wrong_type_at_its_line(tmp_path):
    assert findings(tmp_path, GOOD.replace("formats: [pdf, docx]", "formats: pdf")) == [
        "config.yaml:2: error [config-schema] formats: a non-empty list of distinct output formats, each pdf or docx "
        "(not 'pdf')"
    ]
    assert findings(tmp_path, GOOD + "final: maybe\n") == [
        "config.yaml:7: error [config-schema] final: true for the final build, which refuses placeholders; else false "
        "(not 'maybe')"
    ]


@pytest.mark.parametrize("code", ["EN", "english", "e"])
def test_bad_language_code_at_its_item(tmp_path, code):
    text = GOOD.replace("languages: [id, en]", f"languages:\n  - id\n  - {code}")
    assert findings(tmp_path, text) == [
        "config.yaml:3: error [config-schema] languages: a non-empty list of distinct language codes (ISO 639, two or "
        f"three lower-case letters), such as [id, en] (not {code!r} at languages.1)"
    ]


@pytest.mark.parametrize("date", ["2026-13-45", "2026-02-30", "28-11-2026", "2026/11/28", "20261128"])
def test_bad_date(tmp_path, date):
    [found] = findings(tmp_path, GOOD.replace("2026-11-28", date))
    shown = repr(int(date)) if date.isdigit() else repr(date)
    assert found == (
        "config.yaml:4: error [config-schema] build_date: a date YYYY-MM-DD, or empty for the date of "
        f"the last commit (not {shown})"
    )


def test_each_bad_setting_is_one_finding(tmp_path):
    text = (
        GOOD.replace("[id, en]", "[id, id]").replace("journal: default", "journal: [default]")
        + "citation_severity:\n  x: fatal\n"
    )
    found = findings(tmp_path, text.replace("citation_severity: {}\n", ""))
    assert [line.split(" [config-schema] ")[1].split(":")[0] for line in found] == [
        "languages",
        "journal",
        "citation_severity",
    ]
    assert [line.split(":")[1] for line in found] == ["1", "5", "7"]


def test_missing_required_setting_only_for_the_whole_configuration(tmp_path):
    text = GOOD.replace("sections: [introduction, method]\n", "")
    assert findings(tmp_path, text) == [
        "config.yaml:1: error [config-schema] sections: missing: a non-empty list of distinct section names "
        "(manuscript/<lang>/<section>.md) in lower-case letters, digits, _ and -"
    ]
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    assert config.load(tmp_path / "config.yaml")["languages"] == ["id", "en"]


def test_an_empty_build_date_and_an_off_severity_pass(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(GOOD.replace("2026-11-28", "").replace("{}", "\n  unused-entry: off"), encoding="utf-8")
    settings = config.load(path, complete=True)
    assert settings["build_date"] is None and settings["citation_severity"] == {"unused-entry": False}


def test_command_line_settings_are_checked_without_a_line():
    config.check({"journal": "elsevier", "final": True, "baseline": "v1", "build_date": "2026-01-02"}, "--config")
    with pytest.raises(UserError) as err:
        config.check({"final": "yes", "build_date": "2026-02-30"}, "--config")
    assert [str(f) for f in err.value.findings] == [
        "--config: error [config-schema] build_date: a date YYYY-MM-DD, or empty for the date of the last commit "
        "(not '2026-02-30')",
        "--config: error [config-schema] final: true for the final build, which refuses placeholders; else false "
        "(not 'yes')",
    ]


def test_a_part_is_read_as_written(tmp_path):
    part = tmp_path / "languages.json"
    part.write_text('{"languages": ["id", "en"]}\n', encoding="utf-8")
    assert config.load(part) == {"languages": ["id", "en"]}


def test_date_argument():
    parser = argparse.ArgumentParser()
    config.add_date_argument(parser)
    assert parser.parse_args(["--date", "2026-11-28"]).date == dt.date(2026, 11, 28)
    with pytest.raises(SystemExit):
        parser.parse_args(["--date", "2026-02-30"])
