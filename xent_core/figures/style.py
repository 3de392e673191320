"""The look shared by every figure: a colour-blind-safe palette (Okabe-Ito),
readable fonts in light and dark themes, and compact arrays on the wire.

Builders write figures as plain dicts (plotly's JSON schema) and wrap them
with :func:`figure`: plotly's graph objects check every property as it is
set, which cost 8 to 240 ms per figure, most of a slider's rerun. The
tests turn the checks back on (:data:`VALIDATE`), so every figure any test
builds is validated by plotly.
"""
from __future__ import annotations

import base64
import copy
import functools

import numpy as np
import plotly.colors
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every
# common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# A perceptually uniform, colour-blind-safe scale for heatmaps.
SEQUENTIAL = "Cividis"
MAX_GRID = 200  # points per axis sent to the browser; more is invisible on a screen
# A figure's own slider moves its handle straight to the step clicked (plotly
# glides it for 150 ms by default, after the figure has already changed).
SNAP = {"duration": 0}
# A slider step that plays its frame at once and moves only the frame's
# traces: the rest of the figure (curves, maps) is not drawn again.
JUMP = {"mode": "immediate", "frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}}
# Check every property of every figure as plotly's graph objects do: on in
# the tests (tests/conftest.py), off in the app, where it costs tens of ms.
VALIDATE = False


def wire(array, decimals=None) -> np.ndarray:
    r"""float32 copy of ``array`` for the browser: half the bytes of float64,
    and more digits than a figure can show. inf becomes NaN (JSON has no inf).

    ``decimals``: round to the digits the figure shows (its hover's) or
    finer, :math:`\operatorname{rint}(x \cdot 10^d) / 10^d`; the app then
    sends such an array as small integers, a tenth to a twentieth of the
    bytes for a smooth map (ui/transport.py)."""
    values = np.asarray(array, dtype=np.float64 if decimals is not None else np.float32)
    if decimals is not None:
        values = (np.rint(values * 10.0 ** decimals) / 10.0 ** decimals).astype(np.float32)
    return np.where(np.isfinite(values), values, np.float32(np.nan))


def plain(values, digits=6):
    """A short list of floats for animation frames: plotly.js decodes binary
    (float32) arrays in a figure's data but not in its frames, where they
    would wipe the plot on the first step."""
    return [float(f"{v:.{digits}g}") if np.isfinite(v) else None for v in np.ravel(values)]


@functools.lru_cache(maxsize=16)
def _named_scale(name: str) -> tuple:
    return tuple(tuple(stop) for stop in plotly.colors.get_colorscale(name))


def colorscale(name: str) -> list:
    """A named plotly colour scale as [[position, colour], ...], as plotly
    writes it (plotly.js itself knows only some of the names)."""
    return [list(stop) for stop in _named_scale(name)]


class Figure:
    """A figure as plotly's JSON: ``spec`` holds ``data``, ``layout`` and
    ``frames`` as plain dicts and numpy arrays.

    The app sends :meth:`to_wire` to the browser. Notebooks and tests get
    plotly's graph-objects figure on demand (:attr:`plotly`, built once), and
    every other attribute is that figure's: ``fig.data[0].x``,
    ``fig.show()``, ``fig.to_html()``.

    ``base``: the figure this one is drawn over (:func:`layered`): maps,
    contours, curve families that stay while a slider moves only this
    figure's own traces (``own``: a point, a path, a marker). The app sends
    the base once and then only what moved.
    """

    def __init__(self, spec: dict | None = None, base: Figure | None = None, own: dict | None = None):
        self._spec = spec
        self.base = base
        self.own = own  # a layered figure's own {"data", "layout", "frames"}
        self._plotly = None
        self._wire = None
        if VALIDATE:
            _ = self.plotly

    @property
    def spec(self) -> dict:
        """``data``, ``layout`` and ``frames``; a layered figure's are made
        when first asked for (the app sends only what it adds to its base)."""
        if self._spec is None:
            layout = merge(copy.deepcopy(self.base.spec["layout"]), self.own["layout"])
            self._spec = {"data": list(self.base.spec["data"]) + self.own["data"], "layout": layout}
            if self.own["frames"]:
                self._spec["frames"] = self.own["frames"]
        return self._spec

    @property
    def plotly(self) -> go.Figure:
        if self._plotly is None:
            self._plotly = go.Figure(self.spec, _validate=VALIDATE)
        return self._plotly

    def __getattr__(self, name):
        if name.startswith("__") or name in ("_spec", "base", "own", "_plotly", "_wire"):
            raise AttributeError(name)
        return getattr(self.plotly, name)

    def to_wire(self) -> dict:
        """The dict plotly's ``to_dict`` would give: numpy arrays as typed
        arrays (base64), the default template in the layout. Made once; read-only."""
        if self._wire is None:
            self._wire = _typed(self.spec)
            self._wire["layout"].setdefault("template", _default_template())
        return self._wire

    def own_wire(self) -> dict:
        """What a layered figure adds to its base, as on the wire: its own
        traces, the layout entries that differ from the base's (each whole,
        merged into the base's) and its frames."""
        base_layout = self.base.spec["layout"]
        layout = {}
        for key, value in self.own["layout"].items():
            before = base_layout.get(key)
            after = merge(copy.deepcopy(before), value) if isinstance(before, dict) and isinstance(value, dict) else value
            if after != before:
                layout[key] = after
        return _typed({"data": self.own["data"], "layout": layout, "frames": self.own["frames"] or []})


def _typed(value):
    """A copy of ``value`` with every numpy array as plotly's typed-array spec."""
    if isinstance(value, dict):
        return {k: v if k == "range" else _typed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        # Frames hold long lists of plain floats: copied in one step, not item by item.
        if not any(isinstance(v, _CONTAINERS) for v in value):
            return list(value)
        return [_typed(v) for v in value]
    if isinstance(value, np.ndarray):
        return _typed_array(value)
    return value


_CONTAINERS = (dict, list, tuple, np.ndarray)
# numpy dtype -> plotly.js's name, as in plotly's to_typed_array_spec
_SHORT_TYPES = {"int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4", "uint32": "u4",
                "float32": "f4", "float64": "f8"}


def _typed_array(array: np.ndarray):
    """plotly's ``to_typed_array_spec`` for a numpy array, without its
    dataframe checks (most of its time): float and small-int arrays as
    ``{"dtype", "bdata"[, "shape"]}``, anything else unchanged."""
    if array.dtype.kind in "iu" and array.dtype.itemsize == 8 and array.size:
        # 64-bit integers narrowed as plotly does; plotly.js has no 64-bit type.
        for narrow in (("int8", "int16", "int32") if array.dtype.kind == "i" else ("uint8", "uint16", "uint32")):
            info = np.iinfo(narrow)
            if info.min <= array.min() and array.max() <= info.max:
                array = array.astype(narrow)
                break
    short = _SHORT_TYPES.get(str(array.dtype))
    if short is None or array.size == 0:
        return array
    spec = {"dtype": short, "bdata": base64.b64encode(np.ascontiguousarray(array)).decode("ascii")}
    if array.ndim > 1:
        spec["shape"] = str(array.shape)[1:-1]
    return spec


def _default_template():
    """plotly's current default template (Streamlit's, in the app) as a dict."""
    name = pio.templates.default
    return _template(name) if name else {}


@functools.lru_cache(maxsize=4)
def _template(name):
    return pio.templates[name].to_plotly_json()


def figure(data, layout, frames=None) -> Figure:
    """A :class:`Figure` from plain dicts (``data`` a list of traces, each
    with its ``type``). With :data:`VALIDATE` set (the tests set it), plotly
    checks every property at once."""
    spec = {"data": data, "layout": layout}
    if frames:
        spec["frames"] = frames
    return Figure(spec)


def layered(base: Figure, data, layout=None, frames=None) -> Figure:
    """``base`` with the traces ``data`` drawn over it and ``layout`` merged
    into its layout: a point, a path or a marker that a slider moves over a
    map or a family of curves that stays."""
    return Figure(base=base, own={"data": list(data), "layout": layout or {}, "frames": frames or []})


# Axis ends an axis range is rounded up to, per power of ten.
ROUND_ENDS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def rounded_up(x: float) -> float:
    r"""The least :math:`m \cdot 10^k \ge x` with :math:`m` in :data:`ROUND_ENDS`
    (``x`` > 0). An axis range ended there stays the same while the values
    it holds move a little: a slider step then moves the bars without
    drawing the axis again (in the browser, about 8 ms of a step)."""
    power = 10.0 ** np.floor(np.log10(x))
    return float(f"{next(m * power for m in ROUND_ENDS if m * power >= x * (1 - 1e-12)):.6g}")


def rounded_range(values, pad=0.06) -> list[float] | None:
    r"""An axis range holding ``values`` and 0, with a margin of ``pad`` of
    their span, each end away from 0 at :func:`rounded_up` of its reach:
    :math:`[-\mathrm{up}(m - lo), \mathrm{up}(hi + m)]`. It stays while the
    values move a little, so a step moves the figure without drawing its axis
    again. None when no value is finite (the axis then ranges itself)."""
    finite = np.asarray(values, np.float64)
    finite = finite[np.isfinite(finite)]
    if not finite.size:
        return None
    low, high = min(float(finite.min()), 0.0), max(float(finite.max()), 0.0)
    margin = pad * ((high - low) or 1.0)
    return [-rounded_up(margin - low), rounded_up(high + margin)]


def merge(base: dict, updates: dict) -> dict:
    """``base`` updated in place by ``updates``, nested dicts merged key by
    key (as plotly's ``update_layout``). Returns ``base``."""
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


TITLE_ROOM = 36  # px at the top of a titled figure: one line of title


def add_title(layout: dict, text: str, **options) -> dict:
    """The title on the first line at the top of the figure and the legend's
    rows under it, both placed in pixels from the top, so that however many
    rows a narrow screen wraps the legend to, they never meet (plotly keeps
    the room a container-placed legend takes clear of the plot)."""
    height = layout["height"]
    merge(layout, {"title": {"text": text, "yref": "container", "y": 1 - 8 / height, "yanchor": "top",
                             **options},
                   "legend": {"y": 1 - TITLE_ROOM / height}})
    return layout


def base_layout(*, title_text=None, x_title=None, y_title=None, height=420, axes=("xaxis", "yaxis")) -> dict:
    """Common layout: transparent background (follows the app's theme),
    palette, margins, legend on top; axis titles on every axis named in ``axes``."""
    layout = {
        "height": height, "colorway": PALETTE, "margin": {"l": 10, "r": 10, "t": 50 if title_text else 20, "b": 10},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
        # The legend at the top of the figure reserves its own rows (however
        # many a narrow screen wraps it to) and the plot starts below them.
        "legend": {"orientation": "h", "yref": "container", "yanchor": "top", "y": 1, "xanchor": "left", "x": 0},
        "font": {"size": 14},
    }
    if title_text is not None:
        add_title(layout, title_text)
    for name in axes:
        layout.setdefault(name, {})
        axis_title = x_title if name.startswith("x") else y_title
        if axis_title is not None:
            layout[name]["title"] = {"text": axis_title}
    return layout


@functools.lru_cache(maxsize=32)
def _subplot_layout(rows, cols, options) -> dict:
    kwargs = dict(options)
    titles = kwargs.pop("titles", 0)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[f"#{i}" for i in range(titles)] or None,
                        **kwargs)
    layout = fig.to_plotly_json()["layout"]
    layout.pop("template", None)
    return layout


def subplot_layout(rows, cols, *, titles=(), **options) -> dict:
    """The axes (``xaxis``, ``xaxis2``, ...) and title annotations of
    ``plotly.subplots.make_subplots(rows, cols, **options)``, worked out once
    per grid and copied; traces go in cell (r, c) with :func:`cell`."""
    layout = copy.deepcopy(_subplot_layout(rows, cols, tuple(sorted({**options, "titles": len(titles)}.items()))))
    for annotation, text in zip(layout.get("annotations", []), titles):
        annotation["text"] = text
    return layout


def cell(row, col, cols) -> dict:
    """The axis references of a trace in cell (row, col) of a grid of ``cols`` columns."""
    n = (row - 1) * cols + col
    suffix = "" if n == 1 else str(n)
    return {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}


def axis_names(layout: dict, letter: str) -> list[str]:
    """The layout's axes of one letter (``x`` or ``y``): xaxis, xaxis2, ..."""
    return [name for name in layout if name.startswith(f"{letter}axis")] or [f"{letter}axis"]


def update_axes(layout: dict, letter: str, **props) -> dict:
    """``props`` merged into every ``letter`` axis (as ``update_xaxes``)."""
    for name in axis_names(layout, letter):
        merge(layout.setdefault(name, {}), copy.deepcopy(props))
    return layout


def hline(y, line, *, xref="x", yref="y") -> dict:
    """A horizontal line across the plot (the shape ``add_hline`` makes)."""
    return {"type": "line", "xref": f"{xref} domain", "x0": 0, "x1": 1, "yref": yref, "y0": y, "y1": y,
            "line": line}


def vline(x, line, *, xref="x", yref="y") -> dict:
    """A vertical line across the plot (the shape ``add_vline`` makes)."""
    return {"type": "line", "xref": xref, "x0": x, "x1": x, "yref": f"{yref} domain", "y0": 0, "y1": 1,
            "line": line}


def vrect(x0, x1, **props) -> dict:
    """A band across the plot's height between x0 and x1 (as ``add_vrect``)."""
    return {"type": "rect", "xref": "x", "x0": x0, "x1": x1, "yref": "y domain", "y0": 0, "y1": 1, **props}


def hrect(y0, y1, **props) -> dict:
    """A band across the plot's width between y0 and y1 (as ``add_hrect``)."""
    return {"type": "rect", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": y0, "y1": y1, **props}


def apply_style(fig, *, title=None, x_title=None, y_title=None, height=420):
    """The common layout on a graph-objects figure (for figures a notebook
    builds itself)."""
    fig.update_layout(base_layout(title_text=title, height=height, axes=()))
    if x_title is not None:
        fig.update_xaxes(title=x_title)
    if y_title is not None:
        fig.update_yaxes(title=y_title)
    return fig
