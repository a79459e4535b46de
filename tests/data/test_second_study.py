"""A made-up second study, built in a copy of the repository from its own raw files, contract,
tables, figure and values (tests/fixtures/second_study), with other file, column, table and
value names than the article's, and no code changed: the PDF and DOCX of both editions show
its numbers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import copy_repo, snakemake
from layout import check_pdf, hyphenated_line_ends, numbers_split_from_their_word, pages_with_text_in_the_gutter
from readers import docx_paragraphs, docx_tables, pdf_text, squash

pytestmark = pytest.mark.integration

FIXTURE = Path(__file__).parents[1] / "fixtures" / "second_study"
LANGS = ("id", "en")
# What the prose of each edition must show, computed by hand from the fixture's CSV files.
EXPECTED = {
    "id": {
        "sites.count": "3",
        "sites.rivers": "2",
        "sites.flagged": "2",
        "samples.count": "7",
        "samples.polluted": "4",
        "samples.clean": "3",
        "samples.murky": "0",
        "samples.low_ph": "1",
        "land.1.use": "Permukiman",
        "land.1.share": "46,5\u00a0%",
        "land.2.use": "Pertanian",
        "land.2.share": "31\u00a0%",
        "land.3.use": "Industri",
        "land.3.share": "22,5\u00a0%",
        "sample.R1.date": "4 Maret 2031",
        "sample.R7.date": "12 Mei 2031",
    },
    "en": {
        "sites.count": "3",
        "sites.rivers": "2",
        "sites.flagged": "2",
        "samples.count": "7",
        "samples.polluted": "4",
        "samples.clean": "3",
        "samples.murky": "0",
        "samples.low_ph": "1",
        "land.1.use": "Housing",
        "land.1.share": "46.5%",
        "land.2.use": "Farming",
        "land.2.share": "31%",
        "land.3.use": "Industry",
        "land.3.share": "22.5%",
        "sample.R1.date": "March 4, 2031",
        "sample.R7.date": "May 12, 2031",
    },
}


def second_study(repo: Path) -> None:
    """The article's data and prose replaced by the fixture's (metadata and bibliography kept)."""
    data = repo / "data"
    for folder in ("raw", "tables", "figures", "values"):
        shutil.rmtree(data / folder)
        shutil.copytree(FIXTURE / folder, data / folder)
    shutil.copy(FIXTURE / "contract.yaml", data / "contract.yaml")
    for lang in LANGS:
        for section in (FIXTURE / "manuscript" / lang).glob("*.md"):
            shutil.copy(section, repo / "manuscript" / lang / section.name)


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("second") / "repo")
    second_study(repo)
    result = snakemake(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def test_the_values_are_the_declared_ones_computed_from_its_files(study):
    neutral = json.loads((study / "build" / "values.json").read_text(encoding="utf-8"))
    assert set(neutral) == {*EXPECTED["en"], *(f"sample.R{n}.date" for n in range(2, 7))}
    for lang in LANGS:
        local = json.loads((study / "build" / lang / "values.json").read_text(encoding="utf-8"))
        assert {key: local[key] for key in EXPECTED[lang]} == EXPECTED[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_and_docx_show_its_numbers_and_table(study, lang):
    shown = [
        EXPECTED[lang][key] for key in EXPECTED[lang] if key not in ("samples.low_ph", "land.3.use", "land.3.share")
    ]
    pdf = squash(pdf_text(study / "build" / lang / "article.pdf").replace("\u00a0", " "))
    docx = squash(
        " ".join(text for _, text in docx_paragraphs(study / "build" / lang / "article.docx")).replace("\u00a0", " ")
    )
    for text in shown:
        assert squash(text.replace("\u00a0", " ")) in pdf, text
        assert squash(text.replace("\u00a0", " ")) in docx, text
    [table] = docx_tables(study / "build" / lang / "article.docx")
    yes, no = ("Ya", "Tidak") if lang == "id" else ("Yes", "No")
    assert [row[3:] for row in table[1:]] == [["2", no], ["3", yes], ["2", yes]]
    assert [row[1] for row in table[1:]] == (
        ["Hulu Ciliwung", "Hilir Ciliwung", "Tengah Cisadane"]
        if lang == "id"
        else ["Upper Ciliwung", "Lower Ciliwung", "Middle Cisadane"]
    )
    assert (study / "build" / lang / "figures" / "readings_per_station.png").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_its_pdf_is_hyphenated_and_keeps_numbers_with_their_words(study, lang):
    pdf = study / "build" / lang / "article.pdf"
    strings = yaml.safe_load((study / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
    months = strings["dates"]["months"]
    assert hyphenated_line_ends(pdf) > 0
    assert numbers_split_from_their_word(pdf, months) == []


@pytest.fixture(scope="module")
def study_in_two_columns(tmp_path_factory) -> Path:
    """The second study built with the ieee profile (two columns, US letter)."""
    repo = copy_repo(tmp_path_factory.mktemp("second-ieee") / "repo")
    second_study(repo)
    result = snakemake(repo, "--config", "journal=ieee")
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


@pytest.mark.parametrize("version", ["article", "article-review"])
@pytest.mark.parametrize("lang", LANGS)
def test_its_two_column_pdf_passes_the_layout_checks(study_in_two_columns, lang, version):
    pdf = study_in_two_columns / "build" / lang / f"{version}.pdf"
    check_pdf(pdf, study_in_two_columns / "build" / lang / "tables")
    # Its short text stays in the columns (ieee's body text is 10 pt), its table across both.
    assert pages_with_text_in_the_gutter(pdf, 10.0) == []
    strings = yaml.safe_load((study_in_two_columns / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
    labels = [strings["table"], strings["figure"]]
    assert numbers_split_from_their_word(pdf, strings["dates"]["months"], labels) == []
