"""TensorFlow's sampled losses and candidate samplers, and the sampled-loss simulation.

The fixtures come from tools/make_sampled_reference.py (TensorFlow 2.21):
reference_sampled.json (losses and gradients with an explicit sample) and
sampler_expected_counts.json (TF's own candidate samplers' outputs).
"""
import json
import re
from pathlib import Path

import numpy as np
import pytest

import xent_core as xc
from xent_core import sampling
from xent_core.frameworks import sampled

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REFERENCE = json.loads((FIXTURES / "reference_sampled.json").read_text())
SAMPLER_CASES = json.loads((FIXTURES / "sampler_expected_counts.json").read_text())["cases"]
RTOL = {"float32": 2e-6, "float64": 1e-12}
FLT_MAX = float(np.finfo(np.float32).max)
SSM, NCE = "tf.nn.sampled_softmax_loss", "tf.nn.nce_loss"


def softplus(x):
    return np.logaddexp(0.0, x)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x):
    e = np.exp(x - np.max(x))
    return e / e.sum()


# --- a tiny problem by hand ---------------------------------------------------
# 3 classes, dim 1: w = (1, 2, 0), b = 0, one input x = 1, so class k scores w_k.

TINY = dict(weights=np.array([[1.0], [2.0], [0.0]]), biases=np.zeros(3), inputs=np.array([[1.0]]),
            num_classes=3)


def tiny(**kwargs):
    return {**TINY, **kwargs}


def test_sampled_softmax_by_hand_subtracts_log_q_from_each_logit():
    # true class 0 (Q = 0.5), sampled 1 and 2 (Q = 0.25, 1): logits 1 + log 2, 2 + log 4, 0
    kw = tiny(labels=[[0]], num_sampled=2, sampled_candidates=[1, 2],
              true_expected_count=np.array([[0.5]]), sampled_expected_count=np.array([0.25, 1.0]))
    o = np.array([1 + np.log(2), 2 + np.log(4), 0.0])
    loss = np.log(np.sum(np.exp(o))) - o[0]
    np.testing.assert_allclose(xc.call(SSM, **kw), [loss], rtol=1e-15)
    d_o = softmax(o) - [1, 0, 0]  # d loss / d logits
    np.testing.assert_allclose(xc.gradient(SSM, "weights", **kw), d_o[:, None] * 1.0, rtol=1e-14)
    np.testing.assert_allclose(xc.gradient(SSM, "biases", **kw), d_o, rtol=1e-14)
    np.testing.assert_allclose(xc.gradient(SSM, "inputs", **kw), [[d_o @ [1.0, 2.0, 0.0]]], rtol=1e-14)


def test_an_accidental_hit_gets_minus_flt_max_and_drops_out_of_the_softmax():
    # label 0 is also sampled: its sampled copy scores -FLT_MAX, leaving log(e + e^2) - 1 = log(1 + e)
    kw = tiny(labels=[[0]], num_sampled=2, sampled_candidates=[0, 1],
              true_expected_count=np.array([[1.0]]), sampled_expected_count=np.array([1.0, 1.0]))
    np.testing.assert_allclose(xc.call(SSM, **kw), [np.log1p(np.e)], rtol=1e-15)
    p = np.exp(1.0) / (np.exp(1.0) + np.exp(2.0))
    np.testing.assert_allclose(xc.gradient(SSM, "biases", **kw), [p - 1, 1 - p, 0.0], rtol=1e-14)
    logits, labels = sampled.compute_sampled_logits(
        TINY["weights"], TINY["biases"], np.array([[0]]), TINY["inputs"], 2, 3,
        sampled_values=([0, 1], np.array([[1.0]]), np.array([1.0, 1.0])), remove_accidental_hits=True)
    np.testing.assert_array_equal(labels, [[1.0, 0.0, 0.0]])
    assert xc.tape.val(logits)[0, 1] == -FLT_MAX == sampling.ACCIDENTAL_HIT


def test_without_removal_a_class_both_true_and_sampled_gets_both_gradients():
    # label 1 sampled too: logits (2, 2, 0); d/dw_1 = (p_true - 1) + p_sampled (scatter-add)
    kw = tiny(labels=[[1]], num_sampled=2, sampled_candidates=[1, 2], remove_accidental_hits=False,
              true_expected_count=np.array([[1.0]]), sampled_expected_count=np.array([1.0, 1.0]))
    p = softmax(np.array([2.0, 2.0, 0.0]))
    np.testing.assert_allclose(xc.call(SSM, **kw), [-np.log(p[0])], rtol=1e-15)
    np.testing.assert_allclose(xc.gradient(SSM, "weights", **kw)[:, 0], [0.0, p[0] - 1 + p[1], p[2]],
                               rtol=1e-14, atol=1e-16)


def test_nce_by_hand_is_a_sum_of_sigmoid_cross_entropies():
    kw = tiny(labels=[[0]], num_sampled=2, sampled_candidates=[1, 2],
              true_expected_count=np.array([[0.5]]), sampled_expected_count=np.array([0.25, 1.0]))
    o = np.array([1 + np.log(2), 2 + np.log(4), 0.0])
    loss = softplus(-o[0]) + softplus(o[1]) + softplus(o[2])
    np.testing.assert_allclose(xc.call(NCE, **kw), [loss], rtol=1e-15)
    d_o = sigmoid(o) - [1, 0, 0]
    np.testing.assert_allclose(xc.gradient(NCE, "biases", **kw), d_o, rtol=1e-14)


def test_num_true_2_gives_each_true_class_label_one_half():
    kw = tiny(labels=[[0, 1]], num_true=2, num_sampled=1, sampled_candidates=[2],
              true_expected_count=np.ones((1, 2)), sampled_expected_count=np.ones(1))
    log_p = np.log(softmax(np.array([1.0, 2.0, 0.0])))
    np.testing.assert_allclose(xc.call(SSM, **kw), [-(log_p[0] + log_p[1]) / 2], rtol=1e-15)
    o = np.array([1.0, 2.0, 0.0])
    # sigmoid cross-entropy with label z is softplus(x) - z x; summed over the row
    nce = softplus(o[0]) - 0.5 * o[0] + softplus(o[1]) - 0.5 * o[1] + softplus(o[2])
    np.testing.assert_allclose(xc.call(NCE, **kw), [nce], rtol=1e-15)


def test_float32_in_float32_out():
    kw = {k: (v.astype(np.float32) if isinstance(v, np.ndarray) else v) for k, v in tiny(
        labels=[[0]], num_sampled=2, sampled_candidates=[1, 2], true_expected_count=np.array([[0.5]]),
        sampled_expected_count=np.array([0.25, 1.0])).items()}
    for api in (SSM, NCE):
        assert xc.call(api, **kw).dtype == np.float32
        assert xc.gradient(api, "weights", **kw).dtype == np.float32


# --- against TensorFlow -------------------------------------------------------

def _kwargs(case):
    out = {}
    for name, value in case["kwargs"].items():
        if isinstance(value, list):
            arr = np.array(value)
            out[name] = arr.astype(case["dtype"]) if arr.dtype.kind == "f" else arr.astype(np.int64)
        else:
            out[name] = value
    return out


def _close(actual, expected, dtype, what):
    expected = np.asarray(expected, dtype=np.float64)
    finite = expected[np.isfinite(expected)]
    atol = RTOL[dtype] * max(1.0, float(np.abs(finite).max(initial=0.0)))
    np.testing.assert_allclose(np.asarray(actual, np.float64), expected, rtol=RTOL[dtype], atol=atol,
                               equal_nan=True, err_msg=what)


@pytest.mark.parametrize("case", REFERENCE, ids=[f"{c['api']}-{c['dtype']}-{i}" for i, c in enumerate(REFERENCE)])
def test_matches_tensorflow_given_the_sample(case):
    kw = _kwargs(case)
    if case["raises"]:
        with pytest.raises(ValueError, match=re.escape(case["raises"])):
            xc.call(case["api"], **kw)
        return
    result = xc.call(case["api"], **kw)
    assert result.dtype == np.dtype(case["expected_dtype"])
    _close(result, case["expected"], case["dtype"], case["note"])
    for wrt, expected in case["grads"].items():
        _close(xc.gradient(case["api"], wrt, **kw), expected, case["dtype"], f"d/d{wrt}: {case['note']}")


# --- refusals -----------------------------------------------------------------

def test_a_partial_sample_is_refused():
    msg = ("give all three of sampled_candidates, true_expected_count and sampled_expected_count "
           "(TF's sampled_values tuple), or none of them")
    with pytest.raises(ValueError, match=re.escape(msg)):
        xc.call(SSM, **tiny(labels=[[0]], num_sampled=2, sampled_candidates=[1, 2]))


def test_the_built_in_sampler_with_float64_inputs_raises_tensorflows_sub_error():
    # TF's samplers return float32 counts, and Sub refuses float64 - float32
    msg = "cannot compute Sub as input #1(zero-based) was expected to be a double tensor but is a float tensor"
    with pytest.raises(ValueError, match=re.escape(msg)):
        xc.call(SSM, **tiny(labels=[[0]], num_sampled=2))


def test_the_built_in_sampler_wants_a_label_matrix():
    kw = {k: (v.astype(np.float32) if isinstance(v, np.ndarray) else v) for k, v in TINY.items()}
    with pytest.raises(ValueError, match=re.escape("true_classes must be a matrix")):
        xc.call(NCE, **kw, labels=[0], num_sampled=2)
    with pytest.raises(ValueError, match=re.escape("Sampler's range is too small.")):
        xc.call(NCE, **kw, labels=[[0]], num_sampled=4)
    with pytest.raises(ValueError, match=re.escape("unknown sampler 'zipf'")):
        xc.call(NCE, **kw, labels=[[0]], num_sampled=2, sampler="zipf")


def test_the_built_in_sampler_is_seeded_and_matches_an_explicit_sample():
    rng = np.random.default_rng(5)
    kw = dict(weights=rng.normal(size=(40, 4)).astype(np.float32), biases=rng.normal(size=40).astype(np.float32),
              inputs=rng.normal(size=(3, 4)).astype(np.float32), labels=[[1], [7], [30]], num_sampled=6,
              num_classes=40)
    for api in (SSM, NCE):
        for sampler in sampling.SAMPLERS:
            drawn = xc.call(api, **kw, seed=11, sampler=sampler)
            np.testing.assert_array_equal(drawn, xc.call(api, **kw, seed=11, sampler=sampler))
            s, t, q = sampling.candidate_sampler(np.array(kw["labels"]), 1, 6, True, 40, sampler=sampler, seed=11)
            explicit = xc.call(api, **kw, sampled_candidates=s, true_expected_count=t, sampled_expected_count=q)
            np.testing.assert_array_equal(drawn, explicit)
        assert not np.array_equal(xc.call(api, **kw, seed=1), xc.call(api, **kw, seed=2))


# --- samplers -----------------------------------------------------------------

def test_log_uniform_probabilities_sum_to_one_and_decrease():
    p = sampling.class_probability(np.arange(1000), 1000).astype(np.float64)
    assert abs(p.sum() - 1) < 1e-5 and np.all(np.diff(p) < 0)
    np.testing.assert_allclose(p[:3], np.log([2 / 1, 3 / 2, 4 / 3]) / np.log(1001), rtol=1e-7)


@pytest.mark.parametrize("sampler", sampling.SAMPLERS)
def test_draws_follow_the_base_distribution(sampler):
    v, n = 20, 200_000
    draws = sampling.draw_classes(v, n, np.random.default_rng(0), sampler)
    observed = np.bincount(draws, minlength=v)
    expected = n * sampling.class_probability(np.arange(v), v, sampler).astype(np.float64)
    chi2 = np.sum((observed - expected) ** 2 / expected)
    assert draws.min() >= 0 and draws.max() < v
    assert chi2 < 43.8  # the 0.999 quantile of chi-square with 19 degrees of freedom


def test_sampling_with_replacement_expects_p_times_num_sampled():
    v, n, repeats = 30, 8, 20_000
    draws = sampling.draw_classes(v, (repeats, n), np.random.default_rng(1))
    mean_count = np.bincount(draws.ravel(), minlength=v) / repeats
    q = sampling.expected_count(sampling.class_probability(np.arange(v), v), n, n)
    np.testing.assert_allclose(mean_count, q, atol=0.02)


def test_unique_draws_are_tensorflows_rejection_loop_one_draw_at_a_time():
    v, n = 50, 30
    classes, tries = sampling.draw_unique(v, n, np.random.default_rng(7))
    rng, picked, count = np.random.default_rng(7), [], 0
    while len(picked) < n:  # range_sampler.cc, with numpy's stream
        count += 1
        value = int(np.exp(rng.random() * np.log1p(v))) - 1
        if value % v not in picked:
            picked.append(value % v)
    np.testing.assert_array_equal(classes, picked)
    assert tries == count > n and len(set(classes.tolist())) == n


def test_repeated_unique_draws_are_distinct_per_row_and_count_their_tries():
    classes, tries = sampling.draw_unique(100, 40, np.random.default_rng(3), repeats=50)
    assert classes.shape == (50, 40) and tries.shape == (50,)
    assert all(len(set(row)) == 40 for row in classes.tolist()) and (tries >= 40).all()


@pytest.mark.parametrize("case", SAMPLER_CASES, ids=lambda c: f"{c['sampler']}-{c['range_max']}-{c['num_sampled']}")
def test_expected_counts_are_tensorflows_for_the_tries_that_explain_them(case):
    n, v = case["num_sampled"], case["range_max"]
    p_sampled = sampling.class_probability(case["sampled_candidates"], v, case["sampler"])
    p_true = sampling.class_probability(case["true_classes"], v, case["sampler"])
    want_s = np.asarray(case["sampled_expected_count"], np.float32)
    want_t = np.asarray(case["true_expected_count"], np.float32)
    candidates = range(n, 50 * n) if case["unique"] else [n]
    tries = [t for t in candidates
             if np.allclose(sampling.expected_count(p_sampled, n, t), want_s, rtol=4e-7, atol=0)]
    assert tries, "no number of tries reproduces TensorFlow's expected counts"
    np.testing.assert_allclose(sampling.expected_count(p_true, n, tries[0]), want_t, rtol=4e-7, atol=0)


def test_candidate_sampler_returns_tensorflows_shapes_and_dtypes():
    s, t, q = sampling.candidate_sampler([[1, 2], [3, 4], [0, 9]], 2, 5, True, 10, seed=0)
    assert s.shape == (5,) and s.dtype == np.int64 and t.shape == (3, 2) and q.shape == (5,)
    assert t.dtype == q.dtype == np.float32
    with pytest.raises(ValueError, match=re.escape("true_classes must have num_true columns, expected: 2 was: 1")):
        sampling.candidate_sampler([[1, 2]], 1, 5, True, 10)


# --- simulation ---------------------------------------------------------------

@pytest.fixture(scope="module")
def small_setup():
    return sampling.make_setup(200, dim=8, batch_size=5, seed=1)


@pytest.mark.parametrize("method,api", [("sampled_softmax", SSM), ("nce", NCE)])
@pytest.mark.parametrize("sampler", sampling.SAMPLERS)
def test_the_vectorised_estimate_is_the_entrys_batch_mean(small_setup, method, api, sampler):
    st, n = small_setup, 12
    classes, tries = sampling.draw_unique(st.num_classes, n, np.random.default_rng(2), sampler, repeats=3)
    estimates = sampling.sampled_loss_estimates(st, classes, tries, method=method, sampler=sampler)
    for r in range(3):
        q = lambda k: sampling.expected_count(  # noqa: E731
            sampling.class_probability(k, st.num_classes, sampler), n, tries[r]).astype(np.float64)
        loss = xc.call(api, weights=st.weights, biases=st.biases, labels=st.labels[:, None], inputs=st.inputs,
                       num_sampled=n, num_classes=st.num_classes, sampled_candidates=classes[r],
                       true_expected_count=q(st.labels[:, None]), sampled_expected_count=q(classes[r]))
        np.testing.assert_allclose(estimates[r], loss.mean(), rtol=1e-12)


def test_the_full_loss_is_the_sparse_softmax_cross_entropy(small_setup):
    st = small_setup
    want = xc.call("tf.nn.sparse_softmax_cross_entropy_with_logits", labels=st.labels,
                   logits=st.inputs @ st.weights.T + st.biases)
    np.testing.assert_allclose(sampling.full_softmax_loss(st), want, rtol=1e-12)


def test_the_sampled_softmax_bias_shrinks_to_zero_as_the_sample_covers_the_vocabulary():
    setup = sampling.make_setup(1000, seed=3)
    sim = sampling.simulate_sampled_losses(setup, [10, 100, 300, 1000], repeats=100, seed=0)
    assert np.all(np.diff(np.abs(sim.bias)) < 0) and np.all(sim.bias < 0)  # an underestimate
    assert abs(sim.bias[-1]) < 1e-3 and np.all(np.diff(sim.std) < 0)


def test_the_simulation_returns_plot_ready_arrays_and_reports_progress(small_setup):
    seen = []
    sim = sampling.simulate_sampled_losses(small_setup, [1, 5, 20], repeats=30, method="nce", progress=seen.append)
    assert sim.estimates.shape == sim.num_tries.shape == (3, 30)
    assert sim.mean.shape == sim.std.shape == sim.bias.shape == (3,)
    np.testing.assert_allclose(sim.bias, sim.estimates.mean(axis=1) - sim.full_loss)
    assert seen[0] == 0.0 and seen[-1] == pytest.approx(1.0) and seen == sorted(seen)
    again = sampling.simulate_sampled_losses(small_setup, [1, 5, 20], repeats=30, method="nce")
    np.testing.assert_array_equal(sim.estimates, again.estimates)


def test_the_simulation_refuses_a_sample_larger_than_the_vocabulary(small_setup):
    with pytest.raises(ValueError, match=re.escape("num_sampled values must be in [1, 200], got [10, 300]")):
        sampling.simulate_sampled_losses(small_setup, [10, 300])


def test_the_first_r_repeats_are_the_same_whatever_number_is_drawn(small_setup):
    # each repeat has its own random stream (seed, repeat): 30 repeats are the first 30 of 50
    sizes = [1, 5, 20]
    few = sampling.simulate_sampled_losses(small_setup, sizes, repeats=30, seed=4)
    many = sampling.simulate_sampled_losses(small_setup, sizes, repeats=50, seed=4)
    later = sampling.simulate_sampled_losses(small_setup, sizes, repeats=20, seed=4, first_repeat=30)
    np.testing.assert_array_equal(few.estimates, many.estimates[:, :30])
    np.testing.assert_array_equal(few.num_tries, many.num_tries[:, :30])
    np.testing.assert_array_equal(later.estimates, many.estimates[:, 30:])
    other_seed = sampling.simulate_sampled_losses(small_setup, sizes, repeats=30, seed=5)
    assert not np.array_equal(other_seed.estimates, few.estimates)


def test_repeated_draws_grow_and_shrink_as_the_simulation_of_that_many_repeats(small_setup):
    draws = sampling.RepeatedDraws(small_setup, [1, 5, 20], method="nce", sampler="uniform",
                                   remove_accidental_hits=False, seed=2)
    for repeats in (10, 40, 25, 40):
        got = draws.first(repeats)
        want = sampling.simulate_sampled_losses(small_setup, [1, 5, 20], repeats=repeats, method="nce",
                                                sampler="uniform", remove_accidental_hits=False, seed=2)
        np.testing.assert_array_equal(got.estimates, want.estimates)
        np.testing.assert_array_equal(got.num_tries, want.num_tries)
        np.testing.assert_allclose([got.full_loss, *got.mean, *got.std], [want.full_loss, *want.mean, *want.std],
                                   rtol=1e-12)
