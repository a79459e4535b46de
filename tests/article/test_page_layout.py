"""The journal profile's page and front matter in the PDF (scripts/article/page_layout.py,
templates/article.typ): the template's variables, the fonts typst is given, the front matter left
out, and a table taller than a page in two columns (typst cannot break a float spanning both)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pdfplumber
import pytest

from scripts.article import page_layout, render
from scripts.core import journal, pandoc


@pytest.fixture(scope="module")
def parts() -> dict[str, dict]:
    return {name: journal.part(journal.load(name), "page") for name in ("default", "ieee", "sinta")}


def test_the_default_page_gives_the_template_its_own_values(parts):
    found = page_layout.variables(parts["default"])
    assert found["page-paper"] == "a4"
    assert found["page-margin"] == "(x: 2.5cm, top: 2.5cm, bottom: 2.5cm)"
    assert (found["page-font"], found["page-font-size"], found["heading-1-size"]) == (
        "Libertinus Serif",
        "11pt",
        "12pt",
    )
    assert (found["heading-numbering"], found["heading-1-body"], found["table-text-size"]) == (
        "none",
        "upper(it.body)",
        "9pt",
    )
    assert not {"two-columns", "tables-float", "corresponding-footnote", "hide-orcid", "keywords-before"} & set(found)


def test_a_journal_page_sets_its_own(parts):
    ieee, sinta = page_layout.variables(parts["ieee"]), page_layout.variables(parts["sinta"])
    assert ieee["page-paper"] == "us-letter" and ieee["two-columns"] == "true" and ieee["column-gap"] == "0.2in"
    assert ieee["heading-numbering"] == '"I.A."' and ieee["figure-placement"] == "top"
    assert ieee["corresponding-footnote"] == ieee["hide-orcid"] == "true"
    assert sinta["page-margin"] == "(inside: 3cm, outside: 2.5cm, top: 3cm, bottom: 2.5cm)"
    assert sinta["caption-label-bold"] == sinta["caption-left"] == "true" and sinta["figure-placement"] == "none"


def test_only_a_font_typst_lacks_brings_a_font_folder(parts):
    assert page_layout.font_paths(parts["default"]) == []
    [folder] = page_layout.font_paths(parts["ieee"])
    assert (Path(folder) / "STIXGeneral.ttf").is_file()


def meta_string(text: str) -> dict:
    return {"t": "MetaString", "c": text}


def test_other_language_title_and_abstract_left_out_when_the_journal_prints_one_language(parts):
    abstract = {lang: {"t": "MetaMap", "c": {"typst-lang": meta_string(lang)}} for lang in ("en", "id")}
    doc = {
        "meta": {
            "typst-lang": meta_string("en"),
            "other-titles": {"t": "MetaList", "c": []},
            "abstracts": {"t": "MetaList", "c": [abstract["en"], abstract["id"]]},
        },
        "blocks": [],
    }
    kept = copy.deepcopy(doc)
    assert page_layout.front_matter_doc(doc, parts["default"]) == kept
    shown = page_layout.front_matter_doc(doc, parts["ieee"])
    assert "other-titles" not in shown["meta"] and shown["meta"]["abstracts"]["c"] == [abstract["en"]]
    assert doc == kept


ROWS = 70
LONG_TABLE = "\n".join(
    [
        "---",
        "title: A long table",
        "properties: {title: A long table}",
        "typst-lang: en",
        "continued-label: continued",
        "date-year: 2030",
        "date-month: 1",
        "date-day: 2",
        "---",
        *["Some body text that runs on for a while to fill the columns of the page. " * 8 + "\n"] * 6,
        ": Table 9. A table taller than a page",
        "",
        "| Item | What was found |",
        "|------|-------------------------------------------------------------|",
        *[
            f"| {n} | A finding written out at some length, so that the row takes two lines or more. |"
            for n in range(ROWS)
        ],
        "",
        "More body text after the table. " * 40,
    ]
)


@pytest.fixture(scope="module")
def long_table_pdf(parts, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("long-table")
    edition = folder / "doc.json"
    edition.write_bytes(pandoc.run(["-f", "markdown", "-t", "json"], source="doc.md", stdin=LONG_TABLE.encode()))
    typ = folder / "doc.typ"
    typ.write_bytes(render.typst_source(str(edition), 0, parts["ieee"]))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # typst's root: the typst source's folder
        pdf = render.compile_typst("doc.typ", 0, fonts=page_layout.font_paths(parts["ieee"]))
    (folder / "doc.pdf").write_bytes(pdf)
    return folder / "doc.pdf"


def test_a_table_taller_than_a_page_breaks_across_pages_spanning_both_columns(long_table_pdf):
    with pdfplumber.open(long_table_pdf) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
        starts = [n for n, text in enumerate(texts) if "Table 9. A table taller" in text]
        continued = [n for n, text in enumerate(texts) if "Table 9 continued" in text]
        assert len(starts) == 1 and continued and min(continued) > starts[0], texts
        for n in [starts[0], *continued]:
            page = pdf.pages[n]
            words = page.extract_words()
            # The rows' text (each centred in its cell) starts left of the middle of the page and ends
            # right of it, well past where a column would: the table spans both columns.
            lefts = [w["x0"] for w in words if w["text"] == "finding"]
            rights = [w["x1"] for w in words if w["text"] == "more."]
            assert lefts and max(lefts) < page.width / 2 - 40 and min(rights) > page.width / 2 + 40, n
        # The body text before and after the table stays in two columns.
        first = pdf.pages[0]
        body = [w for w in first.extract_words() if w["text"] == "columns"]
        assert min(w["x0"] for w in body) < first.width / 2 < max(w["x0"] for w in body)
        assert json.dumps(texts).count("More body text") > 0


def one_column_floating_tables(parts) -> dict:
    part = copy.deepcopy(parts["sinta"])
    part["page"]["tables"] = "top"
    return part


def test_in_one_column_a_table_that_fits_floats_to_the_top_and_a_taller_one_breaks(parts, tmp_path):
    short = "\n".join([": Table 3. A short table", "", "| Item | Note |", "|---|---|", "| 1 | one |", ""])
    text = LONG_TABLE.replace("More body text after the table.", short + "\nMore body text after the table.", 1)
    edition = tmp_path / "doc.json"
    edition.write_bytes(pandoc.run(["-f", "markdown", "-t", "json"], source="doc.md", stdin=text.encode()))
    part = one_column_floating_tables(parts)
    (tmp_path / "doc.typ").write_bytes(render.typst_source(str(edition), 0, part))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        pdf = render.compile_typst("doc.typ", 0, fonts=page_layout.font_paths(part))
    (tmp_path / "doc.pdf").write_bytes(pdf)
    with pdfplumber.open(tmp_path / "doc.pdf") as document:
        texts = [page.extract_text() or "" for page in document.pages]
        assert [n for n, t in enumerate(texts) if "Table 9 continued" in t], texts
        [(page, caption)] = [
            (page, word) for page in document.pages for word in page.extract_words() if word["text"] == "short"
        ]
        # The short table's caption heads its page, under the 3 cm top margin and the running head.
        assert caption["top"] < 3 / 2.54 * 72 + 30, caption
