"""The extracted module text, run with the course shims in a fresh python (as the sandbox will):
it loads fast, runs nothing at top level, and its functions give the reference engine's answers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grader.engine import datasets, shallow_net
from grader.engine.activations import sigmoid
from grader.grading.submission import load_submission

from run_submission import run_in_child

FIXTURES = Path(__file__).parent / "fixtures"
ITERATIONS = 300   # enough to move the parameters well away from their start

STEPS = f"""
import numpy as np
from planar_utils import load_planar_dataset
X, Y = load_planar_dataset()
np.random.seed(3)
parameters = student.initialize_parameters(2, 4, 1)
A2, cache = student.forward_propagation(X, parameters)
grads = student.backward_propagation(parameters, cache, X, Y)
trained = student.nn_model(X, Y, 4, num_iterations={ITERATIONS})
result.update(
    load_seconds=load_seconds,
    top_level=sorted(n for n in vars(student) if n in ("X", "Y", "parameters", "cache",
                                                        "grads", "predictions", "clf")),
    X=X, Y=Y, sizes=student.layer_sizes(X, Y), parameters=parameters, A2=A2,
    cost=student.compute_cost(A2, Y), grads=grads,
    updated=student.update_parameters(parameters, grads),
    trained=trained, predictions=student.predict(trained, X),
)
"""


def engine_answers():
    X, Y = datasets.load_planar_dataset()
    parameters = shallow_net.initialize_parameters(2, 4, 1, rng=np.random.RandomState(3))
    A2, cache = shallow_net.forward_propagation(X, parameters)
    grads = shallow_net.backward_propagation(parameters, cache, X, Y)
    trained = shallow_net.nn_model(X, Y, 4, num_iterations=ITERATIONS)
    return dict(X=X, Y=Y, sizes=shallow_net.layer_sizes(X, Y), parameters=parameters, A2=A2,
                cost=shallow_net.compute_cost(A2, Y), grads=grads,
                updated=shallow_net.update_parameters(parameters, grads), trained=trained,
                predictions=shallow_net.predict(trained, X))


def assert_same(got, expected, what=""):
    if isinstance(expected, dict):
        assert set(got) == set(expected), what
        for key in expected:
            assert_same(got[key], expected[key], f"{what}.{key}")
    elif isinstance(expected, tuple):
        assert tuple(got) == expected, what
    else:
        np.testing.assert_allclose(np.asarray(got, dtype=float),
                                   np.asarray(expected, dtype=float), rtol=1e-10, atol=1e-12,
                                   err_msg=what)


@pytest.mark.parametrize("fixture", ["planar_course.ipynb", "planar_course_export.py"])
def test_course_submission_runs_fast_and_matches_the_engine(fixture, tmp_path):
    sub = load_submission(FIXTURES / fixture)
    got = run_in_child(sub, STEPS, tmp_path)
    # Loading ran no training, no sweep, no data loading: nothing but definitions.
    assert got.pop("load_seconds") < 0.5
    assert got.pop("top_level") == []
    expected = engine_answers()
    assert expected["cost"] > 0.69 and not np.allclose(expected["trained"]["W1"],
                                                       expected["parameters"]["W1"])
    for key, value in expected.items():
        assert_same(got[key], value, key)


def test_function_leaning_on_a_notebook_global_fails_in_the_child(tmp_path):
    sub = load_submission(FIXTURES / "uses_global_parameters.py")
    got = run_in_child(sub, """
        import numpy as np
        try:
            student.compute_cost(np.full((1, 3), 0.5), np.array([[1, 0, 1]]))
        except NameError as err:
            result["error"] = str(err)
    """, tmp_path)
    assert got["error"] == "name 'parameters' is not defined"


def test_planar_utils_shim_is_the_engine(tmp_path):
    sub = load_submission(FIXTURES / "planar_course.ipynb")
    got = run_in_child(sub, """
        import numpy as np
        import planar_utils
        from planar_utils import *
        result["flower"] = planar_utils.load_planar_dataset()
        result["extra"] = planar_utils.load_extra_datasets()
        result["sigmoid"] = planar_utils.sigmoid(np.linspace(-5, 5, 11))
        result["plot"] = planar_utils.plot_decision_boundary(lambda x: x, *result["flower"])
        result["star"] = sorted(n for n in dir() if n in planar_utils.__all__)
    """, tmp_path)
    X, Y = datasets.load_planar_dataset()
    np.testing.assert_array_equal(got["flower"][0], X)
    np.testing.assert_array_equal(got["flower"][1], Y)
    assert got["flower"][1].dtype == Y.dtype
    for (gx, gy), (ex, ey) in zip(got["extra"], datasets.load_extra_datasets(), strict=True):
        np.testing.assert_array_equal(gx, ex)
        np.testing.assert_array_equal(gy, ey)
    np.testing.assert_array_equal(got["sigmoid"], sigmoid(np.linspace(-5, 5, 11)))
    assert got["plot"] is None
    assert got["star"] == sorted(["np", "sigmoid", "load_planar_dataset", "load_extra_datasets",
                                  "plot_decision_boundary"])


def test_plotting_and_sklearn_inside_a_function_are_no_ops(tmp_path):
    path = tmp_path / "plots.py"
    path.write_text(
        "import numpy as np\nimport matplotlib\nimport matplotlib.pyplot as plt\n"
        "import sklearn.linear_model\nfrom sklearn.datasets import make_moons\n"
        "from IPython.display import display\n\n"
        "def train_and_show(X, Y):\n"
        "    matplotlib.rcParams['figure.figsize'] = (5.0, 4.0)\n"
        "    plt.figure(figsize=(16, 32))\n    fig, ax = plt.subplots(2, 2)\n"
        "    ax.scatter(X[0, :], X[1, :], c=Y, s=40, cmap=plt.cm.Spectral)\n"
        "    clf = sklearn.linear_model.LogisticRegressionCV()\n    clf.fit(X.T, Y.T)\n"
        "    with plt.style.context('ggplot'):\n        plt.title('x')\n"
        "    for line in plt.gca().lines:\n        raise AssertionError('no lines')\n"
        "    plt.show()\n    display(fig)\n    make_moons(n_samples=10)\n"
        "    return float(np.sum(X))\n")
    sub = load_submission(path)
    assert sub.problems == ()
    got = run_in_child(sub, """
        import numpy as np
        result["value"] = student.train_and_show(np.ones((2, 3)), np.zeros((1, 3)))
    """, tmp_path)
    assert got["value"] == 6.0


def test_unavailable_library_fails_where_it_is_used(tmp_path):
    path = tmp_path / "torchy.py"
    path.write_text("import numpy as np\nimport pandas as pd\nfrom torch import nn\n\n"
                    "def layer_sizes(X, Y):\n    return (X.shape[0], 4, Y.shape[0])\n\n"
                    "def table(X):\n    return pd.DataFrame(X)\n")
    sub = load_submission(path)
    assert [p.line for p in sub.problems] == [2, 3]
    got = run_in_child(sub, """
        import numpy as np
        result["sizes"] = student.layer_sizes(np.ones((5, 3)), np.ones((2, 3)))
        try:
            student.table(np.ones(2))
        except ModuleNotFoundError as err:
            result["error"] = str(err)
    """, tmp_path)
    assert got["sizes"] == (5, 4, 2)
    assert got["error"].startswith("'pandas' is not available when grading")


def test_course_test_cases_fit_the_engine(tmp_path):
    path = tmp_path / "uses_cases.py"
    path.write_text("from testCases_v2 import *\nfrom public_tests import *\n"
                    "from testCases import layer_sizes_test_case\nfrom test_utils import *\n")
    sub = load_submission(path)
    assert set(sub.modules) == {"testCases_v2", "public_tests", "testCases", "test_utils"}
    got = run_in_child(sub, """
        import numpy as np
        before = np.random.get_state()[1].copy()
        names = ["layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
                 "backward_propagation", "update_parameters", "nn_model", "predict"]
        result["cases"] = {n: getattr(student, n + "_test_case")() for n in names}
        result["again"] = {n: getattr(student, n + "_test_case")() for n in names}
        result["tests"] = [getattr(student, n + "_test")(lambda *a: None) for n in names]
        result["state_untouched"] = bool((np.random.get_state()[1] == before).all())
    """, tmp_path)
    cases = got["cases"]
    assert got["tests"] == [None] * 8
    assert got["state_untouched"]
    X, Y = cases["layer_sizes"]
    assert X.shape == (5, 3) and Y.shape == (2, 3)
    assert shallow_net.layer_sizes(X, Y) == (5, 4, 2)
    assert cases["initialize_parameters"] == (2, 4, 1)
    X, parameters = cases["forward_propagation"]
    A2, _ = shallow_net.forward_propagation(X, parameters)
    assert A2.shape == (1, 3)
    A2, Y = cases["compute_cost"]
    assert A2.shape == Y.shape == (1, 3) and 0 < shallow_net.compute_cost(A2, Y) < 5
    parameters, cache, X, Y = cases["backward_propagation"]
    _, engine_cache = shallow_net.forward_propagation(X, parameters)
    assert_same(cache, engine_cache, "cache")
    grads = shallow_net.backward_propagation(parameters, cache, X, Y)
    parameters, grads = cases["update_parameters"]
    assert {k: v.shape for k, v in grads.items()} == {
        "d" + k: v.shape for k, v in parameters.items()}
    X, Y = cases["nn_model"]
    assert X.shape == (2, 3) and Y.shape == (1, 3)
    parameters, X = cases["predict"]
    assert shallow_net.predict(parameters, X).shape == (1, 3)
    for name in cases:   # deterministic: the same data on every call
        assert repr(cases[name]) == repr(got["again"][name]), name
