"""The light steps (`run:` rules) run inside the Snakemake process (scripts/core/steps.py), and
a build started without the workflow profile still finishes them."""

from __future__ import annotations

import filecmp

import pytest
from conftest import closing_block, copy_repo, snakemake

pytestmark = pytest.mark.integration

# A `run:` step whose output nothing else of the build needs: its one job reruns alone.
STEP_OUTPUT = "build/style.csl"
SPAWNED = "spawned job:"


def test_a_step_writes_its_log_and_the_same_bytes_in_process(built, tmp_path):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    (repo / STEP_OUTPUT).unlink()
    result = snakemake(repo, "--verbose", STEP_OUTPUT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert filecmp.cmp(repo / STEP_OUTPUT, built / STEP_OUTPUT, shallow=False)
    assert (repo / "build/logs/csl.log").is_file()
    # In-process: Snakemake spawned no Snakemake of its own for the job (its debug line says when it does).
    assert SPAWNED not in result.stdout + result.stderr


def test_without_the_profile_a_spawned_step_works_under_its_parents_lock(built, tmp_path):
    """Without force-use-threads Snakemake runs a `run:` job in a Snakemake of its own, which reads
    the Snakefile, build lock included: it must not wait for the lock its parent holds."""
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    (repo / STEP_OUTPUT).unlink()
    result = snakemake(repo, "--verbose", "--workflow-profile", "none", STEP_OUTPUT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert SPAWNED in result.stdout + result.stderr
    assert closing_block(result.stderr)[0].startswith("==== build finished: 0 errors")
    assert filecmp.cmp(repo / STEP_OUTPUT, built / STEP_OUTPUT, shallow=False)
