"""The author's edit loop: `python -m scripts.commands.watch` rebuilds an edition's PDF on every save.

It watches the manuscript, the raw data and the bibliography (watchfiles: the operating
system's file events, no polling), and after each save rebuilds the PDF of the editions the
saved file feeds: `manuscript/<lang>/…` its own edition, anything else (the metadata, a data
file, the .bib) every edition. Snakemake brings each edition's one parse up to date (every
check gating it runs); the PDF is then rendered here, as the `pdf` rule renders it, and moved
into place only when it compiled: `build/<lang>/article.pdf`, the file the author's viewer has
open, is never missing, and a failed rebuild leaves the last good one. Each rebuild prints a
line (the clock, the editions, the time it took), then its findings, one per line, errors
last. A rebuild holds the build lock (scripts/core/buildlock.py): a `snakemake` run started
meanwhile waits for it, and it for them. Ctrl-C ends it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

from scripts.article import render
from scripts.core import buildlock, paths
from scripts.core import config as config_mod
from scripts.core.closing import FULL_LOG
from scripts.core.errors import ERROR, WARNING, UserError, parse_finding, run_cli

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
    """The errors and warnings in a run's output, each once: warnings, then errors, each in the order first printed."""
    seen: dict[str, str] = {}
    for line in output.splitlines():
        line = line.strip()
        found = parse_finding(line)
        if found is not None and found.severity in (ERROR, WARNING):
            seen.setdefault(line, found.severity)
    return [line for line, severity in seen.items() if severity == WARNING] + [
        line for line, severity in seen.items() if severity == ERROR
    ]


def report(clock: str, langs: list[str], seconds: float, ok: bool, found: list[str]) -> str:
    """What a rebuild prints: one line saying what happened, then each finding on its own line, errors last."""
    targets = ", ".join(paths.ARTICLE_PDF.format(lang=lang) for lang in langs)
    line = f"{clock} {'rebuilt' if ok else 'FAILED'} {targets} in {seconds:.2f} s"
    if not ok:
        line += " — the last good PDF is kept"
        line += f"; {len(found)} finding{'s' * (len(found) != 1)}:" if found else f"; see {FULL_LOG}"
    return "\n".join([line, *found])


def render_args(lang: str, sections: list[str], date: str) -> list[str]:
    """The arguments the `pdf` rule (rules/article.smk) gives scripts/article/render.py for the edition."""
    return [
        "pdf",
        "--date",
        date,
        "--json",
        paths.EDITION_AST.format(lang=lang),
        "--md",
        paths.ARTICLE_MD.format(lang=lang),
        "--typ",
        paths.ARTICLE_TYP.format(lang=lang),
        "--out",
        paths.ARTICLE_PDF.format(lang=lang),
        "--sources",
        *(paths.section(lang, name) for name in sections),
    ]


def render_pdf(lang: str, sections: list[str], date: str) -> tuple[bool, str]:
    """Render the edition's PDF in this process (render.py writes it atomically); success and what it printed."""
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        try:
            ok = render.main(render_args(lang, sections, date)) == 0
        except UserError as err:
            print(err, file=said)
            ok = False
    return ok, said.getvalue()


def rebuild(root: Path, langs: list[str], cores: int) -> tuple[bool, float, list[str]]:
    """Bring the editions' parses up to date with Snakemake, then render their PDFs; success, seconds, findings.

    Run from `root`, holding the build lock, which the Snakemake run is handed.
    """
    config = config_mod.load(paths.CONFIG)
    targets = [paths.EDITION_AST.format(lang=lang) for lang in langs]
    start = time.perf_counter()
    lock = buildlock.acquire(paths.BUILD_LOCK)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "snakemake", "--cores", str(cores), *targets],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
            env=buildlock.inherit(lock),
            pass_fds=(lock,),
        )
        ok, output = proc.returncode == 0, proc.stdout
        # The date the workflow works out (rules/common.smk), after Snakemake checked config.yaml.
        date = config_mod.build_date(config).isoformat() if ok else ""
        for lang in langs if ok else []:
            rendered, said = render_pdf(lang, config["sections"], date)
            ok, output = ok and rendered, output + said
    finally:
        os.close(lock)
    return ok, time.perf_counter() - start, findings(output)


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
        print(report(time.strftime("%H:%M:%S"), stale, seconds, ok, found), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.commands.watch", description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=1, help="snakemake --cores for each rebuild (default 1)")
    parser.add_argument("--repo", type=Path, default=Path("."), help="the repository (default: here)")
    args = parser.parse_args(argv)
    root = args.repo.resolve()
    os.chdir(root)  # every path of the workflow is relative to the repository
    langs = config_mod.load(paths.CONFIG)["languages"]
    try:
        watch_loop(root, langs, args.cores)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
