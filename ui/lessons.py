"""Ready lessons: a page, fixed values, and controls hidden or locked.

A lesson is a link: ``/<page>?<params>&hide=a,b&lock=c&lesson=<id>``. Its
title and text live in the catalogue (``lesson.<id>.title``/``.body``); the
app shows them above the page when the link carries ``lesson=<id>``.
"""
from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlencode

from .pages import address


class Lesson(NamedTuple):
    id: str
    page: str            # URL path of the page
    params: dict         # control values (URL parameters)
    hide: tuple = ()     # controls not drawn
    lock: tuple = ()     # controls drawn but disabled


SEED004 = {"logits": "0.5,1.5,0.1;2.2,1.3,1.7", "labels": "0,1,0;0,0,1"}

LESSONS: list[Lesson] = [
    # One per learners' question (shared/seeds).
    Lesson("seed000_binary_means_independent", "sigmoid-vs-softmax",
           {"logits": "-2.2,-0.4,0.3,1.8,3.1", "labels": "0,0.3,0.55,0.85,1"}, lock=("labels",)),
    Lesson("seed001_which_tensorflow_loss", "home", {"exclusive": "yes", "labels": "index", "outputs": "logits"}),
    Lesson("seed002_target_and_output_swapped", "asymmetry", {"yt": "0.5,0.5", "yp": "0,1", "dtype": "float32"},
           lock=("yt", "yp")),
    Lesson("seed003_from_logits", "clipping", {"y": "1", "x": "-30", "keraslogits": "true", "dtype": "float32"},
           lock=("y",)),
    Lesson("seed004_softmax_or_binary_formula", "sigmoid-vs-softmax", dict(SEED004), lock=("labels",)),
    # Topics.
    Lesson("from_logits_pitfall", "playground",
           {"api": "keras.losses.binary_crossentropy", "y_true": "1", "y_pred": "-30", "from_logits": "false",
            "dtype": "float32"}, hide=("api", "dtype")),
    Lesson("clipping_and_dtype", "clipping", {"y": "0", "x": "30", "dtype": "float64"}, lock=("y",)),
    Lesson("label_smoothing", "surface", {"fam": "softmax", "ls": "0.2", "xi": "4", "xj": "-2"}, hide=("fam", "k")),
    Lesson("class_imbalance", "playground",
           {"api": "tf.nn.weighted_cross_entropy_with_logits", "labels": "1,0,0,0,0,0,0,0",
            "logits": "-1,-1,-1,-1,-1,-1,-1,-1", "pos_weight": "7"}, hide=("api",)),
    Lesson("focal_loss", "playground",
           {"api": "keras.losses.binary_focal_crossentropy", "y_true": "1,1,0,0", "y_pred": "0.95,0.3,0.05,0.7",
            "gamma": "2"}, hide=("api",)),
    Lesson("sparse_vs_one_hot", "playground",
           {"api": "tf.nn.sparse_softmax_cross_entropy_with_logits", "labels": "1,2",
            "logits": SEED004["logits"]}, hide=("api",)),
    Lesson("sampled_softmax", "sampled", {"vocab": "100000", "method": "sampled_softmax", "sampler": "log_uniform"}),
]


def by_id(lesson_id: str | None) -> Lesson | None:
    return next((lesson for lesson in LESSONS if lesson.id == lesson_id), None)


def query(lesson: Lesson) -> dict:
    """The lesson's URL parameters."""
    params = dict(lesson.params)
    if lesson.hide:
        params["hide"] = ",".join(lesson.hide)
    if lesson.lock:
        params["lock"] = ",".join(lesson.lock)
    params["lesson"] = lesson.id
    return params


def link(lesson: Lesson) -> str:
    """The lesson's relative link, as course material would paste it."""
    return f"/{address(lesson.page)}?{urlencode(query(lesson))}"
