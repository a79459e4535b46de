# The article's workflow: raw data → tables, figures, values → assembled editions → PDF and DOCX.
# Every path comes from scripts/core/paths.py; every rule calls one module of scripts/.
import os
import sys

from scripts.core import bytecode

# Where PYTHONDONTWRITEBYTECODE is set, the repository's own modules keep their bytecode under
# .snakemake/pycache, never beside the sources; every library keeps its installed bytecode.
if sys.dont_write_bytecode:
    bytecode.keep_under(".snakemake/pycache", workflow.basedir)

from snakemake import persistence
from snakemake.utils import validate

from scripts.data import catalog, report_labels, contract as schema
from scripts.core import buildlock, config as config_mod, memo, parse_memo, paths
from scripts.core.closing import or_exit
from scripts.core.errors import finding

# Before anything is written (config parts, below): one writer of build/ at a time. A job that
# Snakemake spawns as a Snakemake of its own (a `run:` rule without the profile's force-use-threads)
# reads this Snakefile too, and works under its parent's lock.
BUILD_LOCK_FD = None if workflow.subprocess_exec else buildlock.acquire()
# Schema checks of unchanged settings are not redone (and jsonschema not imported) on the next run.
memo.enable(paths.MEMO)
# Nor is Snakemake's translation of unchanged rule files (the `include:`s below) redone.
parse_memo.install()

# config.yaml checked against config.schema.yaml before Snakemake reads it: a bad setting is one
# finding at its line (scripts/core/config.py), and the run stops before any job.
or_exit(config_mod.load, paths.CONFIG, True)


configfile: paths.CONFIG


# The command line's `--config key=value` too; then the whole, as Snakemake's workflow template
# does, which gives the settings left out the schema's defaults.
or_exit(config_mod.check, workflow.config_settings.overwrite_config, "--config")
config_mod.validate(config, lambda: validate(config, paths.CONFIG_SCHEMA))


report: paths.REPORT_CAPTION.format(name="workflow")


envvars:
    "PATH",


# Rules call `python -m scripts.…`: make that the interpreter running Snakemake, venv or not.
os.environ["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), os.getenv("PATH")])


onstart:
    # Snakemake's job rate limit (--max-jobs-per-timespan, default 100/1s, meant for cluster
    # submission) starts a 1-second timer thread on every scheduling pass, and Snakemake waits
    # for the last one before it exits: ~1 s added to every run with a job. Local jobs need no limit.
    if workflow.local_exec and getattr(workflow, "scheduler", None) is not None:
        workflow.scheduler.job_rate_limiter = None


# Snakemake compares each job's params with the recorded ones through a pandas-aware serializer
# whenever pandas is installed, importing pandas (~0.4 s) on every run, a no-op included. No param
# of this workflow is a pandas object, and for everything else that serializer falls back to the
# builtin one: the same strings, so nothing reruns that would not have, without the import.
persistence.PersistenceBase._serialize_param = property(lambda self: self._serialize_param_builtin)


LANGS = config["languages"]
FORMATS = config["formats"]
# Relative to the rule files in rules/, where every rule with software lives.
ENV = "../environment.yaml"


wildcard_constraints:
    lang="|".join(LANGS),
    name="[a-z_]+",
    group="[a-z_]+",


include: "rules/common.smk"
include: "rules/data.smk"
include: "rules/checks.smk"
include: "rules/article.smk"
include: "rules/package.smk"
include: "rules/changes.smk"


rule all:
    default_target: True
    input:
        expand(paths.ARTICLE, lang=LANGS, fmt=FORMATS),
        expand(paths.ARTICLE_XML, lang=LANGS),
        expand(paths.NEUTRAL_TABLE, name=ALL_TABLES),
        expand(paths.REVIEW, lang=LANGS, fmt=FORMATS),
        expand(paths.TITLE_PAGE, lang=LANGS),
        paths.JOURNAL_REPORT,
        paths.MANIFEST,
        paths.BUNDLE,
        paths.EDITOR_BUNDLE,
