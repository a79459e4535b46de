"""The shipped journal profiles' DOCX files on the real workflow (each profile built once:
conftest's profile_builds): the look of the profile's `docx` part and the front matter of its
`front_matter`, in the edition, the title page and the anonymous review version."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest

pytestmark = pytest.mark.integration


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


def test_ieee_docx_has_one_language_a_footnoted_correspondence_and_its_look(profile_builds):
    build = profile_builds("ieee") / "build"
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
        assert document.sections[0]._sectPr.find(f"{{{docx.oxml.ns.nsmap['w']}}}cols") is None  # one column
        assert footnotes(build / lang / "title-page.docx") == footnotes(article)
        # The review version stays anonymous: no footnote, no email, no author.
        review = build / lang / "article-review.docx"
        assert "Correspondence" not in parts_text(review) and "Korespondensi" not in parts_text(review)
        assert "Author" not in styles_of(review)


def test_sinta_docx_keeps_both_languages_at_its_line_spacing(profile_builds):
    build = profile_builds("sinta") / "build"
    article = docx.Document(build / "en" / "article.docx")
    assert [p.style.name for p in article.paragraphs].count("Abstract Title") == 2
    assert article.styles["Normal"].paragraph_format.line_spacing == 1.15
    review = docx.Document(build / "en" / "article-review.docx")
    assert review.styles["Normal"].paragraph_format.line_spacing == 1.5  # the review's, wider than 1.15
