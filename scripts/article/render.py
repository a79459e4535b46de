"""Render one edition to DOCX (pandoc), PDF (pandoc → typst → PDF) or JATS XML (pandoc).

Each reads the edition's JSON (build/<lang>/article.json: pandoc's one parse of the assembled
Markdown, with citeproc and the common filters; scripts/article/edition_ast.py) with its format's
defaults in templates/defaults, and the assembled Markdown's metadata. With --review they render the
double-blind review version (scripts/article/review.py: nobody named, line numbers, 1.5 spacing);
`title-page` renders the separate DOCX title page."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from scripts.article import (
    docx_layout,
    docx_properties,
    docx_template,
    jats,
    page_layout,
    review,
    soft_hyphens,
    sourcemap,
)
from scripts.checks.citations import pandocbib
from scripts.core import config as config_mod
from scripts.core import journal, pandoc, paths, yamlfile
from scripts.core.errors import WARNING, UserError, finding, run_cli
from scripts.core.files import write_atomic

TYPST_LOCATION = re.compile(r"┌─ (?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+)")
NOT_FOUND = re.compile(r"^file not found \(searched at (?P<path>.+)\)$")
# A typst package import ("@preview/name:1.0.0"): typst would download it.
PACKAGE = re.compile(r'"(@[\w-]+/[\w-]+(?::[\w.-]+)?)"')


def from_json(edition: str, fmt: str, epoch: int, *extra: str, doc: dict | None = None) -> bytes:
    """`fmt` (docx, typst, jats) of the JSON document at `edition`, or of `doc` standing in for
    it, with that format's defaults alone: citeproc and the common filters have run already."""
    args = [
        "-f",
        "json",
        "-d",
        paths.DEFAULTS.format(name=fmt),
        "-s",
        f"--resource-path={Path(edition).parent}",
        *extra,
    ]
    stdin = json.dumps(doc, ensure_ascii=False).encode("utf-8") if doc is not None else None
    return pandoc.run([*args, edition if stdin is None else "-", "-o", "-"], source=edition, epoch=epoch, stdin=stdin)


def front_matter_metadata(part: dict) -> list[str]:
    """The profile's `front_matter` as the metadata templates/frontmatter.lua reads (and takes out)."""
    return [
        f"--metadata=front-matter-{key.replace('_', '-')}:{str(value).lower() if isinstance(value, bool) else value}"
        for key, value in sorted((part.get("front_matter") or {}).items())
    ]


def title_page_docx(front_matter: str, text: str, epoch: int, part: dict) -> bytes:
    """The title page (`text`, a document of metadata alone) from Markdown: it has no parse to share."""
    args = [
        "-d",
        paths.DEFAULTS.format(name="common"),
        "-d",
        paths.DEFAULTS.format(name="docx"),
        *front_matter_metadata(part),
        f"--resource-path={Path(front_matter).parent}",
        "-",
        "-o",
        "-",
    ]
    return pandoc.run(args, source=front_matter, epoch=epoch, stdin=text.encode("utf-8"))


def docx(edition: str, epoch: int, part: dict, doc: dict | None = None, reference: str | None = None) -> bytes:
    extra = [*front_matter_metadata(part), *([f"--reference-doc={reference}"] if reference else [])]
    return from_json(edition, "docx", epoch, *extra, doc=doc)


def finish_docx(written: bytes, part: dict, head: str, meta: dict) -> bytes:
    """A DOCX pandoc wrote, finished: its layout (tables fitted to the text width, `head` as the
    running head: docx_layout), in the journal template's styles (docx_template), with its
    document properties (docx_properties)."""
    written = docx_template.mapped(docx_layout.finish(written, head), part)
    return docx_properties.with_properties(written, meta.get("properties") or {}, meta.get("lang"))


def jats_xml(edition: str, meta: dict, epoch: int) -> bytes:
    """JATS 1.3 XML: pandoc's JATS writer, completed by scripts/article/jats.py from the metadata
    and the BibTeX entry type of each reference."""
    bib = Path(str(meta.get("bibliography") or paths.BIBLIOGRAPHY))
    entry_types = {entry.key: entry.entry_type for entry in pandocbib.scan(bib.read_text(encoding="utf-8")).entries}
    return jats.complete(from_json(edition, "jats", epoch), meta, entry_types)


def jats_warning(meta: dict):
    """One warning while the XML lacks what validation needs; the same words in every edition,
    so the run's closing block lists it once."""
    fields = jats.missing(meta)
    if fields:
        return finding(
            paths.METADATA,
            "jats-incomplete",
            "the JATS XML (build/<lang>/article.xml) is written but will "
            f"not validate (JATS DTD, JATS4R, PMC) until these are filled: {', '.join(fields)}",
            severity=WARNING,
        )
    return None


# After the edition's one parse, the PDF alone needs these: the vector figures, and each image
# written as typst with its alternative text (paths.TYPST_FILTERS).
TYPST_FILTERS = [f"--lua-filter={path}" for path in paths.TYPST_FILTERS]


def typst_render_args(page: dict) -> list[str]:
    """What the PDF's render gives pandoc beside the typst defaults, after the edition's parse:
    its filters and the journal page's variables. The one place for them: `typst_source` and
    `one_pass` both take them from here."""
    return [*TYPST_FILTERS, *page_layout.pandoc_args(page)]


def typst_source(edition: str, epoch: int, page: dict, doc: dict | None = None) -> bytes:
    """The typst source of the edition (or of `doc` standing in for it) on the journal's `page` part."""
    return from_json(edition, "typst", epoch, *typst_render_args(page), doc=doc)


def pdf_document(doc: dict, meta: dict, page: dict) -> dict:
    """What the PDF's typst writer reads of the edition's parse `doc`: soft hyphens where typst
    has no patterns for the language (scripts/article/soft_hyphens.py), and the front matter the
    journal's page shows (scripts/article/page_layout.py)."""
    return page_layout.front_matter_doc(soft_hyphens.hyphenated(doc, str(meta.get("typst-lang") or "")), page)


def one_pass_defaults() -> dict:
    """pandoc defaults for the edition's parse and its typst source in one call: the parse's
    (common.yaml), then the typst render's, with templates/one-pass.lua handing the parse over
    after the parse's filters (`typst_render_args`, on the command line, run after these)."""
    common = yamlfile.load(paths.DEFAULTS.format(name="common"))
    typst_defaults = yamlfile.load(paths.DEFAULTS.format(name="typst"))
    filters = [*common.get("filters", []), paths.ONE_PASS_FILTER, *typst_defaults.get("filters", [])]
    return {**common, **typst_defaults, "filters": filters}


def one_pass(markdown: str, defaults_file: str, meta: dict, epoch: int, page: dict) -> tuple[bytes, bytes]:
    """The edition's parse (pandoc's JSON, as scripts/article/edition_ast.py writes it) and the
    PDF's typst source (as `typst_source` writes it from `pdf_document`), from one pandoc call on
    the assembled Markdown; `defaults_file` holds `one_pass_defaults()`."""
    args = [
        "-d",
        defaults_file,
        f"--resource-path={Path(markdown).parent}",
        *typst_render_args(page),
        markdown,
        "-o",
        "-",
    ]

    def answer(parsed: bytes) -> bytes:
        return json.dumps(pdf_document(json.loads(parsed), meta, page), ensure_ascii=False).encode("utf-8")

    return pandoc.run_exchanging(args, markdown, answer, epoch=epoch)


def check_packages(typ_path: str, sources: dict[str, list[str]]) -> None:
    """typst downloads `@preview/…` packages: the build needs no network, so they are refused."""
    found = [
        (
            lineno,
            m.start(1) + 1,
            f"imports the typst package {m[1]}, which typst would download; "
            "the build reads nothing outside the repository",
        )
        for lineno, line in enumerate(Path(typ_path).read_text(encoding="utf-8").splitlines(), start=1)
        for m in PACKAGE.finditer(line)
    ]
    if found:
        raise UserError(
            [at_source(typ_path, line, column, sources, "typst-package", text) for line, column, text in found]
        )


def explain(message: str) -> str:
    """typst's message, with what it means here when a path leaves or misses the repository."""
    if "escape the project root" in message:
        return f"{message}: the build reads nothing outside the repository"
    missing = NOT_FOUND.match(message)
    if missing:
        path = Path(missing["path"])
        root = Path.cwd().resolve()
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        return (
            f"file not found: {shown} (typst reads every path from the repository, "
            '"/…" from its top folder; nothing outside it can be read)'
        )
    return message


# The archival and accessibility standards every PDF claims; typst checks what it can of
# them while it writes (alt text on every image, a title, tagged structure) and stops if not met.
PDF_STANDARDS = ["a-2a", "ua-1"]


def kept_typst(typ_path: str) -> Path:
    """Where a typst source that failed to compile is kept: Snakemake deletes a failed job's outputs."""
    parts = Path(typ_path).parts
    return Path(paths.LOGS) / "-".join(parts[1:] if parts[0] == paths.BUILD else parts)


def at_source(typ_path: str, line: int | None, column: int | None, sources: dict[str, list[str]], rule: str, text: str):
    """A finding at the manuscript line the typst text at `line` came from, else at the kept source."""
    kept = kept_typst(typ_path)
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(typ_path, kept)
    if line is not None:
        typ_lines = Path(typ_path).read_text(encoding="utf-8").splitlines()
        place = sourcemap.locate(typ_lines[line - 1], column or 1, sources) if line <= len(typ_lines) else None
        if place:
            return finding(
                place.file, rule, f"{text} (typst source: {kept}:{line}:{column})", line=place.line, column=place.column
            )
    return finding(kept, rule, text, line=line, column=column)


def typst_compiler(fonts: list[str] | None = None):
    """A typst compiler with the repository as its root: nothing outside it can be read but the
    font folders `fonts` (scripts/article/page_layout.py: a body font typst does not carry). Kept
    across compiles (scripts/commands/watch.py), it keeps its cache: fonts, and what is unchanged."""
    import typst

    return typst.Compiler(root=".", font_paths=fonts or [], ignore_system_fonts=True)


def compile_typst(
    typ_path: str,
    epoch: int,
    sources: dict[str, list[str]] | None = None,
    compiler=None,
    fonts: list[str] | None = None,
) -> bytes:
    """Compile with `compiler`, or a new `typst_compiler(fonts)`.

    `sources` (section file → lines) lets an error name the manuscript line it comes from.
    """
    import typst

    sources = sources or {}
    kept_typst(typ_path).unlink(missing_ok=True)  # from an earlier failure
    check_packages(typ_path, sources)
    try:
        return (compiler or typst_compiler(fonts)).compile(input=typ_path, timestamp=epoch, pdf_standards=PDF_STANDARDS)
    except typst.TypstError as err:
        where = TYPST_LOCATION.search(getattr(err, "diagnostic", "") or "")
        line = int(where["line"]) if where else None
        column = int(where["col"]) if where else None
        raise UserError(
            at_source(typ_path, line, column, sources, "typst", f"typst cannot compile: {explain(err.message)}")
        ) from None


def write_pdf(
    typst: bytes,
    typ_path: str,
    out: str,
    epoch: int,
    section_files: list[str],
    compiler=None,
    fonts: list[str] | None = None,
) -> None:
    """Keep the typst source at `typ_path` and write its PDF to `out`, each atomically: a failed
    compile leaves the last good PDF. `section_files` let an error name its manuscript line;
    `compiler`: a typst compiler kept across compiles (scripts/commands/watch.py), else one with `fonts`."""
    write_atomic(typ_path, typst)
    sources = {path: Path(path).read_text(encoding="utf-8").splitlines() for path in section_files}
    write_atomic(out, compile_typst(typ_path, epoch, sources, compiler=compiler, fonts=fonts))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=["docx", "pdf", "jats", "title-page"])
    parser.add_argument(
        "--md", required=True, help="assembled Markdown of the edition (its metadata; the title page's source)"
    )
    parser.add_argument(
        "--json", help="the edition's JSON (scripts/article/edition_ast.py); every format but title-page"
    )
    parser.add_argument("--out", required=True)
    parser.add_argument("--typ", help="with pdf: where to keep the typst source")
    parser.add_argument("--review", action="store_true", help="the double-blind review version")
    parser.add_argument("--reference", help="with docx: the reference document, instead of the defaults' one")
    parser.add_argument("--journal", help="with docx and title-page: the journal profile's docx part")
    parser.add_argument("--page", help="with pdf: the journal profile's page part (build/journal/page.json)")
    parser.add_argument(
        "--sources", nargs="*", default=[], help="with pdf: the edition's section files, to trace typst errors"
    )
    config_mod.add_date_argument(parser)
    args = parser.parse_args(argv)
    if args.format != "title-page" and not args.json:
        parser.error(f"{args.format} needs --json")
    if args.format == "pdf" and not args.page:
        parser.error("pdf needs --page")
    epoch = config_mod.epoch(args.date)
    text = Path(args.md).read_text(encoding="utf-8")
    if args.format == "title-page":
        text = review.title_page_document(text, args.md)
    meta, _ = review.split(text, args.md)
    doc = None
    if args.review:
        for warning in review.review_warnings(text, args.md):
            print(warning, file=sys.stderr)
        meta = review.anonymized(meta)
        doc = review.anonymized_ast(json.loads(Path(args.json).read_text(encoding="utf-8")))
    if args.format == "jats":
        write_atomic(args.out, jats_xml(args.json, meta, epoch))
        warning = jats_warning(meta)
        if warning:
            print(warning, file=sys.stderr)
        return 0
    if args.format in ("docx", "title-page"):
        part = journal.read_part(args.journal) if args.journal else {}
        written = (
            title_page_docx(args.md, text, epoch, part)
            if args.format == "title-page"
            else docx(args.json, epoch, part, doc=doc, reference=args.reference)
        )
        write_atomic(args.out, finish_docx(written, part, str(meta.get("short-title") or ""), meta))
        return 0
    typ_path = args.typ or str(Path(args.out).with_suffix(".typ"))
    page = journal.read_part(args.page)
    doc = pdf_document(doc or json.loads(Path(args.json).read_text(encoding="utf-8")), meta, page)
    write_pdf(
        typst_source(args.json, epoch, page, doc=doc),
        typ_path,
        args.out,
        epoch,
        args.sources,
        fonts=page_layout.font_paths(page),
    )
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
