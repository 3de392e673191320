"""Box statistics of repeated estimates, against values worked out by hand."""
import numpy as np

from xent_core.spread import box_statistics


def test_quartiles_whiskers_and_outliers_of_one_to_nine_and_a_hundred():
    box = box_statistics([[1, 2, 3, 4, 5, 6, 7, 8, 9, 100]])
    # order statistics at (n - 1) p = 2.25, 4.5, 6.75: 3.25, 5.5, 7.75
    np.testing.assert_allclose([box["q1"][0], box["median"][0], box["q3"][0]], [3.25, 5.5, 7.75])
    # IQR 4.5: whiskers reach [3.25 - 6.75, 7.75 + 6.75] = [-3.5, 14.5], so 1 and 9; 100 lies outside
    assert (box["lowerfence"][0], box["upperfence"][0]) == (1.0, 9.0)
    np.testing.assert_array_equal(box["outliers"], [100.0])
    np.testing.assert_array_equal(box["outlier_rows"], [0])
    assert box["mean"][0] == 14.5


def test_each_row_is_its_own_box():
    box = box_statistics([[0.0, 1.0, 2.0], [10.0, 10.0, 10.0]])
    np.testing.assert_array_equal(box["median"], [1.0, 10.0])
    np.testing.assert_array_equal(box["lowerfence"], [0.0, 10.0])
    assert box["outliers"].size == 0
