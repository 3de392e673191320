"""Keras 3.15 on the TensorFlow backend: ``keras.losses`` functions and classes.

Written as ``keras/src/losses/losses.py`` and
``keras/src/backend/tensorflow/nn.py`` write them. From probabilities, Keras
clips to ``[1e-7, 1 - 1e-7]``; in float32 the upper bound rounds to
``1 - 2**-23``, so the largest loss is 16.118095 for y = 1 but 15.942385 for
y = 0.
"""
from __future__ import annotations

import numpy as np

from .. import tape
from ..tape import val
from .registry import FLOAT, INDEX, register
from .tensorflow import (sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits,
                         sparse_softmax_xent_kernel)

EPSILON = 1e-7  # keras.config.epsilon()
KERAS_DOCS = "https://keras.io/api/losses/probabilistic_losses/"


def _shape(x):
    return tuple(np.shape(val(x)))


def _check_same_shape(target, output):
    if len(_shape(target)) != len(_shape(output)):
        raise ValueError("Arguments `target` and `output` must have the same rank (ndim). Received: "
                         f"target.shape={_shape(target)}, output.shape={_shape(output)}")
    if _shape(target) != _shape(output):
        raise ValueError("Arguments `target` and `output` must have the same shape. Received: "
                         f"target.shape={_shape(target)}, output.shape={_shape(output)}")


def _cast_like(y_true, y_pred):
    """``ops.cast(y_true, y_pred.dtype)``."""
    return tape.cast(y_true, val(y_pred).dtype)


def _clip_probs(output):
    """``clip_by_value(output, 1e-7, 1 - 1e-7)``: zero gradient outside."""
    return tape.clip(output, EPSILON, 1.0 - EPSILON)


def backend_binary_crossentropy(target, output, from_logits=False, output_logits=None):
    r"""``keras.ops.binary_crossentropy`` (elementwise).

    From probabilities: :math:`-[y\log \hat p + (1-y)\log(1-\hat p)]` with
    :math:`\hat p = \mathrm{clip}(p, 10^{-7}, 1-10^{-7})`. When the output came
    from ``ops.sigmoid`` (``output_logits``), Keras uses those logits instead.
    """
    _check_same_shape(target, output)
    if output_logits is not None:
        output, from_logits = output_logits, True
    if from_logits:
        return sigmoid_cross_entropy_with_logits(target, output)
    output = _clip_probs(output)
    bce = target * tape.log(output)
    bce = bce + (1 - target) * tape.log(1 - output)
    return -bce


def backend_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    r"""``keras.ops.categorical_crossentropy``: from probabilities the rows are
    renormalised to sum to 1, clipped, then :math:`-\sum_k y_k \log \hat q_k`."""
    if len(_shape(target)) < 1:
        raise ValueError("Arguments `target` and `output` must be at least rank 1. Received: "
                         f"target.shape={_shape(target)}, output.shape={_shape(output)}")
    _check_same_shape(target, output)
    if from_logits:
        return softmax_cross_entropy_with_logits(target, output, axis=axis)
    output = output / tape.reduce_sum(output, axis=axis, keepdims=True)
    output = _clip_probs(output)
    return -tape.reduce_sum(target * tape.log(output), axis=axis)


def _smooth_binary(y_true, label_smoothing):
    return y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing


def _smooth_categorical(y_true, label_smoothing):
    num_classes = np.asarray(_shape(y_true)[-1], dtype=val(y_true).dtype)
    return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes


COMMON = dict(framework="Keras 3", url=KERAS_DOCS)


@register(
    "keras.losses.binary_crossentropy", family="sigmoid", takes="probabilities",
    label_format="binary/soft",
    summary="Mean over the last axis of the elementwise binary cross-entropy; probabilities are "
            "clipped to [1e-7, 1-1e-7] unless from_logits=True.",
    formula=r"\frac{1}{K}\sum_k -[y_k \log \hat p_k + (1-y_k)\log(1-\hat p_k)],\ "
            r"\hat p = \mathrm{clip}(p, 10^{-7}, 1-10^{-7})",
    arrays={"y_true": FLOAT, "y_pred": FLOAT}, dtype_from="y_pred",
    differentiable=("y_true", "y_pred"), **COMMON)
def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true = _cast_like(y_true, y_pred)
    if label_smoothing:
        y_true = _smooth_binary(y_true, label_smoothing)
    return tape.reduce_mean(backend_binary_crossentropy(y_true, y_pred, from_logits), axis=axis)


@register(
    "keras.losses.categorical_crossentropy", family="softmax", takes="probabilities",
    label_format="one-hot/soft",
    summary="Softmax cross-entropy per row; probabilities are renormalised and clipped unless "
            "from_logits=True; label smoothing y(1-s)+s/K.",
    formula=r"-\sum_k y_k \log \mathrm{clip}\Big(\frac{q_k}{\sum_j q_j}, 10^{-7}, 1-10^{-7}\Big)",
    arrays={"y_true": FLOAT, "y_pred": FLOAT}, dtype_from="y_pred",
    differentiable=("y_true", "y_pred"), **COMMON)
def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    if isinstance(axis, bool):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}")
    y_true = _cast_like(y_true, y_pred)
    if label_smoothing:
        y_true = _smooth_categorical(y_true, label_smoothing)
    return backend_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


@register(
    "keras.losses.sparse_categorical_crossentropy", family="sparse softmax",
    takes="probabilities", label_format="class index",
    summary="Softmax cross-entropy with integer class indices; ignore_class gives 0 for those rows.",
    formula=r"-\log \mathrm{softmax}\big(\log \mathrm{clip}(q, 10^{-7}, 1-10^{-7})\big)_c",
    arrays={"y_true": INDEX, "y_pred": FLOAT}, dtype_from="y_pred",
    differentiable=("y_pred",), **COMMON)
def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    y_true = np.asarray(val(y_true))
    if y_true.ndim == len(_shape(y_pred)) and y_true.shape[axis] == 1:
        y_true = np.squeeze(y_true, axis=axis)
    valid = None
    if ignore_class is not None:
        valid = y_true != ignore_class
        y_true = np.where(valid, y_true, 0)
        y_pred = tape.where(np.expand_dims(valid, axis), y_pred, np.zeros((), val(y_pred).dtype))
    if axis not in (-1, len(_shape(y_pred)) - 1):
        raise ValueError(f"Only axis=-1 is currently supported. Received: axis={axis}")
    labels = y_true.astype(np.int64)  # tf.cast to int64 truncates float labels
    if labels.ndim != len(_shape(y_pred)) - 1:
        raise ValueError("Argument `output` must have rank (ndim) `target.ndim - 1`. Received: "
                         f"target.shape={labels.shape}, output.shape={_shape(y_pred)}")
    if labels.shape != _shape(y_pred)[:-1]:
        raise ValueError("Arguments `target` and `output` must have the same shape up until the last "
                         f"dimension: target.shape={labels.shape}, output.shape={_shape(y_pred)}")
    logits = y_pred if from_logits else tape.log(_clip_probs(y_pred))
    result = sparse_softmax_xent_kernel(labels, logits)
    if valid is not None:
        result = tape.where(valid, result, np.zeros((), val(result).dtype))
    return result


@register(
    "keras.losses.binary_focal_crossentropy", family="focal", takes="probabilities",
    label_format="binary/soft",
    summary="Binary cross-entropy scaled by (1 - p_t)^gamma, optionally by alpha_t; mean over the last axis.",
    formula=r"\frac{1}{K}\sum_k \alpha_t (1-p_t)^\gamma\,\mathrm{BCE}(y_k, p_k),\ p_t = y p + (1-y)(1-p)",
    arrays={"y_true": FLOAT, "y_pred": FLOAT}, dtype_from="y_pred",
    differentiable=("y_true", "y_pred"), **COMMON)
def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0,
                              from_logits=False, label_smoothing=0.0, axis=-1):
    y_true = _cast_like(y_true, y_pred)
    if label_smoothing:
        y_true = _smooth_binary(y_true, label_smoothing)
    logits = None
    if from_logits:
        # ops.sigmoid tags its output with the logits; binary_crossentropy then uses them.
        logits, y_pred = y_pred, tape.sigmoid(y_pred)
    bce = backend_binary_crossentropy(y_true, y_pred, output_logits=logits)
    p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)
    focal_bce = tape.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal_bce = (y_true * alpha + (1 - y_true) * (1 - alpha)) * focal_bce
    return tape.reduce_mean(focal_bce, axis=axis)


@register(
    "keras.losses.categorical_focal_crossentropy", family="focal", takes="probabilities",
    label_format="one-hot/soft",
    summary="Categorical cross-entropy with each class term scaled by alpha (1 - q_k)^gamma.",
    formula=r"-\sum_k \alpha (1-\hat q_k)^\gamma\,y_k \log \hat q_k",
    arrays={"y_true": FLOAT, "y_pred": FLOAT}, dtype_from="y_pred",
    differentiable=("y_true", "y_pred"), **COMMON)
def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1):
    y_true = _cast_like(y_true, y_pred)
    if label_smoothing:
        y_true = _smooth_categorical(y_true, label_smoothing)
    if from_logits:
        y_pred = tape.softmax(y_pred, axis=axis)
    output = y_pred / tape.reduce_sum(y_pred, axis=axis, keepdims=True)
    output = _clip_probs(output)
    cce = -y_true * tape.log(output)
    weighting = tape.power(1.0 - output, gamma) * alpha
    return tape.reduce_sum(weighting * cce, axis=axis)


# --- loss classes: constructor and call arguments in one namespace ------------

KERAS_REDUCTIONS = ("sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight")


def _same_rank(x1, x2):
    """``squeeze_or_expand_to_same_rank``: drop or add a trailing axis of size 1."""
    r1, r2 = len(_shape(x1)), len(_shape(x2))
    if r1 == r2 + 1 and _shape(x1)[-1] == 1:
        if r2 == 1:
            x2 = tape.reshape(x2, _shape(x2) + (1,))
        else:
            x1 = tape.reshape(x1, _shape(x1)[:-1])
    if r2 == r1 + 1 and _shape(x2)[-1] == 1:
        if r1 == 1:
            x1 = tape.reshape(x1, _shape(x1) + (1,))
        else:
            x2 = tape.reshape(x2, _shape(x2)[:-1])
    return x1, x2


def reduce_weighted_values(values, sample_weight=None, mask=None, reduction="sum_over_batch_size"):
    """``keras.losses.loss.reduce_weighted_values`` in float32 (the class's dtype)."""
    if reduction not in KERAS_REDUCTIONS:
        raise ValueError("Invalid value for argument `reduction`. Expected one of "
                         "{'sum_over_batch_size', 'sum', None, 'none', 'mean', "
                         f"'mean_with_sample_weight'}}. Received: reduction={reduction}")
    dtype = val(values).dtype
    if mask is not None:
        total = np.asarray(mask.size, dtype)
        valid = np.sum(mask.astype(dtype))
        weight = total / valid if valid else np.zeros((), dtype)
        float_mask = np.where(mask, weight, np.zeros((), dtype)) if reduction in (
            "mean", "sum_over_batch_size") else mask.astype(dtype)
        if sample_weight is None:
            sample_weight = float_mask
        else:
            sample_weight, float_mask = _same_rank(tape.cast(sample_weight, dtype), float_mask)
            sample_weight = val(sample_weight) * float_mask
    if sample_weight is not None:
        values, sample_weight = _same_rank(values, tape.cast(sample_weight, dtype))
        values = values * sample_weight
    if reduction in (None, "none") or _shape(values) in ((), (0,)):
        return values
    loss = tape.reduce_sum(values)
    if reduction in ("sum_over_batch_size", "mean", "mean_with_sample_weight"):
        if reduction == "mean_with_sample_weight" and sample_weight is not None:
            divisor = np.sum(val(sample_weight)).astype(dtype)
        else:
            divisor = np.asarray(np.prod(_shape(values)), dtype)
        safe = divisor if divisor != 0 else np.ones((), dtype)
        loss = tape.where(divisor == 0, np.zeros((), dtype), loss / safe)  # divide_no_nan
    return loss


def _loss_class(fn, y_true, y_pred, sample_weight, reduction, **fn_kwargs):
    """``Loss.__call__``: inputs converted to floatx (float32) whatever their
    dtype, ``squeeze_or_expand_to_same_rank``, the function, then the reduction."""
    y_pred = tape.cast(y_pred, np.float32)
    y_true = tape.cast(y_true, np.float32) if np.asarray(val(y_true)).dtype.kind == "f" \
        else np.asarray(y_true).astype(np.float32)
    y_true, y_pred = _same_rank(y_true, y_pred)
    losses = fn(y_true, y_pred, **fn_kwargs)
    mask = None
    if fn is sparse_categorical_crossentropy and fn_kwargs.get("ignore_class") is not None:
        mask = np.asarray(val(y_true)).reshape(_shape(losses)) != fn_kwargs["ignore_class"]
    return reduce_weighted_values(losses, sample_weight, mask, reduction)


CLASS_DOC = ("Loss class: inputs cast to float32, then `{fn}` per sample, weighted by "
             "sample_weight and reduced (default: sum over batch size).")


@register(
    "keras.losses.BinaryCrossentropy", family="sigmoid", takes="probabilities",
    label_format="binary/soft", summary=CLASS_DOC.format(fn="binary_crossentropy"),
    formula=r"\mathrm{reduce}\big(w_i\,\frac{1}{K}\sum_k \mathrm{BCE}(y_{ik}, p_{ik})\big)",
    arrays={"y_true": FLOAT, "y_pred": FLOAT, "sample_weight": FLOAT}, dtype_from="y_pred",
    differentiable=("y_true", "y_pred"), float32_inside=True, **COMMON)
def BinaryCrossentropy(y_true, y_pred, sample_weight=None, from_logits=False, label_smoothing=0.0,
                       axis=-1, reduction="sum_over_batch_size"):
    return _loss_class(binary_crossentropy, y_true, y_pred, sample_weight, reduction,
                       from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)


@register(
    "keras.losses.CategoricalCrossentropy", family="softmax", takes="probabilities",
    label_format="one-hot/soft", summary=CLASS_DOC.format(fn="categorical_crossentropy"),
    formula=r"\mathrm{reduce}\big(w_i\,[-\textstyle\sum_k y_{ik} \log \hat q_{ik}]\big)",
    arrays={"y_true": FLOAT, "y_pred": FLOAT, "sample_weight": FLOAT}, dtype_from="y_pred",
    differentiable=("y_true", "y_pred"), float32_inside=True, **COMMON)
def CategoricalCrossentropy(y_true, y_pred, sample_weight=None, from_logits=False,
                            label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size"):
    return _loss_class(categorical_crossentropy, y_true, y_pred, sample_weight, reduction,
                       from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)


@register(
    "keras.losses.SparseCategoricalCrossentropy", family="sparse softmax", takes="probabilities",
    label_format="class index", summary=CLASS_DOC.format(fn="sparse_categorical_crossentropy"),
    formula=r"\mathrm{reduce}\big(w_i\,[-\log \hat q_{i,c_i}]\big)",
    arrays={"y_true": INDEX, "y_pred": FLOAT, "sample_weight": FLOAT}, dtype_from="y_pred",
    differentiable=("y_pred",), float32_inside=True, **COMMON)
def SparseCategoricalCrossentropy(y_true, y_pred, sample_weight=None, from_logits=False,
                                  ignore_class=None, axis=-1, reduction="sum_over_batch_size"):
    return _loss_class(sparse_categorical_crossentropy, y_true, y_pred, sample_weight, reduction,
                       from_logits=from_logits, ignore_class=ignore_class, axis=axis)
