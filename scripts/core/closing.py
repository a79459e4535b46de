"""Every problem at a glance: one block at the very end of a build, each finding once.

Each job of the workflow writes its findings (`FILE:LINE[:COL]: severity [rule] message`)
to its log in build/logs/. When the build ends, `finish` reads the logs that describe the
current state — of jobs that ran in this run, or that were already up to date — and prints
every finding in them once, errors first, as the last lines of the run. Snakemake's own
closing lines (error blocks are above; "Complete log", "WorkflowError") are silenced after
it; Snakemake's full log is copied to build/logs/snakemake.log.

The Snakefile calls `finish` from its onsuccess and onerror handlers, and at exit for a run
with nothing to do (Snakemake calls no handler then). Standard library only.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from scripts.core import paths
from scripts.core.errors import ERROR, WARNING, Finding, finding, parse_finding, sort_findings

FULL_LOG = f"{paths.LOGS}/snakemake.log"


def collect(texts: Iterable[str]) -> list[Finding]:
    """The findings stated in `texts` (log contents), each once: errors, warnings, notes, each by place."""
    found = {f for text in texts for f in map(parse_finding, text.splitlines()) if f is not None}
    rank = {ERROR: 0, WARNING: 1}
    return sorted(sort_findings(found), key=lambda f: rank.get(f.severity, 2))


def block(findings: list[Finding], full_log: str | None) -> str:
    """The closing block: a heading line with the counts, then one line per finding."""
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    notes = len(findings) - errors - warnings
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    counts += f", {notes} note{'s' * (notes != 1)}" if notes else ""
    where = f" (full log: {full_log})" if full_log else ""
    heading = f"==== build {'FAILED' if errors else 'finished'}: {counts}{where} ===="
    return "\n".join([heading, *map(str, findings)]) + "\n"


def current_logs(dag, started: float) -> tuple[list[str], list[tuple[str, str]]]:
    """(logs that describe the present state, (log, rule) of jobs that failed in this run).

    A job's log is current when the job is up to date or finished in this run, or when it
    was written in this run (a job that failed); the log of a job that did not get to run
    is from an earlier run and is left out.
    """
    current, failed = [], []
    for job in dag.jobs:
        logs = [str(log) for log in job.log if os.path.isfile(log)]
        if dag.noneedrun_finished(job):
            current += logs
        else:
            fresh = [log for log in logs if os.path.getmtime(log) >= started]
            current += fresh
            failed += [(log, job.rule.name) for log in fresh]
    return sorted(set(current)), failed


def read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8", errors="replace")


def job_findings(dag, started: float) -> list[Finding]:
    """The findings of the current logs, plus one for a failed job whose log states none."""
    logs, failed = current_logs(dag, started)
    texts = {log: read(log) for log in logs}
    found = collect(texts.values())
    for log, rule in failed:
        if not any(f.severity == ERROR for f in collect([texts[log]])):
            found.append(
                finding(log, "job-failed", f"rule {rule} failed without a finding of its own; its log says why")
            )
    return found


class Closing(logging.Filter):
    """Watches Snakemake's log for a run with nothing to do, and closes each run once."""

    def __init__(self, nothing_to_do: str):
        super().__init__()
        self.nothing_to_do, self.idle, self.closed = nothing_to_do, False, False

    def filter(self, record: logging.LogRecord) -> bool:
        self.idle = self.idle or self.nothing_to_do in str(record.msg)
        return True


def finish(dag, parse_findings: list[Finding], started: float, snakemake_logs: list[str]) -> None:
    """Print the closing block as the run's last lines; keep Snakemake's log in build/logs."""
    full_log = None
    existing = [log for log in snakemake_logs or [] if os.path.isfile(log)]
    if existing:
        Path(FULL_LOG).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(existing[0], FULL_LOG)
        full_log = FULL_LOG
    found = list(parse_findings) + (job_findings(dag, started) if dag is not None else [])
    findings = collect(str(f) for f in found)
    sys.stdout.flush()
    sys.stderr.flush()
    if findings or full_log:
        print(block(findings, full_log), end="", file=sys.stderr, flush=True)
    # Whatever Snakemake would log after this ("Complete log", "WorkflowError: …") is said above.
    logging.getLogger("snakemake.logging").disabled = True
