"""The layered charts (ui/layers.py) in the browser: the moving traces lie
exactly over the base, a step redraws only them, hover and zoom reach the
base, the camera button saves the whole figure, and a figure's own slider
plays in the browser."""
import base64

import numpy as np
import pytest
from playwright.sync_api import expect

from browser import (SCRIPT_STATE, app_url, browser, camera_download, click_rail, layered_frame,  # noqa: F401
                     page, settle, slider, wait_idle)

STAR_PIXELS = """() => {
  const under = document.getElementById('under'), top = document.getElementById('chart');
  const star = top._fullData.find(t => t.marker && t.marker.symbol === 'star');
  const pixel = (plot, axis, value) => plot._fullLayout[axis]._offset + plot._fullLayout[axis].d2p(value);
  return [star.x[0], star.y[0], pixel(under, 'xaxis', star.x[0]), pixel(top, 'xaxis', star.x[0]),
          pixel(under, 'yaxis', star.y[0]), pixel(top, 'yaxis', star.y[0])];
}"""


def press(page, label, key, times):
    slider(page, label).focus()
    for _ in range(times):
        page.keyboard.press(key)
        page.wait_for_timeout(120)
    wait_idle(page)


def test_the_point_lies_on_the_map_and_moves_over_it_without_drawing_the_map_again(app_url, page):
    page.goto(f"{app_url}/surface")
    settle(page)
    chart = layered_frame(page, "contour")
    x, y, under_x, top_x, under_y, top_y = chart.evaluate(STAR_PIXELS)
    assert (x, y) == pytest.approx((0.5, 1.5), abs=1e-6)
    assert top_x == pytest.approx(under_x, abs=0.5) and top_y == pytest.approx(under_y, abs=0.5)
    draws = chart.evaluate("() => document.getElementById('stage').dataset.draws")
    press(page, "x_j", "ArrowLeft", 4)
    press(page, "Learning rate", "ArrowRight", 2)
    press(page, "Descent steps", "ArrowRight", 3)
    chart.wait_for_function("() => { const t = document.getElementById('chart')._fullData;"
                            " return t.find(d => d.marker && d.marker.symbol === 'star').y[0] < 1.15; }",
                            timeout=30_000)
    x, y, under_x, top_x, under_y, top_y = chart.evaluate(STAR_PIXELS)
    assert y == pytest.approx(1.1, abs=1e-6)
    assert top_x == pytest.approx(under_x, abs=0.5) and top_y == pytest.approx(under_y, abs=0.5)
    assert chart.evaluate("() => document.getElementById('stage').dataset.draws") == draws  # the same map
    frames = chart.evaluate("() => document.getElementById('chart')._transitionData._frames.length")
    assert frames == 34  # 33 steps and the start


REPLAY = """() => { const top = document.getElementById('chart');
  const steps = top._fullLayout.sliders[0].steps;
  return {frames: top._transitionData._frames.map(f => f.name), steps: steps.map(s => s.label),
          active: top._fullLayout.sliders[0].active, drawn: top.dataset.drawn,
          ticks: top.querySelectorAll('.slider-container .slider-tick-rect').length,
          title: document.querySelector('.js-plotly-plot .gtitle') && top.querySelector('.gtitle').textContent}; }"""


@pytest.mark.parametrize("key, steps", [("ArrowRight", 33), ("ArrowLeft", 20)])
def test_a_new_number_of_descent_steps_gives_the_replay_a_frame_and_a_slider_step_each(app_url, page, key, steps):
    """A longer or shorter descent: the frames are 0 to the last step, in
    order, the replay's slider has a step per frame and shows the last, the
    title names the last step; the points moved over the plot in place."""
    page.goto(f"{app_url}/surface")
    settle(page)
    chart = layered_frame(page, "contour")
    press(page, "Descent steps", key, abs(steps - 30))
    chart.wait_for_function(f"() => document.getElementById('chart')._transitionData._frames.length === {steps + 1}",
                            timeout=30_000)
    replay = chart.evaluate(REPLAY)
    names = [str(k) for k in range(steps + 1)]
    assert replay["frames"] == names and replay["steps"] == names and replay["ticks"] == steps + 1  # as drawn
    assert replay["active"] == steps and replay["title"].startswith(f"step {steps}: loss ")
    assert replay["drawn"] == "moved"


def test_a_map_drawn_before_is_shown_again_rather_than_drawn_again(app_url, page):
    page.goto(f"{app_url}/surface")
    settle(page)
    chart = layered_frame(page, "contour")
    draws = "() => Number(document.getElementById('stage').dataset.draws)"
    reach = "() => document.getElementById('under')._fullLayout.xaxis.range[1]"
    assert chart.evaluate(draws) == 1
    narrow = chart.evaluate(reach)
    press(page, "Plotted range", "ArrowRight", 1)  # 6 -> 6.5: a new map
    chart.wait_for_function(f"() => ({reach})() > {narrow} + 0.25", timeout=30_000)
    assert chart.evaluate(draws) == 2
    press(page, "Plotted range", "ArrowLeft", 1)  # back to 6: the first map, shown again
    chart.wait_for_function(f"() => ({reach})() < {narrow} + 0.25", timeout=30_000)
    assert chart.evaluate(draws) == 2
    assert chart.evaluate("() => [...document.querySelectorAll('.under')].filter("
                          "d => getComputedStyle(d).visibility === 'visible').length") == 1
    x, y, under_x, top_x, under_y, top_y = chart.evaluate(STAR_PIXELS)
    assert top_x == pytest.approx(under_x, abs=0.5) and top_y == pytest.approx(under_y, abs=0.5)


MAP_SUM = """() => { const z = document.getElementById('under').calcdata[0][0].z;
  let sum = 0;
  z.forEach((row, i) => row.forEach((value, j) => { sum += value * ((i * 7 + j) % 13 + 1); }));
  return sum; }"""


def test_a_step_of_label_smoothing_shows_the_map_drawn_ahead_at_the_step_before(app_url, page):
    """A step of label smoothing sends the map one step further too; the
    browser draws it, hidden, once idle, and the next step the same way only
    shows it: no map is drawn at that step, the point and the path move over
    it (the axes' wider range included), and the map is the one a page
    opened at that smoothing draws."""
    page.goto(f"{app_url}/surface?ls=0.1")
    settle(page)
    expected = layered_frame(page, "contour").evaluate(MAP_SUM)
    page.goto(f"{app_url}/surface")
    settle(page)
    chart = layered_frame(page, "contour")
    press(page, "Label smoothing", "ArrowRight", 1)  # 0 -> 0.05: its map drawn, 0.1's sent ahead
    chart.wait_for_function("() => window.drawnAhead === 1", timeout=30_000)
    draws = chart.evaluate("() => document.getElementById('stage').dataset.draws")
    press(page, "Label smoothing", "ArrowRight", 1)  # 0.1: drawn ahead
    chart.wait_for_function(f"() => ({MAP_SUM})() === {expected!r}", timeout=30_000)
    assert chart.evaluate("() => document.getElementById('stage').dataset.draws") == draws
    assert chart.evaluate("() => document.getElementById('chart').dataset.drawn") == "moved"
    assert chart.evaluate("() => [...document.querySelectorAll('.under')].filter("
                          "d => getComputedStyle(d).visibility === 'visible').length") == 1
    x, y, under_x, top_x, under_y, top_y = chart.evaluate(STAR_PIXELS)
    assert top_x == pytest.approx(under_x, abs=0.5) and top_y == pytest.approx(under_y, abs=0.5)
    path_end = """() => { const plot = (id) => document.getElementById(id);
        const path = plot('chart')._fullData.find(t => t.mode === 'lines+markers' || t.mode === 'lines');
        const last = path.x.length - 1, pixel = (p, axis, value) => p._fullLayout[axis]._offset + p._fullLayout[axis].d2p(value);
        return [pixel(plot('under'), 'xaxis', path.x[last]), pixel(plot('chart'), 'xaxis', path.x[last]),
                pixel(plot('under'), 'yaxis', path.y[last]), pixel(plot('chart'), 'yaxis', path.y[last])]; }"""
    under_x, top_x, under_y, top_y = chart.evaluate(path_end)
    assert top_x == pytest.approx(under_x, abs=0.5) and top_y == pytest.approx(under_y, abs=0.5)


# Installed before the page's code: every message the server sends, base64.
RECORD_MESSAGES = """(() => { window.__messages = [];
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener('message', (event) => { if (event.data instanceof ArrayBuffer || event.data.arrayBuffer)
      Promise.resolve(event.data.arrayBuffer ? event.data.arrayBuffer() : event.data).then((bytes) =>
        window.__messages.push(btoa(String.fromCharCode(...new Uint8Array(bytes))))); });
    return socket; };
  window.WebSocket.prototype = Native.prototype; })();"""


def widgets_sent(page, start) -> set[str]:
    """The keys of the widgets the server sent from message ``start`` on."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    keys = set()
    for encoded in page.evaluate("(start) => window.__messages.slice(start)", start):
        message = ForwardMsg.FromString(base64.b64decode(encoded))
        if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            widget = getattr(element, element.WhichOneof("type"))
            if getattr(widget, "id", ""):
                keys.add(widget.id.rsplit("-", 1)[-1])
    return keys


def test_a_step_of_x_i_sends_the_points_part_alone(app_url, page):
    """The point's sliders rerun the point's fragment alone: a step of x_i
    sends its sliders (and the map and numbers), not the landscape's
    controls."""
    page.add_init_script(RECORD_MESSAGES)
    page.goto(f"{app_url}/surface")
    settle(page)
    start = page.evaluate("() => window.__messages.length")
    press(page, "x_i", "ArrowRight", 1)
    page.wait_for_function(f"() => window.__messages.length > {start}", timeout=30_000)
    sent = widgets_sent(page, start)
    assert {"xi", "xj", "ls", "lr", "steps", "span"} <= sent
    assert not sent & {"k", "i", "j", "fam", "logits", "labels", "view3d", "arrows"}


def test_a_step_of_k_away_from_three_classes_leaves_no_simplex_behind(app_url, page):
    """The simplex exists only for three classes: at K = 4 its chart is gone
    from the page, not kept hidden (showing a hidden one again at K = 3
    made that step take 200 ms), and a step back to K = 3 draws it again."""
    charts = "() => document.querySelectorAll(\"iframe[src*='layered_figure']\").length"
    page.goto(f"{app_url}/surface")
    settle(page)
    assert page.evaluate(charts) == 2  # the map and the simplex
    press(page, "Number of classes", "ArrowRight", 1)
    page.wait_for_function(f"() => ({charts})() === 1", timeout=30_000)
    page.wait_for_timeout(500)
    assert page.evaluate(charts) == 1
    press(page, "Number of classes", "ArrowLeft", 1)
    page.wait_for_function(f"() => ({charts})() === 2", timeout=30_000)


def test_a_new_map_is_laid_out_once_in_the_margins_of_the_one_before(app_url, page):
    """Plotly widens a new plot's margins for its tick labels and then draws it
    all again (it records that second pass in _redrawFromAutoMarginCount);
    a new map starts from the margins the map before it grew to."""
    page.goto(f"{app_url}/surface")
    settle(page)
    chart = layered_frame(page, "contour")
    second_pass = "() => '_redrawFromAutoMarginCount' in document.getElementById('under')._fullLayout"
    assert chart.evaluate(second_pass)  # the first map: plotly found its margins by drawing twice
    press(page, "Label smoothing", "ArrowRight", 1)
    chart.wait_for_function("() => Number(document.getElementById('stage').dataset.draws) == 2", timeout=30_000)
    assert not chart.evaluate(second_pass)
    x, y, under_x, top_x, under_y, top_y = chart.evaluate(STAR_PIXELS)
    assert top_x == pytest.approx(under_x, abs=0.5) and top_y == pytest.approx(under_y, abs=0.5)


def moved_as_a_fresh_page_draws(page, browser, key, drawn) -> list:
    """Wait until the chart ``key`` (a figure with no base) moved in place at
    a step; then check that a page opened afresh at the same URL draws what
    it shows (``drawn``: how the chart was drawn, then what is compared).
    Returns what it shows."""
    chart = page.locator(f".st-key-{key} iframe").element_handle().content_frame()
    chart.wait_for_function("() => document.getElementById('chart').dataset.drawn === 'moved'", timeout=30_000)
    page.wait_for_timeout(500)
    how, *shown = chart.evaluate(drawn)
    fresh = browser.new_page(viewport=page.viewport_size)
    fresh.goto(page.url)
    settle(fresh)
    again = fresh.locator(f".st-key-{key} iframe").element_handle().content_frame()
    assert again.evaluate(drawn) == ["redrawn", *shown]
    fresh.close()
    return shown


def test_the_decomposition_bars_move_in_place_to_what_a_fresh_page_draws(app_url, browser, page):
    """A figure with no base whose layout changed only in its axes' ranges is
    moved, not drawn again: its bars, their numbers and the ticks end where
    a page opened at the same p and q draws them."""
    drawn = """() => { const c = document.getElementById('chart');
        return [c.dataset.drawn, [...c.querySelectorAll('text')].map(t => t.textContent).filter(x => x),
                [...c.querySelectorAll('.bars path')].map(p => p.getAttribute('d'))]; }"""
    page.goto(f"{app_url}/asymmetry")
    settle(page)
    press(page, "Target p", "ArrowRight", 3)
    press(page, "Output q", "ArrowLeft", 40)  # to 0.4: the first bar is now the shorter one
    texts, bars = moved_as_a_fresh_page_draws(page, browser, "asymmetry_pair", drawn)
    assert "= 0.6446" in texts  # CE(0.33, 0.4) = -0.33 log 0.4 - 0.67 log 0.6


def test_the_bias_chart_moves_in_place_at_a_step_of_r_to_what_a_fresh_page_draws(app_url, browser, page):
    """The sampled page's bias and spread lines have axes with ranges of
    their own: a step of R moves them, and they end where a page opened at
    that R draws them, ticks included."""
    drawn = """() => { const c = document.getElementById('chart');
        return [c.dataset.drawn, [...c.querySelectorAll('.xtick text, .ytick text')].map(t => t.textContent),
                [...c.querySelectorAll('.scatterlayer path.js-line, .scatterlayer path.point')]
                  .map(p => p.getAttribute('d') + (p.getAttribute('transform') || ''))]; }"""
    page.set_viewport_size({"width": 1400, "height": 2400})  # the chart in view with the slider: drawn at each step
    page.goto(f"{app_url}/sampled")
    settle(page)
    press(page, "Draws per sample size R", "ArrowRight", 2)
    ticks, lines = moved_as_a_fresh_page_draws(page, browser, "sampled_bias", drawn)
    assert len(ticks) > 4 and len(lines) == 2 + 2 * 7  # two lines and their markers at n = 1 ... 1,000


# An array of a base trace, as plotly holds it after main.js decoded it (NaN as null).
BASE_ARRAY = """([trace, attr]) => { const value = document.getElementById('under')._fullData[trace][attr];
  const plain = (v) => Number.isNaN(v) ? null : v;
  return Array.from(value, row => typeof row === 'number' ? plain(row) : Array.from(row, plain)); }"""


def test_the_browser_decodes_the_maps_to_every_float_the_server_made(app_url, page):
    """ui/transport.py sends a map as integer residuals, deflated; main.js must
    give back the figure builder's float32 values bit for bit, NaN where NaN
    (the Python decoder is held to the same in tests/test_transport.py)."""
    from conftest import chart_specs, open_app_page
    sent = chart_specs(open_app_page("app_pages/surface.py"))  # the same defaults as the page opened here
    page.goto(f"{app_url}/surface")
    settle(page)
    # the map's colours (a grid), its axis (a list), the simplex's colours (with NaN)
    for trace_type, spec, trace, attr in (("contour", sent[0], 0, "z"), ("contour", sent[0], 1, "x"),
                                          ("scatterternary", sent[1], 0, "z")):
        array = spec["data"][trace][attr]
        expected = np.frombuffer(base64.b64decode(array["bdata"]), array["dtype"])
        if "shape" in array:
            expected = expected.reshape([int(n) for n in array["shape"].split(",")])
        drawn = np.array(layered_frame(page, trace_type).evaluate(BASE_ARRAY, [trace, attr]), dtype=float)
        assert drawn.shape == expected.shape
        np.testing.assert_array_equal(drawn, expected.astype(float))  # NaN in the same places


def test_hovering_the_map_shows_the_loss_under_the_moving_traces(app_url, page):
    page.goto(f"{app_url}/surface")
    settle(page)
    chart = layered_frame(page, "contour")
    chart.frame_element().scroll_into_view_if_needed()
    box = chart.locator("#under .nsewdrag").first.bounding_box()  # in the page's coordinates
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.8)
    expect(chart.locator("#under .hoverlayer .hovertext").first).to_contain_text("loss", timeout=10_000)


def test_the_simplex_colours_fill_its_triangle_and_hovering_shows_q_and_the_loss(app_url, page):
    """The colours are a heatmap on plain axes under the ternary plot: both
    must lay out the same triangle (plotly fits each into the same domain)."""
    page.goto(f"{app_url}/surface")
    settle(page)
    chart = layered_frame(page, "scatterternary")
    chart.frame_element().scroll_into_view_if_needed()
    triangle, axes = chart.evaluate("""() => { const L = document.getElementById('under')._fullLayout;
        const t = L.ternary._subplot;
        return [[t.x0, t.y0, t.w, t.h], [L.xaxis._offset, L.yaxis._offset, L.xaxis._length, L.yaxis._length]]; }""")
    assert axes == pytest.approx(triangle, abs=0.5)
    frame_box = chart.frame_element().bounding_box()
    x0, y0, width, height = triangle
    # the lower middle of the triangle: q near (0.2, 0.4, 0.4)
    page.mouse.move(frame_box["x"] + x0 + width * 0.5, frame_box["y"] + y0 + height * 0.8)
    page.mouse.move(frame_box["x"] + x0 + width * 0.5 + 1, frame_box["y"] + y0 + height * 0.8)
    hover = chart.locator("#under .hoverlayer .hovertext").first
    expect(hover).to_contain_text("q = (0.", timeout=10_000)
    expect(hover).to_contain_text("loss")


def test_zooming_the_map_takes_the_moving_traces_along(app_url, page):
    page.goto(f"{app_url}/surface")
    settle(page)
    chart = layered_frame(page, "contour")
    chart.evaluate("() => Plotly.relayout(document.getElementById('under'), {'xaxis.range': [-2, 2], 'yaxis.range': [-1, 3]})")
    chart.wait_for_function("() => Math.abs(document.getElementById('chart')._fullLayout.xaxis.range[0] + 2) < 1e-9",
                            timeout=10_000)
    x, y, under_x, top_x, under_y, top_y = chart.evaluate(STAR_PIXELS)
    assert top_x == pytest.approx(under_x, abs=0.5) and top_y == pytest.approx(under_y, abs=0.5)


@pytest.mark.parametrize("image", ["png", "svg"])
def test_the_camera_button_of_a_layered_chart_saves_the_whole_figure(app_url, browser, image):
    saved = camera_download(browser, f"{app_url}/surface",
                            lambda tab: layered_frame(tab, "contour").locator("#under .nsewdrag").first, image)
    if image == "svg":
        text = saved.decode()
        assert "<image" in text or "contour" in text  # the map, from the base
        assert "step 30: loss" in text  # and the title, from the moving layer


def test_the_soft_target_curves_own_slider_moves_the_output_in_the_browser(app_url, page):
    page.goto(f"{app_url}/asymmetry")
    settle(page)
    chart = next(f for f in page.frames if "layered_figure" in f.url
                 and f.evaluate("() => document.querySelectorAll('#chart .slider-rail-touch-rect').length"))
    marker_x = "() => document.getElementById('chart')._fullData.find(t => t.mode === 'markers' && t.marker.size === 13).x[0]"
    assert chart.evaluate(marker_x) == pytest.approx(0.8, abs=0.01)
    state = click_rail(page, chart.locator("#chart .slider-rail-touch-rect").first, 0.2)
    chart.wait_for_function(f"() => Math.abs(({marker_x})() - 0.2) < 0.011", timeout=10_000)
    assert page.evaluate(SCRIPT_STATE) == state


def test_the_clipping_markers_move_along_the_curves_in_the_browser_and_the_strips_stay(app_url, page):
    page.goto(f"{app_url}/clipping")
    settle(page)
    chart = layered_frame(page, "heatmap")  # the gradient's status strips
    loss_markers = "() => document.getElementById('chart')._fullData[0]"
    assert chart.evaluate(f"() => ({loss_markers})().x[0]") == -20
    state = click_rail(page, chart.locator("#chart .slider-rail-touch-rect").first, 0.9)  # step 36 of 0..40: x = 32
    chart.wait_for_function(f"() => ({loss_markers})().x[0] === 32", timeout=10_000)
    assert page.evaluate(SCRIPT_STATE) == state
    # tf.nn's loss at logit 32 for label 1 is softplus(-32); Keras clips sigmoid(32) = 1 (float32) to 1 - 1e-7
    tf_loss, keras_loss = chart.evaluate(f"() => ({loss_markers})().y.slice(0, 2)")
    assert tf_loss == pytest.approx(np.log1p(np.exp(-32.0)), rel=1e-5)
    assert keras_loss == pytest.approx(-np.log(np.float32(1) - np.float32(1e-7)), rel=1e-5)
    # plotly's animation wipes a heatmap in the plot it animates: the strips are in the base, still drawn
    assert chart.evaluate("() => document.querySelectorAll('#under .hm image').length") >= 1


def test_a_chart_out_of_view_is_drawn_when_it_comes_near_the_view_not_at_each_step(app_url, browser):
    """A slider step redraws the charts one can see; one scrolled far below
    keeps its last drawing until it comes near the view, then shows the step."""
    context = browser.new_context(viewport={"width": 1400, "height": 600})
    page = context.new_page()
    page.goto(f"{app_url}/asymmetry")
    settle(page)
    floor = page.locator(".st-key-asymmetry_floor iframe")
    below = floor.element_handle().content_frame()
    target = "() => document.getElementById('chart').data[0].hovertemplate.slice(0, 8)"
    assert below.evaluate(target) == "CE(0.3, "  # drawn once as the page opened, out of view
    press(page, "Target p", "ArrowRight", 2)
    assert floor.bounding_box()["y"] > 600 * 1.25  # still far below: more than a quarter screen
    maps = page.locator(".st-key-asymmetry_maps iframe").element_handle().content_frame()
    maps.wait_for_function("() => document.getElementById('chart').data[0].y[0] === 0.32", timeout=30_000)
    page.wait_for_timeout(500)
    assert below.evaluate(target) == "CE(0.3, "  # the step did not draw it
    floor.scroll_into_view_if_needed()
    below.wait_for_function(f"() => ({target})() === 'CE(0.32,'", timeout=30_000)
    context.close()
