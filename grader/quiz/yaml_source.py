"""YAML read safely into plain values that remember where they stood (file:line:column).

The document is built from libyaml's event stream (CSafeLoader's parser, the pure-Python one when
libyaml is missing), not from PyYAML's constructor, because a question bank needs much less than
YAML allows and every extra is a risk or a silent surprise:

- only the standard tags (str, int, float, bool, null, seq, map): anything else, `!!python/object`
  included, is a located problem and is never constructed;
- no anchors or aliases: questions need none, and refusing them rules out alias bombs;
- a duplicate key is a problem (PyYAML silently keeps the last one);
- plain scalars resolve only to bool, int, float and null; `2024-01-01` stays text;
- every scalar keeps its source text, so `text: 0.10` can be shown as written, not as 0.1.

Building is iterative: PyYAML's composer recurses (libyaml's, in C, crashes on deep nesting),
so it is never used; nesting deeper than MAX_DEPTH, or more than MAX_VALUES values, is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

# libyaml's parser when PyYAML was built with it (the built-in bank loads several times faster,
# with the same positions: a test compares them); PyYAML's pure-Python parser otherwise.
_PARSERS = {"fast": getattr(yaml, "CSafeLoader", yaml.SafeLoader), "pure": yaml.SafeLoader}

MAX_DEPTH = 32  # a bank nests about 6 deep; far deeper is a mistake or an attack
MAX_VALUES = 50_000  # the built-in bank has about 2,500; each costs Python time to build

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_COLLECTION_TAGS = {"seq": _TAG + "seq", "map": _TAG + "map"}
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
# The characters YAML refuses outright (PyYAML's reader says where only as a byte offset).
_NON_PRINTABLE = re.compile(
    "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


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
        self.raw: dict = {}  # key -> the scalar value's source text (None for collections)

    def where(self, key) -> Pos:
        """Where the value of `key` stands (the mapping itself if the key is absent)."""
        return self.value_pos.get(key, self.pos)


class Sequence(list):
    """A YAML sequence: a list that knows where it and each item stand."""

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []
        self.raw: list[str | None] = []


class YamlSyntaxError(Exception):
    """The text cannot be read as a bank at all (not YAML, too deep, too big) from `pos` on."""

    def __init__(self, pos: Pos, message: str):
        super().__init__(message)
        self.pos = pos
        self.message = message


@dataclass(frozen=True)
class Issue:
    """Something refused while reading (a tag, an alias, a duplicate key); reading went on."""

    pos: Pos
    message: str


class _Key:
    """A key read but not yet given its value."""

    __slots__ = ("value", "pos", "ok")

    def __init__(self, value, pos: Pos, ok: bool):
        self.value, self.pos, self.ok = value, pos, ok


class _Builder:
    def __init__(self):
        self.issues: list[Issue] = []
        self.stack: list[Mapping | Sequence] = []
        self.pending_key: list[_Key | None] = []  # per open mapping: the key awaiting its value
        self.documents = 0
        self.values = 0
        self.root: object = None

    def issue(self, mark, message: str) -> None:
        self.issues.append(Issue(Pos.of(mark), message))

    def check_tag(self, event, standard: set[str]) -> bool:
        tag = event.tag
        if tag is None or tag == "!" or tag in standard:
            return True
        shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
        self.issue(event.start_mark, f"the YAML tag {shown} is not allowed here; remove it "
                                     "(a bank uses plain text, numbers, true/false, lists and "
                                     "mappings)")
        return False

    def scalar(self, event) -> object:
        if event.anchor is not None:
            self.issue(event.start_mark, f"YAML anchors (&{event.anchor}) are not allowed; "
                                         "write the value out")
        if not self.check_tag(event, _SCALAR_TAGS):
            return event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)
            if tag not in _SCALAR_TAGS:  # timestamps, merge keys, ...: plain text here
                return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except Exception:  # e.g. `!!int abc`, or an int of 5000 digits (Python refuses those)
            if event.tag not in (None, "!"):
                self.issue(event.start_mark, f"{event.value!r} is not a valid "
                                             f"{tag[len(_TAG):]}")
            return event.value

    def add(self, value, mark, raw: str | None) -> None:
        """Put a finished value into the open collection (or make it the document)."""
        pos = Pos.of(mark)
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.append(value)
            parent.item_pos.append(pos)
            parent.raw.append(raw)
            return
        key = self.pending_key[-1]
        if key is None:  # this value is a key
            ok = True
            if isinstance(value, (Mapping, Sequence)):
                self.issue(mark, "a key must be a plain value, not a list or a mapping")
                ok = False
            elif value in parent:
                first = parent.key_pos[value]
                self.issue(mark, f"key {value!r} appears twice in one mapping (first at line "
                                 f"{first.line}); remove one")
                ok = False
            self.pending_key[-1] = _Key(value, pos, ok)
            return
        self.pending_key[-1] = None
        if key.ok:
            parent[key.value] = value
            parent.key_pos[key.value] = key.pos
            parent.value_pos[key.value] = pos
            parent.raw[key.value] = raw

    def open(self, collection: Mapping | Sequence, event) -> None:
        if event.anchor is not None:
            self.issue(event.start_mark, f"YAML anchors (&{event.anchor}) are not allowed; "
                                         "write the value out")
        kind = "map" if isinstance(collection, Mapping) else "seq"
        self.check_tag(event, {_COLLECTION_TAGS[kind]})
        if len(self.stack) >= MAX_DEPTH:
            raise YamlSyntaxError(Pos.of(event.start_mark),
                                  f"nested more than {MAX_DEPTH} levels deep")
        self.add(collection, event.start_mark, None)
        self.stack.append(collection)
        self.pending_key.append(None)

    def close(self) -> None:
        self.stack.pop()
        self.pending_key.pop()

    def feed(self, event) -> None:
        if isinstance(event, yaml.NodeEvent):
            self.values += 1
            if self.values > MAX_VALUES:
                raise YamlSyntaxError(Pos.of(event.start_mark), f"more than {MAX_VALUES} values; "
                                                                "too big for a question bank")
        if isinstance(event, yaml.ScalarEvent):
            self.add(self.scalar(event), event.start_mark, event.value)
        elif isinstance(event, yaml.MappingStartEvent):
            self.open(Mapping(Pos.of(event.start_mark)), event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.open(Sequence(Pos.of(event.start_mark)), event)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.close()
        elif isinstance(event, yaml.AliasEvent):
            self.issue(event.start_mark, f"YAML aliases (*{event.anchor}) are not allowed; "
                                         "write the value out")
            self.add(None, event.start_mark, None)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents == 2:
                self.issue(event.start_mark, "a bank is one YAML document; remove the second "
                                             "'---' and what follows it")


def _reader_error_pos(text: str) -> Pos:
    match = _NON_PRINTABLE.search(text)
    if match is None:
        return Pos(1, 1)
    before = text[:match.start()]
    return Pos(before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1)


def parse(text: str, parser: str = "fast") -> tuple[object, list[Issue]]:
    """The (first) document in `text` and what was refused in it; YamlSyntaxError if unreadable.

    Mappings come back as Mapping, sequences as Sequence, scalars as str, int, float, bool or
    None. A refused alias reads as None; a refused tag leaves its value as text.
    parser: "fast" (libyaml when available) or "pure" (PyYAML's Python parser).
    """
    builder = _Builder()
    source = _PARSERS[parser](text)
    try:
        while True:
            event = source.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if builder.documents < 2:  # later documents are only parsed, for syntax errors
                builder.feed(event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise YamlSyntaxError(Pos.of(mark) if mark else Pos(1, 1),
                              f"not valid YAML: {message}") from None
    except yaml.reader.ReaderError as error:
        raise YamlSyntaxError(_reader_error_pos(text),
                              f"not valid YAML: character {error.character!r} is not "
                              "allowed in YAML text") from None
    except yaml.YAMLError as error:  # pragma: no cover - every parser error is one of the above
        raise YamlSyntaxError(Pos(1, 1), f"not valid YAML: {error}") from None
    finally:
        source.dispose()
    return builder.root, builder.issues
