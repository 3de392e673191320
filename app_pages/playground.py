"""Playground: any catalogue API on your own numbers, exactly as its framework
computes it, next to every other framework's equivalent.

The URL is the state: ``?api=<registry name>&dtype=float32|float64&<argument>=<value>``
with the framework's argument names, arrays as text (``,`` between values,
``;`` between rows) and booleans ``true``/``false``; course material links
here with such URLs.
"""
import contextlib
import re
import warnings

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui import controls, show
from ui.i18n import api_summary, t
from xent_core.figures.playground import bars_table, make_bars_figure, make_probabilities_figure
from xent_core.frameworks import call, diagnose, get, gradient
from xent_core.parsing import InputError, format_array, parse_array
from xent_core.playground.arguments import Argument, arguments, control_values, usable_apis
from xent_core.playground.call_inputs import apply_table_edits, build_kwargs
from xent_core.playground.charts import class_terms, element_terms, model_probabilities, target_distribution
from xent_core.playground.comparison import MAX_TABLE_EXAMPLES, Comparison, compare, differs
from xent_core.playground.formatting import format_number, format_result
from xent_core.playground.formulas import substituted_formula
from xent_core.playground.non_finite import non_finite_reason
from xent_core.playground.presets import PRESETS, Preset
from xent_core.playground.roles import label_argument, scores_argument
from xent_core.snippets.tabs import code_snippets

DEFAULT_API = "tf.nn.softmax_cross_entropy_with_logits"  # seed 004's question
DTYPES = ["float32", "float64"]
SEED_TITLES = {"002": "playground.seed.002", "003": "playground.seed.003", "004": "playground.seed.004"}
INT_LIMIT = 2.0 ** 31  # integer settings (axis, ignore_index) beyond this are refused by the box
TABLE_MAX_CELLS = 400  # the table editor is for small arrays; the text box takes any size


# --- state changes: new API, presets, table edits ---------------------------------

def _fixed() -> set:
    """Controls a lesson hides or locks keep their value."""
    return controls.hidden() | controls.locked()


def _url_text(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _set_controls(name: str, values: dict):
    """Set the controls of API ``name`` (not the ones a lesson fixes).

    Streamlit writes a programmatic value into the URL only for a widget
    that was on the page in the previous run; the arguments new to this
    API are written here, so the address bar holds the whole state at once.
    """
    fixed = _fixed()
    defaults = control_values(name)
    for key, value in values.items():
        if key in fixed:
            continue
        st.session_state[key] = value
        st.session_state.pop(f"_last_valid_{key}", None)
        if key != "api" and value != defaults.get(key, value):
            with contextlib.suppress(StreamlitAPIException):  # bound widgets sync themselves
                st.query_params[key] = _url_text(value)


def api_changed():
    """A new API starts from its own worked example: arguments it shares
    with the old one by name (``labels``) would otherwise keep numbers of
    another shape or meaning."""
    name = st.session_state["api"]
    _set_controls(name, control_values(name))


def apply_preset(preset: Preset):
    """Every control of the preset's API (the URL follows)."""
    _set_controls(preset.api, {"api": preset.api, "dtype": "float32",
                               **control_values(preset.api, preset.values)})


def table_edited(arg: str, editor_key: str, array: np.ndarray):
    """Write the table editor's changes back into the argument's text box:
    the text stays the one source of the value (and of the URL)."""
    edits = st.session_state[editor_key].get("edited_rows", {})
    st.session_state[arg] = format_array(apply_table_edits(array, edits))


# --- controls ------------------------------------------------------------------

@st.cache_data(show_spinner=False)
def offered_apis() -> list:
    return usable_apis()


def _help(name: str) -> str | None:
    key = f"playground.help.{name}"
    text = t(key)
    return None if text == key else text


def presets():
    with st.expander(t("playground.presets"), icon=":material/bookmark:"):
        for seed, title in SEED_TITLES.items():
            st.caption(t(title))
            with st.container(horizontal=True, gap="small"):
                for preset in (p for p in PRESETS if p.seed == seed):
                    st.button(t(f"playground.preset.{preset.key}"), key=f"preset_{preset.key}",
                              on_click=apply_preset, args=(preset,), help=preset.api)


def choose_api() -> tuple[str, str]:
    apis = offered_apis()
    left, right = st.columns([4, 1])
    with left:
        name = controls.select("api", "playground.api", apis, DEFAULT_API,
                               format_func=lambda n: f"{get(n).framework} · {n}", on_change=api_changed)
    with right:
        dtype = controls.choice("dtype", "playground.dtype", DTYPES)
    entry = get(name)
    st.caption(f"**{entry.framework}** · {api_summary(entry)} · [{t('playground.docs')}]({entry.url})")
    return name, dtype


def _optional_array(arg: Argument, dtype):
    """An optional array: empty text is None (the framework's default)."""
    raw = controls.text(arg.name, arg.name, arg.default, translate=False,
                        placeholder=t("playground.optional_array"), help=_help(arg.name))
    if not str(raw).strip():
        return None
    try:
        return parse_array(raw, dtype=dtype, integer=arg.integer)
    except InputError as err:
        st.error(controls.error_text(err), icon=":material/error:")
        return None


def array_controls(name: str, dtype) -> dict:
    """Text boxes of the arrays (a text that does not parse keeps the last
    valid array of the main ones); returns their values."""
    entry = get(name)
    main = {label_argument(entry), scores_argument(entry)}
    values = {}
    for arg in (a for a in arguments(name) if a.kind == "array"):
        if arg.required or arg.name in main:
            values[arg.name], _ = controls.array_input(arg.name, arg.name, arg.default, integer=arg.integer,
                                                       dtype=dtype, help=_help(arg.name))
        else:
            values[arg.name] = _optional_array(arg, dtype)
    return values


def setting_control(arg: Argument):
    """One setting, named as the framework names it."""
    if arg.kind == "bool":
        return controls.toggle(arg.name, arg.name, arg.default, help=_help(arg.name))
    if arg.kind == "float":
        return controls.number(arg.name, arg.name, arg.default, step=arg.step, format="%g", help=_help(arg.name))
    if arg.kind == "int":
        # A float box showing whole numbers: Streamlit's int box fails on axis=1e400 in a URL.
        value = controls.number(arg.name, arg.name, float(arg.default), step=1.0, format="%.0f",
                                min_value=-INT_LIMIT, max_value=INT_LIMIT, help=_help(arg.name))
        return int(value) if np.isfinite(value) else arg.default
    if arg.kind == "choice":
        return controls.select(arg.name, arg.name, arg.choices, arg.default, help=_help(arg.name))
    if arg.kind == "optional":
        value, _ = controls.optional_scalar(arg.name, arg.name, None, integer=arg.integer)
        return value
    return controls.text(arg.name, arg.name, arg.default, translate=False, help=_help(arg.name))


def settings_controls(name: str) -> dict:
    settings = [a for a in arguments(name) if a.kind != "array"]
    if not settings:
        st.caption(t("playground.no_settings"))
    return {arg.name: setting_control(arg) for arg in settings}


def table_editors(name: str, values: dict):
    """The labels and scores as small editable tables, written back to the text."""
    entry = get(name)
    shown = [a for a in dict.fromkeys((label_argument(entry), scores_argument(entry)))
             if values.get(a) is not None and 0 < np.size(values[a]) <= TABLE_MAX_CELLS and np.ndim(values[a]) <= 2]
    if not shown:
        return
    with st.expander(t("playground.table_editor"), icon=":material/table_edit:"):
        st.caption(t("playground.table_editor.help"))
        for arg in shown:
            array = np.asarray(values[arg])
            rows = np.atleast_2d(array) if array.ndim else array.reshape(1, 1)
            editor_key = f"table_{arg}_{abs(hash(format_array(array)))}"
            st.markdown(f"`{arg}`")
            st.data_editor(pd.DataFrame(rows), key=editor_key, on_change=table_edited,
                           args=(arg, editor_key, array), num_rows="fixed", width="content")


def read_controls():
    name, dtype_name = choose_api()
    dtype = np.dtype(dtype_name)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(t("playground.inputs"))
        arrays = array_controls(name, dtype)
    with right:
        st.subheader(t("playground.settings"))
        settings = settings_controls(name)
    table_editors(name, arrays)
    return name, build_kwargs(name, {**arrays, **settings})


# --- what the framework returns ------------------------------------------------

def code_span(text: str) -> str:
    """A framework's message as inline code, whatever backticks it holds
    (Markdown closes a span at a run of backticks as long as its opening)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


def show_result(name: str, kwargs: dict):
    """The value as the framework returns it, or its error message."""
    entry = get(name)
    st.subheader(t("playground.result"))
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            result = call(name, **kwargs)
    except (ValueError, TypeError, IndexError) as err:
        # the framework's own words, untranslated, under a translated heading
        st.error(f"{t('playground.framework_raised', framework=entry.framework, api=name)}\n\n"
                 f"{code_span(str(err))}", icon=":material/block:")
        st.caption(t("playground.raised_hint"))
        return None
    for message in dict.fromkeys(str(w.message) for w in warned):
        st.warning(f"{t('playground.framework_warned', framework=entry.framework)}\n\n{code_span(message)}",
                   icon=":material/warning:")
    st.code(format_result(result), language=None)
    st.caption(t("playground.shape_dtype", shape=str(tuple(np.shape(result))), dtype=str(result.dtype)))
    reason = non_finite_reason(kwargs, result)
    if reason:
        st.warning(t(f"playground.nan.{reason}"), icon=":material/warning:")
    return result


def first_example(name: str, kwargs: dict):
    """The selected API's loss for the first example (reduction='none'), or None."""
    rows = comparison(name, kwargs)
    return next((r.values[0] for r in rows if r.selected and r.values is not None and r.values.size), None)


def show_formula(name: str, kwargs: dict, first_value):
    entry = get(name)
    st.subheader(t("playground.formula"))
    st.latex(entry.formula)
    lines = substituted_formula(name, kwargs, first_value)
    if lines:
        st.caption(t("playground.formula.substituted"))
        for line in lines:
            st.latex(line)


def _figure_words() -> dict:
    return {"example_label": t("playground.figure.example"), "class_label": t("playground.figure.class")}


def show_probabilities(name: str, kwargs: dict):
    probs = model_probabilities(name, kwargs)
    if probs is None or np.size(probs) == 0:
        st.caption(t("playground.figure.none"))
        return
    targets = target_distribution(name, kwargs)
    words = _figure_words()
    model, target = t("playground.figure.model"), t("playground.figure.target")
    fig = show.build(make_probabilities_figure, probs, targets, model_name=model, target_name=target,
                                    y_title=t("playground.figure.probability"), **words)
    series = {model: probs} if targets is None else {model: probs, target: targets}
    show.figure(fig, key="playground_probabilities", alt=t("playground.figure.probabilities_alt", api=name),
                table=lambda: bars_table(series, **words))


def show_terms(name: str, kwargs: dict):
    terms = element_terms(name, kwargs)
    caption = "playground.figure.terms_binary"
    if terms is None:
        terms, caption = class_terms(name, kwargs), "playground.figure.terms_softmax"
    if terms is None or np.size(terms) == 0:
        st.caption(t("playground.figure.no_terms"))
        return
    words = _figure_words()
    series = {t("playground.figure.term"): terms}
    fig = show.build(make_bars_figure, series, y_title=t("playground.figure.term"), **words)
    show.figure(fig, key="playground_terms", alt=t("playground.figure.terms_alt", api=name),
                table=lambda: bars_table(series, **words))
    st.caption(t(caption))


def show_gradients(name: str, kwargs: dict):
    entry = get(name)
    series = {}
    for wrt in entry.differentiable:
        value = kwargs.get(wrt)
        if not isinstance(value, np.ndarray) or value.dtype.kind != "f" or value.ndim == 0:
            continue
        try:
            series[f"∂L/∂{wrt}"] = gradient(name, wrt, **kwargs)
        except (ValueError, TypeError, IndexError):
            continue
    shapes = {np.shape(g) for g in series.values()}
    if not series or len(shapes) > 1:
        series = dict(list(series.items())[:1])
    if not series:
        st.caption(t("playground.figure.no_gradient"))
        return
    words = _figure_words()
    fig = show.build(make_bars_figure, series, y_title=t("playground.figure.gradient"), **words)
    show.figure(fig, key="playground_gradients", alt=t("playground.figure.gradients_alt", api=name,
                                                          args=", ".join(series)),
                table=lambda: bars_table(series, **words))
    st.caption(t("playground.figure.gradient_caption"))


def show_figures(name: str, kwargs: dict):
    tabs = st.tabs([t("playground.tab.probabilities"), t("playground.tab.terms"), t("playground.tab.gradients")])
    with tabs[0]:
        show_probabilities(name, kwargs)
    with tabs[1]:
        show_terms(name, kwargs)
    with tabs[2]:
        show_gradients(name, kwargs)


# --- every framework on the same inputs -------------------------------------------

@st.cache_data(max_entries=128, show_spinner=False)
def comparison(name: str, kwargs: dict):
    return compare(name, kwargs)


@st.cache_data(max_entries=128, show_spinner=False)
def snippets(name: str, kwargs: dict, averaged: dict):
    return code_snippets(name, kwargs, averaged)


def _how(row: Comparison, classes: int) -> str:
    steps = [t(f"playground.how.{code}", **params) for code, params in row.steps]
    if row.averaged:
        steps.append(t("playground.how.mean_over_classes", k=classes))
    return "; ".join(steps)


def _note(row: Comparison) -> str:
    if row.error:
        return f"{t('playground.compare.raised')} {row.error}"
    if row.reason:
        code, params = row.reason
        return t(f"playground.why.{code}", **params)
    if row.nan_reason:
        return t(f"playground.nan.{row.nan_reason}")
    return ""


def float32_inside(name: str, rows) -> bool:
    """Whether this row or the selected one computed in float32 whatever the dtype."""
    selected = next(r.name for r in rows if r.selected)
    return get(name).float32_inside or get(selected).float32_inside


def comparison_table(rows, classes: int) -> tuple[pd.DataFrame, np.ndarray]:
    """The table's text and, per cell, whether it differs from the selected API."""
    reference = next((r.values for r in rows if r.selected and r.values is not None), None)
    count = max((np.size(r.values) for r in rows if r.values is not None), default=0)
    shown = min(count, MAX_TABLE_EXAMPLES)
    columns = [f"{t('playground.figure.example')} {i + 1}" for i in range(shown)]
    records, marks = [], []
    for row in rows:
        values, disagree = [], []
        if row.values is not None:
            values = [format_number(v) for v in row.values[:shown]]
            if reference is not None and not row.selected:
                disagree = list(differs(row.values, reference,
                                        float32=float32_inside(row.name, rows))[:shown])
        values += [""] * (shown - len(values))
        disagree += [False] * (shown - len(disagree))
        label = f"★ {row.name}" if row.selected else row.name
        records.append([row.framework, label, *values, _note(row), _how(row, classes)])
        marks.append([False, False, *disagree, False, False])
    header = [t("playground.compare.framework"), t("playground.compare.function"), *columns,
              t("playground.compare.note"), t("playground.compare.how")]
    table, marks = pd.DataFrame(records, columns=header), np.array(marks, dtype=bool)
    empty = [i for i, column in enumerate(header) if i >= 2 + shown and not table[column].any()]
    keep = [i for i in range(len(header)) if i not in empty]  # no empty Note or How column
    return table.iloc[:, keep], marks[:, keep]


def show_comparison(name: str, kwargs: dict):
    st.subheader(t("playground.compare.title"))
    rows = comparison(name, kwargs)
    if not rows:
        st.caption(t("playground.compare.none"))
        return {}
    scores = np.asarray(kwargs[scores_argument(get(name))])
    table, marks = comparison_table(rows, scores.shape[-1] if scores.ndim else 1)
    styled = table.style.apply(lambda _: np.where(marks, "background-color: rgba(230, 159, 0, 0.35)", ""),
                               axis=None)
    # every digit of the numbers (float64 has 17), then as much of the notes as fits
    texts = (t("playground.compare.note"), t("playground.compare.how"))
    numbers = [c for c in table.columns[2:] if c not in texts]
    digits = max(map(len, table[numbers].to_numpy().ravel()), default=8)  # one block, not column by column
    widths = {c: st.column_config.TextColumn(width=max(90, 9 * digits)) for c in numbers}
    widths.update({c: st.column_config.TextColumn(width="large") for c in texts})
    st.dataframe(styled, hide_index=True, width="stretch", height="content", column_config=widths)
    count = max((np.size(r.values) for r in rows if r.values is not None), default=0)
    if count > MAX_TABLE_EXAMPLES:
        st.caption(t("playground.compare.more_examples", shown=MAX_TABLE_EXAMPLES, count=count))
    st.caption(t("playground.compare.caption"))
    return {r.name: r.averaged for r in rows}


def show_code(name: str, kwargs: dict, averaged: dict):
    st.subheader(t("playground.code.title"))
    st.caption(t("playground.code.caption"))
    codes = snippets(name, kwargs, averaged)
    for tab, framework in zip(st.tabs(list(codes)), codes):
        with tab:
            if codes[framework] is None:
                st.caption(t("playground.code.no_numpy") if framework == "numpy" else
                           t("playground.code.none", framework=framework))
            else:
                st.code(codes[framework], language="python")


# --- the page -------------------------------------------------------------------
show.heading(t("playground.title"), t("playground.intro"), level=1)
presets()
api, call_kwargs = read_controls()
st.divider()
left_col, right_col = st.columns([1, 1], gap="large")
with left_col:
    show_result(api, call_kwargs)
with right_col:
    show.notes(diagnose(api, **call_kwargs))
show_formula(api, call_kwargs, first_example(api, call_kwargs))
show_figures(api, call_kwargs)
averaged_by_name = show_comparison(api, call_kwargs)
show_code(api, call_kwargs, averaged_by_name)
