"""What a production editor checks on a proof (issue 18), on the built PDFs of both editions:
the long-text column's share of Table 2, hyphenated line ends in every language, no count
cut from its noun nor a day from its month, continued tables labelled; each for every journal
profile's build."""

from __future__ import annotations

import pytest
import yaml
from conftest import JOURNALS, REPO
from layout import (
    column_shares,
    continued_pages_unlabelled,
    hyphenated_line_ends,
    markdown_table,
    numbers_split_from_their_word,
    pdf_lines,
    small_numerals_before_counted_nouns,
)

pytestmark = pytest.mark.integration

LANGS = ["id", "en"]
VERSIONS = ["article", "article-review"]
# The long-text column's share of the text width, where it holds most of the table's text
# (colwidths.LONG_SHARE; pandoc's relative widths round to the separator's dashes).
LEAST_LONG_SHARE = 0.43


def strings(lang: str) -> dict:
    return yaml.safe_load((REPO / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_findings_column_takes_most_of_the_table_width(built, lang):
    shares = column_shares(built / "build" / lang / "tables" / "findings.md")
    assert shares[1] == max(shares)
    assert shares[1] >= LEAST_LONG_SHARE, shares


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("journal", JOURNALS)
def test_every_language_is_hyphenated(journal_build, journal, lang, version):
    built = journal_build(journal)
    # From page 2: page 1 holds the other language's abstract too.
    assert hyphenated_line_ends(built / "build" / lang / f"{version}.pdf", first_page=2) > 0


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("journal", JOURNALS)
def test_no_count_is_cut_from_its_noun_nor_a_day_from_its_month(journal_build, journal, lang, version):
    built = journal_build(journal)
    months, labels = strings(lang)["dates"]["months"], [strings(lang)["table"], strings(lang)["figure"]]
    assert numbers_split_from_their_word(built / "build" / lang / f"{version}.pdf", months, labels) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("journal", JOURNALS)
def test_a_continued_table_is_labelled(journal_build, journal, lang, version):
    built = journal_build(journal)
    table = markdown_table(built / "build" / lang / "tables" / "findings.md")
    caption = f"{strings(lang)['table']} "
    assert (
        continued_pages_unlabelled(
            built / "build" / lang / f"{version}.pdf", table[0], caption, strings(lang)["continued"]
        )
        == []
    )


def counted_nouns(lang: str) -> list[str]:
    """Every noun the edition counts in prose (count_nouns: in its strings), singular and plural."""
    forms = strings(lang)["count_nouns"].values()  # {one:, other:}, or one word where nouns do not inflect
    return [form for noun in forms for form in (noun.values() if isinstance(noun, dict) else [noun])]


def test_the_check_for_small_numerals_finds_them():
    nouns = ["sources", "platforms", "sumber"]
    assert small_numerals_before_counted_nouns("from 3 sources and 5\u00a0platforms; 7 Cs", nouns) == [
        "3 sources",
        "5\u00a0platforms",
    ]
    assert small_numerals_before_counted_nouns("tiga sumber, 12 sumber, 2.5 sumber", nouns) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("journal", JOURNALS)
def test_no_numeral_under_ten_before_a_counted_noun_in_prose(journal_build, journal, lang, version):
    built = journal_build(journal)
    text = " ".join(pdf_lines(built / "build" / lang / f"{version}.pdf"))
    assert small_numerals_before_counted_nouns(text, counted_nouns(lang)) == []
