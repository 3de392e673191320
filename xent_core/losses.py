"""Textbook cross-entropy losses and their gradients, one value per element or
per row (no reduction), vectorised over any leading shape.

Argument order everywhere: the model's output first (``logits`` or
``probs``), then ``labels``; settings keyword-only. The framework-exact
versions (with each framework's clipping and float32 rounding) live in
:mod:`xent_core.frameworks`; these are the mathematical definitions, stable
where the name says so, and the naive ones kept to show how they break.
"""
from __future__ import annotations

import numpy as np

from .primitives import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax


# --- labels -----------------------------------------------------------------

def smooth_binary_labels(labels, smoothing):
    r"""Sigmoid-loss smoothing (Keras, TF v1): :math:`y(1-s) + s/2`."""
    labels = np.asarray(labels)
    return labels * (1 - smoothing) + 0.5 * smoothing


def smooth_categorical_labels(labels, smoothing, *, axis=-1):
    r"""Softmax-loss smoothing (Keras, optax, PyTorch): :math:`y(1-s) + s/K`."""
    labels = np.asarray(labels)
    return labels * (1 - smoothing) + smoothing / labels.shape[axis]


def one_hot(class_index, num_classes, *, dtype=np.float64):
    """Row ``i`` is 1 at ``class_index[i]`` and 0 elsewhere."""
    return (np.asarray(class_index)[..., None] == np.arange(num_classes)).astype(dtype)


# --- binary (sigmoid) family ------------------------------------------------

def binary_ce_from_logits(logits, labels, *, pos_weight=1.0):
    r"""Stable sigmoid cross-entropy, elementwise:

    .. math:: \ell = -p_w\,y \log\sigma(x) - (1-y)\log(1-\sigma(x))
              = p_w\,y\,\mathrm{softplus}(-x) + (1-y)\,\mathrm{softplus}(x)

    finite for any finite logit; ``pos_weight`` (:math:`p_w`) scales the
    positive term as in ``tf.nn.weighted_cross_entropy_with_logits``.

    >>> binary_ce_from_logits(np.array([-800.0, 0.0]), np.array([1.0, 0.5]))
    array([800.        ,   0.69314718])
    """
    logits, labels = np.asarray(logits), np.asarray(labels)
    # log(1 - sigmoid(x)) == log_sigmoid(-x)
    return -(pos_weight * labels * log_sigmoid(logits) + (1 - labels) * log_sigmoid(-logits))


def binary_ce_from_probs(probs, labels, *, eps=0.0):
    r"""Binary cross-entropy from probabilities, clipped to :math:`[\epsilon, 1-\epsilon]`:

    .. math:: \ell = -y \log \hat p - (1-y) \log(1 - \hat p),\quad
              \hat p = \mathrm{clip}(p, \epsilon, 1-\epsilon)

    With ``eps=0`` a probability of exactly 0 or 1 gives ``inf`` (or NaN when
    its label weight is 0: 0 * inf).
    """
    probs, labels = np.asarray(probs), np.asarray(labels)
    clipped = np.clip(probs, eps, 1 - eps) if eps else probs
    with np.errstate(divide="ignore", invalid="ignore"):
        return -(labels * np.log(clipped) + (1 - labels) * np.log(1 - clipped))


def naive_binary_ce_from_logits(logits, labels):
    r"""The textbook chain :math:`p = 1/(1+e^{-x})`, then :math:`-y\log p - (1-y)\log(1-p)`.

    Kept to show how it breaks: in float32 ``1 - p`` rounds to 0 from x of
    about 17 (loss ``inf``), ``exp(-x)`` overflows for x below about -89, and
    a label of 0 times ``log 0`` is NaN.
    """
    logits, labels = np.asarray(logits), np.asarray(labels)
    with np.errstate(all="ignore"):
        probs = 1 / (1 + np.exp(-logits))
        return -(labels * np.log(probs) + (1 - labels) * np.log(1 - probs))


def binary_ce_grad_logits(logits, labels, *, pos_weight=1.0):
    r""":math:`\partial\ell/\partial x = (1-y)\sigma(x) - p_w y (1-\sigma(x))`;
    ``sigmoid(logits) - labels`` when ``pos_weight == 1``."""
    logits, labels = np.asarray(logits), np.asarray(labels)
    probs = sigmoid(logits)
    return (1 - labels) * probs - pos_weight * labels * (1 - probs)


def binary_ce_grad_probs(probs, labels):
    r""":math:`\partial\ell/\partial p = (p - y) / (p (1 - p))`, infinite at 0 and 1."""
    probs, labels = np.asarray(probs), np.asarray(labels)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (probs - labels) / (probs * (1 - probs))


def binary_ce_grad_labels(logits):
    r""":math:`\partial\ell/\partial y = -x`: the loss is linear in the label."""
    return -np.asarray(logits)


def binary_focal_from_logits(logits, labels, *, gamma=2.0, alpha=None):
    r"""Sigmoid focal loss (Lin et al. 2017), elementwise:

    .. math:: \ell = (1 - p_t)^\gamma\,\mathrm{CE}(x, y),\quad p_t = y p + (1-y)(1-p)

    multiplied by :math:`\alpha_t = y\alpha + (1-y)(1-\alpha)` when ``alpha`` is given.
    """
    logits, labels = np.asarray(logits), np.asarray(labels)
    probs = sigmoid(logits)
    p_t = labels * probs + (1 - labels) * (1 - probs)
    loss = (1 - p_t) ** gamma * binary_ce_from_logits(logits, labels)
    if alpha is not None:
        loss = (labels * alpha + (1 - labels) * (1 - alpha)) * loss
    return loss


# --- categorical (softmax) family -------------------------------------------

def categorical_ce_from_logits(logits, labels, *, axis=-1, class_weights=None):
    r"""Stable softmax cross-entropy per row:

    .. math:: \ell = -\sum_k w_k\,y_k \log \mathrm{softmax}(x)_k
              = \sum_k w_k\,y_k\,(\mathrm{LSE}(x) - x_k)

    Unchanged when a constant is added to every logit; any label row works
    (soft labels; rows that do not sum to 1 scale the loss).
    """
    logits, labels = np.asarray(logits), np.asarray(labels)
    weighted = labels if class_weights is None else labels * np.asarray(class_weights)
    return -np.sum(weighted * log_softmax(logits, axis=axis), axis=axis)


def sparse_ce_from_logits(logits, class_index, *, axis=-1):
    r""":math:`\ell = \mathrm{LSE}(x) - x_c` for the class index :math:`c` of each row."""
    logits = np.asarray(logits)
    picked = np.take_along_axis(logits, np.expand_dims(np.asarray(class_index), axis), axis=axis)
    return logsumexp(logits, axis=axis) - np.squeeze(picked, axis=axis)


def categorical_ce_from_probs(probs, labels, *, eps=0.0, axis=-1):
    r""":math:`\ell = -\sum_k y_k \log \mathrm{clip}(q_k, \epsilon, 1-\epsilon)`,
    without renormalising the rows."""
    probs, labels = np.asarray(probs), np.asarray(labels)
    clipped = np.clip(probs, eps, 1 - eps) if eps else probs
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.sum(labels * np.log(clipped), axis=axis)


def naive_categorical_ce_from_logits(logits, labels, *, axis=-1):
    r"""Textbook :math:`q = e^{x}/\sum e^{x}`, then :math:`-\sum y \log q`, unshifted:
    ``exp`` overflows from x of about 89 (float32) or 710 (float64), giving NaN."""
    logits, labels = np.asarray(logits), np.asarray(labels)
    with np.errstate(all="ignore"):
        e = np.exp(logits)
        return -np.sum(labels * np.log(e / np.sum(e, axis=axis, keepdims=True)), axis=axis)


def categorical_ce_grad_logits(logits, labels, *, axis=-1):
    r""":math:`\partial\ell/\partial x_k = q_k \sum_j y_j - y_k`, which is
    ``softmax(logits) - labels`` when each label row sums to 1."""
    logits, labels = np.asarray(logits), np.asarray(labels)
    return softmax(logits, axis=axis) * np.sum(labels, axis=axis, keepdims=True) - labels


def categorical_ce_grad_probs(probs, labels):
    r""":math:`\partial\ell/\partial q_k = -y_k / q_k` (rows not renormalised)."""
    probs, labels = np.asarray(probs), np.asarray(labels)
    with np.errstate(divide="ignore", invalid="ignore"):
        return -labels / probs


def categorical_ce_grad_labels(logits, *, axis=-1):
    r""":math:`\partial\ell/\partial y_k = -\log \mathrm{softmax}(x)_k`."""
    return -log_softmax(np.asarray(logits), axis=axis)


def categorical_focal_from_logits(logits, labels, *, gamma=2.0, alpha=1.0, axis=-1):
    r"""Softmax focal loss: :math:`\ell = -\alpha\sum_k (1-q_k)^\gamma y_k \log q_k`."""
    logits, labels = np.asarray(logits), np.asarray(labels)
    log_q = log_softmax(logits, axis=axis)
    return -alpha * np.sum((1 - np.exp(log_q)) ** gamma * labels * log_q, axis=axis)


def binary_per_class_on_softmax(logits, labels, *, axis=-1):
    r"""The binary formula applied to every class of a softmax output, summed:
    :math:`-\sum_k [y_k \log q_k + (1-y_k)\log(1-q_k)]` with :math:`q = \mathrm{softmax}(x)`.

    Not the softmax cross-entropy: it also rewards low probability on wrong
    classes, treating them as independent yes/no questions.
    """
    logits, labels = np.asarray(logits), np.asarray(labels)
    log_q = log_softmax(logits, axis=axis)
    log_not_q = np.log1p(-np.exp(log_q))
    return -np.sum(labels * log_q + (1 - labels) * log_not_q, axis=axis)

