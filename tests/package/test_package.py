"""The submission package: manifest, bundle, `verify`, the Snakemake report, and the promise
that the build reads nothing outside the repository. Real workflow, real pandoc and typst.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import closing_block, copy_repo, snakemake

from scripts.commands import verify
from scripts.core.files import ZIP_EPOCH
from scripts.package import manifest

pytestmark = pytest.mark.integration

SHA = r"[0-9a-f]{64}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built_manifest(built) -> dict:
    return json.loads((built / "build" / "MANIFEST.json").read_text(encoding="utf-8"))


# The manifest.


def test_manifest_lists_every_input_and_output_with_its_hash_and_size(built, built_manifest):
    config = yaml.safe_load((built / "config.yaml").read_text(encoding="utf-8"))
    assert sorted(built_manifest["inputs"]) == manifest.input_files(built)
    assert sorted(built_manifest["outputs"]) == manifest.output_files(config["languages"], config["formats"])
    for kind in ("inputs", "outputs"):
        for name, record in built_manifest[kind].items():
            path = built / name
            assert record == {"sha256": sha256(path), "size": path.stat().st_size}, name
    inputs = set(built_manifest["inputs"])
    for required in (
        "Snakefile",
        "rules/package.smk",
        "config.yaml",
        "requirements.txt",
        "environment.yaml",
        "profiles/default/config.yaml",
        "manuscript/metadata.yaml",
        "manuscript/en/results.md",
        "bib/references.bib",
        "data/raw/audience_age.csv",
        "templates/article.typ",
        "scripts/package/manifest.py",
    ):
        assert required in inputs, required
    assert not any(name.startswith("build/") or "__pycache__" in name for name in inputs)
    assert {"build/id/article.pdf", "build/en/article-review.docx", "build/tables/findings.csv"} <= set(
        built_manifest["outputs"]
    )


def test_manifest_is_sorted_relative_and_dated_by_config(built, built_manifest):
    text = (built / "build" / "MANIFEST.json").read_text(encoding="utf-8")
    assert text == manifest.dumps(json.loads(text))  # sorted keys, one canonical form
    assert str(built) not in text and not re.search(r'"/', text)
    assert built_manifest["build_date"] == str(yaml.safe_load((built / "config.yaml").read_text())["build_date"])
    assert {"python", "snakemake", "pandoc", "typst", "pandas", "bibtexparser"} <= set(built_manifest["tools"])
    assert re.fullmatch(r"\d+\.\d+(\.\d+)*", built_manifest["tools"]["pandoc"])


# The bundle.


def test_bundle_holds_manifest_instructions_sources_and_anonymous_outputs(built, built_manifest):
    config = yaml.safe_load((built / "config.yaml").read_text(encoding="utf-8"))
    named = manifest.named_files(config["languages"], config["formats"])
    assert "build/en/title-page.docx" in named and "build/id/article.pdf" in named and "build/en/article.xml" in named
    with zipfile.ZipFile(built / "build" / "submission.zip") as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert names == sorted(names)
        assert {info.date_time for info in infos} == {ZIP_EPOCH}
        shipped = json.loads(archive.read("MANIFEST.json"))
        assert archive.read("README.md") == (built / "README.md").read_bytes()
        reviewers = archive.read("REVIEWERS.md").decode("utf-8")
        for name in [*built_manifest["inputs"], *built_manifest["outputs"]]:
            if name in named:
                assert name not in names, name
            elif name == "manuscript/metadata.yaml":
                assert shipped["inputs"][name] == manifest.file_record_of(archive.read(name))
            else:
                assert archive.read(name) == (built / name).read_bytes(), name
    # The reviewers' manifest: the build's, less the named outputs, which it lists as withheld.
    assert shipped["withheld"] == named
    assert shipped["outputs"] == {k: v for k, v in built_manifest["outputs"].items() if k not in named}
    assert set(names) == {"MANIFEST.json", "README.md", "REVIEWERS.md", *built_manifest["inputs"], *shipped["outputs"]}
    assert "pip install -r requirements.txt" in reviewers and "snakemake --cores 1 verify" in reviewers
    with zipfile.ZipFile(built / "build" / "editor.zip") as archive:
        assert archive.namelist() == sorted(["MANIFEST.json", "manuscript/metadata.yaml", *named])
        assert archive.read("MANIFEST.json") == (built / "build" / "MANIFEST.json").read_bytes()
        for name in ["manuscript/metadata.yaml", *named]:
            assert archive.read(name) == (built / name).read_bytes(), name


@pytest.fixture
def unpacked(built, tmp_path) -> Path:
    folder = tmp_path / "submission"
    with zipfile.ZipFile(built / "build" / "submission.zip") as archive:
        archive.extractall(folder)
    return folder


def run_verify(folder: Path):
    result = snakemake(folder, "verify")
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    return result.returncode, output


def reviewers_outputs(unpacked: Path) -> dict:
    return json.loads((unpacked / "MANIFEST.json").read_text(encoding="utf-8"))["outputs"]


def test_verify_passes_in_the_unpacked_bundle(unpacked):
    shipped = {name: sha256(unpacked / name) for name in ["MANIFEST.json", *reviewers_outputs(unpacked)]}
    code, output = run_verify(unpacked)
    n = len(reviewers_outputs(unpacked))
    assert code == 0, output
    assert f"verify: passed: {n} of {n} outputs rebuilt from the raw data in build/verify match the manifest" in output
    # It rebuilt everything apart, and left the manifest and the shipped files alone.
    assert (unpacked / "build/verify/build/MANIFEST.json").is_file()
    assert shipped == {name: sha256(unpacked / name) for name in shipped}


def test_verify_fails_on_a_one_value_change_in_the_data(unpacked):
    outputs = reviewers_outputs(unpacked)
    data = unpacked / "data" / "raw" / "audience_age.csv"
    text = data.read_text(encoding="utf-8")
    assert ",40\n" in text and ",32\n" in text
    data.write_text(text.replace(",40\n", ",41\n").replace(",32\n", ",31\n"), encoding="utf-8")  # still sums to 100
    code, output = run_verify(unpacked)
    assert code != 0
    assert re.search(
        rf"^data/raw/audience_age\.csv: error \[input-changed\] MANIFEST\.json sha256 {SHA}, now sha256 {SHA}$",
        output,
        re.M,
    )
    differing = set(
        re.findall(
            rf"^(\S+): error \[output-differs\] MANIFEST\.json sha256 ({SHA}), rebuilt sha256 ({SHA})$", output, re.M
        )
    )
    names = {name for name, _, _ in differing}
    assert {
        "build/tables/audience_age.csv",
        "build/en/figures/audience_age.png",
        "build/id/article-review.pdf",
        "build/en/article-review.docx",
        "build/values.json",
    } <= names
    assert "build/id/article.pdf" not in names  # withheld: rebuilt, not compared
    assert "build/tables/accounts.csv" not in names and "build/tables/findings.csv" not in names
    for name, old, new in differing:
        assert old == outputs[name]["sha256"] and old != new
    assert f"verify: FAILED: {len(outputs) - len(names)} of {len(outputs)} outputs match" in output
    assert "inputs changed: data/raw/audience_age.csv" in output
    assert re.search(r"^\S+: error \[input-changed\]", output, re.M).start() < output.index("[output-differs]")
    assert sum("error [input-changed]" in line for line in closing_block(output)) == 1
    # It says what differs: the changed cells at their row and column, the changed values, the first changed paragraph.
    assert re.search(r"^build/tables/audience_age\.csv:\d+:share_pct: note \[changed-cell\] '40' → '41'$", output, re.M)
    assert re.search(
        r"^build/values\.json: note \[changed-value\] audience\.1\.top1\.share: '40' → '41'$", output, re.M
    )
    assert re.search(
        r"^build/en/article-review\.docx: note \[changed-text\] paragraph \d+: '.*40%.*' → '.*41%.*'$", output, re.M
    )
    assert not re.search(r"^build/\S+\.png: note", output, re.M)  # an image has no readable difference


def test_verify_names_the_docx_table_cell_a_changed_text_cell_of_the_data_changed(unpacked):
    """One text cell of a raw file that only a table shows (an account's content focus): the
    DOCX's text outside its tables is the same, and verify names the table cell that is not."""
    data = unpacked / "data" / "raw" / "accounts.csv"
    text = data.read_text(encoding="utf-8")
    old, new = "with content specific to each agency", "with content specific to each city agency"
    assert text.count(old) == 1
    data.write_text(text.replace(old, new), encoding="utf-8")
    code, output = run_verify(unpacked)
    assert code != 0
    assert re.search(
        r"^build/en/article-review\.docx: note \[changed-cell\] table \d+, row \d+, column 'Content focus': "
        rf"'[^']*{old}' → '[^']*{new}'$",
        output,
        re.M,
    ), output
    assert re.search(rf"^build/tables/accounts\.csv:\d+:focus_en: note \[changed-cell\] '[^']*{old}'", output, re.M)
    assert "the text is the same" not in output
    # The other edition's table did not change: no note about its DOCX.
    assert not re.search(r"^build/id/article-review\.docx: ", output, re.M)


def test_verify_passes_with_a_note_when_only_an_input_changed(unpacked, built_manifest):
    script = unpacked / "scripts" / "data" / "values.py"
    script.write_text(script.read_text(encoding="utf-8") + "\n# A comment changes no output.\n", encoding="utf-8")
    code, output = run_verify(unpacked)
    assert code == 0, output
    assert re.search(
        r"^scripts/data/values\.py: note \[input-changed\] MANIFEST\.json sha256 \w+, now sha256 \w+; "
        r"every output is still the same$",
        output,
        re.M,
    )
    assert "input(s) changed without changing any output: scripts/data/values.py" in output


def test_verify_when_the_rebuild_fails_names_the_problem(unpacked):
    """Invalid data in the sources: verify prints the build's own finding and why it stops."""
    data = unpacked / "data" / "raw" / "audience_age.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(",40\n", ",40%\n", 1), encoding="utf-8")
    code, output = run_verify(unpacked)
    assert code != 0
    assert re.search(r"^data/raw/audience_age\.csv:\d+:share_pct: error \[\S+\] ", output, re.M), output
    assert re.search(r"^build/verify: error \[rebuild-failed\] the rebuild from the raw data failed", output, re.M)


def test_verify_without_a_manifest_says_where_to_put_it(built, tmp_path):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    code, output = run_verify(repo)
    assert code != 0
    assert "MANIFEST.json: error [missing-manifest] no manifest to verify against: unpack submission.zip here" in output
    assert not (repo / "build" / "verify").exists()


def test_compare_reports_changed_missing_and_unlisted_files_and_notes_tool_versions():
    rec = lambda s: {"sha256": s * 64, "size": 1}  # noqa: E731
    reference = {
        "inputs": {"a.csv": rec("1"), "gone.md": rec("2")},
        "outputs": {"o1": rec("3"), "o2": rec("4")},
        "tools": {"python": "3.11.7", "pandoc": "3.9"},
    }
    result = verify.compare(
        reference,
        {"a.csv": rec("1"), "new.md": rec("5")},
        {"o1": rec("3"), "o2": rec("6"), "o3": rec("7")},
        {"python": "3.11.9", "pandoc": "3.9"},
        "MANIFEST.json",
    )
    assert result.matched == ["o1"] and not result.passed
    assert [(f.file, f.rule) for f in result.outputs] == [("o2", "output-differs"), ("o3", "output-unlisted")]
    assert [(f.file, f.rule) for f in result.inputs] == [("gone.md", "input-missing"), ("new.md", "input-unlisted")]
    assert [str(f) for f in result.notes] == [
        "MANIFEST.json: note [tool-version] python 3.11.7 built the manifest, 3.11.9 rebuilt it; "
        "outputs are compared byte for byte regardless"
    ]
    same = verify.compare(reference, reference["inputs"], reference["outputs"], {"python": "3.12.0"}, "MANIFEST.json")
    assert same.passed and len(same.notes) == 2  # a version difference alone never fails


# The Snakemake report.


def test_report_shows_every_table_and_figure_with_its_caption(built, tmp_path):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    result = snakemake(repo, "--report", "build/report.html")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (repo / "build" / "report.html").read_text(encoding="utf-8")
    declarations = [*(repo / "data" / "tables").glob("*.yaml"), *(repo / "data" / "figures").glob("*.yaml")]
    assert len(declarations) == 4
    for path in declarations:
        captions = yaml.safe_load(path.read_text(encoding="utf-8"))["caption"]
        for lang in ("id", "en"):
            assert json.dumps(captions[lang])[1:-1] in html or captions[lang] in html, (lang, path.name)
    for name in ("findings.csv", "audience_age.csv", "accounts.csv", "audience_age.png"):
        assert name in html


# Nothing outside the repository is read.


def break_pdf_or_docx(built: Path, tmp_path: Path, target: str, markdown: str) -> str:
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    (repo / target).unlink()
    (tmp_path / "outside.png").write_bytes((built / "build/en/figures/audience_age.png").read_bytes())
    section = repo / "manuscript/en/method.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n" + markdown, encoding="utf-8")
    result = snakemake(repo, target)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert not (repo / target).exists()
    return output


@pytest.mark.parametrize(
    "raw,expected",
    [
        (
            '#read("/etc/hostname")',
            r"typst cannot compile: file not found: etc/hostname \(typst reads every path from the repository",
        ),
        (
            '#image("../../outside.png")',
            r"typst cannot compile: file not found: outside\.png \(typst reads every path from the repository",
        ),
        (
            '#image("../../../outside.png")',
            r"typst cannot compile: path `\"\.\./\.\./\.\./outside\.png\"` would escape the project root: "
            r"the build reads nothing outside the repository",
        ),
        (
            '#import "@preview/cetz:0.3.4"',
            r"error \[typst-package\] imports the typst package @preview/cetz:0\.3\.4, which typst would download",
        ),
    ],
)
def test_raw_typst_cannot_read_outside_the_repository(built, tmp_path, raw, expected):
    output = break_pdf_or_docx(built, tmp_path, "build/en/article.pdf", f"```{{=typst}}\n{raw}\n```\n")
    assert re.search(r"manuscript/en/method\.md:\d+:\d+: error \[typst", output)
    assert re.search(expected, output), output


def test_reference_style_image_outside_the_repository_stops_the_docx(built, tmp_path):
    output = break_pdf_or_docx(
        built, tmp_path, "build/en/article.docx", f"![Outside][out]\n\n[out]: {tmp_path / 'outside.png'}\n"
    )
    assert (
        f"build/en/article.md: error [pandoc] image {tmp_path / 'outside.png'} is an absolute path; "
        "the build reads nothing outside the repository" in output
    )


def test_input_files_leave_out_build_hidden_files_and_caches(tmp_path):
    for name in (
        "Snakefile",
        "config.yaml",
        "scripts/x.py",
        "scripts/__pycache__/x.cpython-311.pyc",
        "scripts/.x.py.swp",
        "data/raw/a.csv",
        "data/.DS_Store",
        "build/tables/a.csv",
        "manuscript/id/img/photo.png",
        "notes.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert manifest.input_files(tmp_path) == [
        "Snakefile",
        "config.yaml",
        "data/raw/a.csv",
        "manuscript/id/img/photo.png",
        "scripts/x.py",
    ]


def test_bundle_warns_when_the_build_date_would_need_git():
    from scripts.package import bundle

    assert bundle.undated({"build_date": "2026-11-28"}) == []
    [warning] = bundle.undated({"build_date": None})
    assert str(warning).startswith("config.yaml: warning [build-date] build_date is empty")
