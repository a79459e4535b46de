"""A bad setting in config.yaml, or on the command line, stops the real workflow before any job
with one finding at its line; the settings to come (journal=, final=) are accepted."""

from __future__ import annotations

import pytest
from conftest import copy_repo, snakemake

pytestmark = pytest.mark.integration


def finding_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "[config-schema]" in line]


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return copy_repo(tmp_path_factory.mktemp("config") / "repo")


def test_bad_settings_in_config_yaml_stop_before_any_job(repo):
    path = repo / "config.yaml"
    good = path.read_text(encoding="utf-8")
    try:
        path.write_text(
            good.replace("build_date: 2026-11-28", "build_date: 2026-02-30").replace(
                "languages: [id, en]", "languages: [id, English]"
            )
            + "colour: red\n",
            encoding="utf-8",
        )
        lines = path.read_text(encoding="utf-8").splitlines()
        result = snakemake(repo)
    finally:
        path.write_text(good, encoding="utf-8")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    at = {
        key: lines.index(next(line for line in lines if line.startswith(key))) + 1
        for key in ("languages", "build_date", "colour")
    }
    assert finding_lines(output) == [
        f"config.yaml:{at['languages']}: error [config-schema] languages: a non-empty list of distinct language codes "
        "(ISO 639, two or three lower-case letters), such as [id, en] (not 'English' at languages.1)",
        f"config.yaml:{at['build_date']}: error [config-schema] build_date: a date YYYY-MM-DD, or empty for the date "
        "of the last commit (not '2026-02-30')",
        f"config.yaml:{at['colour']}: error [config-schema] colour: not a setting of this build; the settings are "
        "languages, formats, sections, build_date, citation_severity, journal, final, baseline",
    ]
    # Nothing is built before the configuration passes; the run's log of findings is all there is.
    written = sorted(str(p.relative_to(repo)) for p in (repo / "build").rglob("*") if p.is_file())
    assert written == ["build/logs/findings.log"], written


def test_a_bad_command_line_setting_is_one_finding(repo):
    result = snakemake(repo, "--dry-run", "--config", "final=perhaps")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert finding_lines(output) == [
        "--config: error [config-schema] final: true for the final build, which refuses placeholders; else false "
        "(not 'perhaps')"
    ]


def test_journal_and_final_on_the_command_line_are_accepted(repo):
    result = snakemake(repo, "--dry-run", "--config", "journal=default", "final=true", "build_date=2026-11-28")
    assert result.returncode == 0, result.stdout + result.stderr
