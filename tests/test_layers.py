"""A chart's heavy layers travel once (ui/layers.py): on the loss-surface
page a move of x_i sends only the point and the path, a new K sends the map
again, and a browser tab that lost the map gets it when it asks."""
import base64
import json

import numpy as np
import pytest

from conftest import chart_specs, open_app_page
from ui.layers import KEEP

PAGE = "app_pages/surface.py"


def loss_map(at):
    return chart_specs(at)[0]


def values(array_spec):
    """A trace's array as sent: a list, or plotly's typed array (base64)."""
    if isinstance(array_spec, dict):
        return np.frombuffer(base64.b64decode(array_spec["bdata"]), dtype=array_spec["dtype"])
    return np.asarray(array_spec)


def star(spec):
    point = next(trace for trace in spec["data"] if trace.get("marker", {}).get("symbol") == "star")
    return float(values(point["x"])[0]), float(values(point["y"])[0])


def test_the_first_run_sends_the_map_and_a_move_of_x_i_only_what_moved():
    at = open_app_page(PAGE)
    first = loss_map(at)
    assert first["base_sent"] and first["data"][1]["type"] == "contour"
    at.slider(key="xi").set_value(-2.0).run()
    moved = loss_map(at)
    assert not moved["base_sent"]
    assert moved["base_id"] == first["base_id"]  # the same map, held by the browser
    assert all(trace["type"] == "scatter" for trace in moved["data"])  # the point, the path, its last step
    assert star(moved) == (-2.0, 1.5)
    assert len(moved["frames"]) == len(first["frames"])  # the descent replay travels with the path


def test_a_new_number_of_classes_sends_a_new_map():
    at = open_app_page(PAGE)
    first = loss_map(at)
    at.slider(key="k").set_value(4).run()
    changed = loss_map(at)
    assert changed["base_sent"] and changed["base_id"] != first["base_id"]


def test_a_tab_that_lost_the_map_gets_it_once_when_it_asks():
    at = open_app_page(PAGE)
    held = loss_map(at)["base_id"]
    at.run()
    assert not loss_map(at)["base_sent"]
    # what the component reports from a new iframe that has no map
    at.session_state["surface_map"] = {"missing": held, "n": 1}
    at.run()
    assert loss_map(at)["base_sent"]
    at.run()
    assert not loss_map(at)["base_sent"]  # answered once, not on every run


def test_frames_of_a_growing_path_travel_as_slices_of_one_list():
    from conftest import unpacked_frames
    from ui.transport import pack_frames
    path = [0.5, 1.25, None, 2.0, 1.25]
    frames = [{"name": str(k), "data": [{"type": "scatter", "x": path[:k + 1]}, {"x": path[k:k + 1]}]}
              for k in range(len(path))] + [{"name": "other", "data": [{"x": [9.0, 0.5]}]}, {"name": "empty"}]
    packed, sources = pack_frames(frames)
    assert sources == {"x": path}
    assert packed[3]["data"] == [{"type": "scatter", "x": {"slice": [0, 4]}}, {"x": {"slice": [3, 4]}}]
    assert packed[4]["data"][1] == {"x": {"slice": [1, 2]}}  # the first place the run occurs
    assert packed[5]["data"] == [{"x": [9.0, 0.5]}]  # not a run of the path: sent as it is
    assert unpacked_frames({"frames": packed, "sources": sources}) == frames


def test_a_move_of_x_i_sends_the_replay_as_slices_of_the_path():
    at = open_app_page(PAGE)
    at.slider(key="xi").set_value(-1.0).run()
    spec = loss_map(at)
    path = values(spec["data"][-2]["x"])  # the path trace: float32 on the wire
    for k, frame in enumerate(spec["frames"]):
        np.testing.assert_allclose(frame["data"][0]["x"], path[:k + 1], rtol=1e-5)  # frames: 6 digits
    component = next(node for node in at.main.get("component_instance"))
    sent = next(a.bytes for a in component.proto.special_args if a.key == "frames")
    assert len(sent) < 0.6 * len(json.dumps(spec["frames"], separators=(",", ":")))
    # the point, the path, the replay and the layout entries that changed: a few KB, not the map
    assert sum(len(a.bytes) for a in component.proto.special_args) < 20_000


def maps_sent(at) -> int:
    """How many maps this run sent: the one drawn, the one sent ahead."""
    spec = loss_map(at)
    return int(spec["base_sent"]) + int(spec["ahead"] is not None)


@pytest.mark.parametrize("newer", [KEEP - 1, KEEP])
def test_going_back_to_a_number_of_classes_finds_its_map_held_until_it_is_the_oldest(newer):
    at = open_app_page(PAGE)  # K = 3
    at.slider(key="k").set_value(4).run()
    assert loss_map(at)["base_sent"]
    at.slider(key="k").set_value(3).run()
    assert not loss_map(at)["base_sent"]  # the tab still holds the map for K = 3
    since = maps_sent(at)  # the map for K = 2, sent ahead
    for smoothing in np.arange(1, KEEP + 1) * 0.05:  # other maps: label smoothing changes the map
        if since >= newer:
            break
        at.slider(key="ls").set_value(round(float(smoothing), 2)).run()
        assert 1 <= maps_sent(at) <= newer - since
        since += maps_sent(at)
    at.slider(key="ls").set_value(0.0).run()
    # K = 3 unsmoothed is the oldest of KEEP + 1 maps: the tab let it go
    assert loss_map(at)["base_sent"] == (newer == KEEP)


def own_parts(at) -> dict:
    """The loss map's own parts as they travelled (bytes), by argument name."""
    from conftest import LAYERED
    found = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(proto, "component_name", None) == LAYERED:
            found.append({arg.key: arg.bytes for arg in proto.special_args})
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at.main)
    return found[0]


def test_a_step_that_sends_no_map_sends_json_unless_its_replay_is_long():
    """Parsed at once in the browser; a long replay (100 steps) is deflated
    (zlib's 0x78), and so is everything that travels beside a new map."""
    at = open_app_page(PAGE)
    assert all(part[:1] == b"\x78" for key, part in own_parts(at).items() if key != "moving")  # beside the map
    at.slider(key="xi").set_value(-1.0).run()
    parts = own_parts(at)
    assert "base" not in parts and all(part[:1] in (b"{", b"[") for part in parts.values())
    at.slider(key="steps").set_value(100).run()
    at.slider(key="xi").set_value(-1.5).run()
    parts = own_parts(at)
    assert "base" not in parts and parts["frames"][:1] == b"\x78" and len(parts["frames"]) < 16_000 / 2


@pytest.mark.parametrize("key, first, second", [("ls", 0.05, 0.1), ("span", 6.5, 7.0), ("k", 4, 5),
                                                ("ls", 0.0, None), ("span", 5.5, 5.0)])
def test_a_step_of_a_slider_that_changes_the_map_sends_the_next_steps_map_ahead(key, first, second):
    """A learner who moves label smoothing, the plotted range or K one step
    likely moves it one more step the same way: that map travels with this
    step, and the next step sends none (the browser draws it while idle)."""
    at = open_app_page(PAGE, **({"ls": 0.05} if first == 0.0 else {}))
    assert loss_map(at)["ahead"] is None  # nothing moved yet
    at.slider(key=key).set_value(first).run()
    step = loss_map(at)
    if second is None:  # at the end of its range: there is no step further
        assert step["ahead"] is None and step["ahead_id"] is None
        return
    assert step["ahead"] is not None and step["ahead_id"] not in (None, step["base_id"])
    at.slider(key="xi").set_value(-1.0).run()  # another slider: nothing is sent ahead for it
    assert loss_map(at)["ahead"] is None and loss_map(at)["ahead_id"] is None
    at.slider(key=key).set_value(second).run()
    following = loss_map(at)
    assert following["base_id"] == step["ahead_id"] and not following["base_sent"]


def test_a_sliders_step_further_is_given_once_and_only_after_it_moved(monkeypatch):
    """What ui/controls.py tells a page of the slider that moved: one step
    further the way it moved, inside its range, on Streamlit's step grid,
    and only once (a later run of another fragment, which does not draw the
    slider, finds nothing)."""
    from ui import controls
    monkeypatch.setattr(controls.st, "session_state", {})
    controls._moved("ls", 0.0, 0.0, 1.0, 0.05)  # the first run
    controls._moved("k", 3, 2, 10, 1)
    assert controls.moved_on(["ls", "k"]) is None
    controls._moved("ls", 0.1, 0.0, 1.0, 0.05)
    assert controls.moved_on(["span", "ls"]) == ("ls", 0.15)  # not 0.15000000000000002
    assert controls.moved_on(["ls"]) is None
    controls._moved("ls", 0.05, 0.0, 1.0, 0.05)
    controls._moved("k", 4, 2, 10, 1)
    moved = controls.moved_on(["k", "ls"])
    assert moved == ("k", 5) and isinstance(moved[1], int)
    assert controls.moved_on(["ls"]) is None  # ls's (0.0) given up with k's: one per run
    controls._moved("ls", 0.0, 0.0, 1.0, 0.05)  # down to the end of the range
    assert controls.moved_on(["ls"]) is None
    controls._moved("ls", 0.0, 0.0, 1.0, 0.05)  # not moved
    assert controls.moved_on(["ls"]) is None
