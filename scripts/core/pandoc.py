"""Running the pandoc binary that ships inside the pypandoc-binary wheel."""

from __future__ import annotations

import functools
import os
import subprocess

from scripts.core.errors import UserError, finding


@functools.lru_cache(maxsize=1)
def binary() -> str:
    """The pandoc executable from pypandoc-binary, found without importing pypandoc itself
    (its import costs more than this lookup); else the one on PATH."""
    import importlib.util

    spec = importlib.util.find_spec("pypandoc")
    path = os.path.join(os.path.dirname(spec.origin), "files", "pandoc") if spec else ""
    return path if os.path.exists(path) else "pandoc"


def run(
    args: list[str],
    source: str,
    epoch: int | None = None,
    stdin: bytes | None = None,
    cwd: str | os.PathLike | None = None,
) -> bytes:
    """Run pandoc; a failure becomes one finding on `source` with pandoc's own message.

    SOURCE_DATE_EPOCH goes into pandoc's environment: it is the only way pandoc takes it.
    `cwd`: the folder pandoc reads relative paths from (a baseline's own repository folder).
    """
    env = dict(os.environ)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    proc = subprocess.run([binary(), *args], input=stdin, capture_output=True, env=env, cwd=cwd)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip() or f"pandoc exited with {proc.returncode}"
        raise UserError(finding(source, "pandoc", message))
    return proc.stdout


def run_exchanging(args: list[str], source: str, answer, epoch: int | None = None) -> tuple[bytes, bytes]:
    """Run pandoc with a filter that hands the document over midway (templates/one-pass.lua): the
    line it writes first on stdout goes to `answer`, whose bytes pandoc reads back on stdin and
    carries on with. Returns that line and pandoc's output (`-o -`); a failure is one finding on
    `source`, as in `run`."""
    import tempfile

    env = dict(os.environ)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    # stderr to a file: a pipe nobody reads while the exchange waits could fill and stall pandoc.
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([binary(), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env)
        handed = proc.stdout.readline().rstrip(b"\n")
        try:
            if handed:
                proc.stdin.write(answer(handed))
            proc.stdin.close()
        except BrokenPipeError:
            pass  # pandoc stopped: its message follows
        output = proc.stdout.read()
        proc.wait()
        if proc.returncode != 0 or not handed:
            err.seek(0)
            message = err.read().decode("utf-8", "replace").strip() or f"pandoc exited with {proc.returncode}"
            raise UserError(finding(source, "pandoc", message))
    return handed, output
