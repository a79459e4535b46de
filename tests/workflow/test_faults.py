"""A build killed at any point (kill -9 of its process group) is finished by the next plain
`snakemake`, with outputs byte-identical to an uninterrupted build's (profiles/default, scripts/core/buildlock.py)."""

from __future__ import annotations

import filecmp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import closing_block, copy_repo

pytestmark = pytest.mark.integration

# Where each run is killed, in the order a build reaches them: while the Snakefile is read (its
# config parts written), after the data job, mid-way through an edition, with a PDF just written.
KILL_WHEN = ["build/config/languages.json", "build/values.json", "build/en/article.md", "build/id/article.pdf"]


def plain_build(repo: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "1"],
        cwd=repo,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def kill_when(proc: subprocess.Popen, path: Path, timeout: float = 300) -> None:
    """Kill the build and every job of it the moment `path` exists; it must still be running."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, f"the build ended before {path} was written:\n{proc.stdout.read()}"
        assert time.monotonic() < deadline, f"{path} not written in {timeout} s"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()


def build_files(repo: Path) -> list[str]:
    build = repo / "build"
    files = (p.relative_to(build) for p in build.rglob("*") if p.is_file())
    return sorted(str(p) for p in files if p.parts[0] != "logs")


def test_killed_builds_are_finished_by_a_plain_rerun(built, tmp_path):
    repo = copy_repo(tmp_path / "repo")
    for point in KILL_WHEN:
        kill_when(plain_build(repo), repo / point)
    proc = plain_build(repo)
    output = proc.communicate()[0]
    assert proc.returncode == 0, output
    for hint in ("--unlock", "--rerun-incomplete", "LockException", "IncompleteFilesException"):
        assert hint not in output
    assert closing_block(output)[0].startswith("==== build finished: 0 errors")
    files = build_files(repo)
    assert files == build_files(built)
    differ = [name for name in files if not filecmp.cmp(repo / "build" / name, built / "build" / name, shallow=False)]
    assert differ == []
