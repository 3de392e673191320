"""The code of every framework tab: the exact call in the selected API's own
framework, the best equivalent in each other one, and plain numpy."""
from __future__ import annotations

from ..playground.roles import comparison_kwargs
from .dialects import code_framework
from .equivalents import equivalent_plan, plan_snippet
from .exact import exact_snippet
from .numpy_code import numpy_snippet

FRAMEWORK_TABS = ("Keras", "PyTorch", "TensorFlow", "optax", "numpy")


def _equivalent_snippet(name: str, kwargs: dict, framework: str, averaged: dict) -> str | None:
    """``framework``'s best equivalent run on the inputs as the other functions get them."""
    others = comparison_kwargs(name, kwargs)
    found = equivalent_plan(name, others, framework)
    return None if found is None else plan_snippet(found, others, averaged.get(found.target, False))


def code_snippets(name: str, kwargs: dict, averaged: dict | None = None) -> dict:
    """Code per framework tab, the selected API's own framework first, then
    the others of :data:`FRAMEWORK_TABS`: the exact call for its own framework, the best
    equivalent for the others (None when a framework has none), numpy
    last. ``averaged`` says, per function name, whether the comparison took a
    mean over the classes (so the code takes it too)."""
    own = code_framework(name)
    tabs = [own] + [tab for tab in FRAMEWORK_TABS if tab != own]
    out = {}
    for tab in tabs:
        if tab == "numpy":
            out[tab] = numpy_snippet(name, kwargs)
        elif tab == own:
            out[tab] = exact_snippet(name, kwargs)
        else:
            out[tab] = _equivalent_snippet(name, kwargs, tab, averaged or {})
    return out
