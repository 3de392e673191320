"""Plotly figure builders shared by the app's pages and notebooks.

Every builder is a pure function ``make_..._figure(...) -> go.Figure`` that
takes numbers (no Streamlit), so a notebook can call it directly. Arrays go
to the browser as float32 (plotly sends numpy arrays as typed binary), and
grids are kept to the resolution a screen can show.
"""
from .style import PALETTE, apply_style, wire  # noqa: F401
