"""Fresh copies of the repository, timed Snakemake runs, and the jobs each run executes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The same copy as tests/conftest.py makes: sources only, no build, no Snakemake state.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", ".snakemake", "build", "__pycache__", ".pytest_cache")

STEPS = re.compile(r"^(\d+) of (\d+) steps \(")
JOB_HEADER = re.compile(r"^(?:local)?rule (\w+):$")
JOB_OUTPUT = re.compile(r"^\s+output: (.+)$")
# The rule Snakemake runs last to reach the default target; it does no work.
TARGET_RULE = "all"


class BenchmarkError(RuntimeError):
    """A run that should have succeeded did not: the benchmark stops with its output."""


def copy_repo(source: Path, dest: Path, with_build_from: Path | None = None) -> Path:
    """Copy the repository's sources; optionally also a finished build (mtimes kept)."""
    shutil.copytree(source, dest, ignore=NOT_COPIED)
    if with_build_from is not None:
        for name in ("build", ".snakemake"):
            shutil.copytree(with_build_from / name, dest / name, symlinks=True)
    return dest


@dataclass
class Run:
    """One timed command: wall-clock seconds and, for Snakemake, the jobs it ran."""

    seconds: float
    output: str = ""
    jobs: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def job_count(self) -> int:
        """Jobs that did work: every job but the default target's `all`."""
        return sum(1 for rule, _ in self.jobs if rule != TARGET_RULE)

    def rules(self) -> Counter:
        return Counter(rule for rule, _ in self.jobs if rule != TARGET_RULE)


def timed(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    start = time.perf_counter()
    proc = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-30:])
        raise BenchmarkError(f"{' '.join(command)} (in {cwd}) exited with {proc.returncode}:\n{tail}")
    return Run(seconds, proc.stdout)


def snakemake_command(cores: int, *args: str) -> list[str]:
    return [sys.executable, "-m", "snakemake", "--cores", str(cores), *args]


def snakemake(repo: Path, cores: int, *args: str) -> Run:
    """Time one Snakemake run in `repo` and read from its log which jobs it ran."""
    run = timed(snakemake_command(cores, *args), repo)
    run.jobs = parse_jobs(run.output)
    steps = [STEPS.match(line) for line in run.output.splitlines()]
    done = [m for m in steps if m]
    if done and int(done[-1][1]) != int(done[-1][2]):
        raise BenchmarkError(f"snakemake in {repo} stopped at {done[-1][0]}")
    if done and int(done[-1][2]) != len(run.jobs):
        raise BenchmarkError(f"snakemake in {repo}: {done[-1][2]} steps but {len(run.jobs)} jobs read from its log")
    return run


def parse_jobs(log: str) -> list[tuple[str, tuple[str, ...]]]:
    """(rule, outputs) of every job a Snakemake log announces, in the order it ran them."""
    jobs: list[tuple[str, tuple[str, ...]]] = []
    for line in log.splitlines():
        header = JOB_HEADER.match(line)
        if header:
            jobs.append((header[1], ()))
            continue
        output = JOB_OUTPUT.match(line)
        if output and jobs and not jobs[-1][1]:
            jobs[-1] = (jobs[-1][0], tuple(o.strip() for o in output[1].split(", ")))
    return jobs


@dataclass(frozen=True)
class Job:
    rule: str
    outputs: frozenset[str]
    inputs: frozenset[str]


def job_graph(repo: Path, cores: int) -> list[Job]:
    """Every job of a finished build with its inputs, from `snakemake --detailed-summary`."""
    run = timed(snakemake_command(cores, "--detailed-summary"), repo)
    rows = [line.split("\t") for line in run.output.splitlines() if "\t" in line]
    if not rows or rows[0][0] != "output_file":
        raise BenchmarkError(f"no detailed summary from snakemake in {repo}")
    header = rows[0]
    col = {name: header.index(name) for name in ("output_file", "rule", "log-file(s)", "input-file(s)", "shellcmd")}
    grouped: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for row in rows[1:]:
        if len(row) < len(header):
            continue
        key = (row[col["rule"]], row[col["log-file(s)"]], row[col["shellcmd"]])
        outputs, inputs = grouped.setdefault(key, (set(), set()))
        outputs.add(row[col["output_file"]])
        inputs.update(i for i in row[col["input-file(s)"]].split(",") if i and i != "-")
    return [Job(rule, frozenset(o), frozenset(i)) for (rule, _, _), (o, i) in grouped.items()]


def dependents(graph: list[Job], changed: str) -> list[Job]:
    """The jobs whose inputs lead back to `changed`: the only ones an edit of it may rerun."""
    stale = {changed}
    found: list[Job] = []
    grew = True
    while grew:
        grew = False
        for job in graph:
            if job not in found and job.inputs & stale:
                found.append(job)
                stale |= job.outputs
                grew = True
    return found


def only_dependents(run: Run, deps: list[Job]) -> bool:
    """True when every job of `run` (but `all`) is one of `deps`."""
    allowed = [job.outputs for job in deps]
    for rule, outputs in run.jobs:
        if rule == TARGET_RULE:
            continue
        if not any(set(outputs) <= dep for dep in allowed):
            return False
    return True


# Runs a command and writes the largest resident set of any process under it (KiB, as the
# kernel counts it for waited-for descendants) to the file named first.
LARGEST_PROCESS = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[2:]).returncode; "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(code)"
)
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Memory:
    peak_total: int = 0  # bytes: the most the whole process tree held at once (sampled)
    largest_process: int = 0  # bytes: the largest single process (exact, from the kernel)


def process_tree_rss(root: int) -> tuple[int, int]:
    """(sum, largest) resident bytes of `root` and its descendants, read from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
            with open(f"/proc/{entry}/statm", encoding="utf-8") as handle:
                pages = int(handle.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry)] = pages * PAGE
    tree, grew = {root}, True
    while grew:
        grown = {pid for pid, parent in parents.items() if parent in tree} | tree
        grew, tree = grown != tree, grown
    sizes = [rss.get(pid, 0) for pid in tree]
    return sum(sizes), max(sizes, default=0)


def with_memory(command: list[str], cwd: Path, every: float = 0.05) -> tuple[Run, Memory]:
    """Time a command and measure its memory: the whole tree sampled, the largest process exact."""
    memory = Memory()
    with tempfile.TemporaryDirectory() as tmp:
        largest_file = Path(tmp) / "maxrss"
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", LARGEST_PROCESS, str(largest_file), *command],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
        )
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                total, _ = process_tree_rss(proc.pid)
                memory.peak_total = max(memory.peak_total, total)
                done.wait(every)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        output, _ = proc.communicate()
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        if proc.returncode != 0:
            tail = "\n".join(output.splitlines()[-30:])
            raise BenchmarkError(f"{' '.join(command)} (in {cwd}) exited with {proc.returncode}:\n{tail}")
        memory.largest_process = int(largest_file.read_text()) * 1024
    run = Run(seconds, output)
    run.jobs = parse_jobs(output)
    return run, memory
