#!/usr/bin/env python3
"""Browser-free load probe of a running One Stockport server, on loopback only.

Usage: python bench/ws_sessions.py --url http://127.0.0.1:PORT [--pid PID] [--page "" --page connectivity]
       [--sessions 1,5,20,100] [--reruns 2] [--json OUT.json] [--budget SECONDS]

Each simulated reader opens Streamlit's websocket (/_stcore/stream, subprotocol "streamlit"), asks for a
run of a page as the browser does (BackMsg.rerun_script with the page name and query string) and reads
until the run finishes; then asks for --reruns more runs on the same session and keeps the socket open
until every reader is done, so N sessions are alive at once. Per level it reports wall time, run
latency (median, p95, max) and, with --pid, the server's memory before, held, at peak and after.
Bounded: at most 200 sessions a level, 120 s a level, --budget seconds in all. bench/lighthouse.py and
bench/page_speed.py start the servers and call this.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path


def rss_kb(pid: int) -> int | None:
    """The process's resident memory, from /proc (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


async def one_user(url: str, page: str, query: str, reruns: int, hold: asyncio.Event, lat: list, errs: list):
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    try:
        async with websockets.connect(
            url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"], max_size=None, open_timeout=30
        ) as ws:
            for _ in range(1 + reruns):
                bm = BackMsg()
                bm.rerun_script.query_string = query
                bm.rerun_script.page_name = page
                t0 = time.perf_counter()
                await ws.send(bm.SerializeToString())
                while True:
                    fm = ForwardMsg()
                    fm.ParseFromString(await asyncio.wait_for(ws.recv(), 60))
                    kind = fm.WhichOneof("type")
                    if (
                        kind == "delta"
                        and fm.delta.WhichOneof("type") == "new_element"
                        and fm.delta.new_element.WhichOneof("type") == "exception"
                    ):
                        errs.append("script exception: " + fm.delta.new_element.exception.message[:200])
                    if kind == "script_finished":
                        break
                lat.append(time.perf_counter() - t0)
            await hold.wait()  # keep the session alive until all users are done
    except Exception as e:
        errs.append(f"{type(e).__name__}: {e}")


async def level(url: str, pid: int | None, n: int, pages: list[tuple[str, str]], reruns: int) -> dict:
    hold, lat, errs = asyncio.Event(), [], []
    before = rss_kb(pid) if pid else None
    peak = before or 0
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(one_user(url, *pages[i % len(pages)], reruns, hold, lat, errs)) for i in range(n)]
    while len(lat) + len(errs) < n * (1 + reruns) and time.perf_counter() - t0 < 120:
        await asyncio.sleep(0.05)
        if pid:
            peak = max(peak, rss_kb(pid) or 0)
    wall = time.perf_counter() - t0
    held = rss_kb(pid) if pid else None
    hold.set()
    await asyncio.gather(*tasks)
    await asyncio.sleep(2)
    after = rss_kb(pid) if pid else None
    lat.sort()
    mb = lambda k: round(k / 1024, 1) if k else None  # noqa: E731
    return {
        "sessions": n,
        "runs": len(lat),
        "errors": errs[:5],
        "n_errors": len(errs),
        "wall_s": round(wall, 2),
        "run_ms_median": round(statistics.median(lat) * 1000) if lat else None,
        "run_ms_p95": round(lat[int(0.95 * (len(lat) - 1))] * 1000) if lat else None,
        "run_ms_max": round(lat[-1] * 1000) if lat else None,
        "rss_mb_before": mb(before),
        "rss_mb_held": mb(held),
        "rss_mb_peak": mb(peak),
        "rss_mb_after": mb(after),
        "per_session_mb": round((held - before) / 1024 / n, 2) if before and held else None,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Browser-free load probe of a running server (loopback only)")
    ap.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8501")
    ap.add_argument("--pid", type=int, help="the server's process, to read its memory")
    ap.add_argument("--page", action="append", default=[], help='PAGE[?QUERY]; "" is the default page')
    ap.add_argument("--sessions", default="1,5,20,100")
    ap.add_argument("--reruns", type=int, default=2)
    ap.add_argument("--budget", type=float, default=300)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    if not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        ap.error("--url must be a loopback address: this probe loads only this machine's servers")
    pages = [(p.partition("?")[0], p.partition("?")[2]) for p in (args.page or [""])]
    url, pid, out = args.url.rstrip("/"), args.pid, {"levels": []}
    try:
        out["rss_mb_idle"] = round((rss_kb(pid) or 0) / 1024, 1) if pid else None
        asyncio.run(level(url, pid, 1, pages, 0))  # warm-up: imports, caches
        out["rss_mb_after_warmup"] = round((rss_kb(pid) or 0) / 1024, 1) if pid else None
        print(f"server RSS idle {out['rss_mb_idle']} MB, after one warm-up session {out['rss_mb_after_warmup']} MB")
        deadline = time.monotonic() + args.budget
        for n in [min(200, int(x)) for x in args.sessions.split(",")]:
            if time.monotonic() > deadline:
                out["stopped"] = "budget exhausted"
                break
            rec = asyncio.run(level(url, pid, n, pages, args.reruns))
            out["levels"].append(rec)
            print(json.dumps(rec))
    finally:
        if args.json:
            Path(args.json).write_text(json.dumps(out, indent=2))
    return 1 if any(lv["n_errors"] for lv in out["levels"]) else 0


if __name__ == "__main__":
    sys.exit(main())
