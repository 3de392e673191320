"""The textbook losses against stated math and against the framework entries
they should agree with on ordinary input."""
import numpy as np
import pytest

import xent_core as xc
from xent_core import information, losses

LOG2 = np.log(2)
rng = np.random.default_rng(7)
LOGITS = rng.normal(0, 2, (4, 5))
LABELS = rng.dirichlet(np.ones(5), 4)
BINARY = rng.uniform(0, 1, (4, 5))


def test_information_measures_at_known_points():
    assert information.bernoulli_entropy(0.5) == pytest.approx(LOG2)
    assert information.bernoulli_entropy(1.0) == 0.0
    assert information.bernoulli_cross_entropy(0.3, 0.5) == pytest.approx(LOG2)
    assert information.bernoulli_kl(0.2, 0.2) == pytest.approx(0.0, abs=1e-15)
    assert np.isinf(information.bernoulli_cross_entropy(1.0, 0.0))
    assert information.categorical_entropy(np.full(4, 0.25)) == pytest.approx(np.log(4))
    # CE is not symmetric: CE([0,1],[.5,.5]) = log 2 but CE([.5,.5],[0,1]) = inf
    assert information.categorical_cross_entropy([0, 1], [0.5, 0.5]) == pytest.approx(LOG2)
    assert np.isinf(information.categorical_cross_entropy([0.5, 0.5], [0, 1]))


def test_binary_from_logits_equals_tensorflow_and_the_probability_form():
    tf = xc.call("tf.nn.sigmoid_cross_entropy_with_logits", labels=BINARY, logits=LOGITS)
    np.testing.assert_allclose(losses.binary_ce_from_logits(LOGITS, BINARY), tf, rtol=1e-12)
    probs = xc.primitives.sigmoid(LOGITS)
    np.testing.assert_allclose(losses.binary_ce_from_probs(probs, BINARY), tf, rtol=1e-9)


def test_pos_weight_equals_tensorflows_weighted_loss():
    tf = xc.call("tf.nn.weighted_cross_entropy_with_logits", labels=BINARY, logits=LOGITS, pos_weight=np.array(3.0))
    np.testing.assert_allclose(losses.binary_ce_from_logits(LOGITS, BINARY, pos_weight=3.0), tf, rtol=1e-12)


def test_clipping_caps_the_loss_at_minus_log_eps():
    assert losses.binary_ce_from_probs(0.0, 1.0, eps=1e-7) == pytest.approx(-np.log(1e-7))
    assert np.isinf(losses.binary_ce_from_probs(0.0, 1.0))


def test_categorical_forms_agree():
    tf = xc.call("tf.nn.softmax_cross_entropy_with_logits", labels=LABELS, logits=LOGITS)
    np.testing.assert_allclose(losses.categorical_ce_from_logits(LOGITS, LABELS), tf, rtol=1e-12)
    probs = xc.primitives.softmax(LOGITS)
    np.testing.assert_allclose(losses.categorical_ce_from_probs(probs, LABELS), tf, rtol=1e-12)
    weights = np.array([1, 2, 3, 4, 5.0])
    np.testing.assert_allclose(losses.categorical_ce_from_logits(LOGITS, LABELS, class_weights=weights),
                               -np.sum(weights * LABELS * np.log(probs), axis=-1), rtol=1e-12)


def test_label_smoothing_conventions():
    np.testing.assert_allclose(losses.smooth_binary_labels(np.array([0.0, 1.0]), 0.2), [0.1, 0.9])
    np.testing.assert_allclose(losses.smooth_categorical_labels(np.array([0.0, 1.0, 0.0, 0.0]), 0.2),
                               [0.05, 0.85, 0.05, 0.05])


def test_focal_loss_with_gamma_zero_is_cross_entropy_and_matches_keras():
    np.testing.assert_allclose(losses.binary_focal_from_logits(LOGITS, BINARY, gamma=0.0),
                               losses.binary_ce_from_logits(LOGITS, BINARY), rtol=1e-12)
    hard = (BINARY > 0.5).astype(float)
    keras = xc.call("keras.losses.binary_focal_crossentropy", y_true=hard, y_pred=LOGITS, from_logits=True,
                    apply_class_balancing=True, alpha=0.25, gamma=2.0)
    ours = losses.binary_focal_from_logits(LOGITS, hard, gamma=2.0, alpha=0.25).mean(axis=-1)
    np.testing.assert_allclose(ours, keras, rtol=1e-9)
    np.testing.assert_allclose(losses.categorical_focal_from_logits(LOGITS, LABELS, gamma=0.0),
                               losses.categorical_ce_from_logits(LOGITS, LABELS), rtol=1e-12)


def test_gradients_are_the_closed_forms():
    np.testing.assert_allclose(losses.binary_ce_grad_logits(LOGITS, BINARY), xc.primitives.sigmoid(LOGITS) - BINARY)
    np.testing.assert_allclose(losses.binary_ce_grad_labels(LOGITS), -LOGITS)
    one_hot = losses.one_hot([1, 2, 0, 4], 5)
    np.testing.assert_allclose(losses.categorical_ce_grad_logits(LOGITS, one_hot),
                               xc.primitives.softmax(LOGITS) - one_hot, atol=1e-15)
    p = np.array([0.25, 0.5])
    np.testing.assert_allclose(losses.binary_ce_grad_probs(p, np.array([1.0, 0.0])), [-4.0, 2.0])
    np.testing.assert_allclose(losses.categorical_ce_grad_probs(p, np.array([1.0, 0.0])), [-4.0, 0.0])


def test_binary_formula_on_softmax_outputs_is_the_seed_004_number():
    """The learner's hand computation: sum over classes of the binary formula."""
    logits = np.array([[0.5, 1.5, 0.1], [2.2, 1.3, 1.7]])
    labels = np.array([[0, 1, 0], [0, 0, 1.0]])
    np.testing.assert_allclose(losses.binary_per_class_on_softmax(logits, labels), [0.90335299, 2.11193571],
                               rtol=1e-7)
