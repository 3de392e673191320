"""TensorFlow 2.21: ``tf.nn`` cross-entropies and the ``tf.compat.v1.losses`` ones.

Written op for op as ``tensorflow/python/ops/nn_impl.py``, ``nn_ops.py`` and
``losses/losses_impl.py`` write them, so that the tape's gradient is TF's.
"""
from __future__ import annotations

import numpy as np

from .. import tape
from ..tape import val
from .registry import FLOAT, INDEX, register

TF_DOCS = "https://www.tensorflow.org/api_docs/python/"


def _check_same_shape(labels, logits):
    if np.shape(val(labels)) != np.shape(val(logits)):
        raise ValueError("`logits` and `labels` must have the same shape, received "
                         f"({_tf_shape(logits)} vs {_tf_shape(labels)}).")


def _tf_size(x):
    """A shape as TF's kernels print it: ``[1,3]``."""
    return "[" + ",".join(str(d) for d in np.shape(val(x))) + "]"


def _tf_shape(x):
    """A shape as TensorShape prints it: ``(2, 3)``, ``(2,)``, ``()``."""
    return str(tuple(np.shape(val(x))))


@register(
    "tf.nn.sigmoid_cross_entropy_with_logits", framework="TensorFlow", family="sigmoid",
    takes="logits", label_format="binary/soft",
    summary="Elementwise sigmoid cross-entropy; no reduction, soft labels allowed.",
    formula=r"\max(x,0) - x z + \log(1 + e^{-|x|})",
    url=TF_DOCS + "tf/nn/sigmoid_cross_entropy_with_logits",
    arrays={"labels": FLOAT, "logits": FLOAT}, dtype_from="logits",
    differentiable=("labels", "logits"))
def sigmoid_cross_entropy_with_logits(labels, logits):
    _check_same_shape(labels, logits)
    zeros = np.zeros_like(val(logits))
    cond = val(logits) >= zeros
    relu_logits = tape.where(cond, logits, zeros)
    neg_abs_logits = tape.where(cond, -logits, logits)  # -|x| with TF's gradient at 0
    return relu_logits - logits * labels + tape.log1p(tape.exp(neg_abs_logits))


@register(
    "tf.nn.weighted_cross_entropy_with_logits", framework="TensorFlow", family="sigmoid",
    takes="logits", label_format="binary/soft",
    summary="Sigmoid cross-entropy with the positive term scaled by pos_weight (class imbalance).",
    formula=r"(1 - z) x + (1 + (q - 1) z)\,(\log(1 + e^{-|x|}) + \max(-x, 0))",
    url=TF_DOCS + "tf/nn/weighted_cross_entropy_with_logits",
    arrays={"labels": FLOAT, "logits": FLOAT, "pos_weight": FLOAT}, dtype_from="logits",
    differentiable=("labels", "logits", "pos_weight"))
def weighted_cross_entropy_with_logits(labels, logits, pos_weight):
    _check_same_shape(labels, logits)
    log_weight = 1 + (pos_weight - 1) * labels
    softplus_neg_abs = tape.log1p(tape.exp(-tape.abs_(logits)))
    return (1 - labels) * logits + log_weight * (softplus_neg_abs + tape.relu(-logits))


def softmax_xent_kernel(labels, logits):
    """TF's fused ``SoftmaxCrossEntropyWithLogits`` kernel on the last axis.

    loss = sum(labels * (log(sum(exp(x - max))) - (x - max))); its gradient is
    ``softmax(x) - labels`` for the logits (even for label rows that do not sum
    to 1) and ``-log_softmax(x)`` for the labels (``nn_grad.py``).
    """
    x_shape, z_shape = np.shape(val(logits)), np.shape(val(labels))
    x, z = np.broadcast_arrays(val(logits), val(labels))  # the kernel broadcasts labels and logits
    shifted = x - np.max(x, axis=-1, keepdims=True)
    sum_exp = np.sum(np.exp(shifted), axis=-1, keepdims=True)
    log_sum_exp = np.log(sum_exp)
    loss = np.sum(z * (log_sum_exp - shifted), axis=-1)
    probs = np.exp(shifted) / sum_exp
    return tape.custom(
        loss,
        (logits, lambda g: tape.unbroadcast(g[..., None] * (probs - z), x_shape)),
        (labels, lambda g: tape.unbroadcast(g[..., None] * -(shifted - log_sum_exp), z_shape)))


def _move_axis_last(x, axis):
    if axis in (-1, np.ndim(val(x)) - 1):
        return x
    x_val = val(x)
    if not isinstance(x, tape.Node):
        return np.moveaxis(x_val, axis, -1)
    return tape.custom(np.moveaxis(x_val, axis, -1), (x, lambda g: np.moveaxis(g, -1, axis)))


@register(
    "tf.nn.softmax_cross_entropy_with_logits", framework="TensorFlow", family="softmax",
    takes="logits", label_format="one-hot/soft",
    summary="Softmax cross-entropy per row; any label distribution; the gradient also flows into the labels (v2).",
    formula=r"-\sum_k z_k \log \frac{e^{x_k}}{\sum_j e^{x_j}}",
    url=TF_DOCS + "tf/nn/softmax_cross_entropy_with_logits",
    arrays={"labels": FLOAT, "logits": FLOAT}, dtype_from="logits",
    differentiable=("labels", "logits"))
def softmax_cross_entropy_with_logits(labels, logits, axis=-1):
    if np.ndim(val(logits)) == 0:
        raise ValueError("`logits` cannot be a scalar.")
    try:
        np.broadcast_shapes(np.shape(val(labels)), np.shape(val(logits)))
    except ValueError:
        raise ValueError("logits and labels must be broadcastable: "
                         f"logits_size={_tf_size(logits)} labels_size={_tf_size(labels)}") from None
    return softmax_xent_kernel(_move_axis_last(labels, axis), _move_axis_last(logits, axis))


def sparse_softmax_xent_kernel(labels, logits):
    """TF's ``SparseSoftmaxCrossEntropyWithLogits``: log(sum(exp(x - max))) - (x_c - max).

    On CPU a label outside [0, K) is an error; the labels get no gradient.
    """
    x = val(logits)
    num_classes = x.shape[-1]
    labels = np.asarray(labels)
    bad = (labels < 0) | (labels >= num_classes)
    if bad.any():
        raise ValueError(f"Received a label value of {labels[bad].flat[0]} which is outside the "
                         f"valid range of [0, {num_classes}).  Label values: "
                         + " ".join(str(v) for v in labels.ravel()))
    shifted = x - np.max(x, axis=-1, keepdims=True)
    sum_exp = np.sum(np.exp(shifted), axis=-1, keepdims=True)
    picked = np.take_along_axis(shifted, labels[..., None], axis=-1)
    loss = (np.log(sum_exp) - picked)[..., 0]
    backprop = np.exp(shifted) / sum_exp
    np.put_along_axis(backprop, labels[..., None],
                      np.take_along_axis(backprop, labels[..., None], axis=-1) - 1, axis=-1)
    return tape.custom(loss, (logits, lambda g: g[..., None] * backprop))


@register(
    "tf.nn.sparse_softmax_cross_entropy_with_logits", framework="TensorFlow",
    family="sparse softmax", takes="logits", label_format="class index",
    summary="Softmax cross-entropy with an integer class index per row instead of a one-hot vector.",
    formula=r"\log \sum_j e^{x_j} - x_c",
    url=TF_DOCS + "tf/nn/sparse_softmax_cross_entropy_with_logits",
    arrays={"labels": INDEX, "logits": FLOAT}, dtype_from="logits",
    differentiable=("logits",))
def sparse_softmax_cross_entropy_with_logits(labels, logits):
    labels = np.asarray(labels)
    if np.ndim(val(logits)) == 0:
        raise ValueError("`logits` cannot be a scalar.")
    if labels.ndim != np.ndim(val(logits)) - 1:
        raise ValueError("`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                         f"labels.shape={_tf_shape(labels)} of rank {labels.ndim} and "
                         f"logits.shape={_tf_shape(logits)} of rank {np.ndim(val(logits))}")
    if labels.shape != np.shape(val(logits))[:-1]:
        raise ValueError("`labels.shape` must equal `logits.shape` except for the last dimension. "
                         f"Received: labels.shape={_tf_shape(labels)} and logits.shape={_tf_shape(logits)}")
    return sparse_softmax_xent_kernel(labels, logits)


# --- tf.compat.v1.losses ------------------------------------------------------

V1_REDUCTIONS = {"none": "none", "weighted_sum": "weighted_sum",
                 "weighted_sum_over_batch_size": "weighted_sum_over_batch_size",
                 "weighted_mean": "weighted_mean",
                 "weighted_sum_by_nonzero_weights": "weighted_sum_by_nonzero_weights",
                 # tf.compat.v1.losses.Reduction attribute names
                 "NONE": "none", "SUM": "weighted_sum", "MEAN": "weighted_mean",
                 "SUM_OVER_BATCH_SIZE": "weighted_sum_over_batch_size",
                 "SUM_BY_NONZERO_WEIGHTS": "weighted_sum_by_nonzero_weights",
                 "SUM_OVER_NONZERO_WEIGHTS": "weighted_sum_by_nonzero_weights"}
V1_DEFAULT_REDUCTION = "weighted_sum_by_nonzero_weights"


def _div_no_nan(total, count):
    """``div_no_nan``: 0 where the count is 0, and no gradient there."""
    count = np.asarray(count, dtype=val(total).dtype)
    safe = np.where(count == 0, np.ones((), count.dtype), count)
    return tape.where(count == 0, np.zeros((), count.dtype), tape.div(total, safe))


def _check_broadcastable(weights, losses_shape):
    w_shape = np.shape(weights)
    if len(w_shape) == 0:
        return
    if len(w_shape) != len(losses_shape) or any(
            w not in (1, s) for w, s in zip(w_shape, losses_shape)):
        raise ValueError(f"weights can not be broadcast to values. values.rank={len(losses_shape)}. "
                         f"weights.rank={len(w_shape)}. values.shape={losses_shape}. "
                         f"weights.shape={w_shape}.")


def compute_weighted_loss(losses, weights=1.0, reduction=V1_DEFAULT_REDUCTION):
    r"""``tf.compat.v1.losses.compute_weighted_loss``: the losses and weights are
    cast to float32 whatever their dtype, weighted, reduced, and cast back.

    ``weighted_sum_by_nonzero_weights`` divides by the number of losses whose
    weight is not 0; a Python float weight counts every loss.
    """
    if reduction not in V1_REDUCTIONS:
        raise ValueError(f"Invalid Reduction Key {reduction}. Key should be one of "
                         "('none', 'weighted_sum', 'weighted_mean', 'weighted_sum_over_batch_size', "
                         "'weighted_sum_by_nonzero_weights', 'weighted_sum_by_nonzero_weights').")
    reduction = V1_REDUCTIONS[reduction]
    input_dtype = val(losses).dtype
    shape = np.shape(val(losses))
    _check_broadcastable(val(weights), shape)
    losses32 = tape.cast(losses, np.float32)
    weights32 = tape.cast(weights, np.float32) if isinstance(weights, tape.Node) \
        else np.asarray(weights, dtype=np.float32)
    weighted = losses32 * weights32
    if reduction == "none":
        return tape.cast(weighted, input_dtype)
    total = tape.reduce_sum(weighted)
    w = np.asarray(val(weights32), dtype=np.float32)
    if reduction == "weighted_mean":
        total = _div_no_nan(total, np.sum(np.ones(shape, np.float32) * w))
    elif reduction == "weighted_sum_by_nonzero_weights":
        if w.ndim == 0 and w != 0:
            count = np.prod(shape)
        else:
            count = np.sum(np.broadcast_to(np.where(w == 0, 0, 1), shape).astype(np.float32))
        total = _div_no_nan(total, count)
    elif reduction == "weighted_sum_over_batch_size":
        total = _div_no_nan(total, np.prod(shape))
    return tape.cast(total, input_dtype)


@register(
    "tf.compat.v1.losses.sigmoid_cross_entropy", family="sigmoid", takes="logits",
    label_format="binary/soft",
    summary="TF1 loss: sigmoid cross-entropy with label smoothing y(1-s)+s/2, weights and a reduction "
            "(default: mean over non-zero weights).",
    formula=r"\mathrm{reduce}\big(w\,[\max(x,0) - x z' + \log(1 + e^{-|x|})]\big),\ z' = z(1-s) + s/2",
    url=TF_DOCS + "tf/compat/v1/losses/sigmoid_cross_entropy",
    arrays={"multi_class_labels": FLOAT, "logits": FLOAT, "weights": FLOAT}, dtype_from="logits",
    differentiable=("multi_class_labels", "logits"), framework="TensorFlow", float32_inside=True)
def v1_sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0,
                             reduction=V1_DEFAULT_REDUCTION):
    if np.shape(val(multi_class_labels)) != np.shape(val(logits)):
        raise ValueError(f"Shapes {_tf_shape(logits)} and {_tf_shape(multi_class_labels)} are incompatible")
    if label_smoothing > 0:
        multi_class_labels = multi_class_labels * (1 - label_smoothing) + 0.5 * label_smoothing
    losses = sigmoid_cross_entropy_with_logits(multi_class_labels, logits)
    return compute_weighted_loss(losses, val(weights), reduction)


@register(
    "tf.compat.v1.losses.softmax_cross_entropy", family="softmax", takes="logits",
    label_format="one-hot/soft",
    summary="TF1 loss: softmax cross-entropy with label smoothing y(1-s)+s/K, weights per row and a "
            "reduction; no gradient into the labels.",
    formula=r"\mathrm{reduce}\big(w\,[-\textstyle\sum_k z'_k \log \mathrm{softmax}(x)_k]\big),\ z' = z(1-s) + s/K",
    url=TF_DOCS + "tf/compat/v1/losses/softmax_cross_entropy",
    arrays={"onehot_labels": FLOAT, "logits": FLOAT, "weights": FLOAT}, dtype_from="logits",
    differentiable=("logits",), framework="TensorFlow", float32_inside=True)
def v1_softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0,
                             reduction=V1_DEFAULT_REDUCTION):
    if np.shape(val(onehot_labels)) != np.shape(val(logits)):
        raise ValueError(f"Shapes {_tf_shape(logits)} and {_tf_shape(onehot_labels)} are incompatible")
    labels = val(onehot_labels)
    if label_smoothing > 0:
        num_classes = np.asarray(labels.shape[-1], dtype=labels.dtype)
        labels = labels * (1.0 - label_smoothing) + label_smoothing / num_classes
    losses = softmax_xent_kernel(tape.stop_gradient(labels), logits)
    return compute_weighted_loss(losses, val(weights), reduction)


@register(
    "tf.compat.v1.losses.sparse_softmax_cross_entropy", family="sparse softmax", takes="logits",
    label_format="class index",
    summary="TF1 loss: sparse softmax cross-entropy with weights per row and a reduction.",
    formula=r"\mathrm{reduce}\big(w\,[\log \textstyle\sum_j e^{x_j} - x_c]\big)",
    url=TF_DOCS + "tf/compat/v1/losses/sparse_softmax_cross_entropy",
    arrays={"labels": INDEX, "logits": FLOAT, "weights": FLOAT}, dtype_from="logits",
    differentiable=("logits",), framework="TensorFlow", float32_inside=True)
def v1_sparse_softmax_cross_entropy(labels, logits, weights=1.0, reduction=V1_DEFAULT_REDUCTION):
    labels = np.asarray(labels)
    rank_diff = np.ndim(val(logits)) - labels.ndim
    if rank_diff == 0 and labels.shape[-1:] == (1,):
        labels = labels[..., 0]  # _remove_squeezable_dimensions
    w = np.asarray(val(weights))
    if w.ndim == labels.ndim + 1:
        w = w[..., 0]
    losses = sparse_softmax_cross_entropy_with_logits(labels, logits)
    return compute_weighted_loss(losses, w, reduction)


@register(
    "tf.compat.v1.losses.log_loss", family="log loss", takes="probabilities",
    label_format="binary/soft",
    summary="TF1 log loss on probabilities: epsilon added inside each log (no clipping); "
            "always computed in float32.",
    formula=r"\mathrm{reduce}\big(w\,[-y \log(p + \epsilon) - (1 - y) \log(1 - p + \epsilon)]\big)",
    url=TF_DOCS + "tf/compat/v1/losses/log_loss",
    arrays={"labels": FLOAT, "predictions": FLOAT, "weights": FLOAT}, dtype_from="predictions",
    differentiable=("labels", "predictions"), framework="TensorFlow", float32_inside=True)
def v1_log_loss(labels, predictions, weights=1.0, epsilon=1e-7, reduction=V1_DEFAULT_REDUCTION):
    predictions = tape.cast(predictions, np.float32)
    labels = tape.cast(labels, np.float32)
    if np.shape(val(predictions)) != np.shape(val(labels)):
        raise ValueError(f"Shapes {_tf_shape(predictions)} and {_tf_shape(labels)} are incompatible")
    eps = np.float32(epsilon)
    losses = -(labels * tape.log(predictions + eps)) - (1 - labels) * tape.log(1 - predictions + eps)
    return compute_weighted_loss(losses, val(weights), reduction)
