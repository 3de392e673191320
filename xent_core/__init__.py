"""Cross-Entropy Explorer's numerics: pure numpy, no UI.

- :mod:`xent_core.primitives`: stable sigmoid, softmax, logsumexp and friends.
- :mod:`xent_core.information`: entropy, cross-entropy, KL divergence.
- :mod:`xent_core.losses`: textbook losses (stable and naive) and gradients.
- :mod:`xent_core.frameworks`: every framework's function, reproduced exactly.
"""
from . import frameworks, information, losses, primitives  # noqa: F401
from .frameworks import call, catalogue, diagnose, gradient  # noqa: F401
