"""Two clean builds of the same sources, in different folders at different times, give the
same bytes: every deliverable, the manifest and the bundle. No output carries the clock.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pypdf
import pytest
import yaml
from conftest import NOT_COPIED, snakemake

from scripts.core.files import ZIP_EPOCH

pytestmark = pytest.mark.integration

# Logs echo each job's messages; everything else under build/ is a deliverable or feeds one.
NOT_COMPARED = ("build/logs/",)


def build_files(repo: Path) -> dict[str, bytes]:
    return {
        path.relative_to(repo).as_posix(): path.read_bytes()
        for path in sorted((repo / "build").rglob("*"))
        if path.is_file() and not path.relative_to(repo).as_posix().startswith(NOT_COMPARED)
    }


@pytest.fixture(scope="module")
def second_build(built, tmp_path_factory) -> Path:
    """A second clean build: another folder, later, one job at a time (the first ran two).

    Its sources are copied from the first build's folder, not from the working tree, so that
    an edit made to the tree meanwhile cannot tell the two apart.
    """
    repo = tmp_path_factory.mktemp("elsewhere") / "deeper" / "repo"
    shutil.copytree(built, repo, ignore=NOT_COPIED)
    result = snakemake(repo, "--cores", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def test_two_clean_builds_are_byte_identical(built, second_build):
    first, second = build_files(built), build_files(second_build)
    assert sorted(first) == sorted(second)
    for name in (
        "build/MANIFEST.json",
        "build/submission.zip",
        "build/id/article.pdf",
        "build/en/article.docx",
        "build/tables/findings.csv",
        "build/en/tables/findings.md",
        "build/id/figures/audience_age.png",
        "build/en/figures/audience_age.svg",
        "build/en/article-review.pdf",
        "build/id/title-page.docx",
        "build/en/article.xml",
        "build/id/article.xml",
        "build/en/article.json",
    ):
        assert name in first, name
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_every_date_stamp_is_the_build_date_at_midnight(built):
    """Catches a clock read even on the day the build date names: the time would not be 00:00."""
    date = yaml.safe_load((built / "config.yaml").read_text(encoding="utf-8"))["build_date"]
    stamp = date.strftime("%Y%m%d")
    for pdf in sorted((built / "build").rglob("*.pdf")):
        info = pypdf.PdfReader(pdf).metadata
        assert info["/CreationDate"] == info["/ModDate"] == f"D:{stamp}000000Z", pdf
    # Each edition's DOCX files (build/reference*.docx keep pandoc's own template date; they are only styles).
    for archive_path in [*sorted((built / "build").glob("*/*.docx")), built / "build" / "submission.zip"]:
        with zipfile.ZipFile(archive_path) as archive:
            dates = {info.date_time for info in archive.infolist()}
            assert dates <= {ZIP_EPOCH, (date.year, date.month, date.day, 0, 0, 0)}, archive_path
            if archive_path.suffix == ".docx":
                core = archive.read("docProps/core.xml").decode("utf-8")
                assert set(re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core)) == {
                    f"{date.isoformat()}T00:00:00Z"
                }
    for png in sorted((built / "build").rglob("*.png")):
        assert b"tIME" not in png.read_bytes() and b"Software" not in png.read_bytes(), png
    for svg in sorted((built / "build").rglob("*.svg")):
        assert b"<dc:date>" not in svg.read_bytes() and b"Matplotlib v" not in svg.read_bytes(), svg


def test_the_bundle_carries_the_same_bytes_as_the_build(built):
    with zipfile.ZipFile(io.BytesIO((built / "build" / "submission.zip").read_bytes())) as archive:
        for name in archive.namelist():
            if name.startswith("build/"):
                assert archive.read(name) == (built / name).read_bytes(), name
