"""Every path the workflow reads or writes, in one place (as showyourwork keeps its paths module).

Paths are relative to the repository root, which is the working directory of every rule.
"""

from __future__ import annotations

from pathlib import Path


def code_file(relative: str) -> Path:
    """`relative` in the repository this code belongs to, whatever folder a run is in (a check run
    elsewhere reads the same schema). This module is scripts/core/paths.py, two folders below it."""
    return Path(__file__).resolve().parents[2] / relative


CONFIG = "config.yaml"
CONFIG_SCHEMA = "config.schema.yaml"  # what config.yaml may hold
METADATA = "manuscript/metadata.yaml"
# The journal's standing facts (name, ISSN, publisher, license), chosen by `journal:` in config.yaml.
JOURNAL_PROFILE = "journals/{journal}/profile.yaml"
DEFAULT_JOURNAL = "default"
JOURNAL_SCHEMA = "journals/profile.schema.yaml"  # what a profile may hold
# The resolved profile in parts, one per concern (scripts/core/journal.py): a job reads only its own.
JOURNAL_PART = "build/journal/{part}.json"
BIBLIOGRAPHY = "bib/references.bib"
RAW = "data/raw"
CONTRACT = "data/contract.yaml"  # the raw files, their columns and rules
VALUE_DECLARATIONS = "data/values"  # the values the prose quotes, declared
STRINGS = "templates/i18n/{lang}.yaml"
SPELLING = "templates/spelling/{lang}.yaml"  # british/us word pairs for the prose check
TYPST_TEMPLATE = "templates/article.typ"
DOCX_FRONTMATTER_FILTER = "templates/frontmatter.lua"
DEFAULTS = "templates/defaults/{name}.yaml"
# The filters templates/defaults/common.yaml names: every render reads them.
ALT_TEXT_FILTER = "templates/alt-text.lua"
FOREIGN_TERMS_FILTER = "templates/foreign-terms.lua"
CITED_REFERENCES_FILTER = "templates/cited-references.lua"  # the .bib cut to the cited entries, before citeproc
NONBREAKING_SPACES_FILTER = "templates/nonbreaking-spaces.lua"
GROUPED_ROWS_FILTER = "templates/grouped-rows.lua"  # a grouped table's key cells merged (row_span)
COMMON_FILTERS = [
    CITED_REFERENCES_FILTER,
    "templates/local-files.lua",
    ALT_TEXT_FILTER,
    FOREIGN_TERMS_FILTER,
    NONBREAKING_SPACES_FILTER,
    GROUPED_ROWS_FILTER,
]
# After the edition's one parse, the PDF's own: each generated figure's SVG instead of its PNG.
SVG_FIGURES_FILTER = "templates/svg-figures.lua"
TYPST_ALT_TEXT_FILTER = "templates/typst-alt-text.lua"  # each image written as typst with its `alt:`
# What the PDF's typst render runs after the parse, in this order.
TYPST_FILTERS = [SVG_FIGURES_FILTER, TYPST_ALT_TEXT_FILTER]
# The edition's one parse and its typst render in a single pandoc call (scripts/commands/watch.py).
ONE_PASS_FILTER = "templates/one-pass.lua"
REFERENCE_DOCX_SCRIPT = "scripts/article/reference_docx.py"
DOCX_TEMPLATE_SCRIPT = "scripts/article/docx_template.py"  # the journal's own Word template, when it has one

BUILD = "build"
REFERENCE_DOCX = "build/reference.docx"
CSL = "build/style.csl"
# The settings of config.yaml a job reads, when it reads only some: see config.write_part.
CONFIG_PART = "build/config/{part}.json"
DATA_REPORT = "build/reports/data.json"  # the validation of every raw file
CITATIONS_REPORT = "build/reports/citations-{lang}.json"
METADATA_REPORT = "build/reports/metadata.json"
EDITIONS_REPORT = "build/reports/editions-{lang}.json"
JOURNAL_REPORT = "build/reports/journal.json"  # the journal's limits, every edition
NEUTRAL_TABLE = "build/tables/{name}.csv"
VALUES = "build/values.json"
DATA_DICTIONARY = "build/data-dictionary.md"  # data/README.md with its contract section current
DATA_README = "data/README.md"
LOCAL_VALUES = "build/{lang}/values.json"
LOCAL_TABLE = "build/{lang}/tables/{name}.md"
LOCAL_FIGURE = "build/{lang}/figures/{name}.png"  # the DOCX's raster (300 ppi)
LOCAL_FIGURE_SVG = "build/{lang}/figures/{name}.svg"  # the PDF's vector
ARTICLE_MD = "build/{lang}/article.md"
FRONT_MATTER_MD = "build/{lang}/front-matter.md"
ARTICLE_TYP = "build/{lang}/article.typ"
ARTICLE = "build/{lang}/article.{fmt}"
ARTICLE_DOCX = "build/{lang}/article.docx"
ARTICLE_PDF = "build/{lang}/article.pdf"
ARTICLE_XML = "build/{lang}/article.xml"  # JATS 1.3 for OJS and indexers
JATS_TEMPLATE = "templates/article.jats"
JATS_FILTER = "templates/jats.lua"  # citations as xref, CSL's nocase spans dropped
LOGS = "build/logs"

# The submission package (rules/package.smk) and the double-blind review versions.
REVIEW = "build/{lang}/article-review.{fmt}"
REVIEW_DOCX = "build/{lang}/article-review.docx"
REVIEW_PDF = "build/{lang}/article-review.pdf"
REVIEW_TYP = "build/{lang}/article-review.typ"
REVIEW_REFERENCE_DOCX = "build/reference-review.docx"
TITLE_PAGE = "build/{lang}/title-page.docx"
MANIFEST = "build/MANIFEST.json"
BUNDLE = "build/submission.zip"  # for the journal's reviewers: nobody named (scripts/package/bundle.py)
EDITOR_BUNDLE = "build/editor.zip"  # for the editor alone: the title pages and the named versions
README = "README.md"
# The manifest `verify` checks against: at the top level (where the bundle unpacks it),
# never written by the build, so a rebuild cannot overwrite it.
VERIFY_MANIFEST = "MANIFEST.json"
# Where `verify` rebuilds everything from the raw data, apart from build/ itself.
VERIFY_DIR = "build/verify"
REPORT_CAPTION = "templates/report/{name}.rst"

# The revision round (rules/changes.smk): each edition compared with a baseline, the submitted
# version, built in build/baseline/<key>/ (scripts/changes/baseline.py). Not part of `all`.
# pandoc's AST after citeproc and the common filters: the one parse of an edition, which every
# render of it reads and `changes` compares; also in the baseline's folder.
EDITION_AST = "build/{lang}/article.json"
BASELINE_AST = "build/baseline/{key}/build/{lang}/article.json"
BASELINE_VALUES = "build/baseline/{key}/build/{lang}/values.json"
CHANGES_AST = "build/{lang}/article-changes.json"
CHANGES_SUMMARY = "build/{lang}/changes.md"
CHANGES_BASELINE_IMAGES = "build/{lang}/baseline"  # the baseline's figures, where the marked edition finds them
CHANGES = "build/{lang}/article-changes.{fmt}"
CHANGES_DOCX = "build/{lang}/article-changes.docx"
CHANGES_PDF = "build/{lang}/article-changes.pdf"
CHANGES_TYP = "build/{lang}/article-changes.typ"
# The anonymous marked revision, for double-blind reviewers (as REVIEW is to ARTICLE).
CHANGES_REVIEW = "build/{lang}/article-review-changes.{fmt}"
CHANGES_REVIEW_DOCX = "build/{lang}/article-review-changes.docx"
CHANGES_REVIEW_PDF = "build/{lang}/article-review-changes.pdf"
CHANGES_REVIEW_TYP = "build/{lang}/article-review-changes.typ"
CHANGES_FILTER = "templates/changes.lua"
# Every file the build reads (globs, relative to the repository root): the manifest's inputs
# and the bundle's sources. build/ is never among them.
SOURCES = (
    "Snakefile",
    "rules/*.smk",
    "scripts/**/*.py",
    "config.yaml",
    "config.schema.yaml",
    "requirements.txt",
    "environment.yaml",
    "profiles/**/*",  # the workflow profile Snakemake reads by itself: how a build runs and recovers
    "manuscript/**/*",
    "journals/**/*",
    "bib/**/*",
    "data/**/*",
    "templates/**/*",
)


MANUSCRIPT_ROOT = "manuscript"
MANUSCRIPT_DIR = MANUSCRIPT_ROOT + "/{lang}"


def section(lang: str, name: str) -> str:
    return f"{MANUSCRIPT_DIR.format(lang=lang)}/{name}.md"


def journal_profile(journal: str | None) -> str:
    """The profile of the journal config.yaml's `journal:` names (the default one without it)."""
    return JOURNAL_PROFILE.format(journal=journal or DEFAULT_JOURNAL)


def raw_file(stem: str) -> str:
    return f"{RAW}/{stem}.csv"


# Held by whatever writes build/ (a Snakemake run, watch): the kernel releases it when its process ends.
BUILD_LOCK = ".snakemake/build.lock"
# Schema checks that found nothing, remembered so the next run skips them (scripts/core/memo.py).
MEMO = ".snakemake/memo"
