"""Unit tests for scripts.article.docx_layout (tables across the text width, rules, header row,
space after tables, flush drawings, hyphenation, running head, two columns) and
scripts.article.reference_docx (styles graded as the PDF's)."""

import sys
from pathlib import Path

from lxml import etree

from scripts.article.docx_layout import SPACE_AFTER_TABLE, WP, W, fit_tables, hyphenated, running_head, scaled

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/layout.py, the layout checks
import layout  # noqa: E402

NS = {"w": W}
HEADER_ROW = (
    '<w:tr><w:trPr><w:tblHeader w:val="on"/></w:trPr><w:tc><w:p><w:pPr><w:pStyle w:val="Compact"/>'
    '<w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="X"/><w:i/></w:rPr><w:t>Head</w:t></w:r>'
    "<w:r><w:t>er</w:t></w:r></w:p></w:tc></w:tr>"
)
MARGINS = '<w:pgMar w:left="1417" w:right="1417" w:top="1417" w:bottom="1417"/>'
DOCUMENT = f"""<w:document xmlns:w="{W}"><w:body>
<w:tbl><w:tblPr><w:tblStyle w:val="Table"/><w:tblW w:type="pct" w:w="5000"/><w:tblLook w:val="0020"/></w:tblPr>
<w:tblGrid><w:gridCol w:w="1163"/><w:gridCol w:w="6369"/><w:gridCol w:w="387"/></w:tblGrid>
{HEADER_ROW}<w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:pPr><w:pStyle w:val="CaptionedFigure"/></w:pPr><w:r><w:drawing><wp:inline xmlns:wp="{WP}">
<wp:extent cx="5753100" cy="3013528"/></wp:inline></w:drawing></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="ImageCaption"/></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr></w:p>
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>{MARGINS}</w:sectPr>
</w:body></w:document>""".encode()


def test_scaled_keeps_proportions_and_sums_exactly():
    assert scaled([1, 2, 1], 9072) == [2268, 4536, 2268]
    assert sum(scaled([1163, 6369, 387], 9072)) == 9072


def test_tables_span_the_text_width_with_rules_above_and_below():
    doc = etree.fromstring(fit_tables(DOCUMENT))
    cols = [int(c.get(f"{{{W}}}w")) for c in doc.iterfind(".//w:gridCol", NS)]
    assert sum(cols) == 11906 - 2 * 1417 and cols[1] == max(cols)
    width = doc.find(".//w:tblW", NS)
    assert (width.get(f"{{{W}}}type"), width.get(f"{{{W}}}w")) == ("dxa", "9072")
    borders = doc.find(".//w:tblBorders", NS)
    assert [b.tag.split("}")[1] for b in borders] == ["top", "bottom"]
    assert all(b.get(f"{{{W}}}val") == "single" for b in borders)
    # The schema's order: tblBorders before tblLook.
    names = [c.tag.split("}")[1] for c in doc.find(".//w:tblPr", NS)]
    assert names.index("tblBorders") < names.index("tblLook") and names.index("tblW") < names.index("tblBorders")
    for row in doc.iterfind(".//w:tr", NS):  # rows unbroken; trPr first, cantSplit before tblHeader
        assert row[0].tag == f"{{{W}}}trPr" and row[0][0].tag == f"{{{W}}}cantSplit"
    header, body = doc.findall(".//w:tr", NS)
    assert [c.tag.split("}")[1] for c in header.find(".//w:pPr", NS)] == ["pStyle", "keepNext", "jc"]
    assert body.find(".//w:keepNext", NS) is None


def test_running_head_replaces_the_header_text():
    header = (
        f'<w:hdr xmlns:w="{W}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:t>old</w:t></w:r></w:p></w:hdr>'
    ).encode()
    out = etree.fromstring(running_head(header, "Short title"))
    assert [t.text for t in out.iterfind(".//w:t", NS)] == ["Short title"]
    assert out.find(".//w:pStyle", NS) is not None


def test_header_row_bold_body_rows_not():
    doc = etree.fromstring(fit_tables(DOCUMENT))
    header, body = doc.findall(".//w:tr", NS)
    runs = header.findall(".//w:r", NS)
    assert len(runs) == 2 and all(r.find("w:rPr/w:b", NS) is not None for r in runs)
    # The schema's order of w:rPr: rFonts, then b, then i.
    assert [c.tag.split("}")[1] for c in runs[0].find("w:rPr", NS)] == ["rFonts", "b", "i"]
    assert body.find(".//w:b", NS) is None


def test_paragraph_after_a_table_is_spaced_and_drawings_are_flush():
    doc = etree.fromstring(fit_tables(DOCUMENT))
    after = doc.find("w:body/w:tbl", NS).getnext()
    assert after.find("w:pPr/w:spacing", NS).get(f"{{{W}}}before") == str(SPACE_AFTER_TABLE)
    assert [c.tag.split("}")[1] for c in after.find("w:pPr", NS)] == ["pStyle", "spacing"]
    styles = [p.get(f"{{{W}}}val") for p in doc.iterfind("w:body/w:p/w:pPr/w:pStyle", NS)]
    assert styles == ["CaptionedFigure", "ImageCaption", "FirstParagraph"]  # after a caption: not indented
    inline = doc.find(f".//{{{WP}}}inline")
    assert all(inline.get(side) == "0" for side in ("distT", "distB", "distL", "distR"))


def test_automatic_hyphenation_is_switched_on_in_the_schema_order():
    settings = (
        f'<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/></w:settings>'
    )
    out = etree.fromstring(hyphenated(settings.encode()))
    names = [c.tag.split("}")[1] for c in out]
    assert names == ["zoom", "defaultTabStop", "autoHyphenation", "characterSpacingControl"]
    assert len(etree.fromstring(hyphenated(etree.tostring(out))).findall("w:autoHyphenation", NS)) == 1


def test_reference_styles_are_graded_as_the_pdf(tmp_path):
    """Heading 1 > 2 > 3 (size, then weight), heading 1 in capitals, indented body paragraphs,
    upright captions, no letter-spacing; the review's line numbers and text at the body size."""
    import docx

    from scripts.article import reference_docx
    from scripts.core import pandoc

    default = pandoc.run(["--print-default-data-file", "reference.docx"], source="pandoc")
    for review in (False, True):
        path = tmp_path / f"reference-{review}.docx"
        path.write_bytes(reference_docx.reshape(default, review=review))
        assert layout.docx_grading_problems(path) == []
        styles = docx.Document(path).styles
        assert styles["Heading 1"].font.all_caps
        assert styles["Body Text"].paragraph_format.first_line_indent.pt > 0
        assert styles["First Paragraph"].paragraph_format.first_line_indent.pt == 0
        assert not styles["Table Caption"].font.bold and not styles["Image Caption"].font.bold
        assert "<w:spacing w:val" not in etree.tostring(styles.element).decode()  # no letter-spacing
        numbers = styles.element.xpath('w:style[w:name/@w:val="line number"]')[0]
        assert numbers.find("w:rPr/w:sz", NS).get(f"{{{W}}}val") == str(2 * reference_docx.BODY_SIZE)
        if review:
            assert styles["Abstract"].font.size.pt == reference_docx.BODY_SIZE


def test_in_two_columns_the_title_block_and_tables_span_the_page_and_drawings_fit_a_column():
    table = DOCUMENT.split(b"<w:body>")[1].split(b"</w:tbl>")[0] + b"</w:tbl>"
    two_columns = (
        f"""<w:document xmlns:w="{W}"><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val="Keywords"/></w:pPr></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:p>
<w:p><w:r><w:drawing><wp:inline xmlns:wp="{WP}"><wp:extent cx="5753100" cy="3013528"/></wp:inline>
</w:drawing></w:r></w:p><w:p><w:pPr><w:pStyle w:val="TableCaption"/></w:pPr></w:p>""".encode()
        + table
        + f"""<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr></w:p>
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>{MARGINS}<w:cols w:num="2" w:space="720"/></w:sectPr>
</w:body></w:document>""".encode()
    )
    doc = etree.fromstring(fit_tables(two_columns))
    title, keywords, heading, figure, caption, *_ = doc.findall("w:body/w:p", NS)
    across = keywords.find("w:pPr/w:sectPr", NS)  # the title block's section ends with the keywords
    assert across is not None and across.find("w:cols", NS) is None
    assert [c.tag.split("}")[1] for c in keywords.find("w:pPr", NS)] == ["pStyle", "sectPr"]
    final = doc.find("w:body/w:sectPr", NS)
    assert [c.tag.split("}")[1] for c in final] == ["type", "pgSz", "pgMar", "cols"]
    assert final.find("w:type", NS).get(f"{{{W}}}val") == "continuous"
    # The table and its caption in a stretch of one column, at the full text width.
    assert figure.find("w:pPr/w:sectPr/w:cols", NS).get(f"{{{W}}}num") == "2"
    after = doc.find("w:body/w:tbl", NS).getnext()
    assert after.find("w:pPr/w:sectPr", NS) is not None and after.find("w:pPr/w:sectPr/w:cols", NS) is None
    assert after.find("w:pPr/w:spacing", NS).get(f"{{{W}}}before") == str(SPACE_AFTER_TABLE)
    assert sum(int(c.get(f"{{{W}}}w")) for c in doc.iterfind(".//w:gridCol", NS)) == 11906 - 2 * 1417
    column = (11906 - 2 * 1417 - 720) // 2
    extent = doc.find(f".//{{{WP}}}extent")
    assert int(extent.get("cx")) == column * 635 and int(extent.get("cy")) == 3013528 * column * 635 // 5753100
    one_column = etree.fromstring(fit_tables(DOCUMENT))  # one column: no section break, drawings as they were
    assert len(one_column.findall(".//w:sectPr", NS)) == 1
    assert one_column.find(f".//{{{WP}}}extent").get("cx") == "5753100"
