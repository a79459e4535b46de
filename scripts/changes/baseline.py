"""The baseline `changes` compares with: a git revision of this repository, or a submission.zip.

Its sources are unpacked into a folder of their own, build/baseline/<key>/ (`git archive` of
the commit, or the bundle's members outside build/), and its assembled editions are built
there by its own workflow, never touching the working tree. The key names the content: the
commit's sha, or `zip-` and the start of the bundle's sha256, so the folder is reused as long
as the baseline is the same and a new baseline gets a new folder.

CLI:
    python -m scripts.changes.baseline --source REV|PATH.zip --dir build/baseline/KEY --langs id en [--cores N]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from scripts.article.edition_ast import edition_ast
from scripts.core import config as config_mod
from scripts.core import paths
from scripts.core.errors import UserError, finding, run_cli
from scripts.core.files import write_atomic

BASELINES = "build/baseline"
HOW = (
    "give the submitted version as `snakemake --cores 1 changes --config baseline=REV`, where REV is a git "
    "tag, branch or commit of this repository, or the path of the submission.zip that was sent"
)
# An error as the workflow's modules print it (the baseline's warnings are not this round's).
ERROR_LINE = re.compile(r"^\S+: error \[[\w-]+\] ")
# Marks the folder as completely unpacked (it is unpacked elsewhere and renamed into place).
UNPACKED = ".baseline"


@dataclass(frozen=True)
class Baseline:
    source: str  # what the user gave
    kind: str  # "git" or "zip"
    key: str  # the commit sha, or zip-<sha256 prefix>

    @property
    def folder(self) -> str:
        return f"{BASELINES}/{self.key}"

    @property
    def label(self) -> str:
        """How the summary names it: "v1.0 (commit 1e35af467968)", or the bundle's path."""
        if self.kind == "zip":
            return self.source
        commit = f"commit {self.key[:12]}"
        return commit if self.key.startswith(self.source) else f"{self.source} ({commit})"


def git(args: list[str], repo: str | Path = ".") -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True)


def resolve(source: str, repo: str | Path = ".") -> Baseline:
    """What `source` names: an existing .zip file, else a git revision; otherwise an error."""
    path = Path(repo) / source
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise UserError(finding(source, "baseline-unknown", f"is not a zip archive; {HOW}"))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return Baseline(source, "zip", f"zip-{digest[:16]}")
    found = git(["rev-parse", "--verify", "--quiet", f"{source}^{{commit}}"], repo)
    if found.returncode != 0 or not source.strip():
        raise UserError(
            finding(source, "baseline-unknown", f"is neither a git revision of this repository nor a file; {HOW}")
        )
    return Baseline(source, "git", found.stdout.decode().strip())


def sources_of(baseline: Baseline, repo: str | Path = ".") -> list[tuple[str, bytes]]:
    """The baseline's source files as (path, bytes): the commit's tree, or the bundle's sources."""
    if baseline.kind == "git":
        archive = git(["archive", "--format=tar", baseline.key], repo)
        if archive.returncode != 0:
            raise UserError(finding(baseline.source, "baseline-unknown", archive.stderr.decode().strip()))
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            return [(m.name, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]
    with zipfile.ZipFile(Path(repo) / baseline.source) as bundle:
        names = [n for n in bundle.namelist() if not n.endswith("/") and not n.startswith(f"{paths.BUILD}/")]
        if "Snakefile" not in names:
            raise UserError(
                finding(baseline.source, "baseline-unknown", f"holds no Snakefile: not a submission.zip; {HOW}")
            )
        return [(name, bundle.read(name)) for name in names]


def safe(name: str) -> bool:
    parts = Path(name).parts
    return not Path(name).is_absolute() and ".." not in parts


def unpack(baseline: Baseline, folder: str | Path, repo: str | Path = ".") -> Path:
    """The baseline's sources in `folder`, unpacked once (a finished folder is reused)."""
    target = Path(folder)
    if (target / UNPACKED).is_file():
        return target
    members = sources_of(baseline, repo)
    unsafe = [name for name, _ in members if not safe(name)]
    if unsafe:
        raise UserError(
            finding(baseline.source, "baseline-unsafe", f"member {unsafe[0]} would be written outside its folder")
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        for name, data in members:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        (staging / UNPACKED).write_text(f"{baseline.kind} {baseline.source} {baseline.key}\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def commit_date(baseline: Baseline, repo: str | Path = ".") -> str | None:
    if baseline.kind != "git":
        return None
    return git(["log", "-1", "--format=%cs", baseline.key], repo).stdout.decode().strip() or None


def build(baseline: Baseline, folder: Path, langs: list[str], cores: int, repo: str | Path = ".") -> None:
    """Build the baseline's assembled editions with its own workflow, in its own folder.

    git is kept from looking above the folder (it would find this repository); when the
    baseline's config leaves build_date empty, a commit's own date stands in, as it would have.
    """
    targets = [paths.CSL, *(paths.ARTICLE_MD.format(lang=lang) for lang in langs)]
    command = [sys.executable, "-m", "snakemake", "--cores", str(cores), *targets]
    config = config_mod.load(str(folder / paths.CONFIG)) if (folder / paths.CONFIG).is_file() else {}
    date = commit_date(baseline, repo)
    if not config.get("build_date") and date:
        command += ["--config", f"build_date={date}"]
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(folder.resolve().parent)}
    built = subprocess.run(command, cwd=folder, capture_output=True, text=True, env=env)
    if built.returncode != 0:
        for line in (built.stdout + built.stderr).splitlines():
            if ERROR_LINE.match(line):
                print(f"{folder}/{line}", file=sys.stderr)
        raise UserError(
            finding(
                baseline.source,
                "baseline-build-failed",
                f"the baseline's editions could not be built in {folder}; its log is in {folder}/.snakemake/log/",
            )
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="a git revision, or the path of a submission.zip")
    parser.add_argument("--dir", required=True, help="the baseline's folder, build/baseline/<key>")
    parser.add_argument("--langs", nargs="+", required=True)
    parser.add_argument("--cores", type=int, default=1)
    args = parser.parse_args(argv)
    baseline = resolve(args.source)
    folder = unpack(baseline, args.dir)
    build(baseline, folder, args.langs, args.cores)
    for lang in args.langs:
        write_atomic(
            folder / paths.EDITION_AST.format(lang=lang), edition_ast(paths.ARTICLE_MD.format(lang=lang), folder)
        )
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
