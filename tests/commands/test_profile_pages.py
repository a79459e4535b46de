"""The page-1 pictures of the journal profiles (scripts/commands/profile_pages.py)."""

from __future__ import annotations

import struct

import pytest
from conftest import JOURNALS, REPO

from scripts.commands import profile_pages
from scripts.core import journal

PAPER_RATIO = {"a4": 297 / 210, "us-letter": 11 / 8.5}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_shipped_profile_has_its_page_1_picture_at_its_paper_size():
    for name in journal.available(REPO):
        width, height = png_size((REPO / profile_pages.OUT / f"{name}.png").read_bytes())
        paper = journal.load(name, REPO).data["page"]["paper"]
        assert abs(height / width - PAPER_RATIO[paper]) < 0.01, (name, width, height)
        # About 65 dpi: a page some 8 in wide.
        assert 500 < width < 600, (name, width)


@pytest.mark.integration
@pytest.mark.parametrize("name", JOURNALS)
def test_the_checked_in_picture_is_page_1_of_the_profile_build_today(journal_build, name):
    """docs/journals/<name>.png is what the profile's build renders now: a change to the look that
    forgets `python -m scripts.commands.profile_pages` fails here."""
    built = journal_build(name)
    picture = profile_pages.rendered_page(built, journal.load(name, REPO))
    assert picture == (REPO / profile_pages.OUT / f"{name}.png").read_bytes(), (
        f"docs/journals/{name}.png is stale: run python -m scripts.commands.profile_pages {name}"
    )
