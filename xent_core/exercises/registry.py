"""Which kinds of exercise there are, in the page's menu order, and the
exercise of a kind and a seed.

``make_exercise(kind, seed)`` draws the numbers from a numpy ``Generator``
seeded by ``seed`` and the kind's name, so a class that opens
``?kind=...&seed=...`` sees the same exercise on every machine (:mod:`.drawing`
says why the draws are stable). Seed 0 of a kind is the example from the
learners' questions where one fits (``Kind.classic`` names it).
"""
from __future__ import annotations

import zlib

import numpy as np

# Imported for their @kind decorators: importing the registry registers every kind.
from . import choosing, comparing, computing, conventions, framework_quirks  # noqa: F401
from .exercise import Exercise
from .kind import REGISTERED, Kind

MAX_SEED = 999_999
MENU_ORDER = (  # the page's menu; its first kind is the page's default
    "sigmoid_ce", "softmax_ce", "grad_sign", "larger_loss", "right_loss", "one_hot", "two_class_logit",
    "entropy_floor", "asymmetry", "smoothing", "keras_clip", "keras_target", "torch_bce_edge",
)


def _in_menu_order(registered: dict[str, Kind], order: tuple[str, ...]) -> dict[str, Kind]:
    """``registered`` in ``order``; a kind the order leaves out (or one it names
    that nobody registers) fails here rather than going missing from the menu."""
    unplaced, unknown = sorted(set(registered) - set(order)), sorted(set(order) - set(registered))
    if unplaced or unknown:
        raise RuntimeError(f"MENU_ORDER must name every registered kind once: add {unplaced}, remove {unknown}")
    return {name: registered[name] for name in order}


KINDS: dict[str, Kind] = _in_menu_order(REGISTERED, MENU_ORDER)


def make_exercise(kind_name: str, seed: int) -> Exercise:
    """The exercise of ``kind_name`` drawn from ``seed`` (0 to :data:`MAX_SEED`);
    the same on every machine."""
    if kind_name not in KINDS:
        raise ValueError(f"unknown exercise kind {kind_name!r}; known kinds: {', '.join(KINDS)}")
    seed = int(seed)
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed {seed} is outside [0, {MAX_SEED}]")
    rng = np.random.default_rng([seed, zlib.crc32(kind_name.encode())])
    parts = KINDS[kind_name].generate(rng, classic=seed == 0 and KINDS[kind_name].classic is not None)
    return Exercise(kind=kind_name, seed=seed, **parts)


def random_seed() -> int:
    """A fresh seed for "new exercise" (from the operating system's entropy)."""
    return int(np.random.default_rng().integers(1, MAX_SEED + 1))
