"""The call's keyword arguments from the controls' values, and a table
editor's changes put back into an array."""
from __future__ import annotations

import numpy as np

from ..frameworks import get
from ..frameworks.registry import FLOAT_OR_INDEX
from .roles import LABEL_ROLES, MASK_ARGS, label_argument, scores_argument


def _as_index_if_fits(array, scores, *, whole_only=False):
    """``FLOAT_OR_INDEX`` (PyTorch's ``cross_entropy`` target): a whole-number
    array one dimension short of the scores is class indices; anything else
    is probabilities. ``whole_only``: any whole-number array is class labels
    (scikit-learn's ``y_true``)."""
    array = np.asarray(array)
    whole = array.size and np.all(np.isfinite(array)) and np.all(array == np.round(array))
    fits = whole_only or (scores is not None and array.ndim == np.ndim(scores) - 1)
    return array.astype(np.int64) if whole and fits else array


def _number_or_text(text: str):
    """A text setting that may hold a number (scikit-learn 1.4's ``eps``:
    ``auto`` or ``1e-15``)."""
    try:
        return float(text)
    except ValueError:
        return text


def build_kwargs(name: str, values: dict) -> dict:
    """The call's keyword arguments from the controls' values.

    ``values`` maps argument names to parsed arrays (None for an empty
    optional array) and settings. Class-index-or-probability arrays become
    int64 when they are indices; an optional array typed as one number (a
    weight of ``3``) becomes a scalar, as a framework's Python float would be.
    """
    entry = get(name)
    roles = {label_argument(entry), scores_argument(entry)}
    scores = values.get(scores_argument(entry))
    out = {}
    for arg, value in values.items():
        if arg not in entry.params:
            continue
        kind = entry.arrays.get(arg)
        if arg in MASK_ARGS and value is not None:
            value = np.asarray(value) != 0
        elif kind is None and arg in LABEL_ROLES and value is not None:
            value = _as_index_if_fits(value, None, whole_only=True)
        elif kind == FLOAT_OR_INDEX and value is not None:
            value = _as_index_if_fits(value, scores)
        elif kind is not None and value is not None and arg not in roles and np.size(value) == 1:
            value = np.asarray(value).reshape(())
        elif isinstance(value, str) and kind is None:
            value = _number_or_text(value)
        out[arg] = value
    return out


def apply_table_edits(array, edits: dict) -> np.ndarray:
    """``array`` with a table editor's changes (``{row: {column: value}}``,
    Streamlit's ``edited_rows``) put in; a scalar or a vector is one row.
    Class indices stay integers.

    >>> apply_table_edits(np.array([[0.5, 0.5]]), {0: {1: 0.25}}).tolist()
    [[0.5, 0.25]]
    """
    array = np.asarray(array)
    table = np.array(array, dtype=np.float64).reshape(-1, array.shape[-1] if array.ndim else 1)
    for row, changes in edits.items():
        for column, value in changes.items():
            if value is not None:
                table[int(row), int(column)] = value
    out = table.reshape(array.shape)
    return out.astype(array.dtype) if array.dtype.kind in "iu" else out
