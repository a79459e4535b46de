"""The double-blind review versions and the title page, read back from the real build.

The repository's metadata holds placeholders, so the integration tests build a copy whose
metadata names two real-looking authors with emails and affiliations, and search every
review file's text and metadata for each of them.
"""

from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import docx
import pypdf
import pytest
import yaml
from conftest import copy_repo, snakemake
from readers import squash
from traces import texts

from scripts.article import review
from scripts.core import pandoc

pytestmark = pytest.mark.integration

LANGS = ["id", "en"]
AUTHORS = [
    {
        "name": "Ratna Kusumawardhani",
        "affiliations": [1],
        "email": "ratna.kusumawardhani@untirta.ac.id",
        "corresponding": True,
    },
    {"name": "Bayu Adinegoro", "affiliations": [2], "email": "bayu.adinegoro@ui.ac.id"},
]
AFFILIATIONS = [
    {"id": 1, "name": "Program Studi Ilmu Komunikasi, Universitas Sultan Ageng Tirtayasa, Serang"},
    {"id": 2, "name": "Departemen Ilmu Komunikasi, Universitas Indonesia, Depok"},
]
IDENTITIES = [a["name"] for a in AUTHORS] + [a["email"] for a in AUTHORS] + [a["name"] for a in AFFILIATIONS]
# The article prints the corresponding author's email only.
SHOWN = [i for i in IDENTITIES if i != AUTHORS[1]["email"]]


@pytest.fixture(scope="module")
def named(built, tmp_path_factory) -> Path:
    """A copy of the finished build whose metadata names real-looking authors, rebuilt."""
    repo = copy_repo(tmp_path_factory.mktemp("named") / "repo", with_build_from=built)
    path = repo / "manuscript" / "metadata.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta.update(authors=AUTHORS, affiliations=AFFILIATIONS)
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    targets = [
        f"build/{lang}/{name}"
        for lang in LANGS
        for name in ("article.pdf", "article.docx", "article-review.pdf", "article-review.docx", "title-page.docx")
    ]
    result = snakemake(repo, *targets)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def everything(path: Path) -> str:
    """Every part of a DOCX or PDF (traces.texts): each member; the pages, /Info and XMP."""
    return "\n".join(texts(path.name, path.read_bytes()).values())


def found(identities: list[str], text: str) -> list[str]:
    flat = squash(text).casefold()
    return [name for name in identities if squash(name).casefold() in flat]


@pytest.mark.parametrize("lang", LANGS)
def test_review_versions_name_no_author_affiliation_or_email(named, lang):
    folder = named / "build" / lang
    # The search means something: the ordinary editions do name them all.
    assert found(IDENTITIES, everything(folder / "article.pdf")) == SHOWN
    assert found(IDENTITIES, everything(folder / "article.docx")) == SHOWN
    assert found(IDENTITIES, everything(folder / "article-review.pdf")) == []
    assert found(IDENTITIES, everything(folder / "article-review.docx")) == []


@pytest.mark.parametrize("lang", LANGS)
def test_review_document_properties_carry_no_author(named, lang):
    folder = named / "build" / lang
    assert "/Author" not in (pypdf.PdfReader(folder / "article-review.pdf").metadata or {})
    props = docx.Document(folder / "article-review.docx").core_properties
    assert (props.author or "") == "" and (props.last_modified_by or "") == ""
    assert props.title  # the title stays


@pytest.mark.parametrize("lang", LANGS)
def test_title_page_holds_titles_authors_affiliations_and_email(named, lang):
    meta = yaml.safe_load((named / "manuscript" / "metadata.yaml").read_text(encoding="utf-8"))
    paragraphs = [(p.style.name, p.text) for p in docx.Document(named / "build" / lang / "title-page.docx").paragraphs]
    text = "\n".join(t for _, t in paragraphs)
    assert found(IDENTITIES, text) == SHOWN
    other = "en" if lang == "id" else "id"
    assert [squash(t) for s, t in paragraphs if s == "Title"] == [squash(meta["title"][lang])]
    assert [squash(t) for s, t in paragraphs if s == "Subtitle"] == [squash(meta["title"][other])]
    assert squash(meta["abstract"]["en"])[:40] not in squash(text)  # a title page, not the article


def margin_numbers(path: Path) -> list[list[int]]:
    """Per page, the numbers standing at the start of a line in the PDF's layout text."""
    pages = pypdf.PdfReader(path).pages
    return [
        [int(m) for m in re.findall(r"^\s*(\d+) {3,}\S", page.extract_text(extraction_mode="layout"), flags=re.M)]
        for page in pages
    ]


def line_pitch(path: Path, page: int = 2, body_size: float = 11) -> float:
    """The most common distance between two baselines of body text (11 pt) on a page, in points."""
    ys = set()
    pypdf.PdfReader(path).pages[page].extract_text(
        visitor_text=lambda text, cm, tm, font, size: (
            ys.add(round(cm[5] + tm[5], 2)) if text.strip() and size == body_size else None
        )
    )
    ordered = sorted(ys, reverse=True)
    return collections.Counter(round(a - b, 1) for a, b in zip(ordered, ordered[1:])).most_common(1)[0][0]


@pytest.mark.parametrize("lang", LANGS)
def test_review_pdf_numbers_its_lines_at_one_and_a_half_spacing(built, lang):
    folder = built / "build" / lang
    numbers = [n for page in margin_numbers(folder / "article-review.pdf") for n in page]
    assert len(numbers) > 200 and numbers[:3] == [1, 2, 3]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert not any(margin_numbers(folder / "article.pdf")[1])  # the submission PDF has none
    ratio = line_pitch(folder / "article-review.pdf") / line_pitch(folder / "article.pdf")
    assert ratio == pytest.approx(1.5, abs=0.05)


def effective_line_spacing(style) -> float | None:
    while style is not None:
        if style.paragraph_format.line_spacing is not None:
            return style.paragraph_format.line_spacing
        style = style.base_style
    return None


@pytest.mark.parametrize("lang", LANGS)
def test_review_docx_numbers_its_lines_at_one_and_a_half_spacing(built, lang):
    review_docx = docx.Document(built / "build" / lang / "article-review.docx")
    numbering = review_docx.sections[-1]._sectPr.find(docx.oxml.ns.qn("w:lnNumType"))
    assert numbering is not None and numbering.get(docx.oxml.ns.qn("w:countBy")) == "1"
    for name in ("Body Text", "First Paragraph", "Abstract", "Bibliography"):
        assert effective_line_spacing(review_docx.styles[name]) == 1.5, name
    article = docx.Document(built / "build" / lang / "article.docx")
    assert article.sections[-1]._sectPr.find(docx.oxml.ns.qn("w:lnNumType")) is None
    assert effective_line_spacing(article.styles["Body Text"]) in (None, 1.0)


# Unit tests of the metadata rewriting.

ASSEMBLED = """---
title: Judul
authors:
- name: Ratna Kusumawardhani
  email: ratna@example.ac.id
affiliations:
- mark: '1'
  name: Universitas Contoh
abstracts: []
---

# Pendahuluan

Kami (Ratna Kusumawardhani) menulis ini di Universitas Contoh.
"""


def test_anonymized_drops_identities_and_switches_on_line_numbers():
    meta, _ = review.split(ASSEMBLED, "x")
    anonymous = review.anonymized(meta)
    assert "authors" not in anonymous and "affiliations" not in anonymous
    assert anonymous["anonymous"] is True and anonymous["line-numbers"] is True and anonymous["linestretch"]


def test_review_warnings_name_each_identity_at_its_line():
    warnings = review.review_warnings(ASSEMBLED, "build/id/article.md")
    assert [(w.file, w.line, w.severity, w.rule) for w in warnings] == [
        ("build/id/article.md", 14, "warning", "review-identity")
    ] * 2
    assert sorted(w.message.split("'")[1] for w in warnings) == ["Ratna Kusumawardhani", "Universitas Contoh"]


def test_anonymized_ast_is_the_anonymized_markdown_as_pandoc_reads_it():
    """The review renders read the edition's JSON: anonymizing it must give what pandoc reads
    from the anonymized Markdown, properties included."""
    meta, body = review.split(ASSEMBLED, "x")
    meta["properties"] = {"title": "Judul", "authors": "Ratna Kusumawardhani", "keywords": "humas"}
    edition = review.join(meta, body)

    def read(text):
        return json.loads(pandoc.run(["-f", "markdown", "-t", "json", "-"], source="x", stdin=text.encode("utf-8")))

    assert review.anonymized_ast(read(edition)) == read(review.join(review.anonymized(meta), body))


def test_title_page_keeps_titles_and_people_only():
    meta, body = review.split(review.title_page_document(ASSEMBLED, "x"), "x")
    assert meta == {
        "title": "Judul",
        "authors": [{"name": "Ratna Kusumawardhani", "email": "ratna@example.ac.id"}],
        "affiliations": [{"mark": "1", "name": "Universitas Contoh"}],
    }
    assert body == ""


def test_document_without_front_matter_is_a_finding():
    with pytest.raises(review.UserError) as err:
        review.split("# No front matter\n", "build/id/article.md")
    assert str(err.value.findings[0]).startswith("build/id/article.md:1: error [front-matter]")


def test_docx_text_reader_sees_document_properties(built):
    assert "<dc:title>" in everything(built / "build" / "en" / "article-review.docx")
