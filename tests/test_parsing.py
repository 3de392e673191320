"""Text typed by learners and carried in URLs."""
import re

import numpy as np
import pytest

from xent_core.parsing import InputError, format_array, parse_array, parse_bool, parse_scalar


@pytest.mark.parametrize("text,expected", [
    ("0.2,0.8", [0.2, 0.8]), ("0.2, 0.8", [0.2, 0.8]), ("0.2 0.8", [0.2, 0.8]),
    ("0,1,0;0,0,1", [[0, 1, 0], [0, 0, 1]]), ("[[0, 1], [1, 0]]", [[0, 1], [1, 0]]),
    ("[0.5, 0.5]", [0.5, 0.5]), ("nan,-inf", [np.nan, -np.inf]), ("1e-7", [1e-7]),
])
def test_the_text_forms_learners_type_parse(text, expected):
    np.testing.assert_array_equal(parse_array(text), np.array(expected, dtype=np.float64))


@pytest.mark.parametrize("text,message", [
    ("0.2,abc", "'abc' (row 1, value 2) is not a number"),
    ("", "the input is empty"),
    ("1,2;3", "rows have different lengths: 2, 1; every row needs the same number of values"),
    ("1;;2", "row 2 is empty"),
])
def test_bad_text_names_the_problem(text, message):
    with pytest.raises(InputError, match=re.escape(message)):
        parse_array(text)


def test_a_value_beyond_float32_is_refused_for_float32_only():
    with pytest.raises(InputError, match=re.escape("1e+39 is beyond the largest float32")):
        parse_array("1e39", dtype=np.float32)
    assert parse_array("1e39", dtype=np.float64)[0] == 1e39


def test_class_indices_must_be_whole_numbers():
    assert parse_array("1,2", integer=True).dtype == np.int64
    with pytest.raises(InputError, match=re.escape("class indices must be whole numbers; got 1.5")):
        parse_array("1.5,2", integer=True)


def test_format_then_parse_gives_back_the_same_array():
    a = np.array([[0.1, 1 / 3, -2.0], [np.nan, np.inf, 1e-300]])
    np.testing.assert_array_equal(parse_array(format_array(a)), a)
    assert format_array(np.array([0.0, 1.0])) == "0,1"


def test_booleans_and_optional_scalars():
    assert parse_bool("true") is True and parse_bool("False") is False
    assert parse_scalar("none") is None and parse_scalar("-100", integer=True) == -100
    with pytest.raises(InputError):
        parse_bool("maybe")
