"""Complete the tracked changes pandoc writes into a DOCX, so that Word and LibreOffice accept
or reject whole paragraphs and table rows, not only their words.

pandoc turns `insertion`/`deletion` spans into `w:ins`/`w:del` runs but leaves the paragraph
mark of a wholly deleted paragraph in place (accepting all would leave an empty paragraph),
and gives an insertion and a deletion the same `w:id`. Here:
- a paragraph (outside tables) whose every run is deleted gets a deleted paragraph mark
  (`w:pPr/w:rPr/w:del`), one whose every run is inserted an inserted one;
- a table row whose every cell is wholly deleted or inserted is marked so (`w:trPr/w:del|ins`);
- every change gets an id of its own.
The archive is written back with its members in the same order, dates and compression.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"
CHANGES = (f"{{{W}}}ins", f"{{{W}}}del")


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def run_changes(paragraph) -> set:
    """How the paragraph's runs are marked: a set of "ins", "del" and None (unmarked)."""
    found = set()
    for run in paragraph.iter(q("r")):
        parent = run.getparent()
        found.add(etree.QName(parent).localname if parent.tag in CHANGES else None)
    return found


def whole_change(paragraphs) -> etree._Element | None:
    """The first change element when every run of the paragraphs is one kind of change, else None."""
    kinds = set().union(*(run_changes(p) for p in paragraphs)) if paragraphs else set()
    if len(kinds) != 1 or None in kinds:
        return None
    kind = kinds.pop()
    return next(element for p in paragraphs for element in p.iter(q(kind)))


def mark_like(change, parent) -> None:
    """A copy of `change`'s kind, author and date, without content, at the end of `parent`
    (where the schema wants a paragraph mark's or a row's change)."""
    parent.append(etree.Element(change.tag, dict(change.attrib)))


def child(parent, name: str, index: int = 0):
    found = parent.find(q(name))
    if found is None:
        found = etree.Element(q(name))
        parent.insert(index, found)
    return found


def mark_paragraph_marks(body) -> None:
    for paragraph in body.iter(q("p")):
        if any(ancestor.tag == q("tc") for ancestor in paragraph.iterancestors()):
            continue
        change = whole_change([paragraph])
        if change is not None:
            properties = child(paragraph, "pPr")
            marks = properties.find(q("rPr"))
            if marks is None:
                marks = etree.SubElement(properties, q("rPr"))
            mark_like(change, marks)


def mark_rows(body) -> None:
    for row in body.iter(q("tr")):
        change = whole_change(list(row.iter(q("p"))))
        if change is not None:
            exceptions = row.find(q("tblPrEx"))
            properties = child(row, "trPr", 0 if exceptions is None else 1)
            mark_like(change, properties)


def renumber(body) -> None:
    for number, element in enumerate(body.iter(*CHANGES), start=1):
        element.set(q("id"), str(number))


def complete_document(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    body = root.find(q("body"))
    mark_paragraph_marks(body)
    mark_rows(body)
    renumber(body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def complete(docx: bytes) -> bytes:
    """The DOCX with its tracked changes completed; every other member unchanged."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, complete_document(data) if info.filename == DOCUMENT else data)
    return out.getvalue()
