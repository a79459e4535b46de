"""Page 1 of each shipped journal profile's English PDF as a PNG: docs/journals/<name>.png.

Each profile is built in a temporary copy of the sources (`snakemake --config journal=<name>`, the
English edition's typst source alone), and typst renders that source's first page to PNG itself,
so no system tool is needed and the pictures are the same on every machine.

CLI:
    python -m scripts.commands.profile_pages [--out docs/journals] [--dpi 65] [--cores 1] [NAME ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.article import page_layout
from scripts.core import config as config_mod
from scripts.core import journal, paths
from scripts.core.errors import UserError, finding, run_cli

OUT = "docs/journals"
DPI = 65
LANG = "en"
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", ".snakemake", "build", "__pycache__", ".pytest_cache")


def first_page(copy: Path, name: str, dpi: int, cores: int) -> bytes:
    """Page 1 of the profile `name`'s English PDF, built in `copy`, as PNG."""
    profile = journal.load(name)
    pdf = paths.ARTICLE_PDF.format(lang=LANG)
    command = [sys.executable, "-m", "snakemake", "--cores", str(cores), "--config", f"journal={name}", "--", pdf]
    result = subprocess.run(command, cwd=copy, capture_output=True, text=True)
    if result.returncode != 0:
        raise UserError(
            finding(profile.files[0], "profile-build-failed", f"the build failed:\n{result.stderr[-2000:]}")
        )
    return rendered_page(copy, profile, dpi)


def rendered_page(copy: Path, profile: journal.Profile, dpi: int = DPI) -> bytes:
    """Page 1 of the English typst source built in `copy` with `profile`, rendered by typst as PNG."""
    import typst

    typ = paths.ARTICLE_TYP.format(lang=LANG)
    stamp = json.loads((copy / paths.CONFIG_PART.format(part="build_date")).read_text(encoding="utf-8"))
    date = config_mod.epoch(dt.date.fromisoformat(stamp["build_date"]))
    pages = typst.compile(
        str(copy / typ),
        root=str(copy),
        font_paths=page_layout.font_paths(journal.part(profile, "page")),
        ignore_system_fonts=True,
        format="png",
        ppi=dpi,
        timestamp=date,
    )
    return pages[0] if isinstance(pages, list) else pages


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="the profiles (default: every one in journals/)")
    parser.add_argument("--out", default=OUT)
    parser.add_argument("--dpi", type=int, default=DPI)
    parser.add_argument("--cores", type=int, default=1)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in args.names or journal.available():
        with tempfile.TemporaryDirectory(prefix=f"profile-{name}-") as folder:
            copy = Path(folder) / "repo"
            shutil.copytree(".", copy, ignore=NOT_COPIED)
            (out / f"{name}.png").write_bytes(first_page(copy, name, args.dpi, args.cores))
        print(f"{out / name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
