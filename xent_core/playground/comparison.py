"""The same inputs through every function of the selected API's family:
one loss per example for each, or the framework's error, or why the inputs
do not fit; and where two rows disagree beyond rounding."""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..frameworks import call, catalogue, get
from ..frameworks.registry import Entry
from .conversions import convert
from .non_finite import non_finite_reason
from .plans import NotComparable, Plan, plan
from .roles import by_rows, call_pool, comparison_kwargs, computes_pool, label_argument, pool, scores_argument

MAX_TABLE_EXAMPLES = 6  # per-example columns in the comparison table


def _row_calls(plan_: Plan, inputs: dict, pool_name: str, num_classes: int) -> np.ndarray:
    """scikit-learn's ``log_loss`` once per example: the mean over one row's
    outputs (binary: each output a sample with classes [0, 1]) or the loss
    of one row (multi-class: classes 0..K-1)."""
    target = get(plan_.target)
    labels_arg, scores_arg = label_argument(target), scores_argument(target)
    labels, scores = np.atleast_1d(inputs[labels_arg]), np.asarray(inputs[scores_arg])
    binary = pool_name.startswith("binary")
    scores = np.atleast_2d(scores)  # scikit-learn's own 1-D form arrives as columns (comparison_kwargs)
    labels = labels.reshape(scores.shape) if binary else labels.reshape(scores.shape[0])
    classes = np.array([0, 1]) if binary else np.arange(num_classes)
    extra = {"labels": classes} if "labels" in target.params else {}
    values = []
    for row in range(scores.shape[0]):
        y = labels[row] if binary else labels[row:row + 1]
        p = scores[row] if binary else scores[row:row + 1]
        values.append(np.asarray(call(target.name, **{labels_arg: y, scores_arg: p}, **extra)))
    return np.array(values)


def per_example(result, scores_shape: tuple, pool_name: str) -> tuple[np.ndarray, bool]:
    """One loss per example, and whether that took a mean over the classes.

    The binary functions of TensorFlow, PyTorch and optax return one loss per
    element; Keras averages them over the last axis. Taking that mean for the
    elementwise ones puts every framework on Keras's footing. Softmax losses
    already give one loss per row.
    """
    result = np.asarray(result)
    if pool_name.startswith("binary") and result.shape == tuple(scores_shape) and result.ndim >= 1:
        averaged = result.shape[-1] > 1  # a mean over one class changes nothing
        return np.atleast_1d(result.mean(axis=-1, dtype=result.dtype)).ravel(), averaged
    return np.atleast_1d(result).ravel(), False


def run_plan(plan_: Plan, kwargs: dict) -> tuple[np.ndarray, bool]:
    """Per-example losses of ``plan_`` on the selected API's ``kwargs`` (see
    :func:`per_example`). Raises ``ValueError`` with the framework's message."""
    target = get(plan_.target)
    scores = np.asarray(kwargs[plan_.scores_from])
    num_classes = scores.shape[-1] if scores.ndim else 1
    inputs = {}
    for arg, (conversion, source_arg) in plan_.inputs.items():
        value = convert(conversion, kwargs[source_arg], num_classes)
        inputs[arg] = value.astype(scores.dtype) if conversion == "one_hot" else value
    pool_name = plan_.pool
    if plan_.row_by_row:
        return _row_calls(plan_, inputs, pool_name, num_classes).ravel(), pool_name.startswith("binary")
    result = call(target.name, **inputs, **plan_.settings)
    return per_example(result, np.shape(inputs[scores_argument(target)]), pool_name)


@dataclass(frozen=True)
class Comparison:
    """One row of the comparison table: a function's per-example losses, or
    the framework's error message, or why the inputs do not fit it."""

    name: str
    framework: str
    steps: tuple = ()
    values: np.ndarray | None = None
    averaged: bool = False          # a mean over the classes was taken
    error: str | None = None        # the framework's own message
    reason: tuple | None = None     # (code, params): the inputs do not fit
    selected: bool = False
    nan_reason: str | None = None   # why some values are NaN (see :func:`_nan_reason`)


def _compared(source: Entry, kwargs: dict, target: Entry) -> bool:
    return target.name == source.name or computes_pool(target, call_pool(source, kwargs))


def _nan_reason(plan_: Plan, kwargs: dict, values) -> str | None:
    """Why a row holds NaN or inf: logits of 0 or 1 are infinite (inf - inf
    is NaN), or an input held NaN or inf, or the computation overflowed."""
    if np.isfinite(np.asarray(values, dtype=np.float64)).all():
        return None
    for conversion, source_arg in plan_.inputs.values():
        if conversion in ("logit", "log"):
            converted = convert(conversion, kwargs[source_arg])
            if np.isinf(converted).any():
                return "infinite_logits"
    return non_finite_reason(kwargs, values)


def _compared_row(name: str, inputs: dict, target: Entry) -> Comparison:
    """``target``'s row: its losses on ``inputs``, or why there are none."""
    selected = target.name == name
    try:
        plan_ = plan(name, inputs, target.name)
    except NotComparable as why:
        return Comparison(target.name, target.framework, reason=(why.code, why.params))
    try:
        with warnings.catch_warnings():  # the selected call's warnings are shown with its result
            warnings.simplefilter("ignore")
            values, averaged = run_plan(plan_, inputs)
    except (ValueError, TypeError, IndexError) as err:
        return Comparison(target.name, target.framework, plan_.steps, error=str(err), selected=selected)
    return Comparison(target.name, target.framework, plan_.steps, values, averaged,
                      selected=selected, nan_reason=_nan_reason(plan_, inputs, values))


def compare(name: str, kwargs: dict) -> list[Comparison]:
    """The selected API (first, ``reduction='none'``) and every function of
    its family on the same inputs, one loss per example (see
    :func:`~.plans.plan` and :func:`per_example`)."""
    source = get(name)
    if pool(source) is None:
        return []
    targets = [source] + [e for e in catalogue() if e.name != name and _compared(source, kwargs, e)]
    others = comparison_kwargs(name, kwargs)
    # the selected call keeps its own inputs, but scikit-learn's log_loss runs
    # row by row on the column form the others get
    own = kwargs if not by_rows(source) else others
    return [_compared_row(name, own if target.name == name else others, target) for target in targets]


def differs(values, reference, *, float32=False) -> np.ndarray:
    """Where ``values`` and ``reference`` disagree beyond rounding: a relative
    1e-5 when either is float32 or was computed in float32 (``float32``; a
    few float32 steps), 1e-9 otherwise; NaN equals NaN and inf equals inf of
    the same sign. Shapes that differ disagree everywhere."""
    values, reference = np.asarray(values), np.asarray(reference)
    if values.shape != reference.shape:
        return np.ones(values.shape, bool)
    single = float32 or np.float32 in (values.dtype.type, reference.dtype.type)
    rtol = 1e-5 if single else 1e-9
    a, b = values.astype(np.float64), reference.astype(np.float64)
    same = np.isclose(a, b, rtol=rtol, atol=rtol) | (np.isnan(a) & np.isnan(b))
    return ~same
