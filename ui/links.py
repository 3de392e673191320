"""Links between pages that carry a state in the URL."""
from __future__ import annotations

from xent_core.examples import example_text


def _url_text(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def playground_params(name: str, settings: dict | None = None, *, dtype="float32") -> dict:
    """Query parameters that open the playground on ``name`` with its example
    arrays and ``settings``: the playground's URL contract."""
    params = {"api": name, "dtype": dtype, **example_text(name)}
    params.update({k: _url_text(v) for k, v in (settings or {}).items()})
    return params
