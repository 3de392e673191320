"""The playground's bar charts: traces, float32 payloads, marks for values
that cannot be drawn, and size on the wire."""
import numpy as np
import plotly.graph_objects as go

from xent_core.figures.playground import (MAX_EXAMPLES, bars_table, element_axis, make_bars_figure,
                                          make_probabilities_figure)

BUDGET = 300_000  # bytes of JSON per figure


def test_bars_have_one_trace_per_series_on_an_example_class_axis():
    grads = {"dL/dx": np.array([[0.1, -0.2, 0.1], [0.3, 0.0, -0.3]]), "dL/dy": np.zeros((2, 3))}
    fig = make_bars_figure(grads, example_label="ex", class_label="k")
    assert isinstance(fig.plotly, go.Figure) and len(fig.data) == 2
    examples, classes = fig.data[0].x
    assert list(examples) == ["ex 1"] * 3 + ["ex 2"] * 3 and list(classes) == ["k 0", "k 1", "k 2"] * 2
    assert fig.data[0].y.dtype == np.float32
    assert fig.layout.barmode == "group"


def test_values_that_cannot_be_drawn_get_a_gap_and_a_mark():
    fig = make_bars_figure({"term": np.array([1.0, np.inf, -np.inf, np.nan])})
    y = fig.data[0].y
    assert y[0] == 1 and np.isnan(y[1:]).all()
    assert list(fig.data[0].text) == ["", "inf", "-inf", "NaN"]


def test_probabilities_are_bars_and_labels_are_markers():
    probs = np.array([[0.2, 0.8], [0.6, 0.4]])
    fig = make_probabilities_figure(probs, np.array([[0.0, 1.0], [1.0, 0.0]]))
    assert [type(t).__name__ for t in fig.data] == ["Bar", "Scatter"]
    assert fig.data[1].y.dtype == np.float32 and fig.data[1].y.tolist() == [0, 1, 1, 0]
    assert len(make_probabilities_figure(probs).data) == 1


def test_scalars_and_vectors_are_one_example():
    assert element_axis((), example_label="e", class_label="c") == [["e 1"], ["c 0"]]
    assert element_axis((3,), example_label="e", class_label="c")[0] == ["e 1"] * 3


def test_a_large_array_draws_the_first_examples_and_stays_small():
    big = np.random.default_rng(0).normal(size=(1000, 10))
    fig = make_bars_figure({"a": big, "b": big})
    assert len(fig.data[0].y) == MAX_EXAMPLES * 10
    assert len(fig.to_json()) < BUDGET
    assert len(make_probabilities_figure(big, big).to_json()) < BUDGET


def test_the_data_table_has_every_element_at_full_precision():
    values = np.array([[1 / 3, 2 / 3]] * 20)
    table = bars_table({"p": values}, example_label="ex", class_label="k")
    assert len(table) == 40 and table["p"].iloc[0] == 1 / 3
    assert table["ex"].tolist()[:3] == [1, 1, 2] and table["k"].tolist()[:3] == [0, 1, 0]
