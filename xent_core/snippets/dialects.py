"""How each framework writes code: its imports, arrays, conversions, calls
(with the registry's names spelled as the package spells them) and how it
prints a value."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..frameworks import get
from ..playground.formatting import format_number


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


def code_framework(name: str) -> str:
    """The tab an API's code belongs to: Keras, TensorFlow, PyTorch, optax or scikit-learn."""
    if name.startswith(("keras", "tf_keras")):
        return "Keras"
    for prefix, tab in (("tf.", "TensorFlow"), ("torch.", "PyTorch"), ("optax.", "optax")):
        if name.startswith(prefix):
            return tab
    return "scikit-learn"


def dialect_of(name: str) -> Dialect:
    """The dialect of the framework ``name`` belongs to."""
    return DIALECTS[code_framework(name)]


def _literal(array) -> str:
    """An array as a Python literal whose values round-trip in its dtype."""
    array = np.asarray(array)
    if array.ndim == 0:
        text = format_number(array)
        return {"inf": 'float("inf")', "-inf": 'float("-inf")', "nan": 'float("nan")'}.get(text, text)
    return "[" + ", ".join(_literal(part) for part in array) + "]"


def _call_name(name: str) -> str:
    for prefix, spelled in CALL_NAMES.items():
        if name.startswith(prefix):
            return spelled + name[len(prefix):]
    return name


def _setting_literal(value) -> str:
    if isinstance(value, (str, bool, int, float)) or value is None:
        return repr(value)
    return _literal(value)


def _is_class(name: str) -> bool:
    """Keras loss classes: settings go to the constructor, arrays to the call."""
    return name.rsplit(".", 1)[-1][:1].isupper()


def call_expression(dialect: Dialect, name: str, arrays: dict, settings: dict) -> str:
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


def array_lines(dialect: Dialect, kwargs: dict, names, dtype: str) -> list[str]:
    """``name = <array literal>`` for each of ``names``, integers as integers."""
    lines = []
    for arg in names:
        value = np.asarray(kwargs[arg])
        template = dialect.int_array if value.dtype.kind in "iub" else dialect.float_array
        lines.append(f"{arg} = " + template.format(lit=_literal(value), dtype=dtype))
    return lines


def header_lines(dialect: Dialect, name: str, dtype: str) -> list[str]:
    """The imports (an older version's own in place of the current one's),
    and float64 switched on for JAX."""
    extra = next((lines for prefix, lines in EXTRA_IMPORTS.items() if name.startswith(prefix)), ())
    lines = list(extra) + [i for i in dialect.imports if not extra or not i.startswith(("import keras",
                                                                                           "import tensorflow"))]
    if dialect.name == "optax" and dtype == "float64":
        lines.append('jax.config.update("jax_enable_x64", True)')
    return lines


def show_line(dialect: Dialect, name: str, value: str) -> str:
    """The line that prints ``value`` as the framework of ``name`` gives it."""
    show = next((v for prefix, v in SHOW_OVERRIDES.items() if name.startswith(prefix)), dialect.show)
    return show.format(v=value)


def dtype_name(kwargs: dict, scores_arg: str) -> str:
    """The code's dtype: the scores' own when they are floats, else float32."""
    dtype = np.asarray(kwargs.get(scores_arg)).dtype
    return dtype.name if dtype.kind == "f" else "float32"
