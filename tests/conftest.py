"""Shared test helpers: the project root on sys.path, fixture loading, and
comparison at each dtype's precision."""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import numpy as np
from hypothesis import settings

# Shared machines are slow at times: no per-example deadline, fixed derandomised runs in CI.
settings.register_profile("default", deadline=None, derandomize=True, max_examples=60)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _show_full_errors():
    """The app hides exception details from learners (.streamlit/config.toml);
    tests want them in full."""
    from streamlit import config
    config.get_config_options()  # read the config file first, then override it
    config.set_option("client.showErrorDetails", "full")


_show_full_errors()


def _validate_figures():
    """Figures are built from plain dicts without plotly's checks in the app
    (xent_core/figures/style.py); every figure a test builds is checked."""
    from xent_core.figures import style
    style.VALIDATE = True


_validate_figures()
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A few float32 ulps: numpy's exp/log differ from Eigen's and ATen's by up
# to ~5 ulps, and a loss is a short chain of them.
RTOL = {"float32": 4e-6, "float64": 1e-12}


def load_cases(pattern: str) -> list[dict]:
    cases = []
    for path in sorted(FIXTURES.glob(pattern)):
        data = json.loads(path.read_text())
        if isinstance(data, list):  # reference_versions.json is a dict
            cases += data
    return cases


def to_kwargs(case: dict) -> dict:
    """Fixture kwargs as numpy: float lists (and float scalars of array
    arguments) in the case's dtype, int lists as int64."""
    from xent_core.frameworks import get
    try:
        arrays = get(case["api"]).arrays
    except ValueError:
        arrays = {}
    out = {}
    for name, value in case["kwargs"].items():
        if name in arrays and isinstance(value, float):
            out[name] = np.asarray(value, dtype=case["dtype"])
        elif isinstance(value, list):
            arr = np.array(value)
            if arr.dtype.kind == "f":
                out[name] = arr.astype(case["dtype"])
            else:  # class indices as int64; string class labels stay strings
                out[name] = arr.astype(np.int64) if arr.dtype.kind in "iub" else arr
        else:
            out[name] = value
    return out


def assert_close(actual, expected, dtype: str, *, scale=None, what=""):
    """Equal at the dtype's precision. ``scale`` (the size of the terms that
    were summed) widens the absolute tolerance where cancellation happens."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    rtol = RTOL[dtype]
    magnitude = np.nanmax(np.abs(expected[np.isfinite(expected)]), initial=1.0) if scale is None else scale
    atol = rtol * max(1.0, magnitude)
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)


def open_app_page(page_file: str, *, tables=False, **params):
    """AppTest of ``app.py`` with these URL parameters, switched to one page
    through the navigation, checked to have run without an exception.
    ``tables``: open every figure's data table (ui/show.figure makes a
    table only while it is shown)."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    at.switch_page(page_file).run()
    if tables:
        open_data_tables(at)
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""
    return at


def open_data_tables(at):
    """Show every figure's data table, as a click on its "Data table" button
    does (ui/show.figure keeps whether it is shown under ``<figure key>_data``), and run."""
    for button in at.main.button:
        key = button.proto.id.rsplit("-", 1)[-1]
        if key.endswith("_data_button"):
            at.session_state[key.removesuffix("_button")] = True
    at.run()
    return at


LAYERED = "ui.layers.layered_figure"


def unpacked_frames(packed: dict) -> list:
    """Frames as ui/transport.pack_frames sent them, put back as main.js does:
    ``{"slice": [start, stop]}`` cut out of the attribute's source list."""
    def cut(value, attr):
        if isinstance(value, dict) and "slice" in value:
            start, stop = value["slice"]
            return packed["sources"][attr][start:stop]
        return value
    return [{**frame, "data": [{attr: cut(value, attr) for attr, value in trace.items()} for trace in frame["data"]]}
            if "data" in frame else frame for frame in packed["frames"]]


def shown_metrics(at) -> list[tuple[str, str]]:
    """The ``(label, value)`` pairs of the numbers ui/show.metrics drew, in
    order: a description list in an html element."""
    pairs = []
    for element in at.get("html"):
        if 'class="xent-metrics"' in element.proto.body:
            for label, value in re.findall(r"<dt[^>]*>(.*?)(?:<span[^>]*>.*?</span>)?</dt><dd[^>]*>(.*?)</dd>",
                                           element.proto.body):
                pairs.append((html.unescape(label), html.unescape(value)))
    return pairs


def shown_notes(at) -> list[str]:
    """The small print under the numbers (ui/show.metrics's ``notes``), as text."""
    return [html.unescape(re.sub(r"<[^>]+>", "", note))
            for element in at.get("html") if 'class="xent-metrics"' in element.proto.body
            for note in re.findall(r'<p class="xent-note"[^>]*>(.*?)</p>', element.proto.body)]


def chart_specs(at) -> list[dict]:
    """Every chart on the page, in page order, as plotly's figure dict:
    Streamlit's own charts, and those drawn by ui/layers.py's component (its
    arguments put back together: ``data`` holds the base traces only on a
    run that sent them, with ``base_sent`` saying so; ``ahead``: the base sent
    ahead of a next step, if any)."""
    specs = []

    def walk(node):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", None)
        if kind == "plotly_chart":
            specs.append(json.loads(proto.spec))
        elif proto is not None and getattr(proto, "component_name", None) == LAYERED:
            from ui.transport import loads, unpacked
            parts = {s.key: unpacked(s.bytes) if s.key in ("base", "ahead") else loads(s.bytes)
                     for s in proto.special_args}
            base = parts.get("base", {"traces": [], "layout": {}})
            own = parts["layout"]
            if isinstance(own.get("sliders"), dict):  # the base's sliders on other steps (ui/layers.py)
                own["sliders"] = [{**slider, "active": active}
                                  for slider, active in zip(base["layout"].get("sliders", []), own["sliders"]["active"])]
            specs.append({"data": base["traces"] + parts["moving"], "layout": {**base["layout"], **own},
                          "frames": unpacked_frames(parts["frames"]), "base_sent": "base" in parts,
                          "ahead": parts.get("ahead"),
                          **json.loads(proto.json_args)})
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at.main)
    return specs
