"""The sigmoid-vs-softmax figure builders and the pure helpers behind both
family pages (xent_core.families), against the learners' numbers
(seed_cases.json) and the math."""
import json

import numpy as np
import pytest

from conftest import load_cases
from xent_core import families as fam
from xent_core.figures.families import make_probability_bars_figure, make_terms_figure, make_two_class_figure

SEEDS = load_cases("seed_cases.json")
LOGITS = np.array([[0.5, 1.5, 0.1], [2.2, 1.3, 1.7]])
LABELS = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
BUDGET = 300_000


def seed(api, dtype):
    return next(np.array(c["expected"]) for c in SEEDS
                if c["seed"].startswith("004") and c["api"] == api and c["dtype"] == dtype)


# --- figures ------------------------------------------------------------------

def test_probability_bars_show_both_families_their_sums_and_the_label():
    probs = fam.probabilities(LOGITS[0])
    fig = make_probability_bars_figure(probs, LABELS[0])
    assert [t.type for t in fig.data] == ["bar", "bar", "scatter"]
    assert "sum 1.000" in fig.data[1].name          # softmax sums to 1
    assert f"sum {probs['sigmoid'].sum():.3f}" in fig.data[0].name
    assert fig.data[0].y.dtype == np.float32


def test_terms_figure_has_one_bar_series_per_formula_with_its_total():
    terms = fam.per_class_terms(LOGITS[0], LABELS[0])
    fig = make_terms_figure(terms)
    assert [t.type for t in fig.data] == ["bar"] * 3
    assert "0.4790" in fig.data[0].name and "0.9034" in fig.data[1].name


def test_the_two_class_figure_draws_the_curves_on_top_of_each_other():
    d = np.linspace(-8, 8, 161)
    curves = fam.two_class_equivalence(d)
    fig = make_two_class_figure(d, curves, marker=1.0)
    assert len(fig.data) == 4
    assert np.allclose(fig.data[0].y, fig.data[1].y) and np.allclose(fig.data[2].y, fig.data[3].y)
    assert fig.layout.shapes[0].x0 == 1.0
    assert len(fig.to_json()) < BUDGET


# --- helpers --------------------------------------------------------------------

def test_seed_004_numbers_from_the_family_losses():
    losses = fam.family_losses(LOGITS.astype(np.float32), LABELS.astype(np.float32))
    np.testing.assert_allclose(losses["softmax"], seed("tf.nn.softmax_cross_entropy_with_logits", "float32"),
                               rtol=4e-6)
    keras = seed("keras.losses.binary_crossentropy", "float32")
    np.testing.assert_allclose(losses["keras_binary_on_softmax"], keras, rtol=1e-6)
    # the question's own sum over the three classes
    np.testing.assert_allclose(losses["binary_on_softmax_sum"], [0.90335299, 2.11193571], rtol=1e-6)


def test_per_class_terms_sum_to_the_row_losses():
    terms = fam.per_class_terms(LOGITS, LABELS)
    np.testing.assert_allclose(terms["softmax"].sum(-1), seed("tf.nn.softmax_cross_entropy_with_logits",
                                                              "float64"), rtol=1e-12)
    np.testing.assert_allclose(terms["binary_on_softmax"].sum(-1), [0.90335299, 2.11193571], rtol=1e-7)


def test_sparse_and_one_hot_functions_agree_on_one_hot_labels_only():
    losses = fam.sparse_and_one_hot_losses(LOGITS.astype(np.float32), LABELS)
    assert len(losses) == 4 and fam.agree(losses)
    assert fam.sparse_and_one_hot_losses(LOGITS, np.array([[0.2, 0.8, 0.0], [0, 0, 1]])) is None
    np.testing.assert_array_equal(fam.class_index_if_one_hot(LABELS), [1, 2])
    assert fam.class_index_if_one_hot(np.array([[1, 1, 0]])) is None  # multi-label
    assert not fam.agree({"a": np.array([1.0]), "b": np.array([1.001])})


@pytest.mark.parametrize("shift", [0.0, 3.0, -40.0])
def test_two_classes_softmax_is_the_sigmoid_of_the_difference(shift):
    d = np.array([-5.0, -0.3, 0.0, 2.0, 30.0])
    curves = fam.two_class_equivalence(d, shift=shift)
    np.testing.assert_allclose(curves["softmax_p"], 1 / (1 + np.exp(-d)), rtol=1e-12)
    np.testing.assert_allclose(curves["softmax_ce"], np.log1p(np.exp(-d)), rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(curves["sigmoid_ce"], curves["softmax_ce"], rtol=1e-9, atol=1e-15)


def test_two_classes_through_the_frameworks():
    check = fam.two_class_framework_check(1.0, shift=2.0, dtype=np.float64)
    for value in check.values():
        assert value == pytest.approx(np.log1p(np.exp(-1.0)), rel=1e-12)


@pytest.mark.parametrize("family, labels, expected", [
    ("softmax", [0, 1, 0], 0.0),
    ("softmax", [0.2, 0.8, 0.0], -(0.2 * np.log(0.2) + 0.8 * np.log(0.8))),
    ("softmax", [0, 2, 0], 0.0),          # a sum of 2 scales the loss; the floor stays 0
    ("softmax", [-1, 2, 0], -np.inf),
    ("sigmoid", [0.5, 0.5], 2 * np.log(2)),
    ("sigmoid", [0, 1, 1], 0.0),
    ("sigmoid", [-2, 2], -np.inf),
])
def test_the_lowest_loss_is_the_entropy_of_the_label(family, labels, expected):
    assert fam.loss_floor(labels, family=family) == pytest.approx(expected)


def test_labels_and_logits_fit_the_number_of_classes():
    assert fam.labels_for_classes(np.array([2.0]), 4)[0].tolist() == [0, 0, 1, 0]
    soft, changed = fam.labels_for_classes(np.array([0.3]), 2)  # not a class index: padded
    assert soft.tolist() == [0.3, 0.0] and changed
    vector, changed = fam.fit_to_classes(np.array([1.0, 2.0, 3.0]), 2)
    assert vector.tolist() == [1.0, 2.0] and changed
    assert fam.with_point([1.0, 2.0, 3.0], 2, 0, (7.0, 8.0)).tolist() == [8.0, 2.0, 7.0]


def test_the_plotted_range_follows_the_path_up_to_a_limit():
    a, b = fam.surface_axes([[0.5, 1.5]], 6.0, points=11)
    assert a[0] == -6.0 and a[-1] == 6.0 and b.tolist() == a.tolist()
    assert fam.surface_axes([[0.5, 1.5], [9.0, -2.0]], 6.0)[0][-1] == 9.5
    assert fam.surface_axes([[0.5, 1.5], [900.0, -2.0]], 6.0)[0][-1] == 24.0


def test_smoothing_follows_each_family():
    binary = fam.smooth_labels(np.array([0.0, 1.0]), 0.2, family="sigmoid")
    assert binary.tolist() == pytest.approx([0.1, 0.9])
    smoothed = fam.smooth_labels(np.array([0.0, 1.0, 0.0, 0.0]), 0.2, family="softmax")
    assert smoothed.tolist() == pytest.approx([0.05, 0.85, 0.05, 0.05])


def test_the_framework_loss_and_gradient_over_all_logits():
    name, loss, grad = fam.framework_loss_and_grad(LOGITS[0], LABELS[0], family="softmax", dtype=np.float64)
    assert name == "tf.nn.softmax_cross_entropy_with_logits"
    assert loss == pytest.approx(seed(name, "float64")[0], rel=1e-12)
    q = np.exp(LOGITS[0]) / np.exp(LOGITS[0]).sum()
    np.testing.assert_allclose(grad, q - LABELS[0], rtol=1e-12)
    _, loss, grad = fam.framework_loss_and_grad(LOGITS[0], LABELS[0], family="sigmoid", dtype=np.float64)
    sig = 1 / (1 + np.exp(-LOGITS[0]))
    assert loss == pytest.approx(-np.sum(LABELS[0] * np.log(sig) + (1 - LABELS[0]) * np.log(1 - sig)))
    np.testing.assert_allclose(grad, sig - LABELS[0], rtol=1e-12)


def test_grey_pixels_cannot_reach_zero_binary_cross_entropy():
    pixels = np.array([[0.0, 0.3, 0.55, 1.0]])
    # 0 log 0 = 0: log of 1 where a term vanishes
    h = -(pixels * np.log(np.where(pixels > 0, pixels, 1))
          + (1 - pixels) * np.log(np.where(pixels < 1, 1 - pixels, 1)))
    np.testing.assert_allclose(fam.binary_entropy_floor(pixels), h.sum(-1), rtol=1e-12)
    assert json.dumps(float(fam.binary_entropy_floor(pixels)[0]))  # a plain number for the table
