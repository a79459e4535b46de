"""Make the DOCX reference document: pandoc's default styles, reshaped into the journal's.

A script rather than a hand-edited binary, so every style is reviewable in a diff.
With --review it makes the reference document of the double-blind review version: the same
styles with 1.5 line spacing and line numbers in the margin (pandoc copies the reference
document's section properties, w:lnNumType among them, into every DOCX it writes).
"""

from __future__ import annotations

import argparse
import io
import sys

from scripts import pandoc
from scripts.errors import run_cli
from scripts.files import normalized_zip, write_atomic, zip_members

BODY_FONT = "Times New Roman"
# style name → (size in pt, bold, italic, alignment, space before pt, space after pt)
STYLES = {
    "Normal": (12, False, False, "justify", 0, 6),
    "Body Text": (12, False, False, "justify", 0, 6),
    "First Paragraph": (12, False, False, "justify", 0, 6),
    "Title": (16, True, False, "center", 0, 6),
    "Subtitle": (13, False, True, "center", 0, 12),
    "Author": (12, False, False, "center", 6, 2),
    "Affiliation": (10, False, False, "center", 0, 2),
    "Date": (10, False, False, "center", 0, 6),
    "Abstract Title": (11, True, False, "center", 12, 4),
    "Abstract": (10, False, False, "justify", 0, 4),
    "Keywords": (10, False, False, "left", 0, 6),
    "Heading 1": (12, True, False, "left", 18, 6),
    "Heading 2": (12, True, False, "left", 12, 6),
    "Heading 3": (12, False, True, "left", 12, 4),
    "Table Caption": (10, True, False, "left", 12, 4),
    "Image Caption": (10, True, False, "center", 4, 12),
    "Bibliography": (11, False, False, "left", 0, 6),
}
# Paragraph styles pandoc's default reference document does not have.
NEW_STYLES = ("Affiliation", "Keywords")
# Review version: every style inherits Normal's spacing unless it sets its own line spacing.
REVIEW_LINE_SPACING = 1.5
# Children of w:sectPr that follow w:lnNumType in the schema's order.
AFTER_LNNUMTYPE = ("w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                   "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def number_lines(section) -> None:
    """Line numbers in the margin of every page of `section`, counted through the document."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:lnNumType")):
        sect_pr.remove(old)
    numbering = OxmlElement("w:lnNumType")
    numbering.set(qn("w:countBy"), "1")
    numbering.set(qn("w:restart"), "continuous")
    sect_pr.insert_element_before(numbering, *AFTER_LNNUMTYPE)


def reshape(template: bytes, review: bool = False) -> bytes:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document(io.BytesIO(template))
    for name in NEW_STYLES:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
    for name, (size, bold, italic, align, before, after) in STYLES.items():
        style = document.styles[name]
        style.font.name = BODY_FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
    # APA reference lists hang by half an inch.
    bibliography = document.styles["Bibliography"].paragraph_format
    bibliography.left_indent = Cm(1.27)
    bibliography.first_line_indent = Cm(-1.27)
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
        if review:
            number_lines(section)
    if review:
        document.styles["Normal"].paragraph_format.line_spacing = REVIEW_LINE_SPACING
    props = document.core_properties
    props.author = props.last_modified_by = props.title = ""
    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx stamps zip members with the clock; rewrite them with fixed dates.
    return normalized_zip(zip_members(buffer.getvalue()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--review", action="store_true", help="1.5 line spacing and line numbers")
    args = parser.parse_args(argv)
    default = pandoc.run(["--print-default-data-file", "reference.docx"], source="pandoc")
    write_atomic(args.out, reshape(default, review=args.review))
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
