"""Whatever plain data a submission returns, judging gives a verdict and never raises."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.grading.calls import CallOutcome, CaseResult, Unsupported
from grader.grading.checks import Context, judge
from grader.grading.exercise import find_exercise
from grader.grading.inputs import function_rng
from grader.grading.reference import FUNCTIONS
from grader.grading.verdicts import VERDICTS

SPECS = [(check, spec.name) for name in ("planar", "activations")
         for spec in find_exercise(name).functions for check in spec.checks]
CASES = {name: FUNCTIONS[name].make_cases(function_rng(0, name), 1) for _, name in SPECS}

_dtypes = st.sampled_from(["?", "i1", "u1", "i8", "u8", "f2", "f4", "f8", "c16"])
_shapes = st.lists(st.integers(0, 5), min_size=0, max_size=3).map(tuple)
arrays = st.builds(
    lambda dtype, shape, fill: np.full(shape, fill).astype(dtype) if fill == fill or dtype[0] in "fc"
    else np.zeros(shape, dtype),
    _dtypes, _shapes, st.sampled_from([0, 1, -1, 0.5, 1e300, float("nan"), float("inf")]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**500, 10**500),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5),
                    st.builds(Unsupported, st.sampled_from(["generator", "object", "Figure"])),
                    st.sampled_from([np.float64(0.5), np.int64(4), np.bool_(True), np.float32("nan")]))
keys = st.sampled_from(["W1", "b1", "W2", "b2", "dW1", "db1", "dW2", "db2", "Z1", "A1", "Z2", "A2", "x"])
values = st.recursive(st.one_of(scalars, arrays), lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(keys, inner, max_size=6)), max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SPECS), values, st.booleans())
def test_any_returned_value_gets_a_verdict(spec_and_name, value, mutate_args):
    spec, name = spec_and_name
    cases = CASES[name]
    results = tuple(CaseResult(True, value, args_after=(value, value) if mutate_args else None)
                    for _ in cases)
    result = judge(spec, FUNCTIONS[name], cases, CallOutcome(name, "ok", results), Context())
    assert result.verdict in VERDICTS
    assert 0 <= result.score <= result.max_score
    assert result.message
