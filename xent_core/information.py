"""Entropy, cross-entropy and KL divergence, so that CE = H(p) + KL(p||q) can
be shown term by term.

``p`` is the target distribution, ``q`` the model's. By the convention
``0 log 0 = 0`` a zero target probability contributes nothing; a zero model
probability where the target is positive gives ``inf``.
"""
from __future__ import annotations

import numpy as np


def _xlogy(x, y):
    """x * log(y) with 0 * log(0) = 0 (the limit), elementwise."""
    x, y = np.broadcast_arrays(np.asarray(x), np.asarray(y))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, np.zeros((), np.result_type(x, y)), x * np.log(y))


def bernoulli_entropy(p):
    r""":math:`H(p) = -p \log p - (1-p) \log(1-p)`; ``log 2`` at p = 0.5, 0 at 0 and 1."""
    p = np.asarray(p)
    return -(_xlogy(p, p) + _xlogy(1 - p, 1 - p))


def bernoulli_cross_entropy(p, q):
    r""":math:`CE(p, q) = -p \log q - (1-p) \log(1-q)`; not symmetric in p, q."""
    p, q = np.asarray(p), np.asarray(q)
    return -(_xlogy(p, q) + _xlogy(1 - p, 1 - q))


def bernoulli_kl(p, q):
    r""":math:`KL(p\|q) = p \log(p/q) + (1-p) \log((1-p)/(1-q)) \ge 0`, 0 iff p = q."""
    return bernoulli_cross_entropy(p, q) - bernoulli_entropy(p)


def categorical_entropy(p, *, axis=-1):
    r""":math:`H(p) = -\sum_k p_k \log p_k` along ``axis``."""
    p = np.asarray(p)
    return -np.sum(_xlogy(p, p), axis=axis)


def categorical_cross_entropy(p, q, *, axis=-1):
    r""":math:`CE(p, q) = -\sum_k p_k \log q_k` along ``axis``."""
    return -np.sum(_xlogy(p, q), axis=axis)


def categorical_kl(p, q, *, axis=-1):
    r""":math:`KL(p\|q) = \sum_k p_k \log(p_k / q_k)` along ``axis``."""
    return categorical_cross_entropy(p, q, axis=axis) - categorical_entropy(p, axis=axis)


def decompose(p, q, *, binary=True):
    """CE(p, q) with its two parts, as a dict of arrays:
    ``{"cross_entropy", "entropy", "kl"}`` with cross_entropy = entropy + kl."""
    if binary:
        h, ce = bernoulli_entropy(p), bernoulli_cross_entropy(p, q)
    else:
        h, ce = categorical_entropy(p), categorical_cross_entropy(p, q)
    return {"cross_entropy": ce, "entropy": h, "kl": ce - h}
