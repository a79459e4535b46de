"""Unit tests for scripts.article.docx_template (the journal's Word template as the reference
document, its styles checked and mapped), the profile's look of the built reference document
(scripts.article.reference_docx.Look) and the front matter settings render.py passes to pandoc."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from word_template import journal_template

from scripts.article import docx_template, reference_docx
from scripts.article.render import front_matter_metadata
from scripts.core import pandoc
from scripts.core.errors import UserError

PROFILE = "journals/testjournal/profile.yaml"
W = docx_template.W


def part(template: Path | None, styles: dict | None = None) -> dict:
    styles = styles if styles is not None else {"Body Text": "Journal Body", "Heading 1": "Journal Heading 1"}
    return {
        "docx": {"template": "journal.dotx", "styles": styles},
        "template_file": str(template) if template else None,
    }


def where(styles: dict | None = None) -> dict:
    """The where part: the template named at line 12, each style mapped from line 14 on."""
    styles = styles if styles is not None else {"Body Text": "Journal Body", "Heading 1": "Journal Heading 1"}
    at = {"docx.template": [PROFILE, 12], **{f"docx.styles.{s}": [PROFILE, 14 + i] for i, s in enumerate(styles)}}
    return {"profile": "testjournal", "at": at}


def test_a_dotx_becomes_a_reference_document_the_same_every_time(tmp_path):
    template = journal_template(tmp_path / "journal.dotx", dotx=True)
    assert docx_template.TEMPLATE_TYPE in zipfile.ZipFile(template).read(docx_template.CONTENT_TYPES)
    first, warnings = docx_template.reference(part(template), where())
    again, _ = docx_template.reference(part(template), where())
    assert first == again
    types = zipfile.ZipFile(io.BytesIO(first)).read(docx_template.CONTENT_TYPES)
    assert docx_template.DOCUMENT_TYPE in types and docx_template.TEMPLATE_TYPE not in types
    settings = zipfile.ZipFile(io.BytesIO(first)).read(docx_template.SETTINGS)
    assert b'w:percent="100"' in settings  # python-docx's template leaves out the schema's required zoom percent
    names = {style.name for style in docx.Document(io.BytesIO(first)).styles}
    assert {"Journal Body", "Journal Heading 1"} <= names  # the template's styles kept
    # Each style the build writes that the template lacks, once, at the template's line; none
    # for the mapped ones.
    lacking = {str(w).split("no style ")[1].split(":")[0].strip("'") for w in warnings}
    assert {"Author", "Abstract", "Keywords", "Compact"} <= lacking
    assert not {"Journal Body", "Journal Heading 1", "Body Text", "Heading 1", "Title"} & lacking
    assert all(str(w).startswith(f"{PROFILE}:12: warning [docx-template-style]") for w in warnings)
    assert len(warnings) == len(lacking)


def test_a_mapping_to_a_missing_style_or_from_an_unwritten_one_is_reported_at_its_line(tmp_path):
    template = journal_template(tmp_path / "journal.docx")
    styles = {"Body Text": "Journal Text", "Lead": "Journal Body"}
    _, warnings = docx_template.reference(part(template, styles), where(styles))
    shown = [str(w) for w in warnings]
    assert any(
        w.startswith(f"{PROFILE}:14: warning") and "no style 'Journal Text' (for 'Body Text')" in w for w in shown
    )
    assert any(w.startswith(f"{PROFILE}:15: warning") and "writes no style 'Lead'" in w for w in shown)


@pytest.mark.parametrize(
    "make, says",
    [
        (lambda path: path.write_text("not a zip", encoding="utf-8"), "not a Word document or template"),
        (lambda path: zipfile.ZipFile(path, "w").writestr("word/document.xml", "<x/>"), "no content types part"),
        (None, "no file journal.dotx in the profile's folder"),
    ],
)
def test_a_bad_template_is_one_error_at_the_template_line(tmp_path, make, says):
    template = tmp_path / "journal.dotx"
    if make:
        make(template)
    with pytest.raises(UserError) as raised:
        docx_template.reference(part(template if make else None), where())
    (found,) = raised.value.findings
    assert (found.file, found.line, found.rule, found.severity) == (PROFILE, 12, "docx-template", "error")
    assert says in found.message


def test_a_template_without_styles_is_refused(tmp_path):
    template = tmp_path / "journal.dotx"
    with zipfile.ZipFile(journal_template(tmp_path / "full.docx")) as full, zipfile.ZipFile(template, "w") as out:
        for info in full.infolist():
            if info.filename != docx_template.STYLES:
                out.writestr(info, full.read(info))
    with pytest.raises(UserError, match=r"no styles part \(word/styles.xml\)"):
        docx_template.reference(part(template), where())


def written(tmp_path: Path) -> bytes:
    """A DOCX as pandoc writes it with the template: paragraphs in pandoc's style names beside the template's."""
    document = docx.Document(journal_template(tmp_path / "journal.docx"))
    document.add_paragraph("text", style="Body Text")
    document.add_paragraph("title", style="Heading 1")
    document.add_paragraph("kept", style="Title")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_mapped_moves_paragraphs_to_the_template_styles(tmp_path):
    out = docx_template.mapped(written(tmp_path), part(tmp_path / "journal.docx"))
    styles = [paragraph.style.name for paragraph in docx.Document(io.BytesIO(out)).paragraphs]
    assert styles == ["Journal Body", "Journal Heading 1", "Title"]


def test_without_a_template_or_a_mapping_the_docx_is_left_as_it_is(tmp_path):
    source = written(tmp_path)
    assert docx_template.mapped(source, {"docx": {"font": "Arial"}}) is source
    assert docx_template.mapped(source, part(tmp_path / "journal.docx", {})) is source


def test_the_review_reference_numbers_lines_and_spaces_them(tmp_path):
    edition, _ = docx_template.reference(part(journal_template(tmp_path / "journal.docx")), where())
    review = docx.Document(io.BytesIO(docx_template.review_reference(edition, 1.5, reference_docx.number_lines)))
    assert review.styles["Normal"].paragraph_format.line_spacing == 1.5
    assert review.sections[0]._sectPr.find(f"{{{W}}}lnNumType") is not None


def test_the_reference_document_takes_the_profiles_look():
    default = pandoc.run(["--print-default-data-file", "reference.docx"], source="pandoc")
    look = reference_docx.Look.of(
        {
            "docx": {"font": "Arial", "font_size": 10, "line_spacing": 2, "columns": 2},
            "heading_case": "small-caps",
            "paper": "us-letter",
        }
    )
    for review in (False, True):
        document = docx.Document(io.BytesIO(reference_docx.reshape(default, look, review=review)))
        styles = document.styles
        assert styles["Normal"].paragraph_format.line_spacing == 2  # the review's 1.5 only where narrower
        assert styles["Body Text"].font.name == "Arial" and styles["Body Text"].font.size.pt == 10
        assert styles["Heading 1"].font.size.pt == 11  # 13 pt for a 12 pt body, to the half point
        assert styles["Heading 1"].font.small_caps and not styles["Heading 1"].font.all_caps
        section = document.sections[0]
        assert round(section.page_width.inches, 2) == 8.5 and round(section.page_height.inches, 2) == 11
        cols = section._sectPr.find(f"{{{W}}}cols")
        assert cols.get(f"{{{W}}}num") == "2"
        # The schema's order: w:cols after w:pgMar (and w:lnNumType), before w:docGrid.
        names = [etree.QName(child).localname for child in section._sectPr]
        assert names.index("pgMar") < names.index("cols")
    one_column = docx.Document(io.BytesIO(reference_docx.reshape(default, reference_docx.Look())))
    assert one_column.sections[0]._sectPr.find(f"{{{W}}}cols") is None  # a manuscript: one column
    assert one_column.styles["Heading 1"].font.all_caps


def test_front_matter_settings_become_pandoc_metadata():
    given = {"front_matter": {"keywords": "before-abstract", "other_language": False, "orcid": True}}
    assert front_matter_metadata(given) == [
        "--metadata=front-matter-keywords:before-abstract",
        "--metadata=front-matter-orcid:true",
        "--metadata=front-matter-other-language:false",
    ]
    assert front_matter_metadata({}) == []
