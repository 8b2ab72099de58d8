"""planar_utils, as the course ships it next to the notebook, rebuilt for grading.

sigmoid and the datasets are the reference engine's own (inserted below from
grader/engine when this text is built); plotting is a no-op, since grading never draws.
"""

import numpy as np

__all__ = ["np", "sigmoid", "load_planar_dataset", "load_extra_datasets",
           "plot_decision_boundary"]

# <engine source>


def plot_decision_boundary(model, X, y):
    """Draws nothing: grading has no screen, and a plot is never graded."""
    return None
