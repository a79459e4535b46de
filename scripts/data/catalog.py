"""What the workflow generates from the raw data, and which raw files each piece reads.

Kept free of heavy imports: the Snakefile reads it on every run, including no-op runs.
Every table is declared (data/tables/*.yaml); `tables()` lists them with the raw files they
read. Every figure is declared (data/figures/*.yaml); `figures()` lists them with their table.
"""

from scripts.data import declared_tables as declared, declared_figures

# Raw files the values quoted in the prose are computed from.
VALUES = [
    "accounts", "platforms", "codebook", "findings", "sources", "coded_segments",
    "audience_age", "media_mix", "events",
]

# Every raw file of the contract, plus events.csv (dates the prose quotes).
RAW_FILES = [
    "codebook", "findings", "sources", "coded_segments",
    "audience_age", "accounts", "platforms", "media_mix", "events",
]


def tables(declarations: dict | None = None) -> dict[str, list[str]]:
    """Every generated table (`declarations`, else those of data/tables/) → the raw files it reads."""
    declarations = declared.load_all() if declarations is None else declarations
    return {name: decl.raw_files() for name, decl in declarations.items()}


def figures(declarations: dict | None = None, folder=declared_figures.FOLDER) -> dict[str, str]:
    """Every generated figure (those of data/figures/, over the tables `declarations`) → the table it draws."""
    return {name: fig.table for name, fig in declared_figures.load_all(folder, declarations).items()}
