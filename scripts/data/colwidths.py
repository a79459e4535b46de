"""Column widths of a table from its content, as fractions of the text width.

A pure function of the cells, so that the PDF (typst) and the DOCX get the same widths
through pandoc's relative column widths. Lengths are measured in estimated character widths
of a serif face (narrow letters count less, wide ones more), which is close enough to keep
every word of a cell whole when the floor below is respected.

- Each column's floor is its longest word (header included) plus the cell padding, so no
  word is ever broken inside a cell.
- A column that is not long text asks for its natural width, its longest cell (the header
  wraps at its spaces), capped at SHORT_CAP of the line.
- The long-text column (if any) takes what is left, and is the widest column (WIDEST). Where
  it holds most of the table's text it gets at least LONG_SHARE of the line, as a typesetter
  would give it: the short columns then narrow toward their body's longest word, their header
  words breaking at a hyphenation point (`header_breaks`: soft hyphens in the header).
- Without a long-text column the columns share the line in proportion to their longest cell.
- Over the line, columns shrink toward their floors (never below); if the floors alone
  exceed the line, every column gets its floor, scaled to fit.
"""

from __future__ import annotations

from collections.abc import Callable

# The break points of a word (pyphen's `positions`), for header words that must break.
Breaks = Callable[[str], list[int]]

# Lower-case letters of 9 pt serif text (about 0.45 em each) in the text width of an A4 page
# with 2.5 cm margins (16 cm = 453 pt).
LINE = 110.0
# Cell padding (left + right inset, 8 pt) in characters.
PADDING = 2.0
# Room for the estimate's error, so that the longest word fits whole.
SAFETY = 1.1
# Header cells are bold, a little wider than the body.
BOLD = 1.08
# The long-text column is at least this much wider than any other.
WIDEST = 1.2
# The widest a short (not long-text) column may ask to be, as a share of the line.
SHORT_CAP = 0.14
# The least share of the line a long-text column holding most of the table's text gets.
LONG_SHARE = 0.45
# The hyphen a broken header word ends with, in characters.
HYPHEN = 0.6
# A header word shorter than this stays whole ("Sum-ber" reads badly).
MIN_BROKEN = 7
NARROW = set("fijlrt.,;:'!|()[] ")
WIDE = set("mwMW@%—–_#")


def text_length(text: str) -> float:
    """Estimated width of `text` in average character widths."""
    return sum(0.6 if c in NARROW else 1.5 if c in WIDE else 1.3 if c.isupper() else 1.0 for c in text)


def _longest_word(texts: list[str]) -> float:
    return max((text_length(word) for text in texts for word in str(text).split()), default=0.0)


def _floor(header: str, cells: list[str]) -> float:
    """The narrowest a column may be: its longest word, header (bold) or cell, with padding."""
    return SAFETY * max(BOLD * _longest_word([header]), _longest_word(cells)) + PADDING


def _longest_cell(texts: list[str]) -> float:
    return max((text_length(" ".join(str(text).split())) for text in texts), default=0.0)


def _broken_length(word: str, breaks: Breaks) -> float:
    """The width of `word` broken at its most even break point (the wider part), or whole."""
    if len(word) < MIN_BROKEN:
        return text_length(word)
    parts = [max(text_length(word[:at]) + HYPHEN, text_length(word[at:])) for at in breaks(word)]
    return min(parts, default=text_length(word))


def _broken_floor(header: str, cells: list[str], breaks: Breaks) -> float:
    """The narrowest a short column may be when its header words may break at a hyphen."""
    longest_header = max((_broken_length(word, breaks) for word in header.split()), default=0.0)
    return SAFETY * max(BOLD * longest_header, _longest_word(cells)) + PADDING


def _holds_most_text(columns: list[list[str]], index: int) -> bool:
    totals = [sum(text_length(str(cell)) for cell in cells[1:]) for cells in columns]
    return totals[index] > sum(totals) - totals[index]


def _narrowed(widths: list[float], tight: list[float], long_text: int) -> list[float]:
    """Short columns narrowed toward `tight`, evenly, until the long-text one gets LONG_SHARE."""
    short = [i for i in range(len(widths)) if i != long_text]
    slack = sum(widths[i] - tight[i] for i in short)
    needed = LONG_SHARE * LINE - (LINE - sum(widths[i] for i in short))
    if needed <= 0 or slack <= 0:
        return widths
    keep = max(0.0, 1 - needed / slack)
    return [w if i == long_text else tight[i] + (w - tight[i]) * keep for i, w in enumerate(widths)]


def header_breaks(header: str, width: float, breaks: Breaks) -> list[str]:
    """The words of `header` wider than a column `width` (a fraction of the line) allows."""
    room = (width * LINE - PADDING) / SAFETY / BOLD
    return [word for word in header.split() if text_length(word) > room and len(word) >= MIN_BROKEN and breaks(word)]


def relative_widths(
    headers: list[str], rows: list[list[str]], long_text: int | None = None, breaks: Breaks | None = None
) -> list[float]:
    """Fractions of the text width, one per column, summing to 1.

    `long_text` is the index of the column that carries running text (e.g. a long description), or None;
    `breaks` gives a word's hyphenation points, where a short column's header word may break.
    """
    count = len(headers)
    if count == 0:
        return []
    columns = [[headers[i], *(row[i] for row in rows)] for i in range(count)]
    floors = [_floor(cells[0], cells[1:]) for cells in columns]
    # A header wraps at its words; the cells below decide how wide a column wants to be.
    wants = [max(_longest_cell(cells[1:]) + PADDING, floors[i]) for i, cells in enumerate(columns)]
    if sum(floors) >= LINE:
        widths = floors
    elif long_text is None:
        widths = wants
    else:
        widths = [max(floors[i], min(wants[i], SHORT_CAP * LINE)) for i in range(count)]
        if breaks is not None and _holds_most_text(columns, long_text):
            tight = [min(widths[i], _broken_floor(cells[0], cells[1:], breaks)) for i, cells in enumerate(columns)]
            widths = _narrowed(widths, tight, long_text)
        others = [w for i, w in enumerate(widths) if i != long_text]
        widths[long_text] = max(LINE - sum(others), floors[long_text], WIDEST * max(others, default=0.0))
        if sum(widths) > LINE:
            # Over the line: every column keeps its floor and gives up a share of what it has
            # above it, so words stay whole (the long-text column, furthest above, stays widest
            # unless another column's longest word alone is wider).
            above = [w - f for w, f in zip(widths, floors)]
            room = LINE - sum(floors)
            widths = [f + a * room / sum(above) for f, a in zip(floors, above)]
    total = sum(widths)
    return [w / total for w in widths]
