"""The article's metadata (manuscript/metadata.yaml) and the journal's profile: checks and the view one edition needs.

The metadata holds both titles, abstracts and keyword lists, the subject (the journal's section
heading), the authors with affiliations and ORCID, and the article's own journal facts (volume,
issue, year, DOI, pages or elocation, a license of its own). The journal's standing facts (name,
abbreviation, ISSN, publisher, default license) are in its profile, journals/<name>/profile.yaml.
`check` and `check_profile` report every gap at once; `load` joins the two, the article's facts
over the journal's; `edition_meta` gives one edition's view, its abstracts in the order
`abstract:` lists them in the file.
"""

from __future__ import annotations

import argparse
import json
import sys

from scripts.core import config as config_mod
from scripts.core import journal, paths, yamlfile
from scripts.core.errors import WARNING, Finding, UserError, escalated, finding, run_cli
from scripts.core.files import write_atomic

PER_LANGUAGE = ("title", "abstract", "keywords")
PLACEHOLDER = "[placeholder"
ISSN_TYPES = ("print", "electronic")


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
                found.append(
                    finding(path, "missing-metadata", f"{field}.{lang}: {what} in '{lang}' is required", line=line)
                )
    authors = meta.get("authors")
    if not isinstance(authors, list) or not authors:
        found.append(
            finding(path, "missing-metadata", "authors: at least one author is required", line=lines.get(("authors",)))
        )
    else:
        known = {a.get("id") for a in meta.get("affiliations") or [] if isinstance(a, dict)}
        for i, author in enumerate(authors):
            if not isinstance(author, dict) or not author.get("name"):
                found.append(
                    finding(
                        path,
                        "missing-metadata",
                        f"authors[{i + 1}]: name is required",
                        line=lines.get(("authors", str(i))),
                    )
                )
                continue
            for aff in author.get("affiliations") or []:
                if aff not in known:
                    found.append(
                        finding(
                            path,
                            "unknown-affiliation",
                            f"author {author['name']!r} names affiliation {aff!r}, "
                            "which is not listed under affiliations",
                            line=lines.get(("authors", str(i))),
                        )
                    )
    for lang, title in (meta.get("title") or {}).items() if isinstance(meta.get("title"), dict) else []:
        if is_placeholder(title):
            found.append(
                finding(
                    path,
                    "placeholder-title",
                    f"title.{lang} is a placeholder: an accessible PDF (PDF/UA) "
                    "needs a real title, and no placeholder goes into the document properties",
                    line=lines.get(("title", lang)),
                )
            )
    return found + placeholder_warnings(meta, path, lines, skip=("title",))


def placeholder_warnings(data: dict, path: str, lines: dict, skip=()) -> list[Finding]:
    """A `placeholder` warning at each value of `data` that is still a placeholder."""
    return [
        finding(
            path,
            "placeholder",
            f"{'.'.join(key_path)} is still a placeholder: {text}",
            line=lines.get(key_path),
            severity=WARNING,
        )
        for key_path, text in placeholders(data)
        if key_path[0] not in skip
    ]


def issns(value) -> list[dict]:
    """The journal's ISSNs as [{"number", "type"}]: `issn:` is one number or a list, each a
    number or {number, type}."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    return [
        {"number": str(item.get("number") or ""), "type": str(item.get("type") or "")}
        if isinstance(item, dict)
        else {"number": str(item), "type": ""}
        for item in items
    ]


def check_profile(profile: dict, path: str, lines: dict) -> list[Finding]:
    """Errors for what a journal profile needs (a `journal:` block with a name, known ISSN
    types, a license with name and url); warnings for placeholders still in place."""
    journal = profile.get("journal")
    if not isinstance(journal, dict) or not journal.get("name"):
        return [
            finding(
                path,
                "missing-metadata",
                "journal.name: the journal's name is required",
                line=lines.get(("journal",)) or 1,
            )
        ]
    found = []
    raw = journal.get("issn")
    for i, issn in enumerate(issns(raw)):
        at = lines.get(("journal", "issn", str(i))) or lines.get(("journal", "issn"))
        if not issn["number"]:
            found.append(finding(path, "missing-metadata", "journal.issn: an ISSN needs its number", line=at))
        if issn["type"] and issn["type"] not in ISSN_TYPES:
            found.append(
                finding(
                    path,
                    "unknown-issn-type",
                    f"journal.issn: type {issn['type']!r} is not one of {', '.join(ISSN_TYPES)}",
                    line=at,
                )
            )
    license_ = journal.get("license")
    if license_ is not None and not (isinstance(license_, dict) and license_.get("name") and license_.get("url")):
        found.append(
            finding(
                path,
                "missing-metadata",
                "journal.license: a license needs a name and a url",
                line=lines.get(("journal", "license")),
            )
        )
    return found + placeholder_warnings(profile, path, lines)


def journal_facts(profile: dict, article: dict) -> dict:
    """The journal block an edition reads: the profile's standing facts, the article's own
    facts over them (an article's license replaces the journal's default); ISSNs as a list."""
    joined = {**(profile.get("journal") or {}), **(article or {})}
    joined["issn"] = issns(joined.get("issn"))
    return joined


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


def load(
    path: str, languages: list[str], profile: str | None = None, final: bool = False
) -> tuple[dict, list[Finding]]:
    """Read and check the metadata and, with `profile`, the journal's profile, whose facts it
    joins under `journal`; errors raise, warnings are returned to be printed. In a final build a
    placeholder is an error (errors.escalated)."""
    meta = yamlfile.load(path)
    findings = check(meta, languages, path, yamlfile.key_lines(path))
    if profile is not None:
        facts = yamlfile.load(profile)
        # A profile that extends another takes the journal's facts it does not state from it.
        if facts.get("extends"):
            facts = journal.merge(journal.load(facts["extends"]).data, facts)
        findings += check_profile(facts, profile, yamlfile.key_lines(profile))
        meta = {**meta, "journal": journal_facts(facts, meta.get("journal"))}
    findings = escalated(findings, final)
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
        view.append(
            {
                "name": author["name"],
                "email": author.get("email", ""),
                "orcid": "" if is_placeholder(author.get("orcid")) else str(author.get("orcid") or ""),
                "corresponding": bool(author.get("corresponding")),
                "marks": ",".join(str(numbers[i]) for i in ids),
                "affiliation": "; ".join(affiliations[i]["name"] for i in ids),
            }
        )
    return view


def affiliations_view(meta: dict) -> list[dict]:
    return [{"mark": str(n), "name": a["name"]} for n, a in enumerate(meta.get("affiliations") or [], start=1)]


def subject(meta: dict, lang: str) -> str:
    """The journal's section heading of the article in `lang` ("" if not given)."""
    given = meta.get("subject")
    return str(given.get(lang) or "") if isinstance(given, dict) else ""


def properties(meta: dict, lang: str) -> dict:
    """What indexers read (PDF info and XMP, DOCX core.xml, JATS): one edition's title,
    authors, keywords, abstract (the description), DOI and section heading (the category),
    with every placeholder left out."""
    found = {
        "title": meta["title"][lang],
        "authors": [author["name"] for author in meta["authors"]],
        "keywords": list(meta["keywords"][lang]),
        "description": " ".join(meta["abstract"][lang].split()),
        "doi": str((meta.get("journal") or {}).get("doi") or ""),
        "category": subject(meta, lang),
    }
    return {
        key: [item for item in value if not is_placeholder(item)] if isinstance(value, list) else value
        for key, value in found.items()
        if value and not is_placeholder(value)
    }


def imprint(journal: dict, strings: dict) -> dict:
    """The journal facts page 1 shows beyond the journal line, each only once it is known:
    the ISSNs ("p-ISSN 0000-0019 · e-ISSN 0000-0027") and the license."""
    numbers = [
        f"{strings['issn'].get(issn['type'], 'ISSN')} {issn['number']}"
        for issn in issns(journal.get("issn"))
        if issn["number"] and not is_placeholder(issn["number"])
    ]
    license_ = journal.get("license") if isinstance(journal.get("license"), dict) else {}
    known = {key: str(license_.get(key) or "") for key in ("name", "url")}
    found = {"issn": " · ".join(numbers)}
    if all(value and not is_placeholder(value) for value in known.values()):
        found.update({"license-name": known["name"], "license-url": known["url"]})
    return {key: value for key, value in found.items() if value}


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
        "other-titles": [
            {"text": meta["title"][other], "typst-lang": strings[other]["typst_lang"]} for other in others
        ],
        "lang": strings[lang]["locale"],
        "properties": properties(meta, lang),
        "authors": authors_view(meta),
        "affiliations": affiliations_view(meta),
        "journal": meta.get("journal") or {},
        # The journal's section heading the article appears under (JATS article-categories).
        "subject": "" if is_placeholder(subject(meta, lang)) else subject(meta, lang),
        "imprint": imprint(meta.get("journal") or {}, strings[lang]),
        "license-label": strings[lang]["license"],
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
    parser.add_argument("--profile", help="the journal's profile (journals/<name>/profile.yaml)")
    parser.add_argument("--json", help="write a report of the warnings here")
    parser.add_argument("--final", action="store_true", help="a final build: placeholders are errors")
    args = parser.parse_args(argv)
    _, warnings = load(args.metadata, config_mod.load(args.config)["languages"], args.profile, args.final)
    for warning in warnings:
        print(warning, file=sys.stderr)
    if args.json:
        write_atomic(
            args.json, json.dumps({"warnings": [w.as_dict() for w in warnings]}, indent=2, ensure_ascii=False) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
