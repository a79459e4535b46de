"""The workflow's light steps, run inside the Snakemake process.

A rule's `run:` block calls `run("MODULE ARGS", log)` where a shell rule would say
`python -m MODULE ARGS 2>&1 | tee LOG`: the module's main() runs here, and what it prints goes
to the job's log and to the terminal, as tee did. A fresh interpreter with its imports costs
0.1–0.4 s per job, more than most steps take (docs/performance.md); here each module is imported
once per run, and only by a run that needs it.

Snakemake runs a `run:` job in its own process only with `force-use-threads` (profiles/default);
without it, it starts a new Snakemake for each such job. One step runs at a time: a step's prints
are caught by swapping the process's sys.stdout and sys.stderr, and the steps are pure Python,
which would not run side by side under the GIL anyway. Renders, which wait on pandoc, stay shell
jobs and run beside them.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import shlex
import sys
import threading
import traceback
from pathlib import Path

from scripts.core.errors import run_cli

ONE_AT_A_TIME = threading.Lock()


class StepFailed(Exception):
    """A step ended with a non-zero code; what it said is in its log, and the closing block lists its findings."""


def exit_code(main, argv: list[str]) -> int:
    """main(argv)'s exit code, as `python -m` would end with it; a crash prints its traceback and gives 1."""
    try:
        return run_cli(main, argv)
    except SystemExit as end:  # argparse's usage errors, and any sys.exit()
        if isinstance(end.code, str):
            print(end.code, file=sys.stderr)
            return 1
        return end.code or 0
    except Exception:
        traceback.print_exc()
        return 1


def said_by(main, argv: list[str]) -> tuple[int, str]:
    """main(argv) run here, one step at a time: its exit code, and what it printed."""
    said = io.StringIO()
    with ONE_AT_A_TIME:
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            code = exit_code(main, argv)
    return code, said.getvalue()


def run(command: str, log: str) -> None:
    """Run `MODULE ARGS` (as after `python -m`) here; its output goes to `log` and to stdout."""
    module, *argv = shlex.split(command)
    code, said = said_by(importlib.import_module(module).main, argv)
    Path(log).parent.mkdir(parents=True, exist_ok=True)
    Path(log).write_text(said, encoding="utf-8")
    sys.stdout.write(said)
    sys.stdout.flush()
    if code:
        raise StepFailed(f"{module} ended with code {code}; what it said: {log}")
