"""Mark every change of an edition since the baseline: the merged document and its summary.

`diff` compares the baseline's edition with the current one (both pandoc JSON after citeproc,
scripts/article/edition_ast.py) and writes the merged document with the changes as tracked-change
spans (scripts/changes/diff_ast.py) and build/<lang>/changes.md (scripts/changes/summary.py).
`report` prints the summaries, or, with none (no baseline was given), says how to give one.

CLI:
    python -m scripts.changes.compare diff --lang en --baseline-label REV --date YYYY-MM-DD \\
        --baseline build/baseline/KEY/build/en/article.json --edition build/en/article.json \\
        --baseline-values build/baseline/KEY/build/en/values.json --values build/en/values.json \\
        --out build/en/article-changes.json --summary build/en/changes.md --baseline-images build/en/baseline
    python -m scripts.changes.compare report [build/en/changes.md ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from scripts.changes import diff_ast
from scripts.changes import summary as change_summary
from scripts.changes.baseline import HOW
from scripts.checks.metadata import PLACEHOLDER
from scripts.core import config as config_mod
from scripts.core import paths, yamlfile
from scripts.core.errors import UserError, finding, run_cli
from scripts.core.files import write_atomic

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


def fingerprint_images(doc: dict, folder: Path) -> dict:
    """Each image with the sha256 of its file (in `folder`) as an attribute: what is compared."""
    for image in images(doc):
        attr, target = image["c"][0], image["c"][2]
        file = folder / target[0]
        if file.is_file():
            attr[2] = [kv for kv in attr[2] if kv[0] != "sha256"] + [
                ["sha256", hashlib.sha256(file.read_bytes()).hexdigest()]
            ]
    return doc


def baseline_images(doc: dict, folder: Path, copies: str) -> list[tuple[str, bytes]]:
    """The baseline's image files, to be copied under `copies` beside the marked edition, with
    each image pointed there: a deleted figure is then found where the edition is rendered, and
    the marked files name no baseline folder (they are the same whichever way the baseline came)."""
    found = {}
    for image in images(doc):
        target = image["c"][2]
        file = folder / target[0]
        if file.is_file():
            name = Path(target[0]).as_posix() if safe_relative(target[0]) else Path(target[0]).name
            found[name] = file.read_bytes()
            target[0] = f"{copies}/{name}"
    return sorted(found.items())


def safe_relative(path: str) -> bool:
    return not Path(path).is_absolute() and ".." not in Path(path).parts


def load_json(path: str | Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise UserError(finding(path, "changes-input", f"cannot be read: {err}")) from None


def diff(args) -> int:
    old = fingerprint_images(load_json(args.baseline), Path(args.baseline).parent)
    new = fingerprint_images(load_json(args.edition), Path(args.edition).parent)
    copies = Path(args.baseline_images)
    figures = baseline_images(old, Path(args.baseline).parent, copies.relative_to(Path(args.out).parent).as_posix())
    mark = diff_ast.Mark(author(new), f"{args.date.isoformat()}T00:00:00Z")
    merged = diff_ast.diff_documents(old, new, mark)
    # A baseline from before the values file compares no values (rather than list them all as new).
    compared = Path(args.baseline_values).is_file()
    old_values, new_values = (load_json(args.baseline_values), load_json(args.values)) if compared else ({}, {})
    strings = yamlfile.load(paths.STRINGS.format(lang=args.lang))
    summary = change_summary.summarize(merged, old_values, new_values, strings["changes"]["heading"])
    copies.mkdir(parents=True, exist_ok=True)
    for name, data in figures:
        write_atomic(copies / name, data)
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
    for option in (
        "--lang",
        "--baseline-label",
        "--baseline",
        "--edition",
        "--baseline-values",
        "--values",
        "--out",
        "--summary",
        "--baseline-images",
    ):
        marked.add_argument(option, required=True)
    config_mod.add_date_argument(marked)
    printed = commands.add_parser("report", help="print the summaries (none: say how to give a baseline)")
    printed.add_argument("summaries", nargs="*")
    args = parser.parse_args(argv)
    return diff(args) if args.command == "diff" else report(args)


if __name__ == "__main__":
    sys.exit(run_cli(main))
