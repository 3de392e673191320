"""Each other framework's nearest function for the selected API's inputs,
and the code that runs it on them: the arrays under the selected API's
names, converted inline, and the mean over the classes where the
comparison took it."""
from __future__ import annotations

import numpy as np

from ..frameworks import catalogue, get
from ..playground.plans import NotComparable, Plan, plan
from ..playground.roles import call_pool
from .dialects import array_lines, call_expression, dialect_of, dtype_name, header_lines, show_line

# The function each framework would use for the same problem, most common first.
EQUIVALENTS = {
    "binary": {
        "Keras": ("keras.losses.binary_crossentropy",),
        "TensorFlow": ("tf.nn.sigmoid_cross_entropy_with_logits", "tf.compat.v1.losses.log_loss"),
        "PyTorch": ("torch.nn.functional.binary_cross_entropy",
                    "torch.nn.functional.binary_cross_entropy_with_logits"),
        "optax": ("optax.losses.sigmoid_binary_cross_entropy",),
    },
    "softmax": {
        "Keras": ("keras.losses.categorical_crossentropy", "keras.losses.sparse_categorical_crossentropy"),
        "TensorFlow": ("tf.nn.softmax_cross_entropy_with_logits",
                       "tf.nn.sparse_softmax_cross_entropy_with_logits"),
        "PyTorch": ("torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss"),
        "optax": ("optax.losses.softmax_cross_entropy",
                  "optax.losses.softmax_cross_entropy_with_integer_labels"),
    },
    "binary focal": {
        "Keras": ("keras.losses.binary_focal_crossentropy",),
        "optax": ("optax.losses.sigmoid_focal_loss",),
    },
    "softmax focal": {"Keras": ("keras.losses.categorical_focal_crossentropy",)},
}


def _conversion_count(plan_: Plan) -> int:
    return sum(conversion != "same" for conversion, _ in plan_.inputs.values())


def equivalent_plan(name: str, kwargs: dict, framework: str) -> Plan | None:
    """The function of ``framework`` that best fits the selected API's inputs
    (fewest conversions, then the most common), as a :class:`~xent_core.playground.plans.Plan`."""
    entry = get(name)
    known = {e.name for e in catalogue()}
    candidates = EQUIVALENTS.get(call_pool(entry, kwargs) or "", {}).get(framework, ())
    plans = []
    for rank, target in enumerate(candidates):
        if target not in known:
            continue
        try:
            found = plan(name, kwargs, target)
        except NotComparable:
            continue
        plans.append((_conversion_count(found), rank, found))
    return min(plans, key=lambda p: p[:2])[2] if plans else None


def plan_snippet(plan_: Plan, kwargs: dict, averaged: bool) -> str:
    """Code running ``plan_`` in its framework: the arrays under the selected
    API's names, converted inline, and the mean over the classes when the
    comparison took it."""
    dialect = dialect_of(plan_.target)
    dtype = dtype_name(kwargs, plan_.scores_from)
    scores = np.asarray(kwargs[plan_.scores_from])
    sources = sorted(dict.fromkeys(src for _, src in plan_.inputs.values()), key=list(kwargs).index)
    lines = header_lines(dialect, plan_.target, dtype) + [""] + array_lines(dialect, kwargs, sources, dtype)
    arrays = {}
    for arg, (conversion, src) in plan_.inputs.items():
        template = dialect.conversions.get(conversion, "{v}")
        arrays[arg] = template.format(v=src, k=scores.shape[-1] if scores.ndim else 1, dtype=dtype)
    lines.append("loss = " + call_expression(dialect, plan_.target, arrays, plan_.settings))
    if averaged:
        lines.append("loss = " + dialect.mean_last.format(v="loss"))
    lines.append(show_line(dialect, plan_.target, "loss"))
    return "\n".join(lines)
