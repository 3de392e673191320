"""The catalogue's contract, which menus, docs and other tests rely on."""
import re

import numpy as np
import pytest

import xent_core as xc
from xent_core.frameworks.registry import FLOAT, FLOAT_OR_INDEX, INDEX

FAMILIES = {"sigmoid", "softmax", "sparse softmax", "log loss", "focal", "sampled", "labels"}
TAKES = {"logits", "probabilities", "log-probabilities", "labels"}
REQUIRED_APIS = [
    "tf.nn.sigmoid_cross_entropy_with_logits", "tf.nn.weighted_cross_entropy_with_logits",
    "tf.nn.softmax_cross_entropy_with_logits", "tf.nn.sparse_softmax_cross_entropy_with_logits",
    "tf.compat.v1.losses.sigmoid_cross_entropy", "tf.compat.v1.losses.softmax_cross_entropy",
    "tf.compat.v1.losses.sparse_softmax_cross_entropy", "tf.compat.v1.losses.log_loss",
    "keras.losses.binary_crossentropy", "keras.losses.categorical_crossentropy",
    "keras.losses.sparse_categorical_crossentropy", "keras.losses.binary_focal_crossentropy",
    "keras.losses.categorical_focal_crossentropy", "keras.losses.BinaryCrossentropy",
    "keras.losses.CategoricalCrossentropy",
    "torch.nn.functional.binary_cross_entropy", "torch.nn.functional.binary_cross_entropy_with_logits",
    "torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss",
    "optax.losses.sigmoid_binary_cross_entropy", "optax.losses.softmax_cross_entropy",
    "optax.losses.softmax_cross_entropy_with_integer_labels", "optax.losses.sigmoid_focal_loss",
    "optax.smooth_labels", "sklearn.metrics.log_loss",
    "keras_2_2.losses.binary_crossentropy", "tf_keras_2_15.losses.binary_crossentropy",
    "sklearn_1_4.metrics.log_loss", "tf.nn.sampled_softmax_loss", "tf.nn.nce_loss",
]


@pytest.mark.parametrize("name", REQUIRED_APIS)
def test_every_required_api_is_in_the_catalogue(name):
    assert name in {e.name for e in xc.catalogue()}


@pytest.mark.parametrize("entry", xc.catalogue(), ids=lambda e: e.name)
def test_every_entry_describes_itself(entry):
    assert entry.family in FAMILIES and entry.takes in TAKES
    assert entry.summary and entry.formula and entry.url.startswith("https://")
    assert entry.dtype_from in entry.params
    assert set(entry.arrays) <= set(entry.params)
    assert set(entry.arrays.values()) <= {FLOAT, INDEX, FLOAT_OR_INDEX}
    assert set(entry.differentiable) <= set(entry.arrays)


def test_an_unknown_name_says_which_names_exist():
    with pytest.raises(ValueError, match=re.escape("unknown API name 'keras.losses.bce'; known names: ")):
        xc.call("keras.losses.bce", y_true=[1.0], y_pred=[0.5])


def test_an_unknown_argument_is_named_with_the_ones_the_function_takes():
    msg = "keras.losses.binary_crossentropy: got an unexpected keyword argument 'logits'; it takes y_true, y_pred,"
    with pytest.raises(ValueError, match=re.escape(msg)):
        xc.call("keras.losses.binary_crossentropy", y_true=[1.0], y_pred=[0.5], logits=[0.5])


def test_a_missing_argument_is_named():
    with pytest.raises(ValueError, match=re.escape("missing a required argument: 'logits'")):
        xc.call("tf.nn.sigmoid_cross_entropy_with_logits", labels=[1.0])


def test_gradient_refuses_an_argument_the_framework_does_not_differentiate():
    msg = "tf.nn.sparse_softmax_cross_entropy_with_logits has no gradient with respect to 'labels'"
    with pytest.raises(ValueError, match=re.escape(msg)):
        xc.gradient("tf.nn.sparse_softmax_cross_entropy_with_logits", "labels", labels=[1], logits=[[0.0, 1.0]])


def test_python_lists_compute_in_float32_like_the_frameworks():
    out = xc.call("tf.nn.sigmoid_cross_entropy_with_logits", labels=[1.0], logits=[0.0])
    assert out.dtype == np.float32 and out[0] == np.float32(np.log(2))


def test_a_label_index_out_of_range_raises_tensorflows_message():
    msg = "Received a label value of 3 which is outside the valid range of [0, 3).  Label values: 0 3"
    with pytest.raises(ValueError, match=re.escape(msg)):
        xc.call("tf.nn.sparse_softmax_cross_entropy_with_logits", labels=np.array([0, 3]),
                logits=np.zeros((2, 3), np.float32))
