""""Which loss do I need?": four answers lead to a function in each framework.

The answers are: are the classes exclusive, what form do the labels take,
what does the model output, and is the data imbalanced. Each recommendation
is a catalogue name with the settings that make it fit (``from_logits=True``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .frameworks.registry import get

LABEL_FORMS = ("index", "one_hot", "probabilities")
OUTPUTS = ("logits", "probabilities")


@dataclass(frozen=True)
class Recommendation:
    name: str
    settings: dict = field(default_factory=dict)

    @property
    def framework(self) -> str:
        return get(self.name).framework


# (exclusive, label form, output) -> recommendations; imbalance adds IMBALANCED.
# Binary/multi-label problems have 0/1 or soft labels per output, so their
# label form is ignored.
MULTI_LABEL = {
    "logits": [Recommendation("tf.nn.sigmoid_cross_entropy_with_logits"),
               Recommendation("keras.losses.binary_crossentropy", {"from_logits": True}),
               Recommendation("torch.nn.functional.binary_cross_entropy_with_logits"),
               Recommendation("optax.losses.sigmoid_binary_cross_entropy")],
    "probabilities": [Recommendation("keras.losses.binary_crossentropy"),
                      Recommendation("torch.nn.functional.binary_cross_entropy"),
                      Recommendation("tf.compat.v1.losses.log_loss"),
                      Recommendation("sklearn.metrics.log_loss")],
}
EXCLUSIVE = {
    ("index", "logits"): [Recommendation("tf.nn.sparse_softmax_cross_entropy_with_logits"),
                          Recommendation("keras.losses.sparse_categorical_crossentropy",
                                         {"from_logits": True}),
                          Recommendation("torch.nn.functional.cross_entropy"),
                          Recommendation("optax.losses.softmax_cross_entropy_with_integer_labels")],
    ("index", "probabilities"): [Recommendation("keras.losses.sparse_categorical_crossentropy"),
                                 Recommendation("torch.nn.functional.nll_loss"),
                                 Recommendation("sklearn.metrics.log_loss")],
    ("one_hot", "logits"): [Recommendation("tf.nn.softmax_cross_entropy_with_logits"),
                            Recommendation("keras.losses.categorical_crossentropy", {"from_logits": True}),
                            Recommendation("torch.nn.functional.cross_entropy"),
                            Recommendation("optax.losses.softmax_cross_entropy")],
    ("one_hot", "probabilities"): [Recommendation("keras.losses.categorical_crossentropy"),
                                   Recommendation("sklearn.metrics.log_loss")],
}
EXCLUSIVE[("probabilities", "logits")] = EXCLUSIVE[("one_hot", "logits")]
EXCLUSIVE[("probabilities", "probabilities")] = [Recommendation("keras.losses.categorical_crossentropy")]

IMBALANCED = {
    False: [Recommendation("tf.nn.weighted_cross_entropy_with_logits"),
            Recommendation("keras.losses.binary_focal_crossentropy"),
            Recommendation("optax.losses.sigmoid_focal_loss")],
    True: [Recommendation("keras.losses.categorical_focal_crossentropy"),
           Recommendation("torch.nn.functional.cross_entropy")],
}


def recommend(*, exclusive: bool, labels: str, outputs: str, imbalanced: bool) -> list[Recommendation]:
    """Recommended functions for the answers, the plain ones first, then the
    ones that handle imbalance (pos_weight, class weights, focal losses)."""
    if labels not in LABEL_FORMS or outputs not in OUTPUTS:
        raise ValueError(f"labels must be one of {LABEL_FORMS} and outputs one of {OUTPUTS}")
    plain = EXCLUSIVE[(labels, outputs)] if exclusive else MULTI_LABEL[outputs]
    extra = [r for r in IMBALANCED[exclusive] if r not in plain] if imbalanced else []
    return [r for r in plain + extra if _known(r.name)]


def _known(name):
    try:
        get(name)
        return True
    except ValueError:
        return False
