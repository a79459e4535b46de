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
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
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


# The marked version (`changes`): tracked changes in the DOCX, coloured text in the PDF.

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_xml(path: Path):
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def docx_changes(path: Path) -> list[tuple[str, str]]:
    """Every tracked change that holds runs, in order: ("ins" or "del", its text, or "[image]"
    for a picture). Paragraph and row marks are left out; so is the space a deletion and the
    insertion after it share (scripts/changes/diff_ast.py: "fairly␣" then "quite␣")."""
    found = []
    for element in docx_xml(path).iter(f"{W}ins", f"{W}del"):
        text = "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText"))
        pictures = len(list(element.iter(f"{W}drawing")))
        if text or pictures:
            found.append((element.tag[len(W) :], text.strip(" ") + "[image]" * pictures))
    return found


def _accepted(root):
    """The document body with every change accepted: deletions gone (runs, paragraphs whose
    mark is deleted, rows marked deleted), insertions kept as ordinary runs."""
    body = root.find(f"{W}body")
    for row in list(body.iter(f"{W}tr")):
        if row.find(f"{W}trPr/{W}del") is not None:
            row.getparent().remove(row)
    for paragraph in list(body.iter(f"{W}p")):
        if paragraph.find(f"{W}pPr/{W}rPr/{W}del") is not None:
            paragraph.getparent().remove(paragraph)
    for deleted in list(body.iter(f"{W}del")):
        deleted.getparent().remove(deleted)
    return body


def docx_accepted_paragraphs(path: Path) -> list[str]:
    """The text of each paragraph (tables included) after accepting every change."""
    body = _accepted(docx_xml(path))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]


def docx_body_paragraphs(path: Path) -> list[str]:
    """The text of each paragraph (tables included), as written."""
    body = docx_xml(path).find(f"{W}body")
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]


def pdf_coloured_runs(path: Path) -> list[tuple[tuple, str]]:
    """Runs of text in one fill colour other than black or grey, in reading order of each page."""
    import pdfplumber

    runs = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                colour = tuple(round(c, 3) for c in (char.get("non_stroking_color") or ()))
                if len(set(colour)) <= 1:  # black, grey or white
                    continue
                if runs and runs[-1][0] == colour and runs[-1][2] == page.page_number:
                    runs[-1] = (colour, runs[-1][1] + char["text"], page.page_number)
                else:
                    runs.append((colour, char["text"], page.page_number))
    return [(colour, text) for colour, text, _ in runs]


def pdf_margin_bars(path: Path, x_max: float) -> dict[int, int]:
    """How many vertical strokes stand left of `x_max` (points) on each page: the change bars."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return {
            page.page_number: sum(1 for line in page.lines if line["x1"] < x_max and line["height"] > 5)
            for page in pdf.pages
        }
