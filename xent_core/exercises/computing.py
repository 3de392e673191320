"""The kinds that ask for a computed value: a sigmoid or softmax
cross-entropy, the sign of its gradient for one logit, and the lowest loss a
soft target allows (its entropy)."""
from __future__ import annotations

import numpy as np

from .. import information, losses, primitives
from ..frameworks import gradient
from . import links
from .calls import call_text, framework_value, framework_values
from .drawing import pick, soft_target, tenths
from .exercise import NUMBER, SIGN, SIGN_OPTIONS
from .formatting import number_text, value_text, vector_text
from .kind import kind
from .plots import Plot, logit_grid, series

SIGMOID_APIS = (  # (name, label argument, logit argument, settings)
    ("tf.nn.sigmoid_cross_entropy_with_logits", "labels", "logits", {}),
    ("torch.nn.functional.binary_cross_entropy_with_logits", "target", "input", {}),
    ("keras.losses.binary_crossentropy", "y_true", "y_pred", {"from_logits": True}),
)
KERAS_CEILING_Y1 = 16.118095  # -log(1e-7) in float32 (seed 003)
SPARSE_APIS = (  # (name, class argument, logits argument, settings)
    ("tf.nn.sparse_softmax_cross_entropy_with_logits", "labels", "logits", {}),
    ("torch.nn.functional.cross_entropy", "target", "input", {}),
    ("keras.losses.sparse_categorical_crossentropy", "y_true", "y_pred", {"from_logits": True}),
)
SEED_004_LOGITS = (0.5, 1.5, 0.1)
SOFTMAX_CE = "tf.nn.softmax_cross_entropy_with_logits"


# --- sigmoid -----------------------------------------------------------------------

def _sigmoid_args(api, label, logits):
    """One row per logit, so every API returns one loss per logit (PyTorch
    without its default mean, Keras averaging a row of one)."""
    name, label_arg, logit_arg, settings = api
    args = {label_arg: [[float(label)]] * len(logits), logit_arg: [[float(x)] for x in logits], **settings}
    return args | {"reduction": "none"} if name.startswith("torch") else args


def _sigmoid_curve(api, label, logit, value) -> Plot:
    """The API's loss against the logit for ``label``, this case marked."""
    grid = logit_grid(logit)
    curve = framework_values(api[0], _sigmoid_args(api, label, grid))
    return Plot("lines", "exercises.fig.logit", "exercises.fig.loss",
                (series("exercises.fig.loss_for_label", grid, curve, y=number_text(label)),),
                (series("exercises.fig.this_case", [logit], [value]),))


@kind("sigmoid_ce", classic="003")
def _sigmoid_ce(rng, classic):
    """Value of a sigmoid cross-entropy on one logit and a 0/1 label."""
    if classic:  # seed 003: from_logits=True has no ceiling
        api, logit, label = SIGMOID_APIS[2], -30.0, 1.0
    else:
        api, logit, label = pick(rng, SIGMOID_APIS), tenths(rng, -4, 4), float(rng.integers(2))
    name, label_arg, logit_arg, settings = api
    args = {label_arg: [label], logit_arg: [logit], **settings}
    value = framework_value(name, args)
    other_label = framework_value(name, {**args, label_arg: [1 - label]})
    mistakes = [(other_label, "exercises.feedback.other_label")]
    if classic:
        mistakes.append((KERAS_CEILING_Y1, "exercises.feedback.no_clip_on_logits"))
    return dict(prompt_key="exercises.prompt.sigmoid_ce", inputs=dict(api=name, x=logit, y=label),
                prompt_params=dict(x=number_text(logit), y=number_text(label), call=call_text(name, args)),
                answer_type=NUMBER, answer=value, mistakes=tuple(mistakes),
                explanation_key="exercises.explain.sigmoid_ce",
                explanation_params=dict(value=value_text(value), x=number_text(logit), y=number_text(label)),
                link=links.clipping(label, logit=logit, keras_logits=name.startswith("keras")),
                plot=_sigmoid_curve(api, label, logit, value))


# --- softmax -----------------------------------------------------------------------

def _probability_bars(logits, labels, grad=None) -> Plot:
    """Per class: the softmax probability, the label and (if given) the gradient."""
    classes = np.arange(len(logits))
    bars = [series("exercises.fig.softmax", classes, primitives.softmax(np.asarray(logits))),
            series("exercises.fig.label", classes, labels)]
    if grad is not None:
        bars.append(series("exercises.fig.gradient", classes, grad))
    return Plot("bars", "exercises.fig.class", "exercises.fig.value", tuple(bars))


@kind("softmax_ce", classic="004")
def _softmax_ce(rng, classic):
    """Value of a softmax cross-entropy for three logits and the true class."""
    if classic:  # seed 004, row 1, through the one-hot function of the question
        logits, c = SEED_004_LOGITS, 1
        name = SOFTMAX_CE
        args = {"labels": [list(losses.one_hot(c, 3))], "logits": [list(logits)]}
    else:
        logits, c = tenths(rng, -3, 3, size=3), int(rng.integers(3))
        name, class_arg, logits_arg, settings = pick(rng, SPARSE_APIS)
        args = {class_arg: [c], logits_arg: [list(logits)], **settings}
    value = framework_value(name, args)
    label = losses.one_hot(c, 3)
    binary_formula = float(losses.binary_per_class_on_softmax(np.asarray(logits), label))
    lse = float(primitives.logsumexp(np.asarray(logits)))
    return dict(prompt_key="exercises.prompt.softmax_ce", inputs=dict(api=name, logits=logits, c=c),
                prompt_params=dict(logits=vector_text(logits), c=c, call=call_text(name, args)),
                answer_type=NUMBER, answer=value,
                mistakes=((binary_formula, "exercises.feedback.binary_formula"),),
                explanation_key="exercises.explain.softmax_ce",
                explanation_params=dict(value=value_text(value), lse=value_text(lse), xc=number_text(logits[c]),
                                        c=c),
                link=links.surface("softmax", logits, label, c), plot=_probability_bars(logits, label))


# --- the sign of a gradient ----------------------------------------------------------

@kind("grad_sign")
def _grad_sign(rng, classic):
    """Sign of the gradient of the loss with respect to one logit."""
    if rng.integers(2):
        return _softmax_grad_sign(rng)
    return _sigmoid_grad_sign(rng)


def _sign_id(g) -> str:
    """The id of the sign option that ``g`` has."""
    return "+" if g > 0 else "-" if g < 0 else "0"


def _softmax_grad_sign(rng):
    """Three logits, a true class, and the logit k asked about."""
    logits, c, k = tenths(rng, -3, 3, size=3), int(rng.integers(3)), int(rng.integers(3))
    label = losses.one_hot(c, 3)
    grad = gradient(SOFTMAX_CE, "logits", labels=np.asarray([label], np.float32),
                    logits=np.asarray([logits], np.float32))[0]
    q = primitives.softmax(np.asarray(logits))
    return dict(prompt_key="exercises.prompt.grad_sign_softmax",
                inputs=dict(family="softmax", logits=logits, c=c, k=k),
                prompt_params=dict(logits=vector_text(logits), c=c, k=k, api=SOFTMAX_CE),
                answer_type=SIGN, answer=_sign_id(grad[k]), options=SIGN_OPTIONS,
                explanation_key="exercises.explain.grad_sign_softmax",
                explanation_params=dict(k=k, q=value_text(q[k]), y=number_text(label[k]),
                                        grad=value_text(grad[k])),
                link=links.surface("softmax", logits, label, k), plot=_probability_bars(logits, label, grad))


def _sigmoid_grad_sign(rng):
    """A soft label, so the sign depends on whether sigma(x) is above it."""
    name = SIGMOID_APIS[0][0]
    while True:
        logit, label = tenths(rng, -3, 3), tenths(rng, 0.1, 0.9)
        grad = float(gradient(name, "logits", labels=np.float32([label]), logits=np.float32([logit]))[0])
        if abs(grad) > 0.02:  # a sign that rounding cannot flip
            break
    value = framework_value(name, {"labels": [label], "logits": [logit]})
    plot = _sigmoid_curve(SIGMOID_APIS[0], label, logit, value)
    return dict(prompt_key="exercises.prompt.grad_sign_sigmoid", inputs=dict(family="sigmoid", x=logit, y=label),
                prompt_params=dict(x=number_text(logit), y=number_text(label), api=name),
                answer_type=SIGN, answer=_sign_id(grad), options=SIGN_OPTIONS,
                explanation_key="exercises.explain.grad_sign_sigmoid",
                explanation_params=dict(q=value_text(primitives.sigmoid(np.float64(logit))), y=number_text(label),
                                        grad=value_text(grad)),
                link=links.clipping(label, logit=logit), plot=plot)


# --- the floor -------------------------------------------------------------------------

@kind("entropy_floor", classic="002")
def _entropy_floor(rng, classic):
    """The lowest softmax cross-entropy a soft target allows (its entropy)."""
    target = (0.5, 0.5) if classic else soft_target(rng, int(rng.integers(2, 4)))
    answer = float(information.categorical_entropy(np.asarray(target)))
    best_logits = tuple(round(float(v), 4) for v in np.log(target))  # softmax(log p) = p: the loss is H(p)
    return dict(prompt_key="exercises.prompt.entropy_floor",
                prompt_params=dict(p=vector_text(target), api=SOFTMAX_CE),
                inputs=dict(p=target),
                answer_type=NUMBER, answer=answer, mistakes=((0.0, "exercises.feedback.floor_not_zero"),),
                explanation_key="exercises.explain.entropy_floor",
                explanation_params=dict(value=value_text(answer), logits=vector_text(best_logits)),
                link=links.surface("softmax", best_logits, target, 0))
