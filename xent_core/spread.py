"""How repeated estimates spread: the numbers a box plot draws.

A figure that hands plotly the raw repeats makes the browser sort them for
the quartiles; these are computed here once, so a figure sends six numbers
a box and the few points outside its whiskers.
"""
from __future__ import annotations

import numpy as np


def box_statistics(values, *, whisker=1.5) -> dict:
    r"""Tukey's box plot of each row of ``values`` ``[K, R]``.

    - ``q1``, ``median``, ``q3``: numpy's percentiles 25, 50 and 75
      (linear interpolation between order statistics, type 7 of Hyndman
      and Fan);
    - ``lowerfence``, ``upperfence``: the most extreme values within
      ``whisker`` interquartile ranges of the box,
      :math:`[q_1 - w\,\mathrm{IQR},\ q_3 + w\,\mathrm{IQR}]`;
    - ``mean``: the mean of the row;
    - ``outlier_rows``, ``outliers``: the values outside the fences and the
      row each comes from.

    Each statistic is float64 ``[K]``; NaN values are left out.
    """
    values = np.atleast_2d(np.asarray(values, dtype=np.float64))
    q1, median, q3 = np.nanpercentile(values, [25, 50, 75], axis=1)
    reach = whisker * (q3 - q1)
    low, high = (q1 - reach)[:, None], (q3 + reach)[:, None]
    inside = (values >= low) & (values <= high)
    outside = ~inside & ~np.isnan(values)
    rows, columns = np.nonzero(outside)
    return {"q1": q1, "median": median, "q3": q3,
            "lowerfence": np.where(inside, values, np.inf).min(axis=1),
            "upperfence": np.where(inside, values, -np.inf).max(axis=1),
            "mean": np.nanmean(values, axis=1), "outlier_rows": rows, "outliers": values[rows, columns]}
