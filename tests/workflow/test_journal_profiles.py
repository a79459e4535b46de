"""Journal profiles on the real workflow: switching is cheap (no data job reruns) and exact (switching
back gives the same bytes); the numbered profile numbers its citations and references; the sinta
profile's limits and section names; a bundle built for a journal verifies with it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import closing_block, copy_repo, snakemake

from scripts.core import yamlfile

pytestmark = pytest.mark.integration

JOB = re.compile(r"^(?:local)?rule (\w+):\n(?:    .*\n)*?    output: (.*)$", re.M)
DATA_JOBS = {"data", "localize", "figures", "data_dictionary"}


def ran(result: subprocess.CompletedProcess) -> set[str]:
    return {match[1] for match in JOB.finditer(result.stdout + result.stderr)}


def snapshot(repo: Path) -> dict[str, str]:
    """sha256 of every file of build/ but its logs."""
    build = repo / "build"
    return {
        path.relative_to(build).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(build.rglob("*"))
        if path.is_file() and path.relative_to(build).parts[0] != "logs"
    }


@pytest.fixture(scope="module")
def switched(built, tmp_path_factory) -> dict:
    """The built repository switched to sinta, back to the default, then to ieee: each run's result,
    the build's files before and after the round trip, and the sinta build's bundle."""
    here = tmp_path_factory.mktemp("journals")
    repo = copy_repo(here / "repo", with_build_from=built)
    found = {"repo": repo, "before": snapshot(repo)}
    found["sinta"] = snakemake(repo, "--config", "journal=sinta")
    found["sinta_bundle"] = here / "sinta-submission.zip"
    shutil.copyfile(repo / "build" / "submission.zip", found["sinta_bundle"])
    found["sinta_manifest"] = json.loads((repo / "build" / "MANIFEST.json").read_text(encoding="utf-8"))
    found["sinta_md"] = {lang: (repo / f"build/{lang}/article.md").read_text(encoding="utf-8") for lang in ("id", "en")}
    found["default"] = snakemake(repo)
    found["after"] = snapshot(repo)
    found["ieee"] = snakemake(repo, "--config", "journal=ieee")
    return found


def test_switching_journal_reruns_no_data_job_and_switching_back_gives_the_same_bytes(switched):
    for name in ("sinta", "default", "ieee"):
        result = switched[name]
        assert result.returncode == 0, result.stdout + result.stderr
        jobs = ran(result)
        assert {"csl", "assemble", "pdf", "docx", "check_journal"} <= jobs, (name, jobs)
        assert not DATA_JOBS & jobs, (name, jobs)
    before, after = switched["before"], switched["after"]
    assert sorted(before) == sorted(after)
    assert [name for name in before if before[name] != after[name]] == []


def test_the_manifest_names_the_journal(switched):
    assert switched["sinta_manifest"]["journal"] == "sinta"
    manifest = json.loads((switched["repo"] / "build" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["journal"] == "ieee"


def test_the_sinta_profile_names_the_sections_and_reports_its_limits(switched):
    assert re.findall(r"^# .*$", switched["sinta_md"]["id"], re.M) == [
        "# PENDAHULUAN",
        "# METODE",
        "# HASIL DAN PEMBAHASAN",
        "# SIMPULAN",
    ]
    assert "# RESULTS AND DISCUSSION" in switched["sinta_md"]["en"]
    output = switched["sinta"].stdout + switched["sinta"].stderr
    assert re.search(
        r"^manuscript/metadata\.yaml:3: warning \[journal-title-words\] the en title has \d+ words; "
        r"journal 'sinta' \(journals/sinta/profile\.yaml:\d+\) allows at most 20",
        output,
        re.M,
    ), output


def test_the_numbered_profile_prints_numbered_citations_and_reference_list(switched):
    import docx
    import pdfplumber

    repo = switched["repo"]
    with pdfplumber.open(repo / "build/en/article.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert re.search(r"\s\[1\]", text), text[:2000]
    assert "(Rahmasari, 2018)" not in text
    # The reference list read from the one-column DOCX (the PDF's two columns interleave when
    # extracted; tests/article/test_journal_pdf.py reads them column by column).
    paragraphs = [p.text for p in docx.Document(repo / "build/en/article.docx").paragraphs]
    assert any(re.search(r"\[1\]", p) for p in paragraphs[:60])
    numbers = [int(m[1]) for p in paragraphs if (m := re.match(r"\[(\d+)\]", p))]
    assert numbers[:3] == [1, 2, 3] and numbers == list(range(1, len(numbers) + 1)), numbers


def test_a_bundle_built_for_a_journal_carries_it_and_verifies_with_it(switched, tmp_path):
    folder = tmp_path / "submission"
    with zipfile.ZipFile(switched["sinta_bundle"]) as archive:
        names = archive.namelist()
        archive.extractall(folder)
    assert {"journals/sinta/profile.yaml", "journals/default/profile.yaml", "journals/profile.schema.yaml"} <= set(
        names
    )
    assert yamlfile.load(folder / "config.yaml")["journal"] == "sinta"
    assert json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))["journal"] == "sinta"
    result = snakemake(folder, "verify")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "verify: passed:" in output
    assert json.loads((folder / "build/verify/build/MANIFEST.json").read_text(encoding="utf-8"))["journal"] == "sinta"


@pytest.fixture(scope="module")
def long_abstract(built, tmp_path_factory) -> tuple[Path, int]:
    """A copy whose English abstract has 400 words; the line of that abstract in metadata.yaml."""
    repo = copy_repo(tmp_path_factory.mktemp("abstract") / "repo", with_build_from=built)
    path = repo / "manuscript" / "metadata.yaml"
    line = yamlfile.key_lines(path)[("abstract", "en")]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[line - 1].strip() == "en: |"
    lines[line] = "    " + " ".join(f"word{n}" for n in range(400))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return repo, line


def test_a_400_word_abstract_is_a_warning_at_its_line_against_the_journal_limit(long_abstract):
    repo, line = long_abstract
    result = snakemake(repo, "build/reports/journal.json", "--config", "journal=sinta")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    limit = yamlfile.key_lines(repo / "journals/sinta/profile.yaml")[("limits", "abstract_words")]
    expected = (
        f"manuscript/metadata.yaml:{line}: warning [journal-abstract-words] the en abstract has 400 words; "
        f"journal 'sinta' (journals/sinta/profile.yaml:{limit}) allows 150-250"
    )
    assert expected in closing_block(output), output
    # The default profile sets no limit: nothing to report.
    result = snakemake(repo, "build/reports/journal.json")
    assert "journal-abstract-words" not in result.stdout + result.stderr


def test_a_400_word_abstract_fails_a_final_build(long_abstract):
    repo, line = long_abstract
    result = snakemake(repo, "--keep-going", "build/reports/journal.json", "--config", "journal=sinta", "final=true")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    block = closing_block(output)
    assert block[0].startswith("==== build FAILED"), block
    assert any(
        found.startswith(
            f"manuscript/metadata.yaml:{line}: error [journal-abstract-words] the en abstract has 400 words"
        )
        for found in block
    ), block
    assert not (repo / "build/reports/journal.json").exists()
