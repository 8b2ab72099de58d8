"""The sandbox: the only place student code runs, and the protocol that brings plain data back.

    run_calls(source, filename, calls, modules=..., limits=..., isolation="full")
        -> list[CallOutcome], one per Call, each Call in its own child process.
    available_layers() -> list[Layer]: the isolation layers "full" has on this machine.
    warm_up(): start the fork server early, so its start-up overlaps the caller's work.

isolation="full" grades; "plain" (a fresh Python per Call, no OS layers) and "inprocess" (no
process boundary at all: never for real submissions) exist to measure what the layers cost.
See docs/security.md.
"""

from __future__ import annotations

from grader.grading.calls import Layer
from grader.grading.sandbox.runner import available_layers, run_calls, warm_up

__all__ = ["Layer", "available_layers", "run_calls", "warm_up"]
