"""Parent side: turn the child's decoded answer into a CallOutcome, or say it is malformed.

The answer's shape is checked strictly; a student who writes to the answer pipe can only produce
an answer that is theirs anyway (their own values) or one that is refused as "crashed".
"""

from __future__ import annotations

from typing import Any

from grader.grading.calls import CaseResult, ErrorInfo, Frame

# What a child may claim. "timeout" and "crashed" are the parent's verdicts alone.
_CHILD_STATUSES = {"ok", "missing", "load_error", "memory", "forbidden", "output_limit"}
_TEXT_CAP = 10_000


class Malformed(Exception):
    """The answer decoded, but is not the shape the harness sends."""


def _text(value: Any, what: str) -> str:
    if type(value) is not str:
        raise Malformed(f"{what} is not text")
    return value[:_TEXT_CAP]


def _error(value: Any) -> ErrorInfo:
    if type(value) is not dict or set(value) != {"type", "message", "frames"}:
        raise Malformed("an error is not shaped like one")
    frames_raw = value["frames"]
    if type(frames_raw) is not list:
        raise Malformed("error frames are not a list")
    frames = []
    for item in frames_raw[:100]:
        if (type(item) is not list or len(item) != 3 or type(item[0]) is not int
                or type(item[1]) is not str or type(item[2]) is not str):
            raise Malformed("an error frame is not shaped like one")
        # A line past any file's (10**5000 from a replaced traceback module) reads as unknown.
        line = item[0] if 0 <= item[0] < 10**9 else 0
        frames.append(Frame(line=line, function=item[1][:200], text=item[2][:500]))
    return ErrorInfo(type=_text(value["type"], "an error type")[:200],
                     message=_text(value["message"], "an error message"), frames=tuple(frames))


def _case(value: Any, return_args: bool) -> CaseResult:
    if type(value) is not dict or type(value.get("ok")) is not bool:
        raise Malformed("a case result is not shaped like one")
    expected = {"ok", "value" if value["ok"] else "error"} | ({"args_after"} if return_args else set())
    if set(value) != expected:
        raise Malformed("a case result has the wrong fields")
    args_after = None
    if return_args:
        args_after = value["args_after"]
        if type(args_after) is not tuple:
            raise Malformed("returned arguments are not a tuple")
    if value["ok"]:
        return CaseResult(ok=True, value=value["value"], args_after=args_after)
    return CaseResult(ok=False, error=_error(value["error"]), args_after=args_after)


def parse(answer: Any, return_args: list[bool], token: str) -> dict:
    """Keyword arguments for CallOutcome (status, cases, error, detail) from a decoded answer
    that must carry the call's `token`."""
    if type(answer) is not dict or type(answer.get("status")) is not str:
        raise Malformed("the answer is not shaped like one")
    claimed = answer.pop("token", None)
    if type(claimed) is not str or claimed != token:   # an array here must not be compared
        raise Malformed("the answer does not carry the call's token")
    status = answer["status"]
    if status not in _CHILD_STATUSES:
        raise Malformed("the answer claims an unknown status")
    if status == "ok":
        if set(answer) != {"status", "cases"} or type(answer["cases"]) is not list:
            raise Malformed("an ok answer has the wrong fields")
        cases = answer["cases"]
        if len(cases) != len(return_args):
            raise Malformed("the answer has the wrong number of cases")
        return {"status": "ok",
                "cases": tuple(_case(c, r) for c, r in zip(cases, return_args))}
    if not set(answer) <= {"status", "error", "detail"}:
        raise Malformed("the answer has unknown fields")
    result: dict = {"status": status, "detail": _text(answer.get("detail", ""), "the detail")}
    if "error" in answer:
        result["error"] = _error(answer["error"])
    return result
