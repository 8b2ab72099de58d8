"""The text report: one block per check, the mistake named, the total and the seed last."""

from __future__ import annotations

from grader.grading.messages import say
from grader.grading.verdicts import GradeReport


def points(value: float) -> str:
    return f"{value:g}"


def render_text(report: GradeReport) -> str:
    lang = report.lang
    lines = [say("report", "title", lang, path=report.path, exercise=report.exercise,
                 title=report.title), ""]
    if report.problems:
        lines.append(say("report", "problems", lang))
        lines += [f"  {problem}" for problem in report.problems]
        lines.append("")
    name_width = max((len(c.function) for c in report.checks), default=10)
    check_width = max((len(c.check) for c in report.checks), default=6)
    for check in report.checks:
        status = check.verdict + (" (!)" if check.warning else "")
        where = report.function_lines.get(check.function, "")
        lines.append(f"  {check.function:<{name_width}}  {check.check:<{check_width}}  "
                     f"{status:<12} {points(check.score):>3}/{points(check.max_score):<3} {where}"
                     .rstrip())
        if not check.passed or check.warning:
            code = f" [{check.diagnosis}]" if check.diagnosis else ""
            lines.append(f"      {check.message}{code}")
            lines += [f"      {detail}" for detail in check.details]
        elif check.details:
            lines += [f"      {detail}" for detail in check.details]
    lines.append("")
    if report.all_passed:
        lines.append(say("report", "all_passed", lang))
    lines.append(say("report", "total", lang, score=points(report.score),
                     max_score=points(report.max_score))
                 + "  (" + say("report", "reproduce", lang, seed=report.seed) + ")")
    return "\n".join(lines) + "\n"
