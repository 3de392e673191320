"""Helpers for the browser tests: a Streamlit server on a free port and
Debian's chromium driven by Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def require_browser():
    """Skip where no chromium is installed, except in CI where that is a failure."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script="app.py"):
    """``streamlit run`` on a free loopback port; yields the base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the Streamlit server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def app_url():
    """One app server per test module."""
    require_browser()
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser context per test: no state leaks between tests."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_idle(page, timeout=30_000):
    """Wait until the app has finished its run (and has started one at all)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout)


# Every chart drawn by ui/layers.py's component (an iframe of the same origin) has drawn.
LAYERED_DRAWN = """() => [...document.querySelectorAll("iframe[src*='layered_figure']")].every(frame => {
  try { return !!frame.contentDocument.querySelector('#chart .main-svg'); } catch (e) { return false; } })"""


def layered_frame(page, trace_type):
    """The frame of the chart drawn by ui/layers.py whose figure has a trace
    of ``trace_type`` (a page can hold several such charts), in its base
    (``#under``) or among the traces that move (``#chart``)."""
    for frame in page.frames:
        if "layered_figure" in frame.url and frame.evaluate(
                "(type) => ['under', 'chart'].some(id => { const plot = document.getElementById(id);"
                " return !!(plot && plot._fullData && plot._fullData.some(t => t.type === type)); })", trace_type):
            return frame
    raise LookupError(f"no layered chart with a {trace_type} trace")


# The app's script state (running / notRunning): unchanged across a click, no rerun happened.
SCRIPT_STATE = "document.querySelector('[data-testid=stApp]').dataset.testScriptState"


def slider(page, label):
    """The slider whose label holds ``label``."""
    return page.locator("[data-testid='stSlider']").filter(has_text=label).locator(
        "input[type='range'], [role='slider']").first


def click_rail(page, rail, fraction):
    """Click a figure's own slider ``rail`` at ``fraction`` of its length,
    once no run is in flight that would redraw the chart over the click;
    returns the script state from before the click."""
    rail.scroll_into_view_if_needed()
    wait_idle(page)
    state = page.evaluate(SCRIPT_STATE)
    box = rail.bounding_box()
    page.mouse.click(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)
    return state


def camera_download(browser, url, chart, image) -> bytes:
    """What the camera button of the chart ``chart(tab)`` finds on ``url``
    saves, in the format ``image`` (png or svg), checked to be that format."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    try:
        tab = context.new_page()
        tab.goto(f"{url}{'&' if '?' in url else '?'}img={image}")
        settle(tab)
        plot = chart(tab)
        plot.hover()
        with tab.expect_download(timeout=30_000) as download:
            plot.locator("xpath=ancestor-or-self::*[.//*[contains(@class, 'modebar-btn')]][1]").locator(
                ".modebar-btn[data-title^='Download plot']").first.click()
        saved = open(download.value.path(), "rb").read()
        assert download.value.suggested_filename.endswith(f".{image}")
        assert saved.startswith(b"<svg") if image == "svg" else saved[:8] == b"\x89PNG\r\n\x1a\n"
        return saved
    finally:
        context.close()


def settle(page, timeout=30_000):
    """Idle, no widget still drawn as a loading placeholder, every chart drawn."""
    wait_idle(page, timeout)
    page.wait_for_function("!document.querySelector(\"[data-testid='stSkeleton']\")", timeout=timeout)
    page.wait_for_function(LAYERED_DRAWN, timeout=timeout)
    page.wait_for_timeout(500)


def screenshot_whole_page(page, path):
    """The app scrolls inside its own container, so grow the viewport to the
    content's height first; then one picture shows the whole page."""
    height = page.evaluate("Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')]"
                           ".map(e => e.scrollHeight), 900)")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12000)})
    page.wait_for_timeout(600)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": width, "height": 900})
