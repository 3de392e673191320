"""Settling the server process once, at its first run.

A Streamlit server is one long-lived Python process. After the imports it
holds about 120,000 objects (numpy, pandas, plotly, Streamlit, the core)
that live as long as it does, and each of Python's automatic full garbage
collections walks all of them: about 80 ms with the interpreter lock held,
a stall for every session of a classroom. ``gc.freeze()`` moves the objects
alive now out of the collector's sight, so later collections walk only what
the sessions allocate.
"""
from __future__ import annotations

import gc
import importlib
import pkgutil
import threading

import xent_core

# Imported before the freeze, so that their objects are frozen too: the
# libraries and every module of the core, which the pages import sooner or later.
LIBRARIES = ("pandas", "plotly.graph_objects")


def _app_modules() -> list[str]:
    return [*LIBRARIES, *(info.name for info in pkgutil.walk_packages(xent_core.__path__, "xent_core."))]


_lock = threading.Lock()
_frozen = False


def freeze_once() -> bool:
    """Import the app's modules, collect once, and freeze what survives.
    Returns whether this call did it (only the first one in a process does)."""
    global _frozen
    with _lock:
        if _frozen:
            return False
        for name in _app_modules():
            importlib.import_module(name)
        gc.collect()
        gc.freeze()
        _frozen = True
        return True
