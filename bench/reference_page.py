"""The smallest page the browser benchmark compares the app's pages with:
one slider and one number computed from it. Whatever time a page takes
beyond this page's is the page's own (its script and its figures); the rest
is Streamlit's round trip and the browser's redraw.

Run: streamlit run bench/reference_page.py
"""
import streamlit as st

x = st.slider("x", 0, 100, 50, key="x")
st.metric("x squared", x * x)
