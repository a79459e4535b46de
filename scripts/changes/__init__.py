"""Stage 4, changes: the revision round, each edition marked against the submitted version.

Commands run by rules/changes.smk:
    python -m scripts.changes.baseline   the submitted version, rebuilt in build/baseline/
    python -m scripts.changes.compare    the marked edition (diff) and the summaries (report)
    python -m scripts.changes.render     the marked DOCX and PDF, named or anonymous
"""
