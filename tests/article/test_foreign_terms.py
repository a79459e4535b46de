"""Foreign terms in italics: templates/foreign-terms.lua with each edition's list."""

from __future__ import annotations

import json
import re

import docx
import pdfplumber
import pytest
import yaml
from conftest import REPO

from scripts.core import pandoc, paths

pytestmark = pytest.mark.integration

FILTER = REPO / paths.FOREIGN_TERMS_FILTER


def emphasized(markdown: str) -> list[str]:
    """The text of every emphasis pandoc reads after the filter, in the body and the metadata."""
    out = pandoc.run(
        ["-f", "markdown", "-t", "json", f"--lua-filter={FILTER}"],
        source="test",
        stdin=markdown.encode("utf-8"),
        cwd=REPO,
    )
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Emph":
                found.append(pandoc_text(node["c"]))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(out))
    return found


def pandoc_text(inlines) -> str:
    return "".join(
        i["c"] if i["t"] == "Str" else " " if i["t"] in ("Space", "SoftBreak") else pandoc_text(i.get("c", []))
        for i in inlines
    )


def test_the_filter_reads_the_strings_files_where_paths_puts_them():
    pattern = re.search(r'local STRINGS = "([^"]+)"', FILTER.read_text(encoding="utf-8"))[1]
    assert pattern.replace("%s", "{lang}") == paths.STRINGS


def test_every_edition_lists_its_foreign_terms():
    for lang in ("id", "en"):
        strings = yaml.safe_load((REPO / paths.STRINGS.format(lang=lang)).read_text(encoding="utf-8"))
        assert isinstance(strings["foreign_terms"], list)
    assert "branding" in yaml.safe_load((REPO / "templates/i18n/id.yaml").read_text(encoding="utf-8"))["foreign_terms"]


def test_terms_are_italic_with_punctuation_outside_and_multiword_terms_whole():
    found = emphasized("---\nlang: id-ID\n---\nUpaya branding, lalu (Content): public relations.\n")
    assert found == ["branding", "Content", "public relations"]


def test_words_that_only_contain_a_term_stay_upright():
    assert emphasized("---\nlang: id-ID\n---\nvenue-nya, brandings, press.\n") == []


def test_a_term_already_in_italics_is_not_emphasized_twice():
    assert emphasized("---\nlang: id-ID\n---\n*branding* dan **branding**\n") == ["branding", "branding"]


def test_a_passage_in_another_language_uses_that_languages_list():
    text = "---\nlang: id-ID\n---\nbranding\n\n::: {lang=en-US}\nbranding and public relations\n:::\n"
    assert emphasized(text) == ["branding"]


def test_abstracts_in_metadata_take_their_own_language_and_tables_are_covered():
    text = (
        "---\nlang: en-US\nabstracts:\n- lang: id\n  text: penulisan caption\n- lang: en\n  text: a caption\n---\n"
        "| a |\n|---|\n| caption |\n"
    )
    assert emphasized(text) == ["caption"]


def test_citations_are_left_alone():
    assert emphasized("---\nlang: id-ID\n---\n[@key, caption]\n") == []


def test_without_a_language_nothing_changes():
    assert emphasized("branding\n") == []


@pytest.fixture(scope="module")
def id_docx(built) -> docx.Document:
    return docx.Document(built / "build" / "id" / "article.docx")


def italic_runs(paragraphs) -> set[str]:
    return {run.text.strip() for p in paragraphs for run in p.runs if run.italic and run.text.strip()}


def test_indonesian_docx_sets_the_terms_in_italics_in_text_abstract_and_table(id_docx):
    body = italic_runs(id_docx.paragraphs)
    assert {"branding", "caption", "public relations"} <= body
    cells = italic_runs(p for t in id_docx.tables for row in t.rows for c in row.cells for p in c.paragraphs)
    assert "branding" in cells


def test_english_abstract_in_the_indonesian_edition_keeps_its_own_words_upright(id_docx):
    english = [p for p in id_docx.paragraphs if "public relations officers" in p.text]
    assert english
    assert not italic_runs(english) & {"public relations", "captions"}


def test_indonesian_pdf_sets_branding_in_an_italic_face(built):
    with pdfplumber.open(built / "build" / "id" / "article.pdf") as pdf:
        fonts = {}
        for page in pdf.pages:
            for word in page.extract_words(extra_attrs=["fontname"]):
                if word["text"].strip(".,;:()") == "branding":
                    fonts.setdefault(word["fontname"], 0)
                    fonts[word["fontname"]] += 1
    assert fonts and all("Italic" in name for name in fonts), fonts
