"""Widgets bound to the URL, with lesson support.

Every control goes through these helpers, so that its value lives in the URL
(``bind="query-params"``, the key is the parameter name), its label comes from
the catalogue, and a lesson link can hide (``hide=a,b``) or lock
(``lock=a,b``) it. A hidden control is not drawn; its value still comes from
the URL or the default.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from xent_core.parsing import InputError, parse_array, parse_bool, parse_scalar

from .i18n import t


def _listed(param: str) -> set[str]:
    raw = st.query_params.get_all(param)
    return {name.strip() for value in raw for name in value.split(",") if name.strip()}


def hidden() -> set[str]:
    return _listed("hide")


def locked() -> set[str]:
    return _listed("lock")


RENDERED = "_controls_this_run"  # keys drawn in this run, for "make this a lesson"


def start_run():
    """Called once per full run by app.py, before the page."""
    st.session_state[RENDERED] = []


def rendered() -> list[str]:
    return list(dict.fromkeys(st.session_state.get(RENDERED, [])))


def _disabled(key, kwargs) -> bool:
    """Locked by a lesson, or disabled by the page. Also records the key."""
    st.session_state.setdefault(RENDERED, []).append(key)
    return key in locked() or bool(kwargs.pop("disabled", False))


def _url_value(key, parse, default):
    """The value of a hidden control: from the URL if it parses, else the default."""
    raw = st.query_params.get(key)
    if raw is None:
        return default
    try:
        value = parse(raw)
    except (InputError, ValueError):
        return default
    return default if value is None else value


def slider(key, label_key, min_value, max_value, value, step=None, *, where=st, **kwargs):
    if key in hidden():
        return min(max(_url_value(key, float, value), min_value), max_value)
    return where.slider(t(label_key), min_value, max_value, value, step, key=key,
                        bind="query-params", disabled=_disabled(key, kwargs), **kwargs)


def select(key, label_key, options, default=None, *, format_func=None, where=st, **kwargs):
    """A selectbox whose URL value is the option itself (``?api=keras...``).

    Streamlit's own binding writes the *displayed* label into the URL, which
    would make links depend on the language; with a ``format_func`` the URL
    is kept in sync here instead (see :func:`_sync_from_url`).
    """
    options = list(options)
    default = options[0] if default is None else default
    if key in hidden():
        value = _url_value(key, str, default)
        return value if value in options else default
    if format_func is None:
        return where.selectbox(t(label_key), options, index=options.index(default), key=key,
                               bind="query-params", disabled=_disabled(key, kwargs), **kwargs)
    _sync_from_url(key, options, default)
    value = where.selectbox(t(label_key), options, key=key, format_func=format_func,
                            disabled=_disabled(key, kwargs), **kwargs)
    _sync_to_url(key, value, default)
    return value


def _sync_from_url(key, options, default):
    """Take the URL's value when the page opens or a link changed it."""
    url = st.query_params.get(key)
    seen = st.session_state.get(f"_url_{key}", "")
    if key not in st.session_state or url != seen:
        st.session_state[key] = url if url in options else default


def _sync_to_url(key, value, default):
    """Write the value into the URL (removed at the default, as Streamlit does)."""
    if value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = str(value)
    st.session_state[f"_url_{key}"] = st.query_params.get(key)


def choice(key, label_key, options, default=None, *, where=st, **kwargs):
    """A row of buttons (segmented control) for a few short options; the
    options are shown and stored in the URL as they are."""
    options = list(options)
    default = options[0] if default is None else default
    if key in hidden():
        value = _url_value(key, str, default)
        return value if value in options else default
    value = where.segmented_control(t(label_key), options, default=default, key=key,
                                    bind="query-params", disabled=_disabled(key, kwargs), **kwargs)
    return default if value is None else value


def toggle(key, label_key, value=False, *, where=st, **kwargs):
    if key in hidden():
        return _url_value(key, parse_bool, value)
    return where.toggle(t(label_key), value=value, key=key, bind="query-params",
                        disabled=_disabled(key, kwargs), **kwargs)


def number(key, label_key, value, *, min_value=None, max_value=None, step=None, where=st, **kwargs):
    if key in hidden():
        x = _url_value(key, float, value)
        return float(np.clip(x, -np.inf if min_value is None else min_value,
                             np.inf if max_value is None else max_value))
    return where.number_input(t(label_key), min_value=min_value, max_value=max_value, value=value,
                              step=step, key=key, bind="query-params",
                              disabled=_disabled(key, kwargs), **kwargs)


def text(key, label, value="", *, where=st, translate=True, **kwargs):
    """A text box; ``label`` is a catalogue key unless ``translate=False``
    (argument names such as ``y_true`` stay as the framework spells them)."""
    if key in hidden():
        raw = st.query_params.get(key)
        return value if raw is None else raw
    return where.text_input(t(label) if translate else label, value=value, key=key,
                            bind="query-params", disabled=_disabled(key, kwargs), **kwargs)


def error_text(err: InputError) -> str:
    """An input error in the current language (English text as the fallback)."""
    key = f"input_error.{err.code}"
    text = t(key, **err.params)
    return str(err) if text == key else text


def array_input(key, label, default_text, *, integer=False, dtype=np.float64, where=st,
                translate=False, **kwargs):
    """A text box holding an array (``0.2,0.8;0.5,0.5``).

    Returns ``(array, error)``. When the text does not parse, the message is
    shown under the box and the last valid array of this key stays in use, so
    the rest of the page keeps working.
    """
    raw = text(key, label, default_text, where=where, translate=translate, **kwargs)
    memory = f"_last_valid_{key}"
    try:
        array = parse_array(raw, dtype=dtype, integer=integer)
    except InputError as err:
        fallback = st.session_state.get(memory)
        if fallback is None:
            fallback = parse_array(default_text, dtype=dtype, integer=integer)
        where.error(t("input.kept_last_valid", error=error_text(err)), icon=":material/error:")
        return fallback, err
    st.session_state[memory] = array
    return array, None


def optional_scalar(key, label, value, *, integer=False, where=st, translate=False):
    """A scalar that may be ``None`` (``ignore_class``, ``alpha``): a text box."""
    raw = text(key, label, "" if value is None else str(value), where=where, translate=translate)
    try:
        return parse_scalar(raw, integer=integer), None
    except InputError as err:
        where.error(error_text(err), icon=":material/error:")
        return value, err
