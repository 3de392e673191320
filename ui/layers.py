"""A chart whose heavy layers stay in the browser between runs.

A slider step that moves a point on a 161 x 161 loss map should not send the
map again. A layered figure (:func:`xent_core.figures.style.layered`) is a
*base* (maps, contours, arrow fields, families of curves) with its own
traces drawn over it (a point, a path, a marker). :func:`draw` sends the base
only when this browser tab does not hold it yet (a tab keeps the last
:data:`KEEP` of each chart); every run sends the figure's own traces, the
layout entries that differ from the base's and the frames, whose growing
paths travel as slices of one list (ui/transport.py says how each part
is encoded).

A small component (an iframe running the installed plotly package's
plotly.js, ``assets/layered_figure``) keeps the bases. When only the own
traces moved it moves them in place (``Plotly.animate`` without a redraw),
so the map is neither sent nor redrawn; otherwise it redraws with
``Plotly.react``. Every number still comes from the figure builder: the
browser only puts the parts back together.
"""
from __future__ import annotations

import contextlib
import hashlib
import threading
import weakref
from pathlib import Path

import plotly
import streamlit as st
import streamlit.components.v1 as components

from xent_core.figures.style import figure, layered

from .transport import deflated, json_bytes, pack_frames, packed

ASSETS = Path(__file__).resolve().parent / "assets" / "layered_figure"
_chart = components.declare_component("layered_figure", path=str(ASSETS))
# Serves plotly.min.js to the iframe from the installed package (no copy in the repo).
components.declare_component("plotly_js", path=str(Path(plotly.__file__).resolve().parent / "package_data"))

NOTHING = figure([], {})  # the base of a figure drawn whole on every run
_HELD = "_layers_held"  # session state: chart key -> ids of the bases this tab holds
# Bases a tab keeps per chart: a slider that goes back to a value (K from 2
# to 10 and back) finds its map in the browser. 16 loss maps are about 3 MB.
KEEP = 16
# Bytes of a chart's own parts from which they are deflated on a step that
# sends no base: a 30-step descent replay is 14 KB, a 100-step one 43 KB.
DEFLATE_ALONE_FROM = 16_000

# Base figure -> (its bytes, their id), made once per base: bases are shared
# between sessions (ui/show.build), and a slider step reuses its base.
_BASE_BYTES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_BASE_LOCK = threading.Lock()


def base_id(data: bytes) -> str:
    """A short content hash: the same bytes give the same id."""
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def base_bytes(base) -> tuple[bytes, str]:
    """The base figure's traces and layout as sent (:func:`packed`), and their id."""
    with _BASE_LOCK:
        found = _BASE_BYTES.get(base)
    if found is None:
        wire = base.to_wire()
        layout = {key: value for key, value in wire["layout"].items() if key != "template"}  # themed in the iframe
        data = packed({"traces": wire["data"], "layout": layout})
        found = (data, base_id(data))
        with _BASE_LOCK:
            _BASE_BYTES[base] = found
    return found


def _active_steps(sliders, base_sliders):
    """The step each slider shows, when ``sliders`` are the base's but for
    that (a marker started elsewhere on the same steps): sent as
    ``{"active": [...]}``, not the steps again. None otherwise."""
    if not sliders or not base_sliders or len(sliders) != len(base_sliders):
        return None
    same = all({**mine, "active": None} == {**theirs, "active": None} for mine, theirs in zip(sliders, base_sliders))
    return [slider.get("active", 0) for slider in sliders] if same else None


def _held_ids(key: str, ident: str) -> bool:
    """Record that this tab draws base ``ident`` for chart ``key``; True if
    it must be sent (the tab does not hold it, or its iframe asked for it)."""
    held = st.session_state.setdefault(_HELD, {})
    ids = held.setdefault(key, [])  # least recently drawn first, as main.js counts
    asked = st.session_state.get(key)  # the component's value: {"missing": id, "n": nonce}, or None
    missing = isinstance(asked, dict) and asked.get("missing") == ident and asked.get("n") != held.get(f"{key}.n")
    if missing:
        held[f"{key}.n"] = asked.get("n")
    send = ident not in ids or missing
    if ident in ids:
        ids.remove(ident)
    ids.append(ident)
    del ids[:-KEEP]  # the browser forgets the same ones (main.js)
    return send


def draw(fig, *, key: str, alt: str, config: dict, layout: dict | None = None, ahead=None, where=st):
    """Draw the figure ``fig``: the base of a layered figure only when this
    tab lacks it, its own traces, layout and frames on every run; a figure
    with no base is drawn whole on every run, still in place (a step of a
    slider costs the browser much less than a new ``st.plotly_chart``).
    ``layout``: entries that override the figure's (presenter mode's size and type).
    ``ahead``: the base a next step will likely ask for (the map one step of
    label smoothing further), sent now when the tab lacks it: the browser
    draws it, hidden, once it has nothing else to do, and that step then
    only shows it."""
    if fig.base is None:
        fig = layered(NOTHING, fig.spec["data"], fig.spec["layout"], fig.spec.get("frames"))
    base, ident = base_bytes(fig.base)
    own = fig.own_wire()
    own_layout = {**own["layout"], **(layout or {})}
    active = _active_steps(own_layout.get("sliders"), fig.base.spec["layout"].get("sliders"))
    if active is not None:
        own_layout["sliders"] = {"active": active}
    own_layout.pop("template", None)
    frames, sources = pack_frames(own["frames"])
    send_base = _held_ids(key, ident)
    ahead_base, ahead_ident = base_bytes(ahead) if ahead is not None else (None, None)
    if ahead_ident == ident:
        ahead_base = ahead_ident = None
    elif ahead_ident is not None and not _held_ids(key, ahead_ident):
        ahead_base = None  # held: main.js draws it from what it has
    parts = [json_bytes(part) for part in (own["data"], own_layout, {"frames": frames, "sources": sources})]
    # With a base, the browser waits for its inflating anyway: the own parts
    # are deflated too, beside it. Alone they are plain JSON, parsed at once
    # (inflating made a slider step about 6 ms slower), unless they are long
    # (a replay of many steps).
    if send_base or ahead_base is not None or sum(map(len, parts)) >= DEFLATE_ALONE_FROM:
        parts = [deflated(part) for part in parts]
    moving, layout_bytes, frame_bytes = parts
    height = own_layout.get("height", fig.base.spec["layout"].get("height", 450))
    with where if where is not st else contextlib.nullcontext():
        # ``rev`` changes with what moved: Streamlit passes new bytes arguments
        # to the iframe only together with a change of its other arguments.
        _chart(base=base if send_base else None, base_id=ident, ahead=ahead_base, ahead_id=ahead_ident,
               height=height, moving=moving,
               layout=layout_bytes, frames=frame_bytes, keep=KEEP, config=config, alt=alt,
               rev=base_id(moving + layout_bytes + frame_bytes), key=key, default=None)
