"""Both editions' JATS, built with complete (made-up) metadata, against the validators journals and
archives run: the NISO JATS 1.3 Journal Publishing DTD (lxml) and the JATS4R schematrons' errors
and warnings phases (XSLT 3 through saxonche). The validators are not ours: they lie in
../shared/validators beside the repository (its README says where each came from); without
them the test fails and says so, it never skips. A checkout elsewhere (a git worktree) names the
folder in SHARED_VALIDATORS.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from lxml import etree

from tests.conftest import REPO, closing_block, copy_repo, snakemake

pytestmark = pytest.mark.integration

VALIDATORS = Path(os.environ.get("SHARED_VALIDATORS") or REPO.parent / "shared" / "validators")
DTD = VALIDATORS / "jats-1.3-dtd" / "JATS-journalpublishing1-3.dtd"
JATS4R = {phase: VALIDATORS / "jats4r" / f"jats4r-{phase}.xsl" for phase in ("errors", "warnings")}
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
LANGS = ("id", "en")
# The warnings each edition keeps, explained in README "JATS": the study's references give
# author and year alone, so they are @misc entries (publication-type "other") and one is a
# guide with no author; the website the study cites is known by its address alone.
EXPECTED_WARNINGS = {
    'publication-type="other"': 10,
    "should always have a child <person-group>": 1,
    "A URI is not descriptive link text": 1,
}

# Made-up facts, for the test alone: no real journal, ISSN (0000-0019 and 0000-0027 are
# ISSN-valid check digits of no journal), DOI prefix (10.5555 is the test prefix) or person.
PROFILE = {
    "journal": {
        "name": "Jurnal Contoh Komunikasi",
        "abbrev": "J. Contoh Komun.",
        "issn": [{"number": "0000-0019", "type": "print"}, {"number": "0000-0027", "type": "electronic"}],
        "publisher": "Penerbit Contoh",
        "license": {
            "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        },
    }
}
ARTICLE = {
    "subject": {"id": "Artikel Penelitian", "en": "Research Article"},
    "authors": [
        {
            "name": "Ani Contoh",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "affiliations": [1],
            "email": "ani@example.org",
            "corresponding": True,
        },
        {"name": "Budi Misal", "affiliations": [1, 2]},
    ],
    "affiliations": [{"id": 1, "name": "Universitas Contoh"}, {"id": 2, "name": "Institut Misal"}],
    "journal": {"volume": "7", "issue": "2", "year": "2026", "doi": "10.5555/contoh.2026.7.2.e12", "elocation": "e12"},
}


def complete_metadata(repo: Path) -> None:
    """Fill every placeholder of the repository copy's metadata and journal profile (its facts; its style stays)."""
    profile_path = repo / "journals" / "default" / "profile.yaml"
    profile = {**yaml.safe_load(profile_path.read_text(encoding="utf-8")), **PROFILE}
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = repo / "manuscript" / "metadata.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta.update(ARTICLE)
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def count_cites(node) -> int:
    """The Cite elements in pandoc's JSON: each citation of the text."""
    if isinstance(node, list):
        return sum(map(count_cites, node))
    if isinstance(node, dict):
        return (node.get("t") == "Cite") + count_cites(node.get("c"))
    return 0


def validators() -> list[Path]:
    return [DTD, *JATS4R.values()]


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> Path:
    absent = [str(path) for path in validators() if not path.is_file()]
    assert not absent, (
        f"validators not found: {', '.join(absent)}; copy the shared validators folder beside "
        f"the repository as {VALIDATORS} (CI does), or name it in SHARED_VALIDATORS"
    )
    repo = copy_repo(tmp_path_factory.mktemp("jats") / "repo")
    complete_metadata(repo)
    result = snakemake(repo, *(f"build/{lang}/article.xml" for lang in LANGS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[jats-incomplete]" not in result.stdout + result.stderr
    return repo


def jats4r(xml: Path) -> dict[str, list[tuple[str, str]]]:
    """(role, message) of every assertion that fails or report that fires, by phase."""
    from saxonche import PySaxonProcessor

    text = etree.tostring(etree.parse(str(xml)).getroot(), encoding="unicode")  # the DOCTYPE dropped
    found = {}
    with PySaxonProcessor(license=False) as processor:
        for phase, stylesheet in JATS4R.items():
            compiled = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(stylesheet))
            report = compiled.transform_to_string(xdm_node=processor.parse_xml(xml_text=text))
            assert report, f"{stylesheet.name} wrote no report for {xml}"
            svrl = etree.fromstring(report.encode("utf-8"))
            assert svrl.tag == f"{SVRL}schematron-output", f"{stylesheet.name}: not an SVRL report"
            hits = svrl.findall(f".//{SVRL}failed-assert") + svrl.findall(f".//{SVRL}successful-report")
            found[phase] = [(hit.get("role"), " ".join("".join(hit.itertext()).split())) for hit in hits]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_jats_is_valid_against_the_journal_publishing_dtd(complete, lang):
    doc = etree.parse(str(complete / "build" / lang / "article.xml"))
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(doc), "\n".join(f"{e.line}: {e.message}" for e in dtd.error_log.filter_from_errors())


@pytest.mark.parametrize("lang", LANGS)
def test_jats4r_finds_no_error_and_only_the_explained_warnings(complete, lang):
    found = jats4r(complete / "build" / lang / "article.xml")
    everything = found["errors"] + found["warnings"]
    assert [message for role, message in everything if role == "error"] == []
    warnings = [message for role, message in everything if role != "error"]
    counts = {pattern: sum(pattern in message for message in warnings) for pattern in EXPECTED_WARNINGS}
    assert counts == EXPECTED_WARNINGS and len(warnings) == sum(EXPECTED_WARNINGS.values()), warnings


@pytest.mark.parametrize("lang", LANGS)
def test_every_citation_table_and_figure_is_cross_linked(complete, lang):
    root = etree.parse(str(complete / "build" / lang / "article.xml")).getroot()
    ids = {node.get("id") for node in root.iter() if node.get("id")}
    cites = root.findall(".//body//xref[@ref-type='bibr']")
    edition = json.loads((complete / "build" / lang / "article.json").read_text(encoding="utf-8"))
    assert len(cites) == count_cites(edition["blocks"]) > 0
    assert all(set(x.get("rid").split()) <= ids for x in cites)
    for tag, kind in (("table-wrap", "table"), ("fig", "fig")):
        wrappers = root.findall(f".//{tag}")
        assert wrappers and all(w.get("id") for w in wrappers)
        linked = {x.get("rid") for x in root.findall(f".//xref[@ref-type='{kind}']")}
        assert linked == {w.get("id") for w in wrappers}
    assert root.find(".//named-content[@content-type='nocase']") is None
    assert root.find(".//td[@rowspan]") is not None
    assert root.findtext(".//ref[@id='ref-tangerangkota2022']//collab") == "tangerangkota.go.id"


def test_placeholder_metadata_still_writes_the_jats_and_warns_once(built):
    result = snakemake(built)  # nothing to do: the closing block lists the findings of the build
    assert result.returncode == 0, result.stdout + result.stderr
    incomplete = [line for line in closing_block(result.stdout + result.stderr) if "[jats-incomplete]" in line]
    assert len(incomplete) == 1 and "journal.issn" in incomplete[0] and "journal.license" in incomplete[0]
    for lang in LANGS:
        assert etree.parse(str(built / "build" / lang / "article.xml")).find("front/article-meta") is not None


def test_the_journal_named_on_the_command_line_supplies_the_journal_facts(complete):
    other = {"extends": "default", "journal": {**PROFILE["journal"], "name": "Jurnal Lain", "abbrev": "J. Lain"}}
    folder = complete / "journals" / "lain"
    folder.mkdir()
    (folder / "profile.yaml").write_text(yaml.safe_dump(other, allow_unicode=True), encoding="utf-8")
    try:
        result = snakemake(complete, "build/en/article.xml", "--config", "journal=lain")
        assert result.returncode == 0, result.stdout + result.stderr
        root = etree.parse(str(complete / "build" / "en" / "article.xml")).getroot()
        assert root.findtext("front/journal-meta/journal-title-group/journal-title") == "Jurnal Lain"
        missing = snakemake(complete, "build/en/article.xml", "--config", "journal=nowhere")
        assert missing.returncode != 0
        assert (
            "config.yaml: error [journal-extends] journal 'nowhere' has no profile journals/nowhere/profile.yaml"
            in missing.stdout + missing.stderr
        )
    finally:  # the other tests of the module read the default journal's build
        assert snakemake(complete, "build/en/article.xml").returncode == 0
