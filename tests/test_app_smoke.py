"""Every page runs in AppTest with no exception, at defaults and in each language."""
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, chart_specs, open_data_tables
from ui.i18n import LANGUAGES, catalogue
from ui.pages import PAGES


def run_page(file, **params):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if file != PAGES[0].file:
        at.switch_page(f"app_pages/{file}").run()
    return at


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path)
def test_every_page_runs_without_exception(page):
    at = run_page(page.file)
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_home_page_runs_in_every_language(lang):
    at = run_page(PAGES[0].file, lang=lang)
    assert not at.exception
    assert at.button_group(key="lang").value == lang


def test_the_decision_guide_answers_multi_label_with_the_sigmoid_family():
    at = run_page("home.py", exclusive="no", outputs="logits")
    shown = " ".join(m.value for m in at.markdown)
    assert "tf.nn.sigmoid_cross_entropy_with_logits" in shown
    assert "binary_cross_entropy_with_logits" in shown
    assert "softmax_cross_entropy" not in shown


def test_every_figure_offers_csv_and_standalone_html_and_the_page_state_as_json():
    at = run_page("asymmetry.py")
    assert not at.get("download_button")  # a closed data table or share panel makes no file
    at.session_state["_share_open"] = True  # as a click on the sidebar's share button does
    open_data_tables(at)
    keys = {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}
    charts = len(chart_specs(at))
    assert charts >= 3
    assert sum(k.endswith("_html") for k in keys) == charts
    assert sum(k.endswith("_csv") for k in keys) >= charts - 1  # a chart may have no table
    assert "_state_json" in keys


def test_a_figures_data_button_shows_its_table_and_hides_it_again():
    at = run_page("asymmetry.py")
    english = catalogue("en")
    button = at.main.button(key="asymmetry_floor_data_button")
    assert button.label == english["figure.data_table"] and not at.main.dataframe
    button.click().run()
    table = at.main.dataframe[0].value
    assert len(table) == 500 and table.columns[0] == english["asymmetry.fig.output"]  # the grid of q
    assert at.main.button(key="asymmetry_floor_data_button").label == english["figure.hide_data_table"]
    at.main.button(key="asymmetry_floor_data_button").click().run()
    assert not at.main.dataframe and not at.get("download_button")


def test_the_lesson_maker_is_made_when_opened_and_its_link_hides_and_locks_the_chosen_controls():
    at = run_page("surface.py")
    assert not at.sidebar.multiselect  # closed: nothing of it is drawn
    at.sidebar.button(key="_lesson_open_button").click().run()
    at.sidebar.multiselect(key="_lesson_hide").set_value(["k"]).run()
    at.sidebar.multiselect(key="_lesson_lock").set_value(["xi", "xj"]).run()
    link = at.sidebar.code[-1].value
    assert "hide=k&" in link and "lock=xi%2Cxj" in link, link
    at.sidebar.button(key="_lesson_open_button").click().run()  # a second click hides it
    assert not at.sidebar.multiselect
