"""What the workflow generates from the raw data, and which raw files each piece reads.

Kept free of heavy imports: the Snakefile reads it on every run, including no-op runs.
Every table is declared (data/tables/*.yaml); `tables()` lists them with the raw files they read.
"""

from scripts import declared

# Generated figure name → the neutral table it is drawn from.
FIGURES = {
    "audience_age": "audience_age",
}

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
