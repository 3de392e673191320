"""The largest requests a link can make: memory and time of one rerun.

Each case is a URL that pushes a page to its caps (README, "Limits"): the
longest arrays, the most classes, the largest simulation. For each, a fresh
AppTest session of app.py opens the page from that URL, as a browser would,
and the run is measured with tracemalloc (numpy registers its buffers with
it, so arrays count) and a wall clock. A second run of the same URL shows the
cost once the shared caches (the sampled-softmax model, figures) are warm.

Prints a table and appends it to bench/RESULTS.md (``--no-append`` to not).
Run: python bench/bench_limits.py

Targets: no rerun allocates more than about 200 MB or runs longer than about 2 s.
"""
from __future__ import annotations

import argparse
import datetime
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
from results import report  # noqa: E402
from st_client import machine_line  # noqa: E402

TARGET_MB, TARGET_S = 200, 2.0


def rows_text(rows, cols, rng, kind="probs") -> str:
    """A ``rows`` x ``cols`` array as the app's text (``a,b;c,d``)."""
    if kind == "probs":
        values = rng.dirichlet(np.ones(cols), size=rows)
    elif kind == "onehot":
        values = np.eye(cols)[rng.integers(0, cols, rows)]
    else:
        values = rng.normal(scale=3, size=(rows, cols))
    return ";".join(",".join(f"{v:.4g}" for v in row) for row in values)


def cases():
    rng = np.random.default_rng(0)
    big = 10_000  # the cap on values in one array
    return [
        ("playground", "Keras categorical CE, 100 x 100 arrays",
         {"api": "keras.losses.categorical_crossentropy", "y_true": rows_text(100, 100, rng, "onehot"),
          "y_pred": rows_text(100, 100, rng)}),
        ("playground", "PyTorch cross_entropy, 100 x 100 logits",
         {"api": "torch.nn.functional.cross_entropy", "input": rows_text(100, 100, rng, "logits"),
          "target": ",".join(str(i) for i in rng.integers(0, 100, 100))}),
        ("playground", "TF sigmoid CE, 10,000 values",
         {"api": "tf.nn.sigmoid_cross_entropy_with_logits", "labels": rows_text(1, big, rng, "probs"),
          "logits": rows_text(1, big, rng, "logits")}),
        ("surface", "10 classes, 100 steps, widest span, 3-D",
         {"k": "10", "steps": "100", "span": "12", "view3d": "true"}),
        ("surface", "10 classes, 100 steps, arrows", {"k": "10", "steps": "100", "span": "12"}),
        ("sampled", "V = 100,000, 3,000 sampled, 500 repeats (cut to fit)",
         {"vocab": "100000", "nmax": "3000", "repeats": "500"}),
        ("sampled", "V = 100,000, NCE, 1,000 sampled, 500 repeats",
         {"vocab": "100000", "nmax": "1000", "repeats": "500", "method": "nce"}),
        ("asymmetry", "categorical p and q of 10,000 classes",
         {"cp": rows_text(1, big, rng), "cq": rows_text(1, big, rng)}),
        ("sigmoid_vs_softmax", "10,000 logits and labels",
         {"logits": rows_text(1, big, rng, "logits"), "labels": rows_text(1, big, rng)}),
        ("clipping", "output 1e-30", {"x": "1e-30"}),
        ("exercises", "largest seed", {"kind": "softmax_ce", "seed": "999999"}),
    ]


def _open(page, params):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"app_pages/{page}.py")
    return at


def _clear_caches():
    import streamlit as st
    st.cache_data.clear()
    st.cache_resource.clear()


def measure(page, params) -> dict:
    """Memory of a cold run (caches empty) under tracemalloc; then, untraced
    (tracing slows every allocation), the time of a cold run and of the same
    URL again with the caches warm."""
    out = {}
    _clear_caches()
    at = _open(page, params)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    at.run()
    out["first_mb"] = (tracemalloc.get_traced_memory()[1] - before) / 2**20
    tracemalloc.stop()
    _clear_caches()
    at = _open(page, params)
    for run in ("first", "again"):
        start = time.perf_counter()
        at.run()
        out[f"{run}_s"] = time.perf_counter() - start
    out["errors"] = [e.value for e in at.exception]
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-append", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    machine = machine_line()
    measure("home", {})  # imports and the first session, not counted
    lines = [f"\n## Largest requests, {datetime.date.today()}", machine, "",
             "AppTest runs of app.py per URL at the caps, the shared caches emptied first: peak memory "
             "allocated during a run (tracemalloc, numpy buffers included), then, without tracing, the "
             "wall time of a run and of the same URL again with the caches warm.", "",
             "| page | case | MB | first run s | again s | exceptions |",
             "|---|---|---:|---:|---:|---|"]
    worst_mb = worst_s = 0.0
    for page, label, params in cases():
        m = measure(page, params)
        worst_mb, worst_s = max(worst_mb, m["first_mb"]), max(worst_s, m["first_s"])
        lines.append(f"| {page} | {label} | {m['first_mb']:.0f} | {m['first_s']:.2f} | {m['again_s']:.2f} | "
                     f"{len(m['errors']) or 'none'} |")
        print(lines[-1], flush=True)
    met = worst_mb < TARGET_MB and worst_s < TARGET_S
    lines += ["", f"Target: under about {TARGET_MB} MB and {TARGET_S:g} s per rerun. "
              + ("Met" if met else "Not met") + f": worst {worst_mb:.0f} MB, {worst_s:.2f} s."]
    report(lines, append=not args.no_append)


if __name__ == "__main__":
    main()
