"""A GradeReport as Gradescope's results.json (their autograder specification).

Top level: score, execution_time, output, visibility, extra_data (seed, sandbox layers), tests.
Each test: name, score, max_score, status ("passed"/"failed"), output, and extra_data naming
the function, the check, the verdict and the diagnosis code (or null).

Gradescope shows `output` as text or markdown, so it gets the text report's treatment
(report_text.printable): no control characters, bounded pieces, indented continuation lines.
"""

from __future__ import annotations

from grader.grading.messages import say
from grader.grading.report_text import block, codes, one_line, points
from grader.grading.verdicts import GradeReport


def _output(check) -> str:
    lines = block(f"{check.message}{codes(check)}", "")
    for detail in check.details:
        lines += block(detail, "")
    return "\n".join(lines)


def could_not_grade(message: str) -> dict:
    """A valid results.json for a submission that could not be graded at all (no exercise
    found, a folder, ...): score 0 and the reason, so the autograder still has a result."""
    return {
        "score": 0.0,
        "execution_time": 0.0,
        "output": one_line(f"Could not grade this submission: {message}"),
        "visibility": "visible",
        "extra_data": {"exercise": None, "verdict": "could_not_grade"},
        "tests": [],
    }


def to_gradescope(report: GradeReport) -> dict:
    tests = [
        {
            "name": one_line(f"{check.function}: {check.check}"),
            "score": check.score,
            "max_score": check.max_score,
            "status": "passed" if check.passed else "failed",
            "output": _output(check),
            "visibility": "visible",
            "extra_data": {"function": check.function, "check": check.check,
                           "verdict": check.verdict, "diagnosis": check.diagnosis,
                           "diagnoses": list(check.diagnoses)},
        }
        for check in report.checks
    ]
    summary = [say("report", "total", report.lang, score=points(report.score),
                   max_score=points(report.max_score)),
               say("report", "reproduce", report.lang, seed=report.seed)]
    if report.problems:
        summary.append(say("report", "problems", report.lang))
        for problem in report.problems:
            summary += block(problem, "")
    return {
        "score": report.score,
        "execution_time": round(report.seconds, 3),
        "output": "\n".join(summary),
        "visibility": "visible",
        "extra_data": {"exercise": report.exercise, "seed": report.seed,
                       "isolation": report.isolation, "layers": list(report.layers),
                       "max_score": report.max_score},
        "tests": tests,
    }
