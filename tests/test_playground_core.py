"""The playground's pure helpers: controls from signatures, the comparison
across frameworks, the formula with numbers, presets and code snippets.

Expected numbers come from the real frameworks (tests/fixtures/seed_cases.json,
copied from the reference set) or from math stated in the test.
"""
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES, assert_close
from xent_core.examples import example_kwargs
from xent_core.frameworks import call, catalogue, get
from xent_core.parsing import parse_array
from xent_core.playground.arguments import arguments, control_values, float_step, usable_apis
from xent_core.playground.call_inputs import apply_table_edits, build_kwargs
from xent_core.playground.charts import class_terms, element_terms, model_probabilities, target_distribution
from xent_core.playground.comparison import compare, differs, per_example
from xent_core.playground.conversions import convert
from xent_core.playground.formatting import format_number, format_result
from xent_core.playground.formulas import substituted_formula, tex_number
from xent_core.playground.non_finite import non_finite_reason
from xent_core.playground.plans import plan
from xent_core.playground.presets import PRESETS
from xent_core.playground.roles import pool, scores_argument
from xent_core.snippets.dialects import code_framework
from xent_core.snippets.equivalents import equivalent_plan
from xent_core.snippets.exact import exact_snippet
from xent_core.snippets.numpy_code import numpy_snippet
from xent_core.snippets.tabs import FRAMEWORK_TABS, code_snippets

SEEDS = json.loads((FIXTURES / "seed_cases.json").read_text())
KERAS_BCE = "keras.losses.binary_crossentropy"
TORCH_BCE = "torch.nn.functional.binary_cross_entropy"
TF_SOFTMAX = "tf.nn.softmax_cross_entropy_with_logits"
REFERENCE_PYTHON = Path("/work/refenv/bin/python")  # TF, Keras, PyTorch, optax (tools/make_reference.py)


def seed(note_start, dtype="float32", api=None):
    return next(c for c in SEEDS if c["note"].startswith(note_start) and c["dtype"] == dtype
                and (api is None or c["api"] == api))


def kwargs_of(name, dtype=np.float32, **texts):
    """Parse text values as the page does (class indices as int64)."""
    entry = get(name)
    values = {}
    for arg, text in texts.items():
        if isinstance(text, str) and arg in entry.arrays:
            values[arg] = parse_array(text, dtype=dtype, integer=entry.arrays[arg] == "index")
        else:
            values[arg] = text
    return build_kwargs(name, values)


def row(rows, name):
    return next(r for r in rows if r.name == name)


# --- controls from the signature -------------------------------------------------

def test_keras_binary_crossentropy_gets_two_arrays_a_toggle_and_two_numbers():
    kinds = {a.name: a.kind for a in arguments(KERAS_BCE)}
    assert kinds == {"y_true": "array", "y_pred": "array", "from_logits": "bool",
                     "label_smoothing": "float", "axis": "int"}


def test_reductions_are_offered_with_each_frameworks_own_choices():
    def choices(name):
        return next(a.choices for a in arguments(name) if a.name == "reduction")
    assert set(choices("keras.losses.BinaryCrossentropy")) == {
        "sum_over_batch_size", "sum", "none", "mean", "mean_with_sample_weight"}
    assert set(choices("tf.compat.v1.losses.sigmoid_cross_entropy")) == {
        "none", "weighted_sum", "weighted_mean", "weighted_sum_over_batch_size", "weighted_sum_by_nonzero_weights"}
    assert set(choices(TORCH_BCE)) == {"mean", "sum", "none"}


def test_tf_v1_label_smoothing_written_as_int_zero_is_still_a_number_input():
    smoothing = next(a for a in arguments("tf.compat.v1.losses.sigmoid_cross_entropy")
                     if a.name == "label_smoothing")
    assert smoothing.kind == "float" and smoothing.default == 0.0


def test_optional_arrays_and_scalars_default_to_none():
    args = {a.name: a for a in arguments("keras.losses.SparseCategoricalCrossentropy")}
    assert args["sample_weight"].kind == "array" and args["sample_weight"].default == ""
    assert args["ignore_class"].kind == "optional" and args["ignore_class"].integer


def test_array_defaults_are_the_worked_examples():
    args = {a.name: a.default for a in arguments(TF_SOFTMAX)}
    assert args["labels"] == "0,1,0;0,0,1" and args["logits"] == "0.5,1.5,0.1;2.2,1.3,1.7"


def test_the_sampled_losses_are_left_to_their_own_page_when_their_example_cannot_run():
    names = usable_apis()
    assert KERAS_BCE in names and TORCH_BCE in names and TF_SOFTMAX in names
    for name in ("tf.nn.sampled_softmax_loss", "tf.nn.nce_loss"):
        if name in names:
            call(name, **example_kwargs(name))  # offered only when its example runs


def test_float_steps_suit_the_default():
    assert float_step(0.0) == 0.05 and float_step(2.0) == 0.5
    assert float_step(1e-7) == pytest.approx(1e-7)


# --- the call ------------------------------------------------------------------

def test_cross_entropy_targets_one_dimension_short_are_class_indices():
    kwargs = kwargs_of("torch.nn.functional.cross_entropy", input="0.5,1.5,0.1;2.2,1.3,1.7", target="1,2")
    assert kwargs["target"].dtype == np.int64
    kwargs = kwargs_of("torch.nn.functional.cross_entropy", input="0.5,1.5,0.1;2.2,1.3,1.7",
                       target="0,1,0;0,0,1")
    assert kwargs["target"].dtype == np.float32


def test_a_single_weight_becomes_a_scalar_like_a_python_float():
    kwargs = kwargs_of("tf.compat.v1.losses.sigmoid_cross_entropy", multi_class_labels="0,1;1,0",
                       logits="1,2;3,4", weights="2")
    assert kwargs["weights"].shape == ()
    call("tf.compat.v1.losses.sigmoid_cross_entropy", **kwargs)  # (1,) would not broadcast in TF v1


def test_numbers_are_printed_as_the_framework_prints_them():
    assert format_number(np.float32(8.015119552612305)) == "8.01512"
    assert format_number(np.float64(8.059047875610752)) == "8.059047875610752"
    assert format_number(np.float32(1e-8)) == "1e-08"
    assert format_result(np.array([0.5, 1.25], np.float32)) == "[0.5, 1.25]"


def test_nan_is_explained():
    kwargs = {"x": np.array([np.nan], np.float32)}
    assert non_finite_reason(kwargs, np.array([np.nan])) == "input_nan"
    assert non_finite_reason({"x": np.array([np.inf])}, np.array([np.nan])) == "input_inf"
    assert non_finite_reason({"x": np.array([1.0])}, np.array([np.inf])) == "overflow"
    assert non_finite_reason({"x": np.array([1.0])}, np.array([1.0])) is None


# --- the comparison -------------------------------------------------------------

def test_seed_002_test_2_keras_gives_8_01512_and_pytorch_50():
    keras, torch = seed("test_2"), next(c for c in SEEDS if c["api"] == TORCH_BCE and c["expected"] == 50.0)
    rows = compare(KERAS_BCE, kwargs_of(KERAS_BCE, y_true="0.5,0.5", y_pred="0,1"))
    assert row(rows, KERAS_BCE).selected
    assert_close(row(rows, KERAS_BCE).values, keras["expected"], "float32")
    # PyTorch returns one loss per element; their mean over the 2 classes is its reduction='mean'.
    assert_close(row(rows, TORCH_BCE).values, [torch["expected"]], "float32")
    assert differs(row(rows, TORCH_BCE).values, row(rows, KERAS_BCE).values).all()


def test_probabilities_0_and_1_have_infinite_logits_and_the_logits_formula_says_nan():
    rows = compare(KERAS_BCE, kwargs_of(KERAS_BCE, y_true="0.5,0.5", y_pred="0,1"))
    tf_row = row(rows, "tf.nn.sigmoid_cross_entropy_with_logits")
    assert ("logit", {"arg": "y_pred"}) in tf_row.steps
    assert np.isnan(tf_row.values).all() and tf_row.nan_reason == "infinite_logits"


def test_pytorch_refuses_a_target_of_minus_2_that_keras_turns_into_a_negative_loss():
    refused = seed("PyTorch refuses")
    negative = seed("answer: output 0.3, target -2.0")
    rows = compare(KERAS_BCE, kwargs_of(KERAS_BCE, y_true="-2", y_pred="0.3"))
    assert row(rows, TORCH_BCE).error == refused["raises"]
    assert_close(row(rows, KERAS_BCE).values, negative["expected"], "float32")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_every_softmax_function_agrees_on_seed_004(dtype):
    case = seed("softmax cross-entropy of the question", dtype)
    rows = compare(TF_SOFTMAX, kwargs_of(TF_SOFTMAX, np.dtype(dtype), labels="0,1,0;0,0,1",
                                         logits="0.5,1.5,0.1;2.2,1.3,1.7"))
    compared = [r for r in rows if r.values is not None]
    assert {r.name for r in compared} >= {"tf.nn.sparse_softmax_cross_entropy_with_logits",
                                          "keras.losses.categorical_crossentropy",
                                          "torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss"}
    for r in compared:
        precision = "float32" if get(r.name).float32_inside else dtype  # TF v1, Keras classes
        assert_close(r.values, case["expected"], precision, what=r.name)


def test_the_binary_formula_per_class_is_keras_mean_and_the_question_sums():
    case = seed("binary formula applied per class")
    preset = next(p for p in PRESETS if p.key == "binary_per_class")
    kwargs = kwargs_of(KERAS_BCE, **preset.values)
    value = call(KERAS_BCE, **kwargs)
    assert_close(value, case["expected"], "float32")
    # the question sums the three class terms: 0.90335299 and 2.11193571
    assert_close(element_terms(KERAS_BCE, kwargs).sum(axis=-1), [0.90335299, 2.11193571], "float32")


def test_soft_labels_have_no_class_index():
    kwargs = kwargs_of(TF_SOFTMAX, labels="0.2,0.8,0;0,0,1", logits="0.5,1.5,0.1;2.2,1.3,1.7")
    rows = compare(TF_SOFTMAX, kwargs)
    assert row(rows, "tf.nn.sparse_softmax_cross_entropy_with_logits").reason == ("soft_labels", {})
    assert row(rows, "torch.nn.functional.cross_entropy").values is not None  # takes probabilities too


def test_class_indices_become_one_hot_rows():
    name = "tf.nn.sparse_softmax_cross_entropy_with_logits"
    p = plan(name, kwargs_of(name, labels="1,2", logits="0.5,1.5,0.1;2.2,1.3,1.7"), TF_SOFTMAX)
    assert p.inputs["labels"] == ("one_hot", "labels")


def test_from_logits_is_preferred_to_converting_the_logits():
    kwargs = kwargs_of(TF_SOFTMAX, labels="0,1,0;0,0,1", logits="0.5,1.5,0.1;2.2,1.3,1.7")
    p = plan(TF_SOFTMAX, kwargs, "keras.losses.categorical_crossentropy")
    assert p.settings["from_logits"] is True and p.inputs["y_pred"] == ("same", "logits")


def test_logits_of_probabilities_are_infinite_at_0_and_1():
    out = convert("logit", np.array([0.0, 0.5, 1.0]))
    assert out[0] == -np.inf and out[1] == 0 and out[2] == np.inf


def test_elementwise_losses_are_averaged_over_the_classes_like_keras():
    values, averaged = per_example(np.array([[1.0, 3.0], [2.0, 4.0]]), (2, 2), "binary")
    assert averaged and values.tolist() == [2.0, 3.0]
    values, averaged = per_example(np.array([5.0, 6.0]), (2, 3), "softmax")
    assert not averaged and values.tolist() == [5.0, 6.0]


def test_differences_ignore_float_rounding_but_not_real_ones():
    a = np.array([1.0, np.nan, 2.0], np.float32)
    assert differs(a, a * np.float32(1 + 2 ** -22)).tolist() == [False, False, False]
    assert differs(np.array([50.0], np.float32), np.array([8.01512], np.float32)).all()


# --- charts and formula ------------------------------------------------------------

def test_keras_element_terms_show_the_float32_clip_asymmetry():
    """-[0.5 log 1e-7 + 0.5 log(1 - 1e-7)] and, at the top, 1 - 1e-7 rounds to
    1 - 2^-23 in float32: -[0.5 log(1 - 2^-23) + 0.5 log 2^-23]; their mean is
    seed 002's 8.01512."""
    terms = element_terms(KERAS_BCE, kwargs_of(KERAS_BCE, y_true="0.5,0.5", y_pred="0,1"))
    first = -(0.5 * np.log(1e-7) + 0.5 * np.log1p(-1e-7))
    second = -(0.5 * np.log1p(-2.0 ** -23) + 0.5 * np.log(2.0 ** -23))
    assert_close(terms, [first, second], "float32")
    assert_close(terms.mean(), seed("test_2")["expected"][0], "float32")


def test_softmax_class_terms_add_up_to_the_loss():
    kwargs = kwargs_of(TF_SOFTMAX, labels="0.2,0.8,0;0,0,1", logits="0.5,1.5,0.1;2.2,1.3,1.7")
    assert_close(class_terms(TF_SOFTMAX, kwargs).sum(axis=-1), call(TF_SOFTMAX, **kwargs), "float32")


def test_probabilities_are_sigmoid_or_softmax_of_logits_and_labels_become_rows():
    kwargs = kwargs_of("tf.nn.sparse_softmax_cross_entropy_with_logits", labels="1,2",
                       logits="0,0,0;0,0,0")
    assert_close(model_probabilities("tf.nn.sparse_softmax_cross_entropy_with_logits", kwargs),
                 np.full((2, 3), 1 / 3), "float32")
    assert target_distribution("tf.nn.sparse_softmax_cross_entropy_with_logits", kwargs).tolist() == \
        [[0, 1, 0], [0, 0, 1]]
    kwargs = kwargs_of("tf.nn.sigmoid_cross_entropy_with_logits", labels="1", logits="0")
    assert model_probabilities("tf.nn.sigmoid_cross_entropy_with_logits", kwargs).tolist() == [0.5]


def test_the_formula_with_numbers_ends_with_the_framework_value():
    kwargs = kwargs_of(TF_SOFTMAX, labels="0,1,0;0,0,1", logits="0.5,1.5,0.1;2.2,1.3,1.7")
    lines = substituted_formula(TF_SOFTMAX, kwargs, np.float32(0.47901064))
    assert r"\mathrm{softmax}(0.5, 1.5, 0.1)" in lines[0] and "0.6194" in lines[0]
    assert lines[-1].replace(r" \end{aligned}", "").endswith("0.47901064")
    keras = substituted_formula(KERAS_BCE, kwargs_of(KERAS_BCE, y_true="0.5,0.5", y_pred="0,1"),
                                np.float32(8.01512))
    assert keras[0].startswith(r"\hat p = \mathrm{clip}(0, 10^{-7}") and keras[-1].endswith("= 8.01512")


def test_no_formula_with_numbers_when_settings_change_it():
    kwargs = kwargs_of(KERAS_BCE, y_true="0,1", y_pred="0.2,0.6", label_smoothing=0.1)
    assert substituted_formula(KERAS_BCE, kwargs, 1.0) is None


def test_tex_numbers():
    assert tex_number(np.float32(1e-7)) == "10^{-7}"
    assert tex_number(np.float64(2.5e-9)) == r"2.5\times10^{-9}"
    assert tex_number(np.float32(-np.inf)) == r"-\infty"
    assert tex_number(np.float32(1.0)) == "1"


# --- presets ------------------------------------------------------------------------

PRESET_SEEDS = {"test_1": "test_1", "test_2": "test_2", "test_3": "test_3",
                "target_2": "answer: output 0.3, target 2.0", "target_minus_2": "answer: output 0.3, target -2.0",
                "torch_test_2": "PyTorch on test_2", "torch_refuses": "PyTorch refuses",
                "ceiling_y1": "largest loss for y=1", "ceiling_y0": "largest loss for y=0",
                "from_logits": "from_logits=True has no ceiling", "softmax": "softmax cross-entropy",
                "binary_per_class": "binary formula applied per class"}


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_every_preset_reproduces_its_seed_case(preset):
    case = seed(PRESET_SEEDS[preset.key], api=preset.api)
    values = control_values(preset.api, preset.values)
    kwargs = kwargs_of(preset.api, **{k: v for k, v in values.items() if v != ""
                                      and (k in get(preset.api).arrays or k in case["kwargs"])})
    if case["raises"]:
        with pytest.raises(ValueError, match=case["raises"]):
            call(preset.api, **kwargs)
        return
    assert_close(np.ravel(call(preset.api, **kwargs)), np.ravel(case["expected"]), "float32", what=preset.key)


def test_preset_params_follow_the_url_contract():
    preset = next(p for p in PRESETS if p.key == "from_logits")
    assert preset.params() == {"api": KERAS_BCE, "dtype": "float32", "y_true": "1", "y_pred": "-30",
                               "from_logits": "true"}
    assert control_values(KERAS_BCE, preset.values)["from_logits"] is True


# --- code -----------------------------------------------------------------------------

def _variants(entry):
    """The worked example in both dtypes, plus each setting moved off its default."""
    base = build_kwargs(entry.name, example_kwargs(entry.name))
    yield base
    yield build_kwargs(entry.name, example_kwargs(entry.name, np.float64))
    scores = base[scores_argument(entry)]
    for arg in arguments(entry.name):
        if arg.kind == "bool":
            yield {**base, arg.name: not arg.default}
        elif arg.kind == "float" and arg.name != "epsilon":
            yield {**base, arg.name: 0.2}
        elif arg.kind == "choice":
            yield from ({**base, arg.name: c} for c in arg.choices)
        elif arg.name in ("weight", "sample_weight") and entry.family != "sigmoid":
            yield {**base, arg.name: np.array([2.0, 0.5, 1.0], scores.dtype)[:scores.shape[-1]]
                   if arg.name == "weight" else np.array([2.0, 0.5], scores.dtype)}
        elif arg.name == "weights":
            yield {**base, "weights": np.array([2.0, 0.0], scores.dtype), "reduction": "weighted_mean"}


NUMPY_CASES = [(e.name, i, kw) for e in catalogue() if pool(e) for i, kw in enumerate(_variants(e))]


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("name,i,kwargs", NUMPY_CASES, ids=[f"{n}-{i}" for n, i, _ in NUMPY_CASES])
def test_the_numpy_code_gives_the_frameworks_numbers(name, i, kwargs):
    code = numpy_snippet(name, kwargs)
    if code is None:
        pytest.skip(f"no numpy version of {name}")
    try:
        expected = call(name, **kwargs)
    except ValueError:
        with pytest.raises(ValueError):
            exec(code, {})
        return
    space = {}
    with np.errstate(all="ignore"):
        exec(code.replace("print(loss)", ""), space)
    got = np.asarray(space["loss"])
    assert got.dtype == expected.dtype
    assert_close(got, expected, expected.dtype.name, what=code)


def test_code_tabs_put_the_selected_framework_first_and_numpy_last():
    kwargs = kwargs_of(TORCH_BCE, input="0,1", target="0.5,0.5")
    tabs = list(code_snippets(TORCH_BCE, kwargs))
    assert tabs[0] == "PyTorch" and tabs[-1] == "numpy" and set(tabs) == set(FRAMEWORK_TABS)


def test_the_exact_call_names_every_setting_that_is_not_the_default():
    kwargs = kwargs_of(KERAS_BCE, y_true="1", y_pred="-30", from_logits=True)
    code = exact_snippet(KERAS_BCE, kwargs)
    assert "keras.losses.binary_crossentropy(y_true, y_pred, from_logits=True)" in code
    assert "label_smoothing" not in code
    name = "keras.losses.BinaryCrossentropy"
    code = exact_snippet(name, kwargs_of(name, y_true="0,1", y_pred="0.2,0.6", reduction="sum"))
    assert "keras.losses.BinaryCrossentropy(reduction='sum')(y_true, y_pred)" in code


@pytest.mark.skipif(not REFERENCE_PYTHON.exists(), reason="the real frameworks' environment is not installed")
def test_the_code_snippets_reproduce_the_numbers_in_the_real_frameworks(tmp_path):
    """Runs every framework snippet of a few cases in TensorFlow, Keras,
    PyTorch and optax themselves (tools/make_reference.py's environment)."""
    cases = [(KERAS_BCE, kwargs_of(KERAS_BCE, y_true="0.5,0.5", y_pred="0,1")),
             (TF_SOFTMAX, kwargs_of(TF_SOFTMAX, labels="0,1,0;0,0,1", logits="0.5,1.5,0.1;2.2,1.3,1.7")),
             ("torch.nn.functional.cross_entropy",
              kwargs_of("torch.nn.functional.cross_entropy", np.float64, input="0.5,1.5,0.1;2.2,1.3,1.7",
                        target="1,2", label_smoothing=0.2))]
    jobs = []
    for name, kwargs in cases:
        rows = {r.name: r for r in compare(name, kwargs)}
        averaged = {n: r.averaged for n, r in rows.items()}
        for tab, code in code_snippets(name, kwargs, averaged).items():
            if code is None or tab == "numpy":
                continue
            target = name if tab == code_framework(name) else equivalent_plan(name, kwargs, tab).target
            expected = call(name, **kwargs) if target == name else rows[target].values
            jobs.append({"code": code, "expected": np.asarray(expected, np.float64).tolist(), "what": tab})
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    runner = tmp_path / "run.py"
    runner.write_text(
        "import contextlib, io, json, os, sys\n"
        "os.environ.update(KERAS_BACKEND='tensorflow', TF_CPP_MIN_LOG_LEVEL='3', JAX_PLATFORMS='cpu')\n"
        "import numpy as np\n"
        "out = []\n"
        "for job in json.load(open(sys.argv[1])):\n"
        "    space = {}\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        exec(job['code'], space)\n"
        "    loss = space['loss']\n"
        "    out.append(np.asarray(loss.numpy() if hasattr(loss, 'numpy') else loss, np.float64).tolist())\n"
        "print(json.dumps(out))\n")
    done = subprocess.run([str(REFERENCE_PYTHON), str(runner), str(tmp_path / "jobs.json")], capture_output=True,
                          text=True, timeout=600, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    for job, got in zip(jobs, results):
        np.testing.assert_allclose(np.ravel(got), np.ravel(job["expected"]), rtol=2e-5, atol=2e-6,
                                   err_msg=job["code"])


def test_table_edits_go_back_into_the_array():
    assert apply_table_edits(np.array([[0.0, 1.0], [1.0, 0.0]]), {1: {0: 0.5}}).tolist() == [[0, 1], [0.5, 0]]
    indices = apply_table_edits(np.array([1, 2]), {0: {1: 0}})
    assert indices.tolist() == [1, 0] and indices.dtype.kind == "i"
    assert apply_table_edits(np.asarray(3.0), {0: {0: 4.0}}).shape == ()
