"""The author's edit loop (scripts/commands/watch.py): which saves rebuild which edition, what it prints,
and a real watcher that sees a saved file and writes a new PDF."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading

import pytest
from conftest import copy_repo
from readers import pdf_text, squash

from scripts.commands import watch

pytestmark = pytest.mark.integration

LANGS = ["id", "en"]
# Generous: a rebuild of one edition on a loaded machine; the test asserts no timing.
REBUILD_WAIT = 180


def test_is_source_takes_manuscript_data_and_bib_files_only(tmp_path):
    assert watch.is_source(str(tmp_path / "manuscript/en/method.md"), tmp_path)
    assert watch.is_source(str(tmp_path / "manuscript/metadata.yaml"), tmp_path)
    assert watch.is_source(str(tmp_path / "data/raw/media_mix.csv"), tmp_path)
    assert watch.is_source(str(tmp_path / "bib/references.bib"), tmp_path)
    assert not watch.is_source(str(tmp_path / "build/en/article.md"), tmp_path)
    assert not watch.is_source(str(tmp_path / "manuscript/en/.method.md.swp"), tmp_path)
    assert not watch.is_source(str(tmp_path / "manuscript/en/method.md~"), tmp_path)
    assert not watch.is_source(str(tmp_path / "data/README.md"), tmp_path)
    assert not watch.is_source("/elsewhere/manuscript/en/method.md", tmp_path)


def test_editions_for_a_section_is_its_own_edition_and_shared_files_feed_all(tmp_path):
    assert watch.editions_for([str(tmp_path / "manuscript/en/method.md")], tmp_path, LANGS) == ["en"]
    assert watch.editions_for(
        [str(tmp_path / "manuscript/en/a.md"), str(tmp_path / "manuscript/id/b.md")], tmp_path, LANGS
    ) == ["id", "en"]
    assert watch.editions_for([str(tmp_path / "data/raw/media_mix.csv")], tmp_path, LANGS) == LANGS
    assert watch.editions_for([str(tmp_path / "manuscript/metadata.yaml")], tmp_path, LANGS) == LANGS
    assert watch.editions_for([], tmp_path, LANGS) == []


def test_findings_are_read_once_each_in_order():
    output = (
        "rule pdf:\n"
        "manuscript/en/method.md:3:5: error [unknown-placeholder] unknown key 'x'\n"
        "bib/references.bib:41: warning [missing-field] @article 'a' lacks journal\n"
        "  manuscript/en/method.md:3:5: error [unknown-placeholder] unknown key 'x'\n"
        "Error in rule assemble:\n"
    )
    assert watch.findings(output) == [
        "manuscript/en/method.md:3:5: error [unknown-placeholder] unknown key 'x'",
        "bib/references.bib:41: warning [missing-field] @article 'a' lacks journal",
    ]
    assert watch.findings("nothing to be done\n") == []


def test_summary_is_one_line_with_time_and_findings():
    line = watch.summary("10:00:00", ["en"], 1.234, True, [])
    assert line == "10:00:00 rebuilt build/en/article.pdf in 1.23 s"
    line = watch.summary("10:00:00", ["id", "en"], 2.0, False, ["a.md:1: error [r] m", "b.bib:2: warning [s] n"])
    assert "\n" not in line
    assert line.startswith("10:00:00 FAILED build/id/article.pdf, build/en/article.pdf in 2.00 s — 2 findings: ")
    assert line.endswith("a.md:1: error [r] m | b.bib:2: warning [s] n")
    assert watch.summary("10:00:00", ["en"], 2.0, False, []).endswith("see build/logs/snakemake.log")


def read_lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def next_line(lines: queue.Queue, proc: subprocess.Popen) -> str:
    try:
        return lines.get(timeout=REBUILD_WAIT)
    except queue.Empty:
        proc.kill()
        pytest.fail(f"scripts.commands.watch printed nothing within {REBUILD_WAIT} s")


def test_saving_a_section_rebuilds_its_pdf_and_a_bad_save_prints_the_finding(built, tmp_path):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    pdf_en, pdf_id = repo / "build/en/article.pdf", repo / "build/id/article.pdf"
    before_en, before_id = pdf_en.stat().st_mtime_ns, pdf_id.stat().st_mtime_ns
    proc = subprocess.Popen(
        [sys.executable, "-m", "scripts.commands.watch"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=read_lines, args=(proc.stdout, lines), daemon=True).start()
    try:
        assert next_line(lines, proc).startswith("watching ")
        method = repo / "manuscript/en/method.md"
        method.write_text(method.read_text(encoding="utf-8") + "\nThe watcher saw this sentence.\n", encoding="utf-8")
        line = next_line(lines, proc)
        assert " rebuilt build/en/article.pdf in " in line, line
        assert pdf_en.stat().st_mtime_ns > before_en
        assert pdf_id.stat().st_mtime_ns == before_id  # the other edition is left alone
        assert squash("The watcher saw this sentence.") in squash(pdf_text(pdf_en))

        method.write_text(method.read_text(encoding="utf-8") + "\nA figure: {{no.such.key}}.\n", encoding="utf-8")
        line = next_line(lines, proc)
        assert " FAILED build/en/article.pdf in " in line, line
        assert "manuscript/en/method.md:" in line and "error [" in line and "no.such.key" in line, line
        assert squash("The watcher saw this sentence.") in squash(pdf_text(pdf_en))  # the last good PDF stays
    finally:
        proc.terminate()
        proc.wait(timeout=30)
