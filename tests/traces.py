"""Where a file names a person: every part of it searched, as a curious reviewer could.

A DOCX or any zip is searched member by member (a DOCX inside a zip too); a PDF by its page
text, its document information (/Info) and its XMP metadata, and by its raw bytes; anything
else by its text. Whitespace, hyphens and quote styles are ignored (readers.squash), so a name
broken across lines or hyphenated is still found. `name_author` plants a real-looking, made-up
author in a copy's metadata, for the search to look for.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
import yaml
from readers import squash

PDF = b"%PDF-"

# A real-looking, made-up author, planted in manuscript/metadata.yaml.
AUTHOR = {
    "name": "Wulan Sekarningrum",
    "email": "wulan.sekarningrum@fisip.unmade.ac.id",
    "corresponding": True,
    "affiliations": [1],
}
AFFILIATION = {"id": 1, "name": "Program Studi Hubungan Masyarakat, Universitas Cahaya Nusantara, Cilegon"}
IDENTITIES = [AUTHOR["name"], AUTHOR["email"], AFFILIATION["name"]]


def name_author(repo: Path) -> None:
    """manuscript/metadata.yaml with AUTHOR and AFFILIATION instead of its placeholders."""
    path = repo / "manuscript" / "metadata.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta.update(authors=[AUTHOR], affiliations=[AFFILIATION])
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def pdf_texts(data: bytes) -> dict[str, str]:
    """The text of each part of a PDF a reader or an indexer sees."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    xmp = reader.trailer["/Root"].get("/Metadata")
    return {
        "text": "\n".join(page.extract_text() or "" for page in reader.pages).replace("\u00a0", " "),
        "info": "\n".join(str(value) for value in (reader.metadata or {}).values()),
        "xmp": xmp.get_object().get_data().decode("utf-8", "replace") if xmp else "",
        "bytes": data.decode("latin-1"),
    }


def texts(name: str, data: bytes) -> dict[str, str]:
    """Every searchable text of the file `name` holding `data`, by where it was found."""
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {
                f"{name}!{part}": text
                for member in archive.namelist()
                for part, text in texts(member, archive.read(member)).items()
            }
    if data.startswith(PDF):
        return {f"{name}#{part}": text for part, text in pdf_texts(data).items()}
    return {name: data.decode("utf-8", "replace")}


def traces(name: str, data: bytes, identities: list[str]) -> list[tuple[str, str]]:
    """(part, identity) for each identity found in each part of the file."""
    found = []
    for part, text in texts(name, data).items():
        flat = squash(text).casefold()
        found += [(part, identity) for identity in identities if squash(identity).casefold() in flat]
    return found
