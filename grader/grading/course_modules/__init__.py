"""The course's helper modules, as source text for the child process (never imported here).

A student's notebook imports files that sat next to it on Coursera (planar_utils, testCases_v2,
public_tests, test_utils) and libraries the grader does not need (matplotlib, sklearn, IPython).
Grading provides each of them by name, as text the sandbox installs in the child:

- course files: shims in this folder; planar_utils is generated from the reference engine's own
  source (grader/engine), so sigmoid and the datasets exist in one place only;
- plotting / notebook libraries: `stub.py`, where every name is a no-op;
- any other third-party library: `unavailable.py`, which imports fine but fails when used.

numpy and the standard library are the child's own and need nothing.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
from importlib import resources
from typing import Literal

Role = Literal["own", "course", "stub", "unavailable", "refused"]

COURSE = {
    "planar_utils": "planar_utils.py",
    "testCases_v2": "testCases_v2.py",
    "testCases": "testCases_v2.py",      # older name of the same file
    "public_tests": "public_tests.py",
    "test_utils": "test_utils.py",
}
STUB_ROOTS = frozenset({"matplotlib", "sklearn", "IPython", "seaborn", "mpl_toolkits", "pylab",
                        "ipywidgets"})
_ENGINE_MARKER = "# <engine source>"


def role(module: str) -> Role:
    """How a module imported by a submission is provided in the child."""
    root = module.split(".")[0]
    if root == "grader":
        return "refused"        # the grader itself is never importable by student code
    if module in COURSE:
        return "course"
    if root == "numpy" or root in sys.stdlib_module_names:
        return "own"
    if root in STUB_ROOTS:
        return "stub"
    return "unavailable"


def modules_for_import(module: str) -> dict[str, str]:
    """name -> source for everything `import module` needs (dotted parents included)."""
    kind = role(module)
    if kind == "course":
        return {module: course_source(module)}
    if kind in ("stub", "unavailable"):
        text = _read(f"{kind}.py")
        parts = module.split(".")
        return {".".join(parts[:i]): text for i in range(1, len(parts) + 1)}
    return {}


@functools.cache
def course_source(module: str) -> str:
    text = _read(COURSE[module])
    if module == "planar_utils":
        text = text.replace(_ENGINE_MARKER, _engine_text())
    return text


@functools.cache
def public_names(module: str) -> frozenset[str]:
    """What `from module import *` defines, for the course shims (empty for the others)."""
    if role(module) != "course":
        return frozenset()
    tree = ast.parse(course_source(module))
    for node in tree.body:
        if (isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)):
            return frozenset(ast.literal_eval(node.value))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Import):
            names |= {a.asname or a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.Assign):
            names |= {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return frozenset(n for n in names if not n.startswith("_"))


@functools.cache
def _read(filename: str) -> str:
    return resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")


def _engine_text() -> str:
    """The engine's sigmoid and datasets module, as text that needs only numpy."""
    from grader.engine import activations, datasets

    module_text = inspect.getsource(datasets)
    tree = ast.parse(module_text)
    lines = module_text.split("\n")
    body: list[str] = []
    for node in tree.body:
        segment = "\n".join(lines[node.lineno - 1:node.end_lineno])
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            if set(names) - {"numpy", "__future__"}:
                raise RuntimeError(f"grader/engine/datasets.py imports {names}: planar_utils "
                                   "is sent to the child, which has only numpy")
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue    # the module docstring
        body.append(segment)
    sigmoid = inspect.getsource(activations.sigmoid)
    used = {n.id for n in ast.walk(ast.parse(sigmoid)) if isinstance(n, ast.Name)}
    if used - {"np", "z"}:
        raise RuntimeError(f"engine sigmoid reads {sorted(used - {'np', 'z'})}: not standalone")
    return "\n\n".join(["# From grader/engine/activations.py", sigmoid.rstrip(),
                        "# From grader/engine/datasets.py", *body]) + "\n"
