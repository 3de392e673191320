"""Showing figures: alt text, a data table under an expander, downloads."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import controls, modes
from .i18n import t

# What the modebar's camera button saves; plotly's config holds one format,
# so the sidebar chooses it (URL parameter img=).
IMAGE_FORMATS = ("png", "svg")


def plotly_config() -> dict:
    image = controls.used().get("img", IMAGE_FORMATS[0])
    return {"displaylogo": False, "toImageButtonOptions": {"format": image, "scale": 2},
            "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@st.cache_resource(max_entries=256, show_spinner=False)
def _shared_figure(name, _builder, args, kwargs) -> go.Figure:
    return _builder(*args, **kwargs)


def build(builder, *args, **kwargs) -> go.Figure:
    """``builder(*args, **kwargs)`` made once per distinct input and shared
    across sessions (a slider often comes back to a value already drawn).
    The figure is read-only; :func:`figure` copies it before changing it."""
    return _shared_figure(f"{builder.__module__}.{builder.__qualname__}", builder, args, kwargs)


def figure(fig, *, key: str, alt: str, table: pd.DataFrame | None = None, where=st):
    """Draw ``fig`` with its alt text; its numbers go in an expander as a table."""
    if modes.presenting() or modes.figure_only():
        fig = go.Figure(fig)  # a shared figure from build() stays as it is
        fig.update_layout(height=modes.figure_height(fig.layout.height or 420), font=dict(size=20))
    config = plotly_config()
    where.plotly_chart(fig, key=key, config=config, alt=alt)
    if modes.presenting():
        return
    with where.expander(t("figure.data_table")):
        if table is not None:
            st.dataframe(table, hide_index=True, width="stretch")
            # Files are made only when someone asks for them, not on every rerun.
            st.download_button(t("figure.download_csv"), lambda: table.to_csv(index=False).encode(),
                               file_name=f"{key}.csv", mime="text/csv", key=f"{key}_csv")
        # A standalone page (plotly.js included) that opens offline.
        st.download_button(t("figure.download_html"),
                           lambda: fig.to_html(include_plotlyjs=True, full_html=True, config=config),
                           file_name=f"{key}.html", mime="text/html", key=f"{key}_html")


def notes(note_list):
    """Diagnose notes as info or warning boxes, translated by code."""
    for note in note_list:
        key = f"note.{note.code}"
        text = t(key, **note.params)
        text = note.message if text == key else text
        (st.warning if note.severity != "info" else st.info)(text)
