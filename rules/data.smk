# Raw data → validated → language-neutral tables and values → localized tables, figures, values.
# Each table is built after validating exactly the raw files it reads (and those they refer
# to), so editing one raw file reruns only what depends on it; values check every file.


rule validate_data:
    input:
        raw=lambda w: raw_files(validation_group(w.group)),
        config=paths.CONFIG_PART.format(part="languages"),
        declarations=lambda w: declaration(w.group),
    output:
        paths.DATA_REPORT,
    params:
        raw=raw_dir,
        only=raw_stems,
        declared=declared.FOLDER,
    log:
        f"{paths.LOGS}/validate_data-{{group}}.log",
    conda:
        ENV
    shell:
        "python -m scripts.validate_data {params.raw} --only {params.only} --config {input.config}"
        " --declared {params.declared} --report {output}"
        " 2>&1 | tee {log}"


rule neutral_table:
    input:
        raw=lambda w: raw_files(ALL_TABLES[w.name]),
        declaration=lambda w: declaration(w.name),
        validated=paths.DATA_REPORT.format(group="{name}"),
    output:
        report(paths.NEUTRAL_TABLE, caption="../templates/report/table.rst", category="Tables", labels=report_labels.table),
    params:
        raw=raw_dir,
    log:
        f"{paths.LOGS}/neutral_table-{{name}}.log",
    conda:
        ENV
    shell:
        "python -m scripts.tables neutral {wildcards.name} --raw {params.raw} --out {output} 2>&1 | tee {log}"


rule local_table:
    input:
        table=paths.NEUTRAL_TABLE,
        strings=paths.STRINGS,
        declaration=lambda w: declaration(w.name),
    output:
        paths.LOCAL_TABLE,
    log:
        f"{paths.LOGS}/local_table-{{lang}}-{{name}}.log",
    conda:
        ENV
    shell:
        "python -m scripts.tables localize {wildcards.name} --table {input.table} --lang {wildcards.lang}"
        " --strings {input.strings} --out {output} 2>&1 | tee {log}"


rule figure:
    input:
        table=lambda w: paths.NEUTRAL_TABLE.format(name=FIGURES[w.name].table),
        strings=paths.STRINGS,
        declarations=lambda w: [FIGURES[w.name].path, DECLARED[FIGURES[w.name].table].path],
    output:
        png=report(paths.LOCAL_FIGURE, caption="../templates/report/figure.rst", category="Figures", subcategory="{lang}",
               labels=report_labels.figure),
        svg=paths.LOCAL_FIGURE_SVG,
    log:
        f"{paths.LOGS}/figure-{{lang}}-{{name}}.log",
    conda:
        ENV
    shell:
        "python -m scripts.figures {wildcards.name} --table {input.table} --lang {wildcards.lang}"
        " --strings {input.strings} --out {output.png} --svg {output.svg} 2>&1 | tee {log}"


rule data_dictionary:
    input:
        readme=paths.DATA_README,
        declarations=[decl.path for decl in DECLARED.values()],
    output:
        paths.DATA_DICTIONARY,
    log:
        f"{paths.LOGS}/data_dictionary.log",
    conda:
        ENV
    shell:
        "python -m scripts.schema --dictionary {input.readme} --out {output} 2>&1 | tee {log}"


rule values:
    input:
        raw=raw_files(catalog.VALUES),
        validated=paths.DATA_REPORT.format(group="all"),
    output:
        paths.VALUES,
    params:
        raw=raw_dir,
    log:
        f"{paths.LOGS}/values.log",
    conda:
        ENV
    shell:
        "python -m scripts.values compute --raw {params.raw} --out {output} 2>&1 | tee {log}"


rule local_values:
    input:
        values=paths.VALUES,
        strings=paths.STRINGS,
    output:
        paths.LOCAL_VALUES,
    log:
        f"{paths.LOGS}/local_values-{{lang}}.log",
    conda:
        ENV
    shell:
        "python -m scripts.values localize --values {input.values} --lang {wildcards.lang}"
        " --strings {input.strings} --out {output} 2>&1 | tee {log}"
