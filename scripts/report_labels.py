"""Labels of the tables and figures in the Snakemake report (`snakemake --report`).

Each carries the caption the article prints, taken from templates/i18n/<lang>.yaml or the
table's declaration in data/tables/, so the report and the article never disagree. Called by Snakemake with a job's wildcards.
"""

from __future__ import annotations

from scripts import config as config_mod
from scripts import declared, paths, yamlfile


def caption(kind: str, name: str, lang: str) -> str:
    return yamlfile.load(paths.STRINGS.format(lang=lang))[kind][name]["caption"]


def table(wildcards) -> dict[str, str]:
    """A neutral table: its name and its caption in every edition."""
    languages = config_mod.load()["languages"]
    declaration = declared.load_all().get(wildcards.name)
    text = (lambda lang: declared.caption(declaration, lang)) if declaration else (
        lambda lang: caption("tables", wildcards.name, lang))
    return {"table": wildcards.name, **{f"caption ({lang})": text(lang) for lang in languages}}


def figure(wildcards) -> dict[str, str]:
    """One edition's figure: its name, the edition and the caption it prints."""
    return {"figure": wildcards.name, "edition": wildcards.lang, "caption": caption("figures", wildcards.name, wildcards.lang)}
