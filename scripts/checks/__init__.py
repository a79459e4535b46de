"""Stage 2, checks: metadata, citations against the BibTeX file, and the editions against each other."""
