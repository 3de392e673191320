"""Pieces of plain-numpy code that several frameworks' transcriptions share:
a stable log-softmax, TensorFlow's stable sigmoid cross-entropy, Keras's
clip and label smoothing."""
from __future__ import annotations

from ..frameworks.registry import Entry


def function_name(entry: Entry) -> str:
    """The last part of a registry name: ``binary_crossentropy``."""
    return entry.name.rsplit(".", 1)[-1]


def log_softmax_lines(x: str, axis) -> list[str]:
    return [f"shifted = {x} - {x}.max(axis={axis}, keepdims=True)  # exp never overflows",
            f"log_q = shifted - np.log(np.exp(shifted).sum(axis={axis}, keepdims=True))"]


def sigmoid_ce(labels: str, logits: str) -> str:
    """TensorFlow's stable form of -[z log s(x) + (1 - z) log(1 - s(x))]."""
    return f"np.maximum({logits}, 0) - {logits} * {labels} + np.log1p(np.exp(-np.abs({logits})))"


def keras_clip(p: str, out: str = "p") -> list[str]:
    return [f"eps = {p}.dtype.type(1e-7)", f"{out} = np.clip({p}, eps, 1 - eps)"]


def label_smoothing(settings: dict) -> float:
    """The call's label smoothing; 0 when unset or None."""
    return float(settings.get("label_smoothing") or 0)


def smoothing_lines(labels: str, settings: dict, classes: str | None = None) -> list[str]:
    """The labels smoothed toward uniform: over the two outcomes of a binary
    label (``classes`` None, so toward 0.5) or over ``classes`` classes (an
    expression); no line without smoothing."""
    smoothing = label_smoothing(settings)
    if not smoothing:
        return []
    spread = f"0.5 * {smoothing!r}" if classes is None else f"{smoothing!r} / {classes}"
    return [f"{labels} = {labels} * (1 - {smoothing!r}) + {spread}"]
