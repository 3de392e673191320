"""Drawing an exercise's numbers from its seeded ``Generator``: whole tenths
and hundredths, so the prompt is exact.

Every draw goes through ``Generator.integers`` (or ``permutation`` and
``choice`` of small integers), whose stream numpy keeps stable, so a seed
gives the same exercise on every machine.
"""
from __future__ import annotations

import numpy as np


def pick(rng, items):
    """One of ``items``, drawn uniformly."""
    return items[int(rng.integers(len(items)))]


def tenths(rng, low, high, size=None):
    """Multiples of 0.1 in [low, high]."""
    draw = rng.integers(round(low * 10), round(high * 10) + 1, size=size)
    return float(draw / 10) if size is None else tuple(float(v) for v in draw / 10)


def hundredths(rng, low, high):
    """A multiple of 0.01 in [low, high]."""
    return int(rng.integers(round(low * 100), round(high * 100) + 1)) / 100


def shuffled(rng, items):
    """``items`` as a tuple in a drawn order."""
    return tuple(items[int(i)] for i in rng.permutation(len(items)))


def soft_target(rng, num_classes):
    """A probability vector of ``num_classes`` whole tenths, each at least 0.1, summing to 1."""
    cuts = np.sort(rng.choice(np.arange(1, 10), size=num_classes - 1, replace=False))
    return tuple(float(v) for v in np.diff(np.concatenate([[0], cuts, [10]])) / 10)
