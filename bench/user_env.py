"""The environment the benchmarks start commands in: a student's machine's, not this sandbox's."""

from __future__ import annotations

import os

# A student's Python caches bytecode. With PYTHONDONTWRITEBYTECODE set (as in some sandboxes),
# every start would recompile grader/ from source and a benchmark would time that instead.
SANDBOX_ONLY = ("PYTHONDONTWRITEBYTECODE",)


def user_env(drop: tuple[str, ...] = ()) -> dict[str, str]:
    """os.environ less the sandbox-only variables and `drop`."""
    return {key: value for key, value in os.environ.items() if key not in SANDBOX_ONLY + drop}
