"""The house by stage: scripts/ holds one package per stage, and imports run one way, from a later
stage to an earlier one or to core (docs/architecture.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
# Earlier first: a module may import its own stage and the stages before it, never one after it.
STAGES = ("core", "data", "checks", "article", "changes", "package", "commands")


def stage_of(module: str) -> str:
    """`scripts.data.values` → `data`."""
    return module.split(".")[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(path: Path) -> set[str]:
    """Every `scripts.…` module or package that `path` imports, at any depth of the file."""
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("scripts."))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if base == "scripts" or base.startswith("scripts."):
                # `from package import module` imports the module; `from module import name`, the module.
                found.update(
                    f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}") else base for alias in node.names
                )
    return found


def import_graph() -> dict[str, set[str]]:
    return {module_name(path): imported_modules(path) for path in sorted(SCRIPTS.rglob("*.py"))}


def backward_imports(graph: dict[str, set[str]]) -> list[str]:
    """`module → target` for each import of a later stage than the module's own."""
    return [
        f"{module} → {target}"
        for module, targets in sorted(graph.items())
        if module != "scripts"
        for target in sorted(targets)
        if target.count(".") >= 1 and STAGES.index(stage_of(target)) > STAGES.index(stage_of(module))
    ]


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph` as the modules along it, or None."""
    visiting, done = [], set()

    def visit(module):
        if module in done:
            return None
        if module in visiting:
            return [*visiting[visiting.index(module) :], module]
        visiting.append(module)
        for target in sorted(graph.get(module, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        visiting.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module)
        if cycle:
            return cycle
    return None


def test_scripts_holds_stage_packages_and_few_loose_modules():
    loose = sorted(path.name for path in SCRIPTS.glob("*.py"))
    packages = sorted(path.name for path in SCRIPTS.iterdir() if path.is_dir() and (path / "__init__.py").exists())
    assert packages == sorted(STAGES)
    assert len(loose) <= 3, loose


def test_imports_run_from_later_stages_to_earlier_ones():
    assert backward_imports(import_graph()) == []


def test_no_import_cycle():
    graph = import_graph()
    assert find_cycle({module: targets & graph.keys() for module, targets in graph.items()}) is None


def test_the_checks_find_a_backward_import_and_a_cycle(tmp_path):
    assert backward_imports({"scripts.core.a": {"scripts.commands.watch"}, "scripts.data.b": {"scripts.core.a"}}) == [
        "scripts.core.a → scripts.commands.watch"
    ]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_imported_modules_reads_every_form_of_import(tmp_path, monkeypatch):
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    for module in ("core/errors.py", "data/values.py", "checks/metadata.py", "data/__init__.py"):
        (tmp_path / "scripts" / module).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "scripts" / module).touch()
    path = tmp_path / "scripts" / "data" / "x.py"
    path.write_text(
        "import os\nimport scripts.core.paths\nfrom scripts.core import errors\nfrom scripts import data\n"
        "def f():\n    from . import values\n    from ..checks.metadata import g\n",
        encoding="utf-8",
    )
    assert imported_modules(path) == {
        "scripts.core.paths",
        "scripts.core.errors",
        "scripts.data",
        "scripts.data.values",
        "scripts.checks.metadata",
    }


def test_every_command_is_listed_where_its_stage_begins():
    """A module with a main() is a command: its stage's __init__.py lists it, and lists no other."""
    for stage in STAGES:
        package = SCRIPTS / stage
        listed = set(re.findall(r"python -m (scripts\.[\w.]+)", (package / "__init__.py").read_text(encoding="utf-8")))
        commands = {
            module_name(path)
            for path in package.rglob("*.py")
            if re.search(r"^def main\(", path.read_text(encoding="utf-8"), re.M)
        }
        assert listed == commands, f"scripts/{stage}/__init__.py: listed {sorted(listed)}, commands {sorted(commands)}"
