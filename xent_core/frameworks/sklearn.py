"""scikit-learn 1.9: ``sklearn.metrics.log_loss``.

Written as ``sklearn/metrics/_classification.py`` computes it: labels are
one-hot encoded with ``LabelBinarizer`` semantics (classes in sorted order),
probabilities are checked, clipped to ``[eps, 1 - eps]`` with ``eps`` the
machine epsilon of their dtype, and averaged with the sample weights. No
gradients: it is a metric. The label encoding is shared with
:mod:`xent_core.frameworks.legacy` (scikit-learn 1.4).

``y_true`` holds class labels (numbers through :func:`call`; the functions
themselves also take strings). ``labels`` and the ``y_proba`` keyword are
passed through as given (``y_proba`` keeps its own dtype), so that the
messages that print them read as scikit-learn's do.
"""
from __future__ import annotations

import warnings

import numpy as np

from .registry import FLOAT, INDEX, register

SKLEARN_DOCS = "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.log_loss.html"
FLOAT_DTYPES = (np.float64, np.float32, np.float16)


# --- check_array and friends ------------------------------------------------

def check_probabilities(y_prob, version=(1, 9)):
    """``check_array(y_prob, ensure_2d=False, dtype=[float64, float32, float16])``:
    other dtypes become float64; at most 2-D, finite, at least one sample."""
    if y_prob is None:
        # np.asarray(None, dtype=float64) is NaN
        raise ValueError("Input contains NaN.")
    arr = np.asarray(y_prob)
    if arr.dtype.type not in FLOAT_DTYPES:
        arr = arr.astype(np.float64)
    if arr.ndim >= 3 and version < (1, 9):
        raise ValueError(f"Found array with dim {arr.ndim}. None expected <= 2.")
    if arr.ndim >= 3:
        raise ValueError(f"Found array with dim {arr.ndim}, while dim <= 2 is required.")
    if np.isnan(arr).any():
        raise ValueError("Input contains NaN.")
    if np.isinf(arr).any():
        raise ValueError(f"Input contains infinity or a value too large for {arr.dtype!r}.")
    if arr.ndim == 0 and version < (1, 9):
        raise ValueError(f"Singleton array {arr!r} cannot be considered a valid collection.")
    if arr.ndim == 0:
        raise ValueError("Input should have at least 1 dimension i.e. satisfy `len(x.shape) > 0`, "
                         f"got scalar `{arr!r}` instead.")
    if arr.shape[0] < 1:
        raise ValueError(f"Found array with 0 sample(s) (shape={arr.shape}) while a minimum of 1 is "
                         "required.")
    if arr.ndim == 2 and arr.shape[1] < 1:
        raise ValueError(f"Found array with 0 feature(s) (shape={arr.shape}) while a minimum of 1 is "
                         "required.")
    return arr


def check_consistent_length(*arrays):
    """All non-None arrays have the same number of samples."""
    lengths = [len(a) for a in arrays if a is not None]
    if len(set(lengths)) > 1:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: {lengths}")


# --- LabelBinarizer -------------------------------------------------------------

def type_of_target(y):
    """``sklearn.utils.multiclass.type_of_target`` for dense label arrays."""
    y = np.asarray(y)
    if y.ndim not in (1, 2):
        return "unknown"
    if not min(y.shape):
        return "binary" if y.ndim == 1 else "unknown"
    if y.dtype == object and not isinstance(y.flat[0], str):
        return "unknown"
    unique = np.unique(y)
    integral = y.dtype.kind in "biu" or (y.dtype.kind == "f" and np.all(unique == unique.astype(int)))
    if y.ndim == 2 and y.shape[1] > 1 and len(unique) < 3 and integral:
        return "multilabel-indicator"
    suffix = "-multioutput" if y.ndim == 2 and y.shape[1] > 1 else ""
    if y.dtype.kind == "f" and np.any(y != y.astype(np.int64)):
        if not np.isfinite(y).all():
            raise ValueError("Input y contains NaN." if np.isnan(y).any() else
                             f"Input y contains infinity or a value too large for {y.dtype!r}.")
        return "continuous" + suffix
    if len(unique) > 2 or (y.ndim == 2 and y.shape[1] > 1):
        return "multiclass" + suffix
    return "binary"


def fit_classes(y):
    """``LabelBinarizer().fit(y)``: the sorted classes and the target type."""
    y_type = type_of_target(y)
    if "multioutput" in y_type:
        raise ValueError("Multioutput target data is not supported with label binarization")
    if len(y) == 0:
        raise ValueError(f"y has 0 samples: {y!r}")
    arr = np.asarray(y)
    if y_type == "multilabel-indicator":
        return np.arange(arr.shape[1]), y_type
    if y_type not in ("binary", "multiclass"):
        raise ValueError(f"Unknown label type: {(y,)!r}")
    kinds = {isinstance(v, str) for v in arr.ravel().tolist()}
    if len(kinds) > 1:
        raise ValueError("Mix of label input types (string and number)")
    return np.unique(arr), y_type


def binarize(y, classes, fitted_type):
    """``LabelBinarizer.transform`` (``label_binarize``): one column per class,
    a single column for two classes; values not among the classes give a row
    of zeros."""
    y_type = type_of_target(y)
    if y_type.startswith("multilabel") and not fitted_type.startswith("multilabel"):
        raise ValueError("The object was not fitted with multilabel input.")
    if "multioutput" in y_type:
        raise ValueError("Multioutput target data is not supported with label binarization")
    arr = np.asarray(y)
    if y_type == "multilabel-indicator":
        if classes.size != arr.shape[1]:
            raise ValueError(f"classes {classes} mismatch with the labels {np.arange(arr.shape[1])} "
                             "found in the data")
        return arr.astype(int)
    if y_type == "binary" and len(classes) >= 3:
        y_type = "multiclass"
    arr = arr.ravel()
    one_hot = (arr[:, None] == classes[None, :]).astype(int)
    if y_type == "binary":
        return one_hot[:, -1:]
    return one_hot


def two_columns(column):
    """A single column c becomes [1 - c, c] (the negative class first)."""
    return np.concatenate([1 - column, column], axis=1)


# --- log_loss 1.9 ----------------------------------------------------------------

def one_hot_targets(y_true, labels):
    """``_one_hot_encoding_multiclass_target``: classes from ``labels`` (which
    must cover y_true) or from y_true; at least two of them."""
    if labels is not None:
        classes, fitted_type = fit_classes(labels)
        if not np.all(classes == np.asarray(labels)):
            warnings.warn(f"Labels passed were {labels}. But this function assumes labels are ordered "
                          f"lexicographically. Pass the ordered labels={classes.tolist()} and ensure "
                          "that the columns of y_prob correspond to this ordering.", UserWarning)
        if not np.all(np.isin(y_true, labels)):
            raise ValueError(f"y_true contains values {set(y_true) - set(labels)} not belonging "
                             f"to the passed labels {labels}.")
    else:
        classes, fitted_type = fit_classes(y_true)
    if classes.shape[0] == 1:
        if labels is None:
            raise ValueError(f"y_true contains only one label ({classes[0]}). Please provide the list of "
                             "all expected class labels explicitly through the labels argument.")
        raise ValueError(f"The labels array needs to contain at least two labels, got {classes}.")
    transformed = binarize(y_true, classes, fitted_type)
    if transformed.shape[1] == 1:
        transformed = two_columns(transformed)
    return transformed, classes


def check_sample_weight(sample_weight, n_samples):
    """``_check_sample_weight``: 1-D, one per sample, not all zero."""
    if sample_weight is None:
        return
    w = np.asarray(sample_weight)
    if w.dtype.kind == "f" and np.isnan(w).any():
        raise ValueError("Input sample_weight contains NaN.")
    if w.ndim != 1:
        raise ValueError(f"Sample weights must be 1D array or scalar, got {w.ndim}D array. Expected "
                         f"either a scalar value or a 1D array of length {n_samples}.")
    if w.shape != (n_samples,):
        raise ValueError(f"sample_weight.shape == {w.shape}, expected {(n_samples,)}!")
    if np.all(w == 0):
        raise ValueError("Sample weights must contain at least one non-zero number.")


def validate_prediction(y_true, y_prob, sample_weight, labels):
    """``_validate_multiclass_probabilistic_prediction``: probabilities in
    [0, 1] (rows not summing to 1 only warn), one column per class."""
    if np.max(y_prob) > 1:
        raise ValueError(f"y_prob contains values greater than 1: {np.max(y_prob)}")
    if np.min(y_prob) < 0:
        raise ValueError(f"y_prob contains values lower than 0: {np.min(y_prob)}")
    check_consistent_length(y_prob, y_true, sample_weight)
    check_sample_weight(sample_weight, len(y_prob))
    transformed, classes = one_hot_targets(y_true, labels)
    if y_prob.ndim == 1:
        y_prob = y_prob[:, np.newaxis]
    if y_prob.shape[1] == 1:
        y_prob = two_columns(y_prob)
    eps = np.finfo(y_prob.dtype).eps
    y_prob_sum = np.sum(y_prob, axis=1)
    if not np.all(np.abs(y_prob_sum - 1) <= 1e-8 + np.sqrt(eps)):
        warnings.warn("The y_prob values do not sum to one. Make sure to pass probabilities.", UserWarning)
    if classes.shape[0] != y_prob.shape[1]:
        if labels is None:
            raise ValueError(f"y_true and y_prob contain different number of classes: "
                             f"{transformed.shape[1]} vs {y_prob.shape[1]}. Please provide the true labels "
                             f"explicitly through the labels argument. Classes found in y_true: {classes}")
        raise ValueError("The number of classes in labels is different from that in y_prob. "
                         f"Classes found in labels: {classes}")
    return transformed, y_prob


def check_normalize(normalize, numpy_bool="numpy.bool"):
    """``validate_params``: normalize must be a bool (1 or 0 are refused)."""
    if not isinstance(normalize, (bool, np.bool_)):
        raise ValueError("The 'normalize' parameter of log_loss must be an instance of 'bool' or an "
                         f"instance of '{numpy_bool}'. Got {normalize!r} instead.")


def average(loss, sample_weight, normalize):
    """``_average``: weighted mean, or the weighted sum when not normalising."""
    try:
        if normalize:
            return np.average(loss, weights=sample_weight)
        if sample_weight is not None:
            return np.dot(loss, sample_weight)
    except (ZeroDivisionError, TypeError) as error:  # weights summing to 0, or of another shape
        raise ValueError(str(error)) from None
    return np.sum(loss)


def xlogy(x, y):
    """``x * log(y)`` with 0 where x is 0 (even where y is 0)."""
    return np.where(x == 0.0, np.zeros((), np.result_type(x, y)), x * np.log(y))


@register(
    "sklearn.metrics.log_loss", framework="scikit-learn", family="log loss", takes="probabilities",
    label_format="class labels",
    summary="Mean negative log-likelihood of the true class; probabilities clipped to [eps, 1 - eps] "
            "with eps of their dtype; 1-D y_pred is P(positive class); rows not summing to 1 only warn.",
    formula=r"-\frac{1}{\sum_i w_i}\sum_i w_i \sum_k [y_i = k]\,"
            r"\log \mathrm{clip}(p_{ik}, \epsilon, 1-\epsilon)",
    url=SKLEARN_DOCS, arrays={"y_true": INDEX, "y_pred": FLOAT, "sample_weight": FLOAT},
    dtype_from="y_pred",
    differentiable=())
def log_loss(y_true, y_pred=None, normalize=True, sample_weight=None, labels=None, y_proba=None):
    check_normalize(normalize)
    if y_pred is not None:
        # 1.9 renamed y_pred to y_proba and deprecated the old name.
        if y_proba is not None:
            raise ValueError("Cannot use both `y_pred` and `y_proba`. `y_pred` is deprecated, "
                             "use `y_proba` instead.")
        warnings.warn("`y_pred` was renamed to `y_proba` in version 1.9 and will be removed in 1.11. "
                      "Use `y_proba` instead.", FutureWarning)
        y_proba = y_pred
    y_proba = check_probabilities(y_proba)
    transformed, y_proba = validate_prediction(y_true, y_proba, sample_weight, labels)
    eps = np.finfo(y_proba.dtype).eps
    y_proba = np.clip(y_proba, eps, 1 - eps)
    loss = -np.sum(xlogy(transformed.astype(y_proba.dtype), y_proba), axis=1)
    return float(average(loss, sample_weight, normalize))
