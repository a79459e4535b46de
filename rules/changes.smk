# The revision round: each edition compared with the submitted version (the baseline), marked
# as tracked changes in DOCX and in colour in the PDF, with a summary for the cover letter.
# Not part of `all`:  snakemake --cores 1 changes --config baseline=REV|PATH/submission.zip

from scripts.changes import baseline as baseline_mod

BASELINE = config.get("baseline")
BASELINE_RESOLVED = resolve_baseline(BASELINE) if BASELINE is not None else None
BASELINE_KEY = BASELINE_RESOLVED.key if BASELINE is not None else None


rule baseline:
    output:
        expand(paths.BASELINE_AST, lang=LANGS, allow_missing=True),
    log:
        f"{paths.LOGS}/baseline-{{key}}.log",
    wildcard_constraints:
        key=r"[\w-]+",
    conda:
        ENV
    # All the cores the run was given, looked up when the job is made: `snakemake --unlock`
    # and other runs without --cores read this rule too.
    threads: lambda wildcards: workflow.cores
    params:
        source=BASELINE,
        folder=lambda w: f"{baseline_mod.BASELINES}/{w.key}",
        langs=" ".join(LANGS),
    shell:
        "python -m scripts.changes.baseline --source {params.source:q} --dir {params.folder} --langs {params.langs}"
        " --cores {threads} 2>&1 | tee {log}"


rule changes_diff:
    input:
        baseline=lambda w: paths.BASELINE_AST.format(key=BASELINE_KEY, lang=w.lang),
        edition=paths.EDITION_AST,
        values=paths.LOCAL_VALUES,
        strings=paths.STRINGS,
    output:
        merged=paths.CHANGES_AST,
        summary=report(
            paths.CHANGES_SUMMARY,
            caption="../templates/report/changes.rst",
            category="Changes",
            labels=lambda w: {"edition": w.lang},
        ),
        images=directory(paths.CHANGES_BASELINE_IMAGES),
    log:
        f"{paths.LOGS}/changes_diff-{{lang}}.log",
    params:
        label=BASELINE_RESOLVED.label if BASELINE is not None else "",
        baseline_values=lambda w: paths.BASELINE_VALUES.format(key=BASELINE_KEY, lang=w.lang),
        date=BUILD_DATE,
    run:
        step(
            "scripts.changes.compare diff --lang {wildcards.lang} --baseline-label {params.label:q}"
            " --baseline {input.baseline} --edition {input.edition} --date {params.date}"
            " --baseline-values {params.baseline_values} --values {input.values}"
            " --out {output.merged} --summary {output.summary} --baseline-images {output.images}"
        )


# What every render of the marked edition reads: the merged JSON, the baseline's figures, and
# the new edition's Markdown (its document properties).
CHANGES_INPUTS = dict(
    merged=paths.CHANGES_AST,
    images=paths.CHANGES_BASELINE_IMAGES,
    md=paths.ARTICLE_MD,
)
CHANGES_DOCX_INPUTS = dict(
    defaults=paths.DEFAULTS.format(name="docx"),
    filter=paths.DOCX_FRONTMATTER_FILTER,
    journal=journal_part("docx"),
)
CHANGES_PDF_INPUTS = dict(
    template=paths.TYPST_TEMPLATE,
    defaults=paths.DEFAULTS.format(name="typst"),
    filters=[paths.CHANGES_FILTER, paths.TYPST_ALT_TEXT_FILTER],
    page=journal_part("page"),
)


rule changes_docx:
    input:
        **CHANGES_DOCX_INPUTS,
        **CHANGES_INPUTS,
        reference=paths.REFERENCE_DOCX,
    output:
        paths.CHANGES_DOCX,
    log:
        f"{paths.LOGS}/changes_docx-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.changes.render docx --date {params.date} --json {input.merged} --md {input.md}"
            " --journal {input.journal} --out {output}",
            alone=False,
        )


rule changes_pdf:
    input:
        **CHANGES_PDF_INPUTS,
        **CHANGES_INPUTS,
    output:
        pdf=paths.CHANGES_PDF,
        typ=paths.CHANGES_TYP,
    log:
        f"{paths.LOGS}/changes_pdf-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.changes.render pdf --date {params.date} --json {input.merged} --md {input.md} --typ {output.typ}"
            " --page {input.page} --out {output.pdf}",
            alone=False,
        )


# The anonymous marked revision for double-blind reviewers: as the review versions are to the
# editions (scripts/changes/render.py --review).
rule changes_review_docx:
    input:
        **CHANGES_DOCX_INPUTS,
        **CHANGES_INPUTS,
        reference=paths.REVIEW_REFERENCE_DOCX,
    output:
        paths.CHANGES_REVIEW_DOCX,
    log:
        f"{paths.LOGS}/changes_review_docx-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.changes.render docx --review --date {params.date} --reference {input.reference}"
            " --json {input.merged} --md {input.md} --journal {input.journal} --out {output}",
            alone=False,
        )


rule changes_review_pdf:
    input:
        **CHANGES_PDF_INPUTS,
        **CHANGES_INPUTS,
    output:
        pdf=paths.CHANGES_REVIEW_PDF,
        typ=paths.CHANGES_REVIEW_TYP,
    log:
        f"{paths.LOGS}/changes_review_pdf-{{lang}}.log",
    params:
        date=BUILD_DATE,
    run:
        step(
            "scripts.changes.render pdf --review --date {params.date} --json {input.merged} --md {input.md}"
            " --typ {output.typ} --page {input.page}"
            " --out {output.pdf}",
            alone=False,
        )


# Without a baseline it has no input and says how to give one (exit 1); with one it prints
# each edition's summary. It has no output, so it runs every time it is asked for.
rule changes:
    input:
        summaries=expand(paths.CHANGES_SUMMARY, lang=LANGS) if BASELINE is not None else [],
        marked=(expand([paths.CHANGES, paths.CHANGES_REVIEW], lang=LANGS, fmt=FORMATS) if BASELINE is not None else []),
    log:
        f"{paths.LOGS}/changes.log",
    run:
        step("scripts.changes.compare report {input.summaries}")
