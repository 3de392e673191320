"""Sampled softmax and NCE against the full softmax loss: how the estimate
spreads over repeated draws as the number of sampled classes grows, for each
sampler, with accidental hits removed or kept.

Every number comes from :mod:`xent_core.sampling` (TensorFlow's samplers and
sampled losses on a fixed random model); this page lays out controls,
figures and text.
"""
import pandas as pd
import streamlit as st

from ui import controls, modes, phone, show
from ui.i18n import t
from xent_core.figures.sampled import (log_spaced_classes, make_bias_std_figure, make_estimates_figure,
                                       make_sampler_figure)
from xent_core.frameworks import get
from xent_core.sampling import METHODS, SAMPLERS, RepeatedDraws, class_probability, make_setup

PAGE = "app_pages/sampled.py"
API = {"sampled_softmax": "tf.nn.sampled_softmax_loss", "nce": "tf.nn.nce_loss"}
VOCABULARIES = ("1000", "10000", "100000")
# Sample sizes, half a decade apart; the page uses those up to the chosen largest.
SAMPLE_SIZES = (1, 3, 10, 30, 100, 300, 1000, 3000)
# The largest sample per vocabulary: with unique=True TF redraws until it has
# n distinct classes, and near n = V that takes tens of thousands of draws.
MAX_SAMPLED = {"1000": 300, "10000": 3000, "100000": 3000}
MAX_DRAWS = 500_000  # repeats x largest sample: about 1 s of simulation here

# Every control's URL value, so that a preset sets the whole state.
DEFAULTS = {"vocab": "10000", "method": "sampled_softmax", "sampler": "log_uniform", "hits": "true",
            "repeats": "200", "nmax": "1000", "seed": "0"}
PRESETS = [  # (label key, URL parameters): TF's defaults for each loss
    ("sampled.preset.seed001_softmax", {"vocab": "100000"}),
    ("sampled.preset.seed001_nce", {"vocab": "100000", "method": "nce", "hits": "false"}),
    ("sampled.preset.uniform", {"vocab": "100000", "sampler": "uniform"}),
]


# --- cached computations (pure calls into xent_core) --------------------------

@st.cache_resource(max_entries=3, show_spinner=False)
def model(vocab: int):
    """The fixed random model (50 MB at V = 100,000): shared, never copied."""
    return make_setup(vocab, seed=0)


@st.cache_resource(max_entries=32, show_spinner=False)
def draws(vocab, sizes, method, sampler, hits, seed):
    """The repeats drawn so far for one setting, shared between sessions:
    a step of R draws only the repeats not drawn yet (the first R repeats
    are the same whatever R is asked for)."""
    return RepeatedDraws(model(vocab), sizes, method=method, sampler=sampler, remove_accidental_hits=hits, seed=seed)


# Draws per step under which no progress bar is shown (a few milliseconds).
QUIET_DRAWS = 50_000


# --- controls ---------------------------------------------------------------------

def presets():
    st.caption(t("sampled.presets"))
    with st.container(horizontal=True, gap="small"):
        for label_key, params in PRESETS:
            st.page_link(PAGE, label=t(label_key), icon=":material/bookmark:",
                         query_params={**DEFAULTS, **params}, width="content")


def read_controls() -> dict:
    vocab = controls.select("vocab", "sampled.vocab", VOCABULARIES, DEFAULTS["vocab"],
                            format_func=lambda v: f"{int(v):,}")
    method = controls.select("method", "sampled.method", METHODS, format_func=API.get)
    sampler = controls.select("sampler", "sampled.sampler", SAMPLERS, help=t("sampled.sampler.help"),
                              format_func=lambda s: t(f"sampled.sampler.{s}"))
    hits = controls.toggle("hits", "sampled.hits", True, help=t("sampled.hits.help"))
    nmax = controls.select("nmax", "sampled.nmax", [str(n) for n in SAMPLE_SIZES[2:]], DEFAULTS["nmax"],
                           format_func=lambda v: f"{int(v):,}")
    seed = int(controls.number("seed", "sampled.seed", 0, min_value=0, max_value=2**31 - 1, step=1,
                               help=t("sampled.seed.help")))
    largest = min(int(nmax), MAX_SAMPLED[vocab])
    if largest < int(nmax):
        st.caption(t("sampled.capped", vocab=f"{int(vocab):,}", largest=f"{largest:,}"))
    return dict(vocab=int(vocab), method=method, sampler=sampler, hits=bool(hits), seed=seed,
                sizes=tuple(n for n in SAMPLE_SIZES if n <= largest))


def read_repeats(s) -> int:
    """R, the draws per sample size: at most MAX_DRAWS draws of the largest sample in all."""
    repeats = int(controls.slider("repeats", "sampled.repeats", 20, 500, 200, 10))
    largest = s["sizes"][-1]
    if repeats * largest > MAX_DRAWS:  # keeps every rerun under about 2 s on 2 cores
        repeats = MAX_DRAWS // largest
        st.caption(t("sampled.repeats_capped", repeats=repeats, largest=f"{largest:,}"))
    return repeats


# --- results ----------------------------------------------------------------------

def run_simulation(s):
    """The first R repeats of the setting, drawing those not drawn yet (with a
    progress bar when that takes a moment)."""
    repeated = draws(s["vocab"], s["sizes"], s["method"], s["sampler"], s["hits"], s["seed"])
    new_draws = max(0, s["repeats"] - repeated.drawn) * s["sizes"][-1]
    if new_draws < QUIET_DRAWS:
        return repeated.first(s["repeats"])
    text = t("sampled.progress", repeats=s["repeats"], sizes=len(s["sizes"]), vocab=f"{s['vocab']:,}")
    bar = st.progress(0.0, text=text)
    simulation = repeated.first(s["repeats"], progress=lambda fraction: bar.progress(fraction, text=text))
    bar.empty()
    return simulation


def show_numbers(s, sim):
    """The full loss and, at the largest n, the estimate's mean, bias and spread."""
    n = int(sim.num_sampled[-1])
    show.metrics([(t("sampled.metric.full"), f"{sim.full_loss:.4f}", t("sampled.metric.full.help")),
                  (t("sampled.metric.mean", n=f"{n:,}"), f"{sim.mean[-1]:.4f}"),
                  (t("sampled.metric.bias", n=f"{n:,}"), f"{sim.bias[-1]:+.4f}"),
                  (t("sampled.metric.std", n=f"{n:,}"), f"{sim.std[-1]:.4f}")])
    st.caption(t("sampled.setup", vocab=f"{s['vocab']:,}", api=API[s["method"]], repeats=s["repeats"],
                 hits="True" if s["hits"] else "False", sampler=s["sampler"]))


def figure_text() -> dict:
    keys = ("n", "estimate", "estimates", "full", "bias", "std", "units", "rank", "probability")
    return {**{key: t(f"sampled.fig.{key}") for key in keys},
            **{name: t(f"sampled.sampler.{name}") for name in SAMPLERS}}


def summary_table(sim) -> pd.DataFrame:
    return pd.DataFrame({"n": sim.num_sampled, "mean": sim.mean, "std": sim.std, "bias": sim.bias,
                         "full_loss": sim.full_loss})


def estimates_table(sim) -> pd.DataFrame:
    repeats = sim.estimates.shape[1]
    return pd.DataFrame({"n": sim.num_sampled.repeat(repeats), "draw": list(range(repeats)) * len(sim.num_sampled),
                         "estimate": sim.estimates.ravel(), "num_tries": sim.num_tries.ravel()})


def show_figures(s, sim):
    text = figure_text()
    fig = show.build(make_estimates_figure, sim.num_sampled, sim.estimates, sim.full_loss, text=text,
                                height=modes.figure_height(440))
    alt = t("sampled.fig.estimates.alt", api=API[s["method"]], repeats=s["repeats"],
            full=f"{sim.full_loss:.4f}", low=f"{sim.num_sampled[0]:,}", high=f"{sim.num_sampled[-1]:,}")
    show.figure(fig, key="sampled_estimates", alt=alt, live=True, table=lambda: estimates_table(sim))
    fig = show.build(make_bias_std_figure, sim.num_sampled, sim.bias, sim.std, text=text, height=modes.figure_height(360))
    alt = t("sampled.fig.bias.alt", api=API[s["method"]], bias=f"{sim.bias[-1]:+.4f}",
            std=f"{sim.std[-1]:.4f}", n=f"{sim.num_sampled[-1]:,}")
    show.figure(fig, key="sampled_bias", alt=alt, live=True, table=lambda: summary_table(sim))
    st.caption(t(f"sampled.reading.{s['method']}"))


def show_sampler(s):
    classes = log_spaced_classes(s["vocab"])
    probabilities = {name: class_probability(classes, s["vocab"], name) for name in SAMPLERS}
    fig = show.build(make_sampler_figure, classes, probabilities, sampler=s["sampler"], text=figure_text(),
                              height=modes.figure_height(360))
    table = pd.DataFrame({"k": classes, **{f"P_{name}": p for name, p in probabilities.items()}})
    show.figure(fig, key="sampled_sampler", table=table,
                alt=t("sampled.fig.sampler.alt", vocab=f"{s['vocab']:,}",
                      sampler=t(f"sampled.sampler.{s['sampler']}")))
    st.latex(r"\begin{aligned} P_{\text{log-uniform}}(k) &= \frac{\log(k + 2) - \log(k + 1)}{\log(V + 1)}"
             r"\\ &\approx \frac{1}{(k + 1) \ln V} \\ P_{\text{uniform}}(k) &= \frac{1}{V} \end{aligned}")
    st.markdown(t("sampled.sampler.text"))


def explanations():
    """What to keep in mind: one markdown element (four expanders were drawn
    again at every step of R)."""
    topics = ("training_only", "nce", "hits", "log_q")
    show.heading(t("sampled.explain.title"), "\n\n".join(
        f"**{t(f'sampled.explain.{topic}.title')}**  \n{t(f'sampled.explain.{topic}')}" for topic in topics))


@st.fragment
def results(state):
    """R, the numbers and the figures: a step of R reruns only this part."""
    state = {**state, "repeats": read_repeats(state)}
    try:
        sim = run_simulation(state)
    except ValueError as err:  # a sample size above V; the caps above should prevent it
        st.error(t("sampled.error", error=str(err)))
        return
    show_numbers(state, sim)
    show_figures(state, sim)


@st.fragment
def explorer():
    """The setting's controls: a change reruns this part and the results."""
    with phone.figure_first("sampled"):
        left, right = st.columns([1, 2.8], gap="large")
    with left:
        state = read_controls()
    with right:
        st.latex(get(API[state["method"]]).formula)
        results(state)
    low_left, low_right = st.columns([1, 1], gap="large")
    with low_left:
        st.subheader(t("sampled.sampler.title"))
        show_sampler(state)
    with low_right:
        explanations()

show.heading(t("sampled.title"), t("sampled.intro"), level=1)
presets()
explorer()
