"""Disk faults during a build as one line naming the folder, not a traceback.

A full disk, a read-only folder or a failing device is an operator's problem to fix, not a bug:
the operator needs to know which folder and what to do about it.
"""

from __future__ import annotations

import errno
from pathlib import Path

from pipeline.errors import BuildError

_ADVICE = {
    errno.ENOSPC: "no space left on the device; free some space and build again",
    errno.EDQUOT: "disk quota exceeded; free some space and build again",
    errno.EFBIG: "file size limit reached; free some space or raise the limit and build again",
    errno.EROFS: "the folder is read-only; build into a writable folder (--db) or make it writable",
    errno.EACCES: "no permission to write there; build into a writable folder (--db) or fix its permissions",
    errno.EPERM: "no permission to write there; build into a writable folder (--db) or fix its permissions",
    errno.EXDEV: "the builds folder is on another filesystem and could not be copied into",
    errno.EIO: "the device reported an input/output error; check the disk",
}
# DuckDB reports native write failures as text (in several error types); the OS message names the cause.
_DUCKDB_WORDS = {
    "no space left": errno.ENOSPC,
    "quota exceeded": errno.EDQUOT,
    "file too large": errno.EFBIG,
    "read-only file system": errno.EROFS,
    "permission denied": errno.EACCES,
    "input/output error": errno.EIO,
}


def _cause(exc: BaseException) -> int | None:
    code = getattr(exc, "errno", None)
    if code in _ADVICE:
        return code
    text = str(exc).lower()
    return next((c for words, c in _DUCKDB_WORDS.items() if words in text), None)


def is_disk_fault(exc: BaseException) -> bool:
    """Whether `exc` (an OSError, or a DuckDB error of any kind) is the disk's fault, not the data's."""
    return _cause(exc) is not None


def disk_error(exc: BaseException, folder: Path) -> BuildError:
    """The BuildError to raise for `exc`, a failure writing in `folder`."""
    reason = _ADVICE.get(_cause(exc)) or " ".join(str(getattr(exc, "strerror", None) or exc).split())[:200]
    return BuildError(f"cannot use {folder}: {reason}")
