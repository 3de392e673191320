"""Loss surface: the loss over two logits (the others fixed), its gradient
field, a gradient-descent path that plays in the browser, and for three
classes the loss over the probability simplex."""
import numpy as np
import pandas as pd
import streamlit as st

from ui import controls, phone, show
from ui.memo import shared
from ui.presets import buttons as preset_buttons
from ui.i18n import t
from xent_core.families import (FAMILIES, fit_to_classes, framework_loss_and_grad, is_distribution,
                                labels_for_classes, loss_floor, smooth_labels, surface_axes, with_point)
from xent_core.figures.surface import (add_descent, arrow_segments, make_loss_map_base,
                                       make_loss_surface3d_figure, make_simplex_base, mark_simplex)
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


@shared(max_entries=64)
def loss_grid(family, fixed_logits, labels, i, j, axis):
    """The loss and its gradient over the axis in both directions: it does
    not depend on x_i and x_j, so a move of the point reuses it.
    ``fixed_logits``: the logits with x_i and x_j at 0 (the grid ignores them)."""
    return SURFACES[family](fixed_logits, labels, i, j, axis, axis)


@shared(max_entries=64)
def map_base(family, fixed_logits, labels, i, j, axis, arrows, text):
    """The loss map over the axis with its arrow field: a move of the point
    draws over the same base."""
    grid = loss_grid(family, fixed_logits, labels, i, j, axis)
    field = None
    if arrows:
        coarse_axis = np.linspace(axis[0], axis[-1], ARROW_POINTS)
        coarse = SURFACES[family](fixed_logits, labels, i, j, coarse_axis, coarse_axis)
        field = arrow_segments(coarse_axis, coarse_axis, coarse["grad_a"], coarse["grad_b"])
    return make_loss_map_base(axis, axis, grid["loss"], arrows=field, text=text)


@shared(max_entries=16)
def simplex_base(labels, text):
    """The loss over the simplex for the label: the model's point moves over it."""
    q = simplex_grid(SIMPLEX_RESOLUTION)
    loss = simplex_loss(labels, q)
    return make_simplex_base(q, loss, text=text), q, loss


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


def fitted(raw_logits, raw_labels, num_classes):
    """The logits and labels as typed, padded or cut to ``num_classes``, and
    whether either was; None when one is not finite (no map can be drawn)."""
    logits, logits_cut = fit_to_classes(raw_logits, num_classes)
    labels, labels_cut = labels_for_classes(raw_labels, num_classes)
    if not (np.isfinite(logits).all() and np.isfinite(labels).all()):
        return None
    return logits, labels, logits_cut or labels_cut


def read_typed():
    """The family and the typed logits and labels, in a row of their own
    above the explorer: a change of one reruns the whole page, and a step
    of K sends none of them again."""
    family_column, logits_column, labels_column = st.columns([1, 1.4, 1.4])
    family = controls.select("fam", "surface.family", FAMILIES, where=family_column,
                             format_func=lambda f: t(f"surface.family.{f}"))
    raw_logits, _ = controls.array_input("logits", "surface.logits", DEFAULTS["logits"], translate=True,
                                         help=t("surface.logits.help"), where=logits_column)
    raw_labels, _ = controls.array_input("labels", "surface.labels", DEFAULTS["labels"], translate=True,
                                         help=t("surface.labels.help"), where=labels_column)
    return dict(family=family, raw_logits=raw_logits, raw_labels=raw_labels)


def read_problem(typed):
    """K, the classes on the axes and the views, with the typed controls:
    the landscape but for label smoothing and the plotted range; None when
    the logits or labels are not finite. Smoothing, the range, x_i and x_j
    are read by :func:`read_point`."""
    num_classes = int(controls.slider("k", "surface.classes", 2, 10, DEFAULTS["k"]))
    smoothing_place = st.container()  # drawn by point_view, as the descent's sliders below
    i, j = class_pickers(num_classes)
    st.divider()
    # The descent's sliders and the plotted range: drawn by point_view, which they rerun.
    descent_place = st.container()
    three_d = controls.toggle("view3d", "surface.view3d", DEFAULTS["view3d"])
    arrows = controls.toggle("arrows", "surface.arrows", DEFAULTS["arrows"], disabled=three_d)

    fit = fitted(typed["raw_logits"], typed["raw_labels"], num_classes)
    if fit is None:
        return None
    logits, labels, cut = fit
    return dict(typed, num_classes=num_classes, logits=logits, fitted_labels=labels, i=i, j=j,
                three_d=three_d, arrows=arrows, fitted=cut,
                smoothing_place=smoothing_place, descent_place=descent_place)


def read_point(problem):
    """The controls a step of which moves the point or redraws only the map
    and the simplex: label smoothing, x_i and x_j (side by side), the
    descent's learning rate and steps and the plotted range (in the
    controls' column). Returns the state with the point in the logits and
    the labels smoothed."""
    i, j = problem["i"], problem["j"]
    smoothing = controls.slider("ls", "surface.smoothing", 0.0, 1.0, DEFAULTS["ls"], 0.05,
                                where=problem["smoothing_place"])
    left, right = st.columns(2)
    xi = controls.slider("xi", "surface.xi", -8.0, 8.0, DEFAULTS["xi"], 0.1, where=left)
    xj = controls.slider("xj", "surface.xj", -8.0, 8.0, DEFAULTS["xj"], 0.1, where=right)
    with problem["descent_place"]:
        learning_rate = controls.slider("lr", "surface.lr", 0.05, 5.0, DEFAULTS["lr"], 0.05)
        steps = int(controls.slider("steps", "surface.steps", 1, 100, DEFAULTS["steps"]))
        span = controls.slider("span", "surface.span", 2.0, 12.0, DEFAULTS["span"], 0.5)
    return {**problem, "logits": with_point(problem["logits"], i, j, (xi, xj)),
            "labels": smooth_labels(problem["fitted_labels"], smoothing, family=problem["family"]),
            "smoothing": smoothing, "learning_rate": learning_rate, "steps": steps, "span": span}


def show_numbers(s):
    """Loss and gradient at the current point: the fast grid code and the framework."""
    loss, grad = loss_and_grad_at(s["logits"], s["labels"], s["i"], s["j"],
                                  (s["logits"][s["i"]], s["logits"][s["j"]]), family=s["family"])
    floor = loss_floor(s["labels"], family=s["family"])
    notes = [t("surface.fitted", k=s["num_classes"])] if s["fitted"] else []
    try:
        name, fw_loss, fw_grad = framework_loss_and_grad(s["logits"], s["labels"], family=s["family"])
    except ValueError as err:
        name, refused = None, t("surface.framework_error", error=str(err))
    else:
        notes.append(t("surface.framework", api=name, loss=f"{fw_loss:.7g}", grad=numbers_text(fw_grad),
                       labels=numbers_text(s["labels"]), logits=numbers_text(s["logits"])))
    # five digits fit a projector's large type; the framework line under them has seven
    show.metrics([(t("surface.metric.loss"), f"{loss:.5g}"),
                  (t("surface.metric.grad", k=s["i"]), f"{grad[0]:.5g}"),
                  (t("surface.metric.grad", k=s["j"]), f"{grad[1]:.5g}"),
                  (t("surface.metric.floor"), f"{floor:.5g}", t("surface.metric.floor.help"))], notes=notes)
    if name is None:
        st.error(refused)
        return
    show.notes(diagnose(name, labels=s["labels"], logits=s["logits"]))


def landscape(s):
    """The descent path, its losses and the grid's axis for the state ``s``."""
    return descent_landscape(s["family"], s["logits"], s["labels"], s["i"], s["j"], s["learning_rate"],
                             s["steps"], s["span"])


@shared(max_entries=64)
def descent_landscape(family, logits, labels, i, j, learning_rate, steps, span):
    """:func:`landscape`'s, kept: a step of label smoothing, K or the range
    made it already, for the map it sent ahead."""
    path, losses = descent_path(logits, labels, i, j, family=family, learning_rate=learning_rate, steps=steps)
    axis, _ = surface_axes(path, span, points=GRID_POINTS)
    return path, losses, axis


def fixed_logits(s):
    """The logits with x_i and x_j at 0: the grids ignore them, so a move of
    the point finds its grid cached."""
    return with_point(s["logits"], s["i"], s["j"], (0.0, 0.0))


def map_of(s, axis):
    """The loss map (the base the point moves over) of the state ``s``."""
    return map_base(s["family"], fixed_logits(s), s["labels"], s["i"], s["j"], axis, s["arrows"], s["text"])


def one_step_on(s):
    """The state one step further along the landscape's slider that moved
    in this run (label smoothing, the plotted range, K), or None: a learner
    who drags it asks for that map next."""
    moved = controls.moved_on(("ls", "span", "k"))
    if moved is None:
        return None
    key, value = moved
    if key == "ls":
        return {**s, "labels": smooth_labels(s["fitted_labels"], value, family=s["family"])}
    if key == "span":
        return {**s, "span": value}
    i, j = s["i"], s["j"]
    if max(i, j) >= value:  # the classes on the axes would change
        return None
    fit = fitted(s["raw_logits"], s["raw_labels"], value)
    if fit is None:
        return None
    logits, labels, _ = fit
    return {**s, "num_classes": value, "logits": with_point(logits, i, j, (s["logits"][i], s["logits"][j])),
            "labels": smooth_labels(labels, s["smoothing"], family=s["family"])}


def show_surface(s, ahead=None):
    """The map with the point and the descent (or the 3-D surface).
    ``ahead``: the state a next step likely shows, whose map is sent ahead."""
    text = s["text"]
    i, j = s["i"], s["j"]
    path, losses, axis = landscape(s)
    ahead_map = None
    if s["three_d"]:
        grid = loss_grid(s["family"], fixed_logits(s), s["labels"], i, j, axis)
        fig = show.build(make_loss_surface3d_figure, axis, axis, grid["loss"], path=path, path_losses=losses,
                         text=text)
    else:
        fig = add_descent(map_of(s, axis), point=(s["logits"][i], s["logits"][j]), path=path,
                          path_losses=losses, text=text)
        if ahead is not None:
            ahead_map = map_of(ahead, landscape(ahead)[2])
    alt = t("surface.alt3d" if s["three_d"] else "surface.alt", family=t(f"surface.family.{s['family']}"),
            i=i, j=j, steps=s["steps"], lr=s["learning_rate"])
    show.figure(fig, key="surface_map", alt=alt, live=True, ahead=ahead_map, button=False, table=lambda: pd.DataFrame(
        {t("surface.legend.step"): np.arange(len(path)), text["x"]: path[:, 0], text["y"]: path[:, 1],
         text["loss"]: losses}))


def has_simplex(problem) -> bool:
    """The simplex is where softmax outputs of three classes live."""
    return problem["family"] == "softmax" and problem["num_classes"] == 3


def show_simplex(s, ahead=None):
    """The 3-class simplex: where softmax outputs live, so only for that
    family. ``ahead``: the state a next step likely shows, whose simplex is sent ahead."""
    if not has_simplex(s):
        st.caption(t("surface.simplex.only_three"))
        return
    labels = s["labels"]
    base, q, loss = simplex_base(labels, s["text"])
    on_simplex = is_distribution(labels)
    fig = mark_simplex(base, label_point=labels if on_simplex else None, model_point=softmax(s["logits"]),
                       text=s["text"])
    ahead_base = None
    if ahead is not None and has_simplex(ahead):
        ahead_base = simplex_base(ahead["labels"], s["text"])[0]
    show.figure(fig, key="surface_simplex", alt=t("surface.simplex.alt"), ahead=ahead_base, button=False,
                table=lambda: pd.DataFrame({"q0": q[:, 0], "q1": q[:, 1], "q2": q[:, 2], t("surface.loss"): loss}))
    if not on_simplex:
        st.caption(t("surface.simplex.no_label_point"))


@st.fragment
def point_view(problem, simplex_place):
    """The point's sliders, the descent's, label smoothing and the plotted
    range, the numbers, the map and the simplex: a step of one of these
    sliders reruns only this part (a map the tab holds stays in the browser)."""
    state = {**read_point(problem), "text": figure_text(problem["i"], problem["j"])}
    ahead = one_step_on(state)
    show_numbers(state)
    show_surface(state, ahead)
    with simplex_place:
        show_simplex(state, ahead)


@st.fragment
def explorer(typed, simplex_place):
    """The landscape's controls: a change reruns this part and the point's.
    ``typed``: :func:`read_typed`'s values; ``simplex_place``: a container
    of the page, under the explorer."""
    # Written on every run, so that Streamlit keeps this fragment's place in
    # it; the point's fragment draws the simplex there.
    simplex_slot = simplex_place.container()
    left, right = st.columns([1, 2.6], gap="large")
    with left:
        problem = read_problem(typed)
    if problem is None:
        right.error(t("surface.non_finite"))  # where the map would be
        return
    with right:
        point_view(problem, simplex_slot)
        # Under the map, outside the point's part: a step there draws
        # neither again (the tables, while shown, are the point's).
        show.table_button("surface_map")
        st.caption(t("surface.animation_hint"))
    if has_simplex(problem):
        show.table_button("surface_simplex", where=simplex_slot)

show.heading(t("surface.title"), t("surface.intro"), level=1)
presets()
top = phone.figure_first("surface")  # on a phone: the explorer's map first, the typed row last
# The simplex and the notes under the explorer, outside its fragment: a
# step reruns neither the notes nor their formulas.
low_left, low_right = st.columns([1, 1], gap="large")
simplex_place = low_left.container()
simplex_place.subheader(t("surface.simplex.title"))
with low_right:
    show.heading(t("surface.reading.title"), t("surface.reading"))
with top:
    typed = read_typed()
    explorer(typed, simplex_place)
