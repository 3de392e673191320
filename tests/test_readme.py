"""The README's notebook session runs and prints the numbers it promises."""
import contextlib
import io
import re

from conftest import ROOT


def test_the_notebook_example_runs_and_prints_the_framework_numbers(monkeypatch):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"### In a notebook.*?```python\n(.*?)```", text, re.S).group(1)
    import plotly.graph_objects as go
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: None)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue()
    assert "0.47901064" in printed and "8.01512" in printed
    # the comparison runs the same inputs through the other frameworks' functions
    assert re.search(r"^torch\.nn\.functional\.cross_entropy \[0\.47901064?\]", printed, re.M)
    assert "F.cross_entropy(logits, labels, reduction='none')" in printed
    # the numpy transcription, run, gives the framework's number too
    numpy_code = printed[printed.index("import numpy as np"):]
    transcription = io.StringIO()
    with contextlib.redirect_stdout(transcription):
        exec(compile(numpy_code, "numpy snippet", "exec"), {})
    assert "0.479010" in transcription.getvalue()
