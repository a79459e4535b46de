"""How long the citation check takes on a large bibliography, against pandoc reading it.

    .venv/bin/python benchmarks/citations_vs_pandoc.py [BIB]

Default BIB: ../shared/corpus/bib/tugboat.bib (2,720 entries, 1.5 MB). Times, in one run and
each as the best of a few repetitions, (a) the whole check — `python -m scripts.checks.citation_check`
as a fresh process, with a small manuscript citing three keys — and (b) `pandoc -f bibtex -t
csljson BIB`, then prints both and their ratio. The budget: the ratio stays below 0.5.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.checks.citations.pandoc_job import pandoc_path  # noqa: E402
from scripts.checks.citations.pandocbib import scan  # noqa: E402


def best_of(runs: int, command: list[str], cwd: Path) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    bib = Path(
        sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "bib" / "tugboat.bib"
    ).resolve()
    if not bib.is_file():
        print(f"{bib}: not found", file=sys.stderr)
        return 2
    keys = [e.key for e in scan(bib.read_text(encoding="utf-8", errors="replace")).entries[:3]]
    with tempfile.TemporaryDirectory() as tmp:
        md = Path(tmp) / "manuscript" / "en" / "intro.md"
        md.parent.mkdir(parents=True)
        md.write_text("Text " + "; ".join(f"[@{k}, p. 3]" for k in keys) + ".\n", encoding="utf-8")
        check = [
            sys.executable,
            "-m",
            "scripts.checks.citation_check",
            "--bib",
            str(bib),
            "--config",
            str(ROOT / "config.yaml"),
            str(md),
        ]
        pandoc = [pandoc_path(), "-f", "bibtex", "-t", "csljson", str(bib)]
        t_check = best_of(3, check, ROOT)
        t_pandoc = best_of(3, pandoc, ROOT)
    print(f"bibliography:                 {bib} ({bib.stat().st_size / 1e6:.1f} MB)")
    print(f"check_citations (whole run):  {t_check:.3f} s")
    print(f"pandoc -f bibtex -t csljson:  {t_pandoc:.3f} s")
    print(f"ratio check / pandoc:         {t_check / t_pandoc:.2f} (budget < 0.50)")
    return 0 if t_check / t_pandoc < 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
