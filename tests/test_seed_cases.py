"""Every worked example of the learners' questions, as the real frameworks
computed it (tests/fixtures/seed_cases.json, copied from the reference set)."""
import re

import numpy as np
import pytest

import xent_core as xc
from conftest import assert_close, load_cases, to_kwargs

CASES = load_cases("seed_cases.json")


@pytest.mark.parametrize("case", CASES, ids=[f"{c['api']}-{c['dtype']}-{i}" for i, c in enumerate(CASES)])
def test_seed_case_matches_the_framework(case):
    kwargs = to_kwargs(case)
    if case["raises"]:
        with pytest.raises(ValueError, match=re.escape(case["raises"])):
            xc.call(case["api"], **kwargs)
        return
    result = xc.call(case["api"], **kwargs)
    assert result.dtype == np.dtype(case["dtype"])
    assert_close(result, case["expected"], case["dtype"], what=case["note"])


def test_keras_float32_ceiling_is_exactly_the_rounded_one_minus_epsilon():
    """-log(1 - float32(1 - 1e-7)) = -log(2**-23) = 23 log 2 (math, not a fixture)."""
    y_pred = np.array([[1.0]], np.float32)
    loss = xc.call("keras.losses.binary_crossentropy", y_true=np.array([[0.0]], np.float32), y_pred=y_pred)
    assert loss[0] == np.float32(23 * np.log(2))
