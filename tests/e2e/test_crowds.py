"""A crowd on one process (issue 14, Crowds): every visitor's page loads, and those who wait are told so."""

from __future__ import annotations

import asyncio
import os

import pytest

from devtools.harness import AppServer

pytestmark = pytest.mark.serial  # forty-eight sessions on a server of its own: one crowd at a time

BUSY = "The dashboard is busy"


async def _visit(url: str) -> dict:
    """One visitor's websocket session on the overview: the notices it was shown, and whether it finished."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    seen = {"busy": False, "finished": False, "exception": None}
    async with websockets.connect(
        url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"], max_size=None, open_timeout=60
    ) as ws:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        rerun.rerun_script.page_name = ""
        await ws.send(rerun.SerializeToString())
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(ws.recv(), 180))
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                if element.WhichOneof("type") == "alert" and BUSY in element.alert.body:
                    seen["busy"] = True
                if element.WhichOneof("type") == "exception":
                    seen["exception"] = element.exception.message
            if msg.WhichOneof("type") == "script_finished":
                seen["finished"] = True
                return seen


def _crowd(url: str, n: int) -> list:
    """N visitors at once. Run on a thread of its own: Playwright's sync API may own this thread's loop."""
    from concurrent.futures import ThreadPoolExecutor

    async def together():
        return await asyncio.gather(*[_visit(url) for _ in range(n)], return_exceptions=True)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, together()).result()


def test_a_crowd_beyond_the_run_limit_queues_with_a_busy_notice_and_every_page_loads(e2e_db):
    os.environ["ONE_STOCKPORT_MAX_CONCURRENT_RUNS"] = "1"
    try:
        app = AppServer(e2e_db).start()
    finally:
        del os.environ["ONE_STOCKPORT_MAX_CONCURRENT_RUNS"]
    try:
        _crowd(app.url, 1)  # warm the caches, as a server that has been up a while
        # Forty-eight at once, so the later ones wait past the 0.2 s grace even when warm runs are quick: with
        # sixteen, once (a full run from a fresh clone), every visitor had its turn within the grace.
        visits = _crowd(app.url, 48)
    finally:
        app.stop()
    assert all(isinstance(v, dict) and v["finished"] and not v["exception"] for v in visits), visits
    assert any(v["busy"] for v in visits)  # one run at a time: the rest were told they were queued
