"""python -m benchmarks [--repeat N] [--scales 1,4,16,64] [--bib-entries 680,2720] [--quick] [--editions en]
                     [--cores N] [--out FILE]

Each repetition measures every case once, one after the other, so that a slow moment of the
machine falls on all of them alike; the report gives the median over repetitions.
"""

from __future__ import annotations

import argparse
import csv
import io
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from benchmarks import floors, synthetic
from benchmarks.report import Incremental, Results, comparison, markdown
from benchmarks.workspace import (
    ROOT,
    BenchmarkError,
    copy_repo,
    dependents,
    job_graph,
    only_dependents,
    snakemake,
    snakemake_command,
    with_memory,
)

DATA_FILES = ("media_mix", "audience_age")
MANUSCRIPT_FILE = "manuscript/en/method.md"
# The shared corpus's 2,720-entry bibliography, beside the repository or one of its parents.
CORPUS_BIB = next(
    (
        folder / "shared" / "corpus" / "bib" / "tugboat.bib"
        for folder in ROOT.parents
        if (folder / "shared" / "corpus" / "bib" / "tugboat.bib").is_file()
    ),
    Path("tugboat.bib"),
)
# Saves per repetition in the watch case, each followed by the hand re-render it is compared with.
WATCH_SAVES = 3
REBUILD_LINE = re.compile(r"^\d\d:\d\d:\d\d (rebuilt|FAILED) ")
REPORT_WAIT = 300
ADDED_SENTENCE = "\nThe benchmark appended this sentence to the section.\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per measurement; the report gives the median (default 5)"
    )
    parser.add_argument(
        "--scales", default="1,4,16,64", help="manuscript sizes for the scaling runs (default 1,4,16,64)"
    )
    parser.add_argument(
        "--bib",
        type=Path,
        default=CORPUS_BIB,
        help=f"the large bibliography for the bib scaling runs (default {CORPUS_BIB})",
    )
    parser.add_argument(
        "--bib-entries",
        default="680,2720",
        help="uncited entries of --bib added for the bib scaling runs (default 680,2720)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="the smallest setting: the 1× scale only, no bib scaling, no cold --cores 2, no data change, "
        "no memory probe",
    )
    parser.add_argument(
        "--editions",
        help="measure these editions alone (comma-separated; default: every edition in "
        "config.yaml), in copies of the trees with `languages:` cut to them; the smallest setting with --quick",
    )
    parser.add_argument(
        "--cores",
        type=int,
        default=1,
        help="snakemake --cores of the no-op and incremental runs (default 1, as users run it)",
    )
    parser.add_argument("--data-file", choices=DATA_FILES, default="media_mix", help="the raw file the data case edits")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository to measure (default: this one)")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another tree (an older commit's files) measured side by side, "
        "case by case in the same repetitions; the report compares the budgets before and after",
    )
    parser.add_argument("--out", type=Path, help="where to write the report (default: <repo>/build/bench.md)")
    args = parser.parse_args(argv)
    args.scales = [1] if args.quick else sorted({int(s) for s in args.scales.split(",") if s.strip()})
    args.bib_entries = [] if args.quick else sorted({int(s) for s in args.bib_entries.split(",") if s.strip()})
    if args.bib_entries and not args.bib.is_file():
        parser.error(f"{args.bib}: not found (give --bib, or --bib-entries '')")
    if args.repeat < 1 or not args.scales or min(args.scales) < 1:
        parser.error("--repeat and every scale must be at least 1")
    if 1 not in args.scales:
        args.scales.insert(0, 1)  # the scaling ratios are taken against the 1× build
    args.editions = [s.strip() for s in args.editions.split(",") if s.strip()] if args.editions else None
    edited = MANUSCRIPT_FILE.split("/")[1]
    if args.editions is not None and edited not in args.editions:
        parser.error(f"--editions must include {edited}: the one-sentence edit is made to {MANUSCRIPT_FILE}")
    args.repo = args.repo.resolve()
    args.baseline = args.baseline.resolve() if args.baseline else None
    args.out = args.out or args.repo / "build" / "bench.md"
    return args


LANGUAGES = re.compile(r"^languages:.*$", re.MULTILINE)


def with_editions(tree: Path, dest: Path, editions: list[str]) -> Path:
    """A copy of `tree` whose config.yaml lists `editions` alone (each must be one of its editions)."""
    repo = copy_repo(tree, dest)
    config = repo / "config.yaml"
    text = config.read_text(encoding="utf-8")
    known = yaml.safe_load(text).get("languages") or []
    unknown = [lang for lang in editions if lang not in known]
    if unknown or not LANGUAGES.search(text):
        raise BenchmarkError(
            f"{tree}/config.yaml: cannot measure editions {', '.join(editions)} "
            f"(its languages: {', '.join(map(str, known))})"
        )
    config.write_text(LANGUAGES.sub(f"languages: [{', '.join(editions)}]", text, count=1), encoding="utf-8")
    return repo


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


def watch_and_hand(repo: Path, cores: int, saves: int) -> tuple[list[float], list[float]]:
    """Seconds from saving a one-sentence edit to scripts.commands.watch reporting the rebuilt PDF,
    and, after each, of the hand re-render of that PDF (floors.hand_render) in the same tree: side
    by side, so that a busy moment of the machine falls on both alike."""
    lang = MANUSCRIPT_FILE.split("/")[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "scripts.commands.watch", "--cores", str(cores)],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()

    def next_report() -> str:
        """The next line saying what a rebuild did (the findings printed after each are passed over)."""
        while True:
            try:
                line = lines.get(timeout=REPORT_WAIT)
            except queue.Empty:
                raise BenchmarkError(
                    f"scripts.commands.watch in {repo} printed no rebuild in {REPORT_WAIT} s"
                ) from None
            if REBUILD_LINE.match(line):
                return line

    watched, hand = [], []
    try:
        ready = lines.get(timeout=REPORT_WAIT)
        if not ready.startswith("watching"):
            raise BenchmarkError(f"scripts.commands.watch in {repo} did not start: {ready}")
        for _ in range(saves):
            start = time.perf_counter()
            edit_manuscript(repo)
            line = next_report()
            watched.append(time.perf_counter() - start)
            if " rebuilt " not in line:
                raise BenchmarkError(f"scripts.commands.watch in {repo} did not rebuild the PDF: {line}")
            time.sleep(0.5)  # its findings printed, watch idle again
            hand.append(sum(floors.hand_render(repo, lang, "article-hand")))
        return watched, hand
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def other_edition_renders(run, edited: str, langs: list[str]) -> list[str]:
    """Outputs of the jobs `run` ran in an edition other than the edited file's."""
    own = edited.split("/")[1]
    return [
        out
        for _rule, outputs in run.jobs
        for out in outputs
        if any(out.startswith(f"build/{lang}/") for lang in langs if lang != own)
    ]


def with_bibliography(repo: Path, bib: Path, entries: int) -> None:
    """Append the first `entries` entries of `bib`, cited nowhere, to the repository's .bib."""
    text = bib.read_text(encoding="utf-8", errors="replace")
    starts = [m.start() for m in synthetic.ENTRY.finditer(text)]
    cut = starts[entries] if entries < len(starts) else len(text)
    target = repo / "bib" / "references.bib"
    target.write_text(target.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text[:cut], encoding="utf-8")


# No-op runs per repetition, each beside a floor no-op (the no-op ratio's pairs).
NOOP_PAIRS = 5


def repetition(args, source: Path, res: Results, tmp: Path, r: int, langs: list[str], graph: list) -> list:
    tag = f"[{r + 1}/{args.repeat}{' ' + source.name if args.baseline else ''}]"

    res.add("floor_snakemake", floors.snakemake_floor(tmp / "floor", args.cores))
    say(f"{tag} Snakemake floor        {res.samples['floor_snakemake'][-1]:6.2f} s")

    # Cold builds of everything at one core (what the README tells users to run) and, but at
    # the quick setting, at two.
    for cores in (1,) if args.quick else (2, 1):
        cold = copy_repo(source, tmp / f"cold{cores}")
        if cores == 1 and max(args.scales) == 1 and not args.quick:
            run, memory = with_memory(snakemake_command(1), cold)
            res.memory = memory
        else:
            run = snakemake(cold, cores)
        res.add(f"cold_{cores}", run.seconds)
        res.jobs[f"cold_{cores}"] = run.job_count
        say(f"{tag} cold build, --cores {cores} {run.seconds:6.2f} s  {run.job_count} jobs")
    if not args.quick:
        shutil.rmtree(tmp / "cold2")
    if not graph:
        graph = job_graph(cold, args.cores)

    noop = copy_repo(source, tmp / "noop", with_build_from=cold)
    # The first run in a copied folder also fills what is kept by path (the compiled modules, the
    # rule files' parse): the no-op an author meets is the next one, as the floor's is its second run.
    moved = snakemake(noop, args.cores)
    res.add("noop_moved", moved.seconds)
    # A no-op is short and this ratio's budget is tight: it is taken over several no-op runs, each
    # beside a run of the floor's no-op, alternating, so that a busy moment falls on both.
    for _ in range(NOOP_PAIRS):
        res.add("noop_floor", snakemake(tmp / "floor", args.cores).seconds)
        run = snakemake(noop, args.cores)
        res.add("noop", run.seconds)
    res.jobs["noop"] = run.job_count
    say(f"{tag} no-op build            {run.seconds:6.2f} s  {run.job_count} jobs")

    edits = [("manuscript", edit_manuscript)]
    if not args.quick:
        edits.insert(0, ("data", lambda repo: edit_data(repo, args.data_file)))
    for name, edit in edits:
        repo = copy_repo(source, tmp / name, with_build_from=cold)
        edited = edit(repo)
        run = snakemake(repo, args.cores)
        res.add(name, run.seconds)
        deps = dependents(graph, edited)
        others = other_edition_renders(run, edited, langs) if name == "manuscript" else []
        res.incremental[name] = Incremental(
            edited, run.job_count, len(deps), only_dependents(run, deps), dict(sorted(run.rules().items())), others
        )
        say(f"{tag} {name + ' change':<22} {run.seconds:6.2f} s  {run.job_count} jobs ({len(deps)} depend on {edited})")
        shutil.rmtree(repo)

    repo = copy_repo(source, tmp / "watch", with_build_from=cold)
    watched, hand = watch_and_hand(repo, args.cores, WATCH_SAVES)
    res.add("watch", statistics.median(watched))
    res.add("watch_hand", statistics.median(hand))
    say(
        f"{tag} watch: save → PDF      {res.samples['watch'][-1]:6.2f} s"
        f"  (hand re-render {res.samples['watch_hand'][-1]:.2f} s)"
    )
    shutil.rmtree(repo)

    floor = floors.tools_floor(noop, langs)
    own = MANUSCRIPT_FILE.split("/")[1]
    for name in ("parse", "docx", "typst_source", "typst_compile", "typst_plain", "jats", "review", "title_page"):
        res.add(f"floor_{name}", getattr(floor, name))
    res.add("floor_every", floor.every_document)
    res.add("floor_edition", floor.edition[own])
    res.add("floor_edition_pdf", floor.edition_pdf[own])
    say(f"{tag} bare tools, every doc  {floor.every_document:6.2f} s")
    if floors.xelatex_available():
        res.add("xelatex", floors.xelatex(noop, langs))
        say(f"{tag} pandoc + xelatex       {res.samples['xelatex'][-1]:6.2f} s")
    else:
        res.xelatex_skipped = "skipped: xelatex not installed"

    for n in args.scales:
        if n == 1:  # the 1× manuscript is the article itself: its cold build is the one above
            res.add("scale_1", res.samples["cold_1"][-1])
            res.jobs["scale_1"] = res.jobs["cold_1"]
            continue
        repo = copy_repo(source, tmp / f"scale{n}")
        synthetic.grow(repo, n)
        if r == 0:
            synthetic.check_data(repo)
        if n == max(args.scales):
            run, res.memory = with_memory(snakemake_command(1), repo)
        else:
            run = snakemake(repo, 1)
        res.add(f"scale_{n}", run.seconds)
        res.jobs[f"scale_{n}"] = run.job_count
        say(f"{tag} {n:>2}× manuscript, cold  {run.seconds:6.2f} s  {run.job_count} jobs")
        shutil.rmtree(repo)

    for entries in args.bib_entries:
        repo = copy_repo(source, tmp / f"bib{entries}")
        with_bibliography(repo, args.bib, entries)
        run = snakemake(repo, 1)
        res.add(f"bib_{entries}", run.seconds)
        say(f"{tag} +{entries} uncited entries, cold {run.seconds:6.2f} s")
        shutil.rmtree(repo)

    for name in ("floor", "cold1", "noop"):
        shutil.rmtree(tmp / name)
    return graph


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = yaml.safe_load((args.repo / "config.yaml").read_text(encoding="utf-8"))
    langs = args.editions or config["languages"]
    trees = [args.repo] + ([args.baseline] if args.baseline else [])
    results = {
        tree: Results(cores=args.cores, repeat=args.repeat, scales=args.scales, editions=langs) for tree in trees
    }
    graphs: dict[Path, list] = {tree: [] for tree in trees}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            sources = {
                tree: with_editions(tree, Path(tmp) / f"tree{i}" / tree.name, args.editions) if args.editions else tree
                for i, tree in enumerate(trees)
            }
            for r in range(args.repeat):
                for i, tree in enumerate(trees):  # alternating, so a busy moment falls on both alike
                    graphs[tree] = repetition(
                        args, sources[tree], results[tree], Path(tmp) / f"run{r}-{i}", r, langs, graphs[tree]
                    )
    except BenchmarkError as err:
        print(f"benchmark failed: {err}", file=sys.stderr)
        return 1
    report = markdown(results[args.repo])
    if args.baseline:
        report += "\n" + comparison(results[args.baseline], results[args.repo], args.baseline)
        report += "\n## Baseline\n\n" + markdown(results[args.baseline]).split("\n", 2)[2]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    say(f"written to {args.out}")
    return 0
