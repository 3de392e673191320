"""The playground's bar charts: one bar per element, grouped by example.

Every array is drawn on a two-level axis (example, class), so a (2, 3)
array is six bars in two groups. Values that are not finite cannot be drawn
as bars: they get a gap and a text mark (``inf``, ``-inf``, ``NaN``) where
the bar would stand. Arrays go out as float32 (:func:`wire`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .style import Figure, PALETTE, base_layout, figure, merge, wire

MAX_EXAMPLES = 8  # examples drawn; the data table has them all
HEIGHT = 320


def _as_rows(values) -> np.ndarray:
    """Any array as (examples, classes): a scalar is one example of one
    class, a vector one example, more dimensions fold into the examples."""
    values = np.asarray(values)
    if values.ndim == 0:
        return values.reshape(1, 1)
    if values.ndim == 1:
        return values.reshape(1, -1)
    return values.reshape(-1, values.shape[-1])


def element_axis(shape, *, example_label: str, class_label: str, max_examples=MAX_EXAMPLES):
    """The two-level category axis of an array of ``shape`` (first
    ``max_examples`` examples): ``[[example 1, example 1, ...], [class 0, class 1, ...]]``."""
    rows, classes = _as_rows(np.zeros(shape)).shape
    rows = min(rows, max_examples)
    examples = [f"{example_label} {i + 1}" for i in range(rows) for _ in range(classes)]
    kinds = [f"{class_label} {k}" for _ in range(rows) for k in range(classes)]
    return [examples, kinds]


def _marks(values) -> list[str]:
    """Text shown where a bar cannot be drawn."""
    return ["" if np.isfinite(v) else ("NaN" if np.isnan(v) else ("inf" if v > 0 else "-inf"))
            for v in values]


def _bars(axis, flat, name, colour) -> dict:
    """Bars of ``flat`` (float64) along the (example, class) ``axis``, each
    value that is not finite marked by its text (drawn outside the plot area
    if need be, hence no clipping)."""
    return {"type": "bar", "x": axis, "y": wire(flat), "name": name, "marker": {"color": colour},
            "text": _marks(flat), "textposition": "outside", "cliponaxis": False}


def make_bars_figure(series: dict, *, example_label="example", class_label="class", y_title=None,
                     title=None, max_examples=MAX_EXAMPLES) -> Figure:
    """Grouped bars of arrays of one shape (per-element loss terms,
    gradients): one trace per entry of ``series`` (name -> array), bars
    along the (example, class) axis."""
    data = []
    for i, (name, values) in enumerate(series.items()):
        flat = _as_rows(values)[:max_examples].ravel().astype(np.float64)
        axis = element_axis(np.shape(values), example_label=example_label, class_label=class_label,
                            max_examples=max_examples)
        data.append(_bars(axis, flat, name, PALETTE[i % len(PALETTE)]))
    layout = base_layout(title_text=title, y_title=y_title, height=HEIGHT)
    merge(layout, {"barmode": "group", "showlegend": len(series) > 1})
    return figure(data, layout)


def make_probabilities_figure(probs, targets=None, *, model_name="model", target_name="target",
                              example_label="example", class_label="class", y_title=None, title=None,
                              max_examples=MAX_EXAMPLES) -> Figure:
    """The model's probabilities as bars, the labels as diamonds on top of
    them (same (example, class) axis), so a glance shows where they differ."""
    rows = _as_rows(probs)[:max_examples]
    axis = element_axis(np.shape(probs), example_label=example_label, class_label=class_label,
                        max_examples=max_examples)
    data = [_bars(axis, rows.ravel().astype(np.float64), model_name, PALETTE[0])]
    if targets is not None:
        data.append({"type": "scatter", "x": axis, "y": wire(_as_rows(targets)[:max_examples].ravel()),
                     "name": target_name, "mode": "markers",
                     "marker": {"symbol": "diamond", "size": 13, "color": PALETTE[1],
                                "line": {"width": 1.5, "color": "#000000"}}})
    return figure(data, base_layout(title_text=title, y_title=y_title, height=HEIGHT))


def bars_table(series: dict, *, example_label="example", class_label="class") -> pd.DataFrame:
    """Every element of the arrays in ``series`` at full precision (all
    examples, not only the ones drawn): one row per element."""
    first = _as_rows(next(iter(series.values())))
    rows, classes = first.shape
    table = {example_label: np.repeat(np.arange(1, rows + 1), classes),
             class_label: np.tile(np.arange(classes), rows)}
    for name, values in series.items():
        table[name] = _as_rows(values).ravel()
    return pd.DataFrame(table)
