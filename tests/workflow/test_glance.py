"""Every problem at a glance, on the real workflow: the closing block, warnings on incremental
builds, and Snakemake's log kept in build/logs."""

from __future__ import annotations

import re

import pytest
from conftest import HEADING, closing_block, copy_repo, snakemake

from scripts.core.errors import parse_finding

pytestmark = pytest.mark.integration


def test_failed_build_ends_with_each_finding_once(built, tmp_path):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    path = repo / "data/raw/audience_age.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("@tangerangtv,25-34,40", "@tangerangtv,25-34,40%"), encoding="utf-8"
    )
    result = snakemake(repo)
    assert result.returncode == 1
    heading, *block = closing_block(result.stdout + result.stderr)
    assert heading.startswith("==== build FAILED: 1 error, ")
    assert heading.endswith(" (each finding: build/logs/findings.log, full log: build/logs/snakemake.log) ====")
    bad = (
        "data/raw/audience_age.csv:2:share_pct: error [type] '40%' is not a number (e.g. 40 or 12.5); "
        "leave out the '%' sign"
    )
    assert block[-1] == bad and block.count(bad) == 1
    # Above it, one line per rule id of the warnings (and the note on the manifest the failed data job made stale);
    # the log holds each of them.
    others = [parse_finding(line) for line in block[:-1]]
    assert {w.severity for w in others} == {"warning", "note"}
    assert len({w.rule for w in others}) == len(others)
    logged = (repo / "build/logs/findings.log").read_text(encoding="utf-8").splitlines()
    assert bad in logged and all(re.sub(r" \(and \d+ more \[[\w-]+\] \w+\)$", "", line) in logged for line in block)
    warnings = int(re.search(r", (\d+) warnings", heading)[1])
    assert len(logged) == 1 + warnings + 1
    assert "WorkflowError" not in result.stderr.split(HEADING)[-1]
    assert "RuleException" in (repo / "build/logs/snakemake.log").read_text(encoding="utf-8")


def test_unlisted_and_empty_sections_warn_on_incremental_and_no_op_builds(built, tmp_path):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    (repo / "manuscript/en/appendix.md").write_text("# Appendix\n\nNot listed.\n", encoding="utf-8")
    unlisted = (
        "manuscript/en/appendix.md: warning [unlisted-section] 'appendix' is not in config.yaml's sections, "
        "so the build leaves it out"
    )
    for run in ("incremental (the manifest lists the new file)", "no-op"):
        result = snakemake(repo)
        assert result.returncode == 0, result.stderr
        heading, *block = closing_block(result.stderr)
        assert heading.startswith("==== build finished: 0 errors"), run
        assert unlisted in block, run
    assert "Nothing to be done" in result.stderr

    for lang in ("id", "en"):
        (repo / f"manuscript/{lang}/conclusion.md").write_text("\n", encoding="utf-8")
    result = snakemake(repo)
    assert result.returncode == 0, result.stderr
    _, *block = closing_block(result.stderr)
    for lang in ("id", "en"):
        warning = (
            f"manuscript/{lang}/conclusion.md: warning [empty-section] section 'conclusion' has no text: "
            "the edition shows nothing for it"
        )
        assert warning in (repo / "build/logs/findings.log").read_text(encoding="utf-8").splitlines()
    assert sum("[empty-section]" in line for line in block) == 1 and "(and 1 more [empty-section] warning)" in "".join(
        block
    )
    assert sum("[unlisted-section]" in line for line in block) == 1


def test_one_run_reports_every_editions_errors(built, tmp_path):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    for lang in ("id", "en"):
        path = repo / f"manuscript/{lang}/method.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nSee [@nobody2099].\n", encoding="utf-8")
    result = snakemake(repo, "--cores", "1")
    assert result.returncode == 1
    heading, *block = closing_block(result.stderr)
    errors = [parse_finding(line) for line in block if parse_finding(line).severity == "error"]
    assert heading.startswith("==== build FAILED: 2 errors, "), heading
    assert [e.file for e in errors] == ["manuscript/en/method.md", "manuscript/id/method.md"]
    assert all("nobody2099" in e.message for e in errors) and block[-2:] == [str(e) for e in errors]
