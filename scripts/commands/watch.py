"""The author's edit loop: `python -m scripts.commands.watch` rebuilds an edition's PDF on every save.

It watches the manuscript, the raw data and the bibliography (watchfiles: the operating
system's file events, no polling), and after each save runs Snakemake for the PDF of the
editions the saved file feeds: `manuscript/<lang>/…` its own edition, anything else (the
metadata, a data file, the .bib) every edition. Each rebuild prints one line: the clock, the
editions, the time it took and the findings Snakemake's jobs reported, or what stopped it.
Ctrl-C ends it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

from scripts.core import config as config_mod
from scripts.core import paths
from scripts.core.closing import FULL_LOG
from scripts.core.errors import ERROR, WARNING, parse_finding, run_cli

# Files an author saves; editors' swap and backup files are not among them.
WATCHED_DIRS = (paths.MANUSCRIPT_ROOT, paths.RAW, str(PurePosixPath(paths.BIBLIOGRAPHY).parent))
WATCHED_SUFFIXES = (".md", ".csv", ".bib", ".yaml")


def is_source(path: str, root: Path) -> bool:
    """True for a saved file the build reads: under a watched folder, with a watched suffix."""
    try:
        relative = PurePosixPath(Path(path).resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        return False
    name = relative.name
    if name.startswith((".", "#")) or not name.endswith(WATCHED_SUFFIXES):
        return False
    return any(relative.is_relative_to(folder) for folder in WATCHED_DIRS)


def editions_for(changed: list[str], root: Path, langs: list[str]) -> list[str]:
    """The editions whose PDF a set of saved files makes stale, in config order."""
    hit: set[str] = set()
    for path in changed:
        relative = Path(path).resolve().relative_to(root.resolve()).as_posix()
        own = [lang for lang in langs if relative.startswith(paths.MANUSCRIPT_DIR.format(lang=lang) + "/")]
        hit.update(own or langs)
    return [lang for lang in langs if lang in hit]


def findings(output: str) -> list[str]:
    """The findings in a Snakemake run's output, each once, in the order first printed."""
    seen: dict[str, None] = {}
    for line in output.splitlines():
        line = line.strip()
        found = parse_finding(line)
        if found is not None and found.severity in (ERROR, WARNING):
            seen.setdefault(line, None)
    return list(seen)


def summary(clock: str, langs: list[str], seconds: float, ok: bool, found: list[str]) -> str:
    """The one line printed per rebuild."""
    targets = ", ".join(paths.ARTICLE_PDF.format(lang=lang) for lang in langs)
    state = "rebuilt" if ok else "FAILED"
    line = f"{clock} {state} {targets} in {seconds:.2f} s"
    if found:
        line += f" — {len(found)} finding{'s' if len(found) != 1 else ''}: " + " | ".join(found)
    elif not ok:
        line += f" — see {FULL_LOG}"
    return line


def rebuild(root: Path, langs: list[str], cores: int) -> tuple[bool, float, list[str]]:
    """Run Snakemake for the editions' PDFs; return success, seconds and findings."""
    targets = [paths.ARTICLE_PDF.format(lang=lang) for lang in langs]
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", str(cores), *targets],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
    )
    return proc.returncode == 0, time.perf_counter() - start, findings(proc.stdout)


def watch_loop(root: Path, langs: list[str], cores: int) -> None:
    from watchfiles import watch  # imported here: only the loop needs it

    folders = [str(root / folder) for folder in WATCHED_DIRS if (root / folder).is_dir()]
    ready = False
    # yield_on_timeout: the first (empty) yield says the watcher is live, and only then is
    # "watching" printed, so a save right after it is never missed.
    for changes in watch(
        *folders, watch_filter=lambda _change, path: is_source(path, root), rust_timeout=200, yield_on_timeout=True
    ):
        if not ready:
            print(
                f"watching {', '.join(WATCHED_DIRS)}; save a file to rebuild its edition's PDF (Ctrl-C stops)",
                flush=True,
            )
            ready = True
        stale = editions_for(sorted({path for _change, path in changes}), root, langs)
        if not stale:
            continue
        ok, seconds, found = rebuild(root, stale, cores)
        print(summary(time.strftime("%H:%M:%S"), stale, seconds, ok, found), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.commands.watch", description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=1, help="snakemake --cores for each rebuild (default 1)")
    parser.add_argument("--repo", type=Path, default=Path("."), help="the repository (default: here)")
    args = parser.parse_args(argv)
    root = args.repo.resolve()
    langs = config_mod.load(root / paths.CONFIG)["languages"]
    try:
        watch_loop(root, langs, args.cores)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
