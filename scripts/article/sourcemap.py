"""Where in the manuscript a line of the generated typst source came from.

pandoc does not carry source positions into typst, so a typst error is traced back by the
text it stands on: the word at the error's column (raw typst such as `#name()` reaches the
typst source as written), then the whole line, is looked for in the edition's section
files. Text pandoc rewrote beyond recognition, and text the build generated (tables, front
matter), is found nowhere: the caller then points at the kept typst file.
"""

from __future__ import annotations

from dataclasses import dataclass

# Shorter fragments match too much to name one place.
MIN_FRAGMENT = 3


@dataclass(frozen=True)
class Place:
    file: str
    line: int
    column: int


def fragments(typ_line: str, column: int) -> list[str]:
    """What to look for: the run of non-blank characters at `column` (1-based), then the line."""
    start = max(column - 1, 0)
    word = typ_line[start:].split(maxsplit=1)[0] if typ_line[start:].strip() else ""
    return [text for text in (word, typ_line.strip()) if len(text) >= MIN_FRAGMENT]


def locate(typ_line: str, column: int, sources: dict[str, list[str]]) -> Place | None:
    """The first place in `sources` (path → lines, in reading order) holding a fragment of the line."""
    for fragment in fragments(typ_line, column):
        for path, lines in sources.items():
            for number, line in enumerate(lines, start=1):
                at = line.find(fragment)
                if at >= 0:
                    return Place(path, number, at + 1)
    return None
