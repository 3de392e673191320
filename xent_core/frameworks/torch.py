"""PyTorch 2.13: ``torch.nn.functional`` cross-entropies on the CPU.

Written as the ATen CPU kernels compute them (``Loss.cpp``, ``LossNLL.cpp``,
``LossNLL2d.cpp``, ``SoftMax.cpp``; ``torch/_decomp/decompositions.py``
mirrors them) with the hand-written backward formulas of
``FunctionsManual.cpp`` recorded by :func:`tape.custom`. Errors carry
PyTorch's own text (PyTorch raises RuntimeError, IndexError or ValueError;
here always ValueError).

The deprecated ``size_average`` and ``reduce`` arguments are left out: they
only pick a ``reduction``.
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import tape
from ..tape import val
from .registry import FLOAT, FLOAT_OR_INDEX, INDEX, register

TORCH_DOCS = "https://docs.pytorch.org/docs/stable/generated/"
COMMON = dict(framework="PyTorch")
CASCADE_LEVELS = 8  # nll_loss's cascade summation keeps 8 partial sums


# --- helpers: argument checks as PyTorch words them -------------------------

def _check_reduction(reduction):
    """``torch.nn._reduction.get_enum``."""
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.")
        return "mean"
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _size(shape):
    """A shape as ``torch.Size`` prints it: ``torch.Size([2, 3])``."""
    return f"torch.Size({list(shape)})"


def _sizes(shape):
    """A shape as ATen's messages print it: ``[2, 3]``."""
    return str(list(shape))


def _broadcast_shape(a, b):
    """``infer_size``: the broadcast shape of a and b, or PyTorch's error."""
    ndim = max(len(a), len(b))
    out = []
    for i in range(ndim - 1, -1, -1):
        offset = ndim - 1 - i
        size_a = a[len(a) - 1 - offset] if offset < len(a) else 1
        size_b = b[len(b) - 1 - offset] if offset < len(b) else 1
        if size_a != size_b and size_a != 1 and size_b != 1:
            raise ValueError(f"The size of tensor a ({size_a}) must match the size of tensor b "
                             f"({size_b}) at non-singleton dimension {i}")
        out.append(size_a if size_a != 1 else size_b)
    return tuple(reversed(out))


def _check_in_place(out_shape, other_shape):
    """``out.mul_(other)``: other may broadcast to out but not grow it."""
    full = _broadcast_shape(out_shape, other_shape)
    if full != tuple(out_shape):
        raise ValueError(f"output with shape {_sizes(out_shape)} doesn't match the broadcast "
                         f"shape {_sizes(full)}")


def _reduce_values(loss, reduction):
    """``apply_loss_reduction`` in the fused kernels: sum, then / numel (NaN when empty)."""
    if reduction == "none":
        return loss
    total = np.sum(loss)
    return total / np.asarray(loss.size, loss.dtype) if reduction == "mean" else total


def _numel_scale(grad, reduction, numel):
    """The backward kernels divide by ``numel`` last for the mean."""
    return grad / np.asarray(numel, grad.dtype) if reduction == "mean" else grad


# --- binary_cross_entropy ----------------------------------------------------

def _check_probabilities(x, y):
    """The CPU kernel checks input then target, element by element, so the
    first bad element decides the message; NaN fails both checks."""
    bad_x = ~((x >= 0) & (x <= 1))
    bad_y = ~((y >= 0) & (y <= 1))
    bad = (bad_x | bad_y).ravel()
    if bad.any():
        first = np.flatnonzero(bad)[0]
        name = "input" if bad_x.ravel()[first] else "target"
        raise ValueError(f"all elements of {name} should be between 0 and 1")


def _broadcast_shapes(*shapes):
    """``torch.broadcast_shapes`` (the ``_refs`` version and its message)."""
    common = [1] * max(len(s) for s in shapes)
    for arg, shape in enumerate(shapes):
        for idx in range(-1, -1 - len(shape), -1):
            if common[idx] == 1:
                common[idx] = shape[idx]
            elif shape[idx] != 1 and common[idx] != shape[idx]:
                raise ValueError(f"Attempting to broadcast a dimension of length {shape[idx]} at {idx}! "
                                 f"Mismatching argument at index {arg} had {_size(shape)}; but expected "
                                 f"shape should be broadcastable to {common}")
    return tuple(common)


def _expand_weight(weight, shape):
    """``weight.expand(broadcast_shapes(target.size(), weight.size()))``; the
    kernel's in-place ``loss.mul_(weight)`` then refuses a larger shape."""
    full = _broadcast_shapes(tuple(shape), np.shape(weight))
    _check_in_place(shape, full)
    return np.broadcast_to(weight, full)


def bce_kernel(input, target, weight, reduction):
    r"""ATen's ``binary_cross_entropy`` with its two backward kernels.

    Forward: :math:`(y - 1)\max(\log(1 - p), -100) - y \max(\log p, -100)`,
    so p = 0 or 1 costs at most 100 and never inf. Backward for p:
    :math:`g\,(p - y) / \max(p(1 - p), 10^{-12})` (the clamp at -100 is not
    followed: p = 0 with y = 1 gives -1e12), for y: :math:`-g\,\mathrm{logit}(p)`.
    """
    x, y = val(input), val(target)
    _check_probabilities(x, y)
    minus_100 = x.dtype.type(-100)
    loss = (y - 1) * np.maximum(np.log1p(-x), minus_100) - y * np.maximum(np.log(x), minus_100)
    if weight is not None:
        loss = loss * weight
    value = np.asarray(_reduce_values(loss, reduction), dtype=x.dtype)
    eps = x.dtype.type(np.float32(1e-12))  # the kernel's EPSILON is a C float, also in float64

    def grad_input(g):
        grad = g * (x - y) / np.maximum((1 - x) * x, eps)
        if weight is not None:
            grad = grad * weight
        return _numel_scale(grad, reduction, x.size)

    def grad_target(g):
        grad = -np.log(x / (1 - x)) * g
        if weight is not None:
            grad = grad * weight
        return _numel_scale(grad, reduction, y.size)
    return tape.custom(value, (input, grad_input), (target, grad_target))


@register(
    "torch.nn.functional.binary_cross_entropy", family="sigmoid", takes="probabilities",
    label_format="binary/soft",
    summary="Binary cross-entropy on probabilities; each log is clamped at -100, so p = 0 or 1 "
            "costs at most 100; input and target must lie in [0, 1] (NaN is refused).",
    formula=r"\mathrm{reduce}\big(w\,[(y - 1)\max(\log(1-p), -100) - y \max(\log p, -100)]\big)",
    url=TORCH_DOCS + "torch.nn.functional.binary_cross_entropy.html",
    arrays={"input": FLOAT, "target": FLOAT, "weight": FLOAT}, dtype_from="input",
    differentiable=("input", "target"), **COMMON)
def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    reduction = _check_reduction(reduction)
    in_shape, t_shape = np.shape(val(input)), np.shape(val(target))
    if t_shape != in_shape:
        raise ValueError(f"Using a target size ({_size(t_shape)}) that is different to the input "
                         f"size ({_size(in_shape)}) is deprecated. Please ensure they have the same size.")
    if weight is not None:
        weight = _expand_weight(val(weight), t_shape)
    return bce_kernel(input, target, weight, reduction)


# --- binary_cross_entropy_with_logits ---------------------------------------

def log_sigmoid(x):
    """ATen's ``log_sigmoid`` kernel: min(x, 0) - log1p(exp(-|x|))."""
    return np.minimum(x, np.zeros((), x.dtype)) - np.log1p(np.exp(-np.abs(x)))


def bce_with_logits_kernel(input, target, weight, pos_weight, reduction):
    r"""ATen's ``binary_cross_entropy_with_logits`` (``Loss.cpp``) and its
    backward formulas (``FunctionsManual.cpp``).

    Forward: :math:`(1 - y) x - (1 + (q - 1) y)\,\log\sigma(x)`. Backward for x:
    :math:`(q y + 1 - y)\sigma(x) - q y` (:math:`\sigma(x) - y` without
    pos_weight); for y: :math:`\log\sigma(-x) - q \log\sigma(x)` (:math:`-x`).
    """
    x, y = val(input), val(target)
    log_sig = log_sigmoid(x)
    if pos_weight is not None:
        log_weight = (pos_weight - 1) * y + 1
        _check_in_place(x.shape, log_weight.shape)
        log_sig = log_sig * log_weight
    loss = (1 - y) * x - log_sig
    if weight is not None:
        _broadcast_shape(loss.shape, np.shape(weight))
        _check_in_place(loss.shape, np.shape(weight))
        loss = loss * weight
    value = np.asarray(_reduce_values(loss, reduction), dtype=x.dtype)
    with np.errstate(over="ignore"):
        sig = (1 / (1 + np.exp(-x))).astype(x.dtype, copy=False)

    def finish(grad, g, size):
        grad = grad * g
        if weight is not None:
            grad = grad * weight
        return _numel_scale(grad, reduction, size)

    def grad_input(g):
        if pos_weight is None:
            return finish(sig - y, g, x.size)
        t = pos_weight * y
        return finish((t + 1 - y) * sig - t, g, x.size)

    def grad_target(g):
        if pos_weight is None:
            return finish(-x, g, y.size)
        return finish(log_sigmoid(-x) - log_sigmoid(x) * pos_weight, g, y.size)
    return tape.custom(value, (input, grad_input), (target, grad_target))


@register(
    "torch.nn.functional.binary_cross_entropy_with_logits", family="sigmoid", takes="logits",
    label_format="binary/soft",
    summary="Sigmoid cross-entropy on logits with optional weight and pos_weight (class imbalance); "
            "targets outside [0, 1] are accepted.",
    formula=r"\mathrm{reduce}\big(w\,[(1 - y)x - (1 + (q - 1)y)\log\sigma(x)]\big)",
    url=TORCH_DOCS + "torch.nn.functional.binary_cross_entropy_with_logits.html",
    arrays={"input": FLOAT, "target": FLOAT, "weight": FLOAT, "pos_weight": FLOAT},
    dtype_from="input", differentiable=("input", "target"), **COMMON)
def binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean", pos_weight=None):
    reduction = _check_reduction(reduction)
    in_shape, t_shape = np.shape(val(input)), np.shape(val(target))
    if t_shape != in_shape:
        raise ValueError(f"Target size ({_size(t_shape)}) must be the same as input size ({_size(in_shape)})")
    if pos_weight is not None:
        _broadcast_shape(np.shape(val(pos_weight)), t_shape)
        pos_weight = val(pos_weight)
    return bce_with_logits_kernel(input, target, val(weight) if weight is not None else None,
                                  pos_weight, reduction)


# --- log_softmax and nll_loss ------------------------------------------------

def log_softmax(input, dim):
    """ATen's ``log_softmax``: (x - max) - log(sum(exp(x - max))); its backward
    is ``g - exp(out) * sum(g)`` along ``dim``."""
    x = val(input)
    shifted = x - np.max(x, axis=dim, keepdims=True)
    out = shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))
    return tape.custom(out, (input, lambda g: g - np.exp(out) * np.sum(g, axis=dim, keepdims=True)))


def _torch_dtype_name(dtype):
    return {"float32": "Float", "float64": "Double", "float16": "Half"}.get(np.dtype(dtype).name, str(dtype))


def _check_nll_args(x_shape, target, weight):
    """``nll_loss_nd``'s shape, dtype and weight checks, in PyTorch's order."""
    ndim, t_shape = len(x_shape), np.shape(target)
    if ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {ndim})")
    if ndim != 1 and (len(t_shape) == 0 or x_shape[0] != t_shape[0]):
        raise ValueError(f"Expected input batch_size ({x_shape[0]}) to match target batch_size "
                         f"({t_shape[0] if t_shape else 0}).")
    n_classes = x_shape[1] if ndim > 1 else x_shape[0]
    if ndim <= 2:
        if len(t_shape) > 1:
            raise ValueError("0D or 1D target tensor expected, multi-target not supported")
        if ndim == 1 and len(t_shape) == 1 and t_shape[0] != 1:
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {t_shape[0]}")
    elif ndim == 4:
        if len(t_shape) != 3:
            raise ValueError("only batches of spatial targets supported (3D tensors) but got "
                             f"targets of dimension: {len(t_shape)}")
    elif tuple(t_shape[1:]) != tuple(x_shape[2:]):
        raise ValueError(f"Expected target size {_sizes((x_shape[0],) + tuple(x_shape[2:]))}, "
                         f"got {_sizes(t_shape)}")
    if np.asarray(target).dtype.kind == "f":
        raise ValueError("expected target dtype to be Long or Byte, but got "
                         f"{_torch_dtype_name(np.asarray(target).dtype)}")
    if weight is not None and ndim <= 2 and (np.ndim(weight) != 1 or np.size(weight) != n_classes):
        raise ValueError(f"weight tensor should be defined either for all {n_classes} classes or no "
                         f"classes but got weight tensor of shape: {_sizes(np.shape(weight))}")
    if weight is not None and ndim > 2 and np.size(weight) != n_classes:
        raise ValueError("weight tensor should be defined either for all or no classes")
    if ndim == 4 and tuple(t_shape) != (x_shape[0],) + tuple(x_shape[2:]):
        raise ValueError(f"size mismatch (got input: {_sizes(x_shape)} , target: {_sizes(t_shape)}")


def _cascade_sum(picked, weights, valid):
    """The CPU kernel's loss and weight sums: 8 partial sums that carry up
    every 16 targets (an ignored target skips the carry), then added level by
    level. The order matters in float32: target 0 is added last."""
    n = picked.size
    dtype = picked.dtype.type
    level_power = max(4, (n - 1).bit_length() // CASCADE_LEVELS)  # CeilLog2(n) / 8
    level_mask = (1 << level_power) - 1
    loss_sums = [dtype(0)] * CASCADE_LEVELS
    weight_sums = [dtype(0)] * CASCADE_LEVELS
    for i in range(n):
        if not valid[i]:
            continue
        loss_sums[0] = dtype(loss_sums[0] - picked[i] * weights[i])
        weight_sums[0] = dtype(weight_sums[0] + weights[i])
        for j in range(CASCADE_LEVELS - 1):
            if i & (level_mask << (j * level_power)):
                break
            loss_sums[j + 1] = dtype(loss_sums[j + 1] + loss_sums[j])
            weight_sums[j + 1] = dtype(weight_sums[j + 1] + weight_sums[j])
            loss_sums[j] = weight_sums[j] = dtype(0)
    total_loss, total_weight = dtype(0), dtype(0)
    for level in range(CASCADE_LEVELS):
        total_loss = dtype(total_loss + loss_sums[level])
        total_weight = dtype(total_weight + weight_sums[level])
    return total_loss, total_weight


def nll_kernel(input, target, weight, reduction, ignore_index):
    r"""ATen's ``nll_loss`` / ``nll_loss2d`` CPU kernels on (log-)probabilities.

    Per target: :math:`-w_c x_c` (0 where ignored). The mean divides by the
    sum of the weights of the targets not ignored (NaN when that is 0); the
    gradient is :math:`-w_c g / \sum w` at the target's class, 0 elsewhere.
    """
    x = val(input)
    target = target_given = np.asarray(target)
    if x.ndim == 1:
        target = target.reshape(-1)[:1]
        x_rows = x[None, :, None]
    else:
        x_rows = x.reshape(x.shape[0], x.shape[1], int(np.prod(x.shape[2:])))
    n_classes = x_rows.shape[1]
    flat_target = target.reshape(x_rows.shape[0], x_rows.shape[2])
    valid = flat_target != ignore_index
    bad = valid & ((flat_target < 0) | (flat_target >= n_classes))
    if bad.any():
        raise ValueError(f"Target {flat_target[bad][0]} is out of bounds.")
    safe = np.where(valid, flat_target, 0)
    picked = np.take_along_axis(x_rows, safe[:, None, :], axis=1)[:, 0, :]
    w = np.ones(n_classes, x.dtype) if weight is None else np.asarray(weight, x.dtype)
    w_picked = np.where(valid, w[safe], np.zeros((), x.dtype))
    zero = np.zeros((), x.dtype)
    per_target = reduction == "none" and x.ndim > 1
    if per_target:
        value = np.where(valid, -picked * w_picked, zero).reshape(target.shape)
        total_weight = None
    elif x.size == 0 or target.size == 0:
        value = np.asarray(np.nan if reduction == "mean" else 0, x.dtype)
        total_weight = zero
    else:
        total_loss, total_weight = _cascade_sum(picked.ravel(), w_picked.ravel(), valid.ravel())
        if weight is None:
            total_weight = x.dtype.type(valid.sum())
        value = np.asarray(total_loss / total_weight if reduction == "mean" else total_loss, x.dtype)

    def grad_input(g):
        if x.ndim == 1 and np.ndim(target_given) == 1:
            # nll_loss_backward wants a 0-d target for a 1-D input (the forward allows size 1).
            raise ValueError(f"size mismatch (got input: {_sizes(x.shape)}, target: "
                             f"{_sizes(np.shape(target_given))})")
        g = np.asarray(g, x.dtype)
        if per_target:
            scale = -w_picked * g.reshape(valid.shape)
        else:
            scale = w_picked * -(g / total_weight if reduction == "mean" else g)
        grad = np.zeros_like(x_rows)
        np.put_along_axis(grad, safe[:, None, :], np.where(valid, scale, zero)[:, None, :], axis=1)
        return grad.reshape(x.shape)
    return tape.custom(value, (input, grad_input))


def nll_loss_nd(input, target, weight, reduction, ignore_index):
    """``nll_loss_nd``: checks, then the kernel (N-d inputs are viewed as (N, C, -1))."""
    _check_nll_args(np.shape(val(input)), target, weight)
    return nll_kernel(input, target, weight, reduction, ignore_index)


@register(
    "torch.nn.functional.nll_loss", family="sparse softmax", takes="log-probabilities",
    label_format="class index",
    summary="Negative log-likelihood: picks -input[target] per sample; class weights; the weighted "
            "mean divides by the sum of the weights of the targets not ignored.",
    formula=r"\frac{\sum_i -w_{c_i} x_{i,c_i}}{\sum_i w_{c_i}}\ (\text{mean; ignored targets left out})",
    url=TORCH_DOCS + "torch.nn.functional.nll_loss.html",
    arrays={"input": FLOAT, "target": INDEX, "weight": FLOAT}, dtype_from="input",
    differentiable=("input",), **COMMON)
def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    reduction = _check_reduction(reduction)
    return nll_loss_nd(input, target, None if weight is None else val(weight), reduction,
                       int(ignore_index))


# --- cross_entropy -------------------------------------------------------------

def _class_weight_view(weight, ndim, class_dim):
    """``weight.view(1, C, 1, ...)`` to broadcast along the class dimension."""
    shape = [1] * ndim
    shape[class_dim] = np.size(weight)
    return np.reshape(weight, shape) if ndim > 1 else weight


def cross_entropy_probabilities(input, target, weight, reduction, label_smoothing):
    r"""``cross_entropy_loss_prob_target``: :math:`-\sum_c w_c y_c \log\mathrm{softmax}(x)_c`.

    Targets are smoothed to :math:`y(1-s) + s/C`. The mean divides by the
    number of samples, not by the weights (unlike class-index targets).
    """
    x = val(input)
    if x.ndim == 0:
        raise ValueError("Dimension specified as 1 but tensor has no dimensions")
    class_dim = 0 if x.ndim == 1 else 1
    n_classes = x.shape[class_dim]
    if weight is not None and (np.ndim(weight) != 1 or np.size(weight) != n_classes):
        raise ValueError(f"cross_entropy: weight tensor should be defined either for all {n_classes} "
                         f"classes or no classes but got weight tensor of shape: {_sizes(np.shape(weight))}")
    log_probs = log_softmax(input, class_dim)
    if label_smoothing > 0.0:
        if label_smoothing > 1.0:
            raise ValueError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}")
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    terms = log_probs * target
    if weight is not None:
        terms = terms * _class_weight_view(weight, x.ndim, class_dim)
    if reduction == "none":
        return -tape.reduce_sum(terms, axis=class_dim)
    total = -tape.reduce_sum(terms)
    if reduction == "sum":
        return total
    if x.size == 0:
        return tape.stop_gradient(np.asarray(np.nan, x.dtype))
    return total / np.asarray(x.size // n_classes, x.dtype)


def cross_entropy_label_smoothing(input, target, weight, reduction, ignore_index, label_smoothing):
    r"""``cross_entropy_loss_label_smoothing`` for class indices:
    :math:`(1-s)\,\mathrm{nll} + \frac{s}{C}\sum_c -w_c \log\mathrm{softmax}(x)_c`,
    the second term averaged over the weights of the targets not ignored."""
    x = val(input)
    class_dim = 0 if x.ndim == 1 else 1
    log_probs = log_softmax(input, class_dim)
    nll = nll_loss_nd(log_probs, target, weight, reduction, ignore_index)
    n_classes = x.shape[class_dim]
    ignore_mask = np.asarray(target) == ignore_index
    if weight is not None:
        smooth = -tape.reduce_sum(log_probs * _class_weight_view(weight, x.ndim, class_dim), axis=class_dim)
    else:
        smooth = -tape.reduce_sum(log_probs, axis=class_dim)
    smooth = tape.where(ignore_mask, np.zeros((), x.dtype), smooth)
    if reduction == "mean":
        if weight is not None:
            denominator = np.sum(np.asarray(weight)[np.asarray(target)[~ignore_mask].ravel()],
                                 dtype=x.dtype)
        else:
            denominator = np.asarray(np.sum(~ignore_mask), x.dtype)
        ret = tape.reduce_sum(smooth) / denominator
    elif reduction == "sum":
        ret = tape.reduce_sum(smooth)
    else:
        ret = smooth
    return (1 - label_smoothing) * nll + ret * (label_smoothing / n_classes)


@register(
    "torch.nn.functional.cross_entropy", family="softmax", takes="logits",
    label_format="class index or probabilities",
    summary="Softmax cross-entropy on logits; target as class indices (ignore_index, weighted mean "
            "over target weights) or as probabilities of the same shape (mean over samples); "
            "label smoothing s/C.",
    formula=r"\mathrm{reduce}\big(w_{c}\,[\log \textstyle\sum_j e^{x_j} - x_c]\big)"
            r"\ \text{or}\ -\textstyle\sum_c w_c y_c \log \mathrm{softmax}(x)_c",
    url=TORCH_DOCS + "torch.nn.functional.cross_entropy.html",
    arrays={"input": FLOAT, "target": FLOAT_OR_INDEX, "weight": FLOAT}, dtype_from="input",
    differentiable=("input", "target"), **COMMON)
def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean",
                  label_smoothing=0.0):
    reduction = _check_reduction(reduction)
    label_smoothing, ignore_index = float(label_smoothing), int(ignore_index)
    weight = None if weight is None else val(weight)
    if np.shape(val(target)) == np.shape(val(input)):
        # Same shape: the target holds class probabilities.
        if np.asarray(val(target)).dtype.kind != "f":
            raise ValueError("Expected floating point type for target with class probabilities, got Long")
        if ignore_index >= 0:
            raise ValueError("ignore_index is not supported for floating point target")
        return cross_entropy_probabilities(input, target, weight, reduction, label_smoothing)
    target = val(target)
    if label_smoothing > 0.0:
        if label_smoothing > 1.0:
            raise ValueError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}")
        return cross_entropy_label_smoothing(input, target, weight, reduction, ignore_index,
                                             label_smoothing)
    class_dim = 0 if np.ndim(val(input)) == 1 else 1
    if np.ndim(val(input)) == 0:
        return nll_loss_nd(input, target, weight, reduction, ignore_index)
    return nll_loss_nd(log_softmax(input, class_dim), target, weight, reduction, ignore_index)
