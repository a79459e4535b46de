"""Check an edition's citations against the bibliography, as pandoc and citeproc will read them.

    python -m scripts.checks.citation_check --bib bib/references.bib [--config config.yaml]
        [--lang id|en] [--metadata-file manuscript/metadata.yaml] [--strings templates/i18n/<lang>.yaml ...]
        [--json OUT] MARKDOWN...

Prints one line per finding on stderr, `FILE:LINE[:COL]: error|warning [rule-id] message`,
sorted by file and line; exits 1 when an error-level finding remains, else 0. The rules and
their ids are in scripts/checks/citations/rules.py, their default severities and meanings in
scripts/core/rule_ids.py (docs/checks.md); config.yaml's `citation_severity` changes a
rule's severity (error, warning or off).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.checks.citations.bib import read_bibliography
from scripts.checks.citations.cites import ManuscriptReader
from scripts.checks.citations.locators import page_locators
from scripts.checks.citations.report import emit, severities_from
from scripts.checks.citations.rules import RULE_IDS, Context, run_rules
from scripts.core import config as config_mod
from scripts.core import paths
from scripts.core.errors import FINAL_RULES, escalated, run_cli


def infer_lang(paths: list[str], languages: list[str]) -> str | None:
    """The edition language from a path like manuscript/<lang>/..., or build/<lang>/...:
    the folder after `manuscript`, else any folder named after a configured language."""
    found = set()
    for p in paths:
        parts = Path(p).parts[:-1]
        for i, part in enumerate(parts):
            if part == "manuscript" and i + 1 < len(parts):
                found.add(parts[i + 1])
                break
        else:
            found.update(part for part in parts if part in languages)
    return found.pop() if len(found) == 1 else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.checks.citation_check", description=__doc__.split("\n")[0])
    parser.add_argument("--bib", required=True, help="the BibTeX/biblatex file")
    parser.add_argument("--config", help="config.yaml with citation_severity (default: ./config.yaml if present)")
    parser.add_argument("--lang", help="edition language (id, en); default: from the path manuscript/<lang>/")
    parser.add_argument("--metadata-file", action="append", default=[], help="YAML metadata pandoc also reads (nocite)")
    parser.add_argument(
        "--strings",
        action="append",
        default=[],
        help="a strings file templates/i18n/<lang>.yaml, once per edition (default: each configured language's)",
    )
    parser.add_argument("--json", help="write a JSON report (findings and counts) here")
    parser.add_argument(
        "--final",
        action="store_true",
        help="a final build: a missing field is an error, whatever citation_severity says",
    )
    parser.add_argument("markdown", nargs="+", help="the edition's Markdown files, in reading order")
    args = parser.parse_args(argv)

    # An explicitly named configuration must exist; without one, ./config.yaml if there is one.
    config_path = args.config or (paths.CONFIG if Path(paths.CONFIG).is_file() else None)
    config = config_mod.load(config_path) if config_path else {}
    severities = severities_from(config, config_path, RULE_IDS)
    if args.final:  # no override silences what a final build refuses
        severities = {rule: value for rule, value in severities.items() if rule not in FINAL_RULES}
    languages = [str(x) for x in config.get("languages") or []]
    lang = args.lang or infer_lang(args.markdown, languages)

    reader = ManuscriptReader(args.markdown, args.metadata_file).start()  # pandoc runs meanwhile
    bib = read_bibliography(args.bib)
    manuscript = reader.finish()
    locators = page_locators(args.strings or [paths.STRINGS.format(lang=code) for code in languages])
    findings = escalated(run_rules(Context(bib, manuscript, lang, locators), severities), args.final)
    extra = {"bibliography": args.bib, "markdown": list(args.markdown), "lang": lang}
    return emit("check_citations", findings, args.json, extra)


if __name__ == "__main__":
    sys.exit(run_cli(main))
