"""Integration tests: what a reader sees in every built PDF and DOCX (tests/layout.py), for
every shipped journal profile (each built once: conftest's journal_build).

On every PDF of every journal profile's build: no glyph off the page or below the bottom
margin, no glyphs drawn over each other, every cell of every generated table in the text in
reading order. On every DOCX:
each table's grid spans the text width and its long-text column is the widest; headings
graded, drawings inline within the text width, space after tables, hyphenation on. With
LibreOffice on PATH, each DOCX as LibreOffice renders it passes the same PDF checks, its images
stay within the text width and its length stays within 1.5 times the PDF's (each counted in pages
of its own density: a profile's two-column PDF holds more on a page than its manuscript DOCX).
"""

from __future__ import annotations

from pathlib import Path

import layout
import pytest
from conftest import JOURNALS
from layout import check_docx_styles, check_docx_tables, check_pdf

pytestmark = pytest.mark.integration

LANGS = ["id", "en"]
VERSIONS = ["article", "article-review"]


@pytest.fixture(params=JOURNALS)
def profile_built(request, journal_build) -> Path:
    """The repository built with each shipped journal profile in turn."""
    return journal_build(request.param)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_text_stays_on_the_page_apart_and_tables_read_in_order(profile_built, lang, version):
    check_pdf(profile_built / "build" / lang / f"{version}.pdf", profile_built / "build" / lang / "tables")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_docx_tables_span_the_text_width_with_the_long_text_widest(profile_built, lang, version):
    check_docx_tables(profile_built / "build" / lang / f"{version}.docx", profile_built / "build" / lang / "tables")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_docx_styles_are_graded_and_drawings_stay_in_the_text(profile_built, lang, version):
    check_docx_styles(profile_built / "build" / lang / f"{version}.docx", lang)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_docx_as_libreoffice_renders_it_passes_the_pdf_checks(profile_built, lang, version, tmp_path):
    if layout.soffice() is None:
        pytest.skip(layout.SOFFICE_HINT)
    rendered = layout.docx_to_pdf(profile_built / "build" / lang / f"{version}.docx", tmp_path)
    check_pdf(rendered, profile_built / "build" / lang / "tables")
    assert layout.images_outside_text(rendered) == []
    ratio = layout.length_ratio(rendered, profile_built / "build" / lang / f"{version}.pdf")
    assert 1 / 1.5 <= ratio <= 1.5, ratio


def docx_part(path: Path, name: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_docx_has_page_numbers_running_head_serif_styles_and_table_rules(profile_built, lang, version):
    import re
    import zipfile

    import yaml

    path = profile_built / "build" / lang / f"{version}.docx"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    headers = [n for n in names if re.fullmatch(r"word/header\d*\.xml", n)]
    footers = [n for n in names if re.fullmatch(r"word/footer\d*\.xml", n)]
    assert headers and footers
    assert any('w:instr="PAGE"' in docx_part(path, f) for f in footers)
    meta = yaml.safe_load((profile_built / "manuscript" / "metadata.yaml").read_text(encoding="utf-8"))
    head = " ".join(re.findall(r"<w:t[^>]*>([^<]*)<", docx_part(path, headers[0])))
    assert head == meta["short_title"][lang]
    assert not any(author["name"] in head for author in meta["authors"])
    styles = docx_part(path, "word/styles.xml")
    assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)Theme=", styles)  # no theme font anywhere
    for style in ("Abstract", "AbstractTitle"):
        block = re.search(rf'<w:style [^>]*w:styleId="{style}".*?</w:style>', styles, re.S)[0]
        assert "<w:keepNext" not in block and "<w:keepLines" not in block, style
    document = docx_part(path, "word/document.xml")
    for borders in re.findall(r"<w:tblBorders>(.*?)</w:tblBorders>", document):
        assert re.search(r'<w:top w:val="single"', borders) and re.search(r'<w:bottom w:val="single"', borders)
    assert document.count("<w:tblBorders>") == document.count("<w:tbl>")


def test_review_versions_space_paragraphs_at_least_a_line_apart(profile_built):
    import re

    import docx as python_docx

    for lang in LANGS:
        typ = (profile_built / "build" / lang / "article-review.typ").read_text(encoding="utf-8")
        par = re.search(r"#set par\(.*leading: ([\d.]+)em.*spacing: ([\d.]+)em\)", typ)
        assert float(par[2]) >= float(par[1])
        styles = python_docx.Document(profile_built / "build" / lang / "article-review.docx").styles
        normal, size = styles["Body Text"].paragraph_format, styles["Body Text"].font.size.pt
        assert normal.space_after.pt >= (styles["Normal"].paragraph_format.line_spacing or 1.5) * size


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_running_head_is_the_short_title_from_page_two(profile_built, lang, version):
    """The PDF's running head matches the DOCX's: the short title, never an author."""
    import pdfplumber
    import yaml

    meta = yaml.safe_load((profile_built / "manuscript" / "metadata.yaml").read_text(encoding="utf-8"))
    with pdfplumber.open(profile_built / "build" / lang / f"{version}.pdf") as pdf:
        # A glyph typst first set before a soft hyphen maps to both in the font's ToUnicode table: dropped.
        first, second = (page.extract_text_lines()[0]["text"].replace("\u00ad", "") for page in pdf.pages[:2])
    assert second.startswith(meta["short_title"][lang])
    assert meta["short_title"][lang] not in first  # page 1 has the journal header instead
    assert not any(author["name"] in second for author in meta["authors"])
