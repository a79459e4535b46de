"""Citation and edition checks: read the bibliography and the manuscript as pandoc does, then
apply small named rules (see `rules.py`), each with a stable id and a default severity."""
