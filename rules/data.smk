# Raw data → validated → language-neutral tables and values → localized tables, figures, values.
# Downstream rules take the validation report as ancient(): it must exist (validation passed),
# but a rewrite of it does not rerun tables whose own raw files did not change.


rule validate_data:
    input:
        raw=raw_files(catalog.RAW_FILES),
    output:
        paths.DATA_REPORT,
    params:
        raw=raw_dir,
    log:
        f"{paths.LOGS}/validate_data.log",
    conda:
        ENV
    shell:
        "python -m scripts.validate_data {params.raw} --report {output} 2>&1 | tee {log}"


rule neutral_table:
    input:
        raw=lambda w: raw_files(catalog.TABLES[w.name]),
        validated=ancient(paths.DATA_REPORT),
    output:
        paths.NEUTRAL_TABLE,
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
        table=lambda w: paths.NEUTRAL_TABLE.format(name=catalog.FIGURES[w.name]),
        strings=paths.STRINGS,
    output:
        paths.LOCAL_FIGURE,
    log:
        f"{paths.LOGS}/figure-{{lang}}-{{name}}.log",
    conda:
        ENV
    shell:
        "python -m scripts.figures {wildcards.name} --table {input.table} --lang {wildcards.lang}"
        " --strings {input.strings} --out {output} 2>&1 | tee {log}"


rule values:
    input:
        raw=raw_files(catalog.VALUES),
        validated=ancient(paths.DATA_REPORT),
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
