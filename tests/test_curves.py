"""1-D curves of the catalogue's binary cross-entropies (xent_core.curves):
the learners' numbers, the math each curve must follow, and the places where
the frameworks' gradients vanish or break."""
import numpy as np
import pytest

from conftest import load_cases
from xent_core import curves, information
from xent_core.curves import NOT_FINITE, OK, WRONG, ZERO

SEEDS = load_cases("seed_cases.json")
LOGITS = curves.logit_grid()
EXPONENTS = curves.exponent_grid()


def seed(api, dtype, note_start, **kwargs):
    """The expected value of one seed case (first element), found by its note and arguments."""
    for case in SEEDS:
        if (case["api"] == api and case["dtype"] == dtype and case["note"].startswith(note_start)
                and all(case["kwargs"].get(k) == v for k, v in kwargs.items())):
            return float(np.ravel(case["expected"])[0])
    raise LookupError(f"no seed case {api} {dtype} {note_start} {kwargs}")


def available(key):
    v = curves.variant(key)
    if not curves.is_available(v):
        pytest.skip(f"{v.api} is not in the catalogue")
    return v


# --- the learners' numbers -------------------------------------------------------

@pytest.mark.parametrize("label, prob, note", [(1.0, 0.0, "largest loss for y=1"),
                                               (0.0, 1.0, "largest loss for y=0")])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_keras_ceilings_are_the_seed_003_numbers(label, prob, note, dtype):
    loss, grad = curves.framework_curve(curves.variant("keras"), [prob], label, dtype=dtype)
    expected = seed("keras.losses.binary_crossentropy", dtype, note)
    assert loss[0] == pytest.approx(expected, rel=4e-6)
    assert grad[0] == 0  # clipped: no gradient at all


def test_from_logits_has_no_ceiling_logit_minus_30_costs_30():
    for key in ("tf", "keraslogits"):
        loss, grad = curves.against_logits(curves.variant(key), [-30.0], 1.0, dtype="float32")
        expected = seed("keras.losses.binary_crossentropy", "float32", "from_logits=True")
        assert loss[0] == pytest.approx(expected, rel=1e-6)
        assert grad[0] == pytest.approx(-1.0)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_soft_target_on_outputs_0_and_1_is_seed_002_test_2(dtype):
    value = curves.own_reduction(curves.variant("keras"), [0.0, 1.0], 0.5, dtype=dtype)
    assert value == pytest.approx(seed("keras.losses.binary_crossentropy", dtype, "test_2"), rel=4e-6)


def test_pytorch_clamps_the_log_at_minus_100_seed_002():
    torch = available("torch")
    value = curves.own_reduction(torch, [0.0, 1.0], 0.5, dtype="float32")
    assert value == seed("torch.nn.functional.binary_cross_entropy", "float32", "PyTorch on test_2")
    assert curves.own_reduction(torch, [0.0], 1.0, dtype="float64") == 100.0


@pytest.mark.parametrize("target, note", [(-2.0, "answer: output 0.3, target -2.0"),
                                          (2.0, "answer: output 0.3, target 2.0")])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_targets_outside_0_1_give_the_seed_002_answer_numbers(target, note, dtype):
    loss = curves.against_targets(curves.variant("keras"), 0.3, [target], dtype=dtype)
    assert loss[0] == pytest.approx(seed("keras.losses.binary_crossentropy", dtype, note), rel=4e-6)


def test_pytorch_refuses_targets_outside_0_1():
    torch = available("torch")
    with pytest.raises(ValueError, match="all elements of target should be between 0 and 1"):
        curves.against_targets(torch, 0.3, [-2.0])


# --- the math the curves follow --------------------------------------------------

def test_the_exact_logit_curve_is_softplus_and_its_gradient_sigmoid_minus_label():
    loss, grad = curves.exact_against_logits([-40.0, 0.0, 40.0], 1.0)
    np.testing.assert_allclose(loss, [40.0, np.log(2), np.log1p(np.exp(-40.0))], rtol=1e-12)
    np.testing.assert_allclose(grad, [1 / (1 + np.exp(40.0)) - 1, -0.5, 1 / (1 + np.exp(-40.0)) - 1])


@pytest.mark.parametrize("key", ["tf", "keras", "torch", "naive"])
@pytest.mark.parametrize("label", [0.0, 0.3, 1.0])
def test_inside_the_clip_every_float64_curve_is_the_exact_one(key, label):
    v = available(key)
    x = np.linspace(-8, 8, 33)
    loss, grad = curves.against_logits(v, x, label, dtype="float64")
    exact_loss, exact_grad = curves.exact_against_logits(x, label)
    np.testing.assert_allclose(loss, exact_loss, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(grad, exact_grad, rtol=1e-6, atol=1e-9)


def test_tf_v1_log_loss_is_epsilon_inside_the_log_in_float32():
    x = np.linspace(-8, 8, 33)
    loss, _ = curves.against_logits(curves.variant("v1"), x, 0.3, dtype="float64")
    p = (1 / (1 + np.exp(-x))).astype(np.float32).astype(np.float64)
    expected = -(0.3 * np.log(p + 1e-7) + 0.7 * np.log(1 - p + 1e-7))
    np.testing.assert_allclose(loss, expected, rtol=4e-6)


@pytest.mark.parametrize("key", ["tf", "keras", "torch", "naive"])
def test_gradients_agree_with_central_differences(key):
    v = available(key)
    x, h = np.linspace(-6, 6, 13), 1e-6
    _, grad = curves.against_logits(v, x, 0.3, dtype="float64")
    up, _ = curves.against_logits(v, x + h, 0.3, dtype="float64")
    down, _ = curves.against_logits(v, x - h, 0.3, dtype="float64")
    np.testing.assert_allclose(grad, (up - down) / (2 * h), rtol=1e-5, atol=1e-8)


def test_probability_points_mirror_each_other_and_give_the_exact_logit():
    near_zero = curves.probability_points(EXPONENTS, "zero")
    near_one = curves.probability_points(EXPONENTS, "one")
    np.testing.assert_allclose(near_zero["logit"], -near_one["logit"], rtol=1e-12)
    # log(p / (1 - p)) for p = 1e-30 is -30 log 10 up to 1e-30
    t = np.array([-30.0])
    assert curves.probability_points(t, "zero")["logit"][0] == pytest.approx(-30 * np.log(10), rel=1e-14)


@pytest.mark.parametrize("side", curves.SIDES)
@pytest.mark.parametrize("label", [0.0, 0.25, 1.0])
def test_exact_probability_curve_is_cross_entropy_and_its_derivative(side, label):
    t = np.linspace(-6, np.log10(0.5), 20)  # far enough from 1 for float64 to hold p exactly
    p = curves.probability_points(t, side)["p"]
    loss, grad = curves.exact_against_probabilities(t, side, label)
    np.testing.assert_allclose(loss, information.bernoulli_cross_entropy(label, p), rtol=1e-9)
    np.testing.assert_allclose(grad, (p - label) / (p * (1 - p)), rtol=1e-9)


def test_logit_functions_stay_exact_near_1_where_float32_probabilities_round_to_1():
    loss_tf, _ = curves.against_probabilities(curves.variant("tf"), [-20.0], "one", 0.0, dtype="float32")
    loss_keras, _ = curves.against_probabilities(curves.variant("keras"), [-20.0], "one", 0.0,
                                                 dtype="float32")
    assert loss_tf[0] == pytest.approx(20 * np.log(10), rel=1e-6)  # -log(1 - p) with 1 - p = 1e-20
    assert loss_keras[0] == pytest.approx(23 * np.log(2), rel=1e-6)  # p rounds to 1, clipped to 1 - 2**-23


def test_the_naive_formula_overflows_in_float32_past_a_logit_of_17():
    naive = curves.variant("naive")
    loss_one, grad_one = curves.against_logits(naive, [10.0, 20.0], 1.0, dtype="float32")
    loss_zero, _ = curves.against_logits(naive, [20.0], 0.0, dtype="float32")
    assert np.isfinite(loss_one[0]) and np.isnan(loss_one[1])  # 0 * log(0)
    assert np.isinf(loss_zero[0])  # -log(1 - 1)
    assert not np.isfinite(grad_one[1])


def test_sklearn_clips_at_the_dtype_epsilon_and_has_no_gradient():
    sklearn = available("sklearn")
    for dtype in ("float32", "float64"):
        eps = np.finfo(dtype).eps
        loss, grad = curves.framework_curve(sklearn, [0.0, 0.3], 1.0, dtype=dtype)
        assert grad is None
        np.testing.assert_allclose(loss, [-np.log(eps), -np.log(np.float64(np.float32(0.3)) if dtype == "float32"
                                                                 else 0.3)], rtol=1e-6)


def test_sklearn_refuses_a_soft_label():
    sklearn = available("sklearn")
    with pytest.raises(ValueError):
        curves.framework_curve(sklearn, [0.3], 0.5)


def test_display_names_show_from_logits():
    assert curves.display_name(curves.variant("keraslogits")) == \
        "keras.losses.binary_crossentropy(from_logits=True)"
    assert curves.display_name(curves.variant("keras")) == "keras.losses.binary_crossentropy"


def test_a_function_missing_from_the_catalogue_is_reported_unavailable():
    assert not curves.is_available(curves.Variant("x", "nowhere.losses.bce"))
    assert curves.is_available(curves.variant("naive"))


# --- gradient status --------------------------------------------------------------

def test_gradient_status_names_each_kind_of_failure():
    exact = np.array([-1.0, -1.0, -1.0, -1.0, -1.0, 1e-9])
    grad = np.array([-1.0, 0.0, -0.5, np.nan, np.inf, 0.0])
    np.testing.assert_array_equal(curves.gradient_status(grad, exact), [OK, ZERO, WRONG, NOT_FINITE,
                                                                        NOT_FINITE, OK])


def test_keras_gradient_is_zero_exactly_where_clipping_is_active():
    x = LOGITS
    _, grad = curves.against_logits(curves.variant("keras"), x, 1.0, dtype="float32")
    status = curves.gradient_status(grad, curves.exact_against_logits(x, 1.0)[1])
    clipped = 1 / (1 + np.exp(-x.astype(np.float32))) < np.float32(1e-7)
    np.testing.assert_array_equal(status == ZERO, clipped)


def test_tf_v1_epsilon_shrinks_the_gradient_instead_of_zeroing_it():
    _, grad = curves.against_logits(curves.variant("v1"), [-30.0], 1.0, dtype="float32")
    # d/dx [-log(p + eps)] = -p (1 - p) / (p + eps): about -p / eps = -9.4e-7 at x = -30
    assert grad[0] == pytest.approx(-(1 / (1 + np.exp(30))) / 1e-7, rel=1e-3)


# --- the asymmetry page's helpers ---------------------------------------------------

def test_the_bernoulli_grid_is_cross_entropy_and_its_swap_is_antisymmetric():
    grid, ce, swap = curves.bernoulli_grid(40)
    assert grid.min() > 0 and grid.max() < 1
    i, j = 5, 30
    assert ce[i, j] == pytest.approx(-(grid[i] * np.log(grid[j]) + (1 - grid[i]) * np.log(1 - grid[j])))
    np.testing.assert_allclose(swap, -swap.T, atol=1e-12)
    np.testing.assert_allclose(np.diag(swap), 0, atol=1e-12)


def test_mean_decomposition_of_the_seed_002_swap():
    forward = curves.mean_decomposition([0.0, 1.0], [0.5, 0.5])
    backward = curves.mean_decomposition([0.5, 0.5], [0.0, 1.0])
    assert forward == pytest.approx({"cross_entropy": np.log(2), "entropy": 0.0, "kl": np.log(2)})
    assert backward["entropy"] == pytest.approx(np.log(2)) and backward["kl"] == np.inf


def test_the_loss_is_linear_in_the_target_with_slope_log_1_minus_q_over_q():
    targets = curves.target_grid()
    loss = curves.against_targets(curves.variant("keras"), 0.3, targets, dtype="float64")
    slope = np.diff(loss) / np.diff(targets)
    np.testing.assert_allclose(slope, np.log(0.7) - np.log(0.3), rtol=1e-9)
    assert loss[targets == 0.5] == pytest.approx(-0.5 * np.log(0.3) - 0.5 * np.log(0.7))


def test_values_outside_0_1_are_not_probabilities():
    assert curves.are_probabilities([0.0, 1.0], [0.5, 0.5])
    assert not curves.are_probabilities([-2.0, 2.0], [0.5, 0.5])
    assert not curves.are_probabilities([0.5], [np.nan])
