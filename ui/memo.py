"""Results shared by every session of the server, looked up by their
arguments' bytes.

``st.cache_resource`` hashes each argument with Streamlit's general hasher
and inspects the function's signature at every call: about 0.4 ms per
lookup for a loss map's arguments (a 161-point axis, the logits, the
labels, the figure's texts), five lookups in a step of the surface page's
sliders. Here a lookup builds a tuple of the arguments, numpy arrays as
their dtype, shape and bytes (so -0.0 and 0.0 differ, as they may in a
figure), and finds it in a bounded dict.

What is kept is shared and must be read-only, as with ``st.cache_resource``.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict

import numpy as np


def key_of(value):
    """A hashable stand-in for ``value``: equal for equal arrays, dicts
    (in their order), lists and tuples of such; other values as they are
    (they must be hashable)."""
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, dict):
        return ("dict", tuple((key, key_of(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(key_of(item) for item in value))
    return value


def shared(max_entries: int):
    """Decorator: keep the last ``max_entries`` results of the function, by
    :func:`key_of` of its positional arguments, for every session. Two
    sessions asking at once for the same new result may both compute it."""
    def decorate(func):
        kept: OrderedDict = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(func)
        def lookup(*args):
            key = key_of(args)
            with lock:
                if key in kept:
                    kept.move_to_end(key)
                    return kept[key]
            value = func(*args)
            with lock:
                kept[key] = value
                while len(kept) > max_entries:
                    kept.popitem(last=False)
            return value

        return lookup
    return decorate
