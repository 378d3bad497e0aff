"""Uploads only from sessions the access gate let in.

Streamlit takes a file at PUT /_stcore/upload_file/<session>/<file> from any live session, whether or
not its page let that session in: a visitor at the sign-in screen, or a page reached under a foreign
Host name (DNS rebinding), could still push files into the server's memory. So require_access records
each session it admits (ui/access.py) and forgets any it refuses, and this guard answers 403 to an
upload for any other session, before the body is read.

Why a patch: Streamlit has no hook for who may upload (its route checks only that the session is live,
streamlit/streamlit#2418; server-side upload rules, streamlit/streamlit#7024, are still open), and the
documented deployment signs officers in inside the app (st.login), not at the proxy. What stays is one
method: Streamlit 1.67's upload route calls Runtime.is_active_session right after the XSRF check and
before reading the body (nothing else calls it), so the guard wraps that method on the running Runtime.
Canary: tests/views/test_upload_guard.py fails if the route stops asking first. A public server needs
none of this: it starts with uploads closed (server.maxUploadSize 0) and never opens them.
"""

from __future__ import annotations

import threading
from starlette.exceptions import HTTPException
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

REFUSAL = "This session has not been let in by the dashboard, so it may not upload files."

_admitted: set[str] = set()
_lock = threading.Lock()
_installed: list[Runtime] = []  # the Runtime the guard wraps (one per server process)


def _session_id() -> str | None:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else None


def admit() -> None:
    """The running session passed the gate: it may upload. Sessions that have ended are dropped here."""
    session = _session_id()
    if session is None:
        return
    with _lock:
        _admitted.add(session)
        if _installed:
            still_open = _installed[0].is_active_session.__wrapped__  # type: ignore[attr-defined]
            _admitted.intersection_update({s for s in _admitted if still_open(s)})


def refuse() -> None:
    """The running session was refused (or signed out): it may no longer upload."""
    session = _session_id()
    if session is not None:
        with _lock:
            _admitted.discard(session)


def admitted(session_id: str) -> bool:
    with _lock:
        return session_id in _admitted


def install() -> None:
    """Put the guard in front of this server's uploads, once; nothing to do without a server (AppTest)."""
    if not Runtime.exists():
        return
    runtime = Runtime.instance()
    with _lock:
        if _installed and _installed[0] is runtime:
            return
        _installed[:] = [runtime]
    is_open = runtime.is_active_session

    def is_active_session(session_id: str) -> bool:
        if not is_open(session_id):
            return False  # Streamlit's own answer for an unknown session (400)
        if not admitted(session_id):
            raise HTTPException(status_code=403, detail=REFUSAL)
        return True

    is_active_session.__wrapped__ = is_open  # type: ignore[attr-defined]
    runtime.is_active_session = is_active_session  # type: ignore[method-assign]
