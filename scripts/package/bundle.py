"""The submission bundle: sources, raw data, built outputs and manifest in one deterministic zip.

Top level of build/submission.zip: MANIFEST.json, REVIEWERS.md (generated: the two commands
to reproduce and verify), every source file the manifest lists (workflow, scripts, templates,
manuscript, bibliography, data, config, requirements), README.md, and the built outputs
under build/, so that `snakemake --cores 1 verify` works where it is unpacked.
Members are sorted by name and carry fixed dates (scripts.core.files.normalized_zip).

CLI:
    python -m scripts.package.bundle --manifest build/MANIFEST.json --readme README.md --out build/submission.zip
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.core import config as config_mod
from scripts.package import manifest as manifest_mod
from scripts.core import paths
from scripts.core.errors import WARNING, UserError, finding, run_cli
from scripts.core.files import normalized_zip, write_atomic

REVIEWERS = "REVIEWERS.md"
INSTALL = "python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt"
VERIFY = "snakemake --cores 1 verify"


def reviewers_md(manifest: dict) -> str:
    """The reviewers' instructions, from the manifest alone."""
    tools = ", ".join(f"{name} {version}" for name, version in sorted(manifest["tools"].items()))
    outputs = "\n".join(f"- `{path}`" for path in sorted(manifest["outputs"]))
    return f"""# Reproduce and verify this article

This archive holds the article's sources and raw data, the files built from them (under
`build/`) and `MANIFEST.json`: the sha256 and size of each of the {len(manifest["inputs"])} inputs and
{len(manifest["outputs"])} outputs of the build dated {manifest["build_date"]}.

In the folder where the archive is unpacked, with Python 3.11 or newer:

```sh
{INSTALL}
{VERIFY}
```

The first command installs the pinned tools (pandoc and typst come as Python packages).
The second rebuilds every output from `data/raw/` in a fresh copy of the sources under
`{paths.VERIFY_DIR}/` (the shipped `build/` and `MANIFEST.json` are not touched) and compares
each with `MANIFEST.json`. It prints how many outputs matched; if an input or an output differs
it exits non-zero, lists every differing output with both sha256 hashes and names every
changed input. Tool versions that differ from the ones below are reported as notes, not
failures: the outputs are compared byte for byte either way.

Built with: {tools}.

Outputs:

{outputs}
"""


def members(manifest: dict, manifest_bytes: bytes, readme: str, root: str | Path = ".") -> list[tuple[str, bytes]]:
    """Every member of the bundle, sorted by name; each listed file must still match the manifest."""
    listed = {**manifest["inputs"], **manifest["outputs"]}
    found = {name: (Path(root) / name).read_bytes() for name in listed if (Path(root) / name).is_file()}
    problems = [finding(name, "missing-file", "file not found; the manifest lists it") for name in listed if name not in found]
    problems += [
        finding(name, "changed-since-manifest", f"changed after {paths.MANIFEST} was written: rebuild")
        for name, data in found.items() if manifest_mod.file_record_of(data) != listed[name]
    ]
    if problems:
        raise UserError(problems)
    found[paths.VERIFY_MANIFEST] = manifest_bytes
    found[REVIEWERS] = reviewers_md(manifest).encode("utf-8")
    found[Path(readme).name] = (Path(root) / readme).read_bytes()
    return sorted(found.items())


def undated(config: dict) -> list:
    """A warning when the build date comes from git: an unpacked bundle has no git to ask."""
    if config.get("build_date"):
        return []
    return [finding(paths.CONFIG, "build-date", "build_date is empty, so the date comes from the last commit; the "
                    "unpacked bundle has no git history and will not rebuild: set build_date to bundle a rebuildable "
                    "package", severity=WARNING)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--readme", required=True)
    parser.add_argument("--config", default=paths.CONFIG, help="config.yaml, or the part of it holding build_date")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    manifest = manifest_mod.load(args.manifest)
    for warning in undated(config_mod.load(args.config)):
        print(warning, file=sys.stderr)
    write_atomic(args.out, normalized_zip(members(manifest, Path(args.manifest).read_bytes(), args.readme)))
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
