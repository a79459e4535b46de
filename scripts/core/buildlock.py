"""One writer of build/ at a time: a lock the kernel releases with the process that holds it.

Snakemake's own lock files stay behind when a build is killed (kill -9, a power cut, the
out-of-memory killer) and then stop the next run; the workflow profile turns them off and
the Snakefile takes this lock instead, an fcntl.flock on paths.BUILD_LOCK. A second build,
or a build started while watch rebuilds, waits for the first to end.

A process that holds the lock and starts Snakemake itself (watch) hands its locked file to
the child (`inherit`): the child's flock on the same open file succeeds at once.
Standard library only.
"""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

from scripts.core import paths

# The variable naming the inherited file descriptor of the held lock.
HELD_FD = "ARTICLE_BUILD_LOCK_FD"


def _inherited(lock_path: Path) -> int | None:
    """The descriptor a parent handed down, if it is open on this very lock file."""
    try:
        fd = int(os.environ.get(HELD_FD, ""))
        held, own = os.fstat(fd), os.stat(lock_path)
    except (ValueError, OSError):
        return None
    return fd if (held.st_dev, held.st_ino) == (own.st_dev, own.st_ino) else None


def acquire(lock_path: str | os.PathLike = paths.BUILD_LOCK, waiting_note=sys.stderr) -> int:
    """Hold the lock (waiting, with one line saying so, while another process does); its descriptor."""
    path = Path(lock_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _inherited(path)
    if fd is None:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(
            f"waiting for the other build writing {paths.BUILD}/ to end (it holds {path})",
            file=waiting_note,
            flush=True,
        )
        fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def inherit(fd: int) -> dict[str, str]:
    """The environment for a child process that runs under the lock `fd` (pass it in pass_fds)."""
    return {**os.environ, HELD_FD: str(fd)}
