"""scripts.checks.edition_check: editions that match pass; each kind of difference is an error naming
both files (with the line); missing section files; JSON report; no traceback on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.checks.edition_check import EDITION_RULES, main
from scripts.core import journal, paths
from scripts.core.errors import run_cli

REPO = Path(__file__).resolve().parents[2]

ROOT = Path(__file__).resolve().parents[2]

CONFIG = "languages: [id, en]\nsections: [introduction, results]\ncitation_severity: {}\n"

ID = {
    "introduction": (
        "# Pendahuluan\n\n"
        "Humas memakai media sosial [@smith2020; @cutlip2006, hlm. 5].\n\n"
        "## Tujuan\n\n"
        "Penelitian ini membaca {{count.accounts}} akun resmi.\n"
    ),
    "results": (
        "# Hasil\n\n"
        "Temuan ada di @tbl:findings dan @fig:age; {{pct.age_25_34}} pengikut berusia 25--34 tahun.\n\n"
        "{{table:findings}}\n\n"
        "{{figure:age}}\n"
    ),
}
EN = {
    "introduction": (
        "# Introduction\n\n"
        "Public relations used social media [@cutlip2006, p. 5; @smith2020].\n\n"
        "## Aims\n\n"
        "This study reads {{count.accounts}} official accounts.\n"
    ),
    "results": (
        "# Results\n\n"
        "Findings are in @tbl:findings and @fig:age; {{pct.age_25_34}} of followers are 25--34.\n\n"
        "{{table:findings}}\n\n"
        "{{figure:age}}\n"
    ),
}


def make(tmp_path, id_=None, en=None, config=CONFIG) -> Path:
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    for lang, files in (("id", id_ if id_ is not None else ID), ("en", en if en is not None else EN)):
        folder = tmp_path / "manuscript" / lang
        folder.mkdir(parents=True, exist_ok=True)
        for section, text in files.items():
            if text is not None:
                (folder / f"{section}.md").write_text(text, encoding="utf-8")
    # What the build writes before the check runs: the default journal profile's typesetting part.
    journal.write_parts(journal.load("default", root=REPO), str(tmp_path / paths.JOURNAL_PART))
    return tmp_path


def run(tmp_path, monkeypatch, capsys, *extra):
    monkeypatch.chdir(tmp_path)
    code = run_cli(main, ["--config", "config.yaml", *extra, "--json", "report.json", "manuscript"])
    err = capsys.readouterr().err
    report = (
        json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
        if (tmp_path / "report.json").exists()
        else None
    )
    return code, (report or {}).get("findings", []), err


def test_matching_editions_pass(tmp_path, monkeypatch, capsys):
    make(tmp_path)
    code, findings, err = run(tmp_path, monkeypatch, capsys)
    assert (code, findings, err) == (0, [], "")


def edit(files: dict, section: str, old: str, new: str) -> dict:
    changed = dict(files)
    assert old in changed[section]
    changed[section] = changed[section].replace(old, new)
    return changed


# rule -> (id files, en files, the file and line the finding must point at, words in the message)
CASES = {
    "citation-mismatch": (
        ID,
        edit(EN, "introduction", "; @smith2020", ""),
        ("manuscript/id/introduction.md", 3),
        ["@smith2020", "manuscript/en/introduction.md"],
    ),
    "table-mismatch": (
        ID,
        edit(EN, "results", "{{table:findings}}\n\n", ""),
        ("manuscript/id/results.md", 5),
        ["{{table:findings}}", "manuscript/en/results.md"],
    ),
    "figure-mismatch": (
        edit(ID, "results", "{{figure:age}}", "{{figure:ages}}"),
        EN,
        ("manuscript/en/results.md", 7),
        ["{{figure:age}}", "manuscript/id/results.md"],
    ),
    "crossref-mismatch": (
        ID,
        edit(EN, "results", "@tbl:findings and ", ""),
        ("manuscript/id/results.md", 3),
        ["@tbl:findings", "manuscript/en/results.md"],
    ),
    "placeholder-mismatch": (
        ID,
        edit(EN, "introduction", "{{count.accounts}}", "{{count.account}}"),
        ("manuscript/en/introduction.md", 7),
        ["{{count.account}}", "manuscript/id/introduction.md"],
    ),
    "heading-mismatch": (
        ID,
        edit(EN, "introduction", "## Aims", "### Aims"),
        ("manuscript/en/introduction.md", 5),
        ["level 3", "manuscript/id/introduction.md:5"],
    ),
    "missing-section": (ID, {**EN, "results": None}, ("manuscript/en/results.md", None), ["missing", "results"]),
}


def test_every_edition_rule_has_a_case():
    from scripts.checks.prose import PROSE_RULES  # each with its own cases in tests/checks/test_prose.py

    others = {"unlisted-section", "empty-section", "encoding", "parse-error", *PROSE_RULES}
    assert set(CASES) | others == set(EDITION_RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_difference_is_an_error_naming_both_files(rule, tmp_path, monkeypatch, capsys):
    id_, en, (file, line), words = CASES[rule]
    make(tmp_path, id_, en)
    code, findings, err = run(tmp_path, monkeypatch, capsys)
    assert code == 1
    hits = [f for f in findings if f["rule"] == rule]
    assert hits, err
    assert any(f["file"] == file and f["line"] == line and f["severity"] == "error" for f in hits), hits
    assert all(w in " ".join(f["message"] for f in hits) for w in words), hits
    assert f"{file}" in err and f"[{rule}]" in err


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_silent_when_editions_match(rule, tmp_path, monkeypatch, capsys):
    make(tmp_path)
    _, findings, _ = run(tmp_path, monkeypatch, capsys)
    assert rule not in [f["rule"] for f in findings]


def test_heading_count_difference(tmp_path, monkeypatch, capsys):
    make(tmp_path, en=edit(EN, "introduction", "## Aims\n\n", ""))
    code, findings, _ = run(tmp_path, monkeypatch, capsys)
    [f] = [f for f in findings if f["rule"] == "heading-mismatch"]
    assert f["file"] == "manuscript/id/introduction.md" and f["line"] == 5
    assert "no counterpart in manuscript/en/introduction.md" in f["message"] and code == 1


def test_order_inside_a_section_and_locators_do_not_matter(tmp_path, monkeypatch, capsys):
    # EN cites the two keys in the other order and with another locator: still the same set
    make(tmp_path)
    code, findings, _ = run(tmp_path, monkeypatch, capsys)
    assert code == 0 and findings == []


def test_placeholders_in_code_are_ignored(tmp_path, monkeypatch, capsys):
    make(
        tmp_path,
        en=edit(EN, "results", "{{figure:age}}\n", "{{figure:age}}\n\n```\n{{not.a.placeholder}} @nokey\n```\n"),
    )
    code, findings, _ = run(tmp_path, monkeypatch, capsys)
    assert (code, findings) == (0, [])


def test_unlisted_section_is_a_warning(tmp_path, monkeypatch, capsys):
    make(tmp_path, en={**EN, "appendix": "# Appendix\n"})
    code, findings, _ = run(tmp_path, monkeypatch, capsys)
    assert code == 0
    assert [(f["rule"], f["severity"], f["file"]) for f in findings] == [
        ("unlisted-section", "warning", "manuscript/en/appendix.md")
    ]


def test_empty_section_in_both_editions_is_a_warning(tmp_path, monkeypatch, capsys):
    make(tmp_path, id_={**ID, "results": "\n"}, en={**EN, "results": "<!-- later -->\n"})
    code, findings, _ = run(tmp_path, monkeypatch, capsys)
    assert code == 0
    assert [(f["rule"], f["severity"], f["file"]) for f in findings] == [
        ("empty-section", "warning", "manuscript/en/results.md"),
        ("empty-section", "warning", "manuscript/id/results.md"),
    ]


def test_not_utf8_section_is_an_encoding_error(tmp_path, monkeypatch, capsys):
    make(tmp_path)
    (tmp_path / "manuscript" / "en" / "results.md").write_bytes(
        EN["results"].replace("Results", "Résultats").encode("latin-1")
    )
    code, findings, _ = run(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert [(f["rule"], f["file"], f["line"]) for f in findings] == [("encoding", "manuscript/en/results.md", 1)]


def test_unreadable_yaml_is_a_parse_error(tmp_path, monkeypatch, capsys):
    make(tmp_path, en=edit(EN, "results", "# Results\n", "---\nx: [\n---\n\n# Results\n"))
    code, findings, err = run(tmp_path, monkeypatch, capsys)
    assert code == 1 and "Traceback" not in err
    assert [f["rule"] for f in findings] == ["parse-error"]


def test_json_report(tmp_path, monkeypatch, capsys):
    id_, en, _, _ = CASES["citation-mismatch"]
    make(tmp_path, id_, en)
    run(tmp_path, monkeypatch, capsys)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["tool"] == "check_editions"
    assert report["languages"] == ["id", "en"] and report["sections"] == ["introduction", "results"]
    assert report["counts"]["error"] == 1 and report["counts"]["by_rule"] == {"citation-mismatch": 1}


def test_three_editions_each_compared_with_the_first(tmp_path, monkeypatch, capsys):
    make(tmp_path, config="languages: [id, en, fr]\nsections: [introduction, results]\n")
    folder = tmp_path / "manuscript" / "fr"
    folder.mkdir()
    (folder / "introduction.md").write_text(EN["introduction"], encoding="utf-8")
    (folder / "results.md").write_text(EN["results"].replace("{{figure:age}}\n", ""), encoding="utf-8")
    code, findings, _ = run(tmp_path, monkeypatch, capsys)
    assert [(f["rule"], f["file"]) for f in findings] == [("figure-mismatch", "manuscript/id/results.md")]
    assert "manuscript/fr/results.md" in findings[0]["message"] and code == 1


@pytest.mark.parametrize("lang,found", [("id", 1), ("en", 0), ("fr", 1)])
def test_one_edition_checks_its_own_files_and_comparisons(lang, found, tmp_path, monkeypatch, capsys):
    """--lang: the build's per-edition check. fr differs from id; en matches; an unlisted
    file in en is en's own finding."""
    make(tmp_path, config="languages: [id, en, fr]\nsections: [introduction, results]\n")
    (tmp_path / "manuscript" / "en" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    folder = tmp_path / "manuscript" / "fr"
    folder.mkdir()
    (folder / "introduction.md").write_text(EN["introduction"], encoding="utf-8")
    (folder / "results.md").write_text(EN["results"].replace("{{figure:age}}\n", ""), encoding="utf-8")
    code, findings, _ = run(tmp_path, monkeypatch, capsys, "--lang", lang)
    assert sum(f["rule"] == "figure-mismatch" for f in findings) == found
    assert [f["file"] for f in findings if f["rule"] == "unlisted-section"] == (
        ["manuscript/en/notes.md"] if lang == "en" else []
    )
    assert code == (1 if found else 0)


def test_unknown_edition_is_one_clear_error(tmp_path, monkeypatch, capsys):
    make(tmp_path)
    code, _, err = run(tmp_path, monkeypatch, capsys, "--lang", "fr")
    assert code == 1 and err.strip() == "config.yaml:1: error [config] --lang fr is not one of 'languages': id, en"


@pytest.mark.parametrize("setup", ["no-manuscript", "no-config", "bad-config", "no-sections"])
def test_bad_input_never_shows_a_traceback(setup, tmp_path):
    make(tmp_path)
    args = ["--config", "config.yaml", "manuscript"]
    if setup == "no-manuscript":
        args[-1] = "elsewhere"
    elif setup == "no-config":
        args[1] = "missing.yaml"
    elif setup == "bad-config":
        (tmp_path / "config.yaml").write_text("languages: [id\n", encoding="utf-8")
    elif setup == "no-sections":
        (tmp_path / "config.yaml").write_text("languages: [id, en]\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scripts.checks.edition_check", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "error [" in result.stderr
