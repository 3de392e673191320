"""Figure builders of the clipping page: traces, the in-browser marker
slider, float32 payloads, size on the wire."""
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from xent_core import curves
from xent_core.figures.clipping import SLIDER_STEPS, make_logit_figure, make_probability_figure

BUDGET = 300_000  # bytes of JSON per figure
KEYS = [v.key for v in curves.VARIANTS if curves.is_available(v)]


def series_against_logits(keys, label=1.0, dtype="float32"):
    logits = curves.logit_grid()
    exact = curves.exact_against_logits(logits, label)
    series = []
    for key in keys:
        v = curves.variant(key)
        loss, grad = curves.against_logits(v, logits, label, dtype=dtype)
        status = None if grad is None else curves.gradient_status(grad, exact[1])
        series.append({"key": key, "name": curves.display_name(v), "loss": loss, "grad": grad, "status": status})
    return logits, exact, series


def series_against_probabilities(keys, label=0.0, dtype="float32"):
    t = curves.exponent_grid()
    sides, exact = {}, {}
    for side in curves.SIDES:
        exact[side] = curves.exact_against_probabilities(t, side, label)
        sides[side] = []
        for key in keys:
            v = curves.variant(key)
            loss, grad = curves.against_probabilities(v, t, side, label, dtype=dtype)
            status = None if grad is None else curves.gradient_status(grad, exact[side][1])
            sides[side].append({"key": key, "name": v.api, "loss": loss, "grad": grad, "status": status})
    return t, sides, exact


def wire_size(fig) -> int:
    return len(fig.to_json())


def test_the_logit_figure_draws_loss_gradient_and_a_status_strip_for_every_function():
    logits, exact, series = series_against_logits(KEYS)
    fig = make_logit_figure(logits, series, exact, marker=-30.0)
    names = {trace.name for trace in fig.data if isinstance(trace, go.Scatter)}
    assert {s["name"] for s in series} <= names
    strip = next(trace for trace in fig.data if isinstance(trace, go.Heatmap))
    with_gradient = [s for s in series if s["grad"] is not None]
    assert strip.z.shape == (len(with_gradient), logits.size)
    np.testing.assert_array_equal(strip.z[0], with_gradient[0]["status"])
    curves_drawn = [t for t in fig.data if isinstance(t, go.Scatter) and t.x is not None and len(t.x) == logits.size]
    assert all(t.y.dtype == np.float32 and t.x.dtype == np.float32 for t in curves_drawn)
    assert wire_size(fig) < BUDGET


def test_the_keras_loss_trace_is_flat_at_the_float32_ceiling_left_of_the_clip():
    logits, exact, series = series_against_logits(["keras"])
    fig = make_logit_figure(logits, series, exact)
    keras = next(t for t in fig.data if t.name == "keras.losses.binary_crossentropy")
    clipped = logits < -17
    np.testing.assert_allclose(keras.y[clipped], np.float32(-np.log(np.float32(1e-7))), rtol=1e-7)


def frame_of(fig, step):
    """The frame a slider step plays (the step is {method: animate, args: [[name], ...]})."""
    assert step.method == "animate" and step.args[1]["frame"]["redraw"] is False  # only the markers move
    (name,) = step.args[0]
    return next(frame for frame in fig.frames if frame.name == name)


def test_the_slider_moves_the_markers_to_the_precomputed_values():
    logits, exact, series = series_against_logits(["tf", "keras"])
    fig = make_logit_figure(logits, series, exact, marker=-29.3)  # the nearest step is -30
    slider = fig.layout.sliders[0]
    assert len(slider.steps) == SLIDER_STEPS
    step = slider.steps[slider.active]
    assert step.label == "-30"
    frame = frame_of(fig, step)
    loss, grad = frame.data
    markers = [k for k, trace in enumerate(fig.data) if trace.type == "scatter" and trace.mode == "markers"
               and trace.hoverinfo == "skip"]
    assert list(frame.traces) == markers[-2:]  # the two marker traces, not the curves
    assert list(loss.x) == [-30.0, -30.0]
    # logit -30: 30 from logits, the 16.118095 ceiling from probabilities; gradients -1 and 0
    assert list(loss.y) == pytest.approx([30.0, 16.118095], rel=1e-6)
    assert list(grad.y) == pytest.approx([-1.0, 0.0], abs=1e-6)
    json.dumps([f.to_plotly_json() for f in fig.frames])  # no inf or NaN in the frames' JSON


def test_non_finite_marker_values_become_gaps_in_the_slider():
    logits, exact, series = series_against_logits(["naive"], label=1.0)
    fig = make_logit_figure(logits, series, exact, marker=40.0)
    frame = frame_of(fig, fig.layout.sliders[0].steps[-1])  # x = 40: the naive loss is NaN (0 * log 0)
    assert list(frame.data[0].y) == [None]


def test_the_probability_figure_uses_log_axes_with_p_growing_left_to_right():
    t, sides, exact = series_against_probabilities(KEYS)
    fig = make_probability_figure(t, sides, exact)
    assert fig.layout.xaxis.type == "log" and fig.layout.xaxis2.type == "log"
    assert fig.layout.xaxis2.autorange == "reversed"
    exact_grad = next(trace for trace in fig.data if trace.yaxis == "y3" and trace.legendgroup == "exact")
    np.testing.assert_allclose(exact_grad.y, np.log10(np.abs(exact["zero"][1])), rtol=1e-6)
    assert exact_grad.y.dtype == np.float32
    np.testing.assert_allclose(fig.data[0].x, 10.0 ** t, rtol=1e-5)  # float32 subnormals below 1e-38
    assert wire_size(fig) < BUDGET


def test_the_probability_figure_shows_float32_rounding_near_1():
    t, sides, exact = series_against_probabilities(["keras", "tf"], label=0.0)
    fig = make_probability_figure(t, sides, exact)
    keras_near_one = [tr for tr in fig.data if tr.name == "keras.losses.binary_crossentropy" and tr.xaxis == "x2"]
    loss = keras_near_one[0].y
    assert loss[0] == pytest.approx(23 * np.log(2), rel=1e-6)  # 1 - p = 1e-40: p is 1, clipped
