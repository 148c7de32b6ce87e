"""Docs generated from the code and the data: write them, or check that they are current."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(path: Path, text: str, regenerate: str, check: bool) -> int:
    """With `check`, exit status 1 if `path` differs from `text`; else (re)write it if it does."""
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if check:
        if current != text:
            print(f"{path} is stale: run {regenerate}", file=sys.stderr)
            return 1
        print(f"{path} is current", file=sys.stderr)
        return 0
    if current != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0
