# Raw data → validated → language-neutral tables and values → localized tables, values, figures.
# Three kinds of job, each running its steps in one process (scripts/data/jobs.py): Python's
# start and imports cost more than most steps. Every value the prose quotes reads every raw
# file, so any raw edit reruns every render whatever the jobs' grain; README "Performance".


rule data:
    input:
        raw=raw_files(READ_RAW),
        config=paths.CONFIG_PART.format(part="languages"),
        contract=paths.CONTRACT,
        declarations=[decl.path for decl in DECLARED.values()],
        values=[family.path for family in VALUE_FAMILIES.values()],
    output:
        report=paths.DATA_REPORT,
        tables=neutral_table_reports(),
        values=paths.VALUES,
    log:
        f"{paths.LOGS}/data.log",
    params:
        raw=raw_dir,
    run:
        step(
            "scripts.data.jobs neutral --raw {params.raw} --config {input.config} --report {output.report}"
            " --tables {output.tables} --values {output.values}"
        )


rule localize:
    input:
        tables=expand(paths.NEUTRAL_TABLE, name=ALL_TABLES),
        values=paths.VALUES,
        strings=paths.STRINGS,
        declarations=[decl.path for decl in DECLARED.values()],
    output:
        tables=expand(paths.LOCAL_TABLE, name=ALL_TABLES, allow_missing=True),
        values=paths.LOCAL_VALUES,
    log:
        f"{paths.LOGS}/localize-{{lang}}.log",
    run:
        step(
            "scripts.data.jobs localize --lang {wildcards.lang} --strings {input.strings} --tables {input.tables}"
            " --values {input.values} --out-tables {output.tables} --out-values {output.values}"
        )


# From the raw files, not the neutral tables the data job rewrites on any raw edit: an edit to a
# file no figure reads redraws no figure.
rule figures:
    input:
        raw=raw_files(FIGURE_RAW),
        config=paths.CONFIG_PART.format(part="languages"),
        contract=paths.CONTRACT,
        declarations=[*(fig.path for fig in FIGURES.values()), *(DECLARED[name].path for name in FIGURE_TABLES)],
        strings=expand(paths.STRINGS, lang=LANGS),
    output:
        png=figure_reports(),
        svg=expand(paths.LOCAL_FIGURE_SVG, lang=LANGS, name=FIGURES),
    log:
        f"{paths.LOGS}/figures.log",
    params:
        raw=raw_dir,
    run:
        step(
            "scripts.data.jobs figures --raw {params.raw} --config {input.config} --strings {input.strings}"
            " --png {output.png} --svg {output.svg}"
        )


rule data_dictionary:
    input:
        readme=paths.DATA_README,
        contract=paths.CONTRACT,
        declarations=[decl.path for decl in DECLARED.values()],
    output:
        paths.DATA_DICTIONARY,
    log:
        f"{paths.LOGS}/data_dictionary.log",
    run:
        step("scripts.data.dictionary --dictionary {input.readme} --out {output}")
