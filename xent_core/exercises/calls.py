"""Calling a framework function on an exercise's numbers: the call's text as
the prompt shows it, and the value the function returns (the right answer)."""
from __future__ import annotations

import numpy as np

from ..frameworks import call, get
from .formatting import literal_text

KERAS_BCE = "keras.losses.binary_crossentropy"


def _ordered(name, args) -> dict:
    """``args`` in the order of the function's signature."""
    order = list(get(name).params)
    return {k: args[k] for k in sorted(args, key=order.index)}


def call_text(name, args) -> str:
    """The call as Python: ``name(labels=[1.0], logits=[-2.0])``, arguments
    in the order of the function's signature."""
    return f"{name}(" + ", ".join(f"{k}={literal_text(v)}" for k, v in _ordered(name, args).items()) + ")"


def _arrays(args, dtype):
    """Lists become arrays: floats in ``dtype``, integers (class indices) int64."""
    out = {}
    for k, v in args.items():
        if isinstance(v, (list, tuple)):
            arr = np.asarray(v)
            out[k] = arr.astype(dtype) if arr.dtype.kind == "f" else arr.astype(np.int64)
        else:
            out[k] = v
    return out


def framework_value(name, args, *, dtype=np.float32) -> float:
    """The single number the framework function returns for ``args``
    (lists as in the prompt; float32 as the frameworks default to)."""
    return float(np.ravel(call(name, **_arrays(args, dtype)))[0])


def framework_values(name, args, *, dtype=np.float32) -> np.ndarray:
    """Every number the framework function returns for ``args``, flattened, in float64."""
    return np.ravel(call(name, **_arrays(args, dtype))).astype(np.float64)
