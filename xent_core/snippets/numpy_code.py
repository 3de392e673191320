"""Plain numpy that gives the selected API's numbers: picks the
transcription of its framework (``numpy_*`` modules) and frames it with
the imports, the learner's arrays and the print."""
from __future__ import annotations

from ..frameworks import get
from ..playground.roles import array_arguments, pool, scores_argument
from .dialects import DIALECTS, array_lines, dtype_name
from .numpy_keras import keras_lines, old_keras_lines
from .numpy_optax import optax_lines
from .numpy_sklearn import sklearn_1_4_lines, sklearn_lines
from .numpy_tensorflow import tf_nn_lines, tf_v1_lines
from .numpy_torch import torch_lines

# registry prefix -> lines(entry, settings, kwargs) computing ``loss``, or None
NUMPY_BODIES = {"tf.nn.": tf_nn_lines, "tf.compat.v1.losses.": tf_v1_lines,
                "keras.losses.": keras_lines, "keras_2_2.": old_keras_lines, "tf_keras_2_15.": old_keras_lines,
                "torch.nn.functional.": torch_lines, "optax.losses.": optax_lines,
                "sklearn.metrics.": sklearn_lines, "sklearn_1_4.": sklearn_1_4_lines}


def numpy_snippet(name: str, kwargs: dict) -> str | None:
    """Plain numpy that gives the selected API's numbers: the framework's own
    formula, with its clipping, smoothing, weights, reduction and float32
    steps. None for the functions not written out here."""
    entry = get(name)
    body = next((fn for prefix, fn in NUMPY_BODIES.items() if name.startswith(prefix)), None)
    if body is None or pool(entry) is None:
        return None
    settings = {a: kwargs.get(a, d) for a, d in entry.params.items() if a not in array_arguments(entry)}
    dtype = dtype_name(kwargs, scores_argument(entry))
    arrays = [a for a in array_arguments(entry) if kwargs.get(a) is not None]
    body_lines = body(entry, settings, kwargs)
    if body_lines is None:
        return None
    lines = ["import numpy as np", ""] + array_lines(DIALECTS["numpy"], kwargs, arrays, dtype)
    return "\n".join(lines + body_lines + ["print(loss)"])
