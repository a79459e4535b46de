"""The journal's limits (the profile's `limits:` and `sections:`), checked on every edition at once.

Each limit is one small check with its own rule id, a pure function over plain data: the title's
and each abstract's words and the keywords per language (at manuscript/metadata.yaml's line of
that language's value), each edition's body words, tables and figures (at its first section file),
the references it cites and their age (at the bibliography), and the journal's sections in
config.yaml (at its `sections:` line). Each message says the value, the limit and the profile
line that sets it:

    manuscript/metadata.yaml:42: warning [journal-abstract-words] the en abstract has 400 words;
    journal 'sinta' (journals/sinta/profile.yaml:57) allows 150-250

They are warnings; a final build (`--final`) makes them errors (errors.FINAL_RULES). The body is
read from each edition's section files with its values filled in (build/<lang>/values.json), not
from the rendered edition, so that a final build reports the limits beside the other checks' errors.

    python -m scripts.checks.journal_rules --limits build/journal/limits.json \\
        --sections build/journal/sections.json --config config.yaml --metadata manuscript/metadata.yaml \\
        --bib bib/references.bib --date YYYY-MM-DD [--final] --json OUT --edition en=build/en/values.json ...
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.checks.prose import prose_lines
from scripts.core import config as config_mod
from scripts.core import journal, paths, rule_ids, yamlfile
from scripts.core.errors import JOURNAL_LIMIT_RULES, Finding, escalated, run_cli

# Rule ids of these checks (errors.JOURNAL_LIMIT_RULES, which a final build escalates); severities and
# meanings in scripts/core/rule_ids.py (docs/checks.md).
JOURNAL_RULES = JOURNAL_LIMIT_RULES
_WORD = re.compile(r"\w+(?:[-'’.,]\w+)*")


@dataclass(frozen=True)
class Journal:
    """The profile that sets the limits: its name and where each limit is set (the where part's `at`)."""

    name: str
    at: dict

    def setter(self, *keys: str) -> str:
        file, line = journal.part_where({"profile": self.name, "at": self.at}, *keys)
        return f"journal '{self.name}' ({file}{f':{line}' if line else ''})"


@dataclass(frozen=True)
class Place:
    file: str
    line: int | None = None


def words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, "well-known" and "12.5" one each."""
    return len(_WORD.findall(text))


def allowed(limit: dict) -> str:
    low, high = limit.get("min"), limit.get("max")
    if low is not None and high is not None:
        return f"{low}-{high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def outside(value: int, limit: dict | None) -> bool:
    if not limit:
        return False
    return (limit.get("min") is not None and value < limit["min"]) or (
        limit.get("max") is not None and value > limit["max"]
    )


def _f(rule: str, place: Place, message: str) -> Finding:
    return Finding(place.file, place.line, None, rule_ids.severity(rule), rule, message)


def _range(rule: str, key: str, counted: dict[str, tuple[int, Place]], what: str, limits: dict, by: Journal):
    """`counted`: language → (value, where it stands); one finding per language out of `limits[key]`.
    `what` says what has the value: "the {lang} abstract has {value} words"."""
    limit = limits.get(key)
    return [
        _f(rule, place, f"{what.format(lang=lang, value=value)}; {by.setter('limits', key)} allows {allowed(limit)}")
        for lang, (value, place) in counted.items()
        if outside(value, limit)
    ]


def title_words(titles: dict[str, tuple[str, Place]], limits: dict, by: Journal) -> list[Finding]:
    counted = {lang: (words(text), place) for lang, (text, place) in titles.items()}
    return _range("journal-title-words", "title_words", counted, "the {lang} title has {value} words", limits, by)


def abstract_words(abstracts: dict[str, tuple[str, Place]], limits: dict, by: Journal) -> list[Finding]:
    counted = {lang: (words(text), place) for lang, (text, place) in abstracts.items()}
    what = "the {lang} abstract has {value} words"
    return _range("journal-abstract-words", "abstract_words", counted, what, limits, by)


def keyword_count(keywords: dict[str, tuple[list, Place]], limits: dict, by: Journal) -> list[Finding]:
    counted = {lang: (len(listed), place) for lang, (listed, place) in keywords.items()}
    return _range("journal-keywords", "keywords", counted, "the {lang} keywords are {value}", limits, by)


def total_words(bodies: dict[str, tuple[int, Place]], limits: dict, by: Journal) -> list[Finding]:
    what = "the {lang} edition's body has {value} words"
    return _range("journal-total-words", "total_words", bodies, what, limits, by)


def table_count(tables: dict[str, tuple[int, Place]], limits: dict, by: Journal) -> list[Finding]:
    return _range("journal-tables", "tables", tables, "the {lang} edition has {value} tables", limits, by)


def figure_count(figures: dict[str, tuple[int, Place]], limits: dict, by: Journal) -> list[Finding]:
    return _range("journal-figures", "figures", figures, "the {lang} edition has {value} figures", limits, by)


def reference_count(references: dict[str, tuple[int, Place]], limits: dict, by: Journal) -> list[Finding]:
    what = "the {lang} edition lists {value} references"
    return _range("journal-references", "references", references, what, limits, by)


def reference_age(
    years: dict[str, tuple[list[int | None], Place]], build_year: int, limits: dict, by: Journal
) -> list[Finding]:
    """The share of each edition's listed references at most `max_years` old in the build's year,
    at least `min_share`; a reference without a year counts as not recent (its age is unknown)."""
    limit = limits.get("reference_age")
    if not limit:
        return []
    found = []
    for lang, (listed, place) in years.items():
        if not listed:
            continue
        recent = sum(1 for year in listed if year is not None and build_year - year <= limit["max_years"])
        share = recent / len(listed)
        if share < limit["min_share"]:
            found.append(
                _f(
                    "journal-reference-age",
                    place,
                    f"{recent} of the {lang} edition's {len(listed)} references ({share:.0%}) are at most "
                    f"{limit['max_years']} years old in {build_year}; {by.setter('limits', 'reference_age')} "
                    f"wants at least {limit['min_share']:.0%}",
                )
            )
    return found


def sections_missing(listed: list[str], wanted: dict, place: Place, by: Journal) -> list[Finding]:
    """The journal's sections that config.yaml's `sections:` does not list."""
    missing = [name for name in wanted if name not in listed]
    if not missing:
        return []
    message = f"sections lacks {', '.join(missing)}, which {by.setter('sections')} requires"
    return [_f("journal-sections-missing", place, message)]


def sections_order(listed: list[str], wanted: dict, place: Place, by: Journal) -> list[Finding]:
    """The journal's sections that config.yaml lists in another order than the journal's."""
    present = [name for name in listed if name in wanted]
    expected = [name for name in wanted if name in listed]
    if present == expected:
        return []
    message = f"sections lists {', '.join(present)}; {by.setter('sections')} orders them {', '.join(expected)}"
    return [_f("journal-sections-order", place, message)]


@dataclass(frozen=True)
class Edition:
    """What the limits read of one edition's section files."""

    words: int
    tables: int
    figures: int
    cited: list[str]  # the keys it cites, each once, in order


_BLOCK = re.compile(r"^\{\{(table|figure):[^{}]+\}\}\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?")
_VALUE = re.compile(r"\{\{([^{}:\s]+)\}\}")
_KEY = re.compile(r"(?<![\w.])-?@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[^}]*\}")


def read_edition(texts: list[str], values: dict[str, str]) -> Edition:
    """An edition's body as the reader gets it, read from its section files (`texts`): its words
    (values filled in from build/<lang>/values.json, citation keys, link targets, attributes and
    code left out; a table or figure is not body text), its tables and figures, the keys it cites.
    The source, not the rendered edition: a final build reports the limits even when another
    check stops the edition."""
    prose, tables, figures, cited = [], 0, 0, {}
    for text in texts:
        for _, line in prose_lines(text):
            block = _BLOCK.match(line.strip())
            if block:
                tables += block[1] == "table"
                figures += block[1] == "figure"
                continue
            figures += len(_IMAGE.findall(line))
            line = _IMAGE.sub(" ", line)
            for key in _KEY.findall(line):
                key = key.rstrip(".:")
                if not key.startswith(("tbl:", "fig:")):
                    cited.setdefault(key, None)
            line = _LINK_TARGET.sub(" ", _VALUE.sub(lambda m: str(values.get(m[1], m[1])), line))
            prose.append(_KEY.sub(" ", line))
    return Edition(words(" ".join(prose)), tables, figures, list(cited))


def bib_years(path: str) -> dict[str, int | None]:
    """Each entry's year (its `year`, else the start of its `date`), None where it has none."""
    from scripts.checks.citations import bib

    found = {}
    for entry in bib.read_bibliography(path).entries:
        fields = entry.fields or {}
        text = bib.plain(fields.get("year")) or bib.plain(fields.get("date"))[:4]
        found[entry.key] = int(text[:4]) if text[:4].isdigit() else None
    return found


def check(
    limits_part: dict,
    sections_part: dict,
    where: dict,
    meta: dict,
    meta_lines: dict,
    editions: dict[str, tuple[Edition, str]],
    years: dict[str, int | None],
    listed_sections: list[str],
    sections_line: int | None,
    build_date: dt.date,
) -> list[Finding]:
    """Every limit of the profile on every edition; `editions`: language → (what it holds, its first section file)."""
    limits = limits_part.get("limits") or {}
    by = Journal(where["profile"], where["at"])

    def per_language(field: str) -> dict:
        values = meta.get(field) or {}
        return {
            lang: (values[lang], Place(paths.METADATA, meta_lines.get((field, lang)) or meta_lines.get((field,))))
            for lang in editions
            if lang in values
        }

    def per_edition(value) -> dict:
        return {lang: (value(edition), Place(first)) for lang, (edition, first) in editions.items()}

    bibliography = Place(paths.BIBLIOGRAPHY)

    def listed(edition: Edition) -> list[str]:
        """The references an edition's list holds: the keys it cites that the bibliography has."""
        return [key for key in edition.cited if key in years]

    found = (
        title_words(per_language("title"), limits, by)
        + abstract_words(
            {lang: (str(text), place) for lang, (text, place) in per_language("abstract").items()}, limits, by
        )
        + keyword_count(per_language("keywords"), limits, by)
        + total_words(per_edition(lambda e: e.words), limits, by)
        + table_count(per_edition(lambda e: e.tables), limits, by)
        + figure_count(per_edition(lambda e: e.figures), limits, by)
        + reference_count({lang: (len(listed(e)), bibliography) for lang, (e, _) in editions.items()}, limits, by)
        + reference_age(
            {lang: ([years[key] for key in listed(e)], bibliography) for lang, (e, _) in editions.items()},
            build_date.year,
            limits,
            by,
        )
    )
    wanted = sections_part.get("sections") or {}
    config_place = Place(paths.CONFIG, sections_line)
    return (
        found
        + sections_missing(listed_sections, wanted, config_place, by)
        + sections_order(listed_sections, wanted, config_place, by)
    )


def main(argv=None) -> int:
    import json

    from scripts.checks.citations.report import emit

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limits", required=True, help="the journal's limits part (build/journal/limits.json)")
    parser.add_argument("--sections", required=True, help="the journal's sections part (build/journal/sections.json)")
    parser.add_argument("--where", required=True, help="the journal's where part (build/journal/where.json)")
    parser.add_argument("--config", default=paths.CONFIG, help="config.yaml, whose `sections:` line findings name")
    parser.add_argument("--metadata", default=paths.METADATA)
    parser.add_argument("--bib", default=paths.BIBLIOGRAPHY)
    parser.add_argument(
        "--edition", action="append", default=[], help="LANG=build/<lang>/values.json, each edition (its values)"
    )
    parser.add_argument("--final", action="store_true", help="a final build: the journal's limits are errors")
    parser.add_argument("--json", help="write a JSON report here")
    config_mod.add_date_argument(parser)
    args = parser.parse_args(argv)
    config = config_mod.load(args.config)
    editions = {}
    for given in args.edition:
        lang, _, values = given.partition("=")
        files = [paths.section(lang, name) for name in config["sections"]]
        texts = [Path(file).read_text(encoding="utf-8") for file in files if Path(file).is_file()]
        editions[lang] = (read_edition(texts, json.loads(Path(values).read_text(encoding="utf-8"))), files[0])
    findings = check(
        journal.read_part(args.limits),
        journal.read_part(args.sections),
        journal.read_part(args.where),
        yamlfile.load(args.metadata),
        yamlfile.key_lines(args.metadata),
        editions,
        bib_years(args.bib),
        config["sections"],
        yamlfile.key_lines(args.config).get(("sections",)),
        args.date,
    )
    return emit("check_journal", escalated(findings, args.final), args.json, {"journal": args.limits})


if __name__ == "__main__":
    sys.exit(run_cli(main))
