"""What an exercise is, and how an answer to it is checked.

An :class:`Exercise` carries the numbers shown, the right answer in one of
the answer types :data:`NUMBER`, :data:`CHOICE` or :data:`SIGN`, the known
wrong answers, and catalogue keys (never text) for its prompt, feedback and
explanation. ``check`` compares an answer within the tolerances,
``answer_text`` shows the right one, ``catalogue_keys`` lists the keys its
text needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .formatting import value_text
from .links import Link
from .plots import Plot

NUMBER, CHOICE, SIGN = "number", "choice", "sign"
ABS_TOL = 1.5e-3  # "give 3 decimals": rounding or truncating stays inside
REL_TOL = 1e-3    # large losses (30, 100) need not be typed to 5 significant digits
CLOSE = 10        # within this many tolerances: "close", check the rounding


@dataclass(frozen=True)
class Option:
    """One answer of a choice: a stable id (what ``check`` compares) and the
    catalogue key of its text; ``key=None`` shows the id as it is (API names,
    numbers, label vectors)."""

    id: str
    key: str | None = None


@dataclass(frozen=True)
class Exercise:
    """One exercise as the page shows it: the keys and parameters of its
    text, the right answer and how close an answer must be, the known wrong
    answers, the page that shows it and the figure of its explanation."""

    kind: str
    seed: int
    prompt_key: str
    prompt_params: dict
    answer_type: str                 # NUMBER | CHOICE | SIGN
    answer: float | str              # the number, or the id of the right option
    explanation_key: str
    explanation_params: dict
    link: Link
    inputs: dict = field(default_factory=dict)  # the numbers shown, unformatted
    options: tuple[Option, ...] = ()
    abs_tol: float = ABS_TOL
    rel_tol: float = REL_TOL
    mistakes: tuple = ()             # (a known wrong answer, the feedback key that explains it)
    plot: Plot | None = None


SIGN_OPTIONS = (Option("+", "exercises.sign.positive"), Option("-", "exercises.sign.negative"),
                Option("0", "exercises.sign.zero"))


def _within(ex: Exercise, value: float, target: float, scale: float = 1.0) -> bool:
    """Whether ``value`` is within ``scale`` tolerances of ``target``."""
    return abs(value - target) <= scale * max(ex.abs_tol, ex.rel_tol * abs(target))


def _matches(ex: Exercise, answer, target, scale: float = 1.0) -> bool:
    """A number within tolerance of ``target``; a choice or a sign with its id."""
    if ex.answer_type == NUMBER:
        return _within(ex, float(answer), float(target), scale)
    return str(answer) == str(target)


def check(ex: Exercise, answer) -> tuple[bool, str]:
    """Whether ``answer`` is right, and the catalogue key of the feedback.

    A number is right within ``max(abs_tol, rel_tol * |answer|)``; a choice
    or a sign when its id is the right one. A known wrong answer (a clipping
    forgotten, the other smoothing convention) gets its own explanation.
    """
    if answer is None or (ex.answer_type == NUMBER and not np.isfinite(float(answer))):
        return False, "exercises.feedback.no_answer"
    if _matches(ex, answer, ex.answer):
        return True, "exercises.feedback.correct"
    for wrong, feedback_key in ex.mistakes:
        if _matches(ex, answer, wrong):
            return False, feedback_key
    if ex.answer_type == NUMBER and _matches(ex, answer, ex.answer, CLOSE):
        return False, "exercises.feedback.close"
    return False, "exercises.feedback.wrong"


def answer_text(ex: Exercise) -> str:
    """The right answer as shown after checking: the number with 8
    significant digits (all a float32 holds), or the id of the right option."""
    return value_text(ex.answer) if ex.answer_type == NUMBER else str(ex.answer)


def catalogue_keys(ex: Exercise) -> set[str]:
    """Every catalogue key the exercise's text needs (for the catalogue test)."""
    keys = {ex.prompt_key, ex.explanation_key, ex.link.label_key, *(k for _, k in ex.mistakes)}
    keys |= {o.key for o in ex.options if o.key}
    if ex.plot is not None:
        keys |= {ex.plot.x_key, ex.plot.y_key, *(s.name_key for s in ex.plot.series + ex.plot.points)}
    return keys
