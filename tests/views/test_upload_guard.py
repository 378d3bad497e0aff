"""The upload guard (ui/upload_guard.py) wraps one method of Streamlit's running server, because Streamlit
has no hook for who may upload. This canary fails when a Streamlit upgrade moves what the guard wraps."""

from __future__ import annotations

import inspect

from streamlit.runtime import Runtime
from streamlit.web.server.starlette import starlette_routes


def test_streamlits_upload_route_still_asks_is_active_session_before_reading_or_storing_the_body():
    source = inspect.getsource(starlette_routes.create_upload_routes)
    asks, reads, stores = (
        source.index(s) for s in ("runtime.is_active_session(session_id)", "request.stream()", "upload_mgr.add_file(")
    )
    assert asks < reads < stores
    assert callable(Runtime.is_active_session)
