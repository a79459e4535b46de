"""Finish the layout of a DOCX that pandoc wrote: tables across the text width, table rules,
space after each table, automatic hyphenation, and the running head.

pandoc sizes every table grid for a 5.5-inch text width whatever the reference document's
page, and leaves table borders to the table style, so this pass sets, on each table:
- its grid (w:gridCol) and width to the section's text width (a column's, in two columns), keeping
  pandoc's proportions (the relative widths scripts/data/colwidths.py chose);
- a rule above and below it (the header rule comes from the reference document's table style);
- rows that do not split across pages (w:cantSplit), as in the PDF, and a header row in bold
  (as typst's) that keeps with the first body row;
- space between it and the paragraph after it (Word has no space-after for a table), and that
  paragraph, like the one after a figure's caption, not indented;
and on each drawing no distance from the text around it (pandoc writes none, and LibreOffice then
takes 0.125 in on each side, which shifts a full-width figure past the right margin), and no
width beyond the text's (a column's). In two columns (a profile's choice), the title block and each
table with its caption span the page, in sections of one column between those of two.
Word and LibreOffice hyphenate only where settings.xml turns automatic hyphenation on, each run
in its language: the document default (pandoc's from the edition's `lang`) or the w:lang pandoc
gives a passage in another language.
The reference document (scripts/article/reference_docx.py) carries an empty running head and the page
number footer; the running head's text, which differs per edition, is written here.
"""

from __future__ import annotations

from scripts.core.files import normalized_zip, zip_members

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
EMU_PER_TWIP = 635
# The style of the level-1 headings pandoc writes: the title block ends before the first.
FIRST_HEADING = "Heading1"
TABLE_CAPTION = "TableCaption"
# Children of w:sectPr that follow w:type in the schema's order.
SECTION_AFTER_TYPE = (
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)
DOCUMENT = "word/document.xml"
SETTINGS = "word/settings.xml"
# Space between a table and the paragraph after it, in twips (12 pt, the space before a caption).
SPACE_AFTER_TABLE = 240
# The body paragraph after a table or a figure's caption starts a run of text: not indented, as
# the PDF (typst indents only a paragraph that follows another); reference_docx's styles.
INDENTED, UNINDENTED, FIGURE_CAPTION = "BodyText", "FirstParagraph", "ImageCaption"
# Children of w:settings before w:autoHyphenation, in the schema's order.
BEFORE_AUTO_HYPHENATION = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
)
# Rules above and below a table: single, 1 pt (w:sz in eighths of a point).
RULE = {"val": "single", "sz": "8", "space": "0", "color": "000000"}
# Cell padding left and right in twips: 4 pt, as in the PDF (Word's default 5.4 pt would take
# the room scripts/data/colwidths.py kept for each column's longest word).
CELL_PADDING = "80"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _final_section(document):
    return document.findall(f".//{_w('sectPr')}")[-1]


def text_width(document) -> int:
    """The text width of the document's (last) section in twips: page width minus margins."""
    sect = _final_section(document)
    size, margins = sect.find(_w("pgSz")), sect.find(_w("pgMar"))
    return int(size.get(_w("w"))) - int(margins.get(_w("left"))) - int(margins.get(_w("right")))


def column_count(document) -> int:
    """The body's columns: one, or two where the journal's profile sets them (w:cols)."""
    cols = _final_section(document).find(_w("cols"))
    return int(cols.get(_w("num"), "1")) if cols is not None else 1


def column_width(document) -> int:
    """The width of one column in twips: the text width, less the gaps, shared among the columns."""
    count = column_count(document)
    if count == 1:
        return text_width(document)
    gap = int(_final_section(document).find(_w("cols")).get(_w("space"), "720"))
    return (text_width(document) - (count - 1) * gap) // count


def scaled(widths: list[int], total: int) -> list[int]:
    """`widths` scaled to sum exactly to `total` (the rounding goes to the widest column)."""
    whole = sum(widths) or 1
    out = [w * total // whole for w in widths]
    out[out.index(max(out))] += total - sum(out)
    return out


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    """`parent`'s child `tag`, made (before the first of `before` present) when absent."""
    from lxml import etree

    found = parent.find(_w(tag))
    if found is None:
        found = etree.Element(_w(tag))
        following = next((parent.find(_w(t)) for t in before if parent.find(_w(t)) is not None), None)
        if following is None:
            parent.append(found)
        else:
            following.addprevious(found)
    return found


def fit_table(table, width: int) -> None:
    """Grid and width of `table` to `width` twips; rules above and below it; rows unbroken."""
    from lxml import etree

    grid = table.find(_w("tblGrid"))
    cols = grid.findall(_w("gridCol"))
    for col, new in zip(cols, scaled([int(c.get(_w("w"))) for c in cols], width)):
        col.set(_w("w"), str(new))
    props = table.find(_w("tblPr"))
    table_width = _child(props, "tblW", before=("jc", "tblInd", "tblBorders", "tblLayout", "tblCellMar", "tblLook"))
    table_width.set(_w("type"), "dxa")
    table_width.set(_w("w"), str(width))
    borders = _child(props, "tblBorders", before=("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption"))
    for side in ("top", "bottom"):
        rule = _child(borders, side, before=("left", "start", "bottom", "right", "end", "insideH", "insideV"))
        for key, value in RULE.items():
            rule.set(_w(key), value)
    for row in table.iterfind(_w("tr")):  # a row stays whole on one page, as in the PDF
        row_props = row.find(_w("trPr"))
        if row_props is None:
            row_props = etree.Element(_w("trPr"))
            row.insert(1 if row.find(_w("tblPrEx")) is not None else 0, row_props)
        _child(row_props, "cantSplit", before=("trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden"))
        if row_props.find(_w("tblHeader")) is not None:
            keep_with_next(row)
            bold(row)
    margins = _child(props, "tblCellMar", before=("tblLook", "tblCaption", "tblDescription"))
    for side in ("left", "right"):
        margin = _child(margins, side, before=("bottom", "right", "end"))
        margin.set(_w("w"), CELL_PADDING)
        margin.set(_w("type"), "dxa")


def keep_with_next(row) -> None:
    """The header row's paragraphs keep with the next row: no header alone at a page's foot."""
    from lxml import etree

    for paragraph in row.iter(_w("p")):
        props = paragraph.find(_w("pPr"))
        if props is None:
            props = etree.Element(_w("pPr"))
            paragraph.insert(0, props)
        if props.find(_w("keepNext")) is None:
            style = props.find(_w("pStyle"))
            keep = etree.Element(_w("keepNext"))
            if style is None:
                props.insert(0, keep)
            else:
                style.addnext(keep)


def bold(row) -> None:
    """Every run of `row` in bold (the header row, as the PDF's)."""
    from lxml import etree

    for run in row.iter(_w("r")):
        props = run.find(_w("rPr"))
        if props is None:
            props = etree.Element(_w("rPr"))
            run.insert(0, props)
        if props.find(_w("b")) is None:
            # w:b follows only w:rStyle, w:rFonts in the schema's order of w:rPr.
            anchor = [c for c in props if c.tag in (_w("rStyle"), _w("rFonts"))]
            if anchor:
                anchor[-1].addnext(etree.Element(_w("b")))
            else:
                props.insert(0, etree.Element(_w("b")))


def space_after(table) -> None:
    """At least SPACE_AFTER_TABLE twips before the paragraph that follows `table`."""
    following = table.getnext()
    if following is None or following.tag != _w("p"):
        return
    props = _child(following, "pPr")
    if props.getparent() is following and following.index(props) != 0:
        following.remove(props)
        following.insert(0, props)
    spacing = _child(
        props,
        "spacing",
        before=(
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ),
    )
    if int(spacing.get(_w("before"), "0")) < SPACE_AFTER_TABLE:
        spacing.set(_w("before"), str(SPACE_AFTER_TABLE))


def _style(paragraph):
    return paragraph.find(f"{_w('pPr')}/{_w('pStyle')}") if paragraph is not None else None


def _style_value(paragraph) -> str | None:
    style = _style(paragraph)
    return None if style is None else style.get(_w("val"))


def unindent_after(block) -> None:
    """The body paragraph after `block` (a table, a figure's caption) in the unindented style."""
    style = _style(block.getnext())
    if style is not None and style.get(_w("val")) == INDENTED:
        style.set(_w("val"), UNINDENTED)


def fit_tables(document_xml: bytes) -> bytes:
    from lxml import etree

    document = etree.fromstring(document_xml)
    width = text_width(document)
    for table in document.iter(_w("tbl")):  # in two columns too: each table in a stretch of one column
        fit_table(table, width)
        space_after(table)
        unindent_after(table)
    for paragraph in document.iter(_w("p")):
        style = _style(paragraph)
        if style is not None and style.get(_w("val")) == FIGURE_CAPTION:
            unindent_after(paragraph)
    for drawing in document.iter(f"{{{WP}}}inline"):
        for side in ("distT", "distB", "distL", "distR"):
            drawing.set(side, "0")
        within(drawing, column_width(document) * EMU_PER_TWIP)
    if column_count(document) > 1:
        title_block_across(document)
        for table in list(document.find(_w("body")).iterchildren(_w("tbl"))):
            table_across(table)
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)


def within(drawing, width: int) -> None:
    """A drawing wider than `width` EMU (a column, when the profile sets two) scaled down to it."""
    extent = drawing.find(f"{{{WP}}}extent")
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    if cx <= width:
        return
    for size in [extent, *drawing.iter(f"{{{A}}}ext")]:
        size.set("cx", str(width))
        size.set("cy", str(cy * width // cx))


def end_section(paragraph, section, columns: bool) -> None:
    """`paragraph` ends a section like `section` (the body's), in its columns or in one, and the
    section after it starts on the same page (w:type continuous)."""
    from copy import deepcopy

    ended = deepcopy(section)
    if not columns:
        ended.remove(ended.find(_w("cols")))
    props = _child(paragraph, "pPr")
    if paragraph.index(props) != 0:
        paragraph.remove(props)
        paragraph.insert(0, props)
    change = props.find(_w("pPrChange"))
    if change is None:
        props.append(ended)
    else:
        change.addprevious(ended)
    _child(section, "type", before=SECTION_AFTER_TYPE).set(_w("val"), "continuous")


def paragraph_before(block):
    """The paragraph just before `block`, an empty one made there when none is."""
    from lxml import etree

    before = block.getprevious()
    if before is None or before.tag != _w("p") or before.find(f"{_w('pPr')}/{_w('sectPr')}") is not None:
        before = etree.Element(_w("p"))
        block.addprevious(before)
    return before


def title_block_across(document) -> None:
    """In two columns, the title block across the page: what stands before the first level-1
    heading ends a section of one column, and the body's columns continue on the same page."""
    body = document.find(_w("body"))
    heading = next((p for p in body.iterchildren(_w("p")) if _style_value(p) == FIRST_HEADING), None)
    if heading is not None:
        end_section(paragraph_before(heading), body.find(_w("sectPr")), columns=False)


def table_across(table) -> None:
    """In two columns, `table` with its caption across the page, as the PDF spans them: the text
    before it ends a section in columns, an empty paragraph after it one of one column."""
    from lxml import etree

    body = table.getparent()
    section = body.find(_w("sectPr"))
    caption = table.getprevious()
    start = caption if caption is not None and _style_value(caption) == TABLE_CAPTION else table
    end_section(paragraph_before(start), section, columns=True)
    after = etree.Element(_w("p"))
    table.addnext(after)
    end_section(after, section, columns=False)
    space_after(table)


def hyphenated(settings_xml: bytes) -> bytes:
    """The settings part with automatic hyphenation on."""
    from lxml import etree

    settings = etree.fromstring(settings_xml)
    if settings.find(_w("autoHyphenation")) is None:
        earlier = [c for c in settings if c.tag in {_w(t) for t in BEFORE_AUTO_HYPHENATION}]
        switch = etree.Element(_w("autoHyphenation"))
        if earlier:
            earlier[-1].addnext(switch)
        else:
            settings.insert(0, switch)
    return etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)


def running_head(header_xml: bytes, text: str) -> bytes:
    """The header part with `text` as the run of its first paragraph."""
    from lxml import etree

    header = etree.fromstring(header_xml)
    paragraph = header.find(_w("p"))
    for run in paragraph.findall(_w("r")):
        paragraph.remove(run)
    run = etree.SubElement(paragraph, _w("r"))
    content = etree.SubElement(run, _w("t"))
    content.text = text
    return etree.tostring(header, xml_declaration=True, encoding="UTF-8", standalone=True)


def finish(docx: bytes, head: str) -> bytes:
    """The DOCX with its tables fitted to the text width, hyphenated, and `head` as its running head."""
    members = []
    for name, data in zip_members(docx):
        if name == DOCUMENT:
            data = fit_tables(data)
        elif name == SETTINGS:
            data = hyphenated(data)
        elif name.startswith("word/header") and name.endswith(".xml"):
            data = running_head(data, head)
        members.append((name, data))
    return normalized_zip(members)
