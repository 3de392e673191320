"""The playground page in AppTest: the URL contract (every seed case as a
link), presets, each control, errors, and the comparison table.

Expected numbers come from the real frameworks (tests/fixtures/seed_cases.json).
"""
import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from conftest import FIXTURES, ROOT, assert_close
from ui.i18n import t
from xent_core.examples import example_text
from xent_core.frameworks import call, get
from xent_core.parsing import format_array, parse_array
from xent_core.playground.arguments import arguments
from xent_core.playground.call_inputs import build_kwargs
from xent_core.playground.presets import PRESETS

SEEDS = json.loads((FIXTURES / "seed_cases.json").read_text())
NUMBER = re.compile(r"-?inf|nan|-?\d+(?:\.\d*)?(?:e[-+]?\d+)?", re.IGNORECASE)
KERAS_BCE = "keras.losses.binary_crossentropy"


def run_page(**params):
    """The playground opened with ``params`` in its URL (set after the home
    page's first run: its own controls would take keys such as ``labels``)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("app_pages/playground.py").run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""
    return at


def shown_result(at) -> str:
    """The value block under "What the framework returns" (not a code snippet)."""
    return next(c.value for c in at.main.code if c.language != "python")


def shown_numbers(at) -> np.ndarray:
    return np.array([float(n) for n in NUMBER.findall(shown_result(at))])


def url_params(case) -> dict:
    """A seed case as the URL contract writes it: arrays as text, booleans true/false."""
    params = {"api": case["api"], "dtype": case["dtype"]}
    for arg, value in case["kwargs"].items():
        params[arg] = str(value).lower() if isinstance(value, bool) else format_array(np.array(value))
    return params


def page_kwargs(params) -> dict:
    """The URL's arrays parsed as the page parses them."""
    entry, dtype = get(params["api"]), np.dtype(params["dtype"])
    values = {a: parse_array(v, dtype=dtype, integer=entry.arrays.get(a) == "index")
              for a, v in params.items() if a in entry.arrays}
    values.update({a: v == "true" for a, v in params.items() if a == "from_logits"})
    return build_kwargs(params["api"], values)


def comparison_frame(at):
    header = t("playground.compare.function")
    return next(d.value for d in at.main.dataframe if header in d.value.columns)


# --- the URL contract -------------------------------------------------------------

@pytest.mark.parametrize("case", SEEDS, ids=[f"{i}-{c['api'].rsplit('.', 1)[-1]}-{c['dtype']}"
                                             for i, c in enumerate(SEEDS)])
def test_every_seed_case_works_as_a_link(case):
    at = run_page(**url_params(case))
    if case["raises"]:
        assert any(case["raises"] in e.value for e in at.main.error)
        return
    assert_close(shown_numbers(at), np.ravel(case["expected"]), case["dtype"], what=case["note"])
    shape = np.shape(call(case["api"], **page_kwargs(url_params(case))))
    assert t("playground.shape_dtype", shape=str(shape), dtype=case["dtype"]) in [c.value for c in at.main.caption]


def test_the_brief_link_shows_keras_8_01512():
    at = run_page(api=KERAS_BCE, y_true="0.5,0.5", y_pred="0,1", dtype="float32")
    assert shown_result(at) == "8.01512"


def test_seed_004_link_defaults_to_float32():
    at = run_page(api="tf.nn.softmax_cross_entropy_with_logits", labels="0,1,0;0,0,1",
                  logits="0.5,1.5,0.1;2.2,1.3,1.7")
    assert at.button_group(key="dtype").value == "float32"
    assert_close(shown_numbers(at), [0.4790107, 1.19967598], "float32")


def test_the_url_sets_every_control():
    at = run_page(api="keras.losses.BinaryCrossentropy", y_true="1,0", y_pred="0.9,0.2", from_logits="false",
                  label_smoothing="0.1", reduction="sum", sample_weight="2,1", dtype="float64")
    assert at.selectbox(key="api").value == "keras.losses.BinaryCrossentropy"
    assert at.text_input(key="y_true").value == "1,0" and at.text_input(key="sample_weight").value == "2,1"
    assert at.number_input(key="label_smoothing").value == 0.1
    assert at.selectbox(key="reduction").value == "sum"
    kwargs = dict(y_true=np.array([1.0, 0.0]), y_pred=np.array([0.9, 0.2]), label_smoothing=0.1,
                  reduction="sum", sample_weight=np.asarray(2.0))
    # sample_weight "2,1" is one weight per element here
    kwargs["sample_weight"] = np.array([2.0, 1.0])
    assert_close(shown_numbers(at), np.ravel(call("keras.losses.BinaryCrossentropy", **kwargs)), "float32")


# --- defaults, controls, API changes -----------------------------------------------

def test_the_default_page_is_seed_004_in_tensorflow():
    at = run_page()
    assert at.selectbox(key="api").value == "tf.nn.softmax_cross_entropy_with_logits"
    assert_close(shown_numbers(at), [0.4790106415748596, 1.1996759176254272], "float32")


def test_changing_the_api_loads_its_own_example_and_drops_the_other_arguments():
    at = run_page()
    at.selectbox(key="api").set_value("torch.nn.functional.cross_entropy").run()
    assert not at.exception
    keys = {w.key for w in at.main.text_input}
    assert {"input", "target", "weight"} <= keys and "logits" not in keys
    assert at.text_input(key="target").value == example_text("torch.nn.functional.cross_entropy")["target"]
    assert_close(shown_numbers(at), [0.4790106415748596 * 0 + np.mean([0.4790106415748596, 1.1996759176254272])],
                 "float32")  # reduction='mean' of seed 004's two rows


@pytest.mark.parametrize("name", ["keras.losses.BinaryCrossentropy", "tf.compat.v1.losses.softmax_cross_entropy",
                                  "torch.nn.functional.cross_entropy", "keras.losses.SparseCategoricalCrossentropy",
                                  "keras.losses.binary_focal_crossentropy", "optax.losses.sigmoid_focal_loss"])
def test_each_setting_can_be_changed(name):
    at = run_page(api=name)
    for arg in arguments(name):
        if arg.kind == "bool":
            at.toggle(key=arg.name).set_value(not arg.default).run()
        elif arg.kind == "float" and arg.name != "epsilon":
            at.number_input(key=arg.name).set_value(0.2).run()
        elif arg.kind == "choice":
            at.selectbox(key=arg.name).set_value(arg.choices[-1]).run()
        elif arg.kind == "optional":
            at.text_input(key=arg.name).set_value("1").run()
        else:
            continue
        assert not at.exception, (arg.name, at.exception[0].stack_trace if at.exception else "")
    assert shown_result(at) or at.main.error


def test_the_dtype_control_switches_to_float64():
    at = run_page(api=KERAS_BCE, y_true="0.5,0.5", y_pred="0,1")
    at.button_group(key="dtype").set_value("float64").run()
    case = next(c for c in SEEDS if c["note"].startswith("test_2") and c["dtype"] == "float64")
    assert_close(shown_numbers(at), case["expected"], "float64")


def test_an_array_that_does_not_parse_keeps_the_last_valid_one():
    at = run_page()
    at.text_input(key="logits").set_value("0.5,1.5,x;2.2,1.3,1.7").run()
    assert not at.exception
    assert any("'x'" in e.value for e in at.main.error)
    assert_close(shown_numbers(at), [0.4790106415748596, 1.1996759176254272], "float32")


def test_a_framework_error_is_shown_and_the_rest_of_the_page_works():
    name = "tf.nn.softmax_cross_entropy_with_logits"
    at = run_page(api=name, labels="0,1", logits="0.5,1.5,0.1")
    with pytest.raises(ValueError) as raised:
        call(name, labels=np.array([0.0, 1.0], np.float32), logits=np.array([0.5, 1.5, 0.1], np.float32))
    assert any(str(raised.value) in e.value for e in at.main.error)
    assert len(at.main.code) >= 4  # code snippets still drawn


def test_an_optional_array_left_empty_is_none():
    at = run_page(api="torch.nn.functional.binary_cross_entropy", input="0.2,0.9", target="0,1")
    assert at.text_input(key="weight").value == ""
    expected = call("torch.nn.functional.binary_cross_entropy", input=np.array([0.2, 0.9], np.float32),
                    target=np.array([0.0, 1.0], np.float32))
    assert_close(shown_numbers(at), [expected], "float32")


def test_a_lesson_can_lock_an_argument():
    at = run_page(api=KERAS_BCE, lock="y_true")
    assert at.text_input(key="y_true").disabled


# --- presets ----------------------------------------------------------------------

PRESET_SEEDS = {"test_2": "test_2", "torch_test_2": "PyTorch on test_2", "torch_refuses": "PyTorch refuses",
                "ceiling_y0": "largest loss for y=0", "from_logits": "from_logits=True has no ceiling",
                "softmax": "softmax cross-entropy", "binary_per_class": "binary formula applied per class"}


@pytest.mark.parametrize("key", list(PRESET_SEEDS))
def test_a_preset_button_sets_the_whole_state(key):
    preset = next(p for p in PRESETS if p.key == key)
    case = next(c for c in SEEDS if c["note"].startswith(PRESET_SEEDS[key]) and c["dtype"] == "float32")
    at = run_page(api="optax.losses.softmax_cross_entropy", dtype="float64")
    at.button(key=f"preset_{key}").click().run()
    assert not at.exception
    assert at.selectbox(key="api").value == preset.api
    assert at.button_group(key="dtype").value == "float32"
    for arg, text in preset.values.items():
        widget = at.toggle(key=arg) if arg == "from_logits" else at.text_input(key=arg)
        assert str(widget.value).lower() == text
    if case["raises"]:
        assert any(case["raises"] in e.value for e in at.main.error)
    else:
        assert_close(shown_numbers(at), np.ravel(case["expected"]), "float32")


# --- the comparison table ------------------------------------------------------------

def test_the_table_puts_keras_8_01512_next_to_pytorch_50():
    at = run_page(api=KERAS_BCE, y_true="0.5,0.5", y_pred="0,1")
    frame = comparison_frame(at)
    function = t("playground.compare.function")
    rows = {name.lstrip("★ "): values for name, values in zip(frame[function], frame.iloc[:, 2])}
    assert rows[KERAS_BCE] == "8.01512"
    assert float(rows["torch.nn.functional.binary_cross_entropy"]) == 50.0
    assert rows["tf.nn.sigmoid_cross_entropy_with_logits"] == "nan"


def test_the_table_shows_pytorch_refusing_what_keras_computes():
    at = run_page(api=KERAS_BCE, y_true="-2", y_pred="0.3")
    frame = comparison_frame(at)
    text = frame.to_string()
    assert "all elements of target should be between 0 and 1" in text
    assert "-1.3379208" in text


def test_the_formula_is_shown_with_numbers():
    at = run_page(api=KERAS_BCE, y_true="0.5,0.5", y_pred="0,1")
    latex = [x.value.strip("$\n") for x in at.main.latex]
    assert get(KERAS_BCE).formula in latex
    assert any(line.endswith("= 8.01512") for line in latex)


def test_code_tabs_start_with_the_selected_framework():
    at = run_page(api="torch.nn.functional.binary_cross_entropy", input="0,1", target="0.5,0.5")
    snippets = [c.value for c in at.main.code if c.language == "python"]
    assert "F.binary_cross_entropy(input, target)" in snippets[0]
    assert any("keras.losses.binary_crossentropy" in s for s in snippets)


def test_typed_text_round_trips_through_the_parser():
    text = format_array(np.array([[0.1, 0.2], [0.3, 0.4]], np.float32))
    assert np.array_equal(parse_array(text, dtype=np.float32), np.array([[0.1, 0.2], [0.3, 0.4]], np.float32))
