"""Every problem at a glance, on the real workflow: the closing block, warnings on incremental
builds, and Snakemake's log kept in build/logs."""

from __future__ import annotations

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
    assert heading.startswith("==== build FAILED: 1 error, ") and "(full log: build/logs/snakemake.log)" in heading
    bad = (
        "data/raw/audience_age.csv:2:share_pct: error [type] '40%' is not a number (e.g. 40 or 12.5); "
        "leave out the '%' sign"
    )
    assert block[0] == bad and block.count(bad) == 1
    assert all(parse_finding(line).severity == "warning" for line in block[1:])
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
        assert block.count(warning) == 1
    assert sum("[unlisted-section]" in line for line in block) == 1
