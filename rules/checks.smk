# Metadata, citation and edition checks: they read the manuscript and gate the output rules.


rule check_metadata:
    input:
        metadata=paths.METADATA,
        config=paths.CONFIG_PART.format(part="languages"),
    output:
        paths.METADATA_REPORT,
    log:
        f"{paths.LOGS}/check_metadata.log",
    conda:
        ENV
    shell:
        "python -m scripts.metadata {input.metadata} --config {input.config} --json {output} 2>&1 | tee {log}"


rule check_citations:
    input:
        sections=lambda w: edition_sections(w.lang),
        bib=paths.BIBLIOGRAPHY,
        config=paths.CONFIG,
        strings=expand(paths.STRINGS, lang=LANGS),  # every edition's page_locators
    output:
        paths.CITATIONS_REPORT,
    params:
        strings=lambda w, input: " ".join(f"--strings {path}" for path in input.strings),
    log:
        f"{paths.LOGS}/check_citations-{{lang}}.log",
    conda:
        ENV
    shell:
        "python -m scripts.check_citations --bib {input.bib} --config {input.config} --lang {wildcards.lang}"
        " {params.strings}"
        " --json {output} {input.sections} 2>&1 | tee {log}"


rule check_editions:
    input:
        sections=[section for lang in LANGS for section in edition_sections(lang)],
        config=paths.CONFIG,
    output:
        paths.EDITIONS_REPORT,
    log:
        f"{paths.LOGS}/check_editions.log",
    conda:
        ENV
    shell:
        "python -m scripts.check_editions --config {input.config} --json {output} manuscript 2>&1 | tee {log}"
