"""The clipping page in AppTest: it runs at its defaults and after each
control, the URL sets the state, and the numbers shown are the learners'
(seed_cases.json, computed by the real frameworks) or follow from the math."""
import json

import numpy as np
import pytest

from conftest import ROOT, chart_specs, load_cases, open_app_page
from xent_core import curves

PAGE = "app_pages/clipping.py"
EN = json.loads((ROOT / "locales" / "en.json").read_text(encoding="utf-8"))
SEEDS = load_cases("seed_cases.json")
KERAS = "keras.losses.binary_crossentropy"
TORCH = "torch.nn.functional.binary_cross_entropy"


def seed(api, dtype, note_start, **kwargs):
    for case in SEEDS:
        if (case["api"] == api and case["dtype"] == dtype and case["note"].startswith(note_start)
                and all(case["kwargs"].get(k) == v for k, v in kwargs.items())):
            return float(np.ravel(case["expected"])[0])
    raise LookupError(f"no seed case {api} {dtype} {note_start}")


def open_page(**params):
    return open_app_page(PAGE, **params)


def table_with(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def marker_row(at, name):
    """One function's row of the table at the marker: loss, gradient, status."""
    table = table_with(at, EN["clipping.col.input"]).set_index(EN["clipping.col.function"])
    row = table.loc[name]
    return row[EN["clipping.col.loss_short"]], row[EN["clipping.col.grad_short"]], row[EN["clipping.col.status"]]


def ends(at, name, end, dtype):
    table = table_with(at, EN["clipping.col.ends_both"].format(dtype="float32"))
    return table.set_index(EN["clipping.col.function"]).loc[name, EN[f"clipping.col.ends_{end}"].format(dtype=dtype)]


def available(api):
    return any(v.api == api and curves.is_available(v) for v in curves.VARIANTS)


def test_the_page_runs_at_its_defaults_with_two_figures_and_three_presets():
    at = open_page()
    assert len(chart_specs(at)) == 2  # the curves against the logit (a layered chart) and against p
    assert len([b for b in at.button if b.key.startswith("preset_")]) == 3
    assert at.selectbox(key="y").value == "1"
    assert at.button_group(key="dtype").value == "float32"
    assert at.number_input(key="x").value == -20.0
    assert at.toggle(key="keras").value is True and at.toggle(key="keraslogits").value is False


def test_at_logit_minus_20_keras_is_clipped_while_the_logits_formula_is_exact():
    at = open_page()
    tf_loss, tf_grad, tf_status = marker_row(at, "tf.nn.sigmoid_cross_entropy_with_logits")
    assert tf_loss == pytest.approx(20 + np.log1p(np.exp(-20)), rel=1e-6)  # softplus(20)
    assert tf_grad == pytest.approx(-1.0) and tf_status == EN["clipping.status.ok"]
    keras_loss, keras_grad, keras_status = marker_row(at, KERAS)
    # sigmoid(-20) = 2e-9 is below 1e-7: the seed-003 ceiling, and no gradient
    assert keras_loss == pytest.approx(seed(KERAS, "float32", "largest loss for y=1"), rel=1e-6)
    assert keras_grad == 0 and keras_status == EN["clipping.status.zero"]


def test_seed_003_preset_logit_minus_30_costs_30_from_logits():
    at = open_page(y="1", dtype="float32", x="-30", keraslogits="true")
    loss, grad, _ = marker_row(at, f"{KERAS}(from_logits=True)")
    assert loss == pytest.approx(seed(KERAS, "float32", "from_logits=True"), rel=1e-6)
    assert grad == pytest.approx(-1.0)
    assert marker_row(at, KERAS)[0] == pytest.approx(seed(KERAS, "float32", "largest loss for y=1"), rel=1e-6)


def test_seed_003_preset_the_float32_ceiling_for_y_0_is_15_942385():
    at = open_page(y="0", dtype="float32", x="30", keraslogits="true")
    assert marker_row(at, KERAS)[0] == pytest.approx(seed(KERAS, "float32", "largest loss for y=0"), rel=1e-6)
    assert ends(at, KERAS, "1", "float32") == pytest.approx(seed(KERAS, "float32", "largest loss for y=0"),
                                                            rel=1e-6)
    assert ends(at, KERAS, "1", "float64") == pytest.approx(seed(KERAS, "float64", "largest loss for y=0"),
                                                            rel=1e-12)


def test_seed_002_test_2_preset_soft_target_on_outputs_0_and_1():
    at = open_page(y="soft", ys="0.5", dtype="float32", x="-40")
    assert ends(at, KERAS, "both", "float32") == pytest.approx(seed(KERAS, "float32", "test_2"), rel=1e-6)
    assert ends(at, KERAS, "both", "float64") == pytest.approx(seed(KERAS, "float64", "test_2"), rel=1e-12)
    if available(TORCH):
        assert ends(at, TORCH, "both", "float32") == seed(TORCH, "float32", "PyTorch on test_2")


def test_the_naive_formula_shows_nan_and_says_so():
    at = open_page(y="1", dtype="float32", x="40")
    loss, _, status = marker_row(at, EN["clipping.legend.naive"])
    assert np.isnan(loss) and status == EN["clipping.status.not_finite"]  # 0 * log(0) in float32
    assert any(EN["clipping.nan.naive"] == caption.value for caption in at.caption)


def test_in_float64_the_naive_formula_survives_a_logit_of_30_with_few_digits_left():
    at = open_page(y="0", dtype="float64", x="30")
    loss, _, _ = marker_row(at, EN["clipping.legend.naive"])
    exact, _, _ = marker_row(at, "tf.nn.sigmoid_cross_entropy_with_logits")
    # 1 - p = 9.4e-14 is computed from p, whose rounding error is about 1.1e-16:
    # only about 3 digits of -log(1 - p) are right
    assert exact == pytest.approx(30.0, rel=1e-12)
    assert 1e-6 < abs(loss - 30.0) < 3e-3


@pytest.mark.parametrize("value", ["0", "soft"])
def test_changing_the_label_reruns_without_exception(value):
    at = open_page()
    at.selectbox(key="y").set_value(value).run()
    assert not at.exception
    if value == "soft":
        at.slider(key="ys").set_value(0.3).run()
        assert not at.exception
        loss, _, _ = marker_row(at, "tf.nn.sigmoid_cross_entropy_with_logits")
        # soft label 0.3 at x = -20: 0.7 softplus(-20) + 0.3 softplus(20)
        assert loss == pytest.approx(0.7 * np.log1p(np.exp(-20)) + 0.3 * (20 + np.log1p(np.exp(-20))), rel=1e-5)


def test_changing_the_dtype_and_the_marker_reruns_without_exception():
    at = open_page()
    at.button_group(key="dtype").set_value("float64").run()
    at.number_input(key="x").set_value(10.0).run()
    assert not at.exception
    loss, _, _ = marker_row(at, KERAS)
    assert loss == pytest.approx(np.log1p(np.exp(-10.0)), rel=1e-9)  # -log(sigmoid(10)), y = 1, float64


@pytest.mark.parametrize("key", [v.key for v in curves.VARIANTS if curves.is_available(v)])
def test_hiding_each_function_removes_its_row(key):
    at = open_page(keraslogits="true")
    at.toggle(key=key).set_value(False).run()
    assert not at.exception
    names = table_with(at, EN["clipping.col.input"])[EN["clipping.col.function"]].tolist()
    assert curves.display_name(curves.variant(key)) not in names


def test_url_parameters_set_every_control():
    at = open_page(y="soft", ys="0.25", dtype="float64", x="5", keras="false", naive="false")
    assert at.selectbox(key="y").value == "soft"
    assert at.slider(key="ys").value == 0.25
    assert at.button_group(key="dtype").value == "float64"
    assert at.number_input(key="x").value == 5.0
    assert at.toggle(key="keras").value is False and at.toggle(key="naive").value is False


def test_a_function_that_refuses_soft_labels_says_so():
    if not available("sklearn.metrics.log_loss"):
        pytest.skip("scikit-learn's log_loss is not in the catalogue")
    at = open_page(y="soft", ys="0.5")
    assert any("sklearn.metrics.log_loss" in error.value for error in at.error)
