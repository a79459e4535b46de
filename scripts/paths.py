"""Every path the workflow reads or writes, in one place (as showyourwork keeps its paths module).

Paths are relative to the repository root, which is the working directory of every rule.
"""

from __future__ import annotations

CONFIG = "config.yaml"
METADATA = "manuscript/metadata.yaml"
BIBLIOGRAPHY = "bib/references.bib"
RAW = "data/raw"
STRINGS = "templates/i18n/{lang}.yaml"
TYPST_TEMPLATE = "templates/article.typ"
DOCX_FRONTMATTER_FILTER = "templates/frontmatter.lua"
DEFAULTS = "templates/defaults/{name}.yaml"
REFERENCE_DOCX_SCRIPT = "scripts/reference_docx.py"

BUILD = "build"
REFERENCE_DOCX = "build/reference.docx"
CSL = "build/style.csl"
DATA_REPORT = "build/reports/data-{group}.json"  # group: a table name, or "all"
CITATIONS_REPORT = "build/reports/citations-{lang}.json"
METADATA_REPORT = "build/reports/metadata.json"
EDITIONS_REPORT = "build/reports/editions.json"
NEUTRAL_TABLE = "build/tables/{name}.csv"
VALUES = "build/values.json"
LOCAL_VALUES = "build/{lang}/values.json"
LOCAL_TABLE = "build/{lang}/tables/{name}.md"
LOCAL_FIGURE = "build/{lang}/figures/{name}.png"
ARTICLE_MD = "build/{lang}/article.md"
ARTICLE_TYP = "build/{lang}/article.typ"
ARTICLE = "build/{lang}/article.{fmt}"
ARTICLE_DOCX = "build/{lang}/article.docx"
ARTICLE_PDF = "build/{lang}/article.pdf"
LOGS = "build/logs"


MANUSCRIPT_DIR = "manuscript/{lang}"


def section(lang: str, name: str) -> str:
    return f"{MANUSCRIPT_DIR.format(lang=lang)}/{name}.md"


def raw_file(stem: str) -> str:
    return f"{RAW}/{stem}.csv"
