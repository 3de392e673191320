"""The formula with the numbers put in: LaTeX lines for the first element
(binary) or first row (softmax), ending with the framework's own value."""
from __future__ import annotations

import numpy as np

from ..frameworks import get
from ..frameworks.registry import Entry
from ..primitives import softmax
from .charts import element_terms, keras_probabilities
from .formatting import format_number
from .roles import WEIGHT_ARGS, by_rows, label_argument, pool, score_kind, scores_argument


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


def _paren(text: str) -> str:
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
        softplus = rf"\log(1 + e^{{-{tex_number(abs(x))}}})"
        return [rf"\ell_1 = \max({X}, 0) - {_paren(X)}\cdot{_paren(Y)} + {softplus} = {T}"]
    if entry.framework.startswith("Keras"):
        eps = x.dtype.type(1e-7)
        clipped = np.clip(x, eps, 1 - eps)
        P = tex_number(clipped)
        lines = [rf"\hat p = \mathrm{{clip}}({X}, 10^{{-7}}, 1 - 10^{{-7}}) = {P}"] if clipped != x else []
        return lines + [rf"\ell_1 = -[{Y}\log {P} + (1 - {_paren(Y)})\log(1 - {P})] = {T}"]
    if entry.name.startswith("torch."):
        return [rf"\ell_1 = -[{Y}\max(\log {X}, -100) + (1 - {_paren(Y)})\max(\log(1 - {X}), -100)] = {T}"]
    if "epsilon" in entry.params:
        E = tex_number(np.float32(kwargs.get("epsilon", entry.params["epsilon"])))
        return [rf"\ell_1 = -[{Y}\log({X} + {E}) + (1 - {_paren(Y)})\log(1 - {X} + {E})] = {T}"]
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
        return [rf"c = {c},\quad L_1 = -x_c = -{_paren(tex_number(row[c]))} = {V}"]
    xs = ", ".join(tex_number(v) for v in row)
    if kind == "logits":
        q = softmax(row)
        first = rf"q = \mathrm{{softmax}}({xs})"
    elif entry.framework.startswith("Keras"):
        q = keras_probabilities(row)
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
    terms = [rf"{_paren(tex_number(y[k]))}\log {tex_number(q[k], 4)}" for k in keep]
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
