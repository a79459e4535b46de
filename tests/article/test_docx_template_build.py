"""The journal's own Word template on the real workflow: a made-up journal's profile
(journals/testjournal/profile.yaml, extending default) names a template (tests/word_template.py)
and maps pandoc's styles to the template's; the DOCX files are written in the template's
styles, pass the OOXML schemas, and the styles the template lacks are reported at the profile's
line. A template that is no Word file stops the build with one error there, writing nothing.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from conftest import copy_repo, snakemake
from validators import jing_docx, require_jing
from word_template import JOURNAL_STYLES, journal_template

from scripts.article.docx_template import CONTENT_TYPES, DOCUMENT_TYPE

pytestmark = pytest.mark.integration

PROFILE = "journals/testjournal/profile.yaml"
TEMPLATE_LINE = 4  # the line of `template:` in the profile below
DOCX_FILES = [
    "build/en/article.docx",
    "build/en/article-review.docx",
    "build/en/title-page.docx",
    "build/id/article.docx",
]


def profile_text(template: str) -> str:
    return (
        "# A made-up journal with its own Word template.\n"
        "extends: default\n"
        "docx:\n"
        f"  template: {template}\n"
        "  styles:\n"
        f"    Body Text: {JOURNAL_STYLES[0]}\n"
        f"    First Paragraph: {JOURNAL_STYLES[0]}\n"
        f"    Heading 1: {JOURNAL_STYLES[1]}\n"
    )


def with_template(built: Path, folder: Path, template: str) -> Path:
    """A copy of the built repository whose journal is testjournal, its template `template`."""
    repo = copy_repo(folder / "repo", with_build_from=built)
    journal = repo / "journals" / "testjournal"
    journal.mkdir()
    (journal / "profile.yaml").write_text(profile_text(template), encoding="utf-8")
    if template.endswith((".docx", ".dotx")):
        journal_template(journal / template, dotx=template.endswith(".dotx"))
    return repo


def build(repo: Path):
    return snakemake(repo, *DOCX_FILES, "--config", "journal=testjournal")


def paragraph_styles(path: Path) -> set[str]:
    return {paragraph.style.name for paragraph in docx.Document(path).paragraphs}


@pytest.mark.parametrize("template", ["journal.docx", "journal.dotx"])
def test_the_docx_is_written_in_the_templates_styles(built, tmp_path, template):
    repo = with_template(built, tmp_path, template)
    result = build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in DOCX_FILES[:2] + DOCX_FILES[3:]:
        styles = paragraph_styles(repo / name)
        assert set(JOURNAL_STYLES) <= styles, (name, styles)
        assert not {"Body Text", "First Paragraph", "Heading 1"} & styles, (name, styles)
    # The reference document pandoc read: the template made a document (a .dotx's content type changed).
    with zipfile.ZipFile(repo / "build" / "reference.docx") as reference:
        assert DOCUMENT_TYPE in reference.read(CONTENT_TYPES)
    # A style the build writes that the template lacks: one warning, at the profile's template line.
    findings = (repo / "build" / "logs" / "findings.log").read_text(encoding="utf-8").splitlines()
    lacking = [line for line in findings if "[docx-template-style]" in line and "no style 'Author'" in line]
    assert lacking == [
        f"{PROFILE}:{TEMPLATE_LINE}: warning [docx-template-style] the Word template {template} has no style"
        " 'Author': the DOCX takes pandoc's default 'Author' instead (map it to one of the template's under"
        " docx.styles)"
    ]
    require_jing()
    (parts := tmp_path / "parts").mkdir()
    errors = jing_docx([repo / name for name in DOCX_FILES], parts)
    assert errors and {name: found for name, found in errors.items() if found} == {}


def test_a_template_that_is_no_word_file_stops_the_build_at_the_profile_line(built, tmp_path):
    repo = with_template(built, tmp_path, "journal.dotx")
    (repo / "journals" / "testjournal" / "journal.dotx").write_text("not a Word template", encoding="utf-8")
    result = build(repo)
    assert result.returncode != 0
    errors = [line for line in (result.stdout + result.stderr).splitlines() if ": error [" in line]
    assert len(set(errors)) == 1, errors
    assert errors[0].startswith(f"{PROFILE}:{TEMPLATE_LINE}: error [docx-template] docx.template: ")
    assert "is not a Word document or template" in errors[0]
    # Nothing half-written: no reference document, no DOCX from the bad template.
    assert not (repo / "build" / "reference.docx").exists()
    assert not (repo / "build" / "reference-review.docx").exists()
