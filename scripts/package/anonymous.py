"""What a double-blind reviewer may receive of the sources: manuscript/metadata.yaml with every
author and affiliation replaced by the placeholders the repository ships with.

The review versions read nothing of the authors (scripts/article/review.py), so a build from
these sources gives the same anonymous outputs byte for byte, and `verify` can compare them.
"""

from __future__ import annotations

import yaml

from scripts.core.yamlfile import SAFE_LOADER

# The metadata's identity fields as a fresh repository has them (manuscript/metadata.yaml).
AUTHORS = [
    {
        "name": "[placeholder: author name]",
        "affiliations": [1],
        "email": "[placeholder: corresponding author email]",
        "corresponding": True,
    }
]
AFFILIATIONS = [{"id": 1, "name": "[placeholder: affiliation]"}]
NOTE = "# Anonymized for double-blind review: the authors and affiliations are withheld.\n"


def metadata(text: str) -> bytes:
    """metadata.yaml (`text`) with nobody named: authors and affiliations as placeholders."""
    meta = yaml.load(text, Loader=SAFE_LOADER) or {}
    meta.update(authors=AUTHORS, affiliations=AFFILIATIONS)
    return (NOTE + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)).encode("utf-8")
