"""The selected API's own call, as its framework spells it, with the
learner's arrays and every setting that is not the default."""
from __future__ import annotations

import numpy as np

from ..frameworks import get
from ..frameworks.registry import REQUIRED
from ..playground.roles import array_arguments, scores_argument
from .dialects import array_lines, call_expression, dialect_of, dtype_name, header_lines, show_line


def _is_default(value, default) -> bool:
    if default is REQUIRED:
        return False
    try:
        return bool(value == default) and type(value) is not np.ndarray
    except (TypeError, ValueError):  # an array against a default: not the default
        return False


def exact_snippet(name: str, kwargs: dict) -> str:
    """The selected API called as its framework spells it, with the
    learner's arrays and every setting that is not the default."""
    entry = get(name)
    dialect = dialect_of(name)
    dtype = dtype_name(kwargs, scores_argument(entry))
    arrays = [a for a in array_arguments(entry) if kwargs.get(a) is not None]
    settings = {a: v for a, v in kwargs.items()
                if a not in arrays and a in entry.params and not _is_default(v, entry.params[a])}
    lines = header_lines(dialect, name, dtype) + [""] + array_lines(dialect, kwargs, arrays, dtype)
    out = "smoothed" if entry.family == "labels" else "loss"
    lines.append(f"{out} = " + call_expression(dialect, name, {a: a for a in arrays}, settings))
    lines.append(show_line(dialect, name, out))
    return "\n".join(lines)
