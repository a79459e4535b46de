"""Stage 2, checks: metadata and the journal profile, citations against the BibTeX file, and the
editions against each other.

Commands run by rules/checks.smk:
    python -m scripts.checks.metadata         manuscript/metadata.yaml and journals/<name>/profile.yaml
    python -m scripts.checks.citation_check   one edition's citations against bib/references.bib
    python -m scripts.checks.edition_check    one edition against the others
"""
