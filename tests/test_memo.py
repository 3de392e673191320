"""ui/memo.py: results kept by their arguments' values, bounded."""
import numpy as np

from ui.memo import key_of, shared


def counting(max_entries):
    calls = []

    @shared(max_entries)
    def square(values, label):
        calls.append(label)
        return np.square(values)
    return square, calls


def test_equal_arguments_find_the_same_result_and_others_compute_their_own():
    square, calls = counting(4)
    first = square(np.array([1.0, 2.0]), "a")
    again = square(np.array([1.0, 2.0]), "a")  # another array, the same values
    assert again is first and calls == ["a"]
    np.testing.assert_array_equal(square(np.array([1.0, 3.0]), "a"), [1.0, 9.0])
    square(np.array([1.0, 2.0]), "b")
    square(np.array([1.0, 2.0], np.float32), "a")  # another dtype: another result
    assert calls == ["a", "a", "b", "a"]


def test_the_least_recently_used_result_is_dropped_beyond_the_bound():
    square, calls = counting(2)
    one, two, three = (np.array([float(k)]) for k in (1, 2, 3))
    square(one, "1"), square(two, "2")
    square(one, "1")  # 1 is now the most recent: 2 goes next
    square(three, "3")
    square(one, "1")
    square(two, "2")  # dropped, so computed again
    assert calls == ["1", "2", "3", "2"]


def test_keys_tell_apart_what_a_figure_tells_apart():
    assert key_of(np.array([0.0])) != key_of(np.array([-0.0]))  # the sign of zero survives in a figure
    assert key_of(np.zeros((2, 3))) != key_of(np.zeros((3, 2)))
    assert key_of({"a": 1, "b": (2, np.array([3]))}) == key_of({"a": 1, "b": (2, np.array([3]))})
    assert key_of([1, 2]) != key_of((1, 2))
    hash(key_of({"text": {"x": "logit"}, "axis": np.linspace(0, 1, 5)}))
