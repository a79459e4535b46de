"""Unit tests for scripts/article/jats.py: what it adds to pandoc's JATS and what it leaves out."""

from lxml import etree

from scripts.article import jats

XML_LANG = jats.XML_LANG
PANDOC_JATS = b"""<?xml version="1.0" encoding="utf-8" ?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.3" xml:lang="id">
<front><article-meta>
<title-group><article-title xml:lang="id">Judul</article-title></title-group>
<abstract xml:lang="en">An <italic>abstract</italic>.</abstract>
<abstract xml:lang="id">Abstrak.</abstract>
</article-meta></front>
<body>
<table-wrap><caption><p>Tabel 1. Temuan
utama</p></caption><table/></table-wrap>
<fig><caption><p>Gambar 2. Sebaran usia</p></caption><graphic xlink:href="figures/a.png"/></fig>
</body><back/></article>
"""
META = {
    "date-year": 2026, "date-month": 3, "date-day": 5,
    "journal": {"name": "Jurnal Humas", "volume": "[placeholder: volume]", "issue": "2", "doi": "10.1234/x"},
    "authors": [
        {"name": "Ani Lestari", "email": "ani@example.org", "corresponding": True, "marks": "1,2"},
        {"name": "[placeholder: second author]", "email": "", "marks": "1"},
    ],
    "affiliations": [{"mark": "1", "name": "Universitas A"}, {"mark": "2", "name": "[placeholder: affiliation]"}],
    "abstracts": [
        {"lang": "en", "keywords-label": "Keywords", "keyword-list": ["one", "two; three"]},
        {"lang": "id", "keywords-label": "Kata kunci", "keyword-list": ["[placeholder: kata]"]},
    ],
}


def completed(meta=META):
    return etree.fromstring(jats.complete(PANDOC_JATS, meta))


def test_doctype_is_jats_1_3_publishing():
    tree = etree.ElementTree(etree.fromstring(jats.complete(PANDOC_JATS, META))).getroot().getroottree()
    assert "Journal Publishing DTD v1.3" in tree.docinfo.doctype


def test_article_meta_in_dtd_order_with_only_known_fields():
    meta = completed().find("front/article-meta")
    assert [child.tag for child in meta] == ["article-id", "title-group", "contrib-group", "aff", "pub-date", "issue",
                                             "trans-abstract", "abstract", "kwd-group"]
    assert meta.findtext("article-id") == "10.1234/x"
    assert completed().findtext("front/journal-meta/journal-title-group/journal-title") == "Jurnal Humas"


def test_authors_with_placeholders_are_left_out_and_links_follow():
    meta = completed().find("front/article-meta")
    [contrib] = meta.findall("contrib-group/contrib")
    assert contrib.findtext("string-name") == "Ani Lestari" and contrib.get("corresp") == "yes"
    assert [x.get("rid") for x in contrib.findall("xref")] == ["aff1"]
    [aff] = meta.findall("aff")
    assert (aff.get("id"), aff.findtext("institution")) == ("aff1", "Universitas A")
    assert b"placeholder" not in etree.tostring(meta)


def test_no_contrib_group_while_every_author_is_a_placeholder():
    meta = dict(META, authors=[{"name": "[placeholder: author]", "marks": "1"}])
    assert completed(meta).find("front/article-meta/contrib-group") is None


def test_abstracts_get_paragraphs_and_the_others_become_trans_abstract():
    meta = completed().find("front/article-meta")
    assert meta.find("abstract").get(XML_LANG) == "id" and meta.findtext("abstract/p") == "Abstrak."
    trans = meta.find("trans-abstract")
    assert trans.get(XML_LANG) == "en" and "".join(trans.find("p").itertext()) == "An abstract."


def test_one_kwd_group_per_language_with_known_keywords():
    [group] = completed().findall("front/article-meta/kwd-group")
    assert group.get(XML_LANG) == "en" and [k.text for k in group.findall("kwd")] == ["one", "two; three"]


def test_table_and_figure_labels_are_split_from_the_caption():
    root = completed()
    assert root.findtext("body/table-wrap/label") == "Tabel 1"
    assert root.findtext("body/table-wrap/caption/p") == "Temuan\nutama"
    assert root.findtext("body/fig/label") == "Gambar 2" and root.findtext("body/fig/caption/p") == "Sebaran usia"


def test_publication_date_from_the_build_date():
    date = completed().find("front/article-meta/pub-date")
    assert date.get("iso-8601-date") == "2026-03-05" and [date.findtext(t) for t in ("day", "month", "year")] == ["05", "03", "2026"]
