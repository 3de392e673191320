"""What the charts show: each element's loss term of a binary loss, the
model's probabilities next to the labels as a distribution, and the
per-class terms of a softmax loss."""
from __future__ import annotations

import numpy as np

from ..frameworks import call, get
from ..losses import one_hot
from ..primitives import sigmoid, softmax
from .roles import WEIGHT_ARGS, by_rows, label_argument, pool, score_kind, scores_argument


def element_terms(name: str, kwargs: dict) -> np.ndarray | None:
    """The loss of every element of a binary (sigmoid) loss, as the framework
    computes it, before weights and reductions.

    Keras averages over the last axis; giving it the arrays with a trailing
    axis of size 1 makes that mean a mean over one value, so the framework's
    own arithmetic (clipping, float32 rounding) gives each element's term.
    """
    entry = get(name)
    if not (pool(entry) or "").startswith("binary") or by_rows(entry):
        return None
    scores = np.asarray(kwargs[scores_argument(entry)])
    args = {}
    for arg, value in kwargs.items():
        if arg in WEIGHT_ARGS:
            continue
        same_shape = arg in entry.arrays and value is not None and np.shape(value) == scores.shape
        args[arg] = np.asarray(value)[..., None] if same_shape else value
    if "reduction" in entry.params:
        args["reduction"] = "none"
    try:
        out = np.asarray(call(name, **args))
    except (ValueError, TypeError, IndexError):
        return None
    if out.shape == scores.shape + (1,):
        out = out[..., 0]
    return out if out.shape == scores.shape else None


def keras_probabilities(probs):
    r"""Keras's :math:`\hat q = \mathrm{clip}(q / \sum_j q_j, 10^{-7}, 1 - 10^{-7})`
    for its softmax losses on probabilities."""
    eps = probs.dtype.type(1e-7)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.clip(probs / probs.sum(axis=-1, keepdims=True), eps, 1 - eps)


def model_probabilities(name: str, kwargs: dict) -> np.ndarray | None:
    """The probabilities the loss compares with the labels: the given ones,
    or sigmoid (binary) / softmax (softmax family) of the logits, or exp of
    log-probabilities."""
    entry = get(name)
    if pool(entry) is None:
        return None
    scores = np.asarray(kwargs[scores_argument(entry)])
    kind = score_kind(entry, kwargs)
    binary = pool(entry).startswith("binary")
    if kind == "logits":
        return sigmoid(scores) if binary else softmax(scores)
    if kind == "log-probabilities":
        with np.errstate(over="ignore"):
            return np.exp(scores)
    return scores


def target_distribution(name: str, kwargs: dict) -> np.ndarray | None:
    """The labels as a distribution over the classes (class indices as
    one-hot rows), to draw next to the probabilities; None if out of range."""
    entry = get(name)
    labels = kwargs.get(label_argument(entry))
    scores = np.asarray(kwargs[scores_argument(entry)])
    if labels is None:
        return None
    labels = np.asarray(labels)
    if labels.dtype.kind in "iu":
        classes = scores.shape[-1]
        if labels.shape != scores.shape[:-1] or np.any((labels < 0) | (labels >= classes)):
            return None
        return one_hot(labels, classes, dtype=scores.dtype)
    return labels if labels.shape == scores.shape else None


def class_terms(name: str, kwargs: dict) -> np.ndarray | None:
    r"""Per-class terms :math:`-y_k \log q_k` of a softmax loss with label
    rows (q as :func:`model_probabilities`, Keras's clipped :math:`\hat q`
    for its functions on probabilities); a label of 0 contributes 0."""
    entry = get(name)
    if pool(entry) != "softmax" or by_rows(entry):
        return None
    labels = kwargs.get(label_argument(entry))
    scores = np.asarray(kwargs[scores_argument(entry)])
    if labels is None or np.asarray(labels).dtype.kind != "f" or np.shape(labels) != scores.shape:
        return None
    probs = model_probabilities(name, kwargs)
    if entry.framework.startswith("Keras") and score_kind(entry, kwargs) == "probabilities":
        probs = keras_probabilities(probs)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = -np.asarray(labels) * np.log(probs)
    return np.where(np.asarray(labels) == 0, np.zeros((), terms.dtype), terms)
