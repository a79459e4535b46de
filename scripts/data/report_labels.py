"""Labels of the tables and figures in the Snakemake report (`snakemake --report`).

Each carries the caption the article prints, taken from the table's declaration in
data/tables/ or the figure's in data/figures/, so the report and the article never disagree.
One job writes several tables or figures, so each file's labels are a function of its own
name, which Snakemake calls with the job's wildcards when it makes the report (never while
parsing).
"""

from __future__ import annotations

from collections.abc import Callable

from scripts.core import config as config_mod
from scripts.data import declared_figures
from scripts.data import declared_tables as declared


def table_labels(name: str) -> dict[str, str]:
    """A neutral table: its name and its caption in every edition."""
    languages = config_mod.load()["languages"]
    declaration = declared.load_all()[name]
    return {"table": name, **{f"caption ({lang})": declared.caption(declaration, lang) for lang in languages}}


def table(name: str) -> Callable[[object], dict[str, str]]:
    return lambda _wildcards: table_labels(name)


def figure_labels(name: str, lang: str) -> dict[str, str]:
    """One edition's figure: its name, the edition and the caption it prints."""
    caption = declared_figures.load_all()[name].text("caption", lang)
    return {"figure": name, "edition": lang, "caption": caption}


def figure(name: str, lang: str) -> Callable[[object], dict[str, str]]:
    return lambda _wildcards: figure_labels(name, lang)
