"""Figures of the loss surface over two logits: a contour map with the
gradient field, a 3-D surface, a gradient-descent path whose steps play in
the browser (plotly frames), and the 3-class probability simplex."""
from __future__ import annotations

import numpy as np

from .style import (MAX_GRID, PALETTE, SEQUENTIAL, SNAP, add_title, base_layout, colorscale, figure, layered, merge,
                    plain, wire)

TEXT = {  # English defaults for notebooks; the app passes translated text
    "x": "x_i", "y": "x_j", "loss": "loss", "point": "current point", "path": "descent path",
    "step": "step", "arrows": "−gradient", "step_title": "step {step}: loss {loss:.4f}",
    "label": "label", "model": "softmax(x)", "classes": ("class 0", "class 1", "class 2"),
}
PATH_COLOUR, POINT_COLOUR, ARROW_COLOUR = PALETTE[3], PALETTE[1], "rgba(255,255,255,0.85)"
# Digits of the maps' values as sent, and as their hover prints them: a map
# is a picture of the loss at grid points (the numbers beside it give the
# loss at the point to more digits). Arrows (no hover) are placed to a
# thousandth of a logit: under half a pixel on the narrowest range (4
# logits) at 1,400 px.
LOSS_DECIMALS, ARROW_DECIMALS = 3, 3


def _text(text):
    return {**TEXT, **(text or {})}


def downsample(a_values, b_values, grid, *, limit=MAX_GRID):
    """Every k-th row and column so that neither axis has more than ``limit`` points."""
    step_a = -(-len(a_values) // limit)
    step_b = -(-len(b_values) // limit)
    return a_values[::step_a], b_values[::step_b], np.asarray(grid)[::step_b, ::step_a]


def arrow_segments(a_values, b_values, grad_a, grad_b, *, fill=0.8, barb_angle=28.0):
    """The descent direction :math:`-\\nabla\\ell` at every point of a
    coarse grid (rows follow b, columns follow a) as arrows drawn with lines
    only, scaled so that the longest arrow is ``fill`` of a grid cell:
    directions and relative sizes, not lengths in logit units. A steeper
    slope gets a longer arrow and a larger head.

    Returns ``(x, y)``: for each arrow its tail, head, one barb of the head,
    the head again, the other barb and a gap (NaN): six points, so the whole
    field is one line (:func:`arrow_path` draws it as one shape; a marker
    per point would be a separate shape for the browser to draw, and the
    field has hundreds).
    """
    a, b = np.meshgrid(np.asarray(a_values, np.float64), np.asarray(b_values, np.float64))
    ga, gb = -np.asarray(grad_a, np.float64).ravel(), -np.asarray(grad_b, np.float64).ravel()
    tail_x, tail_y = a.ravel(), b.ravel()
    cell = min(np.ptp(a_values) / max(len(a_values) - 1, 1), np.ptp(b_values) / max(len(b_values) - 1, 1))
    norm = np.hypot(ga, gb)
    longest = norm.max()
    scale = fill * cell / longest if longest > 0 else 0.0
    head_x, head_y = tail_x + scale * ga, tail_y + scale * gb
    # barbs: back from the head along the arrow, turned by +-barb_angle; none on a flat point
    with np.errstate(invalid="ignore", divide="ignore"):
        unit_x, unit_y = np.where(norm > 0, ga / norm, np.nan), np.where(norm > 0, gb / norm, np.nan)
    barb = cell * (0.12 + 0.18 * (norm / longest if longest > 0 else 0.0))
    turn = np.deg2rad(barb_angle)
    barbs = [(head_x - barb * (unit_x * np.cos(side) - unit_y * np.sin(side)),
              head_y - barb * (unit_x * np.sin(side) + unit_y * np.cos(side))) for side in (turn, -turn)]
    gap = np.full(tail_x.size, np.nan)
    x = np.stack([tail_x, head_x, barbs[0][0], head_x, barbs[1][0], gap], axis=1).ravel()
    y = np.stack([tail_y, head_y, barbs[0][1], head_y, barbs[1][1], gap], axis=1).ravel()
    return x, y


def arrow_path(x, y, decimals=ARROW_DECIMALS) -> str:
    """The arrows of :func:`arrow_segments` as one SVG path for a layout
    shape, in data coordinates: each arrow ``M`` its tail, then ``L`` to its
    head, a barb, the head again and the other barb, to ``decimals``; a flat
    point (no direction, no head) draws nothing. Plotly draws a line trace
    with gaps as one element per segment (225 arrows were 225 elements, and
    a third of the time a new map took to draw); a shape is one element."""
    points = np.stack([np.asarray(x, np.float64), np.asarray(y, np.float64)], axis=-1).reshape(-1, 6, 2)[:, :5]
    drawn = np.round(points[np.isfinite(points).all(axis=(1, 2))], decimals).ravel()
    if drawn.size and np.abs(drawn).max() >= 1e15:  # repr would write an exponent
        words = [f"{value:.{decimals}f}".rstrip("0").rstrip(".") for value in drawn.tolist()]
    else:
        # A value rounded to ``decimals`` is the double nearest to a decimal
        # of that many digits: repr writes those digits and no more (as the
        # fixed-point format with its zeros stripped), in a quarter of the
        # time; a whole number loses its ".0". A new map waits for this.
        words = list(map(repr, drawn.tolist()))
        for k in np.flatnonzero(drawn == np.trunc(drawn)).tolist():
            words[k] = words[k][:-2]
    return ("M{},{}L{},{}L{},{}L{},{}L{},{}" * (len(words) // 10)).format(*words)


def _frame_title(text, step, loss):
    # Bold like Streamlit's theme draws the first title, so scrubbing keeps the look.
    return "<b>" + text["step_title"].format(step=step, loss=loss) + "</b>"


def _loss_colorbar(text):
    return {"title": {"text": text["loss"], "side": "right"}, "thickness": 14}


def _step_frames(first, losses, text, traces_at):
    """One frame per step k: new data (``traces_at(k)``) for the two path
    traces at ``first`` and ``first + 1``, and the step's loss in the title."""
    return [{"name": str(k), "traces": [first, first + 1], "data": traces_at(k),
             "layout": {"title": {"text": _frame_title(text, k, loss)}}}
            for k, loss in enumerate(losses)]


def _add_descent_animation(layout, frames, *, redraw):
    """Frames that replay the descent one step at a time, with a plotly slider
    and a play button: scrubbing runs in the browser, without the server."""
    names = [f["name"] for f in frames]
    play = {"frame": {"duration": 120, "redraw": redraw}, "transition": {"duration": 0}, "fromcurrent": False,
            "mode": "immediate"}
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}
    jump = {"frame": {"duration": 0, "redraw": redraw}, "transition": {"duration": 0}, "mode": "immediate"}
    merge(layout, {
        # Play and pause on a row of their own under the step slider: beside
        # it, a phone's width would put the slider on the buttons.
        "updatemenus": [{"type": "buttons", "direction": "left", "showactive": False, "x": 0, "y": -0.34,
                         "xanchor": "left", "yanchor": "top", "pad": {"t": 0, "r": 6},
                         # None: every frame, in order; not their names, so that a replay of
                         # another length keeps the same button (the browser moves it in place)
                         "buttons": [{"label": "▶", "method": "animate", "args": [None, play]},
                                     {"label": "❚❚", "method": "animate", "args": [[None], pause]}]}],
        "sliders": [{"active": len(names) - 1, "x": 0, "len": 1, "y": -0.17, "yanchor": "top",
                     "pad": {"t": 0, "b": 0}, "currentvalue": {"visible": False}, "transition": SNAP,
                     "steps": [{"label": name, "method": "animate", "args": [[name], jump]} for name in names]}],
        "margin": {"t": 20, "b": 190},
    })
    # The figure opens on the last step: its frame's title.
    add_title(layout, frames[-1]["layout"]["title"]["text"], x=0, xanchor="left")


def make_loss_map_base(a_values, b_values, loss, *, arrows=None, text=None, height=640):
    """Loss over :math:`(x_i, x_j)` as a heatmap with contour lines and, if
    ``arrows`` (from :func:`arrow_segments`) is given, the descent direction
    as arrows (one layout shape, :func:`arrow_path`): what stays while the
    point moves (it depends on the other logits, the labels and the range).
    :func:`add_descent` draws the point and the path over it.

    The colours are a heatmap the browser smooths as it scales it (plotly's
    ``zsmooth: "fast"``); a filled contour interpolated every pixel in
    script: a new map took plotly 70 ms to draw, this one 40. The lines are
    a contour of the same values.

    ``loss`` has shape (len(b_values), len(a_values)).
    """
    text = _text(text)
    a_values, b_values, loss = downsample(np.asarray(a_values), np.asarray(b_values), loss)
    hover = (f"{text['x']} %{{x:.2f}}<br>{text['y']} %{{y:.2f}}<br>{text['loss']} %{{z:.{LOSS_DECIMALS}f}}"
             "<extra></extra>")
    x, y, z = wire(a_values), wire(b_values), wire(loss, LOSS_DECIMALS)
    data = [{"type": "heatmap", "x": x, "y": y, "z": z, "zsmooth": "fast",
             "colorscale": colorscale(SEQUENTIAL), "colorbar": _loss_colorbar(text), "hovertemplate": hover,
             "name": text["loss"]},
            # the same values (the app sends them once: ui/transport.py)
            {"type": "contour", "x": x, "y": y, "z": z,
             "ncontours": 24, "showscale": False, "showlegend": False, "hoverinfo": "skip", "name": text["loss"],
             "contours": {"coloring": "none", "showlines": True},
             "line": {"width": 0.6, "color": "rgba(255,255,255,0.5)"}}]
    layout = base_layout(x_title=text["x"], y_title=text["y"], height=height)
    merge(layout, {"xaxis": {"range": [float(a_values[0]), float(a_values[-1])], "constrain": "domain"},
                   "yaxis": {"range": [float(b_values[0]), float(b_values[-1])], "scaleanchor": "x", "scaleratio": 1}})
    if arrows is not None:
        # One shape over the map (arrow_path). White reads on the whole colour
        # scale but not in a light legend: the page's text names the arrows.
        layout["shapes"] = [{"type": "path", "path": arrow_path(*arrows), "name": text["arrows"], "layer": "above",
                             "xref": "x", "yref": "y", "line": {"color": ARROW_COLOUR, "width": 1.2}}]
    return figure(data, layout)


def add_descent(base, *, point, path=None, path_losses=None, text=None):
    """The current point and the descent path (scrubbable frames) over a map
    from :func:`make_loss_map_base`: what a move of x_i or x_j changes.

    ``path`` (steps + 1, 2) and ``path_losses`` (steps + 1,) come from
    :func:`xent_core.surface.descent_path`.
    """
    text = _text(text)
    data = [{"type": "scatter", "x": wire([point[0]]), "y": wire([point[1]]), "mode": "markers",
             "name": text["point"], "marker": {"symbol": "star", "size": 16, "color": POINT_COLOUR,
                                               "line": {"color": "black", "width": 1}}}]
    layout = {"height": base.spec["layout"]["height"]}
    frames = None
    if path is not None:
        frames = _add_path_2d(data, layout, np.asarray(path), np.asarray(path_losses), text,
                              first=len(base.spec["data"]) + len(data))
    return layered(base, data, layout, frames)


def make_loss_map_figure(a_values, b_values, loss, *, point, path=None, path_losses=None,
                         arrows=None, text=None, height=640):
    """Loss over :math:`(x_i, x_j)` as filled contours, the current point, the
    descent path (scrubbable frames) and, if ``arrows`` is given, the descent
    direction as arrows: :func:`make_loss_map_base` with :func:`add_descent`."""
    base = make_loss_map_base(a_values, b_values, loss, arrows=arrows, text=text, height=height)
    return add_descent(base, point=point, path=path, path_losses=path_losses, text=text)


def _add_path_2d(data, layout, path, losses, text, *, first):
    """The descent path and its last step (traces ``first`` and ``first + 1``
    of the figure), replayed by frames (returned)."""
    data.append({"type": "scatter", "x": wire(path[:, 0]), "y": wire(path[:, 1]), "mode": "lines+markers",
                 "name": text["path"], "line": {"color": PATH_COLOUR, "width": 2},
                 "marker": {"size": 5, "color": PATH_COLOUR}})
    data.append({"type": "scatter", "x": wire(path[-1:, 0]), "y": wire(path[-1:, 1]), "mode": "markers",
                 "name": text["step"],
                 "marker": {"size": 13, "color": PATH_COLOUR, "line": {"color": "white", "width": 2}}})

    xs, ys = plain(path[:, 0]), plain(path[:, 1])  # once: frame k holds the first k + 1 points

    def traces_at(k):
        return [{"type": "scatter", "x": xs[:k + 1], "y": ys[:k + 1]},
                {"type": "scatter", "x": xs[k:k + 1], "y": ys[k:k + 1]}]
    frames = _step_frames(first, losses, text, traces_at)
    _add_descent_animation(layout, frames, redraw=True)
    return frames


def make_loss_surface3d_figure(a_values, b_values, loss, *, path=None, path_losses=None,
                               text=None, height=620):
    """The same loss as a 3-D surface, with the descent path on it (scrubbable frames)."""
    text = _text(text)
    a_values, b_values, loss = downsample(np.asarray(a_values), np.asarray(b_values), loss)
    data = [{"type": "surface", "x": wire(a_values), "y": wire(b_values), "z": wire(loss),
             "colorscale": colorscale(SEQUENTIAL), "name": text["loss"], "opacity": 0.92,
             "colorbar": _loss_colorbar(text),
             "contours": {"z": {"show": True, "usecolormap": True, "project": {"z": True}, "width": 1}}}]
    layout = base_layout(height=height, axes=())
    layout["scene"] = {"xaxis": {"title": {"text": text["x"]}}, "yaxis": {"title": {"text": text["y"]}},
                       "zaxis": {"title": {"text": text["loss"]}}, "camera": {"eye": {"x": -1.5, "y": -1.5, "z": 1.1}}}
    frames = None
    if path is not None:
        frames = _add_path_3d(data, layout, np.asarray(path), np.asarray(path_losses), text)
    return figure(data, layout, frames)


def _add_path_3d(data, layout, path, losses, text):
    """The descent path on the surface and its last step, replayed by frames (returned)."""
    first = len(data)
    data.append({"type": "scatter3d", "x": wire(path[:, 0]), "y": wire(path[:, 1]), "z": wire(losses),
                 "mode": "lines+markers", "name": text["path"], "line": {"color": PATH_COLOUR, "width": 5},
                 "marker": {"size": 3, "color": PATH_COLOUR}})
    data.append({"type": "scatter3d", "x": wire(path[-1:, 0]), "y": wire(path[-1:, 1]), "z": wire(losses[-1:]),
                 "mode": "markers", "name": text["step"],
                 "marker": {"size": 7, "color": POINT_COLOUR, "line": {"color": "black", "width": 1}}})

    xs, ys, zs = plain(path[:, 0]), plain(path[:, 1]), plain(losses)

    def traces_at(k):
        return [{"type": "scatter3d", "x": xs[:k + 1], "y": ys[:k + 1], "z": zs[:k + 1]},
                {"type": "scatter3d", "x": xs[k:k + 1], "y": ys[k:k + 1], "z": zs[k:k + 1]}]
    frames = _step_frames(first, losses, text, traces_at)
    _add_descent_animation(layout, frames, redraw=True)
    return frames


def simplex_bricks(q, loss):
    r"""The loss on the lattice ``q`` of :func:`xent_core.surface.simplex_grid`
    as a grid of cells in the plane, for a heatmap under a ternary plot.

    Plotly's ternary puts class 0 (a) at the top corner (1/2, :math:`\sqrt{3}/2`),
    class 1 (b) at (0, 0) and class 2 (c) at (1, 0), so :math:`q = (a, b, c) / n`
    sits at :math:`x = (a/2 + c) / n`, :math:`y = (\sqrt{3}/2)\, a / n`. Rows
    of equal ``a`` are ``1/n`` apart in ``x``, each shifted half a step from
    the one below: the grid has ``2n`` half-width columns, and each point
    fills the two under it (a wall of bricks, NaN outside the triangle).
    Returns ``(x, y, z)``: column centres, row centres, (n - 2, 2n) values."""
    q, loss = np.asarray(q, np.float64), np.asarray(loss)
    n = int(round(1 / q.min()))  # the lattice's points are strictly inside: the least is 1/n
    a, b, c = np.rint(q * n).astype(int).T
    half = a + 2 * c  # x in half-steps: the point's brick is columns half - 1 and half
    z = np.full((n - 2, 2 * n), np.nan)
    z[a - 1, half - 1] = loss
    z[a - 1, half] = loss
    x = (np.arange(2 * n) + 0.5) / (2 * n)
    y = np.arange(1, n - 1) * (np.sqrt(3) / 2) / n
    return x, y, z


def make_simplex_base(q, loss, *, text=None, height=480):
    """Cross-entropy over the 3-class probability simplex (``q`` (N, 3), the
    lattice of :func:`xent_core.surface.simplex_grid`, ``loss`` (N,)): it
    depends on the label only; :func:`mark_simplex` marks points over it.

    The colours are one heatmap (:func:`simplex_bricks`) on plain axes laid
    under the ternary plot's triangle (both fit the same domain with the same
    aspect, centred): a marker per point would make the browser handle
    thousands of separately placed shapes at every step of any slider. Hover
    reads an invisible line through the points in ternary coordinates.
    The colour scale stops at the 95th percentile: the loss grows without
    bound towards the edges where a labelled class gets probability 0, and
    would wash out the rest.
    """
    text = _text(text)
    q, loss = np.asarray(q), np.asarray(loss)
    top = float(np.quantile(loss, 0.95))
    x, y, z = simplex_bricks(q, loss)
    domain = {"x": [0, 0.8], "y": [0, 1]}  # room on the right for the corner's class name before the colour bar, also on a phone
    # The cells are evenly spaced: their first centre and step, not every centre.
    data = [{"type": "heatmap", "x0": float(x[0]), "dx": float(x[1] - x[0]), "y0": float(y[0]),
             "dy": float(y[1] - y[0]), "z": wire(z, LOSS_DECIMALS), "hoverinfo": "skip", "zsmooth": "fast",
             "colorscale": colorscale(SEQUENTIAL), "zmin": float(loss.min()), "zmax": top,
             "colorbar": _loss_colorbar(text), "showscale": True},
            # c is left out: plotly makes it 1 - a - b (the ternary's sum), a sixth fewer bytes
            {"type": "scatterternary", "a": wire(q[:, 0]), "b": wire(q[:, 1]),
             "customdata": wire(loss, LOSS_DECIMALS), "mode": "lines",
             "line": {"width": 0, "color": "rgba(0,0,0,0)"},
             "name": text["loss"], "showlegend": False,
             "hovertemplate": "q = (%{a:.3f}, %{b:.3f}, %{c:.3f})<br>" + text["loss"]
                              + f" %{{customdata:.{LOSS_DECIMALS}f}}<extra></extra>"}]
    names = text["classes"]
    plain_axis = {"visible": False, "fixedrange": True, "constrain": "domain"}
    layout = base_layout(height=height, axes=())
    merge(layout, {"ternary": {"sum": 1, "aaxis": {"title": {"text": names[0]}}, "baxis": {"title": {"text": names[1]}},
                               "caxis": {"title": {"text": names[2]}}, "bgcolor": "rgba(0,0,0,0)",
                               "domain": domain},
                   "xaxis": {**plain_axis, "domain": domain["x"], "range": [0, 1]},
                   "yaxis": {**plain_axis, "domain": domain["y"], "range": [0, np.sqrt(3) / 2],
                             "scaleanchor": "x", "scaleratio": 1},
                   "margin": {"l": 60, "r": 60, "t": 40, "b": 40}})
    return figure(data, layout)


def mark_simplex(base, *, label_point=None, model_point=None, text=None):
    """The label and the model's softmax output marked on a simplex from
    :func:`make_simplex_base` (each left out when ``None``)."""
    text = _text(text)
    data = []
    for point, name, symbol, colour in ((label_point, text["label"], "star", POINT_COLOUR),
                                        (model_point, text["model"], "circle", PATH_COLOUR)):
        if point is not None:
            data.append({"type": "scatterternary", "a": wire([point[0]]), "b": wire([point[1]]),
                         # a one-hot label sits on a corner: drawn whole, not cut at the triangle's edge
                         "c": wire([point[2]]), "mode": "markers", "name": name, "cliponaxis": False,
                         "marker": {"symbol": symbol, "size": 16, "color": colour,
                                    "line": {"color": "black", "width": 1}}})
    return layered(base, data)


def make_simplex_figure(q, loss, *, label_point=None, model_point=None, text=None, height=480):
    """The loss over the simplex (:func:`make_simplex_base`) with the label
    and the model's output marked (:func:`mark_simplex`)."""
    base = make_simplex_base(q, loss, text=text, height=height)
    return mark_simplex(base, label_point=label_point, model_point=model_point, text=text)
