"""Exercises: every kind's answer against an independent computation (the
formula by hand in float64, or the real frameworks' numbers of
seed_cases.json), determinism per seed, ``check``, the catalogue keys, the
links, and the figure builder."""
import json
import math
import string

import numpy as np
import pytest

from conftest import ROOT
from xent_core.exercises.exercise import ABS_TOL, CHOICE, NUMBER, SIGN, catalogue_keys, check
from xent_core.exercises.framework_quirks import TORCH_EDGE_CASES
from xent_core.exercises.registry import KINDS, MAX_SEED, make_exercise, random_seed
from xent_core.figures.exercises import make_exercise_figure

SEEDS = range(40)
SEED_CASES = json.loads((ROOT / "tests" / "fixtures" / "seed_cases.json").read_text())
KERAS_EPS = 1e-7


def seed_case(api, dtype="float32", **kwargs):
    """The expected value of the seed case with these kwargs."""
    for case in SEED_CASES:
        if case["api"] == api and case["dtype"] == dtype and all(case["kwargs"].get(k) == v for k, v in kwargs.items()):
            return case
    raise KeyError((api, kwargs))


def exercises(kind):
    return [make_exercise(kind, seed) for seed in SEEDS]


def catalogue():
    """English text as the app will have it: en.json, plus this page's
    fragment while it is not merged yet."""
    text = json.loads((ROOT / "locales" / "en.json").read_text(encoding="utf-8"))
    fragment = ROOT / "locales" / "fragments" / "exercises.json"
    if fragment.exists():
        text.update(json.loads(fragment.read_text(encoding="utf-8")))
    return text


# --- the registry ------------------------------------------------------------------

def test_there_are_at_least_ten_kinds_each_documented_and_titled():
    assert len(KINDS) >= 10
    text = catalogue()
    for name, kind in KINDS.items():
        assert kind.summary, name
        assert f"exercises.kind.{name}" in text
        if kind.classic:
            assert f"exercises.preset.{name}" in text


def test_every_answer_type_is_used():
    types = {make_exercise(kind, seed).answer_type for kind in KINDS for seed in range(5)}
    assert types == {NUMBER, CHOICE, SIGN}


# --- determinism ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(KINDS))
def test_the_same_kind_and_seed_give_the_same_exercise(kind):
    for seed in (0, 1, 17, MAX_SEED):
        assert make_exercise(kind, seed) == make_exercise(kind, seed)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "right_loss"])
def test_different_seeds_give_different_numbers(kind):
    prompts = {json.dumps(make_exercise(kind, seed).prompt_params, sort_keys=True) for seed in range(1, 21)}
    assert len(prompts) >= 4


def test_the_draws_are_pinned_so_every_machine_shows_the_same_exercise():
    """These pin numpy's integer stream for a few seeds: a class on other
    machines (or numpy versions) must see these very numbers."""
    assert make_exercise("softmax_ce", 1).inputs == {
        "api": "tf.nn.sparse_softmax_cross_entropy_with_logits", "logits": (0.5, -2.8, -2.0), "c": 2}
    assert make_exercise("asymmetry", 1).inputs == {"p": 0.55, "q": 0.1}
    assert make_exercise("smoothing", 3).inputs == {
        "api": "keras.losses.categorical_crossentropy", "y": 1.0, "s": 0.1, "k": 7}
    assert make_exercise("one_hot", 42).inputs["logits"] == (-0.8, 0.3, 1.1, 0.4, -0.4)


def test_bad_kind_or_seed_is_refused_with_a_message():
    with pytest.raises(ValueError, match="unknown exercise kind 'nope'"):
        make_exercise("nope", 1)
    with pytest.raises(ValueError, match=r"outside \[0, 999999\]"):
        make_exercise("sigmoid_ce", -1)


def test_a_new_seed_is_in_range():
    assert all(1 <= random_seed() <= MAX_SEED for _ in range(50))


# --- every kind's answer, computed independently ---------------------------------------

def softplus(x):
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def keras_bce(y, p):
    """Keras's binary cross-entropy in float64: p clipped to [1e-7, 1 - 1e-7]."""
    p = min(max(p, KERAS_EPS), 1 - KERAS_EPS)
    return -(y * math.log(p) + (1 - y) * math.log(1 - p))


def close32(actual, expected):
    """Equal at float32's precision (the frameworks compute in float32)."""
    return math.isclose(actual, expected, rel_tol=2e-6, abs_tol=2e-6)


def test_sigmoid_ce_is_softplus_of_minus_x_for_label_1_and_of_x_for_label_0():
    for ex in exercises("sigmoid_ce"):
        x, y = ex.inputs["x"], ex.inputs["y"]
        assert close32(ex.answer, softplus(-x) if y == 1 else softplus(x)), ex.inputs
        assert f"{x:g}" in ex.prompt_params["call"] and ex.inputs["api"] in ex.prompt_params["call"]


def test_sigmoid_ce_seed_0_is_seed_003_keras_from_logits_at_minus_30():
    case = seed_case("keras.losses.binary_crossentropy", y_pred=[[-30.0]], from_logits=True)
    assert close32(make_exercise("sigmoid_ce", 0).answer, case["expected"][0])


def test_softmax_ce_is_logsumexp_minus_the_true_logit():
    for ex in exercises("softmax_ce"):
        logits, c = ex.inputs["logits"], ex.inputs["c"]
        expected = math.log(sum(math.exp(v) for v in logits)) - logits[c]
        assert close32(ex.answer, expected), ex.inputs


def test_softmax_ce_seed_0_is_seed_004_row_1():
    case = seed_case("tf.nn.softmax_cross_entropy_with_logits")
    assert close32(make_exercise("softmax_ce", 0).answer, case["expected"][0])


def test_grad_sign_is_negative_for_the_true_class_and_the_sign_of_sigma_minus_y():
    for ex in exercises("grad_sign"):
        i = ex.inputs
        if i["family"] == "softmax":
            expected = "-" if i["k"] == i["c"] else "+"
        else:
            expected = "+" if 1 / (1 + math.exp(-i["x"])) > i["y"] else "-"
        assert ex.answer == expected, i
    assert {make_exercise("grad_sign", s).inputs["family"] for s in SEEDS} == {"softmax", "sigmoid"}


def test_larger_loss_compares_keras_clipped_bce_by_hand():
    for ex in exercises("larger_loss")[1:]:
        a, b = (keras_bce(y[0], p[0]) for y, p in zip(ex.inputs["y_true"], ex.inputs["y_pred"]))
        assert ex.answer == ("a" if a > b else "b"), ex.inputs


def test_larger_loss_seed_0_is_seed_002_tests_1_and_3_which_are_equal():
    test_1 = seed_case("keras.losses.binary_crossentropy", y_true=[[0.0, 1.0]], y_pred=[[0.5, 0.5]])
    test_3 = seed_case("keras.losses.binary_crossentropy", y_true=[[-2.0, 2.0]], y_pred=[[0.5, 0.5]])
    assert test_1["expected"] == test_3["expected"]
    ex = make_exercise("larger_loss", 0)
    assert ex.inputs == {"y_true": [test_1["kwargs"]["y_true"][0], test_3["kwargs"]["y_true"][0]],
                         "y_pred": [[0.5, 0.5], [0.5, 0.5]]}
    assert ex.answer == "equal"


RIGHT_LOSS = {  # (task, framework) -> the function, from the frameworks' documentation
    ("multi_label", "TensorFlow"): "tf.nn.sigmoid_cross_entropy_with_logits",
    ("index", "TensorFlow"): "tf.nn.sparse_softmax_cross_entropy_with_logits",
    ("one_hot", "TensorFlow"): "tf.nn.softmax_cross_entropy_with_logits",
    ("soft", "TensorFlow"): "tf.nn.softmax_cross_entropy_with_logits",
    ("imbalanced", "TensorFlow"): "tf.nn.weighted_cross_entropy_with_logits",
    ("multi_label", "Keras 3"): "keras.losses.binary_crossentropy",
    ("index", "Keras 3"): "keras.losses.sparse_categorical_crossentropy",
    ("one_hot", "Keras 3"): "keras.losses.categorical_crossentropy",
    ("soft", "Keras 3"): "keras.losses.categorical_crossentropy",
    ("imbalanced", "Keras 3"): "keras.losses.binary_focal_crossentropy",
    ("multi_label", "PyTorch"): "torch.nn.functional.binary_cross_entropy_with_logits",
    ("index", "PyTorch"): "torch.nn.functional.cross_entropy",
    ("one_hot", "PyTorch"): "torch.nn.functional.cross_entropy",
    ("soft", "PyTorch"): "torch.nn.functional.cross_entropy",
    ("imbalanced", "PyTorch"): "torch.nn.functional.binary_cross_entropy_with_logits",
}


def test_right_loss_is_the_documented_function_for_the_task():
    seen = set()
    for ex in [make_exercise("right_loss", seed) for seed in range(120)]:
        task, framework = ex.inputs["task"], ex.inputs["framework"]
        assert ex.answer == RIGHT_LOSS[task, framework]
        assert ex.answer in [o.id for o in ex.options]
        seen.add((task, framework))
    assert seen == set(RIGHT_LOSS)
    assert make_exercise("right_loss", 0).inputs == {"task": "multi_label", "framework": "Keras 3"}  # seed 003


def test_one_hot_answer_has_a_single_1_at_the_class_index_counted_from_0():
    for ex in exercises("one_hot"):
        k, c = ex.inputs["k"], ex.inputs["c"]
        assert ex.answer == "[" + ", ".join("1" if i == c else "0" for i in range(k)) + "]"
        ids = [o.id for o in ex.options]
        assert ex.answer in ids and len(set(ids)) == len(ids) >= 3


def test_two_class_logit_is_the_difference_of_the_logits():
    for ex in exercises("two_class_logit"):
        assert math.isclose(ex.answer, ex.inputs["z1"] - ex.inputs["z0"], abs_tol=1e-12)


def test_entropy_floor_is_the_entropy_and_the_framework_reaches_it_at_log_p():
    from xent_core.frameworks import call
    for ex in exercises("entropy_floor"):
        p = ex.inputs["p"]
        assert math.isclose(ex.answer, -sum(v * math.log(v) for v in p), rel_tol=1e-12)
        at_best = call("tf.nn.softmax_cross_entropy_with_logits", labels=np.array([p]), logits=np.log([p]))
        assert math.isclose(float(at_best[0]), ex.answer, rel_tol=1e-9)
    assert math.isclose(make_exercise("entropy_floor", 0).answer, math.log(2))  # seed 002: [0.5, 0.5]


def test_asymmetry_compares_the_two_cross_entropies_by_hand():
    def ce(p, q):
        return -p * math.log(q) - (1 - p) * math.log(1 - q)
    for ex in exercises("asymmetry"):
        p, q = ex.inputs["p"], ex.inputs["q"]
        assert ex.answer == ("pq" if ce(p, q) > ce(q, p) else "qp"), ex.inputs


def test_smoothing_is_y_times_1_minus_s_plus_s_over_2_or_over_k():
    for ex in exercises("smoothing"):
        y, s, k = ex.inputs["y"], ex.inputs["s"], ex.inputs["k"]
        towards = 2 if ex.inputs["api"] == "keras.losses.binary_crossentropy" else k
        assert math.isclose(ex.answer, y * (1 - s) + s / towards, abs_tol=1e-12), ex.inputs
    assert {make_exercise("smoothing", s).inputs["api"] for s in SEEDS} == {
        "keras.losses.binary_crossentropy", "keras.losses.categorical_crossentropy"}


def test_keras_clip_ceilings_are_the_float32_seed_003_numbers():
    y1 = seed_case("keras.losses.binary_crossentropy", y_true=[[1.0]], y_pred=[[0.0]])["expected"][0]
    y0 = seed_case("keras.losses.binary_crossentropy", y_true=[[0.0]], y_pred=[[1.0]])["expected"][0]
    assert make_exercise("keras_clip", 0).inputs == {"y": 1.0, "p": 0.0}
    for ex in exercises("keras_clip"):
        y, p = ex.inputs["y"], ex.inputs["p"]
        if (y, p) == (1.0, 0.0):
            assert close32(ex.answer, y1)        # 16.118095
        elif (y, p) == (0.0, 1.0):
            assert close32(ex.answer, y0)        # 15.942385, not 16.118: float32 rounds 1 - 1e-7
        elif p in (0.0, 1.0):
            assert 0 < ex.answer < 2e-7          # right and confident: -log(1 - ~1e-7)
        else:
            assert close32(ex.answer, keras_bce(y, p)), ex.inputs
    assert {(e.inputs["y"], e.inputs["p"]) for e in exercises("keras_clip")} >= {(1.0, 0.0), (0.0, 1.0)}


def test_keras_target_evaluates_the_formula_as_is_including_seed_002():
    case = seed_case("keras.losses.binary_crossentropy", y_true=[[-2.0]])
    assert close32(make_exercise("keras_target", 0).answer, case["expected"][0])  # -1.3379207
    for ex in exercises("keras_target"):
        y, p = ex.inputs["y"], ex.inputs["p"]
        assert not 0 <= y <= 1
        assert math.isclose(ex.answer, keras_bce(y, p), rel_tol=1e-5, abs_tol=1e-5), ex.inputs


TORCH_EXPECTED = {  # PyTorch: each log clamped at -100; input and target checked to lie in [0, 1]
    ((0.0,), (1.0,)): "100", ((1.0,), (0.0,)): "100", ((0.0,), (0.0,)): "0", ((1.0,), (1.0,)): "0",
    ((0.0,), (0.5,)): "50", ((1.0,), (0.5,)): "50", ((0.0, 1.0), (0.5, 0.5)): "50",
    ((0.3,), (-2.0,)): "raises", ((0.3,), (2.0,)): "raises", ((1.5,), (1.0,)): "raises",
    ((-0.2,), (0.0,)): "raises", (("nan",), (1.0,)): "raises",
}


def torch_key(values):
    return tuple("nan" if v != v else v for v in values)


def test_torch_edge_outcomes_follow_the_clamp_and_the_range_check():
    assert len(TORCH_EDGE_CASES) == len(TORCH_EXPECTED)
    for ex in exercises("torch_bce_edge"):
        key = (torch_key(ex.inputs["input"]), torch_key(ex.inputs["target"]))
        assert ex.answer == TORCH_EXPECTED[key], key


def test_torch_edge_seed_0_is_seed_002_pytorch_50():
    case = seed_case("torch.nn.functional.binary_cross_entropy", input=[0.0, 1.0])
    ex = make_exercise("torch_bce_edge", 0)
    assert ex.inputs == {"input": [0.0, 1.0], "target": [0.5, 0.5]}
    assert float(ex.answer) == case["expected"]
    raising = seed_case("torch.nn.functional.binary_cross_entropy", target=[-2.0])["raises"]
    refused = next(e for s in range(1, 200) if (e := make_exercise("torch_bce_edge", s)).inputs["target"] == [-2.0])
    assert refused.answer == "raises" and refused.explanation_params["message"] == raising


# --- check --------------------------------------------------------------------------

def wrong_choice(ex):
    return next(o.id for o in ex.options if o.id != ex.answer)


@pytest.mark.parametrize("kind", list(KINDS))
def test_check_accepts_the_right_answer_and_rejects_a_wrong_one(kind):
    for ex in exercises(kind)[:15]:
        if ex.answer_type == NUMBER:
            assert check(ex, round(ex.answer, 3)) == (True, "exercises.feedback.correct")
            assert check(ex, ex.answer + 0.9 * ABS_TOL)[0]
            assert not check(ex, ex.answer + 0.05)[0]
            assert not check(ex, ex.answer - 1)[0]
        else:
            assert check(ex, ex.answer) == (True, "exercises.feedback.correct")
            assert not any(check(ex, o.id)[0] for o in ex.options if o.id != ex.answer)
            assert check(ex, wrong_choice(ex))[1] != "exercises.feedback.correct"


def test_no_answer_is_not_checked():
    ex = make_exercise("sigmoid_ce", 3)
    assert check(ex, None) == (False, "exercises.feedback.no_answer")
    assert check(ex, float("nan")) == (False, "exercises.feedback.no_answer")
    assert check(make_exercise("asymmetry", 3), None) == (False, "exercises.feedback.no_answer")


def test_known_mistakes_get_their_own_explanation():
    clip = make_exercise("keras_clip", 0)  # y = 1, p = 0
    assert check(clip, 100) == (False, "exercises.feedback.torch_clamp")
    ceiling = next(e for s in range(1, 100) if (e := make_exercise("keras_clip", s)).inputs == {"y": 0.0, "p": 1.0})
    assert check(ceiling, 16.118) == (False, "exercises.feedback.float32_ceiling")  # the float64 value
    assert check(make_exercise("sigmoid_ce", 0), 16.118) == (False, "exercises.feedback.no_clip_on_logits")
    assert check(make_exercise("softmax_ce", 0), 0.9033530) == (False, "exercises.feedback.binary_formula")
    assert check(make_exercise("entropy_floor", 0), 0) == (False, "exercises.feedback.floor_not_zero")
    assert check(make_exercise("torch_bce_edge", 0), "inf") == (False, "exercises.feedback.torch_clamps")
    smooth = make_exercise("smoothing", 3)  # categorical, y = 1, s = 0.1: binary's 0.95 is the other convention
    assert check(smooth, 0.95) == (False, "exercises.feedback.other_smoothing")


def test_an_answer_a_little_outside_the_tolerance_is_called_close():
    ex = make_exercise("softmax_ce", 1)
    assert check(ex, ex.answer + 0.004) == (False, "exercises.feedback.close")


# --- text and links -----------------------------------------------------------------

def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_text_an_exercise_needs_is_in_the_catalogue_and_formats(kind):
    text = catalogue()
    for ex in exercises(kind):
        missing = catalogue_keys(ex) - set(text)
        assert not missing, missing
        for key, params in ((ex.prompt_key, ex.prompt_params), (ex.explanation_key, ex.explanation_params)):
            assert placeholders(text[key]) <= set(params), key
            text[key].format(**params)


def test_feedback_texts_have_no_placeholders_as_they_are_shown_without_parameters():
    text = catalogue()
    feedback = [k for k in text if k.startswith("exercises.feedback.")]
    assert feedback and all(not placeholders(text[k]) for k in feedback)


@pytest.mark.parametrize("kind", list(KINDS))
def test_links_open_an_existing_page_with_text_parameters(kind):
    for ex in exercises(kind)[:10]:
        assert (ROOT / ex.link.page).exists(), ex.link.page
        assert all(isinstance(v, str) for v in ex.link.params.values())
        if ex.link.page == "app_pages/surface.py":
            p = ex.link.params
            logits = [float(v) for v in p["logits"].split(",")]
            assert len(logits) == int(p["k"]) and p["i"] != p["j"]
            assert float(p["xi"]) == logits[int(p["i"])] and float(p["xj"]) == logits[int(p["j"])]


def test_the_two_class_link_sets_the_difference_and_the_shift_on_the_sliders_steps():
    for ex in exercises("two_class_logit"):
        z0, z1, params = ex.inputs["z0"], ex.inputs["z1"], ex.link.params
        assert math.isclose(float(params["d"]), z1 - z0, abs_tol=1e-9) and float(params["c"]) == z0
        assert (2 * z0).is_integer() and params["logits"] == f"{z0:g},{z1:g}"


def test_the_asymmetry_links_carry_the_exercise_numbers():
    for ex in exercises("asymmetry"):
        assert ex.link.params == {"p": f"{ex.inputs['p']:g}", "q": f"{ex.inputs['q']:g}"}
    for ex in exercises("keras_target"):
        assert float(ex.link.params["yt"]) == ex.inputs["y"] and float(ex.link.params["yp"]) == ex.inputs["p"]


# --- the figure ---------------------------------------------------------------------

def figure_args(ex):
    plot = ex.plot
    series = [(s.name_key, s.x, s.y) for s in plot.series]
    points = [(s.name_key, s.x, s.y) for s in plot.points]
    return plot.style, series, points


@pytest.mark.parametrize("kind,seed", [("sigmoid_ce", 1), ("softmax_ce", 1), ("asymmetry", 1), ("larger_loss", 2)])
def test_figures_have_one_trace_per_series_and_point_in_float32_under_budget(kind, seed):
    ex = make_exercise(kind, seed)
    style, series, points = figure_args(ex)
    fig = make_exercise_figure(style, series, points, x_title="x", y_title="y")
    assert len(fig.data) == len(series) + len(points)
    assert [t.name for t in fig.data] == [s[0] for s in series + points]
    for trace in fig.data:
        assert np.asarray(trace.y).dtype == np.float32
    assert len(fig.to_json()) < 300_000


def test_the_softmax_figure_shows_probabilities_summing_to_1_and_the_label():
    ex = make_exercise("softmax_ce", 1)
    probs, label = ex.plot.series
    assert ex.plot.style == "bars"
    assert math.isclose(sum(probs.y), 1.0) and label.y[ex.inputs["c"]] == 1.0


def test_a_bad_figure_style_is_refused():
    with pytest.raises(ValueError, match="style must be"):
        make_exercise_figure("pie", [], x_title="x", y_title="y")
