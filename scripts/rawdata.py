"""Reading the raw CSV files of data/raw: one function, used by validation and by every table."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from scripts.errors import UserError, finding


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read a raw CSV as text cells (no type guessing, empty cells stay ""), UTF-8 with or without BOM."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise UserError(finding(path, "encoding", f"not UTF-8: byte 0x{raw[err.start]:02x} cannot be decoded", line=line)) from None
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
