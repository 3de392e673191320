"""The loss-surface page in AppTest: it runs at its defaults and after each
control, the URL and the presets set the state, and the numbers shown are
the learners' (seed_cases.json, computed by the real frameworks) or follow
from the math written in each test."""
import json

import numpy as np
import pytest

from conftest import ROOT, chart_specs, load_cases, open_app_page, shown_metrics, shown_notes
from ui.show import NOTE_CODE, note_html

PAGE = "app_pages/surface.py"
EN = json.loads((ROOT / "locales" / "en.json").read_text(encoding="utf-8"))
SEEDS = load_cases("seed_cases.json")


def seed(api, dtype, note_start):
    return next(np.ravel(c["expected"]) for c in SEEDS
                if c["api"] == api and c["dtype"] == dtype and c["note"].startswith(note_start))


def open_page(**params):
    return open_app_page(PAGE, **params)


def assert_ran(at):
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""


def metrics(at):
    """Loss, the two gradient components and the lowest possible loss, as
    shown (5 significant digits: compare at rel=1e-4)."""
    return [float(value) for _, value in shown_metrics(at)]


def softmax(x):
    e = np.exp(np.asarray(x, np.float64) - np.max(x))
    return e / e.sum()


def softplus(x):
    return np.log1p(np.exp(x))


def chart_spec(at, index=0):
    return chart_specs(at)[index]


def test_the_page_opens_on_seed_004_row_1_with_the_framework_loss():
    at = open_page()
    loss, grad_i, grad_j, floor = metrics(at)
    expected = seed("tf.nn.softmax_cross_entropy_with_logits", "float64", "softmax cross-entropy")[0]
    assert loss == pytest.approx(expected, rel=1e-4)
    # d loss / d x_k = softmax(x)_k - y_k (labels sum to 1)
    q = softmax([0.5, 1.5, 0.1])
    assert grad_i == pytest.approx(q[0], rel=1e-4)
    assert grad_j == pytest.approx(q[1] - 1, rel=1e-4)
    assert floor == 0.0  # a one-hot label has entropy 0
    assert len(chart_specs(at)) == 2  # the map and, for K = 3, the simplex


def test_the_framework_call_and_its_float32_loss_are_written_under_the_numbers():
    """The call as a learner would type it, and the loss TensorFlow gives in
    float32 (seed 004, row 1); padded logits are said to be padded."""
    notes = shown_notes(open_page())
    expected = seed("tf.nn.softmax_cross_entropy_with_logits", "float32", "softmax cross-entropy")[0]
    assert len(notes) == 1 and notes[0].startswith(
        "tf.nn.softmax_cross_entropy_with_logits(labels=[0, 1, 0], logits=[0.5, 1.5, 0.1]) in float32 gives ")
    assert float(notes[0].split(" gives ")[1].split(";")[0]) == pytest.approx(expected, rel=1e-6)
    padded = shown_notes(open_page(k="4"))
    assert padded[0] == "The logits or the label did not have K = 4 entries: they were padded with 0 or cut to 4."
    assert "logits=[0.5, 1.5, 0.1, 0])" in padded[1]


def test_a_note_keeps_its_text_and_sets_code_spans_in_monospace():
    assert note_html("a `f(x<1)` b") == f'a <code style="{NOTE_CODE}">f(x&lt;1)</code> b'
    assert note_html("one ` only & more") == "one ` only &amp; more"


def test_the_data_tables_hold_the_descent_and_the_simplex_and_follow_the_point():
    """Both tables behind their buttons: the path (steps + 1 rows, from the
    point, each row's loss the map's at that point) and the simplex's grid;
    at K = 4 there is no simplex and no button for it."""
    at = open_app_page(PAGE, tables=True, steps="12", xi="-1")
    keys = [b.key for b in at.main.button if b.key and b.key.endswith("_data_button")]
    assert keys == ["surface_map_data_button", "surface_simplex_data_button"]
    path, simplex = (table.value for table in at.main.dataframe)
    assert len(path) == 13 and tuple(path.iloc[0, 1:3]) == pytest.approx((-1.0, 1.5))
    labels = np.array([0.0, 1.0, 0.0])
    logits = np.array([path.iloc[5, 1], path.iloc[5, 2], 0.1])
    assert path.iloc[5, 3] == pytest.approx(-np.log(softmax(logits)) @ labels, rel=1e-6)
    assert len(simplex) > 1000 and np.allclose(simplex[["q0", "q1", "q2"]].sum(axis=1), 1.0)
    at.slider(key="xi").set_value(2.0).run()
    assert tuple(at.main.dataframe[0].value.iloc[0, 1:3]) == pytest.approx((2.0, 1.5))
    wider = open_app_page(PAGE, k="4")
    assert [b.key for b in wider.main.button if b.key and b.key.endswith("_data_button")] == ["surface_map_data_button"]


def test_the_descent_plays_in_the_browser_as_one_frame_per_step():
    at = open_page(steps="12")
    spec = chart_spec(at)
    assert len(spec["frames"]) == 13
    assert len(spec["layout"]["sliders"][0]["steps"]) == 13
    assert [t["type"] for t in spec["data"]][:2] == ["heatmap", "contour"]


@pytest.mark.parametrize("key, value", [
    ("fam", "sigmoid"), ("i", "2"), ("j", "2"), ("ls", 0.3), ("xi", -3.0), ("xj", 4.0),
    ("lr", 2.5), ("steps", 5), ("span", 10.0), ("k", 6), ("view3d", True), ("arrows", False),
])
def test_each_control_can_change_without_an_error(key, value):
    at = open_page()
    widget = next(w for kind in ("selectbox", "slider", "toggle") for w in getattr(at, kind) if w.key == key)
    widget.set_value(value).run()
    assert_ran(at)
    assert widget.key == key


def test_typed_logits_and_labels_change_the_loss():
    at = open_page()
    at.text_input(key="labels").set_value("0.2,0.5,0.3").run()
    at.text_input(key="logits").set_value("0.5,1.5,-2").run()
    assert_ran(at)
    # -sum y log softmax(x), with x_i, x_j from the sliders (0.5, 1.5)
    expected = -np.dot([0.2, 0.5, 0.3], np.log(softmax([0.5, 1.5, -2.0])))
    assert metrics(at)[0] == pytest.approx(expected, rel=1e-4)
    # the lowest loss of a soft label is its entropy
    assert metrics(at)[3] == pytest.approx(-np.dot([0.2, 0.5, 0.3], np.log([0.2, 0.5, 0.3])), rel=1e-4)


def test_the_url_sets_the_family_the_classes_and_the_point():
    at = open_page(fam="sigmoid", k="2", xi="-1.2", xj="0.7", logits="5,5")
    assert at.selectbox(key="fam").value == "sigmoid"
    assert at.slider(key="k").value == 2
    loss, grad_i, grad_j, _ = metrics(at)
    # default label 0,1,0 cut to 0,1: class 0 is a "no", class 1 a "yes"
    assert loss == pytest.approx(softplus(-1.2) + softplus(-0.7), rel=1e-4)
    assert grad_i == pytest.approx(1 / (1 + np.exp(1.2)), rel=1e-4)
    assert grad_j == pytest.approx(1 / (1 + np.exp(-0.7)) - 1, rel=1e-4)


def test_label_smoothing_mixes_the_label_with_the_uniform_one():
    at = open_page(ls="0.3")
    smoothed = np.array([0, 1, 0]) * 0.7 + 0.3 / 3
    expected = -np.dot(smoothed, np.log(softmax([0.5, 1.5, 0.1])))
    assert metrics(at)[0] == pytest.approx(expected, rel=1e-4)


def test_the_seed_004_row_2_preset_puts_the_wrong_class_ahead():
    at = open_page()
    at.button(key="preset_seed004_row2").click().run()
    assert_ran(at)
    assert (at.selectbox(key="i").value, at.selectbox(key="j").value) == ("2", "0")
    expected = seed("tf.nn.softmax_cross_entropy_with_logits", "float64", "softmax cross-entropy")[1]
    assert metrics(at)[0] == pytest.approx(expected, rel=1e-4)


def test_the_seed_002_preset_with_targets_minus_2_and_2_has_no_floor():
    at = open_page(lr="3.0")
    at.button(key="preset_seed002_outside").click().run()
    assert_ran(at)
    loss, _, _, floor = metrics(at)
    # at output 0.5 every target gives log 2 per class (Keras: mean over the 2 classes)
    keras_mean = seed("keras.losses.binary_crossentropy", "float64", "test_3")[0]
    assert loss == pytest.approx(2 * keras_mean, rel=1e-4)  # shown with 5 digits
    assert floor == -np.inf
    assert at.slider(key="lr").value == 1.0  # the preset sets every control, not only its own
    assert any("outside [0, 1]" in w.value for w in at.warning)


def test_the_soft_target_preset_has_the_entropy_as_its_floor():
    at = open_page()
    at.button(key="preset_seed002_soft").click().run()
    assert metrics(at)[3] == pytest.approx(2 * np.log(2), rel=1e-4)


def test_two_classes_under_softmax_depend_only_on_the_difference():
    at = open_page()
    at.button(key="preset_two_classes").click().run()
    at.slider(key="xi").set_value(2.0).run()
    at.slider(key="xj").set_value(3.0).run()
    loss, grad_i, grad_j, _ = metrics(at)
    assert loss == pytest.approx(softplus(-1.0), rel=1e-4)  # label on class 1, difference 1
    assert grad_i == pytest.approx(-grad_j, abs=1e-6)       # flat along the diagonal


def test_fewer_classes_bring_the_class_pickers_back_in_range():
    at = open_page()
    at.selectbox(key="i").set_value("2").run()
    at.slider(key="k").set_value(2).run()
    assert_ran(at)
    assert at.selectbox(key="i").value in ("0", "1")
    assert at.selectbox(key="j").value != at.selectbox(key="i").value


def test_bad_logits_keep_the_last_valid_ones_and_say_why():
    at = open_page()
    before = metrics(at)[0]
    at.text_input(key="logits").set_value("0.5,abc").run()
    assert_ran(at)
    assert at.error and "abc" in at.error[0].value
    assert metrics(at)[0] == before


def test_a_nan_logit_is_refused_with_a_reason_instead_of_a_nan_surface():
    at = open_page()
    at.text_input(key="logits").set_value("nan,1,2").run()
    assert_ran(at)
    assert not chart_specs(at)
    assert any(EN["surface.non_finite"] == e.value for e in at.error)


def test_the_3d_view_keeps_the_animation_and_drops_the_arrows():
    at = open_page(view3d="true", steps="4")
    spec = chart_spec(at)
    assert spec["data"][0]["type"] == "surface"
    assert len(spec["frames"]) == 5
    assert at.toggle(key="arrows").disabled
