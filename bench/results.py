"""bench/RESULTS.md: where every benchmark records its table. Standard
library only, so a script can run in an environment without Streamlit
(bench_core.py with torch installed, for instance)."""
from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def report(lines: list[str], append: bool = True) -> str:
    """Print a benchmark's table and add it to bench/RESULTS.md."""
    text = "\n".join(lines)
    print(text)
    if append:
        with RESULTS.open("a") as f:
            f.write(text + "\n")
    return text
