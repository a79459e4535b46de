"""The author's edit loop: `python -m scripts.commands.watch` rebuilds an edition's PDF on every save.

It watches the manuscript, the raw data and the bibliography (watchfiles: the operating
system's file events, no polling), and after each save rebuilds the PDF of the editions the
saved file feeds: `manuscript/<lang>/…` its own edition, anything else (the metadata, a data
file, the .bib) every edition. One process stays warm: a saved section is checked (citation
and edition checks, as the build's jobs), assembled and rendered here, with one pandoc call for
the edition's parse and its typst source (render.one_pass) and a typst compiler kept across
saves (its cache holds what did not change); any other saved file first has Snakemake bring the
assembled editions up to date (the data jobs, the metadata check). The PDF, byte for byte the
build's, is moved into place only when every check passed and it compiled:
`build/<lang>/article.pdf`, the file the author's viewer has open, is never missing, and a
failed rebuild leaves the last good one. Each rebuild prints a line (the clock, the editions,
the time it took), then its findings, one per line, errors last. A rebuild holds the build lock
(scripts/core/buildlock.py): a `snakemake` run started meanwhile waits for it, and it for them.
Ctrl-C ends it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path, PurePosixPath

from scripts.article import assemble, page_layout, render, review
from scripts.checks import citation_check, edition_check
from scripts.core import buildlock, journal, paths, steps
from scripts.core import config as config_mod
from scripts.core.closing import FULL_LOG
from scripts.core.errors import ERROR, WARNING, UserError, parse_finding, run_cli
from scripts.core.files import write_atomic

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


def is_section(path: str, root: Path) -> bool:
    """True for a file of an edition's own folder (manuscript/<lang>/…), which feeds its assembly alone."""
    relative = Path(path).resolve().relative_to(root.resolve())
    return len(relative.parts) == 3 and relative.parts[0] == paths.MANUSCRIPT_ROOT


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


def check_citations_args(lang: str, sections: list[str], langs: list[str], final: bool) -> list[str]:
    """What the `check_citations` rule (rules/checks.smk) gives scripts/checks/citation_check.py."""
    strings = [arg for code in langs for arg in ("--strings", paths.STRINGS.format(lang=code))]
    return [
        "--bib",
        paths.BIBLIOGRAPHY,
        "--config",
        paths.CONFIG_PART.format(part="citations"),
        "--lang",
        lang,
        *strings,
        *(["--final"] if final else []),
        "--json",
        paths.CITATIONS_REPORT.format(lang=lang),
        *sections,
    ]


def check_editions_args(lang: str) -> list[str]:
    """What the `check_editions` rule gives scripts/checks/edition_check.py."""
    config = paths.CONFIG_PART.format(part="sections")
    typesetting = paths.JOURNAL_PART.format(part="typesetting")
    return [
        *("--config", config, "--lang", lang, "--typesetting", typesetting),
        *("--json", paths.EDITIONS_REPORT.format(lang=lang), "manuscript"),
    ]


def assemble_args(lang: str, date: str) -> list[str]:
    """What the `assemble` rule (rules/article.smk) gives scripts/article/assemble.py."""
    config = paths.CONFIG_PART.format(part="sections")
    out = paths.ARTICLE_MD.format(lang=lang)
    facts, front_matter, sections = (
        paths.JOURNAL_PART.format(part=part) for part in ("facts", "front_matter", "sections")
    )
    return [
        *("--lang", lang, "--facts", facts, "--config", config, "--front-matter", front_matter),
        *("--sections", sections, "--date", date, "--out", out),
    ]


def journal_page() -> dict:
    """The journal profile's page part, as the `pdf` rule reads it (written while Snakemake reads the workflow)."""
    return journal.read_part(paths.JOURNAL_PART.format(part="page"))


def without_report(args: list[str]) -> list[str]:
    """A check's arguments without `--json REPORT`: it checks and writes nothing."""
    at = args.index("--json")
    return args[:at] + args[at + 2 :]


def in_process(main, args: list[str], said: io.StringIO) -> bool:
    """Run a module's main() here, as its rule runs it; whether it succeeded. What it prints goes to `said`."""
    code, text = steps.said_by(main, args)
    said.write(text)
    return code == 0


class Session:
    """What stays warm between saves: the imported modules, and a typst compiler per edition,
    which keeps its cache (fonts, and the layout of what did not change)."""

    def __init__(self, langs: list[str]):
        self.compilers: dict[tuple, object] = {}
        self.defaults = tempfile.NamedTemporaryFile("w", suffix=".json", prefix="one-pass-", delete=False)
        json.dump(render.one_pass_defaults(), self.defaults)
        self.defaults.close()

    def compiler(self, lang: str, page: dict):
        """The edition's typst compiler for the page's fonts, kept across saves."""
        fonts = page_layout.font_paths(page)
        key = (lang, *fonts)
        if key not in self.compilers:  # a new compiler loads its fonts: only for a new edition or font
            self.compilers[key] = render.typst_compiler(fonts)
        return self.compilers[key]

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_exc) -> None:
        os.unlink(self.defaults.name)

    def warm(self, lang: str, config: dict) -> None:
        """Run the edition's steps once, writing nothing: the checks without their reports, the
        soft hyphens over the last parse, the last typst source compiled. The first save then finds
        every module's caches filled (the bibliography read, the patterns, the compiler's fonts)."""
        sections = [paths.section(lang, name) for name in config["sections"]]
        citations = check_citations_args(lang, sections, config["languages"], final=False)
        editions = check_editions_args(lang)
        said = io.StringIO()
        in_process(citation_check.main, without_report(citations), said)
        in_process(edition_check.main, without_report(editions), said)
        md, parse, typ = (
            template.format(lang=lang) for template in (paths.ARTICLE_MD, paths.EDITION_AST, paths.ARTICLE_TYP)
        )
        with contextlib.suppress(Exception):  # a build that never got this far: nothing to warm
            meta, _ = review.split(Path(md).read_text(encoding="utf-8"), md)
            page = journal_page()
            render.pdf_document(json.loads(Path(parse).read_text(encoding="utf-8")), meta, page)
            self.compiler(lang, page).compile(input=typ, pdf_standards=render.PDF_STANDARDS)

    def edition(self, lang: str, config: dict, date: str) -> tuple[bool, str]:
        """The edition's checks, assembly and PDF, as the build's jobs make them, in this process;
        success and what they printed. The PDF and the parse are written only when all succeeded."""
        said = io.StringIO()
        sections = [paths.section(lang, name) for name in config["sections"]]
        assembled = in_process(assemble.main, assemble_args(lang, date), said)
        page = journal_page()
        md = paths.ARTICLE_MD.format(lang=lang)
        epoch = config_mod.epoch(dt.date.fromisoformat(date))
        # pandoc reads the edition meanwhile (its checks' own reading runs beside it); the checks
        # run even when the assembly failed, so that a save reports every error at once.
        parse: dict = {}
        reading = threading.Thread(target=self._one_pass, args=(md, epoch, page, parse))
        if assembled:
            reading.start()
        final = config_mod.is_true(config.get("final"))
        checked = [
            in_process(citation_check.main, check_citations_args(lang, sections, config["languages"], final), said),
            in_process(edition_check.main, check_editions_args(lang), said),
        ]
        if assembled:
            reading.join()
        # As Snakemake deletes a failed check's report: the next build must run it again.
        for ok, report_path in zip(checked, (paths.CITATIONS_REPORT, paths.EDITIONS_REPORT), strict=True):
            if not ok:
                Path(report_path.format(lang=lang)).unlink(missing_ok=True)
        if "error" in parse:
            print(parse["error"], file=said)
        if not (assembled and all(checked)) or "error" in parse:
            return False, said.getvalue()
        write_atomic(paths.EDITION_AST.format(lang=lang), parse["json"])
        typ, pdf = paths.ARTICLE_TYP.format(lang=lang), paths.ARTICLE_PDF.format(lang=lang)
        try:
            render.write_pdf(parse["typst"], typ, pdf, epoch, sections, compiler=self.compiler(lang, page))
        except UserError as err:
            print(err, file=said)
            return False, said.getvalue()
        return True, said.getvalue()

    def _one_pass(self, md: str, epoch: int, page: dict, into: dict) -> None:
        try:
            meta, _ = review.split(Path(md).read_text(encoding="utf-8"), md)
            into["json"], into["typst"] = render.one_pass(md, self.defaults.name, meta, epoch, page)
        except UserError as err:
            into["error"] = err


def prepare(root: Path, targets: list[str], cores: int, lock: int) -> tuple[bool, str]:
    """Bring `targets` up to date with Snakemake, under the build lock `lock`; success and its output."""
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
    return proc.returncode == 0, proc.stdout


def rebuild(
    root: Path, session: Session, langs: list[str], upstream: bool, cores: int
) -> tuple[bool, float, list[str]]:
    """Rebuild the editions' PDFs; success, seconds, findings.

    `upstream`: a saved file feeds the assembly (the data, the metadata, the bibliography), so
    Snakemake first brings every edition's assembled Markdown up to date, with the jobs before
    it; a saved section needs none of them. Run from `root`, holding the build lock.
    """
    start = time.perf_counter()
    lock = buildlock.acquire(paths.BUILD_LOCK)
    try:
        ok, output = True, ""
        if upstream:
            ok, output = prepare(root, [paths.ARTICLE_MD.format(lang=lang) for lang in langs], cores, lock)
        if ok:
            config = config_mod.load(paths.CONFIG)
            date = config_mod.build_date(config).isoformat()
            for lang in langs:
                rendered, said = session.edition(lang, config, date)
                ok, output = ok and rendered, output + said
    finally:
        os.close(lock)
    return ok, time.perf_counter() - start, findings(output)


def watch_loop(root: Path, langs: list[str], cores: int) -> None:
    from watchfiles import watch  # imported here: only the loop needs it

    with Session(langs) as session:
        lock = buildlock.acquire(paths.BUILD_LOCK)
        try:  # every edition's assembly up to date once, and each compiler warm, before the first save
            ok, output = prepare(root, [paths.ARTICLE_MD.format(lang=lang) for lang in langs], cores, lock)
            config = config_mod.load(paths.CONFIG)
            for lang in langs if ok else []:
                session.warm(lang, config)
        finally:
            os.close(lock)
        if not ok:
            print("\n".join(["the build has errors; save a fix to rebuild", *findings(output)]), flush=True)
        folders = [str(root / folder) for folder in WATCHED_DIRS if (root / folder).is_dir()]
        ready = False
        # yield_on_timeout: the first (empty) yield says the watcher is live, and only then is
        # "watching" printed, so a save right after it is never missed. step: how long a save's
        # events are gathered after the last (an editor's write and rename come within a few ms).
        for changes in watch(
            *folders,
            watch_filter=lambda _change, path: is_source(path, root),
            rust_timeout=200,
            yield_on_timeout=True,
            step=20,
        ):
            if not ready:
                print(
                    f"watching {', '.join(WATCHED_DIRS)}; save a file to rebuild its edition's PDF (Ctrl-C stops)",
                    flush=True,
                )
                ready = True
            saved = sorted({path for _change, path in changes})
            stale = editions_for(saved, root, langs)
            if not stale:
                continue
            ok, seconds, found = rebuild(
                root, session, stale, upstream=not all(is_section(p, root) for p in saved), cores=cores
            )
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
