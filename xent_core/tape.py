"""A small reverse-mode autodiff over numpy arrays.

The framework entries in :mod:`xent_core.frameworks` are written op for op as
the frameworks' own source writes them. Differentiating that same chain of
ops gives the gradient the framework's autodiff gives, kinks included:
``tf.where`` sends the gradient to one branch, ``clip`` passes it only inside
``[lo, hi]`` (bounds included), ``log(0)`` gives ``inf`` and ``0 * inf`` NaN.
Fused framework kernels with a hand-written gradient (TF's softmax
cross-entropy, PyTorch's BCE) are recorded with :func:`custom`.

Every value keeps the dtype of the inputs: float32 in, float32 arithmetic.
"""
from __future__ import annotations

import numpy as np


class Node:
    """A value on the tape and, per parent, the function that maps the
    gradient of this value to the gradient of that parent."""

    __slots__ = ("value", "parents")
    __array_ufunc__ = None  # ndarray (op) Node defers to Node's reflected operator

    def __init__(self, value, parents=()):
        self.value = value
        self.parents = parents

    # Operators keep the pages of framework code close to the original source.
    def __add__(self, other): return add(self, other)
    def __radd__(self, other): return add(other, self)
    def __sub__(self, other): return sub(self, other)
    def __rsub__(self, other): return sub(other, self)
    def __mul__(self, other): return mul(self, other)
    def __rmul__(self, other): return mul(other, self)
    def __truediv__(self, other): return div(self, other)
    def __rtruediv__(self, other): return div(other, self)
    def __neg__(self): return neg(self)

    @property
    def shape(self):
        return np.shape(self.value)

    @property
    def dtype(self):
        return self.value.dtype


def leaf(value) -> Node:
    """A differentiable input."""
    return Node(np.asarray(value))


def val(x):
    """The numpy value of a node or of a plain constant."""
    return x.value if isinstance(x, Node) else x


def _node(value, *pairs) -> Node:
    """A new node; ``pairs`` are (input, vjp) and constants are dropped."""
    return Node(value, tuple((p, f) for p, f in pairs if isinstance(p, Node)))


def unbroadcast(grad, shape):
    """Sum ``grad`` down to ``shape`` (the adjoint of numpy broadcasting)."""
    grad = np.asarray(grad)
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def _shape(x):
    return np.shape(val(x))


def add(a, b):
    return _node(val(a) + val(b), (a, lambda g: unbroadcast(g, _shape(a))),
                 (b, lambda g: unbroadcast(g, _shape(b))))


def sub(a, b):
    return _node(val(a) - val(b), (a, lambda g: unbroadcast(g, _shape(a))),
                 (b, lambda g: unbroadcast(-g, _shape(b))))


def mul(a, b):
    return _node(val(a) * val(b), (a, lambda g: unbroadcast(g * val(b), _shape(a))),
                 (b, lambda g: unbroadcast(g * val(a), _shape(b))))


def div(a, b):
    out = val(a) / val(b)
    return _node(out, (a, lambda g: unbroadcast(g / val(b), _shape(a))),
                 (b, lambda g: unbroadcast(-g * out / val(b), _shape(b))))


def neg(a):
    return _node(-val(a), (a, lambda g: -g))


def exp(a):
    out = np.exp(val(a))
    return _node(out, (a, lambda g: g * out))


def log(a):
    """d log(x) = 1/x: infinite at 0, so a zero probability poisons the gradient."""
    return _node(np.log(val(a)), (a, lambda g: g / val(a)))


def log1p(a):
    return _node(np.log1p(val(a)), (a, lambda g: g / (1 + val(a))))


def abs_(a):
    """|x| with gradient sign(x), so 0 at x = 0 (TF and PyTorch)."""
    x = val(a)
    return _node(np.abs(x), (a, lambda g: g * np.sign(x)))


def relu(a):
    """max(x, 0) with gradient 1 for x > 0 only (0 at x = 0)."""
    x = val(a)
    return _node(np.maximum(x, np.zeros((), x.dtype)),
                 (a, lambda g: np.where(x > 0, g, np.zeros((), x.dtype))))


def sigmoid(a):
    """1 / (1 + exp(-x)); gradient y (1 - y) (TF's ``Sigmoid``)."""
    x = val(a)
    with np.errstate(over="ignore"):
        out = (1 / (1 + np.exp(-x))).astype(x.dtype, copy=False)
    return _node(out, (a, lambda g: g * out * (1 - out)))


def softmax(a, axis=-1):
    """exp(x - max) / sum; gradient (g - sum(g y)) y (TF's ``Softmax``)."""
    x = val(a)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    out = e / np.sum(e, axis=axis, keepdims=True)
    return _node(out, (a, lambda g: (g - np.sum(g * out, axis=axis, keepdims=True)) * out))


def power(a, exponent):
    """x**e with a constant exponent; d = e * x**(e-1) (TF's ``Pow`` gradient)."""
    x = val(a)
    e = np.asarray(exponent, dtype=x.dtype)
    return _node(x ** e, (a, lambda g: g * e * x ** (e - 1)))


def where(cond, a, b):
    """``tf.where``: the gradient goes to the branch that was chosen, 0 to the other."""
    zero = np.zeros((), dtype=np.result_type(val(a), val(b)))
    return _node(np.where(cond, val(a), val(b)),
                 (a, lambda g: unbroadcast(np.where(cond, g, zero), _shape(a))),
                 (b, lambda g: unbroadcast(np.where(cond, zero, g), _shape(b))))


def clip(a, lo, hi):
    """``clip_by_value`` (TF: ``maximum(minimum(x, hi), lo)``) and ``clamp``:
    the gradient passes where lo <= x <= hi, bounds included, and not for NaN
    (both frameworks' masks are comparisons, false for NaN)."""
    x = val(a)
    lo = np.asarray(lo, dtype=x.dtype)
    hi = np.asarray(hi, dtype=x.dtype)
    inside = (x >= lo) & (x <= hi)
    return _node(np.clip(x, lo, hi), (a, lambda g: np.where(inside, g, np.zeros((), x.dtype))))


def maximum(a, b):
    """``max(a, b)``; the gradient goes to ``a`` where a >= b (TF's Maximum)."""
    x, y = val(a), val(b)
    to_a = x >= y
    zero = np.zeros((), np.result_type(x, y))
    return _node(np.maximum(x, y),
                 (a, lambda g: unbroadcast(np.where(to_a, g, zero), _shape(a))),
                 (b, lambda g: unbroadcast(np.where(to_a, zero, g), _shape(b))))


def reduce_sum(a, axis=None, keepdims=False):
    x = val(a)
    out = np.sum(x, axis=axis, keepdims=keepdims)

    def vjp(g):
        if axis is not None and not keepdims:
            g = np.expand_dims(g, axis)
        return np.broadcast_to(g, x.shape).astype(x.dtype, copy=False)
    return _node(np.asarray(out, dtype=x.dtype), (a, vjp))


def reduce_mean(a, axis=None, keepdims=False):
    """Sum, then divide by the count in the input's dtype (TF and PyTorch do)."""
    x = val(a)
    count = x.size if axis is None else np.prod([x.shape[i] for i in np.atleast_1d(axis)])
    return div(reduce_sum(a, axis=axis, keepdims=keepdims), np.asarray(count, dtype=x.dtype))


def reduce_max(a, axis=-1, keepdims=True):
    """Max with no gradient: every use here is a shift that cancels out."""
    return np.max(val(a), axis=axis, keepdims=keepdims)


def cast(a, dtype):
    """Change the float dtype; the gradient is cast back (TF's ``Cast``)."""
    x = val(a)
    return _node(np.asarray(x, dtype=dtype), (a, lambda g: np.asarray(g, dtype=x.dtype)))


def stop_gradient(a):
    return Node(np.array(val(a)))


def take(a, index, axis=-1):
    """Pick one entry per row along ``axis`` (gather); its gradient is a scatter."""
    x = val(a)
    idx = np.expand_dims(np.asarray(index), axis)
    out = np.take_along_axis(x, idx, axis=axis).squeeze(axis)

    def vjp(g):
        grad = np.zeros_like(x)
        np.put_along_axis(grad, idx, np.expand_dims(g, axis), axis=axis)
        return grad
    return _node(out, (a, vjp))


def reshape(a, shape):
    x = val(a)
    return _node(np.reshape(x, shape), (a, lambda g: np.reshape(g, x.shape)))


def matmul(a, b):
    """``a @ b`` for 2-D arrays."""
    x, y = val(a), val(b)
    return _node(x @ y, (a, lambda g: g @ y.T), (b, lambda g: x.T @ g))


def custom(value, *pairs):
    """A fused kernel: its value and, per input, the kernel's own gradient map."""
    return _node(value, *pairs)


def gradients(output: Node, inputs):
    """Gradient of ``sum(output)`` with respect to each node in ``inputs``.

    An input that the output does not depend on gets zeros (like
    ``unconnected_gradients='zero'``).
    """
    order, seen = [], set()

    def visit(node):
        # Iterative post-order: loss graphs here are shallow but wide.
        stack = [(node, False)]
        while stack:
            n, done = stack.pop()
            if done:
                order.append(n)
                continue
            if id(n) in seen:
                continue
            seen.add(id(n))
            stack.append((n, True))
            stack.extend((p, False) for p, _ in n.parents)
    visit(output)
    grads = {id(output): np.ones_like(output.value)}
    with np.errstate(all="ignore"):
        for node in reversed(order):
            g = grads.get(id(node))
            if g is None:
                continue
            for parent, vjp in node.parents:
                contribution = np.asarray(vjp(g), dtype=parent.value.dtype)
                key = id(parent)
                grads[key] = contribution if key not in grads else grads[key] + contribution
    return [np.asarray(grads.get(id(n), np.zeros_like(n.value)), dtype=n.value.dtype)
            for n in inputs]
