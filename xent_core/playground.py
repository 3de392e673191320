"""The playground's pure helpers: which controls an API needs, its inputs as
the framework takes them, the numbers shown, the same inputs through every
other framework, the formula with the numbers put in, code that reproduces
the numbers, and the presets of the learners' questions.

No Streamlit here: the page draws what these functions return. Texts the
learner reads come back as ``(code, params)`` pairs that the page translates.

Argument roles, used to line frameworks up: the *labels* are the argument a
framework calls ``y_true``, ``target``, ``multi_class_labels``,
``onehot_labels`` or ``labels``; the *scores* are ``entry.dtype_from``
(``logits``, ``y_pred``, ``input``, ``predictions``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .examples import example_text
from .frameworks import call, catalogue, get
from .frameworks.keras import KERAS_REDUCTIONS
from .frameworks.registry import FLOAT, FLOAT_OR_INDEX, INDEX, REQUIRED, Entry
from .frameworks.tensorflow import V1_REDUCTIONS
from .losses import one_hot
from .parsing import format_array
from .primitives import log_softmax, logit, sigmoid, softmax

# The label-like argument names, most specific first: scikit-learn's log_loss
# has both ``y_true`` (the labels) and ``labels`` (the list of classes).
LABEL_ROLES = ("y_true", "target", "multi_class_labels", "onehot_labels", "labels")
INTEGER_SETTINGS = ("axis", "ignore_index", "ignore_class", "num_sampled", "num_classes", "num_true",
                    "seed")
# Settings whose default is written as an int (``label_smoothing=0`` in TF v1)
# but which take any number.
FLOAT_SETTINGS = ("label_smoothing", "alpha", "gamma", "epsilon", "pos_weight")
TORCH_REDUCTIONS = ("mean", "sum", "none")
KERAS_2_REDUCTIONS = ("auto", "none", "sum", "sum_over_batch_size")
MAX_TABLE_EXAMPLES = 6  # per-example columns in the comparison table


def _choices_by_prefix():
    keras = tuple(r for r in KERAS_REDUCTIONS if r is not None)
    v1 = tuple(dict.fromkeys(V1_REDUCTIONS.values()))
    return {"keras.": keras, "tf_keras_2_15.": KERAS_2_REDUCTIONS, "keras_2_2.": KERAS_2_REDUCTIONS,
            "tf.compat.v1.": v1, "torch.": TORCH_REDUCTIONS}


REDUCTION_CHOICES = _choices_by_prefix()


# --- roles --------------------------------------------------------------------

def label_argument(entry: Entry) -> str | None:
    """The argument holding the labels (``y_true``, ``target``, ``labels``...)."""
    return next((a for a in LABEL_ROLES if a in entry.arrays), None)


def scores_argument(entry: Entry) -> str:
    """The argument holding the model's output (logits or probabilities)."""
    return entry.dtype_from


def score_kind(entry: Entry, kwargs) -> str:
    """``logits``, ``probabilities`` or ``log-probabilities`` for this call;
    ``from_logits=True`` turns a probabilities function into a logits one."""
    if entry.takes == "logits" or bool(kwargs.get("from_logits", False)):
        return "logits"
    return entry.takes


def pool(entry: Entry) -> str | None:
    """Which functions compute the same quantity, so can be compared:
    ``binary`` (sigmoid family), ``softmax`` (softmax and sparse softmax:
    class indices and one-hot rows convert into each other), the two focal
    losses, or ``None`` (label tools, sampled losses)."""
    if entry.family == "sigmoid":
        return "binary"
    if entry.family in ("softmax", "sparse softmax"):
        return "softmax"
    if entry.family == "log loss":
        return "binary" if entry.label_format.startswith("binary") else "softmax"
    if entry.family == "focal":
        return "binary focal" if ("binary" in entry.name or "sigmoid" in entry.name) else "softmax focal"
    return None


def by_rows(entry: Entry) -> bool:
    """A function that averages over the examples with no ``reduction='none'``
    (scikit-learn's ``log_loss``): the playground calls it once per example."""
    return "normalize" in entry.params and "reduction" not in entry.params


# --- the controls an API needs ------------------------------------------------

@dataclass(frozen=True)
class Argument:
    """One control of the playground, named as the framework names the argument.

    ``kind``: ``array`` (a text box; ``default`` is its text, "" is None for
    an optional array), ``bool``, ``float``, ``int``, ``choice`` (with
    ``choices``), ``optional`` (a scalar that may be None) or ``text``.
    """

    name: str
    kind: str
    default: object
    required: bool = False
    integer: bool = False
    choices: tuple = ()
    step: float | None = None


def float_step(default: float) -> float:
    """A +/- step that suits the default: 0.05 for settings in [0, 1]
    (label smoothing, alpha), 0.5 above 1 (gamma), the default's own
    decade below 0.01 (epsilon 1e-7 steps by 1e-7)."""
    size = abs(float(default))
    if size == 0 or 0.01 <= size <= 1:
        return 0.05
    if size > 1:
        return 0.5
    return 10.0 ** math.floor(math.log10(size))


def _setting(entry: Entry, name: str, default) -> Argument:
    required = default is REQUIRED
    integer = name in INTEGER_SETTINGS
    if isinstance(default, bool):
        return Argument(name, "bool", default)
    if isinstance(default, int) and not required and name not in FLOAT_SETTINGS:
        return Argument(name, "int", default, integer=True)
    if isinstance(default, (int, float)) and not required:
        return Argument(name, "float", float(default), step=float_step(default))
    if isinstance(default, str):
        choices = next((c for prefix, c in REDUCTION_CHOICES.items() if entry.name.startswith(prefix)),
                       ()) if name == "reduction" else ()
        if default in choices:
            return Argument(name, "choice", default, choices=choices)
        return Argument(name, "text", default)
    return Argument(name, "optional", None, required=required, integer=integer)


def _array(entry: Entry, name: str, default, examples: dict) -> Argument:
    if name in examples:
        text = str(examples[name])
    elif default is REQUIRED or default is None:
        text = ""
    else:
        text = format_array(default)
    return Argument(name, "array", text, required=default is REQUIRED,
                    integer=entry.arrays[name] == INDEX)


def arguments(name: str) -> list[Argument]:
    """The controls of ``name``, arrays first, in the order of its signature."""
    entry = get(name)
    examples = example_text(name)
    params = entry.params
    arrays = [_array(entry, a, d, examples) for a, d in params.items() if a in entry.arrays]
    settings = [_setting(entry, a, d) for a, d in params.items() if a not in entry.arrays]
    return arrays + settings


def default_values(name: str) -> dict:
    """Every control of ``name`` at its default (array texts, setting values)."""
    return {arg.name: arg.default for arg in arguments(name)}


def usable_apis() -> list[str]:
    """The APIs the playground offers, framework by framework: every entry
    whose worked example runs (the sampled losses need more than a text box
    of labels, so they have their own page)."""
    from .examples import example_kwargs
    names = []
    for entry in catalogue():
        if entry.family == "sampled":
            try:
                call(entry.name, **example_kwargs(entry.name))
            except (ValueError, TypeError, KeyError):
                continue
        names.append(entry.name)
    return names


# --- the call -------------------------------------------------------------------

def _as_index_if_fits(array, scores):
    """``FLOAT_OR_INDEX`` (PyTorch's ``cross_entropy`` target): a whole-number
    array one dimension short of the scores is class indices; anything else
    is probabilities."""
    array = np.asarray(array)
    whole = array.size and np.all(np.isfinite(array)) and np.all(array == np.round(array))
    if scores is not None and array.ndim == np.ndim(scores) - 1 and whole:
        return array.astype(np.int64)
    return array


def build_kwargs(name: str, values: dict) -> dict:
    """The call's keyword arguments from the controls' values.

    ``values`` maps argument names to parsed arrays (None for an empty
    optional array) and settings. Class-index-or-probability arrays become
    int64 when they are indices; an optional array typed as one number (a
    weight of ``3``) becomes a scalar, as a framework's Python float would be.
    """
    entry = get(name)
    roles = {label_argument(entry), scores_argument(entry)}
    scores = values.get(scores_argument(entry))
    out = {}
    for arg, value in values.items():
        if arg not in entry.params:
            continue
        kind = entry.arrays.get(arg)
        if kind == FLOAT_OR_INDEX and value is not None:
            value = _as_index_if_fits(value, scores)
        elif kind is not None and value is not None and arg not in roles and np.size(value) == 1:
            value = np.asarray(value).reshape(())
        out[arg] = value
    return out


# --- numbers as the framework prints them ------------------------------------

def format_number(value) -> str:
    """The shortest text that gives back the same number in its dtype (what
    ``print`` shows for a numpy, TensorFlow or PyTorch scalar): ``8.01512`` in
    float32, ``8.059047875610752`` in float64, ``1e-07`` for tiny values."""
    value = np.asarray(value)
    if value.dtype.kind == "f":
        return str(value.dtype.type(value.item()))
    return str(value.item())


def format_result(array) -> str:
    """A whole array as nested brackets of :func:`format_number` values."""
    array = np.asarray(array)
    if array.ndim == 0:
        return format_number(array)
    return "[" + ", ".join(format_result(part) for part in array) + "]"


def non_finite_reason(kwargs: dict, result) -> str | None:
    """Why the result holds NaN or inf, as a code for the page to explain:
    ``input_nan``/``input_inf`` when an input already held one,
    ``overflow`` when only the computation produced it, None when all is finite."""
    result = np.asarray(result)
    if result.dtype.kind != "f" or np.isfinite(result).all():
        return None
    floats = [np.asarray(v) for v in kwargs.values()
              if isinstance(v, np.ndarray) and v.dtype.kind == "f"]
    if any(np.isnan(v).any() for v in floats):
        return "input_nan"
    if any(np.isinf(v).any() for v in floats):
        return "input_inf"
    return "overflow"


# --- the same inputs through every other framework -----------------------------

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
    conversions being those of :func:`convert`; ``settings``: literal values;
    ``steps``: what was done, as ``(code, params)`` for the page to explain.
    """

    target: str
    inputs: dict
    settings: dict
    steps: tuple
    scores_from: str
    row_by_row: bool = False


# conversion -> what it computes (documentation for the code snippets too)
CONVERSIONS = {
    "same": "x",
    "logit": "log(p) - log(1 - p): logits of probabilities (±inf at 0 and 1)",
    "log": "log(p): logits (or log-probabilities) of a softmax output; -inf at 0",
    "sigmoid": "1 / (1 + exp(-x))",
    "softmax": "exp(x) / sum(exp(x)) along the last axis",
    "log_softmax": "x - log(sum(exp(x))) along the last axis",
    "exp": "exp(x): probabilities of log-probabilities",
    "one_hot": "1 at the class index, 0 elsewhere",
    "argmax": "the class index of a one-hot row",
}


def convert(conversion: str, value, num_classes: int | None = None):
    """Apply one of :data:`CONVERSIONS` (numpy, in the value's dtype)."""
    value = np.asarray(value)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if conversion == "same":
            return value
        if conversion == "logit":
            return logit(value)
        if conversion == "log":
            return np.log(value)
        if conversion == "sigmoid":
            return sigmoid(value)
        if conversion == "softmax":
            return softmax(value)
        if conversion == "log_softmax":
            return log_softmax(value)
        if conversion == "exp":
            return np.exp(value)
        if conversion == "argmax":
            return np.argmax(value, axis=-1).astype(np.int64)
        if conversion == "one_hot":
            return one_hot(value, num_classes, dtype=np.float32)
    raise ValueError(f"unknown conversion {conversion!r}")


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
    wants = target.arrays[label_argument(target)]
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


def _carried_settings(source: Entry, kwargs, target: Entry) -> tuple[dict, list]:
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
    inputs = {a: ("same", a) for a in entry.arrays if kwargs.get(a) is not None}
    settings = {a: v for a, v in kwargs.items() if a not in inputs and a in entry.params}
    steps = []
    if "reduction" in entry.params:
        settings["reduction"] = "none"
        if kwargs.get("reduction", entry.params["reduction"]) != "none":
            steps.append(("reduction_none", {}))
    return Plan(entry.name, inputs, settings, tuple(steps), scores_argument(entry), by_rows(entry))


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
    if pool(source) is None or (pool(source) != pool(target) and not _sklearn_fits(source, target)):
        raise NotComparable("other_family")
    axis = kwargs.get("axis", -1)
    scores = np.asarray(kwargs[scores_argument(source)])
    if axis not in (-1, scores.ndim - 1):
        raise NotComparable("axis")
    binary = pool(source).startswith("binary")
    kind = score_kind(source, kwargs)
    conversion, from_logits = _scores_conversion(target, kind, binary)
    inputs = {scores_argument(target): (conversion, scores_argument(source))}
    steps = []
    if conversion != "same":
        steps.append((conversion, {"arg": scores_argument(source)}))
    settings, carried = _carried_settings(source, kwargs, target)
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
                by_rows(target))


def _sklearn_fits(source: Entry, target: Entry) -> bool:
    """scikit-learn's log_loss takes binary and multi-class problems alike."""
    return by_rows(target) and pool(source) in ("binary", "softmax")


def _row_calls(plan_: Plan, inputs: dict, pool_name: str, num_classes: int) -> np.ndarray:
    """scikit-learn's ``log_loss`` once per example: the mean over one row's
    outputs (binary: each output a sample with classes [0, 1]) or the loss
    of one row (multi-class: classes 0..K-1)."""
    target = get(plan_.target)
    labels_arg, scores_arg = label_argument(target), scores_argument(target)
    labels, scores = np.atleast_1d(inputs[labels_arg]), np.asarray(inputs[scores_arg])
    binary = pool_name.startswith("binary")
    scores = np.atleast_2d(scores)
    labels = labels.reshape(scores.shape) if binary else labels.reshape(scores.shape[0])
    classes = np.array([0, 1]) if binary else np.arange(num_classes)
    extra = {"labels": classes} if "labels" in target.params else {}
    values = []
    for row in range(scores.shape[0]):
        y = labels[row] if binary else labels[row:row + 1]
        p = scores[row] if binary else scores[row:row + 1]
        values.append(np.asarray(call(target.name, **{labels_arg: y, scores_arg: p}, **extra)))
    return np.array(values)


def per_example(result, scores_shape: tuple, pool_name: str) -> tuple[np.ndarray, bool]:
    """One loss per example, and whether that took a mean over the classes.

    The binary functions of TensorFlow, PyTorch and optax return one loss per
    element; Keras averages them over the last axis. Taking that mean for the
    elementwise ones puts every framework on Keras's footing. Softmax losses
    already give one loss per row.
    """
    result = np.asarray(result)
    if pool_name.startswith("binary") and result.shape == tuple(scores_shape) and result.ndim >= 1:
        return np.atleast_1d(result.mean(axis=-1, dtype=result.dtype)).ravel(), True
    return np.atleast_1d(result).ravel(), False


def run_plan(plan_: Plan, kwargs: dict) -> tuple[np.ndarray, bool]:
    """Per-example losses of ``plan_`` on the selected API's ``kwargs`` (see
    :func:`per_example`). Raises ``ValueError`` with the framework's message."""
    target = get(plan_.target)
    scores = np.asarray(kwargs[plan_.scores_from])
    num_classes = scores.shape[-1] if scores.ndim else 1
    inputs = {}
    for arg, (conversion, source_arg) in plan_.inputs.items():
        value = convert(conversion, kwargs[source_arg], num_classes)
        inputs[arg] = value.astype(scores.dtype) if conversion == "one_hot" else value
    pool_name = pool(target) or "binary"
    if plan_.row_by_row:
        return _row_calls(plan_, inputs, pool_name, num_classes).ravel(), pool_name.startswith("binary")
    result = call(target.name, **inputs, **plan_.settings)
    return per_example(result, np.shape(inputs[scores_argument(target)]), pool_name)


@dataclass(frozen=True)
class Comparison:
    """One row of the comparison table: a function's per-example losses, or
    the framework's error message, or why the inputs do not fit it."""

    name: str
    framework: str
    steps: tuple = ()
    values: np.ndarray | None = None
    averaged: bool = False          # a mean over the classes was taken
    error: str | None = None        # the framework's own message
    reason: tuple | None = None     # (code, params): the inputs do not fit
    selected: bool = False
    nan_reason: str | None = None   # why some values are NaN (see :func:`non_finite_reason`)


def _compared(source: Entry, target: Entry) -> bool:
    return target.name == source.name or (
        pool(source) is not None and (pool(target) == pool(source) or _sklearn_fits(source, target)))


def compare(name: str, kwargs: dict) -> list[Comparison]:
    """The selected API (first, ``reduction='none'``) and every function of
    its family on the same inputs, one loss per example (see :func:`plan`
    and :func:`per_example`)."""
    source = get(name)
    if pool(source) is None:
        return []
    targets = [source] + [e for e in catalogue() if e.name != name and _compared(source, e)]
    rows = []
    for target in targets:
        selected = target.name == name
        try:
            plan_ = plan(name, kwargs, target.name)
        except NotComparable as why:
            rows.append(Comparison(target.name, target.framework, reason=(why.code, why.params)))
            continue
        try:
            values, averaged = run_plan(plan_, kwargs)
        except (ValueError, TypeError, IndexError) as err:
            rows.append(Comparison(target.name, target.framework, plan_.steps, error=str(err),
                                   selected=selected))
            continue
        rows.append(Comparison(target.name, target.framework, plan_.steps, values, averaged,
                               selected=selected, nan_reason=_nan_reason(plan_, kwargs, values)))
    return rows


def _nan_reason(plan_: Plan, kwargs: dict, values) -> str | None:
    """Why a row holds NaN: logits of 0 or 1 are infinite (inf - inf is NaN),
    or an input held NaN or inf, or the computation overflowed."""
    if not np.isnan(np.asarray(values, dtype=np.float64)).any():
        return None
    for conversion, source_arg in plan_.inputs.values():
        if conversion in ("logit", "log"):
            converted = convert(conversion, kwargs[source_arg])
            if np.isinf(converted).any():
                return "infinite_logits"
    return non_finite_reason(kwargs, values)


def differs(values, reference) -> np.ndarray:
    """Where ``values`` and ``reference`` disagree beyond rounding: a relative
    1e-5 when either is float32 (a few float32 steps), 1e-9 otherwise; NaN
    equals NaN and inf equals inf of the same sign. Shapes that differ
    disagree everywhere."""
    values, reference = np.asarray(values), np.asarray(reference)
    if values.shape != reference.shape:
        return np.ones(values.shape, bool)
    rtol = 1e-5 if np.float32 in (values.dtype.type, reference.dtype.type) else 1e-9
    a, b = values.astype(np.float64), reference.astype(np.float64)
    same = np.isclose(a, b, rtol=rtol, atol=rtol) | (np.isnan(a) & np.isnan(b))
    return ~same


# --- what the charts show -------------------------------------------------------

WEIGHT_ARGS = ("weight", "weights", "sample_weight")


def element_terms(name: str, kwargs: dict) -> np.ndarray | None:
    """The loss of every element of a binary (sigmoid) loss, as the framework
    computes it, before weights and reductions.

    Keras averages over the last axis; giving it the arrays with a trailing
    axis of size 1 makes that mean a mean over one value, so the framework's
    own arithmetic (clipping, float32 rounding) gives each element's term.
    """
    entry = get(name)
    if not (pool(entry) or "").startswith("binary") or by_rows(entry):
        return None
    scores = np.asarray(kwargs[scores_argument(entry)])
    args = {}
    for arg, value in kwargs.items():
        if arg in WEIGHT_ARGS:
            continue
        same_shape = arg in entry.arrays and value is not None and np.shape(value) == scores.shape
        args[arg] = np.asarray(value)[..., None] if same_shape else value
    if "reduction" in entry.params:
        args["reduction"] = "none"
    try:
        out = np.asarray(call(name, **args))
    except (ValueError, TypeError, IndexError):
        return None
    if out.shape == scores.shape + (1,):
        out = out[..., 0]
    return out if out.shape == scores.shape else None


def _keras_probabilities(entry: Entry, probs):
    r"""Keras's :math:`\hat q = \mathrm{clip}(q / \sum_j q_j, 10^{-7}, 1 - 10^{-7})`
    for its softmax losses on probabilities."""
    eps = probs.dtype.type(1e-7)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.clip(probs / probs.sum(axis=-1, keepdims=True), eps, 1 - eps)


def model_probabilities(name: str, kwargs: dict) -> np.ndarray | None:
    """The probabilities the loss compares with the labels: the given ones,
    or sigmoid (binary) / softmax (softmax family) of the logits, or exp of
    log-probabilities."""
    entry = get(name)
    if pool(entry) is None:
        return None
    scores = np.asarray(kwargs[scores_argument(entry)])
    kind = score_kind(entry, kwargs)
    binary = pool(entry).startswith("binary")
    if kind == "logits":
        return sigmoid(scores) if binary else softmax(scores)
    if kind == "log-probabilities":
        return np.exp(scores)
    return scores


def target_distribution(name: str, kwargs: dict) -> np.ndarray | None:
    """The labels as a distribution over the classes (class indices as
    one-hot rows), to draw next to the probabilities; None if out of range."""
    entry = get(name)
    labels = kwargs.get(label_argument(entry))
    scores = np.asarray(kwargs[scores_argument(entry)])
    if labels is None:
        return None
    labels = np.asarray(labels)
    if labels.dtype.kind in "iu":
        classes = scores.shape[-1]
        if labels.shape != scores.shape[:-1] or np.any((labels < 0) | (labels >= classes)):
            return None
        return one_hot(labels, classes, dtype=scores.dtype)
    return labels if labels.shape == scores.shape else None


def class_terms(name: str, kwargs: dict) -> np.ndarray | None:
    r"""Per-class terms :math:`-y_k \log q_k` of a softmax loss with label
    rows (q as :func:`model_probabilities`, Keras's clipped :math:`\hat q`
    for its functions on probabilities); a label of 0 contributes 0."""
    entry = get(name)
    if pool(entry) != "softmax" or by_rows(entry):
        return None
    labels = kwargs.get(label_argument(entry))
    scores = np.asarray(kwargs[scores_argument(entry)])
    if labels is None or np.asarray(labels).dtype.kind != "f" or np.shape(labels) != scores.shape:
        return None
    probs = model_probabilities(name, kwargs)
    if entry.framework.startswith("Keras") and score_kind(entry, kwargs) == "probabilities":
        probs = _keras_probabilities(entry, probs)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = -np.asarray(labels) * np.log(probs)
    return np.where(np.asarray(labels) == 0, np.zeros((), terms.dtype), terms)
