"""Reading published text files: encoding, emptiness, CSV rows with their line numbers, typed cells.

Every failure is an InputError naming file, row (line) and column, so an officer can open the
file and go straight to the cell.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from pipeline.errors import InputError
from pipeline.registry import STOCKPORT

_NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?$")


def read_text(path: Path) -> str:
    """Return the file's text: UTF-8 with or without a byte-order mark, else a clear error; lines
    ended by carriage returns alone are read as lines."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, None, None, "file not found")
    data = path.read_bytes()
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise InputError(path, 1, None, "file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        header = data.split(b"\n", 1)[0].decode("utf-8-sig", "replace").strip("\r").split(",")
        index = data[line_start : exc.start].count(b",")
        column = header[index] if line > 1 and index < len(header) else f"character {exc.start - line_start + 1}"
        raise InputError(
            path,
            line,
            column,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8",
        ) from None
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # classic Mac OS line endings: read them as lines
    return text


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.cells[key]


def csv_rows(
    path: Path, text: str, required: Iterable[str], *, header_line: int = 1, stop_at_blank: bool = False
) -> tuple[list[str], list[Row]]:
    """Parse CSV text whose header is on `header_line`; check required columns are present."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO("".join(lines[header_line - 1 :])))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(path, header_line, None, "no header row") from None
    except csv.Error as exc:
        raise InputError(path, header_line, None, f"not readable as CSV: {exc}") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            path, header_line, missing[0], f"required column missing (header has: {', '.join(h for h in header if h)})"
        )
    dupes = {h for h in header if h and header.count(h) > 1}
    if dupes:
        raise InputError(path, header_line, sorted(dupes)[0], "column appears twice in the header")
    rows: list[Row] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a stray carriage return or quote: name the line, never a traceback
            raise InputError(
                path,
                header_line + reader.line_num - 1,
                None,
                f"not readable as CSV ({exc}); check line endings and quotes",
            ) from None
        line = header_line + reader.line_num - 1
        if not any(c.strip() for c in cells):
            if stop_at_blank:
                break
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise InputError(path, line, None, f"row has {len(cells)} cells but the header has {len(header)}")
        rows.append(Row(line, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}))
    if not rows:
        raise InputError(path, header_line + 1, None, "no data rows under the header")
    return header, rows


def number(
    path: Path,
    row: Row,
    column: str,
    *,
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    allow_blank: bool = False,
) -> float | int | None:
    """The cell as a number ("14,712" allowed), checked against an inclusive range."""
    raw = row.cells.get(column, "")
    if raw == "":
        if allow_blank:
            return None
        raise InputError(path, row.line, column, "value is missing")
    if not _NUMBER.match(raw):
        raise InputError(path, row.line, column, f"'{raw[:40]}' is not a number")
    value = float(raw.replace(",", "")) + 0.0  # + 0.0: '-0' and '-0.0' are stored as 0
    if integer:
        if value != int(value):
            raise InputError(path, row.line, column, f"'{raw}' is not a whole number")
        value = int(value)
    if minimum is not None and value < minimum:
        raise InputError(path, row.line, column, f"{raw} is below the allowed minimum {minimum:g}")
    if maximum is not None and value > maximum:
        raise InputError(path, row.line, column, f"{raw} is above the allowed maximum {maximum:g}")
    return value


def code(path: Path, row: Row, column: str, prefix: str, known: set[str] | None = None, what: str = "code") -> str:
    """An ONS GSS code with the right prefix (E01 LSOA, E05 ward…), optionally from a known set."""
    raw = row.cells.get(column, "")
    if not re.fullmatch(rf"{prefix}\d{{{9 - len(prefix)}}}", raw):
        raise InputError(path, row.line, column, f"'{raw[:40]}' is not a {what} ({prefix}…, 9 characters)")
    if known is not None and raw not in known:
        raise InputError(path, row.line, column, f"{raw} is not a Stockport {what}")
    return raw


def stockport_lad(path: Path, row: Row, column: str) -> None:
    if row.cells.get(column) != STOCKPORT:
        raise InputError(
            path,
            row.line,
            column,
            f"'{row.cells.get(column, '')[:40]}' is not Stockport ({STOCKPORT}); this file must hold Stockport rows only",
        )


def unique(path: Path, rows: list[Row], key: Callable[[Row], tuple], column: str, what: str) -> None:
    seen: dict[tuple, int] = {}
    for r in rows:
        k = key(r)
        if k in seen:
            raise InputError(path, r.line, column, f"duplicate {what} {' '.join(map(str, k))} (first on row {seen[k]})")
        seen[k] = r.line
