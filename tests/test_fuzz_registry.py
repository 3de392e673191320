"""Every catalogue entry on random shapes, dtypes, extreme and non-finite
values: ``call`` and ``gradient`` either return arrays or raise ValueError
with a message, never any other exception."""
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xent_core as xc
from xent_core.examples import example_kwargs
from xent_core.frameworks.registry import FLOAT, FLOAT_OR_INDEX, INDEX

VALUES = st.sampled_from([0.0, 1.0, -1.0, 0.5, 1e-7, 1 - 1e-7, 60.0, -60.0, 800.0, -800.0, 1e30, -1e30,
                          np.nan, np.inf, -np.inf, 2.0, -2.0, 1e-45])
SHAPES = st.sampled_from([(), (1,), (3,), (2, 3), (1, 1), (2, 1), (0,), (3, 2), (2, 2, 3)])


def _array(draw, kind, dtype):
    shape = draw(SHAPES)
    if kind == INDEX or (kind == FLOAT_OR_INDEX and draw(st.booleans())):
        return np.array(draw(st.lists(st.integers(-3, 5), min_size=int(np.prod(shape)),
                                      max_size=int(np.prod(shape)))), np.int64).reshape(shape)
    return np.array(draw(st.lists(VALUES, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))),
                    dtype).reshape(shape)


@st.composite
def calls(draw, entry):
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    try:
        kwargs = example_kwargs(entry.name, dtype=dtype)
    except (ValueError, KeyError):
        kwargs = {}
    for name, kind in entry.arrays.items():
        if name in kwargs or draw(st.booleans()):
            if draw(st.integers(0, 2)) > 0:  # keep the example's shape most of the time
                base = kwargs.get(name)
                if base is not None and base.dtype.kind == "f":
                    kwargs[name] = np.where(np.asarray(draw(st.lists(st.booleans(), min_size=base.size,
                                                                      max_size=base.size))).reshape(base.shape),
                                            draw(VALUES), base).astype(dtype)
                    continue
            kwargs[name] = _array(draw, kind, dtype)
    return kwargs


@pytest.mark.parametrize("entry", xc.catalogue(), ids=lambda e: e.name)
def test_any_input_gives_a_result_or_a_value_error(entry):
    @settings(max_examples=80, suppress_health_check=list(HealthCheck), deadline=None)
    @given(calls(entry))
    def check(kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                out = xc.call(entry.name, **kwargs)
            except ValueError as err:
                assert str(err)
                return
            assert isinstance(out, np.ndarray)
            for wrt in entry.differentiable:
                if isinstance(kwargs.get(wrt), np.ndarray) and kwargs[wrt].dtype.kind == "f":
                    try:
                        grad = xc.gradient(entry.name, wrt, **kwargs)
                    except ValueError as err:
                        assert str(err)
                        continue
                    assert grad.shape == np.shape(kwargs[wrt])
    check()
