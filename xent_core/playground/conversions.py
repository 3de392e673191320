"""The conversions that line one function's inputs up with another's:
logits and probabilities into each other, class indices and one-hot rows."""
from __future__ import annotations

import numpy as np

from ..losses import one_hot
from ..primitives import log_softmax, logit, sigmoid, softmax

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
