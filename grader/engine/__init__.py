"""The reference NumPy engine: pure functions, no I/O. Read it next to the course's formulas."""

from grader.engine.activations import (
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    sigmoid_derivative_from_a,
    tanh,
    tanh_derivative,
    tanh_derivative_from_a,
)
from grader.engine.datasets import (
    DATASETS,
    flower,
    load_dataset,
    load_extra_datasets,
    load_planar_dataset,
)
from grader.engine.gradient_check import gradient_check
from grader.engine.shallow_net import (
    accuracy,
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    layer_sizes,
    nn_model,
    predict,
    update_parameters,
)
