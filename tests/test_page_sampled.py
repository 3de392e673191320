"""The sampled page in AppTest: it runs at defaults and after each control,
the URL sets the state, and the numbers shown agree with the math (the full
softmax loss), with TensorFlow's own sampler (its expected counts) and with
the core's simulation."""
import json
from urllib.parse import parse_qsl

import numpy as np
import pytest

from conftest import FIXTURES, ROOT, chart_specs, open_app_page, shown_metrics
from xent_core.frameworks import get
from xent_core.sampling import make_setup, simulate_sampled_losses

PAGE = "app_pages/sampled.py"
API = {"sampled_softmax": "tf.nn.sampled_softmax_loss", "nce": "tf.nn.nce_loss"}
TF_SAMPLERS = json.loads((FIXTURES / "sampler_expected_counts.json").read_text())["cases"]


def open_page(**params):
    return open_app_page(PAGE, tables=True, **params)


def shown(metric) -> float:
    """The number of a ``(label, value)`` pair of shown_metrics."""
    return float(metric[1])


def table_with(at, column):
    """The data table (under a figure) that has ``column``."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def full_softmax_loss_by_hand(vocab):
    """log sum_k exp(o_k) - o_y per example, batch mean, on the page's model (seed 0)."""
    logits = make_setup(vocab, seed=0).logits  # [V, batch]
    top = logits.max(axis=0)
    log_z = top + np.log(np.exp(logits - top).sum(axis=0))
    true = logits[make_setup(vocab, seed=0).labels, np.arange(logits.shape[1])]
    return float(np.mean(log_z - true))


def test_the_page_runs_at_its_defaults_with_three_figures_and_four_numbers():
    at = open_page()
    assert len(chart_specs(at)) == 3
    assert len(shown_metrics(at)) == 4
    assert at.selectbox(key="vocab").value == "10000"
    assert at.selectbox(key="method").value == "sampled_softmax"
    assert at.toggle(key="hits").value is True


@pytest.mark.parametrize("key, value", [("vocab", "1000"), ("method", "nce"), ("sampler", "uniform"),
                                        ("nmax", "100")])
def test_changing_a_select_reruns_without_exception(key, value):
    at = open_page()
    at.selectbox(key=key).set_value(value).run()
    assert not at.exception
    assert at.selectbox(key=key).value == value


def test_changing_the_toggle_the_slider_and_the_seed_reruns_without_exception():
    at = open_page()
    at.toggle(key="hits").set_value(False).run()
    at.slider(key="repeats").set_value(40).run()
    at.number_input(key="seed").set_value(7).run()
    assert not at.exception
    assert len(table_with(at, "draw")) == 40 * len(table_with(at, "bias"))  # R draws for each n


def test_url_parameters_set_every_control():
    at = open_page(vocab="1000", method="nce", sampler="uniform", hits="false", repeats="60",
                   nmax="30", seed="3")
    assert at.selectbox(key="vocab").value == "1000"
    assert at.selectbox(key="method").value == "nce"
    assert at.selectbox(key="sampler").value == "uniform"
    assert at.toggle(key="hits").value is False
    assert at.slider(key="repeats").value == 60
    assert at.number_input(key="seed").value == 3
    assert table_with(at, "bias")["n"].tolist() == [1, 3, 10, 30]


def test_nonsense_in_the_url_falls_back_without_a_traceback():
    at = open_page(vocab="7", method="softmax", sampler="zipf", nmax="-1", hits="maybe")
    assert at.selectbox(key="vocab").value == "10000"
    assert at.selectbox(key="method").value == "sampled_softmax"
    assert len(chart_specs(at)) == 3


@pytest.mark.parametrize("vocab", [1000, 100_000])
def test_the_full_softmax_loss_shown_is_the_log_sum_exp_minus_the_true_logit(vocab):
    at = open_page(vocab=str(vocab), nmax="10", repeats="20")
    assert shown(shown_metrics(at)[0]) == pytest.approx(full_softmax_loss_by_hand(vocab), abs=5e-5)


@pytest.mark.parametrize("method, sampler, hits", [("sampled_softmax", "log_uniform", True),
                                                   ("nce", "uniform", False)])
def test_the_numbers_shown_are_the_cores_simulation(method, sampler, hits):
    at = open_page(vocab="1000", method=method, sampler=sampler, hits=str(hits).lower(), repeats="50",
                   nmax="100", seed="5")
    sim = simulate_sampled_losses(make_setup(1000, seed=0), [1, 3, 10, 30, 100], repeats=50, method=method,
                                  sampler=sampler, remove_accidental_hits=hits, seed=5)
    summary = table_with(at, "bias")
    np.testing.assert_allclose(summary["mean"], sim.mean, rtol=1e-12)
    np.testing.assert_allclose(summary["std"], sim.std, rtol=1e-12)
    assert shown(shown_metrics(at)[1]) == pytest.approx(sim.mean[-1], abs=5e-5)
    assert shown(shown_metrics(at)[2]) == pytest.approx(sim.bias[-1], abs=5e-5)
    assert shown(shown_metrics(at)[3]) == pytest.approx(sim.std[-1], abs=5e-5)


def test_sampled_softmax_is_below_the_full_loss_and_approaches_it_as_n_grows():
    # Jensen: the log of a noisy (importance-weighted) partition sum is low on average.
    summary = table_with(open_page(vocab="10000", nmax="3000"), "bias")
    assert (summary["bias"] < 0).all()
    assert np.all(np.diff(np.abs(summary["bias"])) < 0)


def test_nce_passes_the_full_loss_where_the_page_says_it_does():
    # The page's text: "try V = 10,000 with n up to 3,000"; NCE sums 1 + n softplus terms.
    summary = table_with(open_page(vocab="10000", method="nce", hits="false", nmax="3000"), "bias")
    assert summary["bias"].iloc[0] < 0 < summary["bias"].iloc[-1]


def test_switching_accidental_hits_keeps_the_same_draws():
    draws_on = table_with(open_page(vocab="1000", nmax="100", hits="true"), "draw")
    draws_off = table_with(open_page(vocab="1000", nmax="100", hits="false"), "draw")
    np.testing.assert_array_equal(draws_on["num_tries"], draws_off["num_tries"])
    assert not np.array_equal(draws_on["estimate"], draws_off["estimate"])


def test_a_small_vocabulary_caps_the_sample_size_and_says_so():
    at = open_page(vocab="1000", nmax="3000", repeats="20")
    assert table_with(at, "bias")["n"].max() == 300
    assert any("sampled.capped" in c.value or "300" in c.value for c in at.caption)


@pytest.mark.parametrize("vocab, sampler", [(1000, "log_uniform"), (1000, "uniform")])
def test_the_sampler_table_is_tensorflows_base_probability(vocab, sampler):
    # Without unique, TF's expected count is P(k) * num_sampled, so TF's own P(k) is count / n.
    case = next(c for c in TF_SAMPLERS if c["sampler"] == sampler and c["range_max"] == vocab
                and not c["unique"])
    tf_classes = [c for row in case["true_classes"] for c in row] + case["sampled_candidates"]
    tf_p = np.array([q for row in case["true_expected_count"] for q in row]
                    + case["sampled_expected_count"]) / case["num_sampled"]
    table = table_with(open_page(vocab=str(vocab), sampler=sampler, nmax="10", repeats="20"),
                       f"P_{sampler}").set_index("k")
    for k, p in zip(tf_classes, tf_p):
        if k in table.index:
            assert table.loc[k, f"P_{sampler}"] == pytest.approx(p, rel=1e-6), k
    assert 0 in table.index and vocab - 1 in table.index  # the plotted classes include both ends


def test_the_seed_001_presets_open_each_loss_with_tensorflows_defaults():
    at = open_page()
    links = {link.proto.label: dict(parse_qsl(link.proto.query_string)) for link in at.get("page_link")}
    seed_links = [params for label, params in links.items() if "001" in label]
    assert {params["method"] for params in seed_links} == set(API)
    for params in seed_links:
        defaults = get(API[params["method"]]).params
        assert params["hits"] == str(defaults["remove_accidental_hits"]).lower()
        assert params["sampler"] == defaults["sampler"]
        at = open_page(**params)
        assert at.selectbox(key="method").value == params["method"]
        assert at.toggle(key="hits").value is defaults["remove_accidental_hits"]
