"""Unit tests for scripts/commands/explain.py: what differs between two versions of an output."""

from __future__ import annotations

import io
import json

import docx

from scripts.commands import explain


def notes(found):
    return [str(f) for f in found]


def test_changed_cells_are_named_at_their_row_and_column():
    old = "account,age_range,share_pct\n@a,18-24,32\n@a,25-34,40\n"
    new = "account,age_range,share_pct\n@a,18-24,31\n@a,25-34,40\n@b,65+,1\n"
    assert notes(explain.explain("t.csv", old.encode(), new.encode())) == [
        "t.csv:2:share_pct: note [changed-cell] '32' → '31'",
        "t.csv:4: note [changed-rows] 1 row(s) added from row 4 on",
    ]
    assert notes(explain.csv_changes("t.csv", old, "a,b\n1,2\n")) == [
        "t.csv:1: note [changed-columns] the columns are now: a, b"
    ]


def test_many_changes_are_capped():
    old = "n\n" + "".join(f"{i}\n" for i in range(20))
    new = "n\n" + "".join(f"{i + 1}\n" for i in range(20))
    found = explain.csv_changes("t.csv", old, new)
    assert len(found) == explain.MAX_NOTES + 1 and found[-1].message == "and 10 more changed cells"


def test_changed_values_are_named_by_key():
    old = {"a": {"type": "count", "value": 3}, "b": {"type": "percent", "value": "40"}}
    new = {
        "a": {"type": "count", "value": 3},
        "b": {"type": "percent", "value": "41"},
        "c": {"type": "count", "value": 1},
    }
    assert notes(explain.explain("build/values.json", json.dumps(old).encode(), json.dumps(new).encode())) == [
        "build/values.json: note [changed-value] b: '40' → '41'",
        "build/values.json: note [changed-value] c: absent → '1'",
    ]


def docx_bytes(*paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_first_changed_paragraph_is_quoted_from_where_it_changes():
    intro = "An opening paragraph that stays the same."
    long_text = "The largest share of the followers of the account is in the 25 to 34 age group, at "
    [note] = explain.explain("a.docx", docx_bytes(intro, long_text + "40%."), docx_bytes(intro, long_text + "41%."))
    assert note.message == "paragraph 2: '…n the 25 to 34 age group, at 40%.' → '…n the 25 to 34 age group, at 41%.'"
    [note] = explain.explain("a.docx", docx_bytes(intro), docx_bytes(intro, "More."))
    assert note.message == "from paragraph 2 on: +1 paragraph(s)"
    [note] = explain.explain("a.md", b"same\n\ntext", b"same\n\ntext")
    assert "the text is the same" in note.message


def test_files_without_readable_text_get_no_note():
    assert explain.explain("build/en/figures/a.png", b"\x89PNG1", b"\x89PNG2") == []
