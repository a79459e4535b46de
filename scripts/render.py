"""Render one assembled edition to DOCX (pandoc) or PDF (pandoc → typst → PDF).

Both read the same assembled Markdown and the layered pandoc defaults in templates/defaults.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from scripts import config as config_mod
from scripts import pandoc, paths
from scripts.errors import UserError, finding, run_cli
from scripts.files import write_atomic

TYPST_LOCATION = re.compile(r"┌─ (?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+)")


def defaults(fmt: str) -> list[str]:
    return ["-d", paths.DEFAULTS.format(name="common"), "-d", paths.DEFAULTS.format(name=fmt)]


def docx(markdown: str, epoch: int) -> bytes:
    folder = str(Path(markdown).parent)
    return pandoc.run([*defaults("docx"), f"--resource-path={folder}", markdown, "-o", "-"], source=markdown, epoch=epoch)


def typst_source(markdown: str, epoch: int) -> bytes:
    return pandoc.run([*defaults("typst"), markdown], source=markdown, epoch=epoch)


def compile_typst(typ_path: str, epoch: int) -> bytes:
    """Compile with the repository as typst's root: nothing outside it can be read."""
    import typst

    try:
        return typst.compile(typ_path, root=".", ignore_system_fonts=True, timestamp=epoch)
    except typst.TypstError as err:
        where = TYPST_LOCATION.search(getattr(err, "diagnostic", "") or "")
        line = int(where["line"]) if where else None
        column = int(where["col"]) if where else None
        raise UserError(finding(typ_path, "typst", f"typst cannot compile: {err.message}", line=line, column=column)) from None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=["docx", "pdf"])
    parser.add_argument("--md", required=True, help="assembled Markdown of the edition")
    parser.add_argument("--out", required=True)
    parser.add_argument("--typ", help="with pdf: where to keep the typst source")
    args = parser.parse_args(argv)
    epoch = config_mod.epoch(config_mod.build_date(config_mod.load()))
    if args.format == "docx":
        write_atomic(args.out, docx(args.md, epoch))
        return 0
    typ_path = args.typ or str(Path(args.out).with_suffix(".typ"))
    write_atomic(typ_path, typst_source(args.md, epoch))
    write_atomic(args.out, compile_typst(typ_path, epoch))
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
