"""Render one assembled edition to DOCX (pandoc), PDF (pandoc → typst → PDF) or JATS XML (pandoc).

Both read the same assembled Markdown and the layered pandoc defaults in templates/defaults.
With --review they render the double-blind review version (scripts/review.py: nobody named,
line numbers, 1.5 spacing); `title-page` renders the separate DOCX title page.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from scripts import config as config_mod
from scripts import docx_layout, docx_properties, jats, pandoc, paths, review, sourcemap
from scripts.errors import UserError, finding, run_cli
from scripts.files import write_atomic

TYPST_LOCATION = re.compile(r"┌─ (?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+)")
NOT_FOUND = re.compile(r"^file not found \(searched at (?P<path>.+)\)$")
# A typst package import ("@preview/name:1.0.0"): typst would download it.
PACKAGE = re.compile(r'"(@[\w-]+/[\w-]+(?::[\w.-]+)?)"')


def defaults(fmt: str) -> list[str]:
    return ["-d", paths.DEFAULTS.format(name="common"), "-d", paths.DEFAULTS.format(name=fmt)]


def docx(markdown: str, epoch: int, text: str | None = None, reference: str | None = None) -> bytes:
    """DOCX of `markdown`, or of `text` standing in for it (read from the same folder)."""
    folder = str(Path(markdown).parent)
    args = [*defaults("docx"), f"--resource-path={folder}"] + ([f"--reference-doc={reference}"] if reference else [])
    stdin = text.encode("utf-8") if text is not None else None
    return pandoc.run([*args, markdown if stdin is None else "-", "-o", "-"], source=markdown, epoch=epoch, stdin=stdin)


def jats_xml(markdown: str, epoch: int) -> bytes:
    """JATS 1.3 XML of `markdown`: pandoc's JATS writer, completed by scripts/jats.py."""
    folder = str(Path(markdown).parent)
    written = pandoc.run([*defaults("jats"), f"--resource-path={folder}", markdown, "-o", "-"], source=markdown, epoch=epoch)
    meta, _ = review.split(Path(markdown).read_text(encoding="utf-8"), markdown)
    return jats.complete(written, meta)


def typst_source(markdown: str, epoch: int, text: str | None = None) -> bytes:
    stdin = text.encode("utf-8") if text is not None else None
    return pandoc.run([*defaults("typst"), markdown if stdin is None else "-"], source=markdown, epoch=epoch, stdin=stdin)


def check_packages(typ_path: str, sources: dict[str, list[str]]) -> None:
    """typst downloads `@preview/…` packages: the build needs no network, so they are refused."""
    found = [
        (lineno, m.start(1) + 1, f"imports the typst package {m[1]}, which typst would download; "
         "the build reads nothing outside the repository")
        for lineno, line in enumerate(Path(typ_path).read_text(encoding="utf-8").splitlines(), start=1)
        for m in PACKAGE.finditer(line)
    ]
    if found:
        raise UserError([at_source(typ_path, line, column, sources, "typst-package", text) for line, column, text in found])


def explain(message: str) -> str:
    """typst's message, with what it means here when a path leaves or misses the repository."""
    if "escape the project root" in message:
        return f"{message}: the build reads nothing outside the repository"
    missing = NOT_FOUND.match(message)
    if missing:
        path = Path(missing["path"])
        root = Path.cwd().resolve()
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        return (f"file not found: {shown} (typst reads every path from the repository, "
                "\"/…\" from its top folder; nothing outside it can be read)")
    return message


# The archival and accessibility standards every PDF claims; typst checks what it can of
# them while it writes (alt text on every image, a title, tagged structure) and stops if not met.
PDF_STANDARDS = ["a-2a", "ua-1"]


def kept_typst(typ_path: str) -> Path:
    """Where a typst source that failed to compile is kept: Snakemake deletes a failed job's outputs."""
    parts = Path(typ_path).parts
    return Path(paths.LOGS) / "-".join(parts[1:] if parts[0] == paths.BUILD else parts)


def at_source(typ_path: str, line: int | None, column: int | None, sources: dict[str, list[str]],
              rule: str, text: str):
    """A finding at the manuscript line the typst text at `line` came from, else at the kept source."""
    kept = kept_typst(typ_path)
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(typ_path, kept)
    if line is not None:
        typ_lines = Path(typ_path).read_text(encoding="utf-8").splitlines()
        place = sourcemap.locate(typ_lines[line - 1], column or 1, sources) if line <= len(typ_lines) else None
        if place:
            return finding(place.file, rule, f"{text} (typst source: {kept}:{line}:{column})",
                           line=place.line, column=place.column)
    return finding(kept, rule, text, line=line, column=column)


def compile_typst(typ_path: str, epoch: int, sources: dict[str, list[str]] | None = None) -> bytes:
    """Compile with the repository as typst's root: nothing outside it can be read.

    `sources` (section file → lines) lets an error name the manuscript line it comes from.
    """
    import typst

    sources = sources or {}
    kept_typst(typ_path).unlink(missing_ok=True)  # from an earlier failure
    check_packages(typ_path, sources)
    try:
        return typst.compile(typ_path, root=".", ignore_system_fonts=True, timestamp=epoch, pdf_standards=PDF_STANDARDS)
    except typst.TypstError as err:
        where = TYPST_LOCATION.search(getattr(err, "diagnostic", "") or "")
        line = int(where["line"]) if where else None
        column = int(where["col"]) if where else None
        raise UserError(at_source(typ_path, line, column, sources, "typst",
                                  f"typst cannot compile: {explain(err.message)}")) from None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=["docx", "pdf", "jats", "title-page"])
    parser.add_argument("--md", required=True, help="assembled Markdown of the edition")
    parser.add_argument("--out", required=True)
    parser.add_argument("--typ", help="with pdf: where to keep the typst source")
    parser.add_argument("--review", action="store_true", help="the double-blind review version")
    parser.add_argument("--reference", help="with docx: the reference document, instead of the defaults' one")
    parser.add_argument("--sources", nargs="*", default=[], help="with pdf: the edition's section files, to trace typst errors")
    args = parser.parse_args(argv)
    epoch = config_mod.epoch(config_mod.build_date(config_mod.load()))
    text = None
    if args.review:
        text, warnings = review.review_document(Path(args.md).read_text(encoding="utf-8"), args.md)
        for warning in warnings:
            print(warning, file=sys.stderr)
    if args.format == "title-page":
        text = review.title_page_document(Path(args.md).read_text(encoding="utf-8"), args.md)
    if args.format == "jats":
        write_atomic(args.out, jats_xml(args.md, epoch))
        return 0
    if args.format in ("docx", "title-page"):
        meta, _ = review.split(text if text is not None else Path(args.md).read_text(encoding="utf-8"), args.md)
        # Tables fitted to the text width, the short title as running head (docx_layout).
        written = docx_layout.finish(docx(args.md, epoch, text=text, reference=args.reference), str(meta.get("short-title") or ""))
        write_atomic(args.out, docx_properties.with_properties(written, meta.get("properties") or {}, meta.get("lang")))
        return 0
    typ_path = args.typ or str(Path(args.out).with_suffix(".typ"))
    write_atomic(typ_path, typst_source(args.md, epoch, text=text))
    sources = {path: Path(path).read_text(encoding="utf-8").splitlines() for path in args.sources}
    write_atomic(args.out, compile_typst(typ_path, epoch, sources))
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
