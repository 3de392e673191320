"""Exercises, "predict, then reveal": a kind and a seed in the URL give the
same exercise to a whole class; the learner's answer is checked with a
tolerance and explained, with a link to the page that shows it.

Every number comes from :mod:`xent_core.exercises`; the answer typed by the
learner is deliberately not bound to the URL, so a shared link never gives it away.
"""
import pandas as pd
import streamlit as st

from ui import controls, show
from ui.i18n import t
from xent_core.exercises.exercise import NUMBER, answer_text, check
from xent_core.exercises.registry import KINDS, MAX_SEED, make_exercise, random_seed
from xent_core.figures.exercises import BARS, make_exercise_figure

PAGE = "app_pages/exercises.py"
RESULT = "_exercise_result"  # (kind, seed, answer, checked): the last check or reveal


@st.cache_data(max_entries=256, show_spinner=False)
def exercise(kind, seed):
    return make_exercise(kind, seed)


def new_seed():
    """"New exercise": a fresh seed, written into the widget (and so the URL)."""
    st.session_state["seed"] = random_seed()


def presets():
    st.caption(t("exercises.presets"))
    with st.container(horizontal=True, gap="small"):
        for name, kind in KINDS.items():
            if kind.classic:
                st.page_link(PAGE, label=t(f"exercises.preset.{name}"), icon=":material/bookmark:",
                             query_params={"kind": name, "seed": "0"}, width="content")


def pick_exercise():
    """Kind and seed: both live in the URL, so the link is the exercise."""
    left, middle, right = st.columns([3, 2, 2], vertical_alignment="bottom")
    kind = controls.select("kind", "exercises.kind", list(KINDS), format_func=lambda k: t(f"exercises.kind.{k}"),
                           where=left)
    seed = controls.number("seed", "exercises.seed", 0, min_value=0, max_value=MAX_SEED, step=1, where=middle,
                           help=t("exercises.seed.help"))
    if "seed" not in controls.hidden() | controls.locked():
        right.button(t("exercises.new"), key="new", on_click=new_seed, icon=":material/casino:")
    return kind, int(seed)


def option_text(option) -> str:
    """A translated option, or the id itself as code (API names, numbers, rows)."""
    return t(option.key) if option.key else f"`{option.id}`"


def shown_answer(ex) -> str:
    if ex.answer_type == NUMBER:
        return answer_text(ex)
    return next(option_text(o) for o in ex.options if o.id == ex.answer)


def answer_form(ex):
    """The prediction: a number or a choice, checked on submit. Plain widgets,
    not URL-bound, keyed by the exercise so a new one starts empty."""
    key = f"answer_{ex.kind}_{ex.seed}"
    with st.form(key=f"form_{ex.kind}_{ex.seed}"):
        if ex.answer_type == NUMBER:
            answer = st.number_input(t("exercises.answer.number"), value=None, step=0.001, format="%.6f",
                                     key=key, help=t("exercises.number_hint"))
        else:
            labels = {o.id: option_text(o) for o in ex.options}
            answer = st.radio(t("exercises.answer.choice"), list(labels), index=None, format_func=labels.get,
                              key=key)
        if st.form_submit_button(t("exercises.check"), type="primary", icon=":material/check:"):
            st.session_state[RESULT] = (ex.kind, ex.seed, answer, True)
    if st.button(t("exercises.reveal"), key="reveal", icon=":material/visibility:"):
        st.session_state[RESULT] = (ex.kind, ex.seed, None, False)


def show_feedback(ex, answer) -> bool:
    """Success or failure with its reason; False when there was nothing to check."""
    correct, feedback_key = check(ex, answer)
    if correct:
        st.success(t(feedback_key), icon=":material/check_circle:")
    elif feedback_key == "exercises.feedback.no_answer":
        st.warning(t(feedback_key), icon=":material/edit:")
        return False
    else:
        st.error(t(feedback_key), icon=":material/cancel:")
    return True


def show_figure(ex):
    plot = ex.plot
    if plot is None:
        return
    series = [(t(s.name_key, **s.name_params), s.x, s.y) for s in plot.series]
    points = [(t(s.name_key, **s.name_params), s.x, s.y) for s in plot.points]
    x_title, y_title = t(plot.x_key), t(plot.y_key)
    fig = show.build(make_exercise_figure, plot.style, series, points, x_title=x_title, y_title=y_title)
    table = pd.DataFrame([{t("exercises.fig.series"): name, x_title: x, y_title: y}
                          for name, xs, ys in series + points for x, y in zip(xs, ys)])
    alt = t("exercises.fig.alt_bars") if plot.style == BARS else t("exercises.fig.alt", x=x_title, y=y_title)
    show.figure(fig, key="exercise_figure", alt=alt, table=table)


def current_result(ex):
    """(answer, checked) of the last check or reveal of this exercise, else None."""
    result = st.session_state.get(RESULT)
    if not result or result[:2] != (ex.kind, ex.seed):
        return None
    return result[2:]


def show_verdict(ex, result) -> bool:
    """Feedback (after a check) and the answer; False when nothing is revealed."""
    answer, checked = result
    if checked and not show_feedback(ex, answer):
        return False
    st.markdown(t("exercises.answer_is", answer=shown_answer(ex)))
    return True


def show_explanation(ex):
    """Why, the link to the page that shows it, and the figure (if any) beside them."""
    if ex.plot is None:
        text_column = figure_column = st.container()
    else:
        text_column, figure_column = st.columns([1, 1], gap="large")
    with text_column:
        st.markdown(f"**{t('exercises.why')}**")
        st.markdown(t(ex.explanation_key, **ex.explanation_params))
        st.page_link(ex.link.page, label=t(ex.link.label_key), icon=":material/arrow_forward:",
                     query_params=ex.link.params)
    with figure_column:
        show_figure(ex)


def share(ex):
    """The class link: kind, seed (and language); never the answer."""
    params = {"kind": ex.kind, "seed": str(ex.seed)}
    if st.query_params.get("lang"):
        params["lang"] = st.query_params["lang"]
    st.page_link(PAGE, label=t("exercises.share"), icon=":material/share:", query_params=params)
    base = (st.context.url or "").split("?")[0]
    if base:
        st.code(base + "?" + "&".join(f"{k}={v}" for k, v in params.items()), language=None)
    st.caption(t("exercises.share.caption"))


show.heading(t("exercises.title"), t("exercises.intro"), level=1)
presets()
kind, seed = pick_exercise()
try:
    current = exercise(kind, seed)
except ValueError as err:
    st.error(t("exercises.error", error=str(err)))
    st.stop()
st.divider()
show.heading(t(f"exercises.kind.{kind}"), t(current.prompt_key, **current.prompt_params))
left, right = st.columns([1, 1], gap="large")
with left:
    answer_form(current)
result = current_result(current)
with right:
    revealed = result is not None and show_verdict(current, result)
if revealed:
    show_explanation(current)
st.divider()
share(current)
