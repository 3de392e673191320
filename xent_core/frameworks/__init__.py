"""Real framework functions reproduced exactly: ``catalogue()``, ``call()``,
``gradient()`` and ``diagnose()``.

Importing this package registers every framework module below.
"""
from . import tensorflow, keras  # noqa: F401  (registration order = menu order)
from .registry import FLOAT, INDEX, Entry, catalogue, call, get, gradient

__all__ = ["Entry", "catalogue", "call", "get", "gradient", "FLOAT", "INDEX"]
