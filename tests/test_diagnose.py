"""diagnose() explains odd inputs instead of failing on them."""
import numpy as np

import xent_core as xc


def codes(name, **kwargs):
    return [n.code for n in xc.diagnose(name, **kwargs)]


def test_targets_outside_zero_one_are_flagged_with_what_frameworks_do():
    notes = xc.diagnose("keras.losses.binary_crossentropy", y_true=np.array([[-2.0]], np.float32),
                        y_pred=np.array([[0.3]], np.float32))
    assert notes[0].code == "labels_outside"
    assert "all elements of target should be between 0 and 1" in str(notes[0])


def test_clipping_and_float32_rounding_are_explained():
    c = codes("keras.losses.binary_crossentropy", y_true=np.array([[0.5, 0.5]], np.float32),
              y_pred=np.array([[0.0, 1.0]], np.float32))
    assert "clipping" in c and "float32_one_minus_eps" in c
    assert "float32_one_minus_eps" not in codes("keras.losses.binary_crossentropy",
                                                y_true=np.array([[0.5]]), y_pred=np.array([[0.0]]))


def test_rows_not_summing_to_one_and_saturation_and_nan():
    assert "labels_not_normalised" in codes("tf.nn.softmax_cross_entropy_with_logits",
                                            labels=np.array([0.5, 0.2]), logits=np.array([1.0, 2.0]))
    assert "saturation" in codes("tf.nn.sigmoid_cross_entropy_with_logits",
                                 labels=np.array([1.0], np.float32), logits=np.array([30.0], np.float32))
    assert "non_finite" in codes("tf.nn.sigmoid_cross_entropy_with_logits",
                                 labels=np.array([1.0]), logits=np.array([np.nan]))


def test_an_ordinary_input_gets_no_warning():
    notes = xc.diagnose("tf.nn.softmax_cross_entropy_with_logits", labels=np.array([[0.0, 1.0]]),
                        logits=np.array([[0.5, 1.5]]))
    assert notes == []


def test_every_note_has_a_catalogue_text_that_formats_to_its_english_message():
    import json

    from conftest import ROOT
    english = json.loads((ROOT / "locales" / "en.json").read_text(encoding="utf-8"))
    cases = [
        ("keras.losses.binary_crossentropy", dict(y_true=np.array([[-2.0, 0.5]], np.float32),
                                                   y_pred=np.array([[0.0, 1.0]], np.float32))),
        ("tf.nn.softmax_cross_entropy_with_logits", dict(labels=np.array([0.5, 0.2]), logits=np.array([40.0, np.nan]))),
        ("tf.nn.softmax_cross_entropy_with_logits", dict(labels=np.array([0.5, 0.2]), logits=np.array([40.0, 1.0]))),
        ("keras.losses.categorical_crossentropy", dict(y_true=np.array([[0.0, 1.0]]), y_pred=np.array([[0.5, 1.5]]),
                                                       label_smoothing=2.0)),
        ("torch.nn.functional.cross_entropy", dict(input=np.array([[0.0, 1.0]]), target=np.array([1]),
                                                    weight=np.array([-1.0, 1.0]))),
    ]
    seen = set()
    for name, kwargs in cases:
        for note in xc.diagnose(name, **kwargs):
            assert english[f"note.{note.code}"].format(**note.params) == note.message
            seen.add(note.code)
    assert len(seen) >= 8
