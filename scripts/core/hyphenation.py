"""Hyphenation points of a word in an edition's language, from the `pyphen` package's patterns.

One place for the patterns both the PDF's soft hyphens (scripts/article/soft_hyphens.py) and
the table headers that must break (scripts/data/colwidths.py) use.
"""

from __future__ import annotations

from functools import cache

import pyphen

SOFT_HYPHEN = "\u00ad"
# At least this many letters go to the next line, which keeps the patterns' stray one-letter
# syllables ("masyara-k-at") off it.
RIGHT_MIN = 3


def _base(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def has_patterns(lang: str) -> bool:
    return pyphen.language_fallback(_base(lang)) is not None


@cache
def _dictionary(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=pyphen.language_fallback(_base(lang)), right=RIGHT_MIN)


def breaks(word: str, lang: str) -> list[int]:
    """The positions in `word` where it may break; none in a language without patterns.

    A one-letter piece between two break points ("Ob-se-r-vasi") joins the syllable before it
    ("Ob-ser-vasi"): the Indonesian patterns leave such stray consonants.
    """
    if not has_patterns(lang):
        return []
    positions = _dictionary(lang).positions(word)
    return [at for at in positions if at + 1 not in positions]


def with_soft_hyphens(word: str, lang: str) -> str:
    """`word` with a soft hyphen at each of its break points."""
    cuts = [0, *breaks(word, lang), len(word)]
    return SOFT_HYPHEN.join(word[start:end] for start, end in zip(cuts, cuts[1:], strict=False))
