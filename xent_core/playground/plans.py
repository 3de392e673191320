"""How to give the selected API's inputs to another function: which
conversions of the labels and scores, which settings carry over, or why the
inputs do not fit it."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..frameworks import get
from ..frameworks.registry import FLOAT, INDEX, REQUIRED, Entry
from .roles import (array_arguments, by_rows, call_pool, computes_pool, label_argument, score_kind,
                    scores_argument)


class NotComparable(ValueError):
    """The inputs cannot be given to that function (soft labels to a function
    that takes class indices...); ``code`` and ``params`` say why."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Plan:
    """How to call ``target`` with the selected API's inputs.

    ``inputs``: target argument -> (conversion, source argument), the
    conversions being those of :func:`~.conversions.convert`; ``settings``:
    literal values; ``steps``: what was done, as ``(code, params)`` for the
    page to explain.
    """

    target: str
    inputs: dict
    settings: dict
    steps: tuple
    scores_from: str
    pool: str = "binary"       # the selected call's family (see :func:`~.roles.call_pool`)
    row_by_row: bool = False


def _scores_conversion(target: Entry, kind: str, binary: bool) -> tuple[str, bool]:
    """(conversion of the scores, whether to pass ``from_logits=True``)."""
    wants = target.takes
    if wants == "logits":
        if kind == "probabilities":
            return ("logit" if binary else "log"), False
        return "same", False  # log-probabilities are logits shifted by a constant per row
    if wants == "log-probabilities":
        return {"logits": "log_softmax", "probabilities": "log"}.get(kind, "same"), False
    if kind != "probabilities" and "from_logits" in target.params:
        return "same", True
    if kind == "logits":
        return ("sigmoid" if binary else "softmax"), False
    if kind == "log-probabilities":
        return "exp", False
    return "same", False


def _is_one_hot(labels) -> bool:
    labels = np.asarray(labels)
    return labels.ndim >= 1 and bool(np.all((labels == 0) | (labels == 1))) and \
        bool(np.all(labels.sum(axis=-1) == 1))


def _labels_conversion(target: Entry, labels, num_classes: int) -> str:
    """Class indices and one-hot rows convert into each other; soft labels
    have no class index."""
    wants = target.arrays.get(label_argument(target))
    is_index = np.asarray(labels).dtype.kind in "iu"
    if by_rows(target) or wants == INDEX:
        if is_index:
            return "same"
        if not _is_one_hot(labels):
            raise NotComparable("soft_labels")
        return "argmax"
    if wants == FLOAT and is_index:
        if np.any((labels < 0) | (labels >= num_classes)):
            raise NotComparable("index_out_of_range", classes=num_classes)
        return "one_hot"
    return "same"


def _carried_settings(kwargs, target: Entry) -> tuple[dict, list]:
    """Settings that mean the same in both functions are carried over;
    ``reduction='none'`` keeps one loss per element or example."""
    settings, steps = {}, []
    if "reduction" in target.params:
        settings["reduction"] = "none"
    smoothing = float(kwargs.get("label_smoothing") or 0)
    if smoothing:
        if "label_smoothing" in target.params:
            settings["label_smoothing"] = smoothing
        else:
            steps.append(("no_smoothing", {}))
    if "gamma" in target.params and kwargs.get("gamma") is not None:
        settings["gamma"] = kwargs["gamma"]
    if target.params.get("pos_weight", None) is REQUIRED and kwargs.get("pos_weight") is None:
        settings["pos_weight"] = 1.0
        steps.append(("pos_weight_one", {}))
    return settings, steps


def _self_plan(entry: Entry, kwargs) -> Plan:
    """The selected API with the learner's own settings, ``reduction='none'``."""
    inputs = {a: ("same", a) for a in array_arguments(entry) if kwargs.get(a) is not None}
    settings = {a: v for a, v in kwargs.items() if a not in inputs and a in entry.params}
    steps = [("row_by_row", {})] if by_rows(entry) else []
    if "reduction" in entry.params:
        settings["reduction"] = "none"
        if kwargs.get("reduction", entry.params["reduction"]) != "none":
            steps.append(("reduction_none", {}))
    return Plan(entry.name, inputs, settings, tuple(steps), scores_argument(entry),
                call_pool(entry, kwargs) or "binary", by_rows(entry))


def plan(source_name: str, kwargs: dict, target_name: str) -> Plan:
    """How to give the selected API's inputs to ``target_name``.

    Labels and scores are lined up by role, converted where the target takes
    another form (logits from probabilities: ``log(p/(1-p))`` or ``log p``;
    probabilities from logits: sigmoid or softmax; class index <-> one-hot);
    ``from_logits=True`` is preferred to a conversion where the target has it.
    Raises :class:`NotComparable` when the inputs do not fit the target.
    """
    source, target = get(source_name), get(target_name)
    if source.name == target.name:
        return _self_plan(source, kwargs)
    source_pool = call_pool(source, kwargs)
    if not computes_pool(target, source_pool):
        raise NotComparable("other_family")
    axis = kwargs.get("axis", -1)
    scores = np.asarray(kwargs[scores_argument(source)])
    if axis not in (-1, scores.ndim - 1):
        raise NotComparable("axis")
    binary = source_pool.startswith("binary")
    kind = score_kind(source, kwargs)
    conversion, from_logits = _scores_conversion(target, kind, binary)
    inputs = {scores_argument(target): (conversion, scores_argument(source))}
    steps = []
    if conversion != "same":
        steps.append((conversion, {"arg": scores_argument(source)}))
    settings, carried = _carried_settings(kwargs, target)
    if from_logits:
        settings["from_logits"] = True
        steps.append(("from_logits", {}))
    labels = kwargs[label_argument(source)]
    label_conv = "same" if binary else _labels_conversion(target, labels, scores.shape[-1])
    inputs[label_argument(target)] = (label_conv, label_argument(source))
    if label_conv != "same":
        steps.append((label_conv, {"arg": label_argument(source)}))
    if by_rows(target):
        steps.append(("row_by_row", {}))
    missing = [a for a, d in target.params.items()
               if d is REQUIRED and a not in inputs and a not in settings]
    if missing:
        raise NotComparable("missing_argument", args=", ".join(missing))
    return Plan(target.name, inputs, settings, tuple(steps + carried), scores_argument(source),
                source_pool, by_rows(target))
