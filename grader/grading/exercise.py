"""Exercises and their check tables (exercises/<name>/checks.yaml): data an instructor edits.

A check table says which functions are graded, which checks run on each, their points and their
numbers (tolerances, how many fresh cases, training length, thresholds). This module reads one,
refuses anything it does not understand with a file:line message, and detects which exercise a
submission is from its function names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from grader.content import exercises_dir
from grader.errors import UserError
from grader.grading.reference import FUNCTIONS

CHECKS_FILE = "checks.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Options every check takes, with their defaults (the table's `defaults:` may change them).
COMMON = {"rtol": 1e-5, "atol": 1e-7, "random_cases": 2}
# Options only some kinds of check take.
KIND_OPTIONS = {
    "values": {},
    "properties": {"max_abs": 0.1},
    "learns": {"iterations": 400, "every": 5, "min_accuracy": 85.0},
    "inputs_unchanged": {},
}
# (type, low, high) of every option.
_RANGES = {
    "points": (float, 0, 1000), "rtol": (float, 0, 1), "atol": (float, 0, 1),
    "random_cases": (int, 0, 20), "max_abs": (float, 0, 10), "iterations": (int, 1, 100000),
    "every": (int, 1, 400), "min_accuracy": (float, 0, 100), "timeout_seconds": (float, 0.1, 600),
}
HELPER_MODES = ("stand_in", "block")


@dataclass(frozen=True)
class Pos:
    line: int


class Mapping(dict):
    """A YAML mapping that remembers where it, its keys and its values stand."""

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos, self.key_pos, self.value_pos = pos, {}, {}

    def where(self, key) -> Pos:
        return self.value_pos.get(key, self.pos)


class Sequence(list):
    def __init__(self, pos: Pos):
        super().__init__()
        self.pos, self.item_pos = pos, []


@dataclass(frozen=True)
class _Duplicate:
    key: object
    pos: Pos
    first: Pos


def _located(node, loader, duplicates: list):
    """Plain values from a composed YAML node, keeping line numbers (the quiz's YAML reader does
    the same for question banks; this one stays small so `grader grade` need not load the quiz)."""
    pos = Pos(node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result = Mapping(pos)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_pos = Pos(key_node.start_mark.line + 1)
            if key in result:
                duplicates.append(_Duplicate(key, key_pos, result.key_pos[key]))
            result[key] = _located(value_node, loader, duplicates)
            result.key_pos[key], result.value_pos[key] = key_pos, Pos(value_node.start_mark.line + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = Sequence(pos)
        for item in node.value:
            result.append(_located(item, loader, duplicates))
            result.item_pos.append(Pos(item.start_mark.line + 1))
        return result
    return loader.construct_object(node, deep=True)


def parse(text: str):
    """The document and its duplicate keys; yaml.YAMLError when it is not valid YAML."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        duplicates: list = []
        return (None if node is None else _located(node, loader, duplicates)), duplicates
    finally:
        loader.dispose()


@dataclass(frozen=True)
class CheckSpec:
    function: str
    kind: str                       # values | properties | learns | inputs_unchanged
    name: str                       # shown in reports; the kind unless the table names it
    points: float
    options: dict                   # rtol, atol, random_cases and the kind's own
    where: str                      # "exercises/planar/checks.yaml:12", for messages


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    checks: tuple[CheckSpec, ...]
    on_helper_failure: str = "stand_in"
    corners: tuple[str, ...] = ()   # contract corners every run covers (inputs.CORNERS)


@dataclass(frozen=True)
class Exercise:
    name: str
    title: dict                     # lang -> title
    folder: Path
    starter: Path
    functions: tuple[FunctionSpec, ...]
    timeout_seconds: float = 10.0
    function_names: tuple[str, ...] = field(default=())

    def function(self, name: str) -> FunctionSpec:
        return next(spec for spec in self.functions if spec.name == name)


class _Reader:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, pos, message: str):
        line = f":{pos.line}" if pos else ""
        raise UserError(f"{self.path}{line}: {message}")

    def mapping(self, value, pos, what: str) -> Mapping:
        if not isinstance(value, Mapping):
            self.fail(pos, f"{what} should be a mapping (key: value lines)")
        return value

    def keys(self, data: Mapping, allowed, what: str) -> None:
        for key in data:
            if key not in allowed:
                self.fail(data.key_pos[key], f"unknown key '{key}' in {what}; "
                                             f"allowed: {', '.join(sorted(allowed))}")

    def number(self, data: Mapping, key: str):
        kind, low, high = _RANGES[key]
        value = data[key]
        ok_type = isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind is int and ok_type and float(value).is_integer():
            value = int(value)
        elif kind is int or not ok_type:
            self.fail(data.where(key), f"'{key}' should be {'a whole number' if kind is int else 'a number'}, "
                                       f"not {value!r}")
        if not low <= value <= high:
            self.fail(data.where(key), f"'{key}' should be between {low} and {high}, not {value}")
        return kind(value)


def load_exercise(folder: Path) -> Exercise:
    """Read and check exercises/<name>/checks.yaml; UserError with file:line on any problem."""
    folder = Path(folder)
    path = folder / CHECKS_FILE
    reader = _Reader(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read the check table ({error})") from None
    try:
        data, duplicates = parse(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise UserError(f"{path}{line}: not valid YAML: {problem}") from None
    if duplicates:
        first = duplicates[0]
        reader.fail(first.pos, f"'{first.key}' appears twice (first at line {first.first.line})")
    data = reader.mapping(data, None, "the check table")
    reader.keys(data, {"exercise", "title", "starter", "defaults", "functions"}, "the check table")
    for key in ("exercise", "title", "functions"):
        if key not in data:
            reader.fail(data.pos, f"missing '{key}'")
    if data["exercise"] != folder.name:
        reader.fail(data.where("exercise"),
                    f"exercise is '{data['exercise']}' but the folder is '{folder.name}'")
    title = reader.mapping(data["title"], data.where("title"), "title")
    reader.keys(title, {"en", "zh"}, "title")
    if "en" not in title:
        reader.fail(data.where("title"), "title needs an 'en' text")

    defaults = dict(COMMON)
    timeout = 10.0
    if "defaults" in data:
        given = reader.mapping(data["defaults"], data.where("defaults"), "defaults")
        reader.keys(given, set(COMMON) | {"timeout_seconds"}, "defaults")
        for key in given:
            value = reader.number(given, key)
            if key == "timeout_seconds":
                timeout = value
            else:
                defaults[key] = value

    starter = folder / str(data.get("starter", "starter.py"))
    if not starter.is_file():
        reader.fail(data.where("starter") if "starter" in data else data.pos,
                    f"the starter file {starter.name} is not in {folder}")

    functions = reader.mapping(data["functions"], data.where("functions"), "functions")
    specs = tuple(_function(reader, functions, name, defaults) for name in functions)
    if not specs:
        reader.fail(data.where("functions"), "no functions to grade")
    return Exercise(folder.name, {k: str(v) for k, v in title.items()}, folder, starter, specs,
                    timeout, tuple(functions))


def _function(reader: _Reader, functions: Mapping, name: str, defaults: dict) -> FunctionSpec:
    pos = functions.key_pos[name]
    if name not in FUNCTIONS:
        reader.fail(pos, f"the grader has no reference for '{name}'; "
                         f"known functions: {', '.join(FUNCTIONS)}")
    ref = FUNCTIONS[name]
    body = reader.mapping(functions[name], functions.where(name), f"'{name}'")
    reader.keys(body, {"checks", "on_helper_failure", "corners"}, f"'{name}'")
    corners = _corners(reader, body, name, ref.corners)
    mode = body.get("on_helper_failure", "stand_in")
    if "on_helper_failure" in body:
        if not ref.helpers:
            reader.fail(body.where("on_helper_failure"), f"'{name}' calls no graded helper")
        if mode not in HELPER_MODES:
            reader.fail(body.where("on_helper_failure"),
                        f"on_helper_failure should be one of {', '.join(HELPER_MODES)}, not {mode!r}")
    checks = body.get("checks")
    if not isinstance(checks, Sequence) or not checks:
        reader.fail(body.where("checks"), f"'{name}' needs a list of checks")
    specs = []
    for item, item_pos in zip(checks, checks.item_pos):
        item = reader.mapping(item, item_pos, f"a check of '{name}'")
        kind = item.get("check")
        if kind not in KIND_OPTIONS:
            reader.fail(item.where("check"), f"check should be one of {', '.join(KIND_OPTIONS)}, "
                                             f"not {kind!r}")
        if kind not in ref.kinds:
            reader.fail(item.where("check"), f"'{name}' cannot have a '{kind}' check; "
                                             f"it takes: {', '.join(sorted(ref.kinds))}")
        options = {**defaults, **KIND_OPTIONS[kind]}
        reader.keys(item, {"check", "name", "points", *options}, f"a '{kind}' check")
        if "points" not in item:
            reader.fail(item.pos, f"the '{kind}' check of '{name}' needs points")
        for key in item:
            if key in options:
                options[key] = reader.number(item, key)
        label = str(item.get("name", kind))
        if any(spec.name == label for spec in specs):
            reader.fail(item.pos, f"'{name}' has two checks named '{label}'; give one a name:")
        specs.append(CheckSpec(name, kind, label, reader.number(item, "points"), options,
                               f"{reader.path}:{item.pos.line}"))
    return FunctionSpec(name, tuple(specs), mode, corners)


def _corners(reader: _Reader, body: Mapping, name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if "corners" not in body:
        return ()
    given = body["corners"]
    if not isinstance(given, Sequence) or not all(isinstance(c, str) for c in given):
        reader.fail(body.where("corners"), f"corners of '{name}' should be a list such as "
                                           "[n_y=1, n_y>=2]")
    for corner, pos in zip(given, given.item_pos):
        if corner not in allowed:
            reader.fail(pos, f"'{name}' has no corner '{corner}'; its contract has: "
                             f"{', '.join(allowed) or 'none'}")
        if given.count(corner) > 1:
            reader.fail(pos, f"corner '{corner}' of '{name}' is listed twice")
    return tuple(given)


def exercise_names() -> list[str]:
    root = exercises_dir()
    return sorted(p.name for p in root.iterdir() if (p / CHECKS_FILE).is_file())


def find_exercise(name: str) -> Exercise:
    """The built-in exercise `name` (UserError listing the known ones otherwise)."""
    known = exercise_names()
    if name not in known:
        raise UserError(f"unknown exercise '{name}'; known exercises: {', '.join(known)}")
    return load_exercise(exercises_dir() / name)


def detect_exercise(function_names) -> Exercise:
    """The exercise whose graded functions the submission defines most of."""
    names = set(function_names)
    scored = []
    for exercise_name in exercise_names():
        exercise = load_exercise(exercises_dir() / exercise_name)
        scored.append((len(names & set(exercise.function_names)), exercise))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        known = ", ".join(exercise.name for _, exercise in scored)
        raise UserError("cannot tell which exercise this file is for (it defines none of the "
                        f"graded functions); pass --exercise NAME (one of: {known})")
    return scored[0][1]
