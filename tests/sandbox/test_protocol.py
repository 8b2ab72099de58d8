"""The wire format: every plain type survives the round trip with its kind; garbage never decodes
as anything but a ProtocolError."""

from __future__ import annotations

import collections
import enum
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.grading.calls import Unsupported
from grader.grading.sandbox import protocol
from grader.grading.sandbox.answer import Malformed, parse


def roundtrip(value):
    return protocol.decode(protocol.encode(value), make_unsupported=Unsupported)


def same(a, b) -> bool:
    """Equal values of exactly the same types, recursively (arrays: dtype, shape, bits)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and (
            a.tobytes() == b.tobytes() or np.array_equal(a, b))  # long double has padding bytes
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and (a.tobytes() == b.tobytes() or bool(a == b))
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


@pytest.mark.parametrize("value", [
    None, True, False, 0, -1, 2**200, -(2**70), 1.5, -0.0, float("inf"), float("nan"),
    "", "héllo 你好", "\udcff surrogate",
    np.float64(2.5), np.float32(1.25), np.float16(0.5), np.int64(-3), np.int8(7), np.uint64(2**63),
    np.bool_(True), np.complex128(1 + 2j), np.longdouble(1.5),
    np.array(3.0), np.zeros((0, 4)), np.arange(12, dtype=np.int32).reshape(3, 4),
    np.array([True, False]), np.ones((2, 3), dtype=np.float16), np.array([1 + 1j], dtype=np.complex64),
    np.arange(6.0).reshape(2, 3).T,   # non-contiguous
    (1, 2.0, "x"), [1, [2, [3]]], {"W1": np.ones((4, 2)), "b1": np.zeros((4, 1))}, {}, [], (),
])
def test_plain_values_round_trip_with_their_kind(value):
    assert same(roundtrip(value), value)


def test_scalar_kinds_stay_distinct():
    kinds = [type(roundtrip(v)) for v in (1.0, np.float64(1.0), np.array(1.0), 1, True, np.bool_(1))]
    assert kinds == [float, np.float64, np.ndarray, int, bool, np.bool_]


def test_subclasses_become_their_base_type():
    class MyFloat(float):
        pass

    class MyDict(dict):
        def items(self):
            raise RuntimeError("not called")

    class Color(enum.IntEnum):
        RED = 1

    Point = collections.namedtuple("Point", "x y")
    assert same(roundtrip(MyFloat(1.5)), 1.5)
    assert same(roundtrip(MyDict(a=1)), {"a": 1})
    assert same(roundtrip(Color.RED), 1)
    assert same(roundtrip(Point(1, 2)), (1, 2))
    assert same(roundtrip(np.matrix([[1.0, 2.0]])), np.array([[1.0, 2.0]]))
    assert same(roundtrip(np.ma.masked_array([1.0, 2.0])), np.array([1.0, 2.0]))


def test_byte_swapped_arrays_arrive_in_native_order():
    big = np.arange(3, dtype=">f8")
    got = roundtrip(big)
    assert got.dtype == np.dtype("f8") and got.tolist() == [0.0, 1.0, 2.0]


@pytest.mark.parametrize("value, name", [
    (np.array([object()], dtype=object), "ndarray[object]"),
    (b"bytes", "bytes"),
    (1 + 2j, "complex"),
    ({1: 2}, "dict (keys not all str)"),
    (np.datetime64("2020-01-01"), "datetime64"),
    (np.zeros(2, dtype=[("a", "f8")]), "ndarray[structured]"),
    (print, "builtin_function_or_method"),
])
def test_other_values_cross_as_unsupported(value, name):
    assert roundtrip(value) == Unsupported(name)


def test_a_student_object_that_breaks_when_read_becomes_unsupported():
    class Evil(list):
        def __iter__(self):
            raise RuntimeError("boom")

    class Meta(type):
        @property
        def __name__(cls):
            raise RuntimeError("boom")

    class Odd(metaclass=Meta):
        pass

    assert same(roundtrip(Evil([1, 2])), [1, 2])
    assert roundtrip(Odd()) == Unsupported("test_a_student_object_that_breaks_when_read_becomes_unsupported.<locals>.Odd")


def test_self_referencing_values_do_not_hang():
    loop: list = []
    loop.append(loop)
    got = roundtrip(loop)
    depth = 0
    while isinstance(got, list):
        got, depth = got[0], depth + 1
    assert isinstance(got, Unsupported) and depth == protocol.MAX_DEPTH


def test_size_limit_raises_too_large():
    with pytest.raises(protocol.TooLarge):
        protocol.encode(np.zeros(1000), limit=100)
    with pytest.raises(protocol.TooLarge):
        protocol.encode(["x" * 50] * 10, limit=100)


@pytest.mark.parametrize("stream", [
    b"", b"\x93GSB", protocol.encode(1)[:-1], protocol.encode(1) + b"\x00",
    protocol.encode(1) + protocol.encode(2), b"XXXX" + protocol.encode(1)[4:],
    protocol.frame(b"Z"), protocol.frame(b"s\xff\xff\xff\xff"), protocol.frame(b"s\x02\x00\x00\x00\xff\xfe"),
    protocol.frame(b"A\x0b\x01" + struct.pack("<QQ", 3, 16) + b"\x00" * 16),  # 3 x f8 is 24 bytes
    protocol.frame(b"A\x63\x00" + struct.pack("<Q", 0)),                        # unknown dtype code
    protocol.frame(b"L" + struct.pack("<I", 2**31)),
    protocol.frame(b"L\x01\x00\x00\x00" * 100 + b"N"),                          # too deep
    protocol.frame(b"D\x02\x00\x00\x00" + (b"\x01\x00\x00\x00aN") * 2),         # repeated key
    protocol.frame(b"i\x00\x00\x00\x00"),
])
def test_malformed_streams_are_protocol_errors(stream):
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(stream)


def test_declared_length_over_the_limit_is_refused_before_reading():
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(protocol.encode("x" * 100), limit=50)


# --------------------------------------------------------------------------------- fuzz

PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.builds(np.float64, st.floats()) | st.builds(np.int32, st.integers(-2**31, 2**31 - 1))
    | st.builds(lambda xs: np.array(xs, dtype=np.float64), st.lists(st.floats(), max_size=6)),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(PLAIN)
def test_fuzz_round_trip(value):
    assert same(roundtrip(value), value)


def _verdict(stream: bytes):
    """What the parent makes of a stream: an outcome's fields, or a clean refusal."""
    try:
        decoded = protocol.decode(stream, limit=1 << 20, make_unsupported=Unsupported)
    except protocol.ProtocolError:
        return "refused"
    try:
        return parse(decoded, [False], "t")
    except Malformed:
        return "refused"


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=200))
def test_fuzz_arbitrary_bytes_never_raise_and_never_succeed(data):
    assert _verdict(data) == "refused"


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 300))
def test_fuzz_arbitrary_payloads_in_a_valid_frame(payload, declared):
    # A well-formed header with garbage inside, and headers that lie about the length.
    for stream in (protocol.frame(payload), protocol.HEADER.pack(protocol.MAGIC, declared) + payload):
        verdict = _verdict(stream)
        assert verdict == "refused" or isinstance(verdict, dict)


@settings(max_examples=300, deadline=None)
@given(PLAIN, st.integers(0, 10_000), st.binary(min_size=1, max_size=8))
def test_fuzz_corrupted_real_messages(value, where, junk):
    good = protocol.encode({"status": "ok", "token": "t", "cases": [{"ok": True, "value": value}]})
    cut = where % (len(good) + 1)
    for stream in (good[:cut], good[:cut] + junk + good[cut:], good + junk):
        if stream == good:
            continue
        verdict = _verdict(stream)
        if verdict != "refused":
            # Only a still-valid message may decode; it must then be plain and shaped right.
            assert verdict["status"] == "ok" and len(verdict["cases"]) == 1


def test_garbage_and_spoofed_answers_are_not_success():
    assert _verdict(b"ok") == "refused"
    ok_case = [{"ok": True, "value": 1}]
    assert _verdict(protocol.encode({"status": "ok", "token": "t", "cases": []})) == "refused"
    assert _verdict(protocol.encode({"status": "timeout", "token": "t"})) == "refused"
    assert _verdict(protocol.encode({"status": "ok", "token": "t", "cases": [{"ok": True}]})) == "refused"
    assert _verdict(protocol.encode({"status": "ok", "cases": ok_case})) == "refused"       # no token
    assert _verdict(protocol.encode({"status": "ok", "token": "x", "cases": ok_case})) == "refused"
    assert _verdict(protocol.encode(["status", "ok"])) == "refused"
    good = {"status": "ok", "token": "t", "cases": ok_case}
    assert _verdict(protocol.encode(good))["cases"][0].value == 1


def test_an_answer_whose_token_is_an_array_is_refused_not_a_crash():
    ok_case = [{"ok": True, "value": 1}]
    spoof = {"status": "ok", "token": np.array([1, 2]), "cases": ok_case}
    assert _verdict(protocol.encode(spoof)) == "refused"


def test_a_traceback_line_past_any_file_reads_as_unknown():
    error = {"type": "ValueError", "message": "m", "frames": [[10**5000, "f", "x = 1"]]}
    answer = protocol.encode({"status": "load_error", "token": "t", "error": error})
    (frame,) = _verdict(answer)["error"].frames
    assert frame.line == 0
