"""The inputs every graded function is called on: the course's fixed example, then fresh ones.

Fresh cases draw their values (and the sizes a case leaves free) from a RandomState seeded per
run and per function, so a run is reproducible from its seed (`--seed N`) and hard-coded answers
cannot pass. Which shapes they take is not left to chance: every run covers the corners of the
function's contract that checks.yaml names (`corners:`), one case each, then `random_cases`
general cases. So a bug that only shows when n_y >= 2 (an element-wise product where the course
has a matrix product) fails on every seed, not on the seeds that happen to draw n_y = 2.

  n_y=1, n_y>=2   one output unit / several (where the function allows several)
  n_h=1, m=1      a single hidden unit / a single example
Sizes a case leaves free are distinct from each other and from the fixed example's, so a
transposed product or a hard-coded size shows as an error instead of passing by luck; m > 1
outside the m=1 corner, so a missing 1/m cannot hide. n_y = 1 wherever the notebook asserts it
(forward_propagation, compute_cost, nn_model, predict).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

from grader.engine import accuracy, flower, forward_propagation, nn_model, predict
from grader.engine.shallow_net import OLDER_COURSE_INIT_SEED

# The course's own test-case numbers (testCases_v2): tiny weights, X from np.random.seed(1).
COURSE_W1 = np.array([[-0.00416758, -0.00056267], [-0.02136196, 0.01640271],
                      [-0.01793436, -0.00841747], [0.00502881, -0.01245288]])
COURSE_W2 = np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]])
COURSE_A2 = np.array([[0.5002307, 0.49985831, 0.50023963]])


@dataclass(frozen=True)
class Inputs:
    """One case: the arguments, and what to call it in a report."""
    args: tuple
    n: int = 0                        # 0 for the fixed course example, 1, 2, ... for fresh ones
    dims: dict = field(default_factory=dict)   # n_x, n_h, n_y, m (those that apply)
    extra_args: tuple = ()            # appended when the student's signature takes more
                                      # (the older course's compute_cost(A2, Y, parameters))
    kwargs: dict = field(default_factory=dict)   # keywords, as the course's notebook passes them
    trained: tuple = ()               # nn_model: the course's own training on this data, from
                                      # each notebook's initialisation

    @property
    def fixed(self) -> bool:
        return self.n == 0

    def describe_dims(self) -> str:
        return ", ".join(f"{key}={value}" for key, value in self.dims.items())


def function_rng(seed: int, function: str) -> np.random.RandomState:
    """Each function's own stream: its inputs do not depend on which other checks ran."""
    return np.random.RandomState((seed + zlib.crc32(function.encode())) % (2**32))


# The sizes each corner fixes; n_y>=2 fixes none but asks for several output units.
CORNERS = {"n_y=1": {"n_y": 1}, "n_y>=2": {}, "n_h=1": {"n_h": 1}, "m=1": {"m": 1}}


def draw_dims(rng, names: tuple[str, ...], corner: str | None = None, *,
              avoid: dict | None = None) -> dict:
    """Sizes for one fresh case: the corner's size fixed, every other one of `names` drawn.

    Drawn sizes are distinct from each other and from `avoid` (the fixed example's sizes), and
    from 2 to 9; n_y is 1 unless the corner asks for several or leaves it free (then either).
    """
    avoid = avoid or {}
    fixed = CORNERS[corner] if corner else {}
    several = "n_y" in names and (corner == "n_y>=2" or (corner is None and rng.rand() < 0.5))
    free = [name for name in names if name not in fixed and name != "n_y"] + ["n_y"] * several
    for _ in range(1000):
        values = [int(v) for v in rng.choice(np.arange(2, 10), size=len(free), replace=False)]
        if all(avoid.get(name) != value for name, value in zip(free, values)):
            break
    dims = {"n_y": 1, **dict(zip(free, values)), **fixed}
    return {name: dims[name] for name in names}


def _fresh(rng, count, corners, names, avoid=None):
    """(n, dims) for every fresh case: the corners first, in the table's order, then `count`."""
    plan = list(corners) + [None] * count
    return [(n, draw_dims(rng, names, corner, avoid=avoid)) for n, corner in enumerate(plan, 1)]


def _labels(rng, n_y, m):
    """0/1 labels as floats, both classes in every row when m > 1 (so no cost term can hide)."""
    Y = (rng.rand(n_y, m) > 0.5).astype(float)
    if m > 1:
        Y[:, 0], Y[:, 1] = 0.0, 1.0
    return Y


def _parameters(rng, n_x, n_h, n_y, scale=1.0):
    # Weights of order 1 and non-zero biases: every term of the formulas shows in the output.
    return {"W1": rng.randn(n_h, n_x) * scale, "b1": rng.randn(n_h, 1) * 0.5,
            "W2": rng.randn(n_y, n_h) * scale, "b2": rng.randn(n_y, 1) * 0.5}


def _course_parameters():
    return {"W1": COURSE_W1.copy(), "b1": np.zeros((4, 1)),
            "W2": COURSE_W2.copy(), "b2": np.zeros((1, 1))}


def _course_xy():
    rng = np.random.RandomState(1)
    X = rng.randn(2, 3)
    Y = rng.randn(1, 3) > 0
    return X, Y


# ---------------------------------------------------------------------------- planar


def layer_sizes_cases(rng, count, corners=()):
    course = np.random.RandomState(1)
    cases = [Inputs((course.randn(5, 3), course.randn(2, 3)), 0, {"n_x": 5, "n_y": 2})]
    # n_x != 5 and n_y != 2: the course's own sizes, hard-coded, must not pass by luck.
    for n, d in _fresh(rng, count, corners, ("n_x", "n_y", "m"), {"n_x": 5, "n_y": 2}):
        cases.append(Inputs((rng.randn(d["n_x"], d["m"]), _labels(rng, d["n_y"], d["m"])), n, d))
    return cases


def initialize_parameters_cases(rng, count, corners=()):
    cases = [Inputs((2, 4, 1), 0, {"n_x": 2, "n_h": 4, "n_y": 1})]
    for n, d in _fresh(rng, count, corners, ("n_x", "n_h", "n_y"), {"n_x": 2, "n_h": 4}):
        cases.append(Inputs((d["n_x"], d["n_h"], d["n_y"]), n, d))
    return cases


def forward_propagation_cases(rng, count, corners=()):
    course = np.random.RandomState(1)
    X = course.randn(2, 3)
    parameters = {"W1": COURSE_W1.copy(), "b1": course.randn(4, 1),
                  "W2": COURSE_W2.copy(), "b2": np.array([[-1.3]])}
    cases = [Inputs((X, parameters), 0, {"n_x": 2, "n_h": 4, "n_y": 1, "m": 3})]
    for n, d in _fresh(rng, count, corners, ("n_x", "n_h", "m")):
        cases.append(Inputs((rng.randn(d["n_x"], d["m"]), _parameters(rng, d["n_x"], d["n_h"], 1)),
                            n, {**d, "n_y": 1}))
    return cases


def compute_cost_cases(rng, count, corners=()):
    _, Y = _course_xy()
    cases = [Inputs((COURSE_A2.copy(), Y), 0, {"m": 3}, (_course_parameters(),))]
    for n, d in _fresh(rng, count, corners, ("m",), {"m": 3}):
        m = d["m"]
        A2 = 1 / (1 + np.exp(-rng.randn(1, m) * 2))
        cases.append(Inputs((A2, _labels(rng, 1, m)), n, {"m": m},
                            (_parameters(rng, 2, 4, 1, 0.01),)))
    return cases


def _backward_case(X, Y, parameters, n, dims):
    _, cache = forward_propagation(X, parameters)   # consistent: A1 = tanh(Z1), A2 = σ(Z2)
    return Inputs((parameters, cache, X, Y), n, dims)


def backward_propagation_cases(rng, count, corners=()):
    X, Y = _course_xy()
    cases = [_backward_case(X, Y, _course_parameters(), 0, {"n_x": 2, "n_h": 4, "n_y": 1, "m": 3})]
    for n, d in _fresh(rng, count, corners, ("n_x", "n_h", "n_y", "m")):
        X = rng.randn(d["n_x"], d["m"])
        cases.append(_backward_case(X, _labels(rng, d["n_y"], d["m"]),
                                    _parameters(rng, d["n_x"], d["n_h"], d["n_y"]), n, d))
    return cases


def _gradients(rng, parameters):
    return {"d" + name: rng.randn(*value.shape) for name, value in parameters.items()}


def update_parameters_cases(rng, count, corners=()):
    course = np.random.RandomState(2)
    parameters = _parameters(course, 2, 4, 1)
    cases = [Inputs((parameters, _gradients(course, parameters)), 0,
                    {"n_x": 2, "n_h": 4, "n_y": 1, "learning_rate": 1.2})]
    for n, d in _fresh(rng, count, corners, ("n_x", "n_h", "n_y")):
        parameters = _parameters(rng, d["n_x"], d["n_h"], d["n_y"])
        rate = round(float(rng.uniform(0.05, 1.0)), 3)   # never the default 1.2
        cases.append(Inputs((parameters, _gradients(rng, parameters), rate), n,
                            {**d, "learning_rate": rate}))
    return cases


# The learns data is drawn fresh for every run: the course's flower recipe with new noise, m points,
# turned by a seeded angle, scaled and shifted, so nothing the child can load (the course's flower
# in planar_utils) relates to it and parameters memorised offline fail. The turn stays away from
# the angles where the flower nearly maps onto itself (a model fitted to the unturned flower
# reaches at most 77.5% at 45-260 degrees). See check_learns for how a correct model passes.
LEARNS_TURN_DEGREES = (45.0, 260.0)
LEARNS_SCALE = (0.75, 1.25)
LEARNS_SHIFT = 0.5
LEARNS_MARGIN = 5.0   # percentage points above min_accuracy the course's own training must reach
LEARNS_TRIES = 50


def nn_model_cases(rng, count, corners=(), *, every=5, iterations=400, hidden=4,
                   min_accuracy=85.0):
    """A fresh flower of 400 // `every` points, turned, scaled and shifted as rng draws.

    Gradient descent from the course's fixed start stalls on a few percent of such flowers; a
    flower is kept only when the course's own training (from both notebooks' initialisations)
    clears min_accuracy by LEARNS_MARGIN, so a correct nn_model passes on every seed and the
    rounding of another machine cannot tip it.
    """
    for _ in range(LEARNS_TRIES):
        X, Y = flower(rng, m=400 // every)
        turn = float(rng.uniform(*LEARNS_TURN_DEGREES))
        angle = np.radians(turn)
        rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        X = (rng.uniform(*LEARNS_SCALE) * (rotation @ X)
             + rng.uniform(-LEARNS_SHIFT, LEARNS_SHIFT, (2, 1)))
        trained = tuple(nn_model(X, Y, hidden, num_iterations=iterations, init_seed=init_seed)
                        for init_seed in (None, OLDER_COURSE_INIT_SEED))
        if all(accuracy(predict(parameters, X), Y) >= min_accuracy + LEARNS_MARGIN
               for parameters in trained):
            break
    # Called as the notebook calls it: nn_model(X, Y, n_h, num_iterations=..., print_cost=...).
    # n = 1: drawn from the seed, like every fresh case.
    return [Inputs((X, Y, hidden), 1,
                   {"n_x": 2, "n_h": hidden, "m": X.shape[1], "iterations": iterations,
                    "turn": f"{turn:.0f}°"},
                   kwargs={"num_iterations": iterations, "print_cost": False}, trained=trained)]


def predict_cases(rng, count, corners=()):
    course = np.random.RandomState(1)
    X = course.randn(2, 3)
    cases = [Inputs((_parameters(course, 2, 4, 1), X), 0, {"n_x": 2, "n_h": 4, "m": 3})]
    for n, d in _fresh(rng, count, corners, ("n_x", "n_h", "m")):
        cases.append(Inputs((_parameters(rng, d["n_x"], d["n_h"], 1), rng.randn(d["n_x"], d["m"])),
                            n, d))
    return cases


# ---------------------------------------------------------------------------- activations


def activation_cases(rng, count, corners=()):
    """z with negatives, positives and exact zeros (where ReLU's derivative has two conventions)."""
    cases = [Inputs((np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),), 0, {"shape": (5,)})]
    for n in range(1, count + 1):
        shape = (int(rng.randint(2, 6)), int(rng.randint(2, 8)))
        z = rng.randn(*shape) * 3
        z.flat[rng.choice(z.size, size=2, replace=False)] = 0.0
        cases.append(Inputs((z,), n, {"shape": shape}))
    return cases
