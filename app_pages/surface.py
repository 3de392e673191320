"""Loss surface: the loss over two logits (the others fixed), its gradient
field, a gradient-descent path that plays in the browser, and for three
classes the loss over the probability simplex."""
import numpy as np
import pandas as pd
import streamlit as st

from ui import controls, phone, show
from ui.presets import buttons as preset_buttons
from ui.i18n import t
from xent_core.families import (FAMILIES, fit_to_classes, framework_loss_and_grad, is_distribution,
                                labels_for_classes, loss_floor, smooth_labels, surface_axes, with_point)
from xent_core.figures.surface import (arrow_segments, make_loss_map_figure, make_loss_surface3d_figure,
                                       make_simplex_figure)
from xent_core.frameworks import diagnose
from xent_core.primitives import softmax
from xent_core.surface import SURFACES, descent_path, loss_and_grad_at, simplex_grid, simplex_loss

GRID_POINTS = 161   # per axis, under the figure budget of 200
ARROW_POINTS = 15   # a coarse field keeps the arrows readable and the payload small
SIMPLEX_RESOLUTION = 70

# Every control's value, so that a preset sets the whole state.
DEFAULTS = {"fam": "softmax", "k": 3, "logits": "0.5,1.5,0.1", "labels": "0,1,0", "ls": 0.0,
            "i": "0", "j": "1", "xi": 0.5, "xj": 1.5, "span": 6.0, "lr": 1.0, "steps": 30,
            "view3d": False, "arrows": True}
PRESETS = {
    "seed004_row1": {},
    "seed004_row2": {"logits": "2.2,1.3,1.7", "labels": "0,0,1", "i": "2", "j": "0", "xi": 1.7, "xj": 2.2},
    "two_classes": {"k": 2, "logits": "0,0", "labels": "0,1", "xi": 0.0, "xj": 0.0},
    "seed002_soft": {"fam": "sigmoid", "k": 2, "logits": "2,-1", "labels": "0.5,0.5", "xi": 2.0, "xj": -1.0},
    "seed002_outside": {"fam": "sigmoid", "k": 2, "logits": "0,0", "labels": "-2,2", "xi": 0.0, "xj": 0.0,
                        "steps": 15},
}


def figure_text(i, j) -> dict:
    return {"x": t("surface.axis", k=i), "y": t("surface.axis", k=j), "loss": t("surface.loss"),
            "point": t("surface.legend.point"), "path": t("surface.legend.path"),
            "step": t("surface.legend.step"), "arrows": t("surface.legend.arrows"),
            "step_title": t("surface.step_title"), "label": t("surface.legend.label"),
            "model": t("surface.legend.model"),
            "classes": tuple(t("surface.class_name", k=k) for k in range(3))}


@st.cache_resource(max_entries=64, show_spinner=False)  # shared, read-only: no copy of the figure
def loss_figure(family, logits, labels, i, j, span, learning_rate, steps, three_d, arrows, text):
    """The map (or 3-D surface) with its descent path; cached, as a slider
    often comes back to a state already drawn."""
    point = (logits[i], logits[j])
    path, losses = descent_path(logits, labels, i, j, family=family, learning_rate=learning_rate,
                                steps=steps)
    a, b = surface_axes(path, span, points=GRID_POINTS)
    grid = SURFACES[family](logits, labels, i, j, a, b)
    if three_d:
        fig = show.build(make_loss_surface3d_figure, a, b, grid["loss"], path=path, path_losses=losses, text=text)
        return fig, path, losses
    field = None
    if arrows:
        ca, cb = surface_axes(path, span, points=ARROW_POINTS)
        coarse = SURFACES[family](logits, labels, i, j, ca, cb)
        field = arrow_segments(ca, cb, coarse["grad_a"], coarse["grad_b"])
    fig = show.build(make_loss_map_figure, a, b, grid["loss"], point=point, path=path, path_losses=losses,
                               arrows=field, text=text)
    return fig, path, losses


def presets():
    preset_buttons("surface.preset", PRESETS, DEFAULTS, caption_key="surface.presets")


def numbers_text(values) -> str:
    return ", ".join(f"{float(v):.6g}" for v in np.ravel(values))


def class_pickers(num_classes):
    """Classes on the two axes; j's menu leaves out i, so they always differ."""
    classes = [str(k) for k in range(num_classes)]
    i = controls.select("i", "surface.class_i", classes, DEFAULTS["i"])
    others = [c for c in classes if c != i]
    j = controls.select("j", "surface.class_j", others, "1" if "1" in others else others[0])
    return int(i), int(j)


def read_controls():
    """Draw the controls; returns the state, or None when it cannot be drawn."""
    family = controls.select("fam", "surface.family", FAMILIES,
                             format_func=lambda f: t(f"surface.family.{f}"))
    num_classes = int(controls.slider("k", "surface.classes", 2, 10, DEFAULTS["k"]))
    raw_logits, _ = controls.array_input("logits", "surface.logits", DEFAULTS["logits"], translate=True,
                                         help=t("surface.logits.help"))
    raw_labels, _ = controls.array_input("labels", "surface.labels", DEFAULTS["labels"], translate=True,
                                         help=t("surface.labels.help"))
    smoothing = controls.slider("ls", "surface.smoothing", 0.0, 1.0, DEFAULTS["ls"], 0.05)
    i, j = class_pickers(num_classes)
    xi = controls.slider("xi", "surface.xi", -8.0, 8.0, DEFAULTS["xi"], 0.1)
    xj = controls.slider("xj", "surface.xj", -8.0, 8.0, DEFAULTS["xj"], 0.1)
    st.divider()
    learning_rate = controls.slider("lr", "surface.lr", 0.05, 5.0, DEFAULTS["lr"], 0.05)
    steps = int(controls.slider("steps", "surface.steps", 1, 100, DEFAULTS["steps"]))
    span = controls.slider("span", "surface.span", 2.0, 12.0, DEFAULTS["span"], 0.5)
    three_d = controls.toggle("view3d", "surface.view3d", DEFAULTS["view3d"])
    arrows = controls.toggle("arrows", "surface.arrows", DEFAULTS["arrows"], disabled=three_d)

    logits, logits_cut = fit_to_classes(raw_logits, num_classes)
    labels, labels_cut = labels_for_classes(raw_labels, num_classes)
    if not (np.isfinite(logits).all() and np.isfinite(labels).all()):
        st.error(t("surface.non_finite"))
        return None
    return dict(family=family, num_classes=num_classes, logits=with_point(logits, i, j, (xi, xj)),
                labels=smooth_labels(labels, smoothing, family=family), smoothing=smoothing, i=i, j=j,
                learning_rate=learning_rate, steps=steps, span=span, three_d=three_d, arrows=arrows,
                fitted=logits_cut or labels_cut)


def show_numbers(s):
    """Loss and gradient at the current point: the fast grid code and the framework."""
    loss, grad = loss_and_grad_at(s["logits"], s["labels"], s["i"], s["j"],
                                  (s["logits"][s["i"]], s["logits"][s["j"]]), family=s["family"])
    floor = loss_floor(s["labels"], family=s["family"])
    cols = st.columns(4)
    # five digits fit a projector's large type; the framework line below has seven
    cols[0].metric(t("surface.metric.loss"), f"{loss:.5g}")
    cols[1].metric(t("surface.metric.grad", k=s["i"]), f"{grad[0]:.5g}")
    cols[2].metric(t("surface.metric.grad", k=s["j"]), f"{grad[1]:.5g}")
    cols[3].metric(t("surface.metric.floor"), f"{floor:.5g}", help=t("surface.metric.floor.help"))
    if s["fitted"]:
        st.caption(t("surface.fitted", k=s["num_classes"]))
    try:
        name, fw_loss, fw_grad = framework_loss_and_grad(s["logits"], s["labels"], family=s["family"])
    except ValueError as err:
        st.error(t("surface.framework_error", error=str(err)))
        return
    st.caption(t("surface.framework", api=name, loss=f"{fw_loss:.7g}", grad=numbers_text(fw_grad),
                 labels=numbers_text(s["labels"]), logits=numbers_text(s["logits"])))
    show.notes(diagnose(name, labels=s["labels"], logits=s["logits"]))


def show_surface(s):
    text = figure_text(s["i"], s["j"])
    fig, path, losses = loss_figure(s["family"], s["logits"], s["labels"], s["i"], s["j"], s["span"],
                                    s["learning_rate"], s["steps"], s["three_d"], s["arrows"], text)
    alt = t("surface.alt3d" if s["three_d"] else "surface.alt", family=t(f"surface.family.{s['family']}"),
            i=s["i"], j=s["j"], steps=s["steps"], lr=s["learning_rate"])
    table = {t("surface.legend.step"): np.arange(len(path)), text["x"]: path[:, 0], text["y"]: path[:, 1],
             text["loss"]: losses}
    show.figure(fig, key="surface_map", alt=alt, table=pd.DataFrame(table))
    st.caption(t("surface.animation_hint"))


def show_simplex(s):
    """The 3-class simplex: where softmax outputs live, so only for that family."""
    if s["family"] != "softmax" or s["num_classes"] != 3:
        st.caption(t("surface.simplex.only_three"))
        return
    q = simplex_grid(SIMPLEX_RESOLUTION)
    loss = simplex_loss(s["labels"], q)
    labels = s["labels"]
    on_simplex = is_distribution(labels)
    fig = show.build(make_simplex_figure, q, loss, label_point=labels if on_simplex else None,
                              model_point=softmax(s["logits"]), text=figure_text(s["i"], s["j"]))
    table = pd.DataFrame({"q0": q[:, 0], "q1": q[:, 1], "q2": q[:, 2], t("surface.loss"): loss})
    show.figure(fig, key="surface_simplex", alt=t("surface.simplex.alt"), table=table)
    if not on_simplex:
        st.caption(t("surface.simplex.no_label_point"))


@st.fragment
def explorer():
    """Controls and figures: a slider move reruns only this part."""
    with phone.figure_first("surface"):
        left, right = st.columns([1, 2.6], gap="large")
    with left:
        state = read_controls()
    if state is None:
        return
    with right:
        show_numbers(state)
        show_surface(state)
    low_left, low_right = st.columns([1, 1], gap="large")
    with low_left:
        st.subheader(t("surface.simplex.title"))
        show_simplex(state)
    with low_right:
        st.subheader(t("surface.reading.title"))
        st.markdown(t("surface.reading"))

st.title(t("surface.title"))
st.markdown(t("surface.intro"))
presets()
explorer()
