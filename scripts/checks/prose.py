"""Prose checks of one edition's Markdown: what a copy editor marks that the citation and edition
checks do not see. Each rule is a pure function over a file's text and returns findings
(warnings by default):

- secondary-citation-and: a parenthetical secondary citation ("[Cutlip, Center, and Broom, as cited
  in @alfi2013]") that joins its authors with the edition's word for "and"; APA joins them with "&".
- spelling-variety: a word spelt in the other variety of the edition's language ("organisation" in
  a US English edition), from the word pairs of templates/spelling/<lang>.yaml; the journal
  profile's `typesetting.spelling` says which variety the edition spells.
- numeral-under-ten: a count under ten written as a numeral before a noun the build counts
  ("3 sources", "7 dimensi"), where the profile's `typesetting.numbers` is words-under-ten (APA,
  PUEBI: "three sources", "tujuh dimensi"); a profile with `numbers: numerals` does not check it.
- foreign-term-upright: a term the edition glosses in parentheses ("(cabang olahraga, cabor)") that
  the other edition's text uses as its own word (it is not on that edition's `foreign_terms:`
  list), set upright: foreign here, so in italics, by hand or on this edition's `foreign_terms:`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scripts.core import rule_ids
from scripts.core.errors import Finding

# Rule ids of these checks; their severities and meanings are in scripts/core/rule_ids.py (docs/checks.md).
PROSE_RULES = ("secondary-citation-and", "spelling-variety", "numeral-under-ten", "foreign-term-upright")
# The varieties a spelling list pairs (each word of one maps to the other's), as messages name them.
VARIETIES = {"british": "British", "us": "US"}

_CITATION = re.compile(r"\[([^\[\]]*@[^\[\]]*)\]")
_WORD = re.compile(r"[A-Za-z]+")
_EMPHASIS = re.compile(r"(?<![*\w])([*_])(?!\s)(.+?)(?<!\s)\1(?![*\w])")
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
# What a gloss may be: one to three lower-case words (names, capitalized, stay upright).
_GLOSS = re.compile(r"^[a-z][a-z-]*(?: [a-z][a-z-]*){0,2}$")


def _f(rule: str, path: str, line: int, column: int, message: str) -> Finding:
    return Finding(path, line, column, rule_ids.severity(rule), rule, message)


def prose_lines(text: str) -> Iterable[tuple[int, str]]:
    """(line number, line) of the prose: YAML front matter and fenced code left out."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def secondary_and(path: str, text: str, and_word: str, cited_in: str) -> list[Finding]:
    """Secondary citations whose prefix joins authors with `and_word` ("and", "dan")."""
    joined = re.compile(rf",?\s+({re.escape(and_word)})\s+(?=[A-Z])")
    out = []
    for number, line in prose_lines(text):
        for citation in _CITATION.finditer(line):
            body = citation.group(1)
            marker = body.find(f" {cited_in} @")
            if marker < 0:
                continue
            for match in joined.finditer(body[:marker]):
                out.append(
                    _f(
                        "secondary-citation-and",
                        path,
                        number,
                        citation.start(1) + match.start(1) + 1,
                        f"secondary citation joins authors with '{and_word}': write '&' "
                        f'("{body[:marker].rstrip(",")}")',
                    )
                )
    return out


def spelling_variety(path: str, text: str, pairs: dict[str, str], variety: str) -> list[Finding]:
    """Words of the variety other than `variety` ("british" or "us"); `pairs` maps british → us."""
    if variety not in VARIETIES:
        raise ValueError(f"spelling variety {variety!r} is not one of {', '.join(VARIETIES)}")
    avoid = pairs if variety == "us" else {us: british for british, us in pairs.items()}
    other = next(name for key, name in VARIETIES.items() if key != variety)
    out = []
    for number, line in prose_lines(text):
        line = _CITATION.sub(lambda m: " " * len(m.group(0)), line)  # citation keys are not prose
        for word in _WORD.finditer(line):
            wanted = avoid.get(word.group(0).lower())
            if wanted is not None:
                out.append(
                    _f(
                        "spelling-variety",
                        path,
                        number,
                        word.start() + 1,
                        f"'{word.group(0)}' is {other} spelling; this edition spells "
                        f"{VARIETIES[variety]} English: '{wanted}'",
                    )
                )
    return out


def counted_nouns(strings: dict) -> list[str]:
    """Every noun the edition counts in prose (`count_nouns:` of its strings), each form of it."""
    forms = (strings.get("count_nouns") or {}).values()  # {one:, other:}, or one word where nouns do not inflect
    return [str(form) for noun in forms for form in (noun.values() if isinstance(noun, dict) else [noun])]


def numerals_under_ten(path: str, text: str, nouns: list[str]) -> list[Finding]:
    """A count under ten written as a numeral before one of `nouns` ("3 sources"); a number
    with more digits, a decimal or a name ("7 Cs", not a counted noun) is left alone."""
    if not nouns:
        return []
    words = "|".join(sorted((re.escape(noun) for noun in nouns), key=len, reverse=True))
    numeral = re.compile(rf"(?<![\d.,])\b([1-9])[ \u00a0]+({words})\b")
    out = []
    for number, line in prose_lines(text):
        for match in numeral.finditer(line):
            out.append(
                _f(
                    "numeral-under-ten",
                    path,
                    number,
                    match.start() + 1,
                    f"'{match.group(0)}': the journal spells counts under ten in words; write the word "
                    "(or quote the count as {{<key>.words}})",
                )
            )
    return out


def _italic_spans(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _EMPHASIS.finditer(line)]


def foreign_upright(
    path: str, text: str, other_text: str, own_terms: Iterable[str], other_terms: Iterable[str]
) -> list[Finding]:
    """Glossed terms of this edition that the other edition's text (`other_text`, the same section)
    uses as its own words, set upright here. `own_terms` (this edition's `foreign_terms:`) are
    set in italics by the build; `other_terms` (the other edition's) are this language's words."""
    known = {t.lower() for t in own_terms} | {t.lower() for t in other_terms}
    other_words = other_text.lower()
    out = []
    for number, line in prose_lines(text):
        italic = _italic_spans(line)
        for parenthesis in _PARENTHESIS.finditer(line):
            if "@" in parenthesis.group(1) or "{{" in parenthesis.group(1):
                continue
            offset = parenthesis.start(1)
            for part in parenthesis.group(1).split(","):
                start = offset + len(part) - len(part.lstrip())
                offset += len(part) + 1
                term = part.strip()
                if not _GLOSS.match(term) or term in known:
                    continue
                if any(a <= start < b for a, b in italic):
                    continue
                if re.search(rf"(?<![\w@#.]){re.escape(term)}(?![\w.])", other_words):
                    out.append(
                        _f(
                            "foreign-term-upright",
                            path,
                            number,
                            start + 1,
                            f"'{term}' is a word of the other edition's language: set it in italics "
                            f"(or list it under foreign_terms: in this edition's strings)",
                        )
                    )
    return out


def check_edition(
    lang: str,
    sections: dict[str, str],
    texts: dict[str, dict[str, str]],
    strings: dict[str, dict],
    spelling: dict | None,
    typesetting: dict,
) -> list[Finding]:
    """Every prose rule on edition `lang`'s section files (`sections`: section → path).
    `texts`: language → section → text, every edition read; `strings`: language → its strings
    (templates/i18n); `spelling`: templates/spelling/<lang>.yaml (its word pairs) or None;
    `typesetting`: the journal profile's (the spelling variety and the number style)."""
    own = strings.get(lang, {})
    cited = own.get("secondary_citation") or {}
    nouns = counted_nouns(own) if typesetting["numbers"] == "words-under-ten" else []
    out: list[Finding] = []
    for section, path in sections.items():
        text = texts[lang][section]
        if cited:
            out += secondary_and(path, text, cited["and"], cited["cited_in"])
        if spelling:
            out += spelling_variety(path, text, spelling["pairs"], typesetting["spelling"])
        out += numerals_under_ten(path, text, nouns)
        for other, other_texts in texts.items():
            if other != lang and section in other_texts:
                out += foreign_upright(
                    path,
                    text,
                    other_texts[section],
                    own.get("foreign_terms") or [],
                    strings.get(other, {}).get("foreign_terms") or [],
                )
    return out
