"""Shared fixtures: a copy of the repository in a temporary folder, built with the real workflow."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.core.errors import parse_finding

REPO = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", ".snakemake", "build", "__pycache__", ".pytest_cache")


def copy_repo(dest: Path, with_build_from: Path | None = None) -> Path:
    """Copy the repository's sources; optionally also a finished build (mtimes kept)."""
    shutil.copytree(REPO, dest, ignore=NOT_COPIED)
    if with_build_from is not None:
        for name in ("build", ".snakemake"):
            shutil.copytree(with_build_from / name, dest / name, symlinks=True)
    return dest


def snakemake(repo: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


HEADING = "==== build "


def closing_block(output: str) -> list[str]:
    """The lines from the last closing heading to the end; each must be a finding."""
    lines = output.rstrip("\n").splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith(HEADING))
    block = lines[start + 1 :]
    assert all(parse_finding(line) for line in block), "something other than a finding follows the block"
    return [lines[start], *block]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The repository copied to a temporary folder and built once with `snakemake --cores 2`."""
    repo = copy_repo(tmp_path_factory.mktemp("built") / "repo")
    result = snakemake(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


# Every shipped journal profile (journals/<name>/profile.yaml): the layout checks run on each one's build.
JOURNALS = ("default", "ieee", "sinta")


@pytest.fixture(scope="session")
def journal_build(built, tmp_path_factory):
    """`journal_build(name)`: the repository built with the journal profile `name`, made on first use
    and kept for the session: `built` for the default, else a copy of it rebuilt with
    `--config journal=NAME` (only what the profile touches reruns)."""
    repos: dict[str, Path] = {"default": built}

    def build(name: str) -> Path:
        if name not in repos:
            repo = copy_repo(tmp_path_factory.mktemp(f"built-{name}") / "repo", with_build_from=built)
            result = snakemake(repo, "--config", f"journal={name}")
            assert result.returncode == 0, result.stdout + result.stderr
            repos[name] = repo
        return repos[name]

    return build
