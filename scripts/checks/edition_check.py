"""Check that the editions of the article match: same sections, headings, citations, tables,
figures, cross-references and value placeholders.

    python -m scripts.checks.edition_check --config config.yaml [--lang LANG] [--json OUT] manuscript

Languages and sections come from config.yaml; the files are manuscript/<lang>/<section>.md.
Every edition is compared with the first language's, section by section. With `--lang`, only
what concerns that edition: its own files, and its comparison with the first language's (or,
for the first language, every comparison). The build runs one such check per edition, so an
edit to one edition checks it against the others and gates only that edition's renders. A
difference is an error naming both files and what differs, at the line where it stands.
Citations, headings and cross-references are read by pandoc (the same reading as scripts.checks.citation_check, one
pandoc call per edition); `{{table:NAME}}`, `{{figure:NAME}}` and `{{key}}` from the source.
Exit 1 when an error is found, else 0; findings on stderr as `FILE:LINE[:COL]: severity [rule-id] message`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.checks import prose
from scripts.checks import sections as section_files
from scripts.checks.citations.cites import Manuscript, ManuscriptReader, attach_heading_lines, double_brace_items
from scripts.checks.citations.report import emit, line_of
from scripts.core import config as config_mod
from scripts.core import journal, paths, rule_ids, yamlfile
from scripts.core.errors import Finding, UserError, finding, run_cli

# Rule ids of this check; their severities and meanings are in scripts/core/rule_ids.py (docs/checks.md).
EDITION_RULES = (
    "missing-section",
    "unlisted-section",
    "empty-section",
    "heading-mismatch",
    "citation-mismatch",
    "table-mismatch",
    "figure-mismatch",
    "crossref-mismatch",
    "placeholder-mismatch",
    "encoding",
    "parse-error",
    *prose.PROSE_RULES,
)


def _f(rule: str, file: str, message: str, line: int | None = None, column: int | None = None) -> Finding:
    return Finding(str(file), line, column, rule_ids.severity(rule), rule, message)


@dataclass
class Item:
    """One thing that must appear in both editions: where it first stands in a file."""

    label: str  # how the message names it, e.g. "@smith2020" or "{{table:results}}"
    line: int | None
    column: int | None


def _items(ms: Manuscript, path: str) -> dict[str, dict[str, Item]]:
    """Per kind ('citation', 'crossref', 'table', 'figure', 'value'): label -> first place."""
    out: dict[str, dict[str, Item]] = {k: {} for k in ("citation", "crossref", "table", "figure", "value")}
    for c in ms.citations:
        if c.file != path or c.in_metadata or c.key == "*":
            continue
        kind = "crossref" if c.is_crossref else "citation"
        out[kind].setdefault(f"@{c.key}", Item(f"@{c.key}", c.line, c.column))
    for kind, name, line, column in double_brace_items(ms.sources[path]):
        label = f"{{{{{kind}:{name}}}}}" if kind in ("table", "figure") else f"{{{{{name}}}}}"
        out[kind].setdefault(label, Item(label, line, column))
    return out


_RULE_OF_KIND = {
    "citation": ("citation-mismatch", "citation"),
    "crossref": ("crossref-mismatch", "cross-reference"),
    "table": ("table-mismatch", "table"),
    "figure": ("figure-mismatch", "figure"),
    "value": ("placeholder-mismatch", "value placeholder"),
}


def compare_items(ref: str, ref_ms: Manuscript, other: str, other_ms: Manuscript, skip_ast: bool) -> list[Finding]:
    out = []
    a, b = _items(ref_ms, ref), _items(other_ms, other)
    for kind, (rule, noun) in _RULE_OF_KIND.items():
        if skip_ast and kind in ("citation", "crossref"):
            continue
        for here, here_items, there in ((ref, a[kind], other), (other, b[kind], ref)):
            missing = b[kind] if here == ref else a[kind]
            for label, item in here_items.items():
                if label not in missing:
                    out.append(
                        _f(rule, here, f"{noun} {label} is in {here} but not in {there}", item.line, item.column)
                    )
    return out


def compare_headings(ref: str, ref_ms: Manuscript, other: str, other_ms: Manuscript) -> list[Finding]:
    a, b = ref_ms.headings.get(ref, []), other_ms.headings.get(other, [])
    if [h.level for h in a] == [h.level for h in b]:
        return []

    def show(h) -> str:
        return f"{'#' * h.level} {h.text}".strip()

    def levels(hs) -> str:
        return ", ".join(str(h.level) for h in hs) or "none"

    summary = f"{ref} has {len(a)} heading(s) (levels {levels(a)}), {other} has {len(b)} (levels {levels(b)})"
    for i in range(max(len(a), len(b))):
        ha = a[i] if i < len(a) else None
        hb = b[i] if i < len(b) else None
        if ha and hb and ha.level == hb.level:
            continue
        if ha and hb:
            return [
                _f(
                    "heading-mismatch",
                    other,
                    f"heading {i + 1} '{show(hb)}' is level {hb.level} here but "
                    f"'{show(ha)}' is level {ha.level} at {ref}:{ha.line or '?'}; {summary}",
                    hb.line,
                )
            ]
        if ha:
            return [
                _f(
                    "heading-mismatch",
                    ref,
                    f"heading {i + 1} '{show(ha)}' has no counterpart in {other}; {summary}",
                    ha.line,
                )
            ]
        return [
            _f(
                "heading-mismatch",
                other,
                f"heading {i + 1} '{show(hb)}' has no counterpart in {ref}; {summary}",
                hb.line,
            )
        ]
    return []


def _config_list(config: dict, name: str, path: str | None) -> list[str]:
    value = config.get(name)
    if not isinstance(value, list) or not value or not all(isinstance(x, (str, int)) for x in value):
        raise UserError(
            finding(path or "config.yaml", "config", f"'{name}' must be a non-empty list", line=line_of(path, name))
        )
    return [str(x) for x in value]


def prose_findings(
    root: Path, sections: list[str], checked: list[str], editions: dict[str, Manuscript], typesetting: dict
) -> list[Finding]:
    """The prose rules (scripts/checks/prose.py) on each checked edition, with its language strings
    and spelling list (when the language has them), the other editions' text of each section and
    the journal profile's `typesetting:` (spelling variety, number style)."""
    texts = {
        lang: {
            s: ms.sources[str(root / lang / f"{s}.md")].text
            for s in sections
            if str(root / lang / f"{s}.md") in ms.sources
        }
        for lang, ms in editions.items()
    }
    strings = {
        lang: yamlfile.load(paths.STRINGS.format(lang=lang))
        for lang in editions
        if Path(paths.STRINGS.format(lang=lang)).is_file()
    }
    out = []
    for lang in checked:
        if lang not in texts:
            continue
        spelling_path = Path(paths.SPELLING.format(lang=lang))
        spelling = yamlfile.load(spelling_path) if spelling_path.is_file() else None
        own = {s: str(root / lang / f"{s}.md") for s in texts[lang]}
        out += prose.check_edition(lang, own, texts, strings, spelling, typesetting)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.checks.edition_check", description=__doc__.split("\n")[0])
    parser.add_argument("--config", help="config.yaml with languages and sections (default: ./config.yaml)")
    parser.add_argument("--lang", help="check only what concerns this edition (default: every edition)")
    parser.add_argument("--json", help="write a JSON report (findings and counts) here")
    parser.add_argument(
        "--typesetting",
        default=paths.JOURNAL_PART.format(part="typesetting"),
        help="the journal profile's typesetting part (build/journal/typesetting.json)",
    )
    parser.add_argument("manuscript", help="the folder holding <lang>/<section>.md")
    args = parser.parse_args(argv)

    config_path = args.config or paths.CONFIG
    config = config_mod.load(config_path)
    languages = _config_list(config, "languages", config_path)
    sections = _config_list(config, "sections", config_path)
    root = Path(args.manuscript)
    if not root.is_dir():
        raise UserError(finding(args.manuscript, "input", "manuscript folder not found"))
    if args.lang is not None and args.lang not in languages:
        raise UserError(
            finding(
                config_path,
                "config",
                f"--lang {args.lang} is not one of 'languages': {', '.join(languages)}",
                line=line_of(config_path, "languages"),
            )
        )
    ref_lang = languages[0]
    pairs = [(ref_lang, lang) for lang in languages[1:] if args.lang in (None, ref_lang, lang)]
    checked = [args.lang] if args.lang else languages  # the editions whose own files are checked
    read = {lang for pair in pairs for lang in pair} | set(checked)

    findings: list[Finding] = []
    present: dict[str, list[str]] = {}
    for lang in languages:
        present[lang] = []
        for section in sections:
            path = root / lang / f"{section}.md"
            if path.is_file():
                present[lang].append(str(path))
                continue
            if lang not in checked:
                continue
            others = [
                str(root / o / f"{section}.md")
                for o in languages
                if o != lang and (root / o / f"{section}.md").is_file()
            ]
            where = f"; {', '.join(others)} has it" if others else ""
            findings.append(
                _f(
                    "missing-section",
                    str(path),
                    f"section file is missing: config.yaml lists section '{section}' for every edition{where}",
                )
            )
        if lang in checked:
            findings += section_files.unlisted(root, lang, sections) + section_files.empty(root, lang, sections)

    readers = {lang: ManuscriptReader(files).start() for lang, files in present.items() if files and lang in read}
    editions: dict[str, Manuscript] = {lang: reader.finish() for lang, reader in readers.items()}
    for lang, ms in editions.items():
        attach_heading_lines(ms)
        if lang not in checked:
            continue
        for path, problem in ms.encoding:
            findings.append(_f("encoding", path, problem.message, problem.line, problem.column))
        for path, problem in ms.errors:
            findings.append(_f("parse-error", path, problem.message, problem.line, problem.column))

    for ref_lang, lang in pairs:
        if ref_lang not in editions or lang not in editions:
            continue
        for section in sections:
            ref, other = str(root / ref_lang / f"{section}.md"), str(root / lang / f"{section}.md")
            if ref not in editions[ref_lang].sources or other not in editions[lang].sources:
                continue
            unreadable = {p for p, _ in editions[ref_lang].errors + editions[lang].errors}
            skip_ast = ref in unreadable or other in unreadable
            if not skip_ast:
                findings += compare_headings(ref, editions[ref_lang], other, editions[lang])
            findings += compare_items(ref, editions[ref_lang], other, editions[lang], skip_ast)

    typesetting = journal.read_part(args.typesetting)["typesetting"]
    findings += prose_findings(root, sections, checked, editions, typesetting)
    extra = {"manuscript": args.manuscript, "languages": languages, "sections": sections, "edition": args.lang}
    return emit("check_editions", findings, args.json, extra)


if __name__ == "__main__":
    sys.exit(run_cli(main))
