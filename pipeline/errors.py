"""The one error type for bad input: it always names the file, row and column."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A published or bundled file that cannot be used as it stands.

    `row` is the 1-based line number in the file (the header is row 1 for CSV); for GeoJSON it is
    the feature's line. `column` is the column name, or the GeoJSON member, at fault.
    """

    def __init__(self, file: str | Path, row: int | None, column: str | None, message: str):
        self.file = Path(file).name if file else "?"
        self.row = row
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        where.append(f"row {self.row}" if self.row is not None else "row -")
        where.append(f"column '{self.column}'" if self.column else "column -")
        return f"{', '.join(where)}: {self.message}"


class BuildError(Exception):
    """A build that stopped; the live database was left as it was."""
