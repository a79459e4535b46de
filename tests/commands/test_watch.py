"""The author's edit loop (scripts/commands/watch.py): which saves rebuild which edition, what it prints,
and a real watcher that sees a saved file and writes a new PDF."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time

import pytest
from conftest import REPO, copy_repo, snakemake
from readers import pdf_text, squash

from scripts.commands import watch
from scripts.core.errors import parse_finding

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


def test_findings_are_read_once_each_warnings_then_errors():
    output = (
        "rule pdf:\n"
        "manuscript/en/method.md:3:5: error [unknown-placeholder] unknown key 'x'\n"
        "bib/references.bib:41: warning [missing-field] @article 'a' lacks journal\n"
        "  manuscript/en/method.md:3:5: error [unknown-placeholder] unknown key 'x'\n"
        "Error in rule assemble:\n"
    )
    assert watch.findings(output) == [
        "bib/references.bib:41: warning [missing-field] @article 'a' lacks journal",
        "manuscript/en/method.md:3:5: error [unknown-placeholder] unknown key 'x'",
    ]
    assert watch.findings("nothing to be done\n") == []


def test_report_is_a_line_then_one_finding_per_line():
    assert watch.report("10:00:00", ["en"], 1.234, True, []) == "10:00:00 rebuilt build/en/article.pdf in 1.23 s"
    found = ["b.bib:2: warning [s] n", "a.md:1: error [r] m"]
    assert watch.report("10:00:00", ["id", "en"], 2.0, False, found).splitlines() == [
        "10:00:00 FAILED build/id/article.pdf, build/en/article.pdf in 2.00 s — the last good PDF is kept; 2 findings:",
        *found,
    ]
    assert watch.report("10:00:00", ["en"], 2.0, False, []).endswith("kept; see build/logs/snakemake.log")


def rule_command(rules_file: str, rule: str) -> str:
    """The in-process step of `rule` in rules/<rules_file> (`run: step("MODULE ARGS")`), its string pieces joined."""
    text = (REPO / "rules" / rules_file).read_text(encoding="utf-8").split(f"rule {rule}:")[1]
    command = text.split("run:")[1].split("\n\n")[0]
    return "".join(piece for piece in command.split('"')[1::2])


def test_in_process_steps_get_their_rules_arguments():
    """watch runs the checks and the assembly in its own process: with the arguments their rules give."""
    assert rule_command("checks.smk", "check_citations").startswith(
        "scripts.checks.citation_check --bib {input.bib} --config {input.config} --lang {wildcards.lang}"
        " {params.strings} {params.final} --json {output} {input.sections}"
    )
    assert watch.check_citations_args("en", ["manuscript/en/a.md"], LANGS, final=True) == [
        *["--bib", "bib/references.bib", "--config", "build/config/citations.json", "--lang", "en"],
        *["--strings", "templates/i18n/id.yaml", "--strings", "templates/i18n/en.yaml", "--final"],
        *["--json", "build/reports/citations-en.json", "manuscript/en/a.md"],
    ]
    assert rule_command("checks.smk", "check_editions").startswith(
        "scripts.checks.edition_check --config {input.config} --lang {wildcards.lang}"
        " --typesetting {input.typesetting} --json {output} manuscript"
    )
    assert watch.check_editions_args("en") == [
        *["--config", "build/config/sections.json", "--lang", "en", "--typesetting", "build/journal/typesetting.json"],
        *["--json", "build/reports/editions-en.json", "manuscript"],
    ]
    assert rule_command("article.smk", "assemble").startswith(
        "scripts.article.assemble --lang {wildcards.lang} --facts {input.facts} --config {input.config}"
        " --front-matter {input.front_matter} --sections {input.journal_sections}"
        " --date {params.date} --out {output}"
    )
    assert watch.assemble_args("en", "2026-11-28") == [
        *["--lang", "en", "--facts", "build/journal/facts.json", "--config", "build/config/sections.json"],
        *["--front-matter", "build/journal/front_matter.json", "--sections", "build/journal/sections.json"],
        *["--date", "2026-11-28", "--out", "build/en/article.md"],
    ]


def test_a_section_feeds_its_edition_alone(tmp_path):
    assert watch.is_section(str(tmp_path / "manuscript/en/method.md"), tmp_path)
    assert not watch.is_section(str(tmp_path / "manuscript/metadata.yaml"), tmp_path)
    assert not watch.is_section(str(tmp_path / "data/raw/media_mix.csv"), tmp_path)


def read_lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def next_line(lines: queue.Queue, proc: subprocess.Popen) -> str:
    try:
        return lines.get(timeout=REBUILD_WAIT)
    except queue.Empty:
        proc.kill()
        pytest.fail(f"scripts.commands.watch printed nothing within {REBUILD_WAIT} s")


class PresenceWatch(threading.Thread):
    """Looks at a file every few milliseconds and counts the looks that did not find it."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.looks, self.missing, self.stop = path, 0, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.looks += 1
            self.missing += not self.path.is_file()
            time.sleep(0.005)


def next_report(lines: queue.Queue, proc: subprocess.Popen) -> list[str]:
    """A rebuild's line and its findings (watch prints them at once, one per line)."""
    report = [next_line(lines, proc)]
    time.sleep(0.5)
    while not lines.empty():
        report.append(lines.get())
    return report


def save(path, addition: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")


def test_saves_rebuild_the_pdf_which_stays_present_and_a_failed_save_keeps_the_last_good(built, tmp_path):
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
    presence = PresenceWatch(pdf_en)
    presence.start()
    try:
        assert next_line(lines, proc).startswith("watching ")
        method = repo / "manuscript/en/method.md"
        save(method, "\nThe watcher saw this sentence.\n")
        report = next_report(lines, proc)
        assert " rebuilt build/en/article.pdf in " in report[0], report
        assert pdf_en.stat().st_mtime_ns > before_en
        assert pdf_id.stat().st_mtime_ns == before_id  # the other edition is left alone
        assert squash("The watcher saw this sentence.") in squash(pdf_text(pdf_en))
        good = pdf_en.read_bytes()

        text = method.read_text(encoding="utf-8")
        save(method, "\nA typst error: `#text(fill: red)[unclosed`{=typst}.\n")
        report = next_report(lines, proc)
        assert " FAILED build/en/article.pdf in " in report[0] and "the last good PDF is kept" in report[0], report
        error = parse_finding(report[-1])
        assert error.severity == "error" and error.rule == "typst", report
        # Where the error is: the typst source it failed on, kept (raw typst has no manuscript line).
        assert "[unclosed" in (repo / error.file).read_text(encoding="utf-8").splitlines()[error.line - 1], report
        assert all(parse_finding(found) for found in report[1:]), report
        assert pdf_en.read_bytes() == good

        method.write_text(text + "\nA figure: {{no.such.key}}.\n", encoding="utf-8")
        report = next_report(lines, proc)
        assert " FAILED build/en/article.pdf in " in report[0], report
        assert report[-1].startswith("manuscript/en/method.md:") and "no.such.key" in report[-1], report
        assert pdf_en.read_bytes() == good

        method.write_text(text, encoding="utf-8")  # the fix: the same text gives the same bytes
        report = next_report(lines, proc)
        assert " rebuilt build/en/article.pdf in " in report[0], report
        assert pdf_en.read_bytes() == good

        # A raw data file feeds both editions: Snakemake reruns the data jobs, then both are rendered.
        media_mix = repo / "data/raw/media_mix.csv"
        shares = media_mix.read_text(encoding="utf-8")
        assert shares.count(",85\n") == 1 and shares.count(",15\n") == 1
        media_mix.write_text(shares.replace(",85\n", ",84\n").replace(",15\n", ",16\n"), encoding="utf-8")
        report = next_report(lines, proc)
        assert " rebuilt build/id/article.pdf, build/en/article.pdf in " in report[0], report
        from_data = pdf_id.read_bytes(), pdf_en.read_bytes()
        assert from_data[1] != good
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        presence.stop.set()
        presence.join()
    assert presence.looks > 100 and presence.missing == 0
    # The PDFs watch wrote are the ones the build writes from the same inputs.
    assert snakemake(repo, "--forcerun", "pdf", "build/id/article.pdf", "build/en/article.pdf").returncode == 0
    assert (pdf_id.read_bytes(), pdf_en.read_bytes()) == from_data
