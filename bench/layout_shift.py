"""Layout shift (CLS) of a first visit to a few pages, desktop and phone, as a browser observes it
(Lighthouse's own audit crashes on this Chromium). Target: ≤ 0.1 on every page.

    python bench/layout_shift.py [--runs 3] [--path / --path /ward_profile]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.harness import AppServer, launch_chromium, layout_shift  # noqa: E402
from pipeline.build.database import build  # noqa: E402

VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="visits per page and viewport (median)")
    parser.add_argument("--path", action="append", help="page path; default /, /ward_profile, /data_methods")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build(db)
        server = AppServer(db).start()
        try:
            with sync_playwright() as p:
                browser = launch_chromium(p)
                for path in args.path or ["/", "/ward_profile", "/data_methods"]:
                    for name, viewport in VIEWPORTS.items():
                        runs = [layout_shift(browser, server.url + path, viewport) for _ in range(args.runs)]
                        print(
                            f"{path:16} {name:8} CLS median {statistics.median(runs):.3f}  runs {[round(r, 3) for r in runs]}"
                        )
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
