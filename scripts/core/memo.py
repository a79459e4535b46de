"""Verdicts of schema checks remembered between runs, so a no-op run need not import jsonschema.

Checking config.yaml and the journal profile against their schemas costs more than the rest of
reading them: importing jsonschema alone takes ~0.1 s. The Snakefile checks the same unchanged
settings on every run, so a check that found nothing is remembered under a hash of everything
it depends on: the data checked (pickled, so any changed value, type or key changes the hash),
the schema's bytes, the checking module's own code and jsonschema's version. Only a clean verdict
is remembered: a setting the schema does not allow is found, and reported, as it always was.

Off unless `enable`d: only the Snakefile turns it on (its folder under .snakemake/), so a job, a
script or a test checks every time and writes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

from scripts.core.files import write_atomic

_ROOT: list[Path] = []  # the folder of remembered verdicts, once enabled


def enable(root: str | os.PathLike) -> None:
    _ROOT[:] = [Path(root)]


def key(*parts) -> str | None:
    """A hash of `parts` (bytes as they are, anything else pickled), or None when one cannot be pickled."""
    digest = hashlib.sha256()
    for part in parts:
        try:
            data = part if isinstance(part, bytes) else pickle.dumps(part, protocol=5)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        # Each part's length first: no two different sequences of parts hash the same bytes.
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def code_version(*files: str | os.PathLike, packages: tuple[str, ...] = ("jsonschema",)) -> bytes:
    """What the verdict of a check also depends on: the checking code and the versions of `packages`."""
    return b"".join(_bytes(file) for file in files) + _versions(packages)


# Once per process: the code and the installed versions do not change while the Snakefile is read.
@functools.cache
def _bytes(file: str | os.PathLike) -> bytes:
    return Path(file).read_bytes()


@functools.cache
def _versions(packages: tuple[str, ...]) -> bytes:
    from importlib import metadata  # already imported by Snakemake, the one caller that needs this

    versions = []
    for package in packages:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} none")
    return "\n".join(versions).encode()


def enabled() -> bool:
    return bool(_ROOT)


def name_of(depends) -> str | None:
    """The key of what `depends()` gives, when enabled (else None: nothing recalled or stored, and
    `depends` not called, so a job pays nothing for the hashing)."""
    return key(*depends()) if enabled() else None


def clean(check, depends) -> list:
    """The findings of `check()`; none, without running it, when `depends()` is what a check found clean before."""
    name = name_of(depends)
    if recall(name) is True:
        return []
    problems = check()
    if not problems:
        remember(name)
    return problems


def _path(name: str | None) -> Path | None:
    return _ROOT[0] / name if _ROOT and name else None


def recall(name: str | None):
    """What `remember` stored under `name`, else None (not enabled, never stored, unreadable)."""
    path = _path(name)
    try:
        return pickle.loads(path.read_bytes()) if path else None
    except Exception:  # a damaged entry is a miss: the check simply runs again
        return None


def remember(name: str | None, value=True) -> None:
    """Store `value` under `name`; a failure to write only means the next run checks again."""
    path = _path(name)
    if path:
        try:
            write_atomic(path, pickle.dumps(value, protocol=5))
        except OSError:
            pass
