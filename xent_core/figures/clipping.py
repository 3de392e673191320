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
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..curves import NOT_FINITE, OK, WRONG, ZERO
from .style import PALETTE, apply_style, wire

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


def _add_status_strip(fig, x, series, *, row, col):
    """One band per function with a gradient: the colour of each point's status."""
    rows = [(i, s) for i, s in enumerate(series) if s.get("status") is not None]
    if not rows:
        return
    z = np.array([s["status"] for _, s in rows], dtype=np.int8)
    fig.add_trace(go.Heatmap(x=wire(x), y=[_style(s, i)[2] for i, s in rows], z=z, zmin=-0.5, zmax=3.5,
                             colorscale=_status_colourscale(), showscale=False, hoverinfo="skip",
                             xgap=0, ygap=2), row=row, col=col)
    # first function on top, as in the legend
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=11), row=row, col=col)


def _add_status_legend(fig, text):
    """Legend entries for the strip's colours (the strip itself has none)."""
    for status, name in text["status_names"].items():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, legendgroup="status",
                                 marker=dict(symbol="square", size=12, color=STATUS_COLOURS[status])))


def _style(series, index):
    """(colour, dash, short name) of a series: its variant's look, or the palette in order."""
    default = (PALETTE[index % len(PALETTE)], "solid", series["name"])
    return VARIANT_STYLE.get(series.get("key"), default)


def _colour(series, index):
    return _style(series, index)[0]


def _add_curves(fig, x, series, exact, *, grad_of, exact_name, col=1, legend=True):
    """Exact curve underneath, then each function's loss (row 1) and gradient
    (row 2); a wide translucent band marks gradient points that are not OK."""
    loss_row, grad_row = 1, 2
    fig.add_trace(go.Scatter(x=wire(x), y=wire(exact[0]), mode="lines", line=EXACT_STYLE,
                             name=exact_name, legendgroup="exact", showlegend=legend),
                  row=loss_row, col=col)
    fig.add_trace(go.Scatter(x=wire(x), y=wire(grad_of(exact[1])), mode="lines", line=EXACT_STYLE,
                             legendgroup="exact", showlegend=False), row=grad_row, col=col)
    for i, s in enumerate(series):
        colour, dash, _ = _style(s, i)
        line = dict(color=colour, width=2.5, dash=dash)
        fig.add_trace(go.Scatter(x=wire(x), y=wire(s["loss"]), mode="lines", line=line, name=s["name"],
                                 legendgroup=s["name"], showlegend=legend), row=loss_row, col=col)
        if s.get("grad") is None:
            continue
        grad = grad_of(s["grad"])
        fig.add_trace(go.Scatter(x=wire(x), y=wire(grad), mode="lines", line=line, name=s["name"],
                                 legendgroup=s["name"], showlegend=False), row=grad_row, col=col)
        bad = np.asarray(s["status"]) != OK
        if bad.any():
            fig.add_trace(go.Scatter(x=wire(x), y=wire(np.where(bad, grad, np.nan)), mode="lines",
                                     line=dict(color=line["color"], width=12), opacity=0.3,
                                     legendgroup=s["name"], showlegend=False, hoverinfo="skip"),
                          row=grad_row, col=col)


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
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.04,
                        row_heights=[0.48, 0.36, 0.16])
    _add_curves(fig, x, series, exact, grad_of=lambda g: g, exact_name=text["exact"])
    _add_status_strip(fig, x, series, row=3, col=1)
    _add_status_legend(fig, text)
    _add_marker_slider(fig, x, series, text, marker)
    apply_style(fig, height=height)
    fig.update_layout(hovermode="x unified", legend=dict(orientation="v", y=1, yanchor="top", x=1.01,
                                                         xanchor="left"), margin=dict(r=10, b=90))
    fig.update_yaxes(title=text["loss"], row=1, col=1)
    fig.update_yaxes(title=text["grad_logit"], row=2, col=1)
    fig.update_yaxes(title=text["status"], row=3, col=1)
    fig.update_xaxes(title=text["logit"], row=3, col=1)
    return fig


def _add_marker_slider(fig, x, series, text, marker):
    """Marker traces on the loss and gradient rows and a plotly slider whose
    steps restyle them (precomputed values; the browser does the moving)."""
    steps_at = _marker_steps(x, SLIDER_STEPS)
    start = len(steps_at) // 2 if marker is None else int(np.abs(x[steps_at] - marker).argmin())
    loss, grad, grad_colours = _marker_values(series, steps_at[start])
    colours = [_colour(s, i) for i, s in enumerate(series)]
    marker = dict(size=11, line=dict(width=1.5, color="white"))
    first = len(fig.data)
    fig.add_trace(go.Scatter(x=[x[steps_at[start]]] * len(loss), y=_json_safe(loss), mode="markers",
                             marker={**marker, "color": colours}, showlegend=False,
                             hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[x[steps_at[start]]] * len(grad), y=_json_safe(grad), mode="markers",
                             marker={**marker, "color": grad_colours}, showlegend=False,
                             hoverinfo="skip"), row=2, col=1)
    steps = []
    for index in steps_at:
        loss, grad, _ = _marker_values(series, index)
        position = float(x[index])
        steps.append(dict(method="restyle", label=f"{position:g}",
                          args=[{"x": [[position] * len(loss), [position] * len(grad)],
                                 "y": [_json_safe(loss), _json_safe(grad)]}, [first, first + 1]]))
    fig.update_layout(sliders=[dict(active=start, steps=steps, pad=dict(t=40), len=1.0, x=0,
                                    currentvalue=dict(prefix=text["current"]))])


def _log_magnitude(grad):
    """log10 |g|: gradients near p = 0 reach 1e44, beyond float32 (the wire's type)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log10(np.abs(np.asarray(grad, dtype=np.float64)))


def _power_ticks(low, high):
    """Tick labels 1e-40 ... for an axis whose values are exponents (every 10)."""
    values = list(range(int(np.ceil(low / 10) * 10), int(np.floor(high)) + 1, 10))
    return dict(tickvals=values, ticktext=[f"1e{v}" if v else "1" for v in values])


def make_probability_figure(exponents, sides, exact, *, text=None, height=760):
    """Loss (top), |∂loss/∂p| (middle, log scale) and gradient status
    (bottom) for probabilities near 0 (left, x = p) and near 1 (right,
    x = 1 − p, reversed so that p grows from left to right across the figure).

    Args: ``exponents`` t (N,), the distance to the end being 10**t; ``sides``
    a dict ``{"zero": series, "one": series}``; ``exact`` a dict side -> (loss, grad).
    """
    text = _text(text)
    distance = 10.0 ** np.asarray(exponents, dtype=np.float64)
    fig = make_subplots(rows=3, cols=2, shared_xaxes=True, vertical_spacing=0.04, horizontal_spacing=0.06,
                        row_heights=[0.48, 0.36, 0.16], column_titles=[text["near_zero"], text["near_one"]])
    for col, side in enumerate(("zero", "one"), start=1):
        _add_curves(fig, distance, sides[side], exact[side], grad_of=_log_magnitude,
                    exact_name=text["exact"], col=col, legend=col == 1)
        _add_status_strip(fig, distance, sides[side], row=3, col=col)
    fig.update_yaxes(showticklabels=False, row=3, col=2)  # the left strip names the rows
    _add_status_legend(fig, text)
    fig.update_xaxes(type="log", exponentformat="e", dtick=10)
    # near 1 the distance shrinks to the right: p grows left to right across both panels
    fig.update_xaxes(autorange="reversed", col=2)
    fig.update_yaxes(matches="y", row=1, col=2)   # same loss scale on both sides
    fig.update_yaxes(matches="y3", row=2, col=2)  # axes are numbered row by row: (2, 1) is y3
    fig.update_yaxes(**_power_ticks(*_finite_range(sides, exact)), row=2)
    fig.update_traces(hovertemplate="10<sup>%{y:.2f}</sup>", selector=dict(yaxis="y3"))
    fig.update_traces(hovertemplate="10<sup>%{y:.2f}</sup>", selector=dict(yaxis="y4"))
    apply_style(fig, height=height)
    fig.update_layout(hovermode="x unified", legend=dict(orientation="v", y=1, yanchor="top", x=1.01,
                                                         xanchor="left"))
    fig.update_yaxes(title=text["loss"], row=1, col=1)
    fig.update_yaxes(title=text["grad_prob"], row=2, col=1)
    fig.update_yaxes(title=text["status"], row=3, col=1)
    return fig


def _finite_range(sides, exact):
    """The range of log10 |gradient| over everything drawn."""
    values = [_log_magnitude(g) for side in sides for g in
              [exact[side][1]] + [s["grad"] for s in sides[side] if s.get("grad") is not None]]
    finite = np.concatenate([v[np.isfinite(v)] for v in values])
    return (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
