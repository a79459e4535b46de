"""The shipped journal profiles' DOCX files on the real workflow (each profile built once:
conftest's journal_build): the look of the profile's `docx` part and the front matter of its
`front_matter`, in the edition, the title page and the anonymous review version; and a profile
that sets the DOCX in two columns."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import layout
import pytest
from conftest import copy_repo, snakemake

pytestmark = pytest.mark.integration

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def parts_text(path: Path) -> str:
    """Every XML part of the DOCX, joined: where a name or an email could stand."""
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))


def footnotes(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/footnotes.xml").decode("utf-8") if "word/footnotes.xml" in archive.namelist() else ""
    return " ".join(re.findall(r"<w:t[^>]*>([^<]*)<", xml))


def styles_of(path: Path) -> list[str]:
    return [paragraph.style.name for paragraph in docx.Document(path).paragraphs]


def test_ieee_docx_has_one_language_a_footnoted_correspondence_and_its_look(journal_build):
    build = journal_build("ieee") / "build"
    for lang in ("en", "id"):
        article = build / lang / "article.docx"
        styles = styles_of(article)
        assert "Subtitle" not in styles  # no other-language title
        assert styles.count("Abstract Title") == 1  # the edition's own abstract alone
        assert "Correspondence" in footnotes(article) or "Korespondensi" in footnotes(article)
        assert not any("*" in p.text for p in docx.Document(article).paragraphs if p.style.name == "Author")
        document = docx.Document(article)
        assert document.styles["Heading 1"].font.small_caps and not document.styles["Heading 1"].font.all_caps
        assert round(document.sections[0].page_width.inches, 2) == 8.5  # the page's US letter
        assert document.sections[0]._sectPr.find(f"{W}cols") is None  # one column
        assert footnotes(build / lang / "title-page.docx") == footnotes(article)
        # The review version stays anonymous: no footnote, no email, no author.
        review = build / lang / "article-review.docx"
        assert "Correspondence" not in parts_text(review) and "Korespondensi" not in parts_text(review)
        assert "Author" not in styles_of(review)


def test_sinta_docx_keeps_both_languages_at_its_line_spacing(journal_build):
    build = journal_build("sinta") / "build"
    article = docx.Document(build / "en" / "article.docx")
    assert [p.style.name for p in article.paragraphs].count("Abstract Title") == 2
    assert article.styles["Normal"].paragraph_format.line_spacing == 1.15
    review = docx.Document(build / "en" / "article-review.docx")
    assert review.styles["Normal"].paragraph_format.line_spacing == 1.5  # the review's, wider than 1.15


def test_a_two_column_docx_spans_its_title_block_and_tables_and_passes_the_layout_checks(built, tmp_path):
    """A profile that asks for two DOCX columns: the body in two, the title block and each table
    across the page, every table at the text width, as LibreOffice renders it no text off the
    page or overlapping, every table cell read in order, no image beyond the text."""
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    (repo / "journals" / "twocolumns").mkdir()
    (repo / "journals" / "twocolumns" / "profile.yaml").write_text(
        "extends: ieee\ndocx:\n  columns: 2\n  font_size: 10\n", encoding="utf-8"
    )
    result = snakemake(repo, "build/en/article.docx", "--config", "journal=twocolumns")
    assert result.returncode == 0, result.stdout + result.stderr
    article, tables = repo / "build" / "en" / "article.docx", repo / "build" / "en" / "tables"
    sections = docx.Document(article).element.body.findall(f".//{W}sectPr")
    columns = [section.find(f"{W}cols") for section in sections]
    assert [None if cols is None else cols.get(f"{W}num") for cols in columns][-1] == "2"
    assert columns[0] is None  # the title block in one column
    layout.check_docx_tables(article, tables)
    layout.check_docx_styles(article, "en")
    if layout.soffice() is None:
        pytest.skip(layout.SOFFICE_HINT)
    rendered = layout.docx_to_pdf(article, tmp_path / "rendered")
    layout.check_pdf(rendered, tables)
    assert layout.images_outside_text(rendered) == []
