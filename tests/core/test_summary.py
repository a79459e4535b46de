"""Unit tests for the end-of-build summary, the section warnings and tracing typst text to its source."""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

from scripts.article import sourcemap
from scripts.checks import sections
from scripts.core import closing as summary
from scripts.core.errors import Finding, parse_finding

ERR = "data/raw/a.csv:3:share_pct: error [type] '40%' is not a number"
WARN = "bib/references.bib:8: warning [missing-field] @online 'x' lacks title"


def test_parse_finding_reads_every_form_it_is_printed_in():
    for text in (
        ERR,
        WARN,
        "manuscript/en/x.md: warning [unlisted-section] a: b",
        "doc.typ:4:1: error [typst] m (x:1:2)",
    ):
        assert str(parse_finding(text)) == text
    assert parse_finding(ERR).column == "share_pct"
    assert parse_finding("doc.typ:4:12: error [typst] m").column == 12
    for text in ("rule pdf:", "    input: a, b", "Error in rule pdf:", "RuleException: x: error [y] z"):
        assert parse_finding(text) is None


def test_collect_lists_each_finding_once_errors_first():
    texts = [f"noise\n{WARN}\n{ERR}\n", f"{ERR}\nTraceback? no\n", "a.md:2: error [x] second\n"]
    assert [str(f) for f in summary.collect(texts)] == ["a.md:2: error [x] second", ERR, WARN]


def test_block_counts_and_ends_with_the_findings():
    text = summary.block(summary.collect([ERR, WARN]), "build/logs/snakemake.log")
    assert text.splitlines() == [
        "==== build FAILED: 1 error, 1 warning (full log: build/logs/snakemake.log) ====",
        ERR,
        WARN,
    ]
    assert summary.block([], None) == "==== build finished: 0 errors, 0 warnings ====\n"


class FakeDag:
    """What summary reads of Snakemake's DAG: its jobs, and which are done or up to date."""

    def __init__(self, jobs, pending):
        self.jobs, self.pending = jobs, pending

    def noneedrun_finished(self, job):
        return all(job is not other for other in self.pending)


def job(name, log):
    return SimpleNamespace(rule=SimpleNamespace(name=name), log=[log])


def test_current_logs_leave_out_jobs_that_did_not_get_to_run(tmp_path):
    up_to_date, failed, not_run, silent = (job(n, str(tmp_path / f"{n}.log")) for n in ("a", "b", "c", "d"))
    for j, text in (
        (up_to_date, WARN),
        (not_run, "x.md:1: error [old] from an earlier run"),
        (failed, ERR),
        (silent, "Traceback"),
    ):
        (tmp_path / f"{j.rule.name}.log").write_text(text + "\n", encoding="utf-8")
    started = time.time()
    os.utime(tmp_path / "c.log", (started - 60, started - 60))
    os.utime(tmp_path / "a.log", (started - 60, started - 60))
    for name in ("b", "d"):
        os.utime(tmp_path / f"{name}.log", (started + 1, started + 1))
    dag = FakeDag([up_to_date, failed, not_run, silent], pending=[failed, not_run, silent])
    found = [str(f) for f in summary.job_findings(dag, started)]
    assert found == [
        ERR,
        WARN,
        f"{tmp_path / 'd.log'}: error [job-failed] rule d failed without a finding of its own; its log says why",
    ]


def test_unlisted_and_empty_sections_are_warnings(tmp_path):
    for lang in ("id", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "intro.md").write_text("# Intro\n\nText.\n", encoding="utf-8")
        (tmp_path / lang / "method.md").write_text("\n<!-- to do -->\n  \n", encoding="utf-8")
    (tmp_path / "en" / "appendix.md").write_text("# Appendix\n", encoding="utf-8")
    found = sections.warnings(tmp_path, ["id", "en"], ["intro", "method", "results"])
    assert [(f.rule, f.file.removeprefix(f"{tmp_path.as_posix()}/")) for f in found] == [
        ("empty-section", "id/method.md"),
        ("unlisted-section", "en/appendix.md"),
        ("empty-section", "en/method.md"),
    ]
    assert all(isinstance(f, Finding) and f.severity == "warning" for f in found)


def test_locate_finds_the_word_at_the_column_then_the_line():
    sources = {"a.md": ["one two", "the note `#f()`{=typst}"], "b.md": ["#f() again"]}
    assert sourcemap.locate("the note #f() here", 10, sources) == sourcemap.Place("a.md", 2, 11)
    assert sourcemap.locate("one two", 1, {"a.md": ["x", "one two three"]}) == sourcemap.Place("a.md", 2, 1)
    assert sourcemap.locate("generated table cell", 3, sources) is None
    assert sourcemap.fragments("  ab", 3) == []
