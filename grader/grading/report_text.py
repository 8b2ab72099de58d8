"""The text report: one block per check, the mistake named, the total and the seed last.

Reports carry text that came from the student (exception messages, traceback lines, printed
output, paths, names inside sentences). Every piece of text a report shows goes through
`printable`, here, for the text report and the Gradescope JSON alike: control characters are
shown escaped (`\\x1b`, `\\r`) so they cannot clear, retitle or rewrite a terminal, each piece is
bounded, and its own line breaks become indented continuation lines, so it cannot add a line that
reads like the grader's (a verdict row, "All checks passed.", the total).
"""

from __future__ import annotations

import re

from grader.grading.messages import say
from grader.grading.verdicts import GradeReport

MAX_TEXT = 2000          # characters of one piece of text (a message, a detail, a problem)
HANG = "    "            # extra indent of a piece's continuation lines

# C0 and C1 controls but the line break (handled by splitting), DEL, and the Unicode line
# separators and bidirectional overrides that reorder what a reader sees.
# Controls, line and paragraph separators, bidi overrides, and lone surrogates (which no UTF-8
# encoder can write: a report holding one could not be printed or saved as JSON).
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")
_NAMED = {"\r": "\\r", "\t": "\\t", "\x0b": "\\v", "\x0c": "\\f"}


def _escape(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(text, limit: int = MAX_TEXT) -> list[str]:
    """`text` as lines safe to show: controls escaped, at most `limit` characters kept."""
    text = str(text)
    if len(text) > limit:
        text = text[:limit] + f" … ({len(text) - limit} more characters)"
    return _UNSAFE.sub(_escape, text.replace("\r\n", "\n")).split("\n")


def block(text, indent: str) -> list[str]:
    """`text` at `indent`, its continuation lines further in."""
    first, *rest = printable(text)
    return [indent + first] + [indent + HANG + line for line in rest]


def one_line(text) -> str:
    """`text` on a single line (for names and table cells)."""
    return " ".join(printable(text))


def codes(check) -> str:
    """" [cost_missing_term, missing_1_over_m]" after a message: the stable codes it names."""
    return f" [{', '.join(check.diagnoses)}]" if check.diagnoses else ""


def points(value: float) -> str:
    return f"{value:g}"


def render_text(report: GradeReport) -> str:
    lang = report.lang
    lines = [*block(say("report", "title", lang, path=report.path, exercise=report.exercise,
                        title=report.title), ""), ""]
    if report.problems:
        lines.append(say("report", "problems", lang))
        for problem in report.problems:
            lines += block(problem, "  ")
        lines.append("")
    name_width = max((len(one_line(c.function)) for c in report.checks), default=10)
    check_width = max((len(one_line(c.check)) for c in report.checks), default=6)
    for check in report.checks:
        status = check.verdict + (" (!)" if check.warning else "")
        where = one_line(report.function_lines.get(check.function, ""))
        lines.append(f"  {one_line(check.function):<{name_width}}  {one_line(check.check):<{check_width}}  "
                     f"{status:<12} {points(check.score):>3}/{points(check.max_score):<3} {where}"
                     .rstrip())
        if not check.passed or check.warning:
            lines += block(f"{check.message}{codes(check)}", "      ")
        for detail in check.details:
            lines += block(detail, "      ")
    lines.append("")
    if report.all_passed:
        lines.append(say("report", "all_passed", lang))
    lines.append(say("report", "total", lang, score=points(report.score),
                     max_score=points(report.max_score))
                 + "  (" + say("report", "reproduce", lang, seed=report.seed) + ")")
    return "\n".join(lines) + "\n"
