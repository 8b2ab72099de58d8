"""Whatever the bytes, load_submission answers (problems, never an exception), and the module
text it hands the sandbox always compiles."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.grading.submission import load_submission, location

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT = (FIXTURES / "planar_course_export.py").read_bytes()
NOTEBOOK = (FIXTURES / "planar_course.ipynb").read_bytes()

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def mutated(draw, original: bytes):
    """The original with a few random cuts, insertions and byte changes."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "flip"]))
        if action == "cut":
            del data[at:at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from(
                [b"(", b")", b'"""', b"\n", b"    ", b"%time ", b"!", b"\xff", b"\x00", b"def ",
                 b":", b"{", b"]", b"\\", b"\t"]))
        elif at < len(data):
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


def check(sub):
    compile(sub.source, sub.filename, "exec", dont_inherit=True)
    lines = sub.source.split("\n")
    for info in sub.functions.values():
        assert lines[info.line - 1].lstrip().startswith(("def ", "async def ", info.name))
        assert location(sub, info.line)
    for problem in sub.problems:
        assert problem.message and problem.where


@SETTINGS
@given(data=mutated(EXPORT))
def test_mutated_export_never_raises(tmp_path, data):
    path = tmp_path / "export.py"
    path.write_bytes(data)
    check(load_submission(path))


@SETTINGS
@given(data=mutated(NOTEBOOK))
def test_mutated_notebook_never_raises(tmp_path, data):
    path = tmp_path / "nb.ipynb"
    path.write_bytes(data)
    check(load_submission(path))


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes_never_raise(tmp_path, data):
    for name in ("x.py", "x.ipynb"):
        path = tmp_path / name
        path.write_bytes(data)
        check(load_submission(path))
