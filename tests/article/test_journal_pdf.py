"""Integration tests: the PDF of a journal profile's build (templates/article.typ on
build/journal/page.json). The ieee profile: body text in two columns, Table 1 and Table 2 spanning
both, numbered citations and reference list, its own language's abstract alone, the corresponding
author in a footnote on page 1, nobody named in the review version. The sinta profile: A4 in one
column, both abstracts."""

from __future__ import annotations

import re

import pdfplumber
import pytest
import yaml
from conftest import REPO
from layout import pdf_lines

pytestmark = pytest.mark.integration

LANGS = ["id", "en"]
VERSIONS = ["article", "article-review"]
IEEE_BODY_SIZE = 10.0
LETTER = (612, 792)
A4 = (595, 842)


def strings(lang: str) -> dict:
    return yaml.safe_load((REPO / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))


def body_chars(page) -> list[dict]:
    """The glyphs of body text (its size, black: not a running head or line number)."""
    return [
        c
        for c in page.chars
        if c["text"].strip() and abs(c["size"] - IEEE_BODY_SIZE) < 0.05 and not any(c["non_stroking_color"] or ())
    ]


@pytest.fixture(scope="module")
def ieee(journal_build):
    return journal_build("ieee")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_ieee_body_text_is_set_in_two_columns_on_us_letter(ieee, lang, version):
    with pdfplumber.open(ieee / "build" / lang / f"{version}.pdf") as pdf:
        assert {(round(p.width), round(p.height)) for p in pdf.pages} == {LETTER}
        for number, page in enumerate(pdf.pages, start=1):
            middle, chars = page.width / 2, body_chars(page)
            # No body glyph in the gutter (0.2 in wide, about the middle of the page) ...
            assert not [c for c in chars if c["x1"] > middle - 5 and c["x0"] < middle + 5], number
            # ... and body text on both sides of it, on every page the text fills (the last may end in the left column).
            if number < len(pdf.pages):
                assert any(c["x1"] < middle for c in chars) and any(c["x0"] > middle for c in chars), number


CAPTION_SIZE = 8.0


def caption_top(page, label: str, number: int) -> float | None:
    """Where the caption "Table 2." (in the captions' size, not a mention in the text) ends on the page."""
    words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False)
    for word, following in zip(words, words[1:], strict=False):
        if abs(word["size"] - CAPTION_SIZE) < 0.05 and word["text"] in (label, f"{label}\u00a0{number}."):
            if word["text"].endswith(f"{number}.") or following["text"] == f"{number}.":
                return word["bottom"]
    return None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("number", [1, 2])
def test_ieee_tables_1_and_2_span_both_columns(ieee, lang, number):
    with pdfplumber.open(ieee / "build" / lang / "article.pdf") as pdf:
        [(page, top)] = [
            (p, top) for p in pdf.pages if (top := caption_top(p, strings(lang)["table"], number)) is not None
        ]
        words = [w for w in page.extract_words() if top < w["top"] < top + 150]
    left, right = min(w["x0"] for w in words), max(w["x1"] for w in words)
    # The text area is 7.25 in wide (0.625 in margins): a table across both columns starts
    # near the left margin and ends well past the middle, in the right column.
    assert left < 0.625 * 72 + 20 and right > page.width / 2 + 100, (left, right)


@pytest.mark.parametrize("lang", LANGS)
def test_ieee_citations_are_numbered_with_a_numbered_reference_list(ieee, lang):
    # The reference list's heading is set in (small) capitals; the lines read column by column.
    lines = pdf_lines(ieee / "build" / lang / "article.pdf")
    heading = lines.index(strings(lang)["references"].upper())
    assert any(re.search(r"\[\d+\]", line) for line in lines[:heading])
    assert lines[heading + 1].startswith("[1]"), lines[heading : heading + 3]


@pytest.mark.parametrize("lang", LANGS)
def test_ieee_front_matter_one_language_footnote_no_orcid(ieee, lang):
    other = "id" if lang == "en" else "en"
    with pdfplumber.open(ieee / "build" / lang / "article.pdf") as pdf:
        first = pdf.pages[0]
        text = first.extract_text() or ""
        footnote = [w for w in first.extract_words() if strings(lang)["correspondence"] in w["text"]]
    assert strings(lang)["abstract"] in text and strings(other)["abstract"] not in text
    assert "ORCID" not in text
    # The corresponding author's address at the foot of page 1, not in the title block.
    assert footnote and footnote[0]["top"] > first.height * 0.75


@pytest.mark.parametrize("lang", LANGS)
def test_ieee_review_version_names_nobody(ieee, lang):
    meta = yaml.safe_load((ieee / "manuscript" / "metadata.yaml").read_text(encoding="utf-8"))
    with pdfplumber.open(ieee / "build" / lang / "article-review.pdf") as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert not [a["name"] for a in meta["authors"] if a["name"] in text]
    assert strings(lang)["correspondence"] not in text


@pytest.mark.parametrize("lang", LANGS)
def test_sinta_is_one_column_a4_with_both_abstracts(journal_build, lang):
    with pdfplumber.open(journal_build("sinta") / "build" / lang / "article.pdf") as pdf:
        assert {(round(p.width), round(p.height)) for p in pdf.pages} == {A4}
        text = "\n".join(p.extract_text() or "" for p in pdf.pages[:2])
    assert strings("id")["abstract"] in text and strings("en")["abstract"] in text
