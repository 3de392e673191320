"""Figures comparing the sigmoid and softmax families on the same logits:
per-class probabilities, per-class loss terms, and the two-class equivalence
softmax(c, c + d) = sigmoid(d)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .style import PALETTE, apply_style, wire

TEXT = {  # English defaults for notebooks; the app passes translated text
    "class": "class {k}", "probability": "probability", "term": "loss term",
    "sigmoid": "sigmoid σ(x_k), sum {total:.3f}", "softmax": "softmax(x)_k, sum {total:.3f}",
    "label": "label y_k",
    "terms": {"softmax": "softmax CE: −y_k log q_k, sum {total:.4f}",
              "binary_on_softmax": "binary formula on softmax q, sum {total:.4f}",
              "sigmoid": "sigmoid CE per class, sum {total:.4f}"},
    "difference": "logit difference d = x₂ − x₁", "loss": "loss",
    "softmax_p": "softmax(x₁, x₂)₂", "sigmoid_p": "σ(d)",
    "softmax_ce": "softmax CE, label (0, 1)", "sigmoid_ce": "sigmoid CE, label 1",
    "panel_p": "probability of class 2", "panel_ce": "loss",
}
FAMILY_COLOURS = {"sigmoid": PALETTE[0], "softmax": PALETTE[1]}
TERM_COLOURS = {"softmax": PALETTE[1], "binary_on_softmax": PALETTE[3], "sigmoid": PALETTE[0]}


def _text(text):
    return {**TEXT, **(text or {})}


def _class_names(text, count):
    return [text["class"].format(k=k) for k in range(count)]


def make_probability_bars_figure(probs, labels, *, text=None, height=380):
    """Grouped bars of each class's probability under both families (``probs``:
    family -> (K,)), with the label as a tick on each class. The legend gives
    each family's sum: 1 for softmax, anything from 0 to K for sigmoid."""
    text = _text(text)
    labels = np.asarray(labels)
    names = _class_names(text, labels.size)
    fig = go.Figure()
    for family in ("sigmoid", "softmax"):
        values = np.asarray(probs[family])
        fig.add_trace(go.Bar(x=names, y=wire(values), name=text[family].format(total=float(values.sum())),
                             marker_color=FAMILY_COLOURS[family],
                             hovertemplate="%{x}: %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=names, y=wire(labels), mode="markers", name=text["label"],
                             marker=dict(symbol="line-ew-open", size=44, color=PALETTE[3],
                                         line=dict(width=4, color=PALETTE[3])),
                             hovertemplate="%{x}: y = %{y:.4f}<extra></extra>"))
    apply_style(fig, y_title=text["probability"], height=height)
    fig.update_layout(barmode="group", bargap=0.25)
    return fig


def make_terms_figure(terms, *, text=None, height=380):
    """Grouped bars of every class's loss term under each formula
    (``terms``: name -> (K,) from :func:`xent_core.families.per_class_terms`)."""
    text = _text(text)
    count = np.asarray(next(iter(terms.values()))).size
    names = _class_names(text, count)
    fig = go.Figure()
    for key, values in terms.items():
        values = np.asarray(values)
        fig.add_trace(go.Bar(x=names, y=wire(values),
                             name=text["terms"][key].format(total=float(values.sum())),
                             marker_color=TERM_COLOURS.get(key),
                             hovertemplate="%{x}: %{y:.5f}<extra></extra>"))
    apply_style(fig, y_title=text["term"], height=height)
    fig.update_layout(barmode="group", bargap=0.25, legend=dict(orientation="v", y=1.0, yanchor="bottom"))
    fig.update_layout(margin=dict(t=110))
    return fig


def make_two_class_figure(differences, curves, *, marker=None, text=None, height=360):
    """Two panels against the logit difference ``d``: the softmax probability of
    the second of two classes over :math:`\\sigma(d)`, and the two losses.
    The curves lie on top of each other (the sigmoid ones dashed).
    ``curves`` comes from :func:`xent_core.families.two_class_equivalence`;
    ``marker`` is a difference to mark with a vertical line."""
    text = _text(text)
    d = wire(differences)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1)
    for col, (soft, sig) in enumerate((("softmax_p", "sigmoid_p"), ("softmax_ce", "sigmoid_ce")), start=1):
        fig.add_trace(go.Scatter(x=d, y=wire(curves[soft]), name=text[soft], mode="lines",
                                 line=dict(color=PALETTE[1], width=7), opacity=0.55), row=1, col=col)
        fig.add_trace(go.Scatter(x=d, y=wire(curves[sig]), name=text[sig], mode="lines",
                                 line=dict(color=PALETTE[0], width=2.5, dash="dash")), row=1, col=col)
    if marker is not None:
        fig.add_vline(x=float(marker), line=dict(color=PALETTE[3], width=1.5, dash="dot"))
    apply_style(fig, height=height)
    fig.update_xaxes(title=text["difference"])
    fig.update_yaxes(title=text["panel_p"], row=1, col=1)
    fig.update_yaxes(title=text["panel_ce"], row=1, col=2)
    return fig
