"""What the workflow generates from the raw data, and which raw files each piece reads.

Kept free of heavy imports: the Snakefile reads it on every run, including no-op runs.
"""

# Generated table name → the raw files (data/raw/<stem>.csv) it is computed from.
TABLES = {
    "findings": ["codebook", "findings", "sources", "coded_segments"],
    "audience_age": ["audience_age"],
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
