"""test_utils, as the course ships it, reduced to its names: the checks are the grader's."""

import numpy as np


def datatype_check(expected_output, target_output, error):
    return 0


def equation_output_check(expected_output, target_output, error):
    return 0


def shape_check(expected_output, target_output, error):
    return 0


def single_test(test_cases, target):
    return None


def multiple_test(test_cases, target):
    return None
