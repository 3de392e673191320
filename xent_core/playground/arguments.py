"""The controls an API needs, read from its signature, and the values its
widgets start from (the defaults, or URL text such as a preset's)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..examples import example_kwargs, example_text
from ..frameworks import call, catalogue, get
from ..frameworks.keras import KERAS_REDUCTIONS
from ..frameworks.registry import INDEX, REQUIRED, Entry
from ..frameworks.tensorflow import V1_REDUCTIONS
from ..parsing import format_array
from .roles import array_arguments

INTEGER_SETTINGS = ("axis", "ignore_index", "ignore_class", "num_sampled", "num_classes", "num_true",
                    "seed")
# Settings whose default is written as an int (``label_smoothing=0`` in TF v1)
# but which take any number.
FLOAT_SETTINGS = ("label_smoothing", "alpha", "gamma", "epsilon", "pos_weight")
REQUIRED_FLOAT_DEFAULT = 0.1  # a required setting such as optax.smooth_labels's alpha
TORCH_REDUCTIONS = ("mean", "sum", "none")
KERAS_2_REDUCTIONS = ("auto", "none", "sum", "sum_over_batch_size")


def _choices_by_prefix():
    keras = tuple(r for r in KERAS_REDUCTIONS if r is not None)
    v1 = tuple(dict.fromkeys(V1_REDUCTIONS.values()))
    return {"keras.": keras, "tf_keras_2_15.": KERAS_2_REDUCTIONS, "keras_2_2.": KERAS_2_REDUCTIONS,
            "tf.compat.v1.": v1, "torch.": TORCH_REDUCTIONS}


REDUCTION_CHOICES = _choices_by_prefix()


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
    names = []
    for entry in catalogue():
        if entry.family == "sampled":
            try:
                call(entry.name, **example_kwargs(entry.name))
            except (ValueError, TypeError, KeyError):
                continue
        names.append(entry.name)
    return names


def _widget_value(arg: Argument, raw):
    """The value ``arg``'s widget holds for URL text ``raw`` (None: the default)."""
    if arg.kind in ("array", "text", "choice"):
        return str(arg.default if raw is None else raw)
    if arg.kind == "optional":
        return "" if raw is None else str(raw)
    if raw is None:
        return arg.default
    if arg.kind == "bool":
        return str(raw).strip().lower() in ("true", "1", "yes")
    return int(raw) if arg.kind == "int" else float(raw)


def control_values(name: str, params: dict | None = None) -> dict:
    """Every control of ``name`` as its widget holds it: array texts,
    booleans, numbers, choices, optional scalars as text ("" for None).
    ``params`` (URL text, e.g. a preset's) overrides the defaults."""
    params = params or {}
    return {arg.name: _widget_value(arg, params.get(arg.name)) for arg in arguments(name)}
