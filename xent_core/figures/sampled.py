"""Figures of sampled losses against the full softmax: the spread of the
estimate over repeated draws for each number of sampled classes, its bias
and standard deviation, and the candidate sampler's class probabilities."""
from __future__ import annotations

import numpy as np

from ..spread import box_statistics
from .style import MAX_GRID, PALETTE, base_layout, figure, hline, merge, rounded_range, wire

TEXT = {  # English defaults for notebooks; the app passes translated text
    "n": "number of sampled classes n", "estimate": "batch-mean loss (nats)",
    "estimates": "sampled estimates (their spread over the draws)", "full": "full softmax loss",
    "bias": "bias = mean − full", "std": "standard deviation", "units": "nats",
    "rank": "class rank k + 1", "probability": "P(k)",
    "log_uniform": "log-uniform", "uniform": "uniform",
}
# What a box trace takes instead of the raw values (plotly's own names).
BOX_STATISTICS = ("q1", "median", "q3", "lowerfence", "upperfence", "mean")
ESTIMATE_COLOUR, FULL_COLOUR, BIAS_COLOUR, STD_COLOUR = PALETTE[0], PALETTE[7], PALETTE[3], PALETTE[0]
SAMPLER_COLOUR = {"log_uniform": PALETTE[2], "uniform": PALETTE[1]}


def _text(text):
    return {**TEXT, **(text or {})}


def log_spaced_classes(num_classes, *, points=MAX_GRID):
    r"""Class indices ``k`` whose ranks ``k + 1`` are about evenly spaced on a log
    axis, from 0 to ``num_classes - 1``: ``unique(floor(geomspace(1, V, points))) - 1``.

    Enough to draw a curve over ``V`` classes on a log-log plot without
    sending ``V`` points. Returns int64 ``[<= points]``, sorted.

    >>> log_spaced_classes(1000, points=4)
    array([  0,   9,  99, 999])
    """
    ranks = np.floor(np.geomspace(1, num_classes, points) + 1e-9).astype(np.int64)  # + 1e-9: 999.9999 -> 1000
    return np.unique(np.clip(ranks, 1, num_classes)) - 1


def _size_ticks(sizes) -> dict:
    """One tick per number of sampled classes drawn, with thousands separated."""
    return {"tickvals": sizes, "ticktext": [f"{n:,}" for n in sizes]}


def make_estimates_figure(num_sampled, estimates, full_loss, *, text=None, height=440):
    """One box per number of sampled classes ``n`` (categories on the x axis)
    summarising the ``R`` batch-mean estimates of ``estimates`` ``[K, R]``
    (:func:`xent_core.spread.box_statistics`: quartiles, whiskers, the mean
    as a dashed line in the box, the draws outside the whiskers as points),
    and ``full_loss`` (a float) as a horizontal line."""
    text = _text(text)
    sizes = np.asarray(num_sampled, dtype=np.int32)
    box = box_statistics(estimates)
    hover = f"n = %{{x}}<br>{text['estimate']} %{{y:.4f}}<extra></extra>"
    data = [
        {"type": "box", "x": sizes, **{name: wire(box[name]) for name in BOX_STATISTICS},
         "name": text["estimates"], "marker": {"color": ESTIMATE_COLOUR, "size": 3}, "line": {"width": 1.5},
         "boxmean": True, "boxpoints": False},
        {"type": "scatter", "x": sizes[box["outlier_rows"]], "y": wire(box["outliers"]), "mode": "markers",
         "name": text["estimates"], "showlegend": False, "marker": {"color": ESTIMATE_COLOUR, "size": 3},
         "hovertemplate": hover},
        {"type": "scatter", "x": sizes, "y": wire(np.full(sizes.size, full_loss)), "mode": "lines",
         "name": text["full"], "line": {"color": FULL_COLOUR, "width": 2, "dash": "dash"},
         "hovertemplate": f"{text['full']} %{{y:.4f}}<extra></extra>"},
    ]
    layout = base_layout(x_title=text["n"], y_title=text["estimate"], height=height)
    merge(layout, {"xaxis": {"type": "category", **_size_ticks(sizes)}})
    return figure(data, layout)


def make_bias_std_figure(num_sampled, bias, std, *, text=None, height=380):
    """Bias (mean estimate minus the full loss) and standard deviation of the
    estimate against ``n`` on a log axis, with the zero line."""
    text = _text(text)
    sizes = np.asarray(num_sampled, dtype=np.int32)
    data = [{"type": "scatter", "x": sizes, "y": wire(values), "mode": "lines+markers", "name": name,
             "line": {"color": colour, "width": 2.5}, "marker": {"size": 8, "symbol": symbol},
             "hovertemplate": f"n = %{{x}}<br>{name} %{{y:.4f}}<extra></extra>"}
            for values, name, colour, symbol in ((bias, text["bias"], BIAS_COLOUR, "circle"),
                                                 (std, text["std"], STD_COLOUR, "diamond"))]
    layout = base_layout(x_title=text["n"], y_title=text["units"], height=height)
    layout["shapes"] = [hline(0, {"color": "grey", "width": 1})]
    # Ranges of their own: a step of R moves the lines in place (ui/layers.py
    # moves a figure only when each axis has one), and the y axis ends at
    # round numbers, so that a step seldom draws it again.
    ends = np.log10(sizes.min()), np.log10(sizes.max())
    margin = 0.05 * ((ends[1] - ends[0]) or 1.0)
    merge(layout, {"xaxis": {"type": "log", "range": [float(ends[0] - margin), float(ends[1] + margin)],
                             **_size_ticks(sizes)},  # only the n drawn
                   "yaxis": {"range": rounded_range(np.concatenate([np.ravel(bias), np.ravel(std)]))}})
    return figure(data, layout)


def make_sampler_figure(classes, probabilities, *, sampler, text=None, height=380):
    """The base probability ``P(k)`` of each class against its rank ``k + 1``,
    log-log. ``probabilities`` maps a sampler name to ``P`` over ``classes``
    (e.g. from :func:`log_spaced_classes`); ``sampler`` is drawn solid, the
    others dotted for comparison. A Zipfian frequency (``P ∝ 1/rank``) is a
    straight line of slope -1 here."""
    text = _text(text)
    ranks = np.asarray(classes, dtype=np.int64) + 1
    data = []
    for name, values in sorted(probabilities.items(), key=lambda item: item[0] != sampler):
        chosen = name == sampler
        data.append({
            "type": "scatter", "x": ranks.astype(np.int32), "y": wire(values), "mode": "lines", "name": text[name],
            "line": {"color": SAMPLER_COLOUR.get(name, PALETTE[4]), "width": 3 if chosen else 1.5,
                     "dash": "solid" if chosen else "dot"},
            "hovertemplate": f"{text['rank']} %{{x}}<br>{text['probability']} %{{y:.3g}}<extra></extra>"})
    layout = base_layout(x_title=text["rank"], y_title=text["probability"], height=height)
    merge(layout, {"xaxis": {"type": "log", "dtick": 1},  # one label per decade
                   "yaxis": {"type": "log", "dtick": 1, "exponentformat": "power"}})
    return figure(data, layout)
