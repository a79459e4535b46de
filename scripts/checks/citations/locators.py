"""Each edition's page-locator words, read from its strings file (`page_locators:` in
templates/i18n/<lang>.yaml): the citation check reports another edition's words
(foreign-locator)."""

from __future__ import annotations

from pathlib import Path

from scripts.core import yamlfile
from scripts.core.errors import UserError, finding


def page_locators(strings_files: list[str]) -> dict[str, tuple[str, ...]]:
    """{language: its page-locator words}; the language is the strings file's name."""
    found = {}
    for path in strings_files:
        words = yamlfile.load(path).get("page_locators") or []
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise UserError(finding(path, "strings", "page_locators: expected a list of words, such as [p., pp.]"))
        found[Path(path).stem] = tuple(words)
    return found
