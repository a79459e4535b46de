"""Make the DOCX reference document: pandoc's default styles, reshaped into the journal's.

A script rather than a hand-edited binary, so every style is reviewable in a diff. The journal
profile's `docx` part (build/journal/docx.json) gives the body font, size and line spacing, the
columns (one, a manuscript to edit, unless the profile says two), the paper and the level-1
heading case (the PDF page's); or the journal's own Word template, which then stands in for the
built document (scripts/article/docx_template.py).
With --review-out it also makes the reference document of the double-blind review version, in
the same process from the same pandoc default: the same styles with 1.5 line spacing and line
numbers in the margin (pandoc copies the reference document's section properties,
w:lnNumType among them, into every DOCX it writes).
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass

from scripts.article import docx_template
from scripts.core import journal, pandoc
from scripts.core.errors import run_cli
from scripts.core.files import normalized_zip, write_atomic, zip_members

# The sizes below are for a 12 pt body; another body size scales them all.
BODY_SIZE = 12
# style name → (size in pt, bold, italic, alignment, space before pt, space after pt). Graded as in
# the PDF (templates/article.typ): heading 1 larger than the body (in capitals, small capitals or as
# written: the page's heading case), heading 2 bold at the body size, heading 3 italic; captions
# small and upright, centred, as typst sets them.
STYLES = {
    "Normal": (BODY_SIZE, False, False, "justify", 0, 6),
    "Body Text": (BODY_SIZE, False, False, "justify", 0, 6),
    "First Paragraph": (BODY_SIZE, False, False, "justify", 0, 6),
    "Title": (16, True, False, "center", 0, 6),
    "Subtitle": (13, False, True, "center", 0, 12),
    "Author": (12, False, False, "center", 6, 2),
    "Affiliation": (10, False, False, "center", 0, 2),
    "Date": (10, False, False, "center", 0, 6),
    "Abstract Title": (11, True, False, "center", 12, 4),
    "Abstract": (10, False, False, "justify", 0, 4),
    "Keywords": (10, False, False, "left", 0, 6),
    "Heading 1": (13, True, False, "left", 18, 6),
    "Heading 2": (BODY_SIZE, True, False, "left", 12, 6),
    "Heading 3": (BODY_SIZE, False, True, "left", 12, 4),
    "Table Caption": (10, False, False, "center", 12, 4),
    "Figure": (BODY_SIZE, False, False, "center", 12, 2),  # the paragraph holding a figure's drawing
    "Image Caption": (10, False, False, "center", 2, 12),
    "Bibliography": (11, False, False, "left", 0, 6),
    "Compact": (9, False, False, "left", 1, 1),  # table cells: the PDF's table size
    "Header": (9, False, True, "right", 0, 0),
    "Footer": (10, False, False, "center", 0, 0),
}
# The level-1 headings' case (the profile page's heading_case) as a font attribute of python-docx.
HEADING_CASE = {"upper": "all_caps", "small-caps": "small_caps", "as-written": None}
# A paragraph's first line indented as in the PDF (1.2 em), except the first after a heading,
# table or figure (typst's first-line-indent without `all`).
# Table cells (Compact) are based on Body Text but never indented.
FIRST_LINE_INDENT = {"Body Text": 1.2, "First Paragraph": 0, "Compact": 0}  # in em
# Paper sizes (the profile page's paper) in centimetres.
PAPER = {"a4": (21, 29.7), "us-letter": (21.59, 27.94), "a5": (14.8, 21), "b5": (17.6, 25)}
MARGIN_CM = 2.5
# The gap between two DOCX columns, in twips (0.5 in, Word's own).
COLUMN_GAP = 720
# Lines never hyphenated, as in the PDF: its title, and table cells (typst hyphenates only
# justified text); headings too, which a journal does not break.
UNHYPHENATED = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Compact")
# Single-spaced in both versions: table cells, the running head, and a figure's drawing (a taller
# line spacing would set the drawing on a line taller than itself).
SINGLE_SPACED = ("Compact", "Header", "Footer", "Figure")
# Styles that must not hold the next paragraph on their page: page 1 fills with the abstract.
BREAKABLE = ("Abstract", "Abstract Title")
# Theme font attributes of w:rFonts: they override the named font, so none may stay.
THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
# Paragraph styles pandoc's default reference document does not have.
NEW_STYLES = ("Affiliation", "Keywords", "Header", "Footer")
# The character style of the line numbers (Word's "Line Number"): the body's face and size.
LINE_NUMBER_STYLE = "Line Number"
# Review version: every style inherits Normal's spacing unless it sets its own line spacing (at
# least 1.5, the profile's own where it is wider).
REVIEW_LINE_SPACING = 1.5
# Header and footer distance from the page edge, in twips (0.5 in).
HEADER_DISTANCE = 720
# Review version: body styles spaced a full line apart (at least the line spacing).
REVIEW_SPACED = ("Normal", "Body Text", "First Paragraph", "Abstract", "Bibliography")
# Review version: line numbers count the body text, not the title block, captions, figures or table cells.
UNNUMBERED = (
    "Title",
    "Subtitle",
    "Author",
    "Affiliation",
    "Date",
    "Table Caption",
    "Image Caption",
    "Compact",
    "Header",
    "Footer",
    "Figure",
    "Captioned Figure",
)
# Children of w:pPr that follow w:suppressLineNumbers in the schema's order.
AFTER_SUPPRESS = (
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
# Children of w:sectPr that follow w:lnNumType in the schema's order.
AFTER_LNNUMTYPE = (
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


@dataclass(frozen=True)
class Look:
    """What the profile's `docx` part sets of the built reference document."""

    font: str = "Times New Roman"
    font_size: float = BODY_SIZE
    line_spacing: float = 1
    columns: int = 1
    heading_case: str = "upper"
    paper: str = "a4"

    @classmethod
    def of(cls, part: dict) -> Look:
        """The look the part gives: its `docx` keys, the page's heading case and paper."""
        given = {key: value for key, value in (part.get("docx") or {}).items() if key in cls.__dataclass_fields__}
        page = {key: part[key] for key in ("heading_case", "paper") if part.get(key)}
        return cls(**given, **page)

    def pt(self, size: float) -> float:
        """`size` (for a 12 pt body) scaled to this body size, to the half point Word keeps."""
        return round(size * self.font_size / BODY_SIZE * 2) / 2


def columns(section, count: int) -> None:
    """`count` columns of equal width in `section` (none written for one: Word's default)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if count == 1:
        return
    cols = OxmlElement("w:cols")
    cols.set(qn("w:num"), str(count))
    cols.set(qn("w:space"), str(COLUMN_GAP))
    section._sectPr.insert_element_before(cols, *AFTER_LNNUMTYPE[2:])


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


def serif_everywhere(styles_element, font: str) -> None:
    """Every run font of the styles part (defaults included) in the body face, no theme fonts."""
    from docx.oxml.ns import qn

    for fonts in styles_element.iter(qn("w:rFonts")):
        if not any(fonts.get(qn(f"w:{attr}")) for attr in THEME_FONTS):
            continue  # a named face of its own (code): left alone
        for attr in THEME_FONTS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{attr}"), font)


def page_number_footer(section) -> None:
    """The page number, centred, in the footer; an empty running head (docx_layout fills it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].style = "Header"
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.style = "Footer"
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def no_hyphenation(style) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = style.element.get_or_add_pPr()
    if p_pr.find(qn("w:suppressAutoHyphens")) is None:
        p_pr.insert_element_before(OxmlElement("w:suppressAutoHyphens"), *AFTER_SUPPRESS[4:])


def no_letter_spacing(styles_element) -> None:
    """No style's characters spaced out (pandoc's Subtitle has w:spacing 15, inherited by its text)."""
    from docx.oxml.ns import qn

    for r_pr in styles_element.iter(qn("w:rPr")):
        for spacing in r_pr.findall(qn("w:spacing")):
            r_pr.remove(spacing)


def suppress_line_numbers(style) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = style.element.get_or_add_pPr()
    if p_pr.find(qn("w:suppressLineNumbers")) is None:
        p_pr.insert_element_before(OxmlElement("w:suppressLineNumbers"), *AFTER_SUPPRESS)


def reshape(template: bytes, look: Look = Look(), review: bool = False) -> bytes:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor, Twips

    document = docx.Document(io.BytesIO(template))
    for name in NEW_STYLES:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
    for name, (size, bold, italic, align, before, after) in STYLES.items():
        style = document.styles[name]
        style.font.name = look.font
        style.font.size = Pt(look.pt(size))
        style.font.bold = bold
        style.font.italic = italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
    if HEADING_CASE[look.heading_case]:
        setattr(document.styles["Heading 1"].font, HEADING_CASE[look.heading_case], True)
    for name, indent in FIRST_LINE_INDENT.items():
        document.styles[name].paragraph_format.first_line_indent = Pt(indent * look.font_size)
    for name in UNHYPHENATED:
        no_hyphenation(document.styles[name])
    no_letter_spacing(document.styles.element)
    line_numbers = document.styles.add_style(LINE_NUMBER_STYLE, WD_STYLE_TYPE.CHARACTER)
    line_numbers.font.name, line_numbers.font.size = look.font, Pt(look.font_size)
    # Word's built-in style (its name in lower case, as Word's own), which its line numbers take.
    line_numbers.element.customStyle = None
    line_numbers.element.name_val = LINE_NUMBER_STYLE.lower()
    for name in BREAKABLE:
        document.styles[name].paragraph_format.keep_with_next = None
        document.styles[name].paragraph_format.keep_together = None
    serif_everywhere(document.styles.element, look.font)
    # No widow or orphan line and no heading left at a page foot, as in the PDF: widow control on
    # Normal, which every paragraph style inherits, and each heading kept with what follows.
    document.styles["Normal"].paragraph_format.widow_control = True
    for level in (1, 2, 3):
        document.styles[f"Heading {level}"].paragraph_format.keep_with_next = True
    # APA reference lists hang by half an inch.
    bibliography = document.styles["Bibliography"].paragraph_format
    bibliography.left_indent = Cm(1.27)
    bibliography.first_line_indent = Cm(-1.27)
    width, height = PAPER[look.paper]
    for section in document.sections:
        section.page_width, section.page_height = Cm(width), Cm(height)
        section.left_margin = section.right_margin = Cm(MARGIN_CM)
        section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
        # w:pgMar's header, footer and gutter are required by the schema (ISO/IEC 29500): Word's
        # and LibreOffice's defaults when they are absent, written out.
        section.header_distance = section.footer_distance = Twips(HEADER_DISTANCE)
        section.gutter = Twips(0)
        page_number_footer(section)
        if review:
            number_lines(section)
        columns(section, look.columns)
    if review:
        spacing = max(REVIEW_LINE_SPACING, look.line_spacing)
        document.styles["Normal"].paragraph_format.line_spacing = spacing
        # Double spacing that reads as such: paragraphs at least a line apart.
        for name in REVIEW_SPACED:
            size = max(look.pt(STYLES[name][0]), look.font_size)  # the text of the review at least the body size
            document.styles[name].paragraph_format.space_after = Pt(spacing * size)
        for name in UNNUMBERED:
            suppress_line_numbers(document.styles[name])
        # Numbered text at the body size, the line numbers' (a smaller abstract would stand beside
        # larger numbers, and LibreOffice numbers its first line in the paragraph's size).
        for name, (size, *_) in STYLES.items():
            if name not in UNNUMBERED and look.pt(size) < look.font_size:
                document.styles[name].font.size = Pt(look.font_size)
    elif look.line_spacing != 1:  # single spacing is Word's default: nothing to write
        document.styles["Normal"].paragraph_format.line_spacing = look.line_spacing
    for name in SINGLE_SPACED:
        document.styles[name].paragraph_format.line_spacing = 1.0
    props = document.core_properties
    props.author = props.last_modified_by = props.title = ""
    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx stamps zip members with the clock; rewrite them with fixed dates.
    return normalized_zip(zip_members(buffer.getvalue()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journal", required=True, help="the journal profile's docx part (build/journal/docx.json)")
    parser.add_argument("--where", help="the journal profile's where part (build/journal/where.json), for findings")
    parser.add_argument("--out", required=True, help="the edition's reference document")
    parser.add_argument("--review-out", help="the review version's: 1.5 line spacing and line numbers")
    args = parser.parse_args(argv)
    part = journal.read_part(args.journal)
    if (part.get("docx") or {}).get("template"):
        # The journal's own Word template: checked whole before anything is written.
        edition, warnings = docx_template.reference(part, journal.read_part(args.where) if args.where else None)
        for warning in warnings:
            print(warning, file=sys.stderr)
        review = docx_template.review_reference(edition, REVIEW_LINE_SPACING, number_lines) if args.review_out else None
    else:
        default = pandoc.run(["--print-default-data-file", "reference.docx"], source="pandoc")
        look = Look.of(part)
        edition = reshape(default, look)
        review = reshape(default, look, review=True) if args.review_out else None
    write_atomic(args.out, edition)
    if args.review_out:
        write_atomic(args.review_out, review)
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
