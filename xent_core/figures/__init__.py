"""Plotly figure builders shared by the app's pages and notebooks.

Every builder is a pure function ``make_..._figure(...) -> Figure`` that
takes numbers (no Streamlit), so a notebook can call it directly: the
returned :class:`~.style.Figure` holds plotly's JSON and behaves as plotly's
figure (``fig.show()``, ``fig.data``). Arrays go to the browser as float32
(sent as typed binary), and grids are kept to the resolution a screen can show.
"""
from .style import PALETTE, Figure, apply_style, wire  # noqa: F401
