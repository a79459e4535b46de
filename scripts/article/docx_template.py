"""The journal's own Word template (`docx: {template: journal.dotx, styles: {...}}` in its profile)
as the reference document of every DOCX the build writes.

- `reference`: the template, checked (a zip with a main document and a styles part) and made a
  reference document pandoc reads: a .dotx's main part declared a document's (its content type),
  a zoom without its percentage given Word's 100 (the OOXML schema requires it; python-docx's
  own template leaves it out), its members dated as every file the build writes; its page setup
  and styles kept. With it, one
  warning for each style pandoc writes that the template lacks once `styles:` maps it (pandoc
  then adds its own default of that style), and for each mapping of a style pandoc never writes;
- `review_reference`: that reference with the review version's line numbers and line spacing;
- `mapped`: a DOCX pandoc wrote, its paragraphs and runs moved from pandoc's styles to the
  template's that `styles:` names (pandoc writes its own names: Body Text, Heading 1, …).
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from scripts.core import journal
from scripts.core.errors import WARNING, UserError, finding
from scripts.core.files import normalized_zip, zip_members

RULE = "docx-template"
STYLE_RULE = "docx-template-style"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = "[Content_Types].xml"
DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
SETTINGS = "word/settings.xml"
TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# The styles the build's DOCX files are written in (pandoc's and templates/frontmatter.lua's).
WRITTEN_STYLES = (
    "Title",
    "Subtitle",
    "Author",
    "Affiliation",
    "Abstract Title",
    "Abstract",
    "Keywords",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "First Paragraph",
    "Body Text",
    "Compact",
    "Table Caption",
    "Captioned Figure",
    "Image Caption",
    "Bibliography",
    "Footnote Text",
    "Hyperlink",
)
# Where a part of the document names a style.
STYLE_REFERENCES = ("pStyle", "rStyle", "tblStyle")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _at(where: dict | None, key: str, style: str | None = None) -> tuple[str, int | None]:
    """Where the profile names the template (`key` template) or maps `style` (`key` styles)."""
    return journal.part_where(where, "docx", key, *([style] if style else []))


def style_ids(styles_xml: bytes) -> dict[str, str]:
    """Each style's name, case folded (Word's own names are lower case: "heading 1"), → its id."""
    root = etree.fromstring(styles_xml)
    return {
        style.find(_w("name")).get(_w("val")).casefold(): style.get(_w("styleId"))
        for style in root.iterfind(_w("style"))
        if style.find(_w("name")) is not None
    }


def read_template(part: dict, where: dict | None = None) -> list[tuple[str, bytes]]:
    """The template's members, or one error at the profile's `template:` line saying what is wrong."""
    name = part["docx"]["template"]
    path = part.get("template_file")
    file, line = _at(where, "template")

    def bad(text: str) -> UserError:
        return UserError(finding(file, RULE, f"docx.template: {text}", line=line))

    if not path:
        raise bad(f"no file {name} in the profile's folder (or a folder of the profiles it extends)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError) as error:
        raise bad(f"{path} is not a Word document or template (a zip archive): {error}") from None
    for needed, what in ((CONTENT_TYPES, "content types"), (DOCUMENT, "main document"), (STYLES, "styles")):
        if needed not in members:
            raise bad(f"{path} has no {what} part ({needed}): not a Word document or template")
    try:
        style_ids(members[STYLES])
        etree.fromstring(members[DOCUMENT])
    except etree.XMLSyntaxError as error:
        raise bad(f"{path}: its XML cannot be read: {error}") from None
    return list(members.items())


def style_warnings(part: dict, styles_xml: bytes, where: dict | None = None) -> list:
    """A warning for each style the build writes that the template lacks after `styles:` maps it,
    and for each mapping of a style the build never writes."""
    names = style_ids(styles_xml)
    mapping = part["docx"].get("styles") or {}
    template = part["docx"]["template"]
    found = []
    for style in WRITTEN_STYLES:
        target = mapping.get(style, style)
        if target.casefold() in names:
            continue
        file, line = _at(where, "styles", style) if style in mapping else _at(where, "template")
        mapped_from = f" (for {style!r})" if style in mapping else ""
        found.append(
            finding(
                file,
                STYLE_RULE,
                f"the Word template {template} has no style {target!r}{mapped_from}: the DOCX takes pandoc's "
                f"default {style!r} instead (map it to one of the template's under docx.styles)",
                line=line,
                severity=WARNING,
            )
        )
    for style in mapping:
        if style not in WRITTEN_STYLES:
            file, line = _at(where, "styles", style)
            found.append(
                finding(
                    file,
                    STYLE_RULE,
                    f"docx.styles: the build writes no style {style!r} (it writes {', '.join(WRITTEN_STYLES)})",
                    line=line,
                    severity=WARNING,
                )
            )
    return found


def zoom_with_percent(settings_xml: bytes) -> bytes:
    """The settings part with its w:zoom's required w:percent (100 where it is missing)."""
    root = etree.fromstring(settings_xml)
    zoom = root.find(_w("zoom"))
    if zoom is None or zoom.get(_w("percent")) is not None:
        return settings_xml
    zoom.set(_w("percent"), "100")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def reference(part: dict, where: dict | None = None) -> tuple[bytes, list]:
    """The template as a reference document, and the warnings about its styles (at the lines `where`, the
    where part, gives)."""
    members = dict(read_template(part, where))
    members[CONTENT_TYPES] = members[CONTENT_TYPES].replace(TEMPLATE_TYPE, DOCUMENT_TYPE)
    if SETTINGS in members:
        members[SETTINGS] = zoom_with_percent(members[SETTINGS])
    return normalized_zip(list(members.items())), style_warnings(part, members[STYLES], where)


def review_reference(edition: bytes, line_spacing: float, number_lines) -> bytes:
    """The template's reference document with the review version's line numbers (`number_lines`
    on each section) and at least `line_spacing` between the lines of its text."""
    import docx

    document = docx.Document(io.BytesIO(edition))
    normal = document.styles["Normal"].paragraph_format
    spacing = normal.line_spacing
    if not isinstance(spacing, float) or spacing < line_spacing:  # a length is an exact spacing: replaced
        normal.line_spacing = line_spacing
    for section in document.sections:
        number_lines(section)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalized_zip(zip_members(buffer.getvalue()))


def renamed(xml: bytes, ids: dict[str, str]) -> bytes:
    root = etree.fromstring(xml)
    for tag in STYLE_REFERENCES:
        for reference_element in root.iter(_w(tag)):
            old = reference_element.get(_w("val"))
            if old in ids:
                reference_element.set(_w("val"), ids[old])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def mapped(docx: bytes, part: dict) -> bytes:
    """The DOCX with every paragraph, run and table in a mapped pandoc style moved to the
    template's style `styles:` names (the DOCX unchanged without a template or a mapping)."""
    mapping = (part.get("docx") or {}).get("styles") if (part.get("docx") or {}).get("template") else None
    if not mapping:
        return docx
    members = zip_members(docx)
    names = style_ids(dict(members)[STYLES])
    ids = {
        names[style.casefold()]: names[target.casefold()]
        for style, target in mapping.items()
        if style.casefold() in names and target.casefold() in names
    }
    rewritten = [
        (
            name,
            renamed(data, ids)
            if name.startswith("word/") and name.endswith(".xml") and name != STYLES and b"Style w:val=" in data
            else data,
        )
        for name, data in members
    ]
    return normalized_zip(rewritten)
