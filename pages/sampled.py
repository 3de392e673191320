"""Placeholder page: drawn by the app issue."""
import streamlit as st

from ui.i18n import t

st.title(t("nav.sampled"))
st.info(t("page.coming_soon"))
