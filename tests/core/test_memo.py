"""Remembered schema verdicts (scripts/core/memo.py): only a clean check is remembered, and any
change to what was checked checks again, so a bad setting is reported as it always was."""

from __future__ import annotations

import pytest

from scripts.core import config, memo
from scripts.core.errors import UserError

GOOD = """\
languages: [id, en]
formats: [pdf, docx]
sections: [introduction, method]
build_date: 2026-11-28
"""


@pytest.fixture
def memo_root(tmp_path):
    memo.enable(tmp_path / "memo")
    yield tmp_path / "memo"
    memo._ROOT.clear()


def counted(found):
    calls = []

    def check():
        calls.append(1)
        return found

    return check, calls


def test_off_unless_enabled_checks_every_time_and_writes_nothing(tmp_path):
    check, calls = counted([])
    for _ in range(2):
        assert memo.clean(check, lambda: pytest.fail("hashed while off")) == []
    assert len(calls) == 2


def test_a_clean_check_is_remembered_and_a_change_checks_again(memo_root):
    check, calls = counted([])
    for _ in range(2):
        assert memo.clean(check, lambda: ("kind", {"a": 1})) == []
    assert len(calls) == 1
    for changed in ({"a": 2}, {"a": 1.0}, {"a": "1"}, {"a": 1, "b": None}):
        memo.clean(check, lambda changed=changed: ("kind", changed))
    assert len(calls) == 5


def test_findings_are_never_remembered(memo_root):
    check, calls = counted(["bad"])
    for _ in range(2):
        assert memo.clean(check, lambda: ("kind", {"a": 1})) == ["bad"]
    assert len(calls) == 2
    assert not memo_root.exists()


def test_a_damaged_entry_is_a_miss(memo_root):
    check, calls = counted([])
    memo.clean(check, lambda: ("kind", 1))
    for entry in memo_root.iterdir():
        entry.write_bytes(b"not a pickle")
    assert memo.clean(check, lambda: ("kind", 1)) == []
    assert len(calls) == 2


def test_config_bad_after_good_is_still_one_finding_at_its_line(memo_root, tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(GOOD, encoding="utf-8")
    config.load(path, complete=True)
    config.load(path, complete=True)  # remembered: no jsonschema needed
    path.write_text(GOOD.replace("[pdf, docx]", "[pdf, odt]"), encoding="utf-8")
    with pytest.raises(UserError) as err:
        config.load(path, complete=True)
    assert [f.line for f in err.value.findings] == [2]


def test_snakemake_validate_is_replayed_with_its_defaults(memo_root):
    calls = []

    def snakemake_validate(settings):
        calls.append(1)
        settings.setdefault("final", False)

    first, second = {"languages": ["en"]}, {"languages": ["en"]}
    config.validate(first, lambda: snakemake_validate(first))
    config.validate(second, lambda: snakemake_validate(second))
    assert first == second == {"languages": ["en"], "final": False}
    assert len(calls) == 1
