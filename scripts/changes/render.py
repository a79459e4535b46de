"""Render the marked edition (scripts/changes/compare.py's merged JSON) to DOCX and PDF.

The merged document has been through the filters and citeproc already, so it is rendered with
the format's own defaults only (templates/defaults/docx.yaml or typst.yaml), never common.yaml,
which would run citeproc a second time. DOCX: pandoc writes the tracked changes and
scripts/changes/tracked_docx.py completes them; PDF: templates/changes.lua colours them for typst,
and its lines are numbered as the review PDF's.

CLI:
    python -m scripts.changes.render docx --date YYYY-MM-DD --json build/en/article-changes.json \\
        --out build/en/article-changes.docx
    python -m scripts.changes.render pdf --date YYYY-MM-DD --json build/en/article-changes.json \\
        --typ build/en/article-changes.typ --out build/en/article-changes.pdf
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.core import config as config_mod
from scripts.article import docx_layout
from scripts.core import paths
from scripts.changes import tracked_docx
from scripts.changes.summary import version_text
from scripts.core.errors import run_cli
from scripts.core.files import write_atomic
from scripts.article.render import compile_typst, from_json


def running_head(merged: str) -> str:
    """The new version's short title: the merged document's, less what was deleted from it."""
    import json

    meta = json.loads(Path(merged).read_text(encoding="utf-8"))["meta"]
    return " ".join(version_text(meta.get("short-title", {})).split())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=["docx", "pdf"])
    parser.add_argument("--json", required=True, help="the merged document (scripts/changes/compare.py)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--typ", help="with pdf: where to keep the typst source")
    config_mod.add_date_argument(parser)
    args = parser.parse_args(argv)
    epoch = config_mod.epoch(args.date)
    if args.format == "docx":
        # Tables fitted to the text width and the running head, as in the clean DOCX (render.py).
        marked = tracked_docx.complete(from_json(args.json, "docx", epoch))
        write_atomic(args.out, docx_layout.finish(marked, running_head(args.json)))
        return 0
    typ_path = args.typ or str(Path(args.out).with_suffix(".typ"))
    # alt-text.lua after changes.lua: it writes each image, framed or not, with its /Alt, which
    # PDF/UA requires (the JSON keeps images as images; only the typst writer drops the alt).
    filters = [f"--lua-filter={paths.CHANGES_FILTER}", f"--lua-filter={paths.ALT_TEXT_FILTER}"]
    # Line numbers as in the review PDF (templates/article.typ): reviewers cite the marked text by them.
    write_atomic(typ_path, from_json(args.json, "typst", epoch, *filters, "--metadata=line-numbers"))
    write_atomic(args.out, compile_typst(typ_path, epoch))
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
