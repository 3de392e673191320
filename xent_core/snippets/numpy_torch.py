"""PyTorch's losses in plain numpy: ``binary_cross_entropy`` (with its log
floor of -100), ``binary_cross_entropy_with_logits``, ``nll_loss`` and
``cross_entropy`` (class indices or probabilities, label smoothing, weights)."""
from __future__ import annotations

import numpy as np

from ..frameworks.registry import Entry
from .numpy_common import function_name, label_smoothing, log_softmax_lines, smoothing_lines


def _torch_reduce(s: dict, total_weight: str | None = None) -> list[str]:
    reduction = s.get("reduction", "mean")
    if reduction == "sum":
        return ["loss = loss.sum()"]
    if reduction == "mean":
        return [f"loss = loss.sum() / {total_weight}" if total_weight else "loss = loss.mean()"]
    return []


def _torch_pick_lines(log_probs: str, s: dict, weighted: bool) -> list[str]:
    """``nll_loss``: -w[c] x[c] per example; the mean divides by the sum of
    the weights of the examples not ignored."""
    ignore = int(s.get("ignore_index", -100))
    lines = [f"valid = target != {ignore}", "safe = np.where(valid, target, 0)",
             f"picked = np.take_along_axis({log_probs}, safe[:, None], axis=1)[:, 0]",
             "w = np.where(valid, " + ("weight[safe]" if weighted else "1") + f", 0).astype({log_probs}.dtype)",
             "loss = -picked * w"]
    return lines + _torch_reduce(s, "w.sum()")


def _torch_cross_entropy_lines(s: dict, kwargs: dict) -> list[str]:
    weighted = kwargs.get("weight") is not None
    smoothing = label_smoothing(s)
    lines = log_softmax_lines("input", 1)
    if np.shape(kwargs["target"]) == np.shape(kwargs["input"]):  # probabilities, one row per example
        lines += smoothing_lines("target", s, "input.shape[1]")
        lines.append("terms = log_q * target" + (" * weight" if weighted else ""))
        reduction = s.get("reduction", "mean")
        if reduction == "none":
            return lines + ["loss = -terms.sum(axis=1)"]
        if reduction == "sum":
            return lines + ["loss = -terms.sum()"]
        return lines + ["loss = -terms.sum() / (input.size // input.shape[1])"]
    nll = _torch_pick_lines("log_q", {**s, "reduction": "none"}, weighted)
    if not smoothing:
        return lines + nll + _torch_reduce(s, "w.sum()")
    smooth = "-(log_q * weight).sum(axis=1)" if weighted else "-log_q.sum(axis=1)"
    lines += nll + [f"smooth = np.where(valid, {smooth}, 0)"]
    reduction = s.get("reduction", "mean")
    if reduction == "mean":
        lines += ["loss = loss.sum() / w.sum()", "smooth = smooth.sum() / w.sum()"]
    elif reduction == "sum":
        lines += ["loss = loss.sum()", "smooth = smooth.sum()"]
    return lines + [f"loss = (1 - {smoothing!r}) * loss + smooth * ({smoothing!r} / input.shape[1])"]


def torch_lines(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    """``torch.nn.functional``'s cross-entropies, with their weights and reduction."""
    function = function_name(entry)
    weighted = kwargs.get("weight") is not None
    if function == "binary_cross_entropy":
        lines = ["if not (((input >= 0) & (input <= 1)).all() and ((target >= 0) & (target <= 1)).all()):",
                 '    raise ValueError("all elements of input and target should be between 0 and 1")',
                 "loss = (target - 1) * np.maximum(np.log1p(-input), -100) - target * np.maximum(np.log(input), -100)"]
    elif function == "binary_cross_entropy_with_logits":
        lines = ["log_sigmoid = np.minimum(input, 0) - np.log1p(np.exp(-np.abs(input)))"]
        if kwargs.get("pos_weight") is not None:
            lines.append("log_sigmoid = log_sigmoid * ((pos_weight - 1) * target + 1)")
        lines.append("loss = (1 - target) * input - log_sigmoid")
    elif function == "nll_loss":
        return _torch_pick_lines("input", s, weighted)
    else:
        return _torch_cross_entropy_lines(s, kwargs)
    if weighted:
        lines.append("loss = loss * weight")
    return lines + _torch_reduce(s)
