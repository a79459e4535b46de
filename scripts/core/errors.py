"""One way to report a problem in the user's input: where, which rule, what is wrong.

Every module raises `UserError` with one or more `Finding`s; `run_cli` prints them as
`FILE:LINE[:COL]: severity [rule-id] message` and exits non-zero, never with a traceback.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # about an output, not a problem of the input (verify and its explanations)


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int | None
    column: int | str | None
    severity: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity} [{self.rule}] {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


# A finding as `str(Finding)` prints it; the column is a character number or a CSV column name.
FINDING_LINE = re.compile(
    r"^(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+)(?::(?P<column>[^:\s]+))?)?: "
    r"(?P<severity>error|warning|note) \[(?P<rule>[\w-]+)\] (?P<message>.*)$"
)


def parse_finding(text: str) -> Finding | None:
    """The Finding a printed line states, or None when the line is not one."""
    match = FINDING_LINE.match(text.rstrip("\n"))
    if not match:
        return None
    line, column = match["line"], match["column"]
    return Finding(
        match["file"],
        int(line) if line else None,
        (int(column) if column.isdigit() else column) if column else None,
        match["severity"],
        match["rule"],
        match["message"],
    )


# The journal's limits (scripts/checks/journal_rules.py): warnings while writing, errors in a final build.
JOURNAL_LIMIT_RULES = (
    "journal-title-words",
    "journal-abstract-words",
    "journal-keywords",
    "journal-total-words",
    "journal-tables",
    "journal-figures",
    "journal-references",
    "journal-reference-age",
    "journal-sections-missing",
    "journal-sections-order",
)
# What a journal would send back: a final build (`--config final=true`) makes these rules' warnings
# errors, wherever they are found (metadata, journal profile, bibliography, the journal's limits).
# Rule ids, not checks: any check that reports one of them passes its findings through `escalated`.
FINAL_RULES = ("placeholder", "missing-field", *JOURNAL_LIMIT_RULES)
FINAL_NOTE = "; a final build (--config final=true) refuses it"


def escalated(findings: Iterable[Finding], final: bool) -> list[Finding]:
    """`findings`, with the FINAL_RULES warnings made errors when the build is final."""
    return [
        replace(f, severity=ERROR, message=f.message + FINAL_NOTE)
        if final and f.rule in FINAL_RULES and f.severity == WARNING
        else f
        for f in findings
    ]


def finding(file, rule, message, line=None, column=None, severity=ERROR) -> Finding:
    return Finding(str(file), line, column, severity, rule, message)


class UserError(Exception):
    """Bad input: carries the findings to print; the caller exits non-zero."""

    def __init__(self, findings: Finding | Iterable[Finding]):
        self.findings = [findings] if isinstance(findings, Finding) else sorted(findings, key=_sort_key)
        super().__init__("\n".join(map(str, self.findings)))


def _sort_key(f: Finding):
    # Columns may be numbers (a character) or names (a CSV column): numbers sort as numbers.
    column = (0, f.column, "") if isinstance(f.column, int) else (1, 0, str(f.column or ""))
    return (f.file, f.line or 0, column, f.rule, f.message)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=_sort_key)


def run_cli(main: Callable[[list[str] | None], int | None], argv: list[str] | None = None) -> int:
    """Run a module's main(); a UserError becomes its findings on stderr and exit code 1."""
    try:
        return main(argv) or 0
    except UserError as err:
        for f in err.findings:
            print(f, file=sys.stderr)
        return 1
