"""Which argument of a catalogue function plays which role, and which
functions compute the same quantity, so that frameworks can be lined up.

The *labels* are the argument a framework calls ``y_true``, ``target``,
``multi_class_labels``, ``onehot_labels`` or ``labels``; the *scores* are
``entry.dtype_from`` (``logits``, ``y_pred``, ``input``, ``predictions``).
"""
from __future__ import annotations

import numpy as np

from ..frameworks import get
from ..frameworks.registry import Entry

# The label-like argument names, most specific first: scikit-learn's log_loss
# has both ``y_true`` (the labels) and ``labels`` (the list of classes).
LABEL_ROLES = ("y_true", "target", "multi_class_labels", "onehot_labels", "labels")
MASK_ARGS = ("where",)  # optax's boolean masks: typed as arrays of 0 and 1
# Arrays a framework takes as given rather than as floats of the compute dtype
# (scikit-learn's class labels, its class list, its y_proba keyword).
PASSED_AS_GIVEN = LABEL_ROLES + MASK_ARGS + ("y_proba",)
WEIGHT_ARGS = ("weight", "weights", "sample_weight")


def label_argument(entry: Entry) -> str | None:
    """The argument holding the labels (``y_true``, ``target``, ``labels``...);
    scikit-learn passes its class labels as given, so they are not in ``arrays``."""
    return (next((a for a in LABEL_ROLES if a in entry.arrays), None)
            or next((a for a in LABEL_ROLES if a in entry.params), None))


def array_arguments(entry: Entry) -> list[str]:
    """The arguments typed as arrays, in the order of the signature."""
    return [a for a in entry.params if a in entry.arrays or a in PASSED_AS_GIVEN]


def scores_argument(entry: Entry) -> str:
    """The argument holding the model's output (logits or probabilities)."""
    return entry.dtype_from


def score_kind(entry: Entry, kwargs) -> str:
    """``logits``, ``probabilities`` or ``log-probabilities`` for this call;
    ``from_logits=True`` turns a probabilities function into a logits one."""
    if entry.takes == "logits" or bool(kwargs.get("from_logits", False)):
        return "logits"
    return entry.takes


def pool(entry: Entry) -> str | None:
    """Which functions compute the same quantity, so can be compared:
    ``binary`` (sigmoid family), ``softmax`` (softmax and sparse softmax:
    class indices and one-hot rows convert into each other), the two focal
    losses, or ``None`` (label tools, sampled losses)."""
    if entry.family == "sigmoid":
        return "binary"
    if entry.family in ("softmax", "sparse softmax"):
        return "softmax"
    if entry.family == "log loss":
        return "binary" if entry.label_format.startswith("binary") else "softmax"
    if entry.family == "focal":
        return "binary focal" if ("binary" in entry.name or "sigmoid" in entry.name) else "softmax focal"
    return None


def by_rows(entry: Entry) -> bool:
    """A function that averages over the examples with no ``reduction='none'``
    (scikit-learn's ``log_loss``): the playground calls it once per example."""
    return "normalize" in entry.params and "reduction" not in entry.params


def call_pool(entry: Entry, kwargs: dict) -> str | None:
    """:func:`pool` of this call: scikit-learn's ``log_loss`` is binary with one
    probability per sample (1-D scores, or one column) and multi-class with a
    row of class probabilities per sample."""
    if by_rows(entry):
        shape = np.shape(kwargs.get(scores_argument(entry)))
        return "binary" if len(shape) == 1 or shape[-1:] == (1,) else "softmax"
    return pool(entry)


def computes_pool(target: Entry, pool_name: str | None) -> bool:
    """Whether ``target`` computes the quantity of ``pool_name``: its own pool,
    or scikit-learn's log_loss, which takes binary and multi-class problems alike."""
    if pool_name is None:
        return False
    return pool(target) == pool_name or (by_rows(target) and pool_name in ("binary", "softmax"))


def comparison_kwargs(name: str, kwargs: dict) -> dict:
    """The inputs as the other functions get them: scikit-learn's binary form
    (one probability per sample) becomes one row of one class per sample."""
    entry = get(name)
    if not (by_rows(entry) and call_pool(entry, kwargs) == "binary"):
        return kwargs
    scores = np.asarray(kwargs[scores_argument(entry)])
    labels = np.asarray(kwargs[label_argument(entry)]).astype(scores.dtype)
    return {**kwargs, scores_argument(entry): scores[:, None], label_argument(entry): labels[:, None]}
