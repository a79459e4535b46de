"""Every DOCX and PDF of the real build through the validators of the places they go
(tests/validators.py): jing with the ISO/IEC 29500 Transitional schemas, veraPDF for PDF/A-2a
and PDF/UA-1 (the PDFs of every journal profile's build). The marked revision's files are
checked in tests/changes/test_changes_build.py.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import JOURNALS
from validators import jing_docx, require_jing, verapdf, verapdf_classes

pytestmark = pytest.mark.integration


def built_files(built: Path, suffix: str) -> list[Path]:
    return sorted((built / "build").glob(f"**/*{suffix}"), key=str)


@pytest.fixture(scope="module")
def classpath(tmp_path_factory) -> str:
    return verapdf_classes(tmp_path_factory.mktemp("verapdf"))


def test_every_docx_part_is_schema_valid(built, tmp_path):
    require_jing()
    documents = built_files(built, ".docx")
    assert {path.name for path in documents} >= {"article.docx", "article-review.docx", "title-page.docx"}
    errors = jing_docx(documents, tmp_path)
    assert {name.split("!")[1] for name in errors} >= {
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/numbering.xml",
        "docProps/app.xml",
    }
    assert {name: found for name, found in errors.items() if found} == {}


def test_jing_reports_an_incomplete_page_margin(built, tmp_path):
    """The check can fail: w:pgMar without its header distance is reported."""
    require_jing()
    source = built / "build" / "en" / "article.docx"
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(broken, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            out.writestr(info, data.replace(b' w:header="720"', b"") if info.filename == "word/document.xml" else data)
    (workdir := tmp_path / "parts").mkdir()
    errors = jing_docx([broken], workdir)
    assert [error.split(": ", 1)[1] for error in errors[f"{broken}!word/document.xml"]] == [
        'element "w:pgMar" missing required attribute "w:header"'
    ]


@pytest.mark.parametrize("journal", JOURNALS)
def test_every_pdf_passes_verapdf_for_pdfa_2a_and_pdfua_1(journal_build, journal, classpath):
    pdfs = built_files(journal_build(journal), ".pdf")
    assert {path.name for path in pdfs} == {"article.pdf", "article-review.pdf"}
    failed = verapdf(classpath, pdfs)
    assert len(failed) == 2 * len(pdfs)
    assert {key: rules for key, rules in failed.items() if rules} == {}


def test_verapdf_reports_a_pdf_without_its_metadata(built, classpath, tmp_path):
    """The check can fail: the PDF without its XMP and its tagged-content mark fails both profiles."""
    pdf = pikepdf.open(io.BytesIO((built / "build" / "en" / "article.pdf").read_bytes()))
    del pdf.Root.Metadata
    del pdf.Root.MarkInfo
    broken = tmp_path / "broken.pdf"
    pdf.save(broken)
    failed = verapdf(classpath, [broken])
    assert failed[("PDFA-2A.xml", str(broken))] == ["ISO 19005-2:2011:6.6.2.1-1", "ISO 19005-2:2011:6.7.2.2-1"]
    assert failed[("PDFUA-1.xml", str(broken))] == ["ISO 14289-1:2014:6.2-1", "ISO 14289-1:2014:7.1-8"]
