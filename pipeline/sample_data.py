"""The clearly labelled SAMPLE of programme activity, generated deterministically.

Used only until the council loads its own inclusion register; every row has status 'sample'.
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from . import paths
from .registry import STOCKPORT

QUARTERS = ["2025-01", "2025-04", "2025-07", "2025-10", "2026-01", "2026-04", "2026-07"]
HEADER = ["indicator_id", "area_code", "period", "value", "unit", "lci_95", "uci_95", "status", "note", "source_id"]


def _wards(data_dir: Path) -> list[str]:
    with open(paths.default_dir(data_dir) / "areas.csv", encoding="utf-8") as f:
        return sorted(r["code"] for r in csv.DictReader(f) if r["type"] == "ward" and r["current"] == "true")


def _pseudo(seed: str) -> float:
    """A stable number in [0, 1) from text: same input, same sample, on any machine."""
    return int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16) / 0x100000000


def sample_rows(wards: list[str]) -> list[dict]:
    rows, totals = [], {q: 0 for q in QUARTERS}
    for ward in wards:
        base = 20 + int(60 * _pseudo(ward))
        for n, quarter in enumerate(QUARTERS):
            value = base + int(n * 3 * _pseudo(ward + "trend")) + int(10 * _pseudo(ward + quarter))
            totals[quarter] += value
            rows.append({"area_code": ward, "period": quarter, "value": value})
    rows += [{"area_code": STOCKPORT, "period": q, "value": v} for q, v in totals.items()]
    return [dict(r, indicator_id="inclusion_residents_supported", unit="residents", lci_95="", uci_95="",
                 status="sample", note="SAMPLE: not real programme data", source_id="sample_inclusion_activity")
            for r in rows]


def write_sample(data_dir: Path = paths.DATA_DIR) -> Path:
    path = data_dir / "sample_inclusion_activity.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sample_rows(_wards(data_dir)))
    return path
