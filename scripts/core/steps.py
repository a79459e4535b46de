"""The workflow's Python steps, run inside the Snakemake process.

A rule's `run:` block calls `run("MODULE ARGS", log)` where a shell rule would say
`python -m MODULE ARGS 2>&1 | tee LOG`: the module's main() runs here, and what it prints goes
to the job's log and to the terminal, as tee did. A fresh interpreter with its imports costs
0.1–0.4 s per job, more than most steps take (docs/performance.md); here each module is imported
once per run, and only by a run that needs it.

Snakemake runs a `run:` job in its own process only with `force-use-threads` (profiles/default);
without it, it starts a new Snakemake for each such job. With it, jobs run in threads of this
process, side by side under `--cores 2`: what a step prints is caught per thread (`Routed`), so
two steps never mix their output. Light steps, pure Python that gains nothing from a second
thread under the GIL, run one at a time (`alone=True`), so a library's global settings (the
figures' matplotlib rc) are never shared; renders, which mostly wait on pandoc and typst outside
the GIL, run beside them (`alone=False`).
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
_CAPTURE = threading.local()


class StepFailed(Exception):
    """A step ended with a non-zero code; what it said is in its log, and the closing block lists its findings."""


class Routed(io.TextIOBase):
    """sys.stdout or sys.stderr for every thread: what a thread prints during a step goes to that
    step's buffer, anything else to the stream it replaced (Snakemake's own messages among it)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        return (getattr(_CAPTURE, "said", None) or self.stream).write(text)

    def flush(self) -> None:
        if getattr(_CAPTURE, "said", None) is None:
            self.stream.flush()

    def __getattr__(self, name):  # encoding, fileno, isatty…: the replaced stream's
        return getattr(self.stream, name)


def routed(stream):
    return stream if isinstance(stream, Routed) else Routed(stream)


@contextlib.contextmanager
def captured():
    """What this thread prints inside the block, caught in the StringIO it yields."""
    sys.stdout, sys.stderr = routed(sys.stdout), routed(sys.stderr)
    said = io.StringIO()
    _CAPTURE.said = said
    try:
        yield said
    finally:
        _CAPTURE.said = None


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


def said_by(main, argv: list[str], alone: bool = True) -> tuple[int, str]:
    """main(argv) run here: its exit code, and what it printed. `alone`: one such step at a time."""
    with ONE_AT_A_TIME if alone else contextlib.nullcontext(), captured() as said:
        code = exit_code(main, argv)
    return code, said.getvalue()


def run(command: str, log: str, alone: bool = True) -> None:
    """Run `MODULE ARGS` (as after `python -m`) here; its output goes to `log` and to stdout."""
    module, *argv = shlex.split(command)
    code, said = said_by(importlib.import_module(module).main, argv, alone)
    Path(log).parent.mkdir(parents=True, exist_ok=True)
    Path(log).write_text(said, encoding="utf-8")
    sys.stdout.write(said)
    sys.stdout.flush()
    if code:
        raise StepFailed(f"{module} ended with code {code}; what it said: {log}")
