"""The small figure under an exercise's explanation: loss curves with the
exercise's case marked, or one bar per class (softmax probability, label,
gradient).

A *series* is ``(name, x, y)`` with plain sequences, as
:class:`xent_core.exercises.plots.Plot` holds them once its legend keys are
translated; ``points`` are series drawn as markers.
"""
from __future__ import annotations


from .style import Figure, PALETTE, base_layout, figure, hline, merge, wire

LINES, BARS = "lines", "bars"
HEIGHT = 340  # beside the explanation: small enough to keep the text in view
POINT_COLOURS = (PALETTE[3], PALETTE[4])  # vermillion and purple stand out from the curves


def _series_trace(style, name, x, y, colour) -> dict:
    """One series as a curve, or as bars over the class indices ``x``."""
    if style == BARS:
        return {"type": "bar", "x": [str(int(c)) for c in x], "y": wire(y), "name": name, "marker": {"color": colour}}
    return {"type": "scatter", "x": wire(x), "y": wire(y), "mode": "lines", "name": name,
            "line": {"color": colour, "width": 3}}


def make_exercise_figure(style, series, points=(), *, x_title, y_title) -> Figure:
    """Curves (``style="lines"``) or grouped bars (``style="bars"``, x = class
    indices) for ``series``; ``points`` are marked on top of the curves."""
    if style not in (LINES, BARS):
        raise ValueError(f"style must be {LINES!r} or {BARS!r}, got {style!r}")
    data = [_series_trace(style, name, x, y, PALETTE[i % len(PALETTE)]) for i, (name, x, y) in enumerate(series)]
    data += [{"type": "scatter", "x": wire(x), "y": wire(y), "mode": "markers", "name": name,
              "marker": {"size": 14, "symbol": "diamond", "color": POINT_COLOURS[i % 2],
                         "line": {"width": 1.5, "color": "white"}}}
             for i, (name, x, y) in enumerate(points)]
    layout = base_layout(x_title=x_title, y_title=y_title, height=HEIGHT)
    if style == BARS:  # gradient bars go below zero too: the zero line shows their sign
        merge(layout, {"barmode": "group", "shapes": [hline(0, {"width": 1, "color": "rgba(120,120,120,0.6)"})]})
    return figure(data, layout)
