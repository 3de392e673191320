"""Numbers as an exercise's text shows them (numbers are never translated):
drawn inputs as typed, computed values with 8 significant digits, vectors,
and Python literals for a call's text."""
from __future__ import annotations

import numpy as np


def number_text(x) -> str:
    """A drawn input as typed: ``0.5``, ``-2``, ``1e-07``."""
    return f"{float(x):g}"


def value_text(x) -> str:
    """A computed value with 8 significant digits: all a float32 holds."""
    return f"{float(x):.8g}"


def vector_text(values) -> str:
    """Drawn inputs as a bracketed list: ``[0.5, -2, 1]``."""
    return "[" + ", ".join(number_text(v) for v in np.ravel(values)) + "]"


def literal_text(value) -> str:
    """A Python literal for a call's text: nested lists, numbers, booleans.
    Floats keep a decimal point (``1.0``), so they read apart from class indices."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal_text(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        text = number_text(value)
        return text if any(c in text for c in ".en") else text + ".0"
    return repr(value) if isinstance(value, str) else str(value)
