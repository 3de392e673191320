"""Values, dtypes, error messages and gradients against the real frameworks.

The fixtures come from tools/make_reference.py (TensorFlow 2.21, Keras 3.15,
PyTorch 2.13, optax 0.2.8, scikit-learn 1.9.1 and 1.4.2, tf.keras 2.15; see
tests/fixtures/reference_versions.json).
"""
import re
import warnings

import numpy as np
import pytest

import xent_core as xc
from conftest import assert_close, load_cases, to_kwargs

CASES = load_cases("reference_*.json")
KNOWN = {e.name for e in xc.catalogue()}


def _id(i, case):
    return f"{case['api']}-{case['dtype']}-{i}"


def _scale(kwargs):
    """Size of the inputs: a loss built from terms this large can lose that much to rounding."""
    sizes = [np.nanmax(np.abs(v[np.isfinite(v)]), initial=1.0)
             for v in kwargs.values() if isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.size]
    return max(sizes, default=1.0)


def _precision(case):
    """float32 where the framework computes in float32 whatever the input."""
    return "float32" if xc.frameworks.get(case["api"]).float32_inside else case["dtype"]


@pytest.mark.parametrize("case", CASES, ids=[_id(i, c) for i, c in enumerate(CASES)])
def test_value_matches_the_framework(case):
    if case["api"] not in KNOWN:
        pytest.fail(f"{case['api']} is not in the catalogue")
    kwargs = to_kwargs(case)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if case["raises"]:
            with pytest.raises(ValueError, match=re.escape(case["raises"])):
                xc.call(case["api"], **kwargs)
            return
        result = xc.call(case["api"], **kwargs)
    if case.get("expected_dtype"):
        assert result.dtype == np.dtype(case["expected_dtype"])
    assert_close(result, case["expected"], _precision(case), what=case["note"])


GRAD_CASES = [(c, wrt) for c in CASES if not c["raises"] for wrt in c.get("grads", {})]


@pytest.mark.parametrize("case,wrt", GRAD_CASES,
                         ids=[f"{_id(i, c)}-d{w}" for i, (c, w) in enumerate(GRAD_CASES)])
def test_gradient_matches_the_framework(case, wrt):
    kwargs = to_kwargs(case)
    grad = xc.gradient(case["api"], wrt, **kwargs)
    expected = np.asarray(case["grads"][wrt], dtype=np.float64)
    assert_close(grad, expected, _precision(case), scale=np.nanmax(np.abs(expected[np.isfinite(expected)]),
                                                                initial=1.0), what=f"d/d{wrt}: {case['note']}")
