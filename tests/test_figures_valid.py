"""Figures are written as plain dicts; the tests check them with plotly's
own validators (tests/conftest.py sets ``style.VALIDATE``)."""
import numpy as np
import plotly.graph_objects as go
import pytest

from xent_core.figures import style


def test_the_tests_validate_every_figure():
    assert style.VALIDATE


def test_a_misspelt_property_is_caught():
    with pytest.raises(ValueError, match="colour"):
        style.figure([{"type": "scatter", "x": [1], "y": [2], "line": {"colour": "red"}}], {})


def test_a_valid_figure_keeps_its_values():
    fig = style.figure([{"type": "bar", "x": ["a"], "y": [3.5]}], style.base_layout(x_title="class", height=300))
    assert isinstance(fig.data[0], go.Bar) and fig.data[0].y == (3.5,)
    assert fig.layout.xaxis.title.text == "class" and fig.layout.height == 300


def test_subplots_match_plotly_make_subplots():
    from plotly.subplots import make_subplots
    expected = make_subplots(rows=3, cols=2, shared_xaxes=True, vertical_spacing=0.04,
                             subplot_titles=["a", "b", "c", "d", "e", "f"]).layout
    layout = style.subplot_layout(3, 2, shared_xaxes=True, vertical_spacing=0.04, titles=list("abcdef"))
    assert layout["xaxis5"]["domain"] == list(expected.xaxis5.domain)
    assert layout["yaxis"]["domain"] == list(expected.yaxis.domain)
    assert [a["text"] for a in layout["annotations"]] == list("abcdef")
    assert style.cell(3, 2, 2) == {"xaxis": "x6", "yaxis": "y6"}


ARRAYS = [np.array([0.5, -1.25, np.nan], np.float32), np.linspace(-3, 3, 12).reshape(3, 4),
          np.arange(5), np.array([-200, 5]), np.array([1 << 40, 2]), np.array([3, 70000], np.uint64),
          np.array([1, 2], np.int16), np.array([True, False]), np.array(["a", "bc"]), np.array([], np.float64),
          np.arange(24, dtype=np.float32).reshape(2, 3, 4)[:, ::2]]


@pytest.mark.parametrize("array", ARRAYS, ids=lambda a: f"{a.dtype}{a.shape}")
def test_wire_arrays_are_encoded_as_plotly_encodes_them(array):
    from _plotly_utils.utils import to_typed_array_spec
    from plotly.io.json import to_json_plotly
    assert to_json_plotly(style._typed_array(array)) == to_json_plotly(to_typed_array_spec(array))


def test_a_figure_on_the_wire_is_plotly_own_dict():
    fig = style.figure([{"type": "scatter", "x": np.arange(3.0), "y": [1.5, None, 2.0],
                         "marker": {"size": np.array([3, 4, 5])}}], {"xaxis": {"range": [0, 2]}},
                       [{"name": "0", "data": [{"type": "scatter", "x": [0.0, 1.0], "y": [2.0, 3.0]}]}])
    wire = fig.to_wire()
    expected = fig.plotly.to_dict()
    assert wire["data"] == expected["data"] and wire["frames"] == expected["frames"]
    assert wire["layout"]["xaxis"] == expected["layout"]["xaxis"]
