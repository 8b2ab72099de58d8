"""Grade a submission: the one entry point the CLI, the app and a batch command share.

    grade_file(path, exercise=None, seed=None, lang="en", isolation="full") -> GradeReport

Every function gets one sandboxed Call (the fixed example plus fresh seeded cases) and is judged
on its own. nn_model and predict call helpers; when a helper failed its own checks they are
either graded again with the reference helper standing in (the default) or reported as
blocked, as the check table says, so one bug is reported once, where it is.
"""

from __future__ import annotations

import ast
import difflib
import math
import re
import secrets
import time
from dataclasses import dataclass, replace
from pathlib import Path

from grader.errors import UserError
from grader.grading import sandbox
from grader.grading.calls import Call, CallOutcome, Case, Limits
from grader.grading.checks import Context, judge
from grader.grading.exercise import Exercise, FunctionSpec, detect_exercise, find_exercise
from grader.grading.inputs import Inputs, function_rng
from grader.grading.messages import LANGUAGES, say
from grader.grading.reference import FUNCTIONS, signature_problem, stand_in_source
from grader.grading.submission import Submission, load_submission, location
from grader.grading.verdicts import CheckResult, GradeReport

_DEF = re.compile(r"^\s*def\s+([A-Za-z_]\w*)\s*\(", re.MULTILINE)


@dataclass(frozen=True)
class _Planned:
    spec: FunctionSpec
    cases: list[Inputs]
    call: Call


def grade_file(path, exercise: str | None = None, seed: int | None = None, lang: str = "en",
               isolation: str = "full", timeout: float | None = None) -> GradeReport:
    """Grade the .py or .ipynb at `path`. UserError only when it cannot grade at all.

    `timeout`: seconds each function may run, instead of the check table's timeout_seconds.
    """
    started = time.perf_counter()
    if isolation == "full" and hasattr(sandbox, "warm_up"):
        sandbox.warm_up()   # the fork server starts while we read the file and make inputs
    submission = load_submission(Path(path))
    _refuse_unreadable(submission)
    chosen = find_exercise(exercise) if exercise else detect_exercise(_defined_names(submission))
    return grade_submission(submission, chosen, seed=seed, lang=lang, isolation=isolation,
                            started=started, timeout=timeout)


def _refuse_unreadable(submission: Submission) -> None:
    if submission.unreadable:
        raise UserError(f"{submission.path}: could not grade: {submission.unreadable}")


def _defined_names(submission: Submission) -> set[str]:
    """Function names for telling the exercise apart, even from a file that did not parse."""
    if submission.functions:
        return set(submission.functions)
    try:
        text = Path(submission.path).read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return set()
    return set(_DEF.findall(text))


def grade_submission(submission: Submission, exercise: Exercise, *, seed: int | None = None,
                     lang: str = "en", isolation: str = "full",
                     started: float | None = None, timeout: float | None = None) -> GradeReport:
    started = time.perf_counter() if started is None else started
    _refuse_unreadable(submission)
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    timeout = exercise.timeout_seconds if timeout is None else float(timeout)
    limits = Limits(timeout_s=timeout, cpu_s=max(1, math.ceil(timeout)))
    free_globals = frozenset().union(*(info.free_globals for info in submission.functions.values()))
    context = Context(lang=lang, free_globals=free_globals,
                      locate=lambda line: location(submission, line), timeout_seconds=timeout)

    plans = [_plan(spec, submission, seed) for spec in exercise.functions]
    # A def the course's own calls cannot bind to is not called at all: said once, plainly.
    refused = {name for name, info in submission.functions.items()
               if name in FUNCTIONS and signature_problem(FUNCTIONS[name], info.signature)}
    outcomes = _run(submission, [p.call for p in plans if p.spec.name not in refused], limits,
                    isolation)

    results: dict[str, list[CheckResult]] = {}
    dependents = []
    for plan in plans:
        if plan.spec.name in refused:
            results[plan.spec.name] = [_wrong_signature(check, submission, lang)
                                       for check in plan.spec.checks]
        elif FUNCTIONS[plan.spec.name].helpers:
            dependents.append(plan)
        else:
            results[plan.spec.name] = _judge(plan, outcomes[plan.spec.name], context, submission)

    # nn_model / predict: judged with their own helpers if those passed, else stand-in or blocked.
    rerun: list[tuple[_Planned, tuple[str, ...]]] = []
    for plan in dependents:
        name = plan.spec.name
        failed = _failed_helpers(name, submission, results)
        if not failed or outcomes[name].status in ("missing", "load_error"):
            results[name] = _judge(plan, outcomes[name], context, submission)
        elif plan.spec.on_helper_failure == "block":
            results[name] = [_blocked(check, failed, lang) for check in plan.spec.checks]
        else:
            rerun.append((plan, failed))
    if rerun:
        calls = [Call(p.call.function, p.call.cases,
                      {h: stand_in_source(h) for h in failed}, p.call.seed) for p, failed in rerun]
        second = _run(submission, calls, limits, isolation)
        for plan, failed in rerun:
            note = say("facts", "stand_in", lang, helpers=", ".join(failed))
            results[plan.spec.name] = _judge(plan, second[plan.spec.name],
                                             replace(context, notes=(note,)), submission)

    checks = tuple(_explain_missing(result, submission, lang)
                   for spec in exercise.functions for result in results[spec.name])
    return GradeReport(
        path=str(submission.path), exercise=exercise.name,
        title=exercise.title.get(lang, exercise.title["en"]), seed=seed, lang=lang, checks=checks,
        problems=tuple(f"{p.where}: {p.message}" for p in submission.problems),
        isolation=isolation, layers=_layers(isolation),
        seconds=time.perf_counter() - started,
        function_lines={name: location(submission, info.line)
                        for name, info in submission.functions.items()},
    )


def _plan(spec: FunctionSpec, submission: Submission, seed: int) -> _Planned:
    ref = FUNCTIONS[spec.name]
    count = max(check.options["random_cases"] for check in spec.checks)
    options = {}
    for check in spec.checks:
        if check.kind == "learns":
            options = {key: check.options[key] for key in ("every", "iterations", "min_accuracy")}
    cases = ref.make_cases(function_rng(seed, spec.name), count, spec.corners, **options)
    info = submission.functions.get(spec.name)
    takes = len(info.params) if info else 0
    return_args = any(check.kind == "inputs_unchanged" for check in spec.checks)
    call_cases = tuple(
        # The older course's compute_cost(A2, Y, parameters) gets its third argument.
        Case(args=case.args + (case.extra_args if takes > len(case.args) else ()),
             kwargs=dict(case.kwargs), return_args=return_args)
        for case in cases)
    return _Planned(spec, cases, Call(spec.name, call_cases, seed=ref.call_seed))


def _run(submission: Submission, calls: list[Call], limits: Limits,
         isolation: str) -> dict[str, CallOutcome]:
    """Outcomes by function; functions the file does not define are not worth a child process."""
    present = [call for call in calls if call.function in submission.functions]
    outcomes = {call.function: CallOutcome(call.function, "missing") for call in calls}
    if present and submission.source.strip():
        found = sandbox.run_calls(submission.source, submission.filename, present,
                                  modules=submission.modules, limits=limits, isolation=isolation)
        outcomes.update({outcome.function: outcome for outcome in found})
    return outcomes


def _judge(plan: _Planned, outcome: CallOutcome, context: Context,
           submission: Submission) -> list[CheckResult]:
    ref = FUNCTIONS[plan.spec.name]
    info = submission.functions.get(plan.spec.name)
    if info is not None:
        context = replace(context, facts=info.facts)
    return [judge(check, ref, plan.cases, outcome, context) for check in plan.spec.checks]


def _failed_helpers(name: str, submission: Submission, results) -> tuple[str, ...]:
    """The graded helpers that `name` calls in the student's code and that did not pass."""
    called = _called_names(submission, name)
    return tuple(
        helper for helper in FUNCTIONS[name].helpers
        if helper in results and (called is None or helper in called)
        and not all(check.passed for check in results[helper])
    )


def _called_names(submission: Submission, name: str) -> set[str] | None:
    """Names the student's `name` reads (None when that cannot be told: then assume all)."""
    try:
        tree = ast.parse(submission.source)
    except (SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    return None


def _explain_missing(result: CheckResult, submission: Submission, lang: str) -> CheckResult:
    """Why a graded function is not there: a syntax error in its cell, or a near name."""
    if result.verdict != "missing":
        return result
    name = result.function
    for problem in submission.problems:
        if name in problem.lost:
            return replace(result, message=say("verdicts", "lost_to_syntax_error", lang,
                                               function=name, where=problem.where,
                                               problem=problem.message))
    near = difflib.get_close_matches(name, list(submission.functions), n=1, cutoff=0.75)
    if near:
        fields = {"function": name, "near": near[0],
                  "where": location(submission, submission.functions[near[0]].line)}
        return replace(result, diagnosis="misnamed_function",
                       message=say("diagnoses", "misnamed_function", lang, **fields))
    return result


def _wrong_signature(check, submission: Submission, lang: str) -> CheckResult:
    info = submission.functions[check.function]
    fields = {"function": check.function, "expected": FUNCTIONS[check.function].course_signature,
              "got": info.signature.describe(check.function),
              "where": location(submission, info.line)}
    return CheckResult(check.function, check.name, "error", 0.0, check.points, "wrong_signature",
                       say("diagnoses", "wrong_signature", lang, **fields))


def _blocked(check, failed: tuple[str, ...], lang: str) -> CheckResult:
    return CheckResult(check.function, check.name, "blocked", 0.0, check.points, None,
                       say("verdicts", "blocked", lang, helper=", ".join(failed)))


def _layers(isolation: str) -> tuple[str, ...]:
    available = getattr(sandbox, "available_layers", None)
    if isolation != "full" or available is None:
        return ()
    try:
        return tuple(str(getattr(layer, "name", layer)) for layer in available()
                     if getattr(layer, "active", True))
    except Exception:   # a report is still worth having without the layer list
        return ()
