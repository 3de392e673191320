"""The sigmoid-vs-softmax page in AppTest: it runs at its defaults and after
each control, the URL and the presets set the state, and the numbers shown
are the learners' (seed_cases.json, computed by the real frameworks) or
follow from the math written in each test."""
import json

import numpy as np
import pytest

from conftest import ROOT, chart_specs, load_cases, open_app_page, open_data_tables

PAGE = "app_pages/sigmoid_vs_softmax.py"
EN = json.loads((ROOT / "locales" / "en.json").read_text(encoding="utf-8"))
SEEDS = load_cases("seed_cases.json")
SPARSE = "tf.nn.sparse_softmax_cross_entropy_with_logits"
SIGMOID = "tf.nn.sigmoid_cross_entropy_with_logits"


def text(key, **params):
    return EN[f"sigmoid_vs_softmax.{key}"].format(**params)


def seed004(api, dtype):
    return next(np.array(c["expected"]) for c in SEEDS
                if c["seed"].startswith("004") and c["api"] == api and c["dtype"] == dtype)


def open_page(**params):
    return open_app_page(PAGE, tables=True, **params)


def assert_ran(at):
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""


def table_where(at, column, value):
    """The first table whose ``column`` holds ``value``, indexed by that column."""
    for df in list(at.dataframe) + list(at.table):
        table = df.value
        if column in table.columns and value in set(table[column]):
            return table.set_index(column)
    raise LookupError(f"no table with {value!r} in {column!r}")


def readings(at):
    """The five readings of the same numbers (and the floor), one line each."""
    return table_where(at, text("api"), text("loss.softmax"))


def row_values(table, name, rows):
    return np.array([table.loc[name, text("row_name", n=r + 1)] for r in range(rows)], np.float64)


def test_the_page_opens_on_seed_004_with_the_frameworks_numbers():
    at = open_page()
    table = readings(at)
    softmax = row_values(table, text("loss.softmax"), 2)
    np.testing.assert_allclose(softmax, seed004("tf.nn.softmax_cross_entropy_with_logits", "float32"),
                               rtol=4e-6)
    # the question's hand computation: the binary formula summed over the softmax outputs
    np.testing.assert_allclose(row_values(table, text("loss.binary_on_softmax_sum"), 2),
                               [0.90335299, 2.11193571], rtol=2e-6)
    # Keras averages the same terms over the 3 classes
    np.testing.assert_allclose(row_values(table, text("loss.keras_binary_on_softmax"), 2),
                               seed004("keras.losses.binary_crossentropy", "float32"), rtol=2e-6)
    assert len(chart_specs(at)) == 3
    assert at.button_group(key="dtype").value == "float32"


def test_the_sigmoid_readings_are_the_sum_and_the_keras_mean_of_the_same_terms():
    at = open_page()
    table = readings(at)
    x, y = np.array([[0.5, 1.5, 0.1], [2.2, 1.3, 1.7]]), np.array([[0, 1, 0], [0, 0, 1]])
    # -y log sigma(x) - (1 - y) log(1 - sigma(x)) = softplus(x) - y x
    terms = np.log1p(np.exp(x)) - y * x
    np.testing.assert_allclose(row_values(table, text("loss.sigmoid_sum"), 2), terms.sum(-1), rtol=4e-6)
    np.testing.assert_allclose(row_values(table, text("loss.keras_binary_logits"), 2), terms.mean(-1),
                               rtol=4e-6)


def test_sparse_labels_give_the_same_numbers_as_one_hot():
    at = open_page()
    table = table_where(at, text("api"), SPARSE)
    assert len(table) == 4
    values = np.array([row_values(table, name, 2) for name in table.index])
    np.testing.assert_allclose(values, np.broadcast_to(values[0], values.shape), rtol=1e-6)
    np.testing.assert_allclose(values[0], seed004("tf.nn.softmax_cross_entropy_with_logits", "float32"),
                               rtol=4e-6)
    assert [s.value for s in at.success] == [text("sparse.equal")]


def test_two_classes_give_the_same_loss_as_a_sigmoid_of_the_difference():
    at = open_page()
    at.slider(key="d").set_value(-2.5).run()
    at.slider(key="c").set_value(3.0).run()
    assert_ran(at)
    table = table_where(at, text("api"), SIGMOID)
    # softmax(c, c + d) with label (0, 1): log(1 + exp(-d)), whatever c
    np.testing.assert_allclose(table["float32"].to_numpy(np.float64), np.log1p(np.exp(2.5)), rtol=4e-6)
    assert table.loc["tf.nn.softmax_cross_entropy_with_logits", text("two.call")].endswith("[[3, 0.5]]")


def test_float64_gives_the_float64_framework_numbers():
    at = open_page(dtype="float64")
    assert at.button_group(key="dtype").value == "float64"
    softmax = row_values(readings(at), text("loss.softmax"), 2)
    np.testing.assert_allclose(softmax, seed004("tf.nn.softmax_cross_entropy_with_logits", "float64"),
                               rtol=1e-12)


def test_the_url_sets_the_logits_and_the_row_shown():
    at = open_page(logits="0.5,1.5,0.1;2.2,1.3,1.7;0,0,0", row="2")
    at.text_input(key="labels").set_value("0,1,0;0,0,1;1,0,0").run()
    open_data_tables(at)  # the figures appear only now that the shapes match
    assert at.selectbox(key="row").value == "2"
    probs = table_where(at, text("class"), 0)
    # the figure's table is row 3's: all logits 0, so softmax 1/3 and sigmoid 1/2
    np.testing.assert_allclose(probs["softmax"], 1 / 3, rtol=1e-6)
    np.testing.assert_allclose(probs["sigmoid"], 0.5, rtol=1e-6)


def test_the_seed_000_preset_shows_grey_pixels_cannot_reach_zero():
    at = open_page()
    at.button(key="preset_seed000").click().run()
    assert_ran(at)
    pixels = np.array([0, 0.3, 0.55, 0.85, 1.0])
    inner = pixels[1:-1]  # 0 and 1 contribute nothing (0 log 0 = 0)
    entropy = -np.sum(inner * np.log(inner) + (1 - inner) * np.log(1 - inner))
    table = readings(at)
    assert table.loc[text("loss.floor"), text("row_name", n=1)] == pytest.approx(entropy, rel=1e-6)
    assert table.loc[text("loss.sigmoid_sum"), text("row_name", n=1)] > entropy
    assert [i.value for i in at.info] == [text("sparse.not_one_hot")]


def test_the_seed_003_preset_warns_that_multi_label_rows_do_not_sum_to_one():
    at = open_page()
    at.button(key="preset_seed003").click().run()
    assert_ran(at)
    assert at.text_input(key="labels").value == "0,1,0,0,1,1"
    assert any("sum to 3" in w.value for w in at.warning)


def test_the_seed_001_preset_sets_the_difference_and_resets_the_rest():
    at = open_page(dtype="float64")
    at.button(key="preset_seed001").click().run()
    assert_ran(at)
    assert at.slider(key="d").value == pytest.approx(1.3)
    assert at.button_group(key="dtype").value == "float32"
    table = readings(at)
    expected = np.log1p(np.exp(-1.3))  # logits (0, 1.3), label on the second class
    assert table.loc[text("loss.softmax"), text("row_name", n=1)] == pytest.approx(expected, rel=4e-6)


def test_the_dtype_and_row_controls_change_without_an_error():
    at = open_page()
    at.button_group(key="dtype").set_value("float64").run()
    at.selectbox(key="row").set_value("1").run()
    assert_ran(at)
    assert at.selectbox(key="row").value == "1"


def test_labels_of_another_shape_are_refused_with_both_shapes():
    at = open_page()
    at.text_input(key="labels").set_value("0,1").run()
    assert_ran(at)
    assert at.error[0].value == text("shape_mismatch", logits="(2, 3)", labels="(1, 2)")
    assert not chart_specs(at)


def test_bad_text_keeps_the_last_valid_logits():
    at = open_page()
    at.text_input(key="logits").set_value("0.5,1.5;x").run()
    assert_ran(at)
    assert "x" in at.error[0].value
    np.testing.assert_allclose(row_values(readings(at), text("loss.softmax"), 2),
                               seed004("tf.nn.softmax_cross_entropy_with_logits", "float32"), rtol=4e-6)


def test_fewer_rows_bring_the_row_picker_back_in_range():
    at = open_page()
    at.selectbox(key="row").set_value("1").run()
    at.text_input(key="logits").set_value("1,2,3").run()
    at.text_input(key="labels").set_value("0,0,1").run()
    assert_ran(at)
    assert not at.selectbox  # one row: nothing to pick
