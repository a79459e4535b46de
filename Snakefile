# The article's workflow: raw data → tables, figures, values → assembled editions → PDF and DOCX.
# Every path comes from scripts/paths.py; every rule calls one module of scripts/.
import os
import sys

from scripts import catalog, paths, schema
from scripts.errors import finding

configfile: paths.CONFIG

envvars:
    "PATH",

# Rules call `python -m scripts.…`: make that the interpreter running Snakemake, venv or not.
os.environ["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), os.getenv("PATH")])

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


rule all:
    default_target: True
    input:
        expand(paths.ARTICLE, lang=LANGS, fmt=FORMATS),
        expand(paths.NEUTRAL_TABLE, name=catalog.TABLES),
