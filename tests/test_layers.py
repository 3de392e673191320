"""A chart's heavy layers travel once (ui/layers.py): on the loss-surface
page a move of x_i sends only the point and the path, a new K sends the map
again, and a browser tab that lost the map gets it when it asks."""
import base64

import numpy as np

from conftest import chart_specs, open_app_page

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
    assert first["base_sent"] and first["data"][0]["type"] == "contour"
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
