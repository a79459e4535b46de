"""Complete pandoc's JATS XML of an edition into JATS 1.3 (Journal Publishing) for OJS and indexers.

pandoc (templates/article.jats, `jats_publishing+element_citations`) writes both titles and
both abstracts with their `xml:lang`, the body, tables and figures with alt text, and a
`ref-list` with one `element-citation` per reference. What it lacks is added here from the
edition's metadata (the assembled document's front matter):
- the JATS 1.3 doctype;
- `journal-meta`, `contrib-group` with `aff`, `pub-date`, `volume`, `issue` and the DOI;
- one `kwd-group` per language;
- the edition's abstract as `abstract`, the others as `trans-abstract`, text in `<p>`;
- a `label` for each table and figure, split off the caption pandoc wrote ("Table 1. …").
A field that is still a `[placeholder: …]` is left out (scripts/checks/metadata.py warns for it).
"""

from __future__ import annotations

import re

from lxml import etree

from scripts.checks.metadata import is_placeholder

DOCTYPE = ('<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN" '
           '"JATS-journalpublishing1-3.dtd">')
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# "Table 1. Caption" / "Gambar 2. Keterangan": the label is the words up to the number.
LABELLED = re.compile(r"^(?P<label>\S+(?:\s\S+)*?\s\d+)\.\s+(?P<caption>.*)$", re.S)


def known(value) -> str:
    """The value as text, or "" while it is missing or a placeholder."""
    text = "" if value is None else str(value).strip()
    return "" if is_placeholder(text) else text


def element(tag: str, text: str = "", **attributes) -> etree._Element:
    made = etree.Element(tag, {XML_LANG if key == "lang" else key.replace("_", "-"): value
                               for key, value in attributes.items()})
    if text:
        made.text = text
    return made


def journal_meta(journal: dict) -> etree._Element:
    meta = element("journal-meta")
    name = known(journal.get("name"))
    if name:
        group = etree.SubElement(meta, "journal-title-group")
        group.append(element("journal-title", name))
    return meta


def contributors(meta: dict) -> list[etree._Element]:
    """`contrib-group` and one `aff` per affiliation an author with a known name is linked to."""
    authors = [author for author in meta.get("authors") or [] if known(author.get("name"))]
    if not authors:
        return []
    group = element("contrib-group")
    affiliations = {}
    for author in authors:
        contrib = element("contrib", contrib_type="author", **({"corresp": "yes"} if author.get("corresponding") else {}))
        contrib.append(element("string-name", known(author["name"])))
        if known(author.get("email")):
            contrib.append(element("email", known(author["email"])))
        for mark in str(author.get("marks") or "").split(","):
            if mark:
                affiliations[mark] = None
                contrib.append(element("xref", mark, ref_type="aff", rid=f"aff{mark}"))
        group.append(contrib)
    names = {str(aff["mark"]): known(aff.get("name")) for aff in meta.get("affiliations") or []}
    affs = [element("aff", id=f"aff{mark}") for mark in affiliations if names.get(mark)]
    for aff in affs:
        mark = aff.get("id")[3:]
        aff.append(element("label", mark))
        aff.append(element("institution", names[mark]))
    # An author's xref to an affiliation that is still a placeholder points nowhere: drop it.
    for xref in group.iter("xref"):
        if not names.get(xref.text):
            xref.getparent().remove(xref)
    return [group, *affs]


def publication(meta: dict) -> list[etree._Element]:
    """pub-date from the build date, then volume and issue where they are known."""
    date = element("pub-date", publication_format="electronic", date_type="pub",
                   iso_8601_date=f"{meta['date-year']:04d}-{meta['date-month']:02d}-{meta['date-day']:02d}")
    for tag in ("day", "month", "year"):
        date.append(element(tag, f"{meta[f'date-{tag}']:02d}" if tag != "year" else str(meta["date-year"])))
    journal = meta.get("journal") or {}
    found = [date]
    for tag in ("volume", "issue"):
        if known(journal.get(tag)):
            found.append(element(tag, known(journal[tag])))
    return found


def keyword_groups(meta: dict) -> list[etree._Element]:
    groups = []
    for abstract in meta.get("abstracts") or []:
        words = [known(word) for word in abstract.get("keyword-list") or []]
        if any(words):
            group = element("kwd-group", kwd_group_type="author", lang=abstract["lang"])
            group.append(element("title", known(abstract.get("keywords-label"))))
            group.extend(element("kwd", word) for word in words if word)
            groups.append(group)
    return groups


def complete_abstracts(article_meta, lang: str) -> None:
    """The edition's abstract stays `abstract`; the others become `trans-abstract`, text in <p>."""
    for abstract in article_meta.findall("abstract"):
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


def label_captions(root) -> None:
    """Move "Table 1" out of "Table 1. Caption" into the element's <label>."""
    for wrapper in root.iter("table-wrap", "fig"):
        paragraph = wrapper.find("caption/p")
        match = LABELLED.match(paragraph.text or "") if paragraph is not None else None
        if match:
            paragraph.text = match["caption"]
            wrapper.insert(0, element("label", " ".join(match["label"].split())))


def complete(xml: bytes, meta: dict) -> bytes:
    """pandoc's JATS of an edition, completed with what `meta` (its front matter) holds."""
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=False))
    lang = root.get(XML_LANG)
    front = root.find("front")
    front.insert(0, journal_meta(meta.get("journal") or {}))
    article_meta = front.find("article-meta")
    doi = known((meta.get("journal") or {}).get("doi"))
    if doi:
        article_meta.insert(0, element("article-id", doi, pub_id_type="doi"))
    titles = article_meta.find("title-group")
    after_titles = [*contributors(meta), *publication(meta)]
    for offset, new in enumerate(after_titles, start=1):
        article_meta.insert(article_meta.index(titles) + offset, new)
    complete_abstracts(article_meta, lang)
    article_meta.extend(keyword_groups(meta))
    label_captions(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype=DOCTYPE) + b"\n"
