"""Stage 1, data: raw files validated against their contract (data/contract.yaml), the declared
tables, values and figures (data/tables/, data/values/, data/figures/).

Commands run by rules/data.smk:
    python -m scripts.data.jobs         the merged data jobs: neutral, localize, figures
    python -m scripts.data.dictionary   the data dictionary (build/data-dictionary.md)
Commands by hand, each one step of a job:
    python -m scripts.data.validate     check raw files against the contract
    python -m scripts.data.tables       one declared table, neutral or localized
    python -m scripts.data.values       the quoted values, computed or localized
    python -m scripts.data.figures      one declared figure
"""
