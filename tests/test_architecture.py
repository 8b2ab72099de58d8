"""The layering holds: the domain never imports Textual; only grader/tui does."""

import ast
import subprocess
import sys
from pathlib import Path

GRADER = Path(__file__).resolve().parents[1] / "grader"
DOMAIN = ("engine", "quiz", "grading", "store")


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def test_the_domain_never_imports_the_app_or_textual():
    # The shells (grader/cli.py, grader/commands/, grader/tui/) may; the domain may not.
    offenders = [
        f"{path.relative_to(GRADER.parent)}:{line}: imports {name}"
        for package in DOMAIN
        for path in (GRADER / package).rglob("*.py")
        for line, name in imported_modules(path)
        if name.split(".")[0] in ("textual", "rich") or name.startswith(("grader.tui", "grader.commands", "grader.cli"))
    ]
    assert offenders == []


def test_only_the_app_imports_textual_at_module_level():
    # Command modules are imported at every start-up to build the parser: they import the app lazily.
    offenders = [
        f"{path.relative_to(GRADER.parent)}:{node.lineno}"
        for path in GRADER.rglob("*.py")
        if "tui" not in path.relative_to(GRADER).parts
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, (ast.Import, ast.ImportFrom))
        and any(n.split(".")[0] == "textual" or n.startswith("grader.tui")
                for n in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]))
    ]
    assert offenders == []


def test_engine_imports_nothing_but_numpy_and_itself():
    for path in (GRADER / "engine").rglob("*.py"):
        for line, name in imported_modules(path):
            root = name.split(".")[0]
            assert root in ("numpy", "__future__") or name.startswith("grader.engine"), (
                f"{path.name}:{line} imports {name}"
            )


def test_importing_the_whole_domain_loads_no_textual():
    packages = [f"grader.{name}" for name in DOMAIN if (GRADER / name / "__init__.py").exists()]
    modules = [
        ".".join(path.relative_to(GRADER.parent).with_suffix("").parts)
        for name in DOMAIN
        for path in (GRADER / name).rglob("*.py")
        if path.name != "__init__.py" and "course_modules" not in path.parts
        and not (path.parent.name == "sandbox" and path.name == "child.py")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {packages + modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
