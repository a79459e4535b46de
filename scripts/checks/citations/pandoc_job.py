"""Where pandoc is, and running it in the background while Python does other work."""

from __future__ import annotations

import subprocess
import threading

from scripts.core.pandoc import binary

# One place knows where pandoc is: scripts/core/pandoc.py.
pandoc_path = binary


# The last readings of calls whose whole input is their stdin (`memo`), by their arguments and
# input: a process that checks on every save (watch) reads an unchanged edition, or the edition
# two checks read, once.
RECENT = 8
_done: dict[tuple, tuple[int, str, str]] = {}


class Job:
    """One pandoc run: started at once, its output collected by `result()`."""

    def __init__(self, args: list[str], stdin_text: str | None = None, memo: bool = False):
        self._key = (tuple(args), stdin_text) if memo and stdin_text is not None else None
        self._cached = _done.get(self._key)
        if self._cached is not None:
            return
        data = stdin_text.encode("utf-8") if stdin_text is not None else None
        self._out: tuple[bytes, bytes] = (b"", b"")
        self._proc = subprocess.Popen(
            [binary(), *args],
            stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._thread = threading.Thread(target=self._talk, args=(data,), daemon=True)
        self._thread.start()

    def _talk(self, data: bytes | None) -> None:
        self._out = self._proc.communicate(data)

    def result(self) -> tuple[int, str, str]:
        """(exit code, stdout, stderr), waiting for pandoc to end."""
        if self._cached is not None:
            return self._cached
        self._thread.join()
        out, err = self._out
        found = self._proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        if self._key is not None:
            _done[self._key] = found
            while len(_done) > RECENT:
                del _done[next(iter(_done))]
        return found


def run(args: list[str], stdin_text: str | None = None) -> tuple[int, str, str]:
    return Job(args, stdin_text).result()
