"""A message that lists the allowed forms of a value says exactly what is allowed."""

from __future__ import annotations

import pytest

from scripts.data import contract


@pytest.mark.parametrize("good", ["main_theme", "wave_2", "a1", "x"])
def test_snake_case_codes_allow_digits_after_the_first_letter(good):
    assert contract.check_code(good) is None


@pytest.mark.parametrize("bad", ["1", "2nd_wave", "_x", "x_", "a__b", "Main", "main-theme"])
def test_a_code_that_is_not_snake_case_is_told_what_is_allowed(bad):
    assert contract.check_code(bad) == (
        f"'{bad}' is not a snake_case code: words of lower-case letters and digits joined by single '_', "
        "starting with a letter (e.g. main_theme, wave_2)"
    )
