"""scripts/core/journal.py: the `extends:` chain merged, its faults (a loop, a missing parent, an
unknown journal), schema findings at the file and line along the chain that set the value, the
files a profile brings, and the parts the jobs read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.core import journal
from scripts.core.errors import UserError

REPO = Path(__file__).resolve().parents[2]
DEFAULT = (REPO / "journals/default/profile.yaml").read_text(encoding="utf-8")


def profiles(root: Path, **texts: str) -> Path:
    for name, text in texts.items():
        (root / "journals" / name).mkdir(parents=True, exist_ok=True)
        (root / "journals" / name / "profile.yaml").write_text(text, encoding="utf-8")
    return root


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if line.startswith(start))


def the_finding(err) -> tuple:
    [found] = err.value.findings
    return found.file, found.line, found.rule, found.message


def test_extends_merges_mappings_key_by_key_and_replaces_anything_else(tmp_path):
    child = "extends: base\ncitation_style: ieee\npage:\n  columns: 2\n"
    child += "  margin: {top: 1in, bottom: 1in, inside: 1in, outside: 1in}\nlimits:\n  keywords: {min: 3}\n"
    profile = journal.load("child", profiles(tmp_path, base=DEFAULT, child=child))
    assert profile.name == "child" and "extends" not in profile.data
    assert profile.files == ["journals/child/profile.yaml", "journals/base/profile.yaml"]
    page = profile.data["page"]
    assert (page["columns"], page["font"], page["margin"]["top"]) == (2, "Libertinus Serif", "1in")  # merged
    assert profile.data["citation_style"] == "ieee" and profile.data["limits"] == {"keywords": {"min": 3}}
    assert profile.where("page", "columns") == ("journals/child/profile.yaml", 4)
    assert profile.where("page", "font") == ("journals/base/profile.yaml", line_of(DEFAULT, "  font:"))
    # A key no file sets: the nearest enclosing key that one does.
    assert profile.where("limits", "keywords", "max") == ("journals/child/profile.yaml", 7)


def test_merge_replaces_lists_whole():
    assert journal.merge({"a": [1, 2], "b": {"x": 1, "y": 2}}, {"a": [3], "b": {"y": 3}}) == {
        "a": [3],
        "b": {"x": 1, "y": 3},
    }


def test_profiles_extending_each_other_in_a_loop_are_one_finding_at_the_extends_line(tmp_path):
    root = profiles(tmp_path, a="extends: b\n", b="# b\nextends: a\n")
    with pytest.raises(UserError) as err:
        journal.load("a", root)
    assert the_finding(err) == (
        "journals/b/profile.yaml",
        2,
        "journal-extends",
        "profiles extend each other in a loop: a → b → a",
    )


def test_a_missing_parent_is_named_at_the_extends_line(tmp_path):
    with pytest.raises(UserError) as err:
        journal.load("child", profiles(tmp_path, child="journal: {name: X}\nextends: gone\n"))
    assert the_finding(err) == (
        "journals/child/profile.yaml",
        2,
        "journal-extends",
        "extends 'gone', which has no profile journals/gone/profile.yaml",
    )


def test_an_unknown_journal_names_config_and_the_profiles_there_are(tmp_path):
    with pytest.raises(UserError) as err:
        journal.load("nature", profiles(tmp_path, default=DEFAULT, sinta="extends: default\n"))
    file, line, rule, message = the_finding(err)
    assert (file, line, rule) == ("config.yaml", None, "journal-extends")
    assert message == "journal 'nature' has no profile journals/nature/profile.yaml (profiles: default, sinta)"


def test_no_name_is_the_default_profile():
    assert journal.load(None, REPO).name == "default"


def test_schema_findings_name_the_file_and_line_along_the_chain_that_set_the_value(tmp_path):
    bad_base = DEFAULT.replace("  columns: 1\n", "  columns: 3\n", 1)  # the page's, not the DOCX's
    child = "extends: base\ntypesetting:\n  spelling: australian\n  numbers: numerals\npage:\n  colour: red\n"
    with pytest.raises(UserError) as err:
        journal.load("child", profiles(tmp_path, base=bad_base, child=child))
    found = {(f.file, f.line, f.rule, f.message.split(":")[0]) for f in err.value.findings}
    assert found == {
        ("journals/base/profile.yaml", line_of(bad_base, "  columns:"), "journal-profile", "page.columns"),
        ("journals/child/profile.yaml", 3, "journal-profile", "typesetting.spelling"),
        ("journals/child/profile.yaml", 6, "journal-profile", "page.colour"),
    }
    messages = {f.message for f in err.value.findings}
    assert "typesetting.spelling: the English spelling variety, us or british (not 'australian')" in messages


def test_a_missing_required_key_is_named(tmp_path):
    with pytest.raises(UserError) as err:
        journal.load("bare", profiles(tmp_path, bare="journal: {name: X}\n"))
    assert {f.message.split(":")[0] for f in err.value.findings} == {"the profile"}
    assert all(f.file == "journals/bare/profile.yaml" for f in err.value.findings)


def test_profile_file_looks_along_the_chain_this_profile_first(tmp_path, monkeypatch):
    root = profiles(tmp_path, base=DEFAULT, child="extends: base\ncitation_style: house.csl\n")
    (root / "journals/base/house.csl").write_text("<style/>", encoding="utf-8")
    (root / "journals/base/template.docx").write_bytes(b"base")
    (root / "journals/child/template.docx").write_bytes(b"child")
    profile = journal.load("child", root)
    monkeypatch.chdir(root)  # paths from the repository's root, where the build runs, as the jobs take them
    assert profile.file("house.csl") == "journals/base/house.csl"
    assert profile.file("template.docx") == "journals/child/template.docx"
    assert profile.file("missing.csl") is None
    assert journal.part(profile, "citation")["citation_style_file"] == "journals/base/house.csl"


def test_parts_hold_their_values_and_the_where_part_where_each_was_set(tmp_path):
    root = profiles(tmp_path, base=DEFAULT, child="extends: base\nlimits:\n  abstract_words: {min: 150, max: 250}\n")
    profile = journal.load("child", root)
    assert journal.part(profile, "limits") == {"limits": {"abstract_words": {"min": 150, "max": 250}}}
    where = journal.where_part(profile)
    assert where["profile"] == "child"
    assert journal.part_where(where, "limits", "abstract_words", "max") == ("journals/child/profile.yaml", 3)
    assert journal.part_where(where, "journal", "issn", "0", "number")[0] == "journals/base/profile.yaml"
    assert journal.part_where({"profile": "x", "at": {}}, "limits") == ("journals/x/profile.yaml", None)
    assert journal.part_where(None, "limits") == ("journals/default/profile.yaml", None)


def test_write_parts_rewrites_only_the_parts_that_changed(tmp_path):
    root = profiles(tmp_path, base=DEFAULT, child="extends: base\n")
    pattern = str(tmp_path / "build/journal/{part}.json")
    journal.write_parts(journal.load("base", root), pattern)
    stamps = {name: Path(pattern.format(part=name)).stat().st_mtime_ns for name in journal.PARTS}
    journal.write_parts(journal.load("base", root), pattern)
    assert stamps == {name: Path(pattern.format(part=name)).stat().st_mtime_ns for name in journal.PARTS}
    assert json.loads(Path(pattern.format(part="citation")).read_text(encoding="utf-8"))["citation_style"] == "apa"
