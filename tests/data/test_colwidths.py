"""Unit tests for scripts.data.colwidths: column widths from the content."""

import pytest

from scripts.data.colwidths import LINE, LONG_SHARE, header_breaks, relative_widths, text_length

FINDINGS_HEADERS = ["Dimension", "Finding", "Interview", "Observation", "Document", "Distinct sources", "Triangulated"]
LONG = "Content serves the wider public and is packaged to draw attention, " * 4


def test_widths_sum_to_the_whole_text_width():
    rows = [["Credibility", LONG, "3", "0", "0", "1", "No"], ["Context", "short", "1", "1", "1", "3", "Yes"]]
    widths = relative_widths(FINDINGS_HEADERS, rows, long_text=1)
    assert sum(widths) == pytest.approx(1.0)
    assert len(widths) == 7


def test_the_long_text_column_is_the_widest_and_numbers_are_narrow():
    rows = [["Credibility", LONG, "3", "0", "0", "1", "No"]]
    widths = relative_widths(FINDINGS_HEADERS, rows, long_text=1)
    assert widths[1] == max(widths)
    assert all(w < 0.15 for w in widths[2:6])


def test_every_word_fits_its_column():
    handle = "@humas_kota_tangerang"
    rows = [["Instagram", "Casual", handle, "Prokomp", LONG]]
    widths = relative_widths(["Platform", "Register", "Account", "Managed by", "Content focus"], rows, long_text=4)
    assert widths[2] * LINE >= text_length(handle)
    assert widths[4] == max(widths)


def test_without_long_text_columns_share_the_line_by_their_longest_cell():
    widths = relative_widths(["Account", "Age", "Share"], [["@tangerangtv", "18–24", "32%"]])
    assert sum(widths) == pytest.approx(1.0)
    assert widths[0] > widths[2]


def test_floors_that_overflow_the_line_are_scaled_to_it():
    word = "x" * 80
    widths = relative_widths(["a", "b"], [[word, word]], long_text=0)
    assert widths == pytest.approx([0.5, 0.5])


def test_no_columns_no_widths():
    assert relative_widths([], []) == []


def test_the_long_text_column_stays_widest_when_short_columns_take_most_of_the_line():
    rows = [["Instagram", "@humas_kota_tangerang", "Diskominfo, Prokomp", "short focus"]]
    widths = relative_widths(["Platform", "Account", "Managed by", "Content focus"], rows, long_text=3)
    assert widths[3] > max(widths[:3])


def test_shrinking_to_the_line_keeps_every_word_whole():
    handle = "@dinas_pemuda_dan_olahraga"
    rows = [["Instagram", "Semiformal", "Pengguna dari usia muda", handle, "Diskominfo, Prokomp", "short"]]
    headers = ["Platform", "Register", "Audience", "Account", "Managed by", "Content focus"]
    widths = relative_widths(headers, rows, long_text=5)
    assert sum(widths) == pytest.approx(1.0)
    assert widths[3] * LINE >= text_length(handle)  # whole, though the long-text column cannot then be widest


def en_breaks(word: str) -> list[int]:
    from scripts.core import hyphenation

    return hyphenation.breaks(word, "en")


FINDINGS_ROWS = [
    ["Continuity and consistency", LONG, "3", "0", "0", "1", "No"],
    ["Credibility", LONG, "1", "1", "1", "3", "Yes"],
]


def test_a_long_text_column_holding_most_text_gets_at_least_its_share():
    before = relative_widths(FINDINGS_HEADERS, FINDINGS_ROWS, long_text=1)
    after = relative_widths(FINDINGS_HEADERS, FINDINGS_ROWS, long_text=1, breaks=en_breaks)
    assert before[1] < LONG_SHARE <= after[1] + 1e-9
    assert sum(after) == pytest.approx(1.0)


def test_header_words_too_wide_for_their_column_are_the_ones_to_break():
    widths = relative_widths(FINDINGS_HEADERS, FINDINGS_ROWS, long_text=1, breaks=en_breaks)
    assert header_breaks("Observation", widths[3], en_breaks) == ["Observation"]
    assert header_breaks("Finding", widths[1], en_breaks) == []
    # A word under MIN_BROKEN letters stays whole, however narrow its column.
    assert header_breaks("Sumber", 0.01, en_breaks) == []


def test_without_breaks_or_most_text_the_widths_are_the_natural_ones():
    rows = [["Credibility", "short", "3", "0", "0", "1", "No"]]
    assert relative_widths(FINDINGS_HEADERS, rows, long_text=1, breaks=en_breaks) == relative_widths(
        FINDINGS_HEADERS, rows, long_text=1
    )
