"""The sandbox: the only place student code runs, and the protocol that brings plain data back.

    run_calls(source, filename, calls, modules=..., limits=..., isolation="full")
        -> list[CallOutcome], one per Call, each Call in its own child process.
    available_layers() -> list[Layer]: which isolation layers this machine gives "full".
"""

from __future__ import annotations

from grader.grading.sandbox.runner import run_calls

__all__ = ["run_calls"]
