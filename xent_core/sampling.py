r"""Candidate samplers as TensorFlow's, and a simulation of sampled losses.

TensorFlow's sampled losses (``tf.nn.sampled_softmax_loss``, ``tf.nn.nce_loss``)
score the true classes against a few classes drawn from a *base
distribution* ``P`` over ``[0, range_max)``, shared by the whole batch, and
subtract ``log Q(k)`` from each logit, where ``Q(k)`` is the expected number of
times class ``k`` appears in the sample. This module reproduces the two
built-in range samplers of ``tensorflow/core/kernels/range_sampler.cc``:

- ``"log_uniform"`` (Zipfian, TF's default):
  :math:`P(k) = \frac{\log(k + 2) - \log(k + 1)}{\log(\mathrm{range\_max} + 1)}`,
  drawn as ``floor(exp(u * log(range_max + 1))) - 1`` with ``u ~ U[0, 1)``;
- ``"uniform"``: :math:`P(k) = 1 / \mathrm{range\_max}`.

With ``unique=True`` TF draws with replacement and rejects classes already
drawn until it has ``num_sampled`` distinct ones, counting the draws
(``num_tries``). The expected counts are then

.. math::
    Q(k) = \begin{cases} P(k)\,\mathrm{num\_sampled} & \text{if num\_tries = num\_sampled}\\
                        1 - (1 - P(k))^{\mathrm{num\_tries}} = -\mathrm{expm1}(\mathrm{num\_tries}\,\mathrm{log1p}(-P(k)))
                        & \text{otherwise,}\end{cases}

the first case being also the one of ``unique=False``. Like TF, ``P`` and
``Q`` are computed and returned in float32. The random stream is numpy's (a
seeded :class:`numpy.random.Generator`), not TF's Philox, so the samples are
distributed as TF's but are not TF's samples.

The second half, :func:`make_setup` and :func:`simulate_sampled_losses`,
repeats a sampled loss many times on a fixed random model to show its spread
and its bias against the full softmax loss.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

SAMPLERS = ("log_uniform", "uniform")
METHODS = ("sampled_softmax", "nce")

#: What TF's ``ComputeAccidentalHits`` kernel adds to a sampled logit that
#: equals a true class: ``-FLT_MAX``, float32's most negative finite value,
#: cast to the logits' dtype.
ACCIDENTAL_HIT = -np.finfo(np.float32).max


def _check_sampler(sampler):
    if sampler not in SAMPLERS:
        raise ValueError(f"unknown sampler {sampler!r}; use one of {', '.join(map(repr, SAMPLERS))}")


def class_probability(classes, range_max, sampler="log_uniform"):
    r"""The base probability ``P(k)`` of each class, in float32 (TF's ``Probability``).

    ``"log_uniform"``: ``log((k + 2) / (k + 1)) / log1p(range_max)``, computed
    in float64 and rounded to float32; ``"uniform"``: ``float32(1 / range_max)``.

    Args:
      classes: integer array of any shape.
      range_max: the number of classes ``V``.
    Returns:
      float32 array of the shape of ``classes``.

    >>> class_probability([0, 1, 9], 10)
    array([0.28906482, 0.16909209, 0.03974743], dtype=float32)
    """
    _check_sampler(sampler)
    k = np.asarray(classes, dtype=np.float64)
    if sampler == "uniform":
        return np.full(k.shape, np.float32(1.0 / range_max), dtype=np.float32)
    return (np.log((k + 2.0) / (k + 1.0)) / np.log1p(range_max)).astype(np.float32)


def expected_count(probability, num_sampled, num_tries):
    r"""TF's ``ExpectedCountHelper`` in float32 arithmetic.

    ``P * num_sampled`` when ``num_tries == num_sampled`` (always so without
    ``unique``), else ``-expm1(num_tries * log1p(-P))``, the probability that
    ``num_tries`` draws hit the class at least once.

    Args:
      probability: float32 array ``P(k)`` of any shape ``S``.
      num_sampled: int.
      num_tries: int, or an int array broadcastable against ``S`` (one per
        repeat in a simulation).
    Returns:
      float32 array of the broadcast shape.
    """
    p = np.asarray(probability, dtype=np.float32)
    tries = np.asarray(num_tries)
    shortcut = p * np.float32(num_sampled)
    rejected = -np.expm1(tries.astype(np.float32) * np.log1p(-p))
    return np.where(tries == num_sampled, shortcut, rejected).astype(np.float32)


def draw_classes(range_max, size, rng, sampler="log_uniform"):
    """Independent draws from the base distribution (TF's ``Sample``), with replacement.

    Args:
      range_max: the number of classes ``V``.
      size: int or tuple, the output shape.
      rng: a :class:`numpy.random.Generator`.
    Returns:
      int64 array of shape ``size`` with values in ``[0, range_max)``.
    """
    _check_sampler(sampler)
    if sampler == "uniform":
        return rng.integers(0, range_max, size=size, dtype=np.int64)
    u = rng.random(size)
    value = np.exp(u * np.log1p(range_max)).astype(np.int64) - 1
    return value % range_max  # floor(exp(.)) can round up to range_max; TF wraps it the same way


def _first_occurrences(stream):
    """Mask of the entries of each row of ``stream`` [R, m] not seen earlier in that row."""
    order = np.argsort(stream, axis=1, kind="stable")
    ordered = np.take_along_axis(stream, order, axis=1)
    new = np.ones(stream.shape, dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.empty(stream.shape, dtype=bool)
    np.put_along_axis(first, order, new, axis=1)
    return first


def _unique_stream(range_max, num_sampled, draw_block):
    """TF's rejection loop for several independent samples at once.

    ``draw_block(width)`` draws the next ``width`` classes of every row's
    stream, int64 ``[rows, width]``. Returns the first ``num_sampled``
    distinct classes of each row's stream, int64 ``[rows, num_sampled]`` in
    first-draw order, and ``tries[:, j]``, the number of draws made when the
    ``j + 1``-th distinct class came up (int64, same shape). A row's result
    depends on its own stream only: drawing more than it needed (for another
    row) leaves its first distinct classes as they are.
    """
    width = num_sampled + num_sampled // 2 + 16
    stream = draw_block(width)
    while True:
        first = _first_occurrences(stream)
        count = np.cumsum(first, axis=1)
        if count[:, -1].min() >= num_sampled:
            break
        stream = np.concatenate([stream, draw_block(stream.shape[1])], axis=1)  # double; every row keeps its prefix
    taken = first & (count <= num_sampled)
    classes = stream[taken].reshape(-1, num_sampled)
    tries = np.nonzero(taken)[1].reshape(-1, num_sampled) + 1
    return classes, tries.astype(np.int64)


def repeat_generators(seed, first, count):
    """One random generator per repeat ``first, ..., first + count - 1``, each
    from the seed sequence ``(seed, repeat)``: a repeat's draws depend on the
    seed and its own index, not on how many repeats are drawn."""
    return [np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(k,))) for k in range(first, first + count)]


def draw_unique(range_max, num_sampled, rng, sampler="log_uniform", repeats=None):
    """``num_sampled`` distinct classes by rejection, as TF's ``unique=True``.

    Draws with replacement and keeps each class the first time it comes up,
    until ``num_sampled`` distinct classes are in; ``num_tries`` counts every
    draw, rejected ones included. The stream is drawn in vectorised blocks,
    which gives the same classes as drawing one at a time.

    Args:
      range_max: the number of classes ``V`` (at least ``num_sampled``).
      num_sampled: how many distinct classes per repeat (at least 1).
      rng: a :class:`numpy.random.Generator`.
      repeats: ``None`` for one sample, else the number ``R`` of independent samples.
    Returns:
      ``(classes, num_tries)``: int64 ``[num_sampled]`` and an int, or with
      ``repeats``, int64 ``[R, num_sampled]`` and int64 ``[R]``.
    """
    _check_sampler(sampler)
    if num_sampled < 1:
        raise ValueError(f"num_sampled must be at least 1, got {num_sampled}")
    if num_sampled > range_max:
        raise ValueError("Sampler's range is too small.")
    rows = 1 if repeats is None else repeats
    classes, tries = _unique_stream(range_max, num_sampled,
                                    lambda width: draw_classes(range_max, (rows, width), rng, sampler))
    if repeats is None:
        return classes[0], int(tries[0, -1])
    return classes, tries[:, -1]


def candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, *,
                      sampler="log_uniform", seed=None):
    r"""``tf.random.log_uniform_candidate_sampler`` / ``uniform_candidate_sampler``.

    Args:
      true_classes: int array ``[batch_size, num_true]``.
      num_true, num_sampled, unique, range_max: as TF's.
      sampler: ``"log_uniform"`` or ``"uniform"``.
      seed: int, ``None`` or a :class:`numpy.random.Generator` (numpy's
        stream, not TF's).
    Returns:
      ``(sampled_candidates, true_expected_count, sampled_expected_count)``:
      int64 ``[num_sampled]``, float32 ``[batch_size, num_true]``, float32
      ``[num_sampled]``: TF's ``sampled_values`` tuple.

    >>> s, t, q = candidate_sampler([[1], [2]], 1, 3, True, 6, seed=0)
    >>> s.shape, t.shape, q.dtype
    ((3,), (2, 1), dtype('float32'))
    """
    _check_sampler(sampler)
    true_classes = np.asarray(true_classes)
    if num_sampled < 1:
        raise ValueError(f"Value for attr 'num_sampled' of {num_sampled} must be at least minimum 1")
    if true_classes.ndim != 2:
        raise ValueError("true_classes must be a matrix")
    if true_classes.shape[1] != num_true:
        raise ValueError(f"true_classes must have num_true columns, expected: "
                         f"{true_classes.shape[1]} was: {num_true}")
    rng = np.random.default_rng(seed)
    if unique:
        sampled, num_tries = draw_unique(range_max, num_sampled, rng, sampler)
    else:
        sampled, num_tries = draw_classes(range_max, num_sampled, rng, sampler), num_sampled
    true_count = expected_count(class_probability(true_classes, range_max, sampler), num_sampled, num_tries)
    sampled_count = expected_count(class_probability(sampled, range_max, sampler), num_sampled, num_tries)
    return sampled, true_count, sampled_count


# --- simulation ---------------------------------------------------------------

@dataclass(frozen=True)
class SampledSetup:
    """A fixed random softmax layer and batch.

    Attributes:
      weights: float64 ``[V, dim]`` class embeddings.
      biases: float64 ``[V]``, ``log P_zipf(k)`` plus noise, so frequent (small)
        classes score higher, as the log-uniform sampler assumes.
      inputs: float64 ``[batch_size, dim]``.
      labels: int64 ``[batch_size]``, drawn from the log-uniform distribution.
      logits: float64 ``[V, batch_size]``, ``weights @ inputs.T + biases[:, None]``:
        the full logits, one row per class so a sample's rows are contiguous.
    """

    weights: np.ndarray
    biases: np.ndarray
    inputs: np.ndarray
    labels: np.ndarray
    logits: np.ndarray

    @property
    def num_classes(self) -> int:
        return self.weights.shape[0]


def make_setup(num_classes, *, dim=32, batch_size=32, scale=1.0, seed=0) -> SampledSetup:
    r"""A seeded random model for :func:`simulate_sampled_losses`.

    ``weights ~ N(0, scale^2 / dim)``, ``inputs ~ N(0, 1)``,
    ``biases = log P(k) + N(0, 0.1^2)`` with ``P`` log-uniform, labels drawn
    from ``P``. Cost: one ``[V, dim] x [dim, batch_size]`` product.
    """
    rng = np.random.default_rng(seed)
    weights = rng.standard_normal((num_classes, dim)) * (scale / np.sqrt(dim))
    log_p = np.log(class_probability(np.arange(num_classes), num_classes).astype(np.float64))
    biases = log_p + 0.1 * rng.standard_normal(num_classes)
    inputs = rng.standard_normal((batch_size, dim))
    labels = draw_classes(num_classes, batch_size, rng)
    logits = weights @ inputs.T + biases[:, None]
    return SampledSetup(weights, biases, inputs, labels, logits)


def full_softmax_loss(setup: SampledSetup) -> np.ndarray:
    r"""The exact softmax cross-entropy of each example, ``[batch_size]`` float64:
    :math:`\log\sum_{k<V} e^{o_k} - o_y` with ``o = setup.logits[:, i]``."""
    o = setup.logits
    top = o.max(axis=0)
    log_sum_exp = top + np.log(np.sum(np.exp(o - top), axis=0))  # shift by the max before exp
    return log_sum_exp - o[setup.labels, np.arange(o.shape[1])]


def sampled_loss_estimates(setup: SampledSetup, sampled_candidates, num_tries, *,
                           method="sampled_softmax", sampler="log_uniform",
                           remove_accidental_hits=None, subtract_log_q=True):
    r"""The batch-mean sampled loss for each of ``R`` samples.

    For repeat ``r`` with sample ``S_r`` and expected counts ``Q_r`` (from
    ``num_tries[r]``), the logits of example ``i`` are
    ``o_y - log Q_r(y)`` for its label and ``o_s - log Q_r(s)`` for ``s`` in
    ``S_r`` (``-FLT_MAX`` where ``s = y`` if hits are removed), and the loss is

    - ``"sampled_softmax"``: :math:`\log(e^{t} + \sum_s e^{u_s}) - t`;
    - ``"nce"``: :math:`\mathrm{softplus}(-t) + \sum_s \mathrm{softplus}(u_s)`,

    the numbers ``tf.nn.sampled_softmax_loss`` / ``tf.nn.nce_loss`` give
    (``num_true = 1``) for this sample, in float64.

    Args:
      sampled_candidates: int ``[R, n]``.
      num_tries: int ``[R]``.
      remove_accidental_hits: default ``True`` for sampled softmax and
        ``False`` for NCE, as TF.
    Returns:
      float64 ``[R]``.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(map(repr, METHODS))}")
    if remove_accidental_hits is None:
        remove_accidental_hits = method == "sampled_softmax"
    sampled = np.asarray(sampled_candidates)
    tries = np.asarray(num_tries)[:, None]
    num_sampled, num_classes = sampled.shape[1], setup.num_classes
    batch = np.arange(setup.labels.shape[0])
    true = np.broadcast_to(setup.logits[setup.labels, batch], (sampled.shape[0], batch.size))  # [R, B]
    u = setup.logits[sampled]                                                                # [R, n, B]
    if subtract_log_q:
        q_true = expected_count(class_probability(setup.labels, num_classes, sampler), num_sampled, tries)
        q_sampled = expected_count(class_probability(sampled, num_classes, sampler), num_sampled, tries)
        true = true - np.log(q_true.astype(np.float64))
        u = u - np.log(q_sampled.astype(np.float64))[:, :, None]
    if remove_accidental_hits:
        u = np.where(sampled[:, :, None] == setup.labels, ACCIDENTAL_HIT, u)
    if method == "sampled_softmax":
        top = np.maximum(true, u.max(axis=1))  # shift by the row max before exp
        total = np.exp(true - top) + np.sum(np.exp(u - top[:, None, :]), axis=1)
        losses = top + np.log(total) - true
    else:
        losses = np.logaddexp(0.0, -true) + np.sum(np.logaddexp(0.0, u), axis=1)  # softplus
    return losses.mean(axis=1)


@dataclass(frozen=True)
class SampledSimulation:
    """Repeated sampled-loss estimates against the full softmax loss.

    Attributes:
      method, sampler: what was simulated.
      num_sampled: int ``[K]``, the sample sizes.
      full_loss: the batch-mean full softmax loss (float).
      estimates: float64 ``[K, R]``, the batch-mean sampled loss per repeat.
      mean, std: float64 ``[K]``, over the repeats (``std`` with ``ddof=1``).
      bias: float64 ``[K]``, ``mean - full_loss``.
      num_tries: int64 ``[K, R]``, draws needed for the unique sample.
    """

    method: str
    sampler: str
    num_sampled: np.ndarray
    full_loss: float
    estimates: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    bias: np.ndarray
    num_tries: np.ndarray


def simulate_sampled_losses(setup: SampledSetup, num_sampled_values: Sequence[int], *,
                            repeats=200, method="sampled_softmax", sampler="log_uniform",
                            remove_accidental_hits=None, seed=0, first_repeat=0,
                            progress: Optional[Callable[[float], None]] = None) -> SampledSimulation:
    r"""``repeats`` sampled-loss estimates for each sample size, and the full loss.

    Each repeat draws one stream of classes (its own random stream,
    :func:`repeat_generators`: repeat ``r`` of seed ``s`` is the same whether
    10 or 500 repeats are drawn) and takes its first ``max(num_sampled_values)``
    distinct ones; the unique sample of size ``n`` is the first ``n`` of them
    (what TF draws from the same random stream), so the sizes share their
    randomness and the curves are smooth. Only the sampled rows of
    ``setup.logits`` are read: ``R * n * batch_size`` numbers per size, never ``V * R``.

    Args:
      setup: from :func:`make_setup`.
      num_sampled_values: the sample sizes ``n`` (each at most ``V``).
      repeats: ``R``.
      method: ``"sampled_softmax"`` or ``"nce"``. NCE's value is not an estimate
        of the softmax loss, so its bias does not vanish as ``n`` grows.
      first_repeat: the index of the first repeat drawn (the repeats are
        ``first_repeat, ..., first_repeat + R - 1``).
      progress: called with the fraction done, from 0 to 1.
    Returns:
      a :class:`SampledSimulation`.
    """
    sizes = np.asarray(num_sampled_values, dtype=np.int64)
    report = progress if progress is not None else (lambda fraction: None)
    report(0.0)
    full = float(full_softmax_loss(setup).mean())
    estimates, tries = _estimates(setup, sizes, repeat_generators(seed, first_repeat, repeats), method, sampler,
                                  remove_accidental_hits, report)
    return _summarised(method, sampler, sizes, full, estimates, tries)


def _estimates(setup, sizes, generators, method, sampler, remove_accidental_hits, report):
    """Estimates and tries ``[K, R]`` of the repeats whose streams are ``generators``."""
    _check_sampler(sampler)
    if sizes.min() < 1 or sizes.max() > setup.num_classes:
        raise ValueError(f"num_sampled values must be in [1, {setup.num_classes}], got {sizes.tolist()}")
    repeats = len(generators)
    classes, stream_tries = _unique_stream(setup.num_classes, int(sizes.max()), lambda width: np.stack(
        [draw_classes(setup.num_classes, width, rng, sampler) for rng in generators]))
    work = np.cumsum(sizes + 1) / np.sum(sizes + 1)
    report(0.1)
    estimates = np.empty((sizes.size, repeats))
    tries = np.empty((sizes.size, repeats), dtype=np.int64)
    chunk = max(1, int(2_000_000 // max(1, int(sizes.max()) * setup.labels.size)))
    for k, n in enumerate(sizes):
        tries[k] = stream_tries[:, n - 1]
        for start in range(0, repeats, chunk):
            rows = slice(start, start + chunk)
            estimates[k, rows] = sampled_loss_estimates(
                setup, classes[rows, :n], tries[k, rows], method=method, sampler=sampler,
                remove_accidental_hits=remove_accidental_hits)
        report(0.1 + 0.9 * float(work[k]))
    return estimates, tries


def _summarised(method, sampler, sizes, full, estimates, tries) -> SampledSimulation:
    """The simulation of these estimates ``[K, R]``, with their mean, spread and bias."""
    repeats = estimates.shape[1]
    mean = estimates.mean(axis=1)
    std = estimates.std(axis=1, ddof=1) if repeats > 1 else np.zeros(sizes.size)
    return SampledSimulation(method, sampler, sizes, full, estimates, mean, std, mean - full, tries)


class RepeatedDraws:
    """The repeats of one simulation setting, drawn as they are asked for and
    kept: :meth:`first` gives the first ``R`` (drawing only those not drawn
    yet), so a slider that moves ``R`` by 10 draws 10 repeats, or none on the
    way down. Safe to share between threads."""

    def __init__(self, setup: SampledSetup, num_sampled_values: Sequence[int], *, method="sampled_softmax",
                 sampler="log_uniform", remove_accidental_hits=None, seed=0):
        self.setup = setup
        self.sizes = np.asarray(num_sampled_values, dtype=np.int64)
        self.method, self.sampler, self.hits, self.seed = method, sampler, remove_accidental_hits, seed
        self.full_loss = float(full_softmax_loss(setup).mean())
        self._estimates = np.empty((self.sizes.size, 0))
        self._tries = np.empty((self.sizes.size, 0), dtype=np.int64)
        self._lock = threading.Lock()

    @property
    def drawn(self) -> int:
        """How many repeats are drawn so far."""
        return self._estimates.shape[1]

    def first(self, repeats: int, progress: Optional[Callable[[float], None]] = None) -> SampledSimulation:
        with self._lock:
            have = self._estimates.shape[1]
            if have < repeats:
                estimates, tries = _estimates(self.setup, self.sizes, repeat_generators(self.seed, have, repeats - have),
                                              self.method, self.sampler, self.hits,
                                              progress if progress is not None else (lambda fraction: None))
                self._estimates = np.concatenate([self._estimates, estimates], axis=1)
                self._tries = np.concatenate([self._tries, tries], axis=1)
            return _summarised(self.method, self.sampler, self.sizes, self.full_loss,
                               self._estimates[:, :repeats], self._tries[:, :repeats])
