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
import warnings
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
REQUIRED_FLOAT_DEFAULT = 0.1  # a required setting such as optax.smooth_labels's alpha
MASK_ARGS = ("where",)  # optax's boolean masks: typed as arrays of 0 and 1
# Arrays a framework takes as given rather than as floats of the compute dtype
# (scikit-learn's class labels, its class list, its y_proba keyword).
PASSED_AS_GIVEN = LABEL_ROLES + MASK_ARGS + ("y_proba",)
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
    """The argument holding the labels (``y_true``, ``target``, ``labels``...);
    scikit-learn passes its class labels as given, so they are not in ``arrays``."""
    return (next((a for a in LABEL_ROLES if a in entry.arrays), None)
            or next((a for a in LABEL_ROLES if a in entry.params), None))


def array_arguments(entry: Entry) -> list[str]:
    """The arguments typed as arrays, in the order of the signature."""
    return [a for a in entry.params if a in entry.arrays or a in PASSED_AS_GIVEN]


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


def call_pool(entry: Entry, kwargs: dict) -> str | None:
    """:func:`pool` of this call: scikit-learn's ``log_loss`` is binary with one
    probability per sample (1-D scores, or one column) and multi-class with a
    row of class probabilities per sample."""
    if by_rows(entry):
        shape = np.shape(kwargs.get(scores_argument(entry)))
        return "binary" if len(shape) == 1 or shape[-1:] == (1,) else "softmax"
    return pool(entry)


def comparison_kwargs(name: str, kwargs: dict) -> dict:
    """The inputs as the other functions get them: scikit-learn's binary form
    (one probability per sample) becomes one row of one class per sample."""
    entry = get(name)
    if not (by_rows(entry) and call_pool(entry, kwargs) == "binary"):
        return kwargs
    scores = np.asarray(kwargs[scores_argument(entry)])
    labels = np.asarray(kwargs[label_argument(entry)]).astype(scores.dtype)
    return {**kwargs, scores_argument(entry): scores[:, None], label_argument(entry): labels[:, None]}


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
    if required and name in FLOAT_SETTINGS:
        return Argument(name, "float", REQUIRED_FLOAT_DEFAULT, required=True, step=0.05)
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
                    integer=entry.arrays.get(name) == INDEX)


def arguments(name: str) -> list[Argument]:
    """The controls of ``name``, arrays first, in the order of its signature."""
    entry = get(name)
    examples = example_text(name)
    params = entry.params
    is_array = array_arguments(entry)
    arrays = [_array(entry, a, params[a], examples) for a in is_array]
    settings = [_setting(entry, a, d) for a, d in params.items() if a not in is_array]
    return arrays + settings


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

def _as_index_if_fits(array, scores, *, whole_only=False):
    """``FLOAT_OR_INDEX`` (PyTorch's ``cross_entropy`` target): a whole-number
    array one dimension short of the scores is class indices; anything else
    is probabilities. ``whole_only``: any whole-number array is class labels
    (scikit-learn's ``y_true``)."""
    array = np.asarray(array)
    whole = array.size and np.all(np.isfinite(array)) and np.all(array == np.round(array))
    fits = whole_only or (scores is not None and array.ndim == np.ndim(scores) - 1)
    return array.astype(np.int64) if whole and fits else array


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
        if arg in MASK_ARGS and value is not None:
            value = np.asarray(value) != 0
        elif kind is None and arg in LABEL_ROLES and value is not None:
            value = _as_index_if_fits(value, None, whole_only=True)
        elif kind == FLOAT_OR_INDEX and value is not None:
            value = _as_index_if_fits(value, scores)
        elif kind is not None and value is not None and arg not in roles and np.size(value) == 1:
            value = np.asarray(value).reshape(())
        elif isinstance(value, str) and kind is None:
            value = _number_or_text(value)
        out[arg] = value
    return out


def _number_or_text(text: str):
    """A text setting that may hold a number (scikit-learn 1.4's ``eps``:
    ``auto`` or ``1e-15``)."""
    try:
        return float(text)
    except ValueError:
        return text


def apply_table_edits(array, edits: dict) -> np.ndarray:
    """``array`` with a table editor's changes (``{row: {column: value}}``,
    Streamlit's ``edited_rows``) put in; a scalar or a vector is one row.
    Class indices stay integers.

    >>> apply_table_edits(np.array([[0.5, 0.5]]), {0: {1: 0.25}}).tolist()
    [[0.5, 0.25]]
    """
    array = np.asarray(array)
    table = np.array(array, dtype=np.float64).reshape(-1, array.shape[-1] if array.ndim else 1)
    for row, changes in edits.items():
        for column, value in changes.items():
            if value is not None:
                table[int(row), int(column)] = value
    out = table.reshape(array.shape)
    return out.astype(array.dtype) if array.dtype.kind in "iu" else out


# --- numbers as the framework prints them ------------------------------------

def format_number(value) -> str:
    """The shortest text that gives back the same number in its dtype (what
    ``print`` shows for a numpy, TensorFlow or PyTorch scalar): ``8.01512`` in
    float32, ``8.059047875610752`` in float64, ``1e-07`` for tiny values."""
    value = np.asarray(value)
    if value.dtype.kind == "f":
        return str(value.dtype.type(value.item()))
    return str(value.item())


def format_result(array, _depth: int = 0) -> str:
    """A whole array as nested brackets of :func:`format_number` values, one
    row per line as numpy prints it.

    >>> print(format_result(np.array([[0.5, 1.0], [0.25, 2.0]], np.float32)))
    [[0.5, 1.0],
     [0.25, 2.0]]
    """
    array = np.asarray(array)
    if array.ndim == 0:
        return format_number(array)
    parts = [format_result(part, _depth + 1) for part in array]
    separator = ", " if array.ndim == 1 else ",\n" + " " * (_depth + 1)
    return "[" + separator.join(parts) + "]"


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
    pool: str = "binary"       # the selected call's family (see :func:`call_pool`)
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
    if source_pool is None or (source_pool != pool(target) and not _sklearn_fits(source_pool, target)):
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
                source_pool, by_rows(target))


def _sklearn_fits(source_pool: str | None, target: Entry) -> bool:
    """scikit-learn's log_loss takes binary and multi-class problems alike."""
    return by_rows(target) and source_pool in ("binary", "softmax")


def _row_calls(plan_: Plan, inputs: dict, pool_name: str, num_classes: int) -> np.ndarray:
    """scikit-learn's ``log_loss`` once per example: the mean over one row's
    outputs (binary: each output a sample with classes [0, 1]) or the loss
    of one row (multi-class: classes 0..K-1)."""
    target = get(plan_.target)
    labels_arg, scores_arg = label_argument(target), scores_argument(target)
    labels, scores = np.atleast_1d(inputs[labels_arg]), np.asarray(inputs[scores_arg])
    binary = pool_name.startswith("binary")
    scores = np.atleast_2d(scores)  # scikit-learn's own 1-D form arrives as columns (comparison_kwargs)
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
        averaged = result.shape[-1] > 1  # a mean over one class changes nothing
        return np.atleast_1d(result.mean(axis=-1, dtype=result.dtype)).ravel(), averaged
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
    pool_name = plan_.pool
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


def _compared(source: Entry, kwargs: dict, target: Entry) -> bool:
    source_pool = call_pool(source, kwargs)
    return target.name == source.name or (
        source_pool is not None and (pool(target) == source_pool or _sklearn_fits(source_pool, target)))


def compare(name: str, kwargs: dict) -> list[Comparison]:
    """The selected API (first, ``reduction='none'``) and every function of
    its family on the same inputs, one loss per example (see :func:`plan`
    and :func:`per_example`)."""
    source = get(name)
    if pool(source) is None:
        return []
    targets = [source] + [e for e in catalogue() if e.name != name and _compared(source, kwargs, e)]
    others = comparison_kwargs(name, kwargs)
    rows = []
    for target in targets:
        selected = target.name == name
        inputs = kwargs if selected and not by_rows(source) else others
        try:
            plan_ = plan(name, inputs, target.name)
        except NotComparable as why:
            rows.append(Comparison(target.name, target.framework, reason=(why.code, why.params)))
            continue
        try:
            with warnings.catch_warnings():  # the selected call's warnings are shown with its result
                warnings.simplefilter("ignore")
                values, averaged = run_plan(plan_, inputs)
        except (ValueError, TypeError, IndexError) as err:
            rows.append(Comparison(target.name, target.framework, plan_.steps, error=str(err),
                                   selected=selected))
            continue
        rows.append(Comparison(target.name, target.framework, plan_.steps, values, averaged,
                               selected=selected, nan_reason=_nan_reason(plan_, inputs, values)))
    return rows


def _nan_reason(plan_: Plan, kwargs: dict, values) -> str | None:
    """Why a row holds NaN or inf: logits of 0 or 1 are infinite (inf - inf
    is NaN), or an input held NaN or inf, or the computation overflowed."""
    if np.isfinite(np.asarray(values, dtype=np.float64)).all():
        return None
    for conversion, source_arg in plan_.inputs.values():
        if conversion in ("logit", "log"):
            converted = convert(conversion, kwargs[source_arg])
            if np.isinf(converted).any():
                return "infinite_logits"
    return non_finite_reason(kwargs, values)


def differs(values, reference, *, float32=False) -> np.ndarray:
    """Where ``values`` and ``reference`` disagree beyond rounding: a relative
    1e-5 when either is float32 or was computed in float32 (``float32``; a
    few float32 steps), 1e-9 otherwise; NaN equals NaN and inf equals inf of
    the same sign. Shapes that differ disagree everywhere."""
    values, reference = np.asarray(values), np.asarray(reference)
    if values.shape != reference.shape:
        return np.ones(values.shape, bool)
    single = float32 or np.float32 in (values.dtype.type, reference.dtype.type)
    rtol = 1e-5 if single else 1e-9
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
        with np.errstate(over="ignore"):
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


# --- the formula with the numbers put in ----------------------------------------

def tex_number(value, digits: int | None = None) -> str:
    r"""A number for LaTeX: :func:`format_number` (or ``digits`` significant
    digits), ``1e-07`` as ``1\times10^{-7}``, inf as ``\infty``."""
    text = format_number(value) if digits is None else f"{float(value):.{digits}g}"
    text = text[:-2] if text.endswith(".0") else text  # a label of 1, not 1.0
    low = text.lower()
    if low in ("inf", "-inf"):
        return "-\\infty" if low.startswith("-") else "\\infty"
    if low == "nan":
        return "\\mathrm{NaN}"
    if "e" in low:
        mantissa, exponent = low.split("e")
        power = f"10^{{{int(exponent)}}}"
        return power if mantissa in ("1", "1.0") else f"{mantissa}\\times{power}"
    return text


def _p(text: str) -> str:
    """Parentheses around a negative number placed after an operator."""
    return f"({text})" if text.startswith("-") else text


def _joined(parts: list[str], limit: int = 6) -> str:
    if len(parts) > limit:
        parts = parts[:limit - 2] + ["\\dots"] + parts[-1:]
    return " + ".join(parts)


def _plain_call(entry: Entry, kwargs: dict) -> bool:
    """No smoothing, weights, pos_weight, ignored class or focal factor: the
    formula with numbers is the entry's core formula."""
    if pool(entry) not in ("binary", "softmax") or by_rows(entry):
        return False
    if float(kwargs.get("label_smoothing") or 0) or kwargs.get("ignore_class") is not None:
        return False
    for arg in WEIGHT_ARGS + ("pos_weight",):
        value = kwargs.get(arg)
        if value is not None and not np.all(np.asarray(value) == 1):
            return False
    return True


def _binary_element_line(entry: Entry, kwargs: dict, x, y, term) -> list[str] | None:
    X, Y, T = tex_number(x), tex_number(y), tex_number(term)
    if score_kind(entry, kwargs) == "logits":
        return [rf"\ell_1 = \max({X}, 0) - {_p(X)}\cdot{_p(Y)} + \log(1 + e^{{-{tex_number(abs(x))}}}) = {T}"]
    if entry.framework.startswith("Keras"):
        eps = x.dtype.type(1e-7)
        clipped = np.clip(x, eps, 1 - eps)
        P = tex_number(clipped)
        lines = [rf"\hat p = \mathrm{{clip}}({X}, 10^{{-7}}, 1 - 10^{{-7}}) = {P}"] if clipped != x else []
        return lines + [rf"\ell_1 = -[{Y}\log {P} + (1 - {_p(Y)})\log(1 - {P})] = {T}"]
    if entry.name.startswith("torch."):
        return [rf"\ell_1 = -[{Y}\max(\log {X}, -100) + (1 - {_p(Y)})\max(\log(1 - {X}), -100)] = {T}"]
    if "epsilon" in entry.params:
        E = tex_number(np.float32(kwargs.get("epsilon", entry.params["epsilon"])))
        return [rf"\ell_1 = -[{Y}\log({X} + {E}) + (1 - {_p(Y)})\log(1 - {X} + {E})] = {T}"]
    return None


def _binary_lines(entry: Entry, kwargs: dict, first_value) -> list[str] | None:
    terms = element_terms(entry.name, kwargs)
    if terms is None or terms.size == 0:
        return None
    scores = np.asarray(kwargs[scores_argument(entry)])
    labels = np.asarray(kwargs[label_argument(entry)], scores.dtype)
    lines = _binary_element_line(entry, kwargs, scores.flat[0], labels.flat[0], terms.flat[0])
    if lines is None:
        return None
    row = np.atleast_1d(terms if terms.ndim < 2 else terms[0])
    if "axis" in entry.params and row.size > 1:  # Keras averages over the last axis
        lines.append(rf"L_1 = \tfrac{{1}}{{{row.size}}}({_joined([tex_number(t) for t in row])})"
                     rf" = {tex_number(first_value)}")
    return lines


def _softmax_lines(entry: Entry, kwargs: dict, first_value) -> list[str] | None:
    scores = np.atleast_2d(np.asarray(kwargs[scores_argument(entry)]))
    labels = np.asarray(kwargs[label_argument(entry)])
    row, V = scores[0], tex_number(first_value)
    kind = score_kind(entry, kwargs)
    index = labels.dtype.kind in "iu"
    c = int(np.ravel(labels)[0]) if index else None
    if index and not 0 <= c < row.size:
        return None
    if kind == "log-probabilities":
        return [rf"c = {c},\quad L_1 = -x_c = -{_p(tex_number(row[c]))} = {V}"]
    xs = ", ".join(tex_number(v) for v in row)
    if kind == "logits":
        q = softmax(row)
        first = rf"q = \mathrm{{softmax}}({xs})"
    elif entry.framework.startswith("Keras"):
        q = _keras_probabilities(entry, row)
        first = r"\hat q = \mathrm{clip}\big(q / \textstyle\sum_j q_j,\ 10^{-7},\ 1 - 10^{-7}\big)"
    else:
        q = row
        first = "q"
    lines = [first + " = (" + ", ".join(tex_number(v, 4) for v in q) + ")"]
    if index:
        lines.append(rf"c = {c},\quad L_1 = -\log q_c = -\log {tex_number(q[c], 4)} = {V}")
        return lines
    y = np.atleast_2d(labels)[0]
    if y.shape != row.shape:
        return None  # labels broadcast against the scores: no per-class pairing to show
    keep = [k for k in range(row.size) if row.size <= 6 or y[k] != 0]
    terms = [rf"{_p(tex_number(y[k]))}\log {tex_number(q[k], 4)}" for k in keep]
    y_k = "z_k" if "z_k" in entry.formula else "y_k"  # the label's letter in the entry's own formula
    lines.append(rf"\begin{{aligned}} L_1 &= -\sum_k {y_k} \log q_k \\ &= -({_joined(terms)}) = {V} \end{{aligned}}")
    return lines


def substituted_formula(name: str, kwargs: dict, first_value) -> list[str] | None:
    """LaTeX lines of the formula with the first element's (binary) or first
    row's (softmax) numbers put in, ending with the framework's own value for
    that example. None where the call has settings the core formula does not
    show (smoothing, weights, focal factor...).

    >>> kw = {"labels": np.array([0., 1., 0.]), "logits": np.array([0.5, 1.5, 0.1])}
    >>> print(substituted_formula("tf.nn.softmax_cross_entropy_with_logits", kw, 0.4790107)[-1])
    \\begin{aligned} L_1 &= -\\sum_k z_k \\log q_k \\\\ &= -(0\\log 0.2279 + 1\\log 0.6194 + 0\\log 0.1527) = 0.4790107 \\end{aligned}
    """
    entry = get(name)
    if not _plain_call(entry, kwargs) or first_value is None:
        return None
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if pool(entry) == "binary":
            return _binary_lines(entry, kwargs, first_value)
        return _softmax_lines(entry, kwargs, first_value)


# --- presets: the learners' questions -------------------------------------------

KERAS_BCE = "keras.losses.binary_crossentropy"
TORCH_BCE = "torch.nn.functional.binary_cross_entropy"
SEED_004_LOGITS = "0.5,1.5,0.1;2.2,1.3,1.7"


@dataclass(frozen=True)
class Preset:
    """One learner's question as playground settings (URL text values)."""

    key: str        # names the button's text in the catalogue: playground.preset.<key>
    seed: str       # the question it comes from (000 to 004)
    api: str
    values: dict = field(default_factory=dict)

    def params(self) -> dict:
        """The URL query parameters that open the playground on this question."""
        return {"api": self.api, "dtype": "float32", **self.values}


def _seed_004_probabilities() -> str:
    """Seed 004's softmax output in float32, as the question fed it to Keras."""
    logits = np.array([[0.5, 1.5, 0.1], [2.2, 1.3, 1.7]], np.float32)
    return format_array(softmax(logits).astype(np.float64))


PRESETS = (
    Preset("test_1", "002", KERAS_BCE, {"y_true": "0,1", "y_pred": "0.5,0.5"}),
    Preset("test_2", "002", KERAS_BCE, {"y_true": "0.5,0.5", "y_pred": "0,1"}),
    Preset("test_3", "002", KERAS_BCE, {"y_true": "-2,2", "y_pred": "0.5,0.5"}),
    Preset("target_2", "002", KERAS_BCE, {"y_true": "2", "y_pred": "0.3"}),
    Preset("target_minus_2", "002", KERAS_BCE, {"y_true": "-2", "y_pred": "0.3"}),
    Preset("torch_test_2", "002", TORCH_BCE, {"input": "0,1", "target": "0.5,0.5"}),
    Preset("torch_refuses", "002", TORCH_BCE, {"input": "0.3", "target": "-2"}),
    Preset("ceiling_y1", "003", KERAS_BCE, {"y_true": "1", "y_pred": "0"}),
    Preset("ceiling_y0", "003", KERAS_BCE, {"y_true": "0", "y_pred": "1"}),
    Preset("from_logits", "003", KERAS_BCE, {"y_true": "1", "y_pred": "-30", "from_logits": "true"}),
    Preset("softmax", "004", "tf.nn.softmax_cross_entropy_with_logits",
           {"labels": "0,1,0;0,0,1", "logits": SEED_004_LOGITS}),
    Preset("binary_per_class", "004", KERAS_BCE,
           {"y_true": "0,1,0;0,0,1", "y_pred": _seed_004_probabilities()}),
)


def control_values(name: str, params: dict | None = None) -> dict:
    """Every control of ``name`` as its widget holds it: array texts,
    booleans, numbers, choices, optional scalars as text ("" for None).
    ``params`` (URL text, e.g. a preset's) overrides the defaults."""
    params = params or {}
    out = {}
    for arg in arguments(name):
        raw = params.get(arg.name)
        if arg.kind in ("array", "text", "choice"):
            out[arg.name] = str(arg.default if raw is None else raw)
        elif arg.kind == "optional":
            out[arg.name] = "" if raw is None else str(raw)
        elif arg.kind == "bool":
            out[arg.name] = arg.default if raw is None else str(raw).strip().lower() in ("true", "1", "yes")
        elif arg.kind == "int":
            out[arg.name] = arg.default if raw is None else int(raw)
        else:
            out[arg.name] = arg.default if raw is None else float(raw)
    return out


# --- code that reproduces the numbers -------------------------------------------

FRAMEWORK_TABS = ("Keras", "PyTorch", "TensorFlow", "optax", "numpy")

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


def code_framework(name: str) -> str:
    """The tab an API's code belongs to: Keras, TensorFlow, PyTorch, optax or scikit-learn."""
    if name.startswith(("keras", "tf_keras")):
        return "Keras"
    for prefix, tab in (("tf.", "TensorFlow"), ("torch.", "PyTorch"), ("optax.", "optax")):
        if name.startswith(prefix):
            return tab
    return "scikit-learn"


def _literal(array) -> str:
    """An array as a Python literal whose values round-trip in its dtype."""
    array = np.asarray(array)
    if array.ndim == 0:
        text = format_number(array)
        return {"inf": 'float("inf")', "-inf": 'float("-inf")', "nan": 'float("nan")'}.get(text, text)
    return "[" + ", ".join(_literal(part) for part in array) + "]"


@dataclass(frozen=True)
class Dialect:
    """How one framework writes arrays, conversions and calls."""

    name: str
    imports: tuple
    float_array: str            # {lit} {dtype}
    int_array: str
    conversions: dict           # conversion -> expression of {v} (and {k}, {dtype})
    mean_last: str              # {v}
    show: str                   # {v}
    keywords_only: bool = False
    positional: int = 2


NP_CONVERSIONS = {
    "logit": "np.log({v}) - np.log1p(-{v})", "log": "np.log({v})",
    "sigmoid": "1 / (1 + np.exp(-{v}))", "exp": "np.exp({v})",
    "one_hot": "np.eye({k}, dtype=np.{dtype})[{v}]", "argmax": "np.argmax({v}, axis=-1)",
}
DIALECTS = {
    "Keras": Dialect("Keras", ("import numpy as np", "import keras"), "np.array({lit}, dtype=np.{dtype})",
                     "np.array({lit})",
                     {**NP_CONVERSIONS, "softmax": "keras.ops.softmax({v})",
                      "log_softmax": "keras.ops.log_softmax({v})"},
                     "np.mean({v}, axis=-1)", "print({v})"),
    "TensorFlow": Dialect("TensorFlow", ("import tensorflow as tf",), "tf.constant({lit}, dtype=tf.{dtype})",
                          "tf.constant({lit}, dtype=tf.int64)",
                          {"logit": "tf.math.log({v}) - tf.math.log1p(-{v})", "log": "tf.math.log({v})",
                           "sigmoid": "tf.sigmoid({v})", "softmax": "tf.nn.softmax({v})",
                           "log_softmax": "tf.nn.log_softmax({v})", "exp": "tf.exp({v})",
                           "one_hot": "tf.one_hot({v}, {k}, dtype=tf.{dtype})",
                           "argmax": "tf.argmax({v}, axis=-1)"},
                          "tf.reduce_mean({v}, axis=-1)", "print({v}.numpy())", keywords_only=True),
    "PyTorch": Dialect("PyTorch", ("import torch", "import torch.nn.functional as F"),
                       "torch.tensor({lit}, dtype=torch.{dtype})", "torch.tensor({lit})",
                       {"logit": "torch.logit({v})", "log": "torch.log({v})", "sigmoid": "torch.sigmoid({v})",
                        "softmax": "torch.softmax({v}, dim=-1)", "log_softmax": "torch.log_softmax({v}, dim=-1)",
                        "exp": "torch.exp({v})", "one_hot": "F.one_hot({v}, {k}).to(torch.{dtype})",
                        "argmax": "{v}.argmax(dim=-1)"},
                       "{v}.mean(dim=-1)", "print({v})"),
    "optax": Dialect("optax", ("import jax", "import jax.numpy as jnp", "import optax"),
                     "jnp.array({lit}, dtype=jnp.{dtype})", "jnp.array({lit})",
                     {"logit": "jnp.log({v}) - jnp.log1p(-{v})", "log": "jnp.log({v})",
                      "sigmoid": "jax.nn.sigmoid({v})", "softmax": "jax.nn.softmax({v})",
                      "log_softmax": "jax.nn.log_softmax({v})", "exp": "jnp.exp({v})",
                      "one_hot": "jax.nn.one_hot({v}, {k}, dtype=jnp.{dtype})",
                      "argmax": "jnp.argmax({v}, axis=-1)"},
                     "{v}.mean(axis=-1)", "print({v})"),
    "scikit-learn": Dialect("scikit-learn", ("import numpy as np", "from sklearn.metrics import log_loss"),
                            "np.array({lit}, dtype=np.{dtype})", "np.array({lit})",
                            NP_CONVERSIONS, "np.mean({v}, axis=-1)", "print({v})"),
    "numpy": Dialect("numpy", ("import numpy as np",), "np.array({lit}, dtype=np.{dtype})", "np.array({lit})",
                     NP_CONVERSIONS, "np.mean({v}, axis=-1)", "print({v})"),
}

# Registry names whose import path differs from the name: older versions
# keep their package's own spelling.
CALL_NAMES = {"tf_keras_2_15.losses.": "tf.keras.losses.", "keras_2_2.losses.": "keras.losses.",
              "sklearn_1_4.metrics.": "", "sklearn.metrics.": "",
              "torch.nn.functional.": "F."}
EXTRA_IMPORTS = {"tf_keras_2_15.": ("import tensorflow as tf  # tensorflow==2.15 (tf.keras 2.15)",),
                 "keras_2_2.": ("import keras  # keras==2.2",),
                 "sklearn_1_4.": ("# scikit-learn==1.4",)}
# Keras 2.2 builds a TensorFlow 1 graph: the value comes from evaluating it.
SHOW_OVERRIDES = {"keras_2_2.": "print(keras.backend.eval({v}))"}


def _call_name(name: str) -> str:
    for prefix, spelled in CALL_NAMES.items():
        if name.startswith(prefix):
            return spelled + name[len(prefix):]
    return name


def _setting_literal(value) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (bool, int, float)) or value is None:
        return repr(value)
    return _literal(value)


def _is_class(name: str) -> bool:
    """Keras loss classes: settings go to the constructor, arrays to the call."""
    return name.rsplit(".", 1)[-1][:1].isupper()


def _call_expression(dialect: Dialect, name: str, arrays: dict, settings: dict) -> str:
    """``f(a, b, key=value)`` as the framework spells the call; ``arrays``
    maps argument names to expressions, ``settings`` to Python values."""
    function = _call_name(name)
    if _is_class(name):
        constructor = ", ".join(f"{k}={_setting_literal(v)}" for k, v in settings.items())
        head = list(arrays.items())[:2]
        rest = list(arrays.items())[2:]
        args = [expr for _, expr in head] + [f"{k}={expr}" for k, expr in rest]
        return f"{function}({constructor})({', '.join(args)})"
    entry = get(name)
    order = [a for a in entry.params if a in arrays]
    positional = 0 if dialect.keywords_only else dialect.positional
    args = [arrays[a] if i < positional else f"{a}={arrays[a]}" for i, a in enumerate(order)]
    args += [f"{k}={_setting_literal(v)}" for k, v in settings.items()]
    return f"{function}({', '.join(args)})"


def _array_lines(dialect: Dialect, kwargs: dict, names, dtype: str) -> list[str]:
    lines = []
    for arg in names:
        value = np.asarray(kwargs[arg])
        template = dialect.int_array if value.dtype.kind in "iub" else dialect.float_array
        lines.append(f"{arg} = " + template.format(lit=_literal(value), dtype=dtype))
    return lines


def _header(dialect: Dialect, name: str, dtype: str) -> list[str]:
    extra = next((lines for prefix, lines in EXTRA_IMPORTS.items() if name.startswith(prefix)), ())
    lines = list(extra) + [i for i in dialect.imports if not extra or not i.startswith(("import keras",
                                                                                           "import tensorflow"))]
    if dialect.name == "optax" and dtype == "float64":
        lines.append('jax.config.update("jax_enable_x64", True)')
    return lines


def _dtype_name(name: str, kwargs: dict) -> str:
    scores = kwargs.get(scores_argument(get(name)))
    return np.asarray(scores).dtype.name if np.asarray(scores).dtype.kind == "f" else "float32"


def exact_snippet(name: str, kwargs: dict) -> str:
    """The selected API called as its framework spells it, with the
    learner's arrays and every setting that is not the default."""
    entry = get(name)
    dialect = DIALECTS[code_framework(name)]
    dtype = _dtype_name(name, kwargs)
    arrays = [a for a in array_arguments(entry) if kwargs.get(a) is not None]
    settings = {a: v for a, v in kwargs.items()
                if a not in arrays and a in entry.params and not _is_default(v, entry.params[a])}
    lines = _header(dialect, name, dtype) + [""] + _array_lines(dialect, kwargs, arrays, dtype)
    out = "smoothed" if entry.family == "labels" else "loss"
    lines.append(f"{out} = " + _call_expression(dialect, name, {a: a for a in arrays}, settings))
    show = next((v for prefix, v in SHOW_OVERRIDES.items() if name.startswith(prefix)), dialect.show)
    lines.append(show.format(v=out))
    return "\n".join(lines)


def _is_default(value, default) -> bool:
    if default is REQUIRED:
        return False
    try:
        return bool(value == default) and type(value) is not np.ndarray
    except (TypeError, ValueError):
        return False


def _conversion_count(plan_: Plan) -> int:
    return sum(conversion != "same" for conversion, _ in plan_.inputs.values())


def equivalent_plan(name: str, kwargs: dict, framework: str) -> Plan | None:
    """The function of ``framework`` that best fits the selected API's inputs
    (fewest conversions, then the most common), as a :class:`Plan`."""
    entry = get(name)
    known = {e.name for e in catalogue()}
    candidates = EQUIVALENTS.get(call_pool(entry, kwargs) or "", {}).get(framework, ())
    plans = []
    for rank, target in enumerate(candidates):
        if target not in known:
            continue
        try:
            plans.append((_conversion_count(plan(name, kwargs, target)), rank, plan(name, kwargs, target)))
        except NotComparable:
            continue
    return min(plans, key=lambda p: p[:2])[2] if plans else None


def plan_snippet(plan_: Plan, kwargs: dict, averaged: bool) -> str:
    """Code running ``plan_`` in its framework: the arrays under the selected
    API's names, converted inline, and the mean over the classes when the
    comparison took it."""
    dialect = DIALECTS[code_framework(plan_.target)]
    dtype = _dtype_name_from(kwargs, plan_.scores_from)
    scores = np.asarray(kwargs[plan_.scores_from])
    sources = sorted(dict.fromkeys(src for _, src in plan_.inputs.values()), key=list(kwargs).index)
    lines = _header(dialect, plan_.target, dtype) + [""] + _array_lines(dialect, kwargs, sources, dtype)
    arrays = {}
    for arg, (conversion, src) in plan_.inputs.items():
        template = dialect.conversions.get(conversion, "{v}")
        arrays[arg] = template.format(v=src, k=scores.shape[-1] if scores.ndim else 1, dtype=dtype)
    lines.append("loss = " + _call_expression(dialect, plan_.target, arrays, plan_.settings))
    if averaged:
        lines.append("loss = " + dialect.mean_last.format(v="loss"))
    lines.append(dialect.show.format(v="loss"))
    return "\n".join(lines)


def _dtype_name_from(kwargs: dict, scores_arg: str) -> str:
    dtype = np.asarray(kwargs[scores_arg]).dtype
    return dtype.name if dtype.kind == "f" else "float32"


# --- the same numbers in plain numpy ------------------------------------------------

def _log_softmax_lines(x: str, axis) -> list[str]:
    return [f"shifted = {x} - {x}.max(axis={axis}, keepdims=True)  # exp never overflows",
            f"log_q = shifted - np.log(np.exp(shifted).sum(axis={axis}, keepdims=True))"]


def _sigmoid_ce(labels: str, logits: str) -> str:
    """TensorFlow's stable form of -[z log s(x) + (1 - z) log(1 - s(x))]."""
    return f"np.maximum({logits}, 0) - {logits} * {labels} + np.log1p(np.exp(-np.abs({logits})))"


def _keras_clip(p: str, out: str = "p") -> list[str]:
    return [f"eps = {p}.dtype.type(1e-7)", f"{out} = np.clip({p}, eps, 1 - eps)"]


def _np_tf_nn(entry: Entry, s: dict) -> list[str]:
    kind = entry.name.rsplit(".", 1)[-1]
    if kind == "sigmoid_cross_entropy_with_logits":
        return ["loss = " + _sigmoid_ce("labels", "logits")]
    if kind == "weighted_cross_entropy_with_logits":
        return ["log_weight = 1 + (pos_weight - 1) * labels",
                "loss = (1 - labels) * logits + log_weight * (np.log1p(np.exp(-np.abs(logits)))"
                " + np.maximum(-logits, 0))"]
    if kind == "softmax_cross_entropy_with_logits":
        axis = s.get("axis", -1)
        return _log_softmax_lines("logits", axis) + [f"loss = -(labels * log_q).sum(axis={axis})"]
    return _log_softmax_lines("logits", -1) + [
        "loss = -np.take_along_axis(log_q, labels[..., None], axis=-1)[..., 0]"]


def _v1_reduction(s: dict, weights: str) -> list[str]:
    """``compute_weighted_loss``: weighted and reduced in float32, cast back."""
    w = f"np.asarray({weights}, np.float32)"
    lines = [f"weighted = losses.astype(np.float32) * {w}"]
    reduction = V1_REDUCTIONS.get(s.get("reduction"), s.get("reduction"))
    if reduction == "none":
        return lines + ["loss = weighted.astype(losses.dtype)"]
    if reduction == "weighted_sum":
        return lines + ["loss = weighted.sum().astype(losses.dtype)"]
    if reduction == "weighted_mean":
        lines.append(f"count = (np.ones_like(weighted) * {w}).sum()")
    elif reduction == "weighted_sum_over_batch_size":
        lines.append("count = weighted.size")
    else:
        lines.append(f"count = np.count_nonzero(np.broadcast_to({w}, weighted.shape))")
    return lines + ["loss = (weighted.sum() / np.float32(count) if count else np.float32(0)).astype(losses.dtype)"]


def _np_tf_v1(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    kind = entry.name.rsplit(".", 1)[-1]
    smoothing = float(s.get("label_smoothing") or 0)
    weights = "weights" if kwargs.get("weights") is not None else repr(float(s.get("weights", 1.0)))
    if kind == "log_loss":
        lines = ["p = predictions.astype(np.float32)  # log_loss works in float32",
                 "y = labels.astype(np.float32)", f"eps = np.float32({s.get('epsilon', 1e-7)!r})",
                 "losses = -(y * np.log(p + eps)) - (1 - y) * np.log(1 - p + eps)"]
    elif kind == "sigmoid_cross_entropy":
        lines = ([f"multi_class_labels = multi_class_labels * (1 - {smoothing!r}) + 0.5 * {smoothing!r}"]
                 if smoothing else []) + ["losses = " + _sigmoid_ce("multi_class_labels", "logits")]
    elif kind == "softmax_cross_entropy":
        lines = ([f"onehot_labels = onehot_labels * (1 - {smoothing!r}) + {smoothing!r} / onehot_labels.shape[-1]"]
                 if smoothing else [])
        lines += _log_softmax_lines("logits", -1) + ["losses = -(onehot_labels * log_q).sum(axis=-1)"]
    else:
        lines = _log_softmax_lines("logits", -1) + [
            "losses = -np.take_along_axis(log_q, labels[..., None], axis=-1)[..., 0]"]
    return lines + _v1_reduction(s, weights)


def _keras_binary_lines(s: dict, focal: bool) -> list[str]:
    lines = ["y_true = y_true.astype(y_pred.dtype)"]
    smoothing = float(s.get("label_smoothing") or 0)
    if smoothing:
        lines.append(f"y_true = y_true * (1 - {smoothing!r}) + 0.5 * {smoothing!r}")
    if s.get("from_logits"):
        lines.append("bce = " + _sigmoid_ce("y_true", "y_pred"))
        if focal:
            lines.append("y_pred = 1 / (1 + np.exp(-y_pred))  # probabilities for the focal factor")
    else:
        lines += _keras_clip("y_pred") + ["bce = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))"]
    if focal:
        lines += ["p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)",
                  f"bce = (1 - p_t) ** {float(s.get('gamma', 2.0))!r} * bce"]
        if s.get("apply_class_balancing"):
            alpha = float(s.get("alpha", 0.25))
            lines.append(f"bce = (y_true * {alpha!r} + (1 - y_true) * (1 - {alpha!r})) * bce")
    return lines + [f"loss = bce.mean(axis={s.get('axis', -1)})"]


def _keras_categorical_lines(s: dict, focal: bool) -> list[str]:
    axis = s.get("axis", -1)
    lines = ["y_true = y_true.astype(y_pred.dtype)"]
    smoothing = float(s.get("label_smoothing") or 0)
    if smoothing:
        lines.append(f"y_true = y_true * (1 - {smoothing!r}) + {smoothing!r} / y_true.shape[-1]")
    if s.get("from_logits") and not focal:
        return lines + _log_softmax_lines("y_pred", axis) + [f"loss = -(y_true * log_q).sum(axis={axis})"]
    if s.get("from_logits"):
        lines += [f"e = np.exp(y_pred - y_pred.max(axis={axis}, keepdims=True))",
                  f"y_pred = e / e.sum(axis={axis}, keepdims=True)"]
    lines += [f"q = y_pred / y_pred.sum(axis={axis}, keepdims=True)  # rows renormalised"]
    lines += _keras_clip("q", "q")
    if focal:
        alpha, gamma = float(s.get("alpha", 0.25)), float(s.get("gamma", 2.0))
        return lines + [f"loss = ({alpha!r} * (1 - q) ** {gamma!r} * -y_true * np.log(q)).sum(axis={axis})"]
    return lines + [f"loss = -(y_true * np.log(q)).sum(axis={axis})"]


def _keras_sparse_lines(s: dict) -> list[str]:
    lines = []
    if s.get("ignore_class") is not None:
        lines += [f"valid = y_true != {int(s['ignore_class'])}", "y_true = np.where(valid, y_true, 0)"]
    lines.append("logits = y_pred" if s.get("from_logits") else "logits = np.log(np.clip(y_pred, "
                 "y_pred.dtype.type(1e-7), 1 - y_pred.dtype.type(1e-7)))")
    lines += _log_softmax_lines("logits", -1)
    lines.append("loss = -np.take_along_axis(log_q, y_true.astype(np.int64)[..., None], axis=-1)[..., 0]")
    if s.get("ignore_class") is not None:
        lines.append("loss = np.where(valid, loss, 0).astype(loss.dtype)")
    return lines


def _keras_function_lines(function: str, s: dict) -> list[str]:
    if function == "binary_crossentropy":
        return _keras_binary_lines(s, focal=False)
    if function == "binary_focal_crossentropy":
        return _keras_binary_lines(s, focal=True)
    if function == "categorical_crossentropy":
        return _keras_categorical_lines(s, focal=False)
    if function == "categorical_focal_crossentropy":
        return _keras_categorical_lines(s, focal=True)
    return _keras_sparse_lines(s)


KERAS_CLASS_FUNCTIONS = {"BinaryCrossentropy": "binary_crossentropy",
                         "CategoricalCrossentropy": "categorical_crossentropy",
                         "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy"}


def _keras_class_reduction(s: dict, weighted: bool, masked: bool) -> list[str]:
    """``reduce_weighted_values`` (float32, the class's dtype)."""
    reduction = s.get("reduction", "sum_over_batch_size")
    lines = []
    if masked:
        # ignored examples weigh 0; for the means the others weigh total / valid
        lines.append("mask = valid.astype(np.float32)")
        if reduction in ("mean", "sum_over_batch_size"):
            lines.append("mask = mask * (mask.size / mask.sum()) if mask.sum() else mask * 0")
        lines.append("sample_weight = sample_weight * mask" if weighted else "sample_weight = mask")
        weighted = True
    if weighted:
        lines.append("loss = loss * sample_weight.astype(np.float32)")
    if reduction in (None, "none"):
        return lines
    if reduction == "sum":
        return lines + ["loss = loss.sum()"]
    divisor = "sample_weight.astype(np.float32).sum()" if reduction == "mean_with_sample_weight" and weighted \
        else "np.float32(loss.size)"
    return lines + [f"divisor = {divisor}", "loss = loss.sum() / divisor if divisor else np.float32(0)"]


def _np_keras(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    function = entry.name.rsplit(".", 1)[-1]
    if function not in KERAS_CLASS_FUNCTIONS:
        return _keras_function_lines(function, s)
    lines = ["y_true = y_true.astype(np.float32)  # loss classes compute in float32",
             "y_pred = y_pred.astype(np.float32)"]
    lines += _keras_function_lines(KERAS_CLASS_FUNCTIONS[function], s)
    masked = function.startswith("Sparse") and s.get("ignore_class") is not None
    return lines + _keras_class_reduction(s, kwargs.get("sample_weight") is not None, masked)


def _torch_reduce(s: dict, total_weight: str | None = None) -> list[str]:
    reduction = s.get("reduction", "mean")
    if reduction == "sum":
        return ["loss = loss.sum()"]
    if reduction == "mean":
        return [f"loss = loss.sum() / {total_weight}" if total_weight else "loss = loss.mean()"]
    return []


def _torch_pick_lines(log_probs: str, s: dict, weighted: bool) -> list[str]:
    """``nll_loss``: -w[c] x[c] per example; the mean divides by the sum of
    the weights of the examples not ignored."""
    ignore = int(s.get("ignore_index", -100))
    lines = [f"valid = target != {ignore}", "safe = np.where(valid, target, 0)",
             f"picked = np.take_along_axis({log_probs}, safe[:, None], axis=1)[:, 0]",
             "w = np.where(valid, " + ("weight[safe]" if weighted else "1") + f", 0).astype({log_probs}.dtype)",
             "loss = -picked * w"]
    return lines + _torch_reduce(s, "w.sum()")


def _torch_cross_entropy_lines(s: dict, kwargs: dict) -> list[str]:
    weighted = kwargs.get("weight") is not None
    smoothing = float(s.get("label_smoothing") or 0)
    lines = _log_softmax_lines("input", 1)
    if np.shape(kwargs["target"]) == np.shape(kwargs["input"]):
        if smoothing:
            lines.append(f"target = target * (1 - {smoothing!r}) + {smoothing!r} / input.shape[1]")
        lines.append("terms = log_q * target" + (" * weight" if weighted else ""))
        reduction = s.get("reduction", "mean")
        if reduction == "none":
            return lines + ["loss = -terms.sum(axis=1)"]
        if reduction == "sum":
            return lines + ["loss = -terms.sum()"]
        return lines + ["loss = -terms.sum() / (input.size // input.shape[1])"]
    nll = _torch_pick_lines("log_q", {**s, "reduction": "none"}, weighted)
    if not smoothing:
        return lines + nll + _torch_reduce(s, "w.sum()")
    smooth = "-(log_q * weight).sum(axis=1)" if weighted else "-log_q.sum(axis=1)"
    lines += nll + [f"smooth = np.where(valid, {smooth}, 0)"]
    reduction = s.get("reduction", "mean")
    if reduction == "mean":
        lines += ["loss = loss.sum() / w.sum()", "smooth = smooth.sum() / w.sum()"]
    elif reduction == "sum":
        lines += ["loss = loss.sum()", "smooth = smooth.sum()"]
    return lines + [f"loss = (1 - {smoothing!r}) * loss + smooth * ({smoothing!r} / input.shape[1])"]


def _np_torch(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    function = entry.name.rsplit(".", 1)[-1]
    weighted = kwargs.get("weight") is not None
    if function == "binary_cross_entropy":
        lines = ["if not (((input >= 0) & (input <= 1)).all() and ((target >= 0) & (target <= 1)).all()):",
                 '    raise ValueError("all elements of input and target should be between 0 and 1")',
                 "loss = (target - 1) * np.maximum(np.log1p(-input), -100) - target * np.maximum(np.log(input), -100)"]
    elif function == "binary_cross_entropy_with_logits":
        lines = ["log_sigmoid = np.minimum(input, 0) - np.log1p(np.exp(-np.abs(input)))"]
        if kwargs.get("pos_weight") is not None:
            lines.append("log_sigmoid = log_sigmoid * ((pos_weight - 1) * target + 1)")
        lines.append("loss = (1 - target) * input - log_sigmoid")
    elif function == "nll_loss":
        return _torch_pick_lines("input", s, weighted)
    else:
        return _torch_cross_entropy_lines(s, kwargs)
    if weighted:
        lines.append("loss = loss * weight")
    return lines + _torch_reduce(s)


def _np_optax(entry: Entry, s: dict, kwargs: dict) -> list[str] | None:
    if kwargs.get("where") is not None:
        return None  # masks are left to optax itself
    function = entry.name.rsplit(".", 1)[-1]
    log_sigmoids = ["log_p = -np.logaddexp(-logits, 0)  # log sigmoid(x)",
                    "log_not_p = -np.logaddexp(logits, 0)  # log(1 - sigmoid(x)) = log sigmoid(-x)"]
    if function == "sigmoid_binary_cross_entropy":
        return log_sigmoids + ["loss = -labels * log_p - (1 - labels) * log_not_p"]
    if function == "sigmoid_focal_loss":
        lines = log_sigmoids + ["loss = -labels * log_p - (1 - labels) * log_not_p",
                                "one_minus_p_t = (1 - labels) * np.exp(log_p) + labels * np.exp(log_not_p)",
                                f"loss = loss * one_minus_p_t ** {float(s.get('gamma', 2.0))!r}"]
        if s.get("alpha") is not None:
            alpha = float(s["alpha"])
            lines.append(f"loss = ({alpha!r} * labels + (1 - {alpha!r}) * (1 - labels)) * loss")
        return lines
    axis = s.get("axis", -1)
    if function == "softmax_cross_entropy":
        return _log_softmax_lines("logits", axis) + [f"loss = -(labels * log_q).sum(axis={axis})"]
    return [f"m = logits.max(axis={axis}, keepdims=True)",
            f"picked = np.take_along_axis(logits, np.expand_dims(labels, {axis}), axis={axis})",
            f"loss = (np.log(np.exp(logits - m).sum(axis={axis}, keepdims=True)) + m - picked).squeeze({axis})"]


def _np_sklearn(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    """``log_loss``: one-hot of the sorted classes, probabilities clipped to
    [eps, 1 - eps] with eps of their dtype, then a (weighted) mean or sum."""
    probs = "y_proba" if kwargs.get("y_proba") is not None else "y_pred"
    classes = "labels" if kwargs.get("labels") is not None else "y_true"
    lines = [f"p = {probs}.reshape(len({probs}), -1)",
             "p = np.concatenate([1 - p, p], axis=1) if p.shape[1] == 1 else p  # P(class 1) -> both columns"]
    if np.ndim(kwargs.get("y_true")) == 2:
        lines.append("one_hot = y_true  # already one column per class")
    else:
        lines.append(f"one_hot = (y_true[:, None] == np.unique({classes})[None, :]).astype(p.dtype)")
    lines += ["eps = np.finfo(p.dtype).eps", "p = np.clip(p, eps, 1 - eps)",
              "loss = -(one_hot * np.log(p)).sum(axis=1)"]
    weights = "sample_weight" if kwargs.get("sample_weight") is not None else "None"
    if s.get("normalize", True):
        return lines + [f"loss = float(np.average(loss, weights={weights}))"]
    total = "np.dot(loss, sample_weight)" if weights != "None" else "np.sum(loss)"
    return lines + [f"loss = float({total})"]


def _np_sklearn_1_4(entry: Entry, s: dict, kwargs: dict) -> list[str] | None:
    """scikit-learn 1.4: clipped to [eps, 1 - eps] first, then each row
    renormalised to sum to 1; the losses in float64."""
    eps = s.get("eps", "auto")
    if isinstance(eps, str) and eps != "auto":
        return None  # scikit-learn refuses any other text
    eps = "np.finfo(y_pred.dtype).eps" if eps == "auto" else repr(float(eps))
    classes = "labels" if kwargs.get("labels") is not None else "y_true"
    lines = [f"p = np.clip(y_pred, {eps}, 1 - {eps}).reshape(len(y_pred), -1)",
             "p = np.concatenate([1 - p, p], axis=1) if p.shape[1] == 1 else p  # P(class 1) -> both columns",
             f"one_hot = (y_true[:, None] == np.unique({classes})[None, :]).astype(np.float64)",
             "p = p / p.sum(axis=1, keepdims=True)  # rows renormalised",
             "loss = -(one_hot * np.log(p.astype(np.float64))).sum(axis=1)"]
    weights = "sample_weight" if kwargs.get("sample_weight") is not None else "None"
    if s.get("normalize", True):
        return lines + [f"loss = np.average(loss, weights={weights})"]
    return lines + ["loss = " + ("np.dot(loss, sample_weight)" if weights != "None" else "np.sum(loss)")]


def _np_old_keras(entry: Entry, s: dict, kwargs: dict) -> list[str]:
    """Keras 2.2 (probabilities clipped and turned back into logits) and
    tf.keras 2.x (clipped, then epsilon added again inside each log)."""
    if entry.name.endswith("categorical_crossentropy"):
        return _keras_categorical_lines(s, focal=False)
    lines = ["y_true = y_true.astype(y_pred.dtype)"]
    smoothing = float(s.get("label_smoothing") or 0)
    if smoothing:
        lines.append(f"y_true = y_true * (1 - {smoothing!r}) + 0.5 * {smoothing!r}")
    if s.get("from_logits"):
        lines.append("bce = " + _sigmoid_ce("y_true", "y_pred"))
    elif entry.name.startswith("keras_2_2."):
        lines += _keras_clip("y_pred") + ["z = np.log(p / (1 - p))  # back to logits",
                                          "bce = " + _sigmoid_ce("y_true", "z")]
    else:
        lines += _keras_clip("y_pred") + [
            "bce = -(y_true * np.log(p + 1e-7) + (1 - y_true) * np.log(1 - p + 1e-7))  # epsilon again"]
    return lines + [f"loss = bce.mean(axis={s.get('axis', -1)})"]


NUMPY_BODIES = {"tf.nn.": lambda e, s, kw: _np_tf_nn(e, s), "tf.compat.v1.losses.": _np_tf_v1,
                "keras.losses.": _np_keras, "torch.nn.functional.": _np_torch, "optax.losses.": _np_optax,
                "sklearn.metrics.": _np_sklearn, "sklearn_1_4.": _np_sklearn_1_4, "keras_2_2.": _np_old_keras,
                "tf_keras_2_15.": _np_old_keras}


def numpy_snippet(name: str, kwargs: dict) -> str | None:
    """Plain numpy that gives the selected API's numbers: the framework's own
    formula, with its clipping, smoothing, weights, reduction and float32
    steps. None for the functions not written out here."""
    entry = get(name)
    body = next((fn for prefix, fn in NUMPY_BODIES.items() if name.startswith(prefix)), None)
    if body is None or pool(entry) is None:
        return None
    settings = {a: kwargs.get(a, d) for a, d in entry.params.items() if a not in array_arguments(entry)}
    dtype = _dtype_name(name, kwargs)
    arrays = [a for a in array_arguments(entry) if kwargs.get(a) is not None]
    body_lines = body(entry, settings, kwargs)
    if body_lines is None:
        return None
    lines = ["import numpy as np", ""] + _array_lines(DIALECTS["numpy"], kwargs, arrays, dtype)
    return "\n".join(lines + body_lines + ["print(loss)"])


def code_snippets(name: str, kwargs: dict, averaged: dict | None = None) -> dict:
    """Code per framework tab, the selected API's own framework first, then
    the others of :data:`FRAMEWORK_TABS`: the exact call for its own framework, the best
    equivalent for the others (None when a framework has none), numpy
    last. ``averaged`` says, per function name, whether the comparison took a
    mean over the classes (so the code takes it too)."""
    own = code_framework(name)
    tabs = [own] + [tab for tab in FRAMEWORK_TABS if tab != own]
    out = {}
    for tab in tabs:
        if tab == "numpy":
            out[tab] = numpy_snippet(name, kwargs)
        elif tab == own:
            out[tab] = exact_snippet(name, kwargs)
        else:
            others = comparison_kwargs(name, kwargs)
            found = equivalent_plan(name, others, tab)
            out[tab] = None if found is None else plan_snippet(found, others,
                                                               (averaged or {}).get(found.target, False))
    return out
