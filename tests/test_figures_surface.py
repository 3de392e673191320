"""The loss-surface figure builders: the traces they draw, float32 payloads,
animation frames the browser can play, and the size sent to it."""
import json

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xent_core.figures.surface import (arrow_path, arrow_segments, downsample, make_loss_map_figure,
                                       make_loss_surface3d_figure, make_simplex_figure, simplex_bricks)
from xent_core.figures.style import MAX_GRID
from xent_core.surface import descent_path, simplex_grid, simplex_loss, softmax_surface

LOGITS, LABELS = np.array([0.5, 1.5, 0.1]), np.array([0.0, 1.0, 0.0])
# Bytes of plotly's JSON per figure. The loss map's colours and contour lines
# hold the same 161 x 161 values, twice here (the app sends them once).
BUDGET = 450_000


def grid(points=161, span=6.0):
    axis = np.linspace(-span, span, points)
    return axis, axis.copy(), softmax_surface(LOGITS, LABELS, 0, 1, axis, axis)


def descent(steps=30):
    return descent_path(LOGITS, LABELS, 0, 1, learning_rate=1.0, steps=steps)


def coarse_arrows():
    a, b, s = grid(points=15)
    return arrow_segments(a, b, s["grad_a"], s["grad_b"])


def payload_dtypes(spec):
    """dtype of every binary array in the figure's JSON (plotly sends numpy as typed arrays)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "bdata" in node:
                found.append(node["dtype"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(spec["data"])
    return found


def test_the_map_has_contours_arrows_the_point_and_a_scrubbable_path():
    a, b, s = grid()
    path, losses = descent()
    fig = make_loss_map_figure(a, b, s["loss"], point=(0.5, 1.5), path=path, path_losses=losses,
                               arrows=coarse_arrows())
    assert [t.type for t in fig.data] == ["heatmap", "contour", "scatter", "scatter", "scatter"]
    assert [shape.type for shape in fig.layout.shapes] == ["path"]  # the arrows, over the map
    colours, lines = fig.data[0], fig.data[1]
    assert lines.contours.coloring == "none" and not lines.showscale  # the lines over the colours, one colour bar
    np.testing.assert_array_equal(colours.z, lines.z)
    # the loss to the three decimals the hover prints
    np.testing.assert_array_equal(colours.z, np.round(s["loss"], 3).astype(np.float32))
    assert "%{z:.3f}" in colours.hovertemplate
    assert len(fig.frames) == 31
    assert len(fig.layout.sliders[0].steps) == 31
    assert fig.layout.updatemenus[0].buttons[0].method == "animate"
    last = fig.frames[-1].data[0]
    assert np.allclose(last.x, path[:, 0], atol=1e-5) and np.allclose(last.y, path[:, 1], atol=1e-5)


def test_frames_carry_plain_lists_because_plotly_js_does_not_decode_binary_in_frames():
    a, b, s = grid(points=31)
    path, losses = descent(steps=5)
    spec = json.loads(make_loss_map_figure(a, b, s["loss"], point=(0.5, 1.5), path=path,
                                           path_losses=losses).to_json())
    for frame in spec["frames"]:
        for trace in frame["data"]:
            assert isinstance(trace["x"], list) and isinstance(trace["y"], list)


def test_the_frame_titles_give_the_loss_of_each_step():
    a, b, s = grid(points=31)
    path, losses = descent(steps=3)
    fig = make_loss_map_figure(a, b, s["loss"], point=(0.5, 1.5), path=path, path_losses=losses)
    assert f"{losses[2]:.4f}" in fig.frames[2].layout.title.text
    assert "step 2" in fig.frames[2].layout.title.text


def test_the_map_sends_float32_and_stays_under_budget():
    a, b, s = grid()
    path, losses = descent(steps=100)
    spec = json.loads(make_loss_map_figure(a, b, s["loss"], point=(0.5, 1.5), path=path, path_losses=losses,
                                           arrows=coarse_arrows()).to_json())
    assert set(payload_dtypes(spec)) == {"f4"}
    assert len(json.dumps(spec)) < BUDGET


def test_a_grid_finer_than_the_screen_is_downsampled():
    a = np.linspace(-1, 1, 401)
    small_a, small_b, small = downsample(a, a, np.zeros((401, 401)))
    assert max(small.shape) <= MAX_GRID and small.shape == (len(small_b), len(small_a))
    fig = make_loss_map_figure(a, a, np.zeros((401, 401)), point=(0, 0))
    assert len(fig.data[0].x) <= MAX_GRID


def test_arrows_point_downhill_and_the_longest_fills_most_of_a_cell():
    a = np.linspace(-3, 3, 7)
    s = softmax_surface(LOGITS, LABELS, 0, 1, a, a)
    x, y = arrow_segments(a, a, s["grad_a"], s["grad_b"], fill=0.8)
    points = np.stack([x, y], axis=1).reshape(-1, 6, 2)  # tail, head, barb, head, barb, gap
    tails, heads = points[:, 0], points[:, 1]
    steps = heads - tails
    downhill = -np.stack([s["grad_a"].ravel(), s["grad_b"].ravel()], axis=1)
    assert np.all(np.sum(steps * downhill, axis=1) > 0)
    assert np.max(np.hypot(*steps.T)) == pytest.approx(0.8 * 1.0)
    assert np.isnan(points[:, 5]).all()
    np.testing.assert_array_equal(points[:, 3], heads)
    for barb in (points[:, 2], points[:, 4]):
        back = barb - heads  # each barb points back along the arrow, 28 degrees off it
        cosine = np.sum(back * -steps, axis=1) / (np.hypot(*back.T) * np.hypot(*steps.T))
        np.testing.assert_allclose(cosine, np.cos(np.deg2rad(28)), rtol=1e-9)
    steepest = np.argmax(np.hypot(*steps.T))
    flattest = np.argmin(np.hypot(*steps.T))
    barb_length = np.hypot(*(points[:, 2] - heads).T)
    assert barb_length[steepest] > barb_length[flattest]  # a steeper slope, a larger head


def test_the_arrow_path_draws_each_arrow_from_its_tail_to_the_thousandth():
    """Parsed back, the path holds each arrow's tail, head, barb, head and
    barb, to three decimals; a flat point (no direction) draws nothing."""
    a = np.linspace(-3, 3, 7)
    s = softmax_surface(LOGITS, LABELS, 0, 1, a, a)
    x, y = arrow_segments(a, a, s["grad_a"], s["grad_b"])
    arrows = [[[float(n) for n in pair.split(",")] for pair in arrow.split("L")]
              for arrow in arrow_path(x, y).split("M")[1:]]
    points = np.stack([x, y], axis=1).reshape(-1, 6, 2)[:, :5]
    np.testing.assert_allclose(np.array(arrows), points, atol=0.0005 + 1e-12)
    x, y = arrow_segments([0.0, 1.0], [0.0, 1.0], np.array([[0.0, 1.0], [1.0, 1.0]]),
                          np.array([[0.0, 0.0], [1.0, 0.0]]))
    assert arrow_path(x, y).count("M") == 3  # four points, one of them flat


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1e17, 1e17, allow_nan=False), min_size=12, max_size=12))
@example([1.5, 2.0, -0.0, 0.0004, -0.0005, 1e17, 0.1 + 0.2, -2.5, 3.0005, 7.9999, 1e-9, -1e15])
def test_each_number_of_the_arrow_path_is_its_value_to_the_thousandth_without_trailing_zeros(values):
    """Fixed-point, three decimals, trailing zeros and a bare point cut:
    1.5 as "1.5", 2 as "2", 1e17 with all its digits (no exponent)."""
    xy = np.array(values, np.float64).reshape(2, 6)
    xy[:, 5] = np.nan  # the gap closing each arrow
    x, y = np.tile(xy[0], 2), np.tile(xy[1], 2)
    expected = [f"{v:.3f}".rstrip("0").rstrip(".") for v in np.round(np.stack([xy[0][:5], xy[1][:5]], 1).ravel(), 3)]
    numbers = arrow_path(x, y).replace("M", " ").replace("L", " ").replace(",", " ").split()
    assert numbers == expected * 2


def test_a_flat_point_gets_an_arrow_of_length_zero_and_no_head():
    x, y = arrow_segments([0.0, 1.0], [0.0, 1.0], np.array([[0.0, 1.0], [1.0, 1.0]]),
                          np.array([[0.0, 0.0], [1.0, 0.0]]))
    flat = np.stack([x, y], axis=1).reshape(-1, 6, 2)[0]
    np.testing.assert_array_equal(flat[0], flat[1])
    assert np.isnan(flat[[2, 4]]).all()


def test_the_3d_surface_has_the_path_on_it_and_frames():
    a, b, s = grid(points=101)
    path, losses = descent(steps=10)
    fig = make_loss_surface3d_figure(a, b, s["loss"], path=path, path_losses=losses)
    assert [t.type for t in fig.data] == ["surface", "scatter3d", "scatter3d"]
    assert len(fig.frames) == 11
    assert len(fig.to_json()) < BUDGET


def test_the_simplex_colours_every_point_by_its_loss_and_marks_label_and_model():
    q = simplex_grid(70)
    loss = simplex_loss(LABELS, q)
    fig = make_simplex_figure(q, loss, label_point=LABELS, model_point=[0.2, 0.6, 0.2])
    # the colours as one heatmap, hover on an invisible line through the points, then the two marks
    assert [t.type for t in fig.data] == ["heatmap", "scatterternary", "scatterternary", "scatterternary"]
    hover = fig.data[1]
    assert hover.mode == "lines" and len(hover.a) == len(q)
    # the loss to the three decimals its hover prints
    np.testing.assert_array_equal(hover.customdata, np.round(loss, 3).astype(np.float32))
    assert "%{customdata:.3f}" in hover.hovertemplate
    assert fig.data[0].zmax < loss.max()  # the edges' huge losses do not wash out the colours
    assert fig.data[0].zmin == pytest.approx(loss.min())
    assert fig.data[2].cliponaxis is False  # the one-hot label on its corner is drawn whole
    spec = json.loads(fig.to_json())
    assert set(payload_dtypes(spec)) == {"f4"} and len(json.dumps(spec)) < BUDGET


def test_the_simplex_heatmap_lies_where_the_ternary_draws_each_point():
    """Plotly's ternary: class 0 at the top corner (1/2, sqrt(3)/2), class 1 at
    (0, 0), class 2 at (1, 0); q is drawn at q0 * top + q1 * left + q2 * right.
    Each lattice point fills the two half-width cells on either side of it."""
    n = 9
    q = simplex_grid(n)
    loss = np.arange(len(q), dtype=float)  # a different value per point, to find each one
    x, y, z = simplex_bricks(q, loss)
    corners = np.array([[0.5, np.sqrt(3) / 2], [0.0, 0.0], [1.0, 0.0]])
    for k, point in enumerate(q @ corners):
        rows, cols = np.nonzero(z == k)
        assert len(rows) == 2 and rows[0] == rows[1] and cols[1] == cols[0] + 1
        assert y[rows[0]] == pytest.approx(point[1])
        assert (x[cols[0]] + x[cols[1]]) / 2 == pytest.approx(point[0])
        assert x[cols[1]] - x[cols[0]] == pytest.approx(1 / (2 * n))  # a brick is 1/n wide
    assert np.isnan(z).sum() == z.size - 2 * len(q)  # the rest is outside the triangle


def test_the_simplex_plain_axes_fit_the_ternary_domain_with_its_aspect():
    q = simplex_grid(20)
    layout = make_simplex_figure(q, simplex_loss(LABELS, q)).layout
    assert layout.xaxis.domain == layout.ternary.domain.x and layout.yaxis.domain == layout.ternary.domain.y
    assert layout.yaxis.scaleanchor == "x" and layout.yaxis.range[1] == pytest.approx(np.sqrt(3) / 2)
    assert tuple(layout.xaxis.range) == (0, 1)


def test_without_a_label_point_the_simplex_draws_only_the_model():
    q = simplex_grid(20)
    fig = make_simplex_figure(q, simplex_loss([0.5, 0.5, 0.5], q), label_point=None,
                              model_point=[0.3, 0.3, 0.4])
    assert len(fig.data) == 3  # the heatmap, the hover line and the model


def test_the_simplex_lattice_is_every_point_of_nths_strictly_inside():
    n = 6
    q = simplex_grid(n)
    expected = [(a / n, b / n, (n - a - b) / n) for a in range(1, n) for b in range(1, n) if a + b < n]
    np.testing.assert_array_equal(q, np.array(expected))  # (n - 1)(n - 2) / 2 points, a then b
    assert len(simplex_grid(70)) == 69 * 68 // 2
