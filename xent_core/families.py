"""The sigmoid and softmax families side by side: labels for a chosen number
of classes, the lowest loss a label allows, per-class loss terms, the
two-class equivalence and the numbers of the learners' questions.

Argument order as in :mod:`xent_core.losses`: ``logits`` first, then
``labels``; settings keyword-only. Framework numbers come from
:mod:`xent_core.frameworks`, so they carry each framework's float32 rounding.
"""
from __future__ import annotations

import numpy as np

from . import frameworks
from .information import bernoulli_entropy, categorical_entropy
from .losses import (binary_ce_from_logits, binary_ce_from_probs, binary_per_class_on_softmax,
                     one_hot, smooth_binary_labels, smooth_categorical_labels)
from .primitives import log_softmax, sigmoid, softmax

FAMILIES = ("softmax", "sigmoid")
# The framework function that computes each family from logits.
FRAMEWORK_FOR_FAMILY = {"softmax": "tf.nn.softmax_cross_entropy_with_logits",
                        "sigmoid": "tf.nn.sigmoid_cross_entropy_with_logits"}


# --- labels and logits for a chosen number of classes -----------------------

def fit_to_classes(values, num_classes, *, fill=0.0):
    """A 1-D vector of length ``num_classes``: ``values`` cut or padded with ``fill``.

    Returns ``(vector, changed)``; ``changed`` says whether the length differed.

    >>> fit_to_classes(np.array([0.5, 1.5]), 3)
    (array([0.5, 1.5, 0. ]), True)
    """
    flat = np.ravel(np.asarray(values, np.float64))
    out = np.full(num_classes, fill, np.float64)
    n = min(flat.size, num_classes)
    out[:n] = flat[:n]
    return out, flat.size != num_classes


def labels_for_classes(values, num_classes):
    """Labels typed as a class index (one whole number in range) become one-hot;
    anything else is a label vector, cut or padded with 0 to ``num_classes``.

    Returns ``(labels, changed)`` as :func:`fit_to_classes`.

    >>> labels_for_classes(np.array([2.0]), 3)[0]
    array([0., 0., 1.])
    """
    flat = np.ravel(np.asarray(values, np.float64))
    is_index = (flat.size == 1 and num_classes > 1 and float(flat[0]).is_integer()
                and 0 <= flat[0] < num_classes)
    if is_index:
        return one_hot(int(flat[0]), num_classes), False
    return fit_to_classes(flat, num_classes)


def is_distribution(labels, *, atol=1e-9):
    """Whether a (K,) label is a probability distribution: no negative entry, sum 1."""
    labels = np.asarray(labels, np.float64)
    return bool((labels >= 0).all() and abs(labels.sum() - 1) <= atol)


def smooth_labels(labels, smoothing, *, family):
    r"""Label smoothing as each family's frameworks do it: :math:`y(1-s) + s/2`
    for sigmoid (each class is its own yes/no), :math:`y(1-s) + s/K` for softmax."""
    if family == "sigmoid":
        return smooth_binary_labels(labels, smoothing)
    return smooth_categorical_labels(labels, smoothing)


def loss_floor(labels, *, family):
    r"""The lowest loss any logits can give for ``labels`` (shape (K,)).

    Softmax: :math:`\ell = Y\,\mathrm{LSE}(x) - y\cdot x` with :math:`Y = \sum_k y_k`
    is smallest where :math:`\mathrm{softmax}(x) = y / Y`, giving
    :math:`Y\,H(y / Y)`; sigmoid: each class is smallest at :math:`\sigma(x_k) = y_k`,
    giving :math:`\sum_k H_{\mathrm{Bernoulli}}(y_k)`. The entropy of the
    label, not 0, unless the label is certain (0 or 1), and then it is only
    approached as logits go to infinity. Labels outside the family's range
    (a negative label; for sigmoid, above 1) make the loss unbounded below:
    ``-inf``.
    """
    labels = np.asarray(labels, np.float64)
    if family == "sigmoid":
        if ((labels < 0) | (labels > 1)).any():
            return -np.inf
        return float(np.sum(bernoulli_entropy(labels))) + 0.0
    total = float(labels.sum())
    if (labels < 0).any() or total <= 0:
        return -np.inf if (labels < 0).any() else 0.0
    return float(total * categorical_entropy(labels / total)) + 0.0  # + 0.0 turns -0.0 into 0.0


def framework_loss_and_grad(logits, labels, *, family, dtype=np.float32):
    r"""Loss and gradient over all K logits as the framework computes them
    (:data:`FRAMEWORK_FOR_FAMILY`), in ``dtype``. The sigmoid family's
    per-class losses are summed, so both families give one number:
    :math:`\sum_k \ell_k`.

    Returns ``(name, loss, grad)`` with ``grad`` of shape (K,). Raises
    ``ValueError`` with the framework's message for input it refuses.
    """
    name = FRAMEWORK_FOR_FAMILY[family]
    kwargs = {"labels": np.asarray(labels, dtype), "logits": np.asarray(logits, dtype)}
    loss = frameworks.call(name, **kwargs)
    grad = frameworks.gradient(name, "logits", **kwargs)
    return name, float(np.sum(loss)), np.asarray(grad)


# --- the same logits through both families ----------------------------------

def probabilities(logits):
    r"""Per-class probabilities of both families: :math:`\sigma(x_k)` (each its
    own yes/no, any sum) and :math:`\mathrm{softmax}(x)_k` (sum 1 per row)."""
    logits = np.asarray(logits)
    return {"sigmoid": sigmoid(logits), "softmax": softmax(logits)}


def per_class_terms(logits, labels):
    r"""The loss term of every class under three formulas, shape of ``logits``:

    - ``softmax``: :math:`-y_k \log \mathrm{softmax}(x)_k` (sums to the softmax CE);
    - ``binary_on_softmax``: :math:`-[y_k \log q_k + (1-y_k)\log(1-q_k)]` with
      :math:`q = \mathrm{softmax}(x)` (the binary formula on softmax outputs);
    - ``sigmoid``: :math:`-[y_k \log\sigma(x_k) + (1-y_k)\log(1-\sigma(x_k))]`.
    """
    logits, labels = np.asarray(logits), np.asarray(labels)
    q = softmax(logits)
    return {"softmax": -labels * log_softmax(logits),
            "binary_on_softmax": binary_ce_from_probs(q, labels),
            "sigmoid": binary_ce_from_logits(logits, labels)}


def family_losses(logits, labels):
    """One loss per row under each reading of the same numbers, from the
    framework functions (so in their dtype and with their reductions):

    - ``softmax``: ``tf.nn.softmax_cross_entropy_with_logits``;
    - ``sigmoid_sum``: ``tf.nn.sigmoid_cross_entropy_with_logits`` summed over classes;
    - ``keras_binary_logits``: ``keras.losses.binary_crossentropy(from_logits=True)``,
      the same per-class terms averaged over the K classes;
    - ``binary_on_softmax_sum``: the binary formula summed over the classes of
      the softmax output (seed 004's hand computation);
    - ``keras_binary_on_softmax``: ``keras.losses.binary_crossentropy`` on
      the softmax output, the same terms averaged over the classes.

    Raises ``ValueError`` with the framework's message for input it refuses.
    """
    logits, labels = np.asarray(logits), np.asarray(labels, np.asarray(logits).dtype)
    q = softmax(logits)
    call = frameworks.call
    return {
        "softmax": call("tf.nn.softmax_cross_entropy_with_logits", labels=labels, logits=logits),
        "sigmoid_sum": np.sum(call("tf.nn.sigmoid_cross_entropy_with_logits", labels=labels,
                                   logits=logits), axis=-1),
        "keras_binary_logits": call("keras.losses.binary_crossentropy", y_true=labels,
                                    y_pred=logits, from_logits=True),
        "binary_on_softmax_sum": binary_per_class_on_softmax(logits, labels),
        "keras_binary_on_softmax": call("keras.losses.binary_crossentropy", y_true=labels, y_pred=q),
    }


# --- sparse labels are one-hot labels ---------------------------------------

def class_index_if_one_hot(labels):
    """The class index of every row when each row is one-hot (one 1, the rest 0),
    else ``None``: the sparse family cannot express soft labels.

    >>> class_index_if_one_hot(np.array([[0, 1, 0], [0, 0, 1]]))
    array([1, 2])
    """
    labels = np.asarray(labels)
    is_binary = np.isin(labels, (0, 1)).all()
    if not is_binary or not (np.sum(labels, axis=-1) == 1).all():
        return None
    return np.argmax(labels, axis=-1)


def sparse_and_one_hot_losses(logits, labels):
    """The softmax CE of the same rows through the one-hot and the sparse
    framework functions; ``None`` when the labels are not one-hot.

    Returns a dict API name -> per-row losses. Raises ``ValueError`` with
    the framework's message for input it refuses.
    """
    index = class_index_if_one_hot(labels)
    if index is None:
        return None
    logits = np.asarray(logits)
    labels = np.asarray(labels, logits.dtype)
    call = frameworks.call
    return {
        "tf.nn.softmax_cross_entropy_with_logits":
            call("tf.nn.softmax_cross_entropy_with_logits", labels=labels, logits=logits),
        "tf.nn.sparse_softmax_cross_entropy_with_logits":
            call("tf.nn.sparse_softmax_cross_entropy_with_logits", labels=index, logits=logits),
        "keras.losses.categorical_crossentropy":
            call("keras.losses.categorical_crossentropy", y_true=labels, y_pred=logits, from_logits=True),
        "keras.losses.sparse_categorical_crossentropy":
            call("keras.losses.sparse_categorical_crossentropy", y_true=index, y_pred=logits,
                 from_logits=True),
    }


def agree(results, *, ulps=4):
    """Whether every array of ``results`` (name -> values) equals the first to
    within a few units in the last place of its dtype (frameworks that take
    different paths may round differently)."""
    arrays = [np.asarray(v) for v in results.values()]
    first = arrays[0]
    rtol = ulps * np.finfo(first.dtype if first.dtype.kind == "f" else np.float64).eps
    return all(np.allclose(a, first, rtol=rtol, atol=rtol) for a in arrays[1:])


# --- two classes: softmax is a sigmoid of the difference --------------------

def two_class_equivalence(differences, *, shift=0.0):
    r"""Softmax over two logits :math:`(c, c + d)` against a sigmoid of the difference
    :math:`d`, for each ``d`` in ``differences`` (shape (n,)):

    .. math:: \mathrm{softmax}(c, c + d)_2 = \frac{e^{c+d}}{e^{c} + e^{c+d}}
              = \frac{1}{1 + e^{-d}} = \sigma(d)

    whatever the shift :math:`c`. Returns a dict of (n,) arrays
    ``softmax_p``, ``sigmoid_p`` (probability of the second class),
    ``softmax_ce`` (label (0, 1)) and ``sigmoid_ce`` (label 1).
    """
    d = np.asarray(differences, np.float64)
    pairs = np.stack([np.full_like(d, shift), shift + d], axis=-1)
    return {"softmax_p": softmax(pairs)[:, 1], "sigmoid_p": sigmoid(d),
            "softmax_ce": -log_softmax(pairs)[:, 1],
            "sigmoid_ce": binary_ce_from_logits(d, np.ones_like(d))}


def two_class_framework_check(difference, *, shift=0.0, dtype=np.float32):
    """Seed 001's "sigmoid is softmax with two classes" through the frameworks:
    ``tf.nn.softmax_cross_entropy_with_logits`` on logits ``(c, c + d)`` with
    label ``(0, 1)`` and ``tf.nn.sigmoid_cross_entropy_with_logits`` on the
    logit ``d`` with label 1. Returns a dict API name -> loss (float)."""
    pair = np.array([[shift, shift + difference]], dtype)
    softmax_ce = frameworks.call("tf.nn.softmax_cross_entropy_with_logits",
                                 labels=np.array([[0, 1]], dtype), logits=pair)
    sigmoid_ce = frameworks.call("tf.nn.sigmoid_cross_entropy_with_logits",
                                 labels=np.array([1], dtype), logits=np.array([difference], dtype))
    return {"tf.nn.softmax_cross_entropy_with_logits": float(softmax_ce[0]),
            "tf.nn.sigmoid_cross_entropy_with_logits": float(sigmoid_ce[0])}


def binary_entropy_floor(labels):
    r""":math:`\sum_k H_{\mathrm{Bernoulli}}(y_k)` per row: the smallest binary
    cross-entropy soft targets such as grey pixels allow, reached at
    :math:`\sigma(x_k) = y_k` (not 0 unless every target is 0 or 1)."""
    return np.sum(bernoulli_entropy(np.asarray(labels, np.float64)), axis=-1)


# --- the loss surface page's geometry ---------------------------------------

def with_point(logits, i, j, point):
    """A copy of the (K,) ``logits`` with entries ``i`` and ``j`` set to ``point``."""
    out = np.array(logits, np.float64)
    out[[i, j]] = point
    return out


def surface_axes(visit, span, *, points=161, widest=4.0):
    """Grid values for both axes: ``[-span, span]``, widened to keep every
    point of ``visit`` ((n, 2): the current point, the descent path) half a
    unit inside, but to at most ``widest * span``: a diverging path may
    leave the view rather than shrink the landscape to nothing.

    Returns ``(a_values, b_values)``, each (points,)."""
    farthest = float(np.max(np.abs(np.asarray(visit, np.float64)))) + 0.5
    reach = min(max(float(span), farthest), widest * float(span))
    axis = np.linspace(-reach, reach, points)
    return axis, axis.copy()
