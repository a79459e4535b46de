"""Stage 2, checks: metadata and the journal profile's facts, citations against the BibTeX file, the
editions against each other, and the journal's limits.

Commands run by rules/checks.smk:
    python -m scripts.checks.metadata         manuscript/metadata.yaml and the profile's facts (build/journal/)
    python -m scripts.checks.citation_check   one edition's citations against bib/references.bib
    python -m scripts.checks.edition_check    one edition against the others
    python -m scripts.checks.journal_rules    the journal profile's limits and sections, every edition
"""
