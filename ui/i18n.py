"""Translation catalogue: one JSON file per language in ``locales/``.

``t("key", name=value)`` looks the key up in the current language and falls
back to English; placeholders use ``str.format`` names. Formulas, API names
and numbers are never translated.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import streamlit as st

LOCALES = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES = {"en": "English", "fr": "Français", "ru": "Русский", "zh": "简体中文", "ja": "日本語"}
DEFAULT = "en"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict:
    """The key -> text mapping of one language (empty if the file is missing)."""
    path = LOCALES / f"{lang}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def language_from_locale(locale: str | None) -> str:
    """``fr-CA`` -> ``fr``; ``zh-Hans-CN`` -> ``zh``; anything else -> English."""
    code = (locale or "").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT


def current() -> str:
    """The language of this run: the selector's value, else (before the
    selector is drawn) the URL's ``lang``, else the browser's language."""
    lang = st.session_state.get("lang") or st.query_params.get("lang")
    return lang if lang in LANGUAGES else language_from_locale(st.context.locale)


def api_summary(entry) -> str:
    """A catalogue entry's one-line summary in the current language (the
    English text is the registry's own, copied by tools/sync_api_strings.py)."""
    text = catalogue(current()).get(f"api.{entry.name}.summary")
    return text or entry.summary


def t(key: str, **params) -> str:
    """The text of ``key`` in the current language, with ``params`` filled in."""
    text = catalogue(current()).get(key) or catalogue(DEFAULT).get(key)
    if text is None:
        return key  # a missing key shows itself; the catalogue test catches it
    return text.format(**params) if params else text
