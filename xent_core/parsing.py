"""Arrays and scalars typed by a learner or carried in a URL.

The text form is the playground's URL contract: ``,`` between values, ``;``
between rows (``0,1,0;0,0,1``). Spaces also separate values, and Python or
numpy literals (``[[0, 1], [1, 0]]``) are accepted too. Errors name the token
and its place, so the page can say exactly what to fix.
"""
from __future__ import annotations

import re

import numpy as np

MAX_ELEMENTS = 10_000  # an array typed or linked by a learner; figures need far fewer

_SPECIAL = {"nan": np.nan, "inf": np.inf, "+inf": np.inf, "-inf": -np.inf,
            "infinity": np.inf, "-infinity": -np.inf, "true": 1.0, "false": 0.0}


class InputError(ValueError):
    """Input that cannot be used, with a message that names the problem.

    ``code`` and ``params`` let the interface translate the message.
    """

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params


def _rows(text: str) -> list[list[str]]:
    """Split text into rows of tokens; brackets mark rows when present."""
    text = text.strip()
    if text.startswith("["):
        inner = text[1:-1].strip() if text.endswith("]") else text[1:]
        if inner.startswith("["):
            rows = re.findall(r"\[([^\[\]]*)\]", inner)
            return [re.split(r"[,\s]+", r.strip()) for r in rows]
        return [re.split(r"[,\s]+", inner.strip())]
    rows = [r for r in text.split(";")]
    return [re.split(r"[,\s]+", r.strip()) for r in rows]


def _number(token: str, row: int, col: int) -> float:
    low = token.lower()
    if low in _SPECIAL:
        return _SPECIAL[low]
    try:
        return float(token)
    except ValueError:
        raise InputError("bad_token", f"'{token}' (row {row + 1}, value {col + 1}) is not a number",
                         token=token, row=row + 1, col=col + 1) from None


def parse_array(text: str, *, dtype=np.float64, integer=False) -> np.ndarray:
    """Parse ``"0.2,0.8;0.5,0.5"`` into a 2-D array, ``"0.2,0.8"`` into 1-D.

    ``integer=True`` requires whole numbers (class indices) and returns int64.
    Values are checked against the dtype's range (``1e39`` does not fit float32).

    >>> parse_array("0,1,0;0,0,1").tolist()
    [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    if text is None or not str(text).strip() or str(text).strip() in ("[]", "[[]]"):
        raise InputError("empty", "the input is empty: type numbers separated by ',' (rows by ';')")
    rows = [[t for t in row if t] for row in _rows(str(text))]
    if any(not row for row in rows):
        empty = next(i for i, row in enumerate(rows) if not row)
        raise InputError("empty_row", f"row {empty + 1} is empty", row=empty + 1)
    lengths = {len(row) for row in rows}
    if len(lengths) > 1:
        raise InputError("ragged", "rows have different lengths: "
                         + ", ".join(str(len(r)) for r in rows)
                         + "; every row needs the same number of values",
                         lengths=", ".join(str(len(r)) for r in rows))
    count = len(rows) * len(rows[0])
    if count > MAX_ELEMENTS:
        raise InputError("too_many", f"{count} values is more than the limit of {MAX_ELEMENTS}",
                         count=count, limit=MAX_ELEMENTS)
    values = np.array([[_number(t, i, j) for j, t in enumerate(row)] for i, row in enumerate(rows)])
    if integer:
        return _as_indices(values)
    limit = np.finfo(dtype).max
    too_big = np.isfinite(values) & (np.abs(values) > limit)
    if too_big.any():
        bad = values[too_big][0]
        raise InputError("out_of_range", f"{bad:g} is beyond the largest {np.dtype(dtype).name} "
                         f"({limit:.4g}); it would become inf", value=f"{bad:g}",
                         dtype=np.dtype(dtype).name)
    out = values.astype(dtype)
    return out[0] if len(rows) == 1 else out


def _as_indices(values: np.ndarray) -> np.ndarray:
    bad = ~np.isfinite(values) | (values != np.round(values))
    if bad.any():
        token = values[bad][0]
        raise InputError("not_integer", f"class indices must be whole numbers; got {token:g}",
                         value=f"{token:g}")
    out = values.astype(np.int64)
    return out[0] if out.shape[0] == 1 else out


def format_array(array) -> str:
    """The text form of an array: ``,`` between values, ``;`` between rows.

    Floats are written with ``repr`` precision so that the round trip
    ``parse_array(format_array(a))`` gives back the same float64 values.
    """
    array = np.asarray(array)
    if array.ndim == 0:
        return _format_value(array.item())
    if array.ndim == 1:
        return ",".join(_format_value(v) for v in array.tolist())
    return ";".join(",".join(_format_value(v) for v in row) for row in array.reshape(array.shape[0], -1).tolist())


def _format_value(v) -> str:
    if isinstance(v, float):
        if v != v:
            return "nan"
        if v in (np.inf, -np.inf):
            return "inf" if v > 0 else "-inf"
        return repr(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


def parse_bool(text) -> bool:
    """``true``/``false`` (also 1/0, yes/no), as in the URL contract."""
    if isinstance(text, bool):
        return text
    low = str(text).strip().lower()
    if low in ("true", "1", "yes", "on"):
        return True
    if low in ("false", "0", "no", "off"):
        return False
    raise InputError("bad_bool", f"'{text}' is not true or false", token=str(text))


def parse_scalar(text, *, integer=False):
    """One number (``0.1``, ``-100``), ``None``/``none`` for "not given"."""
    if text is None or str(text).strip().lower() in ("", "none", "null"):
        return None
    value = _number(str(text).strip(), 0, 0)
    if integer:
        return int(_as_indices(np.array([[value]]))[0])
    return value
