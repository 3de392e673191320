"""The app's pages: one list drives the navigation, the smoke tests and the
browser tests. (file in app_pages/, URL path, title key, icon); the first is home.

The folder is not called ``pages/``: next to the entry point, that name puts a
fresh Streamlit server in its older multipage mode until ``st.navigation`` is
first called, so a first visit straight to ``/playground`` would run the page
file without app.py."""
from typing import NamedTuple


class PageInfo(NamedTuple):
    file: str
    path: str
    title_key: str
    icon: str


PAGES = [
    PageInfo("home.py", "home", "nav.home", ":material/home:"),
    PageInfo("playground.py", "playground", "nav.playground", ":material/science:"),
    PageInfo("surface.py", "surface", "nav.surface", ":material/landscape:"),
    PageInfo("clipping.py", "clipping", "nav.clipping", ":material/content_cut:"),
    PageInfo("asymmetry.py", "asymmetry", "nav.asymmetry", ":material/compare_arrows:"),
    PageInfo("sigmoid_vs_softmax.py", "sigmoid-vs-softmax", "nav.sigmoid_vs_softmax", ":material/call_split:"),
    PageInfo("sampled.py", "sampled", "nav.sampled", ":material/casino:"),
    PageInfo("exercises.py", "exercises", "nav.exercises", ":material/quiz:"),
    PageInfo("lessons.py", "lessons", "nav.lessons", ":material/school:"),
]


def address(path: str) -> str:
    """The URL path that opens page ``path``: the first page is the app's
    root (Streamlit gives the default page no path of its own, and answers
    ``/home`` with a "Page not found" box before running it)."""
    return "" if path == PAGES[0].path else path
