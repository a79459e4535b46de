"""The submission bundles: what a double-blind journal forwards to its reviewers, and the editor's files.

build/submission.zip, the reviewers' bundle, names nobody. Its top level: MANIFEST.json (the
reviewers' manifest, below), REVIEWERS.md (generated: the two commands to reproduce and verify),
every source file the manifest lists (workflow, scripts, templates, manuscript, bibliography,
data, config, requirements) with manuscript/metadata.yaml anonymized (scripts/package/anonymous.py),
README.md, and the anonymous outputs under build/, so that `snakemake --cores 1 verify` works
where it is unpacked. The reviewers' manifest is the build's, with the anonymized metadata's
record and without the outputs that name the authors, which it lists as `withheld` (verify
rebuilds them, from the placeholders, and does not compare them). The bundle's config.yaml names
the journal profile the build used (`--config journal=NAME` included), so that `verify` rebuilds
with it; the profiles themselves are among the sources (journals/).

build/editor.zip, for the editor alone: the outputs that name the authors (the editions, their
JATS, the title pages; manifest.named_files), manuscript/metadata.yaml and the build's own
MANIFEST.json.
Members are sorted by name and carry fixed dates (scripts.core.files.normalized_zip).

CLI:
    python -m scripts.package.bundle --manifest build/MANIFEST.json --readme README.md \\
        --named build/en/article.pdf ... --out build/submission.zip --editor-out build/editor.zip
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from scripts.core import config as config_mod
from scripts.core import paths
from scripts.core.errors import WARNING, UserError, finding, run_cli
from scripts.core.files import normalized_zip, write_atomic
from scripts.package import anonymous
from scripts.package import manifest as manifest_mod

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

It is anonymous, for double-blind review: `manuscript/metadata.yaml` holds placeholders
instead of the authors and affiliations, and the {len(manifest["withheld"])} files that name
them (the editions, their JATS and the title pages) are withheld; `verify` rebuilds those from
the placeholders and does not compare them.

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


def listed_files(manifest: dict, root: str | Path = ".") -> dict[str, bytes]:
    """Every file the manifest lists, read; each must still match the manifest."""
    listed = {**manifest["inputs"], **manifest["outputs"]}
    found = {name: (Path(root) / name).read_bytes() for name in listed if (Path(root) / name).is_file()}
    problems = [
        finding(name, "missing-file", "file not found; the manifest lists it") for name in listed if name not in found
    ]
    problems += [
        finding(name, "changed-since-manifest", f"changed after {paths.MANIFEST} was written: rebuild")
        for name, data in found.items()
        if manifest_mod.file_record_of(data) != listed[name]
    ]
    if problems:
        raise UserError(problems)
    return found


def with_journal(config_text: str, journal: str) -> str:
    """config.yaml's text naming `journal` as its journal profile (its `journal:` line set, or one added)."""
    line = f"journal: {journal}"
    if re.search(r"^journal:", config_text, flags=re.M):
        return re.sub(r"^journal:.*$", line, config_text, count=1, flags=re.M)
    return config_text.rstrip("\n") + f"\n\n{line}\n"


def reviewers_manifest(manifest: dict, named: list[str], rewritten: dict[str, bytes]) -> dict:
    """The build's manifest as the reviewers' bundle holds it: the records of the files the bundle
    rewrites (the anonymized metadata, config.yaml naming the journal), the outputs that name the
    authors left out and listed as `withheld`."""
    inputs = {**manifest["inputs"], **{name: manifest_mod.file_record_of(data) for name, data in rewritten.items()}}
    outputs = {name: record for name, record in manifest["outputs"].items() if name not in named}
    return {**manifest, "inputs": inputs, "outputs": outputs, "withheld": sorted(named)}


def reviewers_members(manifest: dict, named: list[str], readme: str, root: str | Path = ".") -> list[tuple[str, bytes]]:
    """Every member of the reviewers' bundle, sorted by name: nothing that names an author."""
    found = listed_files(manifest, root)
    found[paths.METADATA] = anonymous.metadata(found[paths.METADATA].decode("utf-8"))
    journal = manifest.get("journal") or paths.DEFAULT_JOURNAL
    found[paths.CONFIG] = with_journal(found[paths.CONFIG].decode("utf-8"), journal).encode("utf-8")
    reviewers = reviewers_manifest(manifest, named, {name: found[name] for name in (paths.METADATA, paths.CONFIG)})
    found = {name: data for name, data in found.items() if name not in named}
    found[paths.VERIFY_MANIFEST] = manifest_mod.dumps(reviewers).encode("utf-8")
    found[REVIEWERS] = reviewers_md(reviewers).encode("utf-8")
    found[Path(readme).name] = (Path(root) / readme).read_bytes()
    return sorted(found.items())


def editor_members(
    manifest: dict, manifest_bytes: bytes, named: list[str], root: str | Path = "."
) -> list[tuple[str, bytes]]:
    """Every member of the editor's bundle, sorted by name: who wrote the article, and the named versions."""
    found = listed_files(manifest, root)
    kept = {name: found[name] for name in [*named, paths.METADATA]}
    kept[paths.VERIFY_MANIFEST] = manifest_bytes
    return sorted(kept.items())


def undated(config: dict) -> list:
    """A warning when the build date comes from git: an unpacked bundle has no git to ask."""
    if config.get("build_date"):
        return []
    return [
        finding(
            paths.CONFIG,
            "build-date",
            "build_date is empty, so the date comes from the last commit; the "
            "unpacked bundle has no git history and will not rebuild: set build_date to bundle a rebuildable "
            "package",
            severity=WARNING,
        )
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--readme", required=True)
    parser.add_argument("--config", default=paths.CONFIG, help="config.yaml, or the part of it holding build_date")
    parser.add_argument("--named", nargs="+", required=True, help="the outputs that name the authors")
    parser.add_argument("--out", required=True, help="the reviewers' bundle")
    parser.add_argument("--editor-out", required=True, help="the editor's bundle")
    args = parser.parse_args(argv)
    manifest = manifest_mod.load(args.manifest)
    for warning in undated(config_mod.load(args.config)):
        print(warning, file=sys.stderr)
    reviewers = normalized_zip(reviewers_members(manifest, args.named, args.readme))
    editor = normalized_zip(editor_members(manifest, Path(args.manifest).read_bytes(), args.named))
    write_atomic(args.out, reviewers)
    write_atomic(args.editor_out, editor)
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
