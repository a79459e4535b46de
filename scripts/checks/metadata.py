"""The article's metadata (manuscript/metadata.yaml): checks and the view one edition needs.

The file holds both titles, abstracts and keyword lists, the authors with affiliations and
the journal. `check` reports every gap at once; `edition_meta` gives one edition's view, its
abstracts in the order `abstract:` lists them in the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scripts.core import paths, yamlfile
from scripts.core.errors import WARNING, Finding, UserError, escalated, finding, run_cli
from scripts.core.files import write_atomic

PER_LANGUAGE = ("title", "abstract", "keywords")
PLACEHOLDER = "[placeholder"


def check(meta: dict, languages: list[str], path: str, lines: dict) -> list[Finding]:
    """Errors for what every edition needs; warnings for placeholders still in place."""
    found = []
    for field in PER_LANGUAGE:
        values = meta.get(field)
        for lang in languages:
            value = values.get(lang) if isinstance(values, dict) else None
            if not value or (field == "keywords" and not isinstance(value, list)):
                line = lines.get((field, lang)) or lines.get((field,))
                what = "a list of keywords" if field == "keywords" else f"a {field}"
                found.append(finding(path, "missing-metadata", f"{field}.{lang}: {what} in '{lang}' is required", line=line))
    authors = meta.get("authors")
    if not isinstance(authors, list) or not authors:
        found.append(finding(path, "missing-metadata", "authors: at least one author is required", line=lines.get(("authors",))))
    else:
        known = {a.get("id") for a in meta.get("affiliations") or [] if isinstance(a, dict)}
        for i, author in enumerate(authors):
            if not isinstance(author, dict) or not author.get("name"):
                found.append(finding(path, "missing-metadata", f"authors[{i + 1}]: name is required", line=lines.get(("authors", str(i)))))
                continue
            for aff in author.get("affiliations") or []:
                if aff not in known:
                    found.append(finding(path, "unknown-affiliation", f"author {author['name']!r} names affiliation {aff!r}, which is not listed under affiliations", line=lines.get(("authors", str(i)))))
    for lang, title in (meta.get("title") or {}).items() if isinstance(meta.get("title"), dict) else []:
        if is_placeholder(title):
            found.append(finding(path, "placeholder-title", f"title.{lang} is a placeholder: an accessible PDF (PDF/UA) "
                                 "needs a real title, and no placeholder goes into the document properties",
                                 line=lines.get(("title", lang))))
    for key_path, text in placeholders(meta):
        if key_path[0] == "title":
            continue
        found.append(finding(path, "placeholder", f"{'.'.join(key_path)} is still a placeholder: {text}", line=lines.get(key_path), severity=WARNING))
    return found


def is_placeholder(text) -> bool:
    return isinstance(text, str) and text.strip().lower().startswith(PLACEHOLDER)


def placeholders(node, prefix=()) -> list[tuple[tuple[str, ...], str]]:
    """Every string value that still says it is a placeholder, with its key path."""
    if isinstance(node, str):
        return [(prefix, node)] if is_placeholder(node) else []
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return []
    return [hit for key, value in items for hit in placeholders(value, prefix + (str(key),))]


def load(path: str, languages: list[str], final: bool = False) -> tuple[dict, list[Finding]]:
    """Read and check the metadata; errors raise, warnings are returned to be printed. In a
    final build a placeholder is an error (errors.escalated)."""
    meta = yamlfile.load(path)
    findings = escalated(check(meta, languages, path, yamlfile.key_lines(path)), final)
    errors = [f for f in findings if f.severity != WARNING]
    if errors:
        raise UserError(errors)
    return meta, findings


def authors_view(meta: dict) -> list[dict]:
    """Authors with their affiliation numbers and texts resolved, in metadata order."""
    affiliations = {a["id"]: a for a in meta.get("affiliations") or []}
    numbers = {aff_id: n for n, aff_id in enumerate(affiliations, start=1)}
    view = []
    for author in meta["authors"]:
        ids = author.get("affiliations") or []
        view.append({
            "name": author["name"],
            "email": author.get("email", ""),
            "corresponding": bool(author.get("corresponding")),
            "marks": ",".join(str(numbers[i]) for i in ids),
            "affiliation": "; ".join(affiliations[i]["name"] for i in ids),
        })
    return view


def affiliations_view(meta: dict) -> list[dict]:
    return [{"mark": str(n), "name": a["name"]} for n, a in enumerate(meta.get("affiliations") or [], start=1)]


def properties(meta: dict, lang: str) -> dict:
    """What indexers read (PDF info and XMP, DOCX core.xml, JATS): one edition's title,
    authors, keywords and abstract (the subject), with every placeholder left out."""
    found = {
        "title": meta["title"][lang],
        "authors": [author["name"] for author in meta["authors"]],
        "keywords": list(meta["keywords"][lang]),
        "description": " ".join(meta["abstract"][lang].split()),
    }
    return {
        key: [item for item in value if not is_placeholder(item)] if isinstance(value, list) else value
        for key, value in found.items()
        if not is_placeholder(value)
    }


def short_title(meta: dict, lang: str) -> str:
    """The running head: `short_title.<lang>` if given, else the title up to its colon."""
    given = (meta.get("short_title") or {}).get(lang) if isinstance(meta.get("short_title"), dict) else None
    return str(given or meta["title"][lang].split(":")[0]).strip()


def edition_meta(meta: dict, lang: str, languages: list[str], strings: dict[str, dict]) -> dict:
    """The pandoc metadata of one edition: its title first, the other title as subtitle.

    `strings` holds the localized strings of every language, so that each abstract is
    headed in its own language.
    """
    others = [other for other in languages if other != lang]
    # Every edition shows every abstract, in the order metadata.yaml lists them.
    order = [code for code in meta["abstract"] if code in languages]
    return {
        "title": meta["title"][lang],
        "short-title": short_title(meta, lang),
        # In the DOCX the other titles are marked with their language ([…]{lang=…} spans);
        # the typst template marks each of `other-titles` itself.
        "subtitle": " / ".join(f"[{meta['title'][other]}]{{lang={strings[other]['locale']}}}" for other in others),
        "other-titles": [{"text": meta["title"][other], "typst-lang": strings[other]["typst_lang"]} for other in others],
        "lang": strings[lang]["locale"],
        "properties": properties(meta, lang),
        "authors": authors_view(meta),
        "affiliations": affiliations_view(meta),
        "journal": meta.get("journal") or {},
        "abstracts": [
            {
                "lang": code,
                "locale": strings[code]["locale"],
                "typst-lang": strings[code]["typst_lang"],
                "heading": strings[code]["abstract"],
                "text": meta["abstract"][code].strip(),
                "keywords-label": strings[code]["keywords"],
                "keywords": "; ".join(meta["keywords"][code]),
                "keyword-list": list(meta["keywords"][code]),
            }
            for code in order
        ],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Check manuscript/metadata.yaml; print placeholder warnings.")
    parser.add_argument("metadata", nargs="?", default=paths.METADATA)
    parser.add_argument("--config", default=paths.CONFIG)
    parser.add_argument("--json", help="write a report of the warnings here")
    parser.add_argument("--final", action="store_true", help="a final build: placeholders are errors")
    args = parser.parse_args(argv)
    _, warnings = load(args.metadata, yamlfile.load(args.config)["languages"], args.final)
    for warning in warnings:
        print(warning, file=sys.stderr)
    if args.json:
        write_atomic(args.json, json.dumps({"warnings": [w.as_dict() for w in warnings]}, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
