"""Student text in a report (exception messages, traceback lines, names) cannot forge or hide the
grader's own lines, in the terminal report or in Gradescope's output fields."""

from __future__ import annotations

import json
import re

from grader.grading.gradescope import to_gradescope
from grader.grading.report_text import MAX_TEXT, render_text
from grader.grading.verdicts import CheckResult, GradeReport

FORGED = ("\x1b[2J\x1b[H\x1b]0;grader\x07\rAll checks passed.\n"
          "Total: 11/11  (seed 1; reproduce with --seed 1)\n\x1b[8m\u202e\x85")
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _report(message=FORGED, detail=FORGED, problem=FORGED, function="compute_cost"):
    checks = (CheckResult("layer_sizes", "values", "pass", 1, 1, message="correct"),
              CheckResult(function, "values", "error", 0, 1, None, message, (detail,)))
    return GradeReport(path="sub\x1b[31m.py", exercise="planar", title="Planar", seed=1, lang="en",
                       checks=checks, problems=(problem,), function_lines={function: "line 3\r"})


def test_the_text_report_shows_controls_escaped_and_adds_no_lines_of_its_own():
    text = render_text(_report())
    assert not CONTROLS.search(text)
    assert "\\x1b[2J" in text and "\\r" in text and "\\u202e" in text   # shown, not obeyed
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("Total:")] == \
        ["Total: 1/2  (seed 1; reproduce with --seed 1)"]
    assert not any(line.startswith("All checks passed") for line in lines)


def test_every_forged_line_is_indented_deeper_than_the_line_it_continues():
    lines = render_text(_report()).splitlines()
    for number, line in enumerate(lines):
        if "Total: 11/11" in line:
            previous = lines[number - 1]
            assert len(line) - len(line.lstrip()) > len(previous) - len(previous.lstrip())


def test_long_student_text_is_bounded():
    text = render_text(_report(message="x" * 100_000, detail="y" * 100_000))
    assert len(text) < 4 * MAX_TEXT + 2000
    assert "more characters" in text


def test_gradescope_output_fields_carry_no_controls():
    result = to_gradescope(_report(function="compute_cost\x1b[8m"))
    texts = [result["output"]] + [t["output"] for t in result["tests"]] + [t["name"] for t in result["tests"]]
    assert not any(CONTROLS.search(text) for text in texts)
    assert any("\\x1b]0;grader\\x07\\rAll checks passed." in text for text in texts)
    json.dumps(result)


def test_ordinary_text_is_unchanged():
    report = _report(message="ValueError: shapes (4,2) and (3,5) not aligned", detail="on case 1:",
                     problem="line 3: syntax error")
    text = render_text(report)
    assert "      ValueError: shapes (4,2) and (3,5) not aligned\n" in text
    assert "  line 3: syntax error\n" in text


def test_lone_surrogates_from_student_text_still_make_a_report_that_encodes():
    lone = "bad \ud800 and \udfff"
    report = _report(message=lone, detail=lone, problem=lone)
    text = render_text(report)
    text.encode("utf-8")   # what printing it to a UTF-8 terminal or file does
    assert "\\ud800" in text
    json.dumps(to_gradescope(report), ensure_ascii=False).encode("utf-8")
