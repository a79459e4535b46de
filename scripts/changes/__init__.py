"""Stage 4, changes: the revision round, each edition marked against the submitted version."""
