"""Hostile and broken URLs in a real browser: no script runs, no exception,
a visible message for each, and correct numbers afterwards. Keyboard use:
tab to a slider and move it with the arrow keys."""
import pytest
from playwright.sync_api import expect

from browser import app_url, browser, page, wait_idle  # noqa: F401 (fixtures)
from ui.pages import PAGES, address

XSS = ["<script>window.__pwned=1</script>", '"><img src=x onerror="window.__pwned=1">',
       "<svg onload=window.__pwned=1>", "javascript:window.__pwned=1"]
BROKEN = {  # page -> (query, text the page shows about it)
    "playground": ("api=keras.losses.binary_crossentropy&y_true=0.2,abc&y_pred=0.5,0.5", "'abc'"),
    "surface": ("xi=1e30", "outside its range"),
    "asymmetry": ("yt=0,abc", "'abc'"),
    "sampled": ("repeats=99999", "outside its range"),
    "home": ("exclusive=maybe", "cannot take"),
    "clipping": ("x=-1e300", "outside its range"),
    "sigmoid-vs-softmax": ("logits=1,2;3", "different lengths"),
    "exercises": ("kind=nonsense", "cannot take"),
    "lessons": ("lesson=nope", "does not exist"),
}


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.path)
def test_script_payloads_never_run_and_a_broken_value_gets_a_message(app_url, page, info):
    # Every payload in one load, each in a different parameter (the note,
    # shown as text, rotates through them from page to page), with a value
    # the page cannot take; the page's own parameters come first.
    query, message = BROKEN[info.path]
    taken = {pair.split("=")[0] for pair in query.split("&")}
    shift = PAGES.index(info)
    payloads = XSS[shift % len(XSS):] + XSS[:shift % len(XSS)]
    hostile = [f"{name}={value}" for name, value in zip(("note", "lang", "api", "logits"), payloads)
               if name not in taken]
    page.goto(f"{app_url}/{address(info.path)}?{query}&{'&'.join(hostile)}")
    wait_idle(page)
    assert page.evaluate("window.__pwned") is None, f"a payload ran on {info.path}"
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text(payloads[0], exact=True).first).to_be_visible()
    expect(page.get_by_text(message).first).to_be_visible()


def test_after_broken_urls_the_seed_url_still_shows_its_number(app_url, page):
    page.goto(f"{app_url}/playground?api=keras.losses.binary_crossentropy&y_true=0.5,0.5&y_pred=0,1&dtype=float32")
    wait_idle(page)
    expect(page.get_by_text("8.01512").first).to_be_visible()


def test_a_slider_moves_from_the_keyboard(app_url, page):
    page.goto(f"{app_url}/surface")
    wait_idle(page)
    slider = page.locator("[data-testid='stSlider'] input[type='range'], [data-testid='stSlider'] [role='slider']").first
    slider.focus()
    before = slider.get_attribute("aria-valuenow") or slider.input_value()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_idle(page)
    after = slider.get_attribute("aria-valuenow") or slider.input_value()
    assert float(after) > float(before)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def test_a_surface_opened_on_infinite_logits_draws_once_they_are_mended(app_url, page):
    """The map cannot be drawn for logits with inf: the page says so. Typing
    finite logits reruns the explorer alone, which then draws the map, the
    numbers and the simplex (in its place under the explorer) without an exception."""
    page.goto(f"{app_url}/surface?logits=1,1e400,0")
    wait_idle(page)
    expect(page.get_by_text("NaN or inf", exact=False).first).to_be_visible()
    expect(page.locator("iframe[src*='layered_figure']")).to_have_count(0)
    # said where the map would be: right of the explorer's controls, level with the first of them (K)
    said = page.get_by_text("NaN or inf", exact=False).first.bounding_box()
    classes = page.locator("[data-testid='stSlider']").first.bounding_box()
    assert said["x"] > classes["x"] + classes["width"] and abs(said["y"] - classes["y"]) < 100
    box = page.get_by_role("textbox", name="Logits (all K")
    box.fill("0.5,1.5,0.1")
    box.press("Enter")
    expect(page.locator("iframe[src*='layered_figure']")).to_have_count(2, timeout=30_000)
    wait_idle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text("NaN or inf", exact=False)).to_have_count(0)
    # the loss at the default point, label 1: logsumexp(0.5, 1.5, 0.1) - 1.5 = 1.97901 - 1.5
    expect(page.get_by_text("0.47901", exact=True)).to_be_visible()


def test_no_host_page_may_send_the_app_commands(app_url):
    """Streamlit obeys a page that frames it (stop, rerun, clear the cache)
    when the page's origin is on the host list it serves; the app serves an
    empty list (.streamlit/config.toml), so an embedding page can only show it."""
    import json
    from urllib.request import urlopen
    with urlopen(f"{app_url}/_stcore/host-config", timeout=10) as response:
        assert json.load(response)["allowedOrigins"] == []
