"""Section files that the build would leave out or that carry no text: warnings on every run.

The Snakefile calls `warnings()` while it is read, so these warnings appear on every build,
including an incremental or a no-op one: a file nobody lists is no job's input, so no job
would notice it. Standard library only (the Snakefile imports this on every run).
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.core.errors import WARNING, Finding

UNLISTED = "unlisted-section"
EMPTY = "empty-section"
# HTML comments are no text a reader sees: a file holding only comments is empty.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def unlisted(root: str | Path, lang: str, sections: list[str]) -> list[Finding]:
    """A warning for each Markdown file of `root/lang` that `sections` does not name."""
    folder = Path(root) / lang
    if not folder.is_dir():
        return []
    return [
        Finding(
            extra.as_posix(),
            None,
            None,
            WARNING,
            UNLISTED,
            f"'{extra.stem}' is not in config.yaml's sections, so the build leaves it out",
        )
        for extra in sorted(folder.glob("*.md"))
        if extra.stem not in sections
    ]


def is_empty(text: str) -> bool:
    return not _COMMENT.sub("", text).strip()


def empty(root: str | Path, lang: str, sections: list[str]) -> list[Finding]:
    """A warning for each listed section file of `root/lang` with no text (blank or comments only)."""
    found = []
    for name in sections:
        path = Path(root) / lang / f"{name}.md"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # a missing or unreadable file is the checks' and the assembler's error
        if is_empty(text):
            found.append(
                Finding(
                    path.as_posix(),
                    None,
                    None,
                    WARNING,
                    EMPTY,
                    f"section '{name}' has no text: the edition shows nothing for it",
                )
            )
    return found


def warnings(root: str | Path, languages: list[str], sections: list[str]) -> list[Finding]:
    """Unlisted and empty section files of every edition."""
    return [f for lang in languages for f in unlisted(root, lang, sections) + empty(root, lang, sections)]
