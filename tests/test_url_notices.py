"""A half-broken link: the page still works and says what it did not use."""
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT


def open_page(page=None, **params):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(f"app_pages/{page}")
    return at.run()


@pytest.mark.parametrize("params,expected", [
    ({"exclusive": "maybe"}, "The link set exclusive = “maybe”, which this control cannot take: using yes."),
    ({"foo": "1"}, "The link has a parameter “foo” that this page does not use; it was ignored."),
    ({"lang": "xx"}, "The link asks for language “xx”; available: en, fr, ru, zh, ja."),
    ({"hide": "nope"}, "The link's hide= names controls this page does not have: nope."),
    ({"lesson": "nope"}, "The link names a lesson “nope” that does not exist."),
    ({"img": "gif"}, "The link set img = “gif”, which this control cannot take: using png."),
])
def test_each_unused_parameter_gets_a_message(params, expected):
    at = open_page(**params)
    assert not at.exception
    assert expected in [w.value for w in at.warning]


def test_a_number_beyond_its_range_is_clamped_with_a_notice():
    at = open_page("surface.py", xi="1e30")
    assert not at.exception
    assert at.slider(key="xi").value == 8.0
    assert "The link set xi = 1e30, outside its range [-8, 8]: using 8." in [w.value for w in at.warning]


def test_a_clean_link_gets_no_message():
    at = open_page(exclusive="no", outputs="probabilities")
    assert not [w.value for w in at.warning if "link" in w.value]


def test_the_largest_simulation_is_cut_to_stay_under_two_seconds_with_a_notice():
    at = open_page("sampled.py", vocab="100000", nmax="3000", repeats="500")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "uses 166 repeats" in captions  # 500,000 draws / 3,000 sampled classes
