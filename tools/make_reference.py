#!/usr/bin/env python
"""Reference fixture generator: runs the real frameworks and writes JSON fixtures.

The fixtures in tests/fixtures/reference_<part>.json hold what TensorFlow,
Keras 3, PyTorch, optax and scikit-learn actually return (values, gradients
and error messages) for a fixed, seeded set of inputs.  The project's tests
compare xent_core against them.  Run all parts with tools/make_reference.sh.

Parts and the interpreter each one needs
----------------------------------------
--part modern        /work/refenv/bin/python        (TF 2.21, Keras 3.15.1, torch 2.13, jax/optax, sklearn 1.9.1)
--part sklearn_old   /work/refenv_old/bin/python    (scikit-learn 1.4.2)
--part tf_keras_215  /work/refenv_tf215/bin/python  (tensorflow-cpu 2.15.1 with tf.keras 2.15)

Recreating the virtual environments (CPython 3.11; exact versions used):

    python3.11 -m venv /work/refenv
    /work/refenv/bin/pip install tensorflow-cpu==2.21.0 keras==3.15.1 \
        torch==2.13.0 jax==0.10.2 jaxlib==0.10.2 optax==0.2.8 \
        scikit-learn==1.9.1 scipy==1.17.1 numpy==2.4.6 ml_dtypes==0.6.0
    # torch resolved to the CPU build 2.13.0+cpu (the fixtures record the
    # exact versions in tests/fixtures/reference_versions.json).

    python3.11 -m venv /work/refenv_old
    /work/refenv_old/bin/pip install scikit-learn==1.4.2 "numpy<2"
    #   resolved to numpy==1.26.4 scipy==1.17.1 joblib==1.6.0 threadpoolctl==3.8.0

    python3.11 -m venv /work/refenv_tf215
    /work/refenv_tf215/bin/pip install tensorflow-cpu==2.15.1
    #   resolved to keras==2.15.0 numpy==1.26.4 ml-dtypes==0.3.2

Fixture format: a JSON list of cases
    {"api", "dtype", "kwargs", "expected", "raises", "grads", "note",
     "expected_dtype"}  (+ "warns" for scikit-learn cases)
- kwargs: float arrays as nested lists holding the exact values of `dtype`
  (float32 values stored as float(np.float32(x))); class indices as int lists;
  float scalars are rounded to `dtype` too, so the stored value is exactly the
  value that was passed to the framework.
- expected: the returned value (`.tolist()`), or null when the call raised.
- raises: the framework's own error message (TensorFlow's op-location prefix
  "{{function_node ...}} " and suffix " [Op:...] name: ..." are stripped).
- grads: gradient of sum(returned value) w.r.t. each differentiable float
  array argument, in `dtype`; arguments the framework does not differentiate
  (unconnected / not implemented) are omitted.
- expected_dtype: dtype of the returned value (e.g. Keras loss classes compute
  in float32 whatever the input dtype).
- warns: warning messages emitted by scikit-learn (list, possibly empty).
"""
import argparse
import json
import math
import os
import re
import sys
import warnings
import zlib

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["CUDA_VISIBLE_DEVICES"] = ""
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402

SEED_FILE = "/work/shared/reference/seed_cases.json"


# ---------------------------------------------------------------------------
# Case specification helpers
# ---------------------------------------------------------------------------
class F:
    """A float array argument (stored in the case dtype)."""

    def __init__(self, data):
        self.data = np.asarray(data, dtype=np.float64)


class I:  # noqa: E742
    """An integer (class index) array argument."""

    def __init__(self, data):
        self.data = np.asarray(data, dtype=np.int64)


NAN = float("nan")
INF = float("inf")


def spec(api, note, dtypes=("float32", "float64"), **kwargs):
    return {"api": api, "note": note, "kwargs": kwargs, "dtypes": dtypes}


def instantiate(kwargs, dtype):
    """Return (native kwargs, json kwargs) for one dtype."""
    npdt = np.dtype(dtype)
    native, js = {}, {}
    for k, v in kwargs.items():
        if isinstance(v, F):
            a = v.data.astype(npdt)
            native[k], js[k] = a, a.tolist()
        elif isinstance(v, I):
            native[k], js[k] = v.data.copy(), v.data.tolist()
        elif isinstance(v, float):
            x = float(npdt.type(v))
            native[k], js[k] = x, x
        else:
            native[k], js[k] = v, v
    return native, js


def to_jsonable(x):
    return np.asarray(x).tolist()


def clean_message(msg):
    msg = str(msg)
    msg = re.sub(r"^\{\{function_node [^}]*\}\}\s*", "", msg)
    msg = re.sub(r"\s*\[Op:[^\]]*\]( name: .*)?$", "", msg, flags=re.S)
    return msg.strip()


# Random inputs (seeded; drawn once per spec, then instantiated per dtype).
# Each group of specs reseeds from its own name, so groups are independent.
RNG = np.random.default_rng(0)


def reseed(name):
    global RNG
    RNG = np.random.default_rng([20240611, zlib.crc32(name.encode())])


def rshape():
    return int(RNG.integers(1, 5)), int(RNG.integers(2, 7))


def rlogits(shape, scale=2.0):
    return np.round(RNG.normal(0.0, scale, shape), 6)


def rsoftmax(shape, axis=-1):
    z = RNG.normal(0.0, 1.5, shape)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def rprob(shape, lo=0.02, hi=0.98):
    return RNG.uniform(lo, hi, shape)


def rbin(shape):
    return RNG.integers(0, 2, shape).astype(np.float64)


def ronehot(n, c):
    return np.eye(c)[RNG.integers(0, c, n)]


def rint(shape, c):
    return RNG.integers(0, c, shape)


# ---------------------------------------------------------------------------
# Specs: TensorFlow
# ---------------------------------------------------------------------------
def specs_tf():
    reseed("tf")
    S = []
    a = "tf.nn.sigmoid_cross_entropy_with_logits"
    for i in range(3):
        sh = rshape()
        S.append(spec(a, f"random {sh}, binary labels", labels=F(rbin(sh)), logits=F(rlogits(sh))))
    S.append(spec(a, "random soft labels", labels=F(rprob((2, 3), 0, 1)), logits=F(rlogits((2, 3)))))
    S.append(spec(a, "1-D", labels=F([1.0, 0.0, 1.0]), logits=F([0.3, -1.2, 2.5])))
    S.append(spec(a, "0-d scalar", labels=F(1.0), logits=F(-0.7)))
    S.append(spec(a, "3-D", labels=F(rbin((2, 2, 3))), logits=F(rlogits((2, 2, 3)))))
    S.append(spec(a, "extreme logits +-60 +-800 and 0, hard labels",
                  labels=F([[1, 0, 1, 0, 1, 0, 1, 0]]),
                  logits=F([[60, 60, -60, -60, 800, 800, -800, -800]])))
    S.append(spec(a, "logit exactly 0 (gradient at the kink of max(x,0) and |x|)",
                  labels=F([0.0, 1.0, 0.5, 0.25]), logits=F([0.0, 0.0, 0.0, 0.0])))
    S.append(spec(a, "extreme logits with soft label 0.5",
                  labels=F([0.5, 0.5, 0.5, 0.5]), logits=F([60, -60, 800, -800])))
    S.append(spec(a, "labels outside [0,1]", labels=F([-2.0, 2.0, 1.5, -0.5]), logits=F([0.3, -1.0, 2.0, 0.0])))
    S.append(spec(a, "NaN logit", labels=F([1.0, 0.0]), logits=F([NAN, 1.0])))
    S.append(spec(a, "NaN label", labels=F([NAN, 0.0]), logits=F([0.5, 1.0])))
    S.append(spec(a, "shape mismatch raises", labels=F([1.0, 0.0]), logits=F([0.5, 1.0, 2.0])))

    a = "tf.nn.weighted_cross_entropy_with_logits"
    for pw in (2.0, 0.5):
        sh = rshape()
        S.append(spec(a, f"random {sh}, pos_weight {pw}", labels=F(rbin(sh)), logits=F(rlogits(sh)), pos_weight=pw))
    S.append(spec(a, "pos_weight per class array", labels=F(rbin((3, 4))), logits=F(rlogits((3, 4))),
                  pos_weight=F([0.5, 1.0, 2.0, 4.0])))
    S.append(spec(a, "pos_weight 1 equals sigmoid xent", labels=F([1.0, 0.0, 0.3]), logits=F([0.3, -1.2, 2.5]),
                  pos_weight=1.0))
    S.append(spec(a, "pos_weight 0", labels=F([1.0, 0.0, 0.3]), logits=F([0.3, -1.2, 2.5]), pos_weight=0.0))
    S.append(spec(a, "negative pos_weight", labels=F([1.0, 0.0, 0.3]), logits=F([0.3, -1.2, 2.5]), pos_weight=-1.0))
    S.append(spec(a, "extreme logits and 0", labels=F([1, 0, 1, 0, 1, 0, 1]),
                  logits=F([60, -60, 800, -800, -60, 800, 0]), pos_weight=3.0))
    S.append(spec(a, "soft labels at logit 0", labels=F([0.0, 0.5, 1.0]), logits=F([0.0, 0.0, 0.0]), pos_weight=3.0))
    S.append(spec(a, "labels outside [0,1]", labels=F([-2.0, 2.0, 1.5]), logits=F([0.3, -1.0, 2.0]), pos_weight=2.0))
    S.append(spec(a, "NaN logit", labels=F([1.0, 0.0]), logits=F([NAN, 1.0]), pos_weight=2.0))
    S.append(spec(a, "pos_weight array 2-D weights broadcast", labels=F(rbin((2, 3))), logits=F(rlogits((2, 3))),
                  pos_weight=F([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]])))

    a = "tf.nn.softmax_cross_entropy_with_logits"
    for i in range(2):
        n, c = rshape()
        S.append(spec(a, f"random one-hot ({n},{c})", labels=F(ronehot(n, c)), logits=F(rlogits((n, c)))))
    for i in range(2):
        n, c = rshape()
        S.append(spec(a, f"random soft labels ({n},{c})", labels=F(rsoftmax((n, c))), logits=F(rlogits((n, c)))))
    S.append(spec(a, "1-D", labels=F([0.0, 1.0, 0.0]), logits=F([0.5, 1.5, 0.1])))
    S.append(spec(a, "axis=0", labels=F(rsoftmax((3, 2), axis=0)), logits=F(rlogits((3, 2))), axis=0))
    S.append(spec(a, "axis=1 on 3-D", labels=F(rsoftmax((2, 4, 3), axis=1)), logits=F(rlogits((2, 4, 3))), axis=1))
    S.append(spec(a, "extreme logits rows", labels=F([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.5, 0.5, 0]]),
                  logits=F([[60, -60, 0], [800, -800, 0], [800, 800, -800], [-800, 0, 800]])))
    S.append(spec(a, "all-zero logits", labels=F([[0.2, 0.3, 0.5]]), logits=F([[0.0, 0.0, 0.0]])))
    S.append(spec(a, "labels not summing to 1 / negative labels", labels=F([[0.5, 0.5, 0.5], [-1.0, 2.0, 0.0]]),
                  logits=F([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])))
    S.append(spec(a, "all-zero labels", labels=F([[0.0, 0.0, 0.0]]), logits=F([[1.0, 2.0, 3.0]])))
    S.append(spec(a, "-inf logit with zero label", labels=F([[0.0, 1.0, 0.0]]), logits=F([[-INF, 1.0, 2.0]])))
    S.append(spec(a, "NaN logit", labels=F([[0.0, 1.0, 0.0]]), logits=F([[NAN, 1.0, 2.0]])))
    S.append(spec(a, "shape mismatch raises", labels=F([[0.0, 1.0]]), logits=F([[1.0, 2.0, 3.0]])))

    a = "tf.nn.sparse_softmax_cross_entropy_with_logits"
    for i in range(3):
        n, c = rshape()
        S.append(spec(a, f"random ({n},{c})", labels=I(rint(n, c)), logits=F(rlogits((n, c)))))
    S.append(spec(a, "1-D logits, 0-d label", labels=I(2), logits=F([0.5, 1.5, 0.1])))
    S.append(spec(a, "3-D logits", labels=I(rint((2, 2), 3)), logits=F(rlogits((2, 2, 3)))))
    S.append(spec(a, "extreme logits", labels=I([0, 1, 2, 0]),
                  logits=F([[60, -60, 0], [800, -800, 0], [800, 800, -800], [-800, 0, 800]])))
    S.append(spec(a, "all-zero logits", labels=I([1]), logits=F([[0.0, 0.0, 0.0, 0.0]])))
    S.append(spec(a, "label == num_classes raises", labels=I([0, 3]), logits=F([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])))
    S.append(spec(a, "negative label raises", labels=I([0, -1]), logits=F([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])))
    S.append(spec(a, "NaN logit", labels=I([0, 1]), logits=F([[NAN, 1.0, 2.0], [0.0, 1.0, 2.0]])))
    S.append(spec(a, "rank mismatch raises", labels=I([[0], [1]]), logits=F([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])))

    reds = ["none", "weighted_sum", "weighted_mean", "weighted_sum_over_batch_size", "weighted_sum_by_nonzero_weights"]

    a = "tf.compat.v1.losses.sigmoid_cross_entropy"
    y, x = rbin((3, 4)), rlogits((3, 4))
    S.append(spec(a, "defaults (SUM_BY_NONZERO_WEIGHTS)", multi_class_labels=F(y), logits=F(x)))
    w = F([[1.0], [0.0], [2.0]])
    for r in reds:
        S.append(spec(a, f"weights [batch,1] with a zero, reduction {r}", multi_class_labels=F(y), logits=F(x),
                      weights=w, reduction=r))
    S.append(spec(a, "weights [batch,C] with zeros, nonzero mean", multi_class_labels=F(y), logits=F(x),
                  weights=F(RNG.choice([0.0, 0.5, 1.0, 3.0], (3, 4))), reduction="weighted_sum_by_nonzero_weights"))
    S.append(spec(a, "scalar weight 2.0", multi_class_labels=F(y), logits=F(x), weights=2.0))
    S.append(spec(a, "scalar weight 0 (nonzero mean gives 0)", multi_class_labels=F(y), logits=F(x), weights=0.0))
    S.append(spec(a, "all-zero weights with weighted_mean", multi_class_labels=F(y), logits=F(x),
                  weights=F([[0.0], [0.0], [0.0]]), reduction="weighted_mean"))
    for ls in (0.1, 0.5, 1.0):
        S.append(spec(a, f"label_smoothing {ls}", multi_class_labels=F(y), logits=F(x), label_smoothing=ls,
                      reduction="none"))
    S.append(spec(a, "extreme logits and 0", multi_class_labels=F([[1, 0, 1, 0, 1, 0, 0.5]]),
                  logits=F([[60, -60, 800, -800, -800, 800, 0]]), reduction="none"))
    S.append(spec(a, "labels outside [0,1]", multi_class_labels=F([[-2.0, 2.0, 1.5]]), logits=F([[0.3, -1.0, 2.0]])))
    S.append(spec(a, "1-D", multi_class_labels=F([1.0, 0.0, 1.0]), logits=F([0.3, -1.2, 2.5]), reduction="weighted_sum"))
    S.append(spec(a, "NaN logit", multi_class_labels=F([[1.0, 0.0]]), logits=F([[NAN, 1.0]])))
    S.append(spec(a, "shape mismatch raises", multi_class_labels=F([[1.0, 0.0]]), logits=F([[0.5, 1.0, 2.0]])))

    a = "tf.compat.v1.losses.softmax_cross_entropy"
    y, x = ronehot(4, 3), rlogits((4, 3))
    S.append(spec(a, "defaults (SUM_BY_NONZERO_WEIGHTS)", onehot_labels=F(y), logits=F(x)))
    w = F([1.0, 0.0, 2.0, 0.5])
    for r in reds:
        S.append(spec(a, f"weights [batch] with a zero, reduction {r}", onehot_labels=F(y), logits=F(x), weights=w,
                      reduction=r))
    S.append(spec(a, "scalar weight 2.0", onehot_labels=F(y), logits=F(x), weights=2.0, reduction="weighted_mean"))
    S.append(spec(a, "all-zero weights, nonzero mean", onehot_labels=F(y), logits=F(x),
                  weights=F([0.0, 0.0, 0.0, 0.0])))
    for ls in (0.1, 0.5, 1.0):
        S.append(spec(a, f"label_smoothing {ls}", onehot_labels=F(y), logits=F(x), label_smoothing=ls,
                      reduction="none"))
    S.append(spec(a, "soft labels with label_smoothing 0.1 and weights", onehot_labels=F(rsoftmax((2, 5))),
                  logits=F(rlogits((2, 5))), label_smoothing=0.1, weights=F([0.5, 2.0])))
    S.append(spec(a, "extreme logits", onehot_labels=F([[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
                  logits=F([[60, -60, 0], [800, -800, 0], [-800, 0, 800]]), reduction="none"))
    S.append(spec(a, "NaN logit", onehot_labels=F([[0.0, 1.0, 0.0]]), logits=F([[NAN, 1.0, 2.0]])))

    a = "tf.compat.v1.losses.sparse_softmax_cross_entropy"
    y, x = rint(4, 3), rlogits((4, 3))
    S.append(spec(a, "defaults (SUM_BY_NONZERO_WEIGHTS)", labels=I(y), logits=F(x)))
    w = F([1.0, 0.0, 2.0, 0.5])
    for r in reds:
        S.append(spec(a, f"weights [batch] with a zero, reduction {r}", labels=I(y), logits=F(x), weights=w,
                      reduction=r))
    S.append(spec(a, "scalar weight 3.0", labels=I(y), logits=F(x), weights=3.0, reduction="weighted_sum"))
    S.append(spec(a, "labels [batch,1]", labels=I(y.reshape(4, 1)), logits=F(x), reduction="none"))
    S.append(spec(a, "extreme logits", labels=I([0, 1, 2]),
                  logits=F([[60, -60, 0], [800, -800, 0], [-800, 0, 800]]), reduction="none"))
    S.append(spec(a, "label out of range raises", labels=I([0, 3]), logits=F([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])))
    S.append(spec(a, "NaN logit", labels=I([0]), logits=F([[NAN, 1.0, 2.0]])))

    a = "tf.compat.v1.losses.log_loss"
    y, p = rbin((3, 4)), rprob((3, 4))
    S.append(spec(a, "defaults", labels=F(y), predictions=F(p)))
    w = F([[1.0], [0.0], [2.0]])
    for r in reds:
        S.append(spec(a, f"weights [batch,1] with a zero, reduction {r}", labels=F(y), predictions=F(p), weights=w,
                      reduction=r))
    S.append(spec(a, "predictions exactly 0 and 1", labels=F([[1, 0, 1, 0, 0.5]]), predictions=F([[0, 1, 1, 0, 0]]),
                  reduction="none"))
    S.append(spec(a, "epsilon 0 with predictions 0 and 1", labels=F([[1, 0, 1, 0]]), predictions=F([[0, 1, 1, 0]]),
                  epsilon=0.0, reduction="none"))
    S.append(spec(a, "epsilon 1e-3", labels=F(y), predictions=F(p), epsilon=1e-3, reduction="none"))
    S.append(spec(a, "labels outside [0,1] and soft", labels=F([[-2.0, 2.0, 1.5, 0.3]]),
                  predictions=F([[0.3, 0.3, 0.9, 0.6]]), reduction="none"))
    S.append(spec(a, "predictions outside [0,1]", labels=F([[1.0, 0.0]]), predictions=F([[1.5, -0.5]]),
                  reduction="none"))
    S.append(spec(a, "1-D scalar weight", labels=F([1.0, 0.0, 1.0]), predictions=F([0.9, 0.2, 0.4]), weights=2.0))
    S.append(spec(a, "NaN prediction", labels=F([[1.0, 0.0]]), predictions=F([[NAN, 0.3]])))

    # sampled losses: explicit sampled_values make them deterministic
    for a in ("tf.nn.sampled_softmax_loss", "tf.nn.nce_loss"):
        nc, dim, b = 6, 3, 3
        W, B, X = rlogits((nc, dim), 0.7), rlogits(nc, 0.5), rlogits((b, dim), 1.0)
        lab = np.array([[1], [4], [2]])
        base = dict(weights=F(W), biases=F(B), inputs=F(X), num_classes=nc)
        S.append(spec(a, "num_true 1, no accidental hits, remove_accidental_hits=True", labels=I(lab),
                      num_sampled=3, num_true=1, remove_accidental_hits=True,
                      sampled_candidates=I([0, 3, 5]), true_expected_count=F([[0.4], [0.3], [0.5]]),
                      sampled_expected_count=F([0.6, 0.2, 0.45]), **base))
        S.append(spec(a, "accidental hits, remove_accidental_hits=True", labels=I(lab),
                      num_sampled=3, num_true=1, remove_accidental_hits=True,
                      sampled_candidates=I([1, 4, 5]), true_expected_count=F([[0.4], [0.3], [0.5]]),
                      sampled_expected_count=F([0.6, 0.2, 0.45]), **base))
        S.append(spec(a, "accidental hits, remove_accidental_hits=False", labels=I(lab),
                      num_sampled=3, num_true=1, remove_accidental_hits=False,
                      sampled_candidates=I([1, 4, 5]), true_expected_count=F([[0.4], [0.3], [0.5]]),
                      sampled_expected_count=F([0.6, 0.2, 0.45]), **base))
        S.append(spec(a, "num_true 2, default remove_accidental_hits", labels=I([[1, 2], [4, 0], [2, 3]]),
                      num_sampled=2, num_true=2,
                      sampled_candidates=I([5, 2]), true_expected_count=F([[0.4, 0.1], [0.3, 0.3], [0.5, 0.2]]),
                      sampled_expected_count=F([0.25, 0.7]), **base))
        S.append(spec(a, "expected counts 1 (log q = 0)", labels=I(lab), num_sampled=4, num_true=1,
                      remove_accidental_hits=True,
                      sampled_candidates=I([0, 2, 3, 5]), true_expected_count=F([[1.0], [1.0], [1.0]]),
                      sampled_expected_count=F([1.0, 1.0, 1.0, 1.0]), **base))
        S.append(spec(a, "large logits (inputs scaled)", labels=I(lab), num_sampled=3, num_true=1,
                      sampled_candidates=I([0, 3, 5]), true_expected_count=F([[0.4], [0.3], [0.5]]),
                      sampled_expected_count=F([0.6, 0.2, 0.45]),
                      weights=F(W), biases=F(B), inputs=F(X * 40.0), num_classes=nc))
    return S


# ---------------------------------------------------------------------------
# Specs: Keras 3 and tf.keras 2.15
# ---------------------------------------------------------------------------
def specs_keras_bce(a):
    reseed("keras_bce")
    S = []
    for sh in ((3, 4), (2, 1)):
        S.append(spec(a, f"random probs {sh}", y_true=F(rbin(sh)), y_pred=F(rprob(sh))))
    S.append(spec(a, "1-D probs (scalar result)", y_true=F([1.0, 0.0, 1.0, 0.0]), y_pred=F([0.9, 0.2, 0.4, 0.6])))
    S.append(spec(a, "random logits", y_true=F(rbin((3, 3))), y_pred=F(rlogits((3, 3))), from_logits=True))
    S.append(spec(a, "soft labels", y_true=F(rprob((2, 3), 0, 1)), y_pred=F(rprob((2, 3)))))
    S.append(spec(a, "probs exactly 0 and 1 (clipping)", y_true=F([[1, 0, 1, 0, 0.5, 0.5]]),
                  y_pred=F([[0, 1, 1, 0, 0, 1]])))
    S.append(spec(a, "probs just inside clip range", y_true=F([[1, 0, 1, 0]]), y_pred=F([[1e-8, 1e-6, 0.9999999, 0.99999]])))
    S.append(spec(a, "logits +-60 +-800 and 0", y_true=F([[1, 0, 1, 0, 1, 0, 1, 0.5]]),
                  y_pred=F([[60, 60, -60, -60, 800, -800, 0, 0]]), from_logits=True))
    for ls in (0.1, 0.5, 1.0):
        S.append(spec(a, f"label_smoothing {ls}", y_true=F([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]),
                      y_pred=F([[0.8, 0.3, 0.01], [0.5, 0.99, 0.2]]), label_smoothing=ls))
    S.append(spec(a, "label_smoothing 0.1 with logits", y_true=F([[1.0, 0.0, 1.0]]), y_pred=F([[2.0, -1.0, 0.0]]),
                  from_logits=True, label_smoothing=0.1))
    S.append(spec(a, "axis=0", y_true=F(rbin((3, 2))), y_pred=F(rprob((3, 2))), axis=0))
    S.append(spec(a, "3-D", y_true=F(rbin((2, 2, 3))), y_pred=F(rprob((2, 2, 3)))))
    S.append(spec(a, "targets outside [0,1]", y_true=F([[-2.0, 2.0, 1.5]]), y_pred=F([[0.3, 0.3, 0.7]])))
    S.append(spec(a, "targets outside [0,1], logits", y_true=F([[-2.0, 2.0, 1.5]]), y_pred=F([[0.3, -0.3, 2.0]]),
                  from_logits=True))
    S.append(spec(a, "NaN prediction", y_true=F([[1.0, 0.0]]), y_pred=F([[NAN, 0.3]])))
    S.append(spec(a, "NaN logit", y_true=F([[1.0, 0.0]]), y_pred=F([[NAN, 0.3]]), from_logits=True))
    return S


def specs_keras_cce(a):
    reseed("keras_cce")
    S = []
    for i in range(2):
        n, c = rshape()
        S.append(spec(a, f"random one-hot, probs ({n},{c})", y_true=F(ronehot(n, c)), y_pred=F(rsoftmax((n, c)))))
    S.append(spec(a, "random logits", y_true=F(ronehot(3, 4)), y_pred=F(rlogits((3, 4))), from_logits=True))
    S.append(spec(a, "soft labels", y_true=F(rsoftmax((2, 3))), y_pred=F(rsoftmax((2, 3)))))
    S.append(spec(a, "1-D", y_true=F([0.0, 1.0, 0.0]), y_pred=F([0.2, 0.7, 0.1])))
    S.append(spec(a, "unnormalised probs (renormalised)", y_true=F([[0, 1, 0], [1, 0, 0]]),
                  y_pred=F([[0.5, 0.5, 0.5], [2.0, 1.0, 1.0]])))
    S.append(spec(a, "probs exactly 0 and 1 (clipping)", y_true=F([[0, 1, 0], [1, 0, 0], [0.5, 0.5, 0]]),
                  y_pred=F([[0, 1, 0], [0, 1, 0], [1, 0, 0]])))
    S.append(spec(a, "logits +-60 +-800 and 0", y_true=F([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]),
                  y_pred=F([[60, -60, 0], [800, -800, 0], [800, 800, -800], [0, 0, 0]]), from_logits=True))
    for ls in (0.1, 0.5, 1.0):
        S.append(spec(a, f"label_smoothing {ls}", y_true=F([[0, 1, 0, 0], [1, 0, 0, 0]]),
                      y_pred=F([[0.1, 0.6, 0.2, 0.1], [0.05, 0.05, 0.5, 0.4]]), label_smoothing=ls))
    S.append(spec(a, "label_smoothing 0.1 with logits", y_true=F([[0, 1, 0]]), y_pred=F([[1.0, 3.0, -1.0]]),
                  from_logits=True, label_smoothing=0.1))
    S.append(spec(a, "axis=0", y_true=F(np.eye(3)[:, :2]), y_pred=F(rsoftmax((3, 2), axis=0)), axis=0))
    S.append(spec(a, "axis=0, logits", y_true=F(np.eye(3)[:, :2]), y_pred=F(rlogits((3, 2))), axis=0,
                  from_logits=True))
    S.append(spec(a, "3-D", y_true=F(np.eye(3)[rint((2, 2), 3)]), y_pred=F(rsoftmax((2, 2, 3)))))
    S.append(spec(a, "targets outside [0,1]", y_true=F([[-1.0, 2.0, 0.0]]), y_pred=F([[0.2, 0.5, 0.3]])))
    S.append(spec(a, "single class column", y_true=F([[1.0], [0.0]]), y_pred=F([[0.7], [0.2]])))
    S.append(spec(a, "NaN prediction", y_true=F([[0.0, 1.0, 0.0]]), y_pred=F([[NAN, 0.5, 0.5]])))
    S.append(spec(a, "shape mismatch raises", y_true=F([[0.0, 1.0]]), y_pred=F([[0.2, 0.5, 0.3]])))
    return S


def specs_keras():
    S = specs_keras_bce("keras.losses.binary_crossentropy")
    S += specs_keras_cce("keras.losses.categorical_crossentropy")
    reseed("keras")

    a = "keras.losses.sparse_categorical_crossentropy"
    for i in range(2):
        n, c = rshape()
        S.append(spec(a, f"random probs ({n},{c})", y_true=I(rint(n, c)), y_pred=F(rsoftmax((n, c)))))
    S.append(spec(a, "random logits", y_true=I(rint(3, 4)), y_pred=F(rlogits((3, 4))), from_logits=True))
    S.append(spec(a, "y_true [batch,1]", y_true=I([[1], [0], [2]]), y_pred=F(rsoftmax((3, 3)))))
    S.append(spec(a, "1-D y_pred, 0-d y_true", y_true=I(1), y_pred=F([0.2, 0.7, 0.1])))
    S.append(spec(a, "3-D", y_true=I(rint((2, 2), 3)), y_pred=F(rsoftmax((2, 2, 3)))))
    S.append(spec(a, "probs exactly 0 and 1", y_true=I([1, 0, 2]), y_pred=F([[0, 1, 0], [0, 1, 0], [1, 0, 0]])))
    S.append(spec(a, "unnormalised probs", y_true=I([1, 0]), y_pred=F([[0.5, 0.5, 0.5], [2.0, 1.0, 1.0]])))
    S.append(spec(a, "logits +-60 +-800 and 0", y_true=I([0, 1, 2, 0]),
                  y_pred=F([[60, -60, 0], [800, -800, 0], [800, 800, -800], [0, 0, 0]]), from_logits=True))
    S.append(spec(a, "ignore_class=1 hit", y_true=I([1, 0, 1, 2]), y_pred=F(rsoftmax((4, 3))), ignore_class=1))
    S.append(spec(a, "ignore_class=-1 hit, logits", y_true=I([-1, 0, 2]), y_pred=F(rlogits((3, 3))),
                  from_logits=True, ignore_class=-1))
    S.append(spec(a, "ignore_class with every entry ignored", y_true=I([1, 1]), y_pred=F(rsoftmax((2, 3))),
                  ignore_class=1))
    S.append(spec(a, "ignore_class not present", y_true=I([0, 2]), y_pred=F(rsoftmax((2, 3))), ignore_class=-1))
    S.append(spec(a, "class index == num_classes raises", y_true=I([0, 3]), y_pred=F(rsoftmax((2, 3)))))
    S.append(spec(a, "negative class index raises", y_true=I([0, -1]), y_pred=F(rsoftmax((2, 3))), from_logits=True))
    S.append(spec(a, "axis=0", y_true=I([0, 1]), y_pred=F(rsoftmax((3, 2), axis=0)), axis=0))
    S.append(spec(a, "NaN prediction", y_true=I([1]), y_pred=F([[NAN, 0.5, 0.5]])))

    a = "keras.losses.binary_focal_crossentropy"
    y, p, z = rbin((3, 4)), rprob((3, 4)), rlogits((3, 4))
    S.append(spec(a, "defaults", y_true=F(y), y_pred=F(p)))
    S.append(spec(a, "from_logits", y_true=F(y), y_pred=F(z), from_logits=True))
    S.append(spec(a, "apply_class_balancing alpha 0.25", y_true=F(y), y_pred=F(p), apply_class_balancing=True))
    S.append(spec(a, "apply_class_balancing alpha 0.6 gamma 1 logits", y_true=F(y), y_pred=F(z),
                  apply_class_balancing=True, alpha=0.6, gamma=1.0, from_logits=True))
    S.append(spec(a, "alpha ignored without class balancing", y_true=F(y), y_pred=F(p), alpha=0.9))
    for g in (0.0, 0.5, 5.0):
        S.append(spec(a, f"gamma {g}", y_true=F(y), y_pred=F(p), gamma=g))
    for ls in (0.1, 0.5, 1.0):
        S.append(spec(a, f"label_smoothing {ls}", y_true=F(y), y_pred=F(p), label_smoothing=ls))
    S.append(spec(a, "1-D", y_true=F([1.0, 0.0, 1.0]), y_pred=F([0.9, 0.2, 0.4])))
    S.append(spec(a, "axis=0", y_true=F(y), y_pred=F(p), axis=0))
    S.append(spec(a, "probs exactly 0 and 1", y_true=F([[1, 0, 1, 0, 0.5]]), y_pred=F([[0, 1, 1, 0, 1]])))
    S.append(spec(a, "logits +-60 +-800 and 0", y_true=F([[1, 0, 1, 0, 1, 0, 1]]),
                  y_pred=F([[60, 60, -60, 800, -800, -800, 0]]), from_logits=True))
    S.append(spec(a, "targets outside [0,1]", y_true=F([[-2.0, 2.0, 1.5]]), y_pred=F([[0.3, 0.3, 0.7]])))
    S.append(spec(a, "NaN prediction", y_true=F([[1.0, 0.0]]), y_pred=F([[NAN, 0.3]])))

    a = "keras.losses.categorical_focal_crossentropy"
    y, p, z = ronehot(3, 4), rsoftmax((3, 4)), rlogits((3, 4))
    S.append(spec(a, "defaults", y_true=F(y), y_pred=F(p)))
    S.append(spec(a, "from_logits", y_true=F(y), y_pred=F(z), from_logits=True))
    S.append(spec(a, "alpha 1.0 gamma 0 (plain categorical)", y_true=F(y), y_pred=F(p), alpha=1.0, gamma=0.0))
    S.append(spec(a, "alpha array per class", y_true=F(y), y_pred=F(p), alpha=F([0.1, 0.2, 0.3, 0.4])))
    for g in (0.5, 5.0):
        S.append(spec(a, f"gamma {g}", y_true=F(y), y_pred=F(p), gamma=g))
    for ls in (0.1, 0.5, 1.0):
        S.append(spec(a, f"label_smoothing {ls}", y_true=F(y), y_pred=F(p), label_smoothing=ls))
    S.append(spec(a, "soft labels", y_true=F(rsoftmax((2, 3))), y_pred=F(rsoftmax((2, 3)))))
    S.append(spec(a, "1-D", y_true=F([0.0, 1.0, 0.0]), y_pred=F([0.2, 0.7, 0.1])))
    S.append(spec(a, "unnormalised probs", y_true=F([[0, 1, 0]]), y_pred=F([[0.5, 0.5, 0.5]])))
    S.append(spec(a, "axis=0", y_true=F(np.eye(3)[:, :2]), y_pred=F(rsoftmax((3, 2), axis=0)), axis=0))
    S.append(spec(a, "probs exactly 0 and 1", y_true=F([[0, 1, 0], [1, 0, 0]]), y_pred=F([[0, 1, 0], [0, 1, 0]])))
    S.append(spec(a, "logits +-60 +-800 and 0", y_true=F([[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
                  y_pred=F([[60, -60, 0], [800, -800, 0], [0, 0, 0]]), from_logits=True))
    S.append(spec(a, "NaN prediction", y_true=F([[0.0, 1.0, 0.0]]), y_pred=F([[NAN, 0.5, 0.5]])))

    for a, ylab, pred in (("keras.losses.BinaryCrossentropy", rbin((4, 3)), rprob((4, 3))),
                          ("keras.losses.CategoricalCrossentropy", ronehot(4, 3), rsoftmax((4, 3)))):
        zz = rlogits((4, 3))
        S.append(spec(a, "defaults (sum_over_batch_size)", y_true=F(ylab), y_pred=F(pred)))
        for r in ("sum_over_batch_size", "sum", "none", "mean"):
            S.append(spec(a, f"reduction {r} with sample_weight [batch]", y_true=F(ylab), y_pred=F(pred),
                          reduction=r, sample_weight=F([1.0, 0.0, 2.0, 0.5])))
        S.append(spec(a, "reduction mean, no sample_weight", y_true=F(ylab), y_pred=F(pred), reduction="mean"))
        S.append(spec(a, "reduction none", y_true=F(ylab), y_pred=F(pred), reduction="none"))
        S.append(spec(a, "sample_weight all zero", y_true=F(ylab), y_pred=F(pred),
                      sample_weight=F([0.0, 0.0, 0.0, 0.0])))
        S.append(spec(a, "sample_weight all zero, reduction mean", y_true=F(ylab), y_pred=F(pred),
                      reduction="mean", sample_weight=F([0.0, 0.0, 0.0, 0.0])))
        S.append(spec(a, "scalar sample_weight", y_true=F(ylab), y_pred=F(pred), sample_weight=2.0))
        S.append(spec(a, "sample_weight [batch,1]", y_true=F(ylab), y_pred=F(pred),
                      sample_weight=F([[1.0], [0.0], [2.0], [0.5]])))
        S.append(spec(a, "from_logits with label_smoothing 0.1", y_true=F(ylab), y_pred=F(zz), from_logits=True,
                      label_smoothing=0.1))
        S.append(spec(a, "label_smoothing 0.5, reduction sum", y_true=F(ylab), y_pred=F(pred), label_smoothing=0.5,
                      reduction="sum"))
        S.append(spec(a, "axis=0, reduction none", y_true=F(ylab), y_pred=F(pred), axis=0, reduction="none"))
        S.append(spec(a, "1-D inputs", y_true=F(ylab[0]), y_pred=F(pred[0])))
        S.append(spec(a, "extreme logits", y_true=F([[1, 0, 0], [0, 1, 0]]), y_pred=F([[800, -800, 0], [60, -60, 0]]),
                      from_logits=True, reduction="none"))
        S.append(spec(a, "NaN prediction", y_true=F([[1.0, 0.0, 0.0]]), y_pred=F([[NAN, 0.3, 0.3]])))
    return S


def specs_tf_keras_215():
    S = []
    for a in ("tf_keras_2_15.losses.binary_crossentropy",):
        for s in specs_keras_bce(a):
            if "axis" not in s["kwargs"]:
                S.append(s)
    for a in ("tf_keras_2_15.losses.categorical_crossentropy",):
        for s in specs_keras_cce(a):
            if "axis" not in s["kwargs"]:
                S.append(s)
    return S


# ---------------------------------------------------------------------------
# Specs: PyTorch
# ---------------------------------------------------------------------------
def specs_torch():
    reseed("torch")
    S = []
    a = "torch.nn.functional.binary_cross_entropy"
    for sh in ((3, 4), (5,)):
        S.append(spec(a, f"random {sh}", input=F(rprob(sh)), target=F(rbin(sh))))
    S.append(spec(a, "soft targets", input=F(rprob((2, 3))), target=F(rprob((2, 3), 0, 1))))
    S.append(spec(a, "0-d", input=F(0.3), target=F(1.0)))
    p, t = rprob((3, 2)), rbin((3, 2))
    for r in ("none", "sum", "mean"):
        S.append(spec(a, f"reduction {r}", input=F(p), target=F(t), reduction=r))
    S.append(spec(a, "weight [batch,1]", input=F(p), target=F(t), weight=F([[1.0], [0.0], [2.0]])))
    S.append(spec(a, "weight [C] broadcast, reduction none", input=F(p), target=F(t), weight=F([0.5, 3.0]),
                  reduction="none"))
    S.append(spec(a, "input exactly 0 and 1 (log clamped at -100)", input=F([0.0, 1.0, 0.0, 1.0, 0.0]),
                  target=F([1.0, 0.0, 0.0, 1.0, 0.5]), reduction="none"))
    S.append(spec(a, "input just above 0 / below 1", input=F([1e-30, 1e-45, 1 - 1e-7, 1e-40]),
                  target=F([1.0, 1.0, 0.0, 0.0]), reduction="none"))
    S.append(spec(a, "target outside [0,1] raises", input=F([0.3]), target=F([-2.0])))
    S.append(spec(a, "target 1.5 raises", input=F([0.3, 0.5]), target=F([1.5, 0.0])))
    S.append(spec(a, "input outside [0,1] raises", input=F([1.5, 0.5]), target=F([1.0, 0.0])))
    S.append(spec(a, "NaN input", input=F([NAN, 0.5]), target=F([1.0, 0.0]), reduction="none"))
    S.append(spec(a, "NaN target", input=F([0.3, 0.5]), target=F([NAN, 0.0]), reduction="none"))
    S.append(spec(a, "size mismatch raises", input=F([0.3, 0.5]), target=F([[1.0, 0.0]])))

    a = "torch.nn.functional.binary_cross_entropy_with_logits"
    for sh in ((3, 4), (5,)):
        S.append(spec(a, f"random {sh}", input=F(rlogits(sh)), target=F(rbin(sh))))
    S.append(spec(a, "soft targets", input=F(rlogits((2, 3))), target=F(rprob((2, 3), 0, 1))))
    z, t = rlogits((3, 2)), rbin((3, 2))
    for r in ("none", "sum", "mean"):
        S.append(spec(a, f"reduction {r}", input=F(z), target=F(t), reduction=r))
    S.append(spec(a, "weight [batch,1]", input=F(z), target=F(t), weight=F([[1.0], [0.0], [2.0]])))
    S.append(spec(a, "pos_weight [C]", input=F(z), target=F(t), pos_weight=F([3.0, 0.5]), reduction="none"))
    S.append(spec(a, "pos_weight and weight, sum", input=F(z), target=F(t), pos_weight=F([3.0, 0.5]),
                  weight=F([0.5, 2.0]), reduction="sum"))
    S.append(spec(a, "pos_weight 0-d", input=F(z), target=F(t), pos_weight=F(2.0), reduction="none"))
    S.append(spec(a, "logits +-60 +-800 and 0", input=F([60, 60, -60, -60, 800, -800, 0, 0, 0]),
                  target=F([1, 0, 1, 0, 0, 1, 1, 0, 0.5]), reduction="none"))
    S.append(spec(a, "extreme logits with pos_weight", input=F([800, -800, 60, -60, 0]),
                  target=F([0, 1, 0, 1, 1]), pos_weight=F([4.0]), reduction="none"))
    S.append(spec(a, "targets outside [0,1] accepted", input=F([0.3, -1.0, 2.0]), target=F([-2.0, 2.0, 1.5]),
                  reduction="none"))
    S.append(spec(a, "NaN input", input=F([NAN, 0.5]), target=F([1.0, 0.0]), reduction="none"))
    S.append(spec(a, "size mismatch raises", input=F([0.3, 0.5]), target=F([1.0, 0.0, 1.0])))

    a = "torch.nn.functional.cross_entropy"
    n, c = 4, 3
    z, yi, yp = rlogits((n, c)), np.array([0, 2, 1, 2]), rsoftmax((n, c))
    S.append(spec(a, "class indices, defaults", input=F(z), target=I(yi)))
    S.append(spec(a, "probability targets, defaults", input=F(z), target=F(yp)))
    S.append(spec(a, "one-hot probability targets", input=F(z), target=F(np.eye(c)[yi])))
    for r in ("none", "sum"):
        S.append(spec(a, f"class indices, reduction {r}", input=F(z), target=I(yi), reduction=r))
        S.append(spec(a, f"probability targets, reduction {r}", input=F(z), target=F(yp), reduction=r))
    S.append(spec(a, "class weights, mean (weighted mean)", input=F(z), target=I(yi), weight=F([0.2, 1.0, 3.0])))
    S.append(spec(a, "class weights, probability targets (mean over batch)", input=F(z), target=F(yp),
                  weight=F([0.2, 1.0, 3.0])))
    S.append(spec(a, "ignore_index -100 hit", input=F(z), target=I([0, -100, 1, 2])))
    S.append(spec(a, "ignore_index 1 hit, with class weights", input=F(z), target=I(yi), ignore_index=1,
                  weight=F([0.2, 1.0, 3.0])))
    S.append(spec(a, "every target ignored (mean)", input=F(z), target=I([1, 1, 1, 1]), ignore_index=1))
    for ls in (0.1, 0.5, 1.0):
        S.append(spec(a, f"class indices, label_smoothing {ls}", input=F(z), target=I(yi), label_smoothing=ls))
    S.append(spec(a, "probability targets, label_smoothing 0.1", input=F(z), target=F(yp), label_smoothing=0.1))
    S.append(spec(a, "class weights + label_smoothing 0.2 + ignore_index hit", input=F(z), target=I([0, -100, 1, 2]),
                  weight=F([0.2, 1.0, 3.0]), label_smoothing=0.2))
    S.append(spec(a, "class weights + label_smoothing 0.2, reduction none", input=F(z), target=I(yi),
                  weight=F([0.2, 1.0, 3.0]), label_smoothing=0.2, reduction="none"))
    S.append(spec(a, "unbatched 1-D input, 0-d target", input=F([0.5, 1.5, 0.1]), target=I(1)))
    S.append(spec(a, "K-dim input [N,C,d]", input=F(rlogits((2, 3, 2))), target=I(rint((2, 2), 3))))
    S.append(spec(a, "K-dim probability targets [N,C,d]", input=F(rlogits((2, 3, 2))),
                  target=F(rsoftmax((2, 3, 2), axis=1))))
    S.append(spec(a, "extreme logits", input=F([[60, -60, 0], [800, -800, 0], [800, 800, -800], [0, 0, 0]]),
                  target=I([1, 0, 2, 1]), reduction="none"))
    S.append(spec(a, "target == C raises", input=F(z), target=I([0, 3, 1, 2])))
    S.append(spec(a, "negative target (not ignore_index) raises", input=F(z), target=I([0, -1, 1, 2])))
    S.append(spec(a, "probability targets outside [0,1]", input=F(z[:1]), target=F([[-1.0, 2.0, 0.0]])))
    S.append(spec(a, "NaN logit", input=F([[NAN, 1.0, 2.0], [0.0, 1.0, 2.0]]), target=I([1, 1]), reduction="none"))

    a = "torch.nn.functional.nll_loss"
    lp = np.log(rsoftmax((4, 3)))
    S.append(spec(a, "defaults", input=F(lp), target=I(yi)))
    for r in ("none", "sum", "mean"):
        S.append(spec(a, f"reduction {r}", input=F(lp), target=I(yi), reduction=r))
    S.append(spec(a, "class weights (weighted mean)", input=F(lp), target=I(yi), weight=F([0.2, 1.0, 3.0])))
    S.append(spec(a, "class weights, reduction none", input=F(lp), target=I(yi), weight=F([0.2, 1.0, 3.0]),
                  reduction="none"))
    S.append(spec(a, "ignore_index -100 hit", input=F(lp), target=I([0, -100, 1, 2])))
    S.append(spec(a, "ignore_index 2 hit, class weights", input=F(lp), target=I(yi), ignore_index=2,
                  weight=F([0.2, 1.0, 3.0])))
    S.append(spec(a, "every target ignored (mean)", input=F(lp), target=I([-100] * 4)))
    S.append(spec(a, "every target ignored (sum)", input=F(lp), target=I([-100] * 4), reduction="sum"))
    S.append(spec(a, "input not log-probabilities", input=F([[2.0, -1.0, 0.5], [3.0, 0.0, -7.0]]), target=I([0, 2])))
    S.append(spec(a, "unbatched 1-D", input=F([-1.2, -0.4, -2.3]), target=I(1)))
    S.append(spec(a, "K-dim input [N,C,d]", input=F(np.log(rsoftmax((2, 3, 2), axis=1))), target=I(rint((2, 2), 3))))
    S.append(spec(a, "target == C raises", input=F(lp), target=I([0, 3, 1, 2])))
    S.append(spec(a, "-inf log-probability", input=F([[-INF, 0.0], [-INF, 0.0]]), target=I([0, 1]), reduction="none"))
    S.append(spec(a, "NaN input", input=F([[NAN, -1.0], [-1.0, -1.0]]), target=I([0, 1]), reduction="none"))
    return S


# ---------------------------------------------------------------------------
# Specs: optax
# ---------------------------------------------------------------------------
def specs_optax():
    reseed("optax")
    S = []
    a = "optax.losses.sigmoid_binary_cross_entropy"
    for sh in ((3, 4), (5,)):
        S.append(spec(a, f"random {sh}", logits=F(rlogits(sh)), labels=F(rbin(sh))))
    S.append(spec(a, "soft labels", logits=F(rlogits((2, 3))), labels=F(rprob((2, 3), 0, 1))))
    S.append(spec(a, "0-d", logits=F(-0.7), labels=F(1.0)))
    S.append(spec(a, "logits +-60 +-800 and 0", logits=F([60, 60, -60, -60, 800, -800, 0, 0, 0]),
                  labels=F([1, 0, 1, 0, 0, 1, 1, 0, 0.5])))
    S.append(spec(a, "labels outside [0,1]", logits=F([0.3, -1.0, 2.0]), labels=F([-2.0, 2.0, 1.5])))
    S.append(spec(a, "NaN logit", logits=F([NAN, 0.5]), labels=F([1.0, 0.0])))
    S.append(spec(a, "3-D", logits=F(rlogits((2, 2, 2))), labels=F(rbin((2, 2, 2)))))

    a = "optax.losses.softmax_cross_entropy"
    for i in range(2):
        n, c = rshape()
        S.append(spec(a, f"random one-hot ({n},{c})", logits=F(rlogits((n, c))), labels=F(ronehot(n, c))))
    S.append(spec(a, "soft labels", logits=F(rlogits((3, 4))), labels=F(rsoftmax((3, 4)))))
    S.append(spec(a, "1-D", logits=F([0.5, 1.5, 0.1]), labels=F([0.0, 1.0, 0.0])))
    S.append(spec(a, "axis=0", logits=F(rlogits((3, 2))), labels=F(rsoftmax((3, 2), axis=0)), axis=0))
    S.append(spec(a, "extreme logits", logits=F([[60, -60, 0], [800, -800, 0], [800, 800, -800], [0, 0, 0]]),
                  labels=F([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.5, 0.5, 0]])))
    S.append(spec(a, "-inf logit with zero label", logits=F([[-INF, 1.0, 2.0]]), labels=F([[0.0, 1.0, 0.0]])))
    S.append(spec(a, "labels not summing to 1 / negative", logits=F([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]),
                  labels=F([[0.5, 0.5, 0.5], [-1.0, 2.0, 0.0]])))
    S.append(spec(a, "NaN logit", logits=F([[NAN, 1.0, 2.0]]), labels=F([[0.0, 1.0, 0.0]])))

    a = "optax.losses.softmax_cross_entropy_with_integer_labels"
    for i in range(2):
        n, c = rshape()
        S.append(spec(a, f"random ({n},{c})", logits=F(rlogits((n, c))), labels=I(rint(n, c))))
    S.append(spec(a, "1-D logits, 0-d label", logits=F([0.5, 1.5, 0.1]), labels=I(2)))
    S.append(spec(a, "axis=0", logits=F(rlogits((3, 2))), labels=I([2, 0]), axis=0))
    S.append(spec(a, "extreme logits", logits=F([[60, -60, 0], [800, -800, 0], [800, 800, -800], [0, 0, 0]]),
                  labels=I([0, 1, 2, 1])))
    S.append(spec(a, "label == num_classes", logits=F([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]), labels=I([0, 3])))
    S.append(spec(a, "negative label", logits=F([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]), labels=I([0, -1])))
    S.append(spec(a, "NaN logit", logits=F([[NAN, 1.0, 2.0]]), labels=I([1])))

    a = "optax.losses.sigmoid_focal_loss"
    z, y = rlogits((3, 4)), rbin((3, 4))
    S.append(spec(a, "defaults (alpha None, gamma 2)", logits=F(z), labels=F(y)))
    S.append(spec(a, "alpha 0.25", logits=F(z), labels=F(y), alpha=0.25))
    for g in (0.0, 0.5, 5.0):
        S.append(spec(a, f"gamma {g}", logits=F(z), labels=F(y), gamma=g))
    S.append(spec(a, "soft labels, alpha 0.6", logits=F(rlogits((2, 3))), labels=F(rprob((2, 3), 0, 1)), alpha=0.6))
    S.append(spec(a, "logits +-60 +-800 and 0", logits=F([60, 60, -60, -60, 800, -800, 0, 0]),
                  labels=F([1, 0, 1, 0, 0, 1, 1, 0.5])))
    S.append(spec(a, "labels outside [0,1]", logits=F([0.3, -1.0, 2.0]), labels=F([-2.0, 2.0, 1.5]), alpha=0.25))
    S.append(spec(a, "NaN logit", logits=F([NAN, 0.5]), labels=F([1.0, 0.0])))

    a = "optax.smooth_labels"
    oh = ronehot(3, 4)
    for al in (0.0, 0.1, 0.5, 1.0):
        S.append(spec(a, f"alpha {al}", labels=F(oh), alpha=al))
    S.append(spec(a, "soft labels", labels=F(rsoftmax((2, 3))), alpha=0.2))
    S.append(spec(a, "1-D", labels=F([0.0, 1.0, 0.0]), alpha=0.3))
    S.append(spec(a, "3-D", labels=F(np.eye(3)[rint((2, 2), 3)]), alpha=0.1))
    S.append(spec(a, "labels outside [0,1]", labels=F([[-1.0, 2.0, 0.0]]), alpha=0.1))
    S.append(spec(a, "NaN label", labels=F([[NAN, 1.0, 0.0]]), alpha=0.1))
    return S


# ---------------------------------------------------------------------------
# Specs: scikit-learn
# ---------------------------------------------------------------------------
def specs_sklearn(a, old=False):
    reseed("sklearn")
    S = []
    yb, pb = I([0, 1, 1, 0, 1]), rprob(5)
    S.append(spec(a, "binary, 1-D y_pred (P(class 1))", y_true=yb, y_pred=F(pb)))
    S.append(spec(a, "binary, 2-D y_pred", y_true=yb, y_pred=F(np.stack([1 - pb, pb], 1))))
    yi, pm = rint(6, 3), rsoftmax((6, 3))
    yi[:3] = [0, 1, 2]
    S.append(spec(a, "multiclass", y_true=I(yi), y_pred=F(pm)))
    S.append(spec(a, "multiclass, normalize=False", y_true=I(yi), y_pred=F(pm), normalize=False))
    S.append(spec(a, "multiclass, sample_weight", y_true=I(yi), y_pred=F(pm),
                  sample_weight=F([1.0, 0.0, 2.0, 0.5, 1.0, 3.0])))
    S.append(spec(a, "sample_weight, normalize=False", y_true=I(yi), y_pred=F(pm),
                  sample_weight=F([1.0, 0.0, 2.0, 0.5, 1.0, 3.0]), normalize=False))
    S.append(spec(a, "string labels (sorted order)", y_true=["spam", "ham", "ham", "spam"],
                  y_pred=F([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.4, 0.6]])))
    S.append(spec(a, "labels= supplies a class absent from y_true", y_true=I([0, 2, 2]),
                  y_pred=F([[0.5, 0.2, 0.3], [0.1, 0.1, 0.8], [0.2, 0.3, 0.5]]), labels=[0, 1, 2]))
    S.append(spec(a, "single class in y_true without labels", y_true=I([1, 1, 1]), y_pred=F([0.9, 0.8, 0.7])))
    S.append(spec(a, "single class with labels=[0,1]", y_true=I([1, 1, 1]), y_pred=F([0.9, 0.8, 0.7]), labels=[0, 1]))
    S.append(spec(a, "y_pred exactly 0 and 1 (clipping)", y_true=I([0, 1, 1, 0]),
                  y_pred=F([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])))
    S.append(spec(a, "1-D y_pred exactly 0 and 1", y_true=I([1, 0, 1]), y_pred=F([0.0, 1.0, 1.0])))
    S.append(spec(a, "rows not summing to 1", y_true=I([0, 1, 2]),
                  y_pred=F([[0.5, 0.5, 0.5], [0.2, 0.2, 0.2], [0.1, 0.3, 0.4]])))
    S.append(spec(a, "rows summing to 1 within float rounding", y_true=I([0, 1, 2]),
                  y_pred=F([[0.1, 0.2, 0.7], [1 / 3, 1 / 3, 1 / 3], [0.6, 0.3, 0.1]])))
    S.append(spec(a, "indicator (2-D) y_true", y_true=I([[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
                  y_pred=F([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]])))
    S.append(spec(a, "y_pred column count != number of labels raises", y_true=I([0, 1, 2]),
                  y_pred=F([[0.5, 0.5], [0.4, 0.6], [0.3, 0.7]])))
    S.append(spec(a, "y_proba keyword (the 1.9 name of y_pred)", y_true=I([0, 1, 1]), y_proba=F([0.2, 0.6, 0.9])))
    S.append(spec(a, "NaN in y_pred", y_true=I([0, 1]), y_pred=F([NAN, 0.3])))
    S.append(spec(a, "y_pred outside [0,1]", y_true=I([0, 1]), y_pred=F([1.5, -0.5])))
    if old:
        S.append(spec(a, "eps=1e-15 (the pre-1.5 default)", y_true=I([0, 1, 1, 0]),
                      y_pred=F([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]), eps=1e-15))
        S.append(spec(a, "eps='auto' explicit", y_true=I([0, 1, 1, 0]),
                      y_pred=F([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]), eps="auto"))
        S.append(spec(a, "eps=0.1 with rows not summing to 1", y_true=I([0, 1, 2]),
                      y_pred=F([[0.5, 0.5, 0.5], [0.0, 0.2, 0.2], [0.1, 0.3, 0.4]]), eps=0.1))
    return S


# ---------------------------------------------------------------------------
# Runners
# ---------------------------------------------------------------------------
DIFF = {
    "tf.nn.sigmoid_cross_entropy_with_logits": ["labels", "logits"],
    "tf.nn.weighted_cross_entropy_with_logits": ["labels", "logits"],
    "tf.nn.softmax_cross_entropy_with_logits": ["labels", "logits"],
    "tf.nn.sparse_softmax_cross_entropy_with_logits": ["logits"],
    "tf.compat.v1.losses.sigmoid_cross_entropy": ["multi_class_labels", "logits"],
    "tf.compat.v1.losses.softmax_cross_entropy": ["onehot_labels", "logits"],
    "tf.compat.v1.losses.sparse_softmax_cross_entropy": ["logits"],
    "tf.compat.v1.losses.log_loss": ["labels", "predictions"],
    "tf.nn.sampled_softmax_loss": ["weights", "biases", "inputs"],
    "tf.nn.nce_loss": ["weights", "biases", "inputs"],
    "torch.nn.functional.binary_cross_entropy": ["input"],
    "torch.nn.functional.binary_cross_entropy_with_logits": ["input", "target"],
    "torch.nn.functional.cross_entropy": ["input", "target"],
    "torch.nn.functional.nll_loss": ["input"],
    "optax.losses.sigmoid_binary_cross_entropy": ["logits", "labels"],
    "optax.losses.softmax_cross_entropy": ["logits", "labels"],
    "optax.losses.softmax_cross_entropy_with_integer_labels": ["logits"],
    "optax.losses.sigmoid_focal_loss": ["logits", "labels"],
    "optax.smooth_labels": ["labels"],
}
KERAS_CTOR = {"from_logits", "label_smoothing", "axis", "reduction"}


def is_float_array(v):
    return isinstance(v, np.ndarray) and v.dtype.kind == "f"


class Grads:
    """Collects gradients and gradient failures."""

    def __init__(self):
        self.grads, self.fail = {}, {}


def run_tf(api, kw, tf, keras=None):
    fn_map = {
        "tf.nn.sigmoid_cross_entropy_with_logits": tf.nn.sigmoid_cross_entropy_with_logits,
        "tf.nn.weighted_cross_entropy_with_logits": tf.nn.weighted_cross_entropy_with_logits,
        "tf.nn.softmax_cross_entropy_with_logits": tf.nn.softmax_cross_entropy_with_logits,
        "tf.nn.sparse_softmax_cross_entropy_with_logits": tf.nn.sparse_softmax_cross_entropy_with_logits,
        "tf.compat.v1.losses.sigmoid_cross_entropy": tf.compat.v1.losses.sigmoid_cross_entropy,
        "tf.compat.v1.losses.softmax_cross_entropy": tf.compat.v1.losses.softmax_cross_entropy,
        "tf.compat.v1.losses.sparse_softmax_cross_entropy": tf.compat.v1.losses.sparse_softmax_cross_entropy,
        "tf.compat.v1.losses.log_loss": tf.compat.v1.losses.log_loss,
        "tf.nn.sampled_softmax_loss": tf.nn.sampled_softmax_loss,
        "tf.nn.nce_loss": tf.nn.nce_loss,
    }
    if keras is not None:
        fn_map.update({
            "keras.losses.binary_crossentropy": keras.losses.binary_crossentropy,
            "keras.losses.categorical_crossentropy": keras.losses.categorical_crossentropy,
            "keras.losses.sparse_categorical_crossentropy": keras.losses.sparse_categorical_crossentropy,
            "keras.losses.binary_focal_crossentropy": keras.losses.binary_focal_crossentropy,
            "keras.losses.categorical_focal_crossentropy": keras.losses.categorical_focal_crossentropy,
        })
        for name in ("BinaryCrossentropy", "CategoricalCrossentropy"):
            cls = getattr(keras.losses, name)

            def call(_cls=cls, **k):
                ctor = {x: k.pop(x) for x in list(k) if x in KERAS_CTOR}
                return _cls(**ctor)(**k)

            fn_map["keras.losses." + name] = call
    if api.startswith("tf_keras_2_15."):
        fn = getattr(tf.keras.losses, api.rsplit(".", 1)[1])
    else:
        fn = fn_map[api]
    if api.startswith("keras.") or api.startswith("tf_keras_2_15."):
        diff = ["y_true", "y_pred"]
    else:
        diff = DIFF[api]

    tens = {}
    for k, v in kw.items():
        tens[k] = tf.constant(v) if isinstance(v, np.ndarray) else v
    if "sampled_candidates" in tens:
        tens["sampled_values"] = (tens.pop("sampled_candidates"), tens.pop("true_expected_count"),
                                  tens.pop("sampled_expected_count"))
    watched = [k for k in diff if k in tens and is_float_array(kw[k])]
    with tf.GradientTape(persistent=True) as tape:
        for k in watched:
            tape.watch(tens[k])
        out = fn(**tens)
        total = tf.reduce_sum(out)
    g = Grads()
    for k in watched:
        try:
            gr = tape.gradient(total, tens[k])
        except Exception as e:  # gradient not available
            g.fail[k] = clean_message(e)
            continue
        if gr is None:
            continue
        if isinstance(gr, tf.IndexedSlices):
            gr = tf.convert_to_tensor(gr)
        g.grads[k] = gr.numpy()
    del tape
    return out.numpy(), g


def run_torch(api, kw, torch):
    import torch.nn.functional as Fn

    fn = getattr(Fn, api.rsplit(".", 1)[1])
    diff = DIFF[api]
    tens = {}
    for k, v in kw.items():
        if isinstance(v, np.ndarray):
            t = torch.from_numpy(np.array(v))
            if k in diff and v.dtype.kind == "f":
                t.requires_grad_(True)
            tens[k] = t
        else:
            tens[k] = v
    out = fn(**tens)
    g = Grads()
    if out.requires_grad:
        try:
            out.sum().backward()
        except Exception as e:
            for k in diff:
                if k in tens and getattr(tens[k], "requires_grad", False):
                    g.fail[k] = str(e)
        for k in diff:
            t = tens.get(k)
            if isinstance(t, torch.Tensor) and t.requires_grad and t.grad is not None:
                g.grads[k] = t.grad.numpy()
    return out.detach().numpy(), g


def run_optax(api, kw, jax, jnp, optax):
    fn = {
        "optax.losses.sigmoid_binary_cross_entropy": optax.losses.sigmoid_binary_cross_entropy,
        "optax.losses.softmax_cross_entropy": optax.losses.softmax_cross_entropy,
        "optax.losses.softmax_cross_entropy_with_integer_labels":
            optax.losses.softmax_cross_entropy_with_integer_labels,
        "optax.losses.sigmoid_focal_loss": optax.losses.sigmoid_focal_loss,
        "optax.smooth_labels": optax.smooth_labels,
    }[api]
    diff = [k for k in DIFF[api] if k in kw and is_float_array(kw[k])]
    dargs = {k: jnp.asarray(kw[k]) for k in diff}
    rest = {k: (jnp.asarray(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items() if k not in dargs}
    out = fn(**dargs, **rest)
    g = Grads()
    try:
        gr = jax.grad(lambda d: jnp.sum(fn(**d, **rest)))(dargs)
        g.grads = {k: np.asarray(v) for k, v in gr.items()}
    except Exception as e:
        for k in diff:
            g.fail[k] = str(e)
    return np.asarray(out), g


def run_sklearn(api, kw):
    from sklearn.metrics import log_loss

    kw = dict(kw)
    return log_loss(**kw), Grads()


def execute(case_spec, dtype, runner):
    native, js = instantiate(case_spec["kwargs"], dtype)
    rec = {"api": case_spec["api"], "dtype": dtype, "kwargs": js, "expected": None, "raises": None, "grads": {},
           "note": case_spec["note"], "expected_dtype": None}
    with warnings.catch_warnings(record=True) as wlist:
        warnings.simplefilter("always")
        try:
            out, g = runner(case_spec["api"], native)
        except Exception as e:
            rec["raises"] = clean_message(e)
            out, g = None, None
    if out is not None:
        a = np.asarray(out)
        rec["expected"] = to_jsonable(a)
        rec["expected_dtype"] = str(a.dtype) if a.dtype.kind != "O" else type(out).__name__
        rec["grads"] = {k: to_jsonable(v) for k, v in g.grads.items()}
        if g.fail:
            rec["note"] += "; gradient not available for " + ", ".join(
                f"{k} ({m})" for k, m in g.fail.items())
    if case_spec["api"].startswith("sklearn"):
        msgs = []
        for w in wlist:
            m = f"{w.category.__name__}: {w.message}"
            if m not in msgs:
                msgs.append(m)
        rec["warns"] = msgs
    return rec


# ---------------------------------------------------------------------------
# Parts
# ---------------------------------------------------------------------------
def part_modern():
    import tensorflow as tf
    import keras
    import torch
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import optax
    import sklearn
    import scipy

    tf.config.run_functions_eagerly(True)
    assert tf.executing_eagerly()
    torch.use_deterministic_algorithms(True)

    versions = {"python": sys.version.split()[0], "numpy": np.__version__, "tensorflow": tf.__version__,
                "keras": keras.__version__, "keras_backend": keras.backend.backend(), "torch": torch.__version__,
                "jax": jax.__version__, "jaxlib": __import__("jaxlib").__version__, "optax": optax.__version__,
                "scikit-learn": sklearn.__version__, "scipy": scipy.__version__}

    def runner(api, kw):
        if api.startswith("tf.") or api.startswith("keras."):
            return run_tf(api, kw, tf, keras)
        if api.startswith("torch."):
            return run_torch(api, kw, torch)
        if api.startswith("optax."):
            return run_optax(api, kw, jax, jnp, optax)
        if api.startswith("sklearn."):
            return run_sklearn(api, kw)
        raise KeyError(api)

    specs = specs_tf() + specs_keras() + specs_torch() + specs_optax() + specs_sklearn("sklearn.metrics.log_loss")
    cases = []
    for s in specs:
        for dt in s["dtypes"]:
            cases.append(execute(s, dt, runner))
    cases += seed_cases(runner)
    return cases, versions


def seed_cases(runner):
    """Recompute the shared seed cases and check them against the stored numbers."""
    if not os.path.exists(SEED_FILE):
        print("seed file not found; skipping seed cases", file=sys.stderr)
        return []
    seeds = json.load(open(SEED_FILE))
    out, bad = [], 0
    for s in seeds:
        kwargs = {}
        for k, v in s["kwargs"].items():
            if isinstance(v, list):
                flat = np.asarray(v)
                kwargs[k] = I(v) if flat.dtype.kind in "iu" else F(v)
            elif isinstance(v, float):
                kwargs[k] = v
            else:
                kwargs[k] = v
        sp = spec(s["api"], "seed " + s["seed"] + ": " + s["note"], **kwargs)
        rec = execute(sp, s["dtype"], runner)
        same = (rec["raises"] == s["raises"]) and _close(rec["expected"], s["expected"])
        if not same:
            bad += 1
            print(f"SEED MISMATCH {s['api']} {s['dtype']} {s['note'][:50]}: got {rec['expected']} / {rec['raises']}"
                  f" want {s['expected']} / {s['raises']}", file=sys.stderr)
        out.append(rec)
    print(f"seed check: {len(seeds) - bad}/{len(seeds)} seed cases agree with {SEED_FILE}", file=sys.stderr)
    return out


def _close(a, b):
    if a is None or b is None:
        return a is None and b is None
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return x.shape == y.shape and bool(np.all((x == y) | (np.isnan(x) & np.isnan(y))))


def part_sklearn_old():
    import sklearn
    import scipy

    versions = {"python": sys.version.split()[0], "numpy": np.__version__, "scikit-learn": sklearn.__version__,
                "scipy": scipy.__version__}
    specs = specs_sklearn("sklearn_1_4.metrics.log_loss", old=True)
    cases = [execute(s, dt, lambda api, kw: run_sklearn(api, kw)) for s in specs for dt in s["dtypes"]]
    return cases, versions


def part_tf_keras_215():
    import tensorflow as tf

    import keras as k2

    versions = {"python": sys.version.split()[0], "numpy": np.__version__, "tensorflow": tf.__version__,
                "tf.keras": k2.__version__}
    assert tf.executing_eagerly()
    specs = specs_tf_keras_215()
    cases = [execute(s, dt, lambda api, kw: run_tf(api, kw, tf)) for s in specs for dt in s["dtypes"]]
    return cases, versions


PARTS = {"modern": part_modern, "sklearn_old": part_sklearn_old, "tf_keras_215": part_tf_keras_215}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=sorted(PARTS), required=True)
    ap.add_argument("--out", required=True, help="fixture JSON file to write")
    ap.add_argument("--versions-out", help="write the framework versions of this part here (JSON)")
    args = ap.parse_args()
    cases, versions = PARTS[args.part]()
    with open(args.out, "w") as f:
        json.dump(cases, f, indent=None, separators=(",", ":"), allow_nan=True)
        f.write("\n")
    if args.versions_out:
        with open(args.versions_out, "w") as f:
            json.dump(versions, f, indent=1, sort_keys=True)
            f.write("\n")
    counts = {}
    for c in cases:
        counts[c["api"]] = counts.get(c["api"], 0) + 1
    for k, v in counts.items():
        print(f"{v:4d}  {k}", file=sys.stderr)
    print(f"{len(cases)} cases -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
