"""The contract between the grading parent and the sandbox: what to call, and what came back.

The parent asks "call function f on these cases"; the sandbox runs the student's code in a child
process and hands back plain data only. Values that cross are "plain": numeric/bool NumPy arrays,
NumPy scalars, Python float/int/bool/None/str, and tuple/list/dict (str keys) of those. Anything
else the child returned is reported as an `Unsupported` value naming its type, never rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# How far the sandbox isolates. "full" is what grading uses: every layer the machine offers.
# "plain" is a bare subprocess (to measure what the layers cost); "inprocess" runs in this process
# and exists only as the benchmark's floor: never for grading real submissions.
Isolation = Literal["full", "plain", "inprocess"]

CallStatus = Literal[
    "ok",          # the child ran the cases; see each CaseResult
    "missing",     # the module has no such function (or it is not callable)
    "load_error",  # importing the submission raised (see error)
    "timeout",     # wall or CPU limit; the child and everything it started were killed
    "memory",      # memory cap hit
    "forbidden",   # the code did something the sandbox refuses (import grader, read tables, ...)
    "crashed",     # the child died without a well-formed answer (exit, signal, garbage)
    "output_limit",  # the encoded result was larger than the cap
]


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 10.0          # wall clock for one Call (all its cases)
    cpu_s: int = 10                  # RLIMIT_CPU
    memory_bytes: int = 2 << 30      # RLIMIT_AS
    output_bytes: int = 64 << 10     # stdout/stderr kept per stream (rest dropped, marked)
    result_bytes: int = 64 << 20     # largest encoded answer accepted
    file_bytes: int = 16 << 20       # RLIMIT_FSIZE in the scratch folder
    processes: int = 64              # RLIMIT_NPROC where it applies


@dataclass(frozen=True)
class Case:
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    return_args: bool = False        # also send the args back after the call (mutation checks)


@dataclass(frozen=True)
class Call:
    function: str
    cases: tuple[Case, ...]
    # Helper name -> self-contained source defining it: installed into the student's module for
    # this call only (e.g. the reference backward_propagation while grading nn_model).
    stand_ins: dict[str, str] = field(default_factory=dict)
    seed: int | None = None          # np.random.seed(seed) in the child before each case


@dataclass(frozen=True)
class Frame:
    """One line of a traceback that is in the student's own file."""
    line: int
    function: str
    text: str


@dataclass(frozen=True)
class ErrorInfo:
    type: str                        # e.g. "NameError"
    message: str
    frames: tuple[Frame, ...] = ()   # the student's own frames only, innermost last


@dataclass(frozen=True)
class Unsupported:
    """A returned value of a type that may not cross (object arrays, custom classes, ...)."""
    type_name: str


@dataclass(frozen=True)
class CaseResult:
    ok: bool
    value: Any = None                # plain data (see module doc) when ok
    error: ErrorInfo | None = None   # when not ok
    args_after: tuple | None = None  # when Case.return_args


@dataclass(frozen=True)
class CallOutcome:
    function: str
    status: CallStatus
    cases: tuple[CaseResult, ...] = ()   # one per Case when status == "ok"
    error: ErrorInfo | None = None       # load_error / forbidden / crashed detail
    detail: str = ""                     # one plain sentence for the report
    stdout: str = ""                     # the student's prints, truncated to the cap
    stderr: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Layer:
    """One isolation layer of the sandbox on this machine (see `grader doctor`)."""
    name: str
    active: bool
    detail: str                      # how it is done, or why it is not available
