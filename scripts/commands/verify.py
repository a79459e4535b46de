"""Verify a build against a manifest: rebuild every output from the raw data and compare.

The manifest verified against is MANIFEST.json at the top level (where submission.zip
unpacks it), which the build never writes. The rebuild runs in a fresh copy of the sources
(build/verify/), so neither the shipped build/ nor that manifest is touched.

Passes (exit 0) when every output has the manifest's sha256 and size; an input that changed
while every output stayed the same (a comment in the code, say) is a note. Otherwise exits 1
and lists every output that differs, with both hashes, and what differs in it where it can be
read (scripts/commands/explain.py: changed cells of a table, changed values, the first changed
paragraph of an article), and every input that changed. A tool version that differs from the
manifest's is a note, not a failure. Outputs the manifest lists as `withheld` (the reviewers'
manifest: those that name the authors, scripts/package/bundle.py) are rebuilt, not compared.

CLI:
    python -m scripts.commands.verify --manifest MANIFEST.json --workdir build/verify --cores 1
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from scripts.commands.explain import NOTE, explain
from scripts.core import closing as summary
from scripts.core import paths
from scripts.core.errors import ERROR, Finding, UserError, finding, run_cli, sort_findings
from scripts.package import manifest as manifest_mod


@dataclass
class Comparison:
    matched: list[str] = field(default_factory=list)
    outputs: list[Finding] = field(default_factory=list)
    inputs: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.outputs


def _sha(record: dict | None) -> str | None:
    return record["sha256"] if record else None


def compare_files(reference: dict, now: dict, kind: str, manifest_path: str) -> list[Finding]:
    """A finding per file whose record differs: changed, missing now, or not in the manifest."""
    now_word = "rebuilt" if kind == "output" else "now"
    found = []
    for path in sorted(set(reference) | set(now)):
        old, new = reference.get(path), now.get(path)
        if old == new:
            continue
        if old is None:
            message = f"{now_word} sha256 {_sha(new)}, but {manifest_path} does not list it"
            rule = "output-unlisted" if kind == "output" else "input-unlisted"
        elif new is None:
            message = f"{manifest_path} sha256 {_sha(old)}, but it was not {'rebuilt' if kind == 'output' else 'found'}"
            rule = "output-missing" if kind == "output" else "input-missing"
        else:
            message = f"{manifest_path} sha256 {_sha(old)}, {now_word} sha256 {_sha(new)}"
            if old["sha256"] == new["sha256"]:
                message = f"{manifest_path} size {old.get('size')}, {now_word} size {new.get('size')}"
            rule = "output-differs" if kind == "output" else "input-changed"
        found.append(finding(path, rule, message))
    return found


def compare_tools(reference: dict, now: dict, manifest_path: str) -> list[Finding]:
    return [
        finding(
            manifest_path,
            "tool-version",
            f"{name} {reference.get(name, 'not recorded')} built the manifest, "
            f"{now.get(name, 'not recorded')} rebuilt it; outputs are compared byte for byte regardless",
            severity=NOTE,
        )
        for name in sorted(set(reference) | set(now))
        if reference.get(name) != now.get(name)
    ]


def compare(reference: dict, inputs: dict, outputs: dict, tools: dict, manifest_path: str) -> Comparison:
    """Compare the current inputs, the rebuilt outputs and the tools with a reference manifest.

    Changed inputs are errors beside a differing output (they are its suspects), and notes
    when every output is still the same.
    """
    differing = compare_files(reference["outputs"], outputs, "output", manifest_path)
    changed = compare_files(reference["inputs"], inputs, "input", manifest_path)
    if not differing:
        changed = [replace(f, severity=NOTE, message=f"{f.message}; every output is still the same") for f in changed]
    return Comparison(
        matched=sorted(p for p, record in reference["outputs"].items() if outputs.get(p) == record),
        outputs=differing,
        inputs=[f for f in changed if f.severity != NOTE],
        notes=compare_tools(reference["tools"], tools, manifest_path) + [f for f in changed if f.severity == NOTE],
    )


def explanations(differing: list[Finding], reference: dict, work: Path) -> list[Finding]:
    """What differs in each differing output, against the manifest's version shipped beside it."""
    notes = []
    for found in differing:
        shipped, rebuilt = Path(found.file), work / found.file
        if found.rule != "output-differs":
            continue
        if not shipped.is_file() or manifest_mod.file_record(shipped) != reference["outputs"][found.file]:
            notes.append(
                finding(
                    found.file,
                    "no-reference",
                    "the manifest's version of this file is not here to compare with; only its hash is known",
                    severity=NOTE,
                )
            )
            continue
        notes += explain(found.file, shipped.read_bytes(), rebuilt.read_bytes())
    return notes


def verdict(result: Comparison, reference: dict, workdir: str) -> str:
    total = len(reference["outputs"])
    if result.passed:
        changed = [f.file for f in result.notes if f.rule.startswith("input-")]
        inputs = (
            f"{len(changed)} input(s) changed without changing any output: {', '.join(changed)}"
            if changed
            else f"{len(reference['inputs'])} inputs unchanged"
        )
        return (
            f"verify: passed: {len(result.matched)} of {total} outputs rebuilt from the raw data in {workdir} "
            f"match the manifest (sha256 and size); {inputs}"
        )
    changed = ", ".join(f.file for f in result.inputs) or "none"
    return (
        f"verify: FAILED: {len(result.matched)} of {total} outputs match the manifest, "
        f"{len(result.outputs)} differ; inputs changed: {changed}"
    )


def fresh_copy(files: list[str], workdir: str) -> Path:
    """Copy the source files into an emptied `workdir`, which must lie inside build/."""
    work = Path(workdir)
    build = (Path.cwd() / paths.BUILD).resolve()
    if not work.resolve().is_relative_to(build) or work.resolve() == build:
        raise UserError(finding(workdir, "verify-workdir", f"the rebuild folder must lie inside {paths.BUILD}/"))
    if work.exists():
        shutil.rmtree(work)
    for name in files:
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(name, work / name)
    return work


def rebuild(work: Path, cores: int, journal: str | None = None) -> subprocess.CompletedProcess:
    """Build the manifest, and so every output, from the raw data in `work`, with the journal
    profile the manifest names (a build made with `--config journal=NAME` is rebuilt with it)."""
    chosen = ["--config", f"journal={journal}"] if journal else []  # last: --config takes every word after it
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", str(cores), paths.MANIFEST, *chosen],
        cwd=work,
        capture_output=True,
        text=True,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", default=paths.VERIFY_MANIFEST, help="the manifest to verify against")
    parser.add_argument("--workdir", default=paths.VERIFY_DIR, help="where to rebuild (inside build/)")
    parser.add_argument("--cores", type=int, default=1)
    args = parser.parse_args(argv)
    if not Path(args.manifest).is_file():
        raise UserError(
            finding(
                args.manifest,
                "missing-manifest",
                "no manifest to verify against: unpack submission.zip here, or copy the MANIFEST.json "
                f"you received to the top level of the repository (not {paths.MANIFEST}, which the build rewrites)",
            )
        )
    reference = manifest_mod.load(args.manifest)
    sources = manifest_mod.input_files()
    inputs = manifest_mod.records(sources)
    work = fresh_copy(sources, args.workdir)
    print(f"verify: rebuilding every output from the raw data in {args.workdir} ...", flush=True)
    built = rebuild(work, args.cores, reference.get("journal"))
    if built.returncode != 0:
        for found in summary.collect([built.stdout + built.stderr]):
            if found.severity == ERROR:
                print(found, file=sys.stderr)
        changed = compare_files(reference["inputs"], inputs, "input", args.manifest)
        raise UserError(
            [
                *changed,
                finding(
                    args.workdir,
                    "rebuild-failed",
                    f"the rebuild from the raw data failed; its log is in {args.workdir}/.snakemake/log/",
                ),
            ]
        )
    rebuilt = manifest_mod.load(work / paths.MANIFEST)
    compared = (set(reference["outputs"]) | set(rebuilt["outputs"])) - set(reference.get("withheld", []))
    outputs = {p: manifest_mod.file_record(work / p) for p in compared if (work / p).is_file()}
    result = compare(reference, inputs, outputs, rebuilt["tools"], args.manifest)
    result.notes += explanations(result.outputs, reference, work)
    for line in sort_findings(result.notes) + sort_findings(result.inputs) + sort_findings(result.outputs):
        print(line, file=sys.stderr if line.severity != NOTE else sys.stdout, flush=True)
    print(verdict(result, reference, args.workdir), flush=True)
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(run_cli(main))
