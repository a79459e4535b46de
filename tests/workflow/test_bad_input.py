"""Bad input stops the real workflow with one clear message, no traceback, no article written.

Each case starts from a copy of a finished build with the article files removed, breaks one
input, and runs the workflow again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import closing_block, copy_repo, snakemake

pytestmark = pytest.mark.integration

ARTICLES = ["build/{lang}/article.pdf", "build/{lang}/article.docx"]


def break_and_build(built: Path, tmp_path: Path, change) -> tuple[Path, str]:
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    for lang in ("id", "en"):
        for pattern in ARTICLES:
            (repo / pattern.format(lang=lang)).unlink()
    change(repo)
    result = snakemake(repo)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert not list((repo / "build").rglob("*.tmp")), "a temporary file was left behind"
    return repo, output


def edit(repo: Path, relative: str, old: str, new: str) -> None:
    path = repo / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(repo: Path, relative: str, text: str) -> None:
    path = repo / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def no_articles(repo: Path, langs=("id", "en")) -> bool:
    return not any((repo / p.format(lang=lang)).exists() for lang in langs for p in ARTICLES)


def test_yaml_error_in_metadata(built, tmp_path):
    repo, output = break_and_build(
        built, tmp_path, lambda r: edit(r, "manuscript/metadata.yaml", "title:\n", "title: [\n")
    )
    assert re.search(r"manuscript/metadata\.yaml:\d+: error \[yaml-syntax\]", output)
    assert no_articles(repo)


@pytest.mark.parametrize("field,lang", [("title", "en"), ("abstract", "id"), ("keywords", "en")])
def test_missing_title_abstract_or_keywords(built, tmp_path, field, lang):
    def drop(repo):
        path = repo / "manuscript" / "metadata.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        start = lines.index(f"{field}:\n")
        i = next(i for i in range(start, len(lines)) if lines[i].startswith(f"  {lang}:"))
        end = i + 1
        while end < len(lines) and lines[end].startswith("    "):
            end += 1  # a block scalar or list continues on deeper-indented lines
        path.write_text("".join(lines[:i] + lines[end:]), encoding="utf-8")

    repo, output = break_and_build(built, tmp_path, drop)
    assert re.search(rf"manuscript/metadata\.yaml:\d+: error \[missing-metadata\] {field}\.{lang}", output)
    assert no_articles(repo)


def test_missing_section_file(built, tmp_path):
    repo, output = break_and_build(built, tmp_path, lambda r: (r / "manuscript/en/method.md").unlink())
    # Found while Snakemake reads the workflow: the run still ends with the closing block, the error last.
    heading, *block = closing_block(output)
    assert heading.startswith("==== build FAILED: 1 error")
    assert block[-1] == "manuscript/en/method.md: error [missing-file] file not found; the workflow reads it"
    assert no_articles(repo, ["en"])


def test_missing_raw_file_names_the_declarations_that_read_it(built, tmp_path):
    repo, output = break_and_build(built, tmp_path, lambda r: (r / "data/raw/platforms.csv").unlink())
    heading, *block = closing_block(output)
    assert heading.startswith("==== build FAILED: 2 errors")
    declaration = (repo / "data/tables/accounts.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(declaration, 1) if text.startswith("source: platforms"))
    named = "data/raw/platforms.csv, which `source:` names, is not found"
    assert f"data/tables/accounts.yaml:{line}: error [missing-file] {named}" in block
    assert "rule " not in output  # before any job
    assert no_articles(repo)


def test_image_that_does_not_exist(built, tmp_path):
    repo, output = break_and_build(
        built, tmp_path, lambda r: append(r, "manuscript/id/method.md", "\n![Foto](foto-tidak-ada.png)\n")
    )
    assert re.search(
        r"manuscript/id/method\.md:\d+: error \[missing-image\] image foto-tidak-ada\.png does not exist", output
    )
    assert no_articles(repo, ["id"])


def test_typst_compile_error(built, tmp_path):
    raw_typst = "\n```{=typst}\n#no-such-function()\n```\n"
    repo, output = break_and_build(built, tmp_path, lambda r: append(r, "manuscript/en/method.md", raw_typst))
    # Traced back to the manuscript line; the typst source it was found in is kept in build/logs.
    line = len((repo / "manuscript/en/method.md").read_text(encoding="utf-8").splitlines()) - 1
    assert re.search(
        rf"manuscript/en/method\.md:{line}:1: error \[typst\] typst cannot compile: unknown variable: "
        r"no-such-function \(typst source: build/logs/en-article\.typ:\d+:\d+\)",
        output,
    )
    assert (repo / "build/logs/en-article.typ").is_file()
    assert not (repo / "build/en/article.pdf").exists()


def test_unknown_placeholder_and_label(built, tmp_path):
    def add_unknowns(repo):
        # The same sentence in both editions, so that only the assembly can object.
        for lang in ("id", "en"):
            append(repo, f"manuscript/{lang}/method.md", "\nAda {{count.nothing}} dan @tbl:nothing.\n")

    repo, output = break_and_build(built, tmp_path, add_unknowns)
    assert re.search(
        r"manuscript/(id|en)/method\.md:\d+:5: error \[unknown-placeholder\] no value named \{\{count\.nothing\}\}",
        output,
    )
    assert re.search(r"manuscript/(id|en)/method\.md:\d+:\d+: error \[unknown-label\] @tbl:nothing", output)
    assert no_articles(repo)


def test_invalid_raw_data_builds_nothing_from_it(built, tmp_path):
    def break_share(repo):
        edit(repo, "data/raw/audience_age.csv", "@tangerangtv,25-34,40", "@tangerangtv,25-34,4O")

    repo, output = break_and_build(built, tmp_path, break_share)
    assert "data/raw/audience_age.csv:" in output and "[type]" in output and "share_pct" in output
    assert no_articles(repo)
    assert not list((repo / "build" / "tables").glob("*.csv")), "the data job left a table of its failed run"
    # The manifest listed the tables and values.json the failed data job removed: it goes too, and the run says so.
    assert not (repo / "build/MANIFEST.json").exists()
    assert "build/MANIFEST.json: note [stale-manifest] removed: it listed build/" in output


def test_image_without_alt_text(built, tmp_path):
    def add_image(repo):
        (repo / "manuscript/en/chart.png").write_bytes((repo / "build/en/figures/audience_age.png").read_bytes())
        append(repo, "manuscript/en/method.md", "\nSee the chart below.\n\n![](chart.png)\n")

    repo, output = break_and_build(built, tmp_path, add_image)
    lines = (repo / "manuscript/en/method.md").read_text(encoding="utf-8").splitlines()
    assert (
        f"manuscript/en/method.md:{len(lines)}:1: error [missing-alt-text] image chart.png has no alternative text"
        in output
    )
    assert no_articles(repo, ["en"])


def test_generated_figure_without_alt_text(built, tmp_path):
    def drop_alt(repo):
        path = repo / "data/figures/audience_age.yaml"
        text = path.read_text(encoding="utf-8")
        start = text.index("  id: >-\n    Diagram batang")
        path.write_text(text[:start] + text[text.index("  en: >-\n    Bar chart") :], encoding="utf-8")

    repo, output = break_and_build(built, tmp_path, drop_alt)
    assert re.search(
        r"data/figures/audience_age\.yaml:\d+: error \[missing-alt-text\] alt: the figure needs alternative "
        r"text in 'id'",
        output,
    )
    assert no_articles(repo, ["id"])


def test_placeholder_title(built, tmp_path):
    repo, output = break_and_build(
        built,
        tmp_path,
        lambda r: edit(r, "manuscript/metadata.yaml", '  en: "The Tangerang', '  en: "[placeholder: English title]" #'),
    )
    assert "manuscript/metadata.yaml:3: error [placeholder-title] title.en is a placeholder" in output
    assert no_articles(repo)
