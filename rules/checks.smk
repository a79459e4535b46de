# Metadata, citation and edition checks: they read the manuscript and gate the output rules.


rule check_metadata:
    input:
        metadata=paths.METADATA,
        facts=journal_part("facts"),
        config=paths.CONFIG_PART.format(part="languages"),
    output:
        paths.METADATA_REPORT,
    log:
        f"{paths.LOGS}/check_metadata.log",
    params:
        final=FINAL,
        where=JOURNAL_WHERE,
    run:
        step(
            "scripts.checks.metadata {input.metadata} --facts {input.facts} --where {params.where}"
            " --config {input.config}"
            " --json {output} {params.final}"
        )


rule check_citations:
    input:
        sections=lambda w: edition_sections(w.lang),
        bib=paths.BIBLIOGRAPHY,
        config=paths.CONFIG_PART.format(part="citations"),
        strings=expand(paths.STRINGS, lang=LANGS),  # every edition's page_locators
    output:
        paths.CITATIONS_REPORT,
    log:
        f"{paths.LOGS}/check_citations-{{lang}}.log",
    params:
        strings=lambda w, input: " ".join(f"--strings {path}" for path in input.strings),
        final=FINAL,
    run:
        step(
            "scripts.checks.citation_check --bib {input.bib} --config {input.config} --lang {wildcards.lang}"
            " {params.strings} {params.final}"
            " --json {output} {input.sections}"
        )


# One edition check per edition: it compares the edition with the others, which it reads as
# ancient() inputs, so an edit to one edition reruns only that edition's check and renders.
# (The renders' own dependency on the check cannot be ancient(): Snakemake 9 skips the
# modification-date check of every job downstream of a job that must run, and ancient()
# then drops that job, leaving it stale; tests/workflow/test_rebuild_scope.py.)
rule check_editions:
    input:
        sections=lambda w: edition_sections(w.lang),
        others=lambda w: [ancient(section) for other in LANGS if other != w.lang for section in edition_sections(other)],
        config=paths.CONFIG_PART.format(part="sections"),
        # The prose rules read every edition's strings and this edition's spelling list, if it has one.
        strings=expand(paths.STRINGS, lang=LANGS),
        spelling=lambda w: [p for p in [paths.SPELLING.format(lang=w.lang)] if os.path.isfile(p)],
        # The journal's spelling variety and number style.
        typesetting=journal_part("typesetting"),
    output:
        paths.EDITIONS_REPORT,
    log:
        f"{paths.LOGS}/check_editions-{{lang}}.log",
    run:
        step(
            "scripts.checks.edition_check --config {input.config} --lang {wildcards.lang}"
            " --typesetting {input.typesetting} --json {output} manuscript"
        )


# The journal's limits (the profile's `limits:` and `sections:`) on every edition at once, read from
# the section files and values: warnings, errors in a final build (scripts/checks/journal_rules.py).
rule check_journal:
    input:
        limits=journal_part("limits"),
        journal_sections=journal_part("sections"),
        config=paths.CONFIG,
        metadata=paths.METADATA,
        bib=paths.BIBLIOGRAPHY,
        sections=lambda w: [section for lang in LANGS for section in edition_sections(lang)],
        values=expand(paths.LOCAL_VALUES, lang=LANGS),
    output:
        paths.JOURNAL_REPORT,
    log:
        f"{paths.LOGS}/check_journal.log",
    params:
        editions=lambda w, input: " ".join(f"--edition {lang}={path}" for lang, path in zip(LANGS, input.values)),
        date=BUILD_DATE,
        final=FINAL,
        where=JOURNAL_WHERE,
    run:
        step(
            "scripts.checks.journal_rules --limits {input.limits} --sections {input.journal_sections}"
            " --where {params.where}"
            " --config {input.config} --metadata {input.metadata} --bib {input.bib} --date {params.date}"
            " {params.editions} {params.final} --json {output}"
        )
