"""Toy 2-D datasets, made with NumPy alone (the course uses scikit-learn for the extra ones).

Every loader returns X of shape (2, m) and Y of shape (1, m) with labels 0/1, like the course's
planar_utils. The flower follows the course's recipe exactly, so its numbers match.
"""

from __future__ import annotations

import numpy as np

EXTRA_SIZE = 200


def load_planar_dataset(seed=1):
    """The course's flower: m = 400, N = 200 per class, a = 4 petals' ray, seed 1."""
    return flower(np.random.RandomState(seed))


def flower(rng, m=400, a=4):
    """The course's flower recipe, drawn from `rng`: m points, half of each class."""
    N = m // 2
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.randn(N) * 0.2  # theta
        r = a * np.sin(4 * t) + rng.randn(N) * 0.2  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def _as_planar(points, labels):
    return points.T, labels.reshape(1, -1).astype("uint8")


def noisy_circles(n=EXTRA_SIZE, noise=0.3, factor=0.5, seed=0):
    """Two concentric circles (inner radius = factor × outer), Gaussian noise on each point."""
    rng = np.random.RandomState(seed)
    n_out = n // 2
    n_in = n - n_out
    angle_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    angle_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    points = np.vstack([
        np.c_[np.cos(angle_out), np.sin(angle_out)],
        factor * np.c_[np.cos(angle_in), np.sin(angle_in)],
    ]) + rng.randn(n, 2) * noise
    labels = np.r_[np.zeros(n_out), np.ones(n_in)]
    return _as_planar(points, labels)


def noisy_moons(n=EXTRA_SIZE, noise=0.2, seed=0):
    """Two interleaving half circles."""
    rng = np.random.RandomState(seed)
    n_out = n // 2
    n_in = n - n_out
    outer = np.linspace(0, np.pi, n_out)
    inner = np.linspace(0, np.pi, n_in)
    points = np.vstack([
        np.c_[np.cos(outer), np.sin(outer)],
        np.c_[1 - np.cos(inner), 0.5 - np.sin(inner)],
    ]) + rng.randn(n, 2) * noise
    labels = np.r_[np.zeros(n_out), np.ones(n_in)]
    return _as_planar(points, labels)


def blobs(n=EXTRA_SIZE, centers=6, spread=1.0, seed=5):
    """Gaussian blobs around random centres; the label is the centre's index modulo 2."""
    rng = np.random.RandomState(seed)
    middles = rng.uniform(-10, 10, size=(centers, 2))
    which = np.arange(n) % centers
    points = middles[which] + rng.randn(n, 2) * spread
    return _as_planar(points, which % 2)


def gaussian_quantiles(n=EXTRA_SIZE, cov=0.5, seed=0):
    """One Gaussian cloud split in two classes by distance from the centre (at the median)."""
    rng = np.random.RandomState(seed)
    points = rng.randn(n, 2) * np.sqrt(cov)
    distance = np.sum(points**2, axis=1)
    labels = (distance > np.median(distance)).astype(int)
    return _as_planar(points, labels)


def no_structure(n=EXTRA_SIZE, seed=0):
    """Uniform noise with random labels: nothing to learn (a useful control)."""
    rng = np.random.RandomState(seed)
    return _as_planar(rng.rand(n, 2), (rng.rand(n) > 0.5).astype(int))


DATASETS = {
    "flower": load_planar_dataset,
    "noisy_circles": noisy_circles,
    "noisy_moons": noisy_moons,
    "blobs": blobs,
    "gaussian_quantiles": gaussian_quantiles,
    "no_structure": no_structure,
}


def load_dataset(name):
    """X, Y of a dataset by name (see DATASETS)."""
    return DATASETS[name]()


def load_extra_datasets():
    """The course's tuple order: circles, moons, blobs, quantiles, no structure (as (X.T, Y) pairs).

    Like planar_utils, each pair is (points of shape (m, 2), labels of shape (m,)).
    """
    pairs = []
    for make in (noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure):
        X, Y = make()
        pairs.append((X.T, Y.ravel()))
    return tuple(pairs)
