# The submission package: the manifest of every input and output, the bundle reviewers
# unpack, and `verify`, which rebuilds from the raw data and compares with a manifest.

from scripts.package import manifest as manifest_mod

SOURCES = manifest_mod.input_files()
DELIVERABLES = manifest_mod.output_files(LANGS, FORMATS, list(ALL_TABLES), list(FIGURES))


rule manifest:
    input:
        sources=SOURCES,
        outputs=DELIVERABLES,
    output:
        paths.MANIFEST,
    params:
        date=BUILD_DATE,
    log:
        f"{paths.LOGS}/manifest.log",
    conda:
        ENV
    shell:
        "python -m scripts.package.manifest --date {params.date} --out {output} --inputs {input.sources}"
        " --outputs {input.outputs} 2>&1 | tee {log}"


rule bundle:
    input:
        manifest=paths.MANIFEST,
        readme=paths.README,
        config=paths.CONFIG_PART.format(part="build_date"),
        sources=SOURCES,
        outputs=DELIVERABLES,
    output:
        paths.BUNDLE,
    log:
        f"{paths.LOGS}/bundle.log",
    conda:
        ENV
    shell:
        "python -m scripts.package.bundle --manifest {input.manifest} --readme {input.readme} --config {input.config}"
        " --out {output} 2>&1 | tee {log}"


# Not part of `all`: run `snakemake --cores 1 verify` where a MANIFEST.json lies at the top
# level (an unpacked submission.zip, or a clone with the MANIFEST.json received beside it).
# It has no output, so it runs every time it is asked for; verify.py names a missing manifest.
rule verify:
    input:
        manifest=lambda w: [paths.VERIFY_MANIFEST] if os.path.exists(paths.VERIFY_MANIFEST) else [],
    params:
        manifest=paths.VERIFY_MANIFEST,
        workdir=paths.VERIFY_DIR,
    log:
        f"{paths.LOGS}/verify.log",
    threads: workflow.cores
    conda:
        ENV
    shell:
        "python -m scripts.commands.verify --manifest {params.manifest} --workdir {params.workdir} --cores {threads}"
        " 2>&1 | tee {log}"
