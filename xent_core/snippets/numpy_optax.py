"""optax's losses in plain numpy: the sigmoid and softmax cross-entropies
and the sigmoid focal loss, built on log-sigmoids and logsumexp."""
from __future__ import annotations

from ..frameworks.registry import Entry
from .numpy_common import function_name, log_softmax_lines

# the sigmoid cross-entropy from log-sigmoids, which never overflow
SIGMOID_CE_LINES = ["log_p = -np.logaddexp(-logits, 0)  # log sigmoid(x)",
                    "log_not_p = -np.logaddexp(logits, 0)  # log(1 - sigmoid(x)) = log sigmoid(-x)",
                    "loss = -labels * log_p - (1 - labels) * log_not_p"]


def _focal_lines(s: dict) -> list[str]:
    """``sigmoid_focal_loss``: the cross-entropy times (1 - p_t)^gamma, then alpha's balance."""
    lines = SIGMOID_CE_LINES + [
        "one_minus_p_t = (1 - labels) * np.exp(log_p) + labels * np.exp(log_not_p)",
        f"loss = loss * one_minus_p_t ** {float(s.get('gamma', 2.0))!r}"]
    if s.get("alpha") is not None:
        alpha = float(s["alpha"])
        lines.append(f"loss = ({alpha!r} * labels + (1 - {alpha!r}) * (1 - labels)) * loss")
    return lines


def optax_lines(entry: Entry, s: dict, kwargs: dict) -> list[str] | None:
    """``optax.losses``' cross-entropies, one loss per element or row; None
    with a ``where`` mask."""
    if kwargs.get("where") is not None:
        return None  # masks are left to optax itself
    function = function_name(entry)
    if function == "sigmoid_binary_cross_entropy":
        return list(SIGMOID_CE_LINES)
    if function == "sigmoid_focal_loss":
        return _focal_lines(s)
    axis = s.get("axis", -1)
    if function == "softmax_cross_entropy":
        return log_softmax_lines("logits", axis) + [f"loss = -(labels * log_q).sum(axis={axis})"]
    return [f"m = logits.max(axis={axis}, keepdims=True)",
            f"picked = np.take_along_axis(logits, np.expand_dims(labels, {axis}), axis={axis})",
            f"loss = (np.log(np.exp(logits - m).sum(axis={axis}, keepdims=True)) + m - picked).squeeze({axis})"]
