"""Figure builders of the asymmetry page: traces, float32 payloads, the
in-browser output slider, size on the wire."""
import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xent_core import curves, information
from xent_core.figures.asymmetry import (make_bernoulli_maps_figure, make_decomposition_figure,
                                         make_floor_figure, make_target_sweep_figure)
from xent_core.figures.style import ROUND_ENDS, rounded_up

BUDGET = 300_000  # bytes of JSON per figure


def test_the_maps_show_cross_entropy_and_its_swap_with_both_points_marked():
    grid, ce, swap = curves.bernoulli_grid()
    fig = make_bernoulli_maps_figure(grid, ce, swap, p=0.3, q=0.8)
    left, right = [t for t in fig.data if isinstance(t, go.Heatmap)]
    assert left.z.dtype == np.float32 and left.z.shape == (grid.size, grid.size)
    np.testing.assert_allclose(right.z, swap, rtol=1e-6, atol=1e-6)
    assert right.zmid == 0 and right.zmin == -right.zmax
    points = [(t.x[0], t.y[0]) for t in fig.data if isinstance(t, go.Scatter)]
    assert points == [(0.8, 0.3), (0.3, 0.8), (0.8, 0.3), (0.3, 0.8)]
    assert len(fig.to_json()) < BUDGET


def test_decomposition_bars_stack_entropy_and_divergence():
    parts = information.decompose(0.3, 0.8)
    rows = [{"label": "CE(0.3, 0.8)", **{k: float(v) for k, v in parts.items()}}]
    fig = make_decomposition_figure(rows)
    entropy, kl, totals = fig.data
    assert entropy.x[0] == pytest.approx(information.bernoulli_entropy(0.3), rel=1e-6)
    assert kl.x[0] == pytest.approx(information.bernoulli_kl(0.3, 0.8), rel=1e-6)
    assert totals.text[0] == f"= {information.bernoulli_cross_entropy(0.3, 0.8):.4f}"
    assert fig.layout.barmode == "stack"


def test_an_infinite_divergence_is_drawn_as_a_marked_stub():
    rows = [{"label": "a", "entropy": np.log(2), "kl": np.inf},
            {"label": "b", "entropy": 0.0, "kl": np.log(2)}]
    fig = make_decomposition_figure(rows)
    _, kl, totals = fig.data
    assert np.all(np.isfinite(kl.x))
    assert totals.text[0] == "= ∞" and kl.marker.pattern.shape[0] == "/"
    # the first row on top, by a range of their own on both axes (a step then moves the bars in place)
    assert tuple(fig.layout.yaxis.range) == (1.5, -0.5) and fig.layout.xaxis.range[1] > np.log(2)


def test_the_floor_figure_marks_the_entropy_and_moves_the_output_in_the_browser():
    q = curves.unit_grid(500)
    curve = information.bernoulli_cross_entropy(0.3, q)
    entropy = float(information.bernoulli_entropy(0.3))
    fig = make_floor_figure(q, curve, p=0.3, entropy=entropy, half_value=np.log(2), start_q=0.8)
    floor = next(trace for trace in fig.data if trace.line.dash == "dash")
    np.testing.assert_allclose(floor.y, [entropy, entropy])  # the floor line across the plot
    slider = fig.layout.sliders[0]
    step = slider.steps[slider.active]
    frame = next(f for f in fig.frames if f.name == step.args[0][0])
    marker, gap = (fig.data[index] for index in frame.traces)
    assert marker.mode == "markers" and gap.name == "KL(p‖q)"
    (q_now,), (gap_from, gap_to) = frame.data[0].x, frame.data[1].y
    assert q_now == pytest.approx(0.8, abs=0.01)
    # frames carry six significant digits (what a figure can show)
    assert gap_from == pytest.approx(entropy, rel=1e-5)
    assert gap_to == pytest.approx(information.bernoulli_cross_entropy(0.3, q_now), rel=1e-5)
    assert len(fig.frames) == len(slider.steps) == 51
    assert len(fig.to_json()) < BUDGET


def test_the_target_sweep_is_a_line_with_the_seed_points_labelled():
    targets = curves.target_grid()
    loss = curves.against_targets(curves.variant("keras"), 0.3, targets)
    marks = [(-2.0, -1.3379208), (2.0, 2.0512707)]
    fig = make_target_sweep_figure(targets, loss, output=0.3, marks=marks)
    line, points = fig.data
    assert line.y.dtype == np.float32 and line.name == "loss for output q = 0.3"
    assert list(points.text) == ["-1.3379208", "2.0512707"]
    valid = fig.layout.shapes[0]
    assert (valid.x0, valid.x1) == (0, 1)


def test_a_nan_decomposition_is_refused_rather_than_drawn():
    with pytest.raises(ValueError, match="not probabilities"):
        make_decomposition_figure([{"label": "a", "entropy": np.nan, "kl": np.nan}])


@given(st.floats(min_value=1e-6, max_value=1e6))
def test_an_axis_end_is_rounded_up_to_a_round_number_at_most_a_third_above(x):
    end = rounded_up(x)
    assert x * (1 - 1e-9) <= end <= x * 4 / 3 * (1 + 1e-9)  # the widest gaps: 1.5 to 2, 3 to 4, 6 to 8
    mantissa = end / 10.0 ** np.floor(np.log10(end) + 1e-12)
    assert min(abs(mantissa - m) for m in ROUND_ENDS) < 1e-9


def test_the_decomposition_axis_holds_the_totals_and_stays_put_for_a_step_of_p():
    def axis_end(p, q):
        rows = [{"label": label, **{k: float(v) for k, v in information.decompose(a, b).items()}}
                for label, a, b in (("CE(p, q)", p, q), ("CE(q, p)", q, p))]
        return make_decomposition_figure(rows).layout.xaxis.range[1]
    largest = float(information.bernoulli_cross_entropy(0.3, 0.8))  # 1.1935, the larger direction
    assert axis_end(0.3, 0.8) == 2.0  # 1.1935 * 1.25 + 0.05 = 1.54, rounded up
    assert axis_end(0.3, 0.8) >= largest * 1.25 + 0.05
    assert {axis_end(p, 0.8) for p in (0.28, 0.29, 0.3, 0.31, 0.32)} == {2.0}
