"""Figures of the clipping page: loss and gradient of several framework
functions against the logit (with a marker that moves along the curves in
the browser) and against the probability near 0 and near 1, with a strip
per function marking where its gradient is zero, wrong, or NaN/inf.

A *series* is a dict ``{"key", "name", "loss", "grad", "status"}`` with
(N,) arrays (``grad`` and ``status`` may be ``None``: a metric has no
gradient), as :mod:`xent_core.curves` computes them; ``key`` is the
:class:`~xent_core.curves.Variant` key, which fixes its colour and dash.
"""
from __future__ import annotations

import numpy as np

from ..curves import NOT_FINITE, OK, WRONG, ZERO
from .style import (JUMP, PALETTE, SNAP, base_layout, cell, figure, layered, merge, subplot_layout, update_axes,
                    wire)

TEXT = {  # English defaults for notebooks; the app passes translated text
    "logit": "logit x", "loss": "loss", "grad_logit": "∂loss/∂x", "grad_prob": "|∂loss/∂p| (log10)",
    "exact": "exact (float64)", "status": "gradient", "current": "x = ",
    "near_zero": "p near 0 (log scale)", "near_one": "1 − p near 0, p near 1 (log scale)",
    "status_names": {ZERO: "gradient is 0 (clipped)", WRONG: "gradient off by > 1%",
                     NOT_FINITE: "NaN or inf"},
}
STATUS_COLOURS = {OK: "rgba(0,0,0,0.04)", ZERO: "#8C8C8C", WRONG: PALETTE[6], NOT_FINITE: PALETTE[7]}
EXACT_STYLE = dict(color="rgba(120,120,120,0.35)", width=9)
# One look per function, kept when others are hidden; variants of one
# framework share a colour and differ by dash.
VARIANT_STYLE = {  # key -> (colour, dash, short name for the status strip)
    "tf": (PALETTE[0], "solid", "tf.nn"), "keraslogits": (PALETTE[5], "dot", "Keras logits"),
    "keras": (PALETTE[1], "solid", "Keras 3"), "keras22": (PALETTE[3], "dash", "Keras 2.2"),
    "tfkeras": (PALETTE[1], "dash", "tf.keras 2.15"), "torch": (PALETTE[4], "solid", "PyTorch"),
    "v1": (PALETTE[2], "dash", "TF v1 log_loss"), "sklearn": (PALETTE[7], "dash", "sklearn"),
    "naive": (PALETTE[7], "dot", "naive"),
}
SLIDER_STEPS = 41  # marker positions offered by the in-browser slider (every 2 on [-40, 40])


def _text(text):
    return {**TEXT, **(text or {})}


def _status_colourscale():
    """Integer statuses 0..3 mapped to flat colour bands."""
    scale = []
    for status in (OK, ZERO, WRONG, NOT_FINITE):
        scale += [[status / 4, STATUS_COLOURS[status]], [(status + 1) / 4, STATUS_COLOURS[status]]]
    return scale


def _axis(layout, letter, row, col, cols):
    """The layout entry of the ``letter`` axis of cell (row, col): the trace
    reference ``y3`` is the layout's ``yaxis3``."""
    reference = cell(row, col, cols)[f"{letter}axis"]
    return layout.setdefault(f"{letter}axis{reference[1:]}", {})


def _grid_layout(cols, row_titles, *, height, **options):
    """Loss, gradient and status strip in three rows sharing their x axes,
    ``cols`` columns; the first column's y axes titled ``row_titles``, top to
    bottom; one hover label for every curve at an x; the legend above (beside
    the plot it would leave a phone's chart a few pixels wide)."""
    layout = merge(subplot_layout(3, cols, shared_xaxes=True, vertical_spacing=0.04,
                                  row_heights=(0.48, 0.36, 0.16), **options),
                   base_layout(height=height, axes=()))
    merge(layout, {"hovermode": "x unified"})
    for row, title in enumerate(row_titles, start=1):
        _axis(layout, "y", row, 1, cols)["title"] = {"text": title}
    return layout


def _add_status_strip(data, layout, x, series, *, row, col, cols):
    """One band per function with a gradient: the colour of each point's status."""
    rows = [(i, s) for i, s in enumerate(series) if s.get("status") is not None]
    if not rows:
        return
    z = np.array([s["status"] for _, s in rows], dtype=np.int8)
    data.append({"type": "heatmap", "x": wire(x), "y": [_style(s, i)[2] for i, s in rows], "z": z,
                 "zmin": -0.5, "zmax": 3.5, "colorscale": _status_colourscale(), "showscale": False,
                 "hoverinfo": "skip", "xgap": 0, "ygap": 2, **cell(row, col, cols)})
    # first function on top, as in the legend
    merge(_axis(layout, "y", row, col, cols), {"autorange": "reversed", "tickfont": {"size": 11}})


def _status_legend(text):
    """Legend entries for the strip's colours (the strip itself has none)."""
    return [{"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "legendgroup": "status",
             "marker": {"symbol": "square", "size": 12, "color": STATUS_COLOURS[status]}}
            for status, name in text["status_names"].items()]


def _style(series, index):
    """(colour, dash, short name) of a series: its variant's look, or the palette in order."""
    default = (PALETTE[index % len(PALETTE)], "solid", series["name"])
    return VARIANT_STYLE.get(series.get("key"), default)


def _colour(series, index):
    return _style(series, index)[0]


def _line(x, y, line, **props):
    """A line trace; ``x`` already on the wire, ``y`` put there."""
    return {"type": "scatter", "x": x, "y": wire(y), "mode": "lines", "line": line, **props}


def _curves(x, series, exact, *, grad_of, exact_name, col=1, cols=1, legend=True, grad_hover=None):
    """Exact curve underneath, then each function's loss (row 1) and gradient
    (row 2); a wide translucent band marks gradient points that are not OK.
    ``grad_hover`` is the hover template of the gradient row, if not plotly's."""
    on_loss = cell(1, col, cols)
    on_grad = {**cell(2, col, cols), **({} if grad_hover is None else {"hovertemplate": grad_hover})}
    x = wire(x)
    data = [_line(x, exact[0], EXACT_STYLE, name=exact_name, legendgroup="exact", showlegend=legend, **on_loss),
            _line(x, grad_of(exact[1]), EXACT_STYLE, legendgroup="exact", showlegend=False, **on_grad)]
    for i, s in enumerate(series):
        colour, dash, _ = _style(s, i)
        line = {"color": colour, "width": 2.5, "dash": dash}
        data.append(_line(x, s["loss"], line, name=s["name"], legendgroup=s["name"], showlegend=legend, **on_loss))
        if s.get("grad") is None:
            continue
        grad = grad_of(s["grad"])
        data.append(_line(x, grad, line, name=s["name"], legendgroup=s["name"], showlegend=False, **on_grad))
        bad = np.asarray(s["status"]) != OK
        if bad.any():
            data.append(_line(x, np.where(bad, grad, np.nan), {"color": colour, "width": 12}, opacity=0.3,
                              legendgroup=s["name"], showlegend=False, hoverinfo="skip", **on_grad))
    return data


def _marker_steps(logits, count):
    """Grid indices offered by the slider, evenly spread over the grid."""
    return np.unique(np.linspace(0, len(logits) - 1, count).round().astype(int))


def _marker_values(series, index):
    with_grad = [s for s in series if s.get("grad") is not None]
    loss = [float(s["loss"][index]) for s in series]
    grad = [float(s["grad"][index]) for s in with_grad]
    return loss, grad, [_colour(s, i) for i, s in enumerate(series) if s.get("grad") is not None]


def _json_safe(values):
    """inf/NaN cannot travel in the slider's JSON: they become gaps."""
    return [v if np.isfinite(v) else None for v in values]


def make_logit_figure(logits, series, exact, *, marker=None, text=None, height=760):
    """Loss (top), gradient ∂loss/∂x (middle) and gradient status (bottom)
    against the logit, with a slider that moves a marker along every curve
    in the browser (no round trip to the server).

    Args: ``logits`` (N,); ``series`` as in the module docstring, with
    ``grad`` already d/dx; ``exact`` the pair ``(loss, grad)`` in float64;
    ``marker`` the logit where the marker starts (the nearest slider step; the middle if None).
    """
    text = _text(text)
    x = np.asarray(logits, dtype=np.float64)
    layout = _grid_layout(1, [text["loss"], text["grad_logit"], text["status"]], height=height)
    merge(layout, {"margin": {"r": 10, "b": 110}})
    _axis(layout, "x", 3, 1, 1)["title"] = {"text": text["logit"]}
    data = _curves(x, series, exact, grad_of=lambda g: g, exact_name=text["exact"])
    _add_status_strip(data, layout, x, series, row=3, col=1, cols=1)
    data += _status_legend(text)
    return _with_marker_slider(figure(data, layout), x, series, text, marker)


def _markers(position, values, colours, row):
    """The slider's markers on one row (loss or gradient), all at the logit ``position``."""
    return {"type": "scatter", "x": [position] * len(values), "y": _json_safe(values), "mode": "markers",
            "marker": {"size": 11, "line": {"width": 1.5, "color": "white"}, "color": colours},
            "showlegend": False, "hoverinfo": "skip", **cell(row, 1, 1)}


def _with_marker_slider(base, x, series, text, marker):
    """``base`` (the curves and strips) with a marker on the loss and the
    gradient rows, one frame per slider step holding their precomputed
    values, and a plotly slider that plays the frames. The markers are a
    layer of their own: a frame moves them without drawing the curves
    again (and plotly's animation would wipe the strips' heatmap)."""
    steps_at = _marker_steps(x, SLIDER_STEPS)
    start = len(steps_at) // 2 if marker is None else int(np.abs(x[steps_at] - marker).argmin())
    loss, grad, grad_colours = _marker_values(series, steps_at[start])
    colours = [_colour(s, i) for i, s in enumerate(series)]
    data = [_markers(float(x[steps_at[start]]), loss, colours, row=1),
            _markers(float(x[steps_at[start]]), grad, grad_colours, row=2)]
    first = len(base.spec["data"])
    frames, steps = [], []
    for index in steps_at:
        loss, grad, _ = _marker_values(series, index)
        position = float(x[index])
        name = f"{position:g}"
        frames.append({"name": name, "traces": [first, first + 1],
                       "data": [{"x": [position] * len(loss), "y": _json_safe(loss)},
                                {"x": [position] * len(grad), "y": _json_safe(grad)}]})
        steps.append({"method": "animate", "label": name, "args": [[name], JUMP]})
    # pad: room under the axis title, whose ticks a phone's width turns upright
    slider = {"active": start, "steps": steps, "pad": {"t": 64}, "len": 1.0, "x": 0,
              "currentvalue": {"prefix": text["current"]}, "transition": SNAP}
    return layered(base, data, {"sliders": [slider]}, frames)


def _log_magnitude(grad):
    """log10 |g|: gradients near p = 0 reach 1e44, beyond float32 (the wire's type)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log10(np.abs(np.asarray(grad, dtype=np.float64)))


def _power_ticks(low, high):
    """Tick labels 1e-40 ... for an axis whose values are exponents (every 10)."""
    values = list(range(int(np.ceil(low / 10) * 10), int(np.floor(high)) + 1, 10))
    return {"tickvals": values, "ticktext": [f"1e{v}" if v else "1" for v in values]}


def make_probability_figure(exponents, sides, exact, *, text=None, height=760):
    """Loss (top), |∂loss/∂p| (middle, log scale) and gradient status
    (bottom) for probabilities near 0 (left, x = p) and near 1 (right,
    x = 1 − p, reversed so that p grows from left to right across the figure).

    Args: ``exponents`` t (N,), the distance to the end being 10**t; ``sides``
    a dict ``{"zero": series, "one": series}``; ``exact`` a dict side -> (loss, grad).
    """
    text = _text(text)
    distance = 10.0 ** np.asarray(exponents, dtype=np.float64)
    # the titles of the first row's cells are the columns' titles
    layout = _grid_layout(2, [text["loss"], text["grad_prob"], text["status"]], height=height,
                          horizontal_spacing=0.06, titles=[text["near_zero"], text["near_one"]])
    data = []
    for col, side in enumerate(("zero", "one"), start=1):
        # the gradient row shows exponents: hover reads them as powers of 10
        data += _curves(distance, sides[side], exact[side], grad_of=_log_magnitude, exact_name=text["exact"],
                        col=col, cols=2, legend=col == 1, grad_hover="10<sup>%{y:.2f}</sup>")
        _add_status_strip(data, layout, distance, sides[side], row=3, col=col, cols=2)
    _axis(layout, "y", 3, 2, 2)["showticklabels"] = False  # the left strip names the rows
    data += _status_legend(text)
    update_axes(layout, "x", type="log", exponentformat="e", dtick=10)
    # near 1 the distance shrinks to the right: p grows left to right across both panels
    for row in (1, 2, 3):
        _axis(layout, "x", row, 2, 2)["autorange"] = "reversed"
    # same loss and gradient scales on both sides
    for row in (1, 2):
        _axis(layout, "y", row, 2, 2)["matches"] = cell(row, 1, 2)["yaxis"]
    ticks = _power_ticks(*_finite_range(sides, exact))
    for col in (1, 2):
        merge(_axis(layout, "y", 2, col, 2), ticks)
    return figure(data, layout)


def _finite_range(sides, exact):
    """The range of log10 |gradient| over everything drawn."""
    values = [_log_magnitude(g) for side in sides for g in
              [exact[side][1]] + [s["grad"] for s in sides[side] if s.get("grad") is not None]]
    finite = np.concatenate([v[np.isfinite(v)] for v in values])
    return (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
