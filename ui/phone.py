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
     first: a child block, and the column of a row of columns, at any depth
     (a fragment's row sits in a block of its own). */
  [class*="st-key-{FIGURE_FIRST}"] > :has({CHART}),
  [class*="st-key-{FIGURE_FIRST}"] [data-testid="stHorizontalBlock"]
    > [data-testid="stColumn"]:has({CHART}) {{ order: -1; }}
  /* Buttons and links as buttons (presets, lessons) wrap their label
     within the width instead of cutting it. */
  [data-testid="stPageLink"], [data-testid="stPageLink"] > div, [data-testid="stPageLink-NavLink"] {{
    max-width: 100%; }}
  .stButton button, .stButton button div, .stButton button span {{ height: auto; }}
  [data-testid="stPageLink-NavLink"] span, [data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"],
  [data-testid="stPageLink-NavLink"] p, .stButton [data-testid="stMarkdownContainer"], .stButton p {{
    white-space: normal; overflow: visible; text-overflow: clip; text-align: left; }}
  /* Display formulas smaller than the text (KaTeX draws them at 1.21 em): most
     then fit the width; a longer one still scrolls in its box. */
  .katex-display > .katex {{ font-size: 0.9em; }}
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
