"""The catalogue of framework functions and the three calls that use it.

Each framework module registers its functions with :func:`register`; menus,
the decision guide, the docs and the tests are generated from
:func:`catalogue`. Keyword names are the framework's own.
"""
from __future__ import annotations

import functools
import inspect
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .. import tape

FLOAT = "float"          # a float array in the computation's dtype
INDEX = "index"          # an integer array of class indices
FLOAT_OR_INDEX = "float or index"  # integers: class indices; floats: probabilities
REQUIRED = inspect.Parameter.empty


@dataclass(frozen=True)
class Entry:
    """One framework function: what it is, how it is called, how it computes."""

    name: str
    framework: str
    family: str          # sigmoid | softmax | sparse softmax | log loss | focal | sampled | labels
    takes: str           # logits | probabilities | log-probabilities | labels
    label_format: str    # binary/soft | one-hot/soft | class index | ...
    summary: str
    formula: str
    url: str
    fn: Callable = field(repr=False)
    arrays: dict         # argument name -> FLOAT | INDEX | FLOAT_OR_INDEX
    dtype_from: str      # the argument whose float dtype the computation uses
    differentiable: tuple
    float32_inside: bool = False  # reduces (or computes) in float32 whatever the input dtype

    @property
    def params(self) -> dict:
        """Argument name -> the framework's default (``REQUIRED`` if none)."""
        return dict(_defaults(self.fn))


@functools.lru_cache(maxsize=None)
def _defaults(fn) -> dict:
    # inspect.signature takes ~50 µs, and the playground asks thousands of times a run
    return {p.name: p.default for p in inspect.signature(fn).parameters.values()}


_ENTRIES: dict[str, Entry] = {}


def register(name, *, framework, family, takes, label_format, summary, formula, url,
             arrays, dtype_from, differentiable=(), float32_inside=False):
    """Decorator adding ``fn`` to the catalogue under the framework's API name."""
    def add(fn):
        _ENTRIES[name] = Entry(name, framework, family, takes, label_format, summary,
                               formula, url, fn, dict(arrays), dtype_from,
                               tuple(differentiable), float32_inside)
        return fn
    return add


def catalogue() -> list[Entry]:
    """Every registered entry, in registration order (framework by framework)."""
    return list(_ENTRIES.values())


def get(name: str) -> Entry:
    try:
        return _ENTRIES[name]
    except KeyError:
        raise ValueError(f"unknown API name {name!r}; known names: "
                         + ", ".join(sorted(_ENTRIES))) from None


def _as_float(value, dtype):
    arr = np.asarray(value)
    if arr.dtype.kind not in "fiub":
        raise ValueError(f"expected numbers, got an array of {arr.dtype}")
    return arr.astype(dtype, copy=False)


def compute_dtype(entry: Entry, kwargs) -> np.dtype:
    """The float dtype of the main input; Python lists and ints count as float32,
    as the frameworks default to."""
    main = kwargs.get(entry.dtype_from)
    if isinstance(main, (np.ndarray, np.generic)) and main.dtype.kind == "f":
        return main.dtype
    return np.dtype(np.float32)


def prepare(entry: Entry, kwargs, *, leaves=False) -> dict:
    """Check argument names, fill defaults, convert arrays (float arrays to the
    computation's dtype, as tape leaves if ``leaves``)."""
    params = entry.params
    try:
        inspect.signature(entry.fn).bind(**kwargs)
    except TypeError as err:  # Python's own words, as the framework function would raise them
        raise ValueError(f"{entry.name}: {err}; it takes {', '.join(params)}") from None
    dtype = compute_dtype(entry, kwargs)
    args = {n: kwargs.get(n, d) for n, d in params.items()}
    for name, kind in entry.arrays.items():
        value = args.get(name)
        if value is None or isinstance(value, (str, bool)):
            continue
        arr = np.asarray(value)
        if kind == INDEX or (kind == FLOAT_OR_INDEX and arr.dtype.kind in "iub"):
            # integers become int64; floats (Keras truncates them) and string class
            # labels (scikit-learn) are passed on as they are
            args[name] = arr.astype(np.int64) if arr.dtype.kind in "iub" else arr
            continue
        arr = _as_float(arr, dtype)
        args[name] = tape.leaf(arr) if leaves else arr
    return args


@contextmanager
def _as_value_errors(name):
    """Arguments no framework would accept (an axis of 10**400, a string
    where a number goes) end as ``ValueError`` too, never another type."""
    try:
        yield
    except ValueError:
        raise
    except (TypeError, IndexError, OverflowError, ZeroDivisionError, MemoryError) as err:
        raise ValueError(f"{name} cannot use these arguments: {err}") from None


def call(name: str, **kwargs) -> np.ndarray:
    """What the framework function returns for these numpy inputs (value,
    shape, reduction and dtype), or ``ValueError`` with its message where it raises."""
    entry = get(name)
    args = prepare(entry, kwargs)
    with np.errstate(all="ignore"), _as_value_errors(name):
        out = entry.fn(**args)
    return np.asarray(tape.val(out))


def gradient(name: str, wrt: str, **kwargs) -> np.ndarray:
    """Gradient of ``sum(call(name, **kwargs))`` with respect to argument ``wrt``,
    as the framework's autodiff gives it."""
    entry = get(name)
    if wrt not in entry.differentiable:
        raise ValueError(f"{name} has no gradient with respect to {wrt!r}; "
                         f"differentiable arguments: {', '.join(entry.differentiable) or 'none'}")
    args = prepare(entry, kwargs, leaves=True)
    if not isinstance(args.get(wrt), tape.Node):
        raise ValueError(f"{wrt!r} must be a float array to take a gradient with respect to it")
    with np.errstate(all="ignore"), _as_value_errors(name):
        out = entry.fn(**args)
        if not isinstance(out, tape.Node):
            return np.zeros_like(args[wrt].value)
        return tape.gradients(out, [args[wrt]])[0]
