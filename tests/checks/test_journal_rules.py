"""The journal's limits (scripts/checks/journal_rules.py), each check on made-up data: at the
edges of its range, with the place it reports and the profile line that sets the limit."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from scripts.checks import journal_rules as rules
from scripts.checks.journal_rules import Edition, Journal, Place
from scripts.core.errors import ERROR, WARNING, escalated

BY = Journal("sinta", {"limits.abstract_words": ["journals/sinta/profile.yaml", 57], "sections": ["x.yaml", 3]})
AT = Place("manuscript/metadata.yaml", 42)


def text(n: int) -> str:
    return " ".join(["kata"] * n)


def test_words_count_as_a_reader_counts_them():
    assert rules.words("A well-known study, 12.5% of 1,200 users — didn't.") == 8
    assert rules.words("") == 0


@pytest.mark.parametrize(
    "limit,shown", [({"min": 150, "max": 250}, "150-250"), ({"min": 3}, "at least 3"), ({"max": 20}, "at most 20")]
)
def test_allowed_says_the_range(limit, shown):
    assert rules.allowed(limit) == shown


@pytest.mark.parametrize("words,reported", [(149, True), (150, False), (250, False), (251, True), (400, True)])
def test_abstract_words_at_the_edges_of_the_range(words, reported):
    found = rules.abstract_words({"en": (text(words), AT)}, {"abstract_words": {"min": 150, "max": 250}}, BY)
    assert bool(found) == reported
    if reported:
        [f] = found
        assert str(f) == (
            f"manuscript/metadata.yaml:42: warning [journal-abstract-words] the en abstract has {words} words; "
            "journal 'sinta' (journals/sinta/profile.yaml:57) allows 150-250"
        )


def test_no_limit_no_finding():
    assert rules.abstract_words({"en": (text(1000), AT)}, {}, BY) == []
    assert rules.reference_age({"en": ([1900], AT)}, 2026, {}, BY) == []


def test_a_limit_set_higher_up_the_chain_is_named_at_its_nearest_known_key():
    by = Journal("child", {"limits": ["journals/base/profile.yaml", 9]})
    [f] = rules.title_words({"id": (text(21), AT)}, {"title_words": {"max": 20}}, by)
    assert f.message == "the id title has 21 words; journal 'child' (journals/base/profile.yaml:9) allows at most 20"


def test_each_language_is_checked_at_its_own_place():
    found = rules.keyword_count(
        {"id": (["a", "b"], Place("m.yaml", 5)), "en": (["a", "b", "c"], Place("m.yaml", 8))},
        {"keywords": {"min": 3, "max": 5}},
        BY,
    )
    assert [(f.line, f.rule, f.message.split(";")[0]) for f in found] == [
        (5, "journal-keywords", "the id keywords are 2")
    ]


@pytest.mark.parametrize(
    "check,key,rule",
    [
        (rules.total_words, "total_words", "journal-total-words"),
        (rules.table_count, "tables", "journal-tables"),
        (rules.figure_count, "figures", "journal-figures"),
        (rules.reference_count, "references", "journal-references"),
    ],
)
def test_each_count_limit_is_its_own_rule_and_edges_pass(check, key, rule):
    limits = {key: {"min": 2, "max": 4}}
    at = Place("manuscript/en/introduction.md")
    assert check({"en": (2, at)}, limits, BY) == [] and check({"en": (4, at)}, limits, BY) == []
    [low] = check({"en": (1, at)}, limits, BY)
    [high] = check({"en": (5, at)}, limits, BY)
    assert (low.rule, low.severity, low.file, low.line) == (rule, WARNING, "manuscript/en/introduction.md", None)
    assert "allows 2-4" in high.message


def test_reference_age_share_at_its_edge_and_undated_references_count_as_old():
    limits = {"reference_age": {"max_years": 10, "min_share": 0.8}}
    at = Place("bib/references.bib")
    recent = [2016, 2020, 2022, 2024]  # 2016 is exactly 10 years before 2026: recent
    assert rules.reference_age({"en": ([*recent, 2010], at)}, 2026, limits, BY) == []  # 4 of 5: 80 %
    [f] = rules.reference_age({"en": ([*recent, 2015, None], at)}, 2026, limits, BY)
    assert f.rule == "journal-reference-age"
    assert f.message.startswith("4 of the en edition's 6 references (67%) are at most 10 years old in 2026")
    assert rules.reference_age({"en": ([], at)}, 2026, limits, BY) == []


def test_sections_missing_and_out_of_order_at_the_config_line():
    wanted = {"introduction": {}, "method": {}, "results": {}, "conclusion": {}}
    at = Place("config.yaml", 12)
    [missing] = rules.sections_missing(["introduction", "results", "conclusion"], wanted, at, BY)
    assert str(missing) == (
        "config.yaml:12: warning [journal-sections-missing] sections lacks method, which journal 'sinta' "
        "(x.yaml:3) requires"
    )
    assert rules.sections_order(["introduction", "results", "conclusion"], wanted, at, BY) == []
    [order] = rules.sections_order(["introduction", "conclusion", "extra", "method", "results"], wanted, at, BY)
    assert order.rule == "journal-sections-order" and "orders them introduction, method, results, conclusion" in (
        order.message
    )
    assert rules.sections_missing(["introduction"], {}, at, BY) == []


def test_an_edition_is_read_from_its_section_files_with_its_values():
    intro = "# Intro\n\nThe {{count.words}} accounts [@doe2020; @roe2021, p. 3] in @tbl:findings.\n"
    results = (
        '# Results\n\n{{table:findings}}\n\n{{figure:age}}\n\n![A chart](x.png){fig-alt="x"}\n\n```\ncode words\n```\n'
    )
    edition = rules.read_edition([intro, results], {"count.words": "seven"})
    assert edition == Edition(words=8, tables=1, figures=2, cited=["doe2020", "roe2021"])


def test_a_final_build_makes_every_limit_an_error():
    [f] = rules.abstract_words({"en": (text(400), AT)}, {"abstract_words": {"max": 250}}, BY)
    [final] = escalated([f], final=True)
    assert final.severity == ERROR and final.rule == "journal-abstract-words"
    assert escalated([f], final=False) == [f]


def test_check_reads_every_edition_and_the_metadata_lines(tmp_path):
    limits = {"limits": {"abstract_words": {"max": 5}, "references": {"min": 2}}}
    meta = {"title": {"en": "T"}, "abstract": {"en": text(6), "id": text(3)}, "keywords": {"en": ["a"]}}
    lines = {("abstract", "en"): 7, ("abstract",): 5}
    editions = {
        "id": (Edition(10, 0, 0, ["a", "b"]), "manuscript/id/introduction.md"),
        "en": (Edition(10, 0, 0, ["a", "zzz"]), "manuscript/en/introduction.md"),
    }
    found = rules.check(
        limits,
        {"sections": None},
        {"profile": "sinta", "at": {}},
        meta,
        lines,
        editions,
        {"a": 2020, "b": 2021},
        ["x"],
        3,
        dt.date(2026, 1, 1),
    )
    assert [(f.file, f.line, f.rule) for f in found] == [
        ("manuscript/metadata.yaml", 7, "journal-abstract-words"),
        ("bib/references.bib", None, "journal-references"),
    ]
    assert "the en edition lists 1 references" in found[1].message  # a key the bibliography lacks is not listed
    assert json.dumps([f.as_dict() for f in found])  # the report's JSON holds them
