"""Server and theme settings measured by bench/lighthouse.py (issue 18): messages leave at once
(ui/nodelay.py), no full garbage collection after every run, and a small bottom inset on the main block
(.streamlit/config.toml)."""

from __future__ import annotations

import asyncio
import asyncio.base_events
import socket
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit.web.server.starlette.starlette_server import _bind_socket

from ui import nodelay

ROOT = Path(__file__).resolve().parents[2]


def accepted_nodelay() -> int:
    """TCP_NODELAY on the server's side of a connection to a listener bound as Streamlit binds it."""

    async def probe() -> int:
        listener = _bind_socket("127.0.0.1", 0, 8)  # Streamlit's own binding: protocol number 0
        seen: asyncio.Future = asyncio.get_running_loop().create_future()

        def accepted(reader, writer):
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(accepted, sock=listener)
        async with server:
            _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
            value = await asyncio.wait_for(seen, 10)
            writer.close()
        return value

    # On a thread of its own: the browser tests' Playwright keeps an event loop running on this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, probe()).result(timeout=30)


@pytest.fixture()
def asyncio_as_shipped(monkeypatch):
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", nodelay._asyncio_set_nodelay)


def test_streamlits_listener_leaves_nagle_on_for_every_connection_without_the_fix(asyncio_as_shipped):
    assert not accepted_nodelay(), "if this Python or Streamlit now sets it, ui/nodelay.py can go"


def test_after_install_every_accepted_connection_sends_at_once(asyncio_as_shipped):
    nodelay.install()
    assert nodelay.installed()
    assert accepted_nodelay() == 1


def test_unix_sockets_and_closed_sockets_are_left_alone():
    left, right = socket.socketpair()
    nodelay.set_nodelay(left)  # no TCP here: nothing to set, and no error
    closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    closed.close()
    with pytest.raises(OSError):
        closed.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    nodelay.set_nodelay(closed)  # closing as it is accepted: no error either
    left.close(), right.close()


def test_the_dashboard_installs_it_when_it_runs(make_app, default_db, asyncio_as_shipped):
    assert not nodelay.installed()
    at = make_app(default_db).run()
    assert not at.exception and nodelay.installed()


def test_streamlit_does_not_collect_all_garbage_after_every_run():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False


def test_the_main_blocks_bottom_inset_is_small_so_streamlits_centred_start_barely_shifts():
    """Streamlit draws the empty main block centred, then moves it for the wide layout: its bottom inset is
    most of what moves (bench/lighthouse.py measures the layout shift)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    inset = config["theme"]["paddingBottom"]
    assert inset.endswith("rem") and float(inset[:-3]) <= 2
