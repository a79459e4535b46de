"""python -m benchmarks [--repeat N] [--scales 1,4,16] [--quick] [--cores N] [--out FILE]

Each repetition measures every case once, one after the other, so that a slow moment of the
machine falls on all of them alike; the report gives the median over repetitions.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from benchmarks import floors, synthetic
from benchmarks.report import Incremental, Results, markdown
from benchmarks.workspace import ROOT, BenchmarkError, copy_repo, dependents, job_graph, only_dependents, snakemake

DATA_FILES = ("media_mix", "audience_age")
MANUSCRIPT_FILE = "manuscript/en/method.md"
ADDED_SENTENCE = "\nThe benchmark appended this sentence to the section.\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the report gives the median (default 5)")
    parser.add_argument("--scales", default="1,4,16", help="manuscript sizes for the scaling runs (default 1,4,16)")
    parser.add_argument("--quick", action="store_true", help="the smallest setting: the 1× scale only")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1, help="snakemake --cores (default: all cores)")
    parser.add_argument("--data-file", choices=DATA_FILES, default="media_mix", help="the raw file the data case edits")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository to measure (default: this one)")
    parser.add_argument("--out", type=Path, help="where to write the report (default: <repo>/build/bench.md)")
    args = parser.parse_args(argv)
    args.scales = [1] if args.quick else sorted({int(s) for s in args.scales.split(",") if s.strip()})
    if args.repeat < 1 or not args.scales or min(args.scales) < 1:
        parser.error("--repeat and every scale must be at least 1")
    if 1 not in args.scales:
        args.scales.insert(0, 1)  # the scaling ratios are taken against the 1× build
    args.repo = args.repo.resolve()
    args.out = args.out or args.repo / "build" / "bench.md"
    return args


def edit_data(repo: Path, stem: str) -> str:
    """Move one point of share from the first row to the second: the file changes, the shares
    still add up to 100, every value stays valid."""
    path = repo / "data" / "raw" / f"{stem}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    first, second = float(rows[0]["share_pct"]), float(rows[1]["share_pct"])
    if first < 1 or second > 99:
        raise BenchmarkError(f"{path}: no room to move a point of share between the first two rows")
    rows[0]["share_pct"], rows[1]["share_pct"] = f"{first - 1:g}", f"{second + 1:g}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path.relative_to(repo).as_posix()


def edit_manuscript(repo: Path) -> str:
    with open(repo / MANUSCRIPT_FILE, "a", encoding="utf-8") as handle:
        handle.write(ADDED_SENTENCE)
    return MANUSCRIPT_FILE


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def repetition(args, res: Results, tmp: Path, r: int, langs: list[str], graph: list) -> list:
    tag = f"[{r + 1}/{args.repeat}]"

    res.add("floor_snakemake", floors.snakemake_floor(tmp / "floor", args.cores))
    say(f"{tag} Snakemake floor        {res.samples['floor_snakemake'][-1]:6.2f} s")

    cold = copy_repo(args.repo, tmp / "cold")
    run = snakemake(cold, args.cores)
    res.add("cold", run.seconds)
    res.jobs["cold"] = run.job_count
    say(f"{tag} cold build             {run.seconds:6.2f} s  {run.job_count} jobs")
    if not graph:
        graph = job_graph(cold, args.cores)

    # The same four files the bare-tools floor makes, built from the raw inputs; the full
    # build above also makes the review versions, title pages, manifest and bundle.
    articles = copy_repo(args.repo, tmp / "articles")
    targets = [f"build/{lang}/article.{fmt}" for lang in langs for fmt in ("pdf", "docx")]
    run = snakemake(articles, args.cores, *targets)
    res.add("cold_articles", run.seconds)
    res.jobs["cold_articles"] = run.job_count
    say(f"{tag} cold build, 4 articles {run.seconds:6.2f} s  {run.job_count} jobs")
    shutil.rmtree(articles)

    noop = copy_repo(args.repo, tmp / "noop", with_build_from=cold)
    run = snakemake(noop, args.cores)
    res.add("noop", run.seconds)
    res.jobs["noop"] = run.job_count
    say(f"{tag} no-op build            {run.seconds:6.2f} s  {run.job_count} jobs")

    for name, edit in (("data", lambda repo: edit_data(repo, args.data_file)), ("manuscript", edit_manuscript)):
        repo = copy_repo(args.repo, tmp / name, with_build_from=cold)
        edited = edit(repo)
        run = snakemake(repo, args.cores)
        res.add(name, run.seconds)
        deps = dependents(graph, edited)
        res.incremental[name] = Incremental(edited, run.job_count, len(deps), only_dependents(run, deps),
                                            dict(sorted(run.rules().items())))
        say(f"{tag} {name + ' change':<22} {run.seconds:6.2f} s  {run.job_count} jobs ({len(deps)} depend on {edited})")
        shutil.rmtree(repo)

    floor = floors.tools_floor(noop, langs)
    for name in ("docx", "typst_source", "typst_compile", "typst_plain", "jats", "total"):
        res.add("floor_tools" if name == "total" else f"floor_{name}", getattr(floor, name))
    say(f"{tag} bare pandoc + typst    {floor.total:6.2f} s")
    if floors.xelatex_available():
        res.add("xelatex", floors.xelatex(noop, langs))
        say(f"{tag} pandoc + xelatex       {res.samples['xelatex'][-1]:6.2f} s")
    else:
        res.xelatex_skipped = "skipped: xelatex not installed"

    for n in args.scales:
        if n == 1:  # the 1× manuscript is the article itself: its cold build is the one above
            res.add("scale_1", res.samples["cold"][-1])
            res.jobs["scale_1"] = res.jobs["cold"]
            continue
        repo = copy_repo(args.repo, tmp / f"scale{n}")
        synthetic.grow(repo, n)
        if r == 0:
            synthetic.check_data(repo)
        run = snakemake(repo, args.cores)
        res.add(f"scale_{n}", run.seconds)
        res.jobs[f"scale_{n}"] = run.job_count
        say(f"{tag} {n:>2}× manuscript, cold  {run.seconds:6.2f} s  {run.job_count} jobs")
        shutil.rmtree(repo)

    for name in ("floor", "cold", "noop"):
        shutil.rmtree(tmp / name)
    return graph


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = yaml.safe_load((args.repo / "config.yaml").read_text(encoding="utf-8"))
    res = Results(cores=args.cores, repeat=args.repeat, scales=args.scales)
    graph: list = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            for r in range(args.repeat):
                graph = repetition(args, res, Path(tmp) / f"run{r}", r, config["languages"], graph)
    except BenchmarkError as err:
        print(f"benchmark failed: {err}", file=sys.stderr)
        return 1
    report = markdown(res)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    say(f"written to {args.out}")
    return 0
