"""The prose rules of scripts/checks/prose.py, each on made-up text, and the edition check running them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scripts.checks import prose
from scripts.checks.edition_check import main as edition_check
from scripts.core.errors import run_cli

REPO = Path(__file__).resolve().parents[2]
US_WORDS = {"spelling": "us", "numbers": "words-under-ten"}


def rules(findings) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in findings]


def test_secondary_citation_joined_with_and_is_reported_where_it_stands():
    text = "Intro.\n\nAs defined [Doe, Roe, and Poe, as cited in @key2020], and [Doe & Roe, as cited in @key2020].\n"
    found = prose.secondary_and("x.md", text, "and", "as cited in")
    assert rules(found) == [("secondary-citation-and", 3, 23)]
    assert found[0].severity == "warning" and "'&'" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "[Doe & Roe, dalam @key2020]",  # the ampersand APA wants
        "[lihat Doe dan Roe @key2020]",  # no secondary marker: a primary citation's prefix
        "Doe dan Roe (dalam Poe, 2020) menulis",  # narrative prose, not a bracketed citation
    ],
)
def test_secondary_citation_without_the_joining_word_is_clean(text):
    assert prose.secondary_and("x.md", text, "dan", "dalam") == []


def test_spelling_of_the_other_variety_is_reported_in_either_direction():
    pairs = {"organisation": "organization", "summarised": "summarized"}
    text = "The Organisation summarized it [@organisation2020].\n\n```\norganisation\n```\n"
    assert rules(prose.spelling_variety("x.md", text, pairs, "us")) == [("spelling-variety", 1, 5)]
    assert rules(prose.spelling_variety("x.md", text, pairs, "british")) == [("spelling-variety", 1, 18)]
    with pytest.raises(ValueError):
        prose.spelling_variety("x.md", text, pairs, "australian")


def test_numerals_under_ten_before_a_counted_noun_are_reported_where_they_stand():
    nouns = prose.counted_nouns({"count_nouns": {"count.sources": {"one": "source", "other": "sources"}, "x": "akun"}})
    assert nouns == ["source", "sources", "akun"]
    text = "From 3 sources and 1\u00a0source, 12 sources, 2.5 sources, 7 Cs, 4 akun.\n\n```\n5 sources\n```\n"
    found = prose.numerals_under_ten("x.md", text, nouns)
    assert rules(found) == [("numeral-under-ten", 1, 6), ("numeral-under-ten", 1, 20), ("numeral-under-ten", 1, 61)]
    assert found[0].severity == "warning" and "'3 sources'" in found[0].message
    assert prose.numerals_under_ten("x.md", text, []) == []


def test_the_journal_typesetting_decides_the_spelling_variety_and_the_number_check():
    strings = {"en": {"count_nouns": {"count.sources": {"one": "source", "other": "sources"}}}}
    texts = {"en": {"results": "The organization used 3 sources.\n"}}
    spelling = {"pairs": {"organisation": "organization"}}
    own = {"results": "en/results.md"}
    checked = {
        (spelling_variety, numbers): sorted(
            f.rule
            for f in prose.check_edition(
                "en", own, texts, strings, spelling, {"spelling": spelling_variety, "numbers": numbers}
            )
        )
        for spelling_variety in ("us", "british")
        for numbers in ("words-under-ten", "numerals")
    }
    assert checked == {
        ("us", "words-under-ten"): ["numeral-under-ten"],
        ("us", "numerals"): [],
        ("british", "words-under-ten"): ["numeral-under-ten", "spelling-variety"],
        ("british", "numerals"): ["spelling-variety"],
    }


def test_glossed_term_of_the_other_language_must_be_italic():
    other = "Informasi tentang cabang olahraga (cabor) dan venue."
    upright = "Information on sports (cabang olahraga, cabor) and (venue)."
    assert rules(prose.foreign_upright("en.md", upright, other, [], ["venue"])) == [
        ("foreign-term-upright", 1, 24),
        ("foreign-term-upright", 1, 41),
    ]
    italic = "Information on sports (*cabang olahraga*, *cabor*) and (venue)."
    assert prose.foreign_upright("en.md", italic, other, [], ["venue"]) == []
    listed = prose.foreign_upright("en.md", upright, other, ["cabang olahraga", "cabor"], ["venue"])
    assert listed == []


def test_glosses_that_are_names_or_absent_from_the_other_edition_are_clean():
    other = "Pekan Olahraga Provinsi (Porprov) berlangsung di kota itu."
    text = "The Provincial Sports Week (Pekan Olahraga Provinsi, Porprov) took place (in the city)."
    assert prose.foreign_upright("en.md", text, other, [], []) == []


def test_the_repository_editions_are_clean_of_every_prose_rule():
    strings = {
        lang: yaml.safe_load((REPO / f"templates/i18n/{lang}.yaml").read_text(encoding="utf-8"))
        for lang in ("id", "en")
    }
    spelling = yaml.safe_load((REPO / "templates/spelling/en.yaml").read_text(encoding="utf-8"))
    sections = ("introduction", "method", "results", "conclusion")
    texts = {
        lang: {s: (REPO / f"manuscript/{lang}/{s}.md").read_text(encoding="utf-8") for s in sections}
        for lang in ("id", "en")
    }
    for lang in ("id", "en"):
        own = {s: f"manuscript/{lang}/{s}.md" for s in sections}
        assert prose.check_edition(lang, own, texts, strings, spelling if lang == "en" else None, US_WORDS) == []


def test_edition_check_reports_prose_findings_as_warnings(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)  # the language strings and spelling lists are read from the repository
    root = tmp_path / "manuscript"
    for lang, text in (
        ("id", "Organisasi itu [Doe dan Roe, dalam @key2020].\n"),
        ("en", "The organisation [Doe & Roe, as cited in @key2020].\n"),
    ):
        (root / lang).mkdir(parents=True)
        (root / lang / "results.md").write_text(text, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("languages: [id, en]\nsections: [results]\n", encoding="utf-8")
    typesetting = tmp_path / "typesetting.json"
    typesetting.write_text(json.dumps({"typesetting": US_WORDS, "profile": "default"}), encoding="utf-8")
    arguments = ["--config", str(config), "--typesetting", str(typesetting), str(root)]
    assert run_cli(edition_check, arguments) == 0  # warnings do not fail the build
    err = capsys.readouterr().err
    assert f"{root}/id/results.md:1:21: warning [secondary-citation-and]" in err
    assert f"{root}/en/results.md:1:5: warning [spelling-variety] 'organisation' is British spelling" in err
