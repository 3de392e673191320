"""Loss and gradient over a 400 x 400 grid of two logits (the others fixed),
for 3, 10 and 1,000 classes: the core's folded computation against a naive
batched numpy one and, where installed, torch on the same grid.

Prints a table and appends it to bench/RESULTS.md. Run: python bench/bench_core.py
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from xent_core.surface import softmax_surface  # noqa: E402
from results import report  # noqa: E402

GRID = 400
CLASS_COUNTS = (3, 10, 1000)


def best_of(fn, repeats=7):
    """Best wall time of ``repeats`` runs, in milliseconds (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


def naive_batched(logits, labels, a, b):
    """Every grid point as a full row of K logits: softmax CE and its gradient."""
    rows = np.broadcast_to(logits, (len(b), len(a), len(logits))).copy()
    rows[..., 0] = a[None, :]
    rows[..., 1] = b[:, None]
    shifted = rows - rows.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    loss = -(log_probs * labels).sum(axis=-1)
    grad = np.exp(log_probs) - labels
    return loss, grad[..., 0], grad[..., 1]


def torch_batched(torch, logits, labels, a, b):
    rows = torch.tensor(logits).expand(len(b), len(a), len(logits)).clone()
    rows[..., 0] = torch.tensor(a)[None, :]
    rows[..., 1] = torch.tensor(b)[:, None]
    rows.requires_grad_(True)
    loss = -(torch.log_softmax(rows, dim=-1) * torch.tensor(labels)).sum(dim=-1)
    loss.sum().backward()
    return loss, rows.grad


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-append", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    a = np.linspace(-6, 6, GRID)
    b = np.linspace(-6, 6, GRID)
    try:
        import torch
        torch.set_num_threads(os.cpu_count() or 1)
    except ImportError:
        torch = None
    lines = [f"\n## Core grid benchmark, {datetime.date.today()}",
             f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, numpy {np.__version__}"
             + (f", torch {torch.__version__}" if torch else ", torch not installed"),
             "", f"Loss and gradient over a {GRID} x {GRID} grid of two logits (float64), best of 7.", "",
             "| classes | core (ms) | naive numpy (ms) | torch (ms) | naive / core |",
             "|---:|---:|---:|---:|---:|"]
    for k in CLASS_COUNTS:
        logits = rng.normal(size=k)
        labels = np.zeros(k)
        labels[1] = 1.0
        core = best_of(lambda: softmax_surface(logits, labels, 0, 1, a, b))
        naive = best_of(lambda: naive_batched(logits, labels, a, b), repeats=3 if k > 100 else 7)
        torch_ms = best_of(lambda: torch_batched(torch, logits, labels, a, b), repeats=3) if torch else None
        lines.append(f"| {k} | {core:.2f} | {naive:.1f} | {'-' if torch_ms is None else f'{torch_ms:.1f}'} "
                     f"| {naive / core:.0f}x |")
    lines.append("\nTarget: core under 10 ms at every class count.")
    report(lines, append=not args.no_append)


if __name__ == "__main__":
    main()
