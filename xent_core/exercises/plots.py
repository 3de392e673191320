"""The data of an explanation's small figure: curves or bar groups with
their legend keys, drawn by :func:`xent_core.figures.exercises.make_exercise_figure`
once the page has translated the keys."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Series:
    """One curve (or bar group) of an exercise's figure; ``name_key`` and
    ``name_params`` give its legend text."""

    name_key: str
    name_params: dict
    x: tuple
    y: tuple


@dataclass(frozen=True)
class Plot:
    """A small figure for the explanation: ``style`` "lines" (curves over x,
    with marked points) or "bars" (one bar per class and series)."""

    style: str
    x_key: str
    y_key: str
    series: tuple[Series, ...]
    points: tuple[Series, ...] = ()


def series(name_key, xs, ys, **name_params) -> Series:
    """A :class:`Series` of plain floats from any arrays ``xs`` and ``ys``."""
    return Series(name_key, name_params, tuple(float(v) for v in np.ravel(xs)),
                  tuple(float(v) for v in np.ravel(ys)))


def logit_grid(*centres) -> np.ndarray:
    """121 logits covering [-6, 6] and every centre with 2 to spare."""
    return np.linspace(min(-6.0, *(c - 2 for c in centres)), max(6.0, *(c + 2 for c in centres)), 121)


PROBABILITY_GRID = np.linspace(0.01, 0.99, 99)
