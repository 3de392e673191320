"""Numbers as the framework prints them: the shortest text that gives back
the same number in its dtype, and whole arrays as numpy prints them."""
from __future__ import annotations

import numpy as np


def format_number(value) -> str:
    """The shortest text that gives back the same number in its dtype (what
    ``print`` shows for a numpy, TensorFlow or PyTorch scalar): ``8.01512`` in
    float32, ``8.059047875610752`` in float64, ``1e-07`` for tiny values."""
    value = np.asarray(value)
    if value.dtype.kind == "f":
        return str(value.dtype.type(value.item()))
    return str(value.item())


def format_result(array, _depth: int = 0) -> str:
    """A whole array as nested brackets of :func:`format_number` values, one
    row per line as numpy prints it.

    >>> print(format_result(np.array([[0.5, 1.0], [0.25, 2.0]], np.float32)))
    [[0.5, 1.0],
     [0.25, 2.0]]
    """
    array = np.asarray(array)
    if array.ndim == 0:
        return format_number(array)
    parts = [format_result(part, _depth + 1) for part in array]
    separator = ", " if array.ndim == 1 else ",\n" + " " * (_depth + 1)
    return "[" + separator.join(parts) + "]"
