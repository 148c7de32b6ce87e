"""Strict reading of seed files: UTF-8 text, and YAML that remembers the line of every item."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from seeds.errors import SeedError

MAX_FILE_BYTES = 20 * 1024 * 1024
# Seed files are shallow; a deeper one is hostile (and would exhaust Python's stack).
MAX_YAML_DEPTH = 32
# Neither engine can store these in text: PostgreSQL refuses NUL, UTF-8 refuses lone surrogates.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_NULL_TAG = "tag:yaml.org,2002:null"
_MAP_TAG = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_SEQ_TAG = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG


class Node:
    """Mixin giving a parsed YAML value the line it starts on and its children's lines."""

    __slots__ = ()
    line: int
    lines: dict[Any, int]


class MarkedDict(dict[str, Any], Node):
    __slots__ = ("line", "lines")


class MarkedList(list[Any], Node):
    __slots__ = ("line", "lines")


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps line numbers and refuses duplicate keys, aliases and deep nesting.

    Aliases are refused because a few lines of them expand to billions of items. Unquoted
    dates stay text, as YAML 1.2 (and so an editor validating against the JSON Schema) reads
    them: the seeds' own date rules then apply to them.
    """

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*{event.anchor}) are not allowed", event.start_mark
            )
        depth = getattr(self, "_depth", 0)
        if depth >= MAX_YAML_DEPTH:
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_YAML_DEPTH} levels deep", mark
            )
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth = depth


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_str(loader: yaml.constructor.BaseConstructor, node: yaml.ScalarNode) -> str:
    value = loader.construct_scalar(node)
    bad = _UNSTORABLE.search(value)
    if bad:
        raise yaml.MarkedYAMLError(
            problem=f"a string holds U+{ord(bad.group()):04X}, a character that cannot be stored",
            problem_mark=node.start_mark,
        )
    return value


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> object:
    try:
        return loader.construct_yaml_int(node)
    except ValueError as exc:  # more digits than Python turns into an int
        raise yaml.MarkedYAMLError(
            problem=f"an integer of more than {_INT_DIGITS} digits, too long to read",
            problem_mark=node.start_mark,
        ) from exc


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> object:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:
        raise yaml.MarkedYAMLError(
            problem=f"{node.value!r} is not a date ({exc})", problem_mark=node.start_mark
        ) from exc


def _expect(node: yaml.Node, kind: type[yaml.Node], name: str) -> None:
    """Refuse a tag given to the wrong kind of node (`!!map text`), as PyYAML does not."""
    if not isinstance(node, kind):
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a {name}, but found a {node.id}", node.start_mark
        )


def _marked_dict(node: yaml.MappingNode) -> MarkedDict:
    """An empty mapping that knows the line `node` starts on; items add their lines."""
    result = MarkedDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    return result


def _refuse_duplicate_key(result: MarkedDict, key: str, key_node: yaml.Node) -> None:
    if key in result:
        raise yaml.MarkedYAMLError(
            problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
        )


def _marked_list(node: yaml.SequenceNode, items: Iterable[Any]) -> MarkedList:
    """`items`, the values of `node`'s children, knowing their lines and `node`'s."""
    result = MarkedList(items)
    result.line = node.start_mark.line + 1
    result.lines = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
    return result


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedDict:
    _expect(node, yaml.MappingNode, "mapping")
    result = _marked_dict(node)
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.MarkedYAMLError(
                problem=f"key {key!r} is not text", problem_mark=key_node.start_mark
            )
        _refuse_duplicate_key(result, key, key_node)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    _expect(node, yaml.SequenceNode, "sequence")
    return _marked_list(node, (loader.construct_object(c, deep=True) for c in node.value))


_Loader.add_constructor(_MAP_TAG, _construct_mapping)
_Loader.add_constructor(_SEQ_TAG, _construct_sequence)
_Loader.add_constructor(_STR_TAG, _construct_str)
_Loader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)
_Loader.add_constructor(_INT_TAG, _construct_int)


class _FastLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """The same rules, with libyaml composing (several times faster): aliases and depth are
    checked on the composed nodes (`_refuse_aliases_and_depth`) before anything is built."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    yaml_constructors = _Loader.yaml_constructors

    # libyaml calls these three from C for every node. Without path resolvers (seeds have
    # none) they reduce to this: a plain scalar's implicit tag by its first character.
    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _resolve_plain(value) if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


def _resolve_plain(value: str) -> str:
    """The tag of an untagged plain scalar: the first implicit resolver matching it."""
    for tag, regexp in _Loader.yaml_implicit_resolvers.get(value[:1], ()):
        if regexp.match(value):
            return str(tag)
    return _STR_TAG


def _refuse_aliases_and_depth(root: yaml.Node) -> None:
    """An alias composes to a node met twice; refuse it, and nesting past MAX_YAML_DEPTH."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise yaml.composer.ComposerError(
                None, None, "aliases are not allowed", node.start_mark
            )
        seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_YAML_DEPTH} levels deep", node.start_mark
            )
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend(((key, depth + 1), (value, depth + 1)))


class _Unusual(Exception):
    """The file uses a YAML feature `_build` leaves to PyYAML's constructors (a merge key, a
    tag such as !!set or !!omap, an octal or sexagesimal integer)."""


# The most digits Python turns into an int; a plain integer longer than this (its sign
# counted) is left to `_construct_int`, which refuses it if it has too many digits.
_INT_DIGITS = sys.get_int_max_str_digits() or sys.maxsize
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
# Leaf tags whose PyYAML constructors build no containers: called as they are.
_LEAF_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:float", _TIMESTAMP_TAG}


def _build(loader: _FastLoader, root: yaml.Node, aliases_possible: bool = True) -> Any:
    """What `loader.construct_document` builds, in one pass that also refuses aliases and
    deep nesting: the same values, lines and errors, about twice as fast. Anything unusual
    raises `_Unusual`, and the caller takes the general path instead.

    `aliases_possible`: False when the text holds no '&', so no anchor, so no alias: then
    nodes are not tracked, and a plain scalar is taken where it stands.
    """
    return _build_node(loader, root, 1, set() if aliases_possible else None)


def _build_node(loader: _FastLoader, node: yaml.Node, depth: int, seen: set[int] | None) -> Any:
    """`_build` of one node. (A module function: a nested one would be a reference cycle
    holding the loader and its text until the garbage collector's next full pass.)"""
    if depth > MAX_YAML_DEPTH:
        raise yaml.composer.ComposerError(
            None, None, f"nested more than {MAX_YAML_DEPTH} levels deep", node.start_mark
        )
    if seen is not None:
        if id(node) in seen:
            raise yaml.composer.ComposerError(
                None, None, "aliases are not allowed", node.start_mark
            )
        seen.add(id(node))
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode:
        return _build_scalar(loader, node)
    if kind is yaml.MappingNode and tag == _MAP_TAG:
        result = _marked_dict(node)
        lines = result.lines
        inline = seen is None and depth < MAX_YAML_DEPTH  # a child's depth is allowed
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR_TAG:
                raise _Unusual  # a merge key, or a key that is not text (refused there)
            if inline and key_node.style is None:
                key = key_node.value
            else:
                key = _build_node(loader, key_node, depth + 1, seen)
            _refuse_duplicate_key(result, key, key_node)
            if (
                inline
                and type(value_node) is yaml.ScalarNode
                and value_node.tag == _STR_TAG
                and value_node.style != '"'
            ):
                result[key] = value_node.value
            else:
                result[key] = _build_node(loader, value_node, depth + 1, seen)
            lines[key] = key_node.start_mark.line + 1
        return result
    if kind is yaml.SequenceNode and tag == _SEQ_TAG:
        return _marked_list(node, (_build_node(loader, c, depth + 1, seen) for c in node.value))
    raise _Unusual


def _build_scalar(loader: yaml.constructor.BaseConstructor, node: yaml.ScalarNode) -> Any:
    """`_build` of a scalar node."""
    tag = node.tag
    if tag == _STR_TAG:
        # Only a double-quoted scalar can spell a character read_text lets through.
        return _construct_str(loader, node) if node.style == '"' else node.value
    if (
        tag == _INT_TAG
        and len(node.value) <= _INT_DIGITS  # a longer one: _construct_int words the refusal
        and _PLAIN_INT.fullmatch(node.value)
    ):
        return int(node.value)
    if tag == _NULL_TAG:
        return None
    if tag in _LEAF_TAGS:
        return _Loader.yaml_constructors[tag](loader, node)
    raise _Unusual


# `_plain`'s constructor: the leaf constructors `_build_scalar` calls keep no state in it.
_SCALARS = yaml.constructor.SafeConstructor()


# Cached: seed files repeat these (keys such as `name`, `type`; counts), and every value it
# returns is immutable (a str, int, float, bool or None); an exception is not cached.
@functools.lru_cache(maxsize=4096)
def _plain(value: str) -> Any:
    """`_build` of an untagged plain scalar (the C reader calls this for the values an
    implicit resolver may claim: `name`, `yes`, `~`, `12`, `1.5`, `<<`...)."""
    return _build_scalar(_SCALARS, yaml.ScalarNode(_resolve_plain(value), value))


# seeds/_marked_yaml.c reads what `_build` reads straight from libyaml's events, with no
# PyYAML nodes, several times faster: the same values and lines. Anything else (a tag, an
# anchor, an error...) it leaves to PyYAML by raising `_Unusual`. NATIVE: it is built and used.
try:
    from seeds import _marked_yaml
except ImportError:  # not built: no C compiler or no libyaml headers where it was installed
    NATIVE = False
else:
    _marked_yaml.configure(
        MarkedDict, MarkedList, _plain, _Unusual, MAX_YAML_DEPTH, _Loader.yaml_implicit_resolvers
    )
    NATIVE = True


def _load(text: str) -> Any:
    if NATIVE:
        try:
            return _marked_yaml.build(text)
        except _Unusual:
            pass
    if not yaml.__with_libyaml__:
        return yaml.load(text, Loader=_Loader)
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(loader, node, aliases_possible="&" in text)
        except _Unusual:
            return _construct_checked(loader, node)
    finally:
        loader.dispose()


def _construct_checked(loader: _FastLoader, node: yaml.Node) -> Any:
    """The general path: refuse aliases and depth on the nodes, then PyYAML constructs."""
    _refuse_aliases_and_depth(node)
    return loader.construct_document(node)


def read_bytes(path: Path) -> bytes:
    if path.is_symlink() or not path.is_file():
        kind = "a symbolic link" if path.is_symlink() else "not a regular file"
        raise SeedError(path, None, f"{kind}; seed files must be plain files")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SeedError(path, None, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
    return path.read_bytes()


def read_text(path: Path) -> str:
    """The file's exact text; invalid UTF-8 is an error naming the line it is on."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SeedError(path, line, f"invalid UTF-8 (byte {exc.start}: {exc.reason})") from exc
    nul = text.find("\x00")
    if nul != -1:
        line = text.count("\n", 0, nul) + 1
        raise SeedError(path, line, "holds a NUL character (U+0000), which cannot be stored")
    return text


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; its mappings and lists know their line numbers."""
    return parse_yaml(read_text(path), path)


def parse_yaml(text: str, path: Path) -> Any:
    """Parse `text`, read from `path` (which errors name), as `read_yaml` does."""
    if not text.strip():
        raise SeedError(path, None, "file is empty")
    try:
        return _load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context
        if exc.problem and exc.context and exc.context_mark and exc.context_mark != mark:
            reason += f" ({exc.context}, line {exc.context_mark.line + 1})"
        raise SeedError(path, line, f"malformed YAML: {reason}") from exc
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        reason = f"character U+{exc.character:04X} is not allowed in YAML"
        raise SeedError(path, line, f"malformed YAML: {reason}") from exc
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise SeedError(path, None, f"malformed YAML: {reason}") from exc


def line_of(root: Any, path: list[Any] | tuple[Any, ...]) -> int | None:
    """The line of the item at `path` (keys and indexes) in a parsed file, or its nearest parent."""
    node, best = root, getattr(root, "line", None)
    for step in path:
        lines = getattr(node, "lines", None)
        if lines is not None and step in lines:
            best = lines[step]
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        best = getattr(node, "line", best) if isinstance(node, Node) else best
    return best
