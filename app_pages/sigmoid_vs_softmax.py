"""Sigmoid vs softmax: the same logits read as independent yes/no questions
or as one choice among exclusive classes; two classes, sparse labels, and
the binary formula applied to softmax outputs (seed 004)."""
import numpy as np
import pandas as pd
import streamlit as st

from ui import controls, show
from ui.presets import buttons as preset_buttons
from ui.i18n import t
from xent_core.families import (agree, binary_entropy_floor, class_index_if_one_hot, family_losses,
                                per_class_terms, probabilities, sparse_and_one_hot_losses,
                                two_class_equivalence, two_class_framework_check)
from xent_core.figures.families import (make_probability_bars_figure, make_terms_figure, make_two_class_base,
                                        mark_difference)
from xent_core.frameworks import diagnose

DTYPES = ("float32", "float64")
DIFFERENCES = np.linspace(-8.0, 8.0, 161)
# Every control's value, so that a preset sets the whole state.
DEFAULTS = {"logits": "0.5,1.5,0.1;2.2,1.3,1.7", "labels": "0,1,0;0,0,1", "dtype": "float32", "row": "0",
            "d": 1.0, "c": 0.0}
PRESETS = {
    "seed004": {},
    "seed000": {"logits": "-2.2,-0.4,0.3,1.8,3.1", "labels": "0,0.3,0.55,0.85,1"},
    "seed003": {"logits": "-2.1,1.7,-0.8,-1.5,2.4,0.9", "labels": "0,1,0,0,1,1"},
    "seed001": {"logits": "0,1.3", "labels": "0,1", "d": 1.3, "c": 0.0},
}
LOSS_COLUMNS = ("softmax", "sigmoid_sum", "keras_binary_logits", "binary_on_softmax_sum",
                "keras_binary_on_softmax")


def presets():
    preset_buttons("sigmoid_vs_softmax.preset", PRESETS, DEFAULTS, caption_key="sigmoid_vs_softmax.presets")


def numbers_text(values) -> str:
    return ", ".join(f"{float(v):.7g}" for v in np.ravel(values))


def read_inputs():
    """Logits and labels as 2-D arrays of the chosen dtype, or None (with the reason shown)."""
    left, mid, right = st.columns([3, 3, 1.4])
    logits, _ = controls.array_input("logits", "logits", DEFAULTS["logits"], where=left,
                                     help=t("sigmoid_vs_softmax.logits.help"))
    labels, _ = controls.array_input("labels", "labels", DEFAULTS["labels"], where=mid,
                                     help=t("sigmoid_vs_softmax.labels.help"))
    with right:
        dtype = controls.choice("dtype", "sigmoid_vs_softmax.dtype", DTYPES, DEFAULTS["dtype"])
    logits, labels = np.atleast_2d(logits).astype(dtype), np.atleast_2d(labels).astype(dtype)
    if logits.shape != labels.shape:
        st.error(t("sigmoid_vs_softmax.shape_mismatch", logits=str(logits.shape), labels=str(labels.shape)))
        return None
    if not (np.isfinite(logits).all() and np.isfinite(labels).all()):
        st.error(t("sigmoid_vs_softmax.non_finite"))
        return None
    return logits, labels, dtype


def pick_row(count):
    if count == 1:
        return 0
    rows = [str(r) for r in range(count)]
    return int(controls.select("row", "sigmoid_vs_softmax.row", rows, DEFAULTS["row"],
                               format_func=lambda r: t("sigmoid_vs_softmax.row_name", n=int(r) + 1),
                               where=st.columns([1, 2])[0]))


# figure builder's text name -> catalogue key (under "sigmoid_vs_softmax.")
FIGURE_TEXT = {"class": "class_name", "probability": "probability", "term": "term",
               "sigmoid": "legend.sigmoid", "softmax": "legend.softmax", "label": "legend.label",
               "difference": "two.difference", "softmax_p": "two.softmax_p", "sigmoid_p": "two.sigmoid_p",
               "softmax_ce": "two.softmax_ce", "sigmoid_ce": "two.sigmoid_ce", "panel_p": "two.panel_p",
               "panel_ce": "two.panel_ce"}
TERMS = ("softmax", "binary_on_softmax", "sigmoid")


def figure_text():
    text = {name: t(f"sigmoid_vs_softmax.{key}") for name, key in FIGURE_TEXT.items()}
    text["terms"] = {k: t(f"sigmoid_vs_softmax.legend.terms.{k}") for k in TERMS}
    return text


def rows_table(results: dict, count: int) -> pd.DataFrame:
    """One line per function or formula (``results``: name -> per-row values),
    one column per example row."""
    return pd.DataFrame({t("sigmoid_vs_softmax.api"): list(results), **{
        t("sigmoid_vs_softmax.row_name", n=r + 1): [float(np.ravel(v)[r]) for v in results.values()]
        for r in range(count)}})


def number_columns(count: int) -> dict:
    return {t("sigmoid_vs_softmax.row_name", n=r + 1): st.column_config.NumberColumn(format="%.7g")
            for r in range(count)}


def class_table(values: dict) -> pd.DataFrame:
    """Per-class numbers of one row, one column per series."""
    count = np.asarray(next(iter(values.values()))).size
    columns = {k: np.ravel(v) for k, v in values.items()}
    return pd.DataFrame({t("sigmoid_vs_softmax.class"): np.arange(count), **columns})


def show_probabilities(logits, labels, row):
    show.heading(t("sigmoid_vs_softmax.probs.title"), t("sigmoid_vs_softmax.probs.body"), level=2)
    probs = probabilities(logits[row])
    fig = show.build(make_probability_bars_figure, probs, labels[row], text=figure_text())
    show.figure(fig, key="svs_probs", alt=t("sigmoid_vs_softmax.probs.alt", n=row + 1),
                table=lambda: class_table({"sigmoid": probs["sigmoid"], "softmax": probs["softmax"],
                                   "label": labels[row]}))


def show_losses(logits, labels, row):
    show.heading(t("sigmoid_vs_softmax.losses.title"), t("sigmoid_vs_softmax.losses.body"), level=2)
    st.latex(r"\ell_{\mathrm{softmax}} = -\sum_k y_k \log q_k,\quad q = \mathrm{softmax}(x)"
             r"\qquad \ell_{\mathrm{binary}} = -\sum_k \big[y_k \log p_k + (1-y_k)\log(1-p_k)\big]")
    try:
        losses = family_losses(logits, labels)
    except ValueError as err:
        st.error(t("sigmoid_vs_softmax.framework_error", error=str(err)))
        return
    readings = {t(f"sigmoid_vs_softmax.loss.{k}"): losses[k] for k in LOSS_COLUMNS}
    readings[t("sigmoid_vs_softmax.loss.floor")] = binary_entropy_floor(labels)
    st.dataframe(rows_table(readings, len(logits)), hide_index=True, width="stretch",
                 column_config=number_columns(len(logits)))
    k = logits.shape[-1]
    st.markdown(t("sigmoid_vs_softmax.losses.keras_mean", k=k,
                  sum=numbers_text(losses["binary_on_softmax_sum"]),
                  mean=numbers_text(losses["keras_binary_on_softmax"])))
    terms = per_class_terms(logits[row], labels[row])
    fig = show.build(make_terms_figure, terms, text=figure_text())
    show.figure(fig, key="svs_terms", alt=t("sigmoid_vs_softmax.terms.alt", n=row + 1),
                table=lambda: class_table(terms))
    notes = diagnose("tf.nn.softmax_cross_entropy_with_logits", labels=labels, logits=logits)
    notes += [n for n in diagnose("tf.nn.sigmoid_cross_entropy_with_logits", labels=labels, logits=logits)
              if n.code not in {m.code for m in notes}]
    show.notes(notes)


def show_sparse(logits, labels):
    show.heading(t("sigmoid_vs_softmax.sparse.title"), t("sigmoid_vs_softmax.sparse.body"), level=2)
    try:
        losses = sparse_and_one_hot_losses(logits, labels)
    except ValueError as err:
        st.error(t("sigmoid_vs_softmax.framework_error", error=str(err)))
        return
    if losses is None:
        st.info(t("sigmoid_vs_softmax.sparse.not_one_hot"))
        return
    index = class_index_if_one_hot(labels)
    st.caption(t("sigmoid_vs_softmax.sparse.index", index=numbers_text(index)))
    st.dataframe(rows_table(losses, len(index)), hide_index=True, width="stretch",
                 column_config=number_columns(len(index)))
    if agree(losses):
        st.success(t("sigmoid_vs_softmax.sparse.equal"))
    else:
        st.warning(t("sigmoid_vs_softmax.sparse.differ"))


@st.cache_resource(max_entries=32, show_spinner=False)  # shared, read-only
def two_class_base(shift, text):
    """Both panels for the shift c: the difference d moves a line over them."""
    curves = two_class_equivalence(DIFFERENCES, shift=shift)
    return make_two_class_base(DIFFERENCES, curves, text=text), curves


def show_two_classes(dtype):
    show.heading(t("sigmoid_vs_softmax.two.title"), t("sigmoid_vs_softmax.two.body"), level=2)
    st.latex(r"\mathrm{softmax}(c,\, c+d)_2 = \frac{e^{c+d}}{e^{c} + e^{c+d}}"
             r" = \frac{1}{1+e^{-d}} = \sigma(d)")
    two_class_explorer(dtype)


@st.fragment
def two_class_explorer(dtype):
    """The difference and shift sliders redraw only this part."""
    left, right = st.columns(2)
    d = controls.slider("d", "sigmoid_vs_softmax.two.d", -8.0, 8.0, DEFAULTS["d"], 0.1, where=left)
    c = controls.slider("c", "sigmoid_vs_softmax.two.c", -5.0, 5.0, DEFAULTS["c"], 0.5, where=right)
    check = two_class_framework_check(d, shift=c, dtype=np.dtype(dtype))
    # A static table: two rows that change on every step of d
    st.table(pd.DataFrame({t("sigmoid_vs_softmax.api"): list(check), t("sigmoid_vs_softmax.two.call"): [
        f"labels=[[0, 1]], logits=[[{c:g}, {c + d:g}]]", f"labels=[1], logits=[{d:g}]"],
        dtype: [f"{float(v):.8g}" for v in check.values()]}), hide_index=True)
    st.caption(t("sigmoid_vs_softmax.two.rounding"))
    base, curves = two_class_base(c, figure_text())
    show.figure(mark_difference(base, d), key="svs_two", alt=t("sigmoid_vs_softmax.two.alt"),
                table=lambda: pd.DataFrame({"d": DIFFERENCES, **curves}))


def show_names():
    show.heading(t("sigmoid_vs_softmax.names.title"), t("sigmoid_vs_softmax.names.body"), level=2)

show.heading(t("sigmoid_vs_softmax.title"), t("sigmoid_vs_softmax.intro"), level=1)
presets()
inputs = read_inputs()
if inputs is not None:
    logits, labels, dtype = inputs
    row = pick_row(len(logits))
    left, right = st.columns(2, gap="large")
    with left:
        show_probabilities(logits, labels, row)
    with right:
        show_names()
    show_losses(logits, labels, row)
    show_sparse(logits, labels)
    show_two_classes(dtype)
