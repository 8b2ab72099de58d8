"""YAML parsed safely, keeping where every key and value stood so problems can say file:line:col.

PyYAML's safe_load forgets positions and silently keeps the last of two equal keys; this loader
remembers each key's and value's position, keeps each scalar's source text (so `text: 0.10` can be
shown as written, not as 0.1) and reports duplicate keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Pos:
    line: int  # 1-based
    column: int  # 1-based

    @classmethod
    def of(cls, mark) -> Pos:
        return cls(mark.line + 1, mark.column + 1)


class Mapping(dict):
    """A YAML mapping: a dict that knows where it, its keys and its values stand."""

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.key_pos: dict = {}
        self.value_pos: dict = {}
        self.raw: dict = {}  # key -> the scalar's source text, for scalar values

    def where(self, key) -> Pos:
        """Where the value of `key` stands (the mapping itself if the key is absent)."""
        return self.value_pos.get(key, self.pos)


class Sequence(list):
    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []
        self.raw: list[str | None] = []


@dataclass(frozen=True)
class DuplicateKey:
    key: object
    pos: Pos
    first: Pos


# libyaml's parser (when PyYAML was built with it) makes loading the built-in bank several times
# faster and reports the same positions; the constructors below run in Python either way.
def _loader_class(base: type) -> type:
    class Loader(base):
        def __init__(self, stream):
            super().__init__(stream)
            self.duplicates: list[DuplicateKey] = []

    return Loader


def _raw(node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _construct_mapping(loader, node: yaml.MappingNode) -> Mapping:
    own = sum(key.tag != "tag:yaml.org,2002:merge" for key, _ in node.value)
    loader.flatten_mapping(node)  # resolves `<<: *anchor` merges, putting merged pairs first
    merged = len(node.value) - own
    result = Mapping(Pos.of(node.start_mark))
    own_keys = set()
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark) from None
        # A key of the mapping's own may override a merged one; two own keys are a mistake.
        if key in own_keys:
            loader.duplicates.append(
                DuplicateKey(key, Pos.of(key_node.start_mark), result.key_pos[key]))
        if index >= merged:
            own_keys.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_pos[key] = Pos.of(key_node.start_mark)
        result.value_pos[key] = Pos.of(value_node.start_mark)
        result.raw[key] = _raw(value_node)
    return result


def _construct_sequence(loader, node: yaml.SequenceNode) -> Sequence:
    result = Sequence(Pos.of(node.start_mark))
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_pos.append(Pos.of(item.start_mark))
        result.raw.append(_raw(item))
    return result


_LOADERS = {"pure": _loader_class(yaml.SafeLoader),
            "fast": _loader_class(getattr(yaml, "CSafeLoader", yaml.SafeLoader))}
for _loader in _LOADERS.values():
    _loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


MAX_DEPTH = 32  # a bank nests about 6 deep; building nodes recurses, and libyaml's does so in C
MAX_NODES = 50_000  # the built-in bank has about 2,000; building each costs Python time


class TooBig(yaml.MarkedYAMLError):
    """Nesting deep enough to exhaust the stack (a crash in libyaml, not an exception), or more
    values than any question bank holds (seconds of parsing for nothing)."""


def _check_size(text: str, loader_class: type) -> None:
    # The event stream is produced without recursion and cheaply, so it can be walked first.
    depth = nodes = 0
    for event in yaml.parse(text, Loader=loader_class):
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise TooBig(problem=f"more than {MAX_NODES} values; too big for a question bank",
                             problem_mark=event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise TooBig(problem=f"nested more than {MAX_DEPTH} levels deep",
                             problem_mark=event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse(text: str, parser: str = "fast") -> tuple[object, list[DuplicateKey]]:
    """The document in `text` and its duplicate keys; yaml.YAMLError if it is not valid YAML.

    parser: "fast" (libyaml when available) or "pure" (PyYAML's Python parser).
    """
    _check_size(text, _LOADERS[parser])
    loader = _LOADERS[parser](text)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()
