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
import threading

# Modules every page imports sooner or later: imported before the freeze so
# that their objects are frozen too.
MODULES = ("pandas", "plotly.graph_objects", "xent_core.frameworks", "xent_core.sampling",
           "xent_core.surface", "xent_core.playground", "xent_core.exercises", "xent_core.curves",
           "xent_core.figures.asymmetry", "xent_core.figures.clipping", "xent_core.figures.families",
           "xent_core.figures.playground", "xent_core.figures.sampled", "xent_core.figures.surface")

_lock = threading.Lock()
_frozen = False


def freeze_once() -> bool:
    """Import the app's modules, collect once, and freeze what survives.
    Returns whether this call did it (only the first one in a process does)."""
    global _frozen
    with _lock:
        if _frozen:
            return False
        for name in MODULES:
            importlib.import_module(name)
        gc.collect()
        gc.freeze()
        _frozen = True
        return True
