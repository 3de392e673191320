"""scikit-learn's ``log_loss`` in plain numpy: the current version (clipped
with the probabilities' own eps) and 1.4 (clipped, then rows renormalised,
in float64)."""
from __future__ import annotations

import numpy as np

from ..frameworks.registry import Entry

# one probability per sample is P(class 1): scikit-learn adds the column of class 0
BOTH_COLUMNS = "p = np.concatenate([1 - p, p], axis=1) if p.shape[1] == 1 else p  # P(class 1) -> both columns"


def _class_list(kwargs: dict) -> str:
    """Where the classes come from: the ``labels`` list when given, else the labels seen."""
    return "labels" if kwargs.get("labels") is not None else "y_true"


def _reduction_lines(s: dict, kwargs: dict, *, as_float: bool) -> list[str]:
    """The (weighted) mean with ``normalize``, else the (weighted) sum."""
    weights = "sample_weight" if kwargs.get("sample_weight") is not None else "None"
    if s.get("normalize", True):
        total = f"np.average(loss, weights={weights})"
    else:
        total = "np.dot(loss, sample_weight)" if weights != "None" else "np.sum(loss)"
    return [f"loss = float({total})" if as_float else f"loss = {total}"]


def sklearn_lines(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    """``log_loss``: one-hot of the sorted classes, probabilities clipped to
    [eps, 1 - eps] with eps of their dtype, then a (weighted) mean or sum."""
    probs = "y_proba" if kwargs.get("y_proba") is not None else "y_pred"
    lines = [f"p = {probs}.reshape(len({probs}), -1)", BOTH_COLUMNS]
    if np.ndim(kwargs.get("y_true")) == 2:
        lines.append("one_hot = y_true  # already one column per class")
    else:
        lines.append(f"one_hot = (y_true[:, None] == np.unique({_class_list(kwargs)})[None, :]).astype(p.dtype)")
    lines += ["eps = np.finfo(p.dtype).eps", "p = np.clip(p, eps, 1 - eps)",
              "loss = -(one_hot * np.log(p)).sum(axis=1)"]
    return lines + _reduction_lines(s, kwargs, as_float=True)


def sklearn_1_4_lines(entry: Entry, s: dict, kwargs: dict) -> list[str] | None:
    """scikit-learn 1.4: clipped to [eps, 1 - eps] first, then each row
    renormalised to sum to 1; the losses in float64."""
    eps = s.get("eps", "auto")
    if isinstance(eps, str) and eps != "auto":
        return None  # scikit-learn refuses any other text
    eps = "np.finfo(y_pred.dtype).eps" if eps == "auto" else repr(float(eps))
    lines = [f"p = np.clip(y_pred, {eps}, 1 - {eps}).reshape(len(y_pred), -1)", BOTH_COLUMNS,
             f"one_hot = (y_true[:, None] == np.unique({_class_list(kwargs)})[None, :]).astype(np.float64)",
             "p = p / p.sum(axis=1, keepdims=True)  # rows renormalised",
             "loss = -(one_hot * np.log(p.astype(np.float64))).sum(axis=1)"]
    return lines + _reduction_lines(s, kwargs, as_float=False)
