"""Soft hyphens (U+00AD) for the PDF in a language typst cannot hyphenate (Indonesian, …).

typst hyphenates justified text with its own patterns, which cover a fixed set of languages;
for another edition's language the words get soft hyphens at the break points of `pyphen`'s
patterns (hyph_id_ID.dic, …), where typst may break a line and print a hyphen. A filter over
the edition's pandoc JSON, run at render time for the PDF alone: the DOCX, the JATS and the
AST the changes compare keep their words as written. Text extraction is unharmed: a soft
hyphen that does not break a line prints nothing, and one that does extracts as typst's own
hyphenation does.
"""

from __future__ import annotations

import re

from scripts.core import hyphenation

# The languages typst's own hyphenation patterns cover (typst's `hypher` crate).
TYPST_HYPHENATES = frozenset(
    "af be bg ca cs da de el en es et fi fr hr hu is it ka ku la lt mn nb nl nn "
    "pl pt ru sk sl sq sr sv tk tr uk".split()
)
# A word of letters alone; a Str with a digit or one of these marks (handles, hashtags, paths,
# addresses, URLs) is a name to keep whole.
WORD = re.compile(r"[^\W\d_]+")
KEEP_WHOLE = re.compile(r"[\d@#/\\:=_]|www\.")
# Words shorter than this gain too little from a break.
MIN_LENGTH = 6
# Elements whose text is not prose, and tables: their cells are set ragged right, unhyphenated
# as typst sets every language's (a header word too wide for its column has its soft hyphens
# from scripts/data/tables.py).
UNTOUCHED = {"Code", "CodeBlock", "RawInline", "RawBlock", "Math", "Table"}


def needs_soft_hyphens(lang: str) -> bool:
    """Whether typst lacks hyphenation patterns for `lang` and pyphen has some."""
    return lang.split("-")[0].lower() not in TYPST_HYPHENATES and hyphenation.has_patterns(lang)


def hyphenate_text(text: str, lang: str) -> str:
    """`text` with soft hyphens at the break points of `lang`'s patterns; names (a capital
    letter: a proper noun, an acronym) kept whole, as a typesetter keeps them."""
    if KEEP_WHOLE.search(text):
        return text
    return WORD.sub(
        lambda m: m[0] if len(m[0]) < MIN_LENGTH or not m[0].islower() else hyphenation.with_soft_hyphens(m[0], lang),
        text,
    )


def _walk(node, lang: str):
    if isinstance(node, list):
        return [_walk(item, lang) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("t")
    if kind in UNTOUCHED:
        return node
    if kind == "Str":
        return {"t": "Str", "c": hyphenate_text(node["c"], lang)}
    if kind == "Span" and _span_lang(node) not in (None, lang):
        return node  # a passage in another language keeps its words
    return {key: _walk(value, lang) for key, value in node.items()}


def _span_lang(span: dict) -> str | None:
    attributes = dict(span["c"][0][2])
    return attributes.get("lang", "").split("-")[0] or None


def meta_text(value: dict) -> str:
    """The plain text of a MetaString or MetaInlines value (enough for a language tag)."""
    if value.get("t") == "MetaString":
        return value["c"]
    return "".join(item.get("c", "") if item.get("t") == "Str" else "" for item in value.get("c", []))


def hyphenated(doc: dict, lang: str) -> dict:
    """The pandoc JSON `doc` with soft hyphens in every body text and abstract whose language
    (`lang` for the body, an abstract's own `typst-lang`) typst cannot hyphenate."""
    result = dict(doc)
    if needs_soft_hyphens(lang):
        result["blocks"] = _walk(doc["blocks"], lang)
    abstracts = doc.get("meta", {}).get("abstracts")
    if abstracts:
        entries = []
        for entry in abstracts["c"]:
            fields = entry["c"]
            own = meta_text(fields.get("typst-lang", {})) or lang
            if needs_soft_hyphens(own):
                fields = {**fields, "text": _walk(fields["text"], own)}
            entries.append({**entry, "c": fields})
        result["meta"] = {**doc["meta"], "abstracts": {**abstracts, "c": entries}}
    return result
