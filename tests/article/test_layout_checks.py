"""Unit tests for the layout checks of tests/layout.py on small PDFs typst makes here:
each check finds the fault it is for and passes a clean page."""

from pathlib import Path

import layout
import pytest
import typst

PAGE = '#set page(paper: "a4", margin: 2.5cm, footer: align(center)[7])\n#set text(font: "Libertinus Serif")\n'


def pdf(tmp_path: Path, body: str) -> Path:
    source = tmp_path / "page.typ"
    source.write_text(PAGE + body, encoding="utf-8")
    out = tmp_path / "page.pdf"
    out.write_bytes(typst.compile(str(source), ignore_system_fonts=True))
    return out


def test_a_clean_page_with_a_page_number_passes(tmp_path):
    problems = layout.pdf_problems(pdf(tmp_path, "Some text that stays in the text area."))
    assert problems == {"pages": 1, "outside": 0, "overlapping": 0}


def test_text_below_the_bottom_margin_is_found(tmp_path):
    problems = layout.pdf_problems(pdf(tmp_path, "#place(dy: 25.5cm)[Below the margin]"))
    assert problems["outside"] == len("Belowthemargin")


def test_text_off_the_page_is_found(tmp_path):
    problems = layout.pdf_problems(pdf(tmp_path, "#place(dx: 17cm)[Off the right edge of the page]"))
    assert problems["outside"] > 0


def test_text_drawn_over_text_is_found(tmp_path):
    problems = layout.pdf_problems(pdf(tmp_path, "#place[Overprint]\n#place(dx: 1pt)[Overprint]"))
    assert problems["overlapping"] >= len("Overprint")


@pytest.mark.parametrize(
    "cells, missing",
    [
        ([["Dimension", "Finding"], ["Clarity", "Simple words"]], []),
        ([["Dimension", "Finding"], ["Clarity", "Absent words"]], ["Absent words"]),
        ([["Finding", "Dimension"], ["Simple words", "Clarity"]], []),  # cells of a row in any order
        ([["Dimension", "Finding"], ["Simple words", "Dimension"]], ["Dimension"]),  # a row above the last
    ],
)
def test_table_cells_are_found_in_reading_order(tmp_path, cells, missing):
    body = "#table(columns: 2, [Dimension], [Finding], [Clarity], [Simple\nwords])"
    words = layout.pdf_words(pdf(tmp_path, body))
    assert layout.table_cells_missing(words, cells) == missing


def test_markdown_table_cells_are_read_back_unescaped(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("| A | B \\| C |\n|:--|--:|\n| \\@handle | 1 |\n", encoding="utf-8")
    assert layout.markdown_table(path) == [["A", "B | C"], ["@handle", "1"]]
