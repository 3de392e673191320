"""Ways a page is shown: normal, presenter (``present=true``: large type, no
sidebar, figures filling the screen) and figure-only (``view=figure``: only
the charts, for iframes and slides). Streamlit's own ``embed=true`` works on
every page as well. Only fixed CSS is injected, never text from the URL."""
from __future__ import annotations

import streamlit as st

from xent_core.parsing import parse_bool

from .phone import CHART

PRESENT_CSS = """<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header { display: none; }
.block-container { max-width: 100%; padding-top: 3rem; }
</style>"""

# Hide every element that holds no chart; the controls still exist, so the
# state keeps coming from the URL.
FIGURE_ONLY_CSS = f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header {{ display: none; }}
[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:not(:has({CHART})) {{ display: none; }}
[data-testid="stExpander"] {{ display: none; }}
.block-container {{ padding-top: 0.5rem; max-width: 100%; }}
</style>"""


def _flag(name: str) -> bool:
    try:
        return parse_bool(st.query_params.get(name, "false"))
    except ValueError:
        return False


def presenting() -> bool:
    return _flag("present")


def figure_only() -> bool:
    return st.query_params.get("view") == "figure"


def apply():
    """Inject the CSS of the active mode (call once per run, before the page)."""
    if figure_only():
        st.html(FIGURE_ONLY_CSS)
    elif presenting():
        st.html(PRESENT_CSS)


def figure_height(default: int) -> int:
    """Figures fill a projector screen in presenter and figure-only modes."""
    return 700 if presenting() or figure_only() else default
