"""The one error a seed can raise: it names the file, the place in it and the reason."""

from __future__ import annotations

from pathlib import Path


class SeedError(Exception):
    """Bad input. `str()` is the one line a user sees: `FILE:LINE: reason`."""

    def __init__(self, path: Path | str, line: int | None, reason: str, detail: str = "") -> None:
        self.path = Path(path)
        self.line = line
        self.reason = reason
        self.detail = detail
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {reason}")


class SeedErrors(SeedError):
    """Several problems of one input, in file order: `str()` is the first, `errors` all."""

    def __init__(self, errors: list[SeedError]) -> None:
        flat = [e for error in errors for e in getattr(error, "errors", [error])]
        # once each: the rows of one item (a sanction's, one per target) share its problems
        once = list({str(e): e for e in flat}.values())
        self.errors = sorted(once, key=lambda e: (str(e.path), e.line or 0))
        first = self.errors[0]
        super().__init__(first.path, first.line, first.reason, first.detail)
