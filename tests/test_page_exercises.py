"""The exercises page in AppTest: it runs for every kind, the URL sets the
exercise, the right answer (the real frameworks' numbers of seed_cases.json
where the exercise is a learners' question) shows success and a wrong one
failure, and the answer never goes into the URL."""
import json

import pytest

from conftest import ROOT, open_app_page
from xent_core.exercises.exercise import NUMBER
from xent_core.exercises.registry import KINDS, make_exercise

PAGE = "app_pages/exercises.py"
ENGLISH = json.loads((ROOT / "locales" / "en.json").read_text(encoding="utf-8"))
SEED_CASES = json.loads((ROOT / "tests" / "fixtures" / "seed_cases.json").read_text())


def shown(key, **params):
    """The text the app shows for ``key`` (the key itself until the catalogue has it)."""
    text = ENGLISH.get(key)
    if text is None:
        return key
    return text.format(**params) if params else text


def open_page(**params):
    return open_app_page(PAGE, **params)


def answer(at, ex, value):
    """Type or pick ``value`` for ``ex`` and press Check."""
    key = f"answer_{ex.kind}_{ex.seed}"
    widget = at.number_input(key=key) if ex.answer_type == NUMBER else at.radio(key=key)
    widget.set_value(value)
    submit = next(b for b in at.button if b.key.startswith(f"FormSubmitter:form_{ex.kind}_{ex.seed}-"))
    submit.click().run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""
    return at


def url_value(at, key):
    """A URL parameter's value (AppTest keeps a list where a widget's binding wrote it)."""
    value = at.query_params[key]
    return value if isinstance(value, str) else value[0]


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def page_links(at):
    return at.get("page_link")


def share_query(at):
    """The query of the class link (kind and seed only)."""
    return [link.proto.query_string for link in page_links(at) if link.proto.label == shown("exercises.share")]


def seed_value(api, **kwargs):
    case = next(c for c in SEED_CASES if c["api"] == api and c["dtype"] == "float32"
                and all(c["kwargs"].get(k) == v for k, v in kwargs.items()))
    expected = case["expected"]
    return expected[0] if isinstance(expected, list) else expected


# --- runs ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("seed", [0, 7])
def test_the_page_runs_for_every_kind_and_shows_its_prompt(kind, seed):
    at = open_page(kind=kind, seed=seed)
    ex = make_exercise(kind, seed)
    assert at.selectbox(key="kind").value == kind
    assert at.number_input(key="seed").value == seed
    assert shown(ex.prompt_key, **ex.prompt_params) in markdown_text(at)
    assert not at.success and not at.error


def test_the_page_opens_on_the_first_kind_at_seed_0():
    at = open_page()
    assert at.selectbox(key="kind").value == next(iter(KINDS))
    assert at.number_input(key="seed").value == 0


# --- answers -----------------------------------------------------------------------

def wrong_answer(ex):
    if ex.answer_type == NUMBER:
        return ex.answer + 1.0
    return next(o.id for o in ex.options if o.id != ex.answer)


def right_answer(ex):
    return round(ex.answer, 4) if ex.answer_type == NUMBER else ex.answer


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_right_answer_shows_success_and_a_wrong_one_failure(kind):
    ex = make_exercise(kind, 7)
    at = answer(open_page(kind=kind, seed=7), ex, right_answer(ex))
    assert [s.value for s in at.success] == [shown("exercises.feedback.correct")]
    assert not at.error
    assert shown(ex.explanation_key, **ex.explanation_params) in markdown_text(at)
    at = answer(at, ex, wrong_answer(ex))
    assert not at.success and len(at.error) == 1


@pytest.mark.parametrize("kind,right,wrong", [
    # seed 003: from_logits=True has no ceiling; 16.118 is the ceiling on probabilities
    ("sigmoid_ce", seed_value("keras.losses.binary_crossentropy", from_logits=True), 16.118095),
    # seed 004, row 1: softmax CE, not the binary formula summed (0.90335299)
    ("softmax_ce", seed_value("tf.nn.softmax_cross_entropy_with_logits"), 0.903353),
    # seed 003: Keras's float32 ceiling for y = 1, p = 0; 15.942385 is the one for y = 0, p = 1
    ("keras_clip", seed_value("keras.losses.binary_crossentropy", y_true=[[1.0]], y_pred=[[0.0]]), 15.942385),
    # seed 002: output 0.3, target -2 gives a negative loss; clipping the target would give 0.3567
    ("keras_target", seed_value("keras.losses.binary_crossentropy", y_true=[[-2.0]]), 0.356675),
    # seed 002: H([0.5, 0.5]) = log 2 (test_1's value), not 0
    ("entropy_floor", seed_value("keras.losses.binary_crossentropy", y_true=[[0.0, 1.0]]), 0.0),
])
def test_seed_0_checks_the_learners_question_numbers(kind, right, wrong):
    ex = make_exercise(kind, 0)
    at = answer(open_page(kind=kind, seed=0), ex, right)
    assert at.success and not at.error
    at = answer(at, ex, wrong)
    assert not at.success and at.error


def test_seed_002_pytorch_on_0_and_1_against_half_gives_50_not_inf():
    assert seed_value("torch.nn.functional.binary_cross_entropy", input=[0.0, 1.0]) == 50.0
    ex = make_exercise("torch_bce_edge", 0)
    at = answer(open_page(kind="torch_bce_edge", seed=0), ex, "50")
    assert at.success
    at = answer(at, ex, "inf")
    assert [e.value for e in at.error] == [shown("exercises.feedback.torch_clamps")]


def test_no_answer_asks_for_one_and_reveals_nothing():
    ex = make_exercise("sigmoid_ce", 3)
    at = open_page(kind="sigmoid_ce", seed=3)
    next(b for b in at.button if b.key.startswith("FormSubmitter:form_sigmoid_ce_3-")).click().run()
    assert [w.value for w in at.warning] == [shown("exercises.feedback.no_answer")]
    assert shown(ex.explanation_key, **ex.explanation_params) not in markdown_text(at)


def test_reveal_shows_the_answer_and_why_without_feedback():
    ex = make_exercise("asymmetry", 5)
    at = open_page(kind="asymmetry", seed=5)
    at.button(key="reveal").click().run()
    assert not at.success and not at.error
    assert shown(ex.explanation_key, **ex.explanation_params) in markdown_text(at)


def test_the_answer_is_never_put_in_the_url():
    ex = make_exercise("softmax_ce", 7)
    typed = round(ex.answer, 4)
    at = answer(open_page(kind="softmax_ce", seed=7), ex, typed)
    assert set(at.query_params) <= {"kind", "seed", "lang"}
    assert all(str(typed) not in url_value(at, k) and f"{ex.answer:.3f}" not in url_value(at, k)
               for k in at.query_params)
    assert share_query(at) == ["kind=softmax_ce&seed=7"]


# --- controls and links ------------------------------------------------------------------

def test_choosing_another_kind_in_the_menu_shows_its_exercise():
    at = open_page(kind="sigmoid_ce", seed=4)
    at.selectbox(key="kind").set_value("asymmetry").run()
    ex = make_exercise("asymmetry", 4)
    assert shown(ex.prompt_key, **ex.prompt_params) in markdown_text(at)
    assert url_value(at, "kind") == "asymmetry"


def test_typing_a_seed_changes_the_numbers_and_the_class_link():
    """(The browser writes a typed value into the URL itself; AppTest has no browser.)"""
    at = open_page(kind="two_class_logit", seed=1)
    at.number_input(key="seed").set_value(12).run()
    ex = make_exercise("two_class_logit", 12)
    assert shown(ex.prompt_key, **ex.prompt_params) in markdown_text(at)
    assert share_query(at) == ["kind=two_class_logit&seed=12"]


def test_new_exercise_picks_another_seed_and_puts_it_in_the_url():
    at = open_page(kind="smoothing", seed=3)
    at.button(key="new").click().run()
    assert not at.exception
    seed = at.number_input(key="seed").value
    assert seed != 3 and url_value(at, "seed") == str(seed)
    ex = make_exercise("smoothing", seed)
    assert shown(ex.prompt_key, **ex.prompt_params) in markdown_text(at)


def test_a_lesson_can_hide_the_seed_and_the_new_exercise_button():
    at = open_page(kind="one_hot", seed=9, hide="seed")
    assert not [w for w in at.number_input if w.key == "seed"]
    assert not [b for b in at.button if b.key == "new"]
    ex = make_exercise("one_hot", 9)
    assert shown(ex.prompt_key, **ex.prompt_params) in markdown_text(at)


def test_after_checking_the_link_opens_the_explaining_page_on_the_exercise_numbers():
    ex = make_exercise("softmax_ce", 7)
    at = answer(open_page(kind="softmax_ce", seed=7), ex, right_answer(ex))
    link = next(link.proto for link in page_links(at) if link.proto.label == shown(ex.link.label_key))
    assert link.page == "surface"
    params = dict(pair.split("=") for pair in link.query_string.split("&"))
    assert params["logits"].replace("%2C", ",") == ",".join(f"{v:g}" for v in ex.inputs["logits"])


def test_every_learners_question_has_a_preset_at_seed_0():
    at = open_page()
    presets = {link.proto.query_string for link in page_links(at) if link.proto.icon == ":material/bookmark:"}
    assert presets == {f"kind={name}&seed=0" for name, kind in KINDS.items() if kind.classic}


@pytest.mark.parametrize("lang", ["fr", "ja"])
def test_the_page_runs_in_other_languages_with_the_same_numbers(lang):
    ex = make_exercise("keras_clip", 0)
    at = open_page(kind="keras_clip", seed=0, lang=lang)
    if ex.prompt_key in ENGLISH:  # once the catalogue has it: code and numbers are never translated
        assert ex.prompt_params["call"] in markdown_text(at)
    at = answer(at, ex, 16.118095)
    assert at.success and not at.error
