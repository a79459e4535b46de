"""A third, made-up edition (French) built by following the README's recipe: config, strings,
manuscript folder, metadata and `_fr` data columns; no code changes. Read back from PDF and DOCX."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import copy_repo, snakemake
from readers import docx_paragraphs, docx_tables, pdf_text, squash

from scripts.data import contract as schema

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parents[1] / "fixtures" / "third_edition"
LANGS = ("id", "en", "fr")


def add_language_columns(raw: Path, lang: str, copy_from: str = "en", mark: str = "FR ") -> None:
    """Give every per-language field of the raw data a `<field>_<lang>` column: the English text,
    marked, standing in for a translation (an empty cell stays empty)."""
    for table in schema.load(raw.parent / "contract.yaml").values():
        path = raw / table.file
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        header = list(rows[0])
        for column in (c for c in table.columns if c.localized and f"{c.name}_{copy_from}" in header):
            source, target = schema.localized(column.name, copy_from), schema.localized(column.name, lang)
            header.append(target)
            for row in rows:
                row[target] = f"{mark}{row[source]}" if row[source] else ""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


FRENCH = {
    "Account": "Compte",
    "Age range (years)": "Tranche d'âge (ans)",
    "Share of followers": "Part des abonnés",
    "Dimension": "Dimension",
    "Finding": "Constat",
    "Interview": "Entretien",
    "Observation": "Observation",
    "Document": "Document",
    "Distinct sources": "Sources distinctes",
    "Triangulated": "Triangulé",
    "Yes": "Oui",
    "No": "Non",
    "Platform": "Plateforme",
    "Register": "Registre",
    "Audience": "Public",
    "Managed by": "Géré par",
    "Content focus": "Contenu",
    "Casual": "Familier",
    "Semi-formal": "Semi-formel",
    "Formal": "Soutenu",
    "—": "—",
    "not named in the study": "non nommé dans l'étude",
}
CAPTIONS = {
    "audience_age": "Répartition par âge des abonnés des comptes officiels",
    "findings": "Constats selon les sept dimensions de la communication (7 C) et leurs preuves",
    "accounts": "Comptes officiels de la ville de Tangerang et registre de langue par plateforme",
}


def label_declared_tables(folder: Path, lang: str) -> None:
    """A caption, column labels, value labels and empty-cell texts in `lang` for every declared
    table (the README's step 4)."""
    for path in folder.glob("*.yaml"):
        declaration = yaml.safe_load(path.read_text(encoding="utf-8"))
        declaration["caption"][lang] = CAPTIONS[path.stem]
        for column in declaration["columns"]:
            if "label" in column:
                column["label"][lang] = FRENCH[column["label"]["en"]]
            if "values" in column:
                column["values"][lang] = {value: FRENCH[text] for value, text in column["values"]["en"].items()}
            if "empty" in column:
                column["empty"][lang] = FRENCH[column["empty"]["en"]]
            if "empty_where_filled" in column:
                label = column["empty_where_filled"]["label"]
                label[lang] = FRENCH[label["en"]]
        path.write_text(yaml.safe_dump(declaration, allow_unicode=True, sort_keys=False), encoding="utf-8")


FIGURE_TEXTS = {
    "caption": "Répartition par âge des abonnés des comptes officiels",
    "alt": "Diagramme en barres de la part des abonnés par tranche d'âge, une barre par tranche et par compte. "
    "Le groupe le plus nombreux de {{audience.1.account}} a {{audience.1.top1.range}} ans "
    "({{audience.1.top1.share}} de ses abonnés).",
    "x_label": "Tranche d'âge (ans)",
    "y_label": "Part des abonnés",
    "legend": "Compte",
}


def label_declared_figures(folder: Path, lang: str) -> None:
    """Caption, alternative text, axis labels and legend title in `lang` for every declared figure."""
    for path in folder.glob("*.yaml"):
        declaration = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, text in FIGURE_TEXTS.items():
            declaration[key][lang] = text
        path.write_text(yaml.safe_dump(declaration, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def three_editions(tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("third") / "repo")
    config = (repo / "config.yaml").read_text(encoding="utf-8")
    config = config.replace("languages: [id, en]", "languages: [id, en, fr]")
    config = config.replace("sections: [introduction, method, results, conclusion]", "sections: [summary]")
    (repo / "config.yaml").write_text(config, encoding="utf-8")
    for lang in LANGS:
        (repo / "manuscript" / lang).mkdir(exist_ok=True)
        shutil.copyfile(FIXTURES / lang / "summary.md", repo / "manuscript" / lang / "summary.md")
    shutil.copyfile(FIXTURES / "fr.yaml", repo / "templates" / "i18n" / "fr.yaml")
    meta_path = repo / "manuscript" / "metadata.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["title"]["fr"] = "La stratégie de relations publiques de la ville de Tangerang pour Porprov VI Banten"
    meta["abstract"]["fr"] = "Une édition d'essai, courte, qui montre qu'une troisième langue se construit sans code.\n"
    meta["keywords"]["fr"] = ["Relations publiques", "Médias sociaux"]
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    add_language_columns(repo / "data" / "raw", "fr")
    label_declared_tables(repo / "data" / "tables", "fr")
    label_declared_figures(repo / "data" / "figures", "fr")
    targets = [f"build/{lang}/article.{fmt}" for lang in LANGS for fmt in ("pdf", "docx")]
    result = snakemake(repo, *targets)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def test_the_french_edition_reads_its_own_strings_data_and_numbers(three_editions):
    pdf = squash(pdf_text(three_editions / "build/fr/article.pdf"))
    platforms = csv.DictReader(io.StringIO((three_editions / "data/raw/platforms.csv").read_text(encoding="utf-8")))
    audience = next(row["audience_fr"] for row in platforms if row["audience_fr"])
    for text in (
        "La stratégie de relations publiques",
        "Tableau 1",
        "Tableau 2",
        "Tableau 3",
        "Tranche d'âge (ans)",
        "Constat",
        "FR Credibility",
        audience,
        "40 % des abonnés de @tangerangtv",
        "Mots-clés",
    ):
        assert squash(text) in pdf, text
    paragraphs = [text for _, text in docx_paragraphs(three_editions / "build/fr/article.docx")]
    assert any(p.startswith("Tableau 1.") for p in paragraphs)
    assert any("40\u00a0% des abonnés" in p for p in paragraphs)
    findings, accounts = docx_tables(three_editions / "build/fr/article.docx")[:2]
    assert findings[0][:2] == ["Dimension", "Constat"] and findings[1][0] == "FR Credibility"
    assert accounts[0][0] == "Plateforme" and any(cell.startswith("FR ") for row in accounts[1:] for cell in row)


def test_every_edition_shows_every_abstract_in_the_metadata_order(three_editions):
    for lang in LANGS:
        pdf = squash(pdf_text(three_editions / f"build/{lang}/article.pdf"))
        places = [pdf.index(squash(heading)) for heading in ("Abstract", "Abstrak", "Résumé")]
        assert places == sorted(places), lang  # metadata.yaml lists en, id, then fr


def test_the_other_editions_keep_their_own_columns(three_editions):
    english = squash(pdf_text(three_editions / "build/en/article.pdf"))
    assert squash("Credibility") in english and squash("FR Credibility") not in english
    assert "Tabel 1" in pdf_text(three_editions / "build/id/article.pdf")
