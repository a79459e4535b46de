"""A made-up journal's Word template for the tests: python-docx's default document with two
styles of the journal's own names, saved as a .docx or (its main part's content type changed) a .dotx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE

from scripts.article.docx_template import CONTENT_TYPES, DOCUMENT_TYPE, TEMPLATE_TYPE
from scripts.core.files import zip_members

JOURNAL_STYLES = ("Journal Body", "Journal Heading 1")


def journal_template(path: Path, dotx: bool = False) -> Path:
    document = docx.Document()
    for name in JOURNAL_STYLES:
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in zip_members(buffer.getvalue()):
            if dotx and name == CONTENT_TYPES:
                data = data.replace(DOCUMENT_TYPE, TEMPLATE_TYPE)
            archive.writestr(name, data)
    return path
