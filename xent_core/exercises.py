"""Exercises, "predict, then reveal": the learner is shown inputs and asked
for a loss value, the right loss for a task, the sign of a gradient, or which
of two cases costs more; the answer is checked with a tolerance and
explained, with a link to the page that shows it.

One small generator per kind, registered in :data:`KINDS` (which drives the
page's menu, the docs and the tests). ``make_exercise(kind, seed)`` draws the
numbers from a numpy ``Generator`` seeded by ``seed`` and the kind's name, so a
class that opens ``?kind=...&seed=...`` sees the same exercise on every
machine; every draw goes through ``Generator.integers`` (whole tenths or
hundredths), whose stream numpy keeps stable. Seed 0 of a kind is the example
from the learners' questions where one fits (``Kind.classic`` names it).

Every correct answer is computed by the core: what the framework function
returns (:func:`xent_core.frameworks.call`, :func:`~xent_core.frameworks.gradient`),
or the information-theory identity it illustrates (:mod:`xent_core.information`,
:mod:`xent_core.losses`). Text is never stored here: an exercise carries
catalogue keys and their parameters (numbers already formatted), and the
page translates them.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import numpy as np

from . import families, information, losses, primitives
from .frameworks import call, get, gradient
from .frameworks.keras import EPSILON as KERAS_EPSILON
from .guide import recommend
from .parsing import format_array

NUMBER, CHOICE, SIGN = "number", "choice", "sign"
MAX_SEED = 999_999
ABS_TOL = 1.5e-3  # "give 3 decimals": rounding or truncating stays inside
REL_TOL = 1e-3    # large losses (30, 100) need not be typed to 5 significant digits
CLOSE = 10        # within this many tolerances: "close", check the rounding
EQUAL_RTOL = 1e-6  # two framework values this close count as equal (float32 rounding)
DIFFERENT = 0.05   # two cases to compare differ by at least this much

# --- what an exercise is -----------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One answer of a choice: a stable id (what ``check`` compares) and the
    catalogue key of its text; ``key=None`` shows the id as it is (API names,
    numbers, label vectors)."""

    id: str
    key: str | None = None


@dataclass(frozen=True)
class Link:
    """The page that shows the exercise, opened on its numbers."""

    page: str          # file under app_pages/, as st.page_link takes it
    params: dict       # URL parameters, all text
    label_key: str


@dataclass(frozen=True)
class Series:
    """One curve (or bar group) of an exercise's figure; ``name_key`` and
    ``name_params`` give its legend text."""

    name_key: str
    name_params: dict
    x: tuple
    y: tuple


@dataclass(frozen=True)
class Plot:
    """A small figure for the explanation: ``style`` "lines" (curves over x,
    with marked points) or "bars" (one bar per class and series)."""

    style: str
    x_key: str
    y_key: str
    series: tuple[Series, ...]
    points: tuple[Series, ...] = ()


@dataclass(frozen=True)
class Exercise:
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


class Kind(NamedTuple):
    name: str
    generate: Callable       # (rng, classic: bool) -> dict of Exercise fields
    summary: str             # first line of the generator's docstring (the docs)
    classic: str | None      # the learners' question that seed 0 reproduces


KINDS: dict[str, Kind] = {}


def kind(name: str, *, classic: str | None = None):
    """Decorator registering a generator under ``name`` (its menu order is
    the registration order)."""
    def add(fn):
        KINDS[name] = Kind(name, fn, (fn.__doc__ or "").strip().splitlines()[0], classic)
        return fn
    return add


def make_exercise(kind_name: str, seed: int) -> Exercise:
    """The exercise of ``kind_name`` drawn from ``seed`` (0 to :data:`MAX_SEED`);
    the same on every machine."""
    if kind_name not in KINDS:
        raise ValueError(f"unknown exercise kind {kind_name!r}; known kinds: {', '.join(KINDS)}")
    seed = int(seed)
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed {seed} is outside [0, {MAX_SEED}]")
    rng = np.random.default_rng([seed, zlib.crc32(kind_name.encode())])
    parts = KINDS[kind_name].generate(rng, classic=seed == 0 and KINDS[kind_name].classic is not None)
    return Exercise(kind=kind_name, seed=seed, **parts)


def random_seed() -> int:
    """A fresh seed for "new exercise" (from the operating system's entropy)."""
    return int(np.random.default_rng().integers(1, MAX_SEED + 1))


def _within(ex: Exercise, value: float, target: float, scale: float = 1.0) -> bool:
    return abs(value - target) <= scale * max(ex.abs_tol, ex.rel_tol * abs(target))


def _matches(ex: Exercise, answer, target, scale: float = 1.0) -> bool:
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
    return _value(ex.answer) if ex.answer_type == NUMBER else str(ex.answer)


# --- drawing numbers: whole tenths and hundredths, so the prompt is exact ----

def _pick(rng, items):
    return items[int(rng.integers(len(items)))]


def _tenths(rng, low, high, size=None):
    """Multiples of 0.1 in [low, high]."""
    draw = rng.integers(round(low * 10), round(high * 10) + 1, size=size)
    return float(draw / 10) if size is None else tuple(float(v) for v in draw / 10)


def _hundredths(rng, low, high):
    return int(rng.integers(round(low * 100), round(high * 100) + 1)) / 100


def _shuffled(rng, items):
    return tuple(items[int(i)] for i in rng.permutation(len(items)))


# --- text of numbers and calls (numbers are never translated) ----------------

def _num(x) -> str:
    """A drawn input as typed: ``0.5``, ``-2``, ``1e-07``."""
    return f"{float(x):g}"


def _value(x) -> str:
    """A computed value with 8 significant digits: all a float32 holds."""
    return f"{float(x):.8g}"


def _vector(values) -> str:
    return "[" + ", ".join(_num(v) for v in np.ravel(values)) + "]"


def _literal(value) -> str:
    """A Python literal for a call's text: nested lists, numbers, booleans.
    Floats keep a decimal point (``1.0``), so they read apart from class indices."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        text = _num(value)
        return text if any(c in text for c in ".en") else text + ".0"
    return repr(value) if isinstance(value, str) else str(value)


def _ordered(name, args) -> dict:
    """``args`` in the order of the function's signature."""
    order = list(get(name).params)
    return {k: args[k] for k in sorted(args, key=order.index)}


def _call_text(name, args) -> str:
    return f"{name}(" + ", ".join(f"{k}={_literal(v)}" for k, v in _ordered(name, args).items()) + ")"


def _arrays(args, dtype):
    """Lists become arrays: floats in ``dtype``, integers (class indices) int64."""
    out = {}
    for k, v in args.items():
        if isinstance(v, (list, tuple)):
            arr = np.asarray(v)
            out[k] = arr.astype(dtype) if arr.dtype.kind == "f" else arr.astype(np.int64)
        else:
            out[k] = v
    return out


def _framework_value(name, args, *, dtype=np.float32) -> float:
    """The single number the framework function returns for ``args``
    (lists as in the prompt; float32 as the frameworks default to)."""
    return float(np.ravel(call(name, **_arrays(args, dtype)))[0])


def _framework_values(name, args, *, dtype=np.float32) -> np.ndarray:
    return np.ravel(call(name, **_arrays(args, dtype))).astype(np.float64)


# --- links to the pages that show it (their URL contracts) --------------------

def _url_text(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple, np.ndarray)):
        return format_array(np.asarray(value, dtype=float) if _has_floats(value) else np.asarray(value))
    return _num(value) if isinstance(value, float) else str(value)


def _has_floats(value) -> bool:
    return np.asarray(value).dtype.kind == "f"


def _playground(name, args, *, dtype="float32", label_key="exercises.link.playground") -> Link:
    """The playground opened on ``name`` with these arguments (``ui.links.playground_params``)."""
    params = {"api": name, "dtype": dtype, **{k: _url_text(v) for k, v in args.items()}}
    return Link("app_pages/playground.py", params, label_key)


def _surface(family, logits, labels, i, *, smoothing=0.0, label_key="exercises.link.surface") -> Link:
    """The loss surface over logits i and j (j: the next class), at these logits."""
    logits = [float(v) for v in logits]
    j = (i + 1) % len(logits)
    params = {"fam": family, "k": str(len(logits)), "logits": _url_text(logits),
              "labels": _url_text([float(v) for v in labels]), "ls": _num(smoothing), "i": str(i),
              "j": str(j), "xi": _num(logits[i]), "xj": _num(logits[j])}
    return Link("app_pages/surface.py", params, label_key)


def _clipping(label, *, logit=None, keras_logits=False) -> Link:
    """The clipping page for a label 0, 1 or soft, with the marker at ``logit``
    (and Keras's from_logits curve shown when the exercise is about it)."""
    params = {"y": _num(label)} if label in (0, 1) else {"y": "soft", "ys": _num(label)}
    params["dtype"] = "float32"
    if logit is not None:
        params["x"] = _num(logit)
    if keras_logits:
        params["keraslogits"] = "true"
    return Link("app_pages/clipping.py", params, "exercises.link.clipping")


def _asymmetry_page(**params) -> Link:
    """The asymmetry page: the swap of p and q (``p``, ``q``) or a target
    outside [0, 1] (``yt``, ``yp``, ``out``)."""
    return Link("app_pages/asymmetry.py", {k: _url_text(v) for k, v in params.items()}, "exercises.link.asymmetry")


def _sigmoid_vs_softmax(logits, labels, *, label_key, **params) -> Link:
    """The sigmoid-vs-softmax page on one row of logits and labels (and the
    two-class sliders ``d``, ``c``)."""
    params = {"logits": _url_text(list(logits)), "labels": _url_text(list(labels)),
              **{k: _url_text(v) for k, v in params.items()}}
    return Link("app_pages/sigmoid_vs_softmax.py", params, label_key)


def _guide(*, exclusive, labels, imbalanced) -> Link:
    """The home page's "Which loss do I need?" with these answers."""
    params = {"exclusive": "yes" if exclusive else "no", "labels": labels, "outputs": "logits",
              "imbalanced": str(imbalanced).lower()}
    return Link("app_pages/home.py", params, "exercises.link.guide")


# --- figures' data ---------------------------------------------------------------

def _series(name_key, xs, ys, **name_params) -> Series:
    return Series(name_key, name_params, tuple(float(v) for v in np.ravel(xs)),
                  tuple(float(v) for v in np.ravel(ys)))


def _logit_grid(*centres) -> np.ndarray:
    """121 logits covering [-6, 6] and every centre with 2 to spare."""
    return np.linspace(min(-6.0, *(c - 2 for c in centres)), max(6.0, *(c + 2 for c in centres)), 121)


PROBABILITY_GRID = np.linspace(0.01, 0.99, 99)


# --- the kinds -------------------------------------------------------------------

SIGMOID_APIS = (  # (name, label argument, logit argument, settings)
    ("tf.nn.sigmoid_cross_entropy_with_logits", "labels", "logits", {}),
    ("torch.nn.functional.binary_cross_entropy_with_logits", "target", "input", {}),
    ("keras.losses.binary_crossentropy", "y_true", "y_pred", {"from_logits": True}),
)
KERAS_CEILING_Y1 = 16.118095  # -log(1e-7) in float32 (seed 003)


def _sigmoid_args(api, label, logits):
    """One row per logit, so every API returns one loss per logit (PyTorch
    without its default mean, Keras averaging a row of one)."""
    name, label_arg, logit_arg, settings = api
    args = {label_arg: [[float(label)]] * len(logits), logit_arg: [[float(x)] for x in logits], **settings}
    return args | {"reduction": "none"} if name.startswith("torch") else args


def _sigmoid_curve(api, label, logit, value) -> Plot:
    grid = _logit_grid(logit)
    curve = _framework_values(api[0], _sigmoid_args(api, label, grid))
    return Plot("lines", "exercises.fig.logit", "exercises.fig.loss",
                (_series("exercises.fig.loss_for_label", grid, curve, y=_num(label)),),
                (_series("exercises.fig.this_case", [logit], [value]),))


@kind("sigmoid_ce", classic="003")
def _sigmoid_ce(rng, classic):
    """Value of a sigmoid cross-entropy on one logit and a 0/1 label."""
    if classic:  # seed 003: from_logits=True has no ceiling
        api, logit, label = SIGMOID_APIS[2], -30.0, 1.0
    else:
        api, logit, label = _pick(rng, SIGMOID_APIS), _tenths(rng, -4, 4), float(rng.integers(2))
    name, label_arg, logit_arg, settings = api
    args = {label_arg: [label], logit_arg: [logit], **settings}
    value = _framework_value(name, args)
    other_label = _framework_value(name, {**args, label_arg: [1 - label]})
    mistakes = [(other_label, "exercises.feedback.other_label")]
    if classic:
        mistakes.append((KERAS_CEILING_Y1, "exercises.feedback.no_clip_on_logits"))
    return dict(prompt_key="exercises.prompt.sigmoid_ce", inputs=dict(api=name, x=logit, y=label),
                prompt_params=dict(x=_num(logit), y=_num(label), call=_call_text(name, args)),
                answer_type=NUMBER, answer=value, mistakes=tuple(mistakes),
                explanation_key="exercises.explain.sigmoid_ce",
                explanation_params=dict(value=_value(value), x=_num(logit), y=_num(label)),
                link=_clipping(label, logit=logit, keras_logits=name.startswith("keras")),
                plot=_sigmoid_curve(api, label, logit, value))


SPARSE_APIS = (  # (name, class argument, logits argument, settings)
    ("tf.nn.sparse_softmax_cross_entropy_with_logits", "labels", "logits", {}),
    ("torch.nn.functional.cross_entropy", "target", "input", {}),
    ("keras.losses.sparse_categorical_crossentropy", "y_true", "y_pred", {"from_logits": True}),
)
SEED_004_LOGITS = (0.5, 1.5, 0.1)


def _probability_bars(logits, labels, grad=None) -> Plot:
    classes = np.arange(len(logits))
    bars = [_series("exercises.fig.softmax", classes, primitives.softmax(np.asarray(logits))),
            _series("exercises.fig.label", classes, labels)]
    if grad is not None:
        bars.append(_series("exercises.fig.gradient", classes, grad))
    return Plot("bars", "exercises.fig.class", "exercises.fig.value", tuple(bars))


@kind("softmax_ce", classic="004")
def _softmax_ce(rng, classic):
    """Value of a softmax cross-entropy for three logits and the true class."""
    if classic:  # seed 004, row 1, through the one-hot function of the question
        logits, c = SEED_004_LOGITS, 1
        name = "tf.nn.softmax_cross_entropy_with_logits"
        args = {"labels": [list(losses.one_hot(c, 3))], "logits": [list(logits)]}
    else:
        logits, c = _tenths(rng, -3, 3, size=3), int(rng.integers(3))
        name, class_arg, logits_arg, settings = _pick(rng, SPARSE_APIS)
        args = {class_arg: [c], logits_arg: [list(logits)], **settings}
    value = _framework_value(name, args)
    label = losses.one_hot(c, 3)
    binary_formula = float(losses.binary_per_class_on_softmax(np.asarray(logits), label))
    lse = float(primitives.logsumexp(np.asarray(logits)))
    return dict(prompt_key="exercises.prompt.softmax_ce", inputs=dict(api=name, logits=logits, c=c),
                prompt_params=dict(logits=_vector(logits), c=c, call=_call_text(name, args)),
                answer_type=NUMBER, answer=value,
                mistakes=((binary_formula, "exercises.feedback.binary_formula"),),
                explanation_key="exercises.explain.softmax_ce",
                explanation_params=dict(value=_value(value), lse=_value(lse), xc=_num(logits[c]), c=c),
                link=_surface("softmax", logits, label, c), plot=_probability_bars(logits, label))


@kind("grad_sign")
def _grad_sign(rng, classic):
    """Sign of the gradient of the loss with respect to one logit."""
    if rng.integers(2):
        return _softmax_grad_sign(rng)
    return _sigmoid_grad_sign(rng)


def _sign_id(g) -> str:
    return "+" if g > 0 else "-" if g < 0 else "0"


def _softmax_grad_sign(rng):
    name = "tf.nn.softmax_cross_entropy_with_logits"
    logits, c, k = _tenths(rng, -3, 3, size=3), int(rng.integers(3)), int(rng.integers(3))
    label = losses.one_hot(c, 3)
    grad = gradient(name, "logits", labels=np.asarray([label], np.float32),
                    logits=np.asarray([logits], np.float32))[0]
    q = primitives.softmax(np.asarray(logits))
    return dict(prompt_key="exercises.prompt.grad_sign_softmax",
                inputs=dict(family="softmax", logits=logits, c=c, k=k),
                prompt_params=dict(logits=_vector(logits), c=c, k=k, api=name),
                answer_type=SIGN, answer=_sign_id(grad[k]), options=SIGN_OPTIONS,
                explanation_key="exercises.explain.grad_sign_softmax",
                explanation_params=dict(k=k, q=_value(q[k]), y=_num(label[k]), grad=_value(grad[k])),
                link=_surface("softmax", logits, label, k), plot=_probability_bars(logits, label, grad))


def _sigmoid_grad_sign(rng):
    """A soft label, so the sign depends on whether sigma(x) is above it."""
    name = SIGMOID_APIS[0][0]
    while True:
        logit, label = _tenths(rng, -3, 3), _tenths(rng, 0.1, 0.9)
        grad = float(gradient(name, "logits", labels=np.float32([label]), logits=np.float32([logit]))[0])
        if abs(grad) > 0.02:  # a sign that rounding cannot flip
            break
    value = _framework_value(name, {"labels": [label], "logits": [logit]})
    plot = _sigmoid_curve(SIGMOID_APIS[0], label, logit, value)
    return dict(prompt_key="exercises.prompt.grad_sign_sigmoid", inputs=dict(family="sigmoid", x=logit, y=label),
                prompt_params=dict(x=_num(logit), y=_num(label), api=name),
                answer_type=SIGN, answer=_sign_id(grad), options=SIGN_OPTIONS,
                explanation_key="exercises.explain.grad_sign_sigmoid",
                explanation_params=dict(q=_value(primitives.sigmoid(np.float64(logit))), y=_num(label),
                                        grad=_value(grad)),
                link=_clipping(label, logit=logit), plot=plot)


KERAS_BCE = "keras.losses.binary_crossentropy"
CASE_OPTIONS = (Option("a", "exercises.option.case_a"), Option("b", "exercises.option.case_b"),
                Option("equal", "exercises.option.equal"))


def _larger(a: float, b: float, ids=("a", "b", "equal")) -> str:
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
            y_true = [[_pick(rng, (0.0, 0.5, 1.0))] for _ in range(2)]
            y_pred = [[_hundredths(rng, 0.02, 0.98)] for _ in range(2)]
            a, b = _framework_values(KERAS_BCE, {"y_true": y_true, "y_pred": y_pred})
            if abs(a - b) > DIFFERENT:
                break
    args = {"y_true": y_true, "y_pred": y_pred}
    a, b = _framework_values(KERAS_BCE, args)
    plot = None if classic else _two_cases_plot(y_true, y_pred, (a, b))
    return dict(prompt_key="exercises.prompt.larger_loss", inputs=args,
                prompt_params=dict(ya=_vector(y_true[0]), pa=_vector(y_pred[0]), yb=_vector(y_true[1]),
                                   pb=_vector(y_pred[1]), api=KERAS_BCE),
                answer_type=CHOICE, answer=_larger(a, b), options=CASE_OPTIONS,
                explanation_key="exercises.explain.larger_loss",
                explanation_params=dict(a=_value(a), b=_value(b)),
                link=_playground(KERAS_BCE, args), plot=plot)


def _two_cases_plot(y_true, y_pred, values) -> Plot:
    """The Keras loss against the probability for each case's label, the cases marked."""
    curves = []
    for label in sorted({row[0] for row in y_true}):
        curve = _framework_values(KERAS_BCE, {"y_true": [[label]] * PROBABILITY_GRID.size,
                                              "y_pred": [[float(p)] for p in PROBABILITY_GRID]})
        curves.append(_series("exercises.fig.loss_for_label", PROBABILITY_GRID, curve, y=_num(label)))
    points = tuple(_series(key, [row[0]], [v]) for key, row, v in
                   zip(("exercises.option.case_a", "exercises.option.case_b"), y_pred, values))
    return Plot("lines", "exercises.fig.probability", "exercises.fig.loss", tuple(curves), points)


TASKS = {  # scenario -> the decision guide's answers (the model outputs logits)
    "multi_label": dict(exclusive=False, labels="probabilities", imbalanced=False),
    "index": dict(exclusive=True, labels="index", imbalanced=False),
    "one_hot": dict(exclusive=True, labels="one_hot", imbalanced=False),
    "soft": dict(exclusive=True, labels="probabilities", imbalanced=False),
    "imbalanced": dict(exclusive=False, labels="probabilities", imbalanced=True),
}
LOSS_OPTIONS = {  # per framework, the functions to choose from
    "TensorFlow": ("tf.nn.sigmoid_cross_entropy_with_logits", "tf.nn.softmax_cross_entropy_with_logits",
                   "tf.nn.sparse_softmax_cross_entropy_with_logits", "tf.nn.weighted_cross_entropy_with_logits"),
    "Keras 3": ("keras.losses.binary_crossentropy", "keras.losses.categorical_crossentropy",
                "keras.losses.sparse_categorical_crossentropy", "keras.losses.binary_focal_crossentropy"),
    "PyTorch": ("torch.nn.functional.binary_cross_entropy", "torch.nn.functional.binary_cross_entropy_with_logits",
                "torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss"),
}


def right_loss(task: str, framework: str):
    """The decision guide's answer for ``task`` among ``framework``'s options:
    a function made for imbalance first when the task is imbalanced, else the
    plain recommendation. Returns the :class:`~xent_core.guide.Recommendation`."""
    answers = TASKS[task]
    plain = recommend(outputs="logits", **{**answers, "imbalanced": False})
    extra = [r for r in recommend(outputs="logits", **answers) if r not in plain]
    return next(r for r in extra + plain if r.name in LOSS_OPTIONS[framework])


def _with_settings(rec) -> str:
    """``keras.losses.binary_crossentropy(from_logits=True)``; the bare name without settings."""
    settings = ", ".join(f"{k}={_literal(v)}" for k, v in rec.settings.items())
    return f"{rec.name}({settings})" if settings else rec.name


@kind("right_loss", classic="003")
def _right_loss(rng, classic):
    """The right loss function for a described task, among one framework's functions."""
    task, framework = ("multi_label", "Keras 3") if classic else (_pick(rng, tuple(TASKS)),
                                                                  _pick(rng, tuple(LOSS_OPTIONS)))
    rec = right_loss(task, framework)
    return dict(prompt_key=f"exercises.prompt.right_loss.{task}", prompt_params=dict(framework=framework),
                inputs=dict(task=task, framework=framework),
                answer_type=CHOICE, answer=rec.name,
                options=tuple(Option(name) for name in LOSS_OPTIONS[framework]),
                explanation_key=f"exercises.explain.right_loss.{task}",
                explanation_params=dict(answer=_with_settings(rec)),
                link=_guide(**TASKS[task]))


@kind("one_hot")
def _one_hot(rng, classic):
    """The one-hot labels that give the same loss as a sparse class index."""
    num_classes = int(rng.integers(3, 7))
    c = int(rng.integers(num_classes))
    logits = _tenths(rng, -3, 3, size=num_classes)
    rows = {k: _vector(losses.one_hot(k, num_classes)) for k in range(num_classes)}
    distractors = dict.fromkeys(k % num_classes for k in (c - 1, c + 1, num_classes - 1 - c))
    shown = _shuffled(rng, [rows[c]] + [rows[k] for k in distractors if k != c])
    same = families.sparse_and_one_hot_losses(np.asarray([logits], np.float32),
                                              np.asarray([losses.one_hot(c, num_classes)], np.float32))
    sparse = "tf.nn.sparse_softmax_cross_entropy_with_logits"
    value = float(same[sparse][0])
    return dict(prompt_key="exercises.prompt.one_hot", inputs=dict(k=num_classes, c=c, logits=logits),
                prompt_params=dict(call=_call_text(sparse, {"labels": [c], "logits": [list(logits)]}),
                                   k=num_classes, c=c),
                answer_type=CHOICE, answer=rows[c], options=tuple(Option(row) for row in shown),
                mistakes=((rows[(c - 1) % num_classes], "exercises.feedback.counted_from_one"),),
                explanation_key="exercises.explain.one_hot",
                explanation_params=dict(c=c, k=num_classes, row=rows[c], value=_value(value)),
                link=_sigmoid_vs_softmax(logits, losses.one_hot(c, num_classes),
                                         label_key="exercises.link.sparse"))


@kind("two_class_logit")
def _two_class_logit(rng, classic):
    """The sigmoid logit that makes a 2-class softmax's probability (and loss)."""
    while True:  # z0 in halves: the other page's shift slider moves by 0.5
        z = (int(rng.integers(-6, 7)) / 2, _tenths(rng, -3, 3))
        if z[0] != 0 and z[0] != z[1]:  # so "z1" and "z0 - z1" are wrong answers
            break
    answer = float(primitives.logit(primitives.softmax(np.asarray(z))[1]))
    check_values = families.two_class_framework_check(z[1] - z[0], shift=z[0])
    return dict(prompt_key="exercises.prompt.two_class_logit", prompt_params=dict(z0=_num(z[0]), z1=_num(z[1])),
                inputs=dict(z0=z[0], z1=z[1]),
                answer_type=NUMBER, answer=answer,
                mistakes=((z[1], "exercises.feedback.difference_not_logit"),
                          (z[0] - z[1], "exercises.feedback.wrong_order")),
                explanation_key="exercises.explain.two_class_logit",
                explanation_params=dict(value=_value(answer), z0=_num(z[0]), z1=_num(z[1]),
                                        q=_value(primitives.sigmoid(np.float64(answer))),
                                        loss=_value(check_values["tf.nn.softmax_cross_entropy_with_logits"])),
                link=_sigmoid_vs_softmax(z, (0.0, 1.0), d=round(z[1] - z[0], 1), c=z[0],
                                         label_key="exercises.link.two_classes"))


def _soft_target(rng, num_classes):
    """Whole tenths, each at least 0.1, summing to 1."""
    cuts = np.sort(rng.choice(np.arange(1, 10), size=num_classes - 1, replace=False))
    return tuple(float(v) for v in np.diff(np.concatenate([[0], cuts, [10]])) / 10)


@kind("entropy_floor", classic="002")
def _entropy_floor(rng, classic):
    """The lowest softmax cross-entropy a soft target allows (its entropy)."""
    target = (0.5, 0.5) if classic else _soft_target(rng, int(rng.integers(2, 4)))
    answer = float(information.categorical_entropy(np.asarray(target)))
    best_logits = tuple(round(float(v), 4) for v in np.log(target))
    name = "tf.nn.softmax_cross_entropy_with_logits"
    return dict(prompt_key="exercises.prompt.entropy_floor", prompt_params=dict(p=_vector(target), api=name),
                inputs=dict(p=target),
                answer_type=NUMBER, answer=answer, mistakes=((0.0, "exercises.feedback.floor_not_zero"),),
                explanation_key="exercises.explain.entropy_floor",
                explanation_params=dict(value=_value(answer), logits=_vector(best_logits)),
                link=_surface("softmax", best_logits, target, 0))


ORDER_OPTIONS = (Option("pq", "exercises.option.ce_pq"), Option("qp", "exercises.option.ce_qp"),
                 Option("equal", "exercises.option.equal"))


@kind("asymmetry")
def _asymmetry(rng, classic):
    """Which is larger, CE(p, q) or CE(q, p), for two Bernoulli probabilities."""
    while True:
        p, q = _hundredths(rng, 0.05, 0.95), _hundredths(rng, 0.05, 0.95)
        pq, qp = information.decompose(p, q), information.decompose(q, p)
        if abs(float(pq["cross_entropy"] - qp["cross_entropy"])) > 0.02:
            break
    ce_pq, ce_qp = float(pq["cross_entropy"]), float(qp["cross_entropy"])
    grid = PROBABILITY_GRID
    plot = Plot("lines", "exercises.fig.model_probability", "exercises.fig.cross_entropy",
                (_series("exercises.fig.ce_target", grid, information.bernoulli_cross_entropy(p, grid), p=_num(p)),
                 _series("exercises.fig.ce_target", grid, information.bernoulli_cross_entropy(q, grid), p=_num(q))),
                (_series("exercises.option.ce_pq", [q], [ce_pq]), _series("exercises.option.ce_qp", [p], [ce_qp])))
    return dict(prompt_key="exercises.prompt.asymmetry", prompt_params=dict(p=_num(p), q=_num(q)),
                inputs=dict(p=p, q=q),
                answer_type=CHOICE, answer=_larger(ce_pq, ce_qp, ("pq", "qp", "equal")), options=ORDER_OPTIONS,
                explanation_key="exercises.explain.asymmetry",
                explanation_params=dict(ce_pq=_value(ce_pq), h_p=_value(pq["entropy"]), kl_pq=_value(pq["kl"]),
                                        ce_qp=_value(ce_qp), h_q=_value(qp["entropy"]), kl_qp=_value(qp["kl"])),
                link=_asymmetry_page(p=p, q=q), plot=plot)


SMOOTHING_APIS = {"keras.losses.binary_crossentropy": "sigmoid",
                  "keras.losses.categorical_crossentropy": "softmax"}


def smoothed_label(label, smoothing, num_classes, *, family):
    r"""The target Keras uses in place of ``label`` (0 or 1, an entry of a
    one-hot row of ``num_classes``): :math:`y(1-s) + s/2` for the sigmoid
    family, :math:`y(1-s) + s/K` for softmax."""
    if family == "sigmoid":
        return float(losses.smooth_binary_labels(label, smoothing))
    row = losses.one_hot(0 if label == 1 else 1, num_classes)  # entry 0 is the label asked about
    return float(losses.smooth_categorical_labels(row, smoothing)[0])


@kind("smoothing")
def _smoothing(rng, classic):
    """The target value Keras uses for a label under label_smoothing."""
    name = _pick(rng, tuple(SMOOTHING_APIS))
    family = SMOOTHING_APIS[name]
    label, s, k = float(rng.integers(2)), _pick(rng, (0.05, 0.1, 0.15, 0.2, 0.3)), int(rng.integers(3, 11))
    answer = smoothed_label(label, s, k, family=family)
    other = smoothed_label(label, s, k, family="softmax" if family == "sigmoid" else "sigmoid")
    labels = losses.one_hot(0 if label == 1 else 1, k)
    return dict(prompt_key="exercises.prompt.smoothing", inputs=dict(api=name, y=label, s=s, k=k),
                prompt_params=dict(api=name, s=_num(s), k=k, y=_num(label)),
                answer_type=NUMBER, answer=answer,
                mistakes=((other, "exercises.feedback.other_smoothing"),),
                explanation_key=f"exercises.explain.smoothing.{family}",
                explanation_params=dict(value=_value(answer), y=_num(label), s=_num(s), k=k),
                link=_surface(family, np.zeros(k), labels, 0, smoothing=s))


@kind("keras_clip", classic="003")
def _keras_clip(rng, classic):
    """Keras binary_crossentropy on probabilities, clipped to [1e-7, 1 - 1e-7]."""
    if classic:  # seed 003: the largest loss for y = 1 without from_logits
        label, prob = 1.0, 0.0
    else:
        label = float(rng.integers(2))
        prob = _pick(rng, (0.0, 1.0)) if rng.integers(3) else _hundredths(rng, 0.01, 0.99)
    args = {"y_true": [[label]], "y_pred": [[prob]]}
    value = _framework_value(KERAS_BCE, args)
    in_float64 = _framework_value(KERAS_BCE, args, dtype=np.float64)
    clipped = np.clip(np.float32(prob), np.float32(KERAS_EPSILON), np.float32(1) - np.float32(KERAS_EPSILON))
    mistakes = [(100.0, "exercises.feedback.torch_clamp")]
    if abs(in_float64 - value) > ABS_TOL:
        mistakes.append((in_float64, "exercises.feedback.float32_ceiling"))
    edge = prob in (0.0, 1.0)
    return dict(prompt_key="exercises.prompt.keras_clip", inputs=dict(y=label, p=prob),
                prompt_params=dict(y=_num(label), p=_num(prob), call=_call_text(KERAS_BCE, args)),
                answer_type=NUMBER, answer=value, mistakes=tuple(mistakes),
                explanation_key="exercises.explain.keras_clip",
                explanation_params=dict(value=_value(value), p=_num(prob), clipped=f"{float(clipped):.8g}"),
                link=_clipping(label) if edge else _playground(KERAS_BCE, args))


@kind("keras_target", classic="002")
def _keras_target(rng, classic):
    """Keras binary_crossentropy with a target outside [0, 1] (it does not check)."""
    if classic:  # seed 002: output 0.3, target -2 gives a negative loss
        label, prob = -2.0, 0.3
    else:
        label, prob = _pick(rng, (-2.0, -1.0, -0.5, 1.5, 2.0, 3.0)), _hundredths(rng, 0.05, 0.95)
    args = {"y_true": [[label]], "y_pred": [[prob]]}
    value = _framework_value(KERAS_BCE, args)
    clamped = _framework_value(KERAS_BCE, {"y_true": [[min(max(label, 0.0), 1.0)]], "y_pred": [[prob]]})
    return dict(prompt_key="exercises.prompt.keras_target", inputs=dict(y=label, p=prob),
                prompt_params=dict(y=_num(label), p=_num(prob), call=_call_text(KERAS_BCE, args)),
                answer_type=NUMBER, answer=value, mistakes=((clamped, "exercises.feedback.targets_not_clipped"),),
                explanation_key="exercises.explain.keras_target",
                explanation_params=dict(value=_value(value), y=_num(label), p=_num(prob)),
                link=_asymmetry_page(yt=label, yp=prob, out=prob, dtype="float32"))


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


def torch_outcome(input, target) -> tuple[str, str]:
    """What ``torch.nn.functional.binary_cross_entropy`` gives for these lists,
    as ``(option id, text)``: the value, or ``"raises"`` and PyTorch's message."""
    try:
        value = _framework_value(TORCH_BCE, {"input": input, "target": target})
    except ValueError as err:
        return RAISES, str(err)
    for option in OUTCOME_OPTIONS[:-1]:
        if np.isclose(value, float(option.id), rtol=1e-6, equal_nan=True):
            return option.id, _value(value)
    raise ValueError(f"{TORCH_BCE}({input}, {target}) = {value} is not among the options")


@kind("torch_bce_edge", classic="002")
def _torch_bce_edge(rng, classic):
    """What PyTorch's binary_cross_entropy returns (or raises) at an edge input."""
    input, target = TORCH_EDGE_CASES[SEED_002_TORCH if classic else int(rng.integers(len(TORCH_EDGE_CASES)))]
    outcome, text = torch_outcome(input, target)
    args = {"input": input, "target": target}
    return dict(prompt_key="exercises.prompt.torch_bce_edge", prompt_params=dict(call=_call_text(TORCH_BCE, args)),
                inputs=args,
                answer_type=CHOICE, answer=outcome, options=OUTCOME_OPTIONS,
                mistakes=(("inf", "exercises.feedback.torch_clamps"),),
                explanation_key=f"exercises.explain.torch_bce_edge.{'raises' if outcome == RAISES else 'value'}",
                explanation_params=dict(value=text, message=text),
                link=_playground(TORCH_BCE, args))


def catalogue_keys(ex: Exercise) -> set[str]:
    """Every catalogue key the exercise's text needs (for the catalogue test)."""
    keys = {ex.prompt_key, ex.explanation_key, ex.link.label_key, *(k for _, k in ex.mistakes)}
    keys |= {o.key for o in ex.options if o.key}
    if ex.plot is not None:
        keys |= {ex.plot.x_key, ex.plot.y_key, *(s.name_key for s in ex.plot.series + ex.plot.points)}
    return keys
