"""How a page fits a phone (students often have only one): fixed CSS for
narrow screens, and the container that puts a page's main figure before its
long list of controls there. Wide screens keep the layout the page wrote."""
from __future__ import annotations

import streamlit as st

# Streamlit stacks columns below 640 px; the same width switches these rules on.
NARROW = "(max-width: 640px)"
FIGURE_FIRST = "figure_first"  # container keys start with this; Streamlit adds the class st-key-<key>
# A chart: Streamlit's own, or one drawn by ui/layers.py's component.
CHART = '[data-testid="stPlotlyChart"], [data-testid="stCustomComponentV1"]'

PHONE_CSS = f"""<style>
/* Formulas scroll inside their own box instead of running off the screen. */
.katex-display {{ overflow-x: auto; overflow-y: hidden; padding-bottom: 0.2rem; }}
@media {NARROW} {{
  /* Inside a figure-first container, the part holding the main chart comes
     first: a child block, or the column of a row of columns. */
  [class*="st-key-{FIGURE_FIRST}"] > :has({CHART}),
  [class*="st-key-{FIGURE_FIRST}"] > div > [data-testid="stHorizontalBlock"]
    > [data-testid="stColumn"]:has({CHART}) {{ order: -1; }}
  /* A touch screen zooms with two fingers; the tool bar would sit on the
     chart's title and legend. */
  .js-plotly-plot .modebar-container {{ display: none; }}
}}
</style>"""


def apply():
    """Inject the narrow-screen CSS (call once per run)."""
    st.html(PHONE_CSS)


def figure_first(name: str):
    """A container whose chart goes before the rest of it on a phone: write
    the controls and then the figure (a column, or a block of its own) in it."""
    return st.container(key=f"{FIGURE_FIRST}_{name}")
