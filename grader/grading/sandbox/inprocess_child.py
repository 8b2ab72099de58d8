"""isolation="inprocess": the child's harness run inside the calling process (benchmark floor).

No limits, no guard, no process boundary: a submission could do anything to the grader. It
exists to measure what the other modes cost, and must never grade a real submission.
"""

from __future__ import annotations

import importlib.util
import sys

from grader.grading.sandbox.runner import CHILD


def _harness():
    name = "_grader_sandbox_child"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, CHILD)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def run(request: dict) -> dict:
    """The harness's answer for `request`, undoing what loading the submission changed."""
    harness = _harness()
    meta_path = list(sys.meta_path)
    had = {name: sys.modules.get(name) for name in ("submission", *request.get("modules", {}))}
    try:
        return harness.run_call(request)
    finally:
        sys.meta_path[:] = meta_path
        for name, module in had.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
