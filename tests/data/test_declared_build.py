"""A table and a figure added by declaration alone, as the README's "Adding a table" and "Adding a
figure" show them, on the real workflow: validated, built, placed in both editions' PDF and DOCX,
listed in the manifest."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import closing_block, copy_repo, snakemake
from readers import docx_paragraphs, docx_tables, pdf_structure, pdf_text, squash

pytestmark = pytest.mark.integration

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
OBSTACLES_CSV = re.search(r"```csv\n(code,obstacle_id.*?)```", README, re.S)[1]
OBSTACLES_CONTRACT = re.search(r"```yaml\n# data/contract\.yaml\n(.*?)```", README, re.S)[1]
OBSTACLES_YAML = re.search(r"```yaml\n(# data/tables/obstacles\.yaml\n.*?)```", README, re.S)[1]
ACCOUNTS_YAML = re.search(r"```yaml\n(source: platforms\n.*?)```", README, re.S)[1]
FIGURE_YAML = re.search(r"```yaml\n(# data/figures/accounts_per_platform\.yaml\n.*?)```", README, re.S)[1]
FIGURE_CAPTIONS = {
    "id": ("Gambar", "Jumlah akun resmi bernama per platform"),
    "en": ("Figure", "Official accounts named in the study, per platform"),
}
CAPTIONS = {
    "id": ("Tabel", "Hambatan dalam mengelola akun", "Akun per platform"),
    "en": ("Table", "Obstacles in running the social", "Accounts per platform"),
}


def declare(repo: Path) -> None:
    """The README's contract entry and two declarations, placed at the end of both editions."""
    contract = repo / "data/contract.yaml"
    contract.write_text(contract.read_text(encoding="utf-8") + "\n" + OBSTACLES_CONTRACT, encoding="utf-8")
    (repo / "data/tables/obstacles.yaml").write_text(OBSTACLES_YAML, encoding="utf-8")
    (repo / "data/tables/platform_accounts.yaml").write_text(ACCOUNTS_YAML, encoding="utf-8")
    (repo / "data/figures/accounts_per_platform.yaml").write_text(FIGURE_YAML, encoding="utf-8")
    for lang in ("id", "en"):
        path = repo / "manuscript" / lang / "conclusion.md"
        path.write_text(
            path.read_text(encoding="utf-8") + "\n{{table:obstacles}}\n\n{{table:platform_accounts}}\n"
            "\n{{figure:accounts_per_platform}}\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def declared_repo(built, tmp_path_factory) -> tuple[Path, str]:
    repo = copy_repo(tmp_path_factory.mktemp("declared") / "repo", with_build_from=built)
    (repo / "data/raw/obstacles.csv").write_text(OBSTACLES_CSV, encoding="utf-8")
    undeclared = snakemake(repo)
    assert undeclared.returncode == 0, undeclared.stderr
    declare(repo)
    result = snakemake(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo, undeclared.stderr


def test_an_undeclared_csv_is_named(declared_repo):
    _, output = declared_repo
    assert any(
        line.startswith("data/raw/obstacles.csv: warning [undeclared-data] no table is declared over")
        for line in closing_block(output)
    )


@pytest.mark.parametrize("lang", ["id", "en"])
def test_declared_tables_are_in_both_formats_of_both_editions(declared_repo, lang):
    repo, _ = declared_repo
    rows = list(csv.DictReader(io.StringIO(OBSTACLES_CSV)))
    pdf = squash(pdf_text(repo / f"build/{lang}/article.pdf"))
    word, obstacles_caption, accounts_caption = CAPTIONS[lang]
    for text in (obstacles_caption, accounts_caption, *(row[f"obstacle_{lang}"] for row in rows)):
        assert squash(text) in pdf, text
    # "Table 2": the build binds the label to its number with a no-break space.
    paragraphs = [text.replace("\xa0", " ") for _, text in docx_paragraphs(repo / f"build/{lang}/article.docx")]
    assert any(re.match(rf"{word} \d+\. {obstacles_caption}", p) for p in paragraphs)
    tables = docx_tables(repo / f"build/{lang}/article.docx")
    obstacles = next(t for t in tables if t[0][0] in ("Hambatan", "Obstacle"))
    assert [row[0] for row in obstacles[1:]] == [row[f"obstacle_{lang}"] for row in rows]
    assert [row[1] for row in obstacles[1:]] == [row[f"response_{lang}"] for row in rows]
    accounts = next(t for t in tables if t[0][0] == "Platform" and len(t[0]) == 3)
    counts = [int(row[1]) for row in accounts[1:]]
    assert counts == sorted(counts, reverse=True) and sum(counts) == len(
        list(csv.DictReader(io.StringIO((repo / "data/raw/accounts.csv").read_text(encoding="utf-8"))))
    )


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_declared_figure_is_in_both_formats_of_both_editions(declared_repo, lang):
    repo, _ = declared_repo
    word, caption = FIGURE_CAPTIONS[lang]
    figure = repo / f"build/{lang}/figures/accounts_per_platform"
    svg, png = figure.with_suffix(".svg").read_bytes(), figure.with_suffix(".png").read_bytes()
    assert svg.startswith(b"<?xml") and png.startswith(b"\x89PNG")
    pdf = squash(pdf_text(repo / f"build/{lang}/article.pdf"))
    assert squash(f"{word} 2. {caption}") in pdf  # after the audience chart
    alts = [alt for role, alt in pdf_structure(repo / f"build/{lang}/article.pdf")["alts"] if role == "/Figure"]
    accounts = len(list(csv.DictReader(io.StringIO((repo / "data/raw/accounts.csv").read_text(encoding="utf-8")))))
    assert any(
        f"{accounts} " in alt and alt.startswith(("Diagram batang jumlah akun", "Bar chart of the number"))
        for alt in alts
    )
    # "Table 2": the build binds the label to its number with a no-break space.
    paragraphs = [text.replace("\xa0", " ") for _, text in docx_paragraphs(repo / f"build/{lang}/article.docx")]
    assert any(p.startswith(f"{word} 2. {caption}") for p in paragraphs)
    with zipfile.ZipFile(repo / f"build/{lang}/article.docx") as archive:
        assert png in [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def test_declared_tables_are_written_and_listed_in_the_manifest(declared_repo):
    repo, _ = declared_repo
    neutral = (repo / "build/tables/obstacles.csv").read_text(encoding="utf-8")
    assert neutral.splitlines()[0] == "obstacle_id,obstacle_en,response_id,response_en"
    outputs = json.loads((repo / "build/MANIFEST.json").read_text(encoding="utf-8"))["outputs"]
    for path in (
        "build/tables/obstacles.csv",
        "build/id/tables/obstacles.md",
        "build/en/tables/platform_accounts.md",
        "build/id/figures/accounts_per_platform.png",
        "build/en/figures/accounts_per_platform.svg",
    ):
        assert path in outputs
    dictionary = (repo / "build/data-dictionary.md").read_text(encoding="utf-8")  # data/README.md left as it was
    assert "### obstacles.csv" in dictionary and "| `obstacles` | `obstacles.csv` |" in dictionary
    assert "| `platform_accounts` | `platforms.csv`, `accounts.csv` |" in dictionary


def test_a_bad_cell_in_the_declared_source_stops_the_build_at_its_row(declared_repo, tmp_path):
    repo = copy_repo(tmp_path / "repo", with_build_from=declared_repo[0])
    declare(repo)
    (repo / "data/raw/obstacles.csv").write_text(
        OBSTACLES_CSV.replace("presentation,", "Presentation,"), encoding="utf-8"
    )
    result = snakemake(repo)
    assert result.returncode == 1
    assert (
        "data/raw/obstacles.csv:3:code: error [pattern] 'Presentation' is not a snake_case code"
        in closing_block(result.stderr)[-1]
    )
