"""1-D curves of the catalogue's binary cross-entropies: loss and gradient of
each framework function over a range of logits, of probabilities near 0 and
1, or of targets, next to the exact values.

Every framework number comes from :func:`xent_core.frameworks.call` and
:func:`xent_core.frameworks.gradient`, with the points laid out so that each
keeps its own value:

- a function that averages over the last axis (Keras) gets an (N, 1) column,
  so each "average" is over one value;
- a function with a ``reduction`` gets ``reduction="none"``;
- a function that reduces over samples (scikit-learn's ``log_loss``) is
  called once per point.

Gradients are taken with respect to the function's own input (logit or
probability); :func:`against_logits` and :func:`against_probabilities`
convert them to the quantity on the x axis with the chain rule.

The last section holds what the asymmetry page draws: the Bernoulli
cross-entropy of every pair on a grid, averaged decompositions, and the loss
against the target (a straight line that goes negative outside [0, 1]).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import information, losses, tape
from .frameworks import call, get, gradient
from .frameworks.diagnose import label_arg
from .primitives import sigmoid

NAIVE = "naive"  # the textbook chain of xent_core.losses.naive_binary_ce_from_logits
LOGIT_LIMIT = 40.0
SMALLEST_EXPONENT = -40.0  # 1e-40: float32 still holds it to 5 digits (as a subnormal)
HALF_EXPONENT = float(np.log10(0.5))
SIDES = ("zero", "one")  # probabilities near 0, probabilities near 1

# Gradient status of each point (see gradient_status).
OK, ZERO, WRONG, NOT_FINITE = 0, 1, 2, 3


@dataclass(frozen=True)
class Variant:
    """One way of computing the binary cross-entropy of a single output."""

    key: str                  # short name; the page's URL key of its toggle
    api: str                  # catalogue name, or NAIVE
    per_point: tuple = ()     # keyword arguments that make it return one loss per point
    required: tuple = ()      # keyword arguments it always needs here
    one_call_per_point: bool = False  # it reduces over samples whatever the arguments


VARIANTS = (
    Variant("tf", "tf.nn.sigmoid_cross_entropy_with_logits"),
    Variant("keraslogits", "keras.losses.binary_crossentropy", required=(("from_logits", True),)),
    Variant("keras", "keras.losses.binary_crossentropy"),
    Variant("keras22", "keras_2_2.losses.binary_crossentropy"),
    Variant("tfkeras", "tf_keras_2_15.losses.binary_crossentropy"),
    Variant("torch", "torch.nn.functional.binary_cross_entropy", per_point=(("reduction", "none"),)),
    Variant("v1", "tf.compat.v1.losses.log_loss", per_point=(("reduction", "none"),)),
    # log_loss needs both classes named when y_true holds only one of them.
    Variant("sklearn", "sklearn.metrics.log_loss", required=(("labels", (0, 1)),),
            one_call_per_point=True),
    Variant(NAIVE, NAIVE),
)


def variant(key: str) -> Variant:
    return next(v for v in VARIANTS if v.key == key)


def display_name(v: Variant) -> str:
    """The API name, with the settings that change what it computes."""
    shown = {name: value for name, value in v.required if name == "from_logits"}
    return v.api + "".join(f"({name}={value})" for name, value in shown.items())


def is_available(v: Variant) -> bool:
    """Whether the catalogue has this function (older versions may be missing)."""
    if v.api == NAIVE:
        return True
    try:
        get(v.api)
    except ValueError:
        return False
    return True


def takes_logits(v: Variant) -> bool:
    return v.api == NAIVE or get(v.api).takes == "logits" or bool(dict(v.required).get("from_logits"))


def has_gradient(v: Variant) -> bool:
    """scikit-learn's ``log_loss`` is a metric: nothing differentiates it."""
    return v.api == NAIVE or get(v.api).dtype_from in get(v.api).differentiable


# --- one framework function at N points --------------------------------------

def _required(v: Variant) -> dict:
    return {name: np.asarray(value) if isinstance(value, tuple) else value for name, value in v.required}


def _sample_labels(labels: np.ndarray, dtype) -> np.ndarray:
    """Class labels for scikit-learn: whole numbers as integers (0, 1); any
    other value stays a float, which ``log_loss`` rejects with its own message."""
    if np.all(labels == np.round(labels)):
        return labels.astype(np.int64)
    return labels.astype(dtype)


def _naive_gradient(logits, labels):
    r"""Autodiff of the naive chain :math:`p = 1/(1+e^{-x})`,
    :math:`-y\log p - (1-y)\log(1-p)`, op by op as a framework would take it:
    where ``1 - p`` rounds to 0 the gradient is NaN or inf."""
    x = tape.leaf(logits)
    probs = 1 / (1 + tape.exp(-x))
    chain = -(labels * tape.log(probs) + (1 - labels) * tape.log(1 - probs))
    return tape.gradients(chain, [x])[0]


def framework_curve(v: Variant, inputs, labels, *, dtype=np.float32):
    """Loss and gradient of ``v`` at N points, one value per point.

    Args: ``inputs`` (N,), logits or probabilities as ``v`` takes them;
    ``labels`` a scalar or (N,); both are cast to ``dtype``.
    Returns ``(loss, grad)``: (N,) arrays; ``grad`` is d loss / d input, or
    ``None`` for a function with no gradient (a metric).
    Raises ``ValueError`` with the framework's message where it refuses the input.

    >>> loss, grad = framework_curve(variant("keras"), [0.0, 0.5], 1.0)
    >>> loss.round(6).tolist(), grad.tolist()
    ([16.118095, 0.693147], [0.0, -2.0])
    """
    inputs = np.asarray(inputs, dtype=dtype).reshape(-1)
    labels = np.broadcast_to(np.asarray(labels, dtype=dtype), inputs.shape)
    if v.api == NAIVE:
        with np.errstate(all="ignore"):
            return losses.naive_binary_ce_from_logits(inputs, labels), _naive_gradient(inputs, labels)
    entry = get(v.api)
    label_name, input_name = label_arg(entry), entry.dtype_from
    if v.one_call_per_point:
        loss = np.array([float(call(v.api, **{label_name: _sample_labels(labels[i:i + 1], dtype),
                                              input_name: inputs[i:i + 1]}, **_required(v)))
                         for i in range(inputs.size)])
        return loss, None
    kwargs = {label_name: labels[:, None], input_name: inputs[:, None], **dict(v.per_point), **_required(v)}
    loss = call(v.api, **kwargs).reshape(-1)
    if loss.size != inputs.size:
        raise ValueError(f"{v.api} returned {loss.size} values for {inputs.size} points")
    grad = gradient(v.api, input_name, **kwargs).reshape(-1) if has_gradient(v) else None
    return loss, grad


def own_reduction(v: Variant, probs, label, *, dtype=np.float32) -> float:
    """The single number ``v`` returns for the outputs ``probs`` (K,), every
    target equal to ``label``, with its default reduction: Keras averages over
    the last axis, PyTorch, TF v1 and scikit-learn over all elements.

    Seed 002's test_2 is ``own_reduction(keras, [0, 1], 0.5)``: 8.01512 in
    float32 (1 - 1e-7 rounds to 1 - 2**-23), 8.0590 in float64.
    """
    entry = get(v.api)
    probs = np.asarray(probs, dtype=dtype)
    labels = np.full(probs.shape, label, dtype=dtype)
    if v.one_call_per_point:
        labels = _sample_labels(labels, dtype)
    return float(np.asarray(call(v.api, **{label_arg(entry): labels, entry.dtype_from: probs},
                                 **_required(v))).reshape(-1)[0])


# --- against the logit --------------------------------------------------------

def logit_grid(n=401, *, limit=LOGIT_LIMIT) -> np.ndarray:
    """``n`` evenly spaced logits in [-limit, limit] (float64); odd ``n`` keeps 0 and the integers."""
    return np.linspace(-limit, limit, n)


def against_logits(v: Variant, logits, label, *, dtype=np.float32):
    r"""Loss and :math:`\partial\ell/\partial x` of ``v`` for a model whose last
    layer outputs the logit ``x`` (rounded to ``dtype``).

    A function that takes probabilities gets :math:`p = \sigma(x)` computed in
    ``dtype``, as a sigmoid last layer gives it (in float32 it is exactly 1
    from x of about 17), and its gradient is chained through the sigmoid as
    TensorFlow's and PyTorch's sigmoid backward do:
    :math:`\partial\ell/\partial x = \partial\ell/\partial p \cdot p(1-p)`.

    Returns ``(loss, grad)`` (N,) arrays; ``grad`` is ``None`` for a metric.
    """
    if takes_logits(v):
        return framework_curve(v, model_output(v, logits, dtype=dtype), label, dtype=dtype)
    probs = model_output(v, logits, dtype=dtype)
    loss, grad_p = framework_curve(v, probs, label, dtype=dtype)
    return loss, None if grad_p is None else grad_p * probs * (1 - probs)


def model_output(v: Variant, logits, *, dtype=np.float32) -> np.ndarray:
    """What ``v`` receives from a model whose last layer computes the logit
    ``x``: ``x`` itself, or :math:`\sigma(x)` computed in ``dtype``."""
    x = np.asarray(logits, dtype=dtype)
    return x if takes_logits(v) else sigmoid(x)


def exact_against_logits(logits, label):
    r"""The exact values in float64: :math:`\ell = y\,\mathrm{softplus}(-x) +
    (1-y)\,\mathrm{softplus}(x)` and :math:`\partial\ell/\partial x = \sigma(x) - y`."""
    x = np.asarray(logits, dtype=np.float64)
    y = np.full(x.shape, label, dtype=np.float64)
    return losses.binary_ce_from_logits(x, y), losses.binary_ce_grad_logits(x, y)


# --- against the probability, near 0 and near 1 ---------------------------------

def exponent_grid(n=300, *, low=SMALLEST_EXPONENT) -> np.ndarray:
    """``n`` exponents t from ``low`` to log10(0.5): the distance to the
    nearer end is 10**t, so 0.5 is reached from both sides."""
    return np.linspace(low, HALF_EXPONENT, n)


def probability_points(exponents, side):
    r"""The exact points of one side, in float64: distance ``d = 10**t`` to the
    end, the probability ``p`` (``d`` near 0, ``1 - d`` near 1, which float64
    itself rounds to 1 once d < 1.1e-16), the exact ``p (1 - p)`` and the exact
    logit :math:`\log(p / (1 - p))` (computed from ``d``, so it never rounds to inf).
    """
    d = 10.0 ** np.asarray(exponents, dtype=np.float64)
    far = 1 - d  # at least 0.5 here, exact enough
    if side == "zero":
        return {"distance": d, "p": d, "p_times_q": d * far, "logit": np.log(d) - np.log1p(-d)}
    if side == "one":
        return {"distance": d, "p": far, "p_times_q": d * far, "logit": np.log1p(-d) - np.log(d)}
    raise ValueError(f"side must be one of {SIDES}, got {side!r}")


def against_probabilities(v: Variant, exponents, side, label, *, dtype=np.float32):
    r"""Loss and :math:`\partial\ell/\partial p` of ``v`` at probabilities
    ``10**t`` (``side="zero"``) or ``1 - 10**t`` (``side="one"``).

    A function that takes probabilities gets ``p`` rounded to ``dtype``: near 1
    float32 cannot go past 1 - 6e-8 (float64: 1 - 1.1e-16), the probability
    becomes exactly 1. A function that takes logits gets the exact logit
    (rounded to ``dtype``), as a model that outputs logits would give it, and
    its gradient is converted with :math:`\partial\ell/\partial p =
    \partial\ell/\partial x \,/\, (p(1-p))`.

    Returns ``(loss, grad)`` (N,) arrays; ``grad`` is ``None`` for a metric.
    """
    points = probability_points(exponents, side)
    if takes_logits(v):
        loss, grad_x = framework_curve(v, points["logit"], label, dtype=dtype)
        return loss, grad_x / points["p_times_q"]
    return framework_curve(v, points["p"], label, dtype=dtype)


def exact_against_probabilities(exponents, side, label):
    r"""The exact values in float64, from the distance ``d`` so that nothing rounds:
    :math:`\ell = -y\log p - (1-y)\log(1-p)`,
    :math:`\partial\ell/\partial p = (p - y) / (p(1-p))`."""
    points = probability_points(exponents, side)
    d, y = points["distance"], float(label)
    log_near, log_far = np.log(d), np.log1p(-d)
    log_p, log_q = (log_near, log_far) if side == "zero" else (log_far, log_near)
    loss = -(y * log_p + (1 - y) * log_q)
    p_minus_y = d - y if side == "zero" else (1 - y) - d
    return loss, p_minus_y / points["p_times_q"]


# --- where the gradient is zero or wrong ---------------------------------------

def gradient_status(grad, exact, *, rtol=0.01, atol=1e-6) -> np.ndarray:
    """Per point: ``NOT_FINITE`` (NaN or inf), ``ZERO`` (exactly 0 where the
    exact gradient is not: clipping stopped it), ``WRONG`` (off by more than
    ``rtol`` of the exact value plus ``atol``) or ``OK``. ``atol`` keeps
    well-learned points, whose exact gradient is tiny, from counting as wrong.
    """
    grad = np.asarray(grad, dtype=np.float64)
    exact = np.asarray(exact, dtype=np.float64)
    status = np.full(grad.shape, OK, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        off = np.abs(grad - exact) > rtol * np.abs(exact) + atol
    status[off] = WRONG
    status[(grad == 0) & (np.abs(exact) > atol)] = ZERO
    status[~np.isfinite(grad)] = NOT_FINITE
    return status


# --- the asymmetry page -----------------------------------------------------------

def unit_grid(n=100) -> np.ndarray:
    """``n`` cell centres (i + 0.5) / n of [0, 1]: never exactly 0 or 1, where
    a cross-entropy can be infinite."""
    return (np.arange(n) + 0.5) / n


def bernoulli_grid(n=100):
    r"""Cross-entropy of every pair on a grid: returns ``(grid, ce, swap)`` with
    ``ce[i, j]`` = :math:`CE(p_i, q_j)` (row: target ``p``, column: output ``q``)
    and ``swap = ce - ce.T`` = :math:`CE(p, q) - CE(q, p)`, zero on the diagonal."""
    grid = unit_grid(n)
    ce = information.bernoulli_cross_entropy(grid[:, None], grid[None, :])
    return grid, ce, ce - ce.T


def are_probabilities(*arrays) -> bool:
    """Whether every value is a probability (finite, in [0, 1]): entropy and
    KL divergence exist only then (log of a negative number is NaN)."""
    values = [np.asarray(a, dtype=np.float64) for a in arrays]
    return all(bool(np.all((v >= 0) & (v <= 1))) for v in values)


def mean_decomposition(targets, outputs) -> dict:
    r"""Elementwise Bernoulli :math:`CE = H(p) + KL(p\|q)` averaged over all
    elements, as Keras averages its binary cross-entropy: a dict of floats
    ``{"cross_entropy", "entropy", "kl"}``; ``inf`` where an output is 0 or 1
    and its target is not."""
    parts = information.decompose(np.asarray(targets, np.float64), np.asarray(outputs, np.float64))
    with np.errstate(invalid="ignore"):
        return {name: float(np.mean(value)) for name, value in parts.items()}


def target_grid(n=251, *, low=-2.0, high=3.0) -> np.ndarray:
    """Targets from ``low`` to ``high``, step 0.02 by default: reaches -2, 0, 1, 2 and 3."""
    return np.linspace(low, high, n)


def against_targets(v: Variant, output, targets, *, dtype=np.float32):
    r"""Loss of ``v`` for one output ``q`` and each target ``y``. From
    probabilities it is linear in the target:
    :math:`\ell(y) = -\log(1-q) + y\,(\log(1-q) - \log q)`, so targets outside
    [0, 1] give values below the minimum, even negative ones
    (Keras, q = 0.3: -1.3379208 for y = -2, 2.0512707 for y = 2).
    Returns the (N,) losses; ``ValueError`` where the framework refuses the targets.
    """
    targets = np.asarray(targets, dtype=dtype)
    loss, _ = framework_curve(v, np.full(targets.shape, output, dtype=dtype), targets, dtype=dtype)
    return loss
