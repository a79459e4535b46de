"""Unit tests for scripts/article/jats.py: what it adds to pandoc's JATS and what it leaves out."""

from lxml import etree

from scripts.article import jats

XML_LANG = jats.XML_LANG
PANDOC_JATS = """<?xml version="1.0" encoding="utf-8" ?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.3" xml:lang="id">
<front><article-meta>
<title-group><article-title xml:lang="id">Judul</article-title></title-group>
<abstract xml:lang="en">An <italic>abstract</italic>.</abstract>
<abstract xml:lang="id">Abstrak.</abstract>
</article-meta></front>
<body>
<p>Lihat Tabel 1 dan Gambar 2; <italic>Tabel 1</italic> lagi, bukan Tabel 10.</p>
<table-wrap><caption><p>Tabel 1. Temuan
utama</p></caption><table/></table-wrap>
<fig><caption><p>Gambar 2. Sebaran usia</p></caption><graphic xlink:href="figures/a.png"/></fig>
</body><back><ref-list>
<ref id="ref-site"><element-citation publication-type="webpage"><person-group person-group-type="author">
<string-name>example.go.id</string-name></person-group><uri>https://example.go.id</uri></element-citation></ref>
<ref id="ref-misc"><element-citation><person-group person-group-type="author"><name><surname>A</surname></name>
</person-group></element-citation></ref>
</ref-list></back></article>
""".encode()
META = {
    "date-year": 2026,
    "date-month": 3,
    "date-day": 5,
    "subject": "Artikel Penelitian",
    "journal": {
        "name": "Jurnal Humas",
        "volume": "[placeholder: volume]",
        "issue": "2",
        "doi": "10.1234/x",
        "elocation": "e7",
        "issn": [{"number": "0000-0019", "type": "print"}],
        "publisher": "Penerbit",
        "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    },
    "authors": [
        {
            "name": "Ani Lestari",
            "email": "ani@example.org",
            "corresponding": True,
            "marks": "1,2",
            "orcid": "0000-0002-1825-0097",
        },
        {"name": "[placeholder: second author]", "email": "", "marks": "1"},
    ],
    "affiliations": [{"mark": "1", "name": "Universitas A"}, {"mark": "2", "name": "[placeholder: affiliation]"}],
    "abstracts": [
        {"lang": "en", "keywords-label": "Keywords", "keyword-list": ["one", "two; three"]},
        {"lang": "id", "keywords-label": "Kata kunci", "keyword-list": ["[placeholder: kata]"]},
    ],
}


def completed(meta=META):
    return etree.fromstring(jats.complete(PANDOC_JATS, meta, {"site": "online", "misc": "misc"}))


def test_doctype_is_jats_1_3_publishing():
    tree = etree.ElementTree(etree.fromstring(jats.complete(PANDOC_JATS, META))).getroot().getroottree()
    assert "Journal Publishing DTD v1.3" in tree.docinfo.doctype


def test_article_meta_in_dtd_order_with_only_known_fields():
    meta = completed().find("front/article-meta")
    assert [child.tag for child in meta] == [
        "article-id",
        "article-categories",
        "title-group",
        "contrib-group",
        "pub-date",
        "issue",
        "elocation-id",
        "permissions",
        "abstract",
        "trans-abstract",
        "kwd-group",
    ]
    assert meta.findtext("article-id") == "10.1234/x"
    assert meta.findtext("article-categories/subj-group/subject") == "Artikel Penelitian"
    license_ = meta.find("permissions/license")
    assert license_.get(f"{{{jats.XLINK}}}href") == "https://creativecommons.org/licenses/by/4.0/"
    assert license_.findtext("license-p") == "CC BY 4.0"


def test_journal_meta_from_the_profile_facts():
    journal = completed().find("front/journal-meta")
    assert [child.tag for child in journal] == ["journal-id", "journal-title-group", "issn", "publisher"]
    assert journal.findtext("journal-title-group/journal-title") == "Jurnal Humas"
    assert journal.find("issn").get("publication-format") == "print" and journal.findtext("issn") == "0000-0019"
    assert journal.findtext("publisher/publisher-name") == "Penerbit"


def test_missing_names_what_validation_needs():
    assert jats.missing(META) == ["journal.volume", "authors", "affiliations"]


def test_authors_with_placeholders_are_left_out_and_links_follow():
    meta = completed().find("front/article-meta")
    [contrib] = meta.findall("contrib-group/contrib")
    assert contrib.findtext("string-name") == "Ani Lestari" and contrib.get("corresp") == "yes"
    assert contrib.findtext("contrib-id[@contrib-id-type='orcid']") == "https://orcid.org/0000-0002-1825-0097"
    assert [aff.findtext("institution") for aff in contrib.findall("aff")] == ["Universitas A"]
    assert b"placeholder" not in etree.tostring(meta)


def test_no_contrib_group_while_every_author_is_a_placeholder():
    meta = dict(META, authors=[{"name": "[placeholder: author]", "marks": "1"}])
    assert completed(meta).find("front/article-meta/contrib-group") is None


def test_abstracts_get_paragraphs_the_editions_first_and_the_others_become_trans_abstract():
    meta = completed().find("front/article-meta")
    assert meta.find("abstract").get(XML_LANG) == "id" and meta.findtext("abstract/p") == "Abstrak."
    trans = meta.find("trans-abstract")
    assert trans.get(XML_LANG) == "en" and "".join(trans.find("p").itertext()) == "An abstract."


def test_one_kwd_group_per_language_with_known_keywords():
    [group] = completed().findall("front/article-meta/kwd-group")
    assert group.get(XML_LANG) == "en" and [k.text for k in group.findall("kwd")] == ["one", "two; three"]


def test_the_editions_own_kwd_group_inherits_the_article_language():
    meta = dict(META, abstracts=[{"lang": "id", "keywords-label": "Kata kunci", "keyword-list": ["satu"]}])
    [group] = completed(meta).findall("front/article-meta/kwd-group")
    assert group.get(XML_LANG) is None


def test_table_and_figure_labels_are_split_from_the_caption():
    root = completed()
    assert root.find("body/table-wrap").get("id") == "tbl1" and root.find("body/fig").get("id") == "fig1"
    assert root.findtext("body/table-wrap/label") == "Tabel 1"
    assert root.findtext("body/table-wrap/caption/p") == "Temuan\nutama"
    assert root.findtext("body/fig/label") == "Gambar 2" and root.findtext("body/fig/caption/p") == "Sebaran usia"


def test_the_issue_year_is_a_collection_date():
    meta = dict(META, journal={**META["journal"], "year": "2027"})
    [date] = completed(meta).findall("front/article-meta/pub-date[@date-type='collection']")
    assert date.findtext("year") == "2027"


def test_publication_date_from_the_build_date():
    date = completed().find("front/article-meta/pub-date")
    assert date.get("iso-8601-date") == "2026-03-05" and [date.findtext(t) for t in ("day", "month", "year")] == [
        "05",
        "03",
        "2026",
    ]


def test_callouts_link_to_their_table_or_figure_and_no_other_number():
    paragraph = completed().find("body/p")
    assert [(x.get("ref-type"), x.get("rid"), x.text) for x in paragraph.iter("xref")] == [
        ("table", "tbl1", "Tabel\u00a01"),
        ("fig", "fig1", "Gambar\u00a02"),
        ("table", "tbl1", "Tabel\u00a01"),
    ]
    text = "Lihat Tabel\u00a01 dan Gambar\u00a02; Tabel\u00a01 lagi, bukan Tabel\u00a010."
    assert "".join(paragraph.itertext()) == text


def test_references_get_their_publication_type_collab_and_link_text():
    refs = completed().findall("back/ref-list/ref/element-citation")
    assert [ref.get("publication-type") for ref in refs] == ["webpage", "other"]
    assert refs[0].findtext("person-group/collab") == "example.go.id" and refs[0].find(".//string-name") is None
    uri = refs[0].find("uri")
    assert uri.get(f"{{{jats.XLINK}}}href") == "https://example.go.id" and uri.get(f"{{{jats.XLINK}}}title")


def test_an_orcid_the_page_leaves_out_stays_in_the_jats():
    author = {**META["authors"][0], "orcid": "", "orcid-id": "0000-0002-1825-0097"}  # front_matter.orcid: false
    meta = completed({**META, "authors": [author]}).find("front/article-meta")
    assert meta.findtext("contrib-group/contrib/contrib-id[@contrib-id-type='orcid']") == (
        "https://orcid.org/0000-0002-1825-0097"
    )
