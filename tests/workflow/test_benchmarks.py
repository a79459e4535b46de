"""The build benchmark keeps working: run at its smallest setting (--quick --repeat 1 --editions en:
every case once, on a copy of the repository with the English edition alone), it writes the full
table.

No timing is asserted here (timings depend on the machine); only that every row is there and
every figure is a positive number.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from conftest import REPO

from benchmarks import run, synthetic
from benchmarks.report import Incremental, Results, comparison
from benchmarks.workspace import BenchmarkError, copy_repo, parse_jobs, with_memory

pytestmark = pytest.mark.integration

MEASUREMENTS = [
    "cold build `--cores 1`",
    "no-op build",
    "the first no-op in a copied folder",
    "manuscript change, one sentence",
    "watch: save → new PDF",
    "beside each save: the hand re-render of that PDF",
    "floor: bare pandoc + typst, every document",
    "pandoc → JSON (the parse",
    "JSON → DOCX",
    "JSON → typst source",
    "typst compile → PDF/A-2a + PDF/UA-1",
    "JSON → JATS XML",
    "review DOCX + PDF from the JSON",
    "title page DOCX",
    "floor: bare re-render of the edited edition (",
    "floor: bare re-render of the edited edition's PDF",
    "beside the floor: typst compile without pdf_standards",
    "floor: Snakemake no-op of a one-rule workflow",
    "scaling: 1× manuscript, cold build",
]
RATIOS = [
    "cold `--cores 1`, everything / (bare tools for every document + Snakemake floor)",
    "cold `--cores 2` / cold `--cores 1`",
    "no-op / Snakemake floor",
    "one-sentence edit / (that edition's bare re-render + Snakemake floor)",
    "watch: save → new PDF / hand re-render of that PDF, side by side",
    "manuscript change: jobs run",
    "xelatex / typst",
    "typst compile with PDF/A-2a + PDF/UA-1 / without",
    "time per 1× of manuscript",
]
NUMBER = r"(\d+(?:\.\d+)?)"


def rows(table: str) -> dict[str, list[str]]:
    """Markdown table rows by their first cell."""
    found = {}
    for line in table.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            found[cells[0]] = cells[1:]
    return found


def find(table_rows: dict[str, list[str]], label: str) -> list[str]:
    matches = [cells for first, cells in table_rows.items() if first.startswith(label)]
    assert matches, f"no row {label!r}"
    return matches[0]


def test_benchmark_writes_every_row_with_positive_figures(tmp_path):
    out = tmp_path / "bench.md"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--repeat", "1", "--editions", "en", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    table = out.read_text(encoding="utf-8")
    assert table == result.stdout.rstrip("\n") + "\n"
    assert "Editions measured: en." in table
    found = rows(table)

    for key in ("CPU", "cores", "Python", "Snakemake", "pandoc", "typst", "xelatex"):
        assert find(found, key)[0], key

    for label in MEASUREMENTS:
        median, spread, jobs = find(found, label)
        assert float(median) > 0, label
        low, high = (float(x) for x in spread.split("–"))
        assert 0 < low <= float(median) <= high, label
        if label.startswith(("cold build", "manuscript change", "scaling")):
            assert int(jobs) > 0, label
    assert find(found, "no-op build")[2] == "0"
    xelatex = find(found, "xelatex: pandoc --pdf-engine=xelatex")
    assert xelatex[0] == "skipped: xelatex not installed" or float(xelatex[0]) > 0

    for label in RATIOS:
        value = find(found, label)[0]
        if value.startswith("skipped"):
            continue
        numbers = [float(n) for n in re.findall(NUMBER, value)]
        assert numbers and all(n > 0 for n in numbers), (label, value)
    assert find(found, "bib cost per uncited entry")[0] == "skipped: --quick"
    assert find(found, "cold build `--cores 2`")[0] == "skipped: --quick"
    assert find(found, "raw data change")[0] == "skipped: --quick"
    assert find(found, "memory of the largest cold build")[0] == "skipped: --quick"
    ran, dependents = (int(n) for n in find(found, "manuscript change: jobs run")[0].split(" / "))
    assert 0 < ran <= dependents


def test_synthetic_manuscript_keeps_the_data_valid(tmp_path):
    repo = copy_repo(REPO, tmp_path / "repo")
    results = repo / "manuscript" / "en" / "results.md"
    before = results.read_text(encoding="utf-8")
    synthetic.grow(repo, 2)
    synthetic.check_data(repo)
    after = results.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")) and len(after) > 1.8 * len(before)
    assert after.count("{{table:findings}}") == before.count("{{table:findings}}") == 1  # placed once
    bib = (repo / "bib" / "references.bib").read_text(encoding="utf-8")
    assert "rahmasari2018x2" in bib and "@rahmasari2018x2" in (
        repo / "manuscript" / "en" / "introduction.md"
    ).read_text(encoding="utf-8")


def test_parse_jobs_reads_rules_and_outputs():
    log = (
        "localrule csl:\n    input: config.yaml\n    output: build/style.csl\n    jobid: 3\n"
        "rule pdf:\n    output: build/en/article.pdf, build/en/article.typ\n"
        "localrule all:\n    input: build/en/article.pdf\n"
    )
    assert parse_jobs(log) == [
        ("csl", ("build/style.csl",)),
        ("pdf", ("build/en/article.pdf", "build/en/article.typ")),
        ("all", ()),
    ]


def results(scale: float, others: list[str]) -> Results:
    """Results of one repetition whose pipeline times are `scale` × fixed tool floors."""
    res = Results(cores=1, repeat=1, scales=[1], editions=["id", "en"])
    floors = {"floor_every": 4.0, "floor_snakemake": 1.0, "noop_floor": 1.0, "floor_edition": 2.0, "watch_hand": 1.5}
    for name, value in floors.items():
        res.add(name, value)
    for name, value in {"cold_1": 5.0, "cold_2": 3.0, "noop": 1.0, "manuscript": 3.0, "watch": 2.0}.items():
        res.add(name, value * scale)
    res.jobs["cold_1"] = 40
    res.incremental["manuscript"] = Incremental("manuscript/en/method.md", 9, 9, True, {"pdf": 1}, others)
    return res


def test_comparison_sets_each_budget_before_beside_after():
    before, after = results(2.0, ["build/id/article.pdf"]), results(1.0, [])
    table = rows(comparison(before, after, "/tmp/base"))
    assert find(table, "cold `--cores 1`, everything")[:3] == ["2.00", "1.00", "**met**"]  # 10/5, 5/5
    assert find(table, "cold `--cores 2` / cold `--cores 1`")[:3] == ["0.60", "0.60", "**met**"]
    assert find(table, "no-op / Snakemake floor")[:3] == ["2.00", "1.00", "**met**"]
    assert find(table, "one-sentence edit / ")[:3] == ["2.00", "1.00", "**met**"]
    assert find(table, "watch: save → new PDF")[:3] == ["2.67", "1.33", "**missed**"]  # 2 / 1.5 > 1.2
    assert find(table, "one-sentence edit: the other edition's files")[:2] == ["1", "0"]


def test_memory_probe_sees_the_largest_process_and_the_whole_tree(tmp_path):
    allocate = "x = bytearray(150 * 2**20); import time; time.sleep(0.4)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {allocate!r}])"
    run, memory = with_memory([sys.executable, "-c", child], tmp_path)
    assert run.seconds > 0.4
    assert memory.largest_process >= 150 * 2**20  # the grandchild, counted by the kernel
    assert memory.peak_total >= memory.largest_process * 0.9  # sampled while it slept


def test_with_editions_cuts_the_copy_to_the_editions_asked(tmp_path):
    repo = run.with_editions(REPO, tmp_path / "repo", ["en"])
    config = yaml.safe_load((repo / "config.yaml").read_text(encoding="utf-8"))
    assert config["languages"] == ["en"]
    assert (repo / "config.yaml").read_text(encoding="utf-8").startswith("# ")  # the comments are kept
    assert yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))["languages"] != ["en"]  # not the original
    with pytest.raises(BenchmarkError, match="cannot measure editions fr"):
        run.with_editions(REPO, tmp_path / "other", ["fr"])


def test_editions_without_the_edited_one_are_refused(capsys):
    with pytest.raises(SystemExit):
        run.parse_args(["--quick", "--editions", "id"])
    assert "--editions must include en" in capsys.readouterr().err
