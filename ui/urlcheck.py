"""Say which URL parameters were not used as given: unknown names, values a
control cannot take, numbers clamped into range. Streamlit alone drops a bad
value silently; a learner who pasted a half-broken link should see why the
page differs from the link."""
from __future__ import annotations

import math

from xent_core.parsing import InputError, parse_bool

from . import controls, lessons
from .i18n import LANGUAGES, t
from .show import IMAGE_FORMATS

STREAMLIT_PARAMS = {"embed", "embed_options"}


def snapshot(query_params) -> dict:
    """The URL's parameters as they came, before any control runs."""
    return {k: query_params.get(k) for k in query_params.keys()}


def _matches(raw: str, value) -> bool:
    try:
        if isinstance(value, bool):
            return parse_bool(raw) == value
        if isinstance(value, (int, float)):
            x = float(raw)
            return x == value or (math.isfinite(x) and math.isclose(x, value, rel_tol=1e-9, abs_tol=1e-12))
    except (InputError, ValueError):
        return False
    return str(value) == raw


def _app_param_problem(key, raw, used) -> str | None:
    if key == "lang" and raw not in LANGUAGES:
        return t("url.bad_lang", value=raw[:40], choices=", ".join(LANGUAGES))
    if key == "img" and raw not in IMAGE_FORMATS:
        return t("url.invalid", name=key, value=raw[:40], used=IMAGE_FORMATS[0])
    if key == "present" and not _matches(raw, True) and not _matches(raw, False):
        return t("url.invalid", name=key, value=raw[:40], used="false")
    if key == "view" and raw != "figure":
        return t("url.invalid", name=key, value=raw[:40], used="—")
    if key == "lesson" and lessons.by_id(raw) is None:
        return t("url.bad_lesson", value=raw[:40])
    if key in ("hide", "lock"):
        unknown = [n for n in raw.split(",") if n.strip() and n.strip() not in used]
        if unknown:
            return t("url.unknown_control", name=key, names=", ".join(n[:40] for n in unknown))
    return None


def problems(incoming: dict) -> list[str]:
    """Messages for this run, clamping notices first."""
    used = controls.used()
    out = controls.notices()
    clamped = {k for k in used if any(f"{k}" in n for n in out)}
    for key, raw in incoming.items():
        if key in STREAMLIT_PARAMS or raw is None:
            continue
        if key in controls.APP_KEYS:
            message = _app_param_problem(key, raw, used)
        elif key not in used:
            message = t("url.unknown", name=key[:40])
        elif key in clamped or _matches(raw, used[key]):
            message = None
        else:
            message = t("url.invalid", name=key, value=raw[:40], used=str(used[key])[:40])
        if message:
            out.append(message)
    return out
