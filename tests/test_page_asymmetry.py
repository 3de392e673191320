"""The asymmetry page in AppTest: it runs at its defaults and after each
control, the URL sets the state, and the numbers shown are the learners'
(seed_cases.json, computed by the real frameworks) or follow from the math."""
import json

import numpy as np
import pytest

from conftest import ROOT, chart_specs, load_cases, open_app_page, shown_metrics
from xent_core import curves

PAGE = "app_pages/asymmetry.py"
EN = json.loads((ROOT / "locales" / "en.json").read_text(encoding="utf-8"))
SEEDS = load_cases("seed_cases.json")
KERAS = "keras.losses.binary_crossentropy"


def seed(dtype, note_start):
    for case in SEEDS:
        if case["api"] == KERAS and case["dtype"] == dtype and case["note"].startswith(note_start):
            return float(np.ravel(case["expected"])[0])
    raise LookupError(f"no seed case {dtype} {note_start}")


def open_page(**params):
    return open_app_page(PAGE, tables=True, **params)


def metric(at, label_key, **params):
    label = EN[label_key].format(**params)
    return next(float(value) for shown, value in shown_metrics(at) if shown == label)


def swap_metrics(at, dtype):
    return (metric(at, "asymmetry.swap.forward", dtype=dtype), metric(at, "asymmetry.swap.backward", dtype=dtype))


def decomposition(at, direction):
    """(H, KL, exact CE, Keras) of one direction in the decomposition tables."""
    column = EN["asymmetry.col.direction"]
    for df in at.dataframe:
        table = df.value
        if column in table.columns and direction in table[column].tolist():
            row = table.set_index(column).loc[direction]
            return tuple(row[EN[f"asymmetry.col.{name}"]] for name in ("entropy", "kl", "ce", "framework"))
    raise LookupError(direction)


def bernoulli_ce(p, q):
    return -(p * np.log(q) + (1 - p) * np.log(1 - q))


def test_the_page_runs_at_its_defaults_with_every_figure_and_four_presets():
    at = open_page()
    assert len(chart_specs(at)) == 6
    assert len([b for b in at.button if b.key.startswith("preset_")]) == 4
    assert at.text_input(key="yt").value == "0,1" and at.text_input(key="yp").value == "0.5,0.5"
    assert at.slider(key="p").value == 0.3 and at.slider(key="q").value == 0.8
    assert at.button_group(key="dtype").value == "float32"


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_seed_002_swap_gives_log_2_one_way_and_the_clipped_8_0_the_other(dtype):
    at = open_page(yt="0,1", yp="0.5,0.5", dtype=dtype)
    forward, backward = swap_metrics(at, dtype)
    assert forward == pytest.approx(seed(dtype, "test_1"), rel=1e-6)
    assert backward == pytest.approx(seed(dtype, "test_2"), rel=1e-6)
    # exactly, the swapped direction is infinite: log 0 with weight 0.5
    entropy, kl, exact, _ = decomposition(at, EN["asymmetry.swap.backward_short"])
    assert entropy == pytest.approx(np.log(2)) and kl == np.inf and exact == np.inf
    assert any(info.value == EN["asymmetry.swap.infinite"] for info in at.info)


def test_seed_002_test_3_targets_outside_0_1_with_output_half_still_give_log_2():
    at = open_page(yt="-2,2", yp="0.5,0.5")
    assert swap_metrics(at, "float32")[0] == pytest.approx(seed("float32", "test_3"), rel=1e-6)


def test_seed_002_answer_a_target_of_minus_2_gives_a_negative_loss():
    at = open_page(yt="-2", yp="0.3", out="0.3")
    assert any(w.value == EN["asymmetry.not_probabilities"] for w in at.warning)  # no NaN decomposition
    assert swap_metrics(at, "float32")[0] == pytest.approx(seed("float32", "answer: output 0.3, target -2.0"),
                                                           rel=4e-6)
    sweep = next(df.value for df in at.dataframe if EN["asymmetry.fig.target_axis"] in df.value.columns)
    sweep = sweep.set_index(EN["asymmetry.fig.target_axis"])[EN["asymmetry.fig.loss"]]
    assert sweep.loc[-2.0] == pytest.approx(seed("float32", "answer: output 0.3, target -2.0"), rel=4e-6)
    assert sweep.loc[2.0] == pytest.approx(seed("float32", "answer: output 0.3, target 2.0"), rel=4e-6)
    assert sweep.idxmin() == -2.0 and sweep.min() < 0


def test_pytorch_refuses_the_out_of_range_target_with_its_own_message():
    if not curves.is_available(curves.variant("torch")):
        pytest.skip("PyTorch's binary_cross_entropy is not in the catalogue")
    at = open_page()
    assert any("all elements of target should be between 0 and 1" in e.value for e in at.error)


def test_the_bernoulli_pair_is_decomposed_in_both_directions():
    at = open_page(p="0.3", q="0.8")
    for p, q in ((0.3, 0.8), (0.8, 0.3)):
        entropy, kl, exact, keras = decomposition(at, f"CE({p:g}, {q:g})")
        assert exact == pytest.approx(bernoulli_ce(p, q), rel=1e-12)
        assert entropy == pytest.approx(bernoulli_ce(p, p), rel=1e-12)  # H(p) = CE(p, p)
        assert entropy + kl == pytest.approx(exact, rel=1e-12)
        assert float(keras) == pytest.approx(bernoulli_ce(p, q), rel=1e-6)  # float32 Keras, no clipping here


def test_a_grey_pixel_of_0_3_can_never_cost_less_than_its_entropy():
    at = open_page(p="0.3", q="0.3")
    assert metric(at, "asymmetry.floor.minimum", p="0.3") == pytest.approx(bernoulli_ce(0.3, 0.3), abs=1e-6)
    assert metric(at, "asymmetry.floor.half", p="0.3") == pytest.approx(np.log(2), abs=1e-6)
    floor = next(df.value for df in at.dataframe if "CE(0.3, q)" in df.value.columns)
    assert floor["CE(0.3, q)"].min() >= bernoulli_ce(0.3, 0.3)


def test_three_classes_both_directions_follow_the_definition():
    at = open_page(cp="0.7,0.2,0.1", cq="0.2,0.5,0.3")
    p, q = np.array([0.7, 0.2, 0.1]), np.array([0.2, 0.5, 0.3])
    for direction, a, b in (("CE(p, q)", p, q), ("CE(q, p)", q, p)):
        entropy, kl, exact, keras = decomposition(at, direction)
        assert exact == pytest.approx(-np.sum(a * np.log(b)), rel=1e-6)  # float32 inputs
        assert entropy == pytest.approx(-np.sum(a * np.log(a)), rel=1e-6)
        assert float(keras) == pytest.approx(exact, rel=1e-5)


def test_bad_text_keeps_the_last_valid_distribution_and_different_lengths_show_keras_message():
    at = open_page()
    at.text_input(key="cp").input("0.7,abc").run()
    assert not at.exception and at.error  # the parse error, under the box
    at.text_input(key="cp").input("0.5,0.5").run()
    assert not at.exception
    assert any("same shape" in e.value or "shape" in e.value for e in at.error)


@pytest.mark.parametrize("key, value", [("p", 0.6), ("q", 0.1), ("out", 0.5)])
def test_moving_each_slider_reruns_without_exception(key, value):
    at = open_page()
    at.slider(key=key).set_value(value).run()
    assert not at.exception
    assert at.slider(key=key).value == value


def test_changing_the_dtype_and_the_swap_arrays_reruns_without_exception():
    at = open_page()
    at.button_group(key="dtype").set_value("float64").run()
    at.text_input(key="yt").input("1,0,1").run()
    at.text_input(key="yp").input("0.9,0.2,0.6").run()
    assert not at.exception
    forward, _ = swap_metrics(at, "float64")
    assert forward == pytest.approx(np.mean([bernoulli_ce(1, 0.9), bernoulli_ce(0, 0.2), bernoulli_ce(1, 0.6)]),
                                    rel=1e-12)


def test_an_output_of_one_half_makes_the_target_sweep_flat_at_log_2():
    at = open_page(out="0.5", dtype="float64")
    sweep = next(df.value for df in at.dataframe if EN["asymmetry.fig.target_axis"] in df.value.columns)
    np.testing.assert_allclose(sweep[EN["asymmetry.fig.loss"]], np.log(2), rtol=1e-12)


def test_url_parameters_set_every_control():
    at = open_page(dtype="float64", yt="1,0", yp="0.2,0.4", p="0.45", q="0.15", cp="0.5,0.3,0.2",
                   cq="0.1,0.1,0.8", out="0.7")
    assert at.button_group(key="dtype").value == "float64"
    assert at.text_input(key="yt").value == "1,0" and at.text_input(key="yp").value == "0.2,0.4"
    assert at.slider(key="p").value == 0.45 and at.slider(key="q").value == 0.15
    assert at.text_input(key="cp").value == "0.5,0.3,0.2" and at.text_input(key="cq").value == "0.1,0.1,0.8"
    assert at.slider(key="out").value == 0.7


def test_a_zero_output_where_the_target_is_positive_is_infinite_and_explained():
    at = open_page(cp="0.5,0.5,0", cq="0.2,0.3,0.5")
    _, kl, exact, keras = decomposition(at, "CE(q, p)")
    assert kl == np.inf and exact == np.inf
    # Keras clips the zero to 1e-7: 0.5 log(1e-7) dominates
    assert float(keras) == pytest.approx(-(0.2 * np.log(0.5) + 0.3 * np.log(0.5) + 0.5 * np.log(1e-7)), rel=1e-5)
    assert any(info.value == EN["asymmetry.infinite"] for info in at.info)
