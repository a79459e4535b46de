"""Unit tests for scripts.article.docx_layout: tables across the text width, rules, running head."""

from lxml import etree

from scripts.article.docx_layout import W, fit_tables, running_head, scaled

NS = {"w": W}
HEADER_ROW = (
    '<w:tr><w:trPr><w:tblHeader w:val="on"/></w:trPr><w:tc><w:p><w:pPr><w:pStyle w:val="Compact"/>'
    '<w:jc w:val="left"/></w:pPr></w:p></w:tc></w:tr>'
)
MARGINS = '<w:pgMar w:left="1417" w:right="1417" w:top="1417" w:bottom="1417"/>'
DOCUMENT = f"""<w:document xmlns:w="{W}"><w:body>
<w:tbl><w:tblPr><w:tblStyle w:val="Table"/><w:tblW w:type="pct" w:w="5000"/><w:tblLook w:val="0020"/></w:tblPr>
<w:tblGrid><w:gridCol w:w="1163"/><w:gridCol w:w="6369"/><w:gridCol w:w="387"/></w:tblGrid>
{HEADER_ROW}<w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>
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
