"""The checks: judge one function's CallOutcome against the engine, in the trusted parent.

One function is called once (one Call, several cases); every check of that function judges the
same outcome. Each kind of check (values, properties, learns, inputs_unchanged) is a function
here; the check table picks them and sets their numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np

from grader.engine import accuracy, compute_cost, forward_propagation, predict
from grader.grading.calls import CallOutcome, CaseResult, ErrorInfo
from grader.grading.compare import compare
from grader.grading.diagnoses import Diagnosis, diagnose_error, diagnose_value
from grader.grading.exercise import CheckSpec
from grader.grading.inputs import Inputs
from grader.grading.messages import say
from grader.grading.reference import FunctionRef
from grader.grading.verdicts import CheckResult

START_COST = float(np.log(2))   # the cost of any network whose output is 0.5 everywhere


@dataclass(frozen=True)
class Context:
    """What judging needs to know besides the outcome."""
    lang: str = "en"
    free_globals: frozenset[str] = frozenset()     # every free global name in the submission
    locate: Callable[[int], str] = field(default=lambda line: f"line {line}")
    timeout_seconds: float = 10.0
    notes: tuple[str, ...] = ()                    # extra detail lines (e.g. stand-ins used)


def _result(spec: CheckSpec, verdict: str, ctx: Context, *, diagnosis: Diagnosis | None = None,
            details=(), warning=False, **fields) -> CheckResult:
    if diagnosis:
        message = say("diagnoses", diagnosis.code, ctx.lang, **diagnosis.fields)
    else:
        message = say("verdicts", verdict, ctx.lang, function=spec.function, **fields)
    passed = verdict == "pass"
    return CheckResult(spec.function, spec.name, verdict, spec.points if passed else 0.0,
                       spec.points, diagnosis.code if diagnosis else None, message,
                       tuple(ctx.notes) + tuple(details), warning)


def case_label(case: Inputs, lang: str) -> str:
    if case.fixed:
        return say("facts", "course_case", lang)
    return say("facts", "random_case", lang, n=case.n, dims=case.describe_dims())


def error_lines(error: ErrorInfo | None, ctx: Context) -> list[str]:
    """The exception and the student's own traceback lines, innermost last."""
    if error is None:
        return []
    lines = [say("facts", "exception", ctx.lang, type=error.type, message=error.message)]
    for frame in error.frames:
        lines.append("  " + say("facts", "frame", ctx.lang, where=ctx.locate(frame.line),
                                function=frame.function, text=frame.text.strip()))
    return lines


def outcome_problem(spec: CheckSpec, outcome: CallOutcome, ctx: Context) -> CheckResult | None:
    """A result for a call that did not get as far as running the cases, else None."""
    status = outcome.status
    if status == "ok":
        return None
    if status == "missing":
        return _result(spec, "missing", ctx)
    if status == "timeout":
        return _result(spec, "timeout", ctx, seconds=f"{ctx.timeout_seconds:g}")
    if status == "memory":
        return _result(spec, "memory", ctx)
    if status == "forbidden":
        return _result(spec, "forbidden", ctx, detail=outcome.detail or "",
                       details=error_lines(outcome.error, ctx))
    if status == "load_error":
        result = _result(spec, "error", ctx, details=error_lines(outcome.error, ctx))
        return _with_message(result, say("verdicts", "load_error", ctx.lang))
    # crashed, output_limit: the sandbox's own sentence says what happened
    return _with_message(_result(spec, "error", ctx, details=error_lines(outcome.error, ctx)),
                         outcome.detail or say("verdicts", "error", ctx.lang))


def _with_message(result: CheckResult, message: str) -> CheckResult:
    return replace(result, message=message)


def _case_error(spec, case, result: CaseResult, ctx, fixed_passed: bool) -> CheckResult:
    diagnosis = diagnose_error(spec.function, result.error, ctx.free_globals)
    if (diagnosis is None or diagnosis.code == "matmul_shapes") and fixed_passed and not case.fixed:
        diagnosis = Diagnosis("hardcoded_shapes", {"case": case_label(case, ctx.lang)})
    details = [say("facts", "on_case", ctx.lang, case=case_label(case, ctx.lang)),
               *error_lines(result.error, ctx)]
    return _result(spec, "error", ctx, diagnosis=diagnosis, details=details)


def check_values(spec, ref: FunctionRef, cases, outcome, ctx) -> CheckResult:
    """Outputs equal the engine's within rtol/atol, case by case (the fixed example first)."""
    rtol, atol = spec.options["rtol"], spec.options["atol"]
    fixed_passed = False
    for case, result in zip(cases, outcome.cases):
        if not result.ok:
            return _case_error(spec, case, result, ctx, fixed_passed)
        expected = ref.expected(*case.args)
        mismatch = compare(expected, result.value, rtol=rtol, atol=atol,
                           names=ref.output_names, root=ref.root or f"{ref.name}(...)")
        if mismatch is None:
            fixed_passed = fixed_passed or case.fixed
            continue
        diagnosis = diagnose_value(ref, case, mismatch, rtol=rtol, atol=atol)
        if diagnosis is None and fixed_passed and not case.fixed and (
                mismatch.kind == "wrong_shape" or ref.name == "layer_sizes"):
            diagnosis = Diagnosis("hardcoded_shapes", {"case": case_label(case, ctx.lang)})
        details = [say("facts", "on_case", ctx.lang, case=case_label(case, ctx.lang)),
                   say("facts", mismatch.fact, ctx.lang, **mismatch.fields)]
        return _result(spec, mismatch.kind, ctx, diagnosis=diagnosis, details=details)
    return _result(spec, "pass", ctx)


_PARAMETER_SHAPES = {"W1": ("n_h", "n_x"), "b1": ("n_h", 1), "W2": ("n_y", "n_h"), "b2": ("n_y", 1)}


def _parameter_shapes(dims: dict) -> dict:
    return {name: tuple(dims.get(part, part) if isinstance(part, str) else part for part in shape)
            for name, shape in _PARAMETER_SHAPES.items()}


def _parameters_problem(spec, case, value, ctx, fixed_passed) -> CheckResult | None:
    """A parameters dict of the right keys, types and shapes (values are judged elsewhere)."""
    shapes = _parameter_shapes({"n_y": 1, **case.dims})
    expected = {name: np.zeros(shape) for name, shape in shapes.items()}
    if isinstance(value, dict):
        # Zeros of the student's shapes: only keys, types and shapes can differ.
        value = {k: np.zeros(v.shape) if isinstance(v, np.ndarray) and v.dtype.kind in "biuf"
                 else v for k, v in value.items()}
    mismatch = compare(expected, value, rtol=0, atol=0)
    if mismatch is None:
        return None
    diagnosis = None
    if mismatch.kind == "wrong_shape" and fixed_passed and not case.fixed:
        diagnosis = Diagnosis("hardcoded_shapes", {"case": case_label(case, ctx.lang)})
    details = [say("facts", "on_case", ctx.lang, case=case_label(case, ctx.lang)),
               say("facts", mismatch.fact, ctx.lang, **mismatch.fields)]
    return _result(spec, mismatch.kind, ctx, diagnosis=diagnosis, details=details)


def check_properties(spec, ref, cases, outcome, ctx) -> CheckResult:
    """initialize_parameters: shapes, small random weights of both signs, distinct rows, zero biases."""
    weights, biases, first_rows = [], [], []
    fixed_passed = False
    for case, result in zip(cases, outcome.cases):
        if not result.ok:
            return _case_error(spec, case, result, ctx, fixed_passed)
        problem = _parameters_problem(spec, case, result.value, ctx, fixed_passed)
        if problem:
            return problem
        fixed_passed = fixed_passed or case.fixed
        value = {k: np.asarray(v, dtype=float) for k, v in result.value.items()}
        weights += [value["W1"].ravel(), value["W2"].ravel()]
        biases += [value["b1"].ravel(), value["b2"].ravel()]
        first_rows.append(value["W1"])
    every = np.concatenate(weights)
    if not np.isfinite(every).all():
        return _result(spec, "wrong_value", ctx, details=[say(
            "facts", "nonfinite", ctx.lang, what="W1/W2", index="?")])
    largest = float(np.max(np.abs(every)))
    diagnosis = None
    if largest == 0:
        diagnosis = Diagnosis("zero_weights")
    elif (every >= 0).all() or (every <= 0).all():
        diagnosis = Diagnosis("rand_instead_of_randn")
    elif largest > spec.options["max_abs"]:
        diagnosis = Diagnosis("missing_small_scale", {"largest": f"{largest:.3g}"})
    elif any(W1.shape[0] > 1 and (W1 == W1[0]).all() for W1 in first_rows):
        diagnosis = Diagnosis("symmetric_weights")
    elif np.any(np.concatenate(biases) != 0):
        diagnosis = Diagnosis("biases_not_zero")
    if diagnosis:
        return _result(spec, "wrong_value", ctx, diagnosis=diagnosis)
    return _result(spec, "pass", ctx)


def check_learns(spec, ref, cases, outcome, ctx) -> CheckResult:
    """nn_model: the returned parameters separate the (reduced, seeded-turned) flower after short training."""
    case, result = cases[0], outcome.cases[0]
    if not result.ok:
        return _case_error(spec, case, result, ctx, False)
    problem = _parameters_problem(spec, case, result.value, ctx, False)
    if problem:
        return problem
    X, Y = case.args[0], case.args[1]
    parameters = {k: np.asarray(result.value[k], dtype=float) for k in _PARAMETER_SHAPES}
    with np.errstate(all="ignore"):
        A2, _ = forward_propagation(X, parameters)
        A2 = np.clip(A2, 1e-12, 1 - 1e-12)   # a saturated student model must not make us crash
        cost = compute_cost(A2, Y)
        correct = accuracy(predict(parameters, X), Y)
    fields = {"iterations": case.dims["iterations"], "m": case.dims["m"],
              "turn": case.dims.get("turn", "0°"), "cost": f"{cost:.3f}",
              "accuracy": f"{correct:.1f}", "min_accuracy": f"{spec.options['min_accuracy']:g}"}
    learned = say("facts", "learned", ctx.lang, **fields)
    if np.isfinite(cost) and cost < START_COST and correct >= spec.options["min_accuracy"]:
        return _result(spec, "pass", ctx, details=[learned])
    return _result(spec, "wrong_value", ctx, diagnosis=Diagnosis("not_learning", fields))


def check_inputs_unchanged(spec, ref, cases, outcome, ctx) -> CheckResult:
    """The dicts handed in come back as they were (a warning only when the check is worth 0)."""
    for case, result in zip(cases, outcome.cases):
        after = result.args_after
        if after is None:
            continue
        for index, what in ((0, "parameters"), (1, "grads")):
            if compare(case.args[index], after[index], rtol=0, atol=0) is not None:
                diagnosis = Diagnosis("mutates_inputs", {"function": spec.function, "what": what})
                if spec.points == 0:
                    return _result(spec, "pass", ctx, diagnosis=diagnosis, warning=True)
                return _result(spec, "wrong_value", ctx, diagnosis=diagnosis)
    result = _result(spec, "pass", ctx)
    return _with_message(result, say("verdicts", "inputs_unchanged", ctx.lang))


CHECKS = {
    "values": check_values,
    "properties": check_properties,
    "learns": check_learns,
    "inputs_unchanged": check_inputs_unchanged,
}


def judge(spec: CheckSpec, ref: FunctionRef, cases: list[Inputs], outcome: CallOutcome,
          ctx: Context) -> CheckResult:
    """One check's verdict on one function's outcome."""
    problem = outcome_problem(spec, outcome, ctx)
    if problem:
        return problem
    if len(outcome.cases) != len(cases):
        return _with_message(_result(spec, "error", ctx), outcome.detail or "incomplete answer")
    return CHECKS[spec.kind](spec, ref, cases, outcome, ctx)
