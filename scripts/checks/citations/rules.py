"""The citation checks: one small class per rule, each with a stable id and a default severity.

A rule reads the `Context` (the bibliography as pandoc sees it, the manuscript's citations,
the edition's language) and yields `Hit`s; `run_rules` turns them into `Finding`s with the
severity that config.yaml's `citation_severity` gives the rule id (error, warning or off),
else the rule's default, registered with its meaning in scripts/core/rule_ids.py. Ids never
change once released: users put them in config.yaml.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlsplit

from scripts.checks.citations.bib import BibEntry, Bibliography, plain
from scripts.checks.citations.cites import Citation, Manuscript
from scripts.core import rule_ids
from scripts.core.errors import ERROR, WARNING, Finding

OFF = "off"
SEVERITIES = (ERROR, WARNING, OFF)


@dataclass
class Context:
    bib: Bibliography
    ms: Manuscript
    lang: str | None = None
    # The page-locator words of each edition's language (`page_locators:` in its strings file).
    locators: dict[str, tuple[str, ...]] = field(default_factory=dict)
    citations: list[Citation] = field(init=False)  # real citations, cross-references left out
    cited: set[str] = field(init=False)
    cite_all: bool = field(init=False)  # nocite: '@*'
    used: set[str] = field(init=False)  # cited, or the crossref/xdata parent of a cited entry

    def __post_init__(self):
        self.citations = [c for c in self.ms.cited() if c.key != "*"]
        self.cite_all = any(c.key == "*" for c in self.ms.cited())
        self.cited = {c.key for c in self.citations}
        by_key = self.bib.by_key()
        lower = {k.lower(): k for k in by_key}
        self.used = set(self.cited)
        todo = [k for k in self.cited if k in by_key]
        while todo:
            entry = by_key[todo.pop()]
            for parent in _parents(entry):
                parent = parent if parent in by_key else lower.get(parent.lower(), parent)
                if parent in by_key and parent not in self.used:
                    self.used.add(parent)
                    todo.append(parent)

    def checked_entries(self) -> list[BibEntry]:
        """Entries whose fields are checked: those that reach the reference list (cited ones,
        or all with `nocite: '@*'`) and that bibtexparser could read."""
        return [e for e in self.bib.entries if e.fields is not None and (self.cite_all or e.key in self.cited)]


@dataclass(frozen=True)
class Hit:
    file: str
    line: int | None
    column: int | None
    message: str


class Rule:
    """A check with a stable id; its default severity and its meaning are in scripts/core/rule_ids.py."""

    id: ClassVar[str]

    @property
    def severity(self) -> str:
        return rule_ids.severity(self.id)

    def check(self, ctx: Context) -> Iterator[Hit]:
        raise NotImplementedError


def _at(c: Citation, message: str) -> Hit:
    return Hit(c.file, c.line, c.column, message)


# --------------------------------------------------------------------------- reading problems


class ReaderProblems(Rule):
    """A rule whose findings the readers already collected: the bibliography reader's in
    `bib_attribute`, and, where named, the manuscript reader's (path, problem) pairs in
    `manuscript_attribute`."""

    bib_attribute = ""
    manuscript_attribute = ""

    def check(self, ctx):
        for p in getattr(ctx.bib, self.bib_attribute):
            yield Hit(ctx.bib.path, p.line, p.column, p.message)
        for path, p in getattr(ctx.ms, self.manuscript_attribute) if self.manuscript_attribute else ():
            yield Hit(path, p.line, p.column, p.message)


class Encoding(ReaderProblems):
    id = "encoding"
    bib_attribute = "encoding"
    manuscript_attribute = "encoding"


class ParseError(ReaderProblems):
    id = "parse-error"
    bib_attribute = "parse_errors"
    manuscript_attribute = "errors"


class DuplicateField(ReaderProblems):
    id = "duplicate-field"
    bib_attribute = "duplicate_fields"


class CommentedEntry(ReaderProblems):
    id = "commented-entry"
    bib_attribute = "commented"


class ReaderMismatch(ReaderProblems):
    id = "reader-mismatch"
    bib_attribute = "mismatches"


class DuplicateKey(Rule):
    id = "duplicate-key"

    def check(self, ctx):
        seen: dict[str, BibEntry] = {}
        for e in ctx.bib.entries:
            first = seen.get(e.key.lower())
            if first is None:
                seen[e.key.lower()] = e
            elif first.key == e.key:
                yield Hit(
                    ctx.bib.path,
                    e.line,
                    None,
                    f"key '{e.key}' is defined again (first at line {first.line}); pandoc uses "
                    "this last one, BibTeX and biber the first. Keep one entry",
                )
            else:
                yield Hit(
                    ctx.bib.path,
                    e.line,
                    None,
                    f"key '{e.key}' differs only in letter case from '{first.key}' (line {first.line}); "
                    "BibTeX and biber take them as one key. Rename one",
                )


# --------------------------------------------------------------------------- citations


class UndefinedKey(Rule):
    id = "undefined-key"

    def check(self, ctx):
        keys = ctx.bib.keys()
        lower: dict[str, str] = {}
        for k in keys:
            lower.setdefault(k.lower(), k)
        for c in ctx.citations:
            if c.key in keys:
                continue
            message = f"citation key '{c.key}' is not defined in {ctx.bib.path}"
            if c.key in ctx.bib.ignored:
                message += f" (the entry at line {ctx.bib.ignored[c.key]} is one pandoc does not read)"
            elif c.key.lower() in lower:
                message += f"; did you mean '{lower[c.key.lower()]}'? (keys are case-sensitive)"
            yield _at(c, message)


class NestedCitation(Rule):
    id = "nested-citation"

    def check(self, ctx):
        for c in ctx.citations:
            if c.nested_in is not None:
                yield _at(
                    c,
                    f"@{c.key} stands inside the prefix or suffix of the citation of @{c.nested_in}; "
                    "citeproc drops it from the text but keeps it in the reference list. "
                    f"Write [@{c.nested_in}; @{c.key}] or close the bracket before it",
                )


class RepeatedKey(Rule):
    id = "repeated-key"

    def check(self, ctx):
        groups: dict[int, list[Citation]] = defaultdict(list)
        for c in ctx.citations:
            groups[c.group].append(c)
        for members in groups.values():
            seen: set[str] = set()
            for c in members:
                if c.key in seen:
                    yield _at(c, f"@{c.key} is cited twice in the same citation")
                seen.add(c.key)


def foreign_locator_pattern(locators: dict[str, tuple[str, ...]], lang: str) -> re.Pattern | None:
    """The page-locator words of the other editions that are not also this edition's, as one
    pattern (longest first, so `pp.` is not read as `p.`); None when there are none."""
    own = set(locators.get(lang, ()))
    foreign = {word for other, words in locators.items() if other != lang for word in words} - own
    if not foreign:
        return None
    words = "|".join(re.escape(w) for w in sorted(foreign, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w.])({words})(?=[\s\d]|$)")


class ForeignLocator(Rule):
    id = "foreign-locator"

    def check(self, ctx):
        pattern = foreign_locator_pattern(ctx.locators, ctx.lang) if ctx.lang in ctx.locators else None
        if pattern is None:
            return
        native = " or ".join(f"'{w}'" for w in ctx.locators[ctx.lang]) or "this edition's locator"
        for c in ctx.citations:
            for where, text in (("prefix", c.prefix), ("suffix", c.suffix)):
                m = pattern.search(text)
                if m:
                    yield _at(
                        c,
                        f"page locator '{m.group(1)}' in the {where} of @{c.key} is not the "
                        f"'{ctx.lang}' edition's; write {native}",
                    )


class UnusedEntry(Rule):
    id = "unused-entry"

    def check(self, ctx):
        if ctx.cite_all or ctx.ms.errors:
            return  # with unreadable Markdown, unused would be guesswork
        for e in ctx.bib.entries:
            if e.key not in ctx.used:
                yield Hit(ctx.bib.path, e.line, None, f"entry '{e.key}' is never cited")


# --------------------------------------------------------------------------- entries


class DuplicateWork(Rule):
    id = "duplicate-work"

    def check(self, ctx):
        entries = [e for e in ctx.bib.entries if e.fields is not None]
        checked = {e.key for e in ctx.checked_entries()}
        groups: dict[tuple, list[BibEntry]] = defaultdict(list)
        for e in entries:
            doi = _bare_doi(plain(e.fields.get("doi")))
            if doi:
                groups[("DOI", doi)].append(e)
            title, year = normalize_title(e.fields.get("title", "")), _year(e)
            if title and year:
                groups[("title and year", title, year)].append(e)
        reported: set[tuple[str, str]] = set()
        for what, members in groups.items():
            keys = {m.key for m in members}
            if len(keys) < 2 or not keys & checked:
                continue
            first = members[0]
            for other in members[1:]:
                pair = (first.key, other.key)
                if other.key == first.key or pair in reported:
                    continue
                if what[0] != "DOI" and _told_apart(first, other):
                    continue
                reported.add(pair)
                detail = f"DOI {what[1]}" if what[0] == "DOI" else f"title and year {what[2]}"
                yield Hit(
                    ctx.bib.path,
                    other.line,
                    None,
                    f"entry '{other.key}' looks like the same work as '{first.key}' (line {first.line}): same {detail}",
                )


# Fields that tell two entries with one title and year apart (two columns called "Editor's
# comments" in two issues of one journal are two works).
_DISTINGUISHING = (
    "author",
    "editor",
    "volume",
    "number",
    "pages",
    "edition",
    "chapter",
    "journal",
    "journaltitle",
    "booktitle",
)


def _told_apart(a: BibEntry, b: BibEntry) -> bool:
    for name in _DISTINGUISHING:
        x, y = a.fields.get(name, ""), b.fields.get(name, "")
        if name in ("author", "editor"):  # "Cutlip, S. M." and "Cutlip, Scott M. and ..." agree
            x, y = _first_surname(x), _first_surname(y)
        x, y = normalize_title(x), normalize_title(y)
        if x and y and x != y:
            return True
    return False


def _first_surname(names: str) -> str:
    first = re.split(r"\s+and\s+", plain(names), maxsplit=1)[0].strip()
    if "," in first:
        return first.split(",", 1)[0]
    words = first.split()
    return words[-1] if words else ""


# biblatex's data model (biblatex manual, section 2.1.1: required fields), with the BibTeX
# type aliases biblatex maps. Each tuple lists alternatives, one of which is required.
_AUTHOR, _AUTHOR_EDITOR, _TITLE = ("author",), ("author", "editor"), ("title",)
_DATE = ("year", "date")
_BOOKTITLE = ("booktitle",)
_INSTITUTION = ("institution", "school")
REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "article": [_AUTHOR, _TITLE, ("journaltitle", "journal"), _DATE],
    "book": [_AUTHOR_EDITOR, _TITLE, _DATE],
    "mvbook": [_AUTHOR_EDITOR, _TITLE, _DATE],
    "inbook": [_AUTHOR, _TITLE, _BOOKTITLE, _DATE],
    "bookinbook": [_AUTHOR, _TITLE, _BOOKTITLE, _DATE],
    "suppbook": [_AUTHOR, _TITLE, _BOOKTITLE, _DATE],
    "booklet": [_AUTHOR_EDITOR, _TITLE, _DATE],
    "collection": [("editor",), _TITLE, _DATE],
    "mvcollection": [("editor",), _TITLE, _DATE],
    "reference": [("editor",), _TITLE, _DATE],
    "mvreference": [("editor",), _TITLE, _DATE],
    "incollection": [_AUTHOR, _TITLE, _BOOKTITLE, _DATE],
    "suppcollection": [_AUTHOR, _TITLE, _BOOKTITLE, _DATE],
    "inreference": [_AUTHOR, _TITLE, _BOOKTITLE, _DATE],
    "dataset": [_AUTHOR_EDITOR, _TITLE, _DATE],
    "manual": [_AUTHOR_EDITOR, _TITLE, _DATE],
    "misc": [_AUTHOR_EDITOR, _TITLE, _DATE],
    "software": [_AUTHOR_EDITOR, _TITLE, _DATE],
    # biblatex also asks author/editor of @online; web pages often have none, and APA then
    # starts the reference with the title, so only title, address and date are required.
    "online": [_TITLE, ("url", "doi", "eprint"), _DATE],
    "patent": [_AUTHOR, _TITLE, ("number",), _DATE],
    "periodical": [("editor",), _TITLE, _DATE],
    "suppperiodical": [_AUTHOR, _TITLE, ("journaltitle", "journal"), _DATE],
    "proceedings": [_TITLE, _DATE],
    "mvproceedings": [_TITLE, _DATE],
    "inproceedings": [_AUTHOR, _TITLE, _BOOKTITLE, _DATE],
    "report": [_AUTHOR, _TITLE, ("type",), _INSTITUTION, _DATE],
    "thesis": [_AUTHOR, _TITLE, ("type",), _INSTITUTION, _DATE],
    "unpublished": [_AUTHOR, _TITLE, _DATE],
    "set": [("entryset",)],
    # BibTeX names that biblatex maps onto the types above (the type is implied by the name)
    "conference": [_AUTHOR, _TITLE, _BOOKTITLE, _DATE],
    "electronic": [_TITLE, ("url", "doi", "eprint"), _DATE],
    "www": [_TITLE, ("url", "doi", "eprint"), _DATE],
    "techreport": [_AUTHOR, _TITLE, _INSTITUTION, _DATE],
    "mastersthesis": [_AUTHOR, _TITLE, _INSTITUTION, _DATE],
    "phdthesis": [_AUTHOR, _TITLE, _INSTITUTION, _DATE],
}


def _parents(entry: BibEntry) -> list[str]:
    if not entry.fields:
        return []
    out = []
    for name in ("crossref", "xdata"):
        out += [k.strip() for k in re.split(r"[,\s]+", plain(entry.fields.get(name))) if k.strip()]
    return out


def _inherited(entry: BibEntry, by_key: dict[str, BibEntry], depth: int = 0) -> dict[str, str]:
    """The entry's fields with those it inherits through crossref/xdata (biblatex's rules,
    simplified: a parent's title becomes the child's booktitle)."""
    fields = dict(entry.fields or {})
    if depth > 5:
        return fields
    for key in _parents(entry):
        parent = by_key.get(key) or _lower_index(by_key).get(key.lower())
        if parent is None or parent.fields is None:
            continue
        inherited = _inherited(parent, by_key, depth + 1)
        if "title" in inherited:
            fields.setdefault("booktitle", inherited["title"])
        for name, value in inherited.items():
            if name not in ("title", "crossref", "xdata", "ids"):
                fields.setdefault(name, value)
    return fields


def _lower_index(by_key: dict[str, BibEntry]) -> dict[str, BibEntry]:
    """BibTeX and biber match crossref keys regardless of letter case."""
    return {k.lower(): e for k, e in by_key.items()}


class MissingField(Rule):
    id = "missing-field"

    def check(self, ctx):
        by_key = ctx.bib.by_key()
        for e in ctx.checked_entries():
            required = REQUIRED.get(e.entry_type)
            if not required:
                continue
            fields = _inherited(e, by_key)
            missing = [alt for alt in required if not any(plain(fields.get(n)) for n in alt)]
            if missing:
                names = ", ".join(" or ".join(alt) for alt in missing)
                yield Hit(ctx.bib.path, e.line, None, f"@{e.entry_type} '{e.key}' lacks {names}")


_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_URL = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)(.*)$", re.I)


def _bare_doi(value: str) -> str:
    m = _DOI_URL.match(value)
    return (m.group(1) if m else value).strip().lower()


def _field_line(e: BibEntry, name: str) -> int:
    return (e.field_lines.get(name) or [e.line])[-1]


class DoiFormat(Rule):
    id = "doi-format"

    def check(self, ctx):
        for e in ctx.checked_entries():
            raw = e.fields.get("doi")
            if raw is None:
                continue
            value = plain(raw)
            m = _DOI_URL.match(value)
            if m:
                yield Hit(
                    ctx.bib.path,
                    _field_line(e, "doi"),
                    None,
                    f"DOI of '{e.key}' is written as a URL or with 'doi:' ('{value}'); write the bare "
                    f"DOI '{m.group(1).strip()}': the citation style adds https://doi.org/",
                )
            elif not _DOI.match(value):
                yield Hit(
                    ctx.bib.path,
                    _field_line(e, "doi"),
                    None,
                    f"DOI of '{e.key}' ('{value}') is not of the form 10.NNNN/suffix",
                )


class YearFormat(Rule):
    id = "year-format"

    def check(self, ctx):
        for e in ctx.checked_entries():
            raw = e.fields.get("year")
            if raw is None:
                continue
            value = plain(raw)
            if not re.fullmatch(r"\d{4}", value):
                yield Hit(
                    ctx.bib.path,
                    _field_line(e, "year"),
                    None,
                    f"year of '{e.key}' is '{value}', not four digits (for a range or a full date "
                    "use date = {YYYY-MM-DD} or {YYYY/YYYY})",
                )


class UrlFormat(Rule):
    id = "url-format"

    def check(self, ctx):
        for e in ctx.checked_entries():
            raw = e.fields.get("url")
            if raw is None:
                continue
            problem = url_problem(raw.strip())
            if problem:
                yield Hit(ctx.bib.path, _field_line(e, "url"), None, f"URL of '{e.key}' {problem}")


def url_problem(value: str) -> str | None:
    shown = f"('{value[:80]}')"
    if not value:
        return "is empty"
    if re.search(r"\s", value):
        return f"contains white space {shown}; encode it as %20"
    if "\\" in value:
        return f"contains a backslash {shown}; the url field is verbatim, write '_' and '%' unescaped"
    try:
        parts = urlsplit(value)
    except ValueError as err:
        return f"cannot be parsed {shown}: {err}"
    if parts.scheme.lower() not in ("http", "https", "ftp", "ftps"):
        return f"does not start with http://, https:// or ftp:// {shown}"
    host = parts.hostname or ""
    if not host or ("." not in host and host != "localhost"):
        return f"has no valid host name {shown}"
    return None


def normalize_title(title: str) -> str:
    text = re.sub(r"\\[A-Za-z]+\s*", " ", title)
    text = re.sub(r"[^\w]+", " ", text.lower())
    return " ".join(text.split())


def _year(e: BibEntry) -> str:
    year = plain(e.fields.get("year")) if e.fields else ""
    if not year and e.fields:
        year = plain(e.fields.get("date"))[:4]
    return year


RULES: list[Rule] = [
    Encoding(),
    ParseError(),
    DuplicateKey(),
    DuplicateField(),
    UndefinedKey(),
    NestedCitation(),
    CommentedEntry(),
    ReaderMismatch(),
    UnusedEntry(),
    DuplicateWork(),
    MissingField(),
    DoiFormat(),
    YearFormat(),
    UrlFormat(),
    ForeignLocator(),
    RepeatedKey(),
]
RULE_IDS = {r.id for r in RULES}


def run_rules(ctx: Context, severities: dict[str, str] | None = None) -> list[Finding]:
    severities = severities or {}
    out = []
    for rule in RULES:
        severity = severities.get(rule.id, rule.severity)
        if severity == OFF:
            continue
        for hit in rule.check(ctx):
            out.append(Finding(str(hit.file), hit.line, hit.column, severity, rule.id, hit.message))
    return out
