"""Real framework functions reproduced exactly: ``catalogue()``, ``call()``,
``gradient()`` and ``diagnose()``.

Importing this package registers every framework module below.
"""
from . import tensorflow, keras, torch, optax, sklearn, legacy, sampled  # noqa: F401  (menu order)
from .diagnose import Note, diagnose
from .registry import FLOAT, INDEX, Entry, catalogue, call, get, gradient

__all__ = ["Entry", "Note", "catalogue", "call", "diagnose", "get", "gradient", "FLOAT", "INDEX"]
