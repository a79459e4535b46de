"""Render the marked edition (scripts/changes/compare.py's merged JSON) to DOCX and PDF.

The merged document has been through the filters and citeproc already, so it is rendered with
the format's own defaults only (templates/defaults/docx.yaml or typst.yaml), never common.yaml,
which would run citeproc a second time. DOCX: pandoc writes the tracked changes and
scripts/changes/tracked_docx.py completes them, and its document properties are the new
edition's, as in the clean DOCX (scripts/article/docx_properties.py, from the edition's Markdown);
PDF: templates/changes.lua colours them for typst, and its lines are numbered as the review PDF's.
With --review, the anonymous marked revision for double-blind reviewers: the metadata
anonymized as the review versions' (scripts/article/review.py) and every change signed
"Authors" instead of the authors' names.

CLI:
    python -m scripts.changes.render docx --date YYYY-MM-DD --json build/en/article-changes.json \\
        --md build/en/article.md --out build/en/article-changes.docx
    python -m scripts.changes.render pdf --date YYYY-MM-DD --json build/en/article-changes.json \\
        --md build/en/article.md --typ build/en/article-changes.typ --out build/en/article-changes.pdf
    python -m scripts.changes.render docx --review --date YYYY-MM-DD --reference build/reference-review.docx \\
        --json build/en/article-changes.json --md build/en/article.md --out build/en/article-review-changes.docx
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scripts.article import page_layout, review
from scripts.article.render import compile_typst, finish_docx, from_json, front_matter_metadata
from scripts.changes import diff_ast, tracked_docx
from scripts.changes.compare import AUTHORS
from scripts.changes.summary import version_text
from scripts.core import config as config_mod
from scripts.core import journal, paths
from scripts.core.errors import run_cli
from scripts.core.files import write_atomic


def running_head(merged: dict) -> str:
    """The new version's short title: the merged document's, less what was deleted from it."""
    return " ".join(version_text(merged["meta"].get("short-title", {})).split())


def anonymous(merged: dict) -> dict:
    """The marked revision a double-blind reviewer may read: nobody named, in the metadata or
    as the author of a change."""
    return diff_ast.signed(review.anonymized_ast(merged), AUTHORS)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=["docx", "pdf"])
    parser.add_argument("--json", required=True, help="the merged document (scripts/changes/compare.py)")
    parser.add_argument("--md", required=True, help="the new edition's assembled Markdown (its document properties)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--typ", help="with pdf: where to keep the typst source")
    parser.add_argument("--review", action="store_true", help="the anonymous marked revision")
    parser.add_argument("--reference", help="with docx: the reference document, instead of the defaults' one")
    parser.add_argument("--journal", help="with docx: the journal profile's docx part")
    parser.add_argument("--page", help="with pdf: the journal profile's page part (build/journal/page.json)")
    config_mod.add_date_argument(parser)
    args = parser.parse_args(argv)
    if args.format == "pdf" and not args.page:
        parser.error("pdf needs --page")
    epoch = config_mod.epoch(args.date)
    merged = json.loads(Path(args.json).read_text(encoding="utf-8"))
    meta, _ = review.split(Path(args.md).read_text(encoding="utf-8"), args.md)
    doc = None
    if args.review:
        meta, doc = review.anonymized(meta), anonymous(merged)
    if args.format == "docx":
        part = journal.read_part(args.journal) if args.journal else {}
        extra = [*front_matter_metadata(part), *([f"--reference-doc={args.reference}"] if args.reference else [])]
        marked = tracked_docx.complete(from_json(args.json, "docx", epoch, *extra, doc=doc))
        # Laid out, in the journal template's styles and with the document properties of the clean
        # DOCX (scripts/article/render.py).
        write_atomic(args.out, finish_docx(marked, part, running_head(merged), meta))
        return 0
    typ_path = args.typ or str(Path(args.out).with_suffix(".typ"))
    # typst-alt-text.lua after changes.lua: it writes each image, framed or not, with its /Alt, which
    # PDF/UA requires (the JSON keeps images as images; only the typst writer drops the alt).
    filters = [f"--lua-filter={paths.CHANGES_FILTER}", f"--lua-filter={paths.TYPST_ALT_TEXT_FILTER}"]
    # Line numbers as in the review PDF (templates/article.typ): reviewers cite the marked text by them.
    page = journal.read_part(args.page)
    marked = page_layout.front_matter_doc(doc or merged, page)
    layout = page_layout.pandoc_args(page)
    write_atomic(
        typ_path, from_json(args.json, "typst", epoch, *filters, "--metadata=line-numbers", *layout, doc=marked)
    )
    write_atomic(args.out, compile_typst(typ_path, epoch, fonts=page_layout.font_paths(page)))
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
