"""Every connection the server accepts sends small messages at once (TCP_NODELAY).

Streamlit binds its listening socket itself and leaves its protocol number at 0; accepted sockets
inherit that, and asyncio turns Nagle's algorithm off only for sockets that say IPPROTO_TCP (the same
bug as uvicorn#3149). With Nagle on, a run's first message leaves and the rest wait for the browser's
delayed acknowledgement: 40 ms added to every run on Linux, most of a one-line app's rerun
(bench/lighthouse.py, "warm page run").

Installed when the app first runs, so it covers every connection accepted after that: only the one
that started the process's first run keeps Nagle until it reconnects.

Why a patch: no setting of Streamlit's sets socket options, and a proxy in front does not help (its
connection to Streamlit is the one with Nagle on). Upstream: Kludex/uvicorn#3149 (open; the fix,
passing IPPROTO_TCP at bind, is proposed there); no Streamlit issue yet. Canary:
tests/views/test_server_tuning.py fails once the pinned Streamlit or Python sets it, so this can go.
"""

from __future__ import annotations

import asyncio.base_events
import socket

_asyncio_set_nodelay = asyncio.base_events._set_nodelay


def set_nodelay(sock: socket.socket) -> None:
    """asyncio's own rule, without requiring the protocol number to be spelt out."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # a socket closing as it is accepted: nothing to send on it
            pass


def install() -> None:
    """asyncio's transports look this function up on each accepted connection."""
    asyncio.base_events._set_nodelay = set_nodelay


def installed() -> bool:
    return asyncio.base_events._set_nodelay is set_nodelay
