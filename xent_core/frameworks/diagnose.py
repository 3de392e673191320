"""Notes on what is odd about a call's input, in words a learner can act on.

``diagnose(name, **kwargs)`` never raises for odd numbers: it explains them.
Each note has a ``code`` (for translation and tests), ``params`` and an
English ``message``; ``str(note)`` is the message.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .registry import FLOAT, Entry, compute_dtype, get

LABEL_ARGS = ("labels", "y_true", "target", "multi_class_labels", "onehot_labels")
KERAS_EPSILON = 1e-7


@dataclass(frozen=True)
class Note:
    code: str
    message: str
    severity: str = "info"  # info | warning | error
    params: dict = field(default_factory=dict)

    def __str__(self):
        return self.message


def label_arg(entry: Entry) -> str | None:
    return next((a for a in LABEL_ARGS if a in entry.arrays), None)


def takes_logits(entry: Entry, kwargs) -> bool:
    """Whether the scores are logits for this call (``from_logits`` can switch it)."""
    return entry.takes == "logits" or bool(kwargs.get("from_logits", False))


def _float(kwargs, name, dtype):
    value = kwargs.get(name)
    if value is None or isinstance(value, (str, bool)):
        return None
    arr = np.asarray(value)
    return arr.astype(dtype) if arr.dtype.kind in "fiub" else None


def _non_finite(name, arr):
    if arr is None or np.isfinite(arr).all():
        return []
    # "NaN, inf": the same tokens in every language, no English "and" to translate
    kinds = ", ".join(k for k, m in (("NaN", np.isnan(arr)), ("inf", np.isinf(arr))) if m.any())
    return [Note("non_finite", f"{name} contains {kinds}: the result will be NaN or inf "
                 "(PyTorch's binary_cross_entropy refuses NaN targets)", "warning",
                 {"arg": name, "kinds": kinds})]


def _is_softmax_like(entry):
    """Labels and outputs are distributions over the last axis."""
    return entry.family == "softmax" or (entry.family == "focal" and "categorical" in entry.name)


def _label_notes(entry, name, labels):
    notes = []
    outside = (labels < 0) | (labels > 1)
    if entry.arrays.get(name) == FLOAT and outside.any():
        notes.append(Note(
            "labels_outside", f"{name} has values outside [0, 1] ({labels[outside][0]:g}): not a probability. "
            "Keras and TensorFlow compute a number anyway (it can be negative, e.g. -1.3379208 for a "
            "target of -2 and an output of 0.3); PyTorch raises \"all elements of target should be "
            "between 0 and 1\".", "warning", {"arg": name, "value": f"{labels[outside][0]:g}"}))
    if _is_softmax_like(entry):
        sums = np.sum(labels, axis=-1)
        if labels.ndim >= 1 and not np.allclose(sums, 1, atol=1e-6):
            notes.append(Note(
                "labels_not_normalised", f"rows of {name} sum to {np.ravel(sums)[0]:g}, not 1: the loss is "
                "scaled by that sum, and TensorFlow's gradient (softmax - labels) then is not the "
                "derivative of the value shown.", "warning", {"arg": name, "sum": f"{np.ravel(sums)[0]:g}"}))
    return notes


def _probability_notes(entry, name, probs, dtype):
    notes = []
    if ((probs < 0) | (probs > 1)).any():
        notes.append(Note("probs_outside", f"{name} has values outside [0, 1]: these are not "
                          "probabilities. Did you mean from_logits=True?", "warning", {"arg": name}))
    eps = KERAS_EPSILON if entry.framework.startswith(("Keras", "tf.keras")) else None
    if eps is not None:
        hi = dtype.type(1.0 - eps)
        clipped = (probs < dtype.type(eps)) | (probs > hi)
        if clipped.any():
            notes.append(Note("clipping", f"{int(clipped.sum())} value(s) of {name} are clipped to "
                              f"[1e-7, {float(hi):.9g}]: their gradient is 0 and the loss is capped.",
                              "info", {"arg": name, "count": int(clipped.sum()), "hi": f"{float(hi):.9g}"}))
        if dtype == np.float32:
            notes.append(Note("float32_one_minus_eps", "in float32, 1 - 1e-7 rounds to 0.99999988 "
                              "(= 1 - 2^-23), so the largest loss for y = 0 is 15.942385, not "
                              "16.118095 as for y = 1.", "info"))
    if _is_softmax_like(entry) and probs.ndim >= 1:
        sums = np.sum(probs, axis=-1)
        if not np.allclose(sums, 1, atol=1e-5):
            notes.append(Note("probs_renormalised", f"rows of {name} sum to {np.ravel(sums)[0]:g}: Keras "
                              "divides each row by its sum before the log.", "info",
                              {"arg": name, "sum": f"{np.ravel(sums)[0]:g}"}))
    return notes


def _logit_notes(name, logits, dtype):
    # Beyond this |x|, sigmoid(x) rounds to exactly 1 in this dtype.
    limit = 17.0 if dtype == np.float32 else 37.0
    big = np.abs(logits) > limit
    if big.any():
        return [Note("saturation", f"{name} has |x| > {limit:g}: sigmoid(x) rounds to exactly 0 or 1 in "
                     f"{dtype.name}, so a formula through probabilities would clip or overflow here; "
                     "the logits formula stays exact.", "info",
                     {"arg": name, "limit": f"{limit:g}", "dtype": dtype.name})]
    return []


def diagnose(name: str, **kwargs) -> list[Note]:
    """Notes about this call's input: targets outside [0, 1], rows not summing
    to 1, clipping, saturation, float32 rounding, NaN and inf."""
    entry = get(name)
    dtype = np.dtype(compute_dtype(entry, kwargs))
    notes = []
    for arg, kind in entry.arrays.items():
        notes += _non_finite(arg, _float(kwargs, arg, dtype) if kind == FLOAT else None)
    lab = label_arg(entry)
    labels = _float(kwargs, lab, dtype) if lab else None
    if labels is not None and entry.arrays.get(lab) == FLOAT and np.isfinite(labels).all():
        notes += _label_notes(entry, lab, labels)
    scores = _float(kwargs, entry.dtype_from, dtype)
    if scores is not None and np.isfinite(scores).all():
        if takes_logits(entry, kwargs):
            notes += _logit_notes(entry.dtype_from, scores, dtype)
        elif entry.takes == "probabilities":
            notes += _probability_notes(entry, entry.dtype_from, scores, dtype)
    smoothing = kwargs.get("alpha" if entry.family == "labels" else "label_smoothing")
    if smoothing is not None and not 0 <= float(smoothing) <= 1:
        notes.append(Note("smoothing_outside", f"label smoothing {float(smoothing):g} is outside [0, 1]: "
                          "the smoothed labels are no longer probabilities.", "warning",
                          {"value": f"{float(smoothing):g}"}))
    for arg in ("weight", "weights", "sample_weight", "pos_weight"):
        w = _float(kwargs, arg, dtype)
        if w is not None and (w < 0).any():
            notes.append(Note("negative_weight", f"{arg} has negative values: the loss rewards being wrong "
                              "there.", "warning", {"arg": arg}))
    return notes
