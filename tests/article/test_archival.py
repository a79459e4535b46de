"""Archival, accessible and indexable outputs, read back from a real build: the PDFs' structure
tree and XMP (pikepdf; veraPDF in test_validators.py), the DOCX document properties and
accessibility marks, and the JATS XML (lxml). Nothing a metadata field holds is a placeholder.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import copy_repo, snakemake
from lxml import etree
from readers import metadata, pdf_structure, pdf_xmp, strings

pytestmark = pytest.mark.integration

LANGS = ["id", "en"]
OTHER = {"id": "en", "en": "id"}
PDFS = [f"build/{lang}/{name}.pdf" for lang in LANGS for name in ("article", "article-review")]
DOCXS = [f"build/{lang}/{name}.docx" for lang in LANGS for name in ("article", "article-review", "title-page")]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def one_line(text: str) -> str:
    return " ".join(text.split())


def typographic(text: str) -> str:
    """pandoc's smart quotes, as the PDF properties carry them."""
    return text.replace("'", "\u2019")


def lang_of(path: str) -> str:
    return path.split("/")[1]


def body_headings(repo: Path, lang: str) -> int:
    text = (repo / f"build/{lang}/article.md").read_text(encoding="utf-8")
    return len(re.findall(r"^#{1,6} ", text, re.M))


def declared_figure(repo: Path) -> dict:
    """The audience chart's declaration (data/figures/audience_age.yaml): its caption and alt text per edition."""
    import yaml

    return yaml.safe_load((repo / "data/figures/audience_age.yaml").read_text(encoding="utf-8"))


def figure_alt(repo: Path, lang: str) -> str:
    """The alt text the build wrote into the assembled document for the generated figure."""
    text = (repo / f"build/{lang}/article.md").read_text(encoding="utf-8")
    alt = re.search(r'\(figures/audience_age\)\{fig-alt="((?:[^"\\]|\\.)*)"\}', text)[1]
    return re.sub(r"\\(.)", r"\1", alt)


# --- PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize("relative", PDFS)
def test_pdf_claims_pdf_a_2a_and_pdf_ua_1_with_language_and_window_title(built, relative):
    xmp = pdf_xmp(built / relative)
    assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"], xmp["pdfuaid:part"]) == ("2", "A", "1")
    with pikepdf.open(built / relative) as pdf:
        assert str(pdf.Root.Lang) == lang_of(relative)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) and bool(pdf.Root.MarkInfo.Marked)


@pytest.mark.parametrize("relative", PDFS)
def test_pdf_xmp_and_info_hold_title_keywords_subject_language_date(built, relative):
    lang, meta = lang_of(relative), metadata(built)
    xmp = pdf_xmp(built / relative)
    assert xmp["dc:title"] == typographic(meta["title"][lang])
    assert xmp["pdf:Keywords"] == ", ".join(meta["keywords"][lang])
    assert one_line(xmp["dc:description"]) == typographic(one_line(meta["abstract"][lang]))
    assert set(xmp["dc:language"]) == {lang}
    assert xmp["xmp:CreateDate"].startswith(str(meta_date(built)))
    with pikepdf.open(built / relative) as pdf:
        info = {key: str(value) for key, value in pdf.docinfo.items()}
    assert info["/Title"] == xmp["dc:title"] and info["/Keywords"] == xmp["pdf:Keywords"]


def meta_date(repo: Path):
    import yaml

    return yaml.safe_load((repo / "config.yaml").read_text(encoding="utf-8"))["build_date"]


@pytest.mark.parametrize("relative", PDFS)
def test_no_placeholder_in_any_pdf_metadata_field(built, relative):
    with pikepdf.open(built / relative) as pdf:
        fields = [str(value) for value in pdf.docinfo.values()] + [str(v) for v in pdf_xmp(built / relative).values()]
    assert not [field for field in fields if "placeholder" in field.lower()]
    assert "dc:creator" not in pdf_xmp(built / relative)  # the only author is a placeholder


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_structure_tree_holds_headings_tables_figure_alt_and_language_spans(built, lang):
    tree = pdf_structure(built / f"build/{lang}/article.pdf")
    roles = tree["roles"]
    # Every section heading of the body, and the reference list's own heading.
    assert sum(roles[f"/H{level}"] for level in range(1, 7)) == body_headings(built, lang) + 1
    assert roles["/Table"] == 3 and roles["/THead"] == 3 and roles["/TH"] >= 3 * 3 and roles["/TD"] > 0
    assert roles["/Figure"] == 1 and tree["alts"] == [("/Figure", figure_alt(built, lang))]
    # The other language's title, its abstract and its keywords: marked with that language.
    assert set(tree["langs"]) == {OTHER[lang]} and sum(tree["langs"][OTHER[lang]].values()) >= 3


def test_figure_alt_text_is_in_the_edition_language_with_figures_from_the_data(built):
    import json

    for lang in LANGS:
        values = json.loads((built / f"build/{lang}/values.json").read_text(encoding="utf-8"))
        alt = figure_alt(built, lang)
        assert values["audience.1.top1.share"] in alt and values["audience.1.account"] in alt
        assert alt.startswith(declared_figure(built)["alt"][lang].split()[0])


# --- DOCX ------------------------------------------------------------------------------------


def docx_part(path: Path, name: str) -> etree._Element | None:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name)) if name in archive.namelist() else None


def core_fields(path: Path) -> dict[str, str]:
    return {etree.QName(child).localname: child.text for child in docx_part(path, "docProps/core.xml")}


@pytest.mark.parametrize("relative", DOCXS)
def test_docx_core_properties_and_no_stale_or_internal_ones(built, relative):
    lang, meta = lang_of(relative), metadata(built)
    core = core_fields(built / relative)
    assert core["title"] == meta["title"][lang] and core["language"] == strings(built, lang)["locale"]
    assert core["subject"] == one_line(meta["abstract"][lang]) and core["keywords"] == "; ".join(meta["keywords"][lang])
    assert "creator" not in core  # the only author is a placeholder
    with zipfile.ZipFile(built / relative) as archive:
        assert "docProps/custom.xml" not in archive.namelist()
        app = archive.read("docProps/app.xml")
        properties = b"".join(archive.read(name) for name in archive.namelist() if name.startswith("docProps/"))
    assert b"Microsoft" not in app and b"<Pages>" not in app
    assert b"placeholder" not in properties.lower() and b"build/" not in properties and b".bib" not in properties


@pytest.mark.parametrize("lang", LANGS)
def test_docx_images_have_alt_text_and_tables_header_rows(built, lang):
    document = docx_part(built / f"build/{lang}/article.docx", "word/document.xml")
    descriptions = [element.get("descr") for element in document.iter("{*}docPr")]
    # The build binds a number to its noun with a no-break space, in alt text as in the prose.
    assert [d.replace("\xa0", " ") for d in descriptions] == [figure_alt(built, lang).replace("\xa0", " ")]
    tables = list(document.iter(f"{W}tbl"))
    assert len(tables) == 3
    assert all(table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None for table in tables)


@pytest.mark.parametrize("name", ["article", "article-review"])
@pytest.mark.parametrize("lang", LANGS)
def test_docx_other_title_and_both_abstracts_are_marked_with_their_language(built, lang, name):
    document = docx_part(built / f"build/{lang}/{name}.docx", "word/document.xml")
    locale = {code: strings(built, code)["locale"] for code in LANGS}
    marked: dict[str, list[str]] = {}
    for paragraph in document.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        langs = {run.get(f"{W}val") for run in paragraph.iter(f"{W}lang")}
        if style is not None and style.get(f"{W}val") in ("Subtitle", "Abstract", "AbstractTitle", "Keywords"):
            marked.setdefault(style.get(f"{W}val"), []).append((text, langs))
    meta = metadata(built)
    [(subtitle, subtitle_langs)] = marked["Subtitle"]
    assert subtitle == typographic(meta["title"][OTHER[lang]]) and subtitle_langs == {locale[OTHER[lang]]}
    abstracts = {one_line(text): langs for text, langs in marked["Abstract"]}
    for code in LANGS:
        assert abstracts[typographic(one_line(meta["abstract"][code]))] == {locale[code]}
    assert [langs for _, langs in marked["Keywords"]] == [{locale["en"]}, {locale["id"]}]


# --- JATS ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_jats_holds_both_titles_abstracts_keywords_references_tables_and_figure(built, lang):
    tree = etree.parse(str(built / f"build/{lang}/article.xml"))
    root, meta, other = tree.getroot(), metadata(built), OTHER[lang]
    assert "Journal Publishing DTD v1.3" in tree.docinfo.doctype and root.get("dtd-version") == "1.3"
    article_meta = root.find("front/article-meta")
    title = article_meta.find("title-group/article-title")
    trans = article_meta.find("title-group/trans-title-group")
    assert (title.get(XML_LANG), one_line("".join(title.itertext()))) == (lang, typographic(meta["title"][lang]))
    assert (trans.get(XML_LANG), one_line(trans.findtext("trans-title"))) == (other, typographic(meta["title"][other]))
    abstract, trans_abstract = article_meta.find("abstract"), article_meta.find("trans-abstract")
    assert abstract.get(XML_LANG) == lang and trans_abstract.get(XML_LANG) == other
    assert one_line("".join(abstract.find("p").itertext())) == typographic(one_line(meta["abstract"][lang]))
    # The edition's own kwd-group inherits the article's xml:lang (JATS4R: no repeat of it).
    groups = {
        group.get(XML_LANG, lang): [kwd.text for kwd in group.findall("kwd")]
        for group in article_meta.findall("kwd-group")
    }
    assert groups == {code: meta["keywords"][code] for code in LANGS}
    refs = root.findall("back/ref-list/ref")
    assert len(refs) == len(re.findall(r"^@\w+\{", (built / "bib/references.bib").read_text(encoding="utf-8"), re.M))
    assert all(len(ref.findall("element-citation")) == 1 for ref in refs)
    word = strings(built, lang)
    tables = root.findall(".//table-wrap")
    assert [t.findtext("label") for t in tables] == [f"{word['table']} {n}" for n in (1, 2, 3)]
    assert all(t.findtext("caption/p").strip() and t.find(".//th") is not None for t in tables)
    [fig] = root.findall(".//fig")
    assert fig.findtext("label") == f"{word['figure']} 1"
    assert one_line(fig.findtext("caption/p")) == declared_figure(built)["caption"][lang]
    assert one_line(fig.findtext(".//alt-text")) == one_line(figure_alt(built, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_jats_front_carries_no_placeholder(built, lang):
    front = etree.parse(str(built / f"build/{lang}/article.xml")).getroot().find("front")
    assert b"placeholder" not in etree.tostring(front).lower()
    assert front.find("article-meta/contrib-group") is None  # the only author is a placeholder


# --- A named author reaches every metadata field, except in the review versions ---------------


@pytest.fixture(scope="module")
def named(built, tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("named") / "repo", with_build_from=built)
    path = repo / "manuscript/metadata.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"[placeholder: author name]"', "Test Author").replace(
            '"[placeholder: affiliation]"', "Test University"
        ),
        encoding="utf-8",
    )
    targets = [
        f"build/en/{name}"
        for name in ("article.pdf", "article-review.pdf", "article.docx", "article-review.docx", "article.xml")
    ]
    result = snakemake(repo, *targets)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def test_named_author_is_in_pdf_docx_and_jats_metadata_but_not_in_review_versions(named):
    assert pdf_xmp(named / "build/en/article.pdf")["dc:creator"] == ["Test Author"]
    assert "dc:creator" not in pdf_xmp(named / "build/en/article-review.pdf")
    assert core_fields(named / "build/en/article.docx")["creator"] == "Test Author"
    assert "creator" not in core_fields(named / "build/en/article-review.docx")
    article_meta = etree.parse(str(named / "build/en/article.xml")).getroot().find("front/article-meta")
    assert article_meta.findtext("contrib-group/contrib/string-name") == "Test Author"
    assert article_meta.findtext("contrib-group/contrib/aff/institution") == "Test University"
    assert b"placeholder" not in etree.tostring(article_meta.find("contrib-group")).lower()
