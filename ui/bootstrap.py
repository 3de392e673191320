"""Make every page run inside app.py's navigation.

A folder named ``pages/`` next to the entry point puts a fresh Streamlit
server in its older multipage mode until ``st.navigation`` is first called:
a first visit straight to ``/playground`` would then run the page file alone,
without app.py (no language, no shared controls). Each page calls
:func:`require_app` first; in that mode it switches Streamlit to
``st.navigation`` for good and reruns, so app.py runs and draws the page.
"""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_app():
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False  # what st.navigation itself sets
        st.rerun()
