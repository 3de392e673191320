"""Every differentiable argument of every entry against central finite
differences of its own value, away from kinks (no clipping, no ties)."""
import numpy as np
import pytest

import xent_core as xc
from xent_core.examples import example_kwargs

def _cases():
    for entry in xc.catalogue():
        try:
            kwargs = example_kwargs(entry.name, dtype=np.float64)
            xc.call(entry.name, **kwargs)
        except (ValueError, KeyError):
            continue
        for wrt in entry.differentiable:
            if isinstance(kwargs.get(wrt), np.ndarray) and kwargs[wrt].dtype.kind == "f":
                yield pytest.param(entry.name, wrt, id=f"{entry.name}-d{wrt}")


def _nudge(kwargs, names, rng):
    """Move the scores and ``wrt`` a little off the example so no point sits
    on a kink. Labels stay put otherwise: TF's softmax kernel returns
    softmax - labels, the derivative only for label rows that sum to 1."""
    out = dict(kwargs)
    for name in names:
        value = kwargs[name]
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            moved = value + rng.uniform(-0.02, 0.02, value.shape)
            out[name] = np.clip(moved, 0.03, 0.97) if (0 <= value).all() and (value <= 1).all() else moved
    return out


@pytest.mark.parametrize("name,wrt", list(_cases()))
def test_gradient_matches_central_differences(name, wrt):
    rng = np.random.default_rng(0)
    entry = xc.frameworks.get(name)
    kwargs = _nudge(example_kwargs(name, dtype=np.float64), {entry.dtype_from, wrt}, rng)
    step, tol = (1e-3, 2e-3) if entry.float32_inside else (1e-6, 1e-6)
    analytic = xc.gradient(name, wrt, **kwargs)
    numeric = np.zeros_like(kwargs[wrt])
    for idx in np.ndindex(kwargs[wrt].shape):
        up, down = dict(kwargs), dict(kwargs)
        up[wrt], down[wrt] = kwargs[wrt].copy(), kwargs[wrt].copy()
        up[wrt][idx] += step
        down[wrt][idx] -= step
        numeric[idx] = (np.sum(xc.call(name, **up), dtype=np.float64)
                        - np.sum(xc.call(name, **down), dtype=np.float64)) / (2 * step)
    np.testing.assert_allclose(analytic, numeric, rtol=tol, atol=tol)
