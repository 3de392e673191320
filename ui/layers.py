"""A chart whose heavy layers stay in the browser between runs.

A slider step that moves a point on a 161 x 161 loss map should not send the
map again. :func:`draw` splits a figure's traces into its *base* (maps,
contours, arrow fields: the first traces) and the traces that move (the
last ``moving`` ones). The base travels only when this browser tab does not
hold it yet (it keeps the last :data:`KEEP`), with the layout's animation controls (the descent replay's
slider and buttons: one entry per step, the same while only a point moves).
Every run sends the moving traces, the rest of the layout and the frames,
whose growing paths travel as slices of one list (:func:`pack_frames`).
A small component (an iframe running the installed plotly package's
plotly.js) keeps the base and redraws with ``Plotly.react``. Every number
still comes from the figure builder: the browser only puts the parts back
together.
"""
from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import plotly
import streamlit as st
import streamlit.components.v1 as components
from plotly.io.json import to_json_plotly

ASSETS = Path(__file__).resolve().parent / "assets" / "layered_figure"
_chart = components.declare_component("layered_figure", path=str(ASSETS))
# Serves plotly.min.js to the iframe from the installed package (no copy in the repo).
components.declare_component("plotly_js", path=str(Path(plotly.__file__).resolve().parent / "package_data"))

# Layout entries that change only with the number of frames: sent with the base.
BASE_LAYOUT = ("sliders", "updatemenus")
_HELD = "_layers_held"  # session state: chart key -> ids of the bases this tab holds
# Bases a tab keeps per chart: a slider that goes back to a value (K from 2
# to 10 and back) finds its map in the browser. 16 loss maps are about 3 MB.
KEEP = 16


def _json_bytes(value) -> bytes:
    return to_json_plotly(value).encode()


def base_id(base: bytes) -> str:
    """A short content hash: the same base traces give the same id."""
    return hashlib.blake2b(base, digest_size=8).hexdigest()


def pack_frames(frames: list) -> tuple[list, dict]:
    """``frames`` with every list that is a run of the longest list of its
    attribute (``x``, ``y``, ``z``) over all frames replaced by
    ``{"slice": [start, stop]}``; returns ``(frames, sources)``, sources
    mapping each attribute to that longest list.

    A replay of an n-step path has frames holding its first 1, 2, ..., n
    points: n^2 / 2 numbers, where the path itself is n. The browser cuts
    the slices back out of ``sources`` (no number is computed there)."""
    sources = {}
    for frame in frames:
        for trace in frame.get("data", ()):
            for attr in ("x", "y", "z"):
                values = trace.get(attr)
                if isinstance(values, list) and len(values) > len(sources.get(attr, ())):
                    sources[attr] = values
    packed = []
    for frame in frames:
        data = [{attr: _as_slice(value, sources[attr]) if attr in sources and isinstance(value, list) else value
                 for attr, value in trace.items()} for trace in frame.get("data", ())]
        packed.append({**frame, "data": data} if "data" in frame else frame)
    return packed, sources


def _as_slice(values: list, source: list):
    """``{"slice": [start, stop]}`` if ``values == source[start:stop]``, else ``values``."""
    n = len(values)
    if n == 0:
        return values
    start = 0
    while True:
        if source[start:start + n] == values:
            return {"slice": [start, start + n]}
        try:
            start = source.index(values[0], start + 1)
        except ValueError:
            return values


def draw(wire: dict, *, moving: int, key: str, alt: str, config: dict, where=st):
    """Draw the figure ``wire`` (plotly's dict) whose last ``moving`` traces
    change from run to run; the others are sent only when the browser lacks them."""
    traces = wire["data"]
    layout = {k: v for k, v in wire["layout"].items() if k != "template"}  # the component themes itself
    base = _json_bytes({"traces": traces[:len(traces) - moving],
                        "layout": {k: layout.pop(k) for k in BASE_LAYOUT if k in layout}})
    ident = base_id(base)
    held = st.session_state.setdefault(_HELD, {})
    ids = held.setdefault(key, [])  # the bases this tab holds, least recently drawn first
    asked = st.session_state.get(key)  # the component's value: {"missing": id, "n": nonce}, or None
    missing = isinstance(asked, dict) and asked.get("missing") == ident and asked.get("n") != held.get(f"{key}.n")
    send_base = ident not in ids or missing
    if missing:
        held[f"{key}.n"] = asked.get("n")
    if ident in ids:
        ids.remove(ident)
    ids.append(ident)
    del ids[:-KEEP]  # the browser forgets the same ones (main.js)
    frames, sources = pack_frames(wire.get("frames") or [])
    with where if where is not st else contextlib.nullcontext():
        _chart(base=base if send_base else None, base_id=ident, height=layout.get("height", 450),
               moving=_json_bytes(traces[len(traces) - moving:]), layout=_json_bytes(layout),
               frames=_json_bytes({"frames": frames, "sources": sources}), keep=KEEP, config=config, alt=alt,
               key=key, default=None)
