"""Integration tests: the real workflow, real pandoc and typst, on a copy of the repository.

Each test reads the built files themselves: text extracted from the PDFs, paragraphs and
tables read from the DOCX files.
"""

from __future__ import annotations

import re

import pytest
from conftest import snakemake
from readers import docx_paragraphs, docx_tables, metadata, pdf_text, reference_names, squash, strings

from scripts.data import declared_tables as declared

pytestmark = pytest.mark.integration

LANGS = ["id", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_holds_titles_abstracts_keywords_headings_and_references(built, lang):
    text = pdf_text(built / "build" / lang / "article.pdf")
    flat = squash(text)
    meta = metadata(built)
    local = strings(built, lang)
    for code in LANGS:
        assert squash(meta["title"][code]) in flat
        assert squash(meta["abstract"][code]) in flat
        for keyword in meta["keywords"][code]:
            assert squash(keyword) in flat
        assert strings(built, code)["abstract"] in text
        assert strings(built, code)["keywords"] in text
    assert local["references"].upper() in text
    assert f"{local['table']} 1" in text and f"{local['table']} 3" in text
    assert f"{local['figure']} 1" in text
    for section in (built / "manuscript" / lang).glob("*.md"):
        for heading in re.findall(r"^#+ (.+)$", section.read_text(encoding="utf-8"), flags=re.M):
            assert squash(heading.replace("*", "")).upper() in flat.upper()
    references = text[text.rindex(local["references"].upper()) :]
    for key, name in reference_names(built).items():
        assert squash(name) in squash(references), key


def test_pdf_reading_order_titles_authors_english_then_indonesian_abstract(built):
    for lang in LANGS:
        text = squash(pdf_text(built / "build" / lang / "article.pdf"))
        meta = metadata(built)
        other = "en" if lang == "id" else "id"
        positions = [
            text.index(squash(s))
            for s in (
                meta["title"][lang],
                meta["title"][other],
                meta["authors"][0]["name"],
                meta["abstract"]["en"],
                meta["abstract"]["id"],
            )
        ]
        assert positions == sorted(positions), lang


@pytest.mark.parametrize("lang", LANGS)
def test_citation_words_follow_the_edition_language(built, lang):
    text = pdf_text(built / "build" / lang / "article.pdf")
    if lang == "id":
        assert "dkk." in text and "dalam" in text and "hlm." in text and "t.t." in text
        assert "et al." not in text and "n.d." not in text
    else:
        assert "et al." in text and "as cited in" in text and "p. 9" in text and "n.d." in text
        assert "dkk." not in text and "hlm." not in text


@pytest.mark.parametrize("lang", LANGS)
def test_docx_holds_authors_abstracts_references_and_styles(built, lang):
    paragraphs = docx_paragraphs(built / "build" / lang / "article.docx")
    styles = {style for style, _ in paragraphs}
    meta = metadata(built)

    def by_style(name):
        return [text for style, text in paragraphs if style == name]

    assert [squash(t) for t in by_style("Title")] == [squash(meta["title"][lang])]
    assert [squash(t) for t in by_style("Subtitle")] == [squash(meta["title"]["en" if lang == "id" else "id"])]
    assert meta["authors"][0]["name"] in by_style("Author")[0]
    assert any(meta["affiliations"][0]["name"] in text for text in by_style("Affiliation"))
    abstracts = by_style("Abstract")
    assert [squash(a) for a in abstracts] == [squash(meta["abstract"]["en"]), squash(meta["abstract"]["id"])]
    assert by_style("Abstract Title") == ["Abstract", "Abstrak"]
    assert {"Heading 1", "Heading 2", "Table Caption", "Image Caption", "Bibliography"} <= styles
    references = by_style("Bibliography")
    names = reference_names(built)
    assert len(references) == len(names)
    for key, name in names.items():
        assert any(text.startswith(name) for text in references), key
    assert by_style("Heading 1")[-1] == strings(built, lang)["references"]


@pytest.mark.parametrize("lang", LANGS)
def test_docx_tables_are_numbered_and_captioned_in_the_edition_language(built, lang):
    local = strings(built, lang)
    captions = [
        text for style, text in docx_paragraphs(built / "build" / lang / "article.docx") if style == "Table Caption"
    ]
    assert len(captions) == len(docx_tables(built / "build" / lang / "article.docx")) == 3
    assert [c.split(".")[0] for c in captions] == [f"{local['table']} {n}" for n in (1, 2, 3)]
    for name, decl in declared.load_all(built / declared.FOLDER).items():
        assert any(declared.caption(decl, lang) in c for c in captions), name


def test_second_run_has_nothing_to_do(built):
    result = snakemake(built, "--dry-run")
    assert result.returncode == 0
    assert "Nothing to be done" in result.stdout + result.stderr


def test_lint_reports_nothing(built):
    result = snakemake(built, "--lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Congratulations" in result.stdout + result.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_properties_carry_the_title(built, lang):
    import pypdf

    info = pypdf.PdfReader(built / "build" / lang / "article.pdf").metadata
    assert squash(info["/Title"]) == squash(metadata(built)["title"][lang])
