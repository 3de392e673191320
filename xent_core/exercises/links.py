"""The page that shows an exercise, opened on its numbers: one builder per
page, each following that page's URL contract."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..parsing import format_array
from .formatting import number_text


@dataclass(frozen=True)
class Link:
    """The page that shows the exercise, opened on its numbers."""

    page: str          # file under app_pages/, as st.page_link takes it
    params: dict       # URL parameters, all text
    label_key: str


def _url_text(value) -> str:
    """A URL parameter as the pages parse it: booleans in lower case, arrays
    through ``format_array``, floats as typed."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple, np.ndarray)):
        return format_array(np.asarray(value, dtype=float) if _has_floats(value) else np.asarray(value))
    return number_text(value) if isinstance(value, float) else str(value)


def _has_floats(value) -> bool:
    return np.asarray(value).dtype.kind == "f"


def playground(name, args, *, dtype="float32", label_key="exercises.link.playground") -> Link:
    """The playground opened on ``name`` with these arguments (``ui.links.playground_params``)."""
    params = {"api": name, "dtype": dtype, **{k: _url_text(v) for k, v in args.items()}}
    return Link("app_pages/playground.py", params, label_key)


def surface(family, logits, labels, i, *, smoothing=0.0, label_key="exercises.link.surface") -> Link:
    """The loss surface over logits i and j (j: the next class), at these logits."""
    logits = [float(v) for v in logits]
    j = (i + 1) % len(logits)
    params = {"fam": family, "k": str(len(logits)), "logits": _url_text(logits),
              "labels": _url_text([float(v) for v in labels]), "ls": number_text(smoothing), "i": str(i),
              "j": str(j), "xi": number_text(logits[i]), "xj": number_text(logits[j])}
    return Link("app_pages/surface.py", params, label_key)


def clipping(label, *, logit=None, keras_logits=False) -> Link:
    """The clipping page for a label 0, 1 or soft, with the marker at ``logit``
    (and Keras's from_logits curve shown when the exercise is about it)."""
    params = {"y": number_text(label)} if label in (0, 1) else {"y": "soft", "ys": number_text(label)}
    params["dtype"] = "float32"
    if logit is not None:
        params["x"] = number_text(logit)
    if keras_logits:
        params["keraslogits"] = "true"
    return Link("app_pages/clipping.py", params, "exercises.link.clipping")


def asymmetry(**params) -> Link:
    """The asymmetry page: the swap of p and q (``p``, ``q``) or a target
    outside [0, 1] (``yt``, ``yp``, ``out``)."""
    return Link("app_pages/asymmetry.py", {k: _url_text(v) for k, v in params.items()}, "exercises.link.asymmetry")


def sigmoid_vs_softmax(logits, labels, *, label_key, **params) -> Link:
    """The sigmoid-vs-softmax page on one row of logits and labels (and the
    two-class sliders ``d``, ``c``)."""
    params = {"logits": _url_text(list(logits)), "labels": _url_text(list(labels)),
              **{k: _url_text(v) for k, v in params.items()}}
    return Link("app_pages/sigmoid_vs_softmax.py", params, label_key)


def guide(*, exclusive, labels, imbalanced) -> Link:
    """The home page's "Which loss do I need?" with these answers."""
    params = {"exclusive": "yes" if exclusive else "no", "labels": labels, "outputs": "logits",
              "imbalanced": str(imbalanced).lower()}
    return Link("app_pages/home.py", params, "exercises.link.guide")
