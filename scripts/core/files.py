"""Writing outputs so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# Outputs get the permissions an ordinary file would (mkstemp would make them private).
FILE_MODE = 0o666 & ~_umask()


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    The temporary name is unique per call, so two jobs never share one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: str | os.PathLike, text: str) -> None:
    """Write `text` to `path` unless the file already holds it: its modification time then stays,
    and the jobs that take it as an input do not rerun (config and journal parts, written while the
    Snakefile is read)."""
    target = Path(path)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return
    write_atomic(target, text)


# A fixed date for zip members (the earliest a zip can hold), so archives do not carry the clock.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalized_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip archive of `members` in the given order with fixed dates and permissions."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def zip_members(data: bytes) -> list[tuple[str, bytes]]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]
