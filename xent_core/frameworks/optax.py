"""optax 0.2.8 on jax 0.10: classification losses and label smoothing.

Written op for op as ``optax/losses/_classification.py`` and
``_smoothing.py`` write them, with jax's own definitions underneath
(``jax/_src/nn/functions.py``, ``jax/_src/ops/special.py``): ``log_sigmoid``
is ``-logaddexp(-x, 0)`` with logaddexp's custom JVP, ``log_softmax`` and
``logsumexp`` subtract a max that carries no gradient. Gradients are what
``jax.grad`` gives. float64 is computed as with ``jax_enable_x64``; without
it jax silently computes in float32.
"""
from __future__ import annotations

import operator

import numpy as np

from .. import tape
from ..tape import val
from .registry import FLOAT, INDEX, register

OPTAX_DOCS = "https://optax.readthedocs.io/en/latest/api/losses.html#optax.losses."
COMMON = dict(framework="optax")


# --- jax's building blocks ----------------------------------------------------

def _shape(x):
    return tuple(np.shape(val(x)))


def _check_broadcast(op, a, b):
    """jnp broadcasting: equal ranks go to lax (its message), others to numpy rules."""
    sa, sb = _shape(a), _shape(b)
    try:
        np.broadcast_shapes(sa, sb)
    except ValueError:
        if len(sa) == len(sb):
            raise ValueError(f"{op} got incompatible shapes for broadcasting: {sa}, {sb}.") from None
        raise ValueError(f"Incompatible shapes for broadcasting: shapes=[{sa}, {sb}]") from None


def _check_float(x):
    """``utils.check_subdtype(x, jnp.floating)``."""
    dtype = np.asarray(val(x)).dtype
    if dtype.kind != "f":
        raise ValueError("Expected the input to have a dtype that is a subdtype of "
                         f"<class 'numpy.floating'>, got {dtype} instead")


def _canonical_axis(axis, ndim):
    """``canonicalize_axis`` (numpy's normalize_axis_index and its message)."""
    axis = operator.index(axis)
    if 0 <= axis < ndim:
        return axis
    if -ndim <= axis < 0:
        return axis + ndim
    raise ValueError(f"axis {axis} is out of bounds for array of dimension {ndim}")


def _axes(axis, ndim):
    """Reduction axes as a tuple of non-negative ints (``None``: all)."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (tuple, list)):
        return tuple(_canonical_axis(a, ndim) for a in axis)
    return (_canonical_axis(axis, ndim),)


def _replace_inf(x):
    """+inf -> 0, as jax's logaddexp JVP does before subtracting."""
    return np.where(x == np.inf, np.zeros((), x.dtype), x)


def logaddexp(x1, x2):
    r"""``jnp.logaddexp`` with its custom JVP.

    Value: :math:`\max(x_1, x_2) + \log(1 + e^{-|x_1 - x_2|})` (NaN delta:
    :math:`x_1 + x_2`). Gradient: :math:`e^{x_i - \mathrm{out}}` with +inf
    replaced by 0 on both sides, so an infinite input still gets 1 or 0.
    """
    a, b = val(x1), val(x2)
    a, b = np.asarray(a), np.asarray(b, dtype=np.result_type(a, b))
    amax = np.maximum(a, b)
    delta = a - b
    out = np.where(np.isnan(delta), a + b, amax + np.log1p(np.exp(-np.abs(delta))))
    return tape.custom(
        out,
        (x1, lambda g: tape.unbroadcast(g * np.exp(_replace_inf(a) - _replace_inf(out)), a.shape)),
        (x2, lambda g: tape.unbroadcast(g * np.exp(_replace_inf(b) - _replace_inf(out)), b.shape)))


def log_sigmoid(x):
    """``jax.nn.log_sigmoid``: -softplus(-x) = -logaddexp(-x, 0)."""
    return -logaddexp(-x, np.zeros((), val(x).dtype))


def _masked_sum(x, axis, where, keepdims=False):
    """``jnp.sum(x, axis, where=where)``: masked entries add 0 and get no gradient."""
    if where is not None:
        x = tape.where(where, x, np.zeros((), val(x).dtype))
    return tape.reduce_sum(x, axis=axis, keepdims=keepdims)


def log_softmax(x, axis=-1, where=None):
    r"""``jax.nn.log_softmax``: :math:`(x - m) - \log\sum e^{x - m}` with
    ``stop_gradient`` on the max m; masked entries are :math:`-\infty`."""
    x_val = val(x)
    axes = _axes(axis, x_val.ndim)
    x_max = np.max(x_val, axis=axes, where=True if where is None else where,
                   initial=-np.inf, keepdims=True).astype(x_val.dtype)
    x_safe = x if where is None else tape.where(where, x, -np.inf)
    shifted = x_safe - x_max
    shifted_logsumexp = tape.log(_masked_sum(tape.exp(shifted), axes, where, keepdims=True))
    result = shifted - shifted_logsumexp
    if where is not None:
        return tape.where(where, result, -np.inf)
    return result


def logsumexp(a, axis, where=None):
    r"""``jax.nn.logsumexp`` without ``b``: :math:`m + \log|\sum e^{a - m}|`, m the
    (finite, else 0) max with no gradient."""
    a_val = val(a)
    if where is not None:
        a = tape.where(where, a, np.zeros((), a_val.dtype))
        a_val = val(a)
    amax = np.max(a_val, axis=axis, where=True if where is None else where, initial=-np.inf)
    amax = np.where(np.isfinite(amax), amax, np.zeros((), a_val.dtype)).astype(a_val.dtype)
    exp_a = tape.exp(a - np.expand_dims(amax, axis))
    sumexp = tape.abs_(_masked_sum(exp_a, axis, where))
    return tape.log(sumexp) + amax


def logsumexp_pair(a0, a1, b0, b1):
    r"""``logsumexp(stack([a0, a1], -1), axis=-1, b=stack([b0, b1], -1))``.

    An entry whose b is 0 counts as :math:`-\infty` (no gradient to it); a
    negative sum gives NaN (jax's ``where(sign < 0, nan, out)``).
    """
    dtype = val(a0).dtype
    neg_inf = np.asarray(-np.inf, dtype)
    a0 = tape.where(val(b0) != 0, a0, neg_inf)
    a1 = tape.where(val(b1) != 0, a1, neg_inf)
    amax = np.maximum(val(a0), val(a1))
    amax = np.where(np.isfinite(amax), amax, np.zeros((), dtype))
    total = tape.exp(a0 - amax) * b0 + tape.exp(a1 - amax) * b1
    sign = np.sign(val(total))
    out = tape.log(tape.abs_(total)) + amax
    return tape.where(sign < 0, np.asarray(np.nan, dtype), out)


# --- losses -------------------------------------------------------------------

@register(
    "optax.losses.sigmoid_binary_cross_entropy", family="sigmoid", takes="logits",
    label_format="binary/soft",
    summary="Elementwise sigmoid cross-entropy from logits through log_sigmoid; no reduction; "
            "labels broadcast against logits.",
    formula=r"-y \log\sigma(x) - (1 - y)\log\sigma(-x)",
    url=OPTAX_DOCS + "sigmoid_binary_cross_entropy",
    arrays={"logits": FLOAT, "labels": FLOAT}, dtype_from="logits",
    differentiable=("logits", "labels"), **COMMON)
def sigmoid_binary_cross_entropy(logits, labels):
    _check_float(logits)
    _check_broadcast("mul", labels, logits)
    log_p = log_sigmoid(logits)
    # log(1 - sigmoid(x)) = log_sigmoid(-x), the latter more numerically stable
    log_not_p = log_sigmoid(-logits)
    return -labels * log_p - (1.0 - labels) * log_not_p


@register(
    "optax.losses.softmax_cross_entropy", family="softmax", takes="logits",
    label_format="one-hot/soft",
    summary="Softmax cross-entropy per row from logits and label distributions; optional axis and "
            "where mask; gradient also into the labels.",
    formula=r"-\sum_k y_k \log \mathrm{softmax}(x)_k",
    url=OPTAX_DOCS + "softmax_cross_entropy",
    arrays={"logits": FLOAT, "labels": FLOAT}, dtype_from="logits",
    differentiable=("logits", "labels"), **COMMON)
def softmax_cross_entropy(logits, labels, axis=-1, where=None):
    _check_float(logits)
    ndim = len(_shape(logits))
    if where is not None:
        where = np.asarray(where, dtype=bool)
        if where.ndim != ndim:
            where = np.expand_dims(where, axis)
    axes = _axes(axis, ndim)
    log_probs = log_softmax(logits, axes, where)
    _check_broadcast("mul", labels, logits)
    return -_masked_sum(labels * log_probs, axes, where)


def take_label_logits(logits, labels, axis):
    """``take_along_axis(logits, labels[..., None], axis)`` in jax's "fill" mode:
    labels in [-K, K) pick a logit (negative ones count from the end), others
    give NaN and no gradient."""
    x = val(logits)
    k = x.shape[axis]
    idx = np.expand_dims(labels, axis)
    inside = (idx >= -k) & (idx < k)
    safe = np.where(inside, np.where(idx < 0, idx + k, idx), 0)
    picked = np.take_along_axis(x, safe, axis=axis)
    out = np.where(inside, picked, np.asarray(np.nan, x.dtype))

    def vjp(g):
        # scatter into the broadcast shape, then sum back to the logits' shape
        full = np.zeros(np.broadcast_shapes(x.shape, safe.shape[:axis] + (k,) + safe.shape[axis + 1:]),
                        x.dtype)
        target_shape = full.shape[:axis] + (1,) + full.shape[axis + 1:]
        g = np.where(inside, g, np.zeros((), x.dtype))
        np.put_along_axis(full, np.broadcast_to(safe, target_shape), np.broadcast_to(g, target_shape),
                          axis=axis)
        return tape.unbroadcast(full, x.shape)
    return tape.custom(np.squeeze(out, axis), (logits, lambda g: vjp(np.expand_dims(g, axis))))


def _flatten_class_axes(logits, where, axis):
    """A tuple ``axis``: move those axes last and flatten them into one."""
    ndim = len(_shape(logits))
    logit_axis = tuple(_canonical_axis(a, ndim) for a in axis)
    batch_axis = tuple(a for a in range(ndim) if a not in logit_axis)
    order = batch_axis + logit_axis
    x = val(logits)
    moved = np.transpose(x, order)
    flat_shape = moved.shape[:len(batch_axis)] + (-1,)
    inverse = np.argsort(order)
    flat = tape.custom(moved.reshape(flat_shape),
                       (logits, lambda g: np.transpose(g.reshape(moved.shape), inverse)))
    if where is not None:
        where = np.transpose(where, order).reshape(flat_shape)
    return flat, where, len(batch_axis)


@register(
    "optax.losses.softmax_cross_entropy_with_integer_labels", family="sparse softmax",
    takes="logits", label_format="class index",
    summary="Softmax cross-entropy with an integer class per row: logsumexp(x) - x_c; a label "
            "outside [-K, K) gives NaN instead of an error.",
    formula=r"\log \sum_j e^{x_j} - x_c",
    url=OPTAX_DOCS + "softmax_cross_entropy_with_integer_labels",
    arrays={"logits": FLOAT, "labels": INDEX}, dtype_from="logits",
    differentiable=("logits",), **COMMON)
def softmax_cross_entropy_with_integer_labels(logits, labels, axis=-1, where=None):
    _check_float(logits)
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise ValueError("Expected the input to have a dtype that is a subdtype of "
                         f"<class 'numpy.integer'>, got {labels.dtype} instead")
    ndim = len(_shape(logits))
    if where is not None:
        where = np.asarray(where, dtype=bool)
        if where.ndim != ndim:
            where = np.expand_dims(where, axis)
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer, tuple)):
        raise ValueError("Keyword argument 'axis' must be of type 'int' or 'tuple[int, ...]' but "
                         f"actual type is {type(axis)}.")
    if isinstance(axis, tuple):
        logits, where, axis = _flatten_class_axes(logits, where, axis)
    else:
        axis = _canonical_axis(axis, ndim)
    # Only the correct label's logit is taken, not the whole log_softmax row.
    label_logits = take_label_logits(logits, labels, axis)
    log_normalizers = logsumexp(logits, axis, where)
    out = log_normalizers - label_logits
    if where is not None:
        out = tape.where(np.any(where, axis=axis), out, np.zeros((), val(out).dtype))
    return out


@register(
    "optax.losses.sigmoid_focal_loss", family="focal", takes="logits", label_format="binary/soft",
    summary="Sigmoid cross-entropy scaled by (1 - p_t)^gamma, computed in log space; alpha "
            "weights positives (alpha) against negatives (1 - alpha).",
    formula=r"\alpha_t\,(1 - p_t)^\gamma\,[-y\log\sigma(x) - (1-y)\log\sigma(-x)],\ "
            r"1 - p_t = (1-y)\,\sigma(x) + y\,\sigma(-x)",
    url=OPTAX_DOCS + "sigmoid_focal_loss",
    arrays={"logits": FLOAT, "labels": FLOAT}, dtype_from="logits",
    differentiable=("logits", "labels"), **COMMON)
def sigmoid_focal_loss(logits, labels, alpha=None, gamma=2.0):
    _check_float(logits)
    ce_loss = sigmoid_binary_cross_entropy(logits, labels)
    log_p = log_sigmoid(logits)
    log_q = log_sigmoid(-logits)
    # log(1 - p_t) = logsumexp([log p, log q], b=[1 - y, y]) for soft labels too
    log_one_minus_p_t = logsumexp_pair(log_p, log_q, 1 - labels, labels)
    focal_weight = tape.exp(float(gamma) * log_one_minus_p_t)
    loss = ce_loss * focal_weight
    if alpha is None:
        return loss
    alpha = float(alpha)
    return (alpha * labels + (1.0 - alpha) * (1.0 - labels)) * loss


@register(
    "optax.smooth_labels", family="labels", takes="labels", label_format="one-hot/soft",
    summary="Label smoothing: mixes the labels with the uniform distribution, (1 - alpha) y + "
            "alpha / K; no loss by itself.",
    formula=r"(1 - \alpha)\,y + \alpha / K",
    url="https://optax.readthedocs.io/en/latest/api/utilities.html#optax.smooth_labels",
    arrays={"labels": FLOAT}, dtype_from="labels", differentiable=("labels",), **COMMON)
def smooth_labels(labels, alpha, axis=-1, where=None):
    _check_float(labels)
    dtype = val(labels).dtype
    alpha = float(alpha)
    if where is None:
        ndim = len(_shape(labels))
        num_categories = int(np.prod([_shape(labels)[a] for a in _axes(axis, ndim)]))
        uniform = alpha / num_categories
    else:
        counts = np.sum(np.asarray(where), axis=axis, keepdims=True)
        # int / weak float: computed in float64, then taken to the labels' dtype
        uniform = (alpha / counts).astype(dtype)
    return (1.0 - alpha) * labels + uniform
