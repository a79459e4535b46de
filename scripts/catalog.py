"""What the workflow generates from the raw data, and which raw files each piece reads.

Kept free of heavy imports: the Snakefile reads it on every run, including no-op runs.
The tables built in Python are listed here; declared tables (data/tables/*.yaml) are added
by `tables()`.
"""

from scripts import declared
from scripts.errors import UserError, finding

# Table built in Python (scripts/tables.py) → the raw files (data/raw/<stem>.csv) it is computed from.
TABLES = {
    "findings": ["codebook", "findings", "sources", "coded_segments"],
    "accounts": ["accounts", "platforms"],
}

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
    """Every generated table, built in Python or declared (`declarations`, else those of
    data/tables/), → the raw files it reads."""
    declarations = declared.load_all() if declarations is None else declarations
    clash = [decl for name, decl in declarations.items() if name in TABLES]
    if clash:
        raise UserError(finding(decl.path, "table-declaration", f"'{decl.name}' is the name of a table built in Python;"
                                " choose another file name") for decl in clash)
    return {**TABLES, **{name: decl.raw_files() for name, decl in declarations.items()}}
