"""Every named dataset is a planar binary problem the network can be trained on."""

import numpy as np
import pytest

from grader.engine import DATASETS, load_dataset, load_extra_datasets


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_dataset_shapes_and_labels(name):
    X, Y = load_dataset(name)
    assert X.ndim == 2 and X.shape[0] == 2
    assert Y.shape == (1, X.shape[1])
    assert set(np.unique(Y)) <= {0, 1}
    assert np.isfinite(X).all()


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_datasets_are_reproducible(name):
    X1, Y1 = load_dataset(name)
    X2, Y2 = load_dataset(name)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)


@pytest.mark.parametrize("name", ["noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles"])
def test_structured_datasets_have_both_classes_in_balance(name):
    _, Y = load_dataset(name)
    assert 0.3 < Y.mean() < 0.7


def test_extra_datasets_follow_the_course_layout():
    extras = load_extra_datasets()
    assert len(extras) == 5
    for points, labels in extras:
        assert points.shape == (200, 2) and labels.shape == (200,)
