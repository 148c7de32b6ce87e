"""Strict reading of seed files: UTF-8 text, and YAML that remembers the line of every item.

One reader: PyYAML composes the file into nodes (with libyaml's composer where PyYAML has it,
else its own), and `_build` turns the nodes into plain dicts, lists and scalars. Seeds are
plain data, so `_build` refuses what plain data does not need: aliases (a few lines of them
expand to billions of items), tags, merge keys, keys that are not text, duplicate keys and
nesting deeper than MAX_YAML_DEPTH. Unquoted dates stay text, as YAML 1.2 (and so an editor
validating against the JSON Schema) reads them; the seeds' own date rules then apply.

Lines are counted from a node's character index, so that only '\\n' ends a line, as in an
editor: YAML also breaks lines at U+0085, U+2028 and U+2029.
"""

from __future__ import annotations

import bisect
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from seeds.errors import SeedError

MAX_FILE_BYTES = 20 * 1024 * 1024
# Seed files are shallow; a deeper one is hostile (and would exhaust Python's stack).
MAX_YAML_DEPTH = 32
# Neither engine can store these in text: PostgreSQL refuses NUL, UTF-8 refuses lone surrogates.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# What YAML reads as line breaks besides "\n" and "\r".
_SEPARATOR = re.compile("[\u0085\u2028\u2029]")
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MAP = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_SEQ = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_Base: type = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader, without the implicit timestamp (a date stays text).

    The composer asks the resolver for every node's tag. With no path resolvers (seeds use
    none), PyYAML's general resolver reduces to the three methods below, which do the same
    for a third of the time a file takes."""

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SCALARS = yaml.constructor.SafeConstructor()


def unstorable(value: str) -> str | None:
    """Why neither engine can store `value`, or None."""
    bad = UNSTORABLE.search(value)
    if bad is None:
        return None
    return f"a string holds U+{ord(bad.group()):04X}, a character that cannot be stored"


class Node:
    """Mixin giving a parsed YAML value the line it starts on and its children's lines."""

    __slots__ = ()
    line: int
    lines: dict[Any, int]


class MarkedDict(dict[str, Any], Node):
    __slots__ = ("line", "lines")


class MarkedList(list[Any], Node):
    __slots__ = ("line", "lines")


class _Refused(Exception):
    def __init__(self, reason: str, node: yaml.Node) -> None:
        super().__init__(reason)
        self.reason, self.node = reason, node


class _Builder:
    """Plain values from composed nodes, each container knowing its lines (`Node`)."""

    def __init__(self, text: str) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.seen: set[int] = set()

    def line(self, node: yaml.Node) -> int:
        return bisect.bisect_right(self.line_starts, node.start_mark.index)

    def build(self, node: yaml.Node, depth: int = 1) -> Any:
        if id(node) in self.seen:
            raise _Refused("aliases are not allowed", node)
        self.seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            raise _Refused(f"nested more than {MAX_YAML_DEPTH} levels deep", node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            items = MarkedList(self.build(child, depth + 1) for child in node.value)
            items.line = self.line(node)
            items.lines = {i: self.line(child) for i, child in enumerate(node.value)}
            return items
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            mapping = MarkedDict()
            mapping.line, mapping.lines = self.line(node), {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused("merge keys (<<) are not allowed", key_node)
                key = self.build(key_node, depth + 1)
                if not isinstance(key, str):
                    raise _Refused(f"key {key!r} is not text", key_node)
                if key in mapping:
                    raise _Refused(f"duplicate key {key!r}", key_node)
                mapping[key] = self.build(value_node, depth + 1)
                mapping.lines[key] = self.line(key_node)
            return mapping
        raise _Refused(f"the tag {node.tag} is not allowed", node)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:
            reason = unstorable(node.value)
            if reason:
                raise _Refused(reason, node)
            return node.value
        if node.tag not in _PLAIN_TAGS:
            raise _Refused(f"the tag {node.tag} is not allowed", node)
        try:
            return _SCALARS.construct_object(node)
        except ValueError as exc:  # an integer with more digits than Python reads
            digits = sys.get_int_max_str_digits()
            raise _Refused(
                f"an integer of more than {digits} digits, too long to read", node
            ) from exc


def _unquoted_separator(text: str, before: int | None) -> re.Match[str] | None:
    """The first U+0085, U+2028 or U+2029 (before index `before`) outside a quoted value:
    there YAML ends a line where an editor does not, the likely cause of an error after it."""
    quoted: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                quoted.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        pass  # the tokens up to the error are enough
    for found in _SEPARATOR.finditer(text):
        if before is not None and found.start() > before:
            return None
        if not any(start <= found.start() < end for start, end in quoted):
            return found
    return None


def _runaway_quote(text: str, mark: Any) -> yaml.ScalarToken | None:
    """The quoted value, over several lines, that ends on the line of the error at `mark`:
    a quote left open takes in the lines up to the next quote mark, and the error shows
    only after it; the line to fix is where the value starts."""
    if mark is None:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass  # the tokens up to the error are enough
    if last is None or last.start_mark.line == last.end_mark.line:
        return None
    return last if last.end_mark.line == mark.line else None


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
    builder = _Builder(text)

    def line(mark: Any) -> int | None:
        return None if mark is None else bisect.bisect_right(builder.line_starts, mark.index)

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else builder.build(node)
    except _Refused as exc:
        raise SeedError(path, builder.line(exc.node), f"malformed YAML: {exc.reason}") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        separator = _unquoted_separator(text, None if mark is None else mark.index)
        if separator:
            # YAML ends a line there, an editor does not: name the character and its line.
            code = f"U+{ord(separator.group()):04X}"
            raise SeedError(
                path,
                text.count("\n", 0, separator.start()) + 1,
                f"malformed YAML: {code} ends a line for YAML, though not in an editor; "
                f"outside a double-quoted value, remove it (inside one, write \\u{code[2:]})",
            ) from exc
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            # An unclosed quote is noticed where the file ends or the next quote is: the
            # line to fix is where the quoted value starts.
            raise SeedError(
                path,
                line(exc.context_mark),
                f"malformed YAML: the quoted value that starts here is not closed on its line "
                f"(the reader stopped at line {line(mark)}: {exc.problem})",
            ) from exc
        opened = _runaway_quote(text, mark)
        if opened is not None:
            raise SeedError(
                path,
                line(opened.start_mark),
                f"malformed YAML: the quoted value that starts here runs on to line "
                f"{line(opened.end_mark)}, where the reader stopped ({exc.problem or exc.context})"
                ": is its closing quote missing?",
            ) from exc
        reason = exc.problem or exc.context
        if exc.problem and exc.context and exc.context_mark and exc.context_mark != mark:
            reason += f" ({exc.context}, line {line(exc.context_mark)})"
        raise SeedError(path, line(mark), f"malformed YAML: {reason}") from exc
    except yaml.reader.ReaderError as exc:
        where = text.count("\n", 0, exc.position) + 1
        reason = f"character U+{exc.character:04X} is not allowed in YAML"
        raise SeedError(path, where, f"malformed YAML: {reason}") from exc
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise SeedError(path, None, f"malformed YAML: {reason}") from exc
    finally:
        loader.dispose()


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
