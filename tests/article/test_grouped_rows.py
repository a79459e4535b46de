"""templates/grouped-rows.lua: a grouped table's key cells span the empty cells below them."""

import json
import subprocess

from scripts.core import pandoc, paths

GROUPED = """\
::: {.grouped-rows columns="1 2"}
| Account | Kind | Age   |
|:--------|:-----|:------|
| a       | x    | 18-24 |
|         |      | 25-34 |
| b       |      | 18-24 |
|         | y    | 25-34 |

: Table 1. Ages
:::
"""


def rows(markdown: str) -> list[list[tuple[str, int]]]:
    """(text, row span) of each body cell, row by row, after the filter."""
    command = [pandoc.binary(), "-f", "markdown", "-t", "json", f"--lua-filter={paths.GROUPED_ROWS_FILTER}"]
    done = subprocess.run(command, input=markdown.encode("utf-8"), capture_output=True, check=True)
    [table] = [block for block in json.loads(done.stdout)["blocks"] if block["t"] == "Table"]
    body = table["c"][4][0][3]

    def text(cell):
        return "".join(
            inline.get("c", " ") if isinstance(inline.get("c"), str) else ""
            for block in cell[4]
            for inline in block["c"]
        ).strip()

    return [[(text(cell), cell[2]) for cell in row[1]] for row in body]


def test_each_key_cell_spans_its_group_and_the_blanks_are_gone():
    assert rows(GROUPED) == [
        [("a", 2), ("x", 2), ("18-24", 1)],
        [("25-34", 1)],
        [("b", 1), ("", 1), ("18-24", 1)],  # a group's own empty value is not the group above's
        [("", 1), ("y", 1), ("25-34", 1)],  # a row with a key is no continuation
    ]


def test_a_table_outside_the_div_is_left_as_it_is():
    plain = GROUPED.split("\n", 1)[1].rsplit(":::", 1)[0]
    assert [len(row) for row in rows(plain)] == [3, 3, 3, 3]
