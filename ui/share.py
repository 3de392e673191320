"""The "Share / embed" panel: the current link, an iframe snippet, a
figure-only link, and "make this a lesson". Links are shown as code, never
rendered as HTML."""
from __future__ import annotations

import json
from urllib.parse import urlencode

import streamlit as st

from . import controls, lessons, show
from .i18n import t

# A lesson's own URL parameters: a link to the page as it is leaves them out.
LESSON_PARAMS = ("hide", "lock", "lesson", "note")


def _encoded_params() -> dict[str, str]:
    """Each URL parameter as ``key=value``, percent-encoded once per run:
    the panel builds several links, and a long array takes ms to encode."""
    params = st.query_params.to_dict()
    cached = st.session_state.get("_encoded_params")
    if cached is None or cached[0] != params:
        cached = (params, {k: urlencode({k: v}) for k, v in params.items()})
        st.session_state["_encoded_params"] = cached
    return cached[1]


def current_link(extra: dict | None = None, drop=()) -> str:
    base = st.context.url or ""
    parts = {k: v for k, v in _encoded_params().items() if k not in drop}
    parts.update({k: urlencode({k: v}) for k, v in (extra or {}).items()})
    return base + ("?" + "&".join(parts.values()) if parts else "")


def lesson_banner():
    """The text of a ready lesson, or a teacher's own note, above the page."""
    lesson = lessons.by_id(st.query_params.get("lesson"))
    if lesson is not None:
        with st.container(border=True):
            st.markdown(f"**{t(f'lesson.{lesson.id}.title')}**")
            st.markdown(t(f"lesson.{lesson.id}.body"))
    note = st.query_params.get("note")
    if note:
        with st.container(border=True):
            st.text(note[:2000])  # plain text: URL text is never rendered as markdown or HTML


def _sidebar_panel(title_key: str, icon: str, key: str, fill):
    """A sidebar panel under a button, filled by ``fill()`` only while shown: Streamlit
    draws a closed expander's contents again at the React commits of every
    slider step (these panels' menus and code blocks were about 640 of the
    3,300 components a surface step drew), and the expander itself cost
    each step several times a button."""
    if show.shown_by_button(key, t(title_key), icon=icon, kind="secondary", width="stretch",
                            where=st.sidebar):
        with st.sidebar.container(border=True):
            fill()


def panel():
    _sidebar_panel("share.title", ":material/share:", "_share_open", _share_links)
    _sidebar_panel("share.lesson.title", ":material/school:", "_lesson_open", _lesson_maker)


def _share_links():
    link = current_link(drop=LESSON_PARAMS)
    st.caption(t("share.link"))
    st.code(link, language=None, wrap_lines=True)
    st.caption(t("share.iframe"))
    st.code(f'<iframe src="{current_link({"embed": "true"})}" width="100%" height="800" '
            f'style="border:0" title="Cross-Entropy Explorer"></iframe>', language="html", wrap_lines=True)
    st.caption(t("share.figure_only"))
    st.code(current_link({"view": "figure", "embed": "true"}), language=None, wrap_lines=True)
    st.caption(t("share.present"))
    st.code(current_link({"present": "true"}), language=None, wrap_lines=True)
    state = {"url": current_link(), "parameters": st.query_params.to_dict(),
             "controls": {k: v for k, v in controls.used().items() if isinstance(v, (str, int, float, bool))}}
    st.download_button(t("share.state_json"), json.dumps(state, ensure_ascii=False, indent=2),
                       file_name="cross-entropy-explorer-state.json", mime="application/json",
                       key="_state_json", icon=":material/data_object:", on_click="ignore")


def _lesson_maker():
    keys = [k for k in controls.rendered() if k not in controls.APP_KEYS]
    hide = st.multiselect(t("share.lesson.hide"), keys, key="_lesson_hide")
    lock = st.multiselect(t("share.lesson.lock"), [k for k in keys if k not in hide], key="_lesson_lock")
    note = st.text_area(t("share.lesson.note"), key="_lesson_note", max_chars=500)
    extra = {k: ",".join(v) for k, v in (("hide", hide), ("lock", lock)) if v}
    if note.strip():
        extra["note"] = note.strip()
    st.code(current_link(extra, drop=LESSON_PARAMS), language=None, wrap_lines=True)
