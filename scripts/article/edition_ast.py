"""One edition as pandoc's JSON AST after the filters and citeproc: what `changes` compares.

The reference list is in it (citeproc has run), and so is every value, table and figure
(the assembled Markdown has them). Run in the edition's own repository folder, with that
folder's pandoc defaults, so a baseline is read the way it was built.

CLI:
    python -m scripts.article.edition_ast --md build/en/article.md --out build/en/article.json
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.core import pandoc, paths
from scripts.core.errors import run_cli
from scripts.core.files import write_atomic


def edition_ast(markdown: str, root: str | Path = ".") -> bytes:
    """`markdown` (relative to `root`) read with root's common defaults, as JSON."""
    args = [
        "-d",
        paths.DEFAULTS.format(name="common"),
        "-t",
        "json",
        f"--resource-path={Path(markdown).parent}",
        markdown,
    ]
    return pandoc.run(args, source=str(Path(root) / markdown), cwd=root)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--md", required=True, help="assembled Markdown of the edition")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    write_atomic(args.out, edition_ast(args.md))
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
