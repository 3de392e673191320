"""Figures of the asymmetry page: cross-entropy is not symmetric in its two
distributions, its minimum is the entropy of the target (not 0), and targets
outside [0, 1] turn the loss into a straight line that goes negative.

Builders take numbers from :mod:`xent_core.information` and
:mod:`xent_core.curves`; the app passes translated text in ``text``.
"""
from __future__ import annotations

import numpy as np

from .style import (JUMP, PALETTE, SEQUENTIAL, SNAP, base_layout, cell, colorscale, figure, hline, hrect, layered,
                    merge, plain, rounded_up, subplot_layout, update_axes, vrect, wire)

TEXT = {  # English defaults for notebooks; the app passes translated text
    "target": "target p", "output": "output q", "ce": "CE(p, q)", "swap": "CE(p, q) − CE(q, p)",
    "pair": "(p, q)", "swapped": "(q, p)", "entropy": "entropy H(p)", "kl": "KL(p‖q)",
    "nats": "nats", "infinite": "∞", "loss": "loss", "floor": "floor H(p) = {value:.4f}",
    "half": "q = 0.5: log 2 = {value:.4f} for every p", "other_targets": "other targets p",
    "current": "q = ", "kl_gap": "KL(p‖q)", "target_axis": "target y", "valid": "targets in [0, 1]",
    "negative": "negative loss", "sweep": "loss for output q = {output:g}",
}
# A diverging, colour-blind-safe scale for signed differences (purple / orange).
DIVERGING = "PuOr"
ENTROPY_COLOUR, KL_COLOUR, CURRENT_COLOUR = PALETTE[0], PALETTE[1], PALETTE[3]


def _text(text):
    return {**TEXT, **(text or {})}


def _colorbar_under(domain, title):
    """A horizontal colour bar under the map whose x domain is ``domain``:
    beside it, it would sit on the next map's axis on a narrow screen."""
    return {"orientation": "h", "x": (domain[0] + domain[1]) / 2, "xanchor": "center",
            "len": domain[1] - domain[0], "y": -0.24, "yanchor": "top", "thickness": 12,
            "title": {"text": title, "side": "top"}}


def make_bernoulli_maps_base(grid, ce, swap, *, text=None, height=460):
    """Two heatmaps over (output q, target p): :math:`CE(p, q)` and the
    asymmetry :math:`CE(p, q) - CE(q, p)`; :func:`mark_pair` marks a pair on both.

    Args: ``grid`` (n,) values of p and q; ``ce`` and ``swap`` (n, n) with
    rows following p and columns following q (:func:`xent_core.curves.bernoulli_grid`).
    """
    text = _text(text)
    limit = float(np.nanmax(np.abs(swap)))
    axis = wire(grid)
    layout = merge(subplot_layout(1, 2, horizontal_spacing=0.14, titles=[text["ce"], text["swap"]]),
                   base_layout(height=height, axes=()))
    data = [
        {"type": "heatmap", "x": axis, "y": axis, "z": wire(ce), "colorscale": colorscale(SEQUENTIAL),
         "colorbar": _colorbar_under(layout["xaxis"]["domain"], text["nats"]),
         "hovertemplate": "q=%{x:.3f}<br>p=%{y:.3f}<br>CE=%{z:.4f}<extra></extra>", **cell(1, 1, 2)},
        {"type": "heatmap", "x": axis, "y": axis, "z": wire(swap), "colorscale": colorscale(DIVERGING), "zmid": 0,
         "zmin": -limit, "zmax": limit,
         "colorbar": _colorbar_under(layout["xaxis2"]["domain"], text["nats"]),
         "hovertemplate": "q=%{x:.3f}<br>p=%{y:.3f}<br>Δ=%{z:.4f}<extra></extra>", **cell(1, 2, 2)},
    ]
    update_axes(layout, "x", title={"text": text["output"]}, range=[0, 1])
    update_axes(layout, "y", range=[0, 1])
    # one title for the shared y axis: the second map's would sit on the first map
    merge(layout, {"margin": {"t": 40, "b": 10}, "yaxis": {"title": {"text": text["target"]}}})
    return figure(data, layout)


def mark_pair(base, *, p, q, text=None):
    """The pair (p, q) (filled) and its swap (open) on both maps of
    :func:`make_bernoulli_maps_base`."""
    text = _text(text)
    data = []
    for col in (1, 2):
        data.append({"type": "scatter", "x": [q], "y": [p], "mode": "markers", "name": text["pair"],
                     "legendgroup": "pair", "showlegend": col == 1,
                     "marker": {"size": 14, "color": CURRENT_COLOUR, "line": {"width": 2, "color": "white"}},
                     **cell(1, col, 2)})
        data.append({"type": "scatter", "x": [p], "y": [q], "mode": "markers", "name": text["swapped"],
                     "legendgroup": "swap", "showlegend": col == 1,
                     "marker": {"size": 14, "color": "rgba(0,0,0,0)", "line": {"width": 3, "color": CURRENT_COLOUR}},
                     **cell(1, col, 2)})
    return layered(base, data)


def make_bernoulli_maps_figure(grid, ce, swap, *, p, q, text=None, height=460):
    """Both Bernoulli maps (:func:`make_bernoulli_maps_base`) with the pair
    (p, q) and its swap marked (:func:`mark_pair`)."""
    return mark_pair(make_bernoulli_maps_base(grid, ce, swap, text=text, height=height), p=p, q=q, text=text)


def make_decomposition_figure(bars, *, text=None, height=None):
    """Stacked horizontal bars :math:`CE = H(p) + KL(p\\|q)`, one per direction.

    Args: ``bars`` a list of dicts ``{"label", "entropy", "kl"}`` (floats; an
    infinite KL is drawn as a hatched stub marked ∞). Both must be numbers:
    NaN (not probabilities) is refused.
    """
    if any(np.isnan(b["entropy"]) or np.isnan(b["kl"]) for b in bars):
        raise ValueError("entropy and KL divergence are NaN: the inputs are not probabilities")
    text = _text(text)
    labels = [b["label"] for b in bars]
    entropy = np.array([b["entropy"] for b in bars], dtype=np.float64)
    kl = np.array([b["kl"] for b in bars], dtype=np.float64)
    finite_total = np.where(np.isfinite(kl), entropy + kl, np.nan)
    stub = max(np.nanmax(finite_total, initial=0.0), 1.0) * 0.25  # length drawn for an infinite KL
    infinite = np.isinf(kl)
    totals = [f"= {text['infinite']}" if i else f"= {t:.4f}" for i, t in zip(infinite, finite_total)]
    ends = np.where(infinite, entropy + stub, finite_total)
    data = [
        {"type": "bar", "y": labels, "x": wire(entropy), "orientation": "h", "name": text["entropy"],
         "marker": {"color": ENTROPY_COLOUR}, "texttemplate": "%{x:.4f}", "textposition": "inside"},
        {"type": "bar", "y": labels, "x": wire(np.where(infinite, stub, kl)), "orientation": "h", "name": text["kl"],
         "marker": {"color": KL_COLOUR, "pattern": {"shape": ["/" if i else "" for i in infinite]}},
         "text": ["" if i else f"{k:.4f}" for i, k in zip(infinite, kl)], "textposition": "inside"},
        {"type": "scatter", "y": labels, "x": wire(ends), "mode": "text", "text": totals,
         "textposition": "middle right", "showlegend": False, "hoverinfo": "skip", "textfont": {"size": 15}},
    ]
    layout = base_layout(x_title=text["nats"], height=height or 120 + 60 * len(bars))
    merge(layout, {"barmode": "stack", "legend": {"traceorder": "normal"},
                   # room for the totals' text; rounded up, so that a step of p or q rarely changes it
                   "xaxis": {"range": [0, rounded_up(float(np.nanmax(ends)) * 1.25 + 0.05)]},
                   # the first bar on top: the categories' range reversed (given, so that a step moves the bars)
                   "yaxis": {"range": [len(bars) - 0.5, -0.5]}})
    return figure(data, layout)


def make_floor_base(q_grid, other_curves=(), *, half_value, text=None, marker_steps=51, height=460):
    """Faint curves :math:`CE(p', q)` over the output q for several targets
    p', all crossing at (0.5, log 2): what stays while the target p and the
    output q move (:func:`add_target`).

    Args: ``q_grid`` (N,); ``other_curves`` pairs (p', CE(p', q_grid));
    ``half_value`` = CE(·, 0.5) = log 2; ``marker_steps``: the steps of the
    slider that moves the output (one frame each, made by :func:`add_target`).
    """
    text = _text(text)
    q_wire = wire(q_grid)
    data = [{"type": "scatter", "x": q_wire, "y": wire(curve), "mode": "lines", "name": text["other_targets"],
             "legendgroup": "others", "showlegend": i == 0, "hoverinfo": "skip",
             "line": {"color": "rgba(120,120,120,0.45)", "width": 1.5}}
            for i, (_, curve) in enumerate(other_curves)]
    data.append({"type": "scatter", "x": [0.5], "y": [half_value], "mode": "markers", "showlegend": False,
                 "hoverinfo": "skip", "marker": {"size": 11, "color": PALETTE[7]}})
    layout = base_layout(x_title=text["output"], y_title=text["loss"], height=height)
    layout["annotations"] = [_half_label(half_value, text)]
    layout["sliders"] = [_output_slider(q_grid, marker_steps, text)]
    merge(layout, {"yaxis": {"range": [0, 4.0]}, "xaxis": {"range": [0, 1]}})
    return figure(data, layout)


def _half_label(half_value, text):
    # straight above the point: centred, the label fits a phone's width
    return {"x": 0.5, "y": half_value, "text": text["half"].format(value=half_value), "showarrow": True,
            "arrowhead": 2, "ax": 0, "ay": -110, "bgcolor": "rgba(255,255,255,0.8)"}


def add_target(base, q_grid, ce_curve, *, p, entropy, start_q=0.5, text=None):
    """Over :func:`make_floor_base`: :math:`CE(p, q)` for the target p, its
    floor :math:`H(p)` (reached at q = p), and a marker on the curve with the
    gap KL(p‖q) above the floor, which the base's slider moves along the
    curve in the browser (a frame per step, no round trip).

    Args: ``ce_curve`` (N,) = CE(p, q_grid); ``entropy`` H(p); ``start_q``
    where the marker starts (the nearest of the slider's steps).
    """
    text = _text(text)
    q_grid = np.asarray(q_grid, dtype=np.float64)
    ce_curve = np.asarray(ce_curve, dtype=np.float64)
    # The floor and its label are traces, not layout shapes and annotations:
    # a new target then only moves traces, which the browser does in place.
    data = [
        {"type": "scatter", "x": wire(q_grid), "y": wire(ce_curve), "mode": "lines", "name": text["ce"],
         "hovertemplate": f"CE({p:g}, %{{x:.3f}}) = %{{y:.4f}}<extra></extra>",
         "line": {"color": PALETTE[0], "width": 3.5}},
        {"type": "scatter", "x": [0.0, 1.0], "y": [entropy, entropy], "mode": "lines", "showlegend": False,
         "hoverinfo": "skip", "line": {"color": PALETTE[2], "dash": "dash", "width": 2}},
        {"type": "scatter", "x": [0.0], "y": [entropy], "mode": "text", "text": [text["floor"].format(value=entropy)],
         "textposition": "top right", "showlegend": False, "hoverinfo": "skip"},
        {"type": "scatter", "x": [p], "y": [entropy], "mode": "markers", "showlegend": False, "hoverinfo": "skip",
         "marker": {"size": 12, "color": PALETTE[2], "symbol": "diamond"}},
    ]
    layout, frames = _add_output_slider(data, base, q_grid, ce_curve, entropy, start_q, text,
                                        first=len(base.spec["data"]) + len(data))
    return layered(base, data, layout, frames)


def make_floor_figure(q_grid, ce_curve, *, p, entropy, other_curves=(), half_value, start_q=0.5,
                      text=None, marker_steps=51, height=460):
    """Cross-entropy :math:`CE(p, q)` over the output q for the target p, with
    its floor, the other targets' curves (:func:`make_floor_base`) and the
    output marker with its slider (:func:`add_target`)."""
    base = make_floor_base(q_grid, other_curves, half_value=half_value, text=text, marker_steps=marker_steps,
                           height=height)
    return add_target(base, q_grid, ce_curve, p=p, entropy=entropy, start_q=start_q, text=text)


def _output_indices(q_grid, steps):
    return np.unique(np.linspace(0, len(q_grid) - 1, steps).round().astype(int))


def _output_slider(q_grid, steps, text):
    """A slider whose steps play the frames of :func:`add_target`, named by
    the output q they show: the same for every target p."""
    names = [f"{q_grid[i]:.2f}" for i in _output_indices(q_grid, steps)]
    return {"active": 0, "pad": {"t": 50}, "currentvalue": {"prefix": text["current"]}, "transition": SNAP,
            "steps": [{"method": "animate", "label": name, "args": [[name], JUMP]} for name in names]}


def _add_output_slider(data, base, q_grid, ce_curve, entropy, start_q, text, *, first):
    """A marker on the curve and the KL gap below it (traces ``first`` and
    ``first + 1`` of the figure, appended to ``data``); returns the layout
    (the base's slider, at the step nearest ``start_q``) and one frame per step."""
    slider = base.spec["layout"]["sliders"][0]
    names = [step["label"] for step in slider["steps"]]
    indices = _output_indices(q_grid, len(names))
    start = int(np.abs(q_grid[indices] - start_q).argmin())
    (floor,) = plain([entropy])

    def traces_at(index):
        q, ce = plain([q_grid[index], ce_curve[index]])
        return [{"x": [q], "y": [ce]}, {"x": [q, q], "y": [floor, ce]}]
    initial = traces_at(indices[start])
    data.append({"type": "scatter", **initial[0], "mode": "markers", "showlegend": False,
                 "marker": {"size": 13, "color": CURRENT_COLOUR, "line": {"width": 2, "color": "white"}}})
    data.append({"type": "scatter", **initial[1], "mode": "lines", "name": text["kl_gap"],
                 "line": {"color": KL_COLOUR, "width": 5}})
    frames = [{"name": name, "traces": [first, first + 1], "data": traces_at(i)} for name, i in zip(names, indices)]
    return {"sliders": [{**slider, "active": start}]}, frames  # the base's steps, shared (read-only)


def make_target_sweep_figure(targets, loss, *, output, marks=(), text=None, height=420):
    """The loss for one output q against the target y from -2 to 3: a
    straight line, since the loss is linear in the target; the valid targets
    [0, 1] are shaded and the negative losses marked.

    Args: ``targets`` and ``loss`` (N,); ``marks`` pairs (y, loss) to label.
    """
    text = _text(text)
    bottom = float(min(np.nanmin(loss), 0)) - 0.5
    data = [{"type": "scatter", "x": wire(targets), "y": wire(loss), "mode": "lines",
             "name": text["sweep"].format(output=output), "line": {"color": PALETTE[0], "width": 3}}]
    if marks:
        ys, values = zip(*marks)
        data.append({"type": "scatter", "x": list(ys), "y": list(values), "mode": "markers+text",
                     "showlegend": False, "text": [f"{v:.8g}" for v in values], "textposition": "top center",
                     "marker": {"size": 11, "color": CURRENT_COLOUR}})
    layout = base_layout(x_title=text["target_axis"], y_title=text["loss"], height=height)
    layout["shapes"] = [
        vrect(0, 1, fillcolor=PALETTE[2], opacity=0.12, line={"width": 0}),
        hrect(bottom, 0, fillcolor=PALETTE[3], opacity=0.08, line={"width": 0}),
        hline(0, {"color": "rgba(0,0,0,0.4)", "width": 1}),
    ]
    layout["annotations"] = [
        {"showarrow": False, "text": text["valid"], "x": 0, "xanchor": "left", "xref": "x", "y": 1,
         "yanchor": "top", "yref": "y domain"},
        {"showarrow": False, "text": text["negative"], "x": 1, "xanchor": "right", "xref": "x domain",
         "y": bottom, "yanchor": "bottom", "yref": "y"},
    ]
    return figure(data, layout)
