"""Reading the built files back as a reader would: PDF text, DOCX paragraphs and tables."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import docx
import pypdf
import yaml


def pdf_text(path: Path) -> str:
    """The text of every page; no-break spaces read as spaces."""
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    return text.replace("\u00a0", " ")


def squash(text: str) -> str:
    """Text without whitespace, hyphens and quote styles, so line breaks, hyphenation and
    pandoc's typographic quotes do not matter."""
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(path).paragraphs]


def docx_tables(path: Path) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in docx.Document(path).tables]


def metadata(repo: Path) -> dict:
    return yaml.safe_load((repo / "manuscript" / "metadata.yaml").read_text(encoding="utf-8"))


def strings(repo: Path, lang: str) -> dict:
    return yaml.safe_load((repo / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))


def reference_names(repo: Path) -> dict[str, str]:
    """For each bibliography key, the word its reference-list entry starts with."""
    library = bibtexparser.parse_file(str(repo / "bib" / "references.bib"))
    names = {}
    for entry in library.entries:
        fields = {f.key: f.value for f in entry.fields}
        if "author" in fields:
            first = fields["author"].split(" and ")[0].strip("{}")
            names[entry.key] = first.split(",")[0].strip()
        else:
            names[entry.key] = fields["title"].strip("{}")
    return names
