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


# URL parameters of the app itself (not of a page's controls).
APP_KEYS = {"lang", "img", "hide", "lock", "lesson", "note", "present", "view"}
RENDERED = "_controls_this_run"  # keys drawn in this run, for "make this a lesson"
VALUES = "_control_values"         # key -> value used in this run (drawn or hidden)
NOTICES = "_url_notices"           # messages about URL values that were clamped
MOVES = "_slider_moves"            # key -> (value at its last run, the value one step further or None)


def start_run():
    """Called once per full run by app.py, before the page."""
    st.session_state[RENDERED] = []
    st.session_state[VALUES] = {}
    st.session_state[NOTICES] = []


def rendered() -> list[str]:
    return list(dict.fromkeys(st.session_state.get(RENDERED, [])))


def used() -> dict:
    """Every control of this run and the value it took."""
    return dict(st.session_state.get(VALUES, {}))


def notices() -> list[str]:
    return list(st.session_state.get(NOTICES, []))


def _record(key, value):
    st.session_state.setdefault(VALUES, {})[key] = value
    return value


def _clamp_from_url(key, min_value, max_value, cast=float):
    """A URL number outside the control's range is clamped into it, with a
    notice; Streamlit alone would silently drop it for the default."""
    raw = st.query_params.get(key)
    if raw is None or key in st.session_state:
        return
    try:
        value = float(raw)
    except ValueError:
        return
    lo = -np.inf if min_value is None else min_value
    hi = np.inf if max_value is None else max_value
    if np.isnan(value) or lo <= value <= hi:
        return
    clamped = float(np.clip(value, lo, hi))
    st.session_state[key] = cast(clamped)
    st.session_state.setdefault(NOTICES, []).append(
        t("url.clamped", name=key, value=raw, low=_short(lo), high=_short(hi), used=_short(clamped)))


def _short(x):
    return f"{x:g}"


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
        x = _url_value(key, float, value)
        return _record(key, type(value)(min(max(x, min_value), max_value)) if np.isfinite(x) else value)
    _clamp_from_url(key, min_value, max_value, cast=type(value))
    chosen = where.slider(t(label_key), min_value, max_value, value, step, key=key,
                          bind="query-params", disabled=_disabled(key, kwargs), **kwargs)
    _moved(key, chosen, min_value, max_value, (1 if isinstance(value, int) else 0.01) if step is None else step)
    return _record(key, chosen)


def _moved(key, value, min_value, max_value, step):
    """Remember the slider's value, and the value one step further the way
    it just moved (None if it did not move, or at the end of its range)."""
    moves = st.session_state.setdefault(MOVES, {})
    before = moves.get(key, (value, None))[0]
    further = None
    if value != before:
        # rounded to the step's digits, as Streamlit's own steps land (0.1 + 0.05 is 0.15)
        further = round(value + step * np.sign(value - before), 10)
        further = type(value)(further) if min_value <= further <= max_value else None
    moves[key] = (value, further)


def moved_on(keys) -> tuple[str, float] | None:
    """``(key, value)``: the first of the sliders ``keys`` that moved in this
    run, and its value one step further the same way, which a learner
    dragging or pressing an arrow key asks for next (a page sends what that
    value draws ahead of time); None if none of them moved. Each slider's
    step further is given once: a later run that does not draw the slider
    (another fragment's) finds none."""
    moves = st.session_state.get(MOVES, {})
    found = None
    for key in keys:
        value, further = moves.get(key, (None, None))
        if further is not None:
            found = found or (key, further)
            moves[key] = (value, None)
    return found


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
        return _record(key, value if value in options else default)
    if format_func is None:
        return _record(key, where.selectbox(t(label_key), options, index=options.index(default), key=key,
                                            bind="query-params", disabled=_disabled(key, kwargs), **kwargs))
    _sync_from_url(key, options, default)
    # Labels fixed now, in this run's language: a later call of format_func
    # (outside the run) would not know the language.
    labels = {option: format_func(option) for option in options}
    value = where.selectbox(t(label_key), options, key=key, format_func=labels.__getitem__,
                            disabled=_disabled(key, kwargs), **kwargs)
    _sync_to_url(key, value, default)
    return _record(key, value)


def _sync_from_url(key, options, default):
    """Take the URL's value when the page opens or a link changed it."""
    url = st.query_params.get(key)
    seen = st.session_state.get(f"_url_{key}", "")
    if key not in st.session_state or url != seen:
        st.session_state[key] = url if url in options else default


def _sync_to_url(key, value, default):
    """Write the value into the URL (removed at the default, as Streamlit does).
    Only a change is written: each write sends the whole query string again."""
    if value == default:
        if key in st.query_params:
            st.query_params.pop(key)
    elif st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)
    st.session_state[f"_url_{key}"] = st.query_params.get(key)


def choice(key, label_key, options, default=None, *, where=st, **kwargs):
    """A row of buttons (segmented control) for a few short options; the
    options are shown and stored in the URL as they are."""
    options = list(options)
    default = options[0] if default is None else default
    if key in hidden():
        value = _url_value(key, str, default)
        return _record(key, value if value in options else default)
    value = where.segmented_control(t(label_key), options, default=default, key=key,
                                    bind="query-params", disabled=_disabled(key, kwargs), **kwargs)
    return _record(key, default if value is None else value)


def toggle(key, label_key, value=False, *, where=st, **kwargs):
    if key in hidden():
        return _record(key, _url_value(key, parse_bool, value))
    return _record(key, where.toggle(t(label_key), value=value, key=key, bind="query-params",
                                     disabled=_disabled(key, kwargs), **kwargs))


def number(key, label_key, value, *, min_value=None, max_value=None, step=None, where=st, **kwargs):
    if key in hidden():
        x = _url_value(key, float, value)
        x = value if np.isnan(x) else np.clip(x, -np.inf if min_value is None else min_value,
                                             np.inf if max_value is None else max_value)
        return _record(key, type(value)(x) if np.isfinite(x) else value)
    _clamp_from_url(key, min_value, max_value)
    # Always a float box: Streamlit's integer box fails on a URL value such
    # as -inf or 1e400 before the page can say anything; whole numbers are
    # shown as such and converted back.
    as_float = {name: None if v is None else float(v)
                for name, v in (("min_value", min_value), ("max_value", max_value), ("step", step))}
    if isinstance(value, int):
        kwargs.setdefault("format", "%d")
    result = where.number_input(t(label_key), value=float(value), key=key, bind="query-params",
                                disabled=_disabled(key, kwargs), **as_float, **kwargs)
    return _record(key, type(value)(result) if result is not None and np.isfinite(result) else value)


def text(key, label, value="", *, where=st, translate=True, **kwargs):
    """A text box; ``label`` is a catalogue key unless ``translate=False``
    (argument names such as ``y_true`` stay as the framework spells them)."""
    if key in hidden():
        raw = st.query_params.get(key)
        return _record(key, value if raw is None else raw)
    return _record(key, where.text_input(t(label) if translate else label, value=value, key=key,
                                         bind="query-params", disabled=_disabled(key, kwargs), **kwargs))


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
