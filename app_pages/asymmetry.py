"""Asymmetry: CE(p, q) is not CE(q, p); its minimum is H(p), not 0; and
targets outside [0, 1] give a straight line that goes negative.

Every number comes from :mod:`xent_core.information`, :mod:`xent_core.curves`
and the catalogue; this page only lays out controls, figures and text.
"""
import pandas as pd
import streamlit as st

from ui import controls, show
from ui.i18n import t
from ui.presets import buttons as preset_buttons
from xent_core import curves, information
from xent_core.figures.asymmetry import (add_target, make_bernoulli_maps_base, make_decomposition_figure,
                                         make_floor_base, make_target_sweep_figure, mark_pair)
from xent_core.frameworks import call, diagnose

PAGE = "app_pages/asymmetry.py"
KERAS_BINARY = "keras.losses.binary_crossentropy"
KERAS_CATEGORICAL = "keras.losses.categorical_crossentropy"
DTYPES = ("float32", "float64")
OTHER_TARGETS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)
SEED_TARGETS = (-2.0, 2.0)  # seed 002's answer: output 0.3 with targets -2 and 2
DEFAULTS = {"dtype": "float32", "yt": "0,1", "yp": "0.5,0.5", "p": 0.3, "q": 0.8,
            "cp": "0.7,0.2,0.1", "cq": "0.2,0.5,0.3", "out": 0.3}
PRESETS = {
    "seed002_swap": {"yt": "0,1", "yp": "0.5,0.5"},
    "seed002_test3": {"yt": "-2,2", "yp": "0.5,0.5"},
    "seed002_outside": {"yt": "-2", "yp": "0.3", "out": 0.3},
    "grey_pixel": {"p": 0.3, "q": 0.3},
}


def shown(values) -> str:
    """Numbers as the framework prints them (float32 keeps its short form)."""
    return ", ".join(str(v) for v in values.ravel())


def figure_text():
    keys = ("target", "output", "ce", "swap", "pair", "swapped", "entropy", "kl", "nats", "loss",
            "floor", "half", "other_targets", "current", "kl_gap", "target_axis", "valid", "negative",
            "sweep")
    return {key: t(f"asymmetry.fig.{key}") for key in keys}


def presets():
    preset_buttons("asymmetry.preset", PRESETS, DEFAULTS, caption_key="asymmetry.presets")


def decomposition_rows(pairs, binary=True):
    """Rows ``{"label", "entropy", "kl", "cross_entropy"}`` for (label, p, q) triples."""
    rows = []
    for label, p, q in pairs:
        parts = information.decompose(p, q, binary=binary)
        rows.append({"label": label, **{name: float(value) for name, value in parts.items()}})
    return rows


def decomposition_table(rows, framework_values, directions=None):
    """The rows as a table; ``directions``: the first column, if not the rows' labels."""
    directions = directions or [row["label"] for row in rows]
    return pd.DataFrame([{t("asymmetry.col.direction"): direction, t("asymmetry.col.entropy"): row["entropy"],
                          t("asymmetry.col.kl"): row["kl"], t("asymmetry.col.ce"): row["cross_entropy"],
                          t("asymmetry.col.framework"): value}
                         for direction, row, value in zip(directions, rows, framework_values)])


def show_notes(*note_lists):
    """Diagnose notes of several calls, each distinct note once."""
    seen, unique = set(), []
    for note in (n for notes in note_lists for n in notes):
        if (note.code, note.message) not in seen:
            seen.add((note.code, note.message))
            unique.append(note)
    show.notes(unique)


def show_decomposition(rows, framework_values, key, live=False, directions=None):
    fig = make_decomposition_figure(rows, text=figure_text())  # a few bars: cheaper made than looked up
    show.figure(fig, key=key, alt=t("asymmetry.decomposition.alt"), live=live,
                table=lambda: decomposition_table(rows, framework_values, directions))


# --- 1. swapping target and output in Keras -------------------------------------

@st.fragment
def swap_section(dtype):
    show.heading(t("asymmetry.swap.heading"), t("asymmetry.swap.intro"))
    left, middle = st.columns(2)
    targets, _ = controls.array_input("yt", "y_true", "0,1", dtype=dtype, where=left)
    outputs, _ = controls.array_input("yp", "y_pred", "0.5,0.5", dtype=dtype, where=middle)
    try:
        forward = call(KERAS_BINARY, y_true=targets, y_pred=outputs)
        backward = call(KERAS_BINARY, y_true=outputs, y_pred=targets)
    except ValueError as err:
        st.error(t("asymmetry.keras_refuses", message=str(err)), icon=":material/block:")
        return
    show.metrics([(t("asymmetry.swap.forward", dtype=dtype), shown(forward)),
                  (t("asymmetry.swap.backward", dtype=dtype), shown(backward))])
    if curves.are_probabilities(targets, outputs):
        rows = [{"label": t("asymmetry.swap.forward_short"), **curves.mean_decomposition(targets, outputs)},
                {"label": t("asymmetry.swap.backward_short"), **curves.mean_decomposition(outputs, targets)}]
        st.markdown(t("asymmetry.swap.exact"))
        show_decomposition(rows, [shown(forward), shown(backward)], "asymmetry_swap")
        if any(row["kl"] == float("inf") for row in rows):
            st.info(t("asymmetry.swap.infinite"))
    else:
        st.warning(t("asymmetry.not_probabilities"))
    show_notes(diagnose(KERAS_BINARY, y_true=targets, y_pred=outputs),
               diagnose(KERAS_BINARY, y_true=outputs, y_pred=targets))


# --- 2. Bernoulli: the whole map, the current pair, the floor ---------------------

@st.cache_resource(max_entries=8, show_spinner=False)  # shared, read-only
def maps_base(text):
    """Both Bernoulli maps: the pair (p, q) moves over them."""
    grid, ce, swap = curves.bernoulli_grid()
    return make_bernoulli_maps_base(grid, ce, swap, text=text)


@st.cache_resource(max_entries=8, show_spinner=False)  # shared, read-only
def floor_base(text):
    """The other targets' curves CE(p', q) over q: the target p moves over them."""
    q_grid = curves.unit_grid(500)
    others = [(other, information.bernoulli_cross_entropy(other, q_grid)) for other in OTHER_TARGETS]
    half = float(information.bernoulli_cross_entropy(0.5, 0.5))
    return make_floor_base(q_grid, others, half_value=half, text=text)


@st.cache_resource(max_entries=128, show_spinner=False)  # shared, read-only
def floor_curve(p):
    """CE(p, q) over the grid of q, its floor H(p) and CE(p, 0.5) = log 2."""
    q_grid = curves.unit_grid(500)
    return (q_grid, information.bernoulli_cross_entropy(p, q_grid), float(information.bernoulli_entropy(p)),
            float(information.bernoulli_cross_entropy(p, 0.5)))


def keras_pair(a, b, dtype):
    """Keras's binary cross-entropy of target ``a`` and output ``b``, as it prints it."""
    loss, _ = curves.framework_curve(curves.variant("keras"), [b], a, dtype=dtype)
    return shown(loss)


def bernoulli_section(dtype):
    show.heading(t("asymmetry.bernoulli.heading"), t("asymmetry.bernoulli.intro"))
    bernoulli_explorer(dtype)


@st.fragment
def bernoulli_explorer(dtype):
    """p and q redraw only this part."""
    left, right = st.columns(2)
    p = controls.slider("p", "asymmetry.p", 0.0, 1.0, 0.3, 0.01, where=left)
    q = controls.slider("q", "asymmetry.q", 0.0, 1.0, 0.8, 0.01, where=right)
    text = figure_text()
    show.figure(mark_pair(maps_base(text), p=p, q=q, text=text),
                key="asymmetry_maps", alt=t("asymmetry.bernoulli.alt", p=f"{p:g}", q=f"{q:g}"))
    # The bars keep the same two labels at every step (p and q stand above), so
    # that a step moves them in place; the table names the values.
    rows = decomposition_rows([("CE(p, q)", p, q), ("CE(q, p)", q, p)])
    keras = [keras_pair(a, b, dtype) for a, b in ((p, q), (q, p))]
    show_decomposition(rows, keras, "asymmetry_pair", live=True,
                       directions=[f"CE({p:g}, {q:g})", f"CE({q:g}, {p:g})"])

    show.heading(t("asymmetry.floor.heading"), t("asymmetry.floor.intro", p=f"{p:g}"))
    q_grid, curve, entropy, half = floor_curve(p)
    show.metrics([(t("asymmetry.floor.minimum", p=f"{p:g}"), f"{entropy:.6f}"),
                  (t("asymmetry.floor.half", p=f"{p:g}"), f"{half:.6f}")])
    show.figure(add_target(floor_base(text), q_grid, curve, p=p, entropy=entropy, start_q=q, text=text),
                key="asymmetry_floor", alt=t("asymmetry.floor.alt", p=f"{p:g}", entropy=f"{entropy:.4f}"),
                table=lambda: pd.DataFrame({t("asymmetry.fig.output"): q_grid, f"CE({p:g}, q)": curve}))


# --- 3. small categorical distributions -------------------------------------------

@st.fragment
def categorical_section(dtype):
    show.heading(t("asymmetry.categorical.heading"), t("asymmetry.categorical.intro"))
    left, right = st.columns(2)
    p, _ = controls.array_input("cp", "p", "0.7,0.2,0.1", dtype=dtype, where=left)
    q, _ = controls.array_input("cq", "q", "0.2,0.5,0.3", dtype=dtype, where=right)
    try:
        keras = [shown(call(KERAS_CATEGORICAL, y_true=a, y_pred=b)) for a, b in ((p, q), (q, p))]
    except ValueError as err:
        st.error(t("asymmetry.keras_refuses", message=str(err)), icon=":material/block:")
        return
    if curves.are_probabilities(p, q):
        rows = decomposition_rows([("CE(p, q)", p, q), ("CE(q, p)", q, p)], binary=False)
        show_decomposition(rows, keras, "asymmetry_categorical")
        if any(row["kl"] == float("inf") for row in rows):
            st.info(t("asymmetry.infinite"))
    else:
        st.warning(t("asymmetry.not_probabilities"))
    show_notes(diagnose(KERAS_CATEGORICAL, y_true=p, y_pred=q), diagnose(KERAS_CATEGORICAL, y_true=q, y_pred=p))


# --- 4. targets outside [0, 1] ----------------------------------------------------

def outside_section(dtype):
    show.heading(t("asymmetry.outside.heading"), t("asymmetry.outside.intro"))
    outside_explorer(dtype)


@st.fragment
def outside_explorer(dtype):
    """The output slider redraws only this part."""
    output = controls.slider("out", "asymmetry.out", 0.01, 0.99, 0.3, 0.01)
    keras = curves.variant("keras")
    targets = curves.target_grid()
    loss = curves.against_targets(keras, output, targets, dtype=dtype)
    marks = curves.against_targets(keras, output, list(SEED_TARGETS), dtype=dtype)
    show.figure(show.build(make_target_sweep_figure, targets, loss, output=output, marks=list(zip(SEED_TARGETS, marks)),
                                         text=figure_text()),
                key="asymmetry_outside", alt=t("asymmetry.outside.alt", q=f"{output:g}"), live=True,
                table=lambda: pd.DataFrame({t("asymmetry.fig.target_axis"): targets, t("asymmetry.fig.loss"): loss}))
    st.markdown(t("asymmetry.outside.values", q=f"{output:g}", dtype=dtype,
                  low=str(marks[0]), high=str(marks[1])))
    torch = curves.variant("torch")
    if curves.is_available(torch):
        try:
            curves.against_targets(torch, output, [SEED_TARGETS[0]], dtype=dtype)
        except ValueError as err:
            st.error(t("asymmetry.torch_refuses", message=str(err)), icon=":material/block:")


show.heading(t("asymmetry.title"), t("asymmetry.intro"), level=1)
st.latex(r"CE(p, q) = -\sum_k p_k \log q_k = H(p) + KL(p\,\|\,q)")
presets()
# The float type of every framework number below (Keras computes in its input's dtype).
DTYPE = controls.choice("dtype", "asymmetry.dtype", DTYPES, "float32")
swap_section(DTYPE)
bernoulli_section(DTYPE)
categorical_section(DTYPE)
outside_section(DTYPE)
