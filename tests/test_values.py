"""The value renderer: exact numbers as readers of Indonesian and English write them."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plut_rules.exact import decimal_text
from plut_rules.values import exact_text, json_number, json_plain, number_text, value_text

babel_numbers = pytest.importorskip("babel.numbers")

decimals = st.builds(lambda n, d: Fraction(n, 10**d),
                     st.integers(-10**15, 10**15), st.integers(0, 8))
fractions = decimals | st.builds(Fraction, st.integers(-10**12, 10**12), st.integers(1, 10**6))


@given(fractions, st.sampled_from([None, 0, 2, 4]), st.sampled_from(["id", "en"]))
def test_number_text_is_cldrs(value: Fraction, places: int | None, lang: str) -> None:
    """Grouping and decimal symbols are those of the CLDR locale, as Babel writes them,
    and no digit is lost (Babel given the exact decimal, without quantization)."""
    expected = babel_numbers.format_decimal(Decimal(decimal_text(value, places)), locale=lang,
                                            decimal_quantization=False)
    assert number_text(value, lang, places) == expected


def test_number_text_examples() -> None:
    assert number_text(Fraction(1234567891, 100), "id") == "12.345.678,91"
    assert number_text(Fraction(1234567891, 100), "en") == "12,345,678.91"
    assert number_text(Fraction(-999), "id") == "-999"
    assert number_text(Fraction(-1, 1000), "en") == "0"  # rounds to zero: no "-0"
    assert number_text(Fraction(82345, 1000), "id") == "82,35"  # half away from zero


@given(fractions, st.sampled_from([None, 2, 4]))
def test_json_number_is_the_decimal(value: Fraction, places: int | None) -> None:
    """An int when whole, else the float nearest the decimal, which prints as the decimal
    when it has at most 15 significant digits (every number of a policy or data file)."""
    text = decimal_text(value, places)
    number = json_number(value, places)
    assert isinstance(number, int) == ("." not in text)
    assert number == (int(text) if isinstance(number, int) else float(text))
    if len(text.lstrip("-0.").replace(".", "")) <= 15:
        assert Decimal(json.dumps(number)) == Decimal(text)


def test_json_plain_and_value_text() -> None:
    doc = {"a": (Fraction(5, 2), [Fraction(3)]), 1: "x", "b": None}
    assert json_plain(doc) == {"a": [2.5, [3]], "1": "x", "b": None}
    assert value_text((Fraction(1, 4), "x", False), "en") == "[0.25, 'x', false]"
    assert value_text(Fraction(12345, 1), "id") == "12.345"
    assert exact_text(Fraction(1, 8)) == "0.125"
    assert exact_text(Fraction(1, 2**7)) == "1/128"  # 7 places: more than a witness shows
    assert exact_text(Fraction(-2, 3)) == "-2/3"


def test_examples_in_docstrings() -> None:
    import doctest

    from plut_rules import values, wording

    for module in (values, wording):
        assert doctest.testmod(module).failed == 0, module.__name__
