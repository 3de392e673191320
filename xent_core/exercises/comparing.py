"""The kinds that ask which of two cases costs more: two (label, probability)
cases under Keras's binary cross-entropy, and CE(p, q) against CE(q, p)."""
from __future__ import annotations

from .. import information
from . import links
from .calls import KERAS_BCE, framework_values
from .drawing import hundredths, pick
from .exercise import CHOICE, Option
from .formatting import number_text, value_text, vector_text
from .kind import kind
from .plots import PROBABILITY_GRID, Plot, series

EQUAL_RTOL = 1e-6  # two framework values this close count as equal (float32 rounding)
DIFFERENT = 0.05   # two drawn cases differ by at least this much, so the answer is no rounding question
CASE_OPTIONS = (Option("a", "exercises.option.case_a"), Option("b", "exercises.option.case_b"),
                Option("equal", "exercises.option.equal"))
ORDER_OPTIONS = (Option("pq", "exercises.option.ce_pq"), Option("qp", "exercises.option.ce_qp"),
                 Option("equal", "exercises.option.equal"))


def _larger(a: float, b: float, ids=("a", "b", "equal")) -> str:
    """The id of the larger of ``a`` and ``b`` (``ids``: a larger, b larger, equal)."""
    if abs(a - b) <= EQUAL_RTOL * max(1.0, abs(a), abs(b)):
        return ids[2]
    return ids[0] if a > b else ids[1]


@kind("larger_loss", classic="002")
def _larger_loss(rng, classic):
    """Which of two (label, probability) cases has the larger Keras binary cross-entropy."""
    if classic:  # seed 002: test_1 and test_3 both give log 2
        y_true, y_pred = [[0.0, 1.0], [-2.0, 2.0]], [[0.5, 0.5], [0.5, 0.5]]
    else:
        while True:
            y_true = [[pick(rng, (0.0, 0.5, 1.0))] for _ in range(2)]
            y_pred = [[hundredths(rng, 0.02, 0.98)] for _ in range(2)]
            a, b = framework_values(KERAS_BCE, {"y_true": y_true, "y_pred": y_pred})
            if abs(a - b) > DIFFERENT:
                break
    args = {"y_true": y_true, "y_pred": y_pred}
    a, b = framework_values(KERAS_BCE, args)
    plot = None if classic else _two_cases_plot(y_true, y_pred, (a, b))
    return dict(prompt_key="exercises.prompt.larger_loss", inputs=args,
                prompt_params=dict(ya=vector_text(y_true[0]), pa=vector_text(y_pred[0]), yb=vector_text(y_true[1]),
                                   pb=vector_text(y_pred[1]), api=KERAS_BCE),
                answer_type=CHOICE, answer=_larger(a, b), options=CASE_OPTIONS,
                explanation_key="exercises.explain.larger_loss",
                explanation_params=dict(a=value_text(a), b=value_text(b)),
                link=links.playground(KERAS_BCE, args), plot=plot)


def _two_cases_plot(y_true, y_pred, values) -> Plot:
    """The Keras loss against the probability for each case's label, the cases marked."""
    curves = []
    for label in sorted({row[0] for row in y_true}):
        curve = framework_values(KERAS_BCE, {"y_true": [[label]] * PROBABILITY_GRID.size,
                                             "y_pred": [[float(p)] for p in PROBABILITY_GRID]})
        curves.append(series("exercises.fig.loss_for_label", PROBABILITY_GRID, curve, y=number_text(label)))
    points = tuple(series(key, [row[0]], [v]) for key, row, v in
                   zip(("exercises.option.case_a", "exercises.option.case_b"), y_pred, values))
    return Plot("lines", "exercises.fig.probability", "exercises.fig.loss", tuple(curves), points)


@kind("asymmetry")
def _asymmetry(rng, classic):
    """Which is larger, CE(p, q) or CE(q, p), for two Bernoulli probabilities."""
    while True:
        p, q = hundredths(rng, 0.05, 0.95), hundredths(rng, 0.05, 0.95)
        pq, qp = information.decompose(p, q), information.decompose(q, p)
        if abs(float(pq["cross_entropy"] - qp["cross_entropy"])) > 0.02:  # an order rounding cannot hide
            break
    ce_pq, ce_qp = float(pq["cross_entropy"]), float(qp["cross_entropy"])
    grid = PROBABILITY_GRID
    curves = tuple(series("exercises.fig.ce_target", grid, information.bernoulli_cross_entropy(target, grid),
                          p=number_text(target)) for target in (p, q))
    plot = Plot("lines", "exercises.fig.model_probability", "exercises.fig.cross_entropy", curves,
                (series("exercises.option.ce_pq", [q], [ce_pq]), series("exercises.option.ce_qp", [p], [ce_qp])))
    return dict(prompt_key="exercises.prompt.asymmetry", prompt_params=dict(p=number_text(p), q=number_text(q)),
                inputs=dict(p=p, q=q),
                answer_type=CHOICE, answer=_larger(ce_pq, ce_qp, ("pq", "qp", "equal")), options=ORDER_OPTIONS,
                explanation_key="exercises.explain.asymmetry",
                explanation_params=dict(ce_pq=value_text(ce_pq), h_p=value_text(pq["entropy"]),
                                        kl_pq=value_text(pq["kl"]), ce_qp=value_text(ce_qp),
                                        h_q=value_text(qp["entropy"]), kl_qp=value_text(qp["kl"])),
                link=links.asymmetry(p=p, q=q), plot=plot)
