"""What grading found, as plain data: one CheckResult per (function, check), one GradeReport.

Reports are built once, in one language, by grade.py; report_text.py and gradescope.py only
lay them out. Nothing here imports NumPy, so the renderers stay light.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The verdicts a check can end with (the Gradescope extra_data names them as they are here).
VERDICTS = (
    "pass",         # every case matched the engine (or every property held)
    "wrong_value",  # right type and shape, wrong numbers (or a property failed)
    "wrong_shape",  # an array of the wrong shape
    "wrong_type",   # not the kind of value asked for (a list for an array, a missing key, ...)
    "error",        # the code raised, or the file could not be loaded
    "timeout",      # it ran past the time limit
    "memory",       # it ran out of memory
    "missing",      # the function is not in the file
    "forbidden",    # it did something the sandbox refuses
    "blocked",      # not graded: a helper it calls failed (see that helper)
)


@dataclass(frozen=True)
class CheckResult:
    function: str
    check: str                      # the check's name in the check table, e.g. "values"
    verdict: str                    # one of VERDICTS
    score: float
    max_score: float
    diagnosis: str | None = None    # a stable code from diagnoses.yaml, or None
    message: str = ""               # the main sentence, in the report's language
    details: tuple[str, ...] = ()   # supporting facts: shapes, max |Δ|, traceback lines
    warning: bool = False           # passed, but with a remark (no penalty)
    also: tuple[str, ...] = ()      # further diagnosis codes, when one answer has several mistakes

    @property
    def diagnoses(self) -> tuple[str, ...]:
        return ((self.diagnosis,) if self.diagnosis else ()) + self.also

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"


@dataclass(frozen=True)
class GradeReport:
    path: str
    exercise: str
    title: str
    seed: int
    lang: str
    checks: tuple[CheckResult, ...]
    problems: tuple[str, ...] = ()      # about the file as a whole (syntax error at line 12, ...)
    isolation: str = "full"
    layers: tuple[str, ...] = ()        # the sandbox's active isolation layers
    seconds: float = 0.0
    function_lines: dict = field(default_factory=dict)   # function -> "line 12" / "cell 3, line 1"

    @property
    def score(self) -> float:
        return round(sum(check.score for check in self.checks), 6)

    @property
    def max_score(self) -> float:
        return round(sum(check.max_score for check in self.checks), 6)

    @property
    def all_passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def exit_code(self) -> int:
        """0 when everything passed, 1 when graded with failures."""
        return 0 if self.all_passed else 1
