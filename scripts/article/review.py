"""The double-blind review version and the separate title page, made from an assembled edition.

Both start from an assembled edition (build/<lang>/article.md, or its JSON, article.json):
- `anonymized` (its metadata) and `anonymized_ast` (the JSON the review renders read): the
  document without authors, affiliations and emails (so neither the page nor the PDF or DOCX
  document properties, which read `properties`, can name them), with line numbers and 1.5 line
  spacing switched on for the typst template;
- `title_page`: only the titles, authors, affiliations and the corresponding email.
render.py renders both; this module only rewrites the pandoc metadata.
"""

from __future__ import annotations

import yaml

from scripts.core.errors import WARNING, Finding, UserError, finding
from scripts.core.yamlfile import SAFE_LOADER

FENCE = "---\n"
IDENTITY = ("authors", "affiliations")
# typst paragraph leading that makes the line pitch 1.5 times the edition's single spacing:
# Libertinus Serif at 11 pt lines up at cap height (0.66 em) + leading (0.65 em) = 1.31 em;
# 1.5 × 1.31 em − 0.66 em = 1.30 em.
REVIEW_LEADING = "1.3em"
# Paragraphs are spaced like lines (the gap is at least the leading), as double spacing expects.
# What the title page keeps of the edition's metadata.
TITLE_PAGE_KEYS = (
    "title",
    "short-title",
    "subtitle",
    "lang",
    "authors",
    "affiliations",
    "correspondence-label",
    "typst-lang",
    "properties",
)


def split(text: str, source: str) -> tuple[dict, str]:
    """The YAML front matter and the body of an assembled document."""
    end = text.find("\n" + FENCE, len(FENCE) - 1) if text.startswith(FENCE) else -1
    if end < 0:
        raise UserError(finding(source, "front-matter", "the assembled document has no YAML front matter", line=1))
    meta = yaml.load(text[len(FENCE) : end + 1], Loader=SAFE_LOADER) or {}
    return meta, text[end + 1 + len(FENCE) :]


def join(meta: dict, body: str) -> str:
    return FENCE + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + FENCE + body


# What the review version's metadata adds: nobody named, line numbers, 1.5 spacing.
REVIEW_SETTINGS = {
    "anonymous": True,
    "line-numbers": True,
    "linestretch": REVIEW_LEADING,
    "paragraph-spacing": REVIEW_LEADING,
}


def anonymized(meta: dict) -> dict:
    """The metadata of the review version: nobody named, line numbers, 1.5 spacing."""
    review = {key: value for key, value in meta.items() if key not in IDENTITY}
    if "properties" in review:
        review["properties"] = {key: value for key, value in review["properties"].items() if key != "authors"}
    review.update(REVIEW_SETTINGS)
    return review


def meta_value(value: bool | str) -> dict:
    """A setting as pandoc's Markdown reader reads it from YAML: a boolean, or one word."""
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    return {"t": "MetaInlines", "c": [{"t": "Str", "c": value}]}


def anonymized_ast(doc: dict) -> dict:
    """`anonymized` on the edition's pandoc JSON, as if its Markdown had that metadata."""
    meta = {key: value for key, value in doc["meta"].items() if key not in IDENTITY}
    properties = meta.get("properties")
    if properties and properties.get("t") == "MetaMap":
        meta["properties"] = {"t": "MetaMap", "c": {k: v for k, v in properties["c"].items() if k != "authors"}}
    meta.update({key: meta_value(value) for key, value in REVIEW_SETTINGS.items()})
    return {**doc, "meta": meta}


def title_page(meta: dict) -> dict:
    return {key: meta[key] for key in TITLE_PAGE_KEYS if key in meta}


def identities(meta: dict) -> list[str]:
    """Every author name, email and affiliation the metadata holds."""
    found = []
    for author in meta.get("authors") or []:
        found += [str(author.get(key) or "") for key in ("name", "email")]
    found += [str(aff.get("name") or "") for aff in meta.get("affiliations") or []]
    return [text.strip() for text in found if text.strip()]


def leaks(meta: dict, body: str, source: str, body_line: int) -> list[Finding]:
    """Warnings for body lines that name an author, an email or an affiliation."""
    names = identities(meta)
    found = []
    for offset, line in enumerate(body.splitlines()):
        for name in names:
            if name.casefold() in line.casefold():
                found.append(
                    finding(
                        source,
                        "review-identity",
                        f"the text names {name!r}: the review version is not anonymous",
                        line=body_line + offset,
                        severity=WARNING,
                    )
                )
    return found


def review_warnings(text: str, source: str) -> list[Finding]:
    """Where the assembled document's text names an author: the review version would not be anonymous."""
    meta, body = split(text, source)
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return leaks(meta, body, source, body_line)


def title_page_document(text: str, source: str) -> str:
    meta, _ = split(text, source)
    return join(title_page(meta), "")
