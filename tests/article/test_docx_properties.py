"""Unit tests for scripts/article/docx_properties.py on a DOCX pandoc writes."""

import io
import zipfile

import pytest
from lxml import etree

from scripts.article import docx_properties
from scripts.core import pandoc

PROPERTIES = {
    "title": "Judul & <subjudul>",
    "authors": ["Ani Lestari", "Budi"],
    "keywords": ["satu", "dua"],
    "description": "Abstrak singkat.",
}
NS = docx_properties.NS


@pytest.fixture(scope="module")
def written() -> bytes:
    """A DOCX as pandoc writes it, with metadata that pandoc puts into custom.xml."""
    source = b"---\ntitle: Judul\nbibliography: bib/references.bib\nlinestretch: 1.3em\n---\n\nTeks.\n"
    return pandoc.run(["-f", "markdown", "-t", "docx", "-o", "-"], source="x.md", epoch=86400, stdin=source)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_pandoc_writes_what_the_module_repairs(written):
    before = members(written)
    assert b"bib/references.bib" in before["docProps/custom.xml"]
    assert b"Microsoft Word" in before["docProps/app.xml"]


def test_core_xml_holds_the_properties_and_keeps_pandocs_dates(written):
    core = etree.fromstring(members(docx_properties.with_properties(written, PROPERTIES, "id-ID"))["docProps/core.xml"])
    text = {etree.QName(child).localname: child.text for child in core}
    assert text["title"] == "Judul & <subjudul>" and text["creator"] == "Ani Lestari; Budi"
    assert text["keywords"] == "satu; dua" and text["subject"] == "Abstrak singkat." and text["language"] == "id-ID"
    assert text["created"] == text["modified"] == "1970-01-02T00:00:00Z"


def test_doi_and_section_heading_are_identifier_and_category(written):
    properties = {"title": "Judul", "doi": "10.5555/x", "category": "Artikel Penelitian"}
    core = etree.fromstring(members(docx_properties.with_properties(written, properties, "id-ID"))["docProps/core.xml"])
    ns = docx_properties.NS
    assert core.findtext("dc:identifier", namespaces=ns) == "10.5555/x"
    assert core.findtext("cp:category", namespaces=ns) == "Artikel Penelitian"


def test_missing_properties_leave_no_empty_field(written):
    core = members(docx_properties.with_properties(written, {"title": "Judul"}, "id-ID"))["docProps/core.xml"]
    root = etree.fromstring(core)
    assert root.find("dc:creator", NS) is None and root.find("cp:keywords", NS) is None


def test_custom_xml_is_gone_with_its_references_and_app_xml_has_no_counts(written):
    after = members(docx_properties.with_properties(written, PROPERTIES, "id-ID"))
    assert "docProps/custom.xml" not in after
    assert b"custom" not in after["_rels/.rels"] and b"custom" not in after["[Content_Types].xml"]
    app = after["docProps/app.xml"]
    assert b"Microsoft" not in app and b"<Pages>" not in app and b"<Words>" not in app
    assert b"docProps/app.xml" in after["_rels/.rels"]


def test_other_members_keep_their_bytes_order_and_dates(written):
    repaired = docx_properties.with_properties(written, PROPERTIES, "id-ID")
    with zipfile.ZipFile(io.BytesIO(written)) as a, zipfile.ZipFile(io.BytesIO(repaired)) as b:
        before = [(i.filename, i.date_time) for i in a.infolist() if i.filename != "docProps/custom.xml"]
        assert before == [(i.filename, i.date_time) for i in b.infolist()]
        assert a.read("word/document.xml") == b.read("word/document.xml")
    assert repaired == docx_properties.with_properties(written, PROPERTIES, "id-ID")
