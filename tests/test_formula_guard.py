"""The formula-injection rule shared by every export (pure, no database)."""

import pytest

from digit.formula_guard import neutralise, restore


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"])
def test_text_that_could_start_a_formula_gets_an_apostrophe_and_round_trips(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["Anna", "", "1.1", "'quoted", "a=b"])
def test_other_text_is_unchanged(text):
    assert neutralise(text) == text
    assert restore(text) == text
