"""One-click presets: buttons that set every control of a page.

A link with query parameters cannot reset a control to its default (a
default value is not written in the URL, so the control keeps what the
learner had); a preset therefore sets the session state of every control,
defaults first, and the URL follows. A lesson's hidden or locked controls
keep their value.
"""
from __future__ import annotations

import streamlit as st

from . import controls
from .i18n import t


def apply(defaults: dict, values: dict):
    """Set each control to ``values``, else to its default."""
    fixed = controls.hidden() | controls.locked()
    for key, value in {**defaults, **values}.items():
        if key not in fixed:
            st.session_state[key] = value


def buttons(label_prefix: str, presets: dict[str, dict], defaults: dict, *, caption_key: str | None = None):
    """A row of preset buttons; the label of preset ``name`` is ``<label_prefix>.<name>``."""
    if caption_key:
        st.caption(t(caption_key))
    with st.container(horizontal=True, gap="small"):
        for name, values in presets.items():
            st.button(t(f"{label_prefix}.{name}"), key=f"preset_{name}", icon=":material/bookmark:",
                      on_click=apply, args=(defaults, values))
