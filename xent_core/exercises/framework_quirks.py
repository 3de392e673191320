"""The kinds about what a framework does at the edges: Keras clipping
probabilities to [1e-7, 1 - 1e-7], Keras not checking targets outside
[0, 1], and PyTorch's binary_cross_entropy clamping its logs at -100 and
refusing inputs out of range."""
from __future__ import annotations

import numpy as np

from ..frameworks.keras import EPSILON as KERAS_EPSILON
from . import links
from .calls import KERAS_BCE, call_text, framework_value
from .drawing import hundredths, pick
from .exercise import ABS_TOL, CHOICE, NUMBER, Option
from .formatting import number_text, value_text
from .kind import kind

TORCH_BCE = "torch.nn.functional.binary_cross_entropy"
RAISES = "raises"
OUTCOME_OPTIONS = (Option("0"), Option("50"), Option("100"), Option("inf"), Option("nan", "exercises.option.nan"),
                   Option(RAISES, "exercises.option.raises"))
TORCH_EDGE_CASES = (  # (input, target): probabilities at the edges, and out of range
    ([0.0], [1.0]), ([1.0], [0.0]), ([0.0], [0.0]), ([1.0], [1.0]), ([0.0], [0.5]), ([1.0], [0.5]),
    ([0.0, 1.0], [0.5, 0.5]), ([0.3], [-2.0]), ([0.3], [2.0]), ([1.5], [1.0]), ([-0.2], [0.0]),
    ([float("nan")], [1.0]),
)
SEED_002_TORCH = 6  # input [0, 1], target [0.5, 0.5]: 50


# --- Keras -------------------------------------------------------------------------

def _keras_bce_args(label, prob):
    """Keras's arguments for one label and one probability (a batch of one row)."""
    return {"y_true": [[label]], "y_pred": [[prob]]}


def _keras_bce_prompt(label, prob):
    """The prompt's parameters for one label and one probability: both, and the call."""
    return dict(y=number_text(label), p=number_text(prob), call=call_text(KERAS_BCE, _keras_bce_args(label, prob)))


@kind("keras_clip", classic="003")
def _keras_clip(rng, classic):
    """Keras binary_crossentropy on probabilities, clipped to [1e-7, 1 - 1e-7]."""
    if classic:  # seed 003: the largest loss for y = 1 without from_logits
        label, prob = 1.0, 0.0
    else:
        label = float(rng.integers(2))
        prob = pick(rng, (0.0, 1.0)) if rng.integers(3) else hundredths(rng, 0.01, 0.99)
    args = _keras_bce_args(label, prob)
    value = framework_value(KERAS_BCE, args)
    in_float64 = framework_value(KERAS_BCE, args, dtype=np.float64)
    clipped = np.clip(np.float32(prob), np.float32(KERAS_EPSILON), np.float32(1) - np.float32(KERAS_EPSILON))
    mistakes = [(100.0, "exercises.feedback.torch_clamp")]
    if abs(in_float64 - value) > ABS_TOL:  # only where float32's ceiling gives another answer
        mistakes.append((in_float64, "exercises.feedback.float32_ceiling"))
    edge = prob in (0.0, 1.0)
    return dict(prompt_key="exercises.prompt.keras_clip", inputs=dict(y=label, p=prob),
                prompt_params=_keras_bce_prompt(label, prob),
                answer_type=NUMBER, answer=value, mistakes=tuple(mistakes),
                explanation_key="exercises.explain.keras_clip",
                explanation_params=dict(value=value_text(value), p=number_text(prob), clipped=value_text(clipped)),
                link=links.clipping(label) if edge else links.playground(KERAS_BCE, args))


@kind("keras_target", classic="002")
def _keras_target(rng, classic):
    """Keras binary_crossentropy with a target outside [0, 1] (it does not check)."""
    if classic:  # seed 002: output 0.3, target -2 gives a negative loss
        label, prob = -2.0, 0.3
    else:
        label, prob = pick(rng, (-2.0, -1.0, -0.5, 1.5, 2.0, 3.0)), hundredths(rng, 0.05, 0.95)
    value = framework_value(KERAS_BCE, _keras_bce_args(label, prob))
    clamped = framework_value(KERAS_BCE, _keras_bce_args(min(max(label, 0.0), 1.0), prob))
    return dict(prompt_key="exercises.prompt.keras_target", inputs=dict(y=label, p=prob),
                prompt_params=_keras_bce_prompt(label, prob),
                answer_type=NUMBER, answer=value, mistakes=((clamped, "exercises.feedback.targets_not_clipped"),),
                explanation_key="exercises.explain.keras_target",
                explanation_params=dict(value=value_text(value), y=number_text(label), p=number_text(prob)),
                link=links.asymmetry(yt=label, yp=prob, out=prob, dtype="float32"))


# --- PyTorch -----------------------------------------------------------------------

def torch_outcome(input, target) -> tuple[str, str]:
    """What ``torch.nn.functional.binary_cross_entropy`` gives for these lists,
    as ``(option id, text)``: the value, or ``"raises"`` and PyTorch's message."""
    try:
        value = framework_value(TORCH_BCE, {"input": input, "target": target})
    except ValueError as err:
        return RAISES, str(err)
    for option in OUTCOME_OPTIONS[:-1]:
        if np.isclose(value, float(option.id), rtol=1e-6, equal_nan=True):
            return option.id, value_text(value)
    raise ValueError(f"{TORCH_BCE}({input}, {target}) = {value} is not among the options")


@kind("torch_bce_edge", classic="002")
def _torch_bce_edge(rng, classic):
    """What PyTorch's binary_cross_entropy returns (or raises) at an edge input."""
    input, target = TORCH_EDGE_CASES[SEED_002_TORCH if classic else int(rng.integers(len(TORCH_EDGE_CASES)))]
    outcome, text = torch_outcome(input, target)
    args = {"input": input, "target": target}
    return dict(prompt_key="exercises.prompt.torch_bce_edge", prompt_params=dict(call=call_text(TORCH_BCE, args)),
                inputs=args,
                answer_type=CHOICE, answer=outcome, options=OUTCOME_OPTIONS,
                mistakes=(("inf", "exercises.feedback.torch_clamps"),),
                explanation_key=f"exercises.explain.torch_bce_edge.{'raises' if outcome == RAISES else 'value'}",
                explanation_params=dict(value=text, message=text),
                link=links.playground(TORCH_BCE, args))
