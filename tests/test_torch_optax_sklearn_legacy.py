"""PyTorch, optax, scikit-learn and the legacy entries against numbers stated
from the math (and from the learners' questions), plus every error message.

The comparison with the real frameworks' outputs is in test_reference.py.
"""
import math
import re

import numpy as np
import pytest

from xent_core.frameworks import call, get, gradient

f32, f64 = np.float32, np.float64
LOG2 = math.log(2.0)

BCE = "torch.nn.functional.binary_cross_entropy"
BCE_LOGITS = "torch.nn.functional.binary_cross_entropy_with_logits"
CE = "torch.nn.functional.cross_entropy"
NLL = "torch.nn.functional.nll_loss"
SIGMOID = "optax.losses.sigmoid_binary_cross_entropy"
SOFTMAX = "optax.losses.softmax_cross_entropy"
INTEGER = "optax.losses.softmax_cross_entropy_with_integer_labels"
FOCAL = "optax.losses.sigmoid_focal_loss"
SMOOTH = "optax.smooth_labels"
LOG_LOSS = "sklearn.metrics.log_loss"
LOG_LOSS_14 = "sklearn_1_4.metrics.log_loss"
KERAS_22 = "keras_2_2.losses.binary_crossentropy"
TFK_BCE = "tf_keras_2_15.losses.binary_crossentropy"
TFK_CCE = "tf_keras_2_15.losses.categorical_crossentropy"


def a(values, dtype=f64):
    return np.asarray(values, dtype=dtype)


def lse(row):
    return math.log(sum(math.exp(v) for v in row))


def raises(msg):
    return pytest.raises(ValueError, match=re.escape(msg))


# --- torch.nn.functional.binary_cross_entropy --------------------------------

@pytest.mark.parametrize("dtype", [f32, f64])
def test_torch_bce_of_a_certain_wrong_probability_is_100_not_inf(dtype):
    out = call(BCE, input=a([0.0, 1.0], dtype), target=a([1.0, 0.0], dtype), reduction="none")
    np.testing.assert_array_equal(out, [100.0, 100.0])
    assert out.dtype == dtype


def test_torch_bce_on_seed_002_soft_targets_is_50():
    # each log is clamped at -100: 0.5 * 100 + 0.5 * 0 per element
    assert call(BCE, input=a([0.0, 1.0], f32), target=a([0.5, 0.5], f32)) == 50.0


def test_torch_bce_is_minus_log_p_and_weights_scale_each_element():
    out = call(BCE, input=a([0.25, 0.6]), target=a([1.0, 0.0]), weight=a([2.0, 0.5]))
    assert out == pytest.approx((2 * math.log(4) + 0.5 * -math.log(0.4)) / 2, rel=1e-14)


def test_torch_bce_gradient_follows_its_own_formula_not_the_clamp():
    # (p - y) / max(p (1 - p), 1e-12): the kernel's 1e-12 is a C float
    grad = gradient(BCE, "input", input=a([0.0, 0.5]), target=a([1.0, 0.0]), reduction="sum")
    assert grad[0] == -1.0 / float(np.float32(1e-12))
    assert grad[1] == pytest.approx(0.5 / 0.25, rel=1e-15)


def test_torch_bce_target_gradient_is_minus_logit():
    grad = gradient(BCE, "target", input=a([0.2, 0.0, 1.0]), target=a([0.5, 0.5, 0.5]), reduction="sum")
    assert grad[0] == pytest.approx(math.log(4), rel=1e-14)
    assert grad[1] == np.inf and grad[2] == -np.inf


@pytest.mark.parametrize("kwargs,msg", [
    (dict(input=a([0.3]), target=a([-2.0])), "all elements of target should be between 0 and 1"),
    (dict(input=a([1.5, 0.5]), target=a([1.0, 0.0])), "all elements of input should be between 0 and 1"),
    (dict(input=a([np.nan, 0.5]), target=a([1.0, 0.0])), "all elements of input should be between 0 and 1"),
    (dict(input=a([0.3, 0.5]), target=a([np.nan, 0.0])), "all elements of target should be between 0 and 1"),
    # element by element: the first bad element decides
    (dict(input=a([0.5, 2.0]), target=a([-1.0, 0.5])), "all elements of target should be between 0 and 1"),
    (dict(input=a([0.3, 0.5]), target=a([[1.0, 0.0]])),
     "Using a target size (torch.Size([1, 2])) that is different to the input size (torch.Size([2])) is "
     "deprecated. Please ensure they have the same size."),
    (dict(input=a([0.3, 0.5]), target=a([1.0, 0.0]), weight=a([1.0, 2.0, 3.0])),
     "Attempting to broadcast a dimension of length 3 at -1! Mismatching argument at index 1 had "
     "torch.Size([3]); but expected shape should be broadcastable to [2]"),
    (dict(input=a([0.3, 0.4]), target=a([1.0, 0.0]), weight=a([[1.0, 2.0], [3.0, 4.0]])),
     "output with shape [2] doesn't match the broadcast shape [2, 2]"),
    (dict(input=a([0.3]), target=a([1.0]), reduction="avg"), "avg is not a valid value for reduction"),
])
def test_torch_bce_errors(kwargs, msg):
    with raises(msg):
        call(BCE, **kwargs)


def test_torch_bce_does_not_list_weight_as_differentiable():
    assert get(BCE).differentiable == ("input", "target")


# --- binary_cross_entropy_with_logits -------------------------------------------

@pytest.mark.parametrize("dtype", [f32, f64])
def test_torch_bce_with_logits_at_extreme_logits(dtype):
    out = call(BCE_LOGITS, input=a([0.0, 800.0, -800.0, 60.0], dtype), target=a([0.3, 0.0, 1.0, 1.0], dtype),
               reduction="none")
    np.testing.assert_allclose(out, [LOG2, 800.0, 800.0, math.log1p(math.exp(-60))], rtol=1e-6)


def test_torch_pos_weight_scales_the_positive_term():
    # (1 - y) x - (1 + (q - 1) y) log sigmoid(x); x = 0, y = 1, q = 3: 3 log 2
    out = call(BCE_LOGITS, input=a([0.0]), target=a([1.0]), pos_weight=a([3.0]), reduction="sum")
    assert out == pytest.approx(3 * LOG2, rel=1e-15)


def test_torch_bce_with_logits_gradients_are_the_hand_written_formulas():
    kw = dict(input=a([0.0, 0.0]), target=a([1.0, 1.0]), reduction="mean")
    np.testing.assert_allclose(gradient(BCE_LOGITS, "input", **kw), [-0.25, -0.25])  # (sigmoid - y) / 2
    np.testing.assert_allclose(gradient(BCE_LOGITS, "target", **kw), [0.0, 0.0])      # -x / 2
    kw = dict(input=a([0.0]), target=a([1.0]), pos_weight=a([3.0]), reduction="sum")
    assert gradient(BCE_LOGITS, "input", **kw)[0] == pytest.approx((3 + 1 - 1) * 0.5 - 3)
    # log sigmoid(-x) - q log sigmoid(x) at x = 0: 2 log 2
    assert gradient(BCE_LOGITS, "target", **kw)[0] == pytest.approx(2 * LOG2, rel=1e-15)


def test_torch_bce_with_logits_accepts_targets_outside_0_1():
    out = call(BCE_LOGITS, input=a([1.0]), target=a([2.0]), reduction="none")
    assert out[0] == pytest.approx(-1.0 + math.log1p(math.exp(-1.0)), rel=1e-14)  # negative


@pytest.mark.parametrize("kwargs,msg", [
    (dict(input=a([0.3, 0.5]), target=a([1.0, 0.0, 1.0])),
     "Target size (torch.Size([3])) must be the same as input size (torch.Size([2]))"),
    (dict(input=a([0.3, 0.4]), target=a([1.0, 0.0]), pos_weight=a([1.0, 2.0, 3.0])),
     "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"),
    (dict(input=a([0.3, 0.4]), target=a([1.0, 0.0]), weight=a([1.0, 2.0, 3.0])),
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"),
])
def test_torch_bce_with_logits_errors(kwargs, msg):
    with raises(msg):
        call(BCE_LOGITS, **kwargs)


# --- cross_entropy and nll_loss --------------------------------------------------

ROWS = [[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]


def test_torch_cross_entropy_is_logsumexp_minus_the_true_logit():
    out = call(CE, input=a(ROWS), target=np.array([2, 0]), reduction="none")
    np.testing.assert_allclose(out, [lse(ROWS[0]) - 3.0, lse(ROWS[1]) - 0.5], rtol=1e-14)


def test_torch_cross_entropy_weighted_mean_divides_by_the_target_weights():
    w = [1.0, 2.0, 3.0]
    out = call(CE, input=a(ROWS), target=np.array([2, 0]), weight=a(w))
    expected = (3.0 * (lse(ROWS[0]) - 3.0) + 1.0 * (lse(ROWS[1]) - 0.5)) / (3.0 + 1.0)
    assert out == pytest.approx(expected, rel=1e-14)


def test_torch_cross_entropy_probability_targets_mean_over_samples_even_with_weights():
    w, y = [1.0, 2.0, 3.0], [[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]]
    out = call(CE, input=a(ROWS), target=a(y), weight=a(w))
    per_row = [-sum(wc * yc * (x - lse(row)) for wc, yc, x in zip(w, yr, row)) for yr, row in zip(y, ROWS)]
    assert out == pytest.approx(sum(per_row) / 2, rel=1e-14)


def test_torch_ignore_index_leaves_the_sample_out_of_the_mean():
    out = call(CE, input=a(ROWS), target=np.array([2, -100]))
    assert out == pytest.approx(lse(ROWS[0]) - 3.0, rel=1e-14)
    assert np.isnan(call(CE, input=a(ROWS), target=np.array([-100, -100])))
    assert call(NLL, input=a(ROWS), target=np.array([-100, -100]), reduction="sum") == 0.0


def test_torch_label_smoothing_with_class_indices():
    # (1 - s) nll + (s / C) sum_c -log softmax_c, weights of the kept targets in the mean
    s, row = 0.2, ROWS[0]
    out = call(CE, input=a([row]), target=np.array([2]), label_smoothing=s)
    uniform = sum(lse(row) - x for x in row)
    assert out == pytest.approx((1 - s) * (lse(row) - 3.0) + s / 3 * uniform, rel=1e-14)


def test_torch_label_smoothing_with_probability_targets():
    s, row, y = 0.3, ROWS[0], [0.0, 1.0, 0.0]
    out = call(CE, input=a([row]), target=a([y]), label_smoothing=s)
    smoothed = [v * (1 - s) + s / 3 for v in y]
    assert out == pytest.approx(-sum(t * (x - lse(row)) for t, x in zip(smoothed, row)), rel=1e-14)


def test_torch_cross_entropy_accepts_one_unbatched_sample():
    out = call(CE, input=a(ROWS[0]), target=np.array(1))
    assert out.shape == () and out == pytest.approx(lse(ROWS[0]) - 2.0, rel=1e-14)


def test_torch_cross_entropy_gradient_is_softmax_minus_one_hot_over_n():
    grad = gradient(CE, "input", input=a(ROWS), target=np.array([2, 0]))
    for row, t, g in zip(ROWS, [2, 0], grad):
        soft = np.exp(np.array(row) - lse(row))
        np.testing.assert_allclose(g, (soft - np.eye(3)[t]) / 2, rtol=1e-13, atol=1e-16)


def test_torch_nll_loss_sums_in_the_kernels_cascade_order():
    # Target 0 is added last: (1e8 - 1e8) + 1 = 1, where a running float32 sum gives 0.
    out = call(NLL, input=a([[-1.0], [-1e8], [1e8]], f32), target=np.array([0, 0, 0]), reduction="sum")
    assert out == 1.0 and out.dtype == f32


def test_torch_nll_loss_picks_minus_the_input_with_weighted_mean():
    lp = [[-0.5, -1.5, -2.0], [-0.1, -3.0, -4.0]]
    out = call(NLL, input=a(lp), target=np.array([1, 0]), weight=a([1.0, 4.0, 1.0]))
    assert out == pytest.approx((4 * 1.5 + 1 * 0.1) / 5, rel=1e-14)


@pytest.mark.parametrize("api,kwargs,msg", [
    (CE, dict(input=a([[1.0, 2.0, 3.0]]), target=np.array([3])), "Target 3 is out of bounds."),
    (CE, dict(input=a([[1.0, 2.0, 3.0]]), target=np.array([-1])), "Target -1 is out of bounds."),
    (CE, dict(input=a([[1.0, 2.0, 3.0]]), target=np.array([5]), label_smoothing=0.1), "Target 5 is out of bounds."),
    (CE, dict(input=a([[1.0, 2.0, 3.0]]), target=np.array([1, 2])),
     "Expected input batch_size (1) to match target batch_size (2)."),
    (CE, dict(input=a([[1.0, 2.0, 3.0]]), target=np.array([[0, 1, 0]])),
     "Expected floating point type for target with class probabilities, got Long"),
    (CE, dict(input=a([[1.0, 2.0, 3.0]]), target=a([[0.0, 1.0, 0.0]]), ignore_index=1),
     "ignore_index is not supported for floating point target"),
    (CE, dict(input=a([[1.0, 2.0, 3.0]]), target=np.array([1]), label_smoothing=1.5),
     "label_smoothing must be between 0.0 and 1.0. Got: 1.5"),
    (CE, dict(input=a([[1.0, 2.0, 3.0]]), target=np.array([1]), weight=a([1.0, 2.0])),
     "weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]"),
    (CE, dict(input=a([[1.0, 2.0, 3.0]]), target=a([[0.0, 1.0, 0.0]]), weight=a([1.0, 2.0])),
     "cross_entropy: weight tensor should be defined either for all 3 classes or no classes but got weight "
     "tensor of shape: [2]"),
    (CE, dict(input=a([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]), target=a([1.0, 2.0])),
     "expected target dtype to be Long or Byte, but got Double"),
    (CE, dict(input=a(np.zeros((2, 3, 4))), target=np.zeros((2, 5), np.int64)), "Expected target size [2, 4], got [2, 5]"),
    (NLL, dict(input=a(1.0), target=np.array(0)), "Expected 1 or more dimensions (got 0)"),
    (NLL, dict(input=a([1.0, 2.0, 3.0]), target=np.array([0, 1])),
     "For 1D input, 1D target must have size 1, but got target size: 2"),
    (NLL, dict(input=a([[1.0, 2.0, 3.0]]), target=np.array([[0]])),
     "0D or 1D target tensor expected, multi-target not supported"),
    (NLL, dict(input=a([[1.0, 2.0, 3.0]]), target=np.array([1]), reduction="avg"), "avg is not a valid value for reduction"),
])
def test_torch_cross_entropy_and_nll_errors(api, kwargs, msg):
    with raises(msg):
        call(api, **kwargs)


# --- optax ---------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [f32, f64])
def test_optax_sigmoid_bce_at_extreme_logits(dtype):
    out = call(SIGMOID, logits=a([0.0, 800.0, -800.0, np.inf], dtype), labels=a([0.7, 0.0, 1.0, 0.0], dtype))
    np.testing.assert_allclose(out, [LOG2, 800.0, 800.0, np.inf], rtol=1e-6)


def test_optax_sigmoid_bce_gradients():
    kw = dict(logits=a([0.0, 800.0, np.inf]), labels=a([1.0, 0.0, 0.0]))
    # sigmoid(x) - y, also at +inf thanks to logaddexp's custom JVP
    np.testing.assert_allclose(gradient(SIGMOID, "logits", **kw), [-0.5, 1.0, 1.0])
    # d/dy = log sigmoid(-x) - log sigmoid(x) = -x
    np.testing.assert_allclose(gradient(SIGMOID, "labels", **kw)[:2], [0.0, -800.0])


def test_optax_softmax_cross_entropy_scales_with_the_label_sum():
    row, y = ROWS[0], [0.5, 0.5, 0.5]
    out = call(SOFTMAX, logits=a([row]), labels=a([y]))
    assert out[0] == pytest.approx(1.5 * lse(row) - 0.5 * sum(row), rel=1e-14)
    grad = gradient(SOFTMAX, "logits", logits=a([row]), labels=a([y]))
    soft = np.exp(np.array(row) - lse(row))
    np.testing.assert_allclose(grad[0], 1.5 * soft - 0.5, rtol=1e-13)
    np.testing.assert_allclose(gradient(SOFTMAX, "labels", logits=a([row]), labels=a([y]))[0],
                               [lse(row) - x for x in row], rtol=1e-14)


def test_optax_softmax_cross_entropy_of_minus_inf_logit_with_zero_label_is_nan():
    # 0 * log_softmax(-inf) = 0 * -inf (safe_softmax_cross_entropy exists for this)
    assert np.isnan(call(SOFTMAX, logits=a([[-np.inf, 1.0, 2.0]]), labels=a([[0.0, 1.0, 0.0]]))[0])


def test_optax_integer_labels_out_of_range_give_nan_negative_ones_wrap():
    out = call(INTEGER, logits=a([ROWS[0]] * 3), labels=np.array([3, -1, -4]))
    assert np.isnan(out[0]) and np.isnan(out[2])
    assert out[1] == pytest.approx(lse(ROWS[0]) - 3.0, rel=1e-14)


def test_optax_focal_loss_with_gamma_0_is_the_sigmoid_cross_entropy():
    kw = dict(logits=a([-1.5, 0.3, 2.0]), labels=a([1.0, 0.0, 0.4]))
    np.testing.assert_allclose(call(FOCAL, gamma=0.0, **kw), call(SIGMOID, **kw), rtol=1e-14)


def test_optax_focal_loss_scales_by_one_minus_p_t_to_gamma_and_alpha():
    x, p = 0.8, 1 / (1 + math.exp(-0.8))
    ce = -math.log(p)
    out = call(FOCAL, logits=a([x, x]), labels=a([1.0, 0.0]), alpha=0.25, gamma=2.0)
    assert out[0] == pytest.approx(0.25 * (1 - p) ** 2 * ce, rel=1e-13)
    assert out[1] == pytest.approx(0.75 * p ** 2 * -math.log(1 - p), rel=1e-13)


def test_optax_smooth_labels_mixes_with_the_uniform_distribution():
    np.testing.assert_allclose(call(SMOOTH, labels=a([0.0, 1.0, 0.0]), alpha=0.3), [0.1, 0.8, 0.1], rtol=1e-15)


@pytest.mark.parametrize("api,kwargs,msg", [
    (INTEGER, dict(logits=a([[1.0, 2.0, 3.0]]), labels=a([1.0], f32)),
     "Expected the input to have a dtype that is a subdtype of <class 'numpy.integer'>, got float32 instead"),
    (INTEGER, dict(logits=a([[1.0, 2.0, 3.0]]), labels=np.array([1]), axis=2),
     "axis 2 is out of bounds for array of dimension 2"),
    (INTEGER, dict(logits=a([[1.0, 2.0, 3.0]]), labels=np.array([1]), axis=1.0),
     "Keyword argument 'axis' must be of type 'int' or 'tuple[int, ...]' but actual type is <class 'float'>."),
    (SIGMOID, dict(logits=a([1.0, 2.0, 3.0]), labels=a([0.0, 1.0])),
     "mul got incompatible shapes for broadcasting: (2,), (3,)."),
    (SOFTMAX, dict(logits=a([[1.0, 2.0, 3.0]] * 2), labels=a([0.0, 1.0])),
     "Incompatible shapes for broadcasting: shapes=[(2,), (2, 3)]"),
    (SOFTMAX, dict(logits=a(1.0), labels=a(1.0)), "axis -1 is out of bounds for array of dimension 0"),
])
def test_optax_errors(api, kwargs, msg):
    with raises(msg):
        call(api, **kwargs)


# --- sklearn.metrics.log_loss (1.9) ----------------------------------------------------

def test_sklearn_log_loss_is_the_mean_negative_log_of_the_true_class():
    expected = -(math.log(0.8) + math.log(0.7)) / 2
    assert call(LOG_LOSS, y_true=np.array([0, 1]), y_proba=np.array([[0.8, 0.2], [0.3, 0.7]])) == \
        pytest.approx(expected, rel=1e-15)
    # 1-D: the probability of the positive class
    assert call(LOG_LOSS, y_true=np.array([0, 1]), y_proba=np.array([0.2, 0.7])) == pytest.approx(expected, rel=1e-15)


def test_sklearn_y_pred_still_works_with_a_future_warning():
    with pytest.warns(FutureWarning, match="`y_pred` was renamed to `y_proba` in version 1.9"):
        out = call(LOG_LOSS, y_true=np.array([0, 1]), y_pred=a([0.2, 0.7]))
    assert out == pytest.approx(-(math.log(0.8) + math.log(0.7)) / 2, rel=1e-15)


def test_sklearn_clips_at_the_machine_epsilon_of_the_dtype():
    kw = dict(y_true=np.array([1]), labels=[0, 1])
    assert call(LOG_LOSS, y_proba=a([0.0]), **kw) == pytest.approx(52 * LOG2, rel=1e-15)  # -log(2**-52)
    assert call(LOG_LOSS, y_proba=a([0.0], f32), **kw) == pytest.approx(23 * LOG2, rel=1e-7)  # -log(2**-23)


def test_sklearn_string_labels_take_the_columns_in_sorted_order():
    p = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.3)) / 3
    # the function itself (call() takes class labels as numbers)
    assert get(LOG_LOSS).fn(["spam", "ham", "ham"], y_proba=p) == pytest.approx(expected, rel=1e-15)


def test_sklearn_weights_and_sums():
    p = [[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]
    y = np.array([1, 0, 0])
    terms = [-math.log(0.9), -math.log(0.8), -math.log(0.3)]
    assert call(LOG_LOSS, y_true=y, y_proba=np.array(p)) == pytest.approx(sum(terms) / 3, rel=1e-15)
    w = np.array([1.0, 0.0, 3.0])
    assert call(LOG_LOSS, y_true=y, y_proba=np.array(p), sample_weight=w) == \
        pytest.approx((terms[0] + 3 * terms[2]) / 4, rel=1e-15)
    assert call(LOG_LOSS, y_true=y, y_proba=np.array(p), sample_weight=w, normalize=False) == \
        pytest.approx(terms[0] + 3 * terms[2], rel=1e-15)


def test_sklearn_rows_not_summing_to_one_warn_and_are_not_renormalised():
    with pytest.warns(UserWarning, match="The y_prob values do not sum to one. Make sure to pass probabilities."):
        out = call(LOG_LOSS, y_true=np.array([0, 1]), y_proba=np.array([[0.5, 0.5, 0.5], [0.2, 0.2, 0.2]]),
                   labels=[0, 1, 2])
    assert out == pytest.approx(-(math.log(0.5) + math.log(0.2)) / 2, rel=1e-15)


@pytest.mark.parametrize("kwargs,msg", [
    (dict(y_true=[0, 1], y_pred=a([0.2, 0.3]), y_proba=a([0.2, 0.3])),
     "Cannot use both `y_pred` and `y_proba`. `y_pred` is deprecated, use `y_proba` instead."),
    (dict(y_true=[0, 1]), "Input contains NaN."),
    (dict(y_true=[0, 1], y_proba=a([np.nan, 0.3])), "Input contains NaN."),
    (dict(y_true=[0, 1], y_proba=a([1.5, 0.5])), "y_prob contains values greater than 1: 1.5"),
    (dict(y_true=[0, 1], y_proba=a([0.5, -0.5])), "y_prob contains values lower than 0: -0.5"),
    (dict(y_true=[1, 1, 1], y_proba=a([0.9, 0.8, 0.7])),
     "y_true contains only one label (1). Please provide the list of all expected class labels explicitly "
     "through the labels argument."),
    (dict(y_true=[0, 0], y_proba=a([0.5, 0.5]), labels=[0]), "The labels array needs to contain at least two labels, got [0]."),
    # y_true arrives as an int64 array, whose elements print as np.int64(...)
    (dict(y_true=[0, 3], y_proba=a([0.5, 0.5]), labels=[0, 1]),
     "y_true contains values {np.int64(3)} not belonging to the passed labels [0, 1]."),
    (dict(y_true=[0, 1, 2], y_proba=a([[0.5, 0.5], [0.4, 0.6], [0.3, 0.7]])),
     "y_true and y_prob contain different number of classes: 3 vs 2. Please provide the true labels explicitly "
     "through the labels argument. Classes found in y_true: [0 1 2]"),
    (dict(y_true=[0, 1, 1], y_proba=a([0.5, 0.5])), "Found input variables with inconsistent numbers of samples: [2, 3]"),
    (dict(y_true=[0, 1], y_proba=a([0.2, 0.3]), sample_weight=a([0.0, 0.0])),
     "Sample weights must contain at least one non-zero number."),
    (dict(y_true=[0, 1], y_proba=a([0.2, 0.3]), normalize=1),
     "The 'normalize' parameter of log_loss must be an instance of 'bool' or an instance of 'numpy.bool'. Got 1 instead."),
])
def test_sklearn_errors(kwargs, msg):
    with raises(msg):
        call(LOG_LOSS, **kwargs)


# --- legacy: Keras 2.2 ------------------------------------------------------------------

@pytest.mark.parametrize("y_true,y_pred,expected", [
    ([[0.0, 1.0]], [[0.5, 0.5]], 0.6931472),     # test_1 of seed 002
    ([[0.5, 0.5]], [[0.0, 1.0]], 8.01512),       # test_2: the question's printed Keras 2.2 output
    ([[-2.0, 2.0]], [[0.5, 0.5]], 0.6931472),    # test_3
    ([[2.0]], [[0.3]], 2.0512707),                # the answer's examples
    ([[-2.0]], [[0.3]], -1.3379208),
])
def test_keras_2_2_reproduces_the_seed_question(y_true, y_pred, expected):
    out = call(KERAS_22, y_true=a(y_true, f32), y_pred=a(y_pred, f32))
    assert out.dtype == f32
    assert out[0] == pytest.approx(expected, abs=1e-6)


def test_keras_2_2_float64_goes_through_logits_of_the_clipped_probabilities():
    z = math.log(1e-7 / (1 - 1e-7))  # both clipped outputs give |z| = 16.118...
    expected = 0.5 * abs(z) + math.log1p(math.exp(z))
    assert call(KERAS_22, y_true=a([[0.5, 0.5]]), y_pred=a([[0.0, 1.0]]))[0] == pytest.approx(expected, rel=1e-9)


def test_keras_2_2_clip_gradient_is_zero_outside_and_passes_at_the_bounds():
    grad = gradient(KERAS_22, "y_pred", y_true=a([[1.0, 1.0, 1.0]]), y_pred=a([[0.0, 1e-7, 0.5]]))
    assert grad[0, 0] == 0.0 and grad[0, 1] != 0.0
    # d/dp of -log p through logit: -1/p, averaged over 3
    assert grad[0, 2] == pytest.approx(-1 / 0.5 / 3, rel=1e-12)


# --- legacy: tf.keras 2.15 --------------------------------------------------------------------

def test_tf_keras_adds_epsilon_again_inside_the_logs():
    # y = 1, p = 0 -> clip 1e-7 -> -log(1e-7 + 1e-7)
    out = call(TFK_BCE, y_true=a([[1.0, 0.0]]), y_pred=a([[0.0, 1.0]]))
    assert out[0] == pytest.approx(-math.log(2e-7), rel=1e-9)


def test_tf_keras_binary_label_smoothing_pulls_towards_one_half():
    s, p = 0.2, 0.3
    y = 1 * (1 - s) + 0.5 * s
    out = call(TFK_BCE, y_true=a([[1.0]]), y_pred=a([[p]]), label_smoothing=s)
    assert out[0] == pytest.approx(-(y * math.log(p + 1e-7) + (1 - y) * math.log(1 - p + 1e-7)), rel=1e-12)


def test_tf_keras_categorical_renormalises_rows():
    out = call(TFK_CCE, y_true=a([[0.0, 1.0, 0.0]]), y_pred=a([[0.2, 0.4, 0.2]]))
    assert out[0] == pytest.approx(LOG2, rel=1e-14)
    assert np.isnan(call(TFK_CCE, y_true=a([[0.0, 1.0, 0.0]]), y_pred=a([[0.0, 0.0, 0.0]]))[0])


def test_tf_keras_gradient_at_the_lower_bound_passes():
    grad = gradient(TFK_BCE, "y_pred", y_true=a([[1.0, 1.0]]), y_pred=a([[1e-7, 0.0]]))
    assert grad[0, 0] == pytest.approx(-1 / 2e-7 / 2, rel=1e-9)
    assert grad[0, 1] == 0.0


@pytest.mark.parametrize("api,kwargs,msg", [
    (TFK_CCE, dict(y_true=a([[0.0, 1.0]]), y_pred=a([[0.5, 0.5, 0.5]])), "Shapes (1, 2) and (1, 3) are incompatible"),
    (TFK_BCE, dict(y_true=a([[0.0, 1.0]]), y_pred=a([[0.5, 0.5, 0.5]])), "Incompatible shapes: [1,2] vs. [1,3]"),
    (TFK_BCE, dict(y_true=a([[0.0], [1.0]]), y_pred=a([[0.5, 0.4], [0.1, 0.2]]), from_logits=True),
     "`logits` and `labels` must have the same shape, received ((2, 2) vs (2, 1))."),
    (TFK_CCE, dict(y_true=a([[1.0, 0.0]]), y_pred=a([[0.5, 0.5]]), axis=True),
     "`axis` must be of type `int`. Received: axis=True of type <class 'bool'>"),
])
def test_tf_keras_errors(api, kwargs, msg):
    with raises(msg):
        call(api, **kwargs)


# --- legacy: scikit-learn 1.4 ---------------------------------------------------------------------

def test_sklearn_1_4_renormalises_rows_with_a_warning():
    with pytest.warns(UserWarning, match="The y_pred values do not sum to one. Starting from 1.5 thiswill"):
        out = call(LOG_LOSS_14, y_true=np.array([0, 1, 2]), y_pred=a([[0.5, 0.5, 0.5], [0.2, 0.2, 0.2],
                                                                      [0.1, 0.3, 0.4]]))
    assert out == pytest.approx((math.log(3) + math.log(3) - math.log(0.4 / 0.8)) / 3, rel=1e-14)


def test_sklearn_1_4_computes_the_log_in_float64_for_float32_input():
    out = call(LOG_LOSS_14, y_true=np.array([1]), y_pred=a([0.0], f32), labels=[0, 1])
    assert out == pytest.approx(23 * LOG2, rel=1e-15) and out.dtype == f64


def test_sklearn_1_4_eps_argument_warns_that_it_goes_away():
    with pytest.warns(FutureWarning, match="Setting the eps parameter is deprecated"):
        out = call(LOG_LOSS_14, y_true=np.array([1]), y_pred=a([0.0]), labels=[0, 1], eps=1e-15)
    # clipped to 1e-15, then the row [1 - 1e-15, 1e-15] already sums to 1
    assert out == pytest.approx(-math.log(1e-15), rel=1e-12)


@pytest.mark.parametrize("kwargs,msg", [
    (dict(y_true=[0, 1], y_pred=a([0.2, 0.3]), eps=2),
     "The 'eps' parameter of log_loss must be a str among {'auto'} or a float in the range [0.0, 1.0]. Got 2 instead."),
    (dict(y_true=[1, 1, 1], y_pred=a([0.9, 0.8, 0.7])),
     "y_true contains only one label (1). Please provide the true labels explicitly through the labels argument."),
    (dict(y_true=[0, 0], y_pred=a([0.5, 0.5]), labels=[0]),
     "The labels array needs to contain at least two labels for log_loss, got [0]."),
    (dict(y_true=[0, 1, 2], y_pred=a([[0.5, 0.5], [0.4, 0.6], [0.3, 0.7]])),
     "y_true and y_pred contain different number of classes 3, 2. Please provide the true labels explicitly "
     "through the labels argument. Classes found in y_true: [0 1 2]"),
])
def test_sklearn_1_4_errors(kwargs, msg):
    with raises(msg):
        call(LOG_LOSS_14, **kwargs)


def test_sklearn_1_4_accepts_labels_that_y_true_does_not_use():
    # 1.4 binarises an unknown label to a row of zeros: class 0 in the binary case
    out = call(LOG_LOSS_14, y_true=np.array([0, 3]), y_pred=a([0.2, 0.4]), labels=[0, 1])
    assert out == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2, rel=1e-14)
