"""What both checkers share: pointing at a config key, printing findings, the JSON report."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from scripts.core.errors import ERROR, WARNING, Finding, UserError, finding
from scripts.core.files import write_atomic


def line_of(path: str | None, word: str) -> int | None:
    """The first line of a small text file that mentions `word` (to point at a config key)."""
    if not path:
        return None
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if word in line:
            return number
    return None


def severities_from(config: dict, path: str | None, known: set[str]) -> dict[str, str]:
    """The `citation_severity` overrides, checked: known rule ids, values error|warning|off."""
    raw = config.get("citation_severity") or {}
    if not isinstance(raw, dict):
        raise UserError(
            finding(
                path or "config.yaml",
                "config",
                "citation_severity must be a mapping: rule-id: error|warning|off",
                line=line_of(path, "citation_severity"),
            )
        )
    out, problems = {}, []
    for rule, value in raw.items():
        value = "off" if value is False else str(value).strip().lower()  # YAML reads a bare off as False
        if rule not in known:
            problems.append(
                finding(
                    path or "config.yaml",
                    "config",
                    f"citation_severity: unknown rule id '{rule}' (known: {', '.join(sorted(known))})",
                    line=line_of(path, str(rule)),
                )
            )
        elif value not in ("error", "warning", "off"):
            problems.append(
                finding(
                    path or "config.yaml",
                    "config",
                    f"citation_severity: '{rule}' must be error, warning or off, not '{value}'",
                    line=line_of(path, str(rule)),
                )
            )
        else:
            out[rule] = value
    if problems:
        raise UserError(problems)
    return out


def order(f: Finding):
    """File, then line, then column as a number (errors.sort_findings compares columns as text)."""
    column = f.column if isinstance(f.column, int) else 0
    return (f.file, f.line or 0, column, f.rule, f.message)


def emit(tool: str, findings: list[Finding], json_path: str | None, extra: dict | None = None) -> int:
    """Print the findings (stderr, sorted, one line each) and a summary; write the JSON report
    atomically; return the exit code: 1 if any error remains, else 0."""
    findings = sorted(findings, key=order)
    counts = Counter(f.severity for f in findings)
    for f in findings:
        print(f, file=sys.stderr)
    errors, warnings = counts.get(ERROR, 0), counts.get(WARNING, 0)
    if findings:
        print(f"{tool}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    if json_path:
        report = {
            "tool": tool,
            **(extra or {}),
            "counts": {
                "error": errors,
                "warning": warnings,
                "by_rule": dict(sorted(Counter(f.rule for f in findings).items())),
            },
            "findings": [f.as_dict() for f in findings],
        }
        write_atomic(json_path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return 1 if errors else 0
