"""How a layered figure's parts travel to the browser (ui/layers.py sends
them, ``assets/layered_figure/main.js`` puts them back): smaller than
plotly's JSON, and decoded there to exactly the values sent.

* A base (:func:`packed`) is one binary message: its arrays as raw bytes
  after a JSON header, the whole deflated (zlib). An array whose values are
  all numbers of a few decimals (:func:`decimals`; a figure rounds what it
  only shows to the digits it shows) travels as integers: ``k = value *
  10**d``, each minus its prediction from the neighbours before it
  (:func:`residuals`; a list is read as rows of the length that predicts
  it best). A smooth 161 x 161 loss map shown to three decimals is then a
  twentieth of its float32 bytes.
* A figure's own parts are JSON, deflated when long (:func:`deflated`)
  as ui/layers.py decides.
* Frames (:func:`pack_frames`) hold a growing path as slices of one list.

Decoding computes no number of a figure: it adds the integers back up and
divides by ``10**d``, the division this side made, so every float comes out
bit for bit as it went in (``tests/test_transport.py``).
"""
from __future__ import annotations

import base64
import json
import struct
import zlib

import numpy as np
from plotly.io.json import to_json_plotly

MAX_DECIMALS = 6
# |k| stays under this, so that a residual (at most four of them) fits in an int32
_LARGEST_INTEGER = 2 ** 29
PACK_LEVEL = 4  # zlib's, for a base (:func:`packed`)
COMPACT_FROM = 512  # bytes of JSON worth deflating: below this, zlib's header and the browser's inflating cost more


def json_bytes(value) -> bytes:
    return to_json_plotly(value).encode()


def decimals(values: np.ndarray) -> int | None:
    """The fewest decimals ``d`` (at most :data:`MAX_DECIMALS`) such that
    every finite value is ``rint(value * 10**d) / 10**d`` in the array's own
    float type; None if there is none. NaN are sent apart; an infinity
    (which plotly's JSON cannot hold) keeps the array as it is."""
    if np.isinf(values).any():
        return None
    finite = values[np.isfinite(values)].astype(np.float64)
    for d in range(MAX_DECIMALS + 1):
        scaled = np.rint(finite * 10.0 ** d)
        if finite.size and np.abs(scaled).max() >= _LARGEST_INTEGER:
            return None
        # compared bit for bit, through the integers as they travel (-0.0 comes back as 0.0)
        back = (scaled.astype(np.int64) / 10.0 ** d).astype(values.dtype)
        if back.tobytes() == values[np.isfinite(values)].tobytes():
            return d
    return None


def residuals(integers: np.ndarray) -> np.ndarray:
    r"""What is left of each integer after predicting it from those before:
    in a row, :math:`r_j = k_j - k_{j-1}`; in a grid (Lorenzo's predictor),
    :math:`r_{ij} = k_{ij} - k_{i-1,j} - k_{i,j-1} + k_{i-1,j-1}`, with
    :math:`k = 0` outside. Small and repeating on a smooth surface, which
    zlib then packs tightly. int32."""
    k = np.asarray(integers, np.int64)
    out = np.diff(k, axis=-1, prepend=0)
    if k.ndim == 2:
        out = np.diff(out, axis=0, prepend=0)
    return out.astype(np.int32)


def integers_from(residual: np.ndarray) -> np.ndarray:
    """The integers :func:`residuals` was given: its running sums, as main.js adds them up."""
    k = np.cumsum(np.asarray(residual, np.int64), axis=-1)
    return np.cumsum(k, axis=0) if k.ndim == 2 else k


def _encoded(raw: bytes, dtype: str, shape: str | None):
    """``(bytes to send, what the header says of them)`` for one array."""
    values = np.frombuffer(raw, {"f4": np.float32, "f8": np.float64}.get(dtype, np.uint8))
    d = decimals(values) if dtype in ("f4", "f8") and values.size else None
    if d is None:
        return [raw], {}
    grid = values.reshape([int(n) for n in shape.split(",")]) if shape else values
    missing = np.isnan(grid)
    k = np.rint(_filled(grid.astype(np.float64), missing) * 10.0 ** d)
    period = 1
    if k.ndim == 1:
        period = _period(k)
        k = k.reshape(-1, period)
    residual = residuals(k).ravel()
    # The first residual is the first value itself: it goes in the header,
    # so the rest may fit a narrower integer.
    first, residual[0] = int(residual[0]), 0
    width = next(w for w in (1, 2, 4) if np.abs(residual).max() < 2 ** (8 * w - 1))
    chunks, info = [residual.astype(f"<i{width}").tobytes()], {"decimals": d, "first": first, "int": width}
    if period > 1:
        info["period"] = period
    if missing.any():
        chunks.append(np.packbits(missing.ravel(), bitorder="little").tobytes())
    return chunks, info


def _period(integers: np.ndarray, longest=8) -> int:
    """The row length (at most ``longest``, dividing the array) that leaves
    the least residual when a list is read as a grid of such rows: a list
    that repeats a pattern (an arrow field: tail, head, barb, head, barb,
    gap) is predicted from the pattern before, not from its last value."""
    sizes = [p for p in range(1, longest + 1) if integers.size % p == 0]
    return min(sizes, key=lambda p: np.abs(residuals(integers.reshape(-1, p))).sum())


def _filled(values: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """``values`` with each NaN replaced by the last value before it in its
    row (or, at a row's start, the first after it; 0 in a row of NaN only):
    what stands there is sent as a bit mask, and a filler that continues the
    row keeps the residuals around it small."""
    if not missing.any():
        return values
    rows = np.atleast_2d(values)
    gaps = np.atleast_2d(missing)
    # each position takes the nearest known one at or before it in its row, else the row's first known
    before = np.maximum.accumulate(np.where(gaps, -1, np.arange(rows.shape[1])), axis=1)
    first_known = np.argmax(~gaps, axis=1)[:, None]
    filled = np.take_along_axis(rows, np.where(before >= 0, before, first_known), axis=1)
    filled[gaps.all(axis=1)] = 0.0
    return filled.reshape(values.shape)


def packed(value) -> bytes:
    """``value`` (plotly's JSON, arrays as typed arrays with base64
    ``bdata``) as one deflated binary message: a 4-byte little-endian length,
    a JSON header in which each array's ``bdata`` is ``{"$buffer": [start,
    stop]}`` (and, for an array of few decimals, ``"decimals": d`` and the
    span of its NaN bit mask, ``"nan"``), then the bytes, each run padded to 8.
    An array that two traces hold (a map's colours and its contour lines)
    is placed once and pointed to twice."""
    chunks, size = [], 0
    sent = {}  # an array already placed (the same values in two traces) -> its header entry

    def place(data: bytes) -> list:
        nonlocal size
        chunks.append(data + b"\0" * (-len(data) % 8))
        span = [size, size + len(data)]
        size += len(data) + -len(data) % 8
        return span

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("bdata"), str) and "dtype" in node:
                key = (node["dtype"], node.get("shape"), node["bdata"])
                if key not in sent:
                    parts, info = _encoded(base64.b64decode(node["bdata"]), node["dtype"], node.get("shape"))
                    spans = [place(part) for part in parts]
                    sent[key] = {"$buffer": spans[0], **info, **({"nan": spans[1]} if len(spans) > 1 else {})}
                return {**node, "bdata": sent[key]}
            return {key: walk(item) for key, item in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node
    header = json_bytes(walk(value))
    header += b" " * (-(4 + len(header)) % 8)
    # Level 4: a new map (a step of label smoothing) waits for its packing.
    # For a loss map with its arrows level 9 took 15.6 ms of the server,
    # level 6 1.9 ms and level 4 0.6 ms, for 650 bytes more than 6 (11.0 KB).
    return zlib.compress(struct.pack("<I", len(header)) + header + b"".join(chunks), PACK_LEVEL)


def _decoded(data: bytes, node: dict) -> bytes:
    """One array's bytes as plotly reads them, from what :func:`packed` sent."""
    start, stop = node["bdata"]["$buffer"]
    if "decimals" not in node["bdata"]:
        return data[start:stop]
    d = node["bdata"]["decimals"]
    period = node["bdata"].get("period", 1)
    shape = [int(n) for n in node["shape"].split(",")] if node.get("shape") else [-1, period]
    residual = np.frombuffer(data[start:stop], f"<i{node['bdata']['int']}").astype(np.int64)
    residual[0] = node["bdata"]["first"]
    k = integers_from(residual.reshape(shape))
    values = (k / 10.0 ** d).astype({"f4": np.float32, "f8": np.float64}[node["dtype"]]).ravel()
    if "nan" in node["bdata"]:
        nan_start, nan_stop = node["bdata"]["nan"]
        bits = np.unpackbits(np.frombuffer(data[nan_start:nan_stop], np.uint8), bitorder="little")
        values.ravel()[bits[:values.size].astype(bool)] = np.nan
    return values.tobytes()


def unpacked(message: bytes):
    """The value :func:`packed` sent, arrays as base64 again, decoded as
    main.js decodes them (for tests)."""
    message = zlib.decompress(message)
    (length,) = struct.unpack_from("<I", message)
    data = message[4 + length:]

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("bdata"), dict) and "$buffer" in node["bdata"]:
                return {**node, "bdata": base64.b64encode(_decoded(data, node)).decode("ascii")}
            return {key: walk(item) for key, item in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node
    return walk(json.loads(message[4:4 + length]))


def deflated(data: bytes) -> bytes:
    """JSON bytes deflated (zlib) from :data:`COMPACT_FROM` bytes: the
    replay's frames and slider repeat themselves step after step."""
    return zlib.compress(data, 6) if len(data) >= COMPACT_FROM else data


def loads(message: bytes):
    """What :func:`deflated` sent (JSON starts with ``{`` or ``[``, zlib with 0x78)."""
    return json.loads(zlib.decompress(message) if message[:1] == b"\x78" else message)


def pack_frames(frames: list) -> tuple[list, dict]:
    """``frames`` with every list that is a run of the longest list of its
    attribute (``x``, ``y``, ``z``) over all frames replaced by
    ``{"slice": [start, stop]}``; returns ``(frames, sources)``, sources
    mapping each attribute to that longest list.

    A replay of an n-step path has frames holding its first 1, 2, ..., n
    points: n^2 / 2 numbers, where the path itself is n. The browser cuts
    the slices back out of ``sources`` (no number is computed there)."""
    sources = {}
    for frame in frames:
        for trace in frame.get("data", ()):
            for attr in ("x", "y", "z"):
                values = trace.get(attr)
                if isinstance(values, list) and len(values) > len(sources.get(attr, ())):
                    sources[attr] = values
    packed_frames = []
    for frame in frames:
        data = [{attr: _as_slice(value, sources[attr]) if attr in sources and isinstance(value, list) else value
                 for attr, value in trace.items()} for trace in frame.get("data", ())]
        packed_frames.append({**frame, "data": data} if "data" in frame else frame)
    return packed_frames, sources


def _as_slice(values: list, source: list):
    """``{"slice": [start, stop]}`` if ``values == source[start:stop]``, else ``values``."""
    n = len(values)
    if n == 0:
        return values
    start = 0
    while True:
        if source[start:start + n] == values:
            return {"slice": [start, start + n]}
        try:
            start = source.index(values[0], start + 1)
        except ValueError:
            return values
