"""The DOCX document properties indexers and repositories read, set after pandoc writes the file.

pandoc fills `core.xml` only partly (no creator, keywords or subject from our metadata),
copies a stale `app.xml` out of its template ("Microsoft Word 12.0.0", one page), and
writes every other metadata field into `custom.xml` (build paths, layout settings). Here:
- `core.xml`: title, creator, keywords, subject (the abstract), language, identifier (the DOI)
  and category (the journal's section heading) from the
  edition's placeholder-free `properties` (scripts/checks/metadata.py; no creator in the review
  version), with pandoc's dates kept;
- `app.xml`: no page, word or application counts that nobody computed;
- `custom.xml`: removed, with its relationship and content type.
Every other member keeps its bytes, order and date, so the file stays byte-identical.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

CORE = "docProps/core.xml"
APP = "docProps/app.xml"
CUSTOM = "docProps/custom.xml"
RELS = "_rels/.rels"
CONTENT_TYPES = "[Content_Types].xml"

NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
# What app.xml keeps: flags true of any file pandoc writes, no counts and no application.
APP_FLAGS = (
    ("DocSecurity", "0"),
    ("ScaleCrop", "false"),
    ("LinksUpToDate", "false"),
    ("SharedDoc", "false"),
    ("HyperlinksChanged", "false"),
)
KEYWORD_SEPARATOR = "; "


def qualified(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def core_xml(properties: dict, language: str, dates: list) -> bytes:
    """core.xml with the fields that are known; `dates` are pandoc's created/modified elements."""
    root = etree.Element(qualified("cp:coreProperties"), nsmap={k: NS[k] for k in ("cp", "dc", "dcterms", "xsi")})
    fields = [
        ("dc:title", properties.get("title")),
        ("dc:subject", properties.get("description")),
        ("dc:creator", KEYWORD_SEPARATOR.join(properties.get("authors") or [])),
        ("cp:keywords", KEYWORD_SEPARATOR.join(properties.get("keywords") or [])),
        ("dc:language", language),
        ("dc:identifier", properties.get("doi")),
        ("cp:category", properties.get("category")),
    ]
    for name, value in fields:
        if value:
            etree.SubElement(root, qualified(name)).text = value
    root.extend(dates)
    return serialize(root)


def app_xml() -> bytes:
    root = etree.Element(f"{{{APP_NS}}}Properties", nsmap={None: APP_NS})
    for name, value in APP_FLAGS:
        etree.SubElement(root, f"{{{APP_NS}}}{name}").text = value
    return serialize(root)


def without(xml: bytes, xpath: str) -> bytes:
    """`xml` without the elements `xpath` finds (as it was when there are none)."""
    root = etree.fromstring(xml)
    found = root.xpath(xpath, namespaces=NS)
    for element in found:
        element.getparent().remove(element)
    return serialize(root) if found else xml


def with_properties(docx: bytes, properties: dict, language: str) -> bytes:
    """The DOCX `docx` with its document properties set as the module says."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    infos = [info for info in source.infolist() if info.filename != CUSTOM]
    members = {info.filename: source.read(info) for info in infos}
    dates = etree.fromstring(members[CORE]).xpath("dcterms:created | dcterms:modified", namespaces=NS)
    members[CORE] = core_xml(properties, language, dates)
    if APP in members:
        members[APP] = app_xml()
    members[RELS] = without(members[RELS], f"//rel:Relationship[@Target='{CUSTOM}']")
    members[CONTENT_TYPES] = without(members[CONTENT_TYPES], f"//ct:Override[@PartName='/{CUSTOM}']")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in infos:
            archive.writestr(info, members[info.filename], compress_type=info.compress_type)
    return buffer.getvalue()
