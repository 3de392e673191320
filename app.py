"""Cross-Entropy Explorer: the entry point. Builds the navigation and the
controls every page shares (language); each page lives in ``app_pages/``."""
import streamlit as st

from ui import controls, modes, phone, process, share, show, urlcheck
from ui.i18n import LANGUAGES, language_from_locale, t
from ui.pages import PAGES

process.freeze_once()
incoming = urlcheck.snapshot(st.query_params)  # before any control adjusts the URL
st.set_page_config(page_title="Cross-Entropy Explorer", page_icon=":material/functions:", layout="wide",
                   initial_sidebar_state="collapsed" if modes.presenting() else "auto")
modes.apply()
phone.apply()
controls.start_run()

menu = st.sidebar.container()  # the pages, above the language chosen next
with st.sidebar:
    st.divider()
    # Language codes as they are: the URL says lang=fr in every language.
    controls.choice("lang", "app.language", list(LANGUAGES), language_from_locale(st.context.locale))
    controls.choice("img", "app.image_format", show.IMAGE_FORMATS, help=t("app.image_format.help"))

pages = [st.Page(f"app_pages/{p.file}", title=t(p.title_key), url_path=p.path, icon=p.icon, default=(i == 0))
         for i, p in enumerate(PAGES)]
# The menu is a page link per page: Streamlit's own menu draws its links
# again at every step of any slider (about 90 React components per link and
# step, a quarter of a step's drawing), a page link only when it changes.
page = st.navigation(pages, position="hidden")
for each in pages:
    menu.page_link(each)
share.lesson_banner()
url_notice = st.empty()
page.run()
if problems := urlcheck.problems(incoming):
    url_notice.warning("\n\n".join(problems), icon=":material/link_off:")
share.panel()
