"""The build lock: held by one process at a time, released by the kernel when its holder dies."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from scripts.core import buildlock

REPO = Path(__file__).resolve().parents[2]
# Takes the lock at argv[1], says so, holds it argv[2] seconds.
HOLD = (
    "import sys, time; from scripts.core import buildlock; buildlock.acquire(sys.argv[1]); "
    "print('held', flush=True); time.sleep(float(sys.argv[2]))"
)


def holder(lock: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock), str(seconds)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline() == "held\n"
    return proc


def test_a_killed_holder_leaves_nothing_to_remove(tmp_path):
    lock = tmp_path / "build.lock"
    proc = holder(lock, 60)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    note = io.StringIO()
    os.close(buildlock.acquire(lock, waiting_note=note))
    assert note.getvalue() == ""


def test_a_second_writer_waits_for_the_first_and_says_so(tmp_path):
    lock = tmp_path / "build.lock"
    proc = holder(lock, 1.5)
    note = io.StringIO()
    start = time.monotonic()
    os.close(buildlock.acquire(lock, waiting_note=note))
    assert proc.wait() == 0
    assert time.monotonic() - start > 0.5
    assert note.getvalue().startswith("waiting for the other build writing build/ to end")


def test_a_child_handed_the_held_lock_takes_it_at_once(tmp_path):
    lock = tmp_path / "build.lock"
    fd = buildlock.acquire(lock)
    try:
        child = subprocess.run(
            [sys.executable, "-c", HOLD, str(lock), "0"],
            cwd=REPO,
            env=buildlock.inherit(fd),
            pass_fds=(fd,),
            capture_output=True,
            text=True,
            timeout=20,
        )
    finally:
        os.close(fd)
    assert child.returncode == 0 and child.stdout == "held\n" and child.stderr == ""


def test_a_stale_descriptor_number_is_not_taken_for_the_lock(tmp_path, monkeypatch):
    lock = tmp_path / "build.lock"
    lock.touch()
    other = os.open(tmp_path / "other", os.O_RDWR | os.O_CREAT)
    monkeypatch.setenv(buildlock.HELD_FD, str(other))
    fd = buildlock.acquire(lock)
    try:
        assert fd != other and os.fstat(fd).st_ino == lock.stat().st_ino
    finally:
        os.close(fd)
        os.close(other)
