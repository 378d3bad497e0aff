"""The upload guard (ui/upload_guard.py) wraps two methods of Streamlit's running server, because Streamlit
has no hook for who may upload. These canaries fail when a Streamlit upgrade moves what the guard wraps."""
from __future__ import annotations

import inspect

from streamlit.runtime import Runtime
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.web.server.starlette import starlette_routes


def test_streamlits_upload_route_still_asks_is_active_session_before_reading_the_body_and_stores_through_add_file():
    source = inspect.getsource(starlette_routes.create_upload_routes)
    asks, reads, stores = (source.index(s) for s in ("runtime.is_active_session(session_id)", "request.stream()",
                                                      "upload_mgr.add_file("))
    assert asks < reads < stores
    assert callable(Runtime.is_active_session) and callable(MemoryUploadedFileManager.add_file)
