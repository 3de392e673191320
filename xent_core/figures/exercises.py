"""The small figure under an exercise's explanation: loss curves with the
exercise's case marked, or one bar per class (softmax probability, label,
gradient).

A *series* is ``(name, x, y)`` with plain sequences, as
:class:`xent_core.exercises.Plot` holds them once its legend keys are
translated; ``points`` are series drawn as markers.
"""
from __future__ import annotations

import plotly.graph_objects as go

from .style import PALETTE, apply_style, wire

LINES, BARS = "lines", "bars"
HEIGHT = 340  # beside the explanation: small enough to keep the text in view
POINT_COLOURS = (PALETTE[3], PALETTE[4])  # vermillion and purple stand out from the curves


def make_exercise_figure(style, series, points=(), *, x_title, y_title) -> go.Figure:
    """Curves (``style="lines"``) or grouped bars (``style="bars"``, x = class
    indices) for ``series``; ``points`` are marked on top of the curves."""
    if style not in (LINES, BARS):
        raise ValueError(f"style must be {LINES!r} or {BARS!r}, got {style!r}")
    fig = go.Figure()
    for i, (name, x, y) in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        if style == BARS:
            fig.add_trace(go.Bar(x=[str(int(c)) for c in x], y=wire(y), name=name, marker_color=colour))
        else:
            fig.add_trace(go.Scatter(x=wire(x), y=wire(y), mode="lines", name=name, line=dict(color=colour, width=3)))
    for i, (name, x, y) in enumerate(points):
        fig.add_trace(go.Scatter(x=wire(x), y=wire(y), mode="markers", name=name,
                                 marker=dict(size=14, symbol="diamond", color=POINT_COLOURS[i % 2],
                                             line=dict(width=1.5, color="white"))))
    apply_style(fig, x_title=x_title, y_title=y_title, height=HEIGHT)
    if style == BARS:
        fig.update_layout(barmode="group")
        fig.add_hline(y=0, line_width=1, line_color="rgba(120,120,120,0.6)")
    return fig
