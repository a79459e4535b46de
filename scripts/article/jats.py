"""Complete pandoc's JATS XML of an edition into JATS 1.3 (Journal Publishing) for PMC, OJS and indexers.

pandoc (templates/article.jats, `jats_publishing+element_citations`, templates/jats.lua) writes
both titles and both abstracts with their `xml:lang`, the body with an `xref` around each
citation, tables (grouped rows as `rowspan`) and figures with alt text, and a `ref-list` with
one `element-citation` per reference. What it lacks is added here from the edition's metadata
(the assembled document's front matter, the journal's profile joined in) and the bibliography:
- the JATS 1.3 doctype;
- `journal-meta`: journal-id, title, ISSN, publisher;
- `article-meta` in the DTD's order: DOI, article-categories (the subject), titles,
  `contrib-group` (names, ORCID, corresponding author, email, `aff`), `pub-date`,
  volume, issue, pages or elocation-id, `permissions` with the license, the edition's abstract
  then the others as `trans-abstract`, one `kwd-group` per language;
- a `label` and an `id` on each table and figure, and an `xref` on each "Table N" callout;
- on each reference: `publication-type` from its BibTeX entry type, an organisation author
  (a braced BibTeX name) as `collab`, a URL with its link text.
A field that is still a `[placeholder: …]` is left out (scripts/checks/metadata.py warns for it);
`missing` names the fields without which the XML does not validate.
"""

from __future__ import annotations

import re

from lxml import etree

from scripts.checks.metadata import is_placeholder

DOCTYPE = (
    '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN" '
    '"JATS-journalpublishing1-3.dtd">'
)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLINK = "http://www.w3.org/1999/xlink"
ALI = "http://www.niso.org/schemas/ali/1.0/"
# "Table 1. Caption" / "Gambar 2. Keterangan": the label is the words up to the number.
LABELLED = re.compile(r"^(?P<label>\S+(?:\s\S+)*?\s\d+)\.\s+(?P<caption>.*)$", re.S)
ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
PAGES = re.compile(r"^\s*(?P<first>[^\s–-]+)\s*(?:[–-]+\s*(?P<last>\S+))?\s*$")
# JATS publication-type of each BibTeX (biblatex) entry type; any other is "other".
PUBLICATION_TYPES = {
    "article": "journal",
    "periodical": "journal",
    "suppperiodical": "journal",
    "book": "book",
    "mvbook": "book",
    "inbook": "book",
    "bookinbook": "book",
    "suppbook": "book",
    "booklet": "book",
    "collection": "book",
    "mvcollection": "book",
    "incollection": "book",
    "suppcollection": "book",
    "reference": "book",
    "mvreference": "book",
    "inreference": "book",
    "manual": "book",
    "proceedings": "confproc",
    "mvproceedings": "confproc",
    "inproceedings": "confproc",
    "conference": "confproc",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "report": "report",
    "techreport": "report",
    "patent": "patent",
    "software": "software",
    "dataset": "data",
    "standard": "standard",
}
# What the XML needs to be valid against the DTD and pass JATS4R and PMC: a field that is
# missing or a placeholder is named by `missing`.
REQUIRED = (
    "journal.name",
    "journal.issn",
    "journal.publisher",
    "journal.license",
    "journal.doi",
    "journal.volume",
    "journal.issue",
    "journal.pages or journal.elocation",
    "authors",
    "affiliations",
)


def known(value) -> str:
    """The value as text, or "" while it is missing or a placeholder."""
    text = "" if value is None else str(value).strip()
    return "" if is_placeholder(text) else text


def element(tag: str, text: str = "", **attributes) -> etree._Element:
    made = etree.Element(tag, {attribute_name(key): value for key, value in attributes.items()})
    if text:
        made.text = text
    return made


def attribute_name(key: str) -> str:
    if key == "lang":
        return XML_LANG
    if key.startswith("xlink_"):
        return f"{{{XLINK}}}{key[6:]}"
    return key.replace("_", "-")


def known_issns(journal: dict) -> list[dict]:
    return [issn for issn in journal.get("issn") or [] if known(issn.get("number"))]


def known_license(journal: dict) -> dict:
    license_ = journal.get("license") if isinstance(journal.get("license"), dict) else {}
    return license_ if known(license_.get("name")) and known(license_.get("url")) else {}


def journal_meta(journal: dict) -> etree._Element:
    """journal-id (the abbreviation or the name), title, ISSNs and publisher, where known."""
    meta = element("journal-meta")
    name, abbrev = known(journal.get("name")), known(journal.get("abbrev"))
    if abbrev or name:
        meta.append(element("journal-id", abbrev or name, journal_id_type="publisher-id"))
    if name:
        group = etree.SubElement(meta, "journal-title-group")
        group.append(element("journal-title", name))
        if abbrev:
            group.append(element("abbrev-journal-title", abbrev, abbrev_type="publisher"))
    for issn in known_issns(journal):
        kind = {"publication_format": issn["type"]} if issn.get("type") else {}
        meta.append(element("issn", known(issn["number"]), **kind))
    if known(journal.get("publisher")):
        publisher = etree.SubElement(meta, "publisher")
        publisher.append(element("publisher-name", known(journal["publisher"])))
    return meta


def orcid_url(value: str) -> str:
    match = ORCID.search(value)
    return f"https://orcid.org/{match[1]}" if match else ""


def contributors(meta: dict) -> list[etree._Element]:
    """`contrib-group` of the authors with a known name, each with its ORCID, name, email and
    the affiliations it names inside it (JATS4R: linked by position, which a schematron run
    without the DTD's ID types can check)."""
    authors = [author for author in meta.get("authors") or [] if known(author.get("name"))]
    if not authors:
        return []
    names = {str(aff["mark"]): known(aff.get("name")) for aff in meta.get("affiliations") or []}
    group = element("contrib-group")
    for author in authors:
        contrib = etree.SubElement(
            group, "contrib", {"contrib-type": "author", **({"corresp": "yes"} if author.get("corresponding") else {})}
        )
        orcid = orcid_url(known(author.get("orcid-id") or author.get("orcid")))
        if orcid:
            contrib.append(element("contrib-id", orcid, contrib_id_type="orcid", authenticated="false"))
        contrib.append(element("string-name", known(author["name"])))
        if known(author.get("email")):
            contrib.append(element("email", known(author["email"])))
        for mark in str(author.get("marks") or "").split(","):
            if names.get(mark):
                aff = etree.SubElement(contrib, "aff")
                aff.append(element("institution", names[mark]))
    return [group]


def categories(meta: dict) -> list[etree._Element]:
    subject = known(meta.get("subject"))
    if not subject:
        return []
    found = element("article-categories")
    group = etree.SubElement(found, "subj-group", {"subj-group-type": "heading"})
    group.append(element("subject", subject))
    return [found]


def publication(meta: dict) -> list[etree._Element]:
    """pub-date from the build date (and the issue's year), then volume, issue and pages or
    elocation-id where known."""
    date = element(
        "pub-date",
        publication_format="electronic",
        date_type="pub",
        iso_8601_date=f"{meta['date-year']:04d}-{meta['date-month']:02d}-{meta['date-day']:02d}",
    )
    for tag in ("day", "month", "year"):
        date.append(element(tag, f"{meta[f'date-{tag}']:02d}" if tag != "year" else str(meta["date-year"])))
    journal = meta.get("journal") or {}
    found = [date]
    if known(journal.get("year")):  # the year of the volume and issue the article appears in
        collection = element("pub-date", publication_format="electronic", date_type="collection")
        collection.append(element("year", known(journal["year"])))
        found.append(collection)
    for tag in ("volume", "issue"):
        if known(journal.get(tag)):
            found.append(element(tag, known(journal[tag])))
    pages = PAGES.match(known(journal.get("pages")))
    if pages:
        found.append(element("fpage", pages["first"]))
        if pages["last"]:
            found.append(element("lpage", pages["last"]))
    elif known(journal.get("elocation")):
        found.append(element("elocation-id", known(journal["elocation"])))
    return found


def permissions(journal: dict) -> list[etree._Element]:
    """The license (the article's own, else the journal's default), as JATS4R recommends."""
    license_ = known_license(journal)
    if not license_:
        return []
    # No copyright-year: JATS4R then wants a copyright holder, a fact the metadata does not hold.
    found = element("permissions")
    url = known(license_["url"])
    made = etree.SubElement(found, "license", {f"{{{XLINK}}}href": url})
    etree.SubElement(made, f"{{{ALI}}}license_ref", nsmap={"ali": ALI}).text = url
    made.append(element("license-p", known(license_["name"])))
    return [found]


def keyword_groups(meta: dict, lang: str) -> list[etree._Element]:
    """One kwd-group per language; the edition's own inherits the article's xml:lang."""
    groups = []
    for abstract in meta.get("abstracts") or []:
        words = [known(word) for word in abstract.get("keyword-list") or []]
        if any(words):
            own = abstract["lang"] == lang
            group = element("kwd-group", kwd_group_type="author", **({} if own else {"lang": abstract["lang"]}))
            group.append(element("title", known(abstract.get("keywords-label"))))
            group.extend(element("kwd", word) for word in words if word)
            groups.append(group)
    return groups


def abstracts(article_meta, lang: str) -> list[etree._Element]:
    """The edition's abstract first, then the others as `trans-abstract`; text in <p>."""
    found = article_meta.findall("abstract")
    for abstract in found:
        if abstract.find("p") is None:  # one paragraph: pandoc wrote its inlines bare
            text = abstract.text or ""
            paragraph = element("p", text.lstrip() if len(abstract) else text.strip())
            paragraph.extend(list(abstract))
            if len(paragraph):
                paragraph[-1].tail = (paragraph[-1].tail or "").rstrip()
            abstract.text = None
            abstract.append(paragraph)
        if abstract.get(XML_LANG) != lang:
            abstract.tag = "trans-abstract"
    return sorted(found, key=lambda abstract: abstract.tag != "abstract")


def label_captions(root) -> None:
    """Move "Table 1" out of "Table 1. Caption" into the element's <label>; an id on each."""
    counts = {"table-wrap": 0, "fig": 0}
    for wrapper in root.iter("table-wrap", "fig"):
        counts[wrapper.tag] += 1
        wrapper.set("id", f"{'tbl' if wrapper.tag == 'table-wrap' else 'fig'}{counts[wrapper.tag]}")
        paragraph = wrapper.find("caption/p")
        match = LABELLED.match(paragraph.text or "") if paragraph is not None else None
        if match:
            paragraph.text = match["caption"]
            wrapper.insert(0, element("label", " ".join(match["label"].split())))


def link_callouts(root) -> None:
    """An xref on each callout of a labelled table or figure in the text: the build writes
    "Table 1" there with a no-break space (scripts/article/assemble.py)."""
    targets = {
        wrapper.findtext("label").replace(" ", "\u00a0"): wrapper
        for wrapper in root.iter("table-wrap", "fig")
        if wrapper.findtext("label")
    }
    if not targets:
        return
    callout = re.compile("|".join(re.escape(label) for label in sorted(targets, key=len, reverse=True)) + r"(?!\d)")
    for node in list(root.find("body").iter()):
        if node.tag in ("table-wrap", "fig", "label", "xref"):
            continue
        for slot in ("text", "tail"):
            if slot == "tail" and node.getparent() is None:
                continue
            text = getattr(node, slot)
            if text and callout.search(text):
                pieces = callout.split(text)
                found = callout.findall(text)
                setattr(node, slot, pieces[0])
                made = [
                    element(
                        "xref",
                        label,
                        ref_type="table" if targets[label].tag == "table-wrap" else "fig",
                        rid=targets[label].get("id"),
                    )
                    for label in found
                ]
                for xref, after in zip(made, pieces[1:]):
                    xref.tail = after
                if slot == "text":
                    for offset, xref in enumerate(made):
                        node.insert(offset, xref)
                else:
                    parent = node.getparent()
                    for offset, xref in enumerate(made, start=parent.index(node) + 1):
                        parent.insert(offset, xref)


def complete_references(root, entry_types: dict[str, str]) -> None:
    """publication-type from each entry's BibTeX type; a literal (braced) author, an organisation
    or a website, as `collab`; a URL with link text."""
    for ref in root.iter("ref"):
        citation = ref.find("element-citation")
        if citation is None:
            continue
        key = ref.get("id", "").removeprefix("ref-")
        citation.set("publication-type", PUBLICATION_TYPES.get(entry_types.get(key, ""), "other"))
        for name in citation.findall("person-group/string-name"):
            name.tag = "collab"
        for uri in citation.findall("uri"):
            uri.set(f"{{{XLINK}}}href", uri.text or "")
            title = (
                citation.findtext("article-title")
                or citation.findtext("source")
                or citation.findtext("person-group/collab")
                or uri.text
                or ""
            )
            uri.set(f"{{{XLINK}}}title", " ".join(title.split()))


def missing(meta: dict) -> list[str]:
    """The fields of REQUIRED still missing or placeholders."""
    journal = meta.get("journal") or {}
    filled = {
        "journal.issn": bool(known_issns(journal)),
        "journal.license": bool(known_license(journal)),
        "journal.pages or journal.elocation": bool(known(journal.get("pages")) or known(journal.get("elocation"))),
        "authors": bool(meta.get("authors")) and all(known(a.get("name")) for a in meta["authors"]),
        "affiliations": bool(meta.get("affiliations")) and all(known(a.get("name")) for a in meta["affiliations"]),
    }
    return [
        field for field in REQUIRED if not filled.get(field, bool(known(journal.get(field.removeprefix("journal.")))))
    ]


def complete(xml: bytes, meta: dict, entry_types: dict[str, str] | None = None) -> bytes:
    """pandoc's JATS of an edition, completed with what `meta` (its front matter) holds and
    `entry_types` (the BibTeX entry type of each reference by key)."""
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=False))
    lang = root.get(XML_LANG)
    front = root.find("front")
    journal = meta.get("journal") or {}
    front.insert(0, journal_meta(journal))
    article_meta = front.find("article-meta")
    doi = known(journal.get("doi"))
    ordered = [
        *([element("article-id", doi, pub_id_type="doi")] if doi else []),
        *categories(meta),
        article_meta.find("title-group"),
        *contributors(meta),
        *publication(meta),
        *permissions(journal),
        *abstracts(article_meta, lang),
        *keyword_groups(meta, lang),
    ]
    for child in list(article_meta):
        article_meta.remove(child)
    for child in ordered:
        child.tail = "\n"
        article_meta.append(child)
    article_meta.text = "\n"
    label_captions(root)
    link_callouts(root)
    complete_references(root, entry_types or {})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype=DOCTYPE) + b"\n"
