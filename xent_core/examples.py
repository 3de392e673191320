"""A worked example for every catalogue entry, in the playground's text form.

The examples are the numbers of the learners' questions where one fits
(seed 004's logits, seed 002's soft targets), so the playground opens on
something recognisable. ``example_text(name)`` gives the arrays as text
(``0,1,0;0,0,1``); ``example_kwargs(name)`` parses them for ``call``.
"""
from __future__ import annotations

import numpy as np

from .frameworks.registry import INDEX, REQUIRED, get
from .parsing import format_array, parse_array
from .primitives import log_softmax, softmax

class Ints(str):
    """Text of an integer array (class indices or class labels)."""


SEED_LOGITS = np.array([[0.5, 1.5, 0.1], [2.2, 1.3, 1.7]])
ONE_HOT = "0,1,0;0,0,1"
CLASS_INDEX = Ints("1,2")
SOFTMAX_PROBS = format_array(np.round(softmax(SEED_LOGITS), 6))
LOG_PROBS = format_array(np.round(log_softmax(SEED_LOGITS), 6))
BINARY_LABELS = "0,1,1;1,0,0"
BINARY_LOGITS = "-1.2,0.8,2.5;3,-0.5,-2"
BINARY_PROBS = "0.2,0.6,0.9;0.95,0.4,0.1"
LOGITS = format_array(SEED_LOGITS)

# arrays by argument name, per kind of problem
BINARY = {"labels": BINARY_LABELS, "logits": BINARY_LOGITS, "multi_class_labels": BINARY_LABELS,
          "y_true": BINARY_LABELS, "y_pred": BINARY_PROBS, "target": BINARY_LABELS,
          "input": BINARY_PROBS, "predictions": BINARY_PROBS}
SOFTMAX = {"labels": ONE_HOT, "logits": LOGITS, "onehot_labels": ONE_HOT, "y_true": ONE_HOT,
           "y_pred": SOFTMAX_PROBS, "target": ONE_HOT, "input": LOGITS}
SPARSE = {"labels": CLASS_INDEX, "logits": LOGITS, "y_true": CLASS_INDEX, "y_pred": SOFTMAX_PROBS,
          "target": CLASS_INDEX, "input": LOGITS}

OVERRIDES = {
    "torch.nn.functional.binary_cross_entropy_with_logits": {"input": BINARY_LOGITS},
    "torch.nn.functional.nll_loss": {"input": LOG_PROBS, "target": CLASS_INDEX},
    "torch.nn.functional.cross_entropy": {"target": CLASS_INDEX},
    "tf.nn.weighted_cross_entropy_with_logits": {"pos_weight": "3"},
    "sklearn.metrics.log_loss": {"y_true": CLASS_INDEX, "y_pred": SOFTMAX_PROBS,
                                 "labels": Ints("0,1,2")},
    "sklearn_1_4.metrics.log_loss": {"y_true": CLASS_INDEX, "y_pred": SOFTMAX_PROBS,
                                     "labels": Ints("0,1,2")},
    "optax.smooth_labels": {"labels": ONE_HOT},
}


def _base(entry):
    if entry.label_format == "class index":
        return SPARSE
    if entry.family in ("softmax",) or "categorical" in entry.name or "softmax" in entry.name:
        return SOFTMAX
    return BINARY


def example_text(name: str) -> dict[str, str]:
    """The example's required arrays as text, keyed by the framework's argument names."""
    entry = get(name)
    base = {**_base(entry), **OVERRIDES.get(name, {})}
    wanted = [a for a, d in entry.params.items() if d is REQUIRED or a in OVERRIDES.get(name, {})]
    return {a: base[a] for a in wanted if a in base}


def example_kwargs(name: str, dtype=np.float32) -> dict:
    """The example as arrays ready for ``call`` (float arrays in ``dtype``)."""
    entry = get(name)
    out = {}
    for arg, text in example_text(name).items():
        integer = isinstance(text, Ints) or entry.arrays.get(arg) == INDEX
        out[arg] = parse_array(text, dtype=dtype, integer=integer)
    return out
