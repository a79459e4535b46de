"""The machine, the figures, the ratios and the budgets, as one Markdown report."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from importlib import metadata

from benchmarks.floors import pandoc_binary, xelatex_available
from benchmarks.workspace import Memory

# The budgets of issue 13: name → (what is compared, budget text, test on the ratio).
BUDGETS = {
    "cold": (
        "cold `--cores 1`, everything / (bare tools for every document + Snakemake floor)",
        "≤ 1.5",
        lambda r: r <= 1.5,
    ),
    "parallel": ("cold `--cores 2` / cold `--cores 1`", "≤ 0.65", lambda r: r <= 0.65),
    "noop": ("no-op / Snakemake floor", "≤ 1.2", lambda r: r <= 1.2),
    "edit": ("one-sentence edit / (that edition's bare re-render + Snakemake floor)", "≤ 1.5", lambda r: r <= 1.5),
    "watch": ("watch: save → new PDF / hand re-render of that PDF, side by side", "≤ 1.2", lambda r: r <= 1.2),
}
GIB = 1 << 30


@dataclass
class Incremental:
    """What one edit reran: jobs run, jobs that depend on the edited file, and whether only they ran."""

    edited: str
    jobs: int
    dependents: int
    only_dependents: bool
    rules: dict[str, int]
    other_edition: list[str] = field(default_factory=list)  # outputs of the other edition it rewrote


@dataclass
class Results:
    cores: int
    repeat: int
    scales: list[int]
    editions: list[str]
    samples: dict[str, list[float]] = field(default_factory=dict)
    jobs: dict[str, int] = field(default_factory=dict)
    incremental: dict[str, Incremental] = field(default_factory=dict)
    xelatex_skipped: str = ""
    memory: Memory | None = None  # of the largest scale's cold build

    def add(self, name: str, seconds: float) -> None:
        self.samples.setdefault(name, []).append(seconds)

    def median(self, name: str) -> float:
        return statistics.median(self.samples[name])

    def ratio(self, top: str, *bottom: str) -> float:
        """The median over repetitions of top / sum(bottom), each taken in the same repetition."""
        rounds = zip(self.samples[top], *(self.samples[b] for b in bottom))
        return statistics.median(t / sum(bs) for t, *bs in rounds)


def machine() -> list[tuple[str, str]]:
    return [
        ("CPU", cpu_model()),
        ("cores", str(os.cpu_count())),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("Snakemake", version("snakemake")),
        ("pandoc", tool_version([pandoc_binary(), "--version"]) + f" (pypandoc-binary {version('pypandoc-binary')})"),
        ("typst", f"typst (Python package) {version('typst')}"),
        ("xelatex", tool_version(["xelatex", "--version"]) if xelatex_available() else "not installed"),
    ]


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def tool_version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.splitlines()[0].strip() if out else "unknown"


def seconds(values: list[float]) -> tuple[str, str]:
    return f"{statistics.median(values):.2f}", f"{min(values):.2f}–{max(values):.2f}"


def met(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def budget_ratios(res: Results) -> dict[str, float]:
    """Each budget's ratio (the parallel one only when the --cores 2 build was measured)."""
    ratios = {"cold": res.ratio("cold_1", "floor_every", "floor_snakemake")}
    if "cold_2" in res.samples:
        ratios["parallel"] = res.ratio("cold_2", "cold_1")
    ratios["noop"] = res.ratio("noop", "noop_floor")
    ratios["edit"] = res.ratio("manuscript", "floor_edition", "floor_snakemake")
    ratios["watch"] = res.ratio("watch", "watch_hand")
    return ratios


def comparison(before: Results, after: Results, baseline) -> str:
    """The budgets before (the baseline tree) and after (this one), measured side by side."""
    lines = [
        f"## Before ({baseline}) and after, side by side",
        "",
        "| budget | before | after | |",
        "|---|---:|---:|---|",
    ]
    old, new = budget_ratios(before), budget_ratios(after)
    for name, (label, text, test) in BUDGETS.items():
        if name in old and name in new:
            lines.append(f"| {label} {text} | {old[name]:.2f} | {new[name]:.2f} | {met(test(new[name]))} |")
    for name, label in (
        ("cold_1", "cold `--cores 1`, s"),
        ("manuscript", "one-sentence edit, s"),
        ("watch", "watch save → PDF, s"),
    ):
        lines.append(f"| {label} | {before.median(name):.2f} | {after.median(name):.2f} | |")
    lines.append(f"| jobs in a cold build | {before.jobs['cold_1']} | {after.jobs['cold_1']} | |")
    lines.append(
        f"| one-sentence edit: the other edition's files it rewrote | "
        f"{len(before.incremental['manuscript'].other_edition)} | "
        f"{len(after.incremental['manuscript'].other_edition)} | |"
    )
    return "\n".join(lines) + "\n"


def markdown(res: Results) -> str:
    lines = ["# Build benchmark", ""]
    lines += [
        f"Median of {res.repeat} run{'s' if res.repeat != 1 else ''}, each in a fresh copy of the repository; "
        f"cold builds at `--cores 1` and `--cores 2`, the rest at `--cores {res.cores}`, scaling at `--cores 1`; "
        "ratios are the median of the ratios taken within each repetition.",
        f"Editions measured: {', '.join(res.editions)}.",
        "",
    ]
    lines += ["| machine | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in machine()]
    lines += ["", "| measurement | median s | min–max s | jobs run |", "|---|---:|---:|---:|"]

    def row(label: str, name: str, jobs: str = "") -> None:
        median, spread = seconds(res.samples[name])
        lines.append(f"| {label} | {median} | {spread} | {jobs} |")

    row("cold build `--cores 1` (no build/, no .snakemake/), everything", "cold_1", str(res.jobs["cold_1"]))
    if "cold_2" in res.samples:
        row("cold build `--cores 2`, everything", "cold_2", str(res.jobs["cold_2"]))
    else:
        lines.append("| cold build `--cores 2`, everything | skipped: --quick | | |")
    row("no-op build", "noop", str(res.jobs["noop"]))
    if "noop_floor" in res.samples:
        row("  beside each no-op: the floor's no-op (the no-op ratio's pairs)", "noop_floor")
    if "noop_moved" in res.samples:
        row("  the first no-op in a copied folder (its caches kept by path refilled)", "noop_moved", "0")
    for name, label in (("data", "raw data change"), ("manuscript", "manuscript change, one sentence")):
        if name not in res.incremental:
            lines.append(f"| {label} | skipped: --quick | | |")
            continue
        inc = res.incremental[name]
        row(f"{label} (`{inc.edited}`)", name, str(inc.jobs))
    row("watch: save → new PDF (`python -m scripts.commands.watch`, one sentence)", "watch")
    row("  beside each save: the hand re-render of that PDF (pandoc → typst → PDF)", "watch_hand")
    row("floor: bare pandoc + typst, every document the build writes, one parse per edition", "floor_every")
    row("  pandoc → JSON (the parse: citeproc, the common filters), 2 editions", "floor_parse")
    row("  JSON → DOCX, 2 editions", "floor_docx")
    row("  JSON → typst source, 2 editions", "floor_typst_source")
    row("  typst compile → PDF/A-2a + PDF/UA-1, 2 editions", "floor_typst_compile")
    row("  JSON → JATS XML, 2 editions", "floor_jats")
    row("  review DOCX + PDF from the JSON, 2 editions", "floor_review")
    row("  title page DOCX, 2 editions", "floor_title_page")
    row("floor: bare re-render of the edited edition (its parse; DOCX, PDF, JATS, review DOCX + PDF)", "floor_edition")
    row("floor: bare re-render of the edited edition's PDF", "floor_edition_pdf")
    row("beside the floor: typst compile without pdf_standards (tagged all the same), 2 editions", "floor_typst_plain")
    row("floor: Snakemake no-op of a one-rule workflow", "floor_snakemake")
    if res.xelatex_skipped:
        lines.append(f"| xelatex: pandoc --pdf-engine=xelatex, 2 PDFs | {res.xelatex_skipped} | | |")
    else:
        row("xelatex: pandoc --pdf-engine=xelatex, 2 PDFs", "xelatex")
    for n in res.scales:
        row(f"scaling: {n}× manuscript, cold build `--cores 1`", f"scale_{n}", str(res.jobs[f"scale_{n}"]))
    bibs = sorted(int(name[4:]) for name in res.samples if name.startswith("bib_"))
    for n in bibs:
        row(f"scaling: + {n} uncited bib entries, cold build `--cores 1`", f"bib_{n}")

    lines += ["", "| ratio | value | budget | |", "|---|---:|---|---|"]

    def budget(name: str, value: float) -> None:
        label, text, test = BUDGETS[name]
        lines.append(f"| {label} | {value:.2f} | {text} | {met(test(value))} |")

    ratios = budget_ratios(res)
    for name in ("cold", "parallel", "noop", "edit"):
        if name in ratios:
            budget(name, ratios[name])
        else:
            lines.append(f"| {BUDGETS[name][0]} | skipped: --quick | | |")
    manuscript = res.incremental["manuscript"]
    others = ", ".join(manuscript.other_edition) or "none"
    lines.append(
        f"| one-sentence edit: the other edition's files it rewrote | {len(manuscript.other_edition)} | 0 | "
        f"{met(not manuscript.other_edition)} ({others}) |"
    )
    budget("watch", ratios["watch"])
    for name, label in (("data", "raw data change"), ("manuscript", "manuscript change")):
        if name not in res.incremental:
            continue
        inc = res.incremental[name]
        ran = ", ".join(f"{rule} {count}" for rule, count in inc.rules.items())
        lines.append(
            f"| {label}: jobs run / jobs depending on `{inc.edited}` | {inc.jobs} / {inc.dependents} | "
            f"only dependents rerun | {met(inc.only_dependents)} ({ran}) |"
        )
    if "data" in res.samples:
        lines.append(f"| raw data change / cold `--cores 1` | {res.ratio('data', 'cold_1'):.2f} | | |")
    lines.append(
        f"| typst compile with PDF/A-2a + PDF/UA-1 / without | "
        f"{res.ratio('floor_typst_compile', 'floor_typst_plain'):.2f} | | |"
    )
    if res.xelatex_skipped:
        lines.append(f"| xelatex / typst (2 PDFs each) | {res.xelatex_skipped} | | |")
    else:
        lines.append(
            f"| xelatex / typst (2 PDFs each) | "
            f"{res.ratio('xelatex', 'floor_typst_source', 'floor_typst_compile'):.2f} | | |"
        )
    biggest = max(res.scales)
    if biggest > 1:
        value = res.ratio(f"scale_{biggest}", "scale_1")
        lines.append(
            f"| {biggest}× / 1× cold build (linear: ≤ {biggest}) | {value:.2f} | ≤ {biggest} | "
            f"{met(value <= biggest)} |"
        )
    per = ", ".join(f"{n}×: {res.median(f'scale_{n}') / n:.2f} s" for n in res.scales)
    lines.append(f"| time per 1× of manuscript | {per} | | |")
    if bibs:
        base = res.median("cold_1")
        costs = [(res.median(f"bib_{n}") - base) / n * 1000 for n in bibs]
        per_entry = ", ".join(f"+{n}: {cost:.2f} ms" for n, cost in zip(bibs, costs))
        falls = all(b <= a for a, b in zip(costs, costs[1:]))
        lines.append(
            f"| bib cost per uncited entry (cold − 1× cold) / entries | {per_entry} | falls as entries grow | "
            f"{met(falls)} |"
        )
    else:
        lines.append("| bib cost per uncited entry | skipped: --quick | | |")
    if not res.memory:
        lines.append("| memory of the largest cold build | skipped: --quick | | |")
    else:
        lines.append(
            f"| {biggest}× cold build `--cores 1`: peak memory of all its processes at once (sampled) | "
            f"{res.memory.peak_total / (1 << 20):.0f} MiB | reported | |"
        )
        lines.append(
            f"| {biggest}× cold build: largest single process (kernel's max RSS) | "
            f"{res.memory.largest_process / (1 << 20):.0f} MiB | ≤ 1024 MiB | "
            f"{met(res.memory.largest_process <= GIB)} |"
        )
    return "\n".join(lines) + "\n"
