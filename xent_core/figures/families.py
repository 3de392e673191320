"""Figures comparing the sigmoid and softmax families on the same logits:
per-class probabilities, per-class loss terms, and the two-class equivalence
softmax(c, c + d) = sigmoid(d)."""
from __future__ import annotations

import numpy as np

from .style import PALETTE, base_layout, cell, figure, layered, merge, subplot_layout, vline, wire

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


def _class_bars(names, values, name, colour, hovertemplate):
    """One bar per class: ``values`` (K,) over the class ``names``."""
    return {"type": "bar", "x": names, "y": wire(values), "name": name, "marker": {"color": colour},
            "hovertemplate": hovertemplate}


def make_probability_bars_figure(probs, labels, *, text=None, height=380):
    """Grouped bars of each class's probability under both families (``probs``:
    family -> (K,)), with the label as a tick on each class. The legend gives
    each family's sum: 1 for softmax, anything from 0 to K for sigmoid."""
    text = _text(text)
    labels = np.asarray(labels)
    names = _class_names(text, labels.size)
    data = []
    for family in ("sigmoid", "softmax"):
        values = np.asarray(probs[family])
        data.append(_class_bars(names, values, text[family].format(total=float(values.sum())),
                                FAMILY_COLOURS[family], "%{x}: %{y:.4f}<extra></extra>"))
    data.append({"type": "scatter", "x": names, "y": wire(labels), "mode": "markers", "name": text["label"],
                 "marker": {"symbol": "line-ew-open", "size": 44, "color": PALETTE[3],
                            "line": {"width": 4, "color": PALETTE[3]}},
                 "hovertemplate": "%{x}: y = %{y:.4f}<extra></extra>"})
    layout = base_layout(y_title=text["probability"], height=height)
    merge(layout, {"barmode": "group", "bargap": 0.25})
    return figure(data, layout)


def make_terms_figure(terms, *, text=None, height=380):
    """Grouped bars of every class's loss term under each formula
    (``terms``: name -> (K,) from :func:`xent_core.families.per_class_terms`)."""
    text = _text(text)
    count = np.asarray(next(iter(terms.values()))).size
    names = _class_names(text, count)
    data = []
    for key, values in terms.items():
        values = np.asarray(values)
        data.append(_class_bars(names, values, text["terms"][key].format(total=float(values.sum())),
                                TERM_COLOURS.get(key), "%{x}: %{y:.5f}<extra></extra>"))
    layout = base_layout(y_title=text["term"], height=height)
    # A vertical legend above the plot: the three names are long.
    merge(layout, {"barmode": "group", "bargap": 0.25, "legend": {"orientation": "v"}})
    return figure(data, layout)


def make_two_class_base(differences, curves, *, text=None, height=360):
    """Two panels against the logit difference ``d``: the softmax probability of
    the second of two classes over :math:`\\sigma(d)`, and the two losses.
    The curves lie on top of each other (the sigmoid ones dashed).
    ``curves`` comes from :func:`xent_core.families.two_class_equivalence`;
    :func:`mark_difference` marks a difference over it."""
    text = _text(text)
    d = wire(differences)
    layout = merge(subplot_layout(1, 2, horizontal_spacing=0.14), base_layout(height=height, axes=()))
    # One title under both panels: a title per panel runs into the next one
    # on a narrow screen.
    merge(layout, {"margin": {"b": 50}, "annotations": [
        {"text": text["difference"], "xref": "paper", "yref": "paper", "x": 0.5, "y": 0, "xanchor": "center",
         "yanchor": "top", "yshift": -26, "showarrow": False}]})
    data = []
    panels = (("softmax_p", "sigmoid_p", "panel_p"), ("softmax_ce", "sigmoid_ce", "panel_ce"))
    for col, (soft, sig, panel) in enumerate(panels, start=1):
        axes = cell(1, col, 2)
        data.append({"type": "scatter", "x": d, "y": wire(curves[soft]), "name": text[soft], "mode": "lines",
                     "line": {"color": PALETTE[1], "width": 7}, "opacity": 0.55, **axes})
        data.append({"type": "scatter", "x": d, "y": wire(curves[sig]), "name": text[sig], "mode": "lines",
                     "line": {"color": PALETTE[0], "width": 2.5, "dash": "dash"}, **axes})
        layout["yaxis" + axes["yaxis"][1:]]["title"] = {"text": text[panel]}  # "y2" is yaxis2
    return figure(data, layout)


def mark_difference(base, marker):
    """A vertical line at the difference ``marker`` on both panels of
    :func:`make_two_class_base`."""
    shapes = [vline(float(marker), {"color": PALETTE[3], "width": 1.5, "dash": "dot"}, xref=axes["xaxis"],
                    yref=axes["yaxis"]) for axes in (cell(1, 1, 2), cell(1, 2, 2))]
    return layered(base, [], {"shapes": shapes})


def make_two_class_figure(differences, curves, *, marker=None, text=None, height=360):
    """The two panels of :func:`make_two_class_base`, with the difference
    ``marker`` marked by a vertical line (:func:`mark_difference`) if given."""
    base = make_two_class_base(differences, curves, text=text, height=height)
    return base if marker is None else mark_difference(base, marker)