"""Rebuild only what an edit touches, read from the jobs Snakemake runs on a copy of a finished build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import copy_repo, snakemake

pytestmark = pytest.mark.integration

JOB = re.compile(r"^(?:local)?rule (\w+):\n(?:    .*\n)*?    output: (.*)$", re.M)


def jobs_run(repo: Path) -> dict[str, set[str]]:
    """Rule → the output files of its jobs that ran, from a real build's log."""
    result = snakemake(repo)
    assert result.returncode == 0, result.stderr
    ran: dict[str, set[str]] = {}
    for match in JOB.finditer(result.stdout + result.stderr):
        ran.setdefault(match[1], set()).update(match[2].split(", "))
    return ran


def edit(repo: Path, relative: str) -> None:
    path = repo / relative
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


@pytest.mark.parametrize("lang,other", [("en", "id"), ("id", "en")])
def test_an_edit_to_one_edition_renders_only_that_edition(built, tmp_path, lang, other):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    edit(repo, f"manuscript/{lang}/method.md")
    ran = jobs_run(repo)
    written = set().union(*ran.values())
    for name in ("article.pdf", "article.docx", "article-review.pdf", "article-review.docx"):
        assert f"build/{lang}/{name}" in written
        assert f"build/{other}/{name}" not in written
    assert f"build/reports/editions-{lang}.json" in written  # compared with the other edition
    assert f"build/reports/editions-{other}.json" not in written
    assert not [path for path in written if path.startswith(f"build/{other}/")]


def test_an_edition_edit_with_a_render_setting_edit_rerenders_both(built, tmp_path):
    """A render input of both editions (the DOCX defaults) changed together with one
    edition's text: every DOCX is rebuilt in the same run, none is left stale."""
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    edit(repo, "manuscript/id/method.md")
    defaults = repo / "templates" / "defaults" / "docx.yaml"
    defaults.write_text(defaults.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    written = set().union(*jobs_run(repo).values())
    for lang in ("id", "en"):
        assert {f"build/{lang}/article.docx", f"build/{lang}/article-review.docx"} <= written, lang
    assert "build/reports/editions-en.json" not in written


def test_a_sections_change_reruns_neither_title_pages_nor_the_citation_style(built, tmp_path):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    config = repo / "config.yaml"
    text = config.read_text(encoding="utf-8")
    old = "sections: [introduction, method, results, conclusion]"
    assert old in text
    config.write_text(text.replace(old, "sections: [introduction, method, conclusion, results]"), encoding="utf-8")
    ran = jobs_run(repo)
    assert {"assemble", "check_editions", "pdf", "docx"} <= set(ran)
    assert not {"csl", "front_matter", "title_page", "check_metadata"} & set(ran)
