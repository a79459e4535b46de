"""Compiled modules of the repository's own sources, kept under .snakemake/pycache where
PYTHONDONTWRITEBYTECODE is set.

Such a machine (an image, a mounted source tree kept free of .pyc files) compiles every module of
scripts/ each run imports: ~0.05–0.1 s of a no-op. Python's own remedy, `sys.pycache_prefix`,
applies to every module, and under it Python looks for bytecode below the prefix alone: the
libraries the jobs import (matplotlib, jsonschema, python-docx) were then compiled from source on
every cold build (~2 s) instead of read from their install. This path hook applies a prefix to the
repository's folders alone and leaves every other path to Python; a cached module carries the
header Python writes (magic number, source modification time and size) and is recompiled when
that header no longer matches its source, as Python does in __pycache__.
"""

from __future__ import annotations

import marshal
import os
import sys
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, SourceFileLoader
from importlib.util import MAGIC_NUMBER

from scripts.core.files import write_atomic

# Folders of the repository that hold no source of its own (a virtual environment, Snakemake's).
NOT_OURS = (".venv", ".snakemake", "site-packages")


def header(source: os.stat_result) -> bytes:
    """A timestamp-based .pyc header (PEP 552): magic number, flags 0, the source's mtime and size."""
    fields = (0, int(source.st_mtime) & 0xFFFFFFFF, source.st_size & 0xFFFFFFFF)
    return MAGIC_NUMBER + b"".join(value.to_bytes(4, "little") for value in fields)


def cached_path(cache: str, root: str, source: str) -> str:
    """Where the compiled `source` (a file under `root`) is kept: its path below `cache`."""
    stem = os.path.splitext(os.path.relpath(source, root))[0]
    return os.path.join(cache, f"{stem}.{sys.implementation.cache_tag}.pyc")


def is_ours(entry: str, root: str) -> bool:
    path = os.path.abspath(entry or os.curdir)
    inside = path == root or path.startswith(root + os.sep)
    return inside and not any(part in NOT_OURS for part in os.path.relpath(path, root).split(os.sep))


def loader_for(root: str, cache: str) -> type[SourceFileLoader]:
    class CachedSourceLoader(SourceFileLoader):
        def get_code(self, fullname):
            source = self.get_filename(fullname)
            expected = header(os.stat(source))
            cached = cached_path(cache, root, source)
            try:
                with open(cached, "rb") as handle:
                    data = handle.read()
                if data[:16] == expected:
                    return marshal.loads(data[16:])
            except (OSError, EOFError, ValueError, TypeError):
                pass  # absent or unreadable: compiled anew below
            code = compile(self.get_data(source), source, "exec", dont_inherit=True)
            try:
                write_atomic(cached, expected + marshal.dumps(code))
            except OSError:
                pass  # a read-only checkout still imports
            return code

    return CachedSourceLoader


def keep_under(cache: str, root: str) -> None:
    """From now on, modules under `root` are imported with their bytecode kept below `cache`."""
    root, cache = os.path.abspath(root), os.path.abspath(cache)
    make_finder = FileFinder.path_hook((loader_for(root, cache), SOURCE_SUFFIXES))

    def hook(entry: str):
        if not is_ours(entry, root):
            raise ImportError("not the repository's")  # the next hook, Python's own, takes it
        return make_finder(entry)

    sys.path_hooks.insert(0, hook)
    for entry in [entry for entry in sys.path_importer_cache if is_ours(entry, root)]:
        del sys.path_importer_cache[entry]  # a finder made before the hook would keep compiling
