"""What a kind of exercise is, and the ``@kind`` decorator with which the
kinds modules record their generators.

This module imports no kinds module, so each of them can import it without
a cycle; :mod:`.registry` imports them all, so its ``KINDS`` is complete.
"""
from __future__ import annotations

from typing import Callable, NamedTuple


class Kind(NamedTuple):
    """One kind of exercise: its generator, and what the docs and the menu say of it."""

    name: str
    generate: Callable       # (rng, classic: bool) -> dict of Exercise fields
    summary: str             # first line of the generator's docstring (the docs)
    classic: str | None      # the learners' question that seed 0 reproduces


REGISTERED: dict[str, Kind] = {}  # filled as the kinds modules are imported


def kind(name: str, *, classic: str | None = None):
    """Decorator recording a generator under ``name`` in :data:`REGISTERED`;
    ``classic`` names the learners' question its seed 0 reproduces."""
    def record(fn):
        REGISTERED[name] = Kind(name, fn, (fn.__doc__ or "").strip().splitlines()[0], classic)
        return fn
    return record
