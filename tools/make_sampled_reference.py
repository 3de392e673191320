#!/usr/bin/env python
"""Reference fixtures for TensorFlow's sampled losses and candidate samplers.

Run with the TensorFlow 2.21 environment (see tools/make_reference.py for how
to recreate it):

    /work/refenv/bin/python tools/make_sampled_reference.py

Writes
- tests/fixtures/reference_sampled.json: ``tf.nn.sampled_softmax_loss`` and
  ``tf.nn.nce_loss`` with an explicit ``sampled_values`` tuple (so the result
  is deterministic), float32 and float64. Same format as the other reference
  fixtures: a list of {"api", "dtype", "kwargs", "expected", "raises",
  "grads", "note", "expected_dtype"}; ``sampled_values`` is stored flattened
  as ``sampled_candidates``, ``true_expected_count`` and
  ``sampled_expected_count``; grads are d sum(loss) / d weights, biases, inputs.
- tests/fixtures/sampler_expected_counts.json: outputs of
  ``tf.random.log_uniform_candidate_sampler`` / ``uniform_candidate_sampler``
  (the draws are TF's own; the tests check the expected counts against the
  formula, for the number of tries that explains them).
"""
import json
import os
import re
import sys

os.environ["CUDA_VISIBLE_DEVICES"] = ""
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures")
APIS = ("tf.nn.sampled_softmax_loss", "tf.nn.nce_loss")
DIFF = ("weights", "biases", "inputs")
FLOATS = ("weights", "biases", "inputs", "true_expected_count", "sampled_expected_count")


def clean_message(msg):
    msg = re.sub(r"^\{\{function_node [^}]*\}\}\s*", "", str(msg))
    return re.sub(r"\s*\[Op:[^\]]*\]( name: .*)?$", "", msg, flags=re.S).strip()


def specs():
    """(note, kwargs) pairs; float arrays as float64, cast per dtype later."""
    rng = np.random.default_rng(20240611)
    nc, dim = 6, 3
    W = np.round(rng.normal(0, 0.7, (nc, dim)), 6)
    B = np.round(rng.normal(0, 0.5, nc), 6)
    X = np.round(rng.normal(0, 1.0, (3, dim)), 6)
    lab = [[1], [4], [2]]
    base = dict(weights=W, biases=B, inputs=X, num_classes=nc)
    q1 = dict(true_expected_count=[[0.4], [0.3], [0.5]], sampled_expected_count=[0.6, 0.2, 0.45])
    S = [
        ("num_true 1, no accidental hit, remove_accidental_hits=True",
         dict(base, labels=lab, num_sampled=3, remove_accidental_hits=True, sampled_candidates=[0, 3, 5], **q1)),
        ("accidental hits (rows 0 and 1), remove_accidental_hits=True",
         dict(base, labels=lab, num_sampled=3, remove_accidental_hits=True, sampled_candidates=[1, 4, 5], **q1)),
        ("accidental hits kept, remove_accidental_hits=False",
         dict(base, labels=lab, num_sampled=3, remove_accidental_hits=False, sampled_candidates=[1, 4, 5], **q1)),
        ("num_true 2 with an accidental hit, default remove_accidental_hits",
         dict(base, labels=[[1, 2], [4, 0], [2, 3]], num_sampled=2, num_true=2, sampled_candidates=[5, 2],
              true_expected_count=[[0.4, 0.1], [0.3, 0.3], [0.5, 0.2]], sampled_expected_count=[0.25, 0.7])),
        ("num_true 2, a row's two labels equal and sampled (one -FLT_MAX, not two), hits removed",
         dict(base, labels=[[2, 2], [1, 0], [3, 4]], num_sampled=2, num_true=2, remove_accidental_hits=True,
              sampled_candidates=[2, 5], true_expected_count=[[0.3, 0.3]] * 3, sampled_expected_count=[0.2, 0.4])),
        ("a class sampled twice and hit: only its last position is removed",
         dict(base, labels=lab, num_sampled=3, remove_accidental_hits=True, sampled_candidates=[2, 5, 2],
              true_expected_count=[[0.3]] * 3, sampled_expected_count=[0.2, 0.4, 0.2])),
        ("expected counts 1 (log Q = 0)",
         dict(base, labels=lab, num_sampled=4, remove_accidental_hits=True, sampled_candidates=[0, 2, 3, 5],
              true_expected_count=[[1.0]] * 3, sampled_expected_count=[1.0] * 4)),
        ("large logits (inputs x 40)",
         dict(base, inputs=X * 40.0, labels=lab, num_sampled=3, sampled_candidates=[0, 3, 5], **q1)),
        ("num_sampled=1 with 3 candidates: the [3,1] hit mask broadcasts over the row",
         dict(base, labels=lab, num_sampled=1, remove_accidental_hits=True, sampled_candidates=[2, 5, 0], **q1)),
        ("expected count 0 gives log Q = -inf",
         dict(base, labels=lab, num_sampled=2, sampled_candidates=[0, 5],
              true_expected_count=[[0.0], [0.5], [0.5]], sampled_expected_count=[0.5, 0.5])),
    ]
    # a bigger problem with log-uniform expected counts of a unique sample
    v, d, b, n, tries = 50, 5, 4, 8, 11
    labels = rng.integers(0, 12, (b, 1))
    sampled = rng.permutation(20)[:n]
    labels[0, 0], labels[2, 0] = sampled[3], sampled[6]  # two accidental hits
    p = lambda k: np.log((np.asarray(k) + 2.0) / (np.asarray(k) + 1.0)) / np.log1p(v)  # noqa: E731
    q = lambda k: -np.expm1(tries * np.log1p(-p(k)))  # noqa: E731
    big = dict(weights=np.round(rng.normal(0, 0.5, (v, d)), 6), biases=np.round(rng.normal(0, 0.5, v), 6),
               inputs=np.round(rng.normal(0, 1, (b, d)), 6), num_classes=v, labels=labels.tolist(),
               num_sampled=n, sampled_candidates=sampled.tolist(),
               true_expected_count=q(labels).tolist(), sampled_expected_count=q(sampled).tolist())
    S.append(("50 classes, 8 sampled, log-uniform unique expected counts, hits removed",
              dict(big, remove_accidental_hits=True)))
    S.append(("50 classes, 8 sampled, hits kept", dict(big, remove_accidental_hits=False)))
    # refusals
    S += [
        ("label out of range raises (GatherV2)",
         dict(base, labels=[[1], [4], [7]], num_sampled=3, sampled_candidates=[0, 3, 5], **q1)),
        ("sampled candidate out of range raises",
         dict(base, labels=lab, num_sampled=3, sampled_candidates=[0, 9, 5], **q1)),
        ("accidental hit beyond num_sampled raises (SparseToDense)",
         dict(base, labels=lab, num_sampled=1, remove_accidental_hits=True, sampled_candidates=[0, 3, 1], **q1)),
        ("labels [3,1] with num_true 2 raises (Reshape)",
         dict(base, labels=lab, num_sampled=3, num_true=2, sampled_candidates=[0, 3, 5], **q1)),
        ("inputs dim does not match weights raises (MatMul)",
         dict(base, inputs=X[:, :2], labels=lab, num_sampled=3, sampled_candidates=[0, 3, 5], **q1)),
        ("true_expected_count of the wrong shape raises (Sub)",
         dict(base, labels=lab, num_sampled=3, sampled_candidates=[0, 3, 5],
              true_expected_count=[[0.4], [0.3]], sampled_expected_count=[0.6, 0.2, 0.45])),
        ("1-D labels with remove_accidental_hits=True raises",
         dict(base, labels=[1, 4, 2], num_sampled=3, remove_accidental_hits=True, sampled_candidates=[0, 3, 5],
              **q1)),
    ]
    return S


def run(tf, fn, kw, dtype):
    tens = {}
    for k, v in kw.items():
        if k in FLOATS:
            tens[k] = tf.constant(np.asarray(v, dtype=dtype))
        elif k in ("labels", "sampled_candidates"):
            tens[k] = tf.constant(np.asarray(v, dtype=np.int64))
        else:
            tens[k] = v
    tens["sampled_values"] = tuple(tens.pop(k) for k in
                                   ("sampled_candidates", "true_expected_count", "sampled_expected_count"))
    with tf.GradientTape() as tape:
        tape.watch([tens[k] for k in DIFF])
        out = fn(**tens)
        total = tf.reduce_sum(out)
    grads = tape.gradient(total, [tens[k] for k in DIFF])
    return out.numpy(), {k: tf.convert_to_tensor(g).numpy() for k, g in zip(DIFF, grads)}


def jsonable(kw, dtype):
    out = {}
    for k, v in kw.items():
        if k in FLOATS:
            out[k] = np.asarray(v, dtype=dtype).tolist()  # the exact values passed, in dtype
        elif k in ("labels", "sampled_candidates"):
            out[k] = np.asarray(v, dtype=np.int64).tolist()
        else:
            out[k] = v
    return out


def loss_cases(tf):
    cases = []
    for api in APIS:
        fn = {"tf.nn.sampled_softmax_loss": tf.nn.sampled_softmax_loss, "tf.nn.nce_loss": tf.nn.nce_loss}[api]
        for note, kw in specs():
            for dtype in ("float32", "float64"):
                rec = {"api": api, "dtype": dtype, "kwargs": jsonable(kw, dtype), "expected": None,
                       "raises": None, "grads": {}, "note": note, "expected_dtype": None}
                try:
                    out, grads = run(tf, fn, kw, dtype)
                except Exception as e:  # TF refuses the input
                    rec["raises"] = clean_message(e)
                else:
                    rec["expected"], rec["expected_dtype"] = out.tolist(), str(out.dtype)
                    rec["grads"] = {k: g.tolist() for k, g in grads.items()}
                cases.append(rec)
    return cases


def sampler_cases(tf):
    cases = []
    configs = [("log_uniform", 1000, 20, True), ("log_uniform", 50, 30, True), ("log_uniform", 100000, 64, True),
               ("log_uniform", 10, 10, True), ("log_uniform", 1000, 20, False), ("uniform", 100, 50, True),
               ("uniform", 1000, 10, False)]
    for i, (sampler, range_max, n, unique) in enumerate(configs):
        fn = {"log_uniform": tf.random.log_uniform_candidate_sampler,
              "uniform": tf.random.uniform_candidate_sampler}[sampler]
        true = np.array([[0], [3], [range_max - 1]], dtype=np.int64)
        s, t, q = fn(true, 1, n, unique, range_max, seed=100 + i)
        cases.append({"sampler": sampler, "range_max": range_max, "num_sampled": n, "unique": unique,
                      "true_classes": true.tolist(), "sampled_candidates": s.numpy().tolist(),
                      "true_expected_count": t.numpy().tolist(), "sampled_expected_count": q.numpy().tolist()})
    return cases


def main():
    import tensorflow as tf

    tf.random.set_seed(0)
    os.makedirs(OUT, exist_ok=True)
    for name, cases in (("reference_sampled.json", loss_cases(tf)),
                        ("sampler_expected_counts.json", sampler_cases(tf))):
        path = os.path.join(OUT, name)
        with open(path, "w") as f:
            json.dump({"tensorflow": tf.__version__, "cases": cases} if name.startswith("sampler") else cases,
                      f, separators=(",", ":"), allow_nan=True)
            f.write("\n")
        print(f"{len(cases)} cases -> {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
