"""Unit tests for the shared error reporting, atomic writes, YAML reading and config."""

import datetime as dt
import io
import subprocess
import zipfile

import pytest

from scripts.core import config, yamlfile
from scripts.core.errors import UserError, finding, run_cli, sort_findings
from scripts.core.files import normalized_zip, write_atomic, zip_members


def test_finding_formats_file_line_column_rule():
    assert str(finding("a.md", "rule-x", "bad", line=3, column=7)) == "a.md:3:7: error [rule-x] bad"
    assert str(finding("a.md", "rule-x", "bad")) == "a.md: error [rule-x] bad"
    assert str(finding("a.md", "r", "m", line=2, severity="warning")) == "a.md:2: warning [r] m"


def test_findings_sort_by_file_then_line():
    items = [finding("b", "r", "m", line=1), finding("a", "r", "m", line=9), finding("a", "r", "m", line=2)]
    assert [(f.file, f.line) for f in sort_findings(items)] == [("a", 2), ("a", 9), ("b", 1)]


def test_findings_sort_columns_as_numbers():
    items = [finding("a", "r", "m", line=1, column=26), finding("a", "r", "m", line=1, column=8)]
    assert [f.column for f in sort_findings(items)] == [8, 26]


def test_run_cli_prints_findings_and_returns_1(capsys):
    def main(argv):
        raise UserError([finding("x.csv", "unique", "dup", line=4)])

    assert run_cli(main, []) == 1
    assert capsys.readouterr().err == "x.csv:4: error [unique] dup\n"


def test_run_cli_passes_success_through():
    assert run_cli(lambda argv: 0, []) == 0
    assert run_cli(lambda argv: None, []) == 0


def test_write_atomic_writes_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "deep" / "out.txt"
    write_atomic(target, "héllo")
    assert target.read_text(encoding="utf-8") == "héllo"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_write_atomic_keeps_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # not str or bytes
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_normalized_zip_is_byte_identical_and_dated_1980():
    members = [("b.xml", b"<b/>"), ("a.xml", b"<a/>")]
    first, second = normalized_zip(members), normalized_zip(members)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert [i.filename for i in archive.infolist()] == ["b.xml", "a.xml"]
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert zip_members(first) == members


def test_yaml_syntax_error_names_line(tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text("title:\n  id: ok\n  en: [unclosed\nabstract: x\n")
    with pytest.raises(UserError) as err:
        yamlfile.load(bad)
    f = err.value.findings[0]
    assert f.rule == "yaml-syntax" and f.file == str(bad) and f.line is not None and f.line >= 3


def test_yaml_missing_and_non_mapping(tmp_path):
    with pytest.raises(UserError, match="missing-file"):
        yamlfile.load(tmp_path / "none.yaml")
    lst = tmp_path / "l.yaml"
    lst.write_text("- a\n- b\n")
    with pytest.raises(UserError, match="mapping"):
        yamlfile.load(lst)
    empty = tmp_path / "e.yaml"
    empty.write_text("")
    assert yamlfile.load(empty) == {}


def test_build_date_from_config_string_or_date():
    assert config.build_date({"build_date": "2024-02-29"}) == dt.date(2024, 2, 29)
    assert config.build_date({"build_date": dt.date(2020, 1, 2)}) == dt.date(2020, 1, 2)
    with pytest.raises(UserError, match="build-date"):
        config.build_date({"build_date": "29/02/2024"})


def test_build_date_falls_back_to_last_commit(tmp_path):
    env = {
        "GIT_COMMITTER_DATE": "2021-05-06T12:00:00+00:00",
        "GIT_AUTHOR_DATE": "2021-05-06T12:00:00+00:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=env)
    (tmp_path / "f").write_text("x")
    subprocess.run(["git", "add", "f"], cwd=tmp_path, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=tmp_path, check=True, env=env)
    assert config.build_date({"build_date": None}, repo=str(tmp_path)) == dt.date(2021, 5, 6)


def test_build_date_without_config_or_git_is_an_error(tmp_path):
    with pytest.raises(UserError, match="no git commit"):
        config.build_date({}, repo=str(tmp_path))


def test_epoch_is_midnight_utc():
    assert config.epoch(dt.date(1970, 1, 2)) == 86400


def test_a_final_build_escalates_only_the_final_rules_warnings():
    from scripts.core.errors import ERROR, WARNING, escalated

    found = [
        finding("m.yaml", "placeholder", "still a placeholder", line=3, severity=WARNING),
        finding("r.bib", "missing-field", "lacks title", line=9, severity=WARNING),
        finding("r.bib", "doi-format", "not a DOI", line=9, severity=WARNING),
    ]
    assert escalated(found, final=False) == found
    final = escalated(found, final=True)
    assert [(f.rule, f.severity) for f in final] == [
        ("placeholder", ERROR),
        ("missing-field", ERROR),
        ("doi-format", WARNING),
    ]
    assert str(final[0]) == (
        "m.yaml:3: error [placeholder] still a placeholder; a final build (--config final=true) refuses it"
    )
