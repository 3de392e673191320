"""Properties that hold by mathematics, checked over many random inputs."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import xent_core as xc
from xent_core import information, losses, primitives
from xent_core.surface import sigmoid_surface, softmax_surface

finite = st.floats(-50, 50, allow_nan=False, width=64)
huge = st.floats(-1e4, 1e4, allow_nan=False, width=64)


def distributions(k):
    return arrays(np.float64, k, elements=st.floats(0.01, 1)).map(lambda a: a / a.sum())


@given(st.integers(2, 6).flatmap(lambda k: st.tuples(distributions(k), distributions(k))))
def test_cross_entropy_is_at_least_the_entropy_with_equality_at_q_equal_p(pq):
    p, q = pq
    ce, h = information.categorical_cross_entropy(p, q), information.categorical_entropy(p)
    assert ce >= h - 1e-12
    assert abs(information.categorical_cross_entropy(p, p) - h) < 1e-12
    parts = information.decompose(p, q, binary=False)
    assert abs(parts["entropy"] + parts["kl"] - parts["cross_entropy"]) < 1e-12


@given(arrays(np.float64, (3, 4), elements=finite), arrays(np.float64, (3, 4), elements=st.floats(0, 1)),
       st.floats(-100, 100))
def test_softmax_cross_entropy_is_unchanged_by_adding_a_constant_to_every_logit(logits, labels, shift):
    before = xc.call("tf.nn.softmax_cross_entropy_with_logits", labels=labels, logits=logits)
    after = xc.call("tf.nn.softmax_cross_entropy_with_logits", labels=labels, logits=logits + shift)
    np.testing.assert_allclose(after, before, rtol=1e-9, atol=1e-9 * (1 + abs(shift)))


@given(arrays(np.float64, (5, 2), elements=finite), arrays(np.float64, 5, elements=st.floats(0, 1)))
def test_two_class_softmax_equals_a_sigmoid_of_the_logit_difference(logits, p):
    labels = np.stack([p, 1 - p], axis=1)
    softmax_ce = xc.call("tf.nn.softmax_cross_entropy_with_logits", labels=labels, logits=logits)
    sigmoid_ce = xc.call("tf.nn.sigmoid_cross_entropy_with_logits", labels=p, logits=logits[:, 0] - logits[:, 1])
    np.testing.assert_allclose(softmax_ce, sigmoid_ce, rtol=1e-9, atol=1e-9)


@given(arrays(np.float64, (4, 5), elements=finite), arrays(np.int64, 4, elements=st.integers(0, 4)))
def test_sparse_labels_equal_one_hot_labels(logits, index):
    sparse = xc.call("tf.nn.sparse_softmax_cross_entropy_with_logits", labels=index, logits=logits)
    dense = xc.call("tf.nn.softmax_cross_entropy_with_logits", labels=losses.one_hot(index, 5), logits=logits)
    np.testing.assert_allclose(sparse, dense, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(losses.sparse_ce_from_logits(logits, index), dense, rtol=1e-12, atol=1e-12)


@given(arrays(np.float64, 6, elements=huge), arrays(np.float64, 6, elements=st.floats(0, 1)))
@settings(max_examples=200)
def test_stable_forms_are_finite_for_any_finite_logit(logits, labels):
    for dtype in (np.float32, np.float64):
        x, y = logits.astype(dtype), labels.astype(dtype)
        assert np.isfinite(xc.call("tf.nn.sigmoid_cross_entropy_with_logits", labels=y, logits=x)).all()
        assert np.isfinite(xc.call("tf.nn.softmax_cross_entropy_with_logits", labels=y, logits=x)).all()
        assert np.isfinite(losses.binary_ce_from_logits(x, y)).all()
        assert np.isfinite(primitives.log_softmax(x)).all()
        assert np.isfinite(primitives.log_sigmoid(x)).all()


def test_naive_formula_breaks_where_the_stable_one_does_not():
    """float32 sigmoid(20) rounds to 1, so log(1 - p) = log 0 = -inf."""
    x, y = np.float32(20.0), np.float32(0.0)
    assert np.isinf(losses.naive_binary_ce_from_logits(x, y))
    assert np.isclose(losses.binary_ce_from_logits(x, y), 20.0, rtol=1e-6)
    assert np.isnan(losses.naive_categorical_ce_from_logits(np.array([800.0, 0.0]), np.array([1.0, 0.0])))


@given(arrays(np.float64, 4, elements=finite), st.integers(0, 3), st.integers(0, 3),
       arrays(np.float64, 4, elements=st.floats(0, 1)))
def test_the_folded_surface_equals_the_full_loss_at_every_grid_point(logits, i, j, labels):
    if i == j:
        j = (i + 1) % 4
    a, b = np.linspace(-3, 3, 4), np.linspace(-2, 5, 3)
    grid = softmax_surface(logits, labels, i, j, a, b)
    sig = sigmoid_surface(logits, labels, i, j, a, b)
    for r, bv in enumerate(b):
        for c, av in enumerate(a):
            x = logits.copy()
            x[i], x[j] = av, bv
            full = losses.categorical_ce_from_logits(x, labels)
            grad = losses.categorical_ce_grad_logits(x, labels)
            assert abs(grid["loss"][r, c] - full) < 1e-9 * (1 + abs(full))
            assert abs(grid["grad_a"][r, c] - grad[i]) < 1e-9 and abs(grid["grad_b"][r, c] - grad[j]) < 1e-9
            assert abs(sig["loss"][r, c] - losses.binary_ce_from_logits(x, labels).sum()) < 1e-9 * (1 + abs(full))
