"""Reading the raw CSV files of data/raw: one function, used by validation and by every table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from scripts.errors import UserError, finding

# Key of DataFrame.attrs holding, for each data row, its row number as a spreadsheet shows it.
ROWS = "rows"


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read a raw CSV as text cells (no type guessing, empty cells stay ""), UTF-8 with or without BOM.

    Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row
    row 2, a quoted cell spanning several lines stays one row. `df.attrs["rows"]` holds the
    number of each data row. Blank rows (no cells, or only empty cells) are skipped, but
    still counted. A header with no data rows gives an empty DataFrame with the columns.

    Raises UserError with every structural problem of the file: a 0-byte file or one with no
    header (empty-file), bytes that are not UTF-8 (encoding), broken quoting (csv-syntax), an
    unnamed or repeated header cell (header), rows with more or fewer cells than the header
    (field-count).
    """
    raw = Path(path).read_bytes()
    if not raw:
        raise UserError(finding(path, "empty-file", "the file is empty (0 bytes): it needs a header row and data rows"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise UserError(finding(
            path, "encoding",
            f"the file is not UTF-8: byte 0x{raw[err.start]:02x} on text line {line} cannot be decoded;"
            " save it as UTF-8 (\"CSV UTF-8\" in Excel, \"Unicode (UTF-8)\" in LibreOffice)",
            line=line)) from None

    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row = 0
    try:
        for row, record in enumerate(reader, start=1):
            records.append((row, record))
    except csv.Error as err:
        raise UserError(finding(
            path, "csv-syntax",
            f"broken CSV quoting in row {row + 1} (text line {reader.line_num}): {err};"
            " a cell holding a comma, quote or line break must be wrapped in double quotes, its quotes doubled",
            line=row + 1)) from None

    if not records or not any(cell.strip() for cell in records[0][1]):
        raise UserError(finding(path, "empty-file", "the file has no header row: row 1 must name the columns", line=1))

    header = records[0][1]
    problems = []
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name.strip():
            problems.append(finding(path, "header", f"header cell {position} has no column name", line=1, column=position))
        elif name in seen:
            problems.append(finding(path, "header", f"column '{name}' appears twice in the header", line=1, column=name))
        seen.add(name)

    rows, cells = [], []
    for number, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue  # a blank row: skipped, still counted
        if len(record) != len(header):
            problems.append(finding(
                path, "field-count",
                f"row has {len(record)} cells but the header has {len(header)};"
                " a cell holding a comma must be wrapped in double quotes", line=number))
            continue
        rows.append(number)
        cells.append(record)
    if problems:
        raise UserError(problems)

    frame = pd.DataFrame(cells, columns=header, dtype=str) if cells else pd.DataFrame(
        {name: pd.Series([], dtype=str) for name in header})
    frame.attrs[ROWS] = rows
    return frame
