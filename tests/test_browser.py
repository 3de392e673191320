"""The app in a real browser: every page loads without an exception, a
slider redraws its chart, and a screenshot of each page is saved in
tests/artifacts/ for people to look at."""
import re
from urllib.parse import urlencode

import numpy as np
import pytest
from playwright.sync_api import expect

from browser import (ARTIFACTS, SCRIPT_STATE, app_url, browser, camera_download, click_rail,  # noqa: F401
                     layered_frame, page, screenshot_whole_page, settle, slider, wait_idle)
from conftest import assert_close, load_cases
from ui.i18n import catalogue
from ui.lessons import LESSONS, link
from ui.pages import PAGES, address
from xent_core.parsing import format_array


NOT_FOUND = "Page not found"  # Streamlit's box for a URL path no page has


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.path)
def test_every_page_loads_without_an_exception(app_url, page, info):
    page.goto(f"{app_url}/{address(info.path)}")
    settle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text(NOT_FOUND)).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot_whole_page(page, ARTIFACTS / f"page_{info.path}.png")


def test_the_language_comes_from_the_url(app_url, page):
    page.goto(f"{app_url}/?lang=fr")
    wait_idle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page).to_have_url(f"{app_url}/?lang=fr")


# The first lesson of each page: every lesson's link is opened in AppTest
# (test_lessons.py); here, that the browser shows a lesson above its page.
FIRST_LESSON_OF_EACH_PAGE = list({lesson.page: lesson for lesson in reversed(LESSONS)}.values())


@pytest.mark.parametrize("lesson", FIRST_LESSON_OF_EACH_PAGE, ids=lambda l: l.id)
def test_a_lesson_link_shows_its_text_above_its_page(app_url, page, lesson):
    page.goto(app_url + link(lesson))
    wait_idle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text(NOT_FOUND)).to_have_count(0)  # the home page's lessons open at the root
    expect(page.get_by_text(catalogue("en")[f"lesson.{lesson.id}.title"], exact=True)).to_be_visible()


SEEDS = load_cases("seed_cases.json")


def seed_url(case):
    params = {"api": case["api"], "dtype": case["dtype"]}
    for name, value in case["kwargs"].items():
        params[name] = format_array(np.array(value)) if isinstance(value, list) else str(value).lower()
    return "/playground?" + urlencode(params)


def one_of_each_kind(cases):
    """The first case of each API, dtype and outcome (numbers or an error):
    every case as a link is checked in AppTest (test_page_playground.py);
    here, that the browser shows what the page computed."""
    kinds = {}
    for case in cases:
        kinds.setdefault((case["api"], case["dtype"], bool(case["raises"])), case)
    return list(kinds.values())


@pytest.mark.parametrize("case", one_of_each_kind(SEEDS), ids=lambda c: f"{c['api']}-{c['dtype']}-{SEEDS.index(c)}")
def test_a_seed_url_of_each_kind_shows_the_frameworks_numbers(app_url, page, case):
    page.goto(app_url + seed_url(case))
    settle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    if case["raises"]:
        expect(page.get_by_text(case["raises"]).first).to_be_visible()
        return
    # The result block is the first code block after the heading; compare its
    # numbers with the framework's at the dtype's precision. Read until the
    # block holds as many numbers as the result: while the page still draws,
    # the first code block after the heading can be a later one.
    heading = catalogue("en")["playground.result"]
    block = page.locator(f"h2:has-text('{heading}'), h3:has-text('{heading}')").first.locator(
        "xpath=following::*[@data-testid='stCode'][1]")
    expected = np.ravel(case["expected"])
    for _ in range(50):
        shown = [float(x) for x in re.findall(r"-?\d+\.?\d*(?:e[-+]?\d+)?", block.inner_text())]
        if len(shown) == expected.size:
            break
        page.wait_for_timeout(200)
    assert_close(shown, expected, case["dtype"], what=case["note"])


def test_moving_the_logit_slider_moves_the_point_over_the_same_map(app_url, page):
    page.goto(f"{app_url}/surface")
    settle(page)
    loss = page.locator(".xent-metrics dd").first
    before = loss.inner_text()
    x_i = slider(page, "x_i")
    # the map is drawn inside ui/layers.py's component: read the star where plotly drew it
    chart = layered_frame(page, "contour")  # settle() waited for it to draw
    star_x = """() => { const plot = document.getElementById('chart');
      const star = plot && plot._fullData && plot._fullData.find(t => t.marker && t.marker.symbol === 'star');
      return star && star.x ? Number(star.x[0]) : null; }"""
    chart.wait_for_function(f"() => Math.abs(({star_x})() - 0.5) < 1e-6", timeout=30_000)
    x_i.focus()
    for _ in range(7):  # every step, not only the first, reaches the chart
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(150)
    wait_idle(page)
    expect(loss).not_to_have_text(before)
    chart.wait_for_function(f"() => Math.abs(({star_x})() - 1.2) < 1e-6", timeout=30_000)
    # moved in place over the map the tab already held, not redrawn from a new figure
    assert chart.evaluate("() => document.getElementById('chart').dataset.drawn") == "moved"
    expect(chart.locator(".js-plotly-plot .contour").first).to_be_attached()
    # the title names the loss at the last step of the new path
    title = chart.evaluate("() => document.querySelector('.js-plotly-plot .gtitle').textContent")
    expected = chart.evaluate("() => document.getElementById('chart').layout.title.text.replace(/<[^>]+>/g, '')")
    assert title == expected and title.startswith("step 30: loss ")


def test_the_descent_replays_in_the_browser_on_the_surface_maps_own_slider(app_url, page):
    page.goto(f"{app_url}/surface")
    settle(page)
    chart = layered_frame(page, "contour")
    title = chart.locator(".js-plotly-plot .gtitle")
    expect(title).to_contain_text("30")  # it opens on the last step
    rail = chart.locator(".js-plotly-plot .slider-container .slider-rail-touch-rect").first
    state = click_rail(page, rail, 0.02)
    expect(title).to_contain_text("step 0")  # the first step, drawn by plotly without a rerun
    assert page.evaluate(SCRIPT_STATE) == state


def test_the_play_button_replays_every_step_of_a_shorter_descent(app_url, page):
    """▶ plays every frame in order, whatever their number: after the steps
    go from 30 to 27 it ends on step 27, the path's last point."""
    page.goto(f"{app_url}/surface?steps=27")
    settle(page)
    chart = layered_frame(page, "contour")
    title = chart.locator(".js-plotly-plot .gtitle")
    rail = chart.locator(".js-plotly-plot .slider-container .slider-rail-touch-rect").first
    click_rail(page, rail, 0.02)
    expect(title).to_contain_text("step 0")
    chart.locator("#chart .updatemenu-button").first.click()  # the top plot's (the base lays out a ghost)
    expect(title).to_contain_text("step 27", timeout=15_000)
    last = chart.evaluate("""() => { const c = document.getElementById('chart');
        return [c._transitionData._frames.length, c._fullLayout.sliders[0].active]; }""")
    assert last == [28, 27]


@pytest.mark.parametrize("path", ["surface", "asymmetry"])
def test_the_dark_theme_draws_the_pages(app_url, browser, path):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, color_scheme="dark")
    dark = context.new_page()
    dark.goto(f"{app_url}/{path}")
    settle(dark)
    expect(dark.locator("[data-testid='stException']")).to_have_count(0)
    background = dark.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
    assert background not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot_whole_page(dark, ARTIFACTS / f"dark_{path}.png")
    context.close()


@pytest.mark.parametrize("lang", ["fr", "ru", "zh", "ja"])
def test_every_language_draws_the_playground(app_url, page, lang):
    page.goto(f"{app_url}/playground?lang={lang}")
    settle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text(catalogue(lang)["playground.title"]).first).to_be_visible()
    screenshot_whole_page(page, ARTIFACTS / f"lang_{lang}_playground.png")


def test_presenter_mode_hides_the_sidebar_and_enlarges_the_type(app_url, page):
    page.goto(f"{app_url}/clipping?present=true")
    settle(page)
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-testid=stMain] p')).fontSize)")
    assert size >= 20
    screenshot_whole_page(page, ARTIFACTS / "present_clipping.png")


@pytest.mark.parametrize("image", ["png", "svg"])
def test_the_camera_button_downloads_a_figure_in_the_chosen_format(app_url, browser, image):
    camera_download(browser, f"{app_url}/asymmetry", lambda tab: tab.locator("[data-testid='stPlotlyChart']").first,
                    image)


def test_a_figures_standalone_html_file_opens_and_draws_the_figure(app_url, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.goto(f"{app_url}/asymmetry")
    settle(tab)
    english = catalogue("en")
    tab.get_by_text(english["figure.data_table"]).first.click()
    # the real condition for a click: the button drawn and enabled, no run in flight
    button = tab.get_by_role("button", name=english["figure.download_html"]).first
    expect(button).to_be_enabled(timeout=30_000)
    wait_idle(tab)
    with tab.expect_download(timeout=60_000) as download:
        button.click()
    html = tmp_path / download.value.suggested_filename  # a .html name, or chromium shows plain text
    download.value.save_as(html)
    offline = context.new_page()
    offline.goto(html.as_uri())
    offline.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert html.name.endswith(".html")
    expect(offline.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    # the page's first figure is the entropy + divergence bars: drawn from the typed arrays
    expect(offline.locator(".js-plotly-plot .barlayer .point").first).to_be_attached()
    context.close()
