"""Compare what a student's function returned with the engine's answer, leaf by leaf.

The first difference found is described as a Mismatch: which value (dW1, cache['A1']), what kind
of difference (type, shape, value), the facts to show (shapes, max |Δ| and where, NaN/inf) and
both leaves, so diagnoses.py can test known mistakes against exactly that value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.grading.calls import Unsupported
from grader.grading.reference import AnyOf


@dataclass(frozen=True)
class Mismatch:
    kind: str                  # wrong_type | wrong_shape | wrong_value
    path: tuple                # keys from the top, e.g. (1, "Z1") or ("dW1",)
    what: str                  # the same path for people: "cache['Z1']", "dW1"
    fact: str                  # a facts.* key in diagnoses.yaml
    fields: dict = field(default_factory=dict)
    expected: Any = None       # the leaves that differ
    got: Any = None


def _fmt(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    return str(value)


def _index(index) -> str:
    return str(tuple(int(i) for i in index))


def describe_type(value) -> str:
    if isinstance(value, Unsupported):
        return f"a {value.type_name} object"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of dtype {value.dtype} and shape {value.shape}"
    if isinstance(value, np.generic):
        return f"a NumPy {type(value).__name__}"
    if value is None:
        return "None (did you forget `return`?)"
    return f"a {type(value).__name__}"


def _name(path: tuple, names: tuple, root: str) -> str:
    text = root
    for depth, key in enumerate(path):
        if depth == 0 and isinstance(key, int) and key < len(names):
            text = names[key]
        elif isinstance(key, int):
            text = f"{text}[{key}]"
        elif depth == 0 and not names:
            text = key
        else:
            text = f"{text}['{key}']"
    return text


class _Comparer:
    def __init__(self, rtol: float, atol: float, names: tuple, root: str):
        self.rtol, self.atol, self.names, self.root = rtol, atol, names, root

    def mismatch(self, kind, path, fact, want, have, **fields) -> Mismatch:
        what = _name(path, self.names, self.root)
        return Mismatch(kind, path, what, fact, {"what": what, **fields}, want, have)

    def compare(self, expected, got, path=()) -> Mismatch | None:
        if isinstance(expected, AnyOf):
            found = [self.compare(option, got, path) for option in expected]
            return None if any(m is None for m in found) else found[0]
        if isinstance(expected, dict):
            return self._dict(expected, got, path)
        if isinstance(expected, tuple):
            return self._tuple(expected, got, path)
        if isinstance(expected, np.ndarray):
            return self._array(expected, got, path)
        return self._number(expected, got, path)

    def _dict(self, expected, got, path):
        if not isinstance(got, dict):
            return self.mismatch("wrong_type", path, "type", expected, got,
                                 expected="a dict", got=describe_type(got))
        for key in expected:
            if key not in got:
                return self.mismatch("wrong_type", path, "missing_key", expected, got, key=key)
        for key in expected:
            found = self.compare(expected[key], got[key], path + (key,))
            if found:
                return found
        return None

    def _tuple(self, expected, got, path):
        if not isinstance(got, (tuple, list)):
            return self.mismatch("wrong_type", path, "type", expected, got,
                                 expected=f"a tuple of {len(expected)}", got=describe_type(got))
        if len(got) != len(expected):
            return self.mismatch("wrong_type", path, "length", expected, got,
                                 expected=len(expected), got=len(got))
        for index, (want, have) in enumerate(zip(expected, got)):
            found = self.compare(want, have, path + (index,))
            if found:
                return found
        return None

    def _number(self, expected, got, path):
        integer = isinstance(expected, (int, np.integer)) and not isinstance(expected, bool)
        if isinstance(got, np.ndarray) and got.shape == () and got.dtype.kind in "biuf":
            got_value = got.item()
        elif isinstance(got, (int, float, np.integer, np.floating)) and not isinstance(got, bool):
            got_value = got.item() if isinstance(got, np.generic) else got
        elif isinstance(got, np.ndarray) and got.dtype.kind in "biuf":
            return self.mismatch("wrong_shape", path, "shape", expected, got,
                                 expected="() (a single number)", got=got.shape)
        else:
            want = "an int" if integer else "a float"
            return self.mismatch("wrong_type", path, "type", expected, got,
                                 expected=want, got=describe_type(got))
        if isinstance(got_value, int) and abs(got_value) >= 2 ** 1024:
            # Past every float: np.isfinite and float() would raise on it (tests/hostile huge_int).
            return self.mismatch("wrong_value", path, "nonfinite", expected,
                                 float("inf") if got_value > 0 else float("-inf"), index="()")
        if not isinstance(got_value, int) and not np.isfinite(got_value):
            return self.mismatch("wrong_value", path, "nonfinite", expected, got, index="()")
        if integer:
            same = float(got_value) == float(expected)
        else:
            same = bool(np.isclose(got_value, expected, rtol=self.rtol, atol=self.atol))
        if same:
            return None
        return self.mismatch("wrong_value", path, "value", expected, got,
                             delta=_fmt(abs(float(got_value) - float(expected))), index="()",
                             expected=_fmt(expected), got=_fmt(got_value))

    def _array(self, expected, got, path):
        if isinstance(got, (int, float, np.generic)) and not isinstance(got, bool):
            got = np.asarray(got)
        if not isinstance(got, np.ndarray) or got.dtype.kind not in "biuf":
            return self.mismatch("wrong_type", path, "type", expected, got,
                                 expected=f"a NumPy array of shape {expected.shape}",
                                 got=describe_type(got))
        if got.shape != expected.shape:
            return self.mismatch("wrong_shape", path, "shape", expected, got,
                                 expected=expected.shape, got=got.shape)
        if expected.size == 0:
            return None
        if expected.dtype == bool:
            # Predictions: booleans or 0./1. numbers (np.round) are the same answer.
            wrong = got.astype(float) != expected.astype(float)
            if not wrong.any():
                return None
            index = np.unravel_index(np.argmax(wrong), wrong.shape)
            return self.mismatch("wrong_value", path, "value", expected, got, delta="1",
                                 index=_index(index), expected=_fmt(expected[index]),
                                 got=_fmt(got[index]))
        got_f = got.astype(float)
        bad = ~np.isfinite(got_f)
        if bad.any():
            index = np.unravel_index(np.argmax(bad), bad.shape)
            return self.mismatch("wrong_value", path, "nonfinite", expected, got,
                                 index=_index(index))
        close = np.isclose(got_f, expected, rtol=self.rtol, atol=self.atol)
        if close.all():
            return None
        delta = np.abs(got_f - expected)
        index = np.unravel_index(np.argmax(delta), delta.shape)
        return self.mismatch("wrong_value", path, "value", expected, got,
                             delta=_fmt(delta[index]), index=_index(index),
                             expected=_fmt(expected[index]), got=_fmt(got_f[index]))


def compare(expected, got, *, rtol: float, atol: float, names: tuple = (),
            root: str = "the result") -> Mismatch | None:
    """The first difference between `got` and `expected` within tolerance, or None."""
    return _Comparer(rtol, atol, names, root).compare(expected, got)


def compare_all(expected, got, *, rtol: float, atol: float, names: tuple = (),
                root: str = "the result") -> list[Mismatch]:
    """Every differing value, not only the first (db1 and db2): a dict or tuple of the right
    keys and length is looked into item by item; anything else counts as one difference."""
    comparer = _Comparer(rtol, atol, names, root)

    def walk(want, have, path) -> list[Mismatch]:
        if isinstance(want, dict) and isinstance(have, dict) and all(k in have for k in want):
            return [m for key in want for m in walk(want[key], have[key], path + (key,))]
        if type(want) is tuple and isinstance(have, (tuple, list)) and len(have) == len(want):
            return [m for index, pair in enumerate(zip(want, have))
                    for m in walk(*pair, path + (index,))]
        found = comparer.compare(want, have, path)
        return [found] if found else []

    return walk(expected, got, ())


def leaf(value, path: tuple):
    """The part of `value` at `path`, or a private marker when it is not there."""
    for key in path:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return _ABSENT
    return value


_ABSENT = object()


def absent(value) -> bool:
    return value is _ABSENT
