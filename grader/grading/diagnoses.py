"""Why an answer is wrong: match it against the engine's known-wrong variants on the same inputs.

A diagnosis is a stable code (diagnoses.yaml holds its sentence in en and zh) plus the fields
that sentence names. The rule is always the same: compute what the mistake would produce, and if
the student's value matches it within tolerance, that is the mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from grader.grading.calls import ErrorInfo
from grader.grading.compare import Mismatch, absent, compare, leaf
from grader.grading.inputs import Inputs
from grader.grading.reference import FunctionRef


@dataclass(frozen=True)
class Diagnosis:
    code: str
    fields: dict = field(default_factory=dict)
    also: tuple["Diagnosis", ...] = ()     # further mistakes in the same value or call

    def flat(self) -> tuple["Diagnosis", ...]:
        """This mistake and every further one, each on its own."""
        return (Diagnosis(self.code, self.fields),) + tuple(d for o in self.also for d in o.flat())


def merge(found: list["Diagnosis | None"]) -> "Diagnosis | None":
    """One diagnosis for several wrong values: the same mistake once, naming every value it
    explains ("db1 and db2"), different mistakes all kept, in the order they were found."""
    first: dict[str, Diagnosis] = {}
    for diagnosis in found:
        for one in (diagnosis.flat() if diagnosis else ()):
            if one.code in first:
                kept = first[one.code]
                what, more = kept.fields.get("what"), one.fields.get("what")
                if what and more and more not in what.split(" and "):
                    first[one.code] = Diagnosis(one.code, {**kept.fields, "what": f"{what} and {more}"})
            else:
                first[one.code] = one
    if not first:
        return None
    primary, *rest = first.values()
    return Diagnosis(primary.code, primary.fields, tuple(rest))


def _matches(expected, got, rtol, atol) -> bool:
    return compare(expected, got, rtol=rtol, atol=atol) is None


def _same_leaf(candidate, mismatch: Mismatch, rtol, atol) -> bool:
    """Does the student's leaf equal `candidate`, and does `candidate` differ from the answer?"""
    if absent(candidate):
        return False
    if _matches(mismatch.expected, candidate, rtol, atol):
        return False   # this mistake leaves that value right, so it cannot explain it
    return _matches(candidate, mismatch.got, rtol, atol)


def _array(value):
    return value if isinstance(value, np.ndarray) else None


def _shape_rules(mismatch: Mismatch, rtol, atol) -> Diagnosis | None:
    expected, got = _array(mismatch.expected), _array(mismatch.got)
    if expected is None or got is None or got.dtype.kind not in "biuf":
        return None
    fields = {"what": mismatch.what, "expected": expected.shape, "got": got.shape}
    if (expected.ndim == 2 and expected.shape[1] == 1 and got.shape == (expected.shape[0],)
            and _matches(expected[:, 0], got, rtol, atol)):
        return Diagnosis("missing_keepdims", fields)
    if (expected.ndim == 2 and expected.shape[0] != expected.shape[1]
            and got.shape == expected.shape[::-1] and _matches(expected.T, got, rtol, atol)):
        return Diagnosis("transposed_product", fields)
    return None


def _scale_rules(mismatch: Mismatch, m: int, rtol, atol) -> Diagnosis | None:
    expected = mismatch.expected
    if not isinstance(expected, (float, np.ndarray)) or m < 2:
        return None
    fields = {"what": mismatch.what, "m": m}
    if _same_leaf(np.multiply(expected, m), mismatch, rtol, atol):
        return Diagnosis("missing_1_over_m", fields)
    if _same_leaf(np.divide(expected, m), mismatch, rtol, atol):
        return Diagnosis("extra_1_over_m", fields)
    return None


def diagnose_value(ref: FunctionRef, case: Inputs, mismatch: Mismatch, *, rtol: float,
                   atol: float) -> Diagnosis | None:
    """The known mistake that explains this mismatch, if one does (or two made together)."""
    m = int(case.dims.get("m", 0))
    for code, variant in ref.variants:
        try:
            wrong = leaf(variant(*case.args), mismatch.path)
        except Exception:   # a variant that does not apply to these inputs explains nothing
            continue
        if _same_leaf(wrong, mismatch, rtol, atol):
            return Diagnosis(code, {"what": mismatch.what})
        if ref.averages_over_m and m >= 2 and not absent(wrong):
            # The most common real cost bug: one term left out and no 1/m, both at once.
            for scale_code, scaled in (("missing_1_over_m", np.multiply), ("extra_1_over_m", np.divide)):
                try:
                    candidate = scaled(wrong, m)
                except Exception:
                    continue
                if _same_leaf(candidate, mismatch, rtol, atol):
                    also = Diagnosis(scale_code, {"what": mismatch.what, "m": m})
                    return Diagnosis(code, {"what": mismatch.what}, (also,))
    found = _shape_rules(mismatch, rtol, atol)
    if found:
        return found
    if ref.averages_over_m:
        found = _scale_rules(mismatch, m, rtol, atol)
        if found:
            return found
    return None


_NAME_ERROR = re.compile(r"name '([^']+)' is not defined")
_MATMUL = ("matmul", "not aligned", "core dimension")
_FLOAT_CALL = re.compile(r"\bfloat\(")


def diagnose_error(function: str, error: ErrorInfo | None,
                   free_globals: frozenset[str]) -> Diagnosis | None:
    """A known cause for an exception: a notebook global, or matrix shapes that do not line up."""
    if error is None:
        return None
    if error.type == "NameError":
        found = _NAME_ERROR.search(error.message)
        if found and found.group(1) in free_globals:
            return Diagnosis("uses_global_variable", {"function": function, "name": found.group(1)})
    if error.type == "ValueError" and any(word in error.message for word in _MATMUL):
        return Diagnosis("matmul_shapes")
    # The student's own line, read from their source: a scalar that is still a NumPy array,
    # where their assert or float() wants a Python float (float() of a (1, 1) array only
    # warned before NumPy 2).
    text = error.frames[-1].text.strip() if error.frames else ""
    if (error.type == "AssertionError" and "isinstance(" in text and "float" in text) or (
            error.type == "TypeError" and _FLOAT_CALL.search(text)):
        return Diagnosis("not_a_python_float", {"text": text})
    return None
