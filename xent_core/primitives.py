"""Stable building blocks: sigmoid, log-sigmoid, softmax, log-softmax, logsumexp.

Every function keeps the float dtype of its input and works elementwise or
along ``axis``, so a whole grid of logits is one call.
"""
from __future__ import annotations

import numpy as np


def softplus(x):
    r"""Softplus :math:`\log(1 + e^x)`, computed as ``logaddexp(0, x)`` so that
    a large ``x`` gives ``x`` instead of overflowing.

    >>> float(softplus(np.float32(800.0)))
    800.0
    """
    x = np.asarray(x)
    return np.logaddexp(np.zeros((), x.dtype), x)


def sigmoid(x):
    r"""Logistic sigmoid :math:`\sigma(x) = 1 / (1 + e^{-x})`.

    Uses ``e^{x} / (1 + e^{x})`` for negative ``x`` so ``exp`` never overflows;
    the result is exactly 0 only where float underflow forces it
    (x < -104 in float32, x < -745 in float64).

    >>> sigmoid(np.array([0.0, 40.0, -40.0]))
    array([5.00000000e-01, 1.00000000e+00, 4.24835426e-18])
    """
    x = np.asarray(x)
    e = np.exp(-np.abs(x))  # in (0, 1]: cannot overflow
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def log_sigmoid(x):
    r"""Log-sigmoid :math:`\log \sigma(x) = -\mathrm{softplus}(-x)`.

    Finite for every finite ``x``: ``log_sigmoid(-800) == -800``.
    """
    return -softplus(-np.asarray(x))


def logsumexp(x, *, axis=-1, keepdims=False):
    r"""Log-sum-exp :math:`\log \sum_k e^{x_k}`, shifted by the row max.

    A row of all ``-inf`` gives ``-inf`` (the shift is then taken as 0).
    """
    x = np.asarray(x)
    shift = np.max(x, axis=axis, keepdims=True)
    shift = np.where(np.isfinite(shift), shift, np.zeros((), x.dtype))
    out = np.log(np.sum(np.exp(x - shift), axis=axis, keepdims=True)) + shift
    return out if keepdims else np.squeeze(out, axis=axis)


def log_softmax(x, *, axis=-1):
    r"""Log-softmax :math:`x_k - \log \sum_j e^{x_j}`; unchanged when a
    constant is added to every logit."""
    x = np.asarray(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)  # largest term is exp(0)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(x, *, axis=-1):
    r"""Softmax :math:`e^{x_k} / \sum_j e^{x_j}`, shifted by the row max.

    >>> softmax(np.array([0.5, 1.5, 0.1]))
    array([0.22786303, 0.61939586, 0.15274111])
    """
    x = np.asarray(x)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def logit(p):
    r"""Inverse sigmoid :math:`\log(p / (1 - p))`; ``±inf`` at 0 and 1."""
    p = np.asarray(p)
    with np.errstate(divide="ignore"):
        return np.log(p) - np.log1p(-p)
