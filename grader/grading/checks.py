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
from grader.grading.compare import Mismatch, compare, compare_all
from grader.grading.diagnoses import Diagnosis, diagnose_error, diagnose_value, merge
from grader.grading.exercise import CheckSpec
from grader.grading.inputs import Inputs
from grader.grading.messages import say
from grader.grading.gradient_report import gradient_lines
from grader.grading.reference import FunctionRef
from grader.grading.source_facts import SourceFacts
from grader.grading.verdicts import CheckResult

START_COST = float(np.log(2))   # the cost of any network whose output is 0.5 everywhere
_SIZES = ("n_x", "n_h", "n_y", "m")
# Training in another order of operations drifts by ~1e-12 over hundreds of steps; parameters
# trained on other data differ in the first digit.
_TRAINED_RTOL, _TRAINED_ATOL = 1e-4, 1e-6


@dataclass(frozen=True)
class Context:
    """What judging needs to know besides the outcome."""
    lang: str = "en"
    free_globals: frozenset[str] = frozenset()     # every free global name in the submission
    locate: Callable[[int], str] = field(default=lambda line: f"line {line}")
    timeout_seconds: float = 10.0
    notes: tuple[str, ...] = ()                    # extra detail lines (e.g. stand-ins used)
    facts: SourceFacts = field(default_factory=SourceFacts)   # the judged function's source


def _result(spec: CheckSpec, verdict: str, ctx: Context, *, diagnosis: Diagnosis | None = None,
            details=(), warning=False, **fields) -> CheckResult:
    found = diagnosis.flat() if diagnosis else ()
    if found:
        message = " ".join(say("diagnoses", one.code, ctx.lang, **{"function": spec.function,
                                                                   **one.fields})
                           for one in found)
    else:
        message = say("verdicts", verdict, ctx.lang, function=spec.function, **fields)
    passed = verdict == "pass"
    return CheckResult(spec.function, spec.name, verdict, spec.points if passed else 0.0,
                       spec.points, found[0].code if found else None, message,
                       tuple(ctx.notes) + tuple(details), warning,
                       tuple(one.code for one in found[1:]))


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


def _from_source(case: Inputs, ctx: Context) -> Diagnosis | None:
    """Mistakes the function's own source shows, whatever its output: an unfilled template,
    an element-wise product with a transposed operand failing where n_y >= 2."""
    if ctx.facts.unfilled:
        return Diagnosis("not_implemented")
    n_y = int(case.dims.get("n_y", 1))
    if ctx.facts.elementwise_transposes and n_y >= 2:
        line, text = ctx.facts.elementwise_transposes[0]
        return Diagnosis("elementwise_for_matrix_product",
                         {"text": text, "where": ctx.locate(line), "n_y": n_y})
    return None


def _case_error(spec, case, result: CaseResult, ctx, fixed_passed: bool) -> CheckResult:
    diagnosis = _from_source(case, ctx) or diagnose_error(spec.function, result.error,
                                                          ctx.free_globals)
    if (diagnosis is None or diagnosis.code == "matmul_shapes") and fixed_passed and not case.fixed:
        diagnosis = Diagnosis("hardcoded_shapes", {"case": case_label(case, ctx.lang)})
    details = [say("facts", "on_case", ctx.lang, case=case_label(case, ctx.lang)),
               *error_lines(result.error, ctx)]
    return _result(spec, "error", ctx, diagnosis=diagnosis, details=details)


def _leaf_name(mismatch: Mismatch, ref: FunctionRef | None) -> str:
    """The variable a student most likely computed the value in (dW1, A1, n_y)."""
    for key in reversed(mismatch.path):
        if isinstance(key, str):
            return key
    names = ref.output_names if ref else ()
    if mismatch.path and isinstance(mismatch.path[0], int) and mismatch.path[0] < len(names):
        return names[mismatch.path[0]]
    return ref.root if ref else ""


def _source_lines(mismatches, ref: FunctionRef | None, ctx) -> list[str]:
    """Where each wrong value is computed in the student's code, when it can be found
    (ref None: the values of a parameters dict, named by their keys)."""
    lines = []
    for mismatch in mismatches:
        name = _leaf_name(mismatch, ref)
        if name in ctx.facts.assignments:
            line, text = ctx.facts.assignments[name]
            lines.append(say("facts", "computed_at", ctx.lang, what=mismatch.what,
                             where=ctx.locate(line), text=text))
    return lines


def _diagnose(ref, case, mismatch, ctx, fixed_passed, rtol, atol) -> Diagnosis | None:
    """The known mistake behind one wrong value (the source's own mistakes are found first)."""
    found = diagnose_value(ref, case, mismatch, rtol=rtol, atol=atol)
    if found:
        return found
    name = _leaf_name(mismatch, ref)
    written = name in _SIZES and name in ctx.facts.constants   # `n_x = 2`, shown as a fact
    if written or (fixed_passed and not case.fixed and (
            mismatch.kind == "wrong_shape" or ref.name == "layer_sizes")):
        return Diagnosis("hardcoded_shapes", {"case": case_label(case, ctx.lang)})
    return None


def check_values(spec, ref: FunctionRef, cases, outcome, ctx) -> CheckResult:
    """Outputs equal the engine's within rtol/atol, case by case (the fixed example first).

    On the first case that differs, every wrong value is reported, each with its diagnosis and
    the line that computes it; a wrong backward pass also gets a gradient check."""
    rtol, atol = spec.options["rtol"], spec.options["atol"]
    fixed_passed = False
    for case, result in zip(cases, outcome.cases):
        if not result.ok:
            return _case_error(spec, case, result, ctx, fixed_passed)
        expected = ref.expected(*case.args)
        mismatches = compare_all(expected, result.value, rtol=rtol, atol=atol,
                                 names=ref.output_names, root=ref.root or f"{ref.name}(...)")
        if not mismatches:
            fixed_passed = fixed_passed or case.fixed
            continue
        diagnosis = _from_source(case, ctx) or merge(
            [_diagnose(ref, case, mismatch, ctx, fixed_passed, rtol, atol) for mismatch in mismatches])
        details = [say("facts", "on_case", ctx.lang, case=case_label(case, ctx.lang)),
                   *(say("facts", m.fact, ctx.lang, **m.fields) for m in mismatches),
                   *_source_lines(mismatches, ref, ctx)]
        if ref.gradient_checked:
            details += gradient_lines(case.args, result.value, ctx.lang)
        return _result(spec, mismatches[0].kind, ctx, diagnosis=diagnosis, details=details)
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
    diagnosis = _from_source(case, ctx)
    if diagnosis is None and mismatch.kind == "wrong_shape" and fixed_passed and not case.fixed:
        diagnosis = Diagnosis("hardcoded_shapes", {"case": case_label(case, ctx.lang)})
    details = [say("facts", "on_case", ctx.lang, case=case_label(case, ctx.lang)),
               say("facts", mismatch.fact, ctx.lang, **mismatch.fields),
               *_source_lines([mismatch], None, ctx)]
    if diagnosis and diagnosis.code == "hardcoded_shapes":
        # initialize_parameters(n_x, n_h, n_y) that sets `n_x = 2` inside: name the number.
        details += [say("facts", "computed_at", ctx.lang, what=name, where=ctx.locate(line),
                        text=text)
                    for name, (line, text) in ctx.facts.constants.items() if name in _SIZES]
    return _result(spec, mismatch.kind, ctx, diagnosis=diagnosis, details=details)


def _rows_alike(W) -> str | None:
    """"0 and 2" when two rows of W are identical (hidden units that stay alike), else None."""
    seen: dict[bytes, int] = {}
    for index, row in enumerate(np.asarray(W, dtype=float)):
        key = row.tobytes()
        if key in seen:
            return f"{seen[key]} and {index}"
        seen[key] = index
    return None


def _weight_problem(name: str, values, max_abs: float) -> Diagnosis | None:
    largest = float(np.max(np.abs(values)))
    if largest == 0:
        return Diagnosis("zero_weights", {"what": name})
    if values.size > 1 and ((values >= 0).all() or (values <= 0).all()):
        return Diagnosis("rand_instead_of_randn", {"what": name})
    if largest > max_abs:
        return Diagnosis("missing_small_scale", {"what": name, "largest": f"{largest:.3g}"})
    return None


def check_properties(spec, ref, cases, outcome, ctx) -> CheckResult:
    """initialize_parameters: shapes, small random weights of both signs, rows that all differ,
    zero biases. Each weight matrix is judged on its own, and named."""
    weights: dict[str, list] = {"W1": [], "W2": []}
    biases, hidden = [], []
    fixed_passed = False
    for case, result in zip(cases, outcome.cases):
        if not result.ok:
            return _case_error(spec, case, result, ctx, fixed_passed)
        problem = _parameters_problem(spec, case, result.value, ctx, fixed_passed)
        if problem:
            return problem
        fixed_passed = fixed_passed or case.fixed
        value = {k: np.asarray(result.value[k], dtype=float) for k in _PARAMETER_SHAPES}
        for name in weights:
            weights[name].append(value[name].ravel())
        biases += [value["b1"].ravel(), value["b2"].ravel()]
        hidden.append(value["W1"])
    pooled = {name: np.concatenate(parts) for name, parts in weights.items()}
    for name, values in pooled.items():
        if not np.isfinite(values).all():
            return _result(spec, "wrong_value", ctx, details=[say(
                "facts", "nonfinite", ctx.lang, what=name, index="?")])
    found = [_weight_problem(name, values, spec.options["max_abs"])
             for name, values in pooled.items()]
    rows = next((alike for alike in map(_rows_alike, hidden) if alike), None)
    if rows and not any(found):
        found.append(Diagnosis("symmetric_weights", {"what": "W1", "rows": rows}))
    if not any(found) and np.any(np.concatenate(biases) != 0):
        found.append(Diagnosis("biases_not_zero"))
    diagnosis = merge(found)
    if diagnosis:
        return _result(spec, "wrong_value", ctx, diagnosis=diagnosis)
    return _result(spec, "pass", ctx)


def _trained_as_the_course(case: Inputs, parameters: dict) -> bool:
    """The parameters the course's own training reaches on this data, from either notebook's
    initialisation (made with the case). A correct nn_model lands here on every seed, even
    where gradient descent from that start stalls below min_accuracy; memorised or untrained
    parameters cannot, because the data is new every run."""
    return any(compare(expected, parameters, rtol=_TRAINED_RTOL, atol=_TRAINED_ATOL) is None
               for expected in case.trained)


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
    if _trained_as_the_course(case, parameters) or (
            np.isfinite(cost) and cost < START_COST and correct >= spec.options["min_accuracy"]):
        return _result(spec, "pass", ctx, details=[learned])
    return _result(spec, "wrong_value", ctx, diagnosis=Diagnosis("not_learning", fields))


def check_inputs_unchanged(spec, ref, cases, outcome, ctx) -> CheckResult:
    """The dicts handed in come back as they were (a warning only when the check is worth 0)."""
    for case, result in zip(cases, outcome.cases):
        after = result.args_after
        if after is None or len(after) < 2:   # a short tuple from a child whose builtins changed
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
