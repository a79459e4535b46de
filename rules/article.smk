# Assembled Markdown per edition → its JSON (one pandoc parse) → DOCX (pandoc), PDF (pandoc →
# typst) and JATS XML (pandoc).


rule csl:
    input:
        citation=journal_part("citation"),
        style=CITATION_STYLE_FILE,
    output:
        paths.CSL,
    log:
        f"{paths.LOGS}/csl.log",
    params:
        where=JOURNAL_WHERE,
    run:
        step("scripts.article.csl --citation {input.citation} --where {params.where} --out {output}")


# Both reference documents from one pandoc default in one process (one interpreter and
# python-docx import instead of two), shaped by the journal profile's docx part, or both from the
# journal's own Word template when the profile gives one.
rule reference_docx:
    input:
        script=[paths.REFERENCE_DOCX_SCRIPT, paths.DOCX_TEMPLATE_SCRIPT],
        journal=journal_part("docx"),
        template=DOCX_TEMPLATE,
    output:
        edition=paths.REFERENCE_DOCX,
        review=paths.REVIEW_REFERENCE_DOCX,
    log:
        f"{paths.LOGS}/reference_docx.log",
    params:
        where=JOURNAL_WHERE,
    run:
        step(
            "scripts.article.reference_docx --journal {input.journal} --where {params.where} --out {output.edition}"
            " --review-out {output.review}"
        )


rule assemble:
    input:
        sections=lambda w: edition_sections(w.lang),
        metadata=paths.METADATA,
        facts=journal_part("facts"),
        front_matter=journal_part("front_matter"),
        journal_sections=journal_part("sections"),
        metadata_report=paths.METADATA_REPORT,
        config=paths.CONFIG_PART.format(part="sections"),
        strings=expand(paths.STRINGS, lang=LANGS),
        values=paths.LOCAL_VALUES,
        tables=expand(paths.LOCAL_TABLE, name=ALL_TABLES, allow_missing=True),
        declarations=[decl.path for decl in DECLARED.values()],
        figures=expand([paths.LOCAL_FIGURE, paths.LOCAL_FIGURE_SVG], name=FIGURES, allow_missing=True),
        figure_declarations=[fig.path for fig in FIGURES.values()],
    output:
        paths.ARTICLE_MD,
    log:
        f"{paths.LOGS}/assemble-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.article.assemble --lang {wildcards.lang} --facts {input.facts} --config {input.config}"
            " --front-matter {input.front_matter} --sections {input.journal_sections}"
            " --date {params.date} --out {output}"
        )


# The edition's one parse: its Markdown read by pandoc once, with citeproc (over the entries it
# cites) and the common filters, into pandoc's JSON, which every render of it reads. The check
# reports gate it, and through it every render.
rule edition_ast:
    input:
        md=paths.ARTICLE_MD,
        bib=paths.BIBLIOGRAPHY,
        csl=paths.CSL,
        common=paths.DEFAULTS.format(name="common"),
        filters=paths.COMMON_FILTERS,
        citations=paths.CITATIONS_REPORT,
        editions=paths.EDITIONS_REPORT,
    output:
        paths.EDITION_AST,
    log:
        f"{paths.LOGS}/edition_ast-{{lang}}.log",
    run:
        step(
            "scripts.article.edition_ast --md {input.md} --out {output}",
            alone=False,
        )


# What every render of an edition reads: its JSON, and the Markdown's metadata.
RENDER_INPUTS = dict(
    json=paths.EDITION_AST,
    md=paths.ARTICLE_MD,
)


rule docx:
    input:
        **RENDER_INPUTS,
        reference=paths.REFERENCE_DOCX,
        journal=journal_part("docx"),
        defaults=paths.DEFAULTS.format(name="docx"),
        filter=paths.DOCX_FRONTMATTER_FILTER,
    output:
        paths.ARTICLE_DOCX,
    log:
        f"{paths.LOGS}/docx-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.article.render docx --date {params.date} --json {input.json} --md {input.md}"
            " --journal {input.journal} --out {output}",
            alone=False,
        )


rule pdf:
    input:
        **RENDER_INPUTS,
        template=paths.TYPST_TEMPLATE,
        defaults=paths.DEFAULTS.format(name="typst"),
        filters=paths.TYPST_FILTERS,
        page=journal_part("page"),
        sections=lambda w: edition_sections(w.lang),
    output:
        pdf=paths.ARTICLE_PDF,
        typ=paths.ARTICLE_TYP,
    log:
        f"{paths.LOGS}/pdf-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.article.render pdf --date {params.date} --json {input.json} --md {input.md}"
            " --page {input.page} --typ {output.typ} --out {output.pdf} --sources {input.sections}",
            alone=False,
        )


# JATS XML of each edition for OJS and indexers (scripts/article/jats.py completes pandoc's).
rule jats:
    input:
        **RENDER_INPUTS,
        template=paths.JATS_TEMPLATE,
        defaults=paths.DEFAULTS.format(name="jats"),
        filter=paths.JATS_FILTER,
        bib=paths.BIBLIOGRAPHY,
    output:
        paths.ARTICLE_XML,
    log:
        f"{paths.LOGS}/jats-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.article.render jats --date {params.date} --json {input.json} --md {input.md} --out {output}",
            alone=False,
        )


# The double-blind review version of each edition (nobody named, line numbers, 1.5 spacing)
# and the separate title page with the authors: scripts/article/review.py, rendered by render.py.
# A review version is rendered after its edition (`edition`, not read), so a problem in the
# manuscript is reported once, at the edition's own file.


rule review_docx:
    input:
        **RENDER_INPUTS,
        edition=paths.ARTICLE_DOCX,
        reference=paths.REVIEW_REFERENCE_DOCX,
        journal=journal_part("docx"),
        defaults=paths.DEFAULTS.format(name="docx"),
        filter=paths.DOCX_FRONTMATTER_FILTER,
    output:
        paths.REVIEW_DOCX,
    log:
        f"{paths.LOGS}/review_docx-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.article.render docx --review --date {params.date} --json {input.json} --md {input.md}"
            " --reference {input.reference} --journal {input.journal} --out {output}",
            alone=False,
        )


rule review_pdf:
    input:
        **RENDER_INPUTS,
        edition=paths.ARTICLE_PDF,
        template=paths.TYPST_TEMPLATE,
        defaults=paths.DEFAULTS.format(name="typst"),
        filters=paths.TYPST_FILTERS,
        page=journal_part("page"),
    output:
        pdf=paths.REVIEW_PDF,
        typ=paths.REVIEW_TYP,
    log:
        f"{paths.LOGS}/review_pdf-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.article.render pdf --review --date {params.date} --json {input.json} --md {input.md}"
            " --page {input.page} --typ {output.typ} --out {output.pdf}",
            alone=False,
        )


rule front_matter:
    input:
        metadata=paths.METADATA,
        facts=journal_part("facts"),
        front_matter=journal_part("front_matter"),
        metadata_report=paths.METADATA_REPORT,
        config=paths.CONFIG_PART.format(part="languages"),
        strings=expand(paths.STRINGS, lang=LANGS),
    output:
        paths.FRONT_MATTER_MD,
    log:
        f"{paths.LOGS}/front_matter-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.article.assemble --lang {wildcards.lang} --front-matter-only --config {input.config}"
            " --facts {input.facts} --front-matter {input.front_matter} --date {params.date}"
            " --out {output}"
        )


# The title page reads the metadata alone, so an edit to the data or the text leaves it be.
rule title_page:
    input:
        md=paths.FRONT_MATTER_MD,
        reference=paths.REFERENCE_DOCX,
        journal=journal_part("docx"),
        defaults=paths.DEFAULTS.format(name="docx"),
        filter=paths.DOCX_FRONTMATTER_FILTER,
        common=paths.DEFAULTS.format(name="common"),
        filters=paths.COMMON_FILTERS,
    output:
        paths.TITLE_PAGE,
    log:
        f"{paths.LOGS}/title_page-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.article.render title-page --date {params.date} --md {input.md}"
            " --journal {input.journal} --out {output}",
            alone=False,
        )
