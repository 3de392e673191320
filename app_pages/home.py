"""Home: what cross-entropy measures, and "Which loss do I need?"."""
import streamlit as st

from ui import controls, show
from ui.i18n import api_summary, t
from ui.links import playground_params
from xent_core.frameworks import get
from xent_core.guide import LABEL_FORMS, OUTPUTS, recommend
show.heading(t("home.title"), t("home.intro"), level=1)

st.header(t("home.guide.title"))
left, right = st.columns(2)
with left:
    exclusive = controls.select("exclusive", "home.guide.exclusive", ["yes", "no"],
                                format_func=lambda v: t(f"home.guide.exclusive.{v}")) == "yes"
    labels = controls.select("labels", "home.guide.labels", LABEL_FORMS,
                             format_func=lambda v: t(f"home.guide.labels.{v}")) if exclusive else "probabilities"
with right:
    outputs = controls.select("outputs", "home.guide.outputs", OUTPUTS,
                              format_func=lambda v: t(f"home.guide.outputs.{v}"))
    imbalanced = controls.toggle("imbalanced", "home.guide.imbalanced")

st.subheader(t("home.guide.answer"))
st.caption(t("home.guide.why_exclusive") if exclusive else t("home.guide.why_multilabel"))
for rec in recommend(exclusive=exclusive, labels=labels, outputs=outputs, imbalanced=imbalanced):
    entry = get(rec.name)
    settings = ", ".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in rec.settings.items())
    with st.container(border=True):
        st.markdown(f"**{entry.framework}** · `{rec.name}`" + (f" ({settings})" if settings else ""))
        st.caption(api_summary(entry))
        st.page_link("app_pages/playground.py", label=t("home.guide.open_playground"),
                     icon=":material/arrow_forward:", query_params=playground_params(rec.name, rec.settings))
