"""TensorFlow 2.21's sampled losses: ``tf.nn.sampled_softmax_loss`` and ``tf.nn.nce_loss``.

Written op for op as ``_compute_sampled_logits`` in
``tensorflow/python/ops/nn_impl.py`` (one shard of class weights), so that the
tape's gradient with respect to ``weights``, ``biases`` and ``inputs`` is TF's.

TF's ``sampled_values`` tuple is taken as three arguments,
``sampled_candidates``, ``true_expected_count`` and ``sampled_expected_count``;
given them, the result is TF's. Without them the classes are drawn by
:func:`xent_core.sampling.candidate_sampler` (``sampler="log_uniform"`` as
TF's default, or ``"uniform"``) from numpy's stream seeded with ``seed``:
distributed as TF's draw, but not TF's numbers, and the same draw for the
value and the gradient (``seed=None`` means seed 0; TF would draw afresh).
"""
from __future__ import annotations

import numpy as np

from .. import sampling, tape
from ..sampling import ACCIDENTAL_HIT
from ..tape import val
from .registry import FLOAT, INDEX, register
from .tensorflow import TF_DOCS, sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits

TF_DTYPE_NAMES = {"float16": "half", "float32": "float", "float64": "double"}


def _dims(x):
    """A shape as TF's kernel errors print it: ``[3,1,3]``."""
    return "[" + ",".join(str(d) for d in np.shape(val(x))) + "]"


def _check_broadcast(a, b):
    try:
        np.broadcast_shapes(np.shape(val(a)), np.shape(val(b)))
    except ValueError:
        raise ValueError(f"Incompatible shapes: {_dims(a)} vs. {_dims(b)}") from None


def _add(a, b):
    _check_broadcast(a, b)
    return tape.add(a, b)


def _mul(a, b):
    _check_broadcast(a, b)
    return tape.mul(a, b)


def _reshape(x, shape):
    """``tf.reshape``; one ``-1`` is inferred, and must divide the size."""
    size, known = np.size(val(x)), int(np.prod([d for d in shape if d != -1]))
    if -1 not in shape and size != known:
        raise ValueError(f"Input to reshape is a tensor with {size} values, but the requested "
                         f"shape has {known}")
    if -1 in shape and (known == 0 or size % known):
        raise ValueError(f"Input to reshape is a tensor with {size} values, but the requested "
                         f"shape requires a multiple of {known}")
    return tape.reshape(x, shape)


def _embedding_lookup(params, ids):
    """``tf.nn.embedding_lookup`` on one shard: ``params[ids]`` (``GatherV2``).

    Its gradient is ``IndexedSlices`` that TF densifies with
    ``unsorted_segment_sum``: a scatter-add, so a class drawn twice (or both
    true and sampled) gets both contributions.
    """
    p = val(params)
    bad = (ids < 0) | (ids >= p.shape[0])
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"indices[{i}] = {ids[i]} is not in [0, {p.shape[0]})")

    def vjp(g):
        grad = np.zeros_like(p)
        np.add.at(grad, ids, g)
        return grad
    return tape.custom(p[ids], (params, vjp))


def _slice_rows(x, start, stop):
    """``array_ops.slice`` along the first axis; its gradient pads with zeros."""
    v = val(x)

    def vjp(g):
        grad = np.zeros_like(v)
        grad[start:stop] = g
        return grad
    return tape.custom(v[start:stop], (x, vjp))


def _matmul_transpose_b(a, b):
    """``tf.matmul(a, b, transpose_b=True)``: ``a @ b.T``; gradients ``g @ b`` and ``g.T @ a``."""
    x, y = val(a), val(b)
    if x.ndim != y.ndim:
        raise ValueError(f"In[0] and In[1] has different ndims: {_dims(x)} vs. {_dims(y)}")
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"Matrix size-incompatible: In[0]: {_dims(x)}, In[1]: {_dims(y)}")
    return tape.custom(x @ y.T, (a, lambda g: g @ y), (b, lambda g: g.T @ x))


def _concat_columns(a, b):
    """``tf.concat([a, b], 1)``; the gradient is split back."""
    x, y = val(a), val(b)
    if x.ndim != y.ndim:
        raise ValueError(f"ConcatOp : Ranks of all input tensors should match: shape[0] = {_dims(x)} "
                         f"vs. shape[1] = {_dims(y)}")
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"ConcatOp : Dimension 0 in both shapes must be equal: shape[0] = {_dims(x)} "
                         f"vs. shape[1] = {_dims(y)}")
    cut = x.shape[1]
    return tape.custom(np.concatenate([x, y], axis=1),
                       (a, lambda g: g[:, :cut]), (b, lambda g: g[:, cut:]))


def _sum_rows(x):
    """``nn_impl._sum_rows``: ``reshape(x @ ones([cols, 1]), [-1])``."""
    ones = np.ones((np.shape(val(x))[1], 1), dtype=val(x).dtype)
    return tape.reshape(tape.matmul(x, ones), (-1,))


def _compute_accidental_hits(true_classes, sampled, num_true):
    """TF's ``ComputeAccidentalHits`` kernel: the (row, position) of each true class
    found among the sampled ones. A class sampled twice is found at its last position."""
    if true_classes.ndim != 2 or true_classes.shape[1] != num_true:
        raise ValueError("true_candidates must be a batch_size * num_true matrix")
    if sampled.ndim != 1:
        raise ValueError("sampled_candidates must be a vector, which is typically an output "
                         "from CandidateSampler")
    position = {int(c): i for i, c in enumerate(sampled)}
    hits = [(i, position[int(c)]) for i, row in enumerate(true_classes) for c in row if int(c) in position]
    return np.array(hits, dtype=np.int64).reshape(-1, 2)


def _sparse_to_dense(indices, shape, value, dtype):
    """``SparseToDense(validate_indices=False)``: ``value`` at ``indices``, 0 elsewhere;
    a repeated index is written once, not added."""
    if ((indices < 0) | (indices >= np.asarray(shape))).any():
        raise ValueError(f"Indices are not valid (out of bounds).  Shape: [{shape[0]},{shape[1]}]")
    dense = np.zeros(shape, dtype=dtype)
    dense[indices[:, 0], indices[:, 1]] = value
    return dense


def _subtract_log_count(logits, count):
    """``logits -= log(count)``; the counts carry no gradient and, as in TF's
    ``Sub``, must have the logits' dtype (the built-in samplers give float32)."""
    count = val(count)
    count = count if isinstance(count, np.ndarray) else np.asarray(count, dtype=np.float32)
    dtype = val(logits).dtype
    if count.dtype != dtype:
        raise ValueError(f"cannot compute Sub as input #1(zero-based) was expected to be a "
                         f"{TF_DTYPE_NAMES.get(dtype.name, dtype.name)} tensor but is a "
                         f"{TF_DTYPE_NAMES.get(count.dtype.name, count.dtype.name)} tensor")
    log_count = np.log(count)
    _check_broadcast(logits, log_count)
    return tape.sub(logits, log_count)


def _sampled_values(sampled_candidates, true_expected_count, sampled_expected_count):
    given = [v is not None for v in (sampled_candidates, true_expected_count, sampled_expected_count)]
    if not any(given):
        return None
    if not all(given):
        raise ValueError("give all three of sampled_candidates, true_expected_count and "
                         "sampled_expected_count (TF's sampled_values tuple), or none of them "
                         "to draw the sample with `sampler` and `seed`")
    return sampled_candidates, true_expected_count, sampled_expected_count


def compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                           sampled_values=None, subtract_log_q=True, remove_accidental_hits=False,
                           seed=None, sampler="log_uniform"):
    r"""``nn_impl._compute_sampled_logits``: logits ``[batch, num_true + num_sampled]``
    and labels ``[1/num_true] * num_true + [0] * num_sampled`` per row.

    The logit of class ``k`` for input ``x`` is ``x . w_k + b_k - log Q(k)``,
    true classes first; with ``remove_accidental_hits`` a sampled class equal
    to one of the row's true classes gets ``-FLT_MAX`` added (float32's
    ``-3.4028235e38``, cast to the logits' dtype), so its softmax weight is 0.
    """
    labels = np.asarray(labels)
    if labels.dtype != np.int64:
        labels = labels.astype(np.int64)  # TF casts; floats are truncated
    labels_flat = labels.reshape(-1)
    if sampled_values is None:
        sampled_values = sampling.candidate_sampler(labels, num_true, num_sampled, True, num_classes,
                                                    sampler=sampler, seed=0 if seed is None else seed)
    sampled, true_expected_count, sampled_expected_count = (val(s) for s in sampled_values)  # stop_gradient
    sampled = np.asarray(sampled).astype(np.int64)
    if sampled.ndim != 1:
        raise ValueError(f"ConcatOp : Ranks of all input tensors should match: shape[0] = "
                         f"{_dims(labels_flat)} vs. shape[1] = {_dims(sampled)}")
    all_ids = np.concatenate([labels_flat, sampled])
    n_true = labels_flat.shape[0]

    all_w = _embedding_lookup(weights, all_ids)
    if val(all_w).dtype != val(inputs).dtype:
        all_w = tape.cast(all_w, val(inputs).dtype)
    true_w = _slice_rows(all_w, 0, n_true)
    sampled_w = _slice_rows(all_w, n_true, None)
    sampled_logits = _matmul_transpose_b(inputs, sampled_w)

    all_b = _embedding_lookup(biases, all_ids)
    if val(all_b).dtype != val(inputs).dtype:
        all_b = tape.cast(all_b, val(inputs).dtype)
    true_b = _slice_rows(all_b, 0, n_true)
    sampled_b = _slice_rows(all_b, n_true, None)

    dim = np.shape(val(true_w))[1]
    shape = np.shape(val(inputs))
    expanded_inputs = tape.reshape(inputs, shape[:1] + (1,) + shape[1:])  # expand_dims(inputs, 1)
    row_wise_dots = _mul(expanded_inputs, _reshape(true_w, (-1, num_true, dim)))
    dots_as_matrix = _reshape(row_wise_dots, (-1, dim))
    true_logits = _reshape(_sum_rows(dots_as_matrix), (-1, num_true))
    true_b = _reshape(true_b, (-1, num_true))
    true_logits = _add(true_logits, true_b)
    sampled_logits = _add(sampled_logits, sampled_b)

    dtype = val(sampled_logits).dtype
    if remove_accidental_hits:
        hits = _compute_accidental_hits(labels, sampled, num_true)
        sampled_logits = _add(sampled_logits, _sparse_to_dense(
            hits, (labels.shape[0], num_sampled), np.asarray(ACCIDENTAL_HIT, dtype=dtype), dtype))

    if subtract_log_q:
        # Subtract log Q(k), the expected count of class k in the sample.
        true_logits = _subtract_log_count(true_logits, true_expected_count)
        sampled_logits = _subtract_log_count(sampled_logits, sampled_expected_count)

    out_logits = _concat_columns(true_logits, sampled_logits)
    out_labels = np.concatenate([np.ones(np.shape(val(true_logits)), dtype) / np.asarray(num_true, dtype),
                                 np.zeros(np.shape(val(sampled_logits)), dtype)], axis=1)
    return out_logits, out_labels


SAMPLED_ARRAYS = {"weights": FLOAT, "biases": FLOAT, "labels": INDEX, "inputs": FLOAT,
                  "sampled_candidates": INDEX, "true_expected_count": FLOAT,
                  "sampled_expected_count": FLOAT}
LOGIT = r"o_k = x \cdot w_k + b_k - \log Q(k)"


@register(
    "tf.nn.sampled_softmax_loss", framework="TensorFlow", family="sampled", takes="logits",
    label_format="class index",
    summary="Softmax cross-entropy over the true classes and a few sampled ones (one sample per batch), "
            "logits corrected by log Q; an estimate of the full softmax loss for huge vocabularies.",
    formula=r"\log\Big(e^{o_y} + \sum_{s \in S,\ s \ne y} e^{o_s}\Big) - o_y,\quad " + LOGIT,
    url=TF_DOCS + "tf/nn/sampled_softmax_loss",
    arrays=SAMPLED_ARRAYS, dtype_from="inputs", differentiable=("weights", "biases", "inputs"))
def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                         sampled_candidates=None, true_expected_count=None, sampled_expected_count=None,
                         remove_accidental_hits=True, seed=None, sampler="log_uniform"):
    r"""``tf.nn.sampled_softmax_loss``: one loss per example, shape ``[batch_size]``.

    Args:
      weights: ``[num_classes, dim]`` class embeddings; biases: ``[num_classes]``.
      labels: int ``[batch_size, num_true]``; inputs: ``[batch_size, dim]``.
      sampled_candidates, true_expected_count, sampled_expected_count: TF's
        ``sampled_values``: int ``[num_sampled]``, ``[batch_size, num_true]``
        and ``[num_sampled]`` in the inputs' dtype. TF's ``Sub`` refuses
        float32 counts with float64 inputs, so its own samplers (float32
        counts) fail with float64 inputs, and so do ours; ``call()``
        converts given counts to the inputs' dtype.
      sampler, seed: the draw used when the three are not given.

    >>> w, x = np.array([[1.0], [2.0], [0.0]]), np.array([[1.0]])
    >>> sampled_softmax_loss(w, np.zeros(3), [[0]], x, 2, 3, sampled_candidates=[1, 2],
    ...                      true_expected_count=np.ones((1, 1)), sampled_expected_count=np.ones(2)).value
    array([1.40760596])
    """
    logits, labels = compute_sampled_logits(
        weights, biases, labels, inputs, num_sampled, num_classes, num_true=num_true,
        sampled_values=_sampled_values(sampled_candidates, true_expected_count, sampled_expected_count),
        subtract_log_q=True, remove_accidental_hits=remove_accidental_hits, seed=seed, sampler=sampler)
    return softmax_cross_entropy_with_logits(labels=labels, logits=logits)  # labels: no gradient


@register(
    "tf.nn.nce_loss", framework="TensorFlow", family="sampled", takes="logits",
    label_format="class index",
    summary="Noise-contrastive estimation: sigmoid cross-entropy of the true classes (label 1/num_true) "
            "and of a few sampled ones (label 0), logits corrected by log Q, summed per example.",
    formula=r"\mathrm{softplus}(-o_y) + \sum_{s \in S} \mathrm{softplus}(o_s),\quad " + LOGIT,
    url=TF_DOCS + "tf/nn/nce_loss",
    arrays=SAMPLED_ARRAYS, dtype_from="inputs", differentiable=("weights", "biases", "inputs"))
def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
             sampled_candidates=None, true_expected_count=None, sampled_expected_count=None,
             remove_accidental_hits=False, seed=None, sampler="log_uniform"):
    r"""``tf.nn.nce_loss``: one loss per example, shape ``[batch_size]``.

    Arguments as :func:`sampled_softmax_loss` (TF's ``nce_loss`` has no
    ``seed``; here it seeds the draw when no sample is given). With
    ``remove_accidental_hits=True`` this is TF's "sampled logistic" loss.
    """
    logits, labels = compute_sampled_logits(
        weights, biases, labels, inputs, num_sampled, num_classes, num_true=num_true,
        sampled_values=_sampled_values(sampled_candidates, true_expected_count, sampled_expected_count),
        subtract_log_q=True, remove_accidental_hits=remove_accidental_hits, seed=seed, sampler=sampler)
    sampled_losses = sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    return _sum_rows(sampled_losses)  # sum the true and sampled losses of each row
