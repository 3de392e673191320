"""Every page on a phone (390 px wide, touch): the main figure comes before
the long list of controls, formulas scroll inside their own box instead of
widening the page, and no chart's title sits on its legend. A screenshot of
each page is saved in tests/artifacts/phone_<page>.png for people to look at."""
import pytest
from playwright.sync_api import expect

from browser import ARTIFACTS, app_url, browser, screenshot_whole_page, settle  # noqa: F401 (fixtures)
from ui.pages import PAGES, address

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MOST_CONTROLS_ABOVE_THE_FIGURE = 5  # "beside the first few": a page's first inputs may come first

# What the page shows, measured in the browser (the sidebar is closed on a phone).
LAYOUT = """() => {
  const inputs = "[data-testid=stSlider],[data-testid=stTextInput],[data-testid=stSelectbox],"
    + "[data-testid=stNumberInput],[data-testid=stCheckbox],[data-testid=stRadio],"
    + "[data-testid=stButtonGroup],[data-testid=stTextArea]";
  const top = e => e.getBoundingClientRect().top;
  const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const chart = document.querySelector("[data-testid=stMain] [data-testid=stPlotlyChart], "
    + "[data-testid=stMain] [data-testid=stCustomComponentV1]");
  const controls = [...document.querySelectorAll(inputs)].filter(e => !e.closest("[data-testid=stSidebar]"));
  const main = document.querySelector("[data-testid=stMain]");
  return {
    controls_above_figure: chart ? controls.filter(e => top(e) < top(chart)).length : 0,
    page_overflow: main.scrollWidth - main.clientWidth,
    formulas_off_screen: [...document.querySelectorAll(".katex-display")]
      .filter(k => k.scrollWidth > k.clientWidth + 1 && !["auto", "scroll"].includes(getComputedStyle(k).overflowX))
      .map(k => k.textContent.slice(0, 40)),
    titles_on_legends: [...document.querySelectorAll(".js-plotly-plot"),
                        ...[...document.querySelectorAll("iframe")].flatMap(frame => {
                          try { return [...frame.contentDocument.querySelectorAll(".js-plotly-plot")]; }
                          catch (e) { return []; } })].filter(plot => {
      const title = plot.querySelector(".gtitle"), legend = plot.querySelector(".legend");
      return title && legend && title.textContent
        && meets(title.getBoundingClientRect(), legend.getBoundingClientRect());
    }).map(plot => plot.querySelector(".gtitle").textContent),
  };
}"""


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.path)
def test_every_page_fits_a_phone(app_url, browser, info):
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    tab.goto(f"{app_url}/{address(info.path)}")
    settle(tab)
    expect(tab.locator("[data-testid='stException']")).to_have_count(0)
    tab.wait_for_timeout(500)  # plotly lays out its legend after the chart is attached
    layout = tab.evaluate(LAYOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot_whole_page(tab, ARTIFACTS / f"phone_{info.path}.png")
    context.close()
    assert layout["controls_above_figure"] <= MOST_CONTROLS_ABOVE_THE_FIGURE, layout
    assert layout["page_overflow"] <= 1, layout
    assert layout["formulas_off_screen"] == [], layout
    assert layout["titles_on_legends"] == [], layout
