"""The README and the docs say what is true: CI runs the README's commands, the README stays short, every
file, link and module they name exists, and the example outputs the README shows are what a real run prints."""

import json
import re
from pathlib import Path

import pytest
from conftest import closing_block, copy_repo, snakemake

from scripts.commands import verify, watch
from scripts.core import paths

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
DOCS = [README, REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]
MAX_README_LINES = 400
# docs/checks.md is generated from the rule-id registry by its own job; the README links it.
GENERATED = {"docs/checks.md"}
# Files the docs name as examples to create, or as coming: they must not exist yet to be named so.
EXAMPLES = {
    "data/raw/obstacles.csv",
    "data/tables/obstacles.yaml",
    "data/tables/platform_accounts.yaml",
    "data/figures/accounts_per_platform.yaml",
    "data/contract.yaml",
    "data/values/",
    "templates/i18n/fr.yaml",
    "manuscript/fr/",
    "data/raw/F.csv",
    "data/raw/x.csv",
    "data/tables/x.yaml",
}
TOP = (
    "Snakefile",
    "rules/",
    "scripts/",
    "templates/",
    "manuscript/",
    "data/",
    "bib/",
    "tests/",
    "benchmarks/",
    "docs/",
    "config.yaml",
    "pytest.ini",
    "requirements.txt",
    "environment.yaml",
)


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def sh_blocks(markdown: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", markdown, re.S)


def test_ci_runs_exactly_the_readme_commands():
    """The README's two commands are .ci/run's, word for word; anything else CI runs is in CONTRIBUTING.md."""
    readme = text(README)
    ci = [
        line
        for line in (REPO / ".ci" / "run").read_text().splitlines()
        if line and not line.startswith(("#", "set ", "cd "))
    ]
    section = readme.split("## Two commands on a fresh machine", 1)[1].split("\n## ", 1)[0]
    two = [block.strip() for block in sh_blocks(section)][:2]
    assert len(two) == 2 and all("\n" not in command for command in two)
    assert [line for line in ci if line in two] == two  # in this order
    contributing = "\n".join(sh_blocks(text(REPO / "CONTRIBUTING.md")))
    for line in ci:
        if line not in two:
            for command in line.removeprefix(". .venv/bin/activate && ").split(" && "):
                assert command.strip() in contributing, f".ci/run runs {command!r}, which CONTRIBUTING.md does not show"


def test_readme_is_a_newcomers_page():
    lines = text(README).count("\n")
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines; move the depth to docs/"


def test_every_placeholder_key_family_used_in_the_manuscript_is_documented():
    readme = text(README)
    used = {
        m.split(".")[0]
        for p in (REPO / "manuscript").rglob("*.md")
        for m in re.findall(r"\{\{([^{}:\s]+)\}\}", text(p))
    }
    for family in used:
        assert f"`{family}." in readme, family


def test_the_layout_table_names_every_stage_and_its_tests():
    readme = text(README)
    for stage in sorted(p.name for p in (REPO / "scripts").iterdir() if (p / "__init__.py").is_file()):
        assert f"`scripts/{stage}/`" in readme, stage
        assert f"`{stage}`" in readme.split("## Where everything lives", 1)[1], stage
    assert "`tests/<stage>/`" in readme


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_link_and_path_named_exists(doc):
    body = text(doc)
    missing = []
    prose = re.sub(r"`[^`\n]+`", "", re.sub(r"```.*?```", "", body, flags=re.S))
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", prose):
        if "://" in target:
            continue
        relative = (doc.parent / target).resolve().relative_to(REPO).as_posix()
        if relative not in GENERATED and not (REPO / relative).exists():
            missing.append(f"link {target}")
    for span in re.findall(r"`([^`\n]+)`", body):
        for name in re.findall(r"(?<![\w./-])((?:" + "|".join(map(re.escape, TOP)) + r")[\w./-]*)", span):
            name = name.rstrip(".")
            if re.search(r"[<{*…]", span[span.find(name) : span.find(name) + len(name) + 1]) or name in EXAMPLES:
                continue
            if name not in GENERATED and not (REPO / name).exists():
                missing.append(name)
    assert not missing, f"{doc.name} names what does not exist: {missing}"


def names_a_module(dotted: str) -> bool:
    """scripts.a.b is a module or a package of the repository; scripts.a.b.name, a name in module scripts.a.b."""
    parts = dotted.split(".")
    for end in range(len(parts), 1, -1):
        path = REPO.joinpath(*parts[:end])
        if (path / "__init__.py").is_file() or path.with_suffix(".py").is_file():
            return end == len(parts) or (end == len(parts) - 1 and path.with_suffix(".py").is_file())
    return False


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_module_named_exists(doc):
    named = set(re.findall(r"\b((?:scripts|benchmarks)(?:\.\w+)+)", text(doc))) - {"scripts.my_figures"}
    assert not [m for m in named if not names_a_module(m)], f"{doc.name} names modules that do not exist"


def test_the_watch_line_the_readme_shows_is_the_one_watch_prints():
    line = re.search(r"prints one line per rebuild \(`([^`]+)`", text(README).replace("\n", " "))[1]
    assert watch.summary("10:02:41", ["en"], 2.70, True, []) == line


def example(marker: str) -> list[str]:
    """The lines of the README's example block that follows `marker`, without its elision line."""
    block = re.search(re.escape(marker) + r".*?```\n(.*?)```", text(README), re.S)[1]
    return [line for line in block.splitlines() if line != "…"]


@pytest.mark.integration
def test_the_closing_block_the_readme_shows_is_what_the_build_prints(built, tmp_path):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    raw = repo / "data/raw/audience_age.csv"
    raw.write_text(text(raw).replace("@tangerangtv,25-34,40\n", "@tangerangtv,25-34,40%\n"), encoding="utf-8")
    result = snakemake(repo)
    assert result.returncode != 0
    shown = example("With `40%` typed")
    assert closing_block(result.stdout + result.stderr)[: len(shown)] == shown


@pytest.mark.integration
def test_the_verify_line_the_readme_shows_is_what_verify_prints_for_the_build(built):
    manifest = json.loads((built / paths.MANIFEST).read_text(encoding="utf-8"))
    same = verify.compare(manifest, manifest["inputs"], manifest["outputs"], manifest["tools"], paths.VERIFY_MANIFEST)
    assert example("When nothing changed it exits 0") == [verify.verdict(same, manifest, paths.VERIFY_DIR)]
