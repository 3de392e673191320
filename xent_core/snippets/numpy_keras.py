"""Keras's losses in plain numpy: the functions and loss classes of Keras 3
(the classes with their float32 weighted reductions), and the older
Keras 2.2 and tf.keras 2.15 binary and categorical cross-entropies."""
from __future__ import annotations

from ..frameworks.registry import Entry
from .numpy_common import function_name, keras_clip, log_softmax_lines, sigmoid_ce, smoothing_lines


def _labels_lines(s: dict, classes: str | None = None) -> list[str]:
    """The labels in the predictions' dtype, smoothed (see :func:`smoothing_lines`)."""
    return ["y_true = y_true.astype(y_pred.dtype)"] + smoothing_lines("y_true", s, classes)


def _keras_binary_lines(s: dict, focal: bool) -> list[str]:
    lines = _labels_lines(s)
    if s.get("from_logits"):
        lines.append("bce = " + sigmoid_ce("y_true", "y_pred"))
        if focal:
            lines.append("y_pred = 1 / (1 + np.exp(-y_pred))  # probabilities for the focal factor")
    else:
        lines += keras_clip("y_pred") + ["bce = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))"]
    if focal:
        lines += ["p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)",
                  f"bce = (1 - p_t) ** {float(s.get('gamma', 2.0))!r} * bce"]
        if s.get("apply_class_balancing"):
            alpha = float(s.get("alpha", 0.25))
            lines.append(f"bce = (y_true * {alpha!r} + (1 - y_true) * (1 - {alpha!r})) * bce")
    return lines + [f"loss = bce.mean(axis={s.get('axis', -1)})"]


def _keras_categorical_lines(s: dict, focal: bool) -> list[str]:
    axis = s.get("axis", -1)
    lines = _labels_lines(s, "y_true.shape[-1]")
    if s.get("from_logits") and not focal:
        return lines + log_softmax_lines("y_pred", axis) + [f"loss = -(y_true * log_q).sum(axis={axis})"]
    if s.get("from_logits"):
        lines += [f"e = np.exp(y_pred - y_pred.max(axis={axis}, keepdims=True))",
                  f"y_pred = e / e.sum(axis={axis}, keepdims=True)"]
    lines += [f"q = y_pred / y_pred.sum(axis={axis}, keepdims=True)  # rows renormalised"]
    lines += keras_clip("q", "q")
    if focal:
        alpha, gamma = float(s.get("alpha", 0.25)), float(s.get("gamma", 2.0))
        return lines + [f"loss = ({alpha!r} * (1 - q) ** {gamma!r} * -y_true * np.log(q)).sum(axis={axis})"]
    return lines + [f"loss = -(y_true * np.log(q)).sum(axis={axis})"]


def _keras_sparse_lines(s: dict) -> list[str]:
    lines = []
    if s.get("ignore_class") is not None:
        lines += [f"valid = y_true != {int(s['ignore_class'])}", "y_true = np.where(valid, y_true, 0)"]
    lines.append("logits = y_pred" if s.get("from_logits") else "logits = np.log(np.clip(y_pred, "
                 "y_pred.dtype.type(1e-7), 1 - y_pred.dtype.type(1e-7)))")
    lines += log_softmax_lines("logits", -1)
    lines.append("loss = -np.take_along_axis(log_q, y_true.astype(np.int64)[..., None], axis=-1)[..., 0]")
    if s.get("ignore_class") is not None:
        lines.append("loss = np.where(valid, loss, 0).astype(loss.dtype)")
    return lines


def _keras_function_lines(function: str, s: dict) -> list[str]:
    if function == "binary_crossentropy":
        return _keras_binary_lines(s, focal=False)
    if function == "binary_focal_crossentropy":
        return _keras_binary_lines(s, focal=True)
    if function == "categorical_crossentropy":
        return _keras_categorical_lines(s, focal=False)
    if function == "categorical_focal_crossentropy":
        return _keras_categorical_lines(s, focal=True)
    return _keras_sparse_lines(s)


KERAS_CLASS_FUNCTIONS = {"BinaryCrossentropy": "binary_crossentropy",
                         "CategoricalCrossentropy": "categorical_crossentropy",
                         "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy"}


def _keras_class_reduction(s: dict, weighted: bool, masked: bool) -> list[str]:
    """``reduce_weighted_values`` (float32, the class's dtype)."""
    reduction = s.get("reduction", "sum_over_batch_size")
    lines = []
    if masked:
        # ignored examples weigh 0; for the means the others weigh total / valid
        lines.append("mask = valid.astype(np.float32)")
        if reduction in ("mean", "sum_over_batch_size"):
            lines.append("mask = mask * (mask.size / mask.sum()) if mask.sum() else mask * 0")
        lines.append("sample_weight = sample_weight * mask" if weighted else "sample_weight = mask")
        weighted = True
    if weighted:
        lines.append("loss = loss * sample_weight.astype(np.float32)")
    if reduction in (None, "none"):
        return lines
    if reduction == "sum":
        return lines + ["loss = loss.sum()"]
    divisor = "sample_weight.astype(np.float32).sum()" if reduction == "mean_with_sample_weight" and weighted \
        else "np.float32(loss.size)"
    return lines + [f"divisor = {divisor}", "loss = loss.sum() / divisor if divisor else np.float32(0)"]


def keras_lines(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    """Keras 3: a function's per-example losses, or a loss class's reduced value."""
    function = function_name(entry)
    if function not in KERAS_CLASS_FUNCTIONS:
        return _keras_function_lines(function, s)
    lines = ["y_true = y_true.astype(np.float32)  # loss classes compute in float32",
             "y_pred = y_pred.astype(np.float32)"]
    lines += _keras_function_lines(KERAS_CLASS_FUNCTIONS[function], s)
    masked = function.startswith("Sparse") and s.get("ignore_class") is not None
    return lines + _keras_class_reduction(s, kwargs.get("sample_weight") is not None, masked)


def old_keras_lines(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    """Keras 2.2 (probabilities clipped and turned back into logits) and
    tf.keras 2.x (clipped, then epsilon added again inside each log)."""
    if entry.name.endswith("categorical_crossentropy"):
        return _keras_categorical_lines(s, focal=False)
    lines = _labels_lines(s)
    if s.get("from_logits"):
        lines.append("bce = " + sigmoid_ce("y_true", "y_pred"))
    elif entry.name.startswith("keras_2_2."):
        lines += keras_clip("y_pred") + ["z = np.log(p / (1 - p))  # back to logits",
                                         "bce = " + sigmoid_ce("y_true", "z")]
    else:
        lines += keras_clip("y_pred") + [
            "bce = -(y_true * np.log(p + 1e-7) + (1 - y_true) * np.log(1 - p + 1e-7))  # epsilon again"]
    return lines + [f"loss = bce.mean(axis={s.get('axis', -1)})"]
