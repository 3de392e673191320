"""TensorFlow's losses in plain numpy: ``tf.nn`` and ``tf.compat.v1.losses``
(with its weighted reductions in float32)."""
from __future__ import annotations

from ..frameworks.registry import Entry
from ..frameworks.tensorflow import V1_REDUCTIONS
from .numpy_common import function_name, log_softmax_lines, sigmoid_ce, smoothing_lines


def tf_nn_lines(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    """``tf.nn``'s cross-entropies, one loss per element or row."""
    kind = function_name(entry)
    if kind == "sigmoid_cross_entropy_with_logits":
        return ["loss = " + sigmoid_ce("labels", "logits")]
    if kind == "weighted_cross_entropy_with_logits":
        return ["log_weight = 1 + (pos_weight - 1) * labels",
                "loss = (1 - labels) * logits + log_weight * (np.log1p(np.exp(-np.abs(logits)))"
                " + np.maximum(-logits, 0))"]
    if kind == "softmax_cross_entropy_with_logits":
        axis = s.get("axis", -1)
        return log_softmax_lines("logits", axis) + [f"loss = -(labels * log_q).sum(axis={axis})"]
    return log_softmax_lines("logits", -1) + [
        "loss = -np.take_along_axis(log_q, labels[..., None], axis=-1)[..., 0]"]


def _v1_reduction(s: dict, weights: str) -> list[str]:
    """``compute_weighted_loss``: weighted and reduced in float32, cast back."""
    w = f"np.asarray({weights}, np.float32)"
    lines = [f"weighted = losses.astype(np.float32) * {w}"]
    reduction = V1_REDUCTIONS.get(s.get("reduction"), s.get("reduction"))
    if reduction == "none":
        return lines + ["loss = weighted.astype(losses.dtype)"]
    if reduction == "weighted_sum":
        return lines + ["loss = weighted.sum().astype(losses.dtype)"]
    if reduction == "weighted_mean":
        lines.append(f"count = (np.ones_like(weighted) * {w}).sum()")
    elif reduction == "weighted_sum_over_batch_size":
        lines.append("count = weighted.size")
    else:
        lines.append(f"count = np.count_nonzero(np.broadcast_to({w}, weighted.shape))")
    return lines + ["loss = (weighted.sum() / np.float32(count) if count else np.float32(0)).astype(losses.dtype)"]


def tf_v1_lines(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    """``tf.compat.v1.losses``: the per-element losses, then the weights and reduction."""
    kind = function_name(entry)
    weights = "weights" if kwargs.get("weights") is not None else repr(float(s.get("weights", 1.0)))
    if kind == "log_loss":
        lines = ["p = predictions.astype(np.float32)  # log_loss works in float32",
                 "y = labels.astype(np.float32)", f"eps = np.float32({s.get('epsilon', 1e-7)!r})",
                 "losses = -(y * np.log(p + eps)) - (1 - y) * np.log(1 - p + eps)"]
    elif kind == "sigmoid_cross_entropy":
        lines = smoothing_lines("multi_class_labels", s) + [
            "losses = " + sigmoid_ce("multi_class_labels", "logits")]
    elif kind == "softmax_cross_entropy":
        lines = smoothing_lines("onehot_labels", s, "onehot_labels.shape[-1]")
        lines += log_softmax_lines("logits", -1) + ["losses = -(onehot_labels * log_q).sum(axis=-1)"]
    else:
        lines = log_softmax_lines("logits", -1) + [
            "losses = -np.take_along_axis(log_q, labels[..., None], axis=-1)[..., 0]"]
    return lines + _v1_reduction(s, weights)
