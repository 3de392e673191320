"""Why a result holds NaN or inf, as a code the page explains."""
from __future__ import annotations

import numpy as np


def non_finite_reason(kwargs: dict, result) -> str | None:
    """Why the result holds NaN or inf, as a code for the page to explain:
    ``input_nan``/``input_inf`` when an input already held one,
    ``overflow`` when only the computation produced it, None when all is finite."""
    result = np.asarray(result)
    if result.dtype.kind != "f" or np.isfinite(result).all():
        return None
    floats = [np.asarray(v) for v in kwargs.values()
              if isinstance(v, np.ndarray) and v.dtype.kind == "f"]
    if any(np.isnan(v).any() for v in floats):
        return "input_nan"
    if any(np.isinf(v).any() for v in floats):
        return "input_inf"
    return "overflow"
