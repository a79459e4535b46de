"""Stage 5, package: the manifest of every input and output, and the submission bundle."""
