"""scripts.checks.citation_check: each rule triggered and not triggered, the CLI's output, exit
codes, JSON report and severity overrides. Real pandoc and bibtexparser, files in tmp_path."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.checks.citation_check import infer_lang, main
from scripts.checks.citations.rules import RULE_IDS, RULES, foreign_locator_pattern
from scripts.core.errors import run_cli

ROOT = Path(__file__).resolve().parents[2]
LINE_FORMAT = re.compile(
    r"^[^\s:][^:]*:\d+(:\d+)?: (error|warning) \[[a-z-]+\] \S.*$|^[^\s:][^:]*: (error|warning) \[[a-z-]+\] \S.*$"
)

CLEAN_BIB = """\
@article{smith2020,
  author = {Smith, John},
  title = {Social Media in Local Government},
  journaltitle = {Journal of Public Relations},
  year = {2020},
  doi = {10.1234/jpr.2020.1},
  url = {https://example.org/articles/1},
}

@book{cutlip2006,
  author = {Cutlip, Scott M. and Center, Allen H. and Broom, Glen M.},
  title = {Effective Public Relations},
  publisher = {Pearson},
  year = {2006},
}
"""

CLEAN_ID = "Menurut @smith2020 [hlm. 4], komunikasi publik berubah [@cutlip2006, hlm. 12].\n"
CLEAN_EN = "According to @smith2020 [p. 4], public communication changed [@cutlip2006, pp. 12-13].\n"


# The project's own strings files: their page_locators drive the foreign-locator rule.
STRINGS_ARGS = [
    arg for lang in ("id", "en") for arg in ("--strings", str(ROOT / "templates" / "i18n" / f"{lang}.yaml"))
]


def check(
    tmp_path, bib=CLEAN_BIB, md=CLEAN_ID, lang="id", config=None, extra=(), bib_bytes=None, md_bytes=None, capsys=None
):
    """Run the checker in-process; returns (exit code, findings from the JSON report, stderr)."""
    bib_path = tmp_path / "references.bib"
    if bib_bytes is not None:
        bib_path.write_bytes(bib_bytes)
    else:
        bib_path.write_text(bib, encoding="utf-8")
    md_path = tmp_path / "manuscript" / lang / "intro.md"
    md_path.parent.mkdir(parents=True, exist_ok=True)
    if md_bytes is not None:
        md_path.write_bytes(md_bytes)
    else:
        md_path.write_text(md, encoding="utf-8")
    config_path = tmp_path / "config.yaml"
    config_path.write_text(config or "citation_severity: {}\n", encoding="utf-8")
    report = tmp_path / "report.json"
    argv = [
        "--bib",
        str(bib_path),
        "--config",
        str(config_path),
        "--json",
        str(report),
        *STRINGS_ARGS,
        *extra,
        str(md_path),
    ]
    code = run_cli(main, argv)
    err = capsys.readouterr().err if capsys else ""
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"] if report.exists() else []
    return code, findings, err


def rules_of(findings) -> list[str]:
    return [f["rule"] for f in findings]


def test_clean_edition_has_no_findings(tmp_path, capsys):
    code, findings, err = check(tmp_path, capsys=capsys)
    assert (code, findings, err) == (0, [], "")


def test_clean_english_edition_has_no_findings(tmp_path, capsys):
    code, findings, _ = check(tmp_path, md=CLEAN_EN, lang="en", capsys=capsys)
    assert (code, findings) == (0, [])


# --------------------------------------------------------------------------- one rule at a time

# rule id -> (bib, markdown, lang) that trigger it; CLEAN_BIB/CLEAN_ID trigger none.
EXTRA_ENTRY = "\n@misc{extra, author = {Doe, Jane}, title = {Notes}, year = {2019}}\n"
TRIGGERS = {
    "undefined-key": (CLEAN_BIB, CLEAN_ID + "Lihat juga @nobody2020.\n", "id"),
    "duplicate-key": (
        CLEAN_BIB + "\n@book{Smith2020, author = {S}, title = {Other}, year = {2001}}\n",
        CLEAN_ID + "Dan @Smith2020.\n",
        "id",
    ),
    "duplicate-field": (
        CLEAN_BIB + "\n@misc{twice, author = {A}, title = {X}, title = {Y}, year = {2020}}\n",
        CLEAN_ID + "Dan @twice.\n",
        "id",
    ),
    "parse-error": (CLEAN_BIB + "\n@book{broken, title = {Unclosed}\n", CLEAN_ID, "id"),
    "nested-citation": (CLEAN_BIB, "Lihat [@smith2020, bandingkan @cutlip2006].\n", "id"),
    "unused-entry": (CLEAN_BIB + EXTRA_ENTRY, CLEAN_ID, "id"),
    "duplicate-work": (
        CLEAN_BIB + "\n@article{smith2020b, author = {Smith, J.}, title = {Another}, "
        "journal = {J}, year = {2020}, doi = {10.1234/JPR.2020.1}}\n",
        CLEAN_ID + "Juga @smith2020b.\n",
        "id",
    ),
    "missing-field": (CLEAN_BIB.replace("  journaltitle = {Journal of Public Relations},\n", ""), CLEAN_ID, "id"),
    "doi-format": (CLEAN_BIB.replace("{10.1234/jpr.2020.1}", "{https://doi.org/10.1234/jpr.2020.1}"), CLEAN_ID, "id"),
    "year-format": (CLEAN_BIB.replace("year = {2006}", "year = {06}"), CLEAN_ID, "id"),
    "url-format": (CLEAN_BIB.replace("https://example.org/articles/1", "example.org/articles 1"), CLEAN_ID, "id"),
    "foreign-locator": (CLEAN_BIB, "Menurut @smith2020 [p. 4], komunikasi berubah [@cutlip2006].\n", "id"),
    "repeated-key": (CLEAN_BIB, "Lihat [@smith2020; @cutlip2006; @smith2020].\n", "id"),
    "commented-entry": (CLEAN_BIB + "\n%@book{old2001, author = {A}, title = {B}, year = {2001}}\n", CLEAN_ID, "id"),
    "reader-mismatch": (CLEAN_BIB + "\n%@misc{outer,\n  note = {@misc{inner, title = {X}}}\n}\n", CLEAN_ID, "id"),
}


def test_every_rule_has_a_trigger_case():
    assert set(TRIGGERS) | {"encoding"} == RULE_IDS


@pytest.mark.parametrize("rule", sorted(TRIGGERS))
def test_rule_triggers(rule, tmp_path, capsys):
    bib, md, lang = TRIGGERS[rule]
    code, findings, err = check(tmp_path, bib=bib, md=md, lang=lang, capsys=capsys)
    assert rule in rules_of(findings), err
    expected_code = 1 if any(f["severity"] == "error" for f in findings) else 0
    assert code == expected_code
    assert "Traceback" not in err


@pytest.mark.parametrize("rule", sorted(RULE_IDS))
def test_rule_silent_on_clean_input(rule, tmp_path, capsys):
    for lang, md in (("id", CLEAN_ID), ("en", CLEAN_EN)):
        _, findings, _ = check(tmp_path, md=md, lang=lang, capsys=capsys)
        assert rule not in rules_of(findings)


def test_default_severities_are_as_documented():
    severities = {r.id: r.severity for r in RULES}
    errors = {"undefined-key", "duplicate-key", "duplicate-field", "parse-error", "nested-citation", "encoding"}
    assert {k for k, v in severities.items() if v == "error"} == errors
    assert all(v == "warning" for k, v in severities.items() if k not in errors)
    # the user documentation: docs/checks.md, generated from the rule-id registry
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for rule in RULE_IDS:
        assert f"`{rule}` | {severities[rule]} |" in docs


# --------------------------------------------------------------------------- rule details


def test_undefined_key_points_at_the_citation(tmp_path, capsys):
    md = "Baris satu.\n\nBaris tiga dengan [lihat @nobody, hlm. 2].\n"
    _, findings, err = check(tmp_path, md=md, capsys=capsys)
    undefined = [f for f in findings if f["rule"] == "undefined-key"]
    assert len(undefined) == 1
    assert (undefined[0]["line"], undefined[0]["column"]) == (3, 26)
    assert undefined[0]["file"].endswith("manuscript/id/intro.md")
    assert re.search(r"intro\.md:3:26: error \[undefined-key\] citation key 'nobody'", err)


def test_not_citations_are_ignored(tmp_path, capsys):
    md = (
        "Lihat @tbl:accounts, @fig:age, @sec:method dan @eq:one.\n\n"
        "Ada {{count.accounts}} akun; surel humas@tangerangkota.go.id; \\@escaped.\n\n"
        "{{table:findings}}\n\n"
        "```\n@incode\n```\n\n"
        "Kode `@inline` juga. " + CLEAN_ID
    )
    _, findings, err = check(tmp_path, md=md, capsys=capsys)
    assert "undefined-key" not in rules_of(findings), err


def test_case_only_difference_is_suggested(tmp_path, capsys):
    _, findings, _ = check(tmp_path, md=CLEAN_ID + "Dan @Cutlip2006.\n", capsys=capsys)
    [f] = [f for f in findings if f["rule"] == "undefined-key"]
    assert "did you mean 'cutlip2006'" in f["message"]


def test_duplicate_field_entry_is_not_undefined(tmp_path, capsys):
    bib, md, _ = TRIGGERS["duplicate-field"]
    code, findings, _ = check(tmp_path, bib=bib, md=md, capsys=capsys)
    assert "undefined-key" not in rules_of(findings)
    [f] = [f for f in findings if f["rule"] == "duplicate-field"]
    assert f["line"] == 17 and "'title'" in f["message"]
    assert code == 1


def test_duplicate_key_exact_and_case(tmp_path, capsys):
    exact = CLEAN_BIB + "\n@book{cutlip2006, author = {C}, title = {T}, year = {2000}}\n"
    _, findings, _ = check(tmp_path, bib=exact, capsys=capsys)
    [f] = [f for f in findings if f["rule"] == "duplicate-key"]
    assert f["line"] == 17 and "defined again" in f["message"]
    bib, md, _ = TRIGGERS["duplicate-key"]
    _, findings, _ = check(tmp_path, bib=bib, md=md, capsys=capsys)
    [f] = [f for f in findings if f["rule"] == "duplicate-key"]
    assert "letter case" in f["message"]


def test_parse_error_names_the_line(tmp_path, capsys):
    bib, md, _ = TRIGGERS["parse-error"]
    code, findings, err = check(tmp_path, bib=bib, md=md, capsys=capsys)
    lines = {f["line"] for f in findings if f["rule"] == "parse-error"}
    assert 17 in lines or 18 in lines
    assert "undefined-key" not in rules_of(findings)  # no cascade from one broken entry
    assert code == 1


def test_pandoc_rejecting_the_file_is_reported(tmp_path, capsys):
    bib = CLEAN_BIB + "\n@book(paren, author = {A}, title = {T}, year = {2000})\n"
    code, findings, _ = check(tmp_path, bib=bib, capsys=capsys)
    [f] = [f for f in findings if f["rule"] == "parse-error"]
    assert f["line"] == 17 and "pandoc rejects the whole file" in f["message"]
    assert code == 1


def test_nocite_counts_as_cited(tmp_path, capsys):
    bib = CLEAN_BIB + EXTRA_ENTRY
    md = "---\nnocite: |\n  @extra\n---\n\n" + CLEAN_ID
    _, findings, _ = check(tmp_path, bib=bib, md=md, capsys=capsys)
    assert "unused-entry" not in rules_of(findings)
    md_all = "---\nnocite: '@*'\n---\n\nTeks tanpa sitasi.\n"
    _, findings, _ = check(tmp_path, bib=bib, md=md_all, capsys=capsys)
    assert findings == []


def test_nocite_undefined_key_points_into_yaml(tmp_path, capsys):
    md = "---\nnocite: |\n  @ghost\n---\n\n" + CLEAN_ID
    _, findings, _ = check(tmp_path, md=md, capsys=capsys)
    [f] = [f for f in findings if f["rule"] == "undefined-key"]
    assert (f["line"], f["column"]) == (3, 3)


def test_nested_citation_names_both(tmp_path, capsys):
    bib, md, _ = TRIGGERS["nested-citation"]
    _, findings, _ = check(tmp_path, bib=bib, md=md, capsys=capsys)
    [f] = [f for f in findings if f["rule"] == "nested-citation"]
    assert "@cutlip2006" in f["message"] and "@smith2020" in f["message"]
    assert (f["line"], f["column"]) == (1, 31)


def test_foreign_locator_in_english_edition(tmp_path, capsys):
    md = "According to [@smith2020, hlm. 4] and [see @cutlip2006, p. 3].\n"
    _, findings, _ = check(tmp_path, md=md, lang="en", capsys=capsys)
    found = [f for f in findings if f["rule"] == "foreign-locator"]
    assert len(found) == 1 and "'hlm.'" in found[0]["message"]


def test_foreign_locator_pp_in_indonesian_prefix(tmp_path, capsys):
    md = "Lihat [pp. 3 @smith2020] dan [@cutlip2006, hlm. 5].\n"
    _, findings, _ = check(tmp_path, md=md, capsys=capsys)
    assert rules_of(findings).count("foreign-locator") == 1


def test_foreign_locator_words_come_from_the_strings_files(tmp_path, capsys):
    """A third edition's strings file adds its words: French `p.` is foreign to the Indonesian
    edition, and the Indonesian `hlm.` to the French one; `pp.` is not read as `p.`."""
    fr = ROOT / "tests" / "fixtures" / "third_edition" / "fr.yaml"
    md = "Selon [@smith2020, hlm. 4] et [@cutlip2006, pp. 3].\n"
    _, findings, _ = check(tmp_path, md=md, lang="fr", extra=("--strings", str(fr)), capsys=capsys)
    messages = [f["message"] for f in findings if f["rule"] == "foreign-locator"]
    assert len(messages) == 2 and "'hlm.'" in messages[0] and "'pp.'" in messages[1]
    assert all(m.endswith("write 'p.'") for m in messages)


def test_foreign_locator_pattern_edges():
    locators = {"id": ("hlm.",), "en": ("p.", "pp."), "fr": ("p.",)}
    assert foreign_locator_pattern(locators, "en").pattern.count("hlm") == 1
    assert foreign_locator_pattern(locators, "fr").search("pp. 3").group(1) == "pp."
    assert foreign_locator_pattern(locators, "fr").search("p. 3") is None  # its own word
    assert foreign_locator_pattern(locators, "id").search("chap. 3") is None  # not a locator
    assert foreign_locator_pattern({"en": ("p.",)}, "en") is None  # nothing foreign
    assert foreign_locator_pattern({}, "en") is None


def test_bad_page_locators_is_one_clear_error(tmp_path, capsys):
    bad = tmp_path / "id.yaml"
    bad.write_text("locale: id-ID\npage_locators: hlm.\n", encoding="utf-8")
    code, _, err = check(tmp_path, extra=("--strings", str(bad)), capsys=capsys)
    assert code == 1
    assert err.strip() == f"{bad}: error [strings] page_locators: expected a list of words, such as [p., pp.]"


def test_lang_option_overrides_path(tmp_path, capsys):
    md = "Menurut [@smith2020, hlm. 4] dan [@cutlip2006, hlm. 5].\n"
    _, findings, _ = check(tmp_path, md=md, lang="id", extra=("--lang", "en"), capsys=capsys)
    assert rules_of(findings).count("foreign-locator") == 2


def test_infer_lang():
    assert infer_lang(["manuscript/id/intro.md", "manuscript/id/method.md"], ["id", "en"]) == "id"
    assert infer_lang(["build/en/article.md"], ["id", "en"]) == "en"
    assert infer_lang(["notes/intro.md"], ["id", "en"]) is None


@pytest.mark.parametrize(
    "doi,ok",
    [
        ("10.1234/abc", True),
        ("10.1000.10/xyz(1)", False),
        ("10.12345/a.b-c_d;e", True),
        ("doi:10.1234/abc", False),
        ("http://dx.doi.org/10.1234/abc", False),
        ("1234/abc", False),
        ("10.12/abc", False),
    ],
)
def test_doi_format_cases(doi, ok, tmp_path, capsys):
    bib = CLEAN_BIB.replace("{10.1234/jpr.2020.1}", "{" + doi + "}")
    _, findings, _ = check(tmp_path, bib=bib, capsys=capsys)
    assert ("doi-format" not in rules_of(findings)) == ok


@pytest.mark.parametrize(
    "url,ok",
    [
        ("https://example.org/a?b=c#d", True),
        ("http://localhost:8080/x", True),
        ("ftp://ftp.example.org/f", True),
        ("www.example.org", False),
        ("https://exa mple.org", False),
        ("https://", False),
        ("https://example.org/a\\_b", False),
    ],
)
def test_url_format_cases(url, ok, tmp_path, capsys):
    bib = CLEAN_BIB.replace("https://example.org/articles/1", url)
    _, findings, _ = check(tmp_path, bib=bib, capsys=capsys)
    assert ("url-format" not in rules_of(findings)) == ok


@pytest.mark.parametrize(
    "year,ok", [("2020", True), ("{2020}", True), ("20", False), ("2020a", False), ("in press", False)]
)
def test_year_format_cases(year, ok, tmp_path, capsys):
    bib = CLEAN_BIB.replace("year = {2006}", "year = {" + year + "}")
    _, findings, _ = check(tmp_path, bib=bib, capsys=capsys)
    assert ("year-format" not in rules_of(findings)) == ok


def test_duplicate_work_by_title_and_year(tmp_path, capsys):
    bib = (
        CLEAN_BIB
        + "\n@book{cutlip2006b, author = {Cutlip, S. M.}, title = {{Effective} Public Relations}, year = {2006}}\n"
    )
    _, findings, _ = check(tmp_path, bib=bib, md=CLEAN_ID + "Juga @cutlip2006b.\n", capsys=capsys)
    [f] = [f for f in findings if f["rule"] == "duplicate-work"]
    assert "'cutlip2006'" in f["message"] and f["line"] == 17


def test_same_title_different_issue_is_not_duplicate_work(tmp_path, capsys):
    bib = CLEAN_BIB + (
        "\n@article{ed1, author = {Beeton, B.}, title = {Editor's Comments}, journal = {TUGboat}, year = {1990},"
        " number = {1}}\n"
        "@article{ed2, author = {Beeton, B.}, title = {Editor's Comments}, journal = {TUGboat}, year = {1990},"
        " number = {2}}\n"
    )
    _, findings, _ = check(tmp_path, bib=bib, md=CLEAN_ID + "Lihat @ed1 dan @ed2.\n", capsys=capsys)
    assert "duplicate-work" not in rules_of(findings)


@pytest.mark.parametrize(
    "entry,missing",
    [
        ("@online{w, title = {Page}, year = {2022}}", "url or doi"),
        ("@online{w, title = {Page}, url = {https://a.org}, date = {2022-11-20}}", None),
        ("@misc{w, title = {Note}, year = {2022}}", "author or editor"),
        ("@book{w, editor = {E}, title = {Edited}, date = {2020}}", None),
        ("@inproceedings{w, author = {A}, title = {Talk}, year = {2020}}", "booktitle"),
        ("@thesis{w, author = {A}, title = {T}, institution = {U}, year = {2020}}", "type"),
        ("@phdthesis{w, author = {A}, title = {T}, school = {U}, year = {2020}}", None),
        ("@report{w, author = {A}, title = {T}, type = {techreport}, institution = {I}, year = {2020}}", None),
        ("@unpublished{w, author = {A}, title = {T}}", "year or date"),
        (
            "@incollection{w, author = {A}, title = {T}, crossref = {Coll}}\n"
            "@collection{coll, editor = {E}, title = {Book}, year = {2000}}",
            None,
        ),
    ],
)
def test_missing_field_follows_biblatex(entry, missing, tmp_path, capsys):
    _, findings, _ = check(tmp_path, bib=CLEAN_BIB + "\n" + entry + "\n", md=CLEAN_ID + "Dan @w.\n", capsys=capsys)
    found = [f for f in findings if f["rule"] == "missing-field"]
    if missing is None:
        assert found == []
    else:
        assert len(found) == 1 and missing in found[0]["message"]
    assert "unused-entry" not in rules_of(findings)  # a crossref parent is used


def test_commented_entry_cited_is_undefined_with_hint(tmp_path, capsys):
    bib, _, _ = TRIGGERS["commented-entry"]
    _, findings, _ = check(tmp_path, bib=bib, md=CLEAN_ID + "Dan @old2001.\n", capsys=capsys)
    [c] = [f for f in findings if f["rule"] == "commented-entry"]
    assert c["line"] == 17
    [u] = [f for f in findings if f["rule"] == "undefined-key"]
    assert "line 17" in u["message"]
    assert "unused-entry" not in rules_of(findings)


def test_percent_in_values_and_between_fields(tmp_path, capsys):
    bib = CLEAN_BIB + (
        "\n@misc{pct, author = {A}, % a comment between fields\n"
        "  title = {Fifty \\% off}, year = {2020}, note = {see 50% here}}\n"
    )
    _, findings, err = check(tmp_path, bib=bib, md=CLEAN_ID + "Dan @pct.\n", capsys=capsys)
    assert findings == [], err


def test_encoding_of_bib_and_markdown(tmp_path, capsys):
    latin = CLEAN_BIB.replace("Smith, John", "Sánchez, José").encode("latin-1")
    code, findings, err = check(tmp_path, bib_bytes=latin, capsys=capsys)
    [f] = [f for f in findings if f["rule"] == "encoding"]
    assert f["file"].endswith("references.bib") and f["line"] == 2 and "not UTF-8" in f["message"]
    assert code == 1 and "Traceback" not in err
    md = ("Menurut Sánchez " + CLEAN_ID).encode("latin-1")
    code, findings, _ = check(tmp_path, md_bytes=md, capsys=capsys)
    [f] = [f for f in findings if f["rule"] == "encoding"]
    assert f["file"].endswith("intro.md") and f["line"] == 1
    assert "undefined-key" not in rules_of(findings)  # the rest of the file is still read


def test_utf8_bom_is_fine(tmp_path, capsys):
    code, findings, _ = check(
        tmp_path,
        bib_bytes=b"\xef\xbb\xbf" + CLEAN_BIB.encode(),
        md_bytes=b"\xef\xbb\xbf" + CLEAN_ID.encode(),
        capsys=capsys,
    )
    assert (code, findings) == (0, [])


def test_lines_after_a_backslash_newline_in_the_bib(tmp_path, capsys):
    """bibtexparser 2.1 miscounts lines after a value line ending in `\\`; the lines stay right."""
    bib = (
        CLEAN_BIB
        + '\n@misc{tex, author = {A}, title = "{On \\TeX\\\n and more}", year = {2020}}\n\n'
        + "@misc{unused9, author = {A}, title = {T}, year = {2020}}\n"
    )
    _, findings, _ = check(tmp_path, bib=bib, md=CLEAN_ID + "Dan @tex.\n", capsys=capsys)
    assert [(f["rule"], f["line"]) for f in findings] == [("unused-entry", 20)]


# --------------------------------------------------------------------------- several files


def test_citations_are_placed_in_their_own_file(tmp_path, capsys):
    folder = tmp_path / "manuscript" / "id"
    folder.mkdir(parents=True)
    (tmp_path / "refs.bib").write_text(CLEAN_BIB, encoding="utf-8")
    (folder / "a.md").write_text("# Satu\n\nLihat @smith2020 dan @ghost1.\n", encoding="utf-8")
    (folder / "b.md").write_text("# Dua\n\nLalu\n\n[@cutlip2006; @ghost2] dan @ghost1.\n", encoding="utf-8")
    report = tmp_path / "r.json"
    code = run_cli(
        main, ["--bib", str(tmp_path / "refs.bib"), "--json", str(report), str(folder / "a.md"), str(folder / "b.md")]
    )
    findings = json.loads(report.read_text())["findings"]
    where = sorted((Path(f["file"]).name, f["line"], f["column"], f["message"].split("'")[1]) for f in findings)
    assert where == [("a.md", 3, 22, "ghost1"), ("b.md", 5, 15, "ghost2"), ("b.md", 5, 28, "ghost1")]
    assert code == 1


def test_unclosed_fence_in_one_file_does_not_hide_the_next(tmp_path, capsys):
    folder = tmp_path / "manuscript" / "en"
    folder.mkdir(parents=True)
    (tmp_path / "refs.bib").write_text(CLEAN_BIB, encoding="utf-8")
    (folder / "a.md").write_text("See @smith2020.\n\n```\nunclosed fence\n", encoding="utf-8")
    (folder / "b.md").write_text("Then @cutlip2006 and @ghost.\n", encoding="utf-8")
    report = tmp_path / "r.json"
    run_cli(
        main, ["--bib", str(tmp_path / "refs.bib"), "--json", str(report), str(folder / "a.md"), str(folder / "b.md")]
    )
    findings = json.loads(report.read_text())["findings"]
    assert [(Path(f["file"]).name, f["rule"], f["line"]) for f in findings] == [("b.md", "undefined-key", 1)]


def test_bad_yaml_in_markdown_is_a_parse_error(tmp_path, capsys):
    md = "---\ntitle: [unclosed\n---\n\n" + CLEAN_ID
    code, findings, err = check(tmp_path, md=md, capsys=capsys)
    [f] = findings
    assert f["rule"] == "parse-error" and f["file"].endswith("intro.md")
    assert code == 1 and "Traceback" not in err


def test_metadata_file_nocite(tmp_path, capsys):
    meta = tmp_path / "metadata.yaml"
    meta.write_text("title: X\nnocite: |\n  @extra, @phantom\n", encoding="utf-8")
    _, findings, _ = check(tmp_path, bib=CLEAN_BIB + EXTRA_ENTRY, extra=("--metadata-file", str(meta)), capsys=capsys)
    assert [(f["rule"], Path(f["file"]).name, f["line"]) for f in findings] == [("undefined-key", "metadata.yaml", 3)]


def test_bad_yaml_in_metadata_file_is_named_as_its_own(tmp_path, capsys):
    meta = tmp_path / "metadata.yaml"
    meta.write_text("title: [unclosed\n", encoding="utf-8")
    code, findings, _ = check(tmp_path, extra=("--metadata-file", str(meta)), capsys=capsys)
    assert [(f["rule"], Path(f["file"]).name) for f in findings] == [("parse-error", "metadata.yaml")]
    assert code == 1


# --------------------------------------------------------------------------- CLI, report, config


def test_output_lines_are_sorted_and_well_formed(tmp_path, capsys):
    bib = CLEAN_BIB + EXTRA_ENTRY + "\n@book{Cutlip2006, author = {C}, title = {T}, year = {1}}\n"
    md = "Lihat @zeta [@alpha; @alpha] dan [@smith2020, p. 3].\n\nLalu @beta.\n"
    code, findings, err = check(tmp_path, bib=bib, md=md, capsys=capsys)
    lines = err.strip().splitlines()
    body = lines[:-1]
    assert lines[-1].startswith("check_citations: ")
    assert all(LINE_FORMAT.match(line) for line in body), body
    keys = []
    for f in findings:
        keys.append((f["file"], f["line"] or 0, f["column"] or 0))
    assert keys == sorted(keys)
    assert len(body) == len(findings)


def test_json_report_counts(tmp_path, capsys):
    bib, md, _ = TRIGGERS["undefined-key"]
    check(tmp_path, bib=bib + EXTRA_ENTRY, md=md, capsys=capsys)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["error"] == 1 and report["counts"]["warning"] == 1
    assert report["counts"]["by_rule"] == {"undefined-key": 1, "unused-entry": 1}
    assert report["lang"] == "id"
    assert set(report["findings"][0]) == {"file", "line", "column", "severity", "rule", "message"}
    assert not list(tmp_path.glob(".report.json.*"))  # written atomically, no temporary left


def test_warnings_only_exit_zero(tmp_path, capsys):
    code, findings, _ = check(tmp_path, bib=CLEAN_BIB + EXTRA_ENTRY, capsys=capsys)
    assert code == 0 and rules_of(findings) == ["unused-entry"]


def test_severity_override_from_config(tmp_path, capsys):
    bib, md, _ = TRIGGERS["undefined-key"]
    config = "citation_severity:\n  undefined-key: warning\n  unused-entry: off\n  missing-field: error\n"
    code, findings, _ = check(tmp_path, bib=bib + EXTRA_ENTRY, md=md, config=config, capsys=capsys)
    assert code == 0
    assert [(f["rule"], f["severity"]) for f in findings] == [("undefined-key", "warning")]
    bib, md, _ = TRIGGERS["missing-field"]
    code, findings, _ = check(tmp_path, bib=bib, md=md, config=config, capsys=capsys)
    assert code == 1 and [(f["rule"], f["severity"]) for f in findings] == [("missing-field", "error")]


@pytest.mark.parametrize(
    "config,rule,expect",
    [
        ("citation_severity:\n  no-such-rule: error\n", "config", "unknown rule id 'no-such-rule'"),
        ("citation_severity:\n  unused-entry: fatal\n", "config-schema", "to error, warning or off (not 'fatal'"),
        ("citation_severity: [a, b]\n", "config-schema", "citation_severity: a mapping of citation rule ids"),
        ("citation_severity: {\n", "yaml-syntax", "invalid YAML"),
    ],
)
def test_bad_config_is_reported(config, rule, expect, tmp_path, capsys):
    code, _, err = check(tmp_path, config=config, capsys=capsys)
    assert code == 1 and expect in err and "Traceback" not in err
    assert re.match(rf"^\S*config\.yaml:\d+: error \[{rule}\]", err)


def run_cli_process(args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "scripts.checks.citation_check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_cli_process_exit_codes_and_streams(tmp_path):
    (tmp_path / "refs.bib").write_text(CLEAN_BIB, encoding="utf-8")
    md = tmp_path / "manuscript" / "id" / "a.md"
    md.parent.mkdir(parents=True)
    md.write_text(CLEAN_ID, encoding="utf-8")
    ok = run_cli_process(["--bib", "refs.bib", "manuscript/id/a.md"], tmp_path)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "", "")
    md.write_text(CLEAN_ID + "Dan @ghost.\n", encoding="utf-8")
    bad = run_cli_process(["--bib", "refs.bib", "manuscript/id/a.md"], tmp_path)
    assert bad.returncode == 1
    assert "manuscript/id/a.md:2:5: error [undefined-key] citation key 'ghost'" in bad.stderr


@pytest.mark.parametrize(
    "setup",
    ["missing-bib", "missing-md", "binary-bib", "empty-bib", "missing-config", "directory-as-bib"],
)
def test_bad_input_never_shows_a_traceback(setup, tmp_path):
    bib, md = tmp_path / "refs.bib", tmp_path / "a.md"
    bib.write_text(CLEAN_BIB, encoding="utf-8")
    md.write_text(CLEAN_ID, encoding="utf-8")
    args = ["--bib", str(bib), str(md)]
    if setup == "missing-bib":
        bib.unlink()
    elif setup == "missing-md":
        md.unlink()
    elif setup == "binary-bib":
        bib.write_bytes(bytes(range(256)) * 4)
    elif setup == "empty-bib":
        bib.write_text("", encoding="utf-8")
    elif setup == "missing-config":
        args = ["--config", str(tmp_path / "nope.yaml"), *args]
    elif setup == "directory-as-bib":
        args = ["--bib", str(tmp_path), str(md)]
    result = run_cli_process(args, tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"(error|warning) \[[a-z-]+\]", result.stderr)
