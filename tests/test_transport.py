"""How a layered figure travels (ui/transport.py): arrays of few decimals as
integer residuals, the rest as raw bytes, the whole deflated; every value
comes back bit for bit. The browser's decoding is checked against this one
in tests/test_browser_layers.py."""
import base64
import json
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ui.transport import (_filled, decimals, deflated, integers_from, json_bytes, loads, packed, residuals,
                          unpacked)
from xent_core.figures.style import figure, wire


def values(spec) -> np.ndarray:
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=spec["dtype"])


def round_trip(array: np.ndarray) -> tuple[np.ndarray, dict]:
    """``array`` packed in a heatmap and unpacked; also the header's entry for it."""
    wire_dict = figure([{"type": "heatmap", "z": array}], {}).to_wire()
    message = packed({"traces": wire_dict["data"]})
    back = unpacked(message)["traces"][0]["z"]
    raw = zlib.decompress(message)
    (length,) = struct.unpack_from("<I", raw)
    header = json.loads(raw[4:4 + length])["traces"][0]["z"]["bdata"]
    return values(back).reshape(array.shape), header


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.tobytes() == b.tobytes()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 6), st.sampled_from([np.float32, np.float64]), st.data())
def test_an_array_of_few_decimals_comes_back_bit_for_bit(digits, dtype, data):
    shape = data.draw(st.sampled_from([(1,), (7,), (5, 9), (1, 4), (6, 1)]))
    integers = data.draw(hnp.arrays(np.int64, shape, elements=st.integers(-10 ** 6, 10 ** 6)))
    array = (integers / 10.0 ** digits).astype(dtype)
    holes = data.draw(hnp.arrays(np.bool_, shape))
    array[holes] = np.nan
    back, header = round_trip(array)
    assert same_bits(back, array)
    assert "decimals" in header and header["decimals"] <= digits
    assert ("nan" in header) == bool(holes.any())


@settings(max_examples=30, deadline=None)
@given(hnp.arrays(np.float32, st.sampled_from([(3,), (4, 6)]),
                  elements=st.floats(-1e6, 1e6, width=32, allow_nan=False)))
def test_any_other_float32_array_comes_back_bit_for_bit(array):
    back, _ = round_trip(array)
    assert same_bits(back, array)


def test_decimals_are_the_fewest_that_give_back_every_value_in_its_own_type():
    assert decimals(np.array([0.5, 1.25, -3.0])) == 2
    assert decimals(np.array([0.1], np.float32)) == 1  # float32(0.1) is float32(1 / 10)
    assert decimals(np.array([np.nan, 2.0])) == 0  # NaN travel in their own mask
    assert decimals(np.array([1 / 3], np.float32)) is None  # 0.333333 is another float32
    assert decimals(np.array([1.0, np.inf])) is None  # an infinity stays raw
    assert decimals(np.array([3e9])) is None  # too large for int32 residuals


def test_the_residuals_of_a_plane_vanish_past_its_first_row_and_column():
    """Lorenzo's predictor k[i-1, j] + k[i, j-1] - k[i-1, j-1] is exact on a plane."""
    rows, cols = np.mgrid[0:5, 0:7]
    plane = 3 * rows - 2 * cols + 11
    residual = residuals(plane)
    assert (residual[1:, 1:] == 0).all()
    assert residual[0, 0] == 11 and (residual[0, 1:] == -2).all() and (residual[1:, 0] == 3).all()
    np.testing.assert_array_equal(integers_from(residual), plane)
    line = np.array([4, 9, 7, 7])
    np.testing.assert_array_equal(residuals(line), [4, 5, -2, 0])
    np.testing.assert_array_equal(integers_from(residuals(line)), line)


def test_a_loss_map_shown_to_three_decimals_travels_in_under_a_twelfth_of_its_float32_bytes():
    """The surface page's default map (softmax, labels (0, 1, 0), x_k = 0.1),
    161 x 161, as its hover shows it."""
    from xent_core.surface import SURFACES
    axis = np.linspace(-5.5, 6.5, 161)
    loss = SURFACES["softmax"](np.array([0.0, 0.0, 0.1]), np.array([0.0, 1.0, 0.0]), 0, 1, axis, axis)["loss"]
    z = wire(loss, 3)
    back, header = round_trip(z)
    assert same_bits(back, z) and header["decimals"] == 3
    message = packed({"traces": figure([{"type": "heatmap", "z": z}], {}).to_wire()["data"]})
    assert len(message) < z.nbytes / 12


def test_a_list_that_repeats_a_pattern_is_read_as_rows_of_that_pattern():
    """An arrow field's x: tail, head, barb, head, barb, gap, arrow after
    arrow; each value is predicted from its place in the arrow before."""
    from xent_core.figures.surface import arrow_segments
    axis = np.linspace(-3, 3, 9)
    a, b = np.meshgrid(axis, axis)
    x, _ = arrow_segments(axis, axis, np.sin(a), np.cos(b))
    x = wire(x, 3)
    back, header = round_trip(x)
    assert header["period"] == 6 and same_bits(back, x)


def test_an_array_two_traces_hold_is_placed_once():
    z = wire(np.arange(400.0).reshape(20, 20) / 7, 3)
    two = figure([{"type": "heatmap", "z": z}, {"type": "contour", "z": z}], {}).to_wire()["data"]
    one = figure([{"type": "heatmap", "z": z}], {}).to_wire()["data"]
    assert len(packed({"traces": two})) < len(packed({"traces": one})) + 60  # a second header entry, no bytes
    back = unpacked(packed({"traces": two}))["traces"]
    assert same_bits(values(back[0]["z"]), z.ravel()) and same_bits(values(back[1]["z"]), z.ravel())


def test_long_json_is_deflated_and_short_json_left_as_it_is():
    short, long = {"a": [1, 2]}, {"steps": [{"label": str(k), "method": "animate"} for k in range(100)]}
    assert deflated(json_bytes(short)) == json_bytes(short) and loads(deflated(json_bytes(short))) == short
    assert deflated(json_bytes(long))[:1] == b"\x78" and len(deflated(json_bytes(long))) < len(json_bytes(long)) / 5
    assert loads(deflated(json_bytes(long))) == long


def test_arrays_that_are_not_floats_travel_as_they_are():
    wire_dict = figure([{"type": "scatter", "x": np.arange(5, dtype=np.int16), "text": ["a", "b"]}], {}).to_wire()
    value = {"traces": wire_dict["data"], "layout": {"height": 300}}
    assert unpacked(packed(value)) == json.loads(json_bytes(value))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_wire_sends_no_infinity_and_keeps_nan(bad):
    out = wire(np.array([0.12345, bad]), 3)
    assert out[0] == np.float32(0.123) and np.isnan(out[1])


def test_a_nan_is_filled_with_the_value_before_it_in_its_row_or_the_first_after():
    """What the filler promises (the values under the NaN mask only steer
    the residuals): the last known value before, at a row's start the first
    after, 0 in a row of NaN only."""
    nan = np.nan
    values = np.array([[nan, nan, 3.0, nan, 5.0, nan],
                       [1.0, nan, nan, 4.0, nan, nan],
                       [nan, nan, nan, nan, nan, nan]])
    expected = np.array([[3.0, 3.0, 3.0, 3.0, 5.0, 5.0],
                         [1.0, 1.0, 1.0, 4.0, 4.0, 4.0],
                         [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(_filled(values, np.isnan(values)), expected)
    np.testing.assert_array_equal(_filled(values[1], np.isnan(values[1])), expected[1])
