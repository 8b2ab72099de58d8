"""What a graded function's own source shows, read from its syntax tree in the parent.

Judging uses these to say more than "the values differ": which line computes the wrong value,
an element-wise product where the course has a matrix product, a template left unfilled.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

_TEXT_WIDTH = 100


@dataclass(frozen=True)
class SourceFacts:
    # name -> (line, text) of the last plain assignment to it (`dW1 = ...`, `grads["dW1"] = ...`)
    assignments: dict[str, tuple[int, str]] = field(default_factory=dict)
    # (line, text) of each element-wise product with a transposed operand (`W2.T * dZ2`)
    elementwise_transposes: tuple[tuple[int, str], ...] = ()
    # the course's template left as it was: `W1 = None`, a bare `pass`, NotImplementedError
    unfilled: bool = False
    # name -> (line, text) of an assignment of a whole number to it (`n_x = 2`)
    constants: dict[str, tuple[int, str]] = field(default_factory=dict)


def _text(lines: list[str], line: int) -> str:
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return text if len(text) <= _TEXT_WIDTH else text[:_TEXT_WIDTH - 1] + "…"


def _calls(node: ast.AST, name: str) -> bool:
    """`name(...)` or `anything.name(...)`: np.multiply, np.transpose."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) == name


def _transposed(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "T") or _calls(node, "transpose")


def _elementwise_operands(node: ast.AST) -> tuple[ast.expr, ...]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return node.left, node.right
    return tuple(node.args) if _calls(node, "multiply") else ()


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and \
            isinstance(target.slice.value, str):
        return [target.slice.value]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for item in target.elts for name in _target_names(item)]
    return []


def _placeholder(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return True   # a docstring or `...`
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        exc = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"
    return isinstance(statement, ast.Return) and (
        statement.value is None or (isinstance(statement.value, ast.Constant)
                                    and statement.value.value is None))


def facts_of(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
             lines: list[str]) -> SourceFacts:
    """The facts of one function definition; `lines` are the source it was parsed from."""
    if isinstance(node, ast.Lambda):
        return SourceFacts()
    assignments: dict[str, tuple[int, str]] = {}
    constants: dict[str, tuple[int, str]] = {}
    transposes: list[tuple[int, str]] = []
    unfilled = all(_placeholder(statement) for statement in node.body)
    for inner in ast.walk(node):
        if isinstance(inner, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
            value = inner.value
            if isinstance(inner, ast.Assign) and isinstance(value, ast.Constant) and \
                    value.value is None and any(isinstance(t, ast.Name) for t in targets):
                unfilled = True
            whole = (isinstance(value, ast.Constant) and type(value.value) is int)
            for target in targets:
                for name in _target_names(target):
                    line = inner.lineno
                    if name not in assignments or assignments[name][0] <= line:
                        assignments[name] = (line, _text(lines, line))
                        if whole and isinstance(target, ast.Name):
                            constants[name] = assignments[name]
                        else:
                            constants.pop(name, None)
        operands = _elementwise_operands(inner)
        if any(_transposed(operand) for operand in operands):
            transposes.append((inner.lineno, _text(lines, inner.lineno)))
    return SourceFacts(assignments, tuple(sorted(set(transposes))), unfilled, constants)
