"""A finite-difference gradient check of a student's backward pass, as report lines.

The technique the course teaches next week, used here to show which gradient is off and by how
much: each of dW1, db1, dW2, db2 against (J(θ+ε) - J(θ-ε)) / 2ε over the reference forward
pass and cost, at the very inputs the student's function got.
"""

from __future__ import annotations

import numpy as np

from grader.engine.gradient_check import PARAMETER_NAMES, numerical_gradients
from grader.grading.messages import say

RIGHT_BELOW = 1e-5   # relative error of a correct gradient here is ~1e-9; a wrong one ~1e-1


def _relative_error(got, numerical) -> float:
    denominator = np.linalg.norm(got) + np.linalg.norm(numerical)
    return float(np.linalg.norm(got - numerical) / denominator) if denominator else 0.0


def gradient_lines(args: tuple, value, lang: str) -> list[str]:
    """Lines "dW1: relative error 3.1e-01 (wrong)" for a backward_propagation(parameters,
    cache, X, Y) answer; nothing when the inputs or the answer are not of that form."""
    try:
        parameters, _, X, Y = args
        with np.errstate(all="ignore"):
            numerical = numerical_gradients(parameters, X, Y)
    except Exception:   # not inputs of the course's form: no check to show
        return []
    if not isinstance(value, dict):
        return []
    lines = [say("facts", "gradient_check", lang)]
    for name in ("d" + n for n in PARAMETER_NAMES):
        got = value.get(name)
        want = numerical[name]
        if not (isinstance(got, np.ndarray) and got.dtype.kind in "biuf" and got.size == want.size):
            lines.append("  " + say("facts", "gradient_unusable", lang, what=name))
            continue
        with np.errstate(all="ignore"):
            error = _relative_error(got.astype(float).reshape(want.shape), want)
        verdict = "gradient_right" if error < RIGHT_BELOW else "gradient_wrong"
        lines.append("  " + say("facts", verdict, lang, what=name, error=f"{error:.1e}"))
    return lines
