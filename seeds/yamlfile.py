"""Strict reading of seed files: UTF-8 text, and YAML that remembers the line of every item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from seeds.errors import SeedError

MAX_FILE_BYTES = 20 * 1024 * 1024


class Node:
    """Mixin giving a parsed YAML value the line it starts on and its children's lines."""

    line: int
    lines: dict[Any, int]


class MarkedDict(dict[str, Any], Node):
    pass


class MarkedList(list[Any], Node):
    pass


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps line numbers and refuses duplicate keys."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedDict:
    result = MarkedDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.MarkedYAMLError(
                problem=f"key {key!r} is not text", problem_mark=key_node.start_mark
            )
        if key in result:
            raise yaml.MarkedYAMLError(
                problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


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
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SeedError(path, line, f"invalid UTF-8 (byte {exc.start}: {exc.reason})") from exc


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; its mappings and lists know their line numbers."""
    text = read_text(path)
    if not text.strip():
        raise SeedError(path, None, "file is empty")
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SeedError(path, line, f"malformed YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise SeedError(path, None, f"malformed YAML: {exc}") from exc


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
