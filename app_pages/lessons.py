"""Lessons: ready links that fix values and hide or lock controls."""
import streamlit as st

from ui import show
from ui.i18n import t
from ui.lessons import LESSONS, link, query
from ui.pages import PAGES

FILES = {p.path: p.file for p in PAGES}
show.heading(t("lessons.title"), t("lessons.intro"), level=1)
for lesson in LESSONS:
    with st.container(border=True):
        st.markdown(f"**{t(f'lesson.{lesson.id}.title')}**")
        st.markdown(t(f"lesson.{lesson.id}.body"))
        st.page_link(f"app_pages/{FILES[lesson.page]}", label=t("lessons.open"), icon=":material/arrow_forward:",
                     query_params=query(lesson))
        st.code(link(lesson), language=None, wrap_lines=True)
