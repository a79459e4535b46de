"""The machine, the figures, the ratios and the budgets, as one Markdown report."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from importlib import metadata

from benchmarks.floors import pandoc_binary, xelatex_available

# name → (what is compared, budget text, test on the ratio)
BUDGETS = {
    "noop": ("no-op / Snakemake floor", "≤ 1.3", lambda r: r <= 1.3),
    "cold": ("cold build of the 4 article files / (bare tools + Snakemake floor)", "≤ 2.5", lambda r: r <= 2.5),
    "data": ("raw data change / cold", "< 0.5", lambda r: r < 0.5),
    "scale": ("16× / 1× cold build", "≤ 16", lambda r: r <= 16),
}


@dataclass
class Incremental:
    """What one edit reran: jobs run, jobs that depend on the edited file, and whether only they ran."""

    edited: str
    jobs: int
    dependents: int
    only_dependents: bool
    rules: dict[str, int]


@dataclass
class Results:
    cores: int
    repeat: int
    scales: list[int]
    samples: dict[str, list[float]] = field(default_factory=dict)
    jobs: dict[str, int] = field(default_factory=dict)
    incremental: dict[str, Incremental] = field(default_factory=dict)
    xelatex_skipped: str = ""

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


def markdown(res: Results) -> str:
    lines = ["# Build benchmark", ""]
    lines += [f"Median of {res.repeat} run{'s' if res.repeat != 1 else ''}, each in a fresh copy of the repository; "
              f"`snakemake --cores {res.cores}`; ratios are the median of the ratios taken within each repetition.", ""]
    lines += ["| machine | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in machine()]
    lines += ["", "| measurement | median s | min–max s | jobs run |", "|---|---:|---:|---:|"]

    def row(label: str, name: str, jobs: str = "") -> None:
        median, spread = seconds(res.samples[name])
        lines.append(f"| {label} | {median} | {spread} | {jobs} |")

    row("cold build (no build/, no .snakemake/), everything", "cold", str(res.jobs["cold"]))
    row("cold build of the 4 article files only (the floor's output)", "cold_articles", str(res.jobs["cold_articles"]))
    row("no-op build", "noop", str(res.jobs["noop"]))
    for name, label in (("data", "raw data change"), ("manuscript", "manuscript change")):
        inc = res.incremental[name]
        row(f"{label} (`{inc.edited}`)", name, str(inc.jobs))
    row("floor: bare pandoc + typst, 4 files", "floor_tools")
    row("  pandoc → DOCX, 2 editions", "floor_docx")
    row("  pandoc → typst source, 2 editions", "floor_typst_source")
    row("  typst compile → PDF/A-2a + PDF/UA-1, 2 editions", "floor_typst_compile")
    row("beside the floor: typst compile without pdf_standards (tagged all the same), 2 editions", "floor_typst_plain")
    row("beside the floor: pandoc → JATS XML, 2 editions", "floor_jats")
    row("floor: Snakemake no-op of a one-rule workflow", "floor_snakemake")
    if res.xelatex_skipped:
        lines.append(f"| xelatex: pandoc --pdf-engine=xelatex, 2 PDFs | {res.xelatex_skipped} | | |")
    else:
        row("xelatex: pandoc --pdf-engine=xelatex, 2 PDFs", "xelatex")
    for n in res.scales:
        row(f"scaling: {n}× manuscript, cold build", f"scale_{n}", str(res.jobs[f"scale_{n}"]))

    lines += ["", "| ratio | value | budget | |", "|---|---:|---|---|"]
    ratios = {
        "noop": res.ratio("noop", "floor_snakemake"),
        "cold": res.ratio("cold_articles", "floor_tools", "floor_snakemake"),
        "data": res.ratio("data", "cold"),
    }
    label, budget, test = BUDGETS["noop"]
    lines.append(f"| {label} | {ratios['noop']:.2f} | {budget} | {met(test(ratios['noop']))} |")
    label, budget, test = BUDGETS["cold"]
    lines.append(f"| {label} | {ratios['cold']:.2f} | {budget} | {met(test(ratios['cold']))} |")
    lines.append(f"| full cold build (with review versions, title pages, manifest, bundle) / "
                 f"(bare tools + Snakemake floor) | {res.ratio('cold', 'floor_tools', 'floor_snakemake'):.2f} | | |")
    lines.append(f"| pipeline / bare tools (cold build of the 4 files to floor) | "
                 f"{res.ratio('cold_articles', 'floor_tools'):.2f} | | |")
    label, budget, test = BUDGETS["data"]
    lines.append(f"| {label} | {ratios['data']:.2f} | {budget} | {met(test(ratios['data']))} |")
    for name, label in (("data", "raw data change"), ("manuscript", "manuscript change")):
        inc = res.incremental[name]
        ran = ", ".join(f"{rule} {count}" for rule, count in inc.rules.items())
        verdict = met(inc.only_dependents) if name == "data" else ("yes" if inc.only_dependents else "no")
        lines.append(f"| {label}: jobs run / jobs depending on `{inc.edited}` | {inc.jobs} / {inc.dependents} | "
                     f"only dependents rerun | {verdict} ({ran}) |")
    lines.append(f"| manuscript change / cold | {res.ratio('manuscript', 'cold'):.2f} | | |")
    lines.append(f"| typst compile with PDF/A-2a + PDF/UA-1 / without | "
                 f"{res.ratio('floor_typst_compile', 'floor_typst_plain'):.2f} | | |")
    if res.xelatex_skipped:
        lines.append(f"| xelatex / typst (2 PDFs each) | {res.xelatex_skipped} | | |")
    else:
        lines.append(f"| xelatex / typst (2 PDFs each) | "
                     f"{res.ratio('xelatex', 'floor_typst_source', 'floor_typst_compile'):.2f} | | |")
    biggest = max(res.scales)
    if biggest > 1 and 1 in res.scales:
        value = res.ratio(f"scale_{biggest}", "scale_1")
        label, budget, test = BUDGETS["scale"]
        if biggest == 16:
            lines.append(f"| {label} | {value:.2f} | {budget} | {met(test(value))} |")
        else:
            lines.append(f"| {biggest}× / 1× cold build | {value:.2f} | ≤ {biggest} | {met(value <= biggest)} |")
    per = ", ".join(f"{n}×: {res.median(f'scale_{n}') / n:.2f} s" for n in res.scales)
    lines.append(f"| time per 1× of manuscript | {per} | | |")
    return "\n".join(lines) + "\n"
