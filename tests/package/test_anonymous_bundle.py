"""The reviewers' bundle of a double-blind submission names nobody, and still verifies; the
editor's bundle carries the names. Real workflow, on a copy whose metadata names a made-up
author (traces.name_author); every member of each bundle is searched, inside DOCX, PDF and zip.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import copy_repo, snakemake
from traces import AUTHOR, IDENTITIES, name_author, traces

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def named(built, tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("named-bundle") / "repo", with_build_from=built)
    name_author(repo)
    result = snakemake(repo, "build/submission.zip", "build/editor.zip")
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def test_the_reviewers_bundle_names_the_author_nowhere(named):
    bundle = named / "build" / "submission.zip"
    assert traces(bundle.name, bundle.read_bytes(), IDENTITIES) == []
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert "manuscript/metadata.yaml" in names and "MANIFEST.json" in names
        assert {"build/en/article-review.pdf", "build/id/article-review.docx"} <= set(names)
        assert not [name for name in names if name.endswith(("title-page.docx", "/article.pdf", "/article.xml"))]


def test_the_editors_bundle_has_the_names_the_reviewers_bundle_withholds(named):
    bundle = named / "build" / "editor.zip"
    found = traces(bundle.name, bundle.read_bytes(), IDENTITIES)
    parts = {part.split("!")[1].split("#")[0] for part, identity in found if identity == AUTHOR["name"]}
    assert {
        "manuscript/metadata.yaml",
        "build/en/title-page.docx",
        "build/id/article.pdf",
        "build/en/article.xml",
    } <= parts


def test_the_reviewers_bundle_verifies_where_it_is_unpacked(named, tmp_path):
    folder = tmp_path / "submission"
    with zipfile.ZipFile(named / "build" / "submission.zip") as archive:
        archive.extractall(folder)
    outputs = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))["outputs"]
    result = snakemake(folder, "verify")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    n = len(outputs)
    assert f"verify: passed: {n} of {n} outputs rebuilt from the raw data in build/verify match the manifest" in output
