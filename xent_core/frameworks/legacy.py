"""Older versions that tutorials and answers still show, as separate entries.

- Keras 2.2 (TensorFlow 1.x backend): probabilities are clipped, turned back
  into logits with ``log(p / (1 - p))`` and fed to
  ``tf.nn.sigmoid_cross_entropy_with_logits``.
- tf.keras 2.2 to 2.15 (``keras/src/backend.py``): clipped, then epsilon is
  added again inside each log.
- scikit-learn 1.4: ``log_loss`` with an ``eps`` argument (default ``"auto"``,
  the dtype's machine epsilon since 1.3; 1e-15 before), rows renormalised to
  sum to 1 with a warning.

``tf.clip_by_value`` is ``maximum(minimum(x, hi), lo)``: its gradient passes
for ``lo <= x <= hi`` (bounds included) and is 0 for NaN.
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import tape
from ..tape import val
from .registry import FLOAT, INDEX, register
from .sklearn import (average, binarize, check_consistent_length, check_normalize,
                      check_probabilities, fit_classes, two_columns)
from .tensorflow import sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits

EPSILON = 1e-7  # keras.backend.epsilon()


def _shape(x):
    return tuple(np.shape(val(x)))


def _tf_dims(shape):
    """A shape as TF's kernels print it: ``[2,3]``."""
    return "[" + ",".join(str(d) for d in shape) + "]"


def _clip_by_value(output):
    """``tf.clip_by_value(output, eps, 1 - eps)`` with eps and 1 - eps in the
    output's dtype (1 - 1e-7 rounds to 1 - 2**-23 in float32)."""
    dtype = val(output).dtype
    eps = np.asarray(EPSILON, dtype)
    return tape.clip(output, eps, np.asarray(1, dtype) - eps)


def _mean_over(x, axis=-1):
    """``K.mean(x, axis)``; a 0-d input has no axis -1 to reduce."""
    if np.ndim(val(x)) == 0:
        raise ValueError(f"Invalid reduction dimension ({axis} for input with 0 dimension(s)")
    return tape.reduce_mean(x, axis=axis)


# --- Keras 2.2 ---------------------------------------------------------------------

def keras_2_2_backend_binary_crossentropy(target, output, from_logits=False):
    r"""Keras 2.2's ``K.binary_crossentropy`` (TensorFlow backend).

    :math:`z = \log\frac{\hat p}{1 - \hat p}`, :math:`\hat p = \mathrm{clip}(p, 10^{-7},
    1 - 10^{-7})`, then :math:`\max(z, 0) - z y + \log(1 + e^{-|z|})`.
    """
    if not from_logits:
        # transform back to logits
        output = _clip_by_value(output)
        output = tape.log(output / (1 - output))
    if _shape(target) != _shape(output):
        # TensorFlow 1.x words the shape check of sigmoid_cross_entropy_with_logits so.
        raise ValueError(f"logits and labels must have the same shape ({_shape(output)} vs {_shape(target)})")
    return sigmoid_cross_entropy_with_logits(target, output)


@register(
    "keras_2_2.losses.binary_crossentropy", framework="Keras 2.2", family="sigmoid",
    takes="probabilities", label_format="binary/soft",
    summary="Keras 2.2: probabilities clipped to [1e-7, 1-1e-7], turned back into logits "
            "log(p/(1-p)) and passed to tf.nn.sigmoid_cross_entropy_with_logits; mean over the last axis.",
    formula=r"\frac{1}{K}\sum_k \max(z_k,0) - z_k y_k + \log(1 + e^{-|z_k|}),\ "
            r"z = \log\frac{\hat p}{1-\hat p},\ \hat p = \mathrm{clip}(p, 10^{-7}, 1-10^{-7})",
    url="https://github.com/keras-team/keras/blob/2.2.4/keras/losses.py",
    arrays={"y_true": FLOAT, "y_pred": FLOAT}, dtype_from="y_pred",
    differentiable=("y_true", "y_pred"))
def keras_2_2_binary_crossentropy(y_true, y_pred, from_logits=False):
    # Keras 2.2's losses.binary_crossentropy takes (y_true, y_pred); from_logits
    # is the backend function's argument.
    return _mean_over(keras_2_2_backend_binary_crossentropy(y_true, y_pred, from_logits))


# --- tf.keras 2.2 to 2.15 --------------------------------------------------------------

def tf_keras_backend_binary_crossentropy(target, output, from_logits=False):
    r"""``tf.keras.backend.binary_crossentropy`` (``keras/src/backend.py``, 2.15).

    :math:`-[y \log(\hat p + \epsilon) + (1 - y)\log(1 - \hat p + \epsilon)]` with
    :math:`\hat p = \mathrm{clip}(p, \epsilon, 1 - \epsilon)`: epsilon is added a
    second time inside the logs, so p = 1 with y = 1 costs -log(1 + 1e-7) < 0.
    """
    if from_logits:
        return sigmoid_cross_entropy_with_logits(target, output)
    output = _clip_by_value(output)
    try:
        np.broadcast_shapes(_shape(target), _shape(output))
    except ValueError:
        raise ValueError(f"Incompatible shapes: {_tf_dims(_shape(target))} vs. "
                         f"{_tf_dims(_shape(output))}") from None
    bce = target * tape.log(output + EPSILON)
    bce = bce + (1 - target) * tape.log(1 - output + EPSILON)
    return -bce


def tf_keras_backend_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    r"""``tf.keras.backend.categorical_crossentropy`` (2.15): rows renormalised,
    clipped to :math:`[\epsilon, 1 - \epsilon]`, then :math:`-\sum_k y_k \log \hat q_k`."""
    if _shape(target) != _shape(output):
        raise ValueError(f"Shapes {_shape(target)} and {_shape(output)} are incompatible")
    if from_logits:
        return softmax_cross_entropy_with_logits(target, output, axis=axis)
    output = output / tape.reduce_sum(output, axis=axis, keepdims=True)
    output = _clip_by_value(output)
    return -tape.reduce_sum(target * tape.log(output), axis=axis)


def _smoothing(label_smoothing, dtype):
    """``tf.convert_to_tensor(label_smoothing, dtype=y_pred.dtype)``."""
    return np.asarray(label_smoothing, dtype)


TF_KERAS = dict(framework="tf.keras 2.2-2.15",
                url="https://www.tensorflow.org/versions/r2.15/api_docs/python/tf/keras/losses/")


@register(
    "tf_keras_2_15.losses.binary_crossentropy", family="sigmoid", takes="probabilities",
    label_format="binary/soft",
    summary="tf.keras 2.x: probabilities clipped to [1e-7, 1-1e-7] and 1e-7 added again inside "
            "each log; mean over the last axis; label smoothing y(1-s)+s/2.",
    formula=r"\frac{1}{K}\sum_k -[y_k \log(\hat p_k + \epsilon) + (1-y_k)\log(1 - \hat p_k + \epsilon)],\ "
            r"\hat p = \mathrm{clip}(p, \epsilon, 1-\epsilon),\ \epsilon = 10^{-7}",
    arrays={"y_true": FLOAT, "y_pred": FLOAT}, dtype_from="y_pred",
    differentiable=("y_true", "y_pred"), **{**TF_KERAS, "url": TF_KERAS["url"] + "binary_crossentropy"})
def tf_keras_binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true = tape.cast(y_true, val(y_pred).dtype)
    smoothing = _smoothing(label_smoothing, val(y_pred).dtype)
    if smoothing:
        y_true = y_true * (1 - smoothing) + np.asarray(0.5, smoothing.dtype) * smoothing
    return _mean_over(tf_keras_backend_binary_crossentropy(y_true, y_pred, from_logits), axis)


@register(
    "tf_keras_2_15.losses.categorical_crossentropy", family="softmax", takes="probabilities",
    label_format="one-hot/soft",
    summary="tf.keras 2.x: rows renormalised to sum to 1, clipped to [1e-7, 1-1e-7], then "
            "-sum(y log q); from_logits uses tf.nn.softmax_cross_entropy_with_logits; smoothing s/K.",
    formula=r"-\sum_k y_k \log \mathrm{clip}\Big(\frac{q_k}{\sum_j q_j}, 10^{-7}, 1-10^{-7}\Big)",
    arrays={"y_true": FLOAT, "y_pred": FLOAT}, dtype_from="y_pred",
    differentiable=("y_true", "y_pred"), **{**TF_KERAS, "url": TF_KERAS["url"] + "categorical_crossentropy"})
def tf_keras_categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    if isinstance(axis, bool):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}")
    dtype = val(y_pred).dtype
    y_true = tape.cast(y_true, dtype)
    smoothing = _smoothing(label_smoothing, dtype)
    if len(_shape(y_pred)) == 0:
        raise ValueError("tuple index out of range")
    if _shape(y_pred)[-1] == 1:
        warnings.warn("In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, "
                      f"num_classes) with num_classes > 1. Received: y_pred.shape={_shape(y_pred)}. "
                      "Consider using 'binary_crossentropy' if you only have 2 classes.", SyntaxWarning)
    if smoothing:
        num_classes = np.asarray(_shape(y_true)[axis], dtype)
        y_true = y_true * (1 - smoothing) + smoothing / num_classes
    return tf_keras_backend_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


# --- scikit-learn 1.4 ----------------------------------------------------------------

def _check_eps(eps):
    """``validate_params``: "auto" or a real number in [0, 1]."""
    if isinstance(eps, str) and eps == "auto":
        return
    if isinstance(eps, str) or isinstance(eps, bool) or not np.isscalar(eps) or not 0 <= eps <= 1:
        raise ValueError("The 'eps' parameter of log_loss must be a str among {'auto'} or a float in "
                         f"the range [0.0, 1.0]. Got {eps!r} instead.")


def _xlogy_float64(x, y):
    """scipy's ``xlogy`` on integer labels and float32/64 probabilities: the
    integers force the float64 loop, so 1.4 returns float64 losses always."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    return np.where((x == 0) & ~np.isnan(y), 0.0, x * np.log(y))


@register(
    "sklearn_1_4.metrics.log_loss", framework="scikit-learn < 1.5", family="log loss",
    takes="probabilities", label_format="class labels",
    summary="scikit-learn 1.4: clip to [eps, 1 - eps] (eps='auto': the dtype's machine epsilon, "
            "1e-15 before 1.3), then rows renormalised to sum to 1 with a warning instead of an error.",
    formula=r"-\frac{1}{\sum_i w_i}\sum_i w_i \log \frac{\hat p_{i,y_i}}{\sum_k \hat p_{ik}},\ "
            r"\hat p = \mathrm{clip}(p, \epsilon, 1-\epsilon)",
    url="https://scikit-learn.org/1.4/modules/generated/sklearn.metrics.log_loss.html",
    arrays={"y_true": INDEX, "y_pred": FLOAT, "sample_weight": FLOAT}, dtype_from="y_pred",
    differentiable=())
def sklearn_1_4_log_loss(y_true, y_pred, eps="auto", normalize=True, sample_weight=None, labels=None):
    _check_eps(eps)
    check_normalize(normalize, "numpy.bool_")
    y_pred = check_probabilities(y_pred, version=(1, 4))
    if eps == "auto":
        eps = np.finfo(y_pred.dtype).eps
    else:
        warnings.warn("Setting the eps parameter is deprecated and will be removed in 1.5. Instead eps "
                      "will always havea default value of `np.finfo(y_pred.dtype).eps`.", FutureWarning)
    check_consistent_length(y_pred, y_true, sample_weight)
    classes, fitted_type = fit_classes(labels if labels is not None else y_true)
    if len(classes) == 1:
        if labels is None:
            raise ValueError(f"y_true contains only one label ({classes[0]}). Please provide the true labels "
                             "explicitly through the labels argument.")
        raise ValueError("The labels array needs to contain at least two labels for log_loss, "
                         f"got {classes}.")
    transformed = binarize(y_true, classes, fitted_type)
    if transformed.shape[1] == 1:
        transformed = two_columns(transformed)
    y_pred = np.clip(y_pred, eps, 1 - eps)
    if y_pred.ndim == 1:
        y_pred = y_pred[:, np.newaxis]
    if y_pred.shape[1] == 1:
        y_pred = two_columns(y_pred)
    if len(classes) != y_pred.shape[1]:
        if labels is None:
            raise ValueError(f"y_true and y_pred contain different number of classes {transformed.shape[1]}, "
                             f"{y_pred.shape[1]}. Please provide the true labels explicitly through the "
                             f"labels argument. Classes found in y_true: {classes}")
        raise ValueError("The number of classes in labels is different from that in y_pred. Classes "
                         f"found in labels: {classes}")
    y_pred_sum = y_pred.sum(axis=1)
    if not np.isclose(y_pred_sum, 1, rtol=1e-15, atol=5 * eps).all():
        warnings.warn("The y_pred values do not sum to one. Starting from 1.5 thiswill result in an error.",
                      UserWarning)
    y_pred = y_pred / y_pred_sum[:, np.newaxis]
    loss = -_xlogy_float64(transformed, y_pred).sum(axis=1)
    return average(loss, sample_weight, normalize)
