"""The one registry of rule ids (scripts/core/rule_ids.py) against the source: every id raised
in scripts/ and the workflow is registered with the modules that raise it, every registered id
is raised, and docs/checks.md is the table the registry generates."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import REPO

from scripts.checks.citations.rules import RULES as CITATION_RULES
from scripts.checks.edition_check import EDITION_RULES
from scripts.core import rule_ids
from scripts.core.errors import ERROR, NOTE, WARNING
from scripts.data import contract

# The calls that take a rule id, and where: position, or the keyword `rule`.
RULE_ARGUMENT = {"finding": 1, "Finding": 4, "_f": 0, "_range": 0, "_note": 1, "at_source": 4, "ValueType": 2}
# A finding in a workflow file (Snakefile, rules/*.smk), which is not plain Python.
WORKFLOW_FINDING = re.compile(r"\bfinding\([^,]+, \"([\w-]+)\"")


class Module:
    """One module's source, to resolve what a rule argument names."""

    def __init__(self, path: Path):
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.where = path.relative_to(REPO).as_posix()
        self.globals = {
            target.id: node.value
            for node in self.tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        self.functions = [n for n in ast.walk(self.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

    def function_of(self, node: ast.AST):
        around = [f for f in self.functions if f.lineno <= node.lineno <= f.end_lineno]
        return max(around, key=lambda f: f.lineno, default=None)

    def ids(self, node: ast.AST, function, unresolved: list[str]) -> list[str]:
        """The rule ids `node` can hold; what cannot be read from the source goes to `unresolved`."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return self.ids(node.body, function, unresolved) + self.ids(node.orelse, function, unresolved)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and isinstance(node.slice, ast.Constant)
        ):
            # problem[0] where `problem = "rule", "message"` (or a ValueType's rule, found at ValueType)
            pairs = [v for v in self.assigned(node.value.id, function) if isinstance(v, ast.Tuple)]
            values = [pair.elts[node.slice.value] for pair in pairs]
            return [i for v in values if not isinstance(v, ast.Attribute) for i in self.ids(v, function, unresolved)]
        if isinstance(node, ast.Name):
            if function is not None and node.id in {a.arg for a in function.args.args}:
                return []  # a helper passing on its caller's id: the callers are read
            if node.id in self.globals:
                return self.ids(self.globals[node.id], None, unresolved)
            values = self.assigned(node.id, function) + self.looped(node.id, function)
            if values:
                return [i for v in values for i in self.ids(v, function, unresolved)]
        if isinstance(node, ast.Attribute) and node.attr == "id":
            return []  # a citation rule's id: read at its class
        unresolved.append(f"{self.where}:{node.lineno}: {ast.unparse(node)}")
        return []

    def assigned(self, name: str, function) -> list[ast.AST]:
        return [
            n.value
            for n in ast.walk(function or self.tree)
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
        ]

    def looped(self, name: str, function) -> list[ast.AST]:
        """What a loop over a module's table binds to `name`: `for kind, (rule, noun) in TABLE.items()`."""
        out = []
        for loop in (n for n in ast.walk(function or self.tree) if isinstance(n, ast.For)):
            place = _place(loop.target, name)
            over_items = isinstance(loop.iter, ast.Call) and getattr(loop.iter.func, "attr", None) == "items"
            table = loop.iter.func.value if over_items else loop.iter
            if place is None or not isinstance(table, ast.Name) or not isinstance(self.globals.get(table.id), ast.Dict):
                continue
            for key, value in zip(self.globals[table.id].keys, self.globals[table.id].values, strict=True):
                element = ast.Tuple(elts=[key, value])
                for index in place:
                    element = element.elts[index]
                out.append(element)
        return out

    def raised(self, unresolved: list[str]) -> set[str]:
        found = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                index = RULE_ARGUMENT.get(name)
                if index is None:
                    continue
                argument = (
                    node.args[index]
                    if len(node.args) > index
                    else next((k.value for k in node.keywords if k.arg == "rule"), None)
                )
                if argument is not None:
                    found.update(self.ids(argument, self.function_of(node), unresolved))
            elif isinstance(node, ast.ClassDef):  # a citation rule: class UndefinedKey(Rule): id = "undefined-key"
                found.update(
                    item.value.value
                    for item in node.body
                    if isinstance(item, ast.Assign)
                    and [getattr(t, "id", None) for t in item.targets] == ["id"]
                    and isinstance(item.value, ast.Constant)
                )
        return found


def _place(target: ast.AST, name: str) -> list[int] | None:
    """Where `name` stands in a loop target, as indexes into nested tuples."""
    if isinstance(target, ast.Name):
        return [] if target.id == name else None
    if isinstance(target, ast.Tuple):
        for index, element in enumerate(target.elts):
            inner = _place(element, name)
            if inner is not None:
                return [index, *inner]
    return None


def raised_in_source() -> tuple[dict[str, set[str]], list[str]]:
    """Rule id → the modules (workflow files by path) that raise it; and what could not be read."""
    raised, unresolved = defaultdict(set), []
    for path in sorted((REPO / "scripts").rglob("*.py")):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        for rule in Module(path).raised(unresolved):
            raised[rule].add(module)
    for path in [REPO / "Snakefile", *sorted((REPO / "rules").glob("*.smk"))]:
        for rule in WORKFLOW_FINDING.findall(path.read_text(encoding="utf-8")):
            raised[rule].add(path.relative_to(REPO).as_posix())
    return raised, unresolved


@pytest.fixture(scope="module")
def source():
    return raised_in_source()


def test_every_rule_argument_is_readable_from_the_source(source):
    _, unresolved = source
    assert unresolved == [], "write rule ids as literals (or module constants) where findings are made"


def test_every_raised_id_is_registered_with_the_modules_that_raise_it(source):
    raised, _ = source
    assert sorted(set(raised) - set(rule_ids.BY_ID)) == [], "raised but not registered in scripts/core/rule_ids.py"
    registered = {r.id: sorted(r.raised_by) for r in rule_ids.RULES if r.id in raised}
    assert {rule: sorted(modules) for rule, modules in raised.items()} == registered


def test_every_registered_id_is_raised_somewhere(source):
    raised, _ = source
    assert sorted(set(rule_ids.BY_ID) - set(raised)) == []


def test_the_scan_finds_each_way_an_id_is_given(source):
    raised, _ = source
    assert {"unlisted-section", "undeclared-data", "figure-declaration"} <= set(raised)  # module constants
    assert {"citation-mismatch", "placeholder-mismatch"} <= set(raised)  # a table looped over
    assert {"whitespace", "type", "pattern"} <= set(raised)  # a (rule, message) pair; a ValueType's rule
    assert {"output-unlisted", "input-changed"} <= set(raised)  # one of two by a condition
    assert "missing-file" in raised and "rules/common.smk" in raised["missing-file"]  # the workflow's own check


def test_one_entry_per_id_kebab_case_with_a_known_severity():
    ids = [r.id for r in rule_ids.RULES]
    assert len(ids) == len(set(ids))
    for rule in rule_ids.RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.id), rule.id
        assert rule.severity in (ERROR, WARNING, NOTE) and rule.meaning and rule.raised_by


def test_the_checks_take_severity_and_meaning_from_the_registry():
    assert {r.id: r.severity for r in CITATION_RULES} == {r.id: rule_ids.severity(r.id) for r in CITATION_RULES}
    assert all(rule in rule_ids.BY_ID for rule in EDITION_RULES)
    assert contract.RULES == {rule: rule_ids.meaning(rule) for rule in contract.RULES}


def test_docs_checks_md_is_the_generated_table():
    checked_in = (REPO / rule_ids.DOC).read_text(encoding="utf-8")
    assert rule_ids.document(checked_in) == checked_in, "run: python -m scripts.core.rule_ids --markdown"
    assert checked_in.count("\n| `") == len(rule_ids.RULES)


def test_markdown_command_writes_between_the_markers(tmp_path):
    doc = tmp_path / "checks.md"
    stale = f"# Checks\n\nIntro.\n\n{rule_ids.BEGIN}\n| `stale-row` |\n{rule_ids.END}\n\nAfter.\n"
    doc.write_text(stale, encoding="utf-8")
    assert rule_ids.main(["--markdown", "--out", str(doc)]) == 0
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Checks\n\nIntro.\n\n") and text.endswith(f"{rule_ids.END}\n\nAfter.\n")
    assert "stale-row" not in text
    assert "| `undefined-key` | error | a cited key that is not in the bibliography |" in text
    doc.write_text("# Checks\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        rule_ids.main(["--markdown", "--out", str(doc)])
