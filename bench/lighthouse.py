"""Issue 18's measurement in one run (prints figures beside their targets; not a timed test).

Against one build, on this machine, side by side:
- Lighthouse 12.2.3 (desktop preset, Debian Chromium), median of N runs taken in rounds (`in_rounds`): the floor (a one-line
  Streamlit app), the stack's own costs beside it (the floor plus one Plotly chart or one deck.gl map; the
  app's frame with every page only its title), every page and an embed: first paint and Speed Index against the floor's, Total
  Blocking Time, layout shift (CLS), the performance score (and against the floor's), and where the
  main thread's time goes (the `bootup-time` and `mainthread-work-breakdown` audits' top items);
- fully drawn against the floor (bench/page_speed.py's measure, Playwright) and the ward change on
  /ward_profile;
- on the server: a warm page run per page (median, ms: rerun request → script finished over the
  websocket, bench/ws_sessions.py), 50 simultaneous sessions on the overview (p50/p95),
  sessions per second through the sample nginx config in front of 1 and 2 processes (bursts in rounds), and memory
  per extra session;
- the static export (publish/export_public.py): its index, one chart and one map view, and three of its
  embeds (publish/static_embeds.py), with Lighthouse.

Lighthouse lives outside the requirements: `cd bench/lighthouse && npm ci` (node_modules is git-ignored).
Usage: python bench/lighthouse.py [--runs 3] [--json out.json] [--skip-server] [--skip-export]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.page_speed import WS_SESSIONS, visit_ms, ward_change_ms  # noqa: E402
from devtools.harness import CHROMIUM, CHROMIUM_ARGS, AppServer, free_port, launch_chromium  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
VIEWS = {  # label → path on the app server
    "overview": "/",
    "ward profile": "/ward_profile?ward=E05015018",
    "connectivity": "/connectivity",
    "exclusion risk": "/exclusion_risk",
    "investment": "/investment",
    "inclusion": "/inclusion",
    "data and methods": "/data_methods",
    "embed (map)": "/embed?view=map&indicator=imd_score&embed=true",
}
SERVER_PAGES = {
    "overview": "",
    "ward profile": "ward_profile?ward=E05015018",
    "connectivity": "connectivity",
    "exclusion risk": "exclusion_risk",
    "investment": "investment",
    "inclusion": "inclusion",
    "data and methods": "data_methods",
    "embed (map)": "embed?view=map&indicator=imd_score&embed=true",
}
# What one element of the stack costs on its own: the floor plus one Plotly chart, or one deck.gl map,
# measured in the same run (a target a page cannot meet while it draws one of these on arrival).
STACK_FLOORS = {
    "floor + one Plotly chart": "import plotly.graph_objects as go\n"
    'st.plotly_chart(go.Figure(go.Scatter(x=[2021, 2022, 2023, 2024], y=[60, 75, 88, 95])), key="one")\n',
    "floor + one deck.gl map": "import pydeck as pdk\n"
    'st.pydeck_chart(pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", [{"p": [-2.15, 53.41]}], get_position="p", '
    "get_radius=500)], initial_view_state=pdk.ViewState(latitude=53.41, longitude=-2.15, zoom=10), map_provider=None))\n",
}
FRAME = "the app's frame: menu, ward picker, CSS (each page only its title)"


def frame_entry(folder: Path) -> Path:
    """The dashboard as it is (dashboard.py: menu, ward picker, CSS, access gate, data line) with every page
    drawing only its title: what any page costs before its own content, measured beside the floor."""
    for name in ("views", "ui", ".streamlit"):  # page paths, the icon and the config, as dashboard.py finds them
        (folder / name).symlink_to(ROOT / name)
    entry = folder / "frame.py"
    entry.write_text(
        f"""import runpy, sys
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
from streamlit.navigation.page import StreamlitPage
StreamlitPage.run = lambda page: st.title(page.title)
runpy.run_path({str(ROOT / "dashboard.py")!r}, run_name="__main__")
""",
        encoding="utf-8",
    )
    return entry


# Issue 18's targets.
TBT_MS, TBT_OVERVIEW_MS, SI_RATIO, CLS, SCORE_RATIO = 300, 150, 1.15, 0.1, 0.9
DRAWN_RATIO, DRAWN_OVERVIEW_RATIO, WARD_CHANGE_MS, RUN_MS = 2.0, 1.6, 250, 50
CROWD, CROWD_P95_MS, SCALE_RATIO, MB_PER_SESSION = 50, 3000, 1.8, 5.0
EXPORT_PAINT_MS, EXPORT_SCORE = 1000, 0.9
EMBED_PAINT_MS, EMBED_SCORE = 500, 0.95  # a static embed (issue 29)


def lighthouse(url: str, timeout: float = 180) -> dict:
    """One Lighthouse run; its figures, and the top items of where the main thread's time went."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lh.json"
        cmd = [
            str(LIGHTHOUSE),
            url,
            "--preset=desktop",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--only-categories=performance",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        ]
        # Its own process group: a run that hangs is stopped with the Chromium it started, and nothing else.
        proc = subprocess.Popen(
            cmd,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise RuntimeError(f"Lighthouse took over {timeout:.0f} s on {url}")
        if not out.exists():
            raise RuntimeError(f"Lighthouse failed on {url}: {err.decode()[-500:]}")
        report = json.loads(out.read_text())
    a = report["audits"]

    def top(audit: str, label: str, value: str, n: int = 4) -> list[tuple[str, float]]:
        items = (a.get(audit, {}).get("details") or {}).get("items", [])
        return [(str(i.get(label)), round(i.get(value, 0))) for i in sorted(items, key=lambda i: -i.get(value, 0))[:n]]

    return {
        "fcp_ms": a["first-contentful-paint"]["numericValue"],
        "si_ms": a["speed-index"]["numericValue"],
        "tbt_ms": a["total-blocking-time"]["numericValue"],
        "cls": a["cumulative-layout-shift"]["numericValue"],
        "lcp_ms": a["largest-contentful-paint"]["numericValue"],
        "score": report["categories"]["performance"]["score"] or 0.0,
        # How fast this machine ran Lighthouse's own CPU benchmark just then (higher is faster): blocking time
        # grows as it falls, while the floor's stays 0, so a slow spell lowers every page's score beside it.
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "bootup": top("bootup-time", "url", "total"),
        "mainthread": top("mainthread-work-breakdown", "groupLabel", "duration"),
    }


def in_rounds(targets: dict, runs: int, visit) -> dict[str, list]:
    """`runs` visits to each target, taken in rounds (every view once, then again), not one view's all at once.

    This machine's speed swings within minutes (Lighthouse's CPU index 545 to 2,666 in one run): visits
    taken back to back put one slow spell on all of one view's visits and none of the floor's. In rounds,
    every view's median samples the same stretch of time. Each round starts one view further on, so no
    view always follows the same one.
    """
    labels = list(targets)
    seen: dict[str, list] = {label: [] for label in labels}
    for n in range(runs):
        for label in labels[n % len(labels) :] + labels[: n % len(labels)]:
            seen[label].append(visit(targets[label]))
    return seen


def lighthouse_summary(results: list[dict]) -> dict:
    med = {k: statistics.median(r[k] for r in results) for k in ("fcp_ms", "si_ms", "tbt_ms", "cls", "lcp_ms", "score")}
    # Where the time goes: from the run whose blocking time is the median one.
    typical = sorted(results, key=lambda r: r["tbt_ms"])[len(results) // 2]
    return {**med, "bootup": typical["bootup"], "mainthread": typical["mainthread"], "runs": results}


def lighthouse_rounds(urls: dict[str, str], runs: int) -> dict[str, dict]:
    return {label: lighthouse_summary(results) for label, results in in_rounds(urls, runs, lighthouse).items()}


def ws_sessions(url: str, pid: int | None, page: str, sessions: str, reruns: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ws.json"
        cmd = [
            sys.executable,
            str(WS_SESSIONS),
            "--url",
            url,
            "--page",
            page,
            "--sessions",
            sessions,
            "--reruns",
            str(reruns),
            "--json",
            str(out),
            "--budget",
            "400",
        ]
        if pid:
            cmd += ["--pid", str(pid)]
        subprocess.run(cmd, capture_output=True, timeout=900)
        return json.loads(out.read_text()) if out.exists() else {"levels": []}


class Nginx:
    """The sample deploy/nginx-one-stockport.conf in front of the given app ports, on loopback."""

    def __init__(self, ports: list[int], folder: Path):
        self.ports, self.folder, self.proc, self.port = ports, folder, None, 0

    def start(self) -> "Nginx":
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.port = free_port()
        site = (ROOT / "deploy" / "nginx-one-stockport.conf").read_text(encoding="utf-8")
        site = site.replace("server 127.0.0.1:8501;", "".join(f"server 127.0.0.1:{p};" for p in self.ports))
        site = site.replace("server 127.0.0.1:8502;", f"server 127.0.0.1:{self.ports[0]};")
        site = site.replace("listen 127.0.0.1:8080", f"listen 127.0.0.1:{self.port}")
        site = site.replace("server_name dashboard.example;", "server_name dashboard.example 127.0.0.1;")
        f = self.folder
        (f / "logs").mkdir(parents=True, exist_ok=True)
        conf = f / "nginx.conf"
        conf.write_text(
            f"""daemon off; pid {f}/nginx.pid; error_log {f}/logs/error.log; worker_processes 1;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {f}/body; proxy_temp_path {f}/proxy;
fastcgi_temp_path {f}/fcgi; uwsgi_temp_path {f}/uwsgi; scgi_temp_path {f}/scgi;
{site} }}""",
            encoding="utf-8",
        )
        self.proc = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(f)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not start; see " + str(f / "logs" / "error.log"))

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds (user and system, every thread) these processes have used so far."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy (not idle or waiting) since boot."""
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class BehindNginx:
    """`processes` app processes behind the sample nginx config; `burst()` sends n sessions at the overview at once."""

    def __init__(self, db: Path, processes: int, tmp: Path):
        self.db, self.processes, self.folder = db, processes, tmp / f"nginx{processes}"
        self.apps: list[AppServer] = []
        self.proxy: Nginx | None = None

    def __enter__(self) -> "BehindNginx":
        try:
            self.apps = [AppServer(self.db).start() for _ in range(self.processes)]
            self.proxy = Nginx([a.port for a in self.apps], self.folder).start()
            for a in self.apps:  # warm every process (imports, caches) directly
                ws_sessions(a.url, None, "", "2", 0)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_) -> None:
        if self.proxy:
            self.proxy.stop()
        for a in self.apps:
            a.stop()

    def burst(self, n: int = 100) -> dict:
        """A hundred: with runs of ~30 ms, forty finished within 2 s and the ratio swung from 1.67 to 2.38.
        It also records the CPU the app processes used, and what the rest of the machine (the load
        generator, nginx) used meanwhile: on two cores they compete with the second app process."""
        pids = [a.proc.pid for a in self.apps]
        app_before, busy_before = cpu_seconds(pids), machine_busy_seconds()
        level = ws_sessions(f"http://127.0.0.1:{self.proxy.port}", None, "", str(n), 0)["levels"][0]
        app_cpu, busy = cpu_seconds(pids) - app_before, machine_busy_seconds() - busy_before
        return {
            **level,
            "processes": self.processes,
            "sessions_per_s": round(level["sessions"] / level["wall_s"], 2),
            "app_cpu_ms_per_session": round(1000 * app_cpu / n, 1),
            "other_cpu_ms_per_session": round(1000 * max(busy - app_cpu, 0) / n, 1),
        }


def sessions_per_second(db: Path, tmp: Path, runs: int) -> dict[str, dict]:
    """One process against two, a burst on each in turn, `runs` rounds (one burst lasts 2-3 s, so a single
    pair fell wherever the machine's speed happened to be: 1.75x to 3.13x in a day). Each figure is the
    median over its bursts; the bursts themselves are kept."""
    with BehindNginx(db, 1, tmp) as one, BehindNginx(db, 2, tmp) as two:
        bursts = in_rounds({"one_process": one, "two_processes": two}, runs, lambda setup: setup.burst())
    return {
        label: {
            **{
                k: statistics.median(b[k] for b in seen)
                for k in ("sessions_per_s", "app_cpu_ms_per_session", "other_cpu_ms_per_session")
            },
            "processes": seen[0]["processes"],
            "bursts": seen,
        }
        for label, seen in bursts.items()
    }


def export_views(db: Path, tmp: Path, runs: int) -> dict:
    """The static export served by a plain http.server: its index, one chart view, one map view and three embeds."""
    from publish.export_public import export_public

    dest = tmp / "export"
    export_public(dest, db)
    views = sorted(p.relative_to(dest).as_posix() for p in (dest / "views").glob("*.html"))
    chart = next((p for p in views if p.endswith("trend.html")), None) or views[0]
    mapped = next((p for p in views if p.endswith("map.html")), None)
    # The static embeds 'Embed this' gives when ONE_STOCKPORT_STATIC_URL is set (a ward's map, as a ward profile's).
    embeds = [
        f"embed/{name}"
        for name in ("gigabit_broadband-compare.html", "gigabit_broadband-trend.html", "imd_score-map-E05015018.html")
        if (dest / "embed" / name).exists()
    ]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(dest)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        return lighthouse_rounds(
            {
                f"export: {label}": f"http://127.0.0.1:{port}/{path}"
                for label, path in (
                    ("index", "index.html"),
                    ("a chart view", chart),
                    ("a map view", mapped),
                    *((f"embed {Path(e).stem}", e) for e in embeds),
                )
                if path
            },
            runs,
        )
    finally:
        server.terminate()
        server.wait(10)


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("PASS" if ok else "MISS")


def table(result: dict) -> str:
    lh, drawn = result["lighthouse"], result["fully_drawn_ms"]
    floor = lh.get("floor")
    rows = (
        []
        if not floor
        else [
            "| view | first paint vs floor | Speed Index vs floor (≤ 1.15) | Total Blocking Time (≤ 300 ms; overview ≤ 150) "
            "| layout shift CLS (≤ 0.1) | Lighthouse performance (≥ 0.9× floor) | fully drawn vs floor (≤ 2.0; overview ≤ 1.6) |",
            "|---|---|---|---|---|---|---|",
        ]
    )
    for label, m in lh.items():
        if label.startswith("export") or not floor:
            continue
        is_floor, tbt_target = label == "floor", TBT_OVERVIEW_MS if label == "overview" else TBT_MS
        si, score = m["si_ms"] / floor["si_ms"], m["score"] / (floor["score"] or 1)
        d = drawn.get(label, 0) / (drawn.get("floor") or 1)
        d_target = DRAWN_OVERVIEW_RATIO if label == "overview" else DRAWN_RATIO
        cell = lambda ok: "" if is_floor else f" {verdict(ok)}"  # noqa: E731
        shown_drawn = f"{d:.2f} ({drawn[label]:,.0f} ms){cell(d <= d_target)}" if label in drawn else "—"
        rows.append(
            f"| {label} | {m['fcp_ms'] / floor['fcp_ms']:.2f} ({m['fcp_ms']:.0f} ms) "
            f"| {si:.2f}{cell(si <= SI_RATIO)} | {m['tbt_ms']:,.0f} ms{cell(m['tbt_ms'] <= tbt_target)} "
            f"| {m['cls']:.3f}{cell(m['cls'] <= CLS)} | {m['score']:.2f} ({score:.2f}×){cell(score >= SCORE_RATIO)} "
            f"| {shown_drawn} |"
        )
    exports = {k: v for k, v in lh.items() if k.startswith("export")}
    if exports:
        rows += [
            "",
            "| static export view | first paint (≤ 1 s; an embed ≤ 0.5 s) | Lighthouse performance (≥ 0.9; an "
            "embed ≥ 0.95) | TBT | CLS |",
            "|---|---|---|---|---|",
        ]
        for label, m in exports.items():
            paint, score = (
                (EMBED_PAINT_MS, EMBED_SCORE) if label.startswith("export: embed") else (EXPORT_PAINT_MS, EXPORT_SCORE)
            )
            rows.append(
                f"| {label} | {m['fcp_ms']:,.0f} ms {verdict(m['fcp_ms'] <= paint)} "
                f"| {m['score']:.2f} {verdict(m['score'] >= score)} | {m['tbt_ms']:,.0f} ms | {m['cls']:.3f} |"
            )
    s = result.get("server", {})
    rows += ["", "| measure | figure | target | |", "|---|---|---|---|"]
    if change := result.get("ward_change_ms"):
        med = statistics.median(change)
        rows.append(
            f"| ward change on /ward_profile (median) | {med:,.0f} ms | ≤ {WARD_CHANGE_MS} ms | {verdict(med <= WARD_CHANGE_MS)} |"
        )
    if s.get("floor_run_ms") is not None:
        rows.append(
            f"| warm page run: floor, a one-line app (median) | {s['floor_run_ms']} ms | (Streamlit's own) | — |"
        )
    for label, ms in s.get("warm_run_ms", {}).items():
        rows.append(
            f"| warm page run: {label} (median) | {ms} ms | ≤ {RUN_MS} ms | {verdict(ms is not None and ms <= RUN_MS)} |"
        )
    if crowd := s.get("floor_crowd"):
        rows.append(
            f"| {CROWD} simultaneous sessions on the floor (a one-line app), one process | p50 "
            f"{crowd['run_ms_median']:,} ms, p95 {crowd['run_ms_p95']:,} ms, {crowd['n_errors']} errors | (Streamlit's own) | — |"
        )
    if crowd := s.get("crowd"):
        rows.append(
            f"| {CROWD} simultaneous sessions on the overview, one process | p50 {crowd['run_ms_median']:,} ms, "
            f"p95 {crowd['run_ms_p95']:,} ms, {crowd['n_errors']} errors | p95 ≤ {CROWD_P95_MS:,} ms "
            f"| {verdict(crowd['run_ms_p95'] <= CROWD_P95_MS and not crowd['n_errors'])} |"
        )
    if (one := s.get("one_process")) and (two := s.get("two_processes")):
        ratio = two["sessions_per_s"] / one["sessions_per_s"]
        rows.append(
            f"| sessions per second behind nginx, 1 → 2 processes (median of {len(one['bursts'])} bursts "
            f"each, in turn) | {one['sessions_per_s']} → "
            f"{two['sessions_per_s']} ({ratio:.2f}×) | ≥ {SCALE_RATIO}× | {verdict(ratio >= SCALE_RATIO)} |"
        )
        if "app_cpu_ms_per_session" in two:
            # Whether the app scales: its own CPU per session stays the same with a second process; the rest
            # of the machine (the load generator with its start-up, nginx) shares the same two cores.
            rows.append(
                f"| CPU per session, 1 → 2 processes: the app processes; the rest of the machine (load "
                f"generator, nginx) | {one['app_cpu_ms_per_session']} → {two['app_cpu_ms_per_session']} ms; "
                f"{one['other_cpu_ms_per_session']} → {two['other_cpu_ms_per_session']} ms | (what a session "
                f"costs) | — |"
            )
    if (mb := s.get("mb_per_session")) is not None:
        rows.append(
            f"| memory per extra session (20 sessions on the overview) | {mb} MB | ≤ {MB_PER_SESSION} MB "
            f"| {verdict(mb <= MB_PER_SESSION)} |"
        )
    return "\n".join(rows)


def where_time_goes(lh: dict) -> str:
    lines = ["", "Where the main thread's time goes (Lighthouse bootup-time by script; mainthread-work-breakdown):"]
    for label, m in lh.items():
        boot = ", ".join(f"{Path(u).name or u} {ms} ms" for u, ms in m["bootup"][:3])
        work = ", ".join(f"{g} {ms} ms" for g, ms in m["mainthread"][:4])
        lines.append(f"- {label}: scripts: {boot or '—'}; work: {work or '—'}")
    return "\n".join(lines)


def phase(result: dict, name: str, fn) -> None:
    """One part of the run; a part that fails is recorded and the rest still runs (and is saved)."""
    print(f"[{time.strftime('%H:%M:%S')}] {name}", file=sys.stderr)
    try:
        fn()
    except Exception as e:  # a benchmark reports what it could measure
        result.setdefault("errors", []).append(f"{name}: {type(e).__name__}: {e}")
        print(f"  failed: {e}", file=sys.stderr)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3, help="Lighthouse runs and browser visits per view (median)")
    p.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "lighthouse.json")
    p.add_argument("--skip-browser", action="store_true", help="not Lighthouse or the browser timings")
    p.add_argument("--skip-server", action="store_true", help="not the server figures")
    p.add_argument("--skip-export", action="store_true", help="not the static export")
    args = p.parse_args()
    if args.runs < 1:
        p.error("--runs must be at least 1 (each figure is a median of that many visits)")
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed: cd {LIGHTHOUSE.parents[2]} && npm ci")
    from playwright.sync_api import sync_playwright
    from pipeline.build.database import build

    started = time.time()
    result: dict = {
        "load_average_at_start": os.getloadavg(),
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "lighthouse": {},
        "fully_drawn_ms": {},
        "server": {},
    }
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "bench.duckdb"
        build(db)
        floor_app = tmp / "floor.py"
        floor_app.write_text('import streamlit as st\nst.title("Floor")\n')
        floor, app = AppServer(db, entry=floor_app).start(), AppServer(db).start()
        stack = {}
        for n, (label, code) in enumerate(STACK_FLOORS.items()):
            entry = tmp / f"stack{n}.py"
            entry.write_text('import streamlit as st\nst.title("Floor")\n' + code)
            stack[label] = entry
        (tmp / "frame").mkdir()
        stack[FRAME] = frame_entry(tmp / "frame")
        try:

            def browser_timings():
                with sync_playwright() as pw:
                    browser = launch_chromium(pw)
                    try:
                        visit_ms(browser, floor.url)  # warm both servers (imports, first sessions, caches)
                        for path in VIEWS.values():
                            visit_ms(browser, app.url + path)
                        urls = {"floor": floor.url, **{label: app.url + path for label, path in VIEWS.items()}}
                        result["fully_drawn_ms"] = {
                            label: statistics.median(times)
                            for label, times in in_rounds(urls, args.runs, lambda url: visit_ms(browser, url)).items()
                        }
                        result["ward_change_ms"] = ward_change_ms(browser, app.url, max(args.runs, 3))
                    finally:
                        browser.close()

            def lighthouse_all():
                # The stack's own apps all up for the whole phase (idle between their visits), so that their
                # visits go in the same rounds as the floor's and the pages'.
                stack_apps = {label: AppServer(db, entry=entry) for label, entry in stack.items()}
                try:
                    for one in stack_apps.values():
                        one.start()
                        ws_sessions(one.url, None, "", "1", 0)  # its imports done, as for the other apps
                    urls = {
                        "floor": floor.url,
                        **{label: one.url for label, one in stack_apps.items()},
                        **{label: app.url + path for label, path in VIEWS.items()},
                    }
                    result["lighthouse"].update(lighthouse_rounds(urls, args.runs))
                finally:
                    for one in stack_apps.values():
                        one.stop()

            def warm_runs():
                def median_run(server, page: str):
                    return (ws_sessions(server.url, server.proc.pid, page, "1", max(args.runs, 5))["levels"] or [{}])[
                        0
                    ].get("run_ms_median")

                # The floor's own run: what Streamlit spends on a rerun of a one-line app, below which no page goes.
                result["server"]["floor_run_ms"] = median_run(floor, "")
                result["server"]["warm_run_ms"] = {label: median_run(app, page) for label, page in SERVER_PAGES.items()}

            def memory():
                mem = ws_sessions(app.url, app.proc.pid, "", "1,20", 0)["levels"]
                result["server"]["memory_levels"] = mem
                result["server"]["mb_per_session"] = mem[-1]["per_session_mb"] if mem else None

            if not args.skip_browser:
                phase(result, "fully drawn and ward change (Playwright)", browser_timings)
                phase(result, "Lighthouse", lighthouse_all)
            if not args.skip_server:
                phase(result, "warm page runs", warm_runs)
                phase(result, "memory per session", memory)
        finally:
            app.stop()
            floor.stop()
        if not args.skip_server:

            def crowd():
                # The same crowd on the one-line app first: what one Streamlit process does with it at best.
                for name, entry in (("floor_crowd", floor_app), ("crowd", None)):
                    crowd_app = AppServer(db, entry=entry).start() if entry else AppServer(db).start()
                    try:
                        ws_sessions(crowd_app.url, None, "", "1", 0)
                        result["server"][name] = ws_sessions(crowd_app.url, crowd_app.proc.pid, "", str(CROWD), 0)[
                            "levels"
                        ][0]
                    finally:
                        crowd_app.stop()

            def scale():
                result["server"].update(sessions_per_second(db, tmp, max(args.runs, 5)))

            phase(result, f"{CROWD} sessions at once", crowd)
            phase(result, "1 and 2 processes behind nginx", scale)
        if not args.skip_export:
            phase(result, "static export", lambda: result["lighthouse"].update(export_views(db, tmp, args.runs)))
    result["load_average_at_end"] = os.getloadavg()
    result["minutes"] = round((time.time() - started) / 60, 1)
    speeds = [
        r["benchmark_index"]
        for v in result["lighthouse"].values()
        for r in v.get("runs", [])
        if r.get("benchmark_index")
    ]
    result["benchmark_index"] = statistics.median(speeds) if speeds else None
    print(
        f"Lighthouse 12.2.3, desktop preset, median of {args.runs}; {os.cpu_count()} cores; load average "
        f"{', '.join(f'{x:.2f}' for x in result['load_average_at_start'])} at the start, "
        f"{', '.join(f'{x:.2f}' for x in result['load_average_at_end'])} at the end ({result['minutes']} min)"
        + (
            f"; Lighthouse's CPU benchmark index {result['benchmark_index']:.0f} (runs {min(speeds):.0f}–{max(speeds):.0f})"
            if speeds
            else ""
        )
        + "\n"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, default=str))
    print(table(result))
    print(where_time_goes(result["lighthouse"]))
    for error in result.get("errors", []):
        print(f"NOT MEASURED: {error}")
    print(f"\nSaved {args.json}")


if __name__ == "__main__":
    main()
