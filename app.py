"""Cross-Entropy Explorer: the entry point. Builds the navigation and the
controls every page shares (language); each page lives in ``pages/``."""
import streamlit as st

from ui import controls
from ui.i18n import LANGUAGES, language_from_locale, t

st.set_page_config(page_title="Cross-Entropy Explorer", page_icon=":material/functions:", layout="wide")

with st.sidebar:
    controls.select("lang", "app.language", list(LANGUAGES), language_from_locale(st.context.locale),
                    format_func=LANGUAGES.get)

# (file, url path, title key, icon); the first one is the home page.
PAGES = [
    ("home.py", "home", "nav.home", ":material/home:"),
    ("playground.py", "playground", "nav.playground", ":material/science:"),
    ("surface.py", "surface", "nav.surface", ":material/landscape:"),
    ("clipping.py", "clipping", "nav.clipping", ":material/content_cut:"),
    ("asymmetry.py", "asymmetry", "nav.asymmetry", ":material/compare_arrows:"),
    ("sigmoid_vs_softmax.py", "sigmoid-vs-softmax", "nav.sigmoid_vs_softmax", ":material/call_split:"),
    ("sampled.py", "sampled", "nav.sampled", ":material/casino:"),
]

pages = [st.Page(f"pages/{file}", title=t(title), url_path=path, icon=icon, default=(i == 0))
         for i, (file, path, title, icon) in enumerate(PAGES)]
st.navigation(pages).run()
