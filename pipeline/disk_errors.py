"""Disk faults during a build as one line naming the folder, not a traceback.

A full disk, a read-only folder or a failing device is an operator's problem to fix, not a bug:
the operator needs to know which folder and what to do about it.
"""
from __future__ import annotations

import errno
from pathlib import Path

from .errors import BuildError

_ADVICE = {
    errno.ENOSPC: "no space left on the device; free some space and build again",
    errno.EDQUOT: "disk quota exceeded; free some space and build again",
    errno.EFBIG: "file size limit reached; free some space or raise the limit and build again",
    errno.EROFS: "the folder is read-only; build into a writable folder (--db) or make it writable",
    errno.EACCES: "no permission to write there; build into a writable folder (--db) or fix its permissions",
    errno.EPERM: "no permission to write there; build into a writable folder (--db) or fix its permissions",
    errno.EXDEV: "the builds folder is on another filesystem and could not be copied into",
}
# DuckDB reports native write failures as text; the OS message identifies the cause.
_DUCKDB_WORDS = {
    "no space left": errno.ENOSPC, "quota exceeded": errno.EDQUOT, "file too large": errno.EFBIG,
    "read-only file system": errno.EROFS, "permission denied": errno.EACCES,
}


def disk_error(exc: BaseException, folder: Path) -> BuildError:
    """The BuildError to raise for `exc`, a failure writing in `folder`."""
    code = getattr(exc, "errno", None)
    if code not in _ADVICE:
        text = str(exc).lower()
        code = next((c for words, c in _DUCKDB_WORDS.items() if words in text), code)
    reason = _ADVICE.get(code) or " ".join(str(getattr(exc, "strerror", None) or exc).split())[:200]
    return BuildError(f"cannot write the database in {folder}: {reason}")
