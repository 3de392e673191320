"""Figures are written as plain dicts; the tests check them with plotly's
own validators (tests/conftest.py sets ``style.VALIDATE``)."""
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
