"""Streamlit helpers shared by the pages: translation, URL-bound controls,
figure display. Numerics stay in :mod:`xent_core`."""
