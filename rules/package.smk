# The submission package: the manifest of every input and output, the bundle reviewers
# unpack (nobody named), the editor's files, and `verify`, which rebuilds from the raw data and
# compares with a manifest.


SOURCES = manifest_mod.input_files()
DELIVERABLES = manifest_mod.output_files(LANGS, FORMATS, list(ALL_TABLES), list(FIGURES))
NAMED = manifest_mod.named_files(LANGS, FORMATS)


rule manifest:
    input:
        sources=SOURCES,
        outputs=DELIVERABLES,
    output:
        paths.MANIFEST,
    log:
        f"{paths.LOGS}/manifest.log",
    params:
        date=BUILD_DATE,
        journal=JOURNAL.name,
    run:
        step(
            "scripts.package.manifest --date {params.date} --journal {params.journal} --out {output}"
            " --inputs {input.sources}"
            " --outputs {input.outputs}"
        )


rule bundle:
    input:
        manifest=paths.MANIFEST,
        readme=paths.README,
        config=paths.CONFIG_PART.format(part="build_date"),
        sources=SOURCES,
        outputs=DELIVERABLES,
    output:
        reviewers=paths.BUNDLE,
        editor=paths.EDITOR_BUNDLE,
    log:
        f"{paths.LOGS}/bundle.log",
    params:
        named=NAMED,
    run:
        step(
            "scripts.package.bundle --manifest {input.manifest} --readme {input.readme} --config {input.config}"
            " --named {params.named} --out {output.reviewers} --editor-out {output.editor}"
        )


# Not part of `all`: run `snakemake --cores 1 verify` where a MANIFEST.json lies at the top
# level (an unpacked submission.zip, or a clone with the MANIFEST.json received beside it).
# It has no output, so it runs every time it is asked for; verify.py names a missing manifest.
rule verify:
    input:
        manifest=lambda w: [paths.VERIFY_MANIFEST] if os.path.exists(paths.VERIFY_MANIFEST) else [],
    log:
        f"{paths.LOGS}/verify.log",
    conda:
        ENV
    # All the cores the run was given, looked up when the job is made: `snakemake --unlock`
    # and other runs without --cores read this rule too.
    threads: lambda wildcards: workflow.cores
    params:
        manifest=paths.VERIFY_MANIFEST,
        workdir=paths.VERIFY_DIR,
    shell:
        "python -m scripts.commands.verify --manifest {params.manifest} --workdir {params.workdir} --cores {threads}"
        " 2>&1 | tee {log}"
