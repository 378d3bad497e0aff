"""Text cells that a spreadsheet would run as formulas, made inert in every CSV people download.

A partner named `=HYPERLINK("http://evil", "Library")` in the register, or a note beginning `@SUM(`,
would run when an officer opens a download in Excel or LibreOffice (CSV injection). Following OWASP's
guidance, a text cell beginning with `=`, `+`, `-`, `@`, `|` (DDE), tab or carriage return is written
with a leading apostrophe, which spreadsheets read as "this is text" and do not show. Spreadsheets
skip leading spaces and read full-width forms (`＝`, `＋`, `－`, `＠`) as the ASCII signs, so the first
visible character is judged after NFKC normalisation. Numbers, including
negative numbers and plain numeric text such as "-3.5", stay numbers. `restore` undoes it exactly,
for files the product reads back (register versions): a cell that already began with apostrophes
before a trigger gains one more, so every value round-trips.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pandas as pd

# Control characters that start a formula cell as they are; the signs count after leading spaces.
CONTROL_TRIGGERS = ("\t", "\r")
SIGN_TRIGGERS = ("=", "+", "-", "@", "|")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _formula_like(text: str) -> bool:
    if text.startswith(CONTROL_TRIGGERS):
        return True
    shown = unicodedata.normalize("NFKC", text).lstrip()
    return shown.startswith(SIGN_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(shown)


def neutralise_cell(value: Any) -> Any:
    """The value as it should be written to a CSV cell."""
    if isinstance(value, str) and _formula_like(value.lstrip("'")):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """The original value of a cell written by `neutralise_cell`."""
    if value.startswith("'") and _formula_like(value.lstrip("'")):
        return value[1:]
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell (and text column name) safe to open in a spreadsheet."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = pd.Series([neutralise_cell(v) for v in out[column]], index=out.index, dtype=object)
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The one way the product turns a table into a downloadable CSV. Lines end in CRLF (RFC 4180),
    which also makes the writer quote a cell holding a lone carriage return: with "\n" endings it
    would leave it bare, and a spreadsheet would break the row there."""
    return neutralise(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8")
