"""Stage 3, article: each edition assembled, parsed once, and rendered to DOCX, PDF (typst) and JATS."""
