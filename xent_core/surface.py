"""Loss surfaces over two logits, gradient fields, descent paths and the
probability simplex: whole grids in one vectorised call.

Only logits ``i`` and ``j`` vary; the others are fixed, so they fold into two
constants (their log-sum-exp and their label-weighted sum) and the cost of a
grid does not depend on the number of classes.
"""
from __future__ import annotations

import numpy as np

from .primitives import log_sigmoid, logsumexp, sigmoid


def _fixed_parts(logits, labels, i, j):
    """Log-sum-exp and label-weighted sum of the logits other than i and j."""
    logits, labels = np.asarray(logits, np.float64), np.asarray(labels, np.float64)
    others = np.ones(logits.shape[-1], bool)
    others[[i, j]] = False
    lse_rest = logsumexp(logits[others]) if others.any() else -np.inf
    return lse_rest, float(np.dot(labels[others], logits[others])), float(labels.sum())


def softmax_surface(logits, labels, i, j, a_values, b_values, *, dtype=np.float64):
    r"""Softmax cross-entropy on the grid :math:`x_i = a, x_j = b`, others fixed.

    .. math:: \ell(a, b) = Y\,\mathrm{LSE}(a, b, C) - y_i a - y_j b - R,\quad
              \partial\ell/\partial a = Y e^{a - \mathrm{LSE}} - y_i

    with :math:`C` the log-sum-exp and :math:`R` the label-weighted sum of the
    fixed logits and :math:`Y = \sum_k y_k` (1 for a distribution).

    Args: ``logits`` and ``labels`` of shape (K,); ``a_values`` (n,) and
    ``b_values`` (m,). Returns a dict of (m, n) arrays ``loss``, ``grad_a``,
    ``grad_b`` in ``dtype`` (rows follow b, columns follow a).
    """
    lse_rest, rest, total = _fixed_parts(logits, labels, i, j)
    y_i, y_j = float(np.asarray(labels)[i]), float(np.asarray(labels)[j])
    a = np.asarray(a_values, np.float64)[None, :]
    b = np.asarray(b_values, np.float64)[:, None]
    top = max(a.max(), b.max(), lse_rest)
    if top - max(a.min(), b.min(), lse_rest) < 600:
        # One shift for the whole grid keeps every exp 1-D: at each point the
        # largest term is at least exp(-600), far from underflow in float64.
        top = np.float64(top)
    else:
        top = np.maximum(np.maximum(a, b), lse_rest)  # per-point shift for very wide grids
    e_a, e_b = np.exp(a - top), np.exp(b - top)
    inv_total = 1.0 / (e_a + e_b + np.exp(lse_rest - top))
    loss = total * (top - np.log(inv_total)) - y_i * a - y_j * b - rest
    return {"loss": loss.astype(dtype, copy=False),
            "grad_a": (total * e_a * inv_total - y_i).astype(dtype, copy=False),
            "grad_b": (total * e_b * inv_total - y_j).astype(dtype, copy=False)}


def sigmoid_surface(logits, labels, i, j, a_values, b_values, *, dtype=np.float64):
    r"""Sum of independent sigmoid cross-entropies on the grid :math:`x_i = a, x_j = b`:

    .. math:: \ell(a, b) = \ell_i(a) + \ell_j(b) + \sum_{k \ne i,j} \ell_k(x_k),\quad
              \ell_k(x) = -y_k \log\sigma(x) - (1 - y_k)\log\sigma(-x)

    separable, so it is an outer sum of two 1-D curves. Same shapes as
    :func:`softmax_surface`.
    """
    logits, labels = np.asarray(logits, np.float64), np.asarray(labels, np.float64)

    def per_class(x, y):
        return -(y * log_sigmoid(x) + (1 - y) * log_sigmoid(-x))
    others = np.ones(logits.shape[-1], bool)
    others[[i, j]] = False
    rest = float(per_class(logits[others], labels[others]).sum())
    a, b = np.asarray(a_values, np.float64), np.asarray(b_values, np.float64)
    loss = per_class(a, labels[i])[None, :] + per_class(b, labels[j])[:, None] + rest
    grad_a = np.broadcast_to(sigmoid(a) - labels[i], loss.shape)
    grad_b = np.broadcast_to((sigmoid(b) - labels[j])[:, None], loss.shape)
    return {"loss": loss.astype(dtype), "grad_a": grad_a.astype(dtype), "grad_b": grad_b.astype(dtype)}


SURFACES = {"softmax": softmax_surface, "sigmoid": sigmoid_surface}


def loss_and_grad_at(logits, labels, i, j, point, *, family="softmax"):
    """Loss and (d/dx_i, d/dx_j) at one point ``(x_i, x_j)``."""
    s = SURFACES[family](logits, labels, i, j, [point[0]], [point[1]])
    return float(s["loss"][0, 0]), np.array([s["grad_a"][0, 0], s["grad_b"][0, 0]])


def descent_path(logits, labels, i, j, *, family="softmax", learning_rate=0.5, steps=30):
    r"""Plain gradient descent on :math:`(x_i, x_j)` from the current logits:
    :math:`x \leftarrow x - \eta\,\nabla\ell`.

    Returns ``(path, losses)``: the (steps + 1, 2) visited points and the
    loss at each.
    """
    point = np.array([logits[i], logits[j]], np.float64)
    path, losses = [], []
    for _ in range(steps + 1):
        loss, grad = loss_and_grad_at(logits, labels, i, j, point, family=family)
        path.append(point)
        losses.append(loss)
        point = point - learning_rate * grad
    return np.array(path), np.array(losses)


def simplex_grid(resolution=60):
    r"""Points of the 3-class probability simplex :math:`q_1 + q_2 + q_3 = 1`,
    strictly inside (no zero), on a triangular lattice: returns (N, 3)."""
    n = resolution
    a, b = np.meshgrid(np.arange(1, n), np.arange(1, n), indexing="ij")
    inside = a + b < n  # row-major: a, then b, as the lattice is listed
    a, b = a[inside], b[inside]
    return np.stack([a, b, n - a - b], axis=1).astype(np.float64) / n


def simplex_loss(labels, q):
    r"""Cross-entropy :math:`-\sum_k y_k \log q_k` at each simplex point ``q`` (N, 3)."""
    return -(np.log(q) @ np.asarray(labels, np.float64))
