"""The app in a real browser: every page loads without an exception, a
slider redraws its chart, and a screenshot of each page is saved in
tests/artifacts/ for people to look at."""
import pytest
from playwright.sync_api import expect, sync_playwright

from browser import ARTIFACTS, launch, require_browser, screenshot_whole_page, settle, streamlit_server, wait_idle
from ui.i18n import catalogue
from ui.lessons import LESSONS, link
from ui.pages import PAGES


@pytest.fixture(scope="module")
def app_url():
    require_browser()
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.path)
def test_every_page_loads_without_an_exception(app_url, page, info):
    page.goto(f"{app_url}/{info.path}")
    settle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot_whole_page(page, ARTIFACTS / f"page_{info.path}.png")


def test_the_language_comes_from_the_url(app_url, page):
    page.goto(f"{app_url}/?lang=fr")
    wait_idle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page).to_have_url(f"{app_url}/?lang=fr")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.id)
def test_a_lesson_link_shows_its_text_above_its_page(app_url, page, lesson):
    page.goto(app_url + link(lesson))
    wait_idle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text(catalogue("en")[f"lesson.{lesson.id}.title"], exact=True)).to_be_visible()
