"""Labels of the tables and figures in the Snakemake report (`snakemake --report`).

Each carries the caption the article prints, taken from the table's declaration in
data/tables/ or the figure's in data/figures/, so the report and the article never disagree.
Called by Snakemake with a job's wildcards.
"""

from __future__ import annotations

from scripts import config as config_mod
from scripts import declared, declared_figures


def table(wildcards) -> dict[str, str]:
    """A neutral table: its name and its caption in every edition."""
    languages = config_mod.load()["languages"]
    declaration = declared.load_all()[wildcards.name]
    return {"table": wildcards.name, **{f"caption ({lang})": declared.caption(declaration, lang) for lang in languages}}


def figure(wildcards) -> dict[str, str]:
    """One edition's figure: its name, the edition and the caption it prints."""
    caption = declared_figures.load_all()[wildcards.name].text("caption", wildcards.lang)
    return {"figure": wildcards.name, "edition": wildcards.lang, "caption": caption}
