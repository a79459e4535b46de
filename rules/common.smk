# Small input functions shared by the rule files, and how every run ends.
import atexit
import logging
import time

import snakemake.io
from snakemake.common import NOTHING_TO_BE_DONE_MSG
from snakemake.utils import format as format_command

from scripts.data import declared_tables as declared, declared_figures, declared_values
from scripts.checks import sections
from scripts.core import closing as summary, journal, steps
from scripts.package import manifest as manifest_mod

# Jobs that read only some settings depend on those alone (config.write_part): a change to
# `sections:` does not rerun the citation style, the metadata check or the title pages.
CONFIG_PARTS = {
    "languages": ("languages",),
    "sections": ("languages", "sections"),
    "citations": ("languages", "citation_severity"),
    "build_date": ("build_date",),
}
for part, keys in CONFIG_PARTS.items():
    config_mod.write_part(config, keys, paths.CONFIG_PART.format(part=part))

# The date printed in the article and stamped into every file, worked out once: build_date, else
# the last commit's date (never the clock). Each job that prints it takes it as `--date`.
BUILD_DATE = or_exit(config_mod.build_date, config).isoformat()

# A final build (`--config final=true`) refuses what a journal would return: the checks that
# report errors.FINAL_RULES get --final (a changed flag reruns them: Snakemake's params trigger).
FINAL = "--final" if config_mod.is_true(config.get("final")) else ""


def declarations():
    """The raw data contract, the declared tables, every generated table with its raw files,
    every figure with its declaration, every family of values with its declaration."""
    contract = schema.load()
    tables = declared.load_all(tables=contract)
    return (
        contract,
        tables,
        catalog.tables(tables),
        declared_figures.load_all(tables=tables),
        declared_values.load_all(tables=contract),
    )


CONTRACT, DECLARED, ALL_TABLES, FIGURES, VALUE_FAMILIES = or_exit(declarations)


def step(command, alone=True):
    """The step of a `run:` block: `MODULE ARGS`, written as a shell rule's command (`{input.x}`,
    `{params.y}`), run in this process with its output in the job's log (scripts/core/steps.py).
    `alone=False` for a render, which waits on pandoc and typst and runs beside other jobs."""
    steps.run(format_command(command, stepout=2), format_command("{log}", stepout=2), alone)


def raw_files(stems):
    return [paths.raw_file(stem) for stem in stems]


# Every raw file the workflow reads: the contract's (each is validated; the tables and values read from them).
READ_RAW = catalog.raw_files(CONTRACT)


def raw_dir(wildcards, input):
    """The raw data folder, derived from the inputs so it is never a hard-coded prefix.

    A param computed from the inputs is left out of Snakemake's params-changed check, which
    would otherwise import pandas (~0.2 s) on every run, a no-op run included.
    """
    return os.path.dirname(input.raw[0])


def neutral_table_reports():
    """Each neutral table, shown in the Snakemake report with its name and captions."""
    return [
        snakemake.io.report(
            paths.NEUTRAL_TABLE.format(name=name),
            caption="../templates/report/table.rst",
            category="Tables",
            labels=report_labels.table(name),
        )
        for name in ALL_TABLES
    ]


# The tables the figures are drawn from, and the raw files the figures job reads for them:
# theirs, and those they refer to (validated with them).
FIGURE_TABLES = sorted({fig.table for fig in FIGURES.values()})
FIGURE_RAW = schema.with_references(
    list(dict.fromkeys(stem for name in FIGURE_TABLES for stem in ALL_TABLES[name])), CONTRACT
)


def figure_reports():
    """Each edition's figures, shown in the Snakemake report under the edition."""
    return [
        snakemake.io.report(
            paths.LOCAL_FIGURE.format(lang=lang, name=name),
            caption="../templates/report/figure.rst",
            category="Figures",
            subcategory=lang,
            labels=report_labels.figure(name, lang),
        )
        for lang in LANGS
        for name in FIGURES
    ]


# The journal's profile config.yaml (or --config journal=NAME) names, its `extends:` chain merged and
# checked, written in parts (build/journal/<part>.json): a job takes the parts it reads as inputs,
# so switching journal reruns only what the profile touches (scripts/core/journal.py).
JOURNAL = or_exit(journal.load, config.get("journal"))
journal.write_parts(JOURNAL)
# A .csl file the profile brings (`citation_style: name.csl`): the csl job's input, so an edit to it reruns the job.
CITATION_STYLE_FILE = [path for path in [journal.part(JOURNAL, "citation")["citation_style_file"]] if path]
# The journal's own Word template, when its profile gives one (that it exists is checked by the job reading it).
DOCX_TEMPLATE = list(filter(None, [journal.part(JOURNAL, "docx").get("template_file")]))


def journal_part(name):
    return paths.JOURNAL_PART.format(part=name)


# Where each key of the profile was set, for the findings that name a profile line: a param, never an
# input, so an edit that only moves a line of the profile (a comment) reruns nothing. Written above.
JOURNAL_WHERE = journal_part(journal.WHERE_PART)


def edition_sections(lang):
    return [paths.section(lang, name) for name in config["sections"]]


def user_inputs():
    """Every file the user writes that the workflow reads."""
    return [
        paths.METADATA,
        *JOURNAL.files,
        paths.BIBLIOGRAPHY,
        *raw_files(READ_RAW),
        paths.CONTRACT,
        *(decl.path for decl in DECLARED.values()),
        *(family.path for family in VALUE_FAMILIES.values()),
        *(fig.path for fig in FIGURES.values()),
        *(paths.STRINGS.format(lang=lang) for lang in LANGS),
        *(section for lang in LANGS for section in edition_sections(lang)),
    ]


def require_user_inputs():
    """Stop before any job when a file the user writes is missing.

    Snakemake alone does not notice a deleted input of a job whose outputs are up to date,
    and would report the build as done.
    """
    missing = [path for path in user_inputs() if not os.path.exists(path)]
    if missing:
        summary.stop_before_jobs([f for path in missing for f in missing_input(path)])


def missing_input(path):
    """A raw file is named by the declarations that read it (data/tables, data/values)."""
    stem = next((stem for stem in READ_RAW if paths.raw_file(stem) == path), None)
    if stem is None:
        return [finding(path, "missing-file", "file not found; the workflow reads it")]
    return declared.missing_raw(path, stem, [*DECLARED.values(), *VALUE_FAMILIES.values()])


require_user_inputs()


def resolve_baseline(source):
    """The baseline of `changes` named on the command line; an unknown one stops Snakemake
    before any job, with one line saying what it is not (scripts/changes/baseline.py)."""
    from scripts.changes.baseline import resolve

    return or_exit(resolve, str(source))


# Unlisted and empty section files, and raw files nothing reads, are no job's input:
# checked on every run, here.
PARSE_WARNINGS = sections.warnings(paths.MANUSCRIPT_ROOT, LANGS, config["sections"]) + declared.undeclared(
    paths.RAW, READ_RAW
)

# Every problem at a glance: the run ends with one block listing each finding once (scripts/core/closing.py).
RUN_STARTED = time.time()
CLOSING = summary.Closing(NOTHING_TO_BE_DONE_MSG)
logging.getLogger("snakemake.logging").addFilter(CLOSING)


def close_run(log, failed=False):
    if not CLOSING.closed:
        CLOSING.closed = True
        # Snakemake removed the failed jobs' outputs: a manifest still listing them would describe a build that is gone.
        dropped = manifest_mod.drop_if_stale(paths.MANIFEST) if failed else []
        summary.finish(workflow.dag, PARSE_WARNINGS + dropped, RUN_STARTED, log)


onsuccess:
    close_run(log)


onerror:
    close_run(log, failed=True)


# Snakemake calls no handler when there is nothing to do; the block still closes the run.
atexit.register(lambda: CLOSING.idle and close_run(workflow.logger_manager.get_logfile()))
