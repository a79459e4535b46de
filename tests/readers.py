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


def pdf_structure(path: Path) -> dict:
    """What a PDF's structure tree holds: the count of each role, every /Alt by role, and
    the roles of the elements marked with a language other than the document's, by language."""
    import collections

    import pikepdf

    roles, alts, langs = collections.Counter(), [], collections.defaultdict(collections.Counter)
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if "/S" in node:
                role = str(node.S)
                roles[role] += 1
                if "/Alt" in node:
                    alts.append((role, str(node.Alt)))
                if "/Lang" in node:
                    langs[str(node.Lang)][role] += 1
            kids = node.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
    return {"roles": roles, "alts": alts, "langs": dict(langs)}


XMP_PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc", "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.adobe.com/xap/1.0/": "xmp", "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
    "http://www.aiim.org/pdfua/ns/id/": "pdfuaid",
}


def pdf_xmp(path: Path) -> dict:
    """The XMP metadata as {"dc:title": …, "pdfaid:part": …}; lists and sets as pikepdf reads them."""
    import pikepdf

    found = {}
    with pikepdf.open(path) as pdf, pdf.open_metadata() as xmp:
        for key, value in xmp.items():
            uri, _, name = key[1:].partition("}")
            if uri in XMP_PREFIXES:
                found[f"{XMP_PREFIXES[uri]}:{name}"] = value
    return found
