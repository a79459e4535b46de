"""Unit tests for scripts/checks/metadata.py: required fields per language, placeholders, edition view."""

from pathlib import Path

import pytest
import yaml

from scripts.checks import metadata
from scripts.core import journal, yamlfile
from scripts.core.errors import UserError

REPO = Path(__file__).resolve().parents[2]
GOOD = """\
title:
  id: Judul
  en: Title
abstract:
  id: Abstrak.
  en: Abstract.
keywords:
  id: [satu, dua]
  en: [one, two]
authors:
  - name: Ani Lestari
    affiliations: [u1]
    email: ani@example.org
    corresponding: true
  - name: "[placeholder: second author]"
    affiliations: [u1, u2]
affiliations:
  - id: u1
    name: Universitas A
  - id: u2
    name: Institut B
journal:
  name: Jurnal
"""


def write(tmp_path, text):
    path = tmp_path / "metadata.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_good_metadata_loads_with_placeholder_warning(tmp_path):
    meta, warnings = metadata.load(write(tmp_path, GOOD), ["id", "en"])
    assert meta["title"]["en"] == "Title"
    assert [(w.severity, w.rule, w.line) for w in warnings] == [("warning", "placeholder", 15)]


@pytest.mark.parametrize("field,lang,line", [("title", "en", 1), ("abstract", "id", 4), ("keywords", "en", 7)])
def test_missing_field_in_one_language_is_an_error_at_its_line(tmp_path, field, lang, line):
    lines = GOOD.splitlines()
    start = lines.index(f"{field}:")
    drop = next(i for i in range(start, start + 3) if lines[i].startswith(f"  {lang}:"))
    text = "\n".join(lines[:drop] + lines[drop + 1 :]) + "\n"
    with pytest.raises(UserError) as err:
        metadata.load(write(tmp_path, text), ["id", "en"])
    [f] = err.value.findings
    assert f.rule == "missing-metadata" and f"{field}.{lang}" in f.message
    assert f.line == line


def test_keywords_must_be_a_list(tmp_path):
    with pytest.raises(UserError, match="keywords.id"):
        metadata.load(write(tmp_path, GOOD.replace("id: [satu, dua]", "id: satu dua")), ["id", "en"])


def test_every_gap_reported_at_once(tmp_path):
    text = "title:\n  id: Judul\nauthors: []\n"
    with pytest.raises(UserError) as err:
        metadata.load(write(tmp_path, text), ["id", "en"])
    messages = " ".join(f.message for f in err.value.findings)
    for expected in ["title.en", "abstract.id", "abstract.en", "keywords.id", "keywords.en", "authors"]:
        assert expected in messages


def test_unknown_affiliation_is_an_error(tmp_path):
    with pytest.raises(UserError, match="unknown-affiliation"):
        metadata.load(write(tmp_path, GOOD.replace("[u1, u2]", "[u1, u9]")), ["id", "en"])


def test_yaml_error_names_file_and_line(tmp_path):
    path = write(tmp_path, GOOD.replace("  en: Title", "  en: [Title"))
    with pytest.raises(UserError) as err:
        metadata.load(path, ["id", "en"])
    [f] = err.value.findings
    assert f.file == path and f.rule == "yaml-syntax" and f.line >= 3


def test_placeholders_found_in_nested_values():
    found = metadata.placeholders({"a": ["x", "[Placeholder: y]"], "b": {"c": "[placeholder: z]"}, "d": 3})
    assert found == [(("a", "1"), "[Placeholder: y]"), (("b", "c"), "[placeholder: z]")]


def test_edition_view_orders_titles_and_abstracts(tmp_path):
    meta, _ = metadata.load(write(tmp_path, GOOD), ["id", "en"])
    strings = {code: yamlfile.load(f"templates/i18n/{code}.yaml") for code in ("id", "en")}
    view = metadata.edition_meta(meta, "id", ["id", "en"], strings)
    assert (view["title"], view["subtitle"], view["lang"]) == ("Judul", "[Title]{lang=en-US}", "id-ID")
    assert view["other-titles"] == [{"text": "Title", "typst-lang": "en"}]
    # Abstracts in the order `abstract:` lists them (id, then en, in GOOD).
    assert [(a["locale"], a["typst-lang"]) for a in view["abstracts"]] == [("id-ID", "id"), ("en-US", "en")]
    assert [a["lang"] for a in view["abstracts"]] == ["id", "en"]
    assert view["abstracts"][0]["heading"] == "Abstrak" and view["abstracts"][1]["keywords"] == "one; two"
    assert view["authors"][1]["marks"] == "1,2"
    assert view["authors"][1]["affiliation"] == "Universitas A; Institut B"
    english = metadata.edition_meta(meta, "en", ["id", "en"], strings)
    assert (english["title"], english["subtitle"], english["lang"]) == ("Title", "[Judul]{lang=id-ID}", "en-US")
    assert [a["lang"] for a in english["abstracts"]] == ["id", "en"]


def test_abstract_order_comes_from_the_metadata(tmp_path):
    english_first = GOOD.replace("  id: Abstrak.\n  en: Abstract.\n", "  en: Abstract.\n  id: Abstrak.\n")
    assert english_first != GOOD
    meta, _ = metadata.load(write(tmp_path, english_first), ["id", "en"])
    strings = {code: yamlfile.load(f"templates/i18n/{code}.yaml") for code in ("id", "en")}
    for lang in ("id", "en"):
        assert [a["lang"] for a in metadata.edition_meta(meta, lang, ["id", "en"], strings)["abstracts"]] == [
            "en",
            "id",
        ]
    # An abstract in a language that is no edition of this build is not shown.
    assert [a["lang"] for a in metadata.edition_meta(meta, "en", ["en"], strings)["abstracts"]] == ["en"]


def test_cli_prints_warnings_and_writes_report(tmp_path, capsys):
    import json

    report = tmp_path / "report.json"
    assert metadata.main([write(tmp_path, GOOD), "--json", str(report)]) == 0
    assert "warning [placeholder] authors.1.name" in capsys.readouterr().err
    assert json.loads(report.read_text())["warnings"][0]["rule"] == "placeholder"


def test_properties_leave_every_placeholder_out(tmp_path):
    meta, _ = metadata.load(write(tmp_path, GOOD), ["id", "en"])
    assert metadata.properties(meta, "id") == {
        "title": "Judul",
        "authors": ["Ani Lestari"],
        "keywords": ["satu", "dua"],
        "description": "Abstrak.",
    }
    meta["title"]["en"] = "[placeholder: title]"
    meta["keywords"]["en"] = ["one", "[placeholder: keyword]"]
    meta["authors"][0]["name"] = "[Placeholder: author]"
    assert metadata.properties(meta, "en") == {"authors": [], "keywords": ["one"], "description": "Abstract."}


def test_properties_join_the_abstract_into_one_line(tmp_path):
    meta, _ = metadata.load(
        write(tmp_path, GOOD.replace("  en: Abstract.", "  en: |\n    First line\n    and second.")), ["id", "en"]
    )
    assert metadata.properties(meta, "en")["description"] == "First line and second."


def test_a_placeholder_title_is_an_error_at_its_line(tmp_path):
    with pytest.raises(UserError) as err:
        metadata.load(write(tmp_path, GOOD.replace("  en: Title", '  en: "[placeholder: title]"')), ["id", "en"])
    [f] = err.value.findings
    assert (f.line, f.rule, f.severity) == (3, "placeholder-title", "error")


PROFILE = """\
journal:
  name: Jurnal
  issn:
    - number: "[placeholder: ISSN]"
      type: electronic
  publisher: Penerbit
  license:
    name: CC BY 4.0
    url: https://creativecommons.org/licenses/by/4.0/
"""


def write_profile(tmp_path, text):
    """The facts and where parts (build/journal/facts.json, where.json) of a profile holding `text`."""
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    lines = yamlfile.key_lines(path)
    profile = journal.Profile(
        "x", yamlfile.load(path), [str(path)], journal._origins(yamlfile.load(path), lines, str(path))
    )
    return journal.part(profile, "facts"), journal.where_part(profile)


def test_a_placeholder_of_an_extended_profile_warns_at_the_line_of_the_profile_that_set_it(tmp_path):
    base = (REPO / "journals/default/profile.yaml").read_text(encoding="utf-8")
    child = 'extends: base\njournal:\n  name: Jurnal Anak\n  publisher: "[placeholder: publisher of the child]"\n'
    for name, text in [("base", base), ("child", child)]:
        (tmp_path / "journals" / name).mkdir(parents=True)
        (tmp_path / "journals" / name / "profile.yaml").write_text(text, encoding="utf-8")
    child_profile = journal.load("child", tmp_path)
    facts, where = journal.part(child_profile, "facts"), journal.where_part(child_profile)
    _, warnings = metadata.load(write(tmp_path, GOOD), ["id", "en"], facts, where=where)
    line = {text.strip(): number for number, text in enumerate(base.splitlines(), start=1)}
    found = {(w.file, w.line, w.message.split(" is still")[0]) for w in warnings if w.file.startswith("journals/")}
    assert found == {
        ("journals/base/profile.yaml", line['- number: "[placeholder: ISSN]"'], "journal.issn.0.number"),
        (
            "journals/base/profile.yaml",
            line['name: "[placeholder: license name, e.g. CC BY 4.0]"'],
            "journal.license.name",
        ),
        ("journals/base/profile.yaml", line['url: "[placeholder: license URL]"'], "journal.license.url"),
        ("journals/child/profile.yaml", 4, "journal.publisher"),
    }


def test_the_profile_joins_under_the_articles_own_facts(tmp_path):
    article = GOOD.replace(
        "journal:\n  name: Jurnal\n", "journal:\n  volume: '3'\n  license:\n    name: CC0\n    url: u\n"
    )
    meta, _ = metadata.load(write(tmp_path, article), ["id", "en"], write_profile(tmp_path, PROFILE)[0])
    journal = meta["journal"]
    assert (journal["name"], journal["publisher"], journal["volume"]) == ("Jurnal", "Penerbit", "3")
    assert journal["license"] == {"name": "CC0", "url": "u"}  # the article's own license wins
    assert journal["issn"] == [{"number": "[placeholder: ISSN]", "type": "electronic"}]


def test_a_profile_placeholder_warns_at_the_profile_line(tmp_path):
    facts, where = write_profile(tmp_path, PROFILE)
    _, warnings = metadata.load(write(tmp_path, GOOD), ["id", "en"], facts, where=where)
    [warning] = [w for w in warnings if w.file == str(tmp_path / "profile.yaml")]
    assert (warning.severity, warning.rule, warning.line) == ("warning", "placeholder", 4)


@pytest.mark.parametrize("issn", ["0000-0019", ["0000-0019"], [{"number": "0000-0019", "type": "print"}]])
def test_issn_is_one_number_or_a_list(issn):
    assert metadata.issns(issn)[0]["number"] == "0000-0019"


@pytest.mark.parametrize(
    "text,rule,line",
    [
        (PROFILE.replace("type: electronic", "type: online"), "unknown-issn-type", 4),
        (PROFILE.replace("  name: Jurnal\n", ""), "missing-metadata", 1),
        (PROFILE.replace("    url: https://creativecommons.org/licenses/by/4.0/\n", ""), "missing-metadata", 7),
    ],
)
def test_profile_errors_name_file_line_and_rule(tmp_path, text, rule, line):
    facts, where = write_profile(tmp_path, text)
    with pytest.raises(UserError) as err:
        metadata.load(write(tmp_path, GOOD), ["id", "en"], facts, where=where)
    [found] = err.value.findings
    assert (found.file, found.rule, found.line) == (str(tmp_path / "profile.yaml"), rule, line)


def test_page_one_and_properties_show_journal_facts_only_once_known(tmp_path):
    strings = {code: yamlfile.load(f"templates/i18n/{code}.yaml") for code in ("id", "en")}
    article = GOOD.replace(
        "journal:\n  name: Jurnal\n",
        "subject:\n  id: Artikel\n  en: '[placeholder: section]'\njournal:\n  doi: 10.5555/x\n",
    )
    profile = PROFILE.replace('"[placeholder: ISSN]"', "0000-0019")
    meta, _ = metadata.load(write(tmp_path, article), ["id", "en"], write_profile(tmp_path, profile)[0])
    view = metadata.edition_meta(meta, "id", ["id", "en"], strings)
    assert view["imprint"] == {
        "issn": "e-ISSN 0000-0019",
        "license-name": "CC BY 4.0",
        "license-url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert view["subject"] == "Artikel" and metadata.edition_meta(meta, "en", ["id", "en"], strings)["subject"] == ""
    assert (view["properties"]["doi"], view["properties"]["category"]) == ("10.5555/x", "Artikel")
    assert "category" not in metadata.properties(meta, "en")
    assert metadata.imprint(metadata.journal_facts(yaml.safe_load(PROFILE), {}), strings["en"]) == {
        "license-name": "CC BY 4.0",
        "license-url": "https://creativecommons.org/licenses/by/4.0/",
    }


def test_the_front_matter_of_the_profile_drops_other_language_titles_abstracts_and_orcids(tmp_path):
    strings = {code: yamlfile.load(f"templates/i18n/{code}.yaml") for code in ("id", "en")}
    meta, _ = metadata.load(write(tmp_path, GOOD), ["id", "en"])
    meta["authors"][0]["orcid"] = "0000-0002-1825-0097"
    full = metadata.edition_meta(meta, "en", ["id", "en"], strings, {"other_language": True, "orcid": True})
    assert full == metadata.edition_meta(meta, "en", ["id", "en"], strings)  # the default: everything shown
    assert [a["lang"] for a in full["abstracts"]] == ["id", "en"] and full["other-titles"] and full["subtitle"]
    assert full["authors"][0]["orcid"] == "0000-0002-1825-0097"
    own = metadata.edition_meta(meta, "en", ["id", "en"], strings, {"other_language": False, "orcid": False})
    assert [a["lang"] for a in own["abstracts"]] == ["en"]
    assert (own["other-titles"], own["subtitle"], own["title"]) == ([], "", "Title")
    assert own["authors"][0]["orcid"] == "" and own["authors"][0]["orcid-id"] == "0000-0002-1825-0097"
