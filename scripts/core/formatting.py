"""Numbers, percentages, dates and age ranges as a reader of one edition sees them.

Pure functions: every pattern a reader sees comes from the edition's strings file
(`templates/i18n/<lang>.yaml`, sections `numbers:` and `dates:`), passed in as `strings`.

Precision follows the data: a value written `12.5` prints with one decimal, `40` with none,
`40.0` keeps its written decimal (the data's author chose it). Integers and integral floats
print without decimals.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from numbers import Integral, Real


class MissingString(KeyError):
    """A key the code needs is absent from the strings file; `key` is the dotted path."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return f"no string '{self.key}'"


def lookup(strings: dict, dotted: str):
    """strings['a']['b'] for 'a.b'; MissingString(dotted) when any part is absent."""
    node = strings
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise MissingString(dotted)
        node = node[part]
    return node


# ---------------------------------------------------------------- numbers


def _to_decimal(value) -> Decimal:
    """An exact decimal keeping the precision the value was written with."""
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Integral):  # int and numpy integers
        return Decimal(int(value))
    if isinstance(value, Real) and not isinstance(value, str):
        value = float(value)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"not a finite number: {value!r}")
        if value.is_integer():
            return Decimal(int(value))
        return Decimal(repr(value))  # shortest round-trip text: 12.5, not 12.4999…
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
        if not number.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        return number
    raise ValueError(f"not a number: {value!r}")


def plain_number(value) -> str:
    """Language-neutral text of a number: point decimal, no grouping, written precision kept."""
    return format(_to_decimal(value), "f")


def count_in_words(count, strings: dict) -> str:
    """A count as prose writes it in the edition's style: the word the strings give it under
    `number_words` (APA: zero to nine; PUEBI: any number of one or two words), else the numeral."""
    words = strings.get("number_words") or {}
    if isinstance(count, Integral) and not isinstance(count, bool) and int(count) in words:
        return str(words[int(count)])
    return format_number(count, strings)


def count_with_noun(count: int, noun, strings: dict) -> str:
    """A count and its noun agreeing in number, as the edition's `plural` rule says:
    `one-other` (English: one source, zero or two sources) or `none` (Indonesian: the noun does
    not inflect: satu sumber, dua sumber). `noun` is {one, other} or one text for both; the count
    is spelt as prose writes it (count_in_words); a no-break space joins them."""
    rule = lookup(strings, "plural")
    if rule not in ("one-other", "none"):
        raise ValueError(f"plural rule {rule!r} is not one-other or none")
    forms = noun if isinstance(noun, dict) else {"one": noun, "other": noun}
    form = forms["one"] if rule == "one-other" and count == 1 else forms["other"]
    return f"{count_in_words(count, strings)}\u00a0{form}"  # no line or page break between them


def format_number(value, strings: dict) -> str:
    """A number in the edition's style: `numbers.decimal` and `numbers.thousands` (from 1 000 up)."""
    text = plain_number(value)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, fraction = text.partition(".")
    thousands = lookup(strings, "numbers.thousands")
    if len(whole) > 3:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        whole = thousands.join(groups)
    if fraction:
        return f"{sign}{whole}{lookup(strings, 'numbers.decimal')}{fraction}"
    return f"{sign}{whole}"


def format_percent(value, strings: dict) -> str:
    """A percentage with the edition's pattern `numbers.percent`, e.g. id `12,5 %`, en `12.5%`."""
    return lookup(strings, "numbers.percent").format(number=format_number(value, strings))


# ---------------------------------------------------------------- dates

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(iso: str) -> tuple[int, int | None, int | None]:
    """(year, month or None, day or None) of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; ValueError otherwise."""
    match = _DATE.match(str(iso).strip())
    if not match:
        raise ValueError(f"not an ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY): {iso!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"no month {month} in {iso!r}")
    if day is not None:
        try:
            _dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"no such day: {iso!r}") from None
    return year, month, day


def format_date(iso: str, strings: dict) -> str:
    """A date at the precision written: day (`20 November 2022`), month (`Januari 2023`) or year."""
    year, month, day = parse_date(iso)
    if month is None:
        return lookup(strings, "dates.year").format(year=year)
    name = lookup(strings, "dates.months")[month - 1]
    if day is None:
        return lookup(strings, "dates.month").format(month=name, year=year)
    return lookup(strings, "dates.day").format(day=day, month=name, year=year)


# ---------------------------------------------------------------- age ranges

_AGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)|(\+))\s*$")


def age_sort_key(age_range: str) -> tuple[float, float]:
    """(lower, upper) bounds of `18-24` or `65+` (upper = infinity); ValueError otherwise."""
    match = _AGE.match(str(age_range))
    if not match:
        raise ValueError(f"not an age range like 18-24 or 65+: {age_range!r}")
    lower = int(match.group(1))
    upper = float("inf") if match.group(3) else int(match.group(2))
    return float(lower), float(upper)


def format_age_range(age_range: str) -> str:
    """`25-34` → `25–34` (en dash between the bounds); `65+` unchanged."""
    return re.sub(r"(?<=\d)\s*-\s*(?=\d)", "\u2013", str(age_range).strip())
