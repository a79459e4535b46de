"""Non-breaking spaces a style guide wants: templates/nonbreaking-spaces.lua with each edition's strings."""

from __future__ import annotations

import pytest
from conftest import REPO

from scripts.core import pandoc, paths

pytestmark = pytest.mark.integration

NBSP = "\u00a0"


def plain(markdown: str, lang: str) -> str:
    source = f"---\nlang: {lang}\n---\n\n{markdown}\n"
    args = ["-f", "markdown", "-t", "plain", "--wrap=none", f"--lua-filter={REPO / paths.NONBREAKING_SPACES_FILTER}"]
    out = pandoc.run(args, source="test", stdin=source.encode("utf-8"), cwd=REPO)
    return out.decode("utf-8").strip()


def test_numbers_stay_with_their_nouns_labels_months_and_initials_in_indonesian():
    text = plain(
        "Konsep 7 Cs pada 2 November 2022, lihat Tabel 2 dan (hlm. 5) oleh S. M. Cutlip; 12,5 % warga. "
        "Pada 2022 kota itu.",
        "id",
    )
    for bound in ("7 Cs", "2 November 2022", "Tabel 2", "hlm. 5", "S. M. Cutlip", "12,5 %"):
        assert bound.replace(" ", NBSP) in text, bound
    assert "Pada 2022 kota" in text  # a year is followed by whatever comes next


def test_english_labels_come_from_the_english_strings():
    text = plain("See Table 2 of the 7 Cs (p. 5), on November 20, 2022.", "en")
    for bound in ("Table 2", "7 Cs", "p. 5", "November 20"):
        assert bound.replace(" ", NBSP) in text, bound
    assert f"Table{NBSP}2 of" in text  # the number a label names is not bound to the next word
