"""Assemble one edition: section files + generated tables, figures and values → one pandoc document.

Three kinds of marks in the manuscript are resolved here, where the source line is known:
- `{{key}}`            a value computed from the data, formatted for the edition;
- `{{table:NAME}}` and `{{figure:NAME}}`, alone on a line: a generated table or figure,
  numbered in order of appearance and captioned in the edition's language;
- `@tbl:NAME`, `@fig:NAME`: a cross-reference, written out as "Tabel 2" / "Table 2".
A journal profile's `sections:` names each section's level-1 heading per language: it replaces
the heading on the file's first line (the author's headings stay the source of the other levels).
pandoc-crossref is not on PyPI; doing this in Python keeps file:line in every message.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.checks import metadata
from scripts.core import config as config_mod
from scripts.core import journal, paths, yamlfile
from scripts.core.errors import Finding, UserError, finding, run_cli
from scripts.core.files import write_atomic
from scripts.core.formatting import format_date
from scripts.data import declared_figures
from scripts.data import declared_tables as declared

BLOCK = re.compile(r"^\{\{(table|figure):([A-Za-z0-9_-]+)\}\}\s*$")
VALUE = re.compile(r"\{\{([^{}:\s]+)\}\}")
XREF = re.compile(r"@(tbl|fig):([A-Za-z0-9_-]+)")
# An inline image: its description, its target and its attributes (`{fig-alt="…"}`).
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]+)[^)]*\)(?P<attrs>\{[^}]*\})?")
FIG_ALT = re.compile(r'fig-alt\s*=\s*"(?P<text>(?:[^"\\]|\\.)*)"')
KIND = {"table": "tbl", "figure": "fig"}
# A level-1 ATX heading, its text and its attributes ("# Method {#sec-method}").
LEVEL_ONE = re.compile(r"^#[ \t]+(?P<text>.*?)(?P<attrs>[ \t]+\{[^{}]*\})?[ \t]*$")
# Characters that would turn a value into Markdown: "@name" would become a citation.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#@$|~^])")


def markdown_text(text: str) -> str:
    """Escape a plain-text value so pandoc reads it as the same text."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def attribute_text(text: str) -> str:
    """Escape plain text for a quoted pandoc attribute value (pandoc unescapes both)."""
    return markdown_text(text).replace('"', '\\"')


@dataclass(frozen=True)
class Source:
    """One section file, read."""

    path: str
    lines: list[str]


def read_sections(lang: str, sections: list[str]) -> list[Source]:
    missing = [paths.section(lang, name) for name in sections if not Path(paths.section(lang, name)).is_file()]
    if missing:
        raise UserError(
            finding(p, "missing-section", f"section file not found (listed under 'sections' in {paths.CONFIG})")
            for p in missing
        )
    sources = []
    for name in sections:
        path = paths.section(lang, name)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise UserError(finding(path, "encoding", "not UTF-8")) from None
        sources.append(Source(path, text.splitlines()))
    return sources


def journal_headings(sources: list[Source], names: list[str], lang: str, sections: dict) -> list[Source]:
    """Each section file with the level-1 heading the journal profile's `sections:` gives it in
    `lang` (`names`: the section of each file); a mapped file whose line 1 is not a level-1
    heading is a finding there: the build would not know which heading to replace."""
    renamed, problems = [], []
    for src, name in zip(sources, names, strict=True):
        heading = (sections.get(name) or {}).get(lang)
        if heading is None:
            renamed.append(src)
            continue
        match = LEVEL_ONE.match(src.lines[0]) if src.lines else None
        if match is None:
            problems.append(
                finding(
                    src.path,
                    "section-heading",
                    f"the journal names this section {heading!r}: the file must start with its level-1 heading "
                    "(# Heading), which the build sets to that name",
                    line=1,
                )
            )
            continue
        renamed.append(dataclasses.replace(src, lines=[f"# {heading}{match['attrs'] or ''}", *src.lines[1:]]))
    if problems:
        raise UserError(problems)
    return renamed


def number_blocks(sources: list[Source]) -> tuple[dict[str, int], list[Finding]]:
    """Number tables and figures by order of appearance: {"tbl:results": 1, ...}."""
    numbers: dict[str, int] = {}
    first_seen: dict[str, str] = {}
    counts = {"tbl": 0, "fig": 0}
    problems = []
    for src in sources:
        for lineno, line in enumerate(src.lines, start=1):
            match = BLOCK.match(line.strip())
            if not match:
                continue
            label = f"{KIND[match[1]]}:{match[2]}"
            if label in numbers:
                problems.append(
                    finding(
                        src.path,
                        "duplicate-label",
                        f"{label} is placed twice (first at {first_seen[label]})",
                        line=lineno,
                    )
                )
                continue
            counts[KIND[match[1]]] += 1
            numbers[label] = counts[KIND[match[1]]]
            first_seen[label] = f"{src.path}:{lineno}"
    return numbers, problems


def caption_word(label: str, strings: dict) -> str:
    return strings["table"] if label.startswith("tbl:") else strings["figure"]


def resolve_line(
    line: str, where: tuple[str, int], values: dict, numbers: dict, strings: dict, escape=markdown_text
) -> tuple[str, list[Finding]]:
    """Replace value placeholders and cross-references in one line of prose.

    `escape` makes a value the text it is where it lands: Markdown by default.
    """
    path, lineno = where
    problems = [
        finding(
            path,
            "unknown-placeholder",
            f"no value named {m[0]} (values come from {paths.VALUES})",
            line=lineno,
            column=m.start() + 1,
        )
        for m in VALUE.finditer(line)
        if m[1] not in values
    ] + [
        finding(
            path,
            "unknown-label",
            f"{m[0]} refers to no table or figure placed in this edition",
            line=lineno,
            column=m.start() + 1,
        )
        for m in XREF.finditer(line)
        if f"{m[1]}:{m[2]}" not in numbers
    ]
    if problems:
        return line, problems

    def xref(match):
        label = f"{match[1]}:{match[2]}"
        return f"{caption_word(label, strings)}\u00a0{numbers[label]}"

    return VALUE.sub(lambda m: escape(values[m[1]]), XREF.sub(xref, line)), []


def rebase_image(match: re.Match, src: Source, lineno: int, out_dir: Path, root: Path) -> tuple[str, list[Finding]]:
    """Point an author's image at its file from the assembled document's folder."""
    target = match["target"]
    if re.match(r"^[a-z]+://", target):
        return match[0], [
            finding(
                src.path,
                "remote-image",
                f"image {target} is not in the repository; the build reads no network",
                line=lineno,
            )
        ]
    resolved = (Path(src.path).parent / target).resolve()
    if not resolved.is_relative_to(root):
        return match[0], [
            finding(src.path, "outside-image", f"image {target} lies outside the repository", line=lineno)
        ]
    if not resolved.is_file():
        return match[0], [finding(src.path, "missing-image", f"image {target} does not exist", line=lineno)]
    relative = Path(os.path.relpath(resolved, (root / out_dir).resolve())).as_posix()
    return match[0].replace(target, relative), []


def missing_alt_text(image: re.Match, src: Source, lineno: int) -> list[Finding]:
    """An image needs alternative text: its description, or a `fig-alt` attribute."""
    alt = FIG_ALT.search(image["attrs"] or "")
    if image["alt"].strip() or (alt and alt["text"].strip()):
        return []
    return [
        finding(
            src.path,
            "missing-alt-text",
            f"image {image['target']} has no alternative text: describe it "
            'between the brackets, ![what it shows](…), or in {fig-alt="…"}',
            line=lineno,
            column=image.start() + 1,
        )
    ]


def figure_alt_text(figure, lang: str, strings: dict, values: dict, numbers: dict) -> str:
    """A generated figure's alternative text: `alt:` of its declaration (data/figures/) in `lang`,
    with its `{{value}}` placeholders filled from the data; missing, it stops the build."""
    alt = figure.data.get("alt") if isinstance(figure.data.get("alt"), dict) else {}
    template = " ".join(str(alt.get(lang) or "").split())
    text, problems = resolve_line(template, (figure.path, None), values, numbers, strings, escape=str)
    if not template:
        problems = [
            finding(
                figure.path,
                "missing-alt-text",
                f"alt: the figure needs alternative text in '{lang}', read out in place of the image",
            )
        ]
    if problems:
        line = figure.lines.get(("alt", lang)) or figure.line("alt")
        raise UserError(dataclasses.replace(problem, line=line, column=None) for problem in problems)
    return text


def grouped_columns(decl) -> list[int]:
    """The shown columns (1-based) of a declared table that are shown once per group (`repeat: false`)."""
    return [number for number, column in enumerate(decl.shown(), start=1) if column.get("repeat") is False]


def block_markdown(
    label: str,
    number: int,
    strings: dict,
    out_dir: Path,
    captions: dict,
    alt: str = "",
    grouped: list[int] | None = None,
) -> str:
    """A table or figure block; `captions`: the caption of each declared table and figure by label;
    `grouped`: a table's columns shown once per group, which templates/grouped-rows.lua merges."""
    kind, name = label.split(":")
    if kind == "tbl":
        table = (out_dir / "tables" / f"{name}.md").read_text(encoding="utf-8").strip()
        block = f"{table}\n\n: {strings['table']} {number}. {captions[label]}"
        if grouped:
            return f'::: {{.grouped-rows columns="{" ".join(map(str, grouped))}"}}\n{block}\n:::'
        return block
    # No extension: each format's pandoc defaults pick its own (SVG for the PDF, PNG for the DOCX).
    return f'![{strings["figure"]} {number}. {captions[label]}](figures/{name}){{fig-alt="{attribute_text(alt)}"}}'


def body(
    sources: list[Source],
    values: dict,
    strings: dict,
    out_dir: Path,
    root: Path,
    lang: str,
    table_captions: dict[str, str] | None = None,
    figures: dict | None = None,
    grouped: dict[str, list[int]] | None = None,
) -> str:
    """Edition `lang`'s body; `table_captions`: the caption of each declared table in this
    edition; `figures`: each declared figure (scripts/declared_figures.Figure) by name;
    `grouped`: each table's columns shown once per group (grouped_columns) by name."""
    grouped = grouped or {}
    figures = figures or {}
    captions = {
        **{f"tbl:{n}": text for n, text in (table_captions or {}).items()},
        **{f"fig:{n}": fig.text("caption", lang) for n, fig in figures.items()},
    }
    numbers, problems = number_blocks(sources)
    known_blocks = set(captions)
    parts = []
    for src in sources:
        out_lines = []
        for lineno, line in enumerate(src.lines, start=1):
            block = BLOCK.match(line.strip())
            if block:
                label = f"{KIND[block[1]]}:{block[2]}"
                if label not in known_blocks:
                    problems.append(
                        finding(src.path, "unknown-block", f"no generated {block[1]} named {block[2]!r}", line=lineno)
                    )
                elif label in numbers:
                    alt = (
                        figure_alt_text(figures[block[2]], lang, strings, values, numbers)
                        if block[1] == "figure"
                        else ""
                    )
                    out_lines.append(
                        block_markdown(
                            label,
                            numbers[label],
                            strings,
                            out_dir,
                            captions,
                            alt,
                            grouped.get(block[2]) if block[1] == "table" else None,
                        )
                    )
                continue
            resolved, found = resolve_line(line, (src.path, lineno), values, numbers, strings)
            problems += found
            for image in IMAGE.finditer(resolved):
                rebased, found = rebase_image(image, src, lineno, out_dir, root)
                problems += found + missing_alt_text(image, src, lineno)
                resolved = resolved.replace(image[0], rebased)
            out_lines.append(resolved)
        parts.append("\n".join(out_lines).strip())
    if problems:
        raise UserError(problems)
    return "\n\n".join(parts) + "\n"


def front_matter(edition: dict, strings: dict, build_date) -> str:
    meta = dict(edition)
    meta.update(
        {
            "date": format_date(build_date.isoformat(), strings),
            "date-year": build_date.year,
            "date-month": build_date.month,
            "date-day": build_date.day,
            "reference-section-title": strings["references"],
            "bibliography": paths.BIBLIOGRAPHY,
            "csl": paths.CSL,
            "link-citations": False,
            "typst-lang": strings["typst_lang"],
            "page-label": strings["page"],
            "correspondence-label": strings["correspondence"],
            "continued-label": strings["continued"],
        }
    )
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", required=True)
    parser.add_argument("--out", required=True, help="the assembled Markdown, e.g. build/id/article.md")
    parser.add_argument(
        "--front-matter-only",
        action="store_true",
        help="write the metadata alone (for the title page, which needs no data)",
    )
    parser.add_argument(
        "--config",
        default=paths.CONFIG,
        help="config.yaml, or the part of it holding languages (and sections, for the whole edition)",
    )
    parser.add_argument("--facts", required=True, help="the journal profile's facts part (build/journal/facts.json)")
    parser.add_argument(
        "--front-matter",
        required=True,
        help="the journal profile's front-matter part (build/journal/front_matter.json)",
    )
    parser.add_argument("--sections", help="the journal profile's sections part (build/journal/sections.json)")
    config_mod.add_date_argument(parser)
    args = parser.parse_args(argv)

    config = config_mod.load(args.config)
    languages = config["languages"]
    strings = {code: yamlfile.load(paths.STRINGS.format(lang=code)) for code in languages}
    facts = journal.read_part(args.facts)
    meta, _ = metadata.load(paths.METADATA, languages, facts)  # check_metadata has printed the warnings
    shown = journal.read_part(args.front_matter)["front_matter"]
    edition = metadata.edition_meta(meta, args.lang, languages, strings, shown)
    header = front_matter(edition, strings[args.lang], args.date)
    if args.front_matter_only:
        write_atomic(args.out, header)
        return 0
    out_dir = Path(args.out).parent
    values = json.loads(Path(paths.LOCAL_VALUES.format(lang=args.lang)).read_text(encoding="utf-8"))
    sources = read_sections(args.lang, config["sections"])
    if args.sections:
        profile_sections = journal.read_part(args.sections)["sections"] or {}
        sources = journal_headings(sources, config["sections"], args.lang, profile_sections)
    tables = declared.load_all()
    captions = {name: declared.caption(decl, args.lang) for name, decl in tables.items()}
    text = body(
        sources,
        values,
        strings[args.lang],
        out_dir,
        Path.cwd().resolve(),
        args.lang,
        captions,
        declared_figures.load_all(tables=tables),
        {name: grouped_columns(decl) for name, decl in tables.items()},
    )
    write_atomic(args.out, header + text)
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
