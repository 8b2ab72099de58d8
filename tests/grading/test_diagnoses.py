"""Every diagnosis code: a submission with that mistake gets it; the correct one never does."""

from __future__ import annotations

import pytest

from grading_support import ACTIVATIONS, PLANAR, diagnoses, grade_only, mutated, verdicts
from grader.grading.grade import grade_file
from grader.grading.messages import diagnosis_codes

# name -> (exercise, base file, edits, graded functions, the check that must carry the code);
# the name is the code, or "code/what" where one code has several cases.
CASES = {
    "missing_1_over_m": ("planar", PLANAR, [(
        "dW1 = (1 / m) * np.dot(dZ1, X.T)", "dW1 = np.dot(dZ1, X.T)")],
        ("backward_propagation",), "backward_propagation: values"),
    "extra_1_over_m": ("planar", PLANAR, [(
        "dW2 = (1 / m) * np.dot(dZ2, A1.T)", "dW2 = (1 / m) * np.dot(dZ2, A1.T) / m")],
        ("backward_propagation",), "backward_propagation: values"),
    "missing_keepdims": ("planar", PLANAR, [(
        "db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)", "db1 = (1 / m) * np.sum(dZ1, axis=1)")],
        ("backward_propagation",), "backward_propagation: values"),
    "sigmoid_derivative_for_tanh": ("planar", PLANAR, [(
        "1 - np.power(A1, 2)", "A1 * (1 - A1)")],
        ("backward_propagation",), "backward_propagation: values"),
    "transposed_product": ("planar", PLANAR, [(
        "dW2 = (1 / m) * np.dot(dZ2, A1.T)", "dW2 = (1 / m) * np.dot(A1, dZ2.T)")],
        ("backward_propagation",), "backward_propagation: values"),
    "matmul_shapes": ("planar", PLANAR, [(
        "Z1 = np.dot(W1, X) + b1", "Z1 = np.dot(X, W1) + b1")],
        ("forward_propagation",), "forward_propagation: values"),
    "wrong_hidden_activation": ("planar", PLANAR, [(
        "A1 = np.tanh(Z1)", "A1 = sigmoid(Z1)")],
        ("forward_propagation",), "forward_propagation: values"),
    "wrong_output_activation": ("planar", PLANAR, [(
        "A2 = sigmoid(Z2)", "A2 = np.tanh(Z2)")],
        ("forward_propagation",), "forward_propagation: values"),
    "missing_bias": ("planar", PLANAR, [
        ("Z1 = np.dot(W1, X) + b1", "Z1 = np.dot(W1, X)"),
        ("Z2 = np.dot(W2, A1) + b2", "Z2 = np.dot(W2, A1)")],
        ("forward_propagation",), "forward_propagation: values"),
    "cost_missing_term": ("planar", PLANAR, [(
        "np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)", "np.multiply(np.log(A2), Y)")],
        ("compute_cost",), "compute_cost: values"),
    "cost_wrong_sign": ("planar", PLANAR, [(
        "cost = -np.sum(logprobs) / m", "cost = np.sum(logprobs) / m")],
        ("compute_cost",), "compute_cost: values"),
    "update_wrong_sign": ("planar", PLANAR, [(
        '- learning_rate * grads', '+ learning_rate * grads')],
        ("update_parameters",), "update_parameters: values"),
    "ignores_learning_rate": ("planar", PLANAR, [(
        '    W1 = parameters["W1"] - learning_rate',
        '    learning_rate = 1.2\n    W1 = parameters["W1"] - learning_rate')],
        ("update_parameters",), "update_parameters: values"),
    "mutates_inputs": ("planar", PLANAR, [(
        '    W1 = parameters["W1"] - learning_rate * grads["dW1"]',
        '    W1 = parameters["W1"]\n    W1 -= learning_rate * grads["dW1"]')],
        ("update_parameters",), "update_parameters: inputs_unchanged"),
    "rand_instead_of_randn": ("planar", PLANAR, [(
        "np.random.randn(n_h, n_x)", "np.random.rand(n_h, n_x)"), (
        "np.random.randn(n_y, n_h)", "np.random.rand(n_y, n_h)")],
        ("initialize_parameters",), "initialize_parameters: properties"),
    "missing_small_scale": ("planar", PLANAR, [(
        "np.random.randn(n_h, n_x) * 0.01", "np.random.randn(n_h, n_x)"), (
        "np.random.randn(n_y, n_h) * 0.01", "np.random.randn(n_y, n_h)")],
        ("initialize_parameters",), "initialize_parameters: properties"),
    "zero_weights": ("planar", PLANAR, [(
        "np.random.randn(n_h, n_x) * 0.01", "np.zeros((n_h, n_x))"), (
        "np.random.randn(n_y, n_h) * 0.01", "np.zeros((n_y, n_h))")],
        ("initialize_parameters",), "initialize_parameters: properties"),
    "symmetric_weights": ("planar", PLANAR, [(
        "np.random.randn(n_h, n_x) * 0.01", "np.tile(np.random.randn(1, n_x), (n_h, 1)) * 0.01")],
        ("initialize_parameters",), "initialize_parameters: properties"),
    "biases_not_zero": ("planar", PLANAR, [(
        "b1 = np.zeros((n_h, 1))", "b1 = np.ones((n_h, 1))")],
        ("initialize_parameters",), "initialize_parameters: properties"),
    "hardcoded_shapes": ("planar", PLANAR, [(
        "return (n_x, n_h, n_y)", "return (5, 4, 2)")],
        ("layer_sizes",), "layer_sizes: values"),
    "uses_global_variable": ("planar", PLANAR, [(
        "    m = X.shape[1]\n    W1", "    m = X_assess.shape[1]\n    W1")],
        ("backward_propagation",), "backward_propagation: values"),
    "returns_probabilities": ("planar", PLANAR, [(
        "predictions = A2 > 0.5", "predictions = A2")],
        ("predict",), "predict: values"),
    "not_learning": ("planar", PLANAR, [(
        "        parameters = update_parameters(parameters, grads)",
        "        update_parameters(parameters, grads)")],
        ("nn_model",), "nn_model: learns"),
    "derivative_in_terms_of_a": ("activations", ACTIVATIONS, [(
        "    s = sigmoid(z)\n    return s * (1 - s)", "    return z * (1 - z)")],
        ("sigmoid_derivative",), "sigmoid_derivative: values"),
    "activation_instead_of_derivative": ("activations", ACTIVATIONS, [(
        "return (z > 0).astype(float)", "return np.maximum(0, z)")],
        ("relu_derivative",), "relu_derivative: values"),
    # Real student mistakes (measured on public notebooks of this assignment).
    "elementwise_for_matrix_product": ("planar", PLANAR, [(
        "np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))", "W2.T * dZ2 * (1 - np.power(A1, 2))")],
        ("backward_propagation",), "backward_propagation: values"),
    "hardcoded_shapes/init_one_output_row": ("planar", PLANAR, [(
        "W2 = np.random.randn(n_y, n_h) * 0.01", "W2 = np.random.randn(1, n_h) * 0.01")],
        ("initialize_parameters",), "initialize_parameters: properties"),
    "hardcoded_shapes/sizes_as_numbers": ("planar", PLANAR, [
        ("    n_x = X.shape[0]\n", "    n_x = 2\n"), ("    n_y = Y.shape[0]\n", "    n_y = 1\n")],
        ("layer_sizes",), "layer_sizes: values"),
    "cost_missing_term/and_no_1_over_m": ("planar", PLANAR, [(
        "logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)\n    cost = -np.sum(logprobs) / m",
        "logprobs = np.multiply(np.log(A2), Y)\n    cost = -np.sum(logprobs)")],
        ("compute_cost",), "compute_cost: values"),
    "zero_weights/W1_only": ("planar", PLANAR, [(
        "np.random.randn(n_h, n_x) * 0.01", "np.zeros((n_h, n_x))")],
        ("initialize_parameters",), "initialize_parameters: properties"),
    "symmetric_weights/two_rows": ("planar", PLANAR, [(
        "W1 = np.random.randn(n_h, n_x) * 0.01", "W1 = np.random.randn(n_h, n_x) * 0.01\n    W1[-1] = W1[0]")],
        ("initialize_parameters",), "initialize_parameters: properties"),
    "not_implemented": ("planar", PLANAR, [(
        "    dZ2 = A2 - Y\n    dW2 = (1 / m) * np.dot(dZ2, A1.T)", "    dZ2 = A2 - Y\n    dW2 = None")],
        ("backward_propagation",), "backward_propagation: values"),
    "not_implemented/raise": ("planar", PLANAR, [(
        "    A2, cache = forward_propagation(X, parameters)\n    predictions = A2 > 0.5\n    return predictions",
        "    raise NotImplementedError")],
        ("predict",), "predict: values"),
    "not_a_python_float": ("planar", PLANAR, [(
        "    cost = float(np.squeeze(cost))",
        "    cost = np.squeeze(np.array(cost)).astype(float)\n    assert isinstance(cost, float)")],
        ("compute_cost",), "compute_cost: values"),
    "misnamed_function": ("planar", PLANAR, [("def layer_sizes(X, Y):", "def layer_size(X, Y):"),
                                             ("layer_sizes(X, Y)[", "layer_size(X, Y)[")],
        ("layer_sizes",), "layer_sizes: values"),
    "wrong_signature": ("planar", PLANAR, [(
        "def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):",
        "def nn_model(X, Y, n_h, num_iter=10000, print_cost=False):"), (
        "range(0, num_iterations)", "range(0, num_iter)")],
        ("nn_model",), "nn_model: learns"),
    "wrong_signature/required_rate": ("planar", PLANAR, [(
        "def update_parameters(parameters, grads, learning_rate=1.2):",
        "def update_parameters(parameters, grads, learning_rate):"), (
        "parameters = update_parameters(parameters, grads)", "parameters = update_parameters(parameters, grads, 1.2)")],
        ("update_parameters",), "update_parameters: values"),
}


def _code(name: str) -> str:
    return name.split("/")[0]


def test_every_code_in_the_messages_has_a_case():
    assert {_code(name) for name in CASES} == set(diagnosis_codes())


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_mistake_is_named(name, tmp_path):
    exercise, base, edits, functions, check = CASES[name]
    report = grade_only(mutated(tmp_path, base, edits), exercise, functions)
    assert diagnoses(report)[check] == _code(name)


@pytest.mark.parametrize("code", sorted(diagnosis_codes()))
def test_the_correct_solution_never_gets_it(code, correct_planar_report):
    assert code not in diagnoses(correct_planar_report).values()


SEEDS = range(20)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_seed_gives_the_same_verdicts(name, tmp_path):
    """The whole file graded on 20 seeds: every function's verdict and diagnoses the same."""
    exercise, base, edits, _, _ = CASES[name]
    path = mutated(tmp_path, base, edits)
    seen = {verdicts(grade_file(path, exercise=exercise, seed=seed)) for seed in SEEDS}
    assert len(seen) == 1, sorted(seen)


def test_two_mistakes_in_one_cost_are_both_named(tmp_path):
    exercise, base, edits, functions, _ = CASES["cost_missing_term/and_no_1_over_m"]
    (check,) = grade_only(mutated(tmp_path, base, edits), exercise, functions).checks
    assert check.diagnoses == ("cost_missing_term", "missing_1_over_m")
    assert "both the y = 1 and the y = 0" in check.message and "1/m" in check.message


def test_every_wrong_output_is_reported(tmp_path):
    path = mutated(tmp_path, PLANAR, [
        ("db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)", "db1 = (1 / m) * np.sum(dZ1, axis=1)"),
        ("db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)", "db2 = (1 / m) * np.sum(dZ2, axis=1)")])
    (check,) = grade_only(path, "planar", ("backward_propagation",)).checks
    assert check.diagnosis == "missing_keepdims" and "db1 and db2" in check.message
    assert {line.split(":")[0] for line in check.details if "expected shape" in line} == {"db1", "db2"}
    # and each points at the student's own line
    for name in ("db1", "db2"):
        line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                    if text.strip().startswith(f"{name} ="))
        assert f"{name} is computed at line {line}: {name} = (1 / m)" in "\n".join(check.details)


def test_the_matrix_named_is_the_wrong_one(tmp_path):
    exercise, base, edits, functions, _ = CASES["zero_weights/W1_only"]
    (check,) = grade_only(mutated(tmp_path, base, edits), exercise, functions).checks
    assert check.message.startswith("W1 is all zeros")


def test_an_element_wise_product_names_its_line(tmp_path):
    exercise, base, edits, functions, _ = CASES["elementwise_for_matrix_product"]
    path = mutated(tmp_path, base, edits)
    (check,) = grade_only(path, exercise, functions).checks
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "W2.T * dZ2" in text)
    assert f"(line {line})" in check.message and "n_y = 1" in check.message


def test_a_wrong_signature_names_both(tmp_path):
    exercise, base, edits, functions, _ = CASES["wrong_signature"]
    (check,) = grade_only(mutated(tmp_path, base, edits), exercise, functions).checks
    assert check.verdict == "error" and check.score == 0
    assert "nn_model(X, Y, n_h, num_iter=..., print_cost=...)" in check.message
    assert "nn_model(X, Y, n_h, num_iterations=10000, print_cost=False)" in check.message


def test_the_message_names_the_value_and_m(tmp_path):
    path = mutated(tmp_path, PLANAR, [("dW1 = (1 / m) * np.dot(dZ1, X.T)", "dW1 = np.dot(dZ1, X.T)")])
    report = grade_only(path, "planar", ("backward_propagation",))
    (check,) = report.checks
    assert check.message.startswith("dW1 is m times too large (m = 3)")
    assert check.score == 0 and check.verdict == "wrong_value"
    assert any("max |Δ|" in line and "dW1" in line for line in check.details)


def test_a_global_is_named_with_the_students_own_line(tmp_path):
    path = mutated(tmp_path, PLANAR, [("    m = X.shape[1]\n    W1", "    m = X_assess.shape[1]\n    W1")])
    report = grade_only(path, "planar", ("backward_propagation",))
    (check,) = report.checks
    assert check.verdict == "error"
    assert "`X_assess`" in check.message and "only its arguments" in check.message
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "X_assess.shape" in text)
    assert any(f"line {line}" in detail and "backward_propagation" in detail for detail in check.details)
    # only the student's own frames: nothing from the grader or the sandbox
    assert not any("grader/" in detail or "child.py" in detail for detail in check.details)


def test_the_diagnosis_speaks_chinese(tmp_path):
    path = mutated(tmp_path, PLANAR, [("dW1 = (1 / m) * np.dot(dZ1, X.T)", "dW1 = np.dot(dZ1, X.T)")])
    report = grade_only(path, "planar", ("backward_propagation",), lang="zh")
    assert "忘了乘以 1/m" in report.checks[0].message


def test_hard_coded_parameter_shapes_are_caught_by_the_fresh_shapes(tmp_path):
    path = mutated(tmp_path, PLANAR, [("W1 = np.random.randn(n_h, n_x) * 0.01",
                                       "W1 = np.random.randn(4, 2) * 0.01")])
    (check,) = grade_only(path, "planar", ("initialize_parameters",)).checks
    assert (check.verdict, check.diagnosis) == ("wrong_shape", "hardcoded_shapes")
    assert "random case" in check.message and "W1: expected shape" in check.details[-2]
    assert check.details[-1].endswith("W1 = np.random.randn(4, 2) * 0.01")
