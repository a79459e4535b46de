"""Reading the raw CSV files of data/raw: one function, used by validation and by every table."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.core.errors import UserError, finding

if TYPE_CHECKING:
    import pandas as pd

# Key of DataFrame.attrs holding, for each data row, its row number as a spreadsheet shows it.
ROWS = "rows"


class Column(list):
    """The text cells of one column; `.iat[i]` reads cell i, as on a pandas Series."""

    @property
    def iat(self) -> Column:
        return self


class Cells:
    """A raw CSV as text columns without pandas: what validation reads (`columns`, `frame[name]`,
    `len(frame)`, `attrs`). pandas costs ~0.2 s to import, in every job that imports it."""

    def __init__(self, header: list[str], records: list[list[str]], rows: list[int]):
        self.header, self.records = header, records
        self.columns = list(header)
        self.attrs = {ROWS: rows}
        self._columns = {name: Column(record[i] for record in records) for i, name in enumerate(header)}

    def __getitem__(self, column: str) -> Column:
        return self._columns[column]

    def __len__(self) -> int:
        return len(self.records)

    def to_dataframe(self) -> pd.DataFrame:
        import pandas as pd

        frame = (
            pd.DataFrame(self.records, columns=self.header, dtype=str)
            if self.records
            else pd.DataFrame({name: pd.Series([], dtype=str) for name in self.header})
        )
        frame.attrs[ROWS] = list(self.attrs[ROWS])
        return frame


def read_csv(path: str | Path) -> pd.DataFrame:
    """`read_cells` as a pandas DataFrame of str cells, `df.attrs["rows"]` holding the row numbers."""
    return read_cells(path).to_dataframe()


def read_cells(path: str | Path) -> Cells:
    """Read a raw CSV as text cells (no type guessing, empty cells stay ""), UTF-8 with or without BOM.

    Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row
    row 2, a quoted cell spanning several lines stays one row. `df.attrs["rows"]` holds the
    number of each data row (`cells.attrs["rows"]` here). Blank rows (no cells, or only empty cells) are skipped, but
    still counted. A header with no data rows gives an empty DataFrame with the columns.

    Raises UserError with every structural problem of the file: no such file (missing-file), a
    0-byte file or one with no header (empty-file), bytes that are not UTF-8 (encoding), broken quoting (csv-syntax), an
    unnamed or repeated header cell (header), rows with more or fewer cells than the header
    (field-count).
    """
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise UserError(finding(path, "missing-file", "file not found")) from None
    if not raw:
        raise UserError(finding(path, "empty-file", "the file is empty (0 bytes): it needs a header row and data rows"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise UserError(
            finding(
                path,
                "encoding",
                f"the file is not UTF-8: byte 0x{raw[err.start]:02x} on text line {line} cannot be decoded;"
                ' save it as UTF-8 ("CSV UTF-8" in Excel, "Unicode (UTF-8)" in LibreOffice)',
                line=line,
            )
        ) from None

    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row = 0
    try:
        for row, record in enumerate(reader, start=1):
            records.append((row, record))
    except csv.Error as err:
        raise UserError(
            finding(
                path,
                "csv-syntax",
                f"broken CSV quoting in row {row + 1} (text line {reader.line_num}): {err};"
                " a cell holding a comma, quote or line break must be wrapped in double quotes, its quotes doubled",
                line=row + 1,
            )
        ) from None

    if not records or not any(cell.strip() for cell in records[0][1]):
        raise UserError(finding(path, "empty-file", "the file has no header row: row 1 must name the columns", line=1))

    header = records[0][1]
    problems = []
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name.strip():
            problems.append(
                finding(path, "header", f"header cell {position} has no column name", line=1, column=position)
            )
        elif name in seen:
            problems.append(
                finding(path, "header", f"column '{name}' appears twice in the header", line=1, column=name)
            )
        seen.add(name)

    rows, cells = [], []
    for number, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue  # a blank row: skipped, still counted
        if len(record) != len(header):
            problems.append(
                finding(
                    path,
                    "field-count",
                    f"row has {len(record)} cells but the header has {len(header)};"
                    " a cell holding a comma must be wrapped in double quotes",
                    line=number,
                )
            )
            continue
        rows.append(number)
        cells.append(record)
    if problems:
        raise UserError(problems)

    return Cells(header, cells, rows)
