"""A chart whose heavy layers stay in the browser between runs.

A slider step that moves a point on a 161 x 161 loss map should not send the
map again. :func:`draw` splits a figure's traces into its *base* (maps,
contours, arrow fields: the first traces) and the traces that move (the
last ``moving`` ones). The base travels only when this browser tab does not
hold it yet; every run sends the moving traces, the layout and the frames.
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

_HELD = "_layers_held"  # session state: chart key -> id of the base this tab holds


def _json_bytes(value) -> bytes:
    return to_json_plotly(value).encode()


def base_id(base: bytes) -> str:
    """A short content hash: the same base traces give the same id."""
    return hashlib.blake2b(base, digest_size=8).hexdigest()


def draw(wire: dict, *, moving: int, key: str, alt: str, config: dict, where=st):
    """Draw the figure ``wire`` (plotly's dict) whose last ``moving`` traces
    change from run to run; the others are sent only when the browser lacks them."""
    traces = wire["data"]
    base = _json_bytes(traces[:len(traces) - moving])
    ident = base_id(base)
    held = st.session_state.setdefault(_HELD, {})
    asked = st.session_state.get(key)  # the component's value: {"missing": id, "n": nonce}, or None
    missing = isinstance(asked, dict) and asked.get("missing") == ident and asked.get("n") != held.get(f"{key}.n")
    send_base = held.get(key) != ident or missing
    if missing:
        held[f"{key}.n"] = asked.get("n")
    held[key] = ident
    layout = {k: v for k, v in wire["layout"].items() if k != "template"}  # the component themes itself
    with where if where is not st else contextlib.nullcontext():
        _chart(base=base if send_base else None, base_id=ident, height=layout.get("height", 450),
               moving=_json_bytes(traces[len(traces) - moving:]), layout=_json_bytes(layout),
               frames=_json_bytes(wire.get("frames") or []), config=config, alt=alt,
               key=key, default=None)
