"""Snakemake's parse of a rule file, remembered (scripts/core/parse_memo.py): a remembered parse
gives what Snakemake's own gives, and an edited file is parsed anew."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import REPO
from snakemake import parser
from snakemake.sourcecache import LocalSourceFile, SourceCache

from scripts.core import memo, parse_memo


@pytest.fixture
def workflow(tmp_path):
    memo.enable(tmp_path / "memo")
    yield SimpleNamespace(sourcecache=SourceCache(tmp_path / "cache"))
    memo._ROOT.clear()


def counting(calls):
    def parse(*args):
        calls.append(args[0])
        return parser.parse(*args)

    return parse


@pytest.mark.parametrize("name", ["common", "article"])
def test_a_remembered_parse_is_snakemakes_own(workflow, name):
    path = LocalSourceFile(str(REPO / "rules" / f"{name}.smk"))
    calls = []
    parse = parse_memo.cached(counting(calls), parser, "test")
    expected_linemap: dict = {}
    expected = parser.parse(path, workflow, expected_linemap, None, 3)
    for _ in range(2):
        linemap: dict = {}
        assert parse(path, workflow, linemap, None, 3) == expected
        assert linemap == expected_linemap
    assert len(calls) == 1


def test_an_edited_file_or_another_rule_count_is_parsed_anew(workflow, tmp_path):
    rules = tmp_path / "rules.smk"
    rules.write_text('rule a:\n    output: "a"\n    shell: "touch {output}"\n', encoding="utf-8")
    path = LocalSourceFile(str(rules))
    calls = []
    parse = parse_memo.cached(counting(calls), parser, "test")
    first = parse(path, workflow, {}, None, 0)
    assert parse(path, workflow, {}, None, 5) != first  # the rule count is in the code
    rules.write_text('rule b:\n    output: "b"\n    shell: "touch {output}"\n', encoding="utf-8")
    workflow.sourcecache = SourceCache(tmp_path / "cache2")  # Snakemake's cache lives one run
    assert "'b'" in parse(path, workflow, {}, None, 0)[0]
    assert len(calls) == 3


def test_a_moved_file_is_parsed_at_its_new_path(workflow, tmp_path):
    text = (REPO / "rules" / "article.smk").read_text(encoding="utf-8")
    old, new = tmp_path / "a" / "article.smk", tmp_path / "b" / "article.smk"
    for path in (old, new):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    calls = []
    parse = parse_memo.cached(counting(calls), parser, "test")
    parse(LocalSourceFile(str(old)), workflow, {}, None, 2)
    moved = parse(LocalSourceFile(str(new)), workflow, {}, None, 2)
    assert str(old) not in moved[0] and str(new) in moved[0]
    assert len(calls) == 2
