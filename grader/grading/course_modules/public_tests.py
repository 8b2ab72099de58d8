"""public_tests, as the course ships it, reduced to what grading needs: the names.

The notebook calls these only in test cells at top level, which grading drops; a star import
must still find them. Each accepts the function under test and checks nothing.
"""

import numpy as np


def layer_sizes_test(target):
    return None


def initialize_parameters_test(target):
    return None


def forward_propagation_test(target):
    return None


def compute_cost_test(target):
    return None


def backward_propagation_test(target):
    return None


def update_parameters_test(target):
    return None


def nn_model_test(target):
    return None


def predict_test(target):
    return None
