"""The kinds about one loss written another way: the one-hot row of a sparse
class index, the sigmoid logit of a two-class softmax, and the target Keras
puts in a label's place under label smoothing."""
from __future__ import annotations

import numpy as np

from .. import families, losses, primitives
from . import links
from .calls import call_text
from .drawing import pick, shuffled, tenths
from .exercise import CHOICE, NUMBER, Option
from .formatting import number_text, value_text, vector_text
from .kind import kind

SPARSE_CE = "tf.nn.sparse_softmax_cross_entropy_with_logits"
SMOOTHING_APIS = {"keras.losses.binary_crossentropy": "sigmoid",
                  "keras.losses.categorical_crossentropy": "softmax"}


@kind("one_hot")
def _one_hot(rng, classic):
    """The one-hot labels that give the same loss as a sparse class index."""
    num_classes = int(rng.integers(3, 7))
    c = int(rng.integers(num_classes))
    logits = tenths(rng, -3, 3, size=num_classes)
    rows = {k: vector_text(losses.one_hot(k, num_classes)) for k in range(num_classes)}
    distractors = dict.fromkeys(k % num_classes for k in (c - 1, c + 1, num_classes - 1 - c))
    shown = shuffled(rng, [rows[c]] + [rows[k] for k in distractors if k != c])
    same = families.sparse_and_one_hot_losses(np.asarray([logits], np.float32),
                                              np.asarray([losses.one_hot(c, num_classes)], np.float32))
    value = float(same[SPARSE_CE][0])
    return dict(prompt_key="exercises.prompt.one_hot", inputs=dict(k=num_classes, c=c, logits=logits),
                prompt_params=dict(call=call_text(SPARSE_CE, {"labels": [c], "logits": [list(logits)]}),
                                   k=num_classes, c=c),
                answer_type=CHOICE, answer=rows[c], options=tuple(Option(row) for row in shown),
                mistakes=((rows[(c - 1) % num_classes], "exercises.feedback.counted_from_one"),),
                explanation_key="exercises.explain.one_hot",
                explanation_params=dict(c=c, k=num_classes, row=rows[c], value=value_text(value)),
                link=links.sigmoid_vs_softmax(logits, losses.one_hot(c, num_classes),
                                              label_key="exercises.link.sparse"))


@kind("two_class_logit")
def _two_class_logit(rng, classic):
    """The sigmoid logit that makes a 2-class softmax's probability (and loss)."""
    while True:  # z0 in halves: the other page's shift slider moves by 0.5
        z = (int(rng.integers(-6, 7)) / 2, tenths(rng, -3, 3))
        if z[0] != 0 and z[0] != z[1]:  # so "z1" and "z0 - z1" are wrong answers
            break
    answer = float(primitives.logit(primitives.softmax(np.asarray(z))[1]))
    check_values = families.two_class_framework_check(z[1] - z[0], shift=z[0])
    return dict(prompt_key="exercises.prompt.two_class_logit",
                prompt_params=dict(z0=number_text(z[0]), z1=number_text(z[1])),
                inputs=dict(z0=z[0], z1=z[1]),
                answer_type=NUMBER, answer=answer,
                mistakes=((z[1], "exercises.feedback.difference_not_logit"),
                          (z[0] - z[1], "exercises.feedback.wrong_order")),
                explanation_key="exercises.explain.two_class_logit",
                explanation_params=dict(value=value_text(answer), z0=number_text(z[0]), z1=number_text(z[1]),
                                        q=value_text(primitives.sigmoid(np.float64(answer))),
                                        loss=value_text(check_values["tf.nn.softmax_cross_entropy_with_logits"])),
                link=links.sigmoid_vs_softmax(z, (0.0, 1.0), d=round(z[1] - z[0], 1), c=z[0],
                                              label_key="exercises.link.two_classes"))


def _row_starting_with(label, num_classes):
    """A one-hot row of ``num_classes`` whose entry 0 is ``label`` (0 or 1):
    the entry the smoothing exercise asks about."""
    return losses.one_hot(0 if label == 1 else 1, num_classes)


def smoothed_label(label, smoothing, num_classes, *, family):
    r"""The target Keras uses in place of ``label`` (0 or 1, an entry of a
    one-hot row of ``num_classes``): :math:`y(1-s) + s/2` for the sigmoid
    family, :math:`y(1-s) + s/K` for softmax."""
    if family == "sigmoid":
        return float(losses.smooth_binary_labels(label, smoothing))
    return float(losses.smooth_categorical_labels(_row_starting_with(label, num_classes), smoothing)[0])


@kind("smoothing")
def _smoothing(rng, classic):
    """The target value Keras uses for a label under label_smoothing."""
    name = pick(rng, tuple(SMOOTHING_APIS))
    family = SMOOTHING_APIS[name]
    label, s, k = float(rng.integers(2)), pick(rng, (0.05, 0.1, 0.15, 0.2, 0.3)), int(rng.integers(3, 11))
    answer = smoothed_label(label, s, k, family=family)
    other = smoothed_label(label, s, k, family="softmax" if family == "sigmoid" else "sigmoid")
    labels = _row_starting_with(label, k)
    return dict(prompt_key="exercises.prompt.smoothing", inputs=dict(api=name, y=label, s=s, k=k),
                prompt_params=dict(api=name, s=number_text(s), k=k, y=number_text(label)),
                answer_type=NUMBER, answer=answer,
                mistakes=((other, "exercises.feedback.other_smoothing"),),
                explanation_key=f"exercises.explain.smoothing.{family}",
                explanation_params=dict(value=value_text(answer), y=number_text(label), s=number_text(s), k=k),
                link=links.surface(family, np.zeros(k), labels, 0, smoothing=s))
