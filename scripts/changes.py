"""Mark every change of an edition since the baseline: the merged document and its summary.

`diff` compares the baseline's edition with the current one (both pandoc JSON after citeproc,
scripts/edition_ast.py) and writes the merged document with the changes as tracked-change
spans (scripts/diff_ast.py) and build/<lang>/changes.md (scripts/change_summary.py).
`report` prints the summaries, or, with none (no baseline was given), says how to give one.

CLI:
    python -m scripts.changes diff --lang en --baseline-label REV \\
        --baseline build/baseline/KEY/build/en/article.json --edition build/en/article.json \\
        --baseline-values build/baseline/KEY/build/en/values.json --values build/en/values.json \\
        --out build/en/article-changes.json --summary build/en/changes.md
    python -m scripts.changes report [build/en/changes.md ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

from scripts import change_summary, diff_ast, paths, yamlfile
from scripts import config as config_mod
from scripts.baseline import HOW
from scripts.errors import UserError, finding, run_cli
from scripts.files import write_atomic
from scripts.metadata import PLACEHOLDER

AUTHORS = "Authors"


def author(doc: dict) -> str:
    """The authors' names from the edition's metadata, or "Authors" while they are placeholders."""
    entries = doc["meta"].get("authors", {}).get("c", [])
    names = [" ".join(diff_ast.words(entry["c"].get("name"))) for entry in entries if entry.get("t") == "MetaMap"]
    names = [name for name in names if name and not name.startswith(PLACEHOLDER)]
    return ", ".join(names) or AUTHORS


def images(node):
    """Every Image of a document, in order."""
    if isinstance(node, dict):
        if node.get("t") == "Image":
            yield node
        for value in node.values():
            yield from images(value)
    elif isinstance(node, list):
        for item in node:
            yield from images(item)


def locate_images(doc: dict, folder: Path, render_folder: Path) -> dict:
    """Each image with the sha256 of its file (what is compared) and a path from `render_folder`
    (where the marked edition is rendered), so a baseline's image is found from there."""
    for image in images(doc):
        attr, target = image["c"][0], image["c"][2]
        file = folder / target[0]
        if file.is_file():
            attr[2] = [kv for kv in attr[2] if kv[0] != "sha256"] + [["sha256", hashlib.sha256(file.read_bytes()).hexdigest()]]
            target[0] = Path(os.path.relpath(file, render_folder)).as_posix()
    return doc


def load_json(path: str | Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise UserError(finding(path, "changes-input", f"cannot be read: {err}")) from None


def diff(args) -> int:
    old = locate_images(load_json(args.baseline), Path(args.baseline).parent, Path(args.out).parent)
    new = locate_images(load_json(args.edition), Path(args.edition).parent, Path(args.out).parent)
    date = config_mod.build_date(config_mod.load())
    mark = diff_ast.Mark(author(new), f"{date.isoformat()}T00:00:00Z")
    merged = diff_ast.diff_documents(old, new, mark)
    old_values = load_json(args.baseline_values) if Path(args.baseline_values).is_file() else {}
    summary = change_summary.summarize(merged, old_values, load_json(args.values))
    strings = yamlfile.load(paths.STRINGS.format(lang=args.lang))
    write_atomic(args.out, json.dumps(merged, ensure_ascii=False, sort_keys=True))
    write_atomic(args.summary, change_summary.markdown(summary, strings, args.baseline_label))
    return 0


def report(args) -> int:
    if not args.summaries:
        raise UserError(finding("changes", "no-baseline", f"no baseline to compare with: {HOW}"))
    for path in args.summaries:
        print(f"{path}:\n\n{Path(path).read_text(encoding='utf-8')}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    marked = commands.add_parser("diff", help="merge the baseline and the edition with the changes marked")
    for option in ("--lang", "--baseline-label", "--baseline", "--edition", "--baseline-values", "--values",
                   "--out", "--summary"):
        marked.add_argument(option, required=True)
    printed = commands.add_parser("report", help="print the summaries (none: say how to give a baseline)")
    printed.add_argument("summaries", nargs="*")
    args = parser.parse_args(argv)
    return diff(args) if args.command == "diff" else report(args)


if __name__ == "__main__":
    sys.exit(run_cli(main))
