"""The floors the pipeline is compared with, and the usual alternative to typst.

- bare tools: the pandoc and typst commands that make every document the build writes (DOCX,
  PDF and JATS of each edition, the review DOCX and PDF, the title page) from the same assembled
  Markdown (build/<lang>/article.md of a finished build), with one parse per edition as the build
  does (pandoc with citeproc and the common filters to JSON, each format written from that JSON
  with its own defaults), the same PDF standards, one command after the other; beside them, not
  in the floor: typst without the standards (what claiming PDF/A-2a + PDF/UA-1 costs);
- Snakemake: the no-op run of a one-rule workflow in a folder of its own;
- xelatex: pandoc --pdf-engine=xelatex for the two PDFs, when xelatex is on PATH.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.workspace import snakemake, timed
from scripts.article import page_layout
from scripts.article.render import PDF_STANDARDS
from scripts.core import paths

# typst ships as a Python package with no command of its own: this is its bare command
# (argv[3]: the PDF standards, comma-separated, or nothing).
# argv[4]: the font folders the journal's page needs (page_layout.font_paths), comma-separated, or nothing.
TYPST_COMPILE = (
    "import sys, typst; "
    "typst.compile(sys.argv[1], output=sys.argv[2], root='.', ignore_system_fonts=True, "
    "pdf_standards=[s for s in sys.argv[3].split(',') if s], font_paths=[s for s in sys.argv[4].split(',') if s])"
)
ONE_RULE_SNAKEFILE = 'rule all:\n    output:\n        "out.txt"\n    shell:\n        "echo done > {output}"\n'


def pandoc_binary() -> str:
    """The pandoc of the pypandoc-binary wheel (what scripts/core/pandoc.py runs), else pandoc on PATH."""
    spec = importlib.util.find_spec("pypandoc")
    if spec and spec.origin:
        path = os.path.join(os.path.dirname(spec.origin), "files", "pandoc")
        if os.path.exists(path):
            return path
    return shutil.which("pandoc") or "pandoc"


# The defaults of an edition's one parse: its Markdown with citeproc and the common filters.
PARSE = ["-d", "templates/defaults/common.yaml"]


def format_defaults(fmt: str, repo: Path) -> list[str]:
    """What one format's writing adds to the parse's defaults."""
    # The PDF's render adds its own filters after the parse's: the generated figures' SVG, and
    # each image written as typst with its alt text (paths.TYPST_FILTERS).
    # (A tree from before typst-alt-text.lua has alt-text.lua write them, in the parse's filters.)
    # The PDF's template also reads the journal profile's page (a tree from before profiles has none).
    typst_filters = [f"--lua-filter={path}" for path in paths.TYPST_FILTERS if (repo / path).is_file()]
    page = journal_page(repo)
    page_args = page_layout.pandoc_args(page) if page else []
    return ["-d", f"templates/defaults/{fmt}.yaml"] + (typst_filters + page_args if fmt == "typst" else [])


def defaults(fmt: str, repo: Path) -> list[str]:
    """A format's defaults from the Markdown: the parse's, then the format's."""
    return PARSE + format_defaults(fmt, repo)


def writer(fmt: str, repo: Path) -> list[str]:
    """A format's defaults from the edition's JSON, which the parse's filters have run over."""
    return format_defaults(fmt, repo) + ["-f", "json"]


def journal_page(repo: Path) -> dict | None:
    """The page part the build wrote (build/journal/page.json), if the tree has journal profiles."""
    part = repo / paths.JOURNAL_PART.format(part="page")
    return json.loads(part.read_text(encoding="utf-8")) if part.is_file() else None


def typst_fonts(repo: Path) -> str:
    """TYPST_COMPILE's argv[4]: the font folders of the tree's journal page."""
    page = journal_page(repo)
    return ",".join(page_layout.font_paths(page)) if page else ""


@dataclass
class ToolsFloor:
    parse: float = 0.0  # pandoc → JSON with citeproc and the common filters: the one parse, every edition
    docx: float = 0.0  # JSON → DOCX, every edition
    typst_source: float = 0.0  # JSON → typst source, every edition
    typst_compile: float = 0.0  # typst source → PDF/A-2a + PDF/UA-1, every edition
    typst_plain: float = 0.0  # the same without pdf_standards (not in any floor)
    jats: float = 0.0  # JSON → JATS XML, every edition
    review: float = 0.0  # the review DOCX and PDF of every edition, from the same JSON
    title_page: float = 0.0  # pandoc → DOCX of every edition's front matter
    edition: dict[str, float] = field(default_factory=dict)  # what a text edit re-renders, per edition
    edition_pdf: dict[str, float] = field(default_factory=dict)  # pandoc → typst → PDF, per edition

    @property
    def total(self) -> float:
        """The four article files (PDF and DOCX of each edition), with the parses they are written from."""
        return self.parse + self.docx + self.typst_source + self.typst_compile

    @property
    def every_document(self) -> float:
        """Every document a full build writes: articles, JATS, review versions, title pages."""
        return self.total + self.jats + self.review + self.title_page


def hand_render(repo: Path, lang: str, stem: str) -> tuple[float, float]:
    """The edition's PDF re-rendered by hand from its assembled Markdown: pandoc with the build's
    defaults, filters and citeproc to typst, then typst to PDF (a fresh interpreter, as a command
    would be); the seconds of each, the files written as build/<lang>/<stem>.typ and .pdf."""
    folder = f"build/{lang}"
    typ, pdf = f"{folder}/{stem}.typ", f"{folder}/{stem}.pdf"
    source = seconds(repo, [pandoc_binary(), *defaults("typst", repo), f"{folder}/article.md", "-o", typ])
    return source, compile_typst(repo, typ, pdf, PDF_STANDARDS)


def seconds(repo: Path, command: list[str]) -> float:
    return timed(command, repo).seconds


def compile_typst(repo: Path, typ: str, pdf: str, standards: list[str]) -> float:
    """typst to PDF with `standards` and the journal page's fonts, in a fresh interpreter; its seconds."""
    return seconds(repo, [sys.executable, "-c", TYPST_COMPILE, typ, pdf, ",".join(standards), typst_fonts(repo)])


def tools_floor(repo: Path, langs: list[str]) -> ToolsFloor:
    """Make every document of the build with the bare commands, in a finished build's copy.

    Each edition's Markdown is parsed once, to JSON, and every format is written from it, as the
    build does. The review versions are timed as the same commands with the review reference
    document: the tools' work is the same."""
    pandoc = pandoc_binary()
    floor = ToolsFloor()
    for lang in langs:
        md, folder = f"build/{lang}/article.md", f"build/{lang}"
        parse_json = f"{folder}/article-floor.json"

        parse = seconds(repo, [pandoc, *PARSE, f"--resource-path={folder}", md, "-t", "json", "-o", parse_json])
        docx = seconds(
            repo,
            [pandoc, *writer("docx", repo), f"--resource-path={folder}", parse_json, "-o", f"{folder}/article.docx"],
        )
        source = seconds(repo, [pandoc, *writer("typst", repo), parse_json, "-o", f"{folder}/article-floor.typ"])
        compile_ = compile_typst(repo, f"{folder}/article-floor.typ", f"{folder}/article-floor.pdf", PDF_STANDARDS)
        floor.typst_plain += compile_typst(repo, f"{folder}/article-floor.typ", f"{folder}/article-plain.pdf", [])
        jats = seconds(
            repo,
            [
                pandoc,
                *writer("jats", repo),
                f"--resource-path={folder}",
                parse_json,
                "-o",
                f"{folder}/article-bare.xml",
            ],
        )
        review = (
            seconds(
                repo,
                [
                    pandoc,
                    *writer("docx", repo),
                    f"--resource-path={folder}",
                    "--reference-doc=build/reference-review.docx",
                    parse_json,
                    "-o",
                    f"{folder}/article-review.docx",
                ],
            )
            + seconds(repo, [pandoc, *writer("typst", repo), parse_json, "-o", f"{folder}/article-review-bare.typ"])
            + compile_typst(
                repo, f"{folder}/article-review-bare.typ", f"{folder}/article-review-bare.pdf", PDF_STANDARDS
            )
        )
        floor.title_page += seconds(
            repo, [pandoc, *defaults("docx", repo), f"build/{lang}/front-matter.md", "-o", f"{folder}/title-page.docx"]
        )
        floor.parse += parse
        floor.docx += docx
        floor.typst_source += source
        floor.typst_compile += compile_
        floor.jats += jats
        floor.review += review
        floor.edition[lang] = parse + docx + source + compile_ + jats + review
        floor.edition_pdf[lang] = sum(hand_render(repo, lang, "article-hand"))
    return floor


def snakemake_floor(folder: Path, cores: int) -> float:
    """Snakemake's own no-op: a one-rule workflow, built once, then run again with nothing to do."""
    folder.mkdir(parents=True)
    (folder / "Snakefile").write_text(ONE_RULE_SNAKEFILE, encoding="utf-8")
    snakemake(folder, cores)
    return snakemake(folder, cores).seconds


def xelatex_available() -> bool:
    return shutil.which("xelatex") is not None


def xelatex(repo: Path, langs: list[str]) -> float:
    """pandoc → LaTeX → PDF with xelatex for every edition, from the same assembled Markdown."""
    pandoc = pandoc_binary()
    total = 0.0
    for lang in langs:
        md = f"build/{lang}/article.md"
        total += timed(
            [
                pandoc,
                "-d",
                "templates/defaults/common.yaml",
                f"--resource-path=build/{lang}",
                "--pdf-engine=xelatex",
                md,
                "-o",
                f"build/{lang}/article-xelatex.pdf",
            ],
            repo,
        ).seconds
    return total
