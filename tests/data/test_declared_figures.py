"""Unit tests for figures declared in YAML (scripts/data/declared_figures.py): each mistake one line at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.core.errors import UserError
from scripts.data import catalog, declared_figures
from scripts.data import declared_tables as declared

REPO = Path(__file__).resolve().parents[2]
TABLES = declared.load_all(REPO / declared.FOLDER)
FIGURE = """\
table: audience_age
category: age_range
value: share_pct
series: account
caption: {id: Sebaran, en: Distribution}
alt: {id: Diagram, en: Chart}
x_label: {id: Usia, en: Age}
y_label: {id: Persen, en: Share}
legend: {id: Akun, en: Account}
"""


def write(tmp_path: Path, text: str = FIGURE) -> Path:
    folder = tmp_path / "figures"
    folder.mkdir(exist_ok=True)
    (folder / "chart.yaml").write_text(text, encoding="utf-8")
    return folder


def test_the_article_figure_is_declared_over_its_table():
    assert catalog.figures(TABLES, REPO / declared_figures.FOLDER) == {"audience_age": "audience_age"}


def test_a_good_declaration_loads(tmp_path):
    figure = declared_figures.load_all(write(tmp_path), TABLES)["chart"]
    assert (figure.table, figure.text("caption", "en"), figure.line("legend")) == ("audience_age", "Distribution", 9)


@pytest.mark.parametrize(
    "change,line,message",
    [
        (("table: audience_age\n", ""), 1, "'table' is required"),
        (("table: audience_age", "table: posts"), 1, "no table 'posts' is declared in data/tables/"),
        (("category: age_range", "category: age"), 2, "category: 'age' is not a column of the table 'audience_age'"),
        (
            ("value: share_pct", "value: account"),
            3,
            "value: the column 'account' of 'audience_age' must have format number or percent",
        ),
        (
            ("legend: {id: Akun, en: Account}\n", ""),
            4,
            "a figure with a series needs 'legend' (the title of its legend, per language)",
        ),
        (("x_label: {id: Usia, en: Age}", "x_label: Age"), 7, "'x_label' must map each language to its text"),
        (
            ("category: age_range\nvalue: share_pct\n", "draw: scripts.my_figures\n"),
            2,
            "draw: write MODULE:FUNCTION, e.g. scripts.my_figures:timeline",
        ),
    ],
)
def test_a_bad_declaration_is_one_line_at_its_place(tmp_path, change, line, message):
    folder = write(tmp_path, FIGURE.replace(*change))
    with pytest.raises(UserError) as err:
        declared_figures.load_all(folder, TABLES)
    [problem] = err.value.findings
    assert str(problem) == f"{folder / 'chart.yaml'}:{line}: error [figure-declaration] {message}"


def test_a_text_missing_in_an_edition_is_named_at_its_key(tmp_path):
    figure = declared_figures.load_all(write(tmp_path, FIGURE.replace("en: Chart", "fr: Graphique")), TABLES)["chart"]
    with pytest.raises(UserError) as err:
        figure.text("alt", "en")
    assert str(err.value.findings[0]).endswith(":6: error [missing-string] 'alt' has no text in 'en'")
