"""The presets: each learner's question (seeds 002 to 004) as the
playground's URL settings, one button each."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..parsing import format_array
from ..primitives import softmax

KERAS_BCE = "keras.losses.binary_crossentropy"
TORCH_BCE = "torch.nn.functional.binary_cross_entropy"
SEED_004_LOGITS = "0.5,1.5,0.1;2.2,1.3,1.7"


@dataclass(frozen=True)
class Preset:
    """One learner's question as playground settings (URL text values)."""

    key: str        # names the button's text in the catalogue: playground.preset.<key>
    seed: str       # the question it comes from (000 to 004)
    api: str
    values: dict = field(default_factory=dict)

    def params(self) -> dict:
        """The URL query parameters that open the playground on this question."""
        return {"api": self.api, "dtype": "float32", **self.values}


def _seed_004_probabilities() -> str:
    """Seed 004's softmax output in float32, as the question fed it to Keras."""
    logits = np.array([[0.5, 1.5, 0.1], [2.2, 1.3, 1.7]], np.float32)
    return format_array(softmax(logits).astype(np.float64))


PRESETS = (
    Preset("test_1", "002", KERAS_BCE, {"y_true": "0,1", "y_pred": "0.5,0.5"}),
    Preset("test_2", "002", KERAS_BCE, {"y_true": "0.5,0.5", "y_pred": "0,1"}),
    Preset("test_3", "002", KERAS_BCE, {"y_true": "-2,2", "y_pred": "0.5,0.5"}),
    Preset("target_2", "002", KERAS_BCE, {"y_true": "2", "y_pred": "0.3"}),
    Preset("target_minus_2", "002", KERAS_BCE, {"y_true": "-2", "y_pred": "0.3"}),
    Preset("torch_test_2", "002", TORCH_BCE, {"input": "0,1", "target": "0.5,0.5"}),
    Preset("torch_refuses", "002", TORCH_BCE, {"input": "0.3", "target": "-2"}),
    Preset("ceiling_y1", "003", KERAS_BCE, {"y_true": "1", "y_pred": "0"}),
    Preset("ceiling_y0", "003", KERAS_BCE, {"y_true": "0", "y_pred": "1"}),
    Preset("from_logits", "003", KERAS_BCE, {"y_true": "1", "y_pred": "-30", "from_logits": "true"}),
    Preset("softmax", "004", "tf.nn.softmax_cross_entropy_with_logits",
           {"labels": "0,1,0;0,0,1", "logits": SEED_004_LOGITS}),
    Preset("binary_per_class", "004", KERAS_BCE,
           {"y_true": "0,1,0;0,0,1", "y_pred": _seed_004_probabilities()}),
)
