"""Figure builders of the sampled page: traces, float32 payloads, size on the wire."""
import hypothesis.extra.numpy as hnp
import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xent_core.figures.sampled import (log_spaced_classes, make_bias_std_figure, make_estimates_figure,
                                       make_sampler_figure)
from xent_core.figures.style import ROUND_ENDS, rounded_range
from xent_core.sampling import SAMPLERS, class_probability

BUDGET = 300_000  # bytes of JSON per figure
SIZES = np.array([1, 3, 10, 30, 100, 300, 1000, 3000])
RNG = np.random.default_rng(0)


def worst_case_estimates(repeats=500):
    """The largest simulation the page can ask for: 8 sample sizes x 500 draws."""
    return 5.0 + RNG.standard_normal((SIZES.size, repeats))


def test_log_spaced_classes_run_from_the_first_to_the_last_class_in_even_log_steps():
    classes = log_spaced_classes(100_000, points=200)
    assert classes[0] == 0 and classes[-1] == 99_999
    assert np.all(np.diff(classes) > 0) and classes.size <= 200
    # Above the first hundred ranks (where rounding to integers merges points)
    # the ratio of consecutive ranks is 100000 ** (1 / 199).
    ratios = (classes[1:] + 1) / (classes[:-1] + 1)
    np.testing.assert_allclose(ratios[classes[:-1] > 1000], 100_000 ** (1 / 199), rtol=0.02)


def test_log_spaced_classes_of_a_small_vocabulary_are_every_class():
    np.testing.assert_array_equal(log_spaced_classes(50, points=200), np.arange(50))


def test_the_estimates_figure_has_one_box_per_size_its_outliers_and_the_full_loss_line():
    estimates = worst_case_estimates()
    fig = make_estimates_figure(SIZES, estimates, 6.25)
    box, outliers, full = fig.data
    assert isinstance(box, go.Box) and isinstance(outliers, go.Scatter) and isinstance(full, go.Scatter)
    np.testing.assert_array_equal(box.x, SIZES)
    draws = np.sort(estimates[3])  # n = 30: quartiles by linear interpolation between order statistics
    position = 0.25 * (draws.size - 1)
    q1 = draws[int(position)] + (position % 1) * (draws[int(position) + 1] - draws[int(position)])
    np.testing.assert_allclose(box.q1[3], q1, rtol=1e-6)
    np.testing.assert_allclose(box.median[3], (draws[249] + draws[250]) / 2, rtol=1e-6)
    np.testing.assert_allclose(box.mean[3], draws.mean(), rtol=1e-6)
    iqr = box.q3[3] - box.q1[3]
    within = draws[(draws >= box.q1[3] - 1.5 * iqr) & (draws <= box.q3[3] + 1.5 * iqr)]
    np.testing.assert_allclose([box.lowerfence[3], box.upperfence[3]], [within[0], within[-1]], rtol=1e-6)
    beyond = np.sort(outliers.y[outliers.x == 30])
    np.testing.assert_allclose(beyond, np.setdiff1d(draws, within), rtol=1e-6)
    np.testing.assert_allclose(full.y, 6.25)
    assert box.q1.dtype == np.float32 and full.y.dtype == np.float32
    assert fig.layout.xaxis.type == "category"
    assert list(fig.layout.xaxis.ticktext) == ["1", "3", "10", "30", "100", "300", "1,000", "3,000"]


def test_the_bias_figure_plots_bias_and_std_on_a_log_axis():
    bias, std = -np.linspace(5, 0.5, SIZES.size), np.linspace(0.1, 0.01, SIZES.size)
    fig = make_bias_std_figure(SIZES, bias, std)
    assert [type(trace) for trace in fig.data] == [go.Scatter, go.Scatter]
    np.testing.assert_allclose(fig.data[0].y, bias, rtol=1e-6)
    np.testing.assert_allclose(fig.data[1].y, std, rtol=1e-6)
    assert all(trace.y.dtype == np.float32 for trace in fig.data)
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.shapes[0].y0 == 0  # the zero line
    # ranges of their own (a step of R moves the lines in place): every point inside
    low, high = fig.layout.xaxis.range  # log10 units on a log axis
    assert low < np.log10(SIZES.min()) and high > np.log10(SIZES.max())
    low, high = fig.layout.yaxis.range
    assert low < bias.min() and high > std.max() and low < 0 < high


@given(hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(-1e4, 1e4, allow_nan=False)))
def test_an_axis_range_holds_the_values_and_0_between_round_ends(values):
    low, high = rounded_range(values)
    assert low < min(values.min(), 0) and high > max(values.max(), 0)
    for end in (-low, high):
        mantissa = end / 10.0 ** np.floor(np.log10(end) + 1e-12)
        assert min(abs(mantissa - m) for m in ROUND_ENDS) < 1e-9


def test_an_axis_range_stays_for_a_small_move_and_is_none_without_a_finite_value():
    # span 0.039, margin 0.06 x 0.039: reaches 0.0133 and 0.0303, rounded up to 0.015 and 0.04;
    # the moved values reach 0.0136 and 0.0301
    bias, std = np.array([-0.011, -0.004]), np.array([0.028, 0.02])
    assert rounded_range(np.r_[bias, std]) == rounded_range(np.r_[bias * 1.02, std * 0.99]) == [-0.015, 0.04]
    assert rounded_range(np.array([np.nan, np.inf])) is None


@pytest.mark.parametrize("sampler", SAMPLERS)
def test_the_sampler_figure_draws_the_chosen_sampler_solid_and_the_other_dotted(sampler):
    classes = log_spaced_classes(10_000)
    probabilities = {name: class_probability(classes, 10_000, name) for name in SAMPLERS}
    fig = make_sampler_figure(classes, probabilities, sampler=sampler)
    chosen, other = fig.data
    np.testing.assert_array_equal(chosen.y, probabilities[sampler])
    assert chosen.line.dash == "solid" and other.line.dash == "dot"
    np.testing.assert_array_equal(chosen.x, classes + 1)  # ranks start at 1, so a log axis works
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"


def test_log_uniform_is_a_zipf_line_of_slope_minus_one_on_the_sampler_figure():
    # P(k) = log((k + 2) / (k + 1)) / log(V + 1) ~ 1 / ((k + 1) ln V) for large k
    classes = log_spaced_classes(100_000)
    fig = make_sampler_figure(classes, {"log_uniform": class_probability(classes, 100_000)},
                              sampler="log_uniform")
    x, y = np.log(fig.data[0].x.astype(float)), np.log(fig.data[0].y.astype(float))
    tail = fig.data[0].x > 100
    slope = np.polyfit(x[tail], y[tail], 1)[0]
    assert slope == pytest.approx(-1.0, abs=0.01)


def test_every_figure_is_small_on_the_wire():
    estimates = worst_case_estimates()
    classes = log_spaced_classes(100_000)
    figures = [
        make_estimates_figure(SIZES, estimates, 6.25),
        make_bias_std_figure(SIZES, estimates.mean(axis=1), estimates.std(axis=1)),
        make_sampler_figure(classes, {name: class_probability(classes, 100_000, name) for name in SAMPLERS},
                            sampler="uniform"),
    ]
    for fig in figures:
        assert len(fig.to_json()) < BUDGET
