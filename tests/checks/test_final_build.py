"""A final build (`snakemake --config final=true`) refuses what a journal would send back, on the
real workflow: the repository's own placeholders (manuscript/metadata.yaml) and its references
without a title (bib/references.bib: the study gives none) become errors at their file and line,
the build exits non-zero and writes nothing; the default build keeps warning about them.
"""

from __future__ import annotations

import re

import pytest
from conftest import copy_repo, snakemake

from scripts.core import yamlfile

pytestmark = pytest.mark.integration

REFUSED = "; a final build (--config final=true) refuses it"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return copy_repo(tmp_path_factory.mktemp("final") / "repo")


def test_a_final_build_fails_at_each_placeholder_and_writes_nothing(repo):
    # --keep-going: the metadata check runs even when the citation check has failed first.
    result = snakemake(repo, "--keep-going", "--config", "final=true")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    lines = yamlfile.key_lines(str(repo / "manuscript" / "metadata.yaml"))
    expected = {
        f"manuscript/metadata.yaml:{lines[key]}: error [placeholder] {'.'.join(key)} is still a placeholder"
        for key in [("authors", "0", "name"), ("journal", "doi")]
    }
    found = {line.split(": [placeholder")[0] for line in output.splitlines() if "error [placeholder]" in line}
    assert expected <= found, output
    assert REFUSED in output and "warning [placeholder]" not in output
    assert re.search(r"^bib/references\.bib:\d+: error \[missing-field\]", output, re.M), output
    written = sorted(
        str(path.relative_to(repo))
        for path in (repo / "build").rglob("*")
        if path.is_file() and path.parts[-2] not in ("logs", "config")
    )
    assert not [path for path in written if re.search(r"article|reports/metadata|submission", path)], written


def test_a_final_build_fails_at_each_reference_missing_a_field(repo):
    result = snakemake(repo, "build/reports/citations-en.json", "--config", "final=true")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    refused = re.findall(r"^bib/references\.bib:(\d+): error \[missing-field\] @misc '(\w+)' lacks title", output, re.M)
    bib = (repo / "bib" / "references.bib").read_text(encoding="utf-8").splitlines()
    assert refused and all(bib[int(line) - 1].startswith(f"@misc{{{key},") for line, key in refused), output
    assert "warning [missing-field]" not in output
    assert not (repo / "build" / "reports" / "citations-en.json").exists()


def test_the_default_build_keeps_warning(repo):
    result = snakemake(repo, "build/reports/metadata.json", "build/reports/citations-en.json")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning [placeholder]" in output and "warning [missing-field]" in output
    assert "error [" not in output and REFUSED not in output
