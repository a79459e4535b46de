"""Unit tests for scripts.core.formatting: numbers, percentages, dates and age ranges per edition."""

from pathlib import Path

import numpy as np
import pytest
import yaml

from scripts.core.formatting import (
    MissingString,
    age_sort_key,
    format_age_range,
    format_date,
    format_number,
    format_percent,
    lookup,
    parse_date,
    plain_number,
)

REPO = Path(__file__).resolve().parents[2]

ID = {
    "numbers": {"decimal": ",", "thousands": ".", "percent": "{number}\u00a0%"},
    "dates": {
        "months": [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ],
        "day": "{day} {month} {year}",
        "month": "{month} {year}",
        "year": "{year}",
    },
}
EN = {
    "numbers": {"decimal": ".", "thousands": ",", "percent": "{number}%"},
    "dates": {
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "day": "{month} {day}, {year}",
        "month": "{month} {year}",
        "year": "{year}",
    },
}


@pytest.mark.parametrize(
    "value, id_text, en_text",
    [
        (40, "40", "40"),
        ("40", "40", "40"),
        (40.0, "40", "40"),  # an integral float has no decimals
        ("12.5", "12,5", "12.5"),
        (12.5, "12,5", "12.5"),
        (" 0.5 ", "0,5", "0.5"),
        ("40.0", "40,0", "40.0"),  # a decimal written in the data is kept
        (0, "0", "0"),
        (1234, "1.234", "1,234"),
        ("1234567.25", "1.234.567,25", "1,234,567.25"),
        (999, "999", "999"),
        (-1500, "-1.500", "-1,500"),
        (np.int64(7), "7", "7"),
        (np.float64(2.5), "2,5", "2.5"),
    ],
)
def test_format_number_uses_the_editions_decimal_and_grouping(value, id_text, en_text):
    assert format_number(value, ID) == id_text
    assert format_number(value, EN) == en_text


@pytest.mark.parametrize("bad", ["", "abc", "1,5", "nan", "inf", True, None, float("nan")])
def test_format_number_rejects_what_is_not_a_number(bad):
    with pytest.raises(ValueError):
        format_number(bad, EN)


def test_plain_number_is_language_neutral():
    assert plain_number("12.50") == "12.50"
    assert plain_number(0.1 + 0.2) == "0.30000000000000004"  # exact, never silently rounded
    assert plain_number("1E+2") == "100"
    assert plain_number(3) == "3"


def test_format_percent_follows_the_pattern_of_the_strings():
    assert format_percent("12.5", ID) == "12,5\u00a0%"
    assert format_percent("12.5", EN) == "12.5%"
    assert format_percent(40, ID) == "40\u00a0%"
    assert format_percent("0", EN) == "0%"
    other = {"numbers": {"decimal": ",", "thousands": " ", "percent": "{number} pour cent"}}
    assert format_percent("7.5", other) == "7,5 pour cent"


@pytest.mark.parametrize(
    "iso, id_text, en_text",
    [
        ("2022-11-20", "20 November 2022", "November 20, 2022"),
        ("2022-11-05", "5 November 2022", "November 5, 2022"),  # no leading zero
        ("2023-01", "Januari 2023", "January 2023"),  # month precision kept
        ("2023", "2023", "2023"),
        (" 2024-02-29 ", "29 Februari 2024", "February 29, 2024"),
    ],
)
def test_format_date_keeps_the_precision_written(iso, id_text, en_text):
    assert format_date(iso, ID) == id_text
    assert format_date(iso, EN) == en_text


@pytest.mark.parametrize(
    "bad", ["2023-02-29", "2023-13", "2023-00", "23-01-01", "2023/01/01", "20 Nov 2022", "", "2022-11-20T10:00"]
)
def test_parse_date_rejects_other_forms(bad):
    with pytest.raises(ValueError):
        parse_date(bad)


def test_parse_date_returns_its_parts():
    assert parse_date("2022-11-20") == (2022, 11, 20)
    assert parse_date("2023-01") == (2023, 1, None)
    assert parse_date("2023") == (2023, None, None)


def test_format_age_range_uses_an_en_dash():
    assert format_age_range("25-34") == "25\u201334"
    assert format_age_range(" 18 - 24 ") == "18\u201324"
    assert format_age_range("65+") == "65+"


def test_age_ranges_sort_by_lower_bound_with_open_range_last():
    ranges = ["65+", "25-34", "18-24", "55-64", "13-17", "35-44"]
    assert sorted(ranges, key=age_sort_key) == ["13-17", "18-24", "25-34", "35-44", "55-64", "65+"]
    assert age_sort_key("65+") > age_sort_key("55-64")
    assert age_sort_key("9-12") < age_sort_key("13-17")  # numeric, not text, order
    for bad in ["adults", "18", "-24", "18-", "+65"]:
        with pytest.raises(ValueError):
            age_sort_key(bad)


def test_lookup_names_the_missing_key():
    assert lookup(ID, "numbers.decimal") == ","
    with pytest.raises(MissingString) as err:
        lookup(ID, "numbers.nothing")
    assert err.value.key == "numbers.nothing"
    with pytest.raises(MissingString):
        format_percent(1, {"numbers": {"decimal": ".", "thousands": ","}})


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_real_strings_files_have_every_pattern(lang):
    strings = yaml.safe_load((REPO / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
    assert len(strings["dates"]["months"]) == 12
    assert format_percent("12.5", strings) == {"id": "12,5\u00a0%", "en": "12.5%"}[lang]
    assert format_date("2023-01", strings) == {"id": "Januari 2023", "en": "January 2023"}[lang]
    assert format_date("2022-11-20", strings) == {"id": "20 November 2022", "en": "November 20, 2022"}[lang]


@pytest.mark.parametrize(
    "count, en, id_",
    [
        (0, "0 observation sources", "0 sumber observasi"),
        (1, "1 observation source", "1 sumber observasi"),
        (2, "2 observation sources", "2 sumber observasi"),
    ],
)
def test_counts_agree_with_their_noun(count, en, id_):
    from scripts.core.formatting import count_with_noun

    english = {**EN, "plural": "one-other"}
    indonesian = {**ID, "plural": "none"}
    nbsp = lambda text: text.replace(" ", "\u00a0", 1)  # noqa: E731
    assert count_with_noun(count, {"one": "observation source", "other": "observation sources"}, english) == nbsp(en)
    assert count_with_noun(count, "sumber observasi", indonesian) == nbsp(id_)


def test_every_count_noun_of_the_editions_is_inflected_per_language():
    from scripts.core.formatting import count_with_noun

    for lang, one_word, twelve in (("id", "satu", "dua belas"), ("en", "one", "12")):
        strings = yaml.safe_load((REPO / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
        for key, noun in strings["count_nouns"].items():
            one, many = count_with_noun(1, noun, strings), count_with_noun(12, noun, strings)
            assert one.startswith(f"{one_word}\u00a0") and many.startswith(f"{twelve}\u00a0"), key
            assert (one.split("\u00a0", 1)[1] == many.split("\u00a0", 1)[1]) == (lang == "id"), key


@pytest.mark.parametrize(
    "count, en, id_",
    [
        (0, "zero", "nol"),
        (7, "seven", "tujuh"),
        (9, "nine", "sembilan"),
        (10, "10", "sepuluh"),
        (12, "12", "dua belas"),
        (20, "20", "dua puluh"),
        (21, "21", "21"),
        (300, "300", "tiga ratus"),
        (1000, "1,000", "seribu"),
        (1500, "1,500", "1.500"),
    ],
)
def test_counts_in_prose_are_words_as_each_edition_style_says(count, en, id_):
    """APA 7 spells zero to nine; PUEBI any number of one or two words; else the numeral."""
    from scripts.core.formatting import count_in_words

    for lang, expected in (("en", en), ("id", id_)):
        strings = yaml.safe_load((REPO / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
        assert count_in_words(count, strings) == expected


def test_counts_stay_numerals_without_number_words():
    from scripts.core.formatting import count_in_words

    assert count_in_words(7, EN) == "7"
    assert count_in_words(7, {**EN, "number_words": {7: "seven"}}) == "seven"
    assert count_in_words(7.5, {**EN, "number_words": {7: "seven"}}) == "7.5"


def test_unknown_plural_rule_is_refused():
    from scripts.core.formatting import count_with_noun

    with pytest.raises(ValueError):
        count_with_noun(1, "x", {**EN, "plural": "dual"})
