"""Showing figures: alt text, a data table under an expander, downloads."""
from __future__ import annotations

import copy
from html import escape

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa
import streamlit as st

from xent_core.figures.style import Figure, merge

from . import controls, layers, modes
from .i18n import t

# What the modebar's camera button saves; plotly's config holds one format,
# so the sidebar chooses it (URL parameter img=).
IMAGE_FORMATS = ("png", "svg")


def plotly_config() -> dict:
    image = controls.used().get("img", IMAGE_FORMATS[0])
    return {"displaylogo": False, "toImageButtonOptions": {"format": image, "scale": 2},
            "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


class _Prepared(go.Figure):
    """What ``st.plotly_chart`` is given: it asks a plotly figure for
    ``to_dict()`` (a dict would be validated again, tens of ms), and this one
    answers with the figure's wire dict, made once per figure."""

    def __init__(self, wire: dict):
        super().__init__()
        self._prepared = wire

    def to_dict(self):
        return self._prepared


@st.cache_resource(max_entries=128, show_spinner=False)  # bounded: memory stays flat under a class
def _shared_figure(name, _builder, args, kwargs) -> Figure:
    return _builder(*args, **kwargs)


def build(builder, *args, **kwargs) -> Figure:
    """``builder(*args, **kwargs)`` made once per distinct input and shared
    across sessions (a slider often comes back to a value already drawn).
    The figure is read-only; :func:`figure` copies it before changing it."""
    return _shared_figure(f"{builder.__module__}.{builder.__qualname__}", builder, args, kwargs)


def _arrow(table: pd.DataFrame):
    """The table as an Arrow table built column by column: a tenth of the
    time Streamlit's own pandas conversion takes (2 ms for a simplex's
    2,500 rows, on every run). A table Arrow cannot take that way (repeated
    names, mixed columns) is handed over as it is."""
    if not table.columns.is_unique:
        return table
    try:
        return pa.table({str(name): table[name].to_numpy() for name in table.columns})
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return table


def figure(fig: Figure, *, key: str, alt: str, table=None, live=False, ahead=None, button=True, where=st):
    """Draw ``fig`` with its alt text; its numbers go in a table under a
    show / hide button. ``table``: a DataFrame, or a function that makes one,
    called only while the table is shown (a hidden one costs a step nothing).
    A figure drawn over a base (``fig.base``: a map, a family of curves) has
    the base sent only once, and a figure that follows a slider
    (``live``) is redrawn in place (:mod:`ui.layers`); ``ahead``: the base
    of the figure a next step likely draws, drawn in the browser before it
    is asked for (:func:`ui.layers.draw`). ``button=False``: the page draws
    the button elsewhere (:func:`table_button`), outside a fragment that
    would send it again at each step; the table is drawn here while shown."""
    config = plotly_config()
    big = None
    if modes.presenting() or modes.figure_only():
        big = {"height": modes.figure_height(fig.spec["layout"].get("height", 420)), "font": {"size": 20}}
    if fig.base is not None or live:
        layers.draw(fig, key=key, alt=alt, config=config, layout=big, ahead=ahead, where=where)
    else:
        where.plotly_chart(_Prepared(_wire(fig, big)), key=key, config=config, alt=alt)
    if not (table_button(key, where=where) if button else table_shown(key)):
        return
    with where.container():
        if table is not None:
            frame = table() if callable(table) else table
            st.dataframe(_arrow(frame), hide_index=True, width="stretch")
            # Files are made only when someone asks for them, not on every rerun.
            st.download_button(t("figure.download_csv"), lambda: frame.to_csv(index=False).encode(),
                               file_name=f"{key}.csv", mime="text/csv", key=f"{key}_csv",
                               on_click="ignore")
        # A standalone page (plotly.js included) that opens offline.
        # on_click="ignore": a click that also reran the page would register
        # a new file id for the button and retire the one the browser is
        # still fetching, so on a busy server the download never started.
        st.download_button(t("figure.download_html"), lambda: _standalone_html(fig, big, config),
                           file_name=f"{key}.html", mime="text/html", key=f"{key}_html",
                           on_click="ignore")


def _table_state(key: str) -> str:
    """The session state key of whether the figure ``key``'s data table is shown."""
    return f"{key}_data"


def table_shown(key: str) -> bool:
    """Whether the data table of the figure ``key`` is shown (never to a class: presenter mode)."""
    return not modes.presenting() and bool(st.session_state.get(_table_state(key)))


def table_button(key: str, *, where=st) -> bool:
    """The show / hide button of the figure ``key``'s data table (none in
    presenter mode); returns whether the table is shown."""
    if modes.presenting():
        return False
    return shown_by_button(_table_state(key), _table_label, icon=":material/table_chart:", where=where)


def shown_by_button(state_key: str, label, *, icon: str, kind="tertiary", width="content", where=st) -> bool:
    """Whether what follows a show / hide button is shown (session state
    ``state_key``; a click flips it and reruns). ``label``: the button's
    text, or a function of whether it is shown. What it shows is made only
    while shown. (An expander did the same, but every slider step of the page
    drew each expander again, at several times a button's cost.)"""
    shown = bool(st.session_state.get(state_key))  # a click's callback has run already
    where.button(label(shown) if callable(label) else label, key=f"{state_key}_button", type=kind, icon=icon,
                 width=width, on_click=_flip, args=(state_key,))
    return shown


def _table_label(shown: bool) -> str:
    return t("figure.hide_data_table" if shown else "figure.data_table")


def _flip(state_key: str):
    st.session_state[state_key] = not st.session_state.get(state_key, False)


def _wire(fig: Figure, big: dict | None) -> dict:
    """The figure's wire dict, with ``big`` (presenter mode's size and type)
    merged into a copy of its layout: the shared figure from build() stays as it is."""
    wire = fig.to_wire()
    return {**wire, "layout": merge(copy.deepcopy(wire["layout"]), big)} if big else wire


def _standalone_html(fig: Figure, big: dict | None, config: dict) -> str:
    return pio.to_html(_wire(fig, big), include_plotlyjs=True, full_html=True, config=config, validate=False)


def heading(text: str, body: str | None = None, *, level: int = 3, where=st):
    """A heading (level 1 as ``st.title``, 2 ``st.header``, 3 ``st.subheader``)
    and the paragraphs under it, as one markdown element. Every step of a
    slider draws each element of the page again, and a heading element drew
    more than the paragraphs that follow it (merged, a step of p on the
    asymmetry page ran 3 to 6 ms less of React)."""
    where.markdown(f"{'#' * level} {text}" + (f"\n\n{body}" if body else ""))


# Numbers as st.metric draws them (its label and value sizes), in the
# page's own colours; a row that wraps on a narrow screen. Notes under them
# as st.caption draws its text.
METRICS_ROW = "display:flex;flex-wrap:wrap;gap:0.25rem 1.5rem;margin:0 0 1rem 0;padding:0"
METRIC = "flex:1 1 7.5rem;min-width:0"
METRIC_LABEL = "font-size:0.875rem;margin:0 0 0.25rem 0"
METRIC_VALUE = "font-size:2.25rem;line-height:1.2;margin:0;white-space:nowrap;overflow-x:auto"
METRIC_HELP = "cursor:help;opacity:0.6;margin-left:0.25rem"
NOTE = "font-size:0.875rem;opacity:0.6;margin:0 0 0.5rem 0;overflow-wrap:anywhere"
NOTE_CODE = "font-family:'Source Code Pro',monospace;font-size:0.85em"


def note_html(text: str) -> str:
    """A caption's text as HTML: escaped, each `code span` in a monospace
    ``code`` element (the only markdown the notes use)."""
    parts = escape(text).split("`")
    if len(parts) % 2 == 0:  # an unpaired backquote stays as it is
        return "`".join(parts)
    return "".join(f'<code style="{NOTE_CODE}">{part}</code>' if k % 2 else part for k, part in enumerate(parts))


def metrics(items, *, notes=(), where=st):
    """Numbers side by side: ``items`` are ``(label, value)`` or ``(label,
    value, help)``, the help shown on pointing at the ⓘ after the label;
    ``notes``: lines of small print under them (:func:`note_html`).
    One element, a description list (``dt`` the label, ``dd`` the value)
    and its notes: a row of ``st.metric`` cost every step of a slider about
    4 ms more of the browser's time, each metric being drawn again, and a
    caption of its own about 1 ms."""
    cells = []
    for label, value, *help_text in items:
        tip = (f'<span title="{escape(help_text[0])}" aria-label="{escape(help_text[0])}" role="note" '
               f'tabindex="0" style="{METRIC_HELP}">ⓘ</span>') if help_text and help_text[0] else ""
        cells.append(f'<div style="{METRIC}"><dt style="{METRIC_LABEL}">{escape(label)}{tip}</dt>'
                     f'<dd style="{METRIC_VALUE}">{escape(value)}</dd></div>')
    small = "".join(f'<p class="xent-note" style="{NOTE}">{note_html(text)}</p>' for text in notes)
    where.html(f'<dl class="xent-metrics" style="{METRICS_ROW}">{"".join(cells)}</dl>{small}')


def notes(note_list):
    """Diagnose notes translated by code: the warnings in one box and the
    infos in another, each note a paragraph (a box per note cost every
    slider step of the page one element more to draw)."""
    boxes = {"warning": [], "info": []}
    for note in note_list:
        key = f"note.{note.code}"
        text = t(key, **note.params)
        boxes["info" if note.severity == "info" else "warning"].append(note.message if text == key else text)
    for severity, box in (("warning", st.warning), ("info", st.info)):
        if boxes[severity]:
            box("\n\n".join(boxes[severity]))
