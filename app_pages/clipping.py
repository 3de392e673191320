"""Clipping: what each framework's binary cross-entropy does when the model
is confidently right or wrong, against the logit and near p = 0 and 1.

Every number comes from :mod:`xent_core.curves` (which calls the catalogue);
this page only lays out controls, figures, tables and text.
"""
import pandas as pd
import streamlit as st

from ui import controls, phone, show
from ui.i18n import t
from ui.presets import buttons as preset_buttons
from xent_core import curves
from xent_core.figures.clipping import make_logit_figure, make_probability_figure
from xent_core.frameworks import diagnose

PAGE = "app_pages/clipping.py"
LABELS = ("0", "1", "soft")
DTYPES = ("float32", "float64")
HIDDEN_BY_DEFAULT = {"keraslogits"}  # the same curve as tf.nn's: Keras calls it
STATUS_KEYS = {curves.OK: "clipping.status.ok", curves.ZERO: "clipping.status.zero",
               curves.WRONG: "clipping.status.wrong", curves.NOT_FINITE: "clipping.status.not_finite"}
ENDS = {"0": [0.0], "1": [1.0], "both": [0.0, 1.0]}
DEFAULTS = {"y": "1", "ys": 0.5, "dtype": "float32", "x": -20.0,
            **{v.key: v.key not in HIDDEN_BY_DEFAULT for v in curves.VARIANTS}}
PRESETS = {
    "seed003_y1": {"y": "1", "x": -30.0, "keraslogits": True},
    "seed003_y0": {"y": "0", "x": 30.0, "keraslogits": True},
    "seed002_test2": {"y": "soft", "ys": 0.5, "x": -40.0},
}


# --- cached computations (pure calls into xent_core) --------------------------

def shown_name(v) -> str:
    """An API name as it is; the textbook formula's name in the language."""
    return t("clipping.legend.naive") if v.api == curves.NAIVE else curves.display_name(v)


def _series(v, loss, grad, exact_grad):
    """A figure series; its ``name`` is added outside the cache (see :func:`named`)."""
    status = None if grad is None else curves.gradient_status(grad, exact_grad)
    return {"key": v.key, "loss": loss, "grad": grad, "status": status}


def named(series):
    return [{**s, "name": shown_name(curves.variant(s["key"]))} for s in series]


@st.cache_data(max_entries=64, show_spinner=False)
def logit_curves(keys, label, dtype):
    """Series against the logit, and the framework messages of those that refused."""
    logits = curves.logit_grid()
    exact = curves.exact_against_logits(logits, label)
    series, refused = [], {}
    for key in keys:
        v = curves.variant(key)
        try:
            loss, grad = curves.against_logits(v, logits, label, dtype=dtype)
        except ValueError as err:
            refused[key] = str(err)
            continue
        series.append(_series(v, loss, grad, exact[1]))
    return logits, exact, series, refused


@st.cache_data(max_entries=64, show_spinner=False)
def probability_curves(keys, label, dtype):
    exponents = curves.exponent_grid()
    exact, sides = {}, {}
    for side in curves.SIDES:
        exact[side] = curves.exact_against_probabilities(exponents, side, label)
        sides[side] = []
        for key in keys:
            v = curves.variant(key)
            try:
                loss, grad = curves.against_probabilities(v, exponents, side, label, dtype=dtype)
            except ValueError:
                continue  # already reported with the logit curves
            sides[side].append(_series(v, loss, grad, exact[side][1]))
    return exponents, sides, exact


@st.cache_data(max_entries=64, show_spinner=False)
def largest_losses(keys, label):
    """Each probability function at outputs exactly 0, exactly 1 and both
    (its own reduction), in both dtypes: ``{name: {(dtype, end): value}}``.
    A function that refuses this label is left out (its message is shown above)."""
    table = {}
    for key in keys:
        v = curves.variant(key)
        if curves.takes_logits(v):
            continue
        try:
            table[curves.display_name(v)] = {(dtype, end): curves.own_reduction(v, probs, label, dtype=dtype)
                                             for dtype in DTYPES for end, probs in ENDS.items()}
        except ValueError:
            continue
    return table


# --- pieces of the page ---------------------------------------------------------

def figure_text():
    return {
        "logit": t("clipping.fig.logit"), "loss": t("clipping.fig.loss"),
        "grad_logit": t("clipping.fig.grad_logit"), "grad_prob": t("clipping.fig.grad_prob"),
        "exact": t("clipping.fig.exact"), "status": t("clipping.fig.status"),
        "current": t("clipping.fig.current"), "near_zero": t("clipping.fig.near_zero"),
        "near_one": t("clipping.fig.near_one"),
        "status_names": {s: t(k) for s, k in STATUS_KEYS.items() if s != curves.OK},
    }


def presets():
    preset_buttons("clipping.preset", PRESETS, DEFAULTS, caption_key="clipping.presets")


def label_controls():
    columns = st.columns([2, 2, 2, 2])
    choice = controls.select("y", "clipping.label", LABELS, "1", where=columns[0],
                             format_func=lambda option: t(f"clipping.label.{option}"))
    label = float(choice) if choice != "soft" else controls.slider(
        "ys", "clipping.soft_label", 0.0, 1.0, 0.5, 0.01, where=columns[1])
    dtype = controls.choice("dtype", "clipping.dtype", DTYPES, "float32", where=columns[2])
    marker = controls.number("x", "clipping.marker", -20.0, min_value=-curves.LOGIT_LIMIT,
                             max_value=curves.LOGIT_LIMIT, step=0.5, where=columns[3])
    return label, dtype, marker


def variant_toggles():
    """One toggle per function in the catalogue (there is no multiselect control)."""
    available = [v for v in curves.VARIANTS if curves.is_available(v)]
    missing = [v for v in curves.VARIANTS if not curves.is_available(v)]
    st.markdown(f"**{t('clipping.variants')}**")
    columns = st.columns(2)
    shown = [v.key for i, v in enumerate(available)
             if controls.toggle(v.key, f"clipping.variant.{v.key}", v.key not in HIDDEN_BY_DEFAULT,
                                where=columns[i % 2])]
    if missing:
        st.caption(t("clipping.missing", names=", ".join(v.api for v in missing)))
    return tuple(shown)


def refused_messages(refused):
    for key, message in refused.items():
        st.error(t("clipping.refused", api=curves.display_name(curves.variant(key)), message=message),
                 icon=":material/block:")


def logit_table(logits, exact, series):
    table = {t("clipping.fig.logit"): logits, t("clipping.col.exact_loss"): exact[0],
             t("clipping.col.exact_grad"): exact[1]}
    for s in series:
        table[t("clipping.col.loss", name=s["name"])] = s["loss"]
        if s["grad"] is not None:
            table[t("clipping.col.grad", name=s["name"])] = s["grad"]
    return pd.DataFrame(table)


def probability_table(exponents, sides, exact):
    """One row per point and side: where it is (distance to the end, p) and every value drawn."""
    frames = []
    for side in curves.SIDES:
        points = curves.probability_points(exponents, side)
        table = {t("clipping.col.side"): t(f"clipping.fig.near_{side}"),
                 t("clipping.col.distance"): points["distance"], "p": points["p"],
                 t("clipping.col.exact_loss"): exact[side][0], t("clipping.col.exact_grad_p"): exact[side][1]}
        for s in sides[side]:
            table[t("clipping.col.loss", name=s["name"])] = s["loss"]
            if s["grad"] is not None:
                table[t("clipping.col.grad_p", name=s["name"])] = s["grad"]
        frames.append(pd.DataFrame(table))
    return pd.concat(frames, ignore_index=True)


def point_table(keys, marker, label, dtype):
    """The value of every function at the marker's logit, with its status."""
    exact_loss, exact_grad = curves.exact_against_logits([marker], label)
    rows = [{t("clipping.col.function"): t("clipping.fig.exact"), t("clipping.col.input"): marker,
             t("clipping.col.loss_short"): float(exact_loss[0]),
             t("clipping.col.grad_short"): float(exact_grad[0]), t("clipping.col.status"): ""}]
    for key in keys:
        v = curves.variant(key)
        try:
            loss, grad = curves.against_logits(v, [marker], label, dtype=dtype)
        except ValueError:
            continue
        status = t("clipping.status.no_gradient") if grad is None else \
            t(STATUS_KEYS[int(curves.gradient_status(grad, exact_grad)[0])])
        rows.append({t("clipping.col.function"): shown_name(v),
                     t("clipping.col.input"): float(curves.model_output(v, [marker], dtype=dtype)[0]),
                     t("clipping.col.loss_short"): float(loss[0]),
                     t("clipping.col.grad_short"): None if grad is None else float(grad[0]),
                     t("clipping.col.status"): status})
    return pd.DataFrame(rows)


NUMBER = st.column_config.NumberColumn(format="%.8g")


def numbers_config(frame):
    return {c: NUMBER for c in frame.columns if frame[c].dtype.kind == "f"}


def keras_notes(keys, marker, label, dtype):
    """What diagnose says about Keras's input at the marker (clipping, float32 rounding)."""
    if "keras" not in keys:
        return
    keras = curves.variant("keras")
    show.notes(diagnose(keras.api, y_true=[[label]], y_pred=curves.model_output(keras, [[marker]], dtype=dtype)))


@st.fragment
def explorer():
    label, dtype, marker = label_controls()
    with phone.figure_first("clipping"):
        keys = variant_toggles()
        logits, exact, series, refused = logit_curves(keys, label, dtype)
        series = named(series)
        refused_messages(refused)
        with st.container():  # heading, caption and chart move together
            st.subheader(t("clipping.logit.heading"))
            st.caption(t("clipping.logit.caption"))
            show.figure(show.build(make_logit_figure, logits, series, exact, marker=marker, text=figure_text()),
                        key="clipping_logit", alt=t("clipping.logit.alt", label=f"{label:g}", dtype=dtype),
                        table=lambda: logit_table(logits, exact, series))
            if "naive" in keys:
                st.caption(t("clipping.nan.naive"))

    st.markdown(f"**{t('clipping.point.heading', x=f'{marker:g}', label=f'{label:g}', dtype=dtype)}**")
    frame = point_table(keys, marker, label, dtype)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=numbers_config(frame),
                 key="clipping_point")
    keras_notes(keys, marker, label, dtype)

    st.subheader(t("clipping.prob.heading"))
    st.caption(t("clipping.prob.caption"))
    exponents, sides, exact_p = probability_curves(keys, label, dtype)
    sides = {side: named(side_series) for side, side_series in sides.items()}
    show.figure(show.build(make_probability_figure, exponents, sides, exact_p, text=figure_text()),
                key="clipping_prob", alt=t("clipping.prob.alt", label=f"{label:g}", dtype=dtype),
                table=lambda: probability_table(exponents, sides, exact_p))

    st.subheader(t("clipping.ends.heading"))
    st.caption(t("clipping.ends.caption", label=f"{label:g}"))
    ends = pd.DataFrame([{t("clipping.col.function"): name,
                          **{t(f"clipping.col.ends_{end}", dtype=kind): value for (kind, end), value in values.items()}}
                         for name, values in largest_losses(keys, label).items()])
    st.dataframe(ends, hide_index=True, width="stretch", column_config=numbers_config(ends),
                 key="clipping_ends")


show.heading(t("clipping.title"), t("clipping.intro"), level=1)
presets()
explorer()

show.heading(t("clipping.why.heading"), t("clipping.why.from_logits"))
st.latex(r"\ell(x, y) = \max(x, 0) - x\,y + \log\left(1 + e^{-|x|}\right)")
st.markdown(t("clipping.why.keras_sigmoid"))
st.markdown(t("clipping.why.shading"))
