"""Stage 3, article: each edition assembled, parsed once, and rendered to DOCX, PDF (typst) and JATS.

Commands run by rules/article.smk:
    python -m scripts.article.csl              the citation style, copied into build/
    python -m scripts.article.reference_docx   the DOCX reference documents
    python -m scripts.article.assemble         one edition's Markdown (or its front matter alone)
    python -m scripts.article.edition_ast      the edition's one pandoc parse
    python -m scripts.article.render           DOCX, PDF, JATS, review versions, title page
"""
