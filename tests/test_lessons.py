"""Every ready lesson opens its page with no exception and its hidden
controls gone (the text above the page is checked in the browser tests)."""
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from ui.lessons import LESSONS, query
from ui.pages import PAGES

FILES = {p.path: p.file for p in PAGES}


def test_there_are_at_least_ten_lessons_covering_every_seed_question():
    assert len(LESSONS) >= 10
    assert {l.id[:7] for l in LESSONS if l.id.startswith("seed")} == {f"seed00{i}" for i in range(5)}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.id)
def test_a_lesson_link_opens_its_page_with_its_controls_hidden(lesson):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query(lesson).items():
        at.query_params[key] = value
    at.run()
    if FILES[lesson.page] != PAGES[0].file:
        at.switch_page(f"app_pages/{FILES[lesson.page]}").run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""
    for key in lesson.hide:
        assert key not in at.session_state["_controls_this_run"], f"{key} is drawn but should be hidden"
